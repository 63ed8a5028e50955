/*
 * input.c — a record's JSON text to input slots, in one pass (input.h).
 *
 * A recursive descent over the record's bytes, directed by the schema: each
 * object is read as the fields of its group — the field after the last one
 * matched is tried first, since records list their members in the schema's
 * order, then the group's name table —, and each value is converted as it
 * is met and written into its slot (or into the record value of a list
 * entry).  Syntax and UTF-8 are checked by jsonin_scan's token checks, and a
 * byte out of place is described by its messages, so a fault reads the same
 * as where jsonin's scanner finds it.  Members the schema does not name are
 * checked and skipped; their keys, and those of every object inside them,
 * go into one hash table per record, so repeats are found in linear time.
 *
 * Errors of fields keep their place in the schema (child indices and list
 * positions), and the first eight in the schema's order make the message,
 * whatever order the members come in.
 */
#include "input.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "dates.h"
#include "eval.h"
#include "jsonin.h"
#include "jsonin_scan.h"

#define ERR_SHOWN 8          /* errors written into a record's message */

/* ---- name tables ------------------------------------------------------------- */

typedef struct name_table {
    uint32_t cap;      /* power of two */
    int32_t *slots;    /* child index + 1, 0 empty */
    uint32_t *lens;    /* [nchildren] length of each child's name */
    bool field_bounds; /* some record-level field below has a bound that is
                          not a plain value (checked once all are read) */
} name_table;

static bool bound_names_fields(const pnode *b) { return b && b->op != P_CONST; }

static uint32_t hash_bytes(const char *s, size_t n)
{
    uint32_t h = 2166136261u;
    for (size_t i = 0; i < n; i++) h = (h ^ (unsigned char)s[i]) * 16777619u;
    return h;
}

static void prepare_field(arena *A, in_field *f)
{
    if (!f->nchildren) return;
    name_table *t = arena_zalloc(A, sizeof *t);
    t->cap = 8;
    while (t->cap < 2u * (uint32_t)f->nchildren) t->cap *= 2;
    t->slots = arena_zalloc(A, (size_t)t->cap * sizeof *t->slots);
    t->lens = arena_zalloc(A, (size_t)f->nchildren * sizeof *t->lens);
    for (int i = 0; i < f->nchildren; i++) {
        size_t len = strlen(f->children[i].name);
        t->lens[i] = (uint32_t)len;
        uint32_t j = hash_bytes(f->children[i].name, len) & (t->cap - 1);
        while (t->slots[j]) j = (j + 1) & (t->cap - 1);
        t->slots[j] = i + 1;
        const in_field *c = &f->children[i];
        prepare_field(A, &f->children[i]);
        if (c->is_group ? c->names && c->names->field_bounds
                        : c->slot >= 0 && (bound_names_fields(c->min) || bound_names_fields(c->max)))
            t->field_bounds = true;
    }
    f->names = t;
}

void input_prepare(plan *pl) { prepare_field(pl->A, &pl->input); }

/* A member key as the reader holds it: its text unescaped (pointing into
 * the record when it has no escape). */
typedef struct member_key {
    const char *text;
    uint32_t len;
    uint32_t hash;
    bool hashed;
} member_key;

static uint32_t key_hash(member_key *k)
{
    if (!k->hashed) {
        k->hash = hash_bytes(k->text, k->len);
        k->hashed = true;
    }
    return k->hash;
}

/* The child of g named k: the one after the last match first. */
static int match_child(const in_field *g, member_key *k, int next)
{
    const name_table *t = g->names;
    if (!t) return -1;
    if (next < g->nchildren && t->lens[next] == k->len && memcmp(g->children[next].name, k->text, k->len) == 0)
        return next;
    uint32_t j = key_hash(k) & (t->cap - 1);
    while (t->slots[j]) {
        int i = t->slots[j] - 1;
        if (t->lens[i] == k->len && memcmp(g->children[i].name, k->text, k->len) == 0) return i;
        j = (j + 1) & (t->cap - 1);
    }
    return -1;
}

/* ---- paths --------------------------------------------------------------------- */

typedef enum seg_kind {
    SEG_NAME,   /* a field, or a member at a level the schema describes: "pay.base" */
    SEG_ENTRY,  /* a list entry: "[2]" (counted from 1) */
    SEG_KEY     /* a member inside a value the schema does not describe:
                   ".key", or ["odd key"] when it is not plain */
} seg_kind;

/* Where a value is, as a chain up to the record; rendered only when a
 * message needs it. */
typedef struct pathseg {
    const struct pathseg *up;
    uint8_t kind;
    uint32_t order;     /* SEG_NAME of a field: its child index; SEG_ENTRY:
                           its index (errors are put in this order) */
    const char *name;
    uint32_t len;
} pathseg;

static bool key_is_plain(const char *k, size_t n)
{
    if (!n) return false;
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)k[i];
        if (!(c >= 0x80 || c == '_' || c == '-' || (c >= '0' && c <= '9') || ((c | 0x20) >= 'a' && (c | 0x20) <= 'z')))
            return false;
    }
    return true;
}

static size_t put_text(char *out, size_t cap, size_t n, const char *s, size_t len)
{
    if (n + 1 >= cap) return n;
    if (len > cap - 1 - n) len = cap - 1 - n;
    memcpy(out + n, s, len);
    out[n + len] = '\0';
    return n + len;
}

static size_t render_path(const pathseg *p, char *out, size_t cap)
{
    if (!p) return 0;
    size_t n = render_path(p->up, out, cap);
    if (n >= cap) return n;
    if (p->kind == SEG_ENTRY) {
        int k = snprintf(out + n, cap - n, "[%d]", (int)p->order + 1);
        return k > 0 ? n + (size_t)k : n;
    }
    if (p->kind == SEG_NAME || key_is_plain(p->name, p->len)) {
        if (n) n = put_text(out, cap, n, ".", 1);
        return put_text(out, cap, n, p->name, p->len);
    }
    n = put_text(out, cap, n, "[\"", 2);
    for (uint32_t i = 0; i < p->len; i++) {
        unsigned char c = (unsigned char)p->name[i];
        char esc[8];
        if (c == '"' || c == '\\') {
            esc[0] = '\\';
            esc[1] = (char)c;
            n = put_text(out, cap, n, esc, 2);
        } else if (c < 0x20) {
            snprintf(esc, sizeof esc, "\\u%04x", c);
            n = put_text(out, cap, n, esc, 6);
        } else {
            n = put_text(out, cap, n, (const char *)&p->name[i], 1);
        }
    }
    return put_text(out, cap, n, "\"]", 2);
}

