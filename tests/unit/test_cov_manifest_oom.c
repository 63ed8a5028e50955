/*
 * test_cov_manifest_oom.c — kh_manifest_new through a policy's context
 * allocator: out of memory at any of its allocations is NULL returned, every
 * block given back (counted here), nothing printed; once the allocations
 * succeed, a manifest that writes.  (test_oom.c does the same for the load
 * and the run.)
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "kaohe.h"

typedef struct counter {
    long calls, fail_at, live;
} counter;

static void *c_malloc(void *ud, size_t n)
{
    counter *c = ud;
    if (++c->calls == c->fail_at) return NULL;
    void *p = malloc(n);
    if (p) c->live++;
    return p;
}

static void *c_realloc(void *ud, void *p, size_t n)
{
    counter *c = ud;
    if (++c->calls == c->fail_at) return NULL;
    void *q = realloc(p, n);
    if (q && !p) c->live++;
    return q;
}

static void c_free(void *ud, void *p)
{
    counter *c = ud;
    if (p) c->live--;
    free(p);
}

static const char POLICY[] = "policy \"m\"\n"
                             "param rate \"rate\" = 8% until 2014-06, 10% from 2014-07\n"
                             "roster by period\n"
                             "input:\n"
                             "    id: text, key\n"
                             "    period: month\n"
                             "    profit: money\n"
                             "output pay = round(rate * profit, 2)\n";

static void test_manifest_new_out_of_memory(void **state)
{
    (void)state;
    counter c = {0};
    kh_context_options o;
    kh_context_options_init(&o);
    o.allocator = (kh_allocator){c_malloc, c_realloc, c_free, &c};
    kh_context *ctx = kh_context_new(&o);
    assert_non_null(ctx);
    kh_diags *d = kh_diags_new();
    kh_policy *p = NULL;
    assert_int_equal(kh_policy_load_in(ctx, "m.rules", POLICY, strlen(POLICY), d, &p), KH_OK);
    assert_non_null(p);
    long n = 1;
    kh_manifest *m = NULL;
    for (; n < 10000; n++) {
        long live = c.live;
        c.calls = 0;
        c.fail_at = n;
        m = kh_manifest_new(p, 0);
        if (m) break;
        if (c.live != live) fail_msg("allocation %ld failing left %ld blocks", n, c.live - live);
    }
    c.fail_at = 0;
    assert_non_null(m);
    assert_true(n > 1); /* at least one allocation failed on the way */
    char *text = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&text, &len);
    assert_true(kh_manifest_write(m, f));
    fclose(f);
    /* the dated param as the policy gives it */
    assert_non_null(strstr(text, "\"rate\": {\"value\": \"8% until 2014-06, 10% from 2014-07\", \"overridden\": false, \"label\": \"rate\"}"));
    free(text); /* open_memstream's */
    kh_manifest_free(m);
    kh_policy_free(p);
    kh_diags_free(d);
    kh_context_free(ctx);
    assert_int_equal(c.live, 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_manifest_new_out_of_memory),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
