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
 * whatever order the members come in.  The JSON layer is input_json.c, the
 * values of one type input_value.c (input_reader.h).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "compiler.h"
#include "dates.h"
#include "eval.h"
#include "hash.h"
#include "input_reader.h"
#include "mem.h"
#include "i18n.h"

/* ---- name tables ------------------------------------------------------------- */

struct name_table {
    uint32_t cap;      /* power of two */
    int32_t *slots;    /* child index + 1, 0 empty */
    uint32_t *lens;    /* [nchildren] length of each child's name */
    int32_t *bounded;  /* the children with a bound that is not a plain value
                          (checked once all are read), or a group that has one */
    int nbounded;
};
typedef struct name_table name_table;

static bool bound_names_fields(const pnode *b) { return b && b->op != P_CONST; }

static void prepare_field(arena *A, in_field *f)
{
    if (!f->nchildren) return;
    name_table *t = arena_zalloc(A, sizeof *t);
    t->cap = 8;
    while (t->cap < 2u * (uint32_t)f->nchildren) t->cap *= 2;
    t->slots = arena_zalloc(A, (size_t)t->cap * sizeof *t->slots);
    t->lens = arena_zalloc(A, (size_t)f->nchildren * sizeof *t->lens);
    t->bounded = arena_zalloc(A, (size_t)f->nchildren * sizeof *t->bounded);
    for (int i = 0; i < f->nchildren; i++) {
        size_t len = strlen(f->children[i].name);
        t->lens[i] = (uint32_t)len;
        uint32_t j = hash_bytes(f->children[i].name, len) & (t->cap - 1);
        while (t->slots[j]) j = (j + 1) & (t->cap - 1);
        t->slots[j] = i + 1;
        const in_field *c = &f->children[i];
        prepare_field(A, &f->children[i]);
        if (c->is_group ? c->names && c->names->nbounded
                        : c->slot >= 0 && (bound_names_fields(c->min) || bound_names_fields(c->max)))
            t->bounded[t->nbounded++] = i;
    }
    f->names = t;
}

void input_prepare(plan *pl) { prepare_field(pl->A, &pl->input); }

/* Whether the len bytes at name and text are the same: member names are
 * short, and a call to memcmp cost more than the loop (2.3% of eval). */
static inline bool same_name(const char *name, const char *text, uint32_t len)
{
    for (uint32_t i = 0; i < len; i++)
        if (name[i] != text[i]) return false;
    return true;
}

/* `next`, when the key at p (its opening quote) is that child's name byte
 * for byte: then it is that name, a valid string (a field's name has no
 * quote, backslash or control character), so it needs no scan.  Else -1. */
static inline int expected_key(const in_field *g, int next, const unsigned char *p, const unsigned char *e)
{
    if (next >= g->nchildren || !g->names) return -1;
    uint32_t len = g->names->lens[next];
    if ((size_t)(e - p) < (size_t)len + 2 || p[len + 1] != '"') return -1;
    return same_name(g->children[next].name, (const char *)p + 1, len) ? next : -1;
}

/* The child of g named k: the one after the last match first. */
static int match_child(const in_field *g, member_key *k, int next)
{
    const name_table *t = g->names;
    if (!t) return -1;
    if (next < g->nchildren && t->lens[next] == k->len && same_name(g->children[next].name, k->text, k->len))
        return next;
    uint32_t j = rd_key_hash(k) & (t->cap - 1);
    while (t->slots[j]) {
        int i = t->slots[j] - 1;
        if (t->lens[i] == k->len && same_name(g->children[i].name, k->text, k->len)) return i;
        j = (j + 1) & (t->cap - 1);
    }
    return -1;
}

/* ---- readers ----------------------------------------------------------------------------- */

input_reader *input_reader_new(const plan *pl)
{
    input_reader *r = mem_calloc(1, sizeof *r);
    r->pl = pl;
    r->chain_child = -1;
    if (pl && pl->prog->chain_field)
        for (int i = 0; i < pl->input.nchildren; i++)
            if (pl->input.children[i].spec == pl->prog->chain_field) r->chain_child = i;
    return r;
}

const unknown_members *input_reader_unknown(const input_reader *r) { return &r->unknown; }

void input_reader_free(input_reader *r)
{
    if (!r) return;
    mem_free(r->keys);
    mem_free(r->stack);
    buf_free(&r->carry);
    mem_free(r);
}

