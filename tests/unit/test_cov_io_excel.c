/*
 * test_cov_io_excel.c — which texts Excel would read as something else than
 * text (README, --excel-text: "text that looks like a number, date or
 * formula written ="007""), and how such a cell is written.  Each case is
 * one rule of writer_excel_reads_otherwise, worked out by hand: a leading
 * formula or control character, a boolean, digits with number punctuation
 * and a yuan sign (¥ U+00A5, ￥ U+FFE5), a day beside an English month name.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdbool.h>
#include <string.h>

#include "buf.h"
#include "writer.h"

static bool otherwise(const char *s) { return writer_excel_reads_otherwise(s, strlen(s)); }

static void test_formula_and_control_starts(void **state)
{
    (void)state;
    assert_true(otherwise("=1+1"));
    assert_true(otherwise("+86 10"));
    assert_true(otherwise("-x"));
    assert_true(otherwise("@SUM"));
    assert_true(otherwise("\tcell"));  /* Excel drops a leading tab */
    assert_true(otherwise("\rcell"));
    assert_false(otherwise(""));
    assert_false(otherwise("plain"));
}

static void test_booleans(void **state)
{
    (void)state;
    assert_true(otherwise("TRUE"));
    assert_true(otherwise("false"));
    assert_false(otherwise("truth"));   /* not a whole boolean */
    assert_false(otherwise("fals"));
}

static void test_numbers_and_money(void **state)
{
    (void)state;
    assert_true(otherwise("007"));
    assert_true(otherwise("1,200.50"));
    assert_true(otherwise("1e5"));
    assert_true(otherwise("(12%)"));
    assert_true(otherwise("\xC2\xA5" "1,200"));      /* ¥1,200 */
    assert_true(otherwise("\xEF\xBF\xA5" "1,200"));  /* ￥1,200 */
    assert_true(otherwise("1 2/3"));
    assert_false(otherwise("\xC2\xA5"));             /* a sign alone: no digit */
    assert_false(otherwise("1\xC2"));                /* a cut character is something else */
    assert_false(otherwise("1\xEF\xBF"));
    assert_false(otherwise("\xEF\xBF\xA6" "1"));      /* U+FFE6 (￦) is not the yuan sign */
    assert_false(otherwise("普通1"));
    assert_false(otherwise("1;2"));
}

static void test_days_and_months(void **state)
{
    (void)state;
    assert_true(otherwise("3-Jun"));
    assert_true(otherwise("Jun 14"));
    assert_true(otherwise("14-June-2014"));
    assert_true(otherwise("sep 9"));
    assert_false(otherwise("A1"));           /* letters, but no month */
    assert_false(otherwise("Rejun 3"));      /* 'jun' inside a word */
    assert_false(otherwise("June bonus"));   /* no digit */
    /* a month name among more than nine letters is a sentence, not a date
     * (E and e are a number's exponent, not counted as letters) */
    assert_false(otherwise("Jun bonus pay 3"));  /* 11 letters */
    assert_true(otherwise("Junebonus 3"));       /* 8 letters besides the e */
    assert_true(otherwise("Jun bonusx 3"));      /* 3 + 6 = 9 letters */
}

static void test_written_as_formula_text(void **state)
{
    (void)state;
    buf b = {0};
    writer_csv_text(&b, "007", 3, true);
    assert_string_equal(b.data, "\"=\"\"007\"\"\"");
    b.len = 0;
    /* a quote inside: doubled for the formula, and again for CSV */
    writer_csv_text(&b, "=A\"1", 4, true);
    assert_string_equal(b.data, "\"=\"\"=A\"\"\"\"1\"\"\"");
    b.len = 0;
    /* without --excel-text, the same text is a plain CSV cell */
    writer_csv_text(&b, "007", 3, false);
    assert_string_equal(buf_text(&b), "007");
    buf_free(&b);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_formula_and_control_starts),
        cmocka_unit_test(test_booleans),
        cmocka_unit_test(test_numbers_and_money),
        cmocka_unit_test(test_days_and_months),
        cmocka_unit_test(test_written_as_formula_text),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
