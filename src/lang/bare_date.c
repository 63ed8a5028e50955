/*
 * bare_date.c — a month or a date written without quotes (2014-06,
 * 2014-06-01) where the checker wants a month, a date or a date and time.
 *
 * The grammar reads 2014-06 as a subtraction (2014 - 06 = 2008): only a
 * param's dated values take a bare month (8% from 2014-07).  Where a value
 * of a date kind is wanted (a field's bound, a comparison, a tier's
 * threshold, a list after 'in'), that number is never what HR meant, so the
 * checker says how to write it, month("2014-06") or date("2014-06-01"),
 * instead of a type mismatch with an integer.
 */
#include "check_internal.h"

#include <stdio.h>

/* The value of digits s[0..n) (n <= 4). */
static long digits_value(const char *s, size_t n)
{
    long v = 0;
    for (size_t i = 0; i < n; i++) v = v * 10 + (s[i] - '0');
    return v;
}

/* Is s[0..n) YYYY-MM or YYYY-MM-DD (ASCII digits, ASCII '-', nothing else)? */
static bool date_shaped(const char *s, size_t n)
{
    if (n != 7 && n != 10) return false;
    for (size_t i = 0; i < n; i++) {
        bool dash = i == 4 || i == 7;
        if (dash ? s[i] != '-' : (s[i] < '0' || s[i] > '9')) return false;
    }
    return true;
}

bool check_bare_date(checker *c, const ast *e, const ktype *want)
{
    if (!want || (want->kind != T_MONTH && want->kind != T_DATE && want->kind != T_DATETIME)) return false;
    if (!e || e->kind != AST_BINARY || e->op != OP_SUB || !e->at.src) return false;
    const char *s = e->at.src->text + e->at.start;
    size_t n = e->at.end - e->at.start;
    if (!date_shaped(s, n)) return false;
    long v = digits_value(s, 4) - digits_value(s + 5, 2);
    char sum[32];
    if (n == 7) {
        snprintf(sum, sizeof sum, "%.4s - %.2s", s, s + 5);
        diag_error(c->d, e->at, "%.*s is read as the subtraction %s = %ld, not as a month: write month(\"%.*s\")", (int)n, s,
                   sum, v, (int)n, s);
    } else {
        v -= digits_value(s + 8, 2);
        snprintf(sum, sizeof sum, "%.4s - %.2s - %.2s", s, s + 5, s + 8);
        diag_error(c->d, e->at, "%.*s is read as the subtraction %s = %ld, not as a date: write date(\"%.*s\")", (int)n, s,
                   sum, v, (int)n, s);
    }
    return true;
}
