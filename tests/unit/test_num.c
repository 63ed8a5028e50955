/*
 * test_num.c — exact rationals on the int64 fast path: arithmetic, the int64
 * edges (with no arena, a result beyond them is NUM_OVERFLOW: the big path,
 * test_num_big.c, has nowhere to put it), rounding modes, parsing and its
 * bounds, %.15g reading of doubles and formatting.
 * Every expectation is worked out by hand (the working is in the comments),
 * except the %.15g cross-check, whose reference is the C library's printf.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <math.h>
#include <stdio.h>
#include <string.h>

#include "buf.h"
#include "num.h"

#define MAX INT64_MAX
#define MIN INT64_MIN

static kh_num mk(int64_t n, int64_t d)
{
    kh_num r = {.num = 0, .den = 0};
    assert_int_equal(num_make(NULL, n, d, &r), NUM_OK);
    return r;
}

static kh_num parse(const char *s)
{
    kh_num r = {.num = 0, .den = 0};
    assert_int_equal(num_parse_exact(NULL, s, strlen(s), &r), NUM_OK);
    return r;
}

static void assert_num(kh_num got, int64_t n, int64_t d)
{
    if (got.num != n || got.den != d)
        fail_msg("got %lld/%lld, expected %lld/%lld", (long long)got.num, (long long)got.den,
                 (long long)n, (long long)d);
}

/* ---- construction and arithmetic ---------------------------------------- */

static void test_make_reduces_and_moves_sign(void **state)
{
    kh_num r;
    assert_num(mk(6, 4), 3, 2);
    assert_num(mk(6, -4), -3, 2);
    assert_num(mk(-6, -4), 3, 2);
    assert_num(mk(0, -7), 0, 1);
    assert_num(mk(MIN, MIN), 1, 1);
    assert_num(mk(2, MIN), -1, INT64_C(4611686018427387904)); /* 2 / -2^63 = -1/2^62 */
    assert_num(mk(MIN, 2), INT64_C(-4611686018427387904), 1);
    assert_int_equal(num_make(NULL, 1, 0, &r), NUM_DIV_ZERO);
    assert_int_equal(num_make(NULL, MIN, -1, &r), NUM_OVERFLOW); /* +2^63 */
    assert_int_equal(num_make(NULL, 1, MIN, &r), NUM_OVERFLOW);  /* den 2^63 */
}

static void test_point_one_plus_point_two(void **state)
{
    kh_num r;
    assert_int_equal(num_add(NULL, parse("0.1"), parse("0.2"), &r), NUM_OK);
    assert_num(r, 3, 10);
    assert_true(num_eq(r, parse("0.3")));
}

/* 1106.35 = 22127/20 = 7*29*109/20.  x 19/21: the 7 cancels, 3161*19/60 =
 * 60059/60.  x 9/10: 540531/600 = 180177/200 = 900.885. */
static void test_pay_chain_is_exact(void **state)
{
    kh_num r;
    assert_int_equal(num_mul(NULL, parse("1106.35"), mk(19, 21), &r), NUM_OK);
    assert_num(r, 60059, 60);
    assert_int_equal(num_mul(NULL, r, parse("0.9"), &r), NUM_OK);
    assert_num(r, 180177, 200);
    assert_true(num_eq(r, parse("900.885")));
    assert_int_equal(num_round(NULL, r, 2, ROUND_HALF_UP, &r), NUM_OK);
    assert_num(r, 90089, 100);
}

static void test_add_sub_mixed_denominators(void **state)
{
    kh_num r;
    assert_int_equal(num_add(NULL, mk(1, 6), mk(1, 10), &r), NUM_OK); /* 5/30 + 3/30 */
    assert_num(r, 4, 15);
    assert_int_equal(num_sub(NULL, mk(1, 6), mk(1, 6), &r), NUM_OK);
    assert_num(r, 0, 1);
    assert_int_equal(num_add(NULL, mk(1, 4), mk(1, 4), &r), NUM_OK); /* same den, reduces */
    assert_num(r, 1, 2);
    assert_int_equal(num_sub(NULL, mk(1, 3), mk(1, 2), &r), NUM_OK);
    assert_num(r, -1, 6);
    assert_int_equal(num_add(NULL, mk(1234, 100), num_int(5), &r), NUM_OK); /* 12.34 + 5 = 17.34 */
    assert_num(r, 867, 50);
    assert_int_equal(num_sub(NULL, mk(7, 12), mk(1, 12), &r), NUM_OK);
    assert_num(r, 1, 2);
}

