/*
 * test_dates.c — calendar values: strict parsing of the three text forms,
 * leap years and month lengths, day counts against a day-by-day walk of the
 * calendar, weekdays, formatting and the reasons given for bad text.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <string.h>

#include "dates.h"

/* 1970 -> 2000: 30 years with 7 leap days (72..96) = 10957 days. */
#define DAY_2000_01_01 10957
/* 1970 -> 2014: 44 years with 11 leap days (72..2012) = 16071; then
 * Jan..May 2014 = 31+28+31+30+31 = 151 days. */
#define DAY_2014_06_01 16222
/* From 0001-01-01 to 1970-01-01: 1969 years, 477 leap days
 * (492 multiples of 4, less 19 of 100, plus 4 of 400): 1969*365 + 477. */
#define DAY_0001_01_01 (-719162)

static bool parse_d(const char *s, int32_t *days)
{
    return date_parse(s, strlen(s), days);
}

static void test_known_day_numbers(void **state)
{
    assert_int_equal(date_from_ymd(1970, 1, 1), 0);
    assert_int_equal(date_from_ymd(1970, 1, 2), 1);
    assert_int_equal(date_from_ymd(1969, 12, 31), -1);
    assert_int_equal(date_from_ymd(2000, 1, 1), DAY_2000_01_01);
    assert_int_equal(date_from_ymd(2000, 3, 1), DAY_2000_01_01 + 31 + 29);
    assert_int_equal(date_from_ymd(2014, 6, 1), DAY_2014_06_01);
    assert_int_equal(date_from_ymd(1, 1, 1), DAY_0001_01_01);
    assert_int_equal(1969 * 365 + 477, 719162);
}

static void test_leap_years_and_month_lengths(void **state)
{
    static const int lengths_2014[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    for (int m = 1; m <= 12; m++) assert_int_equal(date_days_in_month(2014, m), lengths_2014[m - 1]);
    assert_int_equal(date_days_in_month(2000, 2), 29); /* divisible by 400 */
    assert_int_equal(date_days_in_month(1900, 2), 28); /* by 100, not 400 */
    assert_int_equal(date_days_in_month(2100, 2), 28);
    assert_int_equal(date_days_in_month(2016, 2), 29);
    assert_int_equal(date_days_in_month(2400, 2), 29);
    assert_int_equal(date_days_in_month(2014, 0), 0);
    assert_int_equal(date_days_in_month(2014, 13), 0);
    assert_true(date_valid_ymd(2000, 2, 29));
    assert_false(date_valid_ymd(2014, 2, 29));
    assert_false(date_valid_ymd(1900, 2, 29));
    assert_false(date_valid_ymd(2014, 4, 31));
    assert_true(date_valid_ymd(2014, 12, 31));
    assert_false(date_valid_ymd(0, 1, 1));
    assert_true(date_valid_ymd(1, 1, 1));
    assert_true(date_valid_ymd(9999, 12, 31));
    assert_false(date_valid_ymd(10000, 1, 1));
    assert_false(date_valid_ymd(2014, 1, 0));
}

/* Walks the calendar a day at a time from 0001-01-01 to 9999-12-31 using
 * only the month lengths, and checks both conversions and the weekday. */
static void test_every_day_round_trips(void **state)
{
    int y = 1, m = 1, d = 1;
    int32_t days = DAY_0001_01_01;
    int weekday = 1; /* 0001-01-01 is a Monday in the proleptic calendar */
    for (;;) {
        int gy, gm, gd;
        if (date_from_ymd(y, m, d) != days) fail_msg("date_from_ymd(%d-%d-%d) != %d", y, m, d, days);
        date_to_ymd(days, &gy, &gm, &gd);
        if (gy != y || gm != m || gd != d) fail_msg("date_to_ymd(%d) = %d-%d-%d", days, gy, gm, gd);
        if (date_weekday(days) != weekday) fail_msg("weekday of %d-%d-%d", y, m, d);
        if (date_month(days) != month_from_ym(y, m)) fail_msg("date_month of %d-%d-%d", y, m, d);
        if (y == 9999 && m == 12 && d == 31) break;
        days++;
        weekday = weekday % 7 + 1;
        if (++d > date_days_in_month(y, m)) {
            d = 1;
            if (++m > 12) {
                m = 1;
                y++;
            }
        }
    }
    /* 9999 years: 9999*365 days + 2424 leap days (2499 - 99 + 24), less one. */
    assert_int_equal(days, DAY_0001_01_01 + 9999 * 365 + 2424 - 1);
}

static void test_weekdays(void **state)
{
    assert_int_equal(date_weekday(DAY_2014_06_01), 7); /* a Sunday */
    assert_int_equal(date_weekday(DAY_2014_06_01 + 1), 1);
    assert_int_equal(date_weekday(0), 4);              /* 1970-01-01, a Thursday */
    assert_int_equal(date_weekday(-1), 3);
    assert_int_equal(date_weekday(DAY_2000_01_01), 6); /* a Saturday */
}

static void test_date_parse_table(void **state)
{
    static const struct { const char *text; bool ok; int y, m, d; } cases[] = {
        {"2014-06-01", true, 2014, 6, 1},
        {"2000-02-29", true, 2000, 2, 29},
        {"0001-01-01", true, 1, 1, 1},
        {"9999-12-31", true, 9999, 12, 31},
        {"2014-02-29", false, 0, 0, 0},
        {"1900-02-29", false, 0, 0, 0},
        {"2014-04-31", false, 0, 0, 0},
        {"2014-13-01", false, 0, 0, 0},
        {"2014-00-10", false, 0, 0, 0},
        {"2014-06-00", false, 0, 0, 0},
        {"0000-01-01", false, 0, 0, 0},
        {"10000-01-01", false, 0, 0, 0},
        {"2014-6-1", false, 0, 0, 0},
        {"2014/06/01", false, 0, 0, 0},
        {"2014-06-01 ", false, 0, 0, 0},
        {" 2014-06-01", false, 0, 0, 0},
        {"2014-06-01T00:00:00", false, 0, 0, 0},
        {"2014-06", false, 0, 0, 0},
        {"\xef\xbc\x92" "014-06-01", false, 0, 0, 0}, /* fullwidth 2 */
        {"+014-06-01", false, 0, 0, 0},
        {"", false, 0, 0, 0},
    };
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
        int32_t days = 12345;
        bool ok = parse_d(cases[i].text, &days);
        if (ok != cases[i].ok) fail_msg("date_parse(\"%s\") = %d", cases[i].text, ok);
        if (ok) assert_int_equal(days, date_from_ymd(cases[i].y, cases[i].m, cases[i].d));
    }
    int32_t days;
    assert_true(parse_d("2014-06-01", &days));
    assert_int_equal(days, DAY_2014_06_01);
    assert_true(date_parse("2014-06-01xyz", 10, &days)); /* only len bytes are read */
    assert_false(date_parse("2014-06-0", 9, &days));
}

