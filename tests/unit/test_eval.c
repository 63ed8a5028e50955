/*
 * test_eval.c — the evaluator (src/eval.c) op by op, on small policies
 * compiled through the library: each test names the plan op it exercises
 * and checks that the definition really compiled to it.  Roster ops and
 * apportion run through kh_eval on small rosters.  Every value is worked out
 * by hand from the record below.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "eval.h"
#include "input.h"
#include "policy.h"
#include "writer.h"
#include "mem.h"

/* Lines 1-18; a definition `output x = ...` after it is on line 19. */
static const char SCHEMA[] =
    "input:\n"
    "    id: text, key\n"
    "    pay: money\n"
    "    n: integer\n"
    "    r: decimal\n"
    "    ok: boolean\n"
    "    name: text\n"
    "    d: date\n"
    "    t: datetime\n"
    "    m: month\n"
    "    lvl: one of \"a\", \"b\"\n"
    "    xs: list of integer\n"
    "    g: record\n"
    "        gx: integer\n"
    "    deals: list of record\n"
    "        amt: money\n"
    "        paid: boolean\n"
    "param rate = 8%\n";

/* 2014-06-01 is a Sunday; 2014-06-03 a Tuesday. */
static const char RECORD[] =
    "{\"id\": \"A\", \"pay\": 1000, \"n\": 7, \"r\": 2.5, \"ok\": true, \"name\": \"王芳\", \"d\": \"2014-06-01\","
    " \"t\": \"2014-06-03T14:05:09\", \"m\": \"2014-06\", \"lvl\": \"b\", \"xs\": [3, 4, 6], \"g\": {\"gx\": 5},"
    " \"deals\": [{\"amt\": 100, \"paid\": true}, {\"amt\": 250.5, \"paid\": false}, {\"amt\": -20, \"paid\": true}]}";

typedef struct run {
    kh_policy *p;
    arena *ar;
    value *slots;
    evalctx ctx;
} run;

static kh_policy *load(const char *text)
{
    kh_diags *d = kh_diags_new();
    kh_policy *p = kh_policy_load_text("t.rules", text, strlen(text), d);
    if (!p) {
        kh_diags_print(d, stderr, false);
        fail_msg("the policy did not load:\n%s", text);
    }
    kh_diags_free(d);
    return p;
}

/* Loads SCHEMA + defs and reads RECORD, ready to evaluate. */
static void start(run *R, const char *defs)
{
    static char text[8192];
    snprintf(text, sizeof text, "%s%s", SCHEMA, defs);
    R->p = load(text);
    R->ar = arena_new(8192);
    const plan *pl = R->p->plan;
    R->slots = arena_alloc(R->ar, (size_t)(pl->nslots + 1) * sizeof(value));
    cJSON *rec = cJSON_Parse(RECORD);
    assert_non_null(rec);
    char err[512];
    if (!input_read(pl, rec, R->ar, R->slots, R->p->params, err, sizeof err)) fail_msg("record refused: %s", err);
    cJSON_Delete(rec);
    memset(&R->ctx, 0, sizeof R->ctx);
    eval_begin(&R->ctx, pl, R->p->params, R->slots, R->ar);
}

static void finish(run *R)
{
    arena_free(R->ar);
    kh_policy_free(R->p);
}

static int def_index(const run *R, const char *name)
{
    const symbol *s = program_lookup(R->p->prog, name);
    assert_non_null(s);
    assert_int_equal(s->kind, SYM_DEF);
    return s->index;
}

/* The value of definition `name` as JSON, or "error: <message>". */
static char *value_of(run *R, const char *name)
{
    static char out[1024];
    int k = def_index(R, name);
    value v;
    if (!eval_def(&R->ctx, k, &v)) {
        char msg[512];
        eval_error_message(&R->ctx, msg, sizeof msg);
        snprintf(out, sizeof out, "error: %s", msg);
        return out;
    }
    buf b = {0};
    write_json_value(&b, &v, R->p->plan->def_syms[k]->type);
    snprintf(out, sizeof out, "%s", b.data);
    buf_free(&b);
    return out;
}