static void test_add_sub_overflow_at_int64_edges(void **state)
{
    kh_num r;
    assert_int_equal(num_add(NULL, num_int(MAX), num_int(1), &r), NUM_OVERFLOW);
    assert_int_equal(num_add(NULL, num_int(MIN), num_int(-1), &r), NUM_OVERFLOW);
    assert_int_equal(num_sub(NULL, num_int(MIN), num_int(1), &r), NUM_OVERFLOW);
    assert_int_equal(num_sub(NULL, num_int(0), num_int(MIN), &r), NUM_OVERFLOW);
    assert_int_equal(num_add(NULL, num_int(MAX), num_int(MIN), &r), NUM_OK);
    assert_num(r, -1, 1);
    assert_int_equal(num_sub(NULL, num_int(-1), num_int(MAX), &r), NUM_OK);
    assert_num(r, MIN, 1);
    /* The numerators overflow but the sum reduces: MAX/2 + MAX/2 = MAX. */
    assert_int_equal(num_add(NULL, mk(MAX, 2), mk(MAX, 2), &r), NUM_OK);
    assert_num(r, MAX, 1);
    assert_int_equal(num_sub(NULL, mk(-MAX, 2), mk(MAX, 2), &r), NUM_OK);
    assert_num(r, -MAX, 1);
    /* -2^63/3 - 2^63/3 = -2^64/3: does not reduce, does not fit. */
    assert_int_equal(num_add(NULL, mk(MIN, 3), mk(MIN, 3), &r), NUM_OVERFLOW);
    /* 1/MAX + 1/(MAX-1): coprime denominators whose product needs 126 bits. */
    assert_int_equal(num_add(NULL, mk(1, MAX), mk(1, MAX - 1), &r), NUM_OVERFLOW);
    /* 1/2^62 - 1/2^61 = -1/2^62: wide intermediates, a result that fits. */
    assert_int_equal(num_sub(NULL, mk(1, INT64_C(1) << 62), mk(1, INT64_C(1) << 61), &r), NUM_OK);
    assert_num(r, -1, INT64_C(1) << 62);
}

static void test_mul_overflow_and_cancellation(void **state)
{
    kh_num r;
    int64_t p62 = INT64_C(1) << 62;
    assert_int_equal(num_mul(NULL, num_int(p62), num_int(4), &r), NUM_OVERFLOW); /* 2^64 */
    assert_int_equal(num_mul(NULL, num_int(p62), num_int(2), &r), NUM_OVERFLOW); /* +2^63 */
    assert_int_equal(num_mul(NULL, num_int(-p62), num_int(2), &r), NUM_OK);      /* -2^63 fits */
    assert_num(r, MIN, 1);
    assert_int_equal(num_mul(NULL, num_int(MIN), num_int(-1), &r), NUM_OVERFLOW);
    assert_int_equal(num_mul(NULL, mk(p62, 3), mk(3, 2), &r), NUM_OK); /* 2^62/3 * 3/2 */
    assert_num(r, INT64_C(1) << 61, 1);
    assert_int_equal(num_mul(NULL, mk(MAX, 2), num_int(2), &r), NUM_OK);
    assert_num(r, MAX, 1);
    assert_int_equal(num_mul(NULL, mk(1, MAX), mk(1, MAX), &r), NUM_OVERFLOW);
    assert_int_equal(num_mul(NULL, mk(-3, 4), mk(8, 9), &r), NUM_OK);
    assert_num(r, -2, 3);
    assert_int_equal(num_mul(NULL, num_int(0), mk(1, MAX), &r), NUM_OK);
    assert_num(r, 0, 1);
}

static void test_div(void **state)
{
    kh_num r;
    assert_int_equal(num_div(NULL, num_int(1), num_int(0), &r), NUM_DIV_ZERO);
    assert_int_equal(num_div(NULL, mk(1, 3), mk(0, 5), &r), NUM_DIV_ZERO);
    assert_int_equal(num_div(NULL, mk(3, 4), mk(-3, 8), &r), NUM_OK);
    assert_num(r, -2, 1);
    assert_int_equal(num_div(NULL, num_int(0), num_int(-5), &r), NUM_OK);
    assert_num(r, 0, 1);
    assert_int_equal(num_div(NULL, num_int(MIN), num_int(MIN), &r), NUM_OK);
    assert_num(r, 1, 1);
    assert_int_equal(num_div(NULL, num_int(MIN), num_int(-1), &r), NUM_OVERFLOW);
    assert_int_equal(num_div(NULL, num_int(1), num_int(MIN), &r), NUM_OVERFLOW); /* den 2^63 */
    assert_int_equal(num_div(NULL, num_int(-2), num_int(MIN), &r), NUM_OK);
    assert_num(r, 1, INT64_C(1) << 62);
    assert_int_equal(num_div(NULL, num_int(19), num_int(21), &r), NUM_OK);
    assert_num(r, 19, 21);
}

