/*
 * test_cov_pay_present.c — present.c (the display text of every kind of
 * value, signed numbers, labels, the ledger an output is made of) and
 * html.c (escaping).  Every expected string is worked out by hand from the
 * rules in present.h: money with two decimals, numbers exactly, yes/no,
 * dates as YYYY-MM-DD, lists as [a, b], records as {name: value}.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdlib.h>
#include <string.h>

#include "dates.h"
#include "html.h"
#include "policy.h"
#include "present.h"
#include "types.h"

static const char *show(arena *A, value v, const ktype *t) { return present_text(A, &v, t); }

static void test_scalars(void **state)
{
    arena *A = arena_new(4096);
    assert_string_equal(show(A, (value){.kind = VK_NONE}, NULL), "-");
    assert_string_equal(show(A, value_bool(true), &type_bool), "yes");
    assert_string_equal(show(A, value_bool(false), &type_bool), "no");
    kh_num n;
    assert_int_equal(num_make(NULL, 2469, 2, &n), NUM_OK); /* 1234.5 */
    assert_string_equal(show(A, value_num(n), &type_money), "1234.50");
    assert_string_equal(show(A, value_num(n), &type_dec), "1234.5");
    assert_string_equal(show(A, value_num(n), NULL), "1234.5"); /* no type: a plain number */
    assert_int_equal(num_make(NULL, 1, 3, &n), NUM_OK);
    assert_string_equal(show(A, value_num(n), &type_dec), "0.333333333333333");
    assert_string_equal(show(A, value_int(-7), &type_money), "-7.00");
    assert_string_equal(show(A, value_text("王芳", (uint32_t)strlen("王芳")), &type_text), "王芳");
    assert_string_equal(show(A, value_text("", 0), &type_text), ""); /* nothing written: still a string */
    assert_string_equal(show(A, value_enum("regular", 1), NULL), "regular");
    assert_string_equal(show(A, value_date(date_from_ymd(2014, 6, 1)), &type_date), "2014-06-01");
    assert_string_equal(show(A, value_date(date_from_ymd(2012, 2, 29)), &type_date), "2012-02-29");
    int64_t t = datetime_from_parts(date_from_ymd(2014, 6, 3), 14, 5, 9);
    assert_string_equal(show(A, value_datetime(t), &type_datetime), "2014-06-03T14:05:09");
    assert_string_equal(show(A, value_month(month_from_ym(2014, 12)), &type_month), "2014-12");
    arena_free(A);
}

static void test_lists_and_records(void **state)
{
    arena *A = arena_new(4096);
    kh_num half;
    assert_int_equal(num_make(NULL, 5, 2, &half), NUM_OK);
    value items[3] = {value_int(1), value_num(half), value_int(-3)};
    const ktype *money_list = type_list(A, &type_money);
    assert_string_equal(show(A, value_list(items, 3), money_list), "[1.00, 2.50, -3.00]");
    assert_string_equal(show(A, value_list(items, 3), NULL), "[1, 2.5, -3]");     /* not a list type: plain */
    assert_string_equal(show(A, value_list(items, 3), &type_money), "[1, 2.5, -3]"); /* not a list type */
    assert_string_equal(show(A, value_list(items, 0), money_list), "[]");

    const char *names[] = {"pay", "ok"};
    const ktype *fields[] = {&type_money, &type_bool};
    const ktype *rec = type_record(A, names, fields, 2);
    value f[3] = {value_int(3), value_bool(true), value_text("x", 1)};
    assert_string_equal(show(A, value_record(f, 2), rec), "{pay: 3.00, ok: yes}");
    /* more fields than the type names: the extra one is "?" and untyped */
    assert_string_equal(show(A, value_record(f, 3), rec), "{pay: 3.00, ok: yes, ?: x}");
    /* without a record type nothing is named, money is a plain number */
    assert_string_equal(show(A, value_record(f, 2), NULL), "{?: 3, ?: yes}");
    assert_string_equal(show(A, value_record(f, 2), &type_money), "{?: 3, ?: yes}"); /* not a record type */
    assert_string_equal(show(A, value_record(f, 0), rec), "{}");
    /* a list of records */
    value recs[2] = {value_record(f, 2), value_record(f, 1)};
    assert_string_equal(show(A, value_list(recs, 2), type_list(A, rec)), "[{pay: 3.00, ok: yes}, {pay: 3.00}]");
    arena_free(A);
}

static void test_signed_numbers(void **state)
{
    arena *A = arena_new(4096);
    kh_num n;
    assert_string_equal(present_num_text(A, num_int(0), false, true), "+0");
    assert_string_equal(present_num_text(A, num_int(3), false, true), "+3");
    assert_string_equal(present_num_text(A, num_int(-1), false, true), "-1");
    assert_string_equal(present_num_text(A, num_int(0), true, true), "+0.00");
    assert_int_equal(num_make(NULL, -3, 2, &n), NUM_OK);
    assert_string_equal(present_num_text(A, n, true, true), "-1.50");
    assert_string_equal(present_num_text(A, n, false, false), "-1.5");
    assert_string_equal(present_num_text(A, num_int(42), true, false), "42.00");
    arena_free(A);
}