/* `output x = EXPR` (after extra definitions): its plan op and its value. */
static void expect_full(const char *extra, const char *expr, int op, const char *want)
{
    char defs[4096];
    snprintf(defs, sizeof defs, "output x = %s\n%s", expr, extra);
    run R;
    start(&R, defs);
    int k = def_index(&R, "x");
    const pnode *root = R.p->plan->defs[k];
    if (op >= 0 && root->op != op) fail_msg("%s: compiled to op %d, expected op %d", expr, root->op, op);
    const char *got = value_of(&R, "x");
    if (strcmp(got, want) != 0) fail_msg("x = %s\n  got:      %s\n  expected: %s", expr, got, want);
    finish(&R);
}

static void expect(const char *expr, int op, const char *want) { expect_full("", expr, op, want); }

/* ---- leaves ---------------------------------------------------------------- */

static void test_const_slot_param_def(void **state)
{
    expect("42", P_CONST, "42");
    expect("\"t\"", P_CONST, "\"t\"");
    expect("pay", P_SLOT, "1000.00");
    expect("name", P_SLOT, "\"王芳\"");
    expect("g.gx", P_SLOT, "5");            /* a group's field has its own slot */
    expect("rate", P_PARAM, "0.08");
    expect_full("y = n + 1\n", "y", P_DEF, "8");
}

static void test_group_and_field(void **state)
{
    expect("g", P_GROUP, "{\"gx\":5}");
    expect("{a: n, b: pay}.b", P_FIELD, "1000.00");
}

static void test_date_parts(void **state)
{
    expect("d.weekday", P_DATE_PART, "7");   /* Sunday */
    expect("t.weekday", P_DATE_PART, "2");   /* Tuesday */
    expect("d.year", P_DATE_PART, "2014");
    expect("d.day", P_DATE_PART, "1");
    expect("t.hour", P_DATE_PART, "14");
    expect("t.minute", P_DATE_PART, "5");
    expect("t.second", P_DATE_PART, "9");
    expect("t.date", P_DATE_PART, "\"2014-06-03\"");
    expect("m.month", P_DATE_PART, "6");
    expect("m.quarter", P_DATE_PART, "2");
}

/* ---- operators ------------------------------------------------------------------ */

static void test_arithmetic(void **state)
{
    expect("-pay", P_NEG, "-1000.00");
    expect("pay + 0.5 yuan", P_ADD, "1000.50");
    expect("n - 10", P_SUB, "-3");
    expect("pay * rate", P_MUL, "80.00");
    expect("n / 2", P_DIV, "3.5");
    expect("n / 3", P_DIV, "2.333333333333333");
    expect("n / 0", P_DIV, "error: division by zero in x (t.rules:19:12)");
    /* 1000 * 10^16 = 10^19 does not fit int64: exact all the same (num.h) */
    expect("pay * 10000000000000000", P_MUL, "10000000000000000000.00");
    expect("pay * 10000000000000000 - pay * 10000000000000000 + 1 yuan", P_ADD, "1.00");
}

static void test_comparisons(void **state)
{
    expect("lvl = \"b\"", P_EQ, "true");
    expect("name != \"王芳\"", P_NE, "false");
    expect("d < date(\"2014-06-02\")", P_LT, "true");
    expect("r <= 2.5", P_LE, "true");
    expect("t > t", P_GT, "false");
    expect("m >= month(\"2014-07\")", P_GE, "false");
    expect("pay = 1000.00 yuan", P_EQ, "true"); /* exact: 1000 = 1000.00 */
    expect("1 / 3 = 2 / 6", P_EQ, "true");
}

static void test_logic_is_lazy(void **state)
{
    expect("not ok", P_NOT, "false");
    expect("false and n / 0 = 1", P_AND, "false"); /* the right side is never worked out */
    expect("true or n / 0 = 1", P_OR, "true");
    expect("ok and n > 5", P_AND, "true");
    expect("n in [1, 7]", P_IN, "true");
    expect("name in [\"x\", \"y\"]", P_IN, "false");
    expect("if ok then 1 else n / 0", P_IF, "1");
    expect("if not ok then 1 else 2", P_IF, "2");
}

/* ---- blocks -------------------------------------------------------------------- */

