/*
 * input.c — a JSON record to input slots, checked against the schema.
 */
#include "input.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "buf.h"
#include "dates.h"
#include "eval.h"
#include "jsonin.h"

/* Where a field is: rendered as "deals[2].profit" only when an error needs it. */
typedef struct pathseg {
    const struct pathseg *up;
    const char *name;   /* a field name, or NULL for a list entry */
    int index;          /* list entry: 0-based */
} pathseg;

static size_t render_path(const pathseg *p, char *out, size_t cap)
{
    if (!p) return 0;
    size_t n = render_path(p->up, out, cap);
    if (n >= cap) return n;
    int k = p->name ? snprintf(out + n, cap - n, "%s%s", n ? "." : "", p->name)
                    : snprintf(out + n, cap - n, "[%d]", p->index + 1);
    return k > 0 ? n + (size_t)k : n;
}

/* Errors of one record, joined with "; ". */
typedef struct errbuf {
    char *buf;
    size_t cap, len;
    int count;
} errbuf;

static void add_error(errbuf *e, const pathseg *at, const char *fmt, ...) __attribute__((format(printf, 3, 4)));

static void add_error(errbuf *e, const pathseg *at, const char *fmt, ...)
{
    if (e->count++ >= 8 || e->len + 8 >= e->cap) return;
    char path[256];
    path[0] = '\0';
    render_path(at, path, sizeof path);
    int n = snprintf(e->buf + e->len, e->cap - e->len, "%sfield '%s': ", e->len ? "; " : "", path);
    if (n > 0) e->len += (size_t)n;
    if (e->len >= e->cap) { e->len = e->cap - 1; return; }
    va_list ap;
    va_start(ap, fmt);
    n = vsnprintf(e->buf + e->len, e->cap - e->len, fmt, ap);
    va_end(ap);
    if (n > 0) e->len += (size_t)n;
    if (e->len >= e->cap) e->len = e->cap - 1;
}

/* ---- name tables ----------------------------------------------------------- */

static uint32_t name_hash(const char *s)
{
    uint32_t h = 2166136261u;
    for (; *s; s++) h = (h ^ (unsigned char)*s) * 16777619u;
    return h;
}

typedef struct name_table {
    int cap;          /* power of two */
    int32_t *slots;   /* child index + 1, 0 empty */
} name_table;

static void prepare_field(arena *A, in_field *f)
{
    if (!f->nchildren) return;
    name_table *t = arena_zalloc(A, sizeof *t);
    t->cap = 8;
    while (t->cap < 2 * f->nchildren) t->cap *= 2;
    t->slots = arena_zalloc(A, (size_t)t->cap * sizeof *t->slots);
    for (int i = 0; i < f->nchildren; i++) {
        uint32_t j = name_hash(f->children[i].name) & (uint32_t)(t->cap - 1);
        while (t->slots[j]) j = (j + 1) & (uint32_t)(t->cap - 1);
        t->slots[j] = (int32_t)(i + 1);
        prepare_field(A, &f->children[i]);
    }
    f->names = t;
}

void input_prepare(plan *pl) { prepare_field(pl->A, &pl->input); }

static int child_index(const in_field *f, const char *name)
{
    const name_table *t = f->names;
    if (!t) return -1;
    uint32_t j = name_hash(name) & (uint32_t)(t->cap - 1);
    while (t->slots[j]) {
        int i = t->slots[j] - 1;
        if (strcmp(f->children[i].name, name) == 0) return i;
        j = (j + 1) & (uint32_t)(t->cap - 1);
    }
    return -1;
}

/* ---- scalars ------------------------------------------------------------- */

static const char *json_kind(const cJSON *j)
{
    if (cJSON_IsString(j)) return "a text";
    if (cJSON_IsNumber(j)) return "a number";
    if (cJSON_IsBool(j)) return "true/false";
    if (cJSON_IsArray(j)) return "a list";
    if (cJSON_IsObject(j)) return "an object";
    return "null";
}

