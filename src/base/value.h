/*
 * value.h — runtime values of a record's evaluation.
 *
 * A value is 24 bytes and never owns heap memory: text, list items, record
 * fields and the digits of big numbers (num.h) live in the record's arena
 * (or in the input buffer, or the policy's arena for constants).  A value
 * kept past its arena is copied (value_keep).  The static type (types.h) says how to read
 * a value; the kind byte is enough to print it.
 */
#ifndef KH_VALUE_H
#define KH_VALUE_H

#include <stdbool.h>
#include <stdint.h>
#include <string.h>

#include "num.h"

typedef enum vkind {
    VK_NONE,      /* absent (not evaluated, or an optional field left out) */
    VK_BOOL,
    VK_NUM,
    VK_TEXT,      /* s, len bytes of UTF-8 */
    VK_ENUM,      /* len = index into the type's values; s = the value's text */
    VK_DATE,
    VK_DATETIME,
    VK_MONTH,
    VK_LIST,      /* len items at items */
    VK_RECORD     /* len fields at items, in the type's field order */
} vkind;

typedef struct value value;
struct value {
    uint8_t kind;
    uint32_t len;
    union {
        bool b;
        kh_num n;
        const char *s;
        int32_t date;
        int64_t dt;
        int32_t month;
        const value *items;
    };
};

/* The constructors set field by field, every byte of the union: a value
 * built by an initializer is assembled on the stack in pieces and copied
 * whole, a stalled store that cost a tenth of evaluating (measured). */
static inline value value_make(uint8_t kind, uint32_t len, int64_t word, int64_t den)
{
    value v;
    v.kind = kind;
    v.len = len;
    v.n.num = word;
    v.n.den = den;
    return v;
}
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
/* a bool, a date or a month is the low bytes of the union's first word */
static inline value value_bool(bool b) { return value_make(VK_BOOL, 0, b, 0); }
static inline value value_date(int32_t d) { return value_make(VK_DATE, 0, (int64_t)(uint32_t)d, 0); }
static inline value value_month(int32_t m) { return value_make(VK_MONTH, 0, (int64_t)(uint32_t)m, 0); }
#else
static inline value value_bool(bool b) { value v = value_make(VK_BOOL, 0, 0, 0); v.b = b; return v; }
static inline value value_date(int32_t d) { value v = value_make(VK_DATE, 0, 0, 0); v.date = d; return v; }
static inline value value_month(int32_t m) { value v = value_make(VK_MONTH, 0, 0, 0); v.month = m; return v; }
#endif
static inline value value_num(kh_num n) { return value_make(VK_NUM, 0, n.num, n.den); }
static inline value value_int(int64_t i) { return value_make(VK_NUM, 0, i, 1); }
static inline value value_text(const char *s, uint32_t len) { value v = value_make(VK_TEXT, len, 0, 0); v.s = s; return v; }
static inline value value_enum(const char *s, uint32_t index) { value v = value_make(VK_ENUM, index, 0, 0); v.s = s; return v; }
static inline value value_datetime(int64_t t) { return value_make(VK_DATETIME, 0, t, 0); }
static inline value value_list(const value *items, uint32_t n) { value v = value_make(VK_LIST, n, 0, 0); v.items = items; return v; }
static inline value value_record(const value *items, uint32_t n) { value v = value_make(VK_RECORD, n, 0, 0); v.items = items; return v; }

/* Text of a VK_TEXT or VK_ENUM value. */
static inline uint32_t value_text_len(const value *v) { return v->kind == VK_ENUM ? (uint32_t)strlen(v->s) : v->len; }

/* Equality for =, != and `in` (numbers exactly; texts and enums by bytes). */
bool value_equal(const value *a, const value *b);
/* Ordering for <, min, max and sorting (same kinds only). */
int value_compare(const value *a, const value *b);
/* A scalar value that lives in A: a text or a big number copied there
 * (lists and records are not copied). */
value value_keep(arena *A, value v);
/* The same for lists and records too: their entries copied into A, deeply. */
value value_keep_deep(arena *A, value v);
/* What evaluation made of v, copied into A: its numbers and the items of its
 * lists and records.  A text stays where it is: evaluation makes none, so
 * it lives in a packed record, the input or the plan already. */
value value_keep_made(arena *A, value v);

#endif
