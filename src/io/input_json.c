/*
 * input_json.c — the record reader's JSON layer (input_reader.h): faults
 * described by jsonin_scan's messages, so a fault reads the same wherever
 * it is found; tokens checked by jsonin_scan's token checks; member keys
 * and their repeats (one hash table of keys per record, so a record of a
 * million members is checked in linear time); values skipped; paths; and
 * the errors of fields, kept in the schema's order.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "hash.h"
#include "input_reader.h"
#include "mem.h"
#include "i18n.h"

/* ---- starting ----------------------------------------------------------------------- */

void rd_begin(input_reader *r, const char *text, size_t len, size_t offset, arena *ar, value *slots,
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
        mem_free(r->keys);
        r->keys = NULL;
        r->kcap = 0;
    }
    r->sn = 0;
    r->own = NULL;
    r->chain_refused = false;
}


/* ---- faults ------------------------------------------------------------------------ */

bool rd_fault(input_reader *r, scan_context ctx, const unsigned char *p)
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

bool rd_open(input_reader *r, const unsigned char *p)
{
    if (r->depth == JSONIN_MAX_DEPTH) {
        jsonin_scan_too_deep(&r->sc, r->w.base + (size_t)(p - r->w.start));
        r->failed = true;
        return false;
    }
    r->depth++;
    return true;
}

/* What a JSON value starting with c is, for messages. */
const char *rd_kind_of(unsigned char c)
{
    switch (c) {
    case '"': return _("a text");
    case '{': return _("an object");
    case '[': return _("a list");
    case 't': case 'f': return "true/false";
    case 'n': return "null";
    default: return _("a number");
    }
}

uint32_t rd_key_hash(member_key *k)
{
    if (!k->hashed) {
        k->hash = hash_bytes(k->text, k->len);
        k->hashed = true;
    }
    return k->hash;
}

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

/* ---- errors of fields ----------------------------------------------------------------- */

static int key_compare(const uint32_t *a, int na, const uint32_t *b, int nb)
{
    int n = na < nb ? na : nb;
    for (int i = 0; i < n; i++)
        if (a[i] != b[i]) return a[i] < b[i] ? -1 : 1;
    return na - nb;
}

/* Notes an error of the field at `at` (after: found once its value was
 * read); keeps it when it is among the first ERR_SHOWN in the schema's
 * order. */
void rd_error(input_reader *r, const pathseg *at, bool after, const char *fmt, ...)
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
    vsnprintf(e->why, sizeof e->why, _(fmt), ap);
    va_end(ap);
}

/* The message: the first errors, joined with "; ". */
void rd_join_errors(const input_reader *r, char *err, size_t cap)
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
void rd_duplicate(input_reader *r, const pathseg *at)
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
bool rd_string(input_reader *r, const unsigned char **pp)
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
const char *rd_text(input_reader *r, size_t *len)
{
    if (!r->str_escaped) {
        *len = r->str_len;
        return (const char *)r->str;
    }
    return unescape(r->ar, r->str, r->str_len, len);
}

bool rd_key(input_reader *r, const unsigned char **pp, member_key *k)
{
    if (!rd_string(r, pp)) return false;
    size_t len;
    k->text = rd_text(r, &len);
    k->len = (uint32_t)len;
    k->hashed = false;
    return true;
}

bool rd_literal(input_reader *r, const unsigned char **pp, const char *word)
{
    return token(r, jsonin_scan_literal(&r->sc, pp, &r->w, word));
}