/* Says why a number read from `text` (NULL: from a double) is refused. */
static __attribute__((noinline)) bool number_refused(num_status st, const char *text, char *why, size_t cap)
{
    if (text) snprintf(why, cap, "the number %.40s%s %s", text, strlen(text) > 40 ? "..." : "", num_status_text(st));
    else snprintf(why, cap, "the number %s", num_status_text(st));
    return false;
}

/* A number given as text (a JSON string, or a JSON number whose text the
 * reader kept), read exactly. */
static __attribute__((noinline)) bool read_number_text(const cJSON *j, bool allow_text, arena *ar, kh_num *out, char *why,
                                                     size_t cap)
{
    const char *text = j->valuestring;
    if (cJSON_IsNumber(j)) {
        num_status st = num_parse_exact(ar, text, strlen(text), out);
        return st == NUM_OK || number_refused(st, text, why, cap);
    }
    if (allow_text && cJSON_IsString(j)) {
        num_status st = num_parse_exact(ar, text, strlen(text), out);
        if (st == NUM_SYNTAX) { snprintf(why, cap, "\"%.40s\" is not a number", text); return false; }
        return st == NUM_OK || number_refused(st, text, why, cap);
    }
    snprintf(why, cap, "expected a number, found %s", json_kind(j));
    return false;
}

/* Reads a number exactly: a JSON number with at most 15 digits and no
 * exponent through its double, which gives it back exactly; any other from
 * its text (json_numtext.c keeps the text of every number a double may not
 * hold). */
static bool read_number(const cJSON *j, bool allow_text, arena *ar, kh_num *out, char *why, size_t cap)
{
    /* cJSON_IsNumber(j), without the call (cJSON.h: the low byte of type) */
    if ((j->type & 0xFF) != cJSON_Number || j->valuestring) return read_number_text(j, allow_text, ar, out, why, cap);
    num_status st = num_from_double15(ar, j->valuedouble, out);
    if (st == NUM_OK) return true;
    if (st == NUM_SYNTAX) { snprintf(why, cap, "is not a finite number"); return false; }
    return number_refused(st, NULL, why, cap);
}

bool input_convert(const ktype *t, const cJSON *j, arena *ar, value *out, char *err, size_t cap)
{
    switch (t->kind) {
    case T_BOOL:
        if (!cJSON_IsBool(j)) { snprintf(err, cap, "expected true or false, found %s", json_kind(j)); return false; }
        *out = value_bool(cJSON_IsTrue(j));
        return true;
    case T_INT: {
        kh_num n;
        if (!read_number(j, false, ar, &n, err, cap)) return false;
        if (!num_is_int(n)) { snprintf(err, cap, "expected a whole number"); return false; }
        *out = value_num(n);
        return true;
    }
    case T_DEC:
    case T_MONEY: {
        kh_num n;
        if (!read_number(j, true, ar, &n, err, cap)) return false;
        if (t->kind == T_MONEY && !num_is_cents(n)) {
            snprintf(err, cap, "an amount of money has at most 2 decimals");
            return false;
        }
        *out = value_num(n);
        return true;
    }
    case T_TEXT:
    case T_ENUM: {
        if (!cJSON_IsString(j)) { snprintf(err, cap, "expected a text, found %s", json_kind(j)); return false; }
        const char *s = j->valuestring;
        size_t len = strlen(s);
        if (t->kind == T_ENUM) {
            int k = type_enum_index(t, s, len);
            if (k < 0) {
                char vals[256];
                type_name(t, vals, sizeof vals);
                snprintf(err, cap, "\"%.40s\" is not allowed (%s)", s, vals);
                return false;
            }
            *out = value_enum(t->values[k], (uint32_t)k);
            return true;
        }
        *out = value_text(arena_strndup(ar, s, len), (uint32_t)len);
        return true;
    }
    case T_DATE:
    case T_DATETIME:
    case T_MONTH: {
        if (!cJSON_IsString(j)) { snprintf(err, cap, "expected a %s in quotes, found %s", t->kind == T_DATE ? "date" : t->kind == T_MONTH ? "month" : "date-time", json_kind(j)); return false; }
        const char *s = j->valuestring;
        size_t len = strlen(s);
        char kind = t->kind == T_DATE ? 'd' : t->kind == T_MONTH ? 'm' : 't';
        bool ok;
        if (kind == 'd') { int32_t d; ok = date_parse(s, len, &d); *out = value_date(d); }
        else if (kind == 'm') { int32_t m; ok = month_parse(s, len, &m); *out = value_month(m); }
        else { int64_t x; ok = datetime_parse(s, len, &x); *out = value_datetime(x); }
        if (!ok) dates_explain_error(kind, s, len, err, cap);
        return ok;
    }
    case T_LIST: {
        if (!cJSON_IsArray(j)) { snprintf(err, cap, "expected a list, found %s", json_kind(j)); return false; }
        int n = cJSON_GetArraySize(j);
        value *items = arena_alloc(ar, (size_t)(n ? n : 1) * sizeof *items);
        int i = 0;
        for (const cJSON *it = j->child; it; it = it->next, i++) {
            char inner[200];
            if (t->elem && type_is_numeric(t->elem) && !cJSON_IsNumber(it)) {
                /* only money and decimal fields may be written as text, not list entries */
                snprintf(err, cap, "entry %d: expected a number, found %s", i + 1, json_kind(it));
                return false;
            }
            if (!t->elem || !input_convert(t->elem, it, ar, &items[i], inner, sizeof inner)) {
                snprintf(err, cap, "entry %d: %s", i + 1, t->elem ? inner : "unexpected");
                return false;
            }
        }
        *out = value_list(items, (uint32_t)n);
        return true;
    }
    default:
        snprintf(err, cap, "this kind of value cannot be given here");
        return false;
    }
}