static void test_when(void **state)
{
    expect("when:\n    n > 10 -> 1\n    n > 5 -> 2\n    otherwise -> 3", P_WHEN, "2");
    expect("when:\n    n > 10 -> 1\n    otherwise -> 3", P_WHEN, "3");
    expect("when:\n    n > 10 -> 1", P_WHEN, "error: no branch of this 'when' applies in x (t.rules:19:12)");
}

static void test_tier_rows(void **state)
{
    /* n = 7 against each kind of row */
    expect("tier n:\n    above 7 -> 1\n    at least 7 -> 2\n    otherwise -> 3", P_TIER, "2");
    expect("tier n:\n    more than 7 -> 1\n    7 -> 2\n    otherwise -> 3", P_TIER, "2");
    expect("tier n:\n    below 7 -> 1\n    at most 7 -> 2\n    otherwise -> 3", P_TIER, "2");
    expect("tier n:\n    less than 7 -> 1\n    7 or less -> 5\n    otherwise -> 3", P_TIER, "5");
    expect("tier n:\n    8 or more -> 1\n    6 or more -> 4\n    otherwise -> 9", P_TIER, "4");
    expect("tier n:\n    8 or more -> 1\n    otherwise -> 9", P_TIER, "9");
    expect("tier lvl:\n    \"a\" -> 1\n    \"b\" -> 2\n    otherwise -> 0", P_TIER, "2");
    expect("tier r:\n    250% or more -> 1\n    otherwise -> 0", P_TIER, "1"); /* 2.5 = 250% */
    expect("tier n:\n    8 or more -> 1", P_TIER, "error: no row of this tier table matches the value 7 in x (t.rules:19:12)");
}

static void test_ledger(void **state)
{
    run R;
    start(&R, "output x = ledger from 100:\n"
              "    \"a\" -2 per n\n"
              "    \"b\" +5 when ok\n"
              "    \"c\" +3 when not ok\n"
              "    \"d\" +r\n");
    const pnode *root = R.p->plan->defs[def_index(&R, "x")];
    assert_int_equal(root->op, P_LEDGER);
    /* 100 - 2 x 7 + 5 + 2.5 = 93.5 */
    assert_string_equal(value_of(&R, "x"), "93.5");
    const ledger_result *lr = R.ctx.ledgers[root->index];
    assert_non_null(lr);
    assert_int_equal(lr->n, 4);
    assert_true(num_eq(lr->start, num_int(100)));
    assert_true(lr->items[0].applied);
    assert_true(num_eq(lr->items[0].amount, num_int(-14)));
    assert_true(num_eq(lr->items[0].count, num_int(7)));
    assert_true(lr->items[1].applied);
    assert_true(num_eq(lr->items[1].amount, num_int(5)));
    assert_false(lr->items[2].applied);
    assert_true(num_eq(lr->items[2].amount, num_int(0)));
    assert_true(lr->items[3].applied);
    kh_num half = {.num = 5, .den = 2};
    assert_true(num_eq(lr->items[3].amount, half));
    kh_num total = {.num = 187, .den = 2};
    assert_true(num_eq(lr->total, total));
    finish(&R);
}

/* ---- functions -------------------------------------------------------------- */

static void test_rounding_and_abs(void **state)
{
    expect("round(n / 3, 2)", P_ROUND, "2.33");
    expect("round(r, 0)", P_ROUND, "3");
    expect("round_half_even(r, 0)", P_ROUND, "2");
    expect("truncate(-r, 0)", P_ROUND, "-2");
    expect("floor(-r)", P_ROUND, "-3");
    expect("ceil(r)", P_ROUND, "3");
    expect("round(pay / 3, 2)", P_ROUND, "333.33");
    expect("abs(n - 10)", P_ABS, "3");
    expect("abs(-pay)", P_ABS, "1000.00");
    expect("min(n, r, 9)", P_MIN_OF, "2.5");
    expect("max(pay, 5 yuan)", P_MAX_OF, "1000.00");
    expect("max(d, date(\"2014-06-02\"))", P_MAX_OF, "\"2014-06-02\"");
}

