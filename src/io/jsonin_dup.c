/*
 * jsonin_dup.c — finding a key repeated within one JSON object.
 *
 * cJSON keeps every member of an object, repeats included, so a repeat has to
 * be looked for.  The walk is iterative, with a bounded stack; small objects
 * are checked pairwise, larger ones through a small hash table.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "jsonin.h"

/* Objects with at most this many members are checked pairwise. */
#define DUP_PAIRWISE_MAX 8
/* Hash slots kept on the C stack; larger objects allocate. */
#define DUP_STACK_SLOTS 256

typedef struct dup_key {
    const char *text;
    size_t len;
    uint32_t hash;
} dup_key;

typedef struct dup_slot {
    const cJSON *member;   /* NULL: empty */
    dup_key key;
} dup_slot;

/* One object or array on the walk. */
typedef struct dup_frame {
    const cJSON *node;
    const cJSON *next;     /* the child to visit next */
    const cJSON *current;  /* the child being visited (for the path) */
    size_t current_index;
    const cJSON *repeat;   /* object: its first member whose key repeats */
} dup_frame;

static dup_key dup_key_of(const cJSON *member)
{
    dup_key k = {member->string ? member->string : "", 0, 2166136261u};  /* FNV-1a */
    const unsigned char *p = (const unsigned char *)k.text;
    while (p[k.len]) {
        k.hash = (k.hash ^ p[k.len]) * 16777619u;
        k.len++;
    }
    return k;
}

static bool dup_key_equal(const dup_key *a, const dup_key *b)
{
    return a->len == b->len && a->hash == b->hash && memcmp(a->text, b->text, a->len) == 0;
}

/* Pairwise: fine while the object is small. */
static const cJSON *dup_repeat_pairwise(const cJSON *obj)
{
    dup_key seen[DUP_PAIRWISE_MAX];
    int n = 0;
    for (const cJSON *m = obj->child; m; m = m->next) {
        dup_key k = dup_key_of(m);
        for (int i = 0; i < n; i++)
            if (dup_key_equal(&seen[i], &k))
                return m;
        seen[n++] = k;
    }
    return NULL;
}

/* Through an open-addressing table of `nslots` (a power of two, at least
 * twice the members). */
static const cJSON *dup_repeat_hashed(const cJSON *obj, dup_slot *slots, size_t nslots)
{
    memset(slots, 0, nslots * sizeof *slots);
    for (const cJSON *m = obj->child; m; m = m->next) {
        dup_key k = dup_key_of(m);
        size_t i = k.hash & (nslots - 1);
        while (slots[i].member) {
            if (dup_key_equal(&slots[i].key, &k))
                return m;
            i = (i + 1) & (nslots - 1);
        }
        slots[i].member = m;
        slots[i].key = k;
    }
    return NULL;
}

/* The first member of obj (in order) whose key an earlier member has. */
static const cJSON *dup_first_repeat(const cJSON *obj)
{
    size_t n = 0;
    for (const cJSON *m = obj->child; m; m = m->next)
        n++;
    if (n < 2)
        return NULL;
    if (n <= DUP_PAIRWISE_MAX)
        return dup_repeat_pairwise(obj);
    size_t nslots = 32;
    while (nslots < 2 * n)
        nslots *= 2;
    if (nslots <= DUP_STACK_SLOTS) {
        dup_slot slots[DUP_STACK_SLOTS];
        return dup_repeat_hashed(obj, slots, nslots);
    }
    dup_slot *slots = malloc(nslots * sizeof *slots);
    if (!slots) {                           /* slow but still right */
        for (const cJSON *m = obj->child->next; m; m = m->next)
            for (const cJSON *o = obj->child; o != m; o = o->next)
                if (strcmp(m->string ? m->string : "", o->string ? o->string : "") == 0)
                    return m;
        return NULL;
    }
    const cJSON *found = dup_repeat_hashed(obj, slots, nslots);
    free(slots);
    return found;
}

/* ---- the path ------------------------------------------------------------- */

