/*
 * input_reader.h — the one-pass record reader's parts (private to
 * input.c, input_json.c and input_value.c).
 *
 * input_json.c is the reader's JSON layer: faults (with jsonin_scan's
 * messages), tokens, member keys, paths, the errors of fields in the
 * schema's order, keys given twice, and values skipped.  input_value.c
 * turns one JSON value into a value of a given type.  input.c reads
 * records: objects as groups of the schema, slots, defaults, bounds.
 */
#ifndef KH_INPUT_READER_H
#define KH_INPUT_READER_H

#include "input.h"
#include "jsonin.h"
#include "jsonin_scan.h"
#include "unknown_members.h"

#define ERR_SHOWN 8          /* errors written into a record's message */

/* A member key as the reader holds it: its text unescaped (pointing into
 * the record when it has no escape). */
typedef struct member_key {
    const char *text;
    uint32_t len;
    uint32_t hash;
    bool hashed;
} member_key;


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
    bool chain_refused;         /* the chain's hook refused the record */
    char chain_err[512];
    buf carry;                  /* the carry's JSON text */
    unknown_members unknown;    /* over every record this reader read */
};

static inline const unsigned char *rd_ws(const unsigned char *p, const unsigned char *e)
{
    while (p < e && (*p == ' ' || *p == '\n' || *p == '\r' || *p == '\t')) p++;
    return p;
}

static inline bool rd_number_start(unsigned char c) { return c == '-' || (c >= '0' && c <= '9'); }

/* ---- input_json.c ---------------------------------------------------------- */

/* Starts reading text (its first byte at input offset `offset`). */
void rd_begin(input_reader *r, const char *text, size_t len, size_t offset, arena *ar, value *slots,
              const input_chain *chain);
/* A fault: byte p cannot come at ctx (or the text ends there).  False. */
bool rd_fault(input_reader *r, scan_context ctx, const unsigned char *p);
/* A container opens at p: false (a fault) when it is one level too deep. */
bool rd_open(input_reader *r, const unsigned char *p);
/* What a JSON value starting with c is, for messages ("a number"). */
const char *rd_kind_of(unsigned char c);

/* Where an array's walk stands: at an entry, past its ']' (the level
 * closed), or at a fault (said already). */
typedef enum rd_array_at { RD_ARRAY_FAULT, RD_ARRAY_ENTRY, RD_ARRAY_END } rd_array_at;

/* Opens the array whose '[' is at *pp: RD_ARRAY_ENTRY with *pp at its first
 * entry, RD_ARRAY_END with *pp past "[]", or RD_ARRAY_FAULT (too deep). */
static inline rd_array_at rd_array_open(input_reader *r, const unsigned char **pp)
{
    const unsigned char *p = *pp, *e = r->w.end;
    if (!rd_open(r, p)) return RD_ARRAY_FAULT;
    p = rd_ws(p + 1, e);
    if (p < e && *p == ']') {
        r->depth--;
        *pp = p + 1;
        return RD_ARRAY_END;
    }
    *pp = p;
    return RD_ARRAY_ENTRY;
}

/* The step after an entry (*pp just past it): ',' and on to the next entry
 * (RD_ARRAY_ENTRY), or ']' and the array closed (RD_ARRAY_END), or a fault.
 * The entries after the first are read at SCAN_AT_ARRAY_NEXT. */
static inline rd_array_at rd_array_step(input_reader *r, const unsigned char **pp)
{
    const unsigned char *p = rd_ws(*pp, r->w.end), *e = r->w.end;
    if (p < e && *p == ',') {
        *pp = rd_ws(p + 1, e);
        return RD_ARRAY_ENTRY;
    }
    if (p < e && *p == ']') {
        r->depth--;
        *pp = p + 1;
        return RD_ARRAY_END;
    }
    rd_fault(r, SCAN_AT_AFTER_ELEMENT, p);
    return RD_ARRAY_FAULT;
}

