/*
 * test_lsp_pos.c — the language server's conversions (src/tools/lsp_pos.c):
 * LSP positions (lines, UTF-16 code units) to byte offsets and back over
 * ASCII, Chinese (3 bytes, 1 unit), '§' (2 bytes, 1 unit) and U+20000
 * (4 bytes, 2 units), CRLF line ends and a byte-order mark; file URIs and
 * paths with spaces and Chinese; text made valid UTF-8 for JSON.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdlib.h>
#include <string.h>

#include "load.h"
#include "lsp_internal.h"
#include "mem.h"

/* line 0: "a奖§b"    bytes a0 奖1-3 §4-5 b6; units a0 奖1 §2 b3
 * line 1: "x\U00020000y\r"  bytes x8 𠀀9-12 y13 \r14; units x0 𠀀1-2 y3 */
static const char text[] = "a\xE5\xA5\x96\xC2\xA7" "b\n" "x\xF0\xA0\x80\x80y\r\n" "end";

static void test_offset_of_position(void **state)
{
    size_t n = strlen(text);
    assert_int_equal(lsp_offset_of(text, n, 0, 0), 0);
    assert_int_equal(lsp_offset_of(text, n, 0, 1), 1);   /* before 奖 */
    assert_int_equal(lsp_offset_of(text, n, 0, 2), 4);   /* after 奖: 3 bytes, 1 unit */
    assert_int_equal(lsp_offset_of(text, n, 0, 3), 6);   /* after §: 2 bytes */
    assert_int_equal(lsp_offset_of(text, n, 0, 99), 7);  /* clamped to the line's end */
    assert_int_equal(lsp_offset_of(text, n, 1, 1), 9);   /* before U+20000 */
    assert_int_equal(lsp_offset_of(text, n, 1, 2), 9);   /* inside its surrogate pair: before it */
    assert_int_equal(lsp_offset_of(text, n, 1, 3), 13);  /* after it: two units */
    assert_int_equal(lsp_offset_of(text, n, 1, 99), 14); /* the line ends before "\r\n" */
    assert_int_equal(lsp_offset_of(text, n, 2, 3), 19);
    assert_int_equal(lsp_offset_of(text, n, 7, 0), n);   /* past the last line: the end */
}

static void test_position_of_offset(void **state)
{
    arena *A = arena_new(4096);
    source *s = source_from_text(A, "t", NULL, text, strlen(text));
    int line, ch;
    lsp_position_of(s, false, 4, &line, &ch);
    assert_int_equal(line, 0);
    assert_int_equal(ch, 2);
    lsp_position_of(s, false, 13, &line, &ch);
    assert_int_equal(line, 1);
    assert_int_equal(ch, 3);
    lsp_position_of(s, false, 16, &line, &ch);
    assert_int_equal(line, 2);
    assert_int_equal(ch, 0);
    lsp_position_of(s, false, 1000, &line, &ch); /* past the end: the end */
    assert_int_equal(line, 2);
    assert_int_equal(ch, 3);
    /* the editor's line 0 has the byte-order mark the source left out */
    lsp_position_of(s, true, 4, &line, &ch);
    assert_int_equal(ch, 3);
    arena_free(A);
}

static void test_uris(void **state)
{
    char *p = lsp_uri_to_path("file:///work/my%20policies/%E8%80%83%E6%A0%B8.rules");
    assert_string_equal(p, "/work/my policies/考核.rules");
    char *u = lsp_path_to_uri(p);
    assert_string_equal(u, "file:///work/my%20policies/%E8%80%83%E6%A0%B8.rules");
    mem_free(p);
    mem_free(u);
    p = lsp_uri_to_path("file:///a%00b%2"); /* a NUL names no file; a cut escape stays as written */
    assert_string_equal(p, "/a?b%2");
    mem_free(p);
    p = lsp_uri_to_path("untitled:Untitled-1");
    assert_string_equal(p, "untitled:Untitled-1");
    mem_free(p);
}

static void test_text_made_valid(void **state)
{
    cJSON *j = lsp_json_text("ok \xFF\xE5\xA5 奖");
    assert_string_equal(j->valuestring, "ok \xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD 奖"); /* FF, a cut 奖 (2 bytes) */
    cJSON_Delete(j);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_offset_of_position),
        cmocka_unit_test(test_position_of_offset),
        cmocka_unit_test(test_uris),
        cmocka_unit_test(test_text_made_valid),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
