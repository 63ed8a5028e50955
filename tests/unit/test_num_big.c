/*
 * test_num_big.c — exact numbers past int64/int64 (num_big.c): every
 * operation at the int64 boundary and beyond, rounding in every mode,
 * formatting, terminating decimals, reading text, running totals, the bound
 * of NUM_MAX_BITS bits, and the agreement of the fast path (num.c) with the
 * big path on operands both can take.  Expectations are worked by hand (the
 * long decimals with Python's decimal module as a calculator); the
 * agreement test compares the two paths with each other.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <string.h>

#include "buf.h"
#include "num.h"
#include "num_big.h"

#define MAX INT64_MAX
#define MIN INT64_MIN

static arena *A;

static int setup(void **state)
{
    A = arena_new(64 * 1024);
    return 0;
}

static int teardown(void **state)
{
    arena_free(A);
    return 0;
}

static kh_num mk(int64_t n, int64_t d)
{
    kh_num r;
    assert_int_equal(num_make(A, n, d, &r), NUM_OK);
    return r;
}

static kh_num parse(const char *s)
{
    kh_num r;
    if (num_parse_exact(A, s, strlen(s), &r) != NUM_OK) fail_msg("cannot read %s", s);
    return r;
}

/* a in decimal with min_decimals, in a static buffer */
static const char *text(kh_num a, int min_decimals)
{
    static char out[4096];
    buf b = {0};
    num_write(&b, a, min_decimals);
    snprintf(out, sizeof out, "%s", b.data);
    buf_free(&b);
    return out;
}

static void assert_text(kh_num a, const char *want)
{
    const char *got = text(a, 0);
    if (strcmp(got, want) != 0) fail_msg("got %s, expected %s", got, want);
}

static void assert_small(kh_num a, int64_t n, int64_t d)
{
    if (num_is_big(a) || a.num != n || a.den != d)
        fail_msg("expected the small %lld/%lld, got %s%s", (long long)n, (long long)d, num_is_big(a) ? "big " : "",
                 text(a, 0));
}

/* ---- add, sub ---------------------------------------------------------------- */

static void test_add_sub_past_int64(void **state)
{
    kh_num r, s;
    /* MAX + 1 = 2^63 = 9223372036854775808; MIN - 1 = -9223372036854775809 */
    assert_int_equal(num_add(A, num_int(MAX), num_int(1), &r), NUM_OK);
    assert_true(num_is_big(r));
    assert_text(r, "9223372036854775808");
    assert_int_equal(num_sub(A, num_int(MIN), num_int(1), &r), NUM_OK);
    assert_text(r, "-9223372036854775809");
    /* back inside int64: a small number again */
    assert_int_equal(num_sub(A, r, num_int(-1), &s), NUM_OK);
    assert_small(s, MIN, 1);
    assert_int_equal(num_add(A, num_int(MAX), num_int(1), &r), NUM_OK);
    assert_int_equal(num_sub(A, r, num_int(1), &s), NUM_OK);
    assert_small(s, MAX, 1);
    /* two big numbers: 2^63 + 2^63 = 2^64; 2^64 - 2^63 = 2^63 (big) */
    kh_num p63;
    assert_int_equal(num_add(A, num_int(MAX), num_int(1), &p63), NUM_OK);
    assert_int_equal(num_add(A, p63, p63, &r), NUM_OK);
    assert_text(r, "18446744073709551616");
    assert_int_equal(num_sub(A, r, p63, &s), NUM_OK);
    assert_true(num_eq(s, p63));
    assert_int_equal(num_sub(A, p63, p63, &s), NUM_OK); /* x - x */
    assert_small(s, 0, 1);
    /* -2^63/3 - 2^63/3 = -2^64/3, which does not reduce: times 3 is -2^64 */
    assert_int_equal(num_add(A, mk(MIN, 3), mk(MIN, 3), &r), NUM_OK);
    assert_true(num_is_big(r));
    assert_int_equal(num_mul(A, r, num_int(3), &s), NUM_OK);
    assert_text(s, "-18446744073709551616");
    /* 1/MAX + 1/(MAX-1) = (2MAX-1)/(MAX(MAX-1)): times MAX(MAX-1) is 2MAX-1 */
    assert_int_equal(num_add(A, mk(1, MAX), mk(1, MAX - 1), &r), NUM_OK);
    assert_true(num_is_big(r));
    assert_int_equal(num_mul(A, r, num_int(MAX), &r), NUM_OK);
    assert_int_equal(num_mul(A, r, num_int(MAX - 1), &r), NUM_OK);
    assert_text(r, "18446744073709551613");
    /* a big operand plus a small one with another denominator */
    assert_int_equal(num_add(A, p63, mk(1, 3), &r), NUM_OK);
    assert_text(r, "9223372036854775808.333333333333333");
}

