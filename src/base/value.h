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

static inline value value_bool(bool b) { value v = {.kind = VK_BOOL, .b = b}; return v; }
static inline value value_num(kh_num n) { value v = {.kind = VK_NUM, .n = n}; return v; }
static inline value value_int(int64_t i) { value v = {.kind = VK_NUM, .n = {.num = i, .den = 1}}; return v; }
static inline value value_text(const char *s, uint32_t len) { value v = {.kind = VK_TEXT, .len = len, .s = s}; return v; }
static inline value value_enum(const char *s, uint32_t index) { value v = {.kind = VK_ENUM, .len = index, .s = s}; return v; }
static inline value value_date(int32_t d) { value v = {.kind = VK_DATE, .date = d}; return v; }
static inline value value_datetime(int64_t t) { value v = {.kind = VK_DATETIME, .dt = t}; return v; }
static inline value value_month(int32_t m) { value v = {.kind = VK_MONTH, .month = m}; return v; }
static inline value value_list(const value *items, uint32_t n) { value v = {.kind = VK_LIST, .len = n, .items = items}; return v; }
static inline value value_record(const value *items, uint32_t n) { value v = {.kind = VK_RECORD, .len = n, .items = items}; return v; }

/* Text of a VK_TEXT or VK_ENUM value. */
static inline uint32_t value_text_len(const value *v) { return v->kind == VK_ENUM ? (uint32_t)strlen(v->s) : v->len; }

/* Equality for =, != and `in` (numbers exactly; texts and enums by bytes). */
bool value_equal(const value *a, const value *b);
/* Ordering for <, min, max and sorting (same kinds only). */
int value_compare(const value *a, const value *b);
/* A scalar value that lives in A: a text or a big number copied there
 * (lists and records are not copied). */
value value_keep(arena *A, value v);

#endif