/* ---- the reader ------------------------------------------------------------------ */

/* A field error, kept with its place in the schema. */
typedef struct field_error {
    uint32_t *key;     /* the orders from the record down; a fault found
                          after a field's value (bounds, entries) ends with
                          UINT32_MAX, so it comes after faults inside it */
    int nkey;
    uint32_t seq;      /* in the order found, among equal places */
    char path[256];
    char why[320];
} field_error;

/* A member key of an object the schema does not describe, in the record's
 * table of keys (live while gen is the record's). */
typedef struct key_slot {
    const char *text;
    uint32_t len, hash, object, gen;
} key_slot;

struct input_reader {
    const plan *pl;
    int chain_child;            /* root child that is the chained group, or -1 */
    /* the record being read */
    arena *ar;
    value *slots;
    const input_chain *chain;
    jsonin_scanner sc;          /* the fault (err_pos, err_msg) and refused
                                   content (content_pos, content_msg) */
    scan_window w;
    bool failed;                /* a fault of the JSON: reading stopped */
    int depth;                  /* containers open */
    const char *id;
    const unsigned char *str;   /* the last string read: its bytes */
    size_t str_len;
    bool str_escaped;
    /* field errors: the first ERR_SHOWN in the schema's order, and a count */
    field_error errs[ERR_SHOWN];
    int nerrs, count;
    uint32_t seq;
    bool has_dup;
    char dup[256];              /* the first key found twice in one object */
    /* keys of objects the schema does not describe */
    key_slot *keys;
    uint32_t kcap, kn, gen, objects;
    /* entries of the lists being read, innermost last */
    value *stack;
    size_t sn, scap;
    /* the chained group's own value, read once the carry is known */
    const unsigned char *own;
    buf carry;                  /* the carry's JSON text */
};

input_reader *input_reader_new(const plan *pl)
{
    input_reader *r = calloc(1, sizeof *r);
    if (!r) abort();
    r->pl = pl;
    r->chain_child = -1;
    if (pl && pl->prog->chain_field)
        for (int i = 0; i < pl->input.nchildren; i++)
            if (pl->input.children[i].spec == pl->prog->chain_field) r->chain_child = i;
    return r;
}

void input_reader_free(input_reader *r)
{
    if (!r) return;
    free(r->keys);
    free(r->stack);
    buf_free(&r->carry);
    free(r);
}

static void reader_begin(input_reader *r, const char *text, size_t len, size_t offset, arena *ar, value *slots,
                         const input_chain *chain)
{
    r->ar = ar;
    r->slots = slots;
    r->chain = chain && chain->carry ? chain : NULL;
    jsonin_scan_reset(&r->sc, offset, false);
    r->w = (scan_window){(const unsigned char *)text, (const unsigned char *)text + len, offset, true};
    r->failed = false;
    r->depth = 0;
    r->id = NULL;
    r->nerrs = r->count = 0;
    r->seq = 0;
    r->has_dup = false;
    r->dup[0] = '\0';
    r->kn = 0;
    r->objects = 0;
    if (++r->gen == 0) { /* wrapped: forget every key */
        if (r->keys) memset(r->keys, 0, (size_t)r->kcap * sizeof *r->keys);
        r->gen = 1;
    }
    if (r->kcap > 65536) { /* after a record of very many keys */
        free(r->keys);
        r->keys = NULL;
        r->kcap = 0;
    }
    r->sn = 0;
    r->own = NULL;
}

/* ---- faults ------------------------------------------------------------------------ */

static bool fault_at(input_reader *r, scan_context ctx, const unsigned char *p)
{
    jsonin_scan_unexpected(&r->sc, ctx, p, &r->w);
    r->failed = true;
    return false;
}

static bool token(input_reader *r, int rc)
{
    if (rc == SCAN_SUB_DONE) return true;
    r->failed = true;
    return false;
}

static bool open_container(input_reader *r, const unsigned char *p)
{
    if (r->depth == JSONIN_MAX_DEPTH) {
        jsonin_scan_too_deep(&r->sc, r->w.base + (size_t)(p - r->w.start));
        r->failed = true;
        return false;
    }
    r->depth++;
    return true;
}

static inline const unsigned char *skip_ws(const unsigned char *p, const unsigned char *e)
{
    while (p < e && (*p == ' ' || *p == '\n' || *p == '\r' || *p == '\t')) p++;
    return p;
}

static inline bool is_number_start(unsigned char c) { return c == '-' || (c >= '0' && c <= '9'); }

/* What a JSON value starting with c is, for messages. */
static const char *kind_of(unsigned char c)
{
    switch (c) {
    case '"': return "a text";
    case '{': return "an object";
    case '[': return "a list";
    case 't': case 'f': return "true/false";
    case 'n': return "null";
    default: return "a number";
    }
}

/* ---- errors of fields ----------------------------------------------------------------- */

static int key_compare(const uint32_t *a, int na, const uint32_t *b, int nb)
{
    int n = na < nb ? na : nb;
    for (int i = 0; i < n; i++)
        if (a[i] != b[i]) return a[i] < b[i] ? -1 : 1;
    return na - nb;
}

static void add_error(input_reader *r, const pathseg *at, bool after, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));

/* Notes an error of the field at `at` (after: found once its value was
 * read); keeps it when it is among the first ERR_SHOWN in the schema's
 * order. */
static void add_error(input_reader *r, const pathseg *at, bool after, const char *fmt, ...)
{
    r->count++;
    uint32_t seq = r->seq++;
    int n = after ? 1 : 0;
    for (const pathseg *p = at; p; p = p->up) n++;
    uint32_t small[64];
    uint32_t *key = n <= 64 ? small : arena_alloc(r->ar, (size_t)n * sizeof *key);
    int k = n;
    if (after) key[--k] = UINT32_MAX;
    for (const pathseg *p = at; p; p = p->up) key[--k] = p->order;
    /* its place among those kept: after every one that is not later */
    int pos = r->nerrs;
    while (pos > 0 && key_compare(key, n, r->errs[pos - 1].key, r->errs[pos - 1].nkey) < 0) pos--;
    if (pos >= ERR_SHOWN) return;
    if (r->nerrs == ERR_SHOWN) r->nerrs--; /* the last one makes room */
    memmove(&r->errs[pos + 1], &r->errs[pos], (size_t)(r->nerrs - pos) * sizeof r->errs[0]);
    r->nerrs++;
    field_error *e = &r->errs[pos];
    e->key = arena_alloc(r->ar, (size_t)n * sizeof *key);
    memcpy(e->key, key, (size_t)n * sizeof *key);
    e->nkey = n;
    e->seq = seq;
    e->path[0] = '\0';
    render_path(at, e->path, sizeof e->path);
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(e->why, sizeof e->why, fmt, ap);
    va_end(ap);
}

