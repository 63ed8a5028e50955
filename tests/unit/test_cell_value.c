/*
 * test_cell_value.c — spreadsheet cells to exact JSON (cell_value.c), and
 * the CSV rule for text Excel would read as something else (writer.c).
 * Every expectation is worked out by hand: Excel's serial 1 is 1900-01-01,
 * 59 is 1900-02-28, 61 is 1900-03-01 (60 is the 1900-02-29 Excel counts),
 * 41793 is 2014-06-03 (41,793 days after 1899-12-30); in the 1904 system
 * 0 is 1904-01-01; a fraction of a day is a time (0.4375 = 10:30).
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
#include "writer.h"
#include "mem.h"

/* The JSON of a cell (kind, text, format) for type t, or "!" + the reason. */
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

static void test_numbers_exactly_from_the_cells_text(void **state)
{
    (void)state;
    assert_string_equal(NUM("1738.64", &type_money), "\"1738.64\"");
    assert_string_equal(NUM("6250", &type_money), "\"6250\"");
    assert_string_equal(NUM("1.2345678901234E+20", &type_dec), "\"123456789012340000000\"");
    assert_string_equal(NUM("4.1E-3", &type_dec), "\"0.0041\"");
    assert_string_equal(NUM("-0.5", &type_dec), "\"-0.5\"");
    assert_string_equal(NUM("7", &type_int), "7");
    assert_string_equal(TXT("007", &type_int), "7");
    assert_string_equal(TXT(" 12 ", &type_int), "12");
    assert_string_equal(TXT("１２", &type_int), "12");       /* full-width digits */
    assert_string_equal(TXT("95%", &type_dec), "\"0.95\"");
    assert_string_equal(TXT("95％", &type_dec), "\"0.95\"");
    assert_string_equal(TXT("12.5", &type_int), "!12.5 is not a whole number");
}

static void test_numbers_as_excel_shows_them(void **state)
{
    (void)state;
    /* a number cell is read to 15 significant digits, on its text */
    assert_string_equal(NUM("0.30000000000000004", &type_dec), "\"0.3\"");
    assert_string_equal(NUM("0.9399999999999999", &type_dec), "\"0.94\"");
    assert_string_equal(NUM("12.300000000000001", &type_money), "\"12.3\"");
    assert_string_equal(NUM("9.9999999999999999", &type_dec), "\"10\"");
    assert_string_equal(NUM("123456789012345678", &type_int), "123456789012346000");
    /* typed text is taken exactly as typed */
    assert_string_equal(TXT("0.30000000000000004", &type_dec), "\"0.30000000000000004\"");
}

/* Any number of digits and any exponent up to 10^6 give their exact decimal
 * text: the record reader, as for JSON, says when a number is past what
 * kaohe reads (before, more than 63 digits or 40 places read as "not a
 * whole number"). */
static void test_numbers_of_any_length(void **state)
{
    (void)state;
    const char *seventy = "1234567890123456789012345678901234567890123456789012345678901234567890";
    assert_string_equal(TXT(seventy, &type_int), seventy);
    assert_string_equal(TXT("1e45", &type_int), "1000000000000000000000000000000000000000000000");
    assert_string_equal(TXT("1E-50", &type_int), "!0.00000000000000000000000000000000000000… is not a whole number");
    char want[80]; /* 0.1234...789: the last 0 is no needed digit */
    snprintf(want, sizeof want, "\"0.%.69s\"", seventy);
    char text[80];
    snprintf(text, sizeof text, "0.%s", seventy);
    assert_string_equal(TXT(text, &type_dec), want);
    /* an XLSX number cell still reads to 15 significant digits */
    assert_string_equal(NUM(seventy, &type_int), "1234567890123460000000000000000000000000000000000000000000000000000000");
    /* a whole number of 41 digits and a fraction: the message quotes 40 and says there is more */
    assert_string_equal(TXT("12345678901234567890123456789012345678901.5", &type_int),
                        "!1234567890123456789012345678901234567890… is not a whole number");
    /* an exponent past 10^6 is no number */
    assert_string_equal(TXT("1e1000001", &type_int), "!\"1e1000001\" is not a whole number");
}