bool rd_number(input_reader *r, const unsigned char **pp)
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
bool rd_key_seen(input_reader *r, uint32_t object, member_key *k)
{
    if ((r->kn + 1) * 2 > r->kcap) {
        uint32_t cap = r->kcap ? r->kcap * 2 : 256;
        key_slot *t = mem_calloc(cap, sizeof *t);
        for (uint32_t i = 0; i < r->kcap; i++) {
            const key_slot *s = &r->keys[i];
            if (s->gen != r->gen) continue;
            uint32_t j = s->hash & (cap - 1);
            while (t[j].gen == r->gen) j = (j + 1) & (cap - 1);
            t[j] = *s;
        }
        mem_free(r->keys);
        r->keys = t;
        r->kcap = cap;
    }
    /* the key's hash and its object's number, mixed so that the low bits
     * (the table's index) depend on all of them (murmur3's finalizer) */
    uint32_t h = rd_key_hash(k) ^ (object * 0x9E3779B9u);
    h ^= h >> 16;
    h *= 0x85EBCA6Bu;
    h ^= h >> 13;
    h *= 0xC2B2AE35u;
    h ^= h >> 16;
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

/* ---- list entries ------------------------------------------------------------------------------- */

void rd_push(input_reader *r, value v)
{
    if (r->sn == r->scap) {
        r->scap = r->scap ? r->scap * 2 : 64;
        r->stack = mem_realloc(r->stack, r->scap * sizeof *r->stack);
    }
    r->stack[r->sn++] = v;
}

value rd_list(input_reader *r, size_t base)
{
    uint32_t n = (uint32_t)(r->sn - base);
    value *items = arena_alloc(r->ar, (size_t)(n ? n : 1) * sizeof *items);
    if (n) memcpy(items, r->stack + base, (size_t)n * sizeof *items);
    r->sn = base;
    return value_list(items, n);
}

/* ---- values the schema does not describe ----------------------------------------------------------- */

/* An object checked and skipped; with dups, its keys checked for repeats. */
static bool skip_object(input_reader *r, const unsigned char **pp, const pathseg *at, bool dups)
{
    const unsigned char *p = *pp, *e = r->w.end;
    if (!rd_open(r, p)) return false;
    uint32_t object = dups ? ++r->objects : 0;
    p = rd_ws(p + 1, e);
    if (p < e && *p == '}') {
        r->depth--;
        *pp = p + 1;
        return true;
    }
    scan_context ctx = SCAN_AT_OBJECT_FIRST;
    for (;;) {
        if (p == e || *p != '"') return rd_fault(r, ctx, p);
        member_key k;
        if (!rd_key(r, &p, &k)) return false;
        pathseg seg = {at, SEG_KEY, 0, k.text, k.len};
        if (dups && rd_key_seen(r, object, &k)) rd_duplicate(r, &seg);
        p = rd_ws(p, e);
        if (p == e || *p != ':') return rd_fault(r, SCAN_AT_COLON, p);
        p = rd_ws(p + 1, e);
        if (!rd_skip(r, &p, SCAN_AT_MEMBER_VALUE, &seg, dups)) return false;
        p = rd_ws(p, e);
        if (p < e && *p == ',') {
            p = rd_ws(p + 1, e);
            ctx = SCAN_AT_OBJECT_NEXT;
            continue;
        }
        if (p < e && *p == '}') break;
        return rd_fault(r, SCAN_AT_AFTER_MEMBER, p);
    }
    r->depth--;
    *pp = p + 1;
    return true;
}

static bool skip_array(input_reader *r, const unsigned char **pp, const pathseg *at, bool dups)
{
    rd_array_at st = rd_array_open(r, pp);
    scan_context ctx = SCAN_AT_ARRAY_FIRST;
    for (uint32_t i = 0; st == RD_ARRAY_ENTRY; i++, ctx = SCAN_AT_ARRAY_NEXT) {
        pathseg seg = {at, SEG_ENTRY, i, NULL, 0};
        if (!rd_skip(r, pp, ctx, &seg, dups)) return false;
        st = rd_array_step(r, pp);
    }
    return st == RD_ARRAY_END;
}

/* A value at *pp (where one should start, in context ctx) checked and
 * skipped; with dups, the keys of its objects are checked for repeats
 * (their paths under `at`). */
bool rd_skip(input_reader *r, const unsigned char **pp, scan_context ctx, const pathseg *at, bool dups)
{
    const unsigned char *p = *pp;
    if (p == r->w.end) return rd_fault(r, ctx, p);
    switch (*p) {
    case '{': return skip_object(r, pp, at, dups);
    case '[': return skip_array(r, pp, at, dups);
    case '"': return rd_string(r, pp);
    case 't': return rd_literal(r, pp, "true");
    case 'f': return rd_literal(r, pp, "false");
    case 'n': return rd_literal(r, pp, "null");
    default:
        if (rd_number_start(*p)) return rd_number(r, pp);
        return rd_fault(r, ctx, p);
    }
}