/* The message: the first errors, joined with "; ". */
static void join_errors(const input_reader *r, char *err, size_t cap)
{
    size_t len = 0;
    err[0] = '\0';
    for (int i = 0; i < r->nerrs; i++) {
        if (len + 8 >= cap) continue;
        int n = snprintf(err + len, cap - len, "%sfield '%s': ", len ? "; " : "", r->errs[i].path);
        if (n > 0) len += (size_t)n;
        if (len >= cap) {
            len = cap - 1;
            continue;
        }
        n = snprintf(err + len, cap - len, "%s", r->errs[i].why);
        if (n > 0) len += (size_t)n;
        if (len >= cap) len = cap - 1;
    }
    if (r->count > ERR_SHOWN && len + 32 < cap) snprintf(err + len, cap - len, "; and %d more", r->count - ERR_SHOWN);
}

/* The first key found twice in one object: its path. */
static void note_duplicate(input_reader *r, const pathseg *at)
{
    if (r->has_dup) return;
    r->has_dup = true;
    render_path(at, r->dup, sizeof r->dup);
}

/* ---- tokens --------------------------------------------------------------------------- */

/* Copies a string's bytes into the record's arena, unescaped, NUL-ended. */
static char *unescape(arena *ar, const unsigned char *s, size_t len, size_t *out_len)
{
    char *out = arena_alloc_bytes(ar, len + 1), *o = out;
    for (size_t i = 0; i < len;) {
        if (s[i] != '\\') {
            *o++ = (char)s[i++];
            continue;
        }
        unsigned char c = s[i + 1];
        i += 2;
        switch (c) {
        case 'b': *o++ = '\b'; break;
        case 'f': *o++ = '\f'; break;
        case 'n': *o++ = '\n'; break;
        case 'r': *o++ = '\r'; break;
        case 't': *o++ = '\t'; break;
        case 'u': {
            unsigned long v = strtoul((const char[5]){(char)s[i], (char)s[i + 1], (char)s[i + 2], (char)s[i + 3], 0},
                                      NULL, 16);
            i += 4;
            if (v >= 0xD800 && v <= 0xDBFF && i + 6 <= len && s[i] == '\\' && s[i + 1] == 'u') {
                unsigned long lo = strtoul((const char[5]){(char)s[i + 2], (char)s[i + 3], (char)s[i + 4],
                                                           (char)s[i + 5], 0}, NULL, 16);
                if (lo >= 0xDC00 && lo <= 0xDFFF) {
                    v = 0x10000 + ((v - 0xD800) << 10) + (lo - 0xDC00);
                    i += 6;
                }
            }
            /* a lone surrogate or NUL makes the record an error anyway */
            if (v == 0 || (v >= 0xD800 && v <= 0xDFFF)) v = 0xFFFD;
            if (v < 0x80) {
                *o++ = (char)v;
            } else if (v < 0x800) {
                *o++ = (char)(0xC0 | (v >> 6));
                *o++ = (char)(0x80 | (v & 0x3F));
            } else if (v < 0x10000) {
                *o++ = (char)(0xE0 | (v >> 12));
                *o++ = (char)(0x80 | ((v >> 6) & 0x3F));
                *o++ = (char)(0x80 | (v & 0x3F));
            } else {
                *o++ = (char)(0xF0 | (v >> 18));
                *o++ = (char)(0x80 | ((v >> 12) & 0x3F));
                *o++ = (char)(0x80 | ((v >> 6) & 0x3F));
                *o++ = (char)(0x80 | (v & 0x3F));
            }
            break;
        }
        default: *o++ = (char)c; break; /* " \ / */
        }
    }
    *o = '\0';
    *out_len = (size_t)(o - out);
    return out;
}

/* A string at *pp (its opening quote): checked; its bytes in r->str. */
static bool lex_string(input_reader *r, const unsigned char **pp)
{
    const unsigned char *q = *pp + 1;
    r->sc.flags &= ~(unsigned)SCAN_F_ESCAPE;
    if (!token(r, jsonin_scan_string(&r->sc, &q, &r->w))) return false;
    r->str = *pp + 1;
    r->str_len = (size_t)(q - *pp) - 2;
    r->str_escaped = (r->sc.flags & SCAN_F_ESCAPE) != 0;
    *pp = q;
    return true;
}

/* The last string's text: in place when it has no escape (not NUL-ended),
 * else unescaped into the arena. */
static const char *string_text(input_reader *r, size_t *len)
{
    if (!r->str_escaped) {
        *len = r->str_len;
        return (const char *)r->str;
    }
    return unescape(r->ar, r->str, r->str_len, len);
}

static bool lex_key(input_reader *r, const unsigned char **pp, member_key *k)
{
    if (!lex_string(r, pp)) return false;
    size_t len;
    k->text = string_text(r, &len);
    k->len = (uint32_t)len;
    k->hashed = false;
    return true;
}

static bool lex_literal(input_reader *r, const unsigned char **pp, const char *word)
{
    return token(r, jsonin_scan_literal(&r->sc, pp, &r->w, word));
}

static bool lex_number(input_reader *r, const unsigned char **pp)
{
    const unsigned char *start = *pp;
    if (!token(r, jsonin_scan_number(&r->sc, pp, &r->w))) return false;
    r->str = start;
    r->str_len = (size_t)(*pp - start);
    r->str_escaped = false;
    return true;
}

/* ---- repeated keys ------------------------------------------------------------------------ */

/* True when object `object` of the record already has key k. */
static bool key_seen(input_reader *r, uint32_t object, member_key *k)
{
    if ((r->kn + 1) * 2 > r->kcap) {
        uint32_t cap = r->kcap ? r->kcap * 2 : 256;
        key_slot *t = calloc(cap, sizeof *t);
        if (!t) abort();
        for (uint32_t i = 0; i < r->kcap; i++) {
            const key_slot *s = &r->keys[i];
            if (s->gen != r->gen) continue;
            uint32_t j = s->hash & (cap - 1);
            while (t[j].gen == r->gen) j = (j + 1) & (cap - 1);
            t[j] = *s;
        }
        free(r->keys);
        r->keys = t;
        r->kcap = cap;
    }
    uint32_t h = key_hash(k) ^ (object * 0x9E3779B9u);
    uint32_t j = h & (r->kcap - 1);
    for (; r->keys[j].gen == r->gen; j = (j + 1) & (r->kcap - 1)) {
        const key_slot *s = &r->keys[j];
        if (s->hash == h && s->object == object && s->len == k->len && memcmp(s->text, k->text, k->len) == 0)
            return true;
    }
    r->keys[j] = (key_slot){k->text, k->len, h, object, r->gen};
    r->kn++;
    return false;
}