static void test_neg_abs(void **state)
{
    kh_num r;
    assert_int_equal(num_neg(NULL, num_int(MIN), &r), NUM_OVERFLOW);
    assert_int_equal(num_abs(NULL, num_int(MIN), &r), NUM_OVERFLOW);
    assert_int_equal(num_neg(NULL, mk(MIN, 3), &r), NUM_OVERFLOW);
    assert_int_equal(num_neg(NULL, num_int(MAX), &r), NUM_OK);
    assert_num(r, -MAX, 1);
    assert_int_equal(num_abs(NULL, mk(-5, 7), &r), NUM_OK);
    assert_num(r, 5, 7);
    assert_int_equal(num_abs(NULL, mk(5, 7), &r), NUM_OK);
    assert_num(r, 5, 7);
    assert_int_equal(num_neg(NULL, num_int(0), &r), NUM_OK);
    assert_num(r, 0, 1);
}

static void test_cmp_needs_128_bits(void **state)
{
    /* MAX/(MAX-1) = 1 + 1/(MAX-1) < 1 + 1/(MAX-2) = (MAX-1)/(MAX-2);
     * the cross products are about 2^126. */
    kh_num a = mk(MAX, MAX - 1), b = mk(MAX - 1, MAX - 2);
    assert_true(num_cmp(a, b) < 0);
    assert_true(num_cmp(b, a) > 0);
    assert_int_equal(num_cmp(a, a), 0);
    assert_true(num_cmp(mk(MAX - 1, MAX), mk(MAX - 2, MAX - 1)) > 0);
    assert_true(num_cmp(mk(-MAX, MAX - 1), mk(-(MAX - 1), MAX - 2)) > 0);
    assert_true(num_cmp(num_int(MIN), num_int(MAX)) < 0);
    assert_true(num_cmp(mk(1, 3), parse("0.333333333333333333")) > 0);
    assert_true(num_cmp(mk(-1, 3), parse("-0.333333333333333333")) < 0);
    assert_true(num_cmp(mk(3, 100), mk(7, 100)) < 0);
    assert_int_equal(num_cmp(mk(2, 4), mk(1, 2)), 0);
}

/* ---- rounding ----------------------------------------------------------- */

typedef struct round_case {
    const char *value;
    int places;
    const char *want[5]; /* HALF_UP, HALF_EVEN, TRUNC, FLOOR, CEIL */
} round_case;

static void test_round_modes_table(void **state)
{
    static const round_case cases[] = {
        {"2.5", 0, {"3", "2", "2", "2", "3"}},
        {"-2.5", 0, {"-3", "-2", "-2", "-3", "-2"}},
        {"3.5", 0, {"4", "4", "3", "3", "4"}},
        {"-3.5", 0, {"-4", "-4", "-3", "-4", "-3"}},
        {"2.4", 0, {"2", "2", "2", "2", "3"}},
        {"-2.6", 0, {"-3", "-3", "-2", "-3", "-2"}},
        {"2.45", 1, {"2.5", "2.4", "2.4", "2.4", "2.5"}},
        {"-2.45", 1, {"-2.5", "-2.4", "-2.4", "-2.5", "-2.4"}},
        {"0.125", 2, {"0.13", "0.12", "0.12", "0.12", "0.13"}},
        {"0.135", 2, {"0.14", "0.14", "0.13", "0.13", "0.14"}},
        {"900.885", 2, {"900.89", "900.88", "900.88", "900.88", "900.89"}},
        {"-0.4", 0, {"0", "0", "0", "-1", "0"}},
        {"0.5", 0, {"1", "0", "0", "0", "1"}},
        {"7", 2, {"7", "7", "7", "7", "7"}},
        {"1.25", 5, {"1.25", "1.25", "1.25", "1.25", "1.25"}},
    };
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
        for (int mode = 0; mode < 5; mode++) {
            kh_num r;
            assert_int_equal(num_round(NULL, parse(cases[i].value), cases[i].places, (num_round_mode)mode, &r),
                             NUM_OK);
            if (!num_eq(r, parse(cases[i].want[mode])))
                fail_msg("round(%s, %d, mode %d) = %lld/%lld, want %s", cases[i].value, cases[i].places,
                         mode, (long long)r.num, (long long)r.den, cases[i].want[mode]);
        }
    }
}

