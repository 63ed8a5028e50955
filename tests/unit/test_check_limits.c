/*
 * test_check_limits.c — no silent caps in the front end (issue 12 item 4):
 * policies too big to keep as golden files, built here in memory, checked
 * and evaluated through the library.  Each expectation is worked out by hand
 * from the policy the test writes.
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
#include "policy.h"
#include "mem.h"

static kh_policy *load(const char *text)
{
    kh_diags *d = kh_diags_new();
    kh_policy *p = kh_policy_load_text("t.rules", text, strlen(text), d);
    if (!p) {
        kh_diags_print(d, stderr, false);
        fail_msg("the policy did not load");
    }
    kh_diags_free(d);
    return p;
}

/* Evaluates input (NDJSON) under policy; returns the NDJSON results. */
static char *eval_text(const char *policy, const char *input, int *rc)
{
    kh_policy *p = load(policy);
    FILE *in = fmemopen((void *)input, strlen(input), "r");
    char *out = NULL;
    size_t len = 0;
    FILE *o = open_memstream(&out, &len);
    kh_eval_options opts;
    memset(&opts, 0, sizeof opts);
    opts.format = KH_FORMAT_NDJSON;
    kh_eval_summary sum;
    *rc = kh_eval(p, in, "in.json", o, &opts, &sum);
    fclose(in);
    fclose(o);
    kh_policy_free(p);
    return out;
}

/* A list of records with 33,000 fields: the 33,000th is read as itself (an
 * element field's index was 16 bits: it wrapped, and the reader crashed). */
static void test_record_of_33000_fields(void **state)
{
    (void)state;
    buf b = {0};
    buf_puts(&b, "input:\n    id: text, key\n    items: list of record\n");
    for (int i = 0; i < 33000; i++) buf_printf(&b, "        f%d: integer, default 0\n", i);
    buf_puts(&b, "output last = sum(f32999 over items)\noutput head = sum(f0 over items)\n");
    const char *in = "{\"id\": \"A\", \"items\": [{\"f32999\": 7, \"f0\": 1}, {\"f32999\": 5, \"f32767\": 9}]}\n";
    int rc;
    char *out = eval_text(b.data, in, &rc);
    /* last: 7 + 5; head: 1 + 0 (the default) */
    assert_string_equal(out, "{\"id\":\"A\",\"last\":12,\"head\":1}\n");
    assert_int_equal(rc, 0);
    free(out);
    buf_free(&b);
}

/* 200 roster phases, each the maximum of the one before over the roster:
 * a phase was 8 bits (127 at most), and every record failed with "a roster
 * value was read before it was ready". */
static void test_200_roster_phases(void **state)
{
    (void)state;
    buf b = {0};
    buf_puts(&b, "input:\n    id: text, key\n    v: integer\nd0 = v\n");
    for (int k = 1; k < 200; k++) buf_printf(&b, "d%d = max(d%d over roster)\n", k, k - 1);
    buf_puts(&b, "output top = d199\n");
    int rc;
    char *out = eval_text(b.data, "{\"id\": \"a\", \"v\": 1}\n{\"id\": \"b\", \"v\": 4}\n", &rc);
    /* d1 = max(1, 4) = 4 for both, and every later phase keeps 4 */
    assert_string_equal(out, "{\"id\":\"a\",\"top\":4}\n{\"id\":\"b\",\"top\":4}\n");
    assert_int_equal(rc, 0);
    free(out);
    buf_free(&b);
}

/* A long enumeration named in a message: the values that do not fit are
 * left out whole, and ", …" says so (it was cut mid-value, silently). */
static void test_long_enum_name(void **state)
{
    (void)state;
    arena *A = arena_new(4096);
    const char *values[300];
    char names[300][24];
    for (int i = 0; i < 300; i++) {
        snprintf(names[i], sizeof names[i], "value%d", i);
        values[i] = names[i];
    }
    char b[64];
    /* "one of " is 7 bytes, "\"value0\"" 8, each ", \"valueN\"" 10: after value4
     * the text is 55 bytes; value5 would need 10 more and room for ", …"
     * (5 bytes and the NUL) in 64: 55 + 10 + 6 > 64, so ", …" ends it at 60 */
    type_name(type_enum(A, values, 300), b, sizeof b);
    assert_string_equal(b, "one of \"value0\", \"value1\", \"value2\", \"value3\", \"value4\", …");
    const char *two[2] = {"a", "b"};
    assert_string_equal(type_name(type_enum(A, two, 2), b, sizeof b), "one of \"a\", \"b\"");
    arena_free(A);
}

/* The deepest single expression the evaluator can run: (n + n) under 999
 * minuses takes 999 + 1 levels (n itself none) and is accepted and worked
 * out: (-1)^999 x (3 + 3) = -6.  One minus more is refused by the checker
 * (test_cov_ck_checker: test_expression_nested_too_deeply). */
static void test_expression_at_the_limit(void **state)
{
    (void)state;
    buf b = {0};
    buf_puts(&b, "input:\n    id: text, key\n    n: integer\noutput x = ");
    for (int i = 0; i < 999; i++) buf_puts(&b, "-(");
    buf_puts(&b, "n + n");
    for (int i = 0; i < 999; i++) buf_puts(&b, ")");
    buf_puts(&b, "\n");
    int rc;
    char *out = eval_text(b.data, "{\"id\": \"A\", \"n\": 3}\n", &rc);
    assert_string_equal(out, "{\"id\":\"A\",\"x\":-6}\n");
    assert_int_equal(rc, 0);
    free(out);
    buf_free(&b);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_record_of_33000_fields),
        cmocka_unit_test(test_200_roster_phases),
        cmocka_unit_test(test_long_enum_name),
        cmocka_unit_test(test_expression_at_the_limit),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