/* ---- values the schema does not describe ----------------------------------------------------------- */

static bool skip_value(input_reader *r, const unsigned char **pp, scan_context ctx, const pathseg *at, bool dups);

/* An object checked and skipped; with dups, its keys checked for repeats. */
static bool skip_object(input_reader *r, const unsigned char **pp, const pathseg *at, bool dups)
{
    const unsigned char *p = *pp, *e = r->w.end;
    if (!open_container(r, p)) return false;
    uint32_t object = dups ? ++r->objects : 0;
    p = skip_ws(p + 1, e);
    if (p < e && *p == '}') {
        r->depth--;
        *pp = p + 1;
        return true;
    }
    scan_context ctx = SCAN_AT_OBJECT_FIRST;
    for (;;) {
        if (p == e || *p != '"') return fault_at(r, ctx, p);
        member_key k;
        if (!lex_key(r, &p, &k)) return false;
        pathseg seg = {at, SEG_KEY, 0, k.text, k.len};
        if (dups && key_seen(r, object, &k)) note_duplicate(r, &seg);
        p = skip_ws(p, e);
        if (p == e || *p != ':') return fault_at(r, SCAN_AT_COLON, p);
        p = skip_ws(p + 1, e);
        if (!skip_value(r, &p, SCAN_AT_MEMBER_VALUE, &seg, dups)) return false;
        p = skip_ws(p, e);
        if (p < e && *p == ',') {
            p = skip_ws(p + 1, e);
            ctx = SCAN_AT_OBJECT_NEXT;
            continue;
        }
        if (p < e && *p == '}') break;
        return fault_at(r, SCAN_AT_AFTER_MEMBER, p);
    }
    r->depth--;
    *pp = p + 1;
    return true;
}

static bool skip_array(input_reader *r, const unsigned char **pp, const pathseg *at, bool dups)
{
    const unsigned char *p = *pp, *e = r->w.end;
    if (!open_container(r, p)) return false;
    p = skip_ws(p + 1, e);
    if (p < e && *p == ']') {
        r->depth--;
        *pp = p + 1;
        return true;
    }
    scan_context ctx = SCAN_AT_ARRAY_FIRST;
    for (uint32_t i = 0;; i++) {
        pathseg seg = {at, SEG_ENTRY, i, NULL, 0};
        if (!skip_value(r, &p, ctx, &seg, dups)) return false;
        p = skip_ws(p, e);
        if (p < e && *p == ',') {
            p = skip_ws(p + 1, e);
            ctx = SCAN_AT_ARRAY_NEXT;
            continue;
        }
        if (p < e && *p == ']') break;
        return fault_at(r, SCAN_AT_AFTER_ELEMENT, p);
    }
    r->depth--;
    *pp = p + 1;
    return true;
}

/* A value at *pp (where one should start, in context ctx) checked and
 * skipped; with dups, the keys of its objects are checked for repeats
 * (their paths under `at`). */
static bool skip_value(input_reader *r, const unsigned char **pp, scan_context ctx, const pathseg *at, bool dups)
{
    const unsigned char *p = *pp;
    if (p == r->w.end) return fault_at(r, ctx, p);
    switch (*p) {
    case '{': return skip_object(r, pp, at, dups);
    case '[': return skip_array(r, pp, at, dups);
    case '"': return lex_string(r, pp);
    case 't': return lex_literal(r, pp, "true");
    case 'f': return lex_literal(r, pp, "false");
    case 'n': return lex_literal(r, pp, "null");
    default:
        if (is_number_start(*p)) return lex_number(r, pp);
        return fault_at(r, ctx, p);
    }
}

/* ---- typed values ------------------------------------------------------------------------------ */

/* A value of the wrong kind: checked and skipped, and said so. */
static int mismatch(input_reader *r, const unsigned char **pp, scan_context ctx, char *why, size_t cap,
                    const char *fmt, const char *detail)
{
    const char *kind = kind_of(**pp);
    if (!skip_value(r, pp, ctx, NULL, false)) return -1;
    if (detail) snprintf(why, cap, fmt, detail, kind);
    else snprintf(why, cap, fmt, kind);
    return 0;
}

static int read_typed(input_reader *r, const unsigned char **pp, const ktype *t, scan_context ctx, value *out,
                      char *why, size_t cap);

/* A list of plain values (its '[' at *pp).  After the first entry at
 * fault, the others are only checked. */
static int read_list(input_reader *r, const unsigned char **pp, const ktype *t, value *out, char *why, size_t cap)
{
    const unsigned char *p = *pp, *e = r->w.end;
    if (!open_container(r, p)) return -1;
    size_t base = r->sn;
    uint32_t n = 0;
    bool bad = false;
    p = skip_ws(p + 1, e);
    if (p < e && *p == ']') {
        p++;
    } else {
        scan_context ctx = SCAN_AT_ARRAY_FIRST;
        for (;; n++) {
            if (p == e) return fault_at(r, ctx, p), -1;
            if (bad) {
                if (!skip_value(r, &p, ctx, NULL, false)) return -1;
            } else if (!t->elem) {
                if (!skip_value(r, &p, ctx, NULL, false)) return -1;
                snprintf(why, cap, "entry %d: unexpected", (int)n + 1);
                bad = true;
            } else if (type_is_numeric(t->elem) && !is_number_start(*p)) {
                /* only money and decimal fields may be written as text, not list entries */
                const char *kind = kind_of(*p);
                if (!skip_value(r, &p, ctx, NULL, false)) return -1;
                snprintf(why, cap, "entry %d: expected a number, found %s", (int)n + 1, kind);
                bad = true;
            } else {
                char inner[200];
                value v;
                int rc = read_typed(r, &p, t->elem, ctx, &v, inner, sizeof inner);
                if (rc < 0) return -1;
                if (rc == 0) {
                    snprintf(why, cap, "entry %d: %s", (int)n + 1, inner);
                    bad = true;
                } else {
                    if (r->sn == r->scap) {
                        r->scap = r->scap ? r->scap * 2 : 64;
                        r->stack = realloc(r->stack, r->scap * sizeof *r->stack);
                        if (!r->stack) abort();
                    }
                    r->stack[r->sn++] = v;
                }
            }
            p = skip_ws(p, e);
            if (p < e && *p == ',') {
                p = skip_ws(p + 1, e);
                ctx = SCAN_AT_ARRAY_NEXT;
                continue;
            }
            if (p < e && *p == ']') {
                p++;
                n++;
                break;
            }
            return fault_at(r, SCAN_AT_AFTER_ELEMENT, p), -1;
        }
    }
    r->depth--;
    *pp = p;
    if (bad) {
        r->sn = base;
        return 0;
    }
    value *items = arena_alloc(r->ar, (size_t)(n ? n : 1) * sizeof *items);
    if (n) memcpy(items, r->stack + base, (size_t)n * sizeof *items);
    r->sn = base;
    *out = value_list(items, n);
    return 1;
}