static void test_round_non_terminating(void **state)
{
    kh_num r;
    assert_int_equal(num_round(NULL, mk(1, 3), 2, ROUND_HALF_UP, &r), NUM_OK);
    assert_num(r, 33, 100);
    assert_int_equal(num_round(NULL, mk(1, 3), 2, ROUND_CEIL, &r), NUM_OK);
    assert_num(r, 17, 50); /* 0.34 */
    assert_int_equal(num_round(NULL, mk(-1, 3), 2, ROUND_FLOOR, &r), NUM_OK);
    assert_num(r, -17, 50);
    assert_int_equal(num_round(NULL, mk(2, 3), 0, ROUND_HALF_UP, &r), NUM_OK);
    assert_num(r, 1, 1);
    assert_int_equal(num_round(NULL, mk(19, 21), 3, ROUND_HALF_EVEN, &r), NUM_OK);
    assert_num(r, 181, 200); /* 0.904761... -> 0.905 = 181/200 */
    assert_int_equal(num_round(NULL, mk(1, 3), 18, ROUND_TRUNC, &r), NUM_OK);
    assert_num(r, INT64_C(333333333333333333), INT64_C(1000000000000000000));
    /* (MAX)/3 = 3074457345618258602.33.. rounds to an integer that fits. */
    assert_int_equal(num_round(NULL, mk(MAX, 3), 0, ROUND_CEIL, &r), NUM_OK);
    assert_num(r, INT64_C(3074457345618258603), 1);
    /* Two places of MAX/3 need MAX/3 * 100 as numerator: too big. */
    assert_int_equal(num_round(NULL, mk(MAX, 3), 2, ROUND_HALF_UP, &r), NUM_OVERFLOW);
    assert_int_equal(num_round(NULL, mk(1, 3), 19, ROUND_HALF_UP, &r), NUM_OVERFLOW);
    assert_int_equal(num_round(NULL, mk(1, 3), -1, ROUND_HALF_UP, &r), NUM_OVERFLOW);
}

static void test_terminates(void **state)
{
    int places = -1;
    assert_true(num_terminates(num_int(7), &places));
    assert_int_equal(places, 0);
    assert_true(num_terminates(mk(1, 8), &places));
    assert_int_equal(places, 3);
    assert_true(num_terminates(mk(3, 20), &places));
    assert_int_equal(places, 2);
    assert_true(num_terminates(mk(1, 8 * 3125), &places)); /* 2^3 5^5 */
    assert_int_equal(places, 5);
    assert_false(num_terminates(mk(1, 3), &places));
    assert_false(num_terminates(mk(1, 30), &places));
    assert_true(num_terminates(mk(1, INT64_C(1) << 62), NULL));
}

/* ---- parsing ------------------------------------------------------------ */

typedef struct parse_case {
    const char *text;
    num_status status;
    int64_t num, den;
} parse_case;

