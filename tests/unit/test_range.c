/*
 * test_range.c — the kind and the interval of values (src/lang/range.c),
 * definition by definition.  Each expectation is worked out by hand from
 * the schema below: interval arithmetic on the bounds it gives, the kinds
 * of range.h.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <string.h>

#include "load.h"
#include "range.h"

static const char SCHEMA[] =
    "input:\n"
    "    id: text, key\n"
    "    n: integer, at least 0\n"
    "    m: integer, within 1..10\n"
    "    r: decimal, within 0..1\n"
    "    pay: money, at least 0\n"
    "    xs: list of integer, within 2..5, at most 4 entries\n"
    "    big: decimal, within 0..100\n"
    "    y: decimal\n"
    "    later: integer, within n..20\n"
    "    bonus: money, within 0..50, default 80\n"
    "    d: date\n"
    "    period: month\n"
    "param rate_p = 8%\n"
    "param count_p = 65\n"
    "param cash_p = 200 yuan\n";

static const char *kind_names[] = {"unknown", "ratio", "whole", "plain", "money"};

/* "kind range" of each definition `name = expr` (one a line). */
static void expect(const char *defs, const char *const *names, const char *const *want, int n)
{
    static char text[8192];
    snprintf(text, sizeof text, "%s%s", SCHEMA, defs);
    arena *A = arena_new(16384);
    diag_list d;
    diag_init(&d);
    loaded L;
    load_policy(A, "t.rules", text, strlen(text), &d, &L);
    program *p = check_program(A, L.files, L.sources, L.n, d.errors, &d);
    if (d.errors) {
        for (int i = 0; i < d.n; i++) fprintf(stderr, "%s\n", d.items[i].message);
        fail_msg("the policy did not check");
    }
    for (int i = 0; i < n; i++) {
        symbol *s = program_lookup(p, names[i]);
        assert_non_null(s);
        quantity q = definition_quantity(p, s);
        char range[160], got[200];
        snprintf(got, sizeof got, "%s %s", kind_names[q.kind], quantity_range_text(&q, range, sizeof range));
        if (strcmp(got, want[i]) != 0) fail_msg("%s: got \"%s\", want \"%s\"", names[i], got, want[i]);
    }
    diag_free(&d);
    arena_free(A);
}

#define EXPECT(defs, ...)                                                                       \
    do {                                                                                        \
        const char *const pairs[] = {__VA_ARGS__};                                              \
        const char *names[32], *want[32];                                                       \
        int k = 0;                                                                              \
        for (size_t i = 0; i + 1 < sizeof pairs / sizeof pairs[0]; i += 2, k++) {               \
            names[k] = pairs[i];                                                                \
            want[k] = pairs[i + 1];                                                             \
        }                                                                                       \
        expect(defs, names, want, k);                                                           \
    } while (0)

/* + - * / on the bounds; a quotient of two counts or of two amounts is a
 * ratio; dividing by a value that may be 0 leaves the quotients of the
 * others (0 itself stops the record). */
static void test_arithmetic(void **state)
{
    (void)state;
    EXPECT("output a = n + m\noutput b = m - n\noutput c = r * m\noutput e = n / m\noutput f = m / n\n"
           "output g = pay / m\noutput h = pay / pay\noutput i = -m\noutput j = r * 3\noutput k = 2 * rate_p\n",
           "a", "whole at least 1",       /* [0,inf) + [1,10] */
           "b", "whole at most 10",       /* [1,10] - [0,inf) */
           "c", "unknown within 0..10",   /* a ratio times a count: neither */
           "e", "ratio at least 0",       /* [0,inf) x [1/10, 1] */
           "f", "ratio at least 0",       /* [1,10] x (1/n for n > 0: [0, inf)) */
           "g", "money at least 0",       /* money / count: money */
           "h", "ratio at least 0",       /* money / money */
           "i", "whole within -10..-1",
           "j", "ratio within 0..3",      /* a constant factor keeps the kind */
           "k", "ratio ");                /* a param: any value (--set), a ratio by its 8% */
}

/* min, max, abs, rounding (monotone: the bounds round alike). */
static void test_functions(void **state)
{
    (void)state;
    EXPECT("output a = min(1, r, n)\noutput b = max(m, 3)\noutput c = abs(m - 5)\noutput e = round(r * 3, 1)\n"
           "output f = floor(r * 10)\noutput g = round(big / 3, 0)\noutput h = ceil(y)\n",
           "a", "unknown within 0..1",    /* lows 1,0,0 -> 0; highs 1,1,inf -> 1; ratio and count mixed */
           "b", "whole within 3..10",
           "c", "whole within 0..5",      /* m - 5 in -4..5 */
           "e", "ratio within 0..3",
           "f", "unknown within 0..10",   /* a whole number made from a ratio: steps, not a ratio */
           "g", "plain within 0..33",     /* 100/3 = 33.33 rounds to 33 */
           "h", "unknown ");
}

/* Branches, tiers and ledgers: every value any branch gives. */
static void test_blocks(void **state)
{
    (void)state;
    EXPECT("output a = if n > 3 then 10% else 20%\n"
           "output b = tier m:\n    5 or more -> 2 yuan\n    otherwise -> 1 yuan\n"
           "output c = ledger from 10:\n    \"a\" +2 per m\n    \"b\" -3 when r > 0.5\n"
           "output e = if n = 0 then 1 else r\n"
           "output f = when:\n    n > 5 -> count_p\n    otherwise -> 0\n",
           "a", "ratio within 0.1..0.2",
           "b", "money within 1..2",
           "c", "whole within 9..30",     /* 10 + 2 x [1,10] + [-3, 0] */
           "e", "ratio within 0..1",      /* the constant 1 fits a ratio */
           "f", "whole ");                /* a param may be anything */
}

