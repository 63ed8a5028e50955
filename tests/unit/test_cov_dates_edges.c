/*
 * test_cov_dates_edges.c — the calendar's edges, worked by hand: a date is
 * valid only in years 0001..9999 with a real month and day; a date or month
 * outside those years has no text form and is written with '#' so that it
 * never passes for one; dates_explain_error with no room writes nothing.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <string.h>

#include "dates.h"

static void test_valid_ymd(void **state)
{
    (void)state;
    assert_true(date_valid_ymd(1, 1, 1));
    assert_true(date_valid_ymd(9999, 12, 31));
    assert_false(date_valid_ymd(0, 12, 31));
    assert_false(date_valid_ymd(10000, 1, 1));
    assert_false(date_valid_ymd(2014, 0, 1));
    assert_false(date_valid_ymd(2014, 13, 1));
    assert_false(date_valid_ymd(2014, 6, 0));
    assert_false(date_valid_ymd(2014, 6, 31));  /* June has 30 */
    assert_true(date_valid_ymd(2016, 2, 29));
    assert_false(date_valid_ymd(2014, 2, 29));
}

static void test_out_of_range_texts(void **state)
{
    (void)state;
    char t[32];
    assert_int_equal(date_format(date_from_ymd(1, 1, 1), t), 10);
    assert_string_equal(t, "0001-01-01");
    assert_int_equal(date_format(date_from_ymd(1, 1, 1) - 1, t), 10); /* 31 Dec of year 0 */
    assert_string_equal(t, "####-##-##");
    assert_int_equal(date_format(date_from_ymd(9999, 12, 31) + 1, t), 10);
    assert_string_equal(t, "####-##-##");
    assert_int_equal(month_format(month_from_ym(9999, 12), t), 7);
    assert_string_equal(t, "9999-12");
    assert_int_equal(month_format(month_from_ym(9999, 12) + 1, t), 7);
    assert_string_equal(t, "####-##");
    assert_int_equal(month_format(month_from_ym(1, 1) - 1, t), 7);
    assert_string_equal(t, "####-##");
}

static void test_parse_refuses(void **state)
{
    (void)state;
    int32_t d, m;
    assert_false(date_parse("2014-0a-01", 10, &d));
    assert_false(date_parse("2014-06-3:", 10, &d));
    assert_false(month_parse("0000-01", 7, &m));
    assert_true(month_parse("0001-01", 7, &m));
    char msg[8] = "keep";
    dates_explain_error('d', "x", 1, msg, 0); /* no room: nothing written */
    assert_string_equal(msg, "keep");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_valid_ymd),
        cmocka_unit_test(test_out_of_range_texts),
        cmocka_unit_test(test_parse_refuses),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
