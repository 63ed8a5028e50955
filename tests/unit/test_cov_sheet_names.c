/*
 * test_cov_sheet_names.c — A1 notation (sheet.c): columns are letters in
 * bijective base 26 (A..Z, then AA, AB...; ZZ is the 702nd column, XFD the
 * 16,384th, Excel's last), rows numbers from 1.  A reference is the
 * column's capital letters, then the row's digits (none: a whole column).
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <string.h>

#include "sheet.h"

static void test_column_names(void **state)
{
    (void)state;
    char c[8];
    static const struct { uint32_t col; const char *name; } cases[] = {
        {0, "A"}, {25, "Z"}, {26, "AA"}, {51, "AZ"}, {701, "ZZ"}, {702, "AAA"}, {16383, "XFD"},
        /* the last column a 32-bit number names: 7 letters */
        {4294967294u, "MWLQKWU"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        sheet_col_name(cases[i].col, c);
        assert_string_equal(c, cases[i].name);
    }
    char at[24];
    sheet_cell_name(16383, 1048576, at);
    assert_string_equal(at, "XFD1048576");
}

static void test_parse_refs(void **state)
{
    (void)state;
    uint32_t col = 99, row = 99;
    assert_true(sheet_parse_ref("A1", &col, &row));
    assert_int_equal(col, 0);
    assert_int_equal(row, 1);
    assert_true(sheet_parse_ref("XFD1048576", &col, &row));
    assert_int_equal(col, 16383);
    assert_int_equal(row, 1048576);
    assert_true(sheet_parse_ref("AB", &col, &row)); /* a whole column */
    assert_int_equal(col, 27);
    assert_int_equal(row, 0);
    assert_true(sheet_parse_ref("ZZZZ99999999", &col, &row)); /* 4 letters, 8 digits: read */
    assert_int_equal(col, 475253);
    assert_int_equal(row, 99999999);
    /* not references: no letters, small letters, something after, too long */
    const char *bad[] = {"", "1", "a1", "A1:B2", "A-1", "1A", "AAAAA1", "A123456789"};
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++)
        if (sheet_parse_ref(bad[i], &col, &row)) fail_msg("'%s' read as a reference", bad[i]);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_column_names),
        cmocka_unit_test(test_parse_refs),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
