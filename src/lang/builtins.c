/*
 * builtins.c — the table of built-in functions.
 */
#include "builtins.h"

#include <string.h>

static const builtin table[] = {
    {"round", BI_ROUND, 2, 2, "round(x, places)"},
    {"round_half_even", BI_ROUND_HALF_EVEN, 2, 2, "round_half_even(x, places)"},
    {"truncate", BI_TRUNCATE, 2, 2, "truncate(x, places)"},
    {"floor", BI_FLOOR, 1, 2, "floor(x) or floor(x, places)"},
    {"ceil", BI_CEIL, 1, 2, "ceil(x) or ceil(x, places)"},
    {"abs", BI_ABS, 1, 1, "abs(x)"},
    {"min", BI_MIN, 1, 64, "min(a, b, ...) or min(x over list where condition)"},
    {"max", BI_MAX, 1, 64, "max(a, b, ...) or max(x over list where condition)"},
    {"sum", BI_SUM, 1, 1, "sum(list) or sum(x over list where condition)"},
    {"count", BI_COUNT, 1, 1, "count(list) or count(list where condition)"},
    {"mean", BI_MEAN, 1, 1, "mean(list) or mean(x over list where condition)"},
    {"any", BI_ANY, 1, 1, "any(list) or any(condition over list)"},
    {"all", BI_ALL, 1, 1, "all(list) or all(condition over list)"},
    {"last", BI_LAST, 2, 2, "last(list, n)"},
    {"append", BI_APPEND, 2, 2, "append(list, value)"},
    {"month_of", BI_MONTH_OF, 1, 1, "month_of(date)"},
    {"date_of", BI_DATE_OF, 1, 1, "date_of(datetime)"},
    {"days_between", BI_DAYS_BETWEEN, 2, 2, "days_between(first date, second date)"},
    {"months_between", BI_MONTHS_BETWEEN, 2, 2, "months_between(first month, second month)"},
    {"date", BI_DATE, 1, 3, "date(\"YYYY-MM-DD\") or date(year, month, day)"},
    {"month", BI_MONTH, 1, 1, "month(\"YYYY-MM\")"},
    {"apportion", BI_APPORTION, 3, 3, "apportion(pool, weight over roster, ties by key)"},
    {"days_in_month", BI_DAYS_IN_MONTH, 1, 1, "days_in_month(month)"},
    {"first_day", BI_FIRST_DAY, 1, 1, "first_day(month)"},
    {"last_day", BI_LAST_DAY, 1, 1, "last_day(month)"},
    {"mod", BI_MOD, 2, 2, "mod(a, b)"},
};

#define NBUILTINS (sizeof table / sizeof table[0])

static const char *const names[NBUILTINS] = {
    "round", "round_half_even", "truncate", "floor", "ceil", "abs", "min", "max", "sum", "count", "mean",
    "any", "all", "last", "append", "month_of", "date_of", "days_between", "months_between", "date",
    "month", "apportion", "days_in_month", "first_day", "last_day", "mod",
};

const builtin *builtin_lookup(const char *name)
{
    for (size_t i = 0; i < NBUILTINS; i++)
        if (strcmp(table[i].name, name) == 0) return &table[i];
    return NULL;
}

const char *const *builtin_names(int *n)
{
    *n = (int)NBUILTINS;
    return names;
}