/* The common JSON number at *pp: -?(0|[1-9]D*)(.D+)? with at most 18
 * digits, followed by a byte that ends it; read in the same pass that
 * checks it.  False leaves everything to the general path. */
static bool short_number(input_reader *r, const unsigned char **pp, kh_num *out)
{
    static const int64_t pow10[19] = {1, 10, 100, 1000, 10000, 100000, 1000000, 10000000, 100000000, 1000000000,
                                      10000000000, 100000000000, 1000000000000, 10000000000000, 100000000000000,
                                      1000000000000000, 10000000000000000, 100000000000000000, 1000000000000000000};
    const unsigned char *p = *pp, *e = r->w.end;
    bool neg = *p == '-';
    if (neg) p++;
    if (p == e || *p < '0' || *p > '9' || (*p == '0' && p + 1 < e && p[1] >= '0' && p[1] <= '9')) return false;
    int64_t m = 0;
    int digits = 0, decimals = 0;
    for (; p < e && *p >= '0' && *p <= '9'; p++)
        if (++digits > 18) return false;
        else m = m * 10 + (*p - '0');
    if (p < e && *p == '.') {
        const unsigned char *f = ++p;
        for (; p < e && *p >= '0' && *p <= '9'; p++)
            if (++digits > 18) return false;
            else m = m * 10 + (*p - '0');
        decimals = (int)(p - f);
        if (!decimals) return false;
    }
    if (p < e && (*p == 'e' || *p == 'E')) return false;
    if (neg) m = -m;
    if (!decimals) *out = num_int(m);
    else if (num_make(m, pow10[decimals], out) != NUM_OK) return false;
    *pp = p;
    return true;
}

static int read_number(input_reader *r, const unsigned char **pp, const ktype *t, scan_context ctx, value *out,
                       char *why, size_t cap)
{
    unsigned char c = **pp;
    kh_num quick;
    if (is_number_start(c) && short_number(r, pp, &quick)) {
        if (t->kind == T_INT && !num_is_int(quick)) {
            snprintf(why, cap, "expected a whole number");
            return 0;
        }
        if (t->kind == T_MONEY && 100 % quick.den != 0) {
            snprintf(why, cap, "an amount of money has at most 2 decimals");
            return 0;
        }
        *out = value_num(quick);
        return 1;
    }
    if (is_number_start(c)) {
        if (!lex_number(r, pp)) return -1;
    } else if (c == '"' && t->kind != T_INT) {
        if (!lex_string(r, pp)) return -1;
    } else {
        return mismatch(r, pp, ctx, why, cap, "expected a number, found %s", NULL);
    }
    size_t len;
    const char *s = string_text(r, &len);
    kh_num n;
    input_number_status st = input_number(r->ar, s, len, &n);
    if (st == INPUT_NUMBER_SYNTAX) {
        snprintf(why, cap, "\"%.*s\" is not a number", (int)(len < 40 ? len : 40), s);
        return 0;
    }
    if (st != INPUT_NUMBER_OK) {
        snprintf(why, cap, "%s", input_number_problem(st));
        return 0;
    }
    if (t->kind == T_INT && !num_is_int(n)) {
        snprintf(why, cap, "expected a whole number");
        return 0;
    }
    if (t->kind == T_MONEY && 100 % n.den != 0) {
        snprintf(why, cap, "an amount of money has at most 2 decimals");
        return 0;
    }
    *out = value_num(n);
    return 1;
}

/* The value at *pp as a value of type t.  1: *out holds it; 0: it is not
 * one (why says so; the value was checked and skipped); -1: a fault of the
 * JSON. */
static int read_typed(input_reader *r, const unsigned char **pp, const ktype *t, scan_context ctx, value *out,
                      char *why, size_t cap)
{
    const unsigned char *p = *pp;
    if (p == r->w.end) return fault_at(r, ctx, p), -1;
    unsigned char c = *p;
    switch (t->kind) {
    case T_BOOL:
        if (c == 't' || c == 'f') {
            if (!lex_literal(r, pp, c == 't' ? "true" : "false")) return -1;
            *out = value_bool(c == 't');
            return 1;
        }
        return mismatch(r, pp, ctx, why, cap, "expected true or false, found %s", NULL);
    case T_INT:
    case T_DEC:
    case T_MONEY:
        return read_number(r, pp, t, ctx, out, why, cap);
    case T_TEXT:
    case T_ENUM: {
        if (c != '"') return mismatch(r, pp, ctx, why, cap, "expected a text, found %s", NULL);
        if (!lex_string(r, pp)) return -1;
        size_t len;
        const char *s = string_text(r, &len);
        if (t->kind == T_ENUM) {
            int k = type_enum_index(t, s, len);
            if (k < 0) {
                char vals[256];
                type_name(t, vals, sizeof vals);
                snprintf(why, cap, "\"%.*s\" is not allowed (%s)", (int)(len < 40 ? len : 40), s, vals);
                return 0;
            }
            *out = value_enum(t->values[k], (uint32_t)k);
            return 1;
        }
        if (!r->str_escaped) s = arena_strndup_bytes(r->ar, s, len);
        *out = value_text(s, (uint32_t)len);
        return 1;
    }
    case T_DATE:
    case T_DATETIME:
    case T_MONTH: {
        const char *name = t->kind == T_DATE ? "date" : t->kind == T_MONTH ? "month" : "date-time";
        if (c != '"') return mismatch(r, pp, ctx, why, cap, "expected a %s in quotes, found %s", name);
        if (!lex_string(r, pp)) return -1;
        size_t len;
        const char *s = string_text(r, &len);
        char kind = t->kind == T_DATE ? 'd' : t->kind == T_MONTH ? 'm' : 't';
        bool ok;
        if (kind == 'd') { int32_t d; ok = date_parse(s, len, &d); *out = value_date(d); }
        else if (kind == 'm') { int32_t m; ok = month_parse(s, len, &m); *out = value_month(m); }
        else { int64_t x; ok = datetime_parse(s, len, &x); *out = value_datetime(x); }
        if (!ok) dates_explain_error(kind, s, len, why, cap);
        return ok ? 1 : 0;
    }
    case T_LIST:
        if (c != '[') return mismatch(r, pp, ctx, why, cap, "expected a list, found %s", NULL);
        return read_list(r, pp, t, out, why, cap);
    default:
        if (!skip_value(r, pp, ctx, NULL, false)) return -1;
        snprintf(why, cap, "this kind of value cannot be given here");
        return 0;
    }
}