static void test_datetime_parse_table(void **state)
{
    int64_t secs;
    const int64_t day = INT64_C(86400) * DAY_2014_06_01;
    assert_true(datetime_parse("2014-06-01T00:00:00", 19, &secs));
    assert_true(secs == day);
    assert_true(datetime_parse("2014-06-01T23:59:59", 19, &secs));
    assert_true(secs == day + 86399);
    assert_true(datetime_parse("2014-06-01T09:05:07", 19, &secs));
    assert_true(secs == day + 9 * 3600 + 5 * 60 + 7);
    assert_true(datetime_parse("1969-12-31T23:59:59", 19, &secs));
    assert_true(secs == -1);
    static const char *const bad[] = {
        "2014-06-01T24:00:00", "2014-06-01T00:60:00", "2014-06-01T00:00:60", "2014-06-01 10:00:00",
        "2014-06-01t10:00:00", "2014-06-01T10:00", "2014-06-01T10:00:00Z", "2014-02-29T10:00:00",
        "2014-06-01", "2014-06-01T1:00:00",
    };
    for (size_t i = 0; i < sizeof bad / sizeof *bad; i++)
        if (datetime_parse(bad[i], strlen(bad[i]), &secs)) fail_msg("accepted \"%s\"", bad[i]);
}

static void test_month_parse_table(void **state)
{
    int32_t mo;
    assert_true(month_parse("2014-06", 7, &mo));
    assert_int_equal(mo, 2014 * 12 + 5);
    assert_int_equal(month_year(mo), 2014);
    assert_int_equal(month_month(mo), 6);
    assert_true(month_parse("2014-12", 7, &mo));
    assert_int_equal(month_month(mo), 12);
    assert_false(month_parse("2014-13", 7, &mo));
    assert_false(month_parse("2014-00", 7, &mo));
    assert_false(month_parse("0000-01", 7, &mo));
    assert_false(month_parse("2014-6", 6, &mo));
    assert_false(month_parse("2014-06-01", 10, &mo));
    assert_int_equal(date_month(DAY_2014_06_01), 2014 * 12 + 5);
    assert_int_equal(date_month(DAY_2014_06_01 - 1), 2014 * 12 + 4); /* 2014-05-31 */
}