/* ---- mul, div -------------------------------------------------------------------- */

static void test_mul_div_past_int64(void **state)
{
    kh_num r, s;
    int64_t p62 = INT64_C(1) << 62;
    assert_int_equal(num_mul(A, num_int(p62), num_int(4), &r), NUM_OK); /* 2^64 */
    assert_text(r, "18446744073709551616");
    assert_int_equal(num_div(A, r, num_int(4), &s), NUM_OK); /* back to 2^62 */
    assert_small(s, p62, 1);
    assert_int_equal(num_mul(A, num_int(MIN), num_int(-1), &r), NUM_OK);
    assert_text(r, "9223372036854775808");
    /* 1/MAX * 1/MAX = 1/MAX^2, times MAX is 1/MAX again: small */
    assert_int_equal(num_mul(A, mk(1, MAX), mk(1, MAX), &r), NUM_OK);
    assert_true(num_is_big(r));
    assert_int_equal(num_mul(A, r, num_int(MAX), &s), NUM_OK);
    assert_small(s, 1, MAX);
    /* MIN / -1 = 2^63; 1 / MIN = -1/2^63, whose 63 decimals end */
    assert_int_equal(num_div(A, num_int(MIN), num_int(-1), &r), NUM_OK);
    assert_text(r, "9223372036854775808");
    assert_int_equal(num_div(A, num_int(1), num_int(MIN), &r), NUM_OK);
    assert_text(r, "-0.000000000000000000108420217248550443400745280086994171142578125");
    /* dividing by a big number, and by zero */
    assert_int_equal(num_div(A, num_int(3), r, &s), NUM_OK); /* 3 / (-1/2^63) = -3 * 2^63 */
    assert_text(s, "-27670116110564327424");
    assert_int_equal(num_div(A, s, num_int(0), &r), NUM_DIV_ZERO);
    assert_int_equal(num_div(A, s, mk(0, 7), &r), NUM_DIV_ZERO);
    /* 0 times a big number is 0; a big number over itself is 1 */
    assert_int_equal(num_mul(A, num_int(0), s, &r), NUM_OK);
    assert_small(r, 0, 1);
    assert_int_equal(num_div(A, s, s, &r), NUM_OK);
    assert_small(r, 1, 1);
}

/* ---- neg, abs, cmp, eq, hash ------------------------------------------------- */

static void test_neg_abs_big(void **state)
{
    kh_num r, s;
    assert_int_equal(num_neg(A, num_int(MIN), &r), NUM_OK);
    assert_text(r, "9223372036854775808");
    assert_int_equal(num_neg(A, r, &s), NUM_OK); /* -2^63 fits again */
    assert_small(s, MIN, 1);
    assert_int_equal(num_abs(A, num_int(MIN), &r), NUM_OK);
    assert_text(r, "9223372036854775808");
    assert_int_equal(num_neg(A, mk(MIN, 3), &r), NUM_OK); /* 2^63/3 */
    assert_text(r, "3074457345618258602.666666666666667");
    kh_num big_neg;
    assert_int_equal(num_sub(A, num_int(MIN), mk(1, 2), &big_neg), NUM_OK); /* -2^63 - 1/2 */
    assert_int_equal(num_abs(A, big_neg, &r), NUM_OK);
    assert_text(r, "9223372036854775808.5");
    assert_int_equal(num_sign(big_neg), -1);
    assert_int_equal(num_sign(r), 1);
    assert_false(num_is_zero(r));
    assert_false(num_is_int(r));
    assert_int_equal(num_neg(A, num_int(MAX), &r), NUM_OK);
    assert_small(r, -MAX, 1);
}