static void test_parse_table(void **state)
{
    static const parse_case cases[] = {
        {"0", NUM_OK, 0, 1},
        {"-0", NUM_OK, 0, 1},
        {"-0.000", NUM_OK, 0, 1},
        {"007", NUM_OK, 7, 1},
        {"0.1", NUM_OK, 1, 10},
        {"1106.35", NUM_OK, 22127, 20},
        {"-2.50", NUM_OK, -5, 2},
        {"1e3", NUM_OK, 1000, 1},
        {"1E+3", NUM_OK, 1000, 1},
        {"25e-2", NUM_OK, 1, 4},
        {"-1.5E-1", NUM_OK, -3, 20},
        {"1200e-2", NUM_OK, 12, 1},
        {"1.0000000000000000000000000000000", NUM_OK, 1, 1},
        {"10000000000000000000e-2", NUM_OK, INT64_C(100000000000000000), 1},
        /* the magnitude of a number read from text is below 10^18 */
        {"999999999999999999", NUM_OK, INT64_C(999999999999999999), 1},
        {"-999999999999999999", NUM_OK, -INT64_C(999999999999999999), 1},
        {"100000000000000000000e-2", NUM_OUT_OF_RANGE, 0, 0},
        {"9223372036854775807", NUM_OUT_OF_RANGE, 0, 0},
        {"-9223372036854775808", NUM_OUT_OF_RANGE, 0, 0},
        {"9.223372036854775807e18", NUM_OUT_OF_RANGE, 0, 0},
        {"1e18", NUM_OUT_OF_RANGE, 0, 0},
        {"-1000000000000000000.0", NUM_OUT_OF_RANGE, 0, 0},
        /* in range, but -(10^20 - 1)/100 needs a big number: none without an arena */
        {"-999999999999999999.99", NUM_OVERFLOW, 0, 0},
        {"1e-18", NUM_OK, 1, INT64_C(1000000000000000000)},
        {"5e-19", NUM_OK, 1, INT64_C(2000000000000000000)}, /* 1/(2 * 10^18) */
        /* 2^-30 written out: 30 decimals, 21 significant digits. */
        {"0.000000000931322574615478515625", NUM_OK, 1, INT64_C(1073741824)},
        /* 5^27 / 10^27 = 1/2^27. */
        {"7450580596923828125e-27", NUM_OK, 1, INT64_C(134217728)},
        {"0e99999999999999999999", NUM_OK, 0, 1},
        {"9223372036854775808", NUM_OUT_OF_RANGE, 0, 0},
        {"-9223372036854775809", NUM_OUT_OF_RANGE, 0, 0},
        {"1e19", NUM_OUT_OF_RANGE, 0, 0},
        {"1e-19", NUM_OVERFLOW, 0, 0}, /* den 10^19: big, and no arena */
        {"1e99999999999999999999", NUM_OUT_OF_RANGE, 0, 0},
        {"1e-99999999999999999999", NUM_TOO_SMALL, 0, 0},
        /* 10^-300000 is the smallest magnitude read: 10^-300001, 0.5 * 10^-300000
         * are too small; 1.5 * 10^-300000 needs 300001 decimals */
        {"1e-300000", NUM_OVERFLOW, 0, 0},
        {"1e-300001", NUM_TOO_SMALL, 0, 0},
        {"0.5e-300000", NUM_TOO_SMALL, 0, 0},
        {"1.5e-300000", NUM_TOO_PRECISE, 0, 0},
        {"1.50e-299999", NUM_OVERFLOW, 0, 0}, /* 300000 decimals: read (a big number) */
        {"1e-28", NUM_OVERFLOW, 0, 0}, /* den 10^28 */
        {"4e-28", NUM_OVERFLOW, 0, 0}, /* den 2^26 5^28 */
        {"8e-27", NUM_OVERFLOW, 0, 0}, /* den 2^24 5^27 = 1.25e26 */
        {"134217728e-27", NUM_OK, 1, INT64_C(7450580596923828125)}, /* 2^27 / 10^27 = 1/5^27 */
        {"0.3333333333333333333", NUM_OVERFLOW, 0, 0},
        {"", NUM_SYNTAX, 0, 0},
        {"-", NUM_SYNTAX, 0, 0},
        {"+1", NUM_SYNTAX, 0, 0},
        {".5", NUM_SYNTAX, 0, 0},
        {"-.5", NUM_SYNTAX, 0, 0},
        {"5.", NUM_SYNTAX, 0, 0},
        {"1.e5", NUM_SYNTAX, 0, 0},
        {" 1", NUM_SYNTAX, 0, 0},
        {"1 ", NUM_SYNTAX, 0, 0},
        {"0x10", NUM_SYNTAX, 0, 0},
        {"inf", NUM_SYNTAX, 0, 0},
        {"nan", NUM_SYNTAX, 0, 0},
        {"NaN", NUM_SYNTAX, 0, 0},
        {"1e", NUM_SYNTAX, 0, 0},
        {"1e+", NUM_SYNTAX, 0, 0},
        {"1e5.5", NUM_SYNTAX, 0, 0},
        {"--1", NUM_SYNTAX, 0, 0},
        {"1..2", NUM_SYNTAX, 0, 0},
        {"1,5", NUM_SYNTAX, 0, 0},
        {"1_000", NUM_SYNTAX, 0, 0},
        {"\xef\xbc\x91", NUM_SYNTAX, 0, 0}, /* fullwidth digit one */
        {"e5", NUM_SYNTAX, 0, 0},
    };
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
        kh_num r = {.num = 123, .den = 456};
        num_status st = num_parse_exact(NULL, cases[i].text, strlen(cases[i].text), &r);
        if (st != cases[i].status)
            fail_msg("parse \"%s\": status %d, want %d", cases[i].text, st, cases[i].status);
        if (st == NUM_OK && (r.num != cases[i].num || r.den != cases[i].den))
            fail_msg("parse \"%s\" = %lld/%lld, want %lld/%lld", cases[i].text, (long long)r.num,
                     (long long)r.den, (long long)cases[i].num, (long long)cases[i].den);
    }
}

static void test_parse_respects_length(void **state)
{
    kh_num r;
    assert_int_equal(num_parse_exact(NULL, "12345", 2, &r), NUM_OK);
    assert_num(r, 12, 1);
    assert_int_equal(num_parse_exact(NULL, "0.5\0", 4, &r), NUM_SYNTAX); /* embedded NUL */
    assert_int_equal(num_parse_exact(NULL, "1", 0, &r), NUM_SYNTAX);
}

