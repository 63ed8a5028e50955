/*
 * test_pair_share.c — what a diff's two sides work out alike
 * (src/engine/pair_share.c), decided from the two plans: each expectation
 * follows from which definitions read the param or the line that changed.
 * The values the sharing gives are checked end to end by the golden cases
 * share-diff-*.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "pair_share.h"
#include "policy.h"

/* tests/golden/_share/share.rules, with the line of double and the share
 * output's filled in from %s. */
static const char SHARE[] =
    "input:\n"
    "    id: text, key\n"
    "    sales: integer\n"
    "param rate = 10%%\n"
    "param pool = 90 yuan\n"
    "base = sales * rate + 1\n"
    "double = %s\n"
    "top_sales = max(sales over roster)\n"
    "best = sales = top_sales\n"
    "output pay = base + double + (if best then base else 0)\n"
    "output star = best\n"
    "output share = %s\n";

static const char APPORTION[] = "apportion(pool, sales over roster, ties by id)";

static kh_policy *load_after(const char *name, const char *before, const char *doubled, const char *share)
{
    char text[2048];
    size_t n = (size_t)snprintf(text, sizeof text, "%s", before);
    snprintf(text + n, sizeof text - n, SHARE, doubled, share);
    kh_diags *d = kh_diags_new();
    kh_policy *p = kh_policy_load_text(name, text, strlen(text), d);
    if (!p) {
        kh_diags_print(d, stderr, false);
        fail_msg("the policy did not load:\n%s", text);
    }
    kh_diags_free(d);
    return p;
}

static kh_policy *load(const char *name, const char *doubled, const char *share)
{
    return load_after(name, "", doubled, share);
}

static void set(kh_policy *p, const char *name, const char *text)
{
    char err[256];
    if (!kh_policy_set(p, name, text, err, sizeof err)) fail_msg("--set %s=%s: %s", name, text, err);
}

static int def(const kh_policy *p, const char *name)
{
    const symbol *s = program_lookup(p->prog, name);
    assert_non_null(s);
    assert_int_equal(s->kind, SYM_DEF);
    return s->index;
}

static pair_share *compare(const kh_policy *o, const kh_policy *n)
{
    return pair_share_new(o->plan, o->params, n->plan, n->params);
}

/* --set rate: base and all that reads it differ; the roster values do not
 * read rate, so one store serves both sides. */
static void test_set_upstream_param(void **state)
{
    (void)state;
    kh_policy *o = load("share.rules", "base * 2", APPORTION), *n = load("share.rules", "base * 2", APPORTION);
    set(n, "rate", "20%");
    pair_share *s = compare(o, n);
    assert_non_null(s);
    assert_true(s->input);
    assert_true(s->roster);
    assert_true(s->demand);
    assert_false(s->seed[def(n, "base")]);
    assert_false(s->seed[def(n, "double")]);
    assert_false(s->seed[def(n, "pay")]);
    assert_true(s->seed[def(n, "top_sales")]);
    assert_true(s->seed[def(n, "best")]);
    assert_true(s->seed[def(n, "star")]);
    /* reads an apportion's share: each side keeps its own account */
    assert_false(s->seed[def(n, "share")]);
    pair_share_free(s);
    kh_policy_free(o);
    kh_policy_free(n);
}

/* --set of a param nothing reads, to the same value: everything alike. */
static void test_set_same_value(void **state)
{
    (void)state;
    kh_policy *o = load("share.rules", "base * 2", APPORTION), *n = load("share.rules", "base * 2", APPORTION);
    set(n, "rate", "0.1");
    pair_share *s = compare(o, n);
    assert_non_null(s);
    assert_true(s->roster);
    assert_true(s->seed[def(n, "base")]);
    assert_true(s->seed[def(n, "pay")]);
    pair_share_free(s);
    kh_policy_free(o);
    kh_policy_free(n);
}

/* Two files alike but for double: base is shared, double and pay are not;
 * the roster values are written in another file (their messages quote
 * it), so each side keeps its own store. */
