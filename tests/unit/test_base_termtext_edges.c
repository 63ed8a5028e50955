/*
 * test_base_termtext_edges.c — the edges of termtext.h's ranges, worked
 * out from its table: C1 controls (U+0080–U+009F) are escaped and the
 * character after them (U+00A0) is not; of the format characters U+2060–
 * U+2069 and U+FEFF are escaped and U+206A is not; a NULL text writes
 * nothing.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <string.h>

#include "termtext.h"

static void expect(const char *in, const char *out)
{
    buf b = {0};
    term_text(&b, in, strlen(in));
    buf_putc(&b, '\0');
    assert_string_equal(b.data, out);
    buf_free(&b);
}

static void test_range_edges(void **state)
{
    (void)state;
    expect("a\xC2\x85" "b", "a\\u{0085}b");          /* NEL, a C1 control */
    expect("a\xC2\x9F" "b", "a\\u{009F}b");          /* the last C1 control */
    expect("a\xC2\xA0" "b", "a\xC2\xA0" "b");        /* no-break space: kept */
    expect("x\xE2\x81\xA0" "y", "x\\u{2060}y");      /* word joiner */
    expect("x\xE2\x81\xA9" "y", "x\\u{2069}y");      /* pop directional isolate */
    expect("x\xE2\x81\xAA" "y", "x\xE2\x81\xAA" "y"); /* U+206A: outside the table */
    expect("\xEF\xBB\xBF" "id", "\\u{FEFF}id");      /* a BOM inside data */
    expect("\xEF\xBB\xBE" "id", "\xEF\xBB\xBE" "id"); /* U+FEFE: kept */
    assert_false(term_text_needs_escape("\xC2\xA0", 2));
    assert_true(term_text_needs_escape("\xC2\x80", 2));
}

static void test_no_text(void **state)
{
    (void)state;
    buf b = {0};
    term_texts(&b, NULL);
    assert_int_equal(b.len, 0);
    term_texts(&b, "ok");
    assert_int_equal(b.len, 2);
    buf_free(&b);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_range_edges),
        cmocka_unit_test(test_no_text),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