static void test_list_aggregates(void **state)
{
    /* deals: 100 paid, 250.5 unpaid, -20 paid; xs: 3, 4, 6 */
    expect("sum(amt over deals where paid)", P_LIST_AGG, "80.00");
    expect("sum(amt over deals)", P_LIST_AGG, "330.50");
    expect("count(deals where paid)", P_LIST_AGG, "2");
    expect("count(xs)", P_LIST_AGG, "3");
    expect("mean(xs)", P_LIST_AGG, "4.333333333333333");
    expect("min(xs)", P_LIST_AGG, "3");
    expect("max(amt over deals)", P_LIST_AGG, "250.50");
    expect("any(each > 5 over xs)", P_LIST_AGG, "true");
    expect("all(each > 3 over xs)", P_LIST_AGG, "false");
    expect("all(paid over deals where amt < 200 yuan)", P_LIST_AGG, "true");
    expect("sum(each * 2 over xs where each > 3)", P_LIST_AGG, "20");
    expect("sum(xs where each > 100)", P_LIST_AGG, "0");
    expect("count(deals where amt > max(each over xs) * 1 yuan)", P_LIST_AGG, "2"); /* nested: 100 and 250.5 > 6 */
    expect("mean(amt over deals where amt > 1000 yuan)", P_LIST_AGG, "error: the mean of no values in x (t.rules:19:12)");
    expect("max(xs where each > 100)", P_LIST_AGG, "error: the maximum of no values in x (t.rules:19:12)");
}

static void test_list_functions(void **state)
{
    expect("last(xs, 2)", P_LAST, "[4,6]");
    expect("last(xs, 5)", P_LAST, "[3,4,6]");
    expect("last(xs, 0)", P_LAST, "[]");
    expect("last(xs, -1)", P_LAST, "error: last(list, n) needs n of 0 or more in x (t.rules:19:12)");
    expect("append(xs, 9)", P_APPEND, "[3,4,6,9]");
    expect("append(last(xs, 0), 1)", P_APPEND, "[1]");
    expect("[n, 2, 3]", P_LIST, "[7,2,3]");
    expect("{a: n, b: [ok], c: {d: pay}}", P_OBJECT, "{\"a\":7,\"b\":[true],\"c\":{\"d\":1000.00}}");
}

static void test_date_functions(void **state)
{
    expect("month_of(d)", P_MONTH_OF, "\"2014-06\"");
    expect("month_of(t)", P_MONTH_OF, "\"2014-06\"");
    expect("date_of(t)", P_DATE_OF, "\"2014-06-03\"");
    expect("days_between(d, date_of(t))", P_DAYS_BETWEEN, "2");
    expect("days_between(date_of(t), d)", P_DAYS_BETWEEN, "-2");
    expect("days_between(date(\"2014-02-28\"), date(\"2014-03-01\"))", P_DAYS_BETWEEN, "1");
    expect("months_between(m, month(\"2015-02\"))", P_MONTHS_BETWEEN, "8");
}

/* ---- the machinery -------------------------------------------------------------- */

static void test_definitions_are_worked_out_once(void **state)
{
    run R;
    start(&R, "y = n + 1\noutput x = y + y\n");
    assert_string_equal(value_of(&R, "x"), "16");
    /* x: ADD, DEF y (y: ADD, SLOT, CONST), DEF y (remembered) = 6 steps */
    assert_int_equal(R.ctx.steps, 6);
    finish(&R);
}

static void test_step_limit(void **state)
{
    run R;
    start(&R, "output x = sum(each over xs) + sum(each over xs)\n");
    R.ctx.max_steps = 5;
    assert_string_equal(value_of(&R, "x"),
                        "error: evaluation stopped: more than 5 steps for one record in x (t.rules:19:12)");
    finish(&R);
}

static void test_error_names_the_inner_definition(void **state)
{
    run R;
    start(&R, "y = pay / (n - 7)\noutput x = y + 1 yuan\n");
    assert_string_equal(value_of(&R, "x"), "error: division by zero in y (t.rules:19:5)");
    finish(&R);
}

static void test_params_can_be_set(void **state)
{
    run R;
    start(&R, "output x = pay * rate\n");
    char err[256];
    assert_true(kh_policy_set(R.p, "rate", "10%", err, sizeof err));
    eval_begin(&R.ctx, R.p->plan, R.p->params, R.slots, R.ar);
    assert_string_equal(value_of(&R, "x"), "100.00");
    assert_false(kh_policy_set(R.p, "rate", "ten", err, sizeof err));
    assert_string_equal(err, "--set rate: \"ten\" is not a number (such as 10% or 0.1) (rate is decimal)");
    finish(&R);
}

