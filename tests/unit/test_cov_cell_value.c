/*
 * test_cov_cell_value.c — more of cell_value.c, each expectation worked out
 * by hand from the rules its comments and the README give: a number cell
 * reads as Excel shows it (15 significant digits, half away from zero), a
 * number typed as text exactly, with a per cent sign only for a decimal;
 * Excel's serial 1 is 1900-01-01 and 1904's serial 0 1904-01-01, the last
 * day Excel shows 9999-12-31 (serial 2958465); a time within a millisecond
 * of a whole second is that second; dates typed as Y-M-D or Y/M/D; text a
 * reader cannot read goes on to the record reader as it is (its message,
 * as for JSON); lists separated by , ; ， or 、 (or given as a JSON list);
 * headers compared without case, width or extra blanks.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cell_value.h"
#include "mem.h"
#include "types.h"

static char out[512];
static const char *conv(cell_kind k, const char *text, cell_numfmt f, const ktype *t, bool d1904)
{
    sheet_cell c = {.col = 0, .kind = k, .text = text, .len = strlen(text), .numfmt = f};
    buf b = {0};
    char why[400];
    if (cell_to_json(&c, t, d1904, &b, why, sizeof why)) snprintf(out, sizeof out, "%.*s", (int)b.len, b.data ? b.data : "");
    else snprintf(out, sizeof out, "!%s", why);
    buf_free(&b);
    return out;
}
#define NUM(text, t) conv(CELL_NUMBER, text, NUMFMT_NONE, t, false)
#define TXT(text, t) conv(CELL_TEXT, text, NUMFMT_NONE, t, false)
#define DATE(text, t) conv(CELL_NUMBER, text, NUMFMT_DATE, t, false)
#define REFUSED(got, reason) do { const char *g_ = (got); if (g_[0] != '!' || !strstr(g_, reason)) fail_msg("got '%s', expected a refusal with '%s'", g_, reason); } while (0)

static void test_numbers(void **state)
{
    (void)state;
    assert_string_equal(TXT("+5", &type_int), "5");
    assert_string_equal(TXT(" 007 ", &type_int), "7");
    /* zeros after the point (read as 5 and 50 once: the point was lost) */
    assert_string_equal(TXT("0.050", &type_money), "\"0.05\"");
    assert_string_equal(NUM("0.05", &type_money), "\"0.05\"");
    assert_string_equal(NUM("0.005", &type_dec), "\"0.005\"");
    assert_string_equal(NUM("-0.0012", &type_dec), "\"-0.0012\"");
    assert_string_equal(TXT("00.07", &type_money), "\"0.07\"");
    REFUSED(TXT("0.0.5", &type_int), "\"0.0.5\" is not a whole number");
    assert_string_equal(TXT("1E+2", &type_int), "100");
    assert_string_equal(TXT("２５", &type_int), "25"); /* full-width digits */
    assert_string_equal(TXT("5%", &type_dec), "\"0.05\"");
    REFUSED(TXT("5%", &type_int), "\"5%\" is not a whole number (a per cent is not allowed here)");
    REFUSED(TXT("1.2.3", &type_int), "\"1.2.3\" is not a whole number");
    REFUSED(TXT("1e", &type_int), "\"1e\" is not a whole number");
    REFUSED(TXT("1E-", &type_int), "is not a whole number");
    REFUSED(TXT("1E9999999", &type_int), "is not a whole number"); /* an exponent past a million */
    REFUSED(TXT("abc", &type_int), "\"abc\" is not a whole number");
    /* text that is no number, for money or a decimal: the record reader's to judge */
    assert_string_equal(TXT("abc", &type_money), "\"abc\"");
    /* a long text is quoted to 40 bytes, cut at a whole character (13 Chinese characters) */
    REFUSED(TXT("一二三四五六七八九十一二三四五", &type_int), "\"一二三四五六七八九十一二三…\" is not a whole number");
    /* a number cell: as Excel shows it, 15 significant digits */
    assert_string_equal(NUM("0.99999999999999999", &type_dec), "\"1\"");
    assert_string_equal(NUM("1.2345678901234567", &type_dec), "\"1.23456789012346\"");
    assert_string_equal(NUM("-0", &type_int), "0");
    REFUSED(NUM("1E9999999", &type_dec), "is not a number");
    REFUSED(DATE("41793", &type_int), "the cell is formatted as a date, but the field is a whole number");
}