static void test_cmp_eq_hash_big(void **state)
{
    kh_num p63, p63b, m63, half;
    assert_int_equal(num_add(A, num_int(MAX), num_int(1), &p63), NUM_OK);
    assert_int_equal(num_mul(A, num_int(INT64_C(1) << 62), num_int(2), &p63b), NUM_OK); /* made apart */
    assert_int_equal(num_sub(A, num_int(MIN), num_int(1), &m63), NUM_OK);
    half = mk(1, 2);
    assert_true(p63.den != p63b.den); /* two big numbers apart: different digits */
    assert_true(num_eq(p63, p63b));
    assert_int_equal(num_cmp(p63, p63b), 0);
    assert_true(num_hash(p63) == num_hash(p63b));
    assert_true(num_is_int(p63));
    assert_true(num_cmp(p63, num_int(MAX)) > 0);
    assert_true(num_cmp(num_int(MAX), p63) < 0);
    assert_true(num_cmp(m63, num_int(MIN)) < 0);
    assert_true(num_cmp(m63, p63) < 0);
    assert_false(num_eq(p63, num_int(MAX)));
    assert_false(num_eq(p63, m63));
    /* 2^63 + 1/2 against 2^63 and 2^63 + 1 */
    kh_num x, y;
    assert_int_equal(num_add(A, p63, half, &x), NUM_OK);
    assert_int_equal(num_add(A, p63, num_int(1), &y), NUM_OK);
    assert_true(num_cmp(x, p63) > 0 && num_cmp(x, y) < 0);
    /* |·| */
    assert_true(num_cmp_abs(m63, p63) > 0);
    assert_true(num_cmp_abs(num_int(-3), num_int(2)) > 0);
    assert_int_equal(num_cmp_abs(mk(-1, 3), mk(1, 3)), 0);
    /* a big number outlives its arena when kept */
    arena *B = arena_new(1024);
    kh_num tmp, kept;
    assert_int_equal(num_mul(B, p63, p63, &tmp), NUM_OK); /* 2^126 */
    kept = num_keep(A, tmp);
    arena_free(B);
    assert_text(kept, "85070591730234615865843651857942052864");
    assert_true(num_eq(num_keep(A, num_int(5)), num_int(5)));
}

/* ---- round --------------------------------------------------------------------- */

/* 10^19 + k/den, negated when neg: a value past int64 (text is read only
 * below 10^18, so it is built by arithmetic). */
static kh_num tenth19_plus(int64_t k, int64_t den, bool neg)
{
    kh_num e19, r;
    assert_int_equal(num_mul(A, num_int(INT64_C(1000000000000000000)), num_int(10), &e19), NUM_OK);
    assert_int_equal(num_add(A, e19, mk(k, den), &r), NUM_OK);
    if (neg) assert_int_equal(num_neg(A, r, &r), NUM_OK);
    return r;
}

static void check_round(kh_num v, int places, const char *const want[5])
{
    for (int mode = 0; mode < 5; mode++) {
        kh_num r;
        assert_int_equal(num_round(A, v, places, (num_round_mode)mode, &r), NUM_OK);
        const char *got = text(r, 0);
        if (strcmp(got, want[mode]) != 0)
            fail_msg("round(%s, %d, mode %d) = %s, want %s", text(v, 0), places, mode, got, want[mode]);
    }
}