/* ---- roster ops, through kh_eval ------------------------------------------------ */

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

static void test_roster_aggregates(void **state)
{
    const char *policy = "roster by m\n"
                         "input:\n"
                         "    id: text, key\n"
                         "    m: month\n"
                         "    pay: money\n"
                         "output top = max(pay over roster)\n"
                         "output low = min(pay over roster where pay > 0 yuan)\n"
                         "output total = sum(pay over roster)\n"
                         "output n = count(roster where pay >= 0 yuan)\n"
                         "output avg = mean(pay over roster)\n"
                         "output rich = any(pay > 500 yuan over roster)\n"
                         "output paid = all(pay > 0 yuan over roster)\n";
    const char *input = "[{\"id\": \"a\", \"m\": \"2014-05\", \"pay\": 100},\n"
                        " {\"id\": \"b\", \"m\": \"2014-06\", \"pay\": 0},\n"
                        " {\"id\": \"c\", \"m\": \"2014-05\", \"pay\": 700},\n"
                        " {\"id\": \"d\", \"m\": \"2014-06\", \"pay\": 300}]";
    int rc;
    char *out = eval_text(policy, input, &rc);
    /* May: 100, 700 -> max 700, min 100, sum 800, 2, mean 400, any > 500, all > 0.
     * June: 0, 300 -> max 300, min of those > 0: 300, sum 300, 2, mean 150, none > 500, not all > 0. */
    assert_string_equal(out,
                        "{\"id\":\"a\",\"top\":700.00,\"low\":100.00,\"total\":800.00,\"n\":2,\"avg\":400.00,\"rich\":true,\"paid\":true}\n"
                        "{\"id\":\"b\",\"top\":300.00,\"low\":300.00,\"total\":300.00,\"n\":2,\"avg\":150.00,\"rich\":false,\"paid\":false}\n"
                        "{\"id\":\"c\",\"top\":700.00,\"low\":100.00,\"total\":800.00,\"n\":2,\"avg\":400.00,\"rich\":true,\"paid\":true}\n"
                        "{\"id\":\"d\",\"top\":300.00,\"low\":300.00,\"total\":300.00,\"n\":2,\"avg\":150.00,\"rich\":false,\"paid\":false}\n");
    assert_int_equal(rc, KH_OK);
    free(out);
}

static void test_roster_min_of_nothing_is_an_error(void **state)
{
    const char *policy = "input:\n"
                         "    id: text, key\n"
                         "    pay: money\n"
                         "output low = min(pay over roster where pay > 1000 yuan)\n";
    int rc;
    char *out = eval_text(policy, "[{\"id\": \"a\", \"pay\": 5}]", &rc);
    assert_string_equal(out, "{\"id\":\"a\",\"record\":1,\"error\":\"the minimum over the roster has no values to look at "
                             "in low (t.rules:4:14)\"}\n");
    assert_int_equal(rc, KH_RECORD_ERRORS);
    free(out);
}

static void test_first_in_roster(void **state)
{
    const char *policy = "input:\n"
                         "    id: text, key\n"
                         "    deals: list of record\n"
                         "        c: text\n"
                         "        signed: datetime\n"
                         "output mine = count(deals where first in roster for c by (signed, id))\n";
    /* x: a at 10:00, b at 09:00 -> b.  y: a and c at the same time -> a (smaller id).
     * z: only c. */
    const char *input = "[{\"id\": \"a\", \"deals\": [{\"c\": \"x\", \"signed\": \"2014-06-01T10:00:00\"},"
                        "                         {\"c\": \"y\", \"signed\": \"2014-06-02T10:00:00\"}]},\n"
                        " {\"id\": \"b\", \"deals\": [{\"c\": \"x\", \"signed\": \"2014-06-01T09:00:00\"}]},\n"
                        " {\"id\": \"c\", \"deals\": [{\"c\": \"y\", \"signed\": \"2014-06-02T10:00:00\"},"
                        "                         {\"c\": \"z\", \"signed\": \"2014-06-30T23:59:59\"}]}]";
    int rc;
    char *out = eval_text(policy, input, &rc);
    assert_string_equal(out, "{\"id\":\"a\",\"mine\":1}\n{\"id\":\"b\",\"mine\":1}\n{\"id\":\"c\",\"mine\":1}\n");
    free(out);
}

