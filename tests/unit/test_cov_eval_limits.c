/*
 * test_cov_eval_limits.c — the evaluator's step limit (kaohe.h,
 * kh_policy_set_max_steps) bounds the work of one record also where the
 * work is a walk over a list rather than nodes of the policy: counting,
 * `in`, comparing two lists, append, min and max, each over a list of 1,000
 * entries with a limit of 30.  A short list is evaluated as usual; the long
 * one is that record's error, naming the limit.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <string.h>

#include "kaohe.h"

#define LIMIT 30

static kh_policy *load_text(const char *text)
{
    kh_diags *d = kh_diags_new();
    kh_policy *p = kh_policy_load_text("limits.rules", text, strlen(text), d);
    if (!p) {
        kh_diags_print(d, stderr, false);
        fail_msg("the policy did not load");
    }
    kh_diags_free(d);
    return p;
}

/* {"id":"r","xs":[1,...],"ys":[2]}: xs of n ones. */
static void record_with(char *out, size_t cap, int n)
{
    size_t at = (size_t)snprintf(out, cap, "{\"id\":\"r\",\"xs\":[");
    for (int i = 0; i < n; i++) at += (size_t)snprintf(out + at, cap - at, "%s1", i ? "," : "");
    snprintf(out + at, cap - at, "],\"ys\":[2]}");
}

/* The output of `expr` for xs = [1, 1] is `small`; for 1,000 ones the
 * record is refused at the limit. */
static void check_bounded(const char *expr, const char *small)
{
    char text[512];
    snprintf(text, sizeof text, "input:\n    id: text, key\n    xs: list of integer\n    ys: list of integer\n"
             "output out = %s\n", expr);
    kh_policy *p = load_text(text);
    kh_policy_set_max_steps(p, LIMIT);
    static char rec[8192];
    kh_result *r;
    record_with(rec, sizeof rec, 2);
    assert_int_equal(kh_eval_record(p, rec, strlen(rec), &r), KH_OK);
    assert_string_equal(kh_result_text(r, 0), small);
    kh_result_free(r);
    record_with(rec, sizeof rec, 1000);
    assert_int_equal(kh_eval_record(p, rec, strlen(rec), &r), KH_RECORD_ERRORS);
    if (!strstr(kh_result_error(r), "evaluation stopped: more than 30 steps for one record"))
        fail_msg("%s: %s", expr, kh_result_error(r));
    kh_result_free(r);
    kh_policy_free(p);
}

static void test_count_is_bounded(void **state)
{
    (void)state;
    check_bounded("count(xs)", "2");
}

static void test_in_is_bounded(void **state)
{
    (void)state;
    check_bounded("3 in xs", "false"); /* no 3 among [1, 1]: every entry looked at */
}

static void test_list_comparison_is_bounded(void **state)
{
    (void)state;
    check_bounded("xs = ys", "false"); /* [1, 1] is not [2] */
}

static void test_append_is_bounded(void **state)
{
    (void)state;
    check_bounded("count(append(xs, 5))", "3");
}

static void test_min_and_max_are_bounded(void **state)
{
    (void)state;
    check_bounded("max(xs)", "1");
    check_bounded("min(each + 1 over xs)", "2");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_count_is_bounded),
        cmocka_unit_test(test_in_is_bounded),
        cmocka_unit_test(test_list_comparison_is_bounded),
        cmocka_unit_test(test_append_is_bounded),
        cmocka_unit_test(test_min_and_max_are_bounded),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