/* num_parse_prefix reads the usual number where it starts a longer text
 * (the JSON reader's fast path) and leaves every other form to
 * num_parse_exact; where it reads one, the value is num_parse_exact's. */
static void test_parse_prefix(void **state)
{
    static const struct {
        const char *text;
        size_t used;      /* 0: left to num_parse_exact */
        int64_t num, den; /* when read */
    } cases[] = {
        {"12.5,", 4, 25, 2},
        {"-0.25}", 5, -1, 4},
        {"7 ", 1, 7, 1},
        {"-0]", 2, 0, 1},
        {"0.10", 4, 1, 10},                                /* the trailing zero counts as written */
        {"999999999999999999,", 18, 999999999999999999, 1}, /* 18 digits: just below 10^18 */
        {"-0.00000000000000001", 20, -1, 100000000000000000},
        {"1000000000000000000", 0, 0, 0},                  /* 19 digits: out of range, said by num_parse_exact */
        {"0.000000000000000001", 0, 0, 0},                 /* 19 digits, counting the zeros */
        {"1e5", 0, 0, 0},
        {"1.5E2", 0, 0, 0},
        {"1.", 0, 0, 0},
        {"1.5.", 0, 0, 0},
        {"-", 0, 0, 0},
        {"-x", 0, 0, 0},
        {".5", 0, 0, 0},
        {"", 0, 0, 0},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        kh_num r = num_int(42), exact;
        size_t used = num_parse_prefix(cases[i].text, strlen(cases[i].text), &r);
        if (used != cases[i].used) fail_msg("%s: read %zu bytes, expected %zu", cases[i].text, used, cases[i].used);
        if (!used) continue;
        assert_num(r, cases[i].num, cases[i].den);
        assert_int_equal(num_parse_exact(NULL, cases[i].text, used, &exact), NUM_OK);
        assert_true(num_eq(r, exact));
    }
}

/* 2^-62 written out needs 62 decimals and a 44-digit significand: 5^62. */
static void test_parse_long_exact_power_of_two(void **state)
{
    const char *text = "0.00000000000000000021684043449710088680149056017398834228515625";
    kh_num r;
    assert_num(parse(text), 1, INT64_C(1) << 62);
    assert_num(parse("-0.00000000000000000021684043449710088680149056017398834228515625"), -1,
               INT64_C(1) << 62);
    /* One more digit and no factor can cancel: den 10^63, big (no arena here). */
    assert_int_equal(num_parse_exact(NULL, "0.000000000000000000216840434497100886801490560174083709716796251", 65, &r),
                     NUM_OVERFLOW);
    /* 2^20 / 10^20 = 1/5^20: the factors 2 cancel. */
    assert_num(parse("0.00000000000001048576"), 1, INT64_C(95367431640625));
}

/* ---- from double -------------------------------------------------------- */

static void test_from_double15_cases(void **state)
{
    kh_num r;
    assert_int_equal(num_from_double15(NULL, 0.1, &r), NUM_OK);
    assert_num(r, 1, 10);
    assert_int_equal(num_from_double15(NULL, 0.59999999999999999, &r), NUM_OK);
    assert_num(r, 3, 5);
    assert_int_equal(num_from_double15(NULL, 0.1 + 0.2, &r), NUM_OK); /* 0.30000000000000004 */
    assert_num(r, 3, 10);
    assert_int_equal(num_from_double15(NULL, 1106.35, &r), NUM_OK);
    assert_num(r, 22127, 20);
    assert_int_equal(num_from_double15(NULL, 1e-7, &r), NUM_OK);
    assert_num(r, 1, 10000000);
    assert_int_equal(num_from_double15(NULL, -2.5, &r), NUM_OK);
    assert_num(r, -5, 2);
    /* 16 significant digits: %.15g gives 123456789012346. */
    assert_int_equal(num_from_double15(NULL, 123456789012345.6, &r), NUM_OK);
    assert_num(r, INT64_C(123456789012346), 1);
    /* 2^53 - 1 = 9007199254740991 prints as 9.00719925474099e+15. */
    assert_int_equal(num_from_double15(NULL, 9007199254740991.0, &r), NUM_OK);
    assert_num(r, INT64_C(9007199254740990), 1);
    assert_int_equal(num_from_double15(NULL, 42.0, &r), NUM_OK);
    assert_num(r, 42, 1);
    assert_int_equal(num_from_double15(NULL, -0.0, &r), NUM_OK);
    assert_num(r, 0, 1);
    assert_int_equal(num_from_double15(NULL, 1.5e-10, &r), NUM_OK); /* printf route */
    assert_num(r, 3, INT64_C(20000000000));
    assert_int_equal(num_from_double15(NULL, 1e300, &r), NUM_OUT_OF_RANGE);
    assert_int_equal(num_from_double15(NULL, -1e19, &r), NUM_OUT_OF_RANGE);
    assert_int_equal(num_from_double15(NULL, NAN, &r), NUM_SYNTAX);
    assert_int_equal(num_from_double15(NULL, INFINITY, &r), NUM_SYNTAX);
    assert_int_equal(num_from_double15(NULL, -INFINITY, &r), NUM_SYNTAX);
}

