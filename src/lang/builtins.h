/*
 * builtins.h — the functions a policy can call, in one table.
 *
 * The checker types a call by its builtin's kind; the evaluator runs it by
 * the same kind.  Aggregates (sum, count, mean, min, max, any, all) take a
 * list, or a comprehension over a list or the roster.
 */
#ifndef KH_BUILTINS_H
#define KH_BUILTINS_H

#include <stddef.h>

typedef enum builtin_kind {
    BI_NONE,
    BI_ROUND,          /* round(x, places): half away from zero (四舍五入) */
    BI_ROUND_HALF_EVEN,/* round_half_even(x, places): banker's rounding */
    BI_TRUNCATE,       /* truncate(x, places): toward zero */
    BI_FLOOR,          /* floor(x [, places]) */
    BI_CEIL,           /* ceil(x [, places]) */
    BI_ABS,            /* abs(x) */
    BI_MIN,            /* min(a, b, ...) or min(list / comprehension) */
    BI_MAX,
    BI_SUM,
    BI_COUNT,
    BI_MEAN,
    BI_ANY,
    BI_ALL,
    BI_LAST,           /* last(list, n): the last n entries */
    BI_APPEND,         /* append(list, value) */
    BI_MONTH_OF,       /* month_of(date or datetime) */
    BI_DATE_OF,        /* date_of(datetime) */
    BI_DAYS_BETWEEN,   /* days_between(a, b): b - a in days */
    BI_MONTHS_BETWEEN, /* months_between(a, b): b - a in months */
    BI_DATE,           /* date("2014-06-01") */
    BI_MONTH,          /* month("2014-06") */
    BI_APPORTION,      /* apportion(pool, weight over roster, ties by key) */
    BI_DAYS_IN_MONTH,  /* days_in_month(month or date): 28..31 */
    BI_FIRST_DAY,      /* first_day(month or date): the month's first date */
    BI_LAST_DAY,       /* last_day(month or date): the month's last date */
    BI_MOD,            /* mod(a, b): a - b * floor(a / b), the sign of b */
    BI_COUNT_OF_KINDS
} builtin_kind;

typedef struct builtin {
    const char *name;
    builtin_kind kind;
    int min_args, max_args;
    const char *usage;   /* for messages */
} builtin;

const builtin *builtin_lookup(const char *name);
/* Every builtin name, for did-you-mean. */
const char *const *builtin_names(int *n);
/* The hint for a function name as Excel users write it (IF, ROUND, SUMIF,
 * any case), or NULL; buf (cap bytes) may hold the text returned. */
const char *builtin_excel_hint(const char *name, char *buf, size_t cap);
static inline int builtin_is_aggregate(builtin_kind k)
{
    return k == BI_MIN || k == BI_MAX || k == BI_SUM || k == BI_COUNT || k == BI_MEAN || k == BI_ANY || k == BI_ALL;
}

#endif