/* Aggregates: a count is at most the list's entries; a sum of n entries of
 * [2,5] is within [0, 4 x 5]; mean, min and max stay among the values. */
static void test_aggregates(void **state)
{
    (void)state;
    EXPECT("output a = count(xs where each > 2)\noutput b = sum(xs)\noutput c = mean(xs)\n"
           "output e = sum(n over roster)\noutput f = max(y over roster)\noutput g = count(roster where n > 0)\n"
           "output h = min(last(xs, 2))\noutput i = max(append(xs, 9))\noutput j = sum(r over roster)\n",
           "a", "whole within 0..4",
           "b", "whole within 0..20",
           "c", "whole within 2..5",
           "e", "whole at least 0",
           "f", "unknown ",
           "g", "whole at least 0",
           "h", "whole within 2..5",
           "i", "whole within 2..9",
           "j", "ratio at least 0");
}

/* Fields: bounds naming fields take those fields' bounds; a default outside
 * the bounds is still a value a record can hold; date parts; per cent;
 * fields of an object a definition builds. */
static void test_fields_and_parts(void **state)
{
    (void)state;
    EXPECT("output a = later\noutput b = bonus\noutput c = d.weekday\noutput e = period.month\n"
           "output f = big / 100\noutput g = r * 100\noutput h = days_between(d, d)\n"
           "output carry = {k: m + 1}\noutput i = carry.k\noutput j = cash_p\n",
           "a", "whole within 0..20",     /* at least n, which is at least 0 */
           "b", "money within 0..80",     /* 0..50, or the default 80 */
           "c", "whole within 1..7",
           "e", "whole within 1..12",
           "f", "ratio within 0..1",      /* per cent to a fraction */
           "g", "plain within 0..100",    /* a fraction to per cent */
           "h", "whole ",
           "i", "whole within 2..11",
           "j", "money ");
}

/* Kinds of mixed values: a branch of constants (0 or 1 fits a ratio), a
 * count beside a plain number, a rate times a number, a ratio times 100. */
static void test_kind_mixes(void **state)
{
    (void)state;
    EXPECT("output a = if n > 1 then rate_p else 1\noutput b = if n > 1 then 0 else rate_p\n"
           "output c = if n > 1 then n else big\noutput e = if n > 1 then r else later\noutput f = 100 * r\n"
           "output g = rate_p * 2\noutput h = r * big\noutput i = r * r\noutput j = count_p * 2\n"
           "output k = cash_p * rate_p\n",
           "a", "ratio ",                 /* two constants: 1 fits the ratio */
           "b", "ratio ",                 /* 0 fits it too, on either side */
           "c", "plain at least 0",       /* a count or a plain number: plain; [0,inf) with [0,100] */
           "e", "unknown within 0..20",   /* a ratio or a count: neither; later is n..20 */
           "f", "plain within 0..100",    /* 100 times a fraction: per cent */
           "g", "ratio ",                 /* a rate times a number stays a rate */
           "h", "unknown within 0..100",  /* a ratio times a plain number */
           "i", "ratio within 0..1",
           "j", "whole ",
           "k", "money ");
}

/* Quotients: by a constant, of a constant, by a value always below 0. */
static void test_quotients(void **state)
{
    (void)state;
    EXPECT("output a = n / 2\noutput b = big / 2\noutput c = count_p / m\noutput e = big / (0 - m)\n"
           "output f = y / m\noutput g = pay / 100\noutput h = 3 / m\n",
           "a", "unknown at least 0",     /* a count halved is no longer a count */
           "b", "plain within 0..50",
           "c", "unknown ",               /* a param over a count: any value, no kind */
           "e", "unknown within -100..0", /* 1 / [-10,-1] is [-1,-0.1]; times [0,100] */
           "f", "unknown ",
           "g", "money at least 0",
           "h", "unknown within 0.3..3"); /* 3 x [1/10, 1] */
}

/* min and max with a side unbounded; abs on either side of 0; rounding to
 * places in each mode. */
static void test_bounds_of_functions(void **state)
{
    (void)state;
    EXPECT("output a = min(y, m)\noutput b = max(y, m)\noutput c = min(n, m)\noutput e = max(n, m)\n"
           "output f = abs(0 - m)\noutput g = abs(r)\noutput h = abs(y)\noutput i = round_half_even(big / 8, 1)\n"
           "output j = truncate(big / 3, 2)\noutput k = ceil(big / 3, 1)\n",
           "a", "unknown at most 10",     /* no low bound from y; m's high one */
           "b", "unknown at least 1",
           "c", "whole within 0..10",
           "e", "whole at least 1",       /* n has no high bound */
           "f", "whole within 1..10",     /* -[1,10] mirrored */
           "g", "ratio within 0..1",      /* already at least 0 */
           "h", "unknown at least 0",
           "i", "plain within 0..12.5",
           "j", "plain within 0..33.33",
           "k", "plain within 0..33.4");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_arithmetic),
        cmocka_unit_test(test_functions),
        cmocka_unit_test(test_blocks),
        cmocka_unit_test(test_aggregates),
        cmocka_unit_test(test_fields_and_parts),
        cmocka_unit_test(test_kind_mixes),
        cmocka_unit_test(test_quotients),
        cmocka_unit_test(test_bounds_of_functions),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