typedef struct path_out {
    char *buf;
    size_t cap, len;   /* writes stop at cap - 1; buf stays terminated */
} path_out;

static void path_put(path_out *o, const char *s, size_t n)
{
    if (o->cap == 0)
        return;
    size_t room = o->cap - 1 - o->len;
    if (n > room)
        n = room;
    memcpy(o->buf + o->len, s, n);
    o->len += n;
    o->buf[o->len] = '\0';
}

static bool path_key_is_plain(const char *key)
{
    if (!*key)
        return false;
    for (const unsigned char *p = (const unsigned char *)key; *p; p++)
        if (!(*p >= 0x80 || *p == '_' || *p == '-' || (*p >= '0' && *p <= '9') ||
              ((*p | 0x20) >= 'a' && (*p | 0x20) <= 'z')))
            return false;
    return true;
}

/* ".key", or `["odd key"]` (JSON-escaped) when the key is empty or holds
 * anything but letters, digits, '_', '-' and non-ASCII text. */
static void path_put_key(path_out *o, const char *key, bool first)
{
    key = key ? key : "";
    if (path_key_is_plain(key)) {
        if (!first)
            path_put(o, ".", 1);
        path_put(o, key, strlen(key));
        return;
    }
    path_put(o, "[\"", 2);
    for (const unsigned char *p = (const unsigned char *)key; *p; p++) {
        char esc[8];
        if (*p == '"' || *p == '\\') {
            esc[0] = '\\';
            esc[1] = (char)*p;
            path_put(o, esc, 2);
        } else if (*p < 0x20) {
            static const char hex[] = "0123456789abcdef";
            memcpy(esc, "\\u00", 4);
            esc[4] = hex[*p >> 4];
            esc[5] = hex[*p & 15];
            path_put(o, esc, 6);
        } else {
            path_put(o, (const char *)p, 1);
        }
    }
    path_put(o, "\"]", 2);
}

static void path_put_index(path_out *o, size_t index)
{
    char tmp[32];
    int n = snprintf(tmp, sizeof tmp, "[%zu]", index + 1); /* counted from 1, as in every record message */
    path_put(o, tmp, (size_t)n);
}

static void dup_write_path(const dup_frame *stack, int top, const char *key, char *buf, size_t cap)
{
    path_out o = {buf, cap, 0};
    if (cap)
        buf[0] = '\0';
    for (int i = 0; i < top; i++) {
        if (cJSON_IsObject(stack[i].node))
            path_put_key(&o, stack[i].current->string, o.len == 0);
        else
            path_put_index(&o, stack[i].current_index);
    }
    path_put_key(&o, key, o.len == 0);
}

/* ---- the walk ---------------------------------------------------------------- */

static void dup_frame_enter(dup_frame *f, const cJSON *node)
{
    f->node = node;
    f->next = node->child;
    f->current = NULL;
    f->current_index = (size_t)-1;
    f->repeat = cJSON_IsObject(node) ? dup_first_repeat(node) : NULL;
}

/* Depth-first in document order, so the repeat reported is the first one in
 * the text.  Containers nested deeper than JSONIN_MAX_DEPTH (which the reader
 * never hands out) are not looked into. */
bool jsonin_find_duplicate(const cJSON *item, char *path, size_t cap)
{
    dup_frame stack[JSONIN_MAX_DEPTH];
    int top = 0;
    if (cap)
        path[0] = '\0';
    if (!item || !(cJSON_IsObject(item) || cJSON_IsArray(item)))
        return false;
    dup_frame_enter(&stack[0], item);
    while (top >= 0) {
        dup_frame *f = &stack[top];
        const cJSON *child = f->next;
        if (!child) {
            top--;
            continue;
        }
        if (child == f->repeat) {
            dup_write_path(stack, top, child->string, path, cap);
            return true;
        }
        f->current = child;
        f->current_index++;
        f->next = child->next;
        if ((cJSON_IsObject(child) || cJSON_IsArray(child)) && child->child &&
            top + 1 < JSONIN_MAX_DEPTH)
            dup_frame_enter(&stack[++top], child);
    }
    return false;
}