/* Tokens at *pp, checked, *pp moved past them; false on a fault.  A
 * string's bytes are r->str (rd_text gives its text). */
bool rd_string(input_reader *r, const unsigned char **pp);
bool rd_key(input_reader *r, const unsigned char **pp, member_key *k);
bool rd_literal(input_reader *r, const unsigned char **pp, const char *word);
bool rd_number(input_reader *r, const unsigned char **pp);
/* The last string's text: in place when it has no escape (not NUL-ended),
 * else unescaped into the arena (NUL-ended). */
const char *rd_text(input_reader *r, size_t *len);

uint32_t rd_key_hash(member_key *k);
/* True when object `object` of the record already has key k. */
bool rd_key_seen(input_reader *r, uint32_t object, member_key *k);
/* A value at *pp checked and skipped (see input_json.c). */
bool rd_skip(input_reader *r, const unsigned char **pp, scan_context ctx, const pathseg *at, bool dups);

/* Entries of the lists being read: one more, and the list of those pushed
 * since `base` (popped, copied into the arena). */
void rd_push(input_reader *r, value v);
value rd_list(input_reader *r, size_t base);

/* An error of the field at `at` (after: found once its value was read). */
void rd_error(input_reader *r, const pathseg *at, bool after, const char *fmt, ...) __attribute__((format(printf, 4, 5)));
/* The first key found twice in one object (its path). */
void rd_duplicate(input_reader *r, const pathseg *at);
/* The errors' message: the first ERR_SHOWN, joined with "; ". */
void rd_join_errors(const input_reader *r, char *err, size_t cap);

/* ---- input_value.c --------------------------------------------------------- */

/* The value at *pp as a value of type t.  1: *out holds it; 0: it is not
 * one (why says so; the value was checked and skipped); -1: a fault.
 * rd_typed takes the usual number inline (rd_plain_number), anything else
 * here. */
int rd_typed_any(input_reader *r, const unsigned char **pp, const ktype *t, scan_context ctx, value *out, char *why,
                 size_t cap);

/* The usual JSON number at *pp, read by num_parse_prefix in the pass that
 * checks it (JSON's one rule it does not know: no leading zero).  False
 * leaves the number to the scanner and num_parse_exact. */
static inline bool rd_short_number(const input_reader *r, const unsigned char **pp, kh_num *out)
{
    const unsigned char *p = *pp, *e = r->w.end;
    const unsigned char *d = p + (*p == '-');
    if (d < e && *d == '0' && d + 1 < e && d[1] >= '0' && d[1] <= '9') return false;
    size_t used = num_parse_prefix((const char *)p, (size_t)(e - p), out);
    if (!used) return false;
    *pp = p + used;
    return true;
}

/* Whether n may be a value of numeric type t: whole for an integer, cents
 * for money. */
static inline bool rd_number_fits(const ktype *t, kh_num n)
{
    return t->kind == T_INT ? num_is_int(n) : t->kind != T_MONEY || num_is_cents(n);
}

/* A usual number that is a value of numeric type t (rd_number_fits), into
 * *out; false leaves *pp where it was. */
static inline bool rd_plain_number(const input_reader *r, const unsigned char **pp, const ktype *t, value *out)
{
    const unsigned char *p = *pp;
    kh_num n;
    if (!type_is_numeric(t) || p == r->w.end || !rd_number_start(*p) || !rd_short_number(r, &p, &n)) return false;
    if (!rd_number_fits(t, n)) return false;
    *pp = p;
    *out = value_num(n);
    return true;
}

static inline int rd_typed(input_reader *r, const unsigned char **pp, const ktype *t, scan_context ctx, value *out,
                           char *why, size_t cap)
{
    if (rd_plain_number(r, pp, t, out)) return 1;
    return rd_typed_any(r, pp, t, ctx, out, why, cap);
}

#endif
