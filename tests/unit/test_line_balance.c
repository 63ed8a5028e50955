/*
 * test_line_balance.c — line_balanced (64 bytes at a time) says whether an
 * NDJSON line holds its value whole: hand-worked lines, each also shifted
 * so that its quotes, escapes and brackets fall on every position around
 * the 64-byte block boundaries, and random lines of JSON's special bytes
 * against the byte-by-byte walk.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "line_balance.h"

/* Both walks on text put after `shift` spaces. */
static void assert_line(const char *text, size_t shift, bool want)
{
    size_t n = strlen(text);
    unsigned char *buf = malloc(shift + n + 1); /* the test's own buffer */
    assert_non_null(buf);
    memset(buf, ' ', shift);
    memcpy(buf + shift, text, n);
    bool fast = line_balanced(buf, buf + shift + n);
    bool slow = line_balanced_bytes(buf, buf + shift + n);
    free(buf); /* the test's own buffer */
    if (fast != want || slow != want) print_error("%s shift %zu: fast %d slow %d\n", text, shift, fast, slow);
    assert_int_equal(fast, want);
    assert_int_equal(slow, want);
}

static const struct { const char *text; bool whole; } lines[] = {
    {"{\"id\": \"CS-1\", \"calls\": 80}", true},
    {"{\"a\": [1, {\"b\": [2]}]}", true},
    {"{\"a\": \"}\"}", true},                       /* a bracket inside a string */
    {"{\"a\": \"x\\\"}\"}", true},                  /* an escaped quote, then } in the string */
    {"{\"a\": \"x\\\\\"}", true},                   /* an escaped backslash ends before the quote */
    {"{\"a\": \"x\\\\\\\"}", false},                /* \\ then \" : the string stays open */
    {"{\"a\": \"open", false},                      /* a string open at the end */
    {"{\"a\": \"x\\", false},                       /* a backslash as the last byte */
    {"{\"a\": [1, 2", false},                       /* a value going on to the next line */
    {"{\"a\": 1}}{", false},                        /* a closing bracket before its opening */
    {"]{\"a\": 1}[", false},
    {"{\\\"a\": 1}", true},     /* a backslash outside strings escapes nothing: "a" is a string */
    {"{\\\"a\": \"1}", false},  /* ... so the last quote opens one left open */
    {"", true},
    {"\"just a string\"", true},
};

static void test_hand_worked_lines(void **state)
{
    for (size_t i = 0; i < sizeof lines / sizeof lines[0]; i++)
        for (size_t shift = 0; shift < 140; shift++)
            assert_line(lines[i].text, shift, lines[i].whole);
}

static void test_random_lines_agree(void **state)
{
    static const char alphabet[] = "\"\\{}[]a :,";
    unsigned char buf[300];
    unsigned seed = 12345;
    for (int round = 0; round < 200000; round++) {
        seed = seed * 1103515245u + 12345u;
        size_t n = (seed >> 16) % sizeof buf;
        for (size_t i = 0; i < n; i++) {
            seed = seed * 1103515245u + 12345u;
            /* mostly plain bytes, so that long lines balance now and then */
            unsigned r = (seed >> 16) % 40;
            buf[i] = r < sizeof alphabet - 1 ? (unsigned char)alphabet[r] : 'x';
        }
        assert_int_equal(line_balanced(buf, buf + n), line_balanced_bytes(buf, buf + n));
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_hand_worked_lines),
        cmocka_unit_test(test_random_lines_agree),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