/* ---- bounds ------------------------------------------------------------------------------- */

static void describe_value(const value *v, char *out, size_t cap)
{
    if (v->kind == VK_NUM) {
        char num[NUM_FMT_MAX];
        num_format(v->n, 0, num);
        snprintf(out, cap, "%s", num);
    } else if (v->kind == VK_DATE) {
        date_format(v->date, out);
    } else if (v->kind == VK_MONTH) {
        month_format(v->month, out);
    } else if (v->kind == VK_DATETIME) {
        datetime_format(v->dt, out);
    } else {
        snprintf(out, cap, "the value");
    }
}

/* Describes a bound: a field's name and value, or just the value (a date
 * or month as such: "2014-12", not "?"). */
static void describe_bound(const pnode *b, const value *v, char *out, size_t cap)
{
    char val[64];
    describe_value(v, val, sizeof val);
    char path[128];
    if (b->op == P_SLOT && b->src && ast_path(b->src, path, sizeof path))
        snprintf(out, cap, "%.100s (%s)", path, val);
    else
        snprintf(out, cap, "%s", val);
}

/* Compares v with bound b of field f (k: 0 min, 1 max); reports a breach. */
static void compare_bound(input_reader *r, const in_field *f, const pathseg *path, const value *v, int k,
                          const pnode *bn, const value *b)
{
    if (b->kind == VK_NONE) return; /* the other field is at fault, and reported */
    int c = value_compare(v, b);
    bool strict = k == 0 ? f->min_strict : f->max_strict;
    bool bad = k == 0 ? (strict ? c <= 0 : c < 0) : (strict ? c >= 0 : c > 0);
    if (!bad) return;
    char vb[64], bb[192];
    describe_value(v, vb, sizeof vb);
    describe_bound(bn, b, bb, sizeof bb);
    add_error(r, path, true, "%s is %s %s", vb,
              k == 0 ? (strict ? "not more than" : "less than the minimum")
                     : (strict ? "not less than" : "more than the maximum"),
              bb);
}

/* Bounds that are plain numbers are checked as each value is read. */
static void constant_bounds(input_reader *r, const in_field *f, const pathseg *path, const value *v)
{
    if (v->kind == VK_NONE) return;
    const pnode *bounds[2] = {f->min, f->max};
    for (int k = 0; k < 2; k++)
        if (bounds[k] && bounds[k]->op == P_CONST) compare_bound(r, f, path, v, k, bounds[k], &bounds[k]->k);
}

/* Bounds that name other fields (`within 0..workdays`), once all are read. */
static void field_bounds(input_reader *r, const in_field *g, const pathseg *at, const value *params, evalctx *ctx,
                         bool *ctx_ready)
{
    for (int i = 0; i < g->nchildren; i++) {
        const in_field *f = &g->children[i];
        pathseg seg = {at, SEG_NAME, (uint32_t)i, f->name, g->names->lens[i]};
        if (f->is_group) {
            if (f->names && f->names->field_bounds) field_bounds(r, f, &seg, params, ctx, ctx_ready);
            continue;
        }
        if (f->slot < 0 || (!f->min && !f->max)) continue;
        const value *v = &r->slots[f->slot];
        if (v->kind == VK_NONE) continue;
        const pnode *bounds[2] = {f->min, f->max};
        for (int k = 0; k < 2; k++) {
            const pnode *bn = bounds[k];
            if (!bn || bn->op == P_CONST) continue;
            value b;
            if (bn->op == P_SLOT) {
                b = r->slots[bn->index];
            } else {
                if (!*ctx_ready) {
                    eval_begin(ctx, r->pl, params, r->slots, r->ar);
                    *ctx_ready = true;
                }
                if (!eval_node(ctx, bn, &b)) {
                    /* not skipped: the record would pass unchecked */
                    add_error(r, &seg, true, "its %s cannot be worked out: %s", k == 0 ? "minimum" : "maximum", ctx->err);
                    continue;
                }
            }
            compare_bound(r, f, &seg, v, k, bn, &b);
        }
    }
}

/* ---- records ------------------------------------------------------------------------------------ */

static bool read_object(input_reader *r, const unsigned char **pp, const in_field *g, const pathseg *at, value *items);

static inline pathseg field_seg(const pathseg *at, const in_field *g, int i)
{
    pathseg s = {at, SEG_NAME, (uint32_t)i, g->children[i].name, g->names ? g->names->lens[i] : 0};
    return s;
}

/* Field f is absent (or null): its default, or absent, or "missing"; a
 * group, all of its fields. */
static void absent(input_reader *r, const in_field *f, const pathseg *path, value *dst, bool in_entry)
{
    if (f->is_group) {
        value *items = in_entry ? arena_alloc(r->ar, (size_t)(f->nchildren ? f->nchildren : 1) * sizeof *items) : NULL;
        for (int i = 0; i < f->nchildren; i++) {
            const in_field *c = &f->children[i];
            pathseg seg = field_seg(path, f, i);
            value ignored;
            absent(r, c, &seg, in_entry ? &items[i] : c->slot >= 0 ? &r->slots[c->slot] : &ignored, in_entry);
        }
        if (in_entry) *dst = value_record(items, (uint32_t)f->nchildren);
        return;
    }
    if (f->has_default) {
        *dst = f->dflt;
        return;
    }
    *dst = (value){.kind = VK_NONE};
    if (!f->optional) add_error(r, path, false, "missing");
}

