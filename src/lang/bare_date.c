/*
 * bare_date.c — a month or a date written without quotes (2014-06,
 * 2014-06-01) where the checker wants a month, a date or a date and time.
 *
 * The grammar reads 2014-06 as a subtraction (2014 - 06 = 2008): only a
 * param's dated values take a bare month (8% from 2014-07).  Where a value
 * of a date kind is wanted (a field's bound, a comparison, a tier's
 * threshold, a list after 'in'), that number is never what HR meant, so the
 * checker says how to write it, month("2014-06") or date("2014-06-01"),
 * instead of a type mismatch with an integer.  Where a number is wanted
 * it is a warning (the lint, and a number field's bounds): a month may be
 * meant, and 2014-06 is a strange way to write 2008.  fmt writes it as it
 * is written, so that the warning stays.
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

/* A subtraction of numbers written like a month or a date (no spaces). */
typedef struct bare_date {
    char kind;       /* 'm' (YYYY-MM), 'd' (YYYY-MM-DD), or 0: not one */
    const char *s;   /* its text */
    size_t n;
    long v;          /* its value */
    char sum[32];    /* the subtraction spelled out: "2014 - 06" */
} bare_date;

/* What e is (kind 0: no such subtraction). */
static bare_date bare_shape(const ast *e)
{
    bare_date b = {0};
    if (!e || e->kind != AST_BINARY || e->op != OP_SUB || !e->at.src) return b;
    const char *s = e->at.src->text + e->at.start;
    size_t n = e->at.end - e->at.start;
    if (!date_shaped(s, n)) return b;
    const source *src = e->at.src;
    uint32_t after = e->at.end;
    if (n == 7 && after + 1 < src->len && src->text[after] == '-' && src->text[after + 1] >= '0' &&
        src->text[after + 1] <= '9')
        return b; /* the 2014-06 of 2014-06-01 * 2, which groups as 2014-06 - (01 * 2): not a month alone */
    b.s = s;
    b.n = n;
    b.v = digits_value(s, 4) - digits_value(s + 5, 2);
    if (n == 7) {
        snprintf(b.sum, sizeof b.sum, "%.4s - %.2s", s, s + 5);
        b.kind = 'm';
        return b;
    }
    b.v -= digits_value(s + 8, 2);
    snprintf(b.sum, sizeof b.sum, "%.4s - %.2s - %.2s", s, s + 5, s + 8);
    b.kind = 'd';
    return b;
}

bool bare_date_written(const ast *e) { return bare_shape(e).kind != 0; }

bool check_bare_date(checker *c, const ast *e, const ktype *want)
{
    if (!want || (want->kind != T_MONTH && want->kind != T_DATE && want->kind != T_DATETIME)) return false;
    bare_date b = bare_shape(e);
    if (b.kind == 'm')
        diag_error(c->d, e->at, "%.*s is read as the subtraction %s = %ld, not as a month: write month(\"%.*s\")", (int)b.n,
                   b.s, b.sum, b.v, (int)b.n, b.s);
    else if (b.kind == 'd')
        diag_error(c->d, e->at, "%.*s is read as the subtraction %s = %ld, not as a date: write date(\"%.*s\")", (int)b.n,
                   b.s, b.sum, b.v, (int)b.n, b.s);
    return b.kind != 0;
}

bool warn_bare_date_number(diag_list *d, const ast *e)
{
    bare_date b = bare_shape(e);
    if (!b.kind) return false;
    /* only what reads as a calendar month or date: 2014-06, not 1000-50 */
    long mm = digits_value(b.s + 5, 2), dd = b.kind == 'd' ? digits_value(b.s + 8, 2) : 1;
    if (mm < 1 || mm > 12 || dd < 1 || dd > 31) return false;
    int k = b.kind == 'm' ? diag_warning(d, e->at, "%.*s is the subtraction %s = %ld: a month is written month(\"%.*s\")",
                                         (int)b.n, b.s, b.sum, b.v, (int)b.n, b.s)
                          : diag_warning(d, e->at, "%.*s is the subtraction %s = %ld: a date is written date(\"%.*s\")",
                                         (int)b.n, b.s, b.sum, b.v, (int)b.n, b.s);
    diag_hint(d, k, "if the number is meant, write it with spaces (%s) or as %ld", b.sum, b.v);
    return true;
}