/* Labels and ledgers, through a compiled policy. */
static const char POLICY[] =
    "input:\n"
    "    id: text, key\n"
    "    late: integer\n"
    "output score \"得分 score\" = ledger from 100:\n"
    "    \"迟到 late\"  -2 per late\n"
    "output base = 1000 yuan\n"
    "output pay = ledger from 0 yuan:\n"
    "    \"底薪 base\"  +base\n"
    "    \"奖金 bonus\"  +50 yuan when score >= 100\n"
    "output double_score = score * 2\n";

static void test_labels_and_ledgers(void **state)
{
    kh_diags *d = kh_diags_new();
    kh_policy *p = kh_policy_load_text("t.rules", POLICY, strlen(POLICY), d);
    assert_non_null(p);
    const plan *pl = p->plan;
    int score = -1, base = -1, pay = -1, twice = -1;
    for (int i = 0; i < pl->noutputs; i++) {
        const char *name = pl->def_syms[pl->outputs[i]]->name;
        int def = pl->outputs[i];
        if (!strcmp(name, "score")) score = def;
        if (!strcmp(name, "base")) base = def;
        if (!strcmp(name, "pay")) pay = def;
        if (!strcmp(name, "double_score")) twice = def;
    }
    assert_true(score >= 0 && base >= 0 && pay >= 0 && twice >= 0);
    assert_string_equal(present_label(pl, score), "得分 score");
    assert_string_equal(present_label(pl, base), "base"); /* no label: the name */
    assert_int_equal(pl->nledgers, 2);
    int ks = present_def_ledger(pl, score), kp = present_def_ledger(pl, pay);
    assert_true(ks >= 0 && kp >= 0 && ks != kp);
    assert_int_equal(present_def_ledger(pl, base), -1);
    assert_int_equal(present_def_ledger(pl, twice), -1); /* made from a ledger, but not of one */
    int owner[2];
    present_ledger_owners(pl, owner);
    assert_int_equal(owner[ks], score);
    assert_int_equal(owner[kp], pay);
    /* "+base" is the output base itself; "+50 yuan when ..." is not a name */
    assert_int_equal(present_entry_def(pl, kp, 0), base);
    assert_int_equal(present_entry_def(pl, kp, 1), -1);
    assert_int_equal(present_entry_def(pl, ks, 0), -1);
    assert_int_equal(present_entry_def(pl, kp, 2), -1); /* past the last entry */
    kh_policy_free(p);
    kh_diags_free(d);
}

/* Params declared as percents read as percents, whatever --set gave: 8%
 * (= 2/25) -> "8%"; -1.5% -> "-1.5%"; set to 0.105 -> "10.5%", to 33.3%
 * -> "33.3%", to 0.0000001 -> 0.00001%.  A param declared without % (a
 * count, money) has no percent text. */
static void test_percent_params(void **state)
{
    static const char P[] =
        "input:\n"
        "    id: text, key\n"
        "    x: decimal\n"
        "param rate = 8%\n"
        "param cut = -1.5%\n"
        "param share = 30%\n"
        "param days = 5\n"
        "param fee = 20 yuan\n"
        "output o = x * rate + x * cut + x * share + days + fee / 1 yuan\n";
    kh_diags *d = kh_diags_new();
    kh_policy *p = kh_policy_load_text("t.rules", P, strlen(P), d);
    assert_non_null(p);
    const plan *pl = p->plan;
    arena *A = arena_new(4096);
    assert_string_equal(present_param_percent(A, pl, p->params, 0), "8%");
    assert_string_equal(present_param_percent(A, pl, p->params, 1), "-1.5%");
    assert_null(present_param_percent(A, pl, p->params, 3));
    assert_null(present_param_percent(A, pl, p->params, 4));
    char err[128];
    assert_true(kh_policy_set(p, "rate", "0.105", err, sizeof err));
    assert_string_equal(present_param_percent(A, pl, p->params, 0), "10.5%");
    assert_true(kh_policy_set(p, "share", "33.3%", err, sizeof err));
    assert_string_equal(present_param_percent(A, pl, p->params, 2), "33.3%");
    assert_true(kh_policy_set(p, "share", "0.0000001", err, sizeof err));
    assert_string_equal(present_param_percent(A, pl, p->params, 2), "0.00001%");
    arena_free(A);
    kh_policy_free(p);
    kh_diags_free(d);
}

static void test_html_escaping(void **state)
{
    buf b = {0};
    html_text(&b, "<a href=\"x\">Tom & Jerry's</a>");
    assert_string_equal(b.data, "&lt;a href=&quot;x&quot;&gt;Tom &amp; Jerry&#39;s&lt;/a&gt;");
    html_text(&b, NULL); /* nothing */
    assert_string_equal(b.data, "&lt;a href=&quot;x&quot;&gt;Tom &amp; Jerry&#39;s&lt;/a&gt;");
    buf_free(&b);
    buf c = {0};
    html_textn(&c, "a<b", 2); /* only the first n bytes */
    assert_string_equal(c.data, "a&lt;");
    html_text(&c, "王芳");
    assert_string_equal(c.data, "a&lt;王芳");
    buf_free(&c);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_scalars),
        cmocka_unit_test(test_lists_and_records),
        cmocka_unit_test(test_signed_numbers),
        cmocka_unit_test(test_labels_and_ledgers),
        cmocka_unit_test(test_percent_params),
        cmocka_unit_test(test_html_escaping),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