/* ---- records ----------------------------------------------------------- */

typedef struct reader {
    const plan *pl;
    arena *ar;
    value *slots;
    errbuf *err;
    char dup[256];   /* the first key found twice in one object ("" if none) */
} reader;

/* Notes the first repeated key (its path: parent path, then the key). */
static void note_duplicate(reader *r, const pathseg *at, const char *key, const char *below)
{
    if (r->dup[0]) return;
    pathseg seg = {at, key, 0};
    size_t n = render_path(&seg, r->dup, sizeof r->dup);
    if (below && below[0] && n < sizeof r->dup)
        snprintf(r->dup + n, sizeof r->dup - n, "%s%s", below[0] == '[' ? "" : ".", below);
    if (!r->dup[0]) snprintf(r->dup, sizeof r->dup, "%s", key);
}

/* Repeated keys among the members the schema does not name, and inside
 * their values (every object of a record must be free of repeats). */
static void unknown_duplicates(reader *r, const pathseg *at, const cJSON **unknown, int n)
{
    for (int i = 0; i < n && !r->dup[0]; i++) {
        for (int k = 0; k < i; k++)
            if (strcmp(unknown[k]->string, unknown[i]->string) == 0) {
                note_duplicate(r, at, unknown[i]->string, NULL);
                return;
            }
        if (unknown[i]->child) {
            char below[200];
            if (jsonin_find_duplicate(unknown[i], below, sizeof below)) note_duplicate(r, at, unknown[i]->string, below);
        }
    }
}

static void read_group(reader *r, const in_field *g, const cJSON *obj, const pathseg *at, value *elem_out);
static void constant_bounds(reader *r, const in_field *f, const pathseg *path, const value *v);

/* A default or absence for field f (and everything below it). */
static void absent(reader *r, const in_field *f, const pathseg *path, value *out)
{
    if (f->is_group) {
        read_group(r, f, NULL, path, out);
        return;
    }
    if (f->has_default) {
        *out = f->dflt;
        return;
    }
    *out = (value){.kind = VK_NONE};
    if (!f->optional) add_error(r->err, path, "missing");
}

static void read_list_of_records(reader *r, const in_field *f, const cJSON *j, const pathseg *path, value *out)
{
    if (!cJSON_IsArray(j)) {
        add_error(r->err, path, "expected a list, found %s", json_kind(j));
        return;
    }
    int n = cJSON_GetArraySize(j);
    value *items = arena_alloc(r->ar, (size_t)(n ? n : 1) * sizeof *items);
    int i = 0;
    for (const cJSON *it = j->child; it; it = it->next, i++) {
        pathseg p = {path, NULL, i};
        if (!cJSON_IsObject(it)) {
            add_error(r->err, &p, "expected an object, found %s", json_kind(it));
            items[i] = (value){.kind = VK_NONE};
            continue;
        }
        read_group(r, f, it, &p, &items[i]);
    }
    *out = value_list(items, (uint32_t)n);
}