static uint64_t xorshift(uint64_t *s)
{
    *s ^= *s << 13;
    *s ^= *s >> 7;
    *s ^= *s << 17;
    return *s;
}

/* The quick route must agree with printing "%.15g" and parsing it. */
static void check_against_printf(double d)
{
    char text[64];
    kh_num want = {.num = 0, .den = 0}, got = {.num = 0, .den = 0};
    int n = snprintf(text, sizeof text, "%.15g", d);
    num_status want_st = num_parse_exact(NULL, text, (size_t)n, &want);
    num_status got_st = num_from_double15(NULL, d, &got);
    if (got_st != want_st || (got_st == NUM_OK && !num_eq(got, want)))
        fail_msg("%.17g: got %d %lld/%lld, %%.15g says %s (%d %lld/%lld)", d, got_st, (long long)got.num,
                 (long long)got.den, text, want_st, (long long)want.num, (long long)want.den);
}

static void test_from_double15_matches_printf(void **state)
{
    static const double tricky[] = {
        0.1, 0.59999999999999999, 1106.35, 1e-7, 123456789012345.6, 1e300, -0.0, 0.3, 2.675, 1.005,
        900.885, 999999999999999.0, 999999999999999.5, 1e15, 1e15 + 1, 5e-324, 2.2250738585072014e-308,
        1.7976931348623157e308, 1e-15, 1.5e-15, 1e-16, 123456.7890123456, 0.000123456789012345,
        9.2233720368547758e18, -9.2233720368547758e18, 4.35, 0.07, 1e-5, 33.333333333333336,
    };
    for (size_t i = 0; i < sizeof tricky / sizeof *tricky; i++) {
        check_against_printf(tricky[i]);
        check_against_printf(-tricky[i]);
    }
    uint64_t seed = 0x9e3779b97f4a7c15ULL;
    for (int i = 0; i < 300000; i++) {
        uint64_t r = xorshift(&seed);
        double d;
        switch (i % 5) {
        case 0: memcpy(&d, &r, sizeof d); if (!isfinite(d)) continue; break;
        case 1: d = (double)(int64_t)(r % 100000000000ULL) / 100.0; break;
        case 2: d = (double)(int64_t)(r % 1000000000000000ULL) / pow(10, (double)(xorshift(&seed) % 20)); break;
        case 3: d = ldexp((double)(r >> 11), (int)(xorshift(&seed) % 120) - 90); break;
        default: { /* the neighbours of a money value */
            double x = (double)(int64_t)(r % 100000000000ULL) / 1000.0;
            uint64_t bits;
            memcpy(&bits, &x, sizeof bits);
            bits += xorshift(&seed) % 5 - 2;
            memcpy(&d, &bits, sizeof d);
        }
        }
        check_against_printf((r >> 63) ? -d : d);
    }
}

/* ---- formatting --------------------------------------------------------- */

typedef struct format_case {
    int64_t num, den;
    int min_decimals;
    const char *want;
} format_case;