static void test_round_every_mode_past_int64(void **state)
{
    static const char *const up_half[5] = {"10000000000000000001", "10000000000000000000", "10000000000000000000",
                                           "10000000000000000000", "10000000000000000001"};
    check_round(tenth19_plus(1, 2, false), 0, up_half); /* 10^19 + 0.5 */
    static const char *const down_half[5] = {"-10000000000000000001", "-10000000000000000000", "-10000000000000000000",
                                             "-10000000000000000001", "-10000000000000000000"};
    check_round(tenth19_plus(1, 2, true), 0, down_half);
    static const char *const odd_half[5] = {"10000000000000000002", "10000000000000000002", "10000000000000000001",
                                            "10000000000000000001", "10000000000000000002"};
    check_round(tenth19_plus(3, 2, false), 0, odd_half); /* 10^19 + 1.5: half even goes up */
    static const char *const eighth[5] = {"10000000000000000000.13", "10000000000000000000.12", "10000000000000000000.12",
                                          "10000000000000000000.12", "10000000000000000000.13"};
    check_round(tenth19_plus(1, 8, false), 2, eighth); /* 10^19 + 0.125 */
    static const char *const third[5] = {"10000000000000000000.33", "10000000000000000000.33", "10000000000000000000.33",
                                         "10000000000000000000.33", "10000000000000000000.34"};
    check_round(tenth19_plus(1, 3, false), 2, third);
    /* MAX/3 = 3074457345618258602.333...: 2 places need a numerator past int64 */
    static const char *const max3[5] = {"3074457345618258602.33", "3074457345618258602.33", "3074457345618258602.33",
                                        "3074457345618258602.33", "3074457345618258602.34"};
    check_round(mk(MAX, 3), 2, max3);
    /* big denominators: -5 * 10^-20 to 18 places: 0.05 of the last place */
    static const char *const tiny_neg[5] = {"0", "0", "0", "-0.000000000000000001", "0"};
    check_round(parse("-0.00000000000000000005"), 18, tiny_neg);
    /* 1.5 * 10^-19 to 18 places: 0.15 of the last place */
    static const char *const tiny18[5] = {"0", "0", "0", "0", "0.000000000000000001"};
    check_round(parse("0.00000000000000000015"), 18, tiny18);
}

/* ---- format, terminates --------------------------------------------------------- */

static void test_format_big(void **state)
{
    kh_num p64, r;
    assert_int_equal(num_mul(A, num_int(INT64_C(1) << 62), num_int(4), &p64), NUM_OK);
    assert_string_equal(text(p64, 2), "18446744073709551616.00");
    assert_int_equal(num_neg(A, p64, &r), NUM_OK);
    assert_string_equal(text(r, 0), "-18446744073709551616");
    /* (10^20 + 1)/3 = 33333333333333333333.666...: 15 decimals, half away from zero */
    kh_num e20;
    assert_int_equal(num_mul(A, num_int(INT64_C(10000000000)), num_int(INT64_C(10000000000)), &e20), NUM_OK);
    assert_int_equal(num_add(A, e20, num_int(1), &r), NUM_OK);
    assert_int_equal(num_div(A, r, num_int(3), &r), NUM_OK);
    assert_string_equal(text(r, 0), "33333333333333333333.666666666666667");
    assert_string_equal(text(r, 40), "33333333333333333333.666666666666667"); /* no padding past the rounding */
    /* 10^19 - 1/(3 * 10^16): the rounding carries into the integer part */
    assert_int_equal(num_sub(A, tenth19_plus(0, 1, false), mk(1, INT64_C(30000000000000000)), &r), NUM_OK);
    assert_string_equal(text(r, 0), "10000000000000000000.000000000000000");
    /* negative, terminating with a big denominator: -1/2^70 = -5^70/10^70 */
    kh_num d70;
    assert_int_equal(num_mul(A, num_int(INT64_C(1) << 35), num_int(INT64_C(1) << 35), &d70), NUM_OK);
    assert_int_equal(num_div(A, num_int(-1), d70, &r), NUM_OK);
    assert_string_equal(text(r, 0), "-0.0000000000000000000008470329472543003390683225006796419620513916015625");
    assert_string_equal(text(r, 72), "-0.000000000000000000000847032947254300339068322500679641962051391601562500");
    /* a big number after text already in the buffer */
    buf b = {0};
    buf_puts(&b, "x=");
    num_write(&b, p64, 0);
    assert_string_equal(b.data, "x=18446744073709551616");
    assert_int_equal(b.len, 22);
    buf_free(&b);
}

static void test_terminates_big(void **state)
{
    int places = -1;
    kh_num d70, r;
    assert_int_equal(num_mul(A, num_int(INT64_C(1) << 35), num_int(INT64_C(1) << 35), &d70), NUM_OK);
    assert_true(num_terminates(d70, &places)); /* an integer */
    assert_int_equal(places, 0);
    assert_int_equal(num_div(A, num_int(1), d70, &r), NUM_OK);
    assert_true(num_terminates(r, &places));
    assert_int_equal(places, 70);
    assert_true(num_terminates(parse("0.000000000000000000000000000001"), &places)); /* 1/10^30 */
    assert_int_equal(places, 30);
    assert_int_equal(num_div(A, r, num_int(3), &r), NUM_OK); /* 1/(3 * 2^70) */
    assert_false(num_terminates(r, &places));
    assert_true(num_is_cents(parse("-999999999999999999.99")));
    assert_false(num_is_cents(parse("0.0000000000000000001")));
}