static void test_serials(void **state)
{
    (void)state;
    /* 1904: 0 is 1904-01-01; past 9999-12-31 (2958465 - 1462) or before 0: no date */
    assert_string_equal(conv(CELL_NUMBER, "1", NUMFMT_DATE, &type_date, true), "\"1904-01-02\"");
    REFUSED(conv(CELL_NUMBER, "2957004", NUMFMT_DATE, &type_date, true), "the number 2957004 is not a date Excel can show");
    assert_string_equal(DATE("2958465", &type_date), "\"9999-12-31\"");
    REFUSED(DATE("2958466", &type_date), "not a date Excel can show");
    REFUSED(DATE("0", &type_date), "the number 0 is not a date Excel can show");
    REFUSED(DATE("-5", &type_date), "the number -5 is not a date (type it as 2014-06-03)");
    REFUSED(DATE("1234567890", &type_date), "the number 1234567890 is not a date");
    REFUSED(DATE("abc", &type_date), "the number abc is not a date");
    /* a hair below midnight is the next day's midnight: a date and time, not a time of day */
    assert_string_equal(DATE("41793.99999999999", &type_datetime), "\"2014-06-04T00:00:00\"");
    assert_string_equal(DATE("41793.99999999999", &type_date), "\"2014-06-04\"");
    /* a time Excel could not have kept to the second */
    REFUSED(DATE("41793.1234", &type_datetime), "is not a date and time");
    /* more than 18 decimals are read to 18 */
    assert_string_equal(DATE("41793.5000000000000000001", &type_datetime), "\"2014-06-03T12:00:00\"");
}

static void test_dates_typed_as_text(void **state)
{
    (void)state;
    assert_string_equal(TXT("2014-06-03T10:30", &type_datetime), "\"2014-06-03T10:30:00\"");
    assert_string_equal(TXT("2014-06-03 1:2:3", &type_datetime), "\"2014-06-03T01:02:03\"");
    assert_string_equal(TXT("2014-06-03 00:00:00", &type_date), "\"2014-06-03\""); /* midnight: a date */
    assert_string_equal(conv(CELL_ISO_DATE, "2014-06-03", NUMFMT_NONE, &type_date, false), "\"2014-06-03\"");
    assert_string_equal(TXT("2014-6", &type_month), "\"2014-06\"");
    assert_string_equal(TXT("2014-06-01", &type_month), "\"2014-06\"");
    REFUSED(TXT("2014-06-03 10:30", &type_month), "the cell is the date 2014-06-03, but the field is a month");
    REFUSED(TXT("2014-06-03 10:30", &type_date), "");
    /* what it cannot read goes to the record reader as written */
    const char *as_is[] = {"2014-6/3", "14-06-03", "2014-06-03 25:00", "2014-06-03 10", "2014-06-03 100:00",
                           "2014-06-03 10:60", "2014-06-03 10:30:60", "2014-06-03 10:30:", "2014-06-03x", "2014.06.03",
                           "2014-123-1", "20140603"};
    for (size_t i = 0; i < sizeof as_is / sizeof *as_is; i++) {
        char want[64];
        snprintf(want, sizeof want, "\"%s\"", as_is[i]);
        assert_string_equal(TXT(as_is[i], &type_datetime), want);
    }
    const char *months[] = {"2014/13", "201406", "2014-1x", "2014-", "2014-123"};
    for (size_t i = 0; i < sizeof months / sizeof *months; i++) {
        char want[64];
        snprintf(want, sizeof want, "\"%s\"", months[i]);
        assert_string_equal(TXT(months[i], &type_month), want);
    }
    REFUSED(conv(CELL_BOOL, "1", NUMFMT_NONE, &type_date, false), "the cell is not a date (write 2014-06-03)");
    REFUSED(conv(CELL_BOOL, "1", NUMFMT_NONE, &type_month, false), "the cell is not a month (write 2014-06)");
}

