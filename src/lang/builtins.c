/*
 * builtins.c — the table of built-in functions.
 */
#include "builtins.h"

#include "i18n.h"

#include <ctype.h>
#include <stdio.h>
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

/* What Excel users write, and the kaohe for it (matched ignoring case). */
static const struct {
    const char *excel, *hint;
} excel_words[] = {
    {"if", N_("kaohe has no IF function: write `if condition then value else other`")},
    {"ifs", N_("kaohe has no IFS function: write a `when:` block, one `condition -> value` per line")},
    {"and", N_("kaohe has no AND function: write `a and b`")},
    {"or", N_("kaohe has no OR function: write `a or b`")},
    {"not", N_("kaohe has no NOT function: write `not a`")},
    {"average", N_("did you mean 'mean'?")},
    {"avg", N_("did you mean 'mean'?")},
    {"rounddown", N_("did you mean 'truncate'? (truncate(x, places) cuts toward zero)")},
    {"roundup", N_("did you mean 'ceil'? (ceil(x, places))")},
    {"ceiling", N_("did you mean 'ceil'?")},
    {"int", N_("did you mean 'floor'?")},
    {"trunc", N_("did you mean 'truncate'?")},
    {"countif", N_("write `count(list where condition)`")},
    {"countifs", N_("write `count(list where condition and condition)`")},
    {"sumif", N_("write `sum(x over list where condition)`")},
    {"sumifs", N_("write `sum(x over list where condition and condition)`")},
    {"vlookup", N_("kaohe has no VLOOKUP: write a `tier value:` table, one `N or more -> result` per row")},
    {"lookup", N_("kaohe has no LOOKUP: write a `tier value:` table, one `N or more -> result` per row")},
    {"iferror", N_("kaohe has no IFERROR: an error is reported with its record; give a field a default instead")},
};

const char *builtin_excel_hint(const char *name, char *buf, size_t cap)
{
    char lower[32];
    size_t n = strlen(name);
    if (n == 0 || n >= sizeof lower) return NULL;
    for (size_t i = 0; i <= n; i++) lower[i] = (char)tolower((unsigned char)name[i]);
    for (size_t i = 0; i < sizeof excel_words / sizeof *excel_words; i++)
        if (strcmp(lower, excel_words[i].excel) == 0) return _(excel_words[i].hint);
    if (strcmp(lower, name) != 0 && builtin_lookup(lower)) { /* ROUND, Sum, MAX: the same, in lower case */
        snprintf(buf, cap, _("did you mean '%s'? (names are written in lower case)"), lower);
        return buf;
    }
    return NULL;
}

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
