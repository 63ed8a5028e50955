/*
 * test_cov_lang_load.c — loading through the embedding API when the policy
 * is not read from the file system: a table's CSV file is refused (one
 * located error with its hint) when includes are off and when the program
 * answers includes itself, and an include the program answers is held to
 * the context's limit on the policy's bytes.  An include refused so is one
 * error: the names it would have defined are not also called unknown (as
 * for an include file that cannot be read).  Positions worked out by hand
 * from the texts below (lines and columns from 1; columns in bytes).
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <string.h>

#include "kaohe.h"

/* `table t from "rows.csv"`: the file name's string starts at column 14 */
static const char TABLE_POLICY[] =
    "table t from \"rows.csv\" by name:\n"
    "    name: text\n"
    "    n:    integer\n"
    "input:\n"
    "    id: text, key\n"
    "output o = t(id).n\n";

static const char *answer(void *ud, const char *including, const char *name, size_t *len, char *err, size_t cap)
{
    (void)including;
    (void)err;
    (void)cap;
    const char *text = ud;
    if (strcmp(name, "common.rules") != 0) return NULL;
    *len = strlen(text);
    return text;
}

static void expect_one_table_error(kh_diags *d, const char *message)
{
    assert_int_equal(kh_diags_count(d), 1);
    assert_int_equal(kh_diag_severity(d, 0), KH_SEVERITY_ERROR);
    assert_int_equal(kh_diag_line(d, 0), 1);
    assert_int_equal(kh_diag_column(d, 0), 14);
    assert_string_equal(kh_diag_message(d, 0), message);
    assert_string_equal(kh_diag_hint(d, 0), "write the table's rows in the policy itself");
}

static void test_table_with_includes_off(void **state)
{
    (void)state;
    kh_compile_options o;
    kh_compile_options_init(&o);
    o.includes_off = true;
    kh_diags *d = kh_diags_new();
    assert_null(kh_policy_compile("main.rules", TABLE_POLICY, strlen(TABLE_POLICY), &o, d));
    expect_one_table_error(d, "this table's file 'rows.csv' cannot be read: includes are off");
    kh_diags_free(d);
}

static void test_table_with_a_resolver(void **state)
{
    (void)state;
    kh_compile_options o;
    kh_compile_options_init(&o);
    o.resolve_include = answer;
    o.ud = (void *)"param rate = 8%\n";
    kh_diags *d = kh_diags_new();
    assert_null(kh_policy_compile("main.rules", TABLE_POLICY, strlen(TABLE_POLICY), &o, d));
    expect_one_table_error(d, "this table's file 'rows.csv' cannot be read: files are read through the embedder");
    kh_diags_free(d);
}

/* The policy is 64 bytes and its include 16: a limit of 64 takes the
 * policy and refuses the include, at its name (line 3, column 9); 80 takes
 * both. */
static void test_resolved_include_over_the_limit(void **state)
{
    (void)state;
    static const char main_text[] = "input:\n    id: text, key\ninclude \"common.rules\"\noutput x = rate\n";
    static const char common[] = "param rate = 8%\n";
    assert_int_equal(strlen(main_text), 64);
    assert_int_equal(strlen(common), 16);
    kh_context_options co;
    kh_context_options_init(&co);
    co.resolve_include = answer;
    co.include_ud = (void *)common;
    co.max_policy_bytes = 64;
    kh_context *ctx = kh_context_new(&co);
    assert_non_null(ctx);
    kh_diags *d = kh_diags_new();
    kh_policy *p = NULL;
    assert_int_equal(kh_policy_load_in(ctx, "main.rules", main_text, strlen(main_text), d, &p), KH_POLICY_ERROR);
    assert_null(p);
    assert_int_equal(kh_diags_errors(d), 1);
    assert_int_equal(kh_diag_line(d, 0), 3);
    assert_int_equal(kh_diag_column(d, 0), 9);
    assert_string_equal(kh_diag_message(d, 0),
                        "cannot include 'common.rules': the policy's files together are larger than 64 bytes");
    kh_diags_free(d);
    kh_context_free(ctx);

    co.max_policy_bytes = 80;
    ctx = kh_context_new(&co);
    d = kh_diags_new();
    assert_int_equal(kh_policy_load_in(ctx, "main.rules", main_text, strlen(main_text), d, &p), KH_OK);
    assert_int_equal(kh_diags_errors(d), 0);
    kh_policy_free(p);
    kh_diags_free(d);
    kh_context_free(ctx);
}

/* `rate` comes from the include: refusing the include is the one error,
 * whether includes are off or the program has no such file. */
static void test_refused_include_is_one_error(void **state)
{
    (void)state;
    static const char text[] = "input:\n    id: text, key\ninclude \"other.rules\"\noutput x = rate\n";
    kh_compile_options o;
    kh_compile_options_init(&o);
    o.includes_off = true;
    kh_diags *d = kh_diags_new();
    assert_null(kh_policy_compile("main.rules", text, strlen(text), &o, d));
    assert_int_equal(kh_diags_count(d), 1);
    assert_int_equal(kh_diag_line(d, 0), 3);
    assert_string_equal(kh_diag_message(d, 0), "includes are off: this policy may not read 'other.rules'");
    kh_diags_free(d);

    kh_compile_options_init(&o);
    o.resolve_include = answer; /* knows common.rules only */
    o.ud = (void *)"param rate = 8%\n";
    d = kh_diags_new();
    assert_null(kh_policy_compile("main.rules", text, strlen(text), &o, d));
    assert_int_equal(kh_diags_count(d), 1);
    assert_int_equal(kh_diag_line(d, 0), 3);
    assert_string_equal(kh_diag_message(d, 0), "cannot include 'other.rules': refused");
    kh_diags_free(d);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_table_with_includes_off),
        cmocka_unit_test(test_table_with_a_resolver),
        cmocka_unit_test(test_resolved_include_over_the_limit),
        cmocka_unit_test(test_refused_include_is_one_error),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