/* ---- reading text ------------------------------------------------------------------ */

static void test_parse_exact_big(void **state)
{
    kh_num r;
    assert_text(parse("1e-19"), "0.0000000000000000001");
    assert_text(parse("-999999999999999999.99"), "-999999999999999999.99");
    assert_true(num_is_big(parse("-999999999999999999.99")));
    assert_text(parse("12345678901234567.891"), "12345678901234567.891");
    /* 0.59999999999999999 is not 0.6 (and fits int64/int64: 10^17 below) */
    assert_false(num_eq(parse("0.59999999999999999"), parse("0.6")));
    assert_true(num_cmp(parse("0.59999999999999999"), parse("0.6")) < 0);
    /* 2^-70 written out: 70 decimals, read exactly */
    assert_text(parse("0.0000000000000000000008470329472543003390683225006796419620513916015625"),
                "0.0000000000000000000008470329472543003390683225006796419620513916015625");
    /* the bounds */
    assert_int_equal(num_parse_exact(A, "1e18", 4, &r), NUM_OUT_OF_RANGE);
    assert_int_equal(num_parse_exact(A, "1e-300001", 9, &r), NUM_TOO_SMALL);
    assert_int_equal(num_parse_exact(A, "1.5e-300000", 11, &r), NUM_TOO_PRECISE);
    assert_int_equal(num_parse_exact(A, "1e-300000", 9, &r), NUM_OK);
    assert_true(num_is_big(r));
    /* the same through a double: only for a text of up to 15 digits */
    assert_int_equal(num_from_double15(A, 1e-19, &r), NUM_OK);
    assert_text(r, "0.0000000000000000001");
    assert_int_equal(num_from_double15(A, 1e18, &r), NUM_OUT_OF_RANGE);
    assert_string_equal(num_status_text(NUM_TOO_SMALL),
                        "is too small to hold (kaohe reads numbers down to 10^-300000; write 0 for none)");
}

/* ---- the bound ----------------------------------------------------------------------- */

static void test_bound_of_bits(void **state)
{
    /* 2^(2^19) by squaring; times 2^(2^19 - 1) it is 2^(2^20 - 1), whose
     * 2^20 bits are just allowed; 2^(2^19) squared, 2^(2^20), is one bit
     * more: NUM_OVERFLOW */
    kh_num x = num_int(2), y, r;
    for (int i = 0; i < 19; i++) assert_int_equal(num_mul(A, x, x, &x), NUM_OK);
    assert_int_equal(num_div(A, x, num_int(2), &y), NUM_OK);
    assert_int_equal(num_mul(A, x, y, &r), NUM_OK);
    assert_int_equal(num_mul(A, x, x, &r), NUM_OVERFLOW);
    /* the same for a denominator */
    kh_num inv;
    assert_int_equal(num_div(A, num_int(1), x, &inv), NUM_OK);
    assert_int_equal(num_mul(A, inv, inv, &r), NUM_OVERFLOW);
    /* with no arena, any result past int64 is NUM_OVERFLOW */
    assert_int_equal(num_add(NULL, num_int(MAX), num_int(1), &r), NUM_OVERFLOW);
    assert_int_equal(num_add(NULL, x, num_int(1), &r), NUM_OVERFLOW);
    /* ...but a big operand with a small result is fine */
    assert_int_equal(num_div(NULL, x, x, &r), NUM_OK);
    assert_small(r, 1, 1);
}

/* ---- running totals --------------------------------------------------------------- */