/* A list of records (its '[' at *pp): each entry an object of f's fields. */
static bool read_records(input_reader *r, const unsigned char **pp, const in_field *f, const pathseg *path,
                         value *out)
{
    const unsigned char *p = *pp, *e = r->w.end;
    if (!open_container(r, p)) return false;
    size_t base = r->sn;
    uint32_t n = 0;
    p = skip_ws(p + 1, e);
    if (p < e && *p == ']') {
        p++;
    } else {
        scan_context ctx = SCAN_AT_ARRAY_FIRST;
        for (;; n++) {
            if (p == e) return fault_at(r, ctx, p);
            pathseg seg = {path, SEG_ENTRY, n, NULL, 0};
            value v = {.kind = VK_NONE};
            if (*p == '{') {
                value *items = arena_alloc(r->ar, (size_t)(f->nchildren ? f->nchildren : 1) * sizeof *items);
                if (!read_object(r, &p, f, &seg, items)) return false;
                v = value_record(items, (uint32_t)f->nchildren);
            } else {
                const char *kind = kind_of(*p);
                if (!skip_value(r, &p, ctx, NULL, false)) return false;
                add_error(r, &seg, false, "expected an object, found %s", kind);
            }
            if (r->sn == r->scap) {
                r->scap = r->scap ? r->scap * 2 : 64;
                r->stack = realloc(r->stack, r->scap * sizeof *r->stack);
                if (!r->stack) abort();
            }
            r->stack[r->sn++] = v;
            p = skip_ws(p, e);
            if (p < e && *p == ',') {
                p = skip_ws(p + 1, e);
                ctx = SCAN_AT_ARRAY_NEXT;
                continue;
            }
            if (p < e && *p == ']') {
                p++;
                n++;
                break;
            }
            return fault_at(r, SCAN_AT_AFTER_ELEMENT, p);
        }
    }
    r->depth--;
    *pp = p;
    value *items = arena_alloc(r->ar, (size_t)(n ? n : 1) * sizeof *items);
    if (n) memcpy(items, r->stack + base, (size_t)n * sizeof *items);
    r->sn = base;
    *out = value_list(items, n);
    return true;
}

/* The value at *pp of field f (at `path`) into *dst: a slot, or the field's
 * place in a list entry's record (in_entry). */
static bool read_member(input_reader *r, const unsigned char **pp, const in_field *f, const pathseg *path, value *dst,
                        bool in_entry)
{
    const unsigned char *p = *pp;
    if (p == r->w.end) return fault_at(r, SCAN_AT_MEMBER_VALUE, p);
    unsigned char c = *p;
    if (c == 'n') {
        if (!lex_literal(r, pp, "null")) return false;
        absent(r, f, path, dst, in_entry);
        return true;
    }
    if (f->is_group) {
        if (c != '{') {
            add_error(r, path, false, "expected an object, found %s", kind_of(c));
            return skip_value(r, pp, SCAN_AT_MEMBER_VALUE, NULL, false);
        }
        if (!in_entry) return read_object(r, pp, f, path, NULL);
        value *items = arena_alloc(r->ar, (size_t)(f->nchildren ? f->nchildren : 1) * sizeof *items);
        if (!read_object(r, pp, f, path, items)) return false;
        *dst = value_record(items, (uint32_t)f->nchildren);
        return true;
    }
    value v = {.kind = VK_NONE};
    if (f->elem_record) {
        if (c != '[') {
            add_error(r, path, false, "expected a list, found %s", kind_of(c));
            *dst = v;
            return skip_value(r, pp, SCAN_AT_MEMBER_VALUE, NULL, false);
        }
        if (!read_records(r, pp, f, path, &v)) return false;
    } else {
        char why[256];
        int rc = read_typed(r, pp, f->type, SCAN_AT_MEMBER_VALUE, &v, why, sizeof why);
        if (rc < 0) return false;
        if (c == '"' && !r->id && f->slot >= 0 && f->slot == r->pl->key_slot) {
            size_t len;
            r->id = v.kind == VK_TEXT ? v.s : NULL;
            if (!r->id) {
                const char *s = string_text(r, &len);
                r->id = r->str_escaped ? s : arena_strndup_bytes(r->ar, s, len);
            }
        }
        if (rc == 0) {
            add_error(r, path, false, "%s", why);
            *dst = v;
            return true;
        }
    }
    *dst = v;
    if (f->min || f->max) constant_bounds(r, f, path, &v);
    if (f->is_list && f->max_entries >= 0 && v.len > (uint32_t)f->max_entries)
        add_error(r, path, true, "has %u entries; at most %d are allowed", v.len, f->max_entries);
    if (f->not_empty && v.kind == VK_TEXT && v.len == 0) add_error(r, path, true, "must not be empty");
    return true;
}

/* The chained group, once the record's other members are read: the carry
 * the hook gives, else the record's own value (seen 2), else absent. */
static bool read_chained(input_reader *r, const in_field *g, uint8_t *seen)
{
    int i = r->chain_child;
    const in_field *f = &g->children[i];
    pathseg seg = field_seg(NULL, g, i);
    value ignored;
    const cJSON *carry = r->chain->carry(r->chain->ud, r->id, r->slots);
    if (carry) {
        r->carry.len = 0;
        input_cjson_text(&r->carry, carry);
        scan_window main_text = r->w;
        r->w = (scan_window){(const unsigned char *)r->carry.data, (const unsigned char *)r->carry.data + r->carry.len,
                             main_text.base, true};
        const unsigned char *p = r->w.start;
        bool ok = read_member(r, &p, f, &seg, &ignored, false);
        r->w = main_text;
        seen[i] = 1;
        return ok;
    }
    if (seen[i] == 2) {
        const unsigned char *p = r->own;
        seen[i] = 1;
        return read_member(r, &p, f, &seg, &ignored, false);
    }
    return true;
}

/* The object at *pp as the fields of group g: at the record level (items
 * NULL) its leaves go to their slots; in a list entry, into items. */