static void test_yes_no_and_text(void **state)
{
    (void)state;
    assert_string_equal(conv(CELL_BOOL, "0", NUMFMT_NONE, &type_bool, false), "false");
    assert_string_equal(TXT(" TRUE ", &type_bool), "true");
    REFUSED(conv(CELL_ISO_DATE, "2014-06-03", NUMFMT_NONE, &type_bool, false),
            "the cell holds a value of another kind, not yes or no");
    REFUSED(NUM("2", &type_bool), "the cell holds the number 2, not yes or no");
    REFUSED(conv(CELL_ISO_DATE, "2014-06-03", NUMFMT_NONE, &type_text, false), "the cell holds a date, where text is wanted");
    REFUSED(conv(CELL_BOOL, "1", NUMFMT_NONE, &type_text, false), "the cell holds TRUE or FALSE, where text is wanted");
    REFUSED(NUM("1E9999999", &type_text), "the cell holds the number 1E9999999, where text is wanted");
    REFUSED(conv(CELL_NUMBER, "7", NUMFMT_DATE, &type_text, false), "the number 7 shown as a date, where text is wanted");
}

static void test_lists(void **state)
{
    (void)state;
    arena *A = arena_new(4096);
    const ktype *li = type_list(A, &type_int), *lt = type_list(A, &type_text), *ld = type_list(A, &type_date);
    assert_string_equal(NUM("5", li), "[5]"); /* one number cell: a list of one */
    REFUSED(NUM("5", lt), "expected a list");
    REFUSED(conv(CELL_BOOL, "1", NUMFMT_NONE, li, false), "expected a list");
    assert_string_equal(TXT("1;2", li), "[1,2]");
    assert_string_equal(TXT("1，2", li), "[1,2]");
    assert_string_equal(TXT("a、b", lt), "[\"a\",\"b\"]");
    assert_string_equal(TXT("2014-06-03, 2014/6/4", ld), "[\"2014-06-03\",\"2014-06-04\"]");
    assert_string_equal(TXT("[1,\n2]", li), "[1, 2]"); /* a JSON list on one line */
    assert_string_equal(TXT("", li), "[]");
    REFUSED(TXT("1, x", li), "entry 2: \"x\" is not a whole number");
    /* a field kind no cell gives */
    const char *names[] = {"a"};
    const ktype *fields[] = {&type_int};
    REFUSED(TXT("1", type_record(A, names, fields, 1)), "this kind of field cannot be given in a cell");
    arena_free(A);
}

static void test_headers(void **state)
{
    (void)state;
    static const struct { const char *in, *want; } cases[] = {
        {"a\tb\nc\rd\xC2\xA0" "e", "a b c d e"},       /* tab, line breaks, no-break space: one blank */
        {"\xF0\x9F\x98\x80X", "\xF0\x9F\x98\x80x"},  /* a 4-byte character kept */
        {"\xFF" "A", "\xFF" "a"},                    /* a byte that is no UTF-8, kept */
        {"A\xE4\xB8", "a\xE4\xB8"},                  /* a character cut short, kept */
        {"\xC3\xA9", "\xC3\xA9"},                    /* é: not ASCII, kept as it is */
    };
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
        char *s = cell_normalize(cases[i].in, strlen(cases[i].in));
        assert_string_equal(s, cases[i].want);
        mem_free(s);
    }
    /* ideographic spaces around a number, full-width per cent */
    assert_string_equal(TXT("\u3000５０％\u3000", &type_dec), "\"0.5\"");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_numbers),        cmocka_unit_test(test_serials), cmocka_unit_test(test_dates_typed_as_text),
        cmocka_unit_test(test_yes_no_and_text), cmocka_unit_test(test_lists),  cmocka_unit_test(test_headers),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