static void read_field(reader *r, const in_field *f, const cJSON *j, const pathseg *path, value *out)
{
    char why[256];
    if (!j || cJSON_IsNull(j)) {
        absent(r, f, path, out);
        return;
    }
    if (f->is_group) {
        if (!cJSON_IsObject(j)) {
            add_error(r->err, path, "expected an object, found %s", json_kind(j));
            return;
        }
        read_group(r, f, j, path, out);
        return;
    }
    if (f->elem_record) {
        read_list_of_records(r, f, j, path, out);
    } else if (!input_convert(f->type, j, r->ar, out, why, sizeof why)) {
        add_error(r->err, path, "%s", why);
        *out = (value){.kind = VK_NONE};
        return;
    }
    if (f->min || f->max) constant_bounds(r, f, path, out);
    if (f->is_list && f->max_entries >= 0 && out->len > (uint32_t)f->max_entries)
        add_error(r->err, path, "has %u entries; at most %d are allowed", out->len, f->max_entries);
    if (f->not_empty && out->kind == VK_TEXT && out->len == 0) add_error(r->err, path, "must not be empty");
}

/* Reads the fields of group g from obj (NULL: all absent).  Record-level
 * groups store leaves in slots; list elements build a record in elem_out. */
static void read_group(reader *r, const in_field *g, const cJSON *obj, const pathseg *at, value *elem_out)
{
    const cJSON *found_here[64];
    const cJSON *unknown[32];
    int n = g->nchildren, nunknown = 0;
    /* every field of a wide group (fields past the 256th used to be left
     * unread: absent, and never reported missing) */
    const cJSON **found = n <= 64 ? found_here : arena_alloc(r->ar, (size_t)n * sizeof *found);
    memset(found, 0, (size_t)n * sizeof *found);
    if (obj) {
        int ordinal = 0;
        for (const cJSON *it = obj->child; it; it = it->next, ordinal++) {
            /* records usually list their keys in the schema's order: try
             * that field first, the name table only when it is not */
            int k = ordinal < n && strcmp(g->children[ordinal].name, it->string) == 0 ? ordinal : child_index(g, it->string);
            if (k >= 0) {
                if (found[k]) note_duplicate(r, at, it->string, NULL);
                found[k] = it;
            } else if (nunknown < 32) {
                unknown[nunknown++] = it;
            } else if (!r->dup[0]) {
                /* very many unnamed members: check the whole object */
                char below[200];
                if (jsonin_find_duplicate(obj, below, sizeof below)) note_duplicate(r, at, below, NULL);
            }
        }
        if (nunknown) unknown_duplicates(r, at, unknown, nunknown);
    }
    value *items = NULL;
    if (elem_out) items = arena_alloc(r->ar, (size_t)(n ? n : 1) * sizeof *items);
    for (int i = 0; i < n; i++) {
        const in_field *f = &g->children[i];
        pathseg seg = {at, f->name, 0};
        const pathseg *path = &seg;
        value v = {.kind = VK_NONE};
        if (f->is_group && !elem_out) {
            /* a record-level group: its leaves have slots of their own */
            if (found[i] && !cJSON_IsNull(found[i]) && !cJSON_IsObject(found[i]))
                add_error(r->err, path, "expected an object, found %s", json_kind(found[i]));
            else
                read_group(r, f, found[i] && cJSON_IsObject(found[i]) ? found[i] : NULL, path, NULL);
            continue;
        }
        read_field(r, f, found[i], path, &v);
        if (elem_out) items[i] = v;
        else if (f->slot >= 0) r->slots[f->slot] = v;
    }
    if (elem_out) *elem_out = value_record(items, (uint32_t)n);
}

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
        snprintf(out, cap, "the value");
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