/* ---- bounds ------------------------------------------------------------------------------- */

static void describe_value(const value *v, char *out, size_t cap)
{
    if (v->kind == VK_NUM) {
        struct buf b = {0};
        num_write(&b, v->n, 0);
        snprintf(out, cap, "%s", b.data);
        buf_free(&b);
    } else if (v->kind == VK_DATE) {
        date_format(v->date, out);
    } else if (v->kind == VK_MONTH) {
        month_format(v->month, out);
    } else if (v->kind == VK_DATETIME) {
        datetime_format(v->dt, out);
    } else {
        snprintf(out, cap, _("the value"));
    }
}

/* Describes a bound: a field's name and value, or just the value (a date
 * or month as such: "2014-12", not "?"). */
static void describe_bound(const pnode *b, const value *v, char *out, size_t cap)
{
    char val[128];
    describe_value(v, val, sizeof val);
    char path[128];
    if (b->op == P_SLOT && b->src && ast_path(b->src, path, sizeof path))
        snprintf(out, cap, "%.100s (%.80s)", path, val);
    else
        snprintf(out, cap, "%s", val);
}

/* Says that v breaches bound b (k: 0 min, 1 max). */
static KH_NOINLINE void report_breach(input_reader *r, const pathseg *path, const value *v, int k, bool strict,
                                      const pnode *bn, const value *b)
{
    char vb[64], bb[192];
    describe_value(v, vb, sizeof vb);
    describe_bound(bn, b, bb, sizeof bb);
    rd_error(r, path, true, "%s is %s %s", vb,
              k == 0 ? (strict ? _("not more than") : _("less than the minimum"))
                     : (strict ? _("not less than") : _("more than the maximum")),
              bb);
}

/* Compares v with bound b of field f (k: 0 min, 1 max); reports a breach. */
static inline void compare_bound(input_reader *r, const in_field *f, const pathseg *path, const value *v, int k,
                                 const pnode *bn, const value *b)
{
    if (b->kind == VK_NONE) return; /* a field the record leaves out: the bound does not apply */
    int c = value_compare(v, b);
    bool strict = k == 0 ? f->min_strict : f->max_strict;
    if (k == 0 ? (strict ? c <= 0 : c < 0) : (strict ? c >= 0 : c > 0)) report_breach(r, path, v, k, strict, bn, b);
}

/* Bounds that are plain numbers are checked as each value is read. */
static void constant_bounds(input_reader *r, const in_field *f, const pathseg *path, const value *v)
{
    if (v->kind == VK_NONE) return;
    const pnode *bounds[2] = {f->min, f->max};
    for (int k = 0; k < 2; k++)
        if (bounds[k] && bounds[k]->op == P_CONST) compare_bound(r, f, path, v, k, bounds[k], &bounds[k]->k);
}

/* A field that bound bn reads and this record leaves out (an optional
 * field with no default), or NULL. */
static const pnode *absent_field(const pnode *bn, const value *slots)
{
    if (!bn) return NULL;
    if (bn->op == P_SLOT) return slots[bn->index].kind == VK_NONE ? bn : NULL;
    const pnode *a = absent_field(bn->a, slots);
    if (!a) a = absent_field(bn->b, slots);
    if (!a) a = absent_field(bn->c, slots);
    for (int i = 0; !a && i < bn->nkids; i++) a = absent_field(bn->kids[i], slots);
    return a;
}

/* Bounds that name other fields (`within 0..workdays`), once all are read.
 * A bound that reads a field the record leaves out does not apply, whether
 * it is that field (compare_bound) or an expression over it (days * 2):
 * no value, 0 least of all, stands in for the field. */