static void test_dates_from_serials_and_text(void **state)
{
    (void)state;
    assert_string_equal(DATE("1", &type_date), "\"1900-01-01\"");
    assert_string_equal(DATE("59", &type_date), "\"1900-02-28\"");
    assert_string_equal(DATE("61", &type_date), "\"1900-03-01\"");
    assert_string_equal(DATE("41793", &type_date), "\"2014-06-03\"");
    assert_true(DATE("60", &type_date)[0] == '!');
    assert_string_equal(conv(CELL_NUMBER, "0", NUMFMT_DATE, &type_date, true), "\"1904-01-01\"");
    assert_string_equal(DATE("41793.4375", &type_datetime), "\"2014-06-03T10:30:00\"");
    assert_string_equal(DATE("41810.458333333336", &type_datetime), "\"2014-06-20T11:00:00\"");
    assert_string_equal(DATE("41791", &type_month), "\"2014-06\"");
    assert_true(DATE("41793", &type_month)[0] == '!');
    assert_true(DATE("41793.5", &type_date)[0] == '!');
    assert_string_equal(TXT("2014/6/3", &type_date), "\"2014-06-03\"");
    assert_string_equal(TXT("2014-06-03", &type_date), "\"2014-06-03\"");
    assert_string_equal(TXT("2014/06", &type_month), "\"2014-06\"");
    assert_string_equal(TXT("2014-06-03 10:30", &type_datetime), "\"2014-06-03T10:30:00\"");
    /* text it cannot read goes to the record reader as it is (its message, as for JSON) */
    assert_string_equal(TXT("2014-06-31", &type_date), "\"2014-06-31\"");
    /* a number shown through another format is not taken for a date */
    assert_true(conv(CELL_NUMBER, "41793", NUMFMT_OTHER, &type_date, false)[0] == '!');
}

static void test_booleans_text_and_lists(void **state)
{
    (void)state;
    assert_string_equal(conv(CELL_BOOL, "1", NUMFMT_NONE, &type_bool, false), "true");
    assert_string_equal(TXT("是", &type_bool), "true");
    assert_string_equal(TXT("否", &type_bool), "false");
    assert_string_equal(TXT("false", &type_bool), "false");
    assert_true(TXT("yes", &type_bool)[0] == '!');
    assert_true(NUM("1", &type_bool)[0] == '!');
    assert_string_equal(NUM("7", &type_text), "\"7\"");
    assert_true(conv(CELL_NUMBER, "7", NUMFMT_OTHER, &type_text, false)[0] == '!'); /* 007 through "000" */
    arena *A = arena_new(4096);
    const ktype *lb = type_list(A, &type_bool), *ld = type_list(A, &type_dec);
    assert_string_equal(TXT("是、否", lb), "[true,false]");
    assert_string_equal(TXT("99, 100.5", ld), "[99,100.5]");
    assert_string_equal(TXT("[true, false]", lb), "[true, false]");
    assert_true(TXT("99, x", ld)[0] == '!');
    arena_free(A);
    assert_true(conv(CELL_ERROR, "#N/A", NUMFMT_NONE, &type_money, false)[0] == '!');
    assert_true(conv(CELL_NO_VALUE, "", NUMFMT_NONE, &type_money, false)[0] == '!');
}

static void test_headers_compare_by_what_they_say(void **state)
{
    (void)state;
    char *s = cell_normalize("  Pay.Base ", 11);
    assert_string_equal(s, "pay.base");
    mem_free(s);
    s = cell_normalize("ｐａｙ．ｂａｓｅ", strlen("ｐａｙ．ｂａｓｅ"));
    assert_string_equal(s, "pay.base");
    mem_free(s);
    s = cell_normalize("工号\u3000 agent  id", strlen("工号\u3000 agent  id"));
    assert_string_equal(s, "工号 agent id");
    mem_free(s);
}

static void test_excel_reads_otherwise(void **state)
{
    (void)state;
    const char *yes[] = {"007", "1E5", "2014-06", "2014/6/3", "10:30", "5%", "-5", "=1+1", "@x", "TRUE", "(12)",
                         "1,234", "3-Jun", "Jun 14", "¥100"};
    const char *no[] = {"CS-0101", "普通文本", "A,B", "June bonus", "Room 101", "", "abc"};
    for (size_t i = 0; i < sizeof yes / sizeof *yes; i++)
        if (!writer_excel_reads_otherwise(yes[i], strlen(yes[i]))) fail_msg("%s should be protected", yes[i]);
    for (size_t i = 0; i < sizeof no / sizeof *no; i++)
        if (writer_excel_reads_otherwise(no[i], strlen(no[i]))) fail_msg("%s should stay as it is", no[i]);
    buf b = {0};
    writer_csv_text(&b, "007", 3, true); /* ="007", quoted for CSV */
    assert_int_equal(b.len, strlen("\"=\"\"007\"\"\""));
    assert_memory_equal(b.data, "\"=\"\"007\"\"\"", b.len);
    b.len = 0;
    writer_csv_text(&b, "007", 3, false); /* without the option: as it is */
    assert_memory_equal(b.data, "007", 3);
    buf_free(&b);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_numbers_exactly_from_the_cells_text),
        cmocka_unit_test(test_numbers_as_excel_shows_them),
        cmocka_unit_test(test_numbers_of_any_length),
        cmocka_unit_test(test_dates_from_serials_and_text),
        cmocka_unit_test(test_booleans_text_and_lists),
        cmocka_unit_test(test_headers_compare_by_what_they_say),
        cmocka_unit_test(test_excel_reads_otherwise),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
