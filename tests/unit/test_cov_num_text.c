/*
 * test_cov_num_text.c — a number written into a fixed space
 * (num_to_chars): whole when it fits with its terminating NUL, otherwise
 * cut and ended "..." so that a shortened number never passes for a
 * whole one; and what each number status says of a number.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <string.h>

#include "num.h"

static void test_fits_or_is_cut_with_dots(void **state)
{
    (void)state;
    char out[16];
    kh_num n = num_int(12345678);
    assert_string_equal(num_to_chars(n, 0, out, 9), "12345678");   /* 8 digits and the NUL */
    assert_string_equal(num_to_chars(n, 0, out, 8), "1234...");    /* 4 digits, "...", NUL */
    assert_string_equal(num_to_chars(n, 2, out, 12), "12345678.00");
    assert_string_equal(num_to_chars(n, 2, out, 11), "1234567..."); /* 7 + 3 + NUL */
    /* no room for a digit: only as much of "..." as fits */
    assert_string_equal(num_to_chars(n, 0, out, 4), "...");
    assert_string_equal(num_to_chars(n, 0, out, 3), "..");
    out[0] = 'x';
    num_to_chars(n, 0, out, 0); /* nothing written */
    assert_int_equal(out[0], 'x');
}

static void test_status_texts(void **state)
{
    (void)state;
    assert_string_equal(num_status_text(NUM_OK), "is a number");
    assert_string_equal(num_status_text(NUM_SYNTAX), "is not a number");
    assert_string_equal(num_status_text(NUM_DIV_ZERO), "divides by zero");
    assert_string_equal(num_status_text(NUM_OVERFLOW), "is too large to represent exactly (overflow)");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_fits_or_is_cut_with_dots),
        cmocka_unit_test(test_status_texts),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