static bool read_object(input_reader *r, const unsigned char **pp, const in_field *g, const pathseg *at, value *items)
{
    const unsigned char *p = *pp, *e = r->w.end;
    if (!open_container(r, p)) return false;
    int n = g->nchildren;
    uint8_t seen_here[64];
    uint8_t *seen = n <= 64 ? seen_here : arena_alloc(r->ar, (size_t)n);
    memset(seen, 0, (size_t)n);
    bool chained = r->chain && r->chain_child >= 0 && !items && g == &r->pl->input;
    uint32_t object = 0; /* in the table of keys, once a key not in g comes */
    int next = 0;
    value ignored;
    p = skip_ws(p + 1, e);
    if (p < e && *p == '}') {
        p++;
    } else {
        scan_context ctx = SCAN_AT_OBJECT_FIRST;
        for (;;) {
            if (p == e || *p != '"') return fault_at(r, ctx, p);
            member_key k;
            if (!lex_key(r, &p, &k)) return false;
            p = skip_ws(p, e);
            if (p == e || *p != ':') return fault_at(r, SCAN_AT_COLON, p);
            p = skip_ws(p + 1, e);
            int i = match_child(g, &k, next);
            if (i >= 0) {
                pathseg seg = field_seg(at, g, i);
                const in_field *f = &g->children[i];
                if (seen[i]) {
                    note_duplicate(r, &seg);
                    if (!skip_value(r, &p, SCAN_AT_MEMBER_VALUE, NULL, false)) return false;
                } else if (chained && i == r->chain_child) {
                    seen[i] = 2; /* read once the carry is known */
                    r->own = p;
                    if (!skip_value(r, &p, SCAN_AT_MEMBER_VALUE, NULL, false)) return false;
                } else {
                    seen[i] = 1;
                    next = i + 1;
                    value *dst = items ? &items[i] : f->slot >= 0 ? &r->slots[f->slot] : &ignored;
                    if (!read_member(r, &p, f, &seg, dst, items != NULL)) return false;
                }
            } else {
                pathseg seg = {at, SEG_NAME, 0, k.text, k.len};
                if (!object) object = ++r->objects;
                if (key_seen(r, object, &k)) note_duplicate(r, &seg);
                if (!skip_value(r, &p, SCAN_AT_MEMBER_VALUE, &seg, true)) return false;
            }
            p = skip_ws(p, e);
            if (p < e && *p == ',') {
                p = skip_ws(p + 1, e);
                ctx = SCAN_AT_OBJECT_NEXT;
                continue;
            }
            if (p < e && *p == '}') {
                p++;
                break;
            }
            return fault_at(r, SCAN_AT_AFTER_MEMBER, p);
        }
    }
    r->depth--;
    *pp = p;
    if (chained && !read_chained(r, g, seen)) return false;
    for (int i = 0; i < n; i++) {
        if (seen[i]) continue;
        const in_field *f = &g->children[i];
        pathseg seg = field_seg(at, g, i);
        absent(r, f, &seg, items ? &items[i] : f->slot >= 0 ? &r->slots[f->slot] : &ignored, items != NULL);
    }
    return true;
}

/* After the value: blanks up to the end of its line. */
static bool read_trailer(input_reader *r, const unsigned char *p)
{
    for (; p < r->w.end && *p != '\n'; p++) {
        if (*p == ' ' || *p == '\t' || *p == '\r') continue;
        r->sc.err_pos = r->w.base + (size_t)(p - r->w.start);
        snprintf(r->sc.err_msg, sizeof r->sc.err_msg, "invalid JSON: unexpected data after the value");
        r->failed = true;
        return false;
    }
    return true;
}

/* Reads a whole record: the object, or whatever else it is. */
static const char *read_whole(input_reader *r)
{
    const unsigned char *p = skip_ws(r->w.start, r->w.end);
    const char *not_object = NULL;
    bool ok;
    if (p < r->w.end && *p == '{') {
        ok = read_object(r, &p, &r->pl->input, NULL, NULL);
    } else {
        unsigned char c = p < r->w.end ? *p : 0;
        ok = skip_value(r, &p, SCAN_AT_TOP, NULL, false);
        if (ok) not_object = kind_of(c);
    }
    if (ok) read_trailer(r, p);
    return not_object;
}

/* "line L, column C (byte B): why", for a fault at input offset at. */
static void locate(const input_text *t, size_t at, const char *why, char *err, size_t cap)
{
    size_t rel = at - t->offset, line = t->line, col = t->column + rel;
    if (rel > t->len) rel = t->len;
    for (size_t i = 0; i < rel; i++)
        if (t->text[i] == '\n') {
            line++;
            col = rel - i;
        }
    snprintf(err, cap, "line %zu, column %zu (byte %zu): %s", line, col, at, why);
}

bool input_read_text(input_reader *r, const input_text *t, arena *ar, value *slots, const value *params,
                     const input_chain *chain, char *err, size_t cap, const char **id)
{
    const plan *pl = r->pl;
    reader_begin(r, t->text, t->len, t->offset, ar, slots, chain);
    for (int i = 0; i < pl->nslots; i++) slots[i] = (value){.kind = VK_NONE};
    err[0] = '\0';
    const char *not_object = read_whole(r);
    *id = r->id;
    if (r->failed) {
        locate(t, r->sc.err_pos, r->sc.err_msg, err, cap);
        return false;
    }
    if (r->sc.content_pos != SCAN_NO_POS) {
        locate(t, r->sc.content_pos, r->sc.content_msg, err, cap);
        return false;
    }
    if (not_object) {
        snprintf(err, cap, "a record must be a JSON object, not %s", not_object);
        return false;
    }
    if (r->has_dup) { /* a repeated key makes the record ambiguous: that alone is said */
        snprintf(err, cap, "field '%s' is given twice", r->dup);
        return false;
    }
    if (r->count == 0 && pl->input.names && pl->input.names->field_bounds) {
        evalctx ctx;
        memset(&ctx, 0, sizeof ctx);
        bool ready = false;
        field_bounds(r, &pl->input, NULL, params, &ctx, &ready);
    }
    join_errors(r, err, cap);
    return r->count == 0;
}

const char *input_read_key(input_reader *r, const char *text, size_t len, arena *ar)
{
    if (r->pl->key_slot < 0) return NULL;
    value *slots = arena_alloc(ar, (size_t)(r->pl->nslots + 1) * sizeof *slots);
    char err[64];
    const char *id;
    input_text t = {text, len, 0, 1, 1};
    input_read_text(r, &t, ar, slots, r->pl->param_defaults, NULL, err, sizeof err, &id);
    return id;
}

bool input_convert(const ktype *t, const cJSON *j, arena *ar, value *out, char *err, size_t cap)
{
    buf text = {0};
    input_cjson_text(&text, j);
    input_reader *r = input_reader_new(NULL);
    reader_begin(r, text.data, text.len, 0, ar, NULL, NULL);
    const unsigned char *p = r->w.start;
    int rc = read_typed(r, &p, t, SCAN_AT_TOP, out, err, cap);
    if (rc < 0) snprintf(err, cap, "%s", r->sc.err_msg); /* the text was written from a tree: not expected */
    input_reader_free(r);
    buf_free(&text);
    return rc > 0;
}
