/*
 * types.h — the static types of policy values.
 *
 * Scalars are shared singletons; lists, records and enumerations are built
 * in the policy's arena.  Numbers come in three kinds that the checker keeps
 * apart: integer, decimal (ratios, rates, percentages) and money.  Money
 * never mixes with a plain number in + or -, and money times money is an
 * error, so "a percent where money is required" is caught before payday.
 */
#ifndef KH_TYPES_H
#define KH_TYPES_H

#include <stdbool.h>
#include <stddef.h>

#include "arena.h"

typedef enum tkind {
    T_ERROR,    /* already reported: silences follow-on errors */
    T_BOOL,
    T_INT,
    T_DEC,
    T_MONEY,
    T_TEXT,
    T_ENUM,     /* text restricted to `values` */
    T_DATE,
    T_DATETIME,
    T_MONTH,
    T_LIST,     /* elem == NULL: the empty list literal, fits any list */
    T_RECORD    /* named fields (input groups, list elements, objects) */
} tkind;

typedef struct ktype ktype;
struct ktype {
    tkind kind;
    const ktype *elem;            /* T_LIST */
    int nfields;                  /* T_RECORD */
    const char **names;
    const ktype **fields;
    int nvalues;                  /* T_ENUM */
    const char **values;
    bool percent;                 /* T_DEC: shown as a per cent (`: percent`) */
};

extern const ktype type_error, type_bool, type_int, type_dec, type_money, type_text,
    type_date, type_datetime, type_month, type_percent;

const ktype *type_list(arena *A, const ktype *elem);
const ktype *type_enum(arena *A, const char **values, int n);
/* A record type; names/fields are copied. */
const ktype *type_record(arena *A, const char **names, const ktype **fields, int n);

static inline bool type_is_numeric(const ktype *t)
{
    return t->kind == T_INT || t->kind == T_DEC || t->kind == T_MONEY;
}
static inline bool type_is_textual(const ktype *t) { return t->kind == T_TEXT || t->kind == T_ENUM; }

/* Index of an enum value / a record field, or -1. */
int type_enum_index(const ktype *t, const char *value, size_t len);
int type_field_index(const ktype *t, const char *name);

/* Types the same for values (enums of any values count as text here). */
bool type_equal(const ktype *a, const ktype *b);
/* The common type of two branches (if/when/tier/list items), or NULL.
 * Integer and decimal join to decimal; enums of string literals join. */
const ktype *type_join(arena *A, const ktype *a, const ktype *b);

/* "money", "list of decimal", "one of \"a\", \"b\"" into buf. */
const char *type_name(const ktype *t, char *buf, size_t cap);
/* A type named in a policy ("money", "integer", ...), or NULL. */
const ktype *type_by_name(const char *name);

#endif
