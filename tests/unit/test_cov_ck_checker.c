/*
 * test_cov_ck_checker.c — the checker's limits (src/typecheck.c): the
 * message for a cycle of very long names, 'over' nested too deeply,
 * expressions nested too deeply (said once).  Each policy is generated; each expected diagnostic (place and
 * message) is worked out by hand from the limits in check_internal.h.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "load.h"
#include "program.h"
#include "mem.h"

typedef struct checked {
    arena *A;
    diag_list d;
    program *p;
} checked;

static void check_text(checked *C, const char *text)
{
    C->A = arena_new(16384);
    diag_init(&C->d);
    loaded L;
    load_policy(C->A, "t.rules", text, strlen(text), &C->d, &L);
    assert_int_equal(L.n, 1);
    C->p = check_program(C->A, L.files, L.sources, L.n, 0, &C->d);
    assert_non_null(C->p);
}

static void checked_free(checked *C)
{
    diag_free(&C->d);
    arena_free(C->A);
}

/* The only diagnostic is an error at line:col with this message. */
static void expect_one_error(const checked *C, int line, int col, const char *message)
{
    assert_int_equal(C->d.n, 1);
    const diag *g = &C->d.items[0];
    assert_int_equal(g->level, DIAG_ERROR);
    int l = 0, c = 0;
    source_position(g->at.src, g->at.start, &l, &c);
    assert_int_equal(l, line);
    assert_int_equal(c, col);
    assert_string_equal(g->message, message);
}

static char *repeat(char ch, size_t n)
{
    char *s = mem_alloc(n + 1);
    assert_non_null(s);
    memset(s, ch, n);
    s[n] = '\0';
    return s;
}

/* a → b → a with names of 600 letters: the first name and its arrow take
 * 605 bytes of the 1024; the second name does not fit, so it is left out
 * whole and "…" ends the chain. */
static void test_cycle_of_long_names(void **state)
{
    char *a = repeat('a', 600), *b = repeat('b', 600);
    buf text = {0}, want = {0};
    buf_printf(&text, "input:\n    id: text, key\noutput x = %s\n%s = %s + 1\n%s = %s + 1\n", a, a, b, b, a);
    checked C;
    check_text(&C, text.data);
    buf_printf(&want, "'%s' depends on itself: %s → …", a, a);
    expect_one_error(&C, 4, 1, want.data);
    checked_free(&C);
    buf_free(&text);
    buf_free(&want);
    mem_free(a);
    mem_free(b);
}

/* A name of 1020 letters depending on itself: the name and its arrow
 * (1025 bytes) do not fit at all.  Before the fix the message was cut in
 * the middle of the arrow's UTF-8. */
static void test_cycle_of_one_huge_name(void **state)
{
    char *n = repeat('n', 1020);
    buf text = {0}, want = {0};
    buf_printf(&text, "input:\n    id: text, key\noutput %s = %s + 1\n", n, n);
    checked C;
    check_text(&C, text.data);
    buf_printf(&want, "'%s' depends on itself: …", n);
    expect_one_error(&C, 3, 8, want.data);
    checked_free(&C);
    buf_free(&text);
    buf_free(&want);
    mem_free(n);
}

/* 33 nested sum(... over xs): the 33rd 'over' (the innermost, "each over
 * xs", after 33 "sum(" on line 4) is one more than the 32 allowed. */
static void test_over_nested_too_deeply(void **state)
{
    buf inner = {0}, text = {0};
    buf_puts(&inner, "each");
    for (int i = 0; i < 33; i++) {
        buf next = {0};
        buf_printf(&next, "sum(%s over xs)", inner.data);
        buf_free(&inner);
        inner = next;
    }
    buf_printf(&text, "input:\n    id: text, key\n    xs: list of integer\noutput x = %s\n", inner.data);
    checked C;
    check_text(&C, text.data);
    expect_one_error(&C, 4, 12 + 33 * 4, "'over' is nested too deeply");
    checked_free(&C);
    buf_free(&inner);
    buf_free(&text);
}

/* -(-(...(n)...)) 1001 deep: the 1001st minus (column 12 + 2 * 1000) is
 * one level past the 1000 the checker goes into. */
static void test_expression_nested_too_deeply(void **state)
{
    buf text = {0};
    buf_puts(&text, "input:\n    id: text, key\n    n: integer\noutput x = ");
    for (int i = 0; i < 1001; i++) buf_puts(&text, "-(");
    buf_puts(&text, "n");
    for (int i = 0; i < 1001; i++) buf_puts(&text, ")");
    buf_puts(&text, "\n");
    checked C;
    check_text(&C, text.data);
    expect_one_error(&C, 4, 12 + 2 * 1000, "this expression is nested too deeply");
    checked_free(&C);
    buf_free(&text);
}

/* (-n) + (-n) under 999 minuses: the sum is at level 1000, both of its
 * minuses at 1001.  The limit is reported once, at the first (column
 * 12 + 2 * 999 + 1), not once per operand.  (A name or a number at the
 * bottom takes no level of its own: (n + n) there would be fine.) */
static void test_too_deep_is_said_once(void **state)
{
    buf text = {0};
    buf_puts(&text, "input:\n    id: text, key\n    n: integer\noutput x = ");
    for (int i = 0; i < 999; i++) buf_puts(&text, "-(");
    buf_puts(&text, "(-n) + (-n)");
    for (int i = 0; i < 999; i++) buf_puts(&text, ")");
    buf_puts(&text, "\n");
    checked C;
    check_text(&C, text.data);
    expect_one_error(&C, 4, 12 + 2 * 999 + 1, "this expression is nested too deeply");
    checked_free(&C);
    buf_free(&text);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_cycle_of_long_names),
        cmocka_unit_test(test_cycle_of_one_huge_name),
        cmocka_unit_test(test_over_nested_too_deeply),
        cmocka_unit_test(test_expression_nested_too_deeply),
        cmocka_unit_test(test_too_deep_is_said_once),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