static void test_format_table(void **state)
{
    static const format_case cases[] = {
        {42, 1, 0, "42"},
        {42, 1, 2, "42.00"},
        {-42, 1, 0, "-42"},
        {0, 1, 0, "0"},
        {0, 1, 3, "0.000"},
        {200, 1, 2, "200.00"},
        {-1, 2, 0, "-0.5"},
        {-1, 2, 3, "-0.500"},
        {1234, 100, 0, "12.34"},
        {1234, 100, 1, "12.34"},
        {-1234, 100, 4, "-12.3400"},
        {1, 20, 0, "0.05"},
        {5, 1, -3, "5"},
        {1, 8, 0, "0.125"},
        {1, 8, 5, "0.12500"},
        {180177, 200, 2, "900.885"},
        {1, 1048576, 0, "0.00000095367431640625"},   /* 2^-20 = 5^20 / 10^20 */
        {1, INT64_C(1000000000000000000), 0, "0.000000000000000001"},
        {MAX, 1, 0, "9223372036854775807"},
        {MIN, 1, 0, "-9223372036854775808"},
        {MIN, 5, 0, "-1844674407370955161.6"},
        {19, 21, 0, "0.904761904761905"},
        {19, 21, 2, "0.904761904761905"},
        {1, 3, 0, "0.333333333333333"},
        {-2, 3, 0, "-0.666666666666667"},
        {2, 3, 20, "0.666666666666667"},
        {10, 3, 0, "3.333333333333333"},
        /* 1 - 1/(3*10^16) rounds up into the integer part. */
        {29999999999999999, 30000000000000000, 0, "1.000000000000000"},
        /* Terminating: exact however many places (2^-62 = 5^62 / 10^62). */
        {1, INT64_C(1) << 62, 0, "0.00000000000000000021684043449710088680149056017398834228515625"},
        {MAX, INT64_C(1) << 62, 0, "1.99999999999999999978315956550289911319850943982601165771484375"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
        buf b = {0};
        buf_puts(&b, "<"); /* num_write appends */
        kh_num v = {.num = cases[i].num, .den = cases[i].den};
        num_write(&b, v, cases[i].min_decimals);
        if (strcmp(b.data + 1, cases[i].want) != 0)
            fail_msg("format %lld/%lld min %d = \"%s\", want \"%s\"", (long long)v.num, (long long)v.den,
                     cases[i].min_decimals, b.data + 1, cases[i].want);
        assert_int_equal(b.len, strlen(cases[i].want) + 1);
        buf_free(&b);
    }
}

/* Any padding asked for is given; the buffer grows. */
static void test_format_long_padding(void **state)
{
    buf b = {0};
    num_write(&b, num_int(MIN), 1000);
    assert_int_equal(b.len, 21 + 1000);
    assert_memory_equal(b.data, "-9223372036854775808.000", 24);
    assert_int_equal(b.data[b.len - 1], '0');
    b.len = 0;
    /* 2^-40 has 40 exact decimals: 5^40 = 9094947017729282379150390625. */
    num_write(&b, mk(-1, INT64_C(1) << 40), 0);
    assert_string_equal(b.data, "-0.0000000000009094947017729282379150390625");
    buf_free(&b);
}

static void test_to_double(void **state)
{
    assert_true(num_to_double(mk(1, 4)) == 0.25);
    assert_true(num_to_double(mk(-3, 2)) == -1.5);
}

/* Cents: a reduced fraction whose denominator divides 100 (1, 2, 4, 5, 10,
 * 20, 25, 50, 100), and no other, up to 1000 and at the ends of int64. */
static void test_is_cents(void **state)
{
    (void)state;
    static const int64_t divisors[] = {1, 2, 4, 5, 10, 20, 25, 50, 100};
    for (int64_t den = 1; den <= 1000; den++) {
        bool divides = false;
        for (size_t i = 0; i < sizeof divisors / sizeof *divisors; i++) divides |= divisors[i] == den;
        kh_num n = {.num = 1, .den = den};
        if (num_is_cents(n) != divides) fail_msg("1/%lld: expected %s", (long long)den, divides ? "cents" : "not cents");
    }
    assert_false(num_is_cents((kh_num){.num = 1, .den = INT64_MAX}));
    assert_true(num_is_cents((kh_num){.num = INT64_MIN + 1, .den = 1}));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_make_reduces_and_moves_sign),
        cmocka_unit_test(test_point_one_plus_point_two),
        cmocka_unit_test(test_pay_chain_is_exact),
        cmocka_unit_test(test_add_sub_mixed_denominators),
        cmocka_unit_test(test_add_sub_overflow_at_int64_edges),
        cmocka_unit_test(test_mul_overflow_and_cancellation),
        cmocka_unit_test(test_div),
        cmocka_unit_test(test_neg_abs),
        cmocka_unit_test(test_cmp_needs_128_bits),
        cmocka_unit_test(test_round_modes_table),
        cmocka_unit_test(test_round_non_terminating),
        cmocka_unit_test(test_terminates),
        cmocka_unit_test(test_parse_table),
        cmocka_unit_test(test_parse_respects_length),
        cmocka_unit_test(test_parse_prefix),
        cmocka_unit_test(test_parse_long_exact_power_of_two),
        cmocka_unit_test(test_from_double15_cases),
        cmocka_unit_test(test_from_double15_matches_printf),
        cmocka_unit_test(test_format_table),
        cmocka_unit_test(test_format_long_padding),
        cmocka_unit_test(test_to_double),
        cmocka_unit_test(test_is_cents),
    };
    return cmocka_run_group_tests_name("num", tests, NULL, NULL);
}