static void test_acc(void **state)
{
    /* 1/p for primes past int64's reach: the total's denominator grows past
     * int64 and is the same as adding with num_add */
    static const int64_t den[] = {1000003, 1000033, 1000037, 1000039, 999983, 999979, 999961};
    num_acc acc;
    num_acc_init(&acc);
    kh_num sum = num_int(0), got;
    for (size_t i = 0; i < sizeof den / sizeof *den; i++) {
        assert_int_equal(num_acc_add(&acc, mk(1, den[i])), NUM_OK);
        assert_int_equal(num_add(A, sum, mk(1, den[i]), &sum), NUM_OK);
    }
    assert_true(num_is_big(sum));
    assert_int_equal(num_acc_value(&acc, A, &got), NUM_OK);
    assert_true(num_eq(got, sum));
    /* subtracting back makes it small again */
    for (size_t i = 0; i < sizeof den / sizeof *den; i++) assert_int_equal(num_acc_add(&acc, mk(-1, den[i])), NUM_OK);
    assert_int_equal(num_acc_value(&acc, A, &got), NUM_OK);
    assert_small(got, 0, 1);
    num_acc_free(&acc);
    /* past the bound: 2^-(2^20 - 1) + 3^-1 needs 2^20 + 1 bits below */
    kh_num x = num_int(2), y;
    for (int i = 0; i < 19; i++) assert_int_equal(num_mul(A, x, x, &x), NUM_OK);
    assert_int_equal(num_div(A, x, num_int(2), &y), NUM_OK);
    assert_int_equal(num_mul(A, x, y, &y), NUM_OK); /* 2^(2^20 - 1) */
    assert_int_equal(num_div(A, num_int(1), y, &y), NUM_OK);
    num_acc_init(&acc);
    assert_int_equal(num_acc_add(&acc, y), NUM_OK);
    assert_int_equal(num_acc_add(&acc, mk(1, 3)), NUM_OVERFLOW);
    assert_int_equal(num_acc_add(&acc, num_int(1)), NUM_OVERFLOW); /* and stays so */
    assert_int_equal(num_acc_value(&acc, A, &got), NUM_OVERFLOW);
    num_acc_free(&acc);
}

/* ---- the fast path and the big path agree ------------------------------------------ */

static uint64_t xorshift(uint64_t *s)
{
    *s ^= *s << 13;
    *s ^= *s >> 7;
    *s ^= *s << 17;
    return *s;
}

static const int64_t edges[] = {0, 1, -1, 2, 3, 5, 7, 10, 100, 3037000499, 3037000500, INT64_C(4294967296),
                                MAX, MAX - 1, MIN, MIN + 1, MAX / 2, MIN / 3, INT64_C(1) << 62, INT64_C(999999999999999999)};

static kh_num some_num(uint64_t *seed)
{
    uint64_t r = xorshift(seed);
    int64_t n, d;
    size_t ne = sizeof edges / sizeof *edges;
    switch (r % 4) {
    case 0: n = edges[xorshift(seed) % ne]; d = 1; break;
    case 1: n = edges[xorshift(seed) % ne]; d = edges[xorshift(seed) % ne]; break;
    case 2: n = (int64_t)(xorshift(seed) % 2000001) - 1000000; d = 100; break;
    default: n = (int64_t)xorshift(seed); d = (int64_t)(xorshift(seed) >> (xorshift(seed) % 63)); break;
    }
    kh_num x;
    if (d == 0 || num_make(NULL, n, d, &x) != NUM_OK) return num_int(n);
    return x;
}

/* fast: the fast path's answer with no arena; big: the big path's */
static void agree(const char *op, kh_num a, kh_num b, num_status fast_st, kh_num fast, num_status big_st, kh_num big)
{
    if (fast_st == NUM_OK) {
        if (big_st != NUM_OK || num_is_big(big) || !num_eq(fast, big))
            fail_msg("%s(%s, %s): fast %s, big (status %d) %s", op, text(a, 0), text(b, 0), text(fast, 0), big_st,
                     big_st == NUM_OK ? text(big, 0) : "-");
    } else if (fast_st == NUM_OVERFLOW) { /* past int64: the big path holds it */
        if (big_st != NUM_OK || !num_is_big(big))
            fail_msg("%s(%s, %s): the fast path overflows, the big path gives status %d", op, text(a, 0), text(b, 0),
                     big_st);
    } else if (fast_st != big_st) {
        fail_msg("%s(%s, %s): status %d, big %d", op, text(a, 0), text(b, 0), fast_st, big_st);
    }
}

