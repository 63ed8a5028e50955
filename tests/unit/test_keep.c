/*
 * test_keep.c — the definitions a pass that gathers the needs again keeps
 * for the output pass (src/engine/keep.c).  Which ones: those reading
 * roster values, all of phases before the pass, and no apportion (keep.h);
 * worked out by hand from the policy below.  What a cell holds: a 16-bit
 * mask, then a tag and varints per definition kept, 16 bytes in all — so
 * a number of 19 bytes never fits, and one after it still can.  The values
 * the output pass then gives are checked end to end by the golden cases of
 * the 2014 policy (`score` and `quarter_score` are kept there).
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "keep.h"
#include "policy.h"
#include "visit.h"

/* rel and top_flag read a phase-1 roster value; low is of phase 2 and its
 * condition `rel < 50` makes phase 2 gather its needs again. */
static const char POLICY[] =
    "input:\n"
    "    id: text, key\n"
    "    sales: integer\n"
    "param pool = 90 yuan\n"
    "plain = sales * 2 yuan\n"
    "top = max(sales over roster)\n"
    "rel = sales * 100 / top\n"
    "top_flag = sales = top\n"
    "name_of = if sales = top then \"top\" else \"other\"\n"
    "share = apportion(pool, sales over roster, ties by id)\n"
    "low = min(rel over roster)\n"
    "output flag = rel < 50 and rel = low\n"
    "output pay = plain + share + (if top_flag then 1 yuan else 0 yuan)\n"
    "output label = name_of\n";

static kh_policy *load(void)
{
    kh_diags *d = kh_diags_new();
    kh_policy *p = kh_policy_load_text("keep.rules", POLICY, strlen(POLICY), d);
    if (!p) {
        kh_diags_print(d, stderr, false);
        fail_msg("the policy did not load");
    }
    kh_diags_free(d);
    return p;
}

static int def(const kh_policy *p, const char *name)
{
    const symbol *s = program_lookup(p->prog, name);
    assert_non_null(s);
    assert_int_equal(s->kind, SYM_DEF);
    return s->index;
}

static bool chosen(const int32_t *defs, int n, int d)
{
    for (int i = 0; i < n; i++)
        if (defs[i] == d) return true;
    return false;
}

/* Phase 2 keeps top, rel, top_flag, name_of and the output label (they
 * read the phase-1 max); not plain (no roster value: cheap to work out
 * again), low or flag (phase 2), share or pay (an apportion's share).
 * Phase 1 keeps nothing. */
static void test_choose(void **state)
{
    (void)state;
    kh_policy *p = load();
    const plan *pl = p->plan;
    int32_t *defs = calloc((size_t)pl->ndefs + 1, sizeof *defs);
    int n = keep_choose(pl, 2, defs);
    assert_int_equal(n, 5);
    assert_true(chosen(defs, n, def(p, "top")));
    assert_true(chosen(defs, n, def(p, "label")));
    assert_true(chosen(defs, n, def(p, "rel")));
    assert_true(chosen(defs, n, def(p, "top_flag")));
    assert_true(chosen(defs, n, def(p, "name_of")));
    assert_false(chosen(defs, n, def(p, "plain")));
    assert_false(chosen(defs, n, def(p, "share")));
    assert_false(chosen(defs, n, def(p, "pay")));
    assert_false(chosen(defs, n, def(p, "low")));
    assert_false(chosen(defs, n, def(p, "flag")));
    assert_int_equal(keep_choose(pl, 1, defs), 0);
    free(defs);
    kh_policy_free(p);
}

/* A context for p's plan in ar, nothing worked out. */
static evalctx *fresh(const kh_policy *p, arena *ar)
{
    evalctx *ctx = calloc(1, sizeof *ctx);
    ctx->no_trace = true;
    value *slots = arena_zalloc(ar, ((size_t)p->plan->nslots + 1) * sizeof *slots);
    eval_begin(ctx, p->plan, p->params, slots, ar);
    return ctx;
}

static void done(evalctx *ctx, int d, value v)
{
    ctx->defs[d] = v;
    ctx->defstate[d] = VISIT_DONE;
}

/* Kept: true, false, a negative fraction, a number that just fits.  Left
 * out: a text, a definition not worked out, a number that cannot fit
 * (1 + 10 + 9 bytes after the 2 of the mask and those before). */
static void test_save_and_seed(void **state)
{
    (void)state;
    kh_policy *p = load();
    arena *ar = arena_new(4096);
    int a = def(p, "plain"), b = def(p, "top"), c = def(p, "rel"), d = def(p, "top_flag"), e = def(p, "name_of"),
        f = def(p, "low"), g = def(p, "flag");
    int32_t defs[] = {a, b, c, d, e, f, g};
    evalctx *from = fresh(p, ar);
    done(from, a, value_bool(true));
    done(from, b, value_num((kh_num){.num = -7, .den = 3}));         /* tag, 1, 1: 3 bytes */
    /* c: not worked out */
    done(from, d, value_text("top", 3));                             /* not kept */
    done(from, e, value_num((kh_num){.num = INT64_MAX, .den = 1000000007})); /* 1 + 10 + 5: no room */
    done(from, f, value_bool(false));
    done(from, g, value_num((kh_num){.num = 300, .den = 1}));        /* tag, 2, 1: 4 bytes */
    uint8_t cell[KEEP_CELL];
    keep_save(defs, 7, from, cell);
    /* mask: a (bit 0), b (1), f (5), g (6) */
    assert_int_equal(cell[0], 0x63);
    assert_int_equal(cell[1], 0);

    evalctx *to = fresh(p, ar);
    keep_seed(defs, 7, to, cell);
    assert_int_equal(to->defstate[a], VISIT_DONE);
    assert_int_equal(to->defs[a].kind, VK_BOOL);
    assert_true(to->defs[a].b);
    assert_int_equal(to->defstate[b], VISIT_DONE);
    assert_int_equal(to->defs[b].kind, VK_NUM);
    assert_int_equal(to->defs[b].n.num, -7);
    assert_int_equal(to->defs[b].n.den, 3);
    assert_int_not_equal(to->defstate[c], VISIT_DONE);
    assert_int_not_equal(to->defstate[d], VISIT_DONE);
    assert_int_not_equal(to->defstate[e], VISIT_DONE);
    assert_int_equal(to->defstate[f], VISIT_DONE);
    assert_int_equal(to->defs[f].kind, VK_BOOL);
    assert_false(to->defs[f].b);
    assert_int_equal(to->defstate[g], VISIT_DONE);
    assert_int_equal(to->defs[g].n.num, 300);
    assert_int_equal(to->defs[g].n.den, 1);
    free(from);
    free(to);
    arena_free(ar);
    kh_policy_free(p);
}

/* A cell of a record whose roster needed nothing (all zero) seeds nothing. */
static void test_empty_cell(void **state)
{
    (void)state;
    kh_policy *p = load();
    arena *ar = arena_new(4096);
    int32_t defs[] = {def(p, "rel"), def(p, "top_flag")};
    uint8_t cell[KEEP_CELL] = {0};
    evalctx *to = fresh(p, ar);
    keep_seed(defs, 2, to, cell);
    assert_int_not_equal(to->defstate[defs[0]], VISIT_DONE);
    assert_int_not_equal(to->defstate[defs[1]], VISIT_DONE);
    free(to);
    arena_free(ar);
    kh_policy_free(p);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_choose),
        cmocka_unit_test(test_save_and_seed),
        cmocka_unit_test(test_empty_cell),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