static void test_datetime_parts(void **state)
{
    int32_t days;
    int h, mi, s;
    int64_t t = datetime_from_parts(DAY_2014_06_01, 9, 5, 7);
    datetime_to_parts(t, &days, &h, &mi, &s);
    assert_int_equal(days, DAY_2014_06_01);
    assert_int_equal(h, 9);
    assert_int_equal(mi, 5);
    assert_int_equal(s, 7);
    datetime_to_parts(-1, &days, &h, &mi, &s); /* 1969-12-31T23:59:59 */
    assert_int_equal(days, -1);
    assert_int_equal(h, 23);
    assert_int_equal(mi, 59);
    assert_int_equal(s, 59);
    assert_int_equal(datetime_date(-86400), -1);
    assert_int_equal(datetime_date(-86401), -2);
    assert_int_equal(datetime_date(86399), 0);
}

static void test_formatting(void **state)
{
    char buf[20];
    assert_int_equal(date_format(DAY_2014_06_01, buf), 10);
    assert_string_equal(buf, "2014-06-01");
    assert_int_equal(date_format(DAY_0001_01_01, buf), 10);
    assert_string_equal(buf, "0001-01-01");
    assert_int_equal(date_format(-1, buf), 10);
    assert_string_equal(buf, "1969-12-31");
    assert_int_equal(date_format(DAY_0001_01_01 - 1, buf), 10); /* year 0 has no text form */
    assert_string_equal(buf, "####-##-##");
    assert_int_equal(datetime_format(INT64_C(86400) * DAY_2014_06_01 + 9 * 3600 + 5 * 60 + 7, buf), 19);
    assert_string_equal(buf, "2014-06-01T09:05:07");
    assert_int_equal(datetime_format(-1, buf), 19);
    assert_string_equal(buf, "1969-12-31T23:59:59");
    assert_int_equal(month_format(2014 * 12 + 5, buf), 7);
    assert_string_equal(buf, "2014-06");
    assert_int_equal(month_format(1 * 12 + 0, buf), 7);
    assert_string_equal(buf, "0001-01");
    assert_int_equal(month_format(10000 * 12, buf), 7);
    assert_string_equal(buf, "####-##");
}

static void assert_reason(char kind, const char *text, const char *want)
{
    char buf[128];
    dates_explain_error(kind, text, strlen(text), buf, sizeof buf);
    if (strcmp(buf, want) != 0) fail_msg("'%c' \"%s\": \"%s\", want \"%s\"", kind, text, buf, want);
}

static void test_explain_error(void **state)
{
    assert_reason('d', "2014-13-01", "month 13 does not exist");
    assert_reason('d', "2014-00-01", "month 0 does not exist");
    assert_reason('d', "2014-02-29", "2014-02-29 is not a real date (2014 is not a leap year)");
    assert_reason('d', "1900-02-29", "1900-02-29 is not a real date (1900 is not a leap year)");
    assert_reason('d', "2016-02-30", "2016-02-30 is not a real date (February 2016 has 29 days)");
    assert_reason('d', "2014-04-31", "2014-04-31 is not a real date (April 2014 has 30 days)");
    assert_reason('d', "2014-05-32", "day 32 does not exist");
    assert_reason('d', "2014-05-00", "day 0 does not exist");
    assert_reason('d', "0000-05-01", "year 0000 is out of range (0001-9999)");
    assert_reason('d', "2014-6-1", "expected YYYY-MM-DD");
    assert_reason('d', "", "expected YYYY-MM-DD");
    assert_reason('d', "2014-06-01T10:00:00", "expected YYYY-MM-DD, not a date-time");
    assert_reason('d', "2014-06", "expected YYYY-MM-DD, not a month");
    assert_reason('t', "2014-06-01T24:00:00", "hour 24 is out of range");
    assert_reason('t', "2014-06-01T23:60:00", "minute 60 is out of range");
    assert_reason('t', "2014-06-01T23:59:60", "second 60 is out of range");
    assert_reason('t', "2014-02-29T10:00:00", "2014-02-29 is not a real date (2014 is not a leap year)");
    assert_reason('t', "2014-06-01", "expected YYYY-MM-DDThh:mm:ss, not a date");
    assert_reason('m', "2014-13", "month 13 does not exist");
    assert_reason('m', "2014/06", "expected YYYY-MM");
    assert_reason('m', "2014-06", "no error");
    assert_reason('x', "2014-06", "unknown calendar kind 'x'");

    char small[12];
    dates_explain_error('d', "2014-13-01", 10, small, sizeof small); /* truncated, terminated */
    assert_string_equal(small, "month 13 do");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_known_day_numbers),
        cmocka_unit_test(test_leap_years_and_month_lengths),
        cmocka_unit_test(test_every_day_round_trips),
        cmocka_unit_test(test_weekdays),
        cmocka_unit_test(test_date_parse_table),
        cmocka_unit_test(test_datetime_parse_table),
        cmocka_unit_test(test_month_parse_table),
        cmocka_unit_test(test_datetime_parts),
        cmocka_unit_test(test_formatting),
        cmocka_unit_test(test_explain_error),
    };
    return cmocka_run_group_tests_name("dates", tests, NULL, NULL);
}