/* A first-in-roster table of 200 keys grows past its first 64 slots three
 * times, and keeps who holds each key.  Record i (r001..r200) offers k<i>
 * at 10:00 and k<i+1> at 09:00 (not r200): k1 has one offer (r001), every
 * other k<j> is held by r<j-1>, whose offer is an hour earlier.  So r001
 * holds 2 keys, r002..r199 one each, r200 none. */
static void test_first_in_roster_grows(void **state)
{
    const char *policy = "input:\n"
                         "    id: text, key\n"
                         "    deals: list of record\n"
                         "        c: text\n"
                         "        signed: datetime\n"
                         "output mine = count(deals where first in roster for c by (signed, id))\n";
    buf in = {0}, want = {0};
    buf_putc(&in, '[');
    for (int i = 1; i <= 200; i++) {
        buf_printf(&in, "%s{\"id\": \"r%03d\", \"deals\": [{\"c\": \"k%d\", \"signed\": \"2014-06-01T10:00:00\"}",
                   i > 1 ? ",\n" : "", i, i);
        if (i < 200) buf_printf(&in, ", {\"c\": \"k%d\", \"signed\": \"2014-06-01T09:00:00\"}", i + 1);
        buf_puts(&in, "]}");
        buf_printf(&want, "{\"id\":\"r%03d\",\"mine\":%d}\n", i, i == 1 ? 2 : i < 200 ? 1 : 0);
    }
    buf_putc(&in, ']');
    int rc;
    char *out = eval_text(policy, in.data, &rc);
    assert_string_equal(out, want.data);
    assert_int_equal(rc, KH_OK);
    free(out);
    buf_free(&in);
    buf_free(&want);
}

static void test_apportion_largest_remainder(void **state)
{
    const char *policy = "input:\n"
                         "    id: text, key\n"
                         "    w: integer\n"
                         "output share = apportion(100 yuan, w over roster, ties by id)\n";
    /* 100.00 = 10000 cents by 1 : 1 : 1 -> 3333 each, remainder 1/3 each; the cent left
     * goes to the smallest id, "a", although it comes last in the input. */
    const char *input = "[{\"id\": \"c\", \"w\": 1}, {\"id\": \"b\", \"w\": 1}, {\"id\": \"a\", \"w\": 1}, {\"id\": \"z\", \"w\": 0}]";
    int rc;
    char *out = eval_text(policy, input, &rc);
    assert_string_equal(out, "{\"id\":\"c\",\"share\":33.33}\n{\"id\":\"b\",\"share\":33.33}\n"
                             "{\"id\":\"a\",\"share\":33.34}\n{\"id\":\"z\",\"share\":0.00}\n");
    assert_int_equal(rc, KH_OK);
    free(out);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_const_slot_param_def),
        cmocka_unit_test(test_group_and_field),
        cmocka_unit_test(test_date_parts),
        cmocka_unit_test(test_arithmetic),
        cmocka_unit_test(test_comparisons),
        cmocka_unit_test(test_logic_is_lazy),
        cmocka_unit_test(test_when),
        cmocka_unit_test(test_tier_rows),
        cmocka_unit_test(test_ledger),
        cmocka_unit_test(test_rounding_and_abs),
        cmocka_unit_test(test_list_aggregates),
        cmocka_unit_test(test_list_functions),
        cmocka_unit_test(test_date_functions),
        cmocka_unit_test(test_definitions_are_worked_out_once),
        cmocka_unit_test(test_step_limit),
        cmocka_unit_test(test_error_names_the_inner_definition),
        cmocka_unit_test(test_params_can_be_set),
        cmocka_unit_test(test_roster_aggregates),
        cmocka_unit_test(test_roster_min_of_nothing_is_an_error),
        cmocka_unit_test(test_first_in_roster),
        cmocka_unit_test(test_first_in_roster_grows),
        cmocka_unit_test(test_apportion_largest_remainder),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
