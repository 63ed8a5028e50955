/*
 * test_fmt.c — the layout rules of the formatter itself (src/lang/fmt.c,
 * fmt_source), on policies that parse but need not check: one of every
 * construct, comments everywhere, long lines.  `kaohe fmt` formats only a
 * policy that checks without errors (tests/e2e/fmt_meaning.sh); these cases
 * exercise the layout alone.  Each case is a directory of tests/unit/fmt/:
 * messy.rules, expected.out (written by hand; the working is in its
 * README.md).  The expected text also formats to itself.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fmt.h"
#include "load.h"
#include "mem.h"

static char *slurp(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    if (!f) fail_msg("cannot read %s (unit tests run from the repository root)", path);
    buf b = {0};
    char chunk[4096];
    size_t n;
    while ((n = fread(chunk, 1, sizeof chunk, f)) > 0) buf_put(&b, chunk, n);
    fclose(f);
    *len = b.len;
    return b.data ? b.data : mem_calloc(1, 1);
}

/* Formats text (named name) with fmt_source; the result, malloc'd. */
static char *format(const char *name, const char *text, size_t len)
{
    arena *A = arena_new(4096);
    diag_list d;
    diag_init(&d);
    source *src = source_from_text(A, name, NULL, text, len);
    buf out = {0};
    bool ok = fmt_source(src, SURFACE_SAME, &out, &d);
    if (!ok || d.errors) fail_msg("%s does not parse: %s", name, d.n ? d.items[0].message : "?");
    diag_free(&d);
    arena_free(A);
    return out.data ? out.data : mem_calloc(1, 1);
}

static void expect_case(const char *dir)
{
    char path[256];
    size_t mlen, elen;
    snprintf(path, sizeof path, "tests/unit/fmt/%s/messy.rules", dir);
    char *messy = slurp(path, &mlen);
    snprintf(path, sizeof path, "tests/unit/fmt/%s/expected.out", dir);
    char *want = slurp(path, &elen);
    char *got = format(dir, messy, mlen);
    if (strcmp(got, want) != 0) {
        size_t i = 0;
        while (got[i] && got[i] == want[i]) i++;
        fail_msg("%s: the output differs at byte %zu:\n  got:      %.80s\n  expected: %.80s", dir, i, got + i, want + i);
    }
    char *again = format(dir, want, elen);
    if (strcmp(again, want) != 0) fail_msg("%s: formatting the expected text changes it", dir);
    mem_free(again);
    mem_free(got);
    mem_free(want);
    mem_free(messy);
}

static void test_constructs(void **state) { expect_case("constructs"); }
static void test_comments(void **state) { expect_case("comments"); }
static void test_long_lines(void **state) { expect_case("long-lines"); }

/* Issue 20: `not zero`, `not blank`, `not null` were printed `not empty`,
 * which check accepts: the constraint the author meant (an error to fix)
 * disappeared.  The word is printed as written. */
static void test_not_word_kept(void **state)
{
    const char *text = "input:\n    a: text, not zero\n    b: text, not blank\n    c: text,not null\n    d: text, not empty\n";
    char *got = format("not.rules", text, strlen(text));
    assert_string_equal(got, "input:\n"
                             "    a: text, not zero\n"
                             "    b: text, not blank\n"
                             "    c: text, not null\n"
                             "    d: text, not empty\n");
    mem_free(got);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_constructs),
        cmocka_unit_test(test_comments),
        cmocka_unit_test(test_long_lines),
        cmocka_unit_test(test_not_word_kept),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
