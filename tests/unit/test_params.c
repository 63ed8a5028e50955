/*
 * test_params.c — --set on params (src/engine/policy.c): a param declared
 * as a per cent takes a per cent (% or ％) or a fraction of one written with
 * a decimal point, or 0; any other number is refused with what it would
 * be and what to write (README, "--set").  Other params read as before.
 * Each expected value and message is worked out by hand from that rule.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <string.h>

#include "policy.h"

static const char POLICY[] =
    "input:\n"
    "    id: text, key\n"
    "param rate = 8%\n"
    "param cut = -1.5％\n"
    "param share = 0.3\n"
    "param days = 5\n"
    "param cash = 200 yuan\n"
    "output x = rate + cut + share + days\n"
    "output y = cash\n";

static kh_policy *load(void)
{
    kh_diags *d = kh_diags_new();
    kh_policy *p = kh_policy_load_text("t.rules", POLICY, strlen(POLICY), d);
    if (!p) {
        kh_diags_print(d, stderr, false);
        fail_msg("the policy did not load");
    }
    kh_diags_free(d);
    return p;
}

/* Sets name=text; returns the value as an exact decimal, or the error. */
static const char *set(kh_policy *p, const char *name, const char *text, char *buf, size_t cap)
{
    if (!kh_policy_set(p, name, text, buf, cap)) return buf;
    for (int i = 0; i < p->plan->nparams; i++)
        if (strcmp(p->plan->param_syms[i]->name, name) == 0) {
            char t[256];
            num_to_chars(p->params[i].n, 0, t, sizeof t);
            snprintf(buf, cap, "= %s", t);
        }
    return buf;
}

static void test_percent_params(void **state)
{
    (void)state;
    kh_policy *p = load();
    char b[512];
    assert_string_equal(set(p, "rate", "10%", b, sizeof b), "= 0.1");
    assert_string_equal(set(p, "rate", "10％", b, sizeof b), "= 0.1");
    assert_string_equal(set(p, "rate", "0.5%", b, sizeof b), "= 0.005");
    assert_string_equal(set(p, "rate", "0.1", b, sizeof b), "= 0.1");    /* a fraction of one */
    assert_string_equal(set(p, "rate", "1.0", b, sizeof b), "= 1");      /* 100% */
    assert_string_equal(set(p, "rate", "-0.25", b, sizeof b), "= -0.25");
    assert_string_equal(set(p, "rate", "0", b, sizeof b), "= 0");        /* 0% either way */
    assert_string_equal(set(p, "rate", "10", b, sizeof b),
                        "--set rate: \"10\" would be 1000%: write 10% (or 0.1) (rate is a per cent: 8% in the policy)");
    assert_string_equal(set(p, "rate", "1", b, sizeof b),
                        "--set rate: \"1\" could be 1% or 100%: write the % sign (rate is a per cent: 8% in the policy)");
    assert_string_equal(set(p, "rate", "12.5", b, sizeof b),
                        "--set rate: \"12.5\" without % would be 1250%: write 1250% or 12.5% (rate is a per cent: 8% "
                        "in the policy)");
    assert_string_equal(set(p, "rate", "100", b, sizeof b),
                        "--set rate: \"100\" would be 10000%: write 100% (or 1.0) (rate is a per cent: 8% in the policy)");
    assert_string_equal(set(p, "rate", "250", b, sizeof b),
                        "--set rate: \"250\" would be 25000%: write 250% (rate is a per cent: 8% in the policy)");
    /* declared with the full-width sign and a minus: the same rule */
    assert_string_equal(set(p, "cut", "-3", b, sizeof b),
                        "--set cut: \"-3\" would be -300%: write -3% (or -0.03) (cut is a per cent: -1.5％ in the policy)");
    assert_string_equal(set(p, "cut", "-3%", b, sizeof b), "= -0.03");
    kh_policy_free(p);
}

/* A decimal written without %, a count and money read as they always did
 * (a % sign still reads as per cent on a plain decimal). */
static void test_other_params(void **state)
{
    (void)state;
    kh_policy *p = load();
    char b[512];
    assert_string_equal(set(p, "share", "10", b, sizeof b), "= 10");
    assert_string_equal(set(p, "share", "40％", b, sizeof b), "= 0.4");
    assert_string_equal(set(p, "days", "10", b, sizeof b), "= 10");
    assert_string_equal(set(p, "cash", "10", b, sizeof b), "= 10");
    kh_policy_free(p);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_percent_params),
        cmocka_unit_test(test_other_params),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