static void test_two_files(void **state)
{
    (void)state;
    kh_policy *o = load("old.rules", "base * 2", APPORTION), *n = load("new.rules", "base * 3", APPORTION);
    pair_share *s = compare(o, n);
    assert_non_null(s);
    assert_true(s->input);
    /* the roster values (top_sales, the apportion) and what they read are
     * written alike, at the same lines and columns: one store serves both,
     * and their messages name the new file */
    assert_true(s->roster);
    assert_int_equal(s->nrenames, 1);
    assert_string_equal(s->rename_from[0], "old.rules");
    assert_string_equal(s->rename_to[0], "new.rules");
    assert_true(s->seed[def(n, "base")]);
    assert_false(s->seed[def(n, "double")]);
    assert_false(s->seed[def(n, "pay")]);
    arena *A = arena_new(1024);
    assert_string_equal(pair_share_rename(s, "max(sales over roster) cannot be worked out for this roster (record \"B\": "
                                             "division by zero in top_sales (old.rules:9:13))", A),
                        "max(sales over roster) cannot be worked out for this roster (record \"B\": "
                        "division by zero in top_sales (new.rules:9:13))");
    /* only a place: a file name elsewhere stays */
    assert_string_equal(pair_share_rename(s, "old.rules: (old.rules) (old.rules:1:1)", A), "old.rules: (old.rules) (new.rules:1:1)");
    arena_free(A);
    pair_share_free(s);
    kh_policy_free(o);
    kh_policy_free(n);
}

/* The same two files, the new one with a comment line first: every roster
 * value is a line further down, its messages would quote other places, so
 * each side keeps its own store; the definitions are still alike. */
static void test_two_files_moved(void **state)
{
    (void)state;
    kh_policy *o = load("old.rules", "base * 2", APPORTION);
    kh_policy *n = load_after("new.rules", "# a line more\n", "base * 3", APPORTION);
    pair_share *s = compare(o, n);
    assert_non_null(s);
    assert_false(s->roster);
    assert_int_equal(s->nrenames, 0);
    assert_true(s->seed[def(n, "base")]);
    pair_share_free(s);
    kh_policy_free(o);
    kh_policy_free(n);
}

/* Whether a record reads its share depends on base, which rate changes:
 * who takes part in the apportion may differ, so no store is shared. */
static void test_share_read_under_a_changed_condition(void **state)
{
    (void)state;
    const char *guarded = "if base > 2 then apportion(pool, sales over roster, ties by id) else 0 yuan";
    kh_policy *o = load("share.rules", "base * 2", guarded), *n = load("share.rules", "base * 2", guarded);
    set(n, "rate", "20%");
    pair_share *s = compare(o, n);
    assert_non_null(s);
    assert_false(s->roster);
    assert_false(s->seed[def(n, "share")]);
    assert_true(s->seed[def(n, "best")]);
    pair_share_free(s);
    kh_policy_free(o);
    kh_policy_free(n);
}

/* The pool of the apportion is the changed param: the roster value differs. */
static void test_set_apportion_pool(void **state)
{
    (void)state;
    kh_policy *o = load("share.rules", "base * 2", APPORTION), *n = load("share.rules", "base * 2", APPORTION);
    set(n, "pool", "120");
    pair_share *s = compare(o, n);
    assert_non_null(s);
    assert_false(s->roster);
    assert_true(s->seed[def(n, "pay")]);
    pair_share_free(s);
    kh_policy_free(o);
    kh_policy_free(n);
}

/* The golden case share-diff-two-files-broken's two files: top is written
 * at the same line and column in both, so one store serves both sides
 * (the case checks that its broken message names the new file there). */
static void test_golden_broken_files_share(void **state)
{
    (void)state;
    kh_diags *d = kh_diags_new();
    kh_policy *o = kh_policy_load("tests/golden/_share/broken.rules", d);
    kh_policy *n = kh_policy_load("tests/golden/_share/broken-copy.rules", d);
    assert_non_null(o);
    assert_non_null(n);
    pair_share *s = compare(o, n);
    assert_non_null(s);
    assert_true(s->roster);
    assert_int_equal(s->nrenames, 1);
    assert_string_equal(s->rename_from[0], "tests/golden/_share/broken.rules");
    assert_string_equal(s->rename_to[0], "tests/golden/_share/broken-copy.rules");
    pair_share_free(s);
    kh_policy_free(o);
    kh_policy_free(n);
    kh_diags_free(d);
}

/* Plans of another shape (another definition) share nothing. */
static void test_other_shape(void **state)
{
    (void)state;
    kh_policy *o = load("old.rules", "base * 2", APPORTION);
    kh_policy *n = load("new.rules", "base * 2\nextra = 1", APPORTION);
    assert_null(compare(o, n));
    kh_policy_free(o);
    kh_policy_free(n);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_set_upstream_param),
        cmocka_unit_test(test_set_same_value),
        cmocka_unit_test(test_two_files),
        cmocka_unit_test(test_two_files_moved),
        cmocka_unit_test(test_golden_broken_files_share),
        cmocka_unit_test(test_share_read_under_a_changed_condition),
        cmocka_unit_test(test_set_apportion_pool),
        cmocka_unit_test(test_other_shape),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