static void field_bounds(input_reader *r, const in_field *g, const pathseg *at, const value *params, evalctx *ctx,
                         bool *ctx_ready)
{
    for (int j = 0; j < g->names->nbounded; j++) {
        int i = g->names->bounded[j];
        const in_field *f = &g->children[i];
        pathseg seg = {at, SEG_NAME, (uint32_t)i, f->name, g->names->lens[i]};
        if (f->is_group) {
            field_bounds(r, f, &seg, params, ctx, ctx_ready);
            continue;
        }
        const value *v = &r->slots[f->slot];
        if (v->kind == VK_NONE) continue;
        const pnode *bounds[2] = {f->min, f->max};
        for (int k = 0; k < 2; k++) {
            const pnode *bn = bounds[k];
            if (!bn || bn->op == P_CONST) continue;
            if (absent_field(bn, r->slots)) continue;
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
                    rd_error(r, &seg, true, "its %s cannot be worked out: %s", k == 0 ? _("minimum") : _("maximum"), ctx->err);
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
 * group, all of its fields.  left_out: an optional group around f is left
 * out, so a required field of it is absent too (field_spec_may_be_absent:
 * what reads it is guarded as for an optional field), not missing. */
static void absent(input_reader *r, const in_field *f, const pathseg *path, value *dst, bool in_entry, bool left_out)
{
    if (f->is_group) {
        value *items = in_entry ? arena_alloc(r->ar, (size_t)(f->nchildren ? f->nchildren : 1) * sizeof *items) : NULL;
        for (int i = 0; i < f->nchildren; i++) {
            const in_field *c = &f->children[i];
            pathseg seg = field_seg(path, f, i);
            value ignored;
            absent(r, c, &seg, in_entry ? &items[i] : c->slot >= 0 ? &r->slots[c->slot] : &ignored, in_entry,
                   left_out || f->optional);
        }
        if (in_entry) *dst = value_record(items, (uint32_t)f->nchildren);
        return;
    }
    if (f->has_default) {
        *dst = f->dflt;
        return;
    }
    *dst = (value){.kind = VK_NONE};
    if (!f->optional && !left_out) rd_error(r, path, false, "missing");
}

/* A list of records (its '[' at *pp): each entry an object of f's fields. */
static bool read_records(input_reader *r, const unsigned char **pp, const in_field *f, const pathseg *path,
                         value *out)
{
    const unsigned char *p = *pp, *e = r->w.end;
    size_t base = r->sn;
    rd_array_at st = rd_array_open(r, &p);
    scan_context ctx = SCAN_AT_ARRAY_FIRST;
    for (uint32_t n = 0; st == RD_ARRAY_ENTRY; n++, ctx = SCAN_AT_ARRAY_NEXT) {
        if (p == e) return rd_fault(r, ctx, p);
        pathseg seg = {path, SEG_ENTRY, n, NULL, 0};
        value v = {.kind = VK_NONE};
        if (*p == '{') {
            value *items = arena_alloc(r->ar, (size_t)(f->nchildren ? f->nchildren : 1) * sizeof *items);
            if (!read_object(r, &p, f, &seg, items)) return false;
            v = value_record(items, (uint32_t)f->nchildren);
        } else {
            const char *kind = rd_kind_of(*p);
            if (!rd_skip(r, &p, ctx, NULL, false)) return false;
            rd_error(r, &seg, false, "expected an object, found %s", kind);
        }
        rd_push(r, v);
        st = rd_array_step(r, &p);
    }
    if (st == RD_ARRAY_FAULT) return false;
    *pp = p;
    *out = rd_list(r, base);
    return true;
}

/* The value at *pp of field f (at `path`) into *dst: a slot, or the field's
 * place in a list entry's record (in_entry). */
static bool read_member(input_reader *r, const unsigned char **pp, const in_field *f, const pathseg *path, value *dst,
                        bool in_entry)
{
    const unsigned char *p = *pp;
    if (p == r->w.end) return rd_fault(r, SCAN_AT_MEMBER_VALUE, p);
    unsigned char c = *p;
    if (c == 'n') {
        if (!rd_literal(r, pp, "null")) return false;
        absent(r, f, path, dst, in_entry, false);
        return true;
    }
    if (f->is_group) {
        if (c != '{') {
            rd_error(r, path, false, "expected an object, found %s", rd_kind_of(c));
            return rd_skip(r, pp, SCAN_AT_MEMBER_VALUE, NULL, false);
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
            rd_error(r, path, false, "expected a list, found %s", rd_kind_of(c));
            *dst = v;
            return rd_skip(r, pp, SCAN_AT_MEMBER_VALUE, NULL, false);
        }
        if (!read_records(r, pp, f, path, &v)) return false;
    } else {
        char why[256];
        int rc = rd_typed(r, pp, f->type, SCAN_AT_MEMBER_VALUE, &v, why, sizeof why);
        if (rc < 0) return false;
        if (c == '"' && !r->id && f->slot >= 0 && f->slot == r->pl->key_slot) {
            size_t len;
            r->id = v.kind == VK_TEXT ? v.s : NULL;
            if (!r->id) {
                const char *s = rd_text(r, &len);
                r->id = r->str_escaped ? s : arena_strndup_bytes(r->ar, s, len);
            }
        }
        if (rc == 0) {
            rd_error(r, path, false, "%s", why);
            *dst = v;
            return true;
        }
    }
    *dst = v;
    if (f->min || f->max) constant_bounds(r, f, path, &v);
    if (f->is_list && f->max_entries >= 0 && v.len > (uint32_t)f->max_entries)
        rd_error(r, path, true, "has %u entries; at most %d are allowed", v.len, f->max_entries);
    if (f->not_empty && v.kind == VK_TEXT && v.len == 0) rd_error(r, path, true, "must not be empty");
    return true;
}

/* What an object's reader has done with each field of its group. */
typedef enum member_seen {
    MEMBER_UNSEEN = 0, /* (zeroed memory): absent, unless read later */
    MEMBER_READ,
    MEMBER_DEFERRED,   /* the chained field: read once the carry is known */
} member_seen;

/* The chained group, once the record's other members are read: the carry
 * the hook gives, else the record's own value (MEMBER_DEFERRED), else absent.  When
 * the hook refuses the record, it is noted and the group left absent: the
 * rest of the text is still checked, a fault of the JSON coming first. */
static bool read_chained(input_reader *r, const in_field *g, uint8_t *seen)
{
    int i = r->chain_child;
    const in_field *f = &g->children[i];
    pathseg seg = field_seg(NULL, g, i);
    value ignored;
    bool own = seen[i] == MEMBER_DEFERRED && *r->own != 'n'; /* given, and not null */
    const cJSON *carry = NULL;
    if (!r->chain->carry(r->chain->ud, r->id, r->slots, own, &carry, r->chain_err, sizeof r->chain_err)) {
        r->chain_refused = true;
        seen[i] = MEMBER_READ;
        return true;
    }
    if (carry) {
        r->carry.len = 0;
        input_cjson_text(&r->carry, carry);
        scan_window main_text = r->w;
        r->w = (scan_window){(const unsigned char *)r->carry.data, (const unsigned char *)r->carry.data + r->carry.len,
                             main_text.base, true};
        const unsigned char *p = r->w.start;
        bool ok = read_member(r, &p, f, &seg, &ignored, false);
        r->w = main_text;
        seen[i] = MEMBER_READ;
        return ok;
    }
    if (seen[i] == MEMBER_DEFERRED) {
        const unsigned char *p = r->own;
        seen[i] = MEMBER_READ;
        return read_member(r, &p, f, &seg, &ignored, false);
    }
    return true;
}

/* The object at *pp as the fields of group g: at the record level (items
 * NULL) its leaves go to their slots; in a list entry, into items. */
static bool read_object(input_reader *r, const unsigned char **pp, const in_field *g, const pathseg *at, value *items)
{
    const unsigned char *p = *pp, *e = r->w.end;
    if (!rd_open(r, p)) return false;
    int n = g->nchildren;
    uint8_t seen_here[64];
    uint8_t *seen = n <= 64 ? seen_here : arena_alloc(r->ar, (size_t)n);
    memset(seen, 0, (size_t)n);
    bool chained = r->chain && r->chain_child >= 0 && !items && g == &r->pl->input;
    uint32_t object = 0; /* in the table of keys, once a key not in g comes */
    int next = 0;
    value ignored;
    p = rd_ws(p + 1, e);
    if (p < e && *p == '}') {
        p++;
    } else {
        scan_context ctx = SCAN_AT_OBJECT_FIRST;
        for (;;) {
            if (p == e || *p != '"') return rd_fault(r, ctx, p);
            member_key k;
            int i = expected_key(g, next, p, e);
            if (i >= 0) {
                p += g->names->lens[i] + 2;
            } else if (!rd_key(r, &p, &k)) {
                return false;
            }
            p = rd_ws(p, e);
            if (p == e || *p != ':') return rd_fault(r, SCAN_AT_COLON, p);
            p = rd_ws(p + 1, e);
            if (i < 0) i = match_child(g, &k, next);
            if (i >= 0) {
                pathseg seg = field_seg(at, g, i);
                const in_field *f = &g->children[i];
                if (seen[i]) {
                    rd_duplicate(r, &seg);
                    if (!rd_skip(r, &p, SCAN_AT_MEMBER_VALUE, NULL, false)) return false;
                } else if (chained && i == r->chain_child) {
                    seen[i] = MEMBER_DEFERRED;
                    r->own = p;
                    if (!rd_skip(r, &p, SCAN_AT_MEMBER_VALUE, NULL, false)) return false;
                } else {
                    seen[i] = MEMBER_READ;
                    next = i + 1;
                    value *dst = items ? &items[i] : f->slot >= 0 ? &r->slots[f->slot] : &ignored;
                    if (!read_member(r, &p, f, &seg, dst, items != NULL)) return false;
                }
            } else {
                pathseg seg = {at, SEG_NAME, 0, k.text, k.len};
                unknown_members_add(&r->unknown, g, &r->pl->input, k.text, k.len);
                if (!object) object = ++r->objects;
                if (rd_key_seen(r, object, &k)) rd_duplicate(r, &seg);
                if (!rd_skip(r, &p, SCAN_AT_MEMBER_VALUE, &seg, true)) return false;
            }
            p = rd_ws(p, e);
            if (p < e && *p == ',') {
                p = rd_ws(p + 1, e);
                ctx = SCAN_AT_OBJECT_NEXT;
                continue;
            }
            if (p < e && *p == '}') {
                p++;
                break;
            }
            return rd_fault(r, SCAN_AT_AFTER_MEMBER, p);
        }
    }
    r->depth--;
    *pp = p;
    if (chained && !read_chained(r, g, seen)) return false;
    for (int i = 0; i < n; i++) {
        if (seen[i]) continue;
        const in_field *f = &g->children[i];
        pathseg seg = field_seg(at, g, i);
        absent(r, f, &seg, items ? &items[i] : f->slot >= 0 ? &r->slots[f->slot] : &ignored, items != NULL, false);
    }
    return true;
}

/* After the value: blanks up to the end of its line. */
static bool read_trailer(input_reader *r, const unsigned char *p)
{
    for (; p < r->w.end && *p != '\n'; p++) {
        if (*p == ' ' || *p == '\t' || *p == '\r') continue;
        r->sc.err_pos = r->w.base + (size_t)(p - r->w.start);
        snprintf(r->sc.err_msg, sizeof r->sc.err_msg, _("invalid JSON: unexpected data after the value"));
        r->failed = true;
        return false;
    }
    return true;
}

/* Reads a whole record: the object, or whatever else it is. */
static const char *read_whole(input_reader *r)
{
    const unsigned char *p = rd_ws(r->w.start, r->w.end);
    const char *not_object = NULL;
    bool ok;
    if (p < r->w.end && *p == '{') {
        ok = read_object(r, &p, &r->pl->input, NULL, NULL);
    } else {
        unsigned char c = p < r->w.end ? *p : 0;
        ok = rd_skip(r, &p, SCAN_AT_TOP, NULL, false);
        if (ok) not_object = rd_kind_of(c);
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
    rd_begin(r, t->text, t->len, t->offset, ar, slots, chain);
    for (int i = 0; i < pl->nslots; i++) slots[i] = (value){.kind = VK_NONE};
    err[0] = '\0';
    const char *not_object = read_whole(r);
    *id = r->id;
    if (r->failed) {
        r->chain_refused = false;
        locate(t, r->sc.err_pos, r->sc.err_msg, err, cap);
        return false;
    }
    if (r->sc.content_pos != SCAN_NO_POS) {
        r->chain_refused = false;
        locate(t, r->sc.content_pos, r->sc.content_msg, err, cap);
        return false;
    }
    if (r->chain_refused) {
        snprintf(err, cap, "%s", r->chain_err);
        return false;
    }
    if (not_object) {
        snprintf(err, cap, _("a record must be a JSON object, not %s"), not_object);
        return false;
    }
    if (r->has_dup) { /* a repeated key makes the record ambiguous: that alone is said */
        snprintf(err, cap, _("field '%s' is given twice"), r->dup);
        return false;
    }
    if (r->count == 0 && pl->input.names && pl->input.names->nbounded) {
        evalctx ctx;
        memset(&ctx, 0, sizeof ctx);
        bool ready = false;
        field_bounds(r, &pl->input, NULL, params, &ctx, &ready);
    }
    rd_join_errors(r, err, cap);
    return r->count == 0;
}

bool input_read_refused_by_chain(const input_reader *r) { return r->chain_refused; }

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

