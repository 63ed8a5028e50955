/*
 * test_cov_io_num.c — the last corners of exact number parsing (src/base/num.c),
 * beside test_num.c: long significands, which are either out of range or
 * need a big number (none without an arena), and a fraction that is not a
 * number at all.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <string.h>

#include "num.h"

static num_status parse(const char *s, kh_num *r) { return num_parse_exact(NULL, s, strlen(s), r); }

static void test_significands_too_long(void **state)
{
    kh_num r = {.num = 7, .den = 1};
    char text[128];
    /* 60 ones, a point, 10 ones: 60 digits before the point, far past 10^18 */
    memset(text, '1', 60);
    text[60] = '.';
    memset(text + 61, '1', 10);
    text[71] = '\0';
    assert_int_equal(parse(text, &r), NUM_OUT_OF_RANGE);
    /* 20 digits before the point: 10^19 and more */
    assert_int_equal(parse("12345678901234567890.1", &r), NUM_OUT_OF_RANGE);
    /* 40 decimals: 1/10^40, no factor cancels (5^40 does not fit): big */
    assert_int_equal(parse("0.0000000000000000000000000000000000000001", &r), NUM_OVERFLOW);
    /* nothing was written on failure */
    assert_int_equal(r.num, 7);
    assert_int_equal(r.den, 1);
    /* 20 decimals: in 18446744073709551615 / 10^20 one factor 5 cancels,
     * leaving 2^20 * 5^19 (about 2e19) below: big; in 25 / 10^20 two
     * cancel, leaving 2^20 * 5^18 = 4e18: small */
    assert_int_equal(parse("0.18446744073709551615", &r), NUM_OVERFLOW);
    assert_int_equal(parse("0.00000000000000000025", &r), NUM_OK);
    assert_int_equal(r.num, 1);
    assert_int_equal(r.den, INT64_C(4000000000000000000));
}

static void test_terminates_needs_a_fraction(void **state)
{
    int places = -1;
    kh_num bad = {.num = 1, .den = 0}; /* not a fraction kaohe makes */
    assert_false(num_terminates(bad, &places));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_significands_too_long),
        cmocka_unit_test(test_terminates_needs_a_fraction),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