static void test_fast_and_big_agree(void **state)
{
    uint64_t seed = 0x2545F4914F6CDD1DULL;
    for (int i = 0; i < 200000; i++) {
        if (i % 1000 == 0) arena_reset(A);
        kh_num a = some_num(&seed), b = some_num(&seed), f = num_int(0), g = num_int(0);
        num_status fs, gs;
        fs = num_add(NULL, a, b, &f);
        gs = num_big_addsub(A, a, b, false, &g);
        agree("add", a, b, fs, f, gs, g);
        fs = num_sub(NULL, a, b, &f);
        gs = num_big_addsub(A, a, b, true, &g);
        agree("sub", a, b, fs, f, gs, g);
        fs = num_mul(NULL, a, b, &f);
        gs = num_big_mul(A, a, b, &g);
        agree("mul", a, b, fs, f, gs, g);
        fs = num_div(NULL, a, b, &f);
        gs = num_big_div(A, a, b, &g);
        agree("div", a, b, fs, f, gs, g);
        fs = num_neg(NULL, a, &f);
        gs = num_big_neg(A, a, false, &g);
        agree("neg", a, b, fs, f, gs, g);
        fs = num_abs(NULL, a, &f);
        gs = num_big_neg(A, a, true, &g);
        agree("abs", a, b, fs, f, gs, g);
        int places = (int)(xorshift(&seed) % 19);
        num_round_mode mode = (num_round_mode)(xorshift(&seed) % 5);
        fs = num_round(NULL, a, places, mode, &f);
        gs = num_big_round(A, a, places, mode, &g);
        agree("round", a, num_int(places), fs, f, gs, g);
        int c = num_cmp(a, b), d = num_big_cmp(a, b);
        if (c != d) fail_msg("cmp(%s, %s): fast %d, big %d", text(a, 0), text(b, 0), c, d);
        if (num_cmp_abs(a, b) != num_big_cmp_abs(a, b)) fail_msg("cmp_abs(%s, %s) differs", text(a, 0), text(b, 0));
        int pf = -1, pb = -1;
        bool tf = num_terminates(a, &pf), tb = num_big_terminates(a, &pb);
        if (tf != tb || (tf && pf != pb)) fail_msg("terminates(%s) differs", text(a, 0));
        /* the two writers */
        buf x = {0}, y = {0};
        num_write(&x, a, i % 4);
        num_big_write(&y, a, i % 4);
        if (strcmp(x.data, y.data) != 0) fail_msg("write %lld/%lld: fast %s, big %s", (long long)a.num, (long long)a.den, x.data, y.data);
        buf_free(&x);
        buf_free(&y);
    }
}

/* A result of the big path with big operands that fits int64 comes back
 * small: each value has one representation. */
static void test_results_that_fit_are_small(void **state)
{
    kh_num p63, r;
    assert_int_equal(num_add(A, num_int(MAX), num_int(1), &p63), NUM_OK);
    assert_int_equal(num_div(A, p63, num_int(2), &r), NUM_OK);
    assert_small(r, INT64_C(1) << 62, 1);
    assert_int_equal(num_round(A, p63, 2, ROUND_HALF_UP, &r), NUM_OK); /* an integer stays as it is */
    assert_true(num_eq(r, p63));
    kh_num tiny = parse("0.00000000000000000015");
    assert_int_equal(num_round(A, tiny, 18, ROUND_CEIL, &r), NUM_OK);
    assert_small(r, 1, INT64_C(1000000000000000000));
    assert_int_equal(num_mul(A, tiny, num_int(INT64_C(100000000000000000)), &r), NUM_OK); /* 0.015 */
    assert_small(r, 3, 200);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_add_sub_past_int64),
        cmocka_unit_test(test_mul_div_past_int64),
        cmocka_unit_test(test_neg_abs_big),
        cmocka_unit_test(test_cmp_eq_hash_big),
        cmocka_unit_test(test_round_every_mode_past_int64),
        cmocka_unit_test(test_format_big),
        cmocka_unit_test(test_terminates_big),
        cmocka_unit_test(test_parse_exact_big),
        cmocka_unit_test(test_bound_of_bits),
        cmocka_unit_test(test_acc),
        cmocka_unit_test(test_fast_and_big_agree),
        cmocka_unit_test(test_results_that_fit_are_small),
    };
    return cmocka_run_group_tests_name("num_big", tests, setup, teardown);
}