/* Compares v with bound b of field f (k: 0 min, 1 max); reports a breach. */
static void compare_bound(reader *r, const in_field *f, const pathseg *path, const value *v, int k, const pnode *bn,
                          const value *b)
{
    if (b->kind == VK_NONE) return; /* the other field is at fault, and reported */
    int c = value_compare(v, b);
    bool strict = k == 0 ? f->min_strict : f->max_strict;
    bool bad = k == 0 ? (strict ? c <= 0 : c < 0) : (strict ? c >= 0 : c > 0);
    if (!bad) return;
    char vb[64], bb[192];
    describe_value(v, vb, sizeof vb);
    describe_bound(bn, b, bb, sizeof bb);
    add_error(r->err, path, "%s is %s %s", vb,
              k == 0 ? (strict ? "not more than" : "less than the minimum") : (strict ? "not less than" : "more than the maximum"),
              bb);
}

/* Bounds that are plain numbers are checked as each value is read. */
static void constant_bounds(reader *r, const in_field *f, const pathseg *path, const value *v)
{
    if (v->kind == VK_NONE) return;
    const pnode *bounds[2] = {f->min, f->max};
    for (int k = 0; k < 2; k++)
        if (bounds[k] && bounds[k]->op == P_CONST) compare_bound(r, f, path, v, k, bounds[k], &bounds[k]->k);
}

/* Bounds that name other fields (`within 0..workdays`), once all are read. */
static void field_bounds(reader *r, const in_field *g, const pathseg *at, const value *params, evalctx *ctx,
                         bool *ctx_ready)
{
    for (int i = 0; i < g->nchildren; i++) {
        const in_field *f = &g->children[i];
        pathseg seg = {at, f->name, 0};
        if (f->is_group) {
            field_bounds(r, f, &seg, params, ctx, ctx_ready);
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
                    add_error(r->err, &seg, "its %s cannot be worked out: %s", k == 0 ? "minimum" : "maximum", ctx->err);
                    continue;
                }
            }
            compare_bound(r, f, &seg, v, k, bn, &b);
        }
    }
}

bool input_read(const plan *pl, const cJSON *rec, arena *ar, value *slots, const value *params, char *err,
                size_t cap)
{
    errbuf e = {err, cap, 0, 0};
    err[0] = '\0';
    if (!cJSON_IsObject(rec)) {
        snprintf(err, cap, "a record must be a JSON object, not %s", json_kind(rec));
        return false;
    }
    reader r = {pl, ar, slots, &e, ""};
    for (int i = 0; i < pl->nslots; i++) slots[i] = (value){.kind = VK_NONE};
    read_group(&r, &pl->input, rec, NULL, NULL);
    if (r.dup[0]) { /* a repeated key makes the record ambiguous: that alone is said */
        snprintf(err, cap, "field '%s' is given twice", r.dup);
        return false;
    }
    if (e.count == 0) {
        evalctx ctx;
        memset(&ctx, 0, sizeof ctx);
        bool ready = false;
        field_bounds(&r, &pl->input, NULL, params, &ctx, &ready);
    }
    if (e.count > 8 && e.len + 32 < cap) snprintf(err + e.len, cap - e.len, "; and %d more", e.count - 8);
    return e.count == 0;
}

const char *input_key(const plan *pl, const cJSON *rec)
{
    if (pl->key_slot < 0) return NULL;
    const cJSON *j = input_json_at(rec, pl->prog->key->path);
    return j && cJSON_IsString(j) ? j->valuestring : NULL;
}

const cJSON *input_json_at(const cJSON *rec, const char *path)
{
    if (!cJSON_IsObject(rec)) return NULL;
    const cJSON *j = rec;
    const char *p = path;
    char seg[128];
    while (*p && j) {
        const char *dot = strchr(p, '.');
        size_t n = dot ? (size_t)(dot - p) : strlen(p);
        if (n >= sizeof seg) return NULL;
        memcpy(seg, p, n);
        seg[n] = '\0';
        j = cJSON_GetObjectItemCaseSensitive(j, seg);
        p = dot ? dot + 1 : p + n;
    }
    return j;
}
