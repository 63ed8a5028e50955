/*
 * test_cov_pay_report.c — the roster report (report.c, report_html.c)
 * through kh_report on small policies: every section with and without its
 * data (money totals, the score histogram, pay by component per group,
 * counts, the lowest, what-if deltas, errors and failed checks, the
 * footer), empty and all-error rosters, sums that overflow, --by, --prior,
 * and failures to read or write.  Figures are worked out by hand in the
 * comments; the page is checked element by element (exact table rows,
 * headings, SVG tooltips), never as a whole.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "kaohe_tools.h"
#include "manifest.h"
#include "mem.h"

/* ---- helpers ------------------------------------------------------------- */

typedef struct seen {
    int errors, checks;
    size_t error_index[8];
    char error_id[8][32];
    char check[256];
} seen;

static void on_error(void *ud, size_t index, const char *id, const char *message)
{
    seen *s = ud;
    if (s->errors < 8) {
        s->error_index[s->errors] = index;
        snprintf(s->error_id[s->errors], sizeof s->error_id[0], "%s", id ? id : "(none)");
    }
    s->errors++;
}

static void on_check(void *ud, const char *label, const char *roster, const char *const *ids, int nids)
{
    seen *s = ud;
    s->checks++;
    int n = snprintf(s->check, sizeof s->check, "%s|%s|", label, roster ? roster : "");
    for (int i = 0; i < nids; i++) n += snprintf(s->check + n, sizeof s->check - (size_t)n, "%s%s", i ? "," : "", ids[i]);
}

static kh_policy *load(const char *text)
{
    kh_diags *d = kh_diags_new();
    kh_policy *p = kh_policy_load_text("p.rules", text, strlen(text), d);
    if (!p) kh_diags_print(d, stderr, false);
    kh_diags_free(d);
    assert_non_null(p);
    return p;
}

/* The page for input under p (o may be NULL); *rc the status. */
static char *page(const kh_policy *p, const char *input, kh_report_options *o, int *rc, kh_eval_summary *sum)
{
    kh_report_options none;
    memset(&none, 0, sizeof none);
    if (!o) o = &none;
    FILE *in = fmemopen((void *)input, strlen(input), "r");
    assert_non_null(in);
    char *data = NULL;
    size_t size = 0;
    FILE *out = open_memstream(&data, &size);
    kh_eval_summary s;
    *rc = kh_report(p, in, "in.json", out, o, sum ? sum : &s);
    fclose(in);
    fclose(out);
    return data;
}

#define HAS(page, s) do { if (!strstr((page), (s))) fail_msg("missing: %s", (s)); } while (0)
#define LACKS(page, s) do { if (strstr((page), (s))) fail_msg("unexpected: %s", (s)); } while (0)

/* Offset of s in page (it must be there), to check an order. */
static long at(const char *page, const char *s)
{
    const char *p = strstr(page, s);
    if (!p) fail_msg("missing: %s", s);
    return p - page;
}

static int count(const char *hay, const char *needle)
{
    int n = 0;
    for (const char *p = hay; (p = strstr(p, needle)); p += strlen(needle)) n++;
    return n;
}

/* The part of the page from the heading `from` up to the next <h2>. */
static char *section(const char *page, const char *from)
{
    const char *a = strstr(page, from);
    if (!a) {
        fail_msg("no section %s", from);
        return mem_strdup("");
    }
    const char *b = strstr(a + 1, "<h2>");
    if (!b) b = a + strlen(a);
    return mem_strndup(a, (size_t)(b - a));
}

/* ---- a month with everything --------------------------------------------- */

static const char FULL[] =
    "policy \"月报 monthly\"\n"
    "roster by period\n"
    "input:\n"
    "    id \"工号\": text, key\n"
    "    name \"姓名\": text, display\n"
    "    period \"月份\": month\n"
    "    level \"职级\": one of \"junior\", \"senior\", display\n"
    "    team: text\n"
    "    late: integer, at least 0\n"
    "    base: money\n"
    "    extra: money, optional\n"
    "    star: boolean\n"
    "    nick: text, optional\n"
    "output score \"得分 score\" = ledger from 100:\n"
    "    \"迟到 late\"  -2 per late\n"
    "    \"明星 star\"  +5 when star\n"
    "output merit = ledger from 0:\n"
    "    \"明星 star\"  +1 when star\n"
    "output pay \"实发 pay\" = ledger from 0 yuan:\n"
    "    \"底薪 base\"  +base\n"
    "    \"罚款 fine\"  -10 yuan per late\n"
    "output bonus \"奖金 bonus\" = extra\n"
    "output grade \"等级 grade\" = if score >= 100 then \"A\" else \"B\"\n"
    "output passed \"合格 passed\" = score >= 95\n"
    "output nick_out = nick\n"
    "check \"每月最多一名明星 one star\": count(roster where star) <= 1\n";

/* score 100 + 5 = 105, pay 1000, bonus 50.  A-2: 100 - 6 + 5 = 99,
 * pay 800 - 30 = 770.  A-3: 100 - 2 = 98, pay 900 - 10 = 890.  Two stars:
 * the check fails, naming. */
static const char FULL_IN[] =
    "[{\"id\": \"A-1\", \"name\": \"张三\", \"period\": \"2014-06\", \"level\": \"senior\", \"team\": \"x\", \"late\": 0,"
    " \"base\": 1000, \"extra\": 50, \"star\": true, \"nick\": \"ace\"},\n"
    " {\"id\": \"A-2\", \"name\": \"李四\", \"period\": \"2014-06\", \"level\": \"junior\", \"team\": \"y\", \"late\": 3,"
    " \"base\": 800, \"star\": true},\n"
    " {\"id\": \"A-3\", \"name\": \"王五\", \"period\": \"2014-06\", \"level\": \"junior\", \"team\": \"x\", \"late\": 1,"
    " \"base\": 900, \"star\": false}]\n";

static void test_full_month(void **state)
{
    kh_policy *p = load(FULL);
    seen s;
    memset(&s, 0, sizeof s);
    kh_manifest *m = kh_manifest_new(p, 0);
    kh_report_options o = {.ud = &s, .record_error = on_error, .check_failed = on_check, .manifest = m};
    int rc;
    char *h = page(p, FULL_IN, &o, &rc, NULL);
    assert_int_equal(rc, KH_RECORD_ERRORS); /* a roster check failed */
    assert_int_equal(s.errors, 0);
    assert_int_equal(s.checks, 1);
    assert_string_equal(s.check, "每月最多一名明星 one star|\"2014-06\"|A-1,A-2");
    assert_true(m->counted && m->records == 3 && m->errors == 0 && m->checks_failed == 1);
    HAS(h, "<title>考核报告 roster report · 月报 monthly</title>");
    HAS(h, "<p>月报 monthly · in.json</p>");
    /* cards: 3 records, 3 evaluated, 0 errors, 1 check; the pay total; the period */
    HAS(h, "<div class=\"card\"><b>3</b><span>记录 records</span></div>\n<div class=\"card\"><b>3</b><span>已计算 evaluated</span>"
           "</div>\n<div class=\"card\"><b>0</b><span>错误 errors</span></div>\n<div class=\"card\"><b>1</b>"
           "<span>检查未通过 checks failed</span></div>\n<div class=\"card\"><b>2660.00</b><span>实发 pay</span></div>\n"
           "<div class=\"card\"><b>2014-06</b><span>月份</span></div>");
    /* money totals: pay 2660 / 3 = 886.666... -> 886.67; bonus only A-1 has */
    HAS(h, "<tr><td>实发 pay</td><td class=\"n\">2660.00</td><td class=\"n\">886.67</td><td class=\"n\">770.00</td>"
           "<td class=\"n\">1000.00</td></tr>");
    HAS(h, "<tr><td>奖金 bonus</td><td class=\"n\">50.00</td><td class=\"n\">50.00</td><td class=\"n\">50.00</td>"
           "<td class=\"n\">50.00</td></tr>");
    HAS(h, "<title>奖金 bonus: 50.00</title>"); /* the chart has the outputs other than the pay */
    LACKS(h, "<title>实发 pay: 2660.00</title>");
    /* the score (the first ledger that is not money; merit is the second):
     * 98, 99, 105, mean 302 / 3 = 100.67; one column per point 98..105 */
    HAS(h, "<h2>得分 score 分布 distribution</h2>\n<p class=\"note\">3 人 agents · 最低 min 98 · 平均 mean 100.67 · 最高 max 105</p>");
    LACKS(h, "merit 分布");
    LACKS(h, "每柱");
    HAS(h, "<title>98: 1</title>");
    HAS(h, "<title>100: 0</title>");
    HAS(h, "<title>105: 1</title>");
    /* pay by level (职级), in the order of its values: junior A-2 + A-3, senior A-1 */
    HAS(h, "<h2>实发 pay 构成 by component · 按 per 职级</h2>");
    HAS(h, "<tr><th>项目 line</th><th class=\"n\">junior (2)</th><th class=\"n\">senior (1)</th></tr>\n"
           "<tr><td>底薪 base</td><td class=\"n\">1700.00</td><td class=\"n\">1000.00</td></tr>\n"
           "<tr><td>罚款 fine</td><td class=\"n neg\">-40.00</td><td class=\"n\">0.00</td></tr>\n"
           "<tr><th>实发 pay</th><td class=\"n\">1660.00</td><td class=\"n\">1000.00</td></tr>\n"
           "<tr><td>人均 mean</td><td class=\"n\">830.00</td><td class=\"n\">1000.00</td></tr>");
    HAS(h, "<title>junior (2) · 底薪 base: 850.00</title>"); /* the chart: the mean per agent */
    /* counts: grade A 1, B 2; nick_out: only A-1 has one; passed: yes 3, no 0 */
    HAS(h, "<h3>等级 grade</h3>");
    HAS(h, "<title>A: 1</title>");
    HAS(h, "<title>B: 2</title>");
    HAS(h, "<h3>nick_out</h3>");
    HAS(h, "<title>ace: 1</title>");
    HAS(h, "<tr><td>合格 passed</td><td class=\"n\">3</td><td class=\"n\">0</td></tr>");
    /* the lowest score first, with name and level; passed is held by all: no flag */
    HAS(h, "<h2>末位 lowest 得分 score</h2>");
    HAS(h, "<th>职级</th><th class=\"n\">得分 score</th>");
    HAS(h, "<tr><td class=\"n\">1</td><td>A-3</td><td>王五</td><td>junior</td><td class=\"n\">98</td><td></td></tr>\n"
           "<tr><td class=\"n\">2</td><td>A-2</td><td>李四</td><td>junior</td><td class=\"n\">99</td><td></td></tr>\n"
           "<tr><td class=\"n\">3</td><td>A-1</td><td>张三</td><td>senior</td><td class=\"n\">105</td><td></td></tr>");
    LACKS(h, "假设 what-if");
    /* errors: no record failed, the check did (its roster key as JSON, escaped) */
    LACKS(h, "<th class=\"n\">记录 record</th>");
    HAS(h, "<p>检查未通过 check failed: <b>每月最多一名明星 one star</b> (&quot;2014-06&quot;): A-1, A-2</p>");
    /* the footer */
    HAS(h, "<tr><td>policy</td><td></td><td>月报 monthly</td></tr>");
    HAS(h, "<tr><td>records</td><td></td><td>3 (0 in error, 1 roster checks failed)</td></tr>");
    free(h);
    kh_manifest_free(m);
    kh_policy_free(p);
}

/* --by a text field: groups in the order they are met (A-1 "ace", then the
 * others without a nick, "-"). */
static void test_by_text_field(void **state)
{
    kh_policy *p = load(FULL);
    kh_report_options o = {.by = "nick"};
    int rc;
    char *h = page(p, FULL_IN, &o, &rc, NULL);
    assert_int_equal(rc, KH_RECORD_ERRORS);
    HAS(h, "<h2>实发 pay 构成 by component · 按 per nick</h2>");
    HAS(h, "<tr><th>项目 line</th><th class=\"n\">ace (1)</th><th class=\"n\">- (2)</th></tr>\n"
           "<tr><td>底薪 base</td><td class=\"n\">1000.00</td><td class=\"n\">1700.00</td></tr>");
    HAS(h, "<th>nick</th>");
    HAS(h, "<td>A-3</td><td>王五</td><td>-</td>");
    free(h);
    kh_policy_free(p);
}

/* --by a field the input does not have, or one the policy never reads
 * (team: not used, not display): refused before anything is read. */
static void test_by_refused(void **state)
{
    kh_policy *p = load(FULL);
    kh_eval_summary sum;
    int rc;
    kh_report_options o = {.by = "nosuch"};
    char *h = page(p, FULL_IN, &o, &rc, &sum);
    assert_int_equal(rc, KH_USAGE_ERROR);
    assert_string_equal(sum.fatal, "--by: the input has no field 'nosuch'");
    assert_int_equal(strlen(h), 0);
    free(h);
    o.by = "team";
    h = page(p, FULL_IN, &o, &rc, &sum);
    assert_int_equal(rc, KH_USAGE_ERROR);
    assert_string_equal(sum.fatal,
                        "--by: the policy does not read the field 'team' (mark it display in the input to report by it)");
    assert_int_equal(strlen(h), 0);
    free(h);
    kh_policy_free(p);
}

/* The field chosen without --by: no `level` here; team is the roster's,
 * pay.kind is nested, so grade_in.  A policy whose `level` it does not
 * read gets no breakdown (not every agent under "-"). */
static void test_by_default(void **state)
{
    kh_policy *p = load("roster by team\n"
                        "input:\n"
                        "    id: text, key\n"
                        "    team: one of \"red\", \"blue\"\n"
                        "    pay: record\n"
                        "        kind: one of \"cash\", \"card\"\n"
                        "    grade_in: one of \"g1\", \"g2\", display\n"
                        "    base: money\n"
                        "output total = ledger from 0 yuan:\n"
                        "    \"base\"  +base\n"
                        "output k = pay.kind\n");
    int rc;
    char *h = page(p,
                   "[{\"id\": \"A\", \"team\": \"red\", \"pay\": {\"kind\": \"card\"}, \"grade_in\": \"g2\", \"base\": 10},"
                   " {\"id\": \"B\", \"team\": \"blue\", \"pay\": {\"kind\": \"card\"}, \"grade_in\": \"g1\", \"base\": 20}]",
                   NULL, &rc, NULL);
    assert_int_equal(rc, KH_OK);
    HAS(h, "<h2>total 构成 by component · 按 per grade_in</h2>");
    HAS(h, "<tr><th>项目 line</th><th class=\"n\">g1 (1)</th><th class=\"n\">g2 (1)</th></tr>\n"
           "<tr><td>base</td><td class=\"n\">20.00</td><td class=\"n\">10.00</td></tr>");
    /* the roster's values as cards, named by the field (it has no label) */
    HAS(h, "<div class=\"card\"><b>red</b><span>team</span></div>\n<div class=\"card\"><b>blue</b><span>team</span></div>");
    /* a one-of output counts every value, those nobody has too */
    HAS(h, "<title>cash: 0</title>");
    HAS(h, "<title>card: 2</title>");
    LACKS(h, "是否 yes/no");
    free(h);
    kh_policy_free(p);

    p = load("input:\n"
             "    id: text, key\n"
             "    level: one of \"a\", \"b\"\n"
             "    base: money\n"
             "output pay = ledger from 0 yuan:\n"
             "    \"base\"  +base\n");
    h = page(p, "[{\"id\": \"A\", \"level\": \"a\", \"base\": 1}, {\"id\": \"B\", \"level\": \"b\", \"base\": 2}]", NULL, &rc,
             NULL);
    HAS(h, "<h2>pay 构成 by component</h2>");
    HAS(h, "<tr><th>项目 line</th><th class=\"n\">all (2)</th></tr>\n<tr><td>base</td><td class=\"n\">3.00</td></tr>");
    LACKS(h, "- (2)");
    free(h);
    kh_policy_free(p);
}

/* ---- rosters with nothing, or nothing valid ------------------------------- */

static void test_empty_roster(void **state)
{
    kh_policy *p = load(FULL);
    int rc;
    char *h = page(p, "[]", NULL, &rc, NULL);
    assert_int_equal(rc, KH_OK);
    HAS(h, "<div class=\"card\"><b>0</b><span>记录 records</span></div>");
    HAS(h, "<div class=\"card\"><b>0.00</b><span>实发 pay</span></div>");
    LACKS(h, "<span>月份</span>"); /* no period */
    /* a total of nothing is 0.00; its mean, min and max are not numbers */
    HAS(h, "<tr><td>实发 pay</td><td class=\"n\">0.00</td><td class=\"n\">-</td><td class=\"n\">-</td><td class=\"n\">-</td></tr>");
    LACKS(h, "分布 distribution"); /* no scores, no histogram */
    HAS(h, "<tr><th>项目 line</th><th class=\"n\">all (0)</th></tr>\n<tr><td>底薪 base</td><td class=\"n\">0.00</td></tr>");
    HAS(h, "<tr><td>人均 mean</td><td class=\"n\">-</td></tr>");
    HAS(h, "<tr><td>合格 passed</td><td class=\"n\">0</td><td class=\"n\">0</td></tr>");
    char *low = section(h, "<h2>末位 lowest");
    assert_int_equal(count(low, "<tr>"), 1); /* the header only */
    mem_free(low);
    HAS(h, "<h2>错误 errors</h2>\n<p class=\"none\">无 none: every record was evaluated and every roster check held.</p>");
    free(h);
    kh_policy_free(p);
}

/* Every record refused: the errors table in input order (a record without
 * an id shows "-"); the callbacks get each; no figures. */
static void test_all_errors(void **state)
{
    kh_policy *p = load(FULL);
    seen s;
    memset(&s, 0, sizeof s);
    kh_report_options o = {.ud = &s, .record_error = on_error, .check_failed = on_check};
    int rc;
    char *h = page(p,
                   "[{\"id\": \"E-1\", \"name\": \"a\", \"period\": \"2014-06\", \"level\": \"boss\", \"team\": \"x\","
                   " \"late\": 0, \"base\": 1, \"star\": false},"
                   " {\"name\": \"b\", \"period\": \"2014-06\", \"level\": \"junior\", \"team\": \"x\", \"late\": 0,"
                   " \"base\": 1, \"star\": false}]",
                   &o, &rc, NULL);
    assert_int_equal(rc, KH_RECORD_ERRORS);
    assert_int_equal(s.errors, 2);
    assert_int_equal(s.error_index[0], 0);
    assert_string_equal(s.error_id[0], "E-1");
    assert_int_equal(s.error_index[1], 1);
    assert_string_equal(s.error_id[1], "(none)");
    assert_int_equal(s.checks, 0);
    HAS(h, "<div class=\"card\"><b>2</b><span>记录 records</span></div>\n<div class=\"card\"><b>0</b><span>已计算 evaluated</span>"
           "</div>\n<div class=\"card\"><b>2</b><span>错误 errors</span></div>");
    HAS(h, "<tr><td>实发 pay</td><td class=\"n\">0.00</td><td class=\"n\">-</td><td class=\"n\">-</td><td class=\"n\">-</td></tr>");
    char *err = section(h, "<h2>错误 errors</h2>");
    HAS(err, "<tr><th class=\"n\">记录 record</th><th>id</th><th>原因 reason</th></tr>\n<tr><td class=\"n\">1</td><td>E-1</td><td>");
    HAS(err, "boss");
    HAS(err, "<tr><td class=\"n\">2</td><td>-</td><td>");
    LACKS(err, "检查未通过");
    LACKS(err, "无 none");
    mem_free(err);
    free(h);
    kh_policy_free(p);
}

/* ---- sums beyond int64 ------------------------------------------------------ */

/* Two agents with 5 000 000 000 000 000 000.00 each (an input of 5 * 10^17
 * times 10): each figure fits int64, the sum 10^19 does not and goes on as
 * a big number (num.h); the page shows it exactly: total 10^19, mean, min
 * and max 5 * 10^18; the what-if (the same pay) changes nothing. */
static void test_overflow(void **state)
{
    kh_policy *p = load("input:\n"
                        "    id: text, key\n"
                        "    base: money\n"
                        "output pay = ledger from 0 yuan:\n"
                        "    \"base\"  +base * 10\n"
                        "output copy = base * 10\n"
                        "output score = ledger from 0:\n"
                        "    \"base\"  +base * 10 / 1 yuan\n");
    kh_policy *alt = load("input:\n"
                          "    id: text, key\n"
                          "    base: money\n"
                          "output pay = ledger from 0 yuan:\n"
                          "    \"base\"  +base * 10\n"
                          "output copy = base * 10\n");
    const char *in = "[{\"id\": \"A\", \"base\": 500000000000000000}, {\"id\": \"B\", \"base\": 500000000000000000}]";
    kh_report_options o = {.whatif = alt, .whatif_name = "same"};
    int rc;
    char *h = page(p, in, &o, &rc, NULL);
    assert_int_equal(rc, KH_OK);
    HAS(h, "<b>10000000000000000000.00</b>"); /* the total card */
    HAS(h, "<tr><td>pay</td><td class=\"n\">10000000000000000000.00</td><td class=\"n\">5000000000000000000.00</td>"
           "<td class=\"n\">5000000000000000000.00</td><td class=\"n\">5000000000000000000.00</td></tr>");
    HAS(h, "<tr><td>copy</td><td class=\"n\">10000000000000000000.00</td>");
    LACKS(h, "overflow");
    HAS(h, "2 人 agents · 最低 min 5000000000000000000 · 平均 mean 5000000000000000000 · 最高 max 5000000000000000000");
    HAS(h, "<tr><td class=\"n\">1</td><td>A</td><td></td><td class=\"n\">5000000000000000000</td><td></td></tr>");
    HAS(h, "<tr><td>pay</td><td class=\"n\">10000000000000000000.00</td><td class=\"n\">10000000000000000000.00</td>"
           "<td class=\"n\">+0.00</td></tr>");
    /* by id nothing changed */
    HAS(h, "pay by id: 0 增 up · 0 减 down · 2 不变 unchanged · 0 仅一方 on one side only");
    free(h);
    kh_policy_free(alt);
    kh_policy_free(p);
}

/* ---- policies without money, ledgers or categories ------------------------- */

static void test_no_money(void **state)
{
    /* a ratio and a yes/no: no totals, no histogram, no breakdown, no lowest */
    kh_policy *p = load("input:\n"
                        "    id: text, key\n"
                        "    calls: integer\n"
                        "    hours: decimal, more than 0\n"
                        "output rate \"效率\" = calls / hours\n"
                        "output busy = calls > 100\n");
    int rc;
    char *h = page(p, "[{\"id\": \"A\", \"calls\": 150, \"hours\": 10}, {\"id\": \"B\", \"calls\": 50, \"hours\": 5}]", NULL,
                   &rc, NULL);
    assert_int_equal(rc, KH_OK);
    LACKS(h, "金额合计");
    LACKS(h, "分布 distribution");
    LACKS(h, "构成 by component");
    LACKS(h, "末位 lowest");
    HAS(h, "<h2>分类计数 counts</h2>\n<div class=\"grid\">\n</div>\n<table>\n");
    HAS(h, "<tr><td>busy</td><td class=\"n\">1</td><td class=\"n\">1</td></tr>");
    HAS(h, "<span>检查未通过 checks failed</span></div>\n</div>"); /* no pay card */
    HAS(h, "<title>考核报告 roster report · kaohe</title>");        /* no title: the program's name */
    free(h);
    kh_policy_free(p);

    /* money but no ledger: totals (each output a bar), no breakdown, no counts */
    p = load("input:\n"
             "    id: text, key\n"
             "    base: money\n"
             "output pay \"实发\" = base\n");
    h = page(p, "[{\"id\": \"A\", \"base\": 100}, {\"id\": \"B\", \"base\": 50.5}]", NULL, &rc, NULL);
    HAS(h, "<tr><td>实发</td><td class=\"n\">150.50</td><td class=\"n\">75.25</td><td class=\"n\">50.50</td>"
           "<td class=\"n\">100.00</td></tr>");
    HAS(h, "<title>实发: 150.50</title>");
    LACKS(h, "构成 by component");
    LACKS(h, "分类计数");
    LACKS(h, "末位 lowest");
    free(h);
    kh_policy_free(p);
}

/* ---- the histogram and the lowest ----------------------------------------- */

static const char SCORES[] =
    "roster by period\n"
    "input:\n"
    "    id: text, key\n"
    "    period: month\n"
    "    n: decimal\n"
    "    t: text\n"
    "output score = ledger from 0:\n"
    "    \"n\"  +1 per n\n"
    "output t_out = t\n"
    "output top = n >= 40\n";

/* 41 agents r01..r41 with n = 1..41: columns of 3 points (41 points, at
 * most 20 columns): 1-3, 4-6, ..., 40-42 (r40, r41); ten lowest listed;
 * 41 different texts, of which the first 40 are drawn. */
static void test_histogram_wide_and_lowest(void **state)
{
    kh_policy *p = load(SCORES);
    char in[8192];
    size_t n = 0;
    n += (size_t)snprintf(in + n, sizeof in - n, "[");
    for (int i = 1; i <= 41; i++)
        n += (size_t)snprintf(in + n, sizeof in - n, "%s{\"id\": \"r%02d\", \"period\": \"2014-06\", \"n\": %d, \"t\": \"v%02d\"}",
                              i > 1 ? "," : "", i, i, i);
    snprintf(in + n, sizeof in - n, "]");
    int rc;
    char *h = page(p, in, NULL, &rc, NULL);
    assert_int_equal(rc, KH_OK);
    HAS(h, "<p class=\"note\">41 人 agents · 最低 min 1 · 平均 mean 21 · 最高 max 41</p>"); /* 861 / 41 = 21 */
    HAS(h, "<p class=\"note\">每柱 3 分 each column covers 3 points, from the value under it</p>");
    HAS(h, "<title>1–3: 3</title>");
    HAS(h, "<title>37–39: 3</title>");
    HAS(h, "<title>40–42: 2</title>");
    assert_int_equal(count(h, "–"), 14);
    char *low = section(h, "<h2>末位 lowest");
    assert_int_equal(count(low, "<tr>"), 11); /* the header and ten */
    HAS(low, "<tr><td class=\"n\">10</td><td>r10</td><td></td><td class=\"n\">10</td><td></td></tr>");
    LACKS(low, "r11");
    mem_free(low);
    /* counts of a free text: the first 40 values */
    HAS(h, "<title>v01: 1</title>");
    HAS(h, "<title>v40: 1</title>");
    LACKS(h, "<title>v41: 1</title>");
    /* top (n >= 40) is held by 2 of 41, fewer than half: a flag, on nobody listed */
    HAS(h, "<tr><td>top</td><td class=\"n\">2</td><td class=\"n\">39</td></tr>");
    HAS(h, "<div class=\"card\"><b>2014-06</b><span>period</span></div>");
    free(h);
    kh_policy_free(p);
}

/* Negative and fractional scores: -20, -0.5 and 10 span 31 points in
 * columns of 2 from -20; -0.5 counts in the column of -1 (-2..-1). */
static void test_histogram_negative(void **state)
{
    kh_policy *p = load(SCORES);
    int rc;
    char *h = page(p,
                   "[{\"id\": \"a\", \"period\": \"2014-06\", \"n\": -20, \"t\": \"x\"},"
                   " {\"id\": \"b\", \"period\": \"2014-06\", \"n\": -0.5, \"t\": \"x\"},"
                   " {\"id\": \"c\", \"period\": \"2014-06\", \"n\": 10, \"t\": \"x\"}]",
                   NULL, &rc, NULL);
    HAS(h, "3 人 agents · 最低 min -20 · 平均 mean -3.5 · 最高 max 10</p>");
    HAS(h, "每柱 2 分");
    HAS(h, "<title>-20–-19: 1</title>");
    HAS(h, "<title>-2–-1: 1</title>");
    HAS(h, "<title>10–11: 1</title>");
    HAS(h, "<title>0–1: 0</title>");
    assert_int_equal(count(h, "–"), 16);
    /* the lowest: -20, -0.5, 10; top is held by nobody */
    assert_true(at(h, "<td>a</td>") < at(h, "<td>b</td>") && at(h, "<td>b</td>") < at(h, "<td>c</td>"));
    HAS(h, "<td class=\"n\">-0.5</td>");
    free(h);
    /* all equal: one column */
    h = page(p,
             "[{\"id\": \"a\", \"period\": \"2014-06\", \"n\": 7, \"t\": \"x\"},"
             " {\"id\": \"b\", \"period\": \"2014-06\", \"n\": 7, \"t\": \"x\"}]",
             NULL, &rc, NULL);
    HAS(h, "2 人 agents · 最低 min 7 · 平均 mean 7 · 最高 max 7</p>");
    HAS(h, "<title>7: 2</title>");
    char *hist = section(h, "分布 distribution");
    assert_int_equal(count(hist, "<rect"), 1);
    mem_free(hist);
    HAS(h, "<title>x: 2</title>");
    free(h);
    kh_policy_free(p);
}

/* ---- no key, no title, a rare flag ------------------------------------------ */

static const char NOKEY[] =
    "input:\n"
    "    name: text, display\n"
    "    late: integer\n"
    "    base: money\n"
    "output score = ledger from 10:\n"
    "    \"late\"  -1 per late\n"
    "output pay = ledger from 0 yuan:\n"
    "    \"base\"  +base\n"
    "output on_time = late = 0\n";

/* 甲 10 (on time), 乙 8, 丙 7; 丁 is refused (late is not a number).
 * on_time is held by 1 of 3, fewer than half: a flag on 甲. */
static void test_no_key(void **state)
{
    kh_policy *p = load(NOKEY), *alt = load(NOKEY);
    kh_report_options o = {.whatif = alt}; /* no name given */
    int rc;
    char *h = page(p,
                   "[{\"name\": \"甲\", \"late\": 0, \"base\": 100}, {\"name\": \"乙\", \"late\": 2, \"base\": 200},"
                   " {\"name\": \"丙\", \"late\": 3, \"base\": 300}, {\"name\": \"丁\", \"late\": \"x\", \"base\": 1}]",
                   &o, &rc, NULL);
    assert_int_equal(rc, KH_RECORD_ERRORS);
    HAS(h, "<tr><td class=\"n\">1</td><td>-</td><td>丙</td><td class=\"n\">7</td><td></td></tr>\n"
           "<tr><td class=\"n\">2</td><td>-</td><td>乙</td><td class=\"n\">8</td><td></td></tr>\n"
           "<tr><td class=\"n\">3</td><td>-</td><td>甲</td><td class=\"n\">10</td><td>on_time</td></tr>");
    HAS(h, "<tr><td class=\"n\">4</td><td>-</td><td>");
    /* what-if: without ids nothing can be matched */
    HAS(h, "<h2>假设 what-if: what-if</h2>");
    HAS(h, "<tr><td>pay</td><td class=\"n\">600.00</td><td class=\"n\">600.00</td><td class=\"n\">+0.00</td></tr>");
    HAS(h, "pay by id: 0 增 up · 0 减 down · 0 不变 unchanged · 0 仅一方 on one side only</p>");
    LACKS(h, "what-if changes by id");
    free(h);
    kh_policy_free(alt);
    kh_policy_free(p);
}

/* ---- what-if ------------------------------------------------------------------ */

static const char SALES[] =
    "input:\n"
    "    id: text, key\n"
    "    sales: money\n"
    "param rate = 10%\n"
    "output commission \"提成 commission\" = sales * rate\n"
    "output bonus \"奖金 bonus\" = 100 yuan\n"
    "output pay \"实发 pay\" = ledger from 0 yuan:\n"
    "    \"提成 commission\"  +commission\n"
    "    \"奖金 bonus\"  +bonus\n";

/* rate 10% -> 20%: A and B (1000) +100 each (a tie, by id), C (0) the same,
 * D (-500) -50.  Commission 150.00 -> 300.00. */
static void test_whatif_set(void **state)
{
    kh_policy *p = load(SALES), *alt = load(SALES);
    char err[128];
    assert_true(kh_policy_set(alt, "rate", "20%", err, sizeof err));
    kh_manifest *m = kh_manifest_new(p, 0);
    kh_report_options o = {.whatif = alt, .whatif_name = "rate=20%", .manifest = m};
    int rc;
    char *h = page(p,
                   "[{\"id\": \"B\", \"sales\": 1000}, {\"id\": \"A\", \"sales\": 1000}, {\"id\": \"C\", \"sales\": 0},"
                   " {\"id\": \"D\", \"sales\": -500}]",
                   &o, &rc, NULL);
    assert_int_equal(rc, KH_OK);
    HAS(h, "<h2>假设 what-if: rate=20%</h2>");
    HAS(h, "<tr><td>提成 commission</td><td class=\"n\">150.00</td><td class=\"n\">300.00</td><td class=\"n\">+150.00</td></tr>\n"
           "<tr><td>奖金 bonus</td><td class=\"n\">400.00</td><td class=\"n\">400.00</td><td class=\"n\">+0.00</td></tr>\n"
           "<tr><td>实发 pay</td><td class=\"n\">550.00</td><td class=\"n\">700.00</td><td class=\"n\">+150.00</td></tr>");
    HAS(h, "实发 pay by id: 2 增 up · 1 减 down · 1 不变 unchanged · 0 仅一方 on one side only</p>");
    assert_true(at(h, "<title>A: +100.00</title>") < at(h, "<title>B: +100.00</title>"));
    assert_true(at(h, "<title>B: +100.00</title>") < at(h, "<title>D: -50.00</title>"));
    LACKS(h, "<title>C:");
    /* the footer: the what-if side's policy files and params */
    HAS(h, "<tr><td>param</td><td>rate</td><td>10%</td></tr>");
    HAS(h, "<tr><td>what-if param</td><td>rate</td><td>20% (set for this run)</td></tr>");
    HAS(h, "<tr><td>what-if policy file</td><td>p.rules</td>");
    LACKS(h, "<td>what-if input</td>");
    free(h);
    kh_manifest_free(m);
    kh_policy_free(alt);
    kh_policy_free(p);
}

/* --vs another policy: bonus is no longer money (not compared), C's 6000
 * is over the new limit (on one side only), a new output is not listed.
 * Commission 100 + 200 + 600 + 0 = 900 -> 120 + 240 + 0 = 360; pay 1300 ->
 * 360: A -80, B -60, D -100, drawn from -60 down to -100. */
static void test_whatif_other_policy(void **state)
{
    kh_policy *p = load(SALES);
    kh_policy *alt = load("input:\n"
                          "    id: text, key\n"
                          "    sales: money, at most 5000\n"
                          "param rate = 12%\n"
                          "output commission \"提成 commission\" = sales * rate\n"
                          "output bonus = 5\n"
                          "output pay \"实发 pay\" = ledger from 0 yuan:\n"
                          "    \"提成 commission\"  +commission\n"
                          "output fresh \"新 new\" = 1 yuan\n");
    seen s;
    memset(&s, 0, sizeof s);
    kh_report_options o = {.whatif = alt, .whatif_name = "other.rules", .ud = &s, .record_error = on_error};
    int rc;
    char *h = page(p,
                   "[{\"id\": \"A\", \"sales\": 1000}, {\"id\": \"B\", \"sales\": 2000}, {\"id\": \"C\", \"sales\": 6000},"
                   " {\"id\": \"D\", \"sales\": 0}]",
                   &o, &rc, NULL);
    assert_int_equal(rc, KH_OK);   /* the base side has no errors */
    assert_int_equal(s.errors, 0); /* the what-if side's are not reported */
    HAS(h, "<h2>假设 what-if: other.rules</h2>");
    HAS(h, "<tr><td>提成 commission</td><td class=\"n\">900.00</td><td class=\"n\">360.00</td><td class=\"n neg\">-540.00</td></tr>\n"
           "<tr><td>实发 pay</td><td class=\"n\">1300.00</td><td class=\"n\">360.00</td><td class=\"n neg\">-940.00</td></tr>");
    char *w = section(h, "<h2>假设 what-if");
    LACKS(w, "奖金 bonus");
    LACKS(w, "新 new");
    mem_free(w);
    HAS(h, "实发 pay by id: 0 增 up · 3 减 down · 0 不变 unchanged · 1 仅一方 on one side only</p>");
    assert_true(at(h, "<title>B: -60.00</title>") < at(h, "<title>A: -80.00</title>"));
    assert_true(at(h, "<title>A: -80.00</title>") < at(h, "<title>D: -100.00</title>"));
    LACKS(h, "<title>C:");
    free(h);
    kh_policy_free(alt);
    kh_policy_free(p);

    /* the other policy has no pay output at all: only the totals it shares */
    p = load(SALES);
    alt = load("input:\n"
               "    id: text, key\n"
               "    sales: money\n"
               "output commission \"提成 commission\" = sales * 30%\n");
    o = (kh_report_options){.whatif = alt, .whatif_name = "x"};
    h = page(p, "[{\"id\": \"A\", \"sales\": 1000}]", &o, &rc, NULL);
    HAS(h, "<tr><td>提成 commission</td><td class=\"n\">100.00</td><td class=\"n\">300.00</td><td class=\"n\">+200.00</td></tr>\n</table>");
    LACKS(h, "by id:");
    free(h);
    kh_policy_free(alt);
    kh_policy_free(p);

    /* a base policy without a pay ledger: the totals, no changes by id */
    p = load("input:\n    id: text, key\n    sales: money\noutput c = sales * 10%\n");
    alt = load("input:\n    id: text, key\n    sales: money\noutput c = sales * 20%\n");
    o = (kh_report_options){.whatif = alt, .whatif_name = "x"};
    h = page(p, "[{\"id\": \"A\", \"sales\": 1000}]", &o, &rc, NULL);
    HAS(h, "<tr><td>c</td><td class=\"n\">100.00</td><td class=\"n\">200.00</td><td class=\"n\">+100.00</td></tr>\n</table>");
    LACKS(h, "by id:");
    free(h);
    kh_policy_free(alt);
    kh_policy_free(p);
}

/* 35 agents, each up by a tenth of their sales (i x 100 -> +i x 10): only
 * the 30 largest changes are drawn (r06..r35). */
static void test_whatif_many(void **state)
{
    kh_policy *p = load(SALES), *alt = load(SALES);
    char err[128];
    assert_true(kh_policy_set(alt, "rate", "20%", err, sizeof err));
    char in[4096];
    size_t n = (size_t)snprintf(in, sizeof in, "[");
    for (int i = 1; i <= 35; i++)
        n += (size_t)snprintf(in + n, sizeof in - n, "%s{\"id\": \"r%02d\", \"sales\": %d}", i > 1 ? "," : "", i, i * 100);
    snprintf(in + n, sizeof in - n, "]");
    kh_report_options o = {.whatif = alt, .whatif_name = "rate=20%"};
    int rc;
    char *h = page(p, in, &o, &rc, NULL);
    HAS(h, "实发 pay by id: 35 增 up · 0 减 down · 0 不变 unchanged · 0 仅一方 on one side only</p>");
    char *w = section(h, "<h2>假设 what-if");
    assert_int_equal(count(w, "<rect"), 30);
    HAS(w, "<title>r35: +350.00</title>");
    HAS(w, "<title>r06: +60.00</title>");
    LACKS(w, "<title>r05:");
    mem_free(w);
    free(h);
    kh_policy_free(alt);
    kh_policy_free(p);
}

/* ---- --prior, unreadable input, unwritable output ------------------------------- */

static const char CHAIN[] =
    "input:\n"
    "    id: text, key\n"
    "    x: integer\n"
    "    prior: record, optional\n"
    "        n: integer, default 0\n"
    "chain prior from carry\n"
    "output carry = { n: prior.n + x }\n"
    "output pay = (prior.n + x) * 1 yuan\n";

static void test_prior(void **state)
{
    char path[] = "/tmp/kaohe-cov-pay-prior-XXXXXX";
    int fd = mkstemp(path);
    assert_true(fd >= 0);
    const char *prior = "[{\"id\": \"A\", \"carry\": {\"n\": 5}}]\n"; /* sha256sum: 299ba317... */
    assert_int_equal(write(fd, prior, strlen(prior)), (ssize_t)strlen(prior));
    close(fd);
    kh_policy *p = load(CHAIN);
    kh_report_options o = {.prior_path = path};
    int rc;
    /* A: 5 + 1 = 6, B (no result last month; its record gives its own prior): 0 + 2 = 2 */
    kh_eval_summary sum;
    char *h = page(p, "[{\"id\": \"A\", \"x\": 1}, {\"id\": \"B\", \"x\": 2, \"prior\": {\"n\": 0}}]", &o, &rc, &sum);
    assert_int_equal(rc, KH_OK);
    char note[512];
    snprintf(note, sizeof note, "note: --prior %s has no carry for 1 agent whose record gives its own 'prior' (\"B\")\n", path);
    assert_string_equal(sum.notes, note);
    HAS(h, "<tr><td>pay</td><td class=\"n\">8.00</td><td class=\"n\">4.00</td><td class=\"n\">2.00</td><td class=\"n\">6.00</td></tr>");
    char row[256];
    snprintf(row, sizeof row, "<tr><td>prior</td><td>%s</td><td>sha256 "
                              "299ba3175704ecf9675a9805518ae2d1372b2a647123be059faf5e11e0a82c99</td></tr>", path);
    HAS(h, row);
    free(h);

    /* the what-if policy has nothing to chain: the run fails, nothing is written */
    kh_policy *alt = load("input:\n    id: text, key\n    x: integer\noutput pay = x * 1 yuan\n");
    o.whatif = alt;
    h = page(p, "[{\"id\": \"A\", \"x\": 1}]", &o, &rc, &sum);
    assert_int_equal(rc, KH_IO_ERROR);
    assert_string_equal(sum.fatal, "--prior: the policy does not say what to chain (add e.g. 'chain prior from carry')");
    assert_int_equal(strlen(h), 0);
    free(h);
    kh_policy_free(alt);
    unlink(path);

    /* a prior file that is not there */
    o = (kh_report_options){.prior_path = path};
    h = page(p, "[{\"id\": \"A\", \"x\": 1}]", &o, &rc, &sum);
    assert_int_equal(rc, KH_IO_ERROR);
    char want[256];
    snprintf(want, sizeof want, "--prior %s: cannot read it: No such file or directory", path);
    assert_string_equal(sum.fatal, want);
    assert_int_equal(strlen(h), 0);
    free(h);
    kh_policy_free(p);
}

static void test_bad_input_and_output(void **state)
{
    kh_policy *p = load(SALES);
    kh_eval_summary sum;
    int rc;
    /* JSON cut short: no page */
    char *h = page(p, "[{\"id\": \"A\", \"sales\": 1", NULL, &rc, &sum);
    assert_int_equal(rc, KH_IO_ERROR);
    assert_int_equal(strlen(h), 0);
    assert_true(strncmp(sum.fatal, "in.json:", 8) == 0);
    free(h);
    /* an empty input is not an empty roster */
    h = page(p, "", NULL, &rc, &sum);
    assert_int_equal(rc, KH_IO_ERROR);
    assert_string_equal(sum.fatal, "the input holds no records (write [] for an empty roster)");
    assert_int_equal(strlen(h), 0);
    free(h);
    /* an input that cannot be read */
    kh_report_options o;
    memset(&o, 0, sizeof o);
    FILE *in = fopen("/dev/null", "w");
    FILE *out = tmpfile();
    rc = kh_report(p, in, "in.json", out, &o, &sum);
    assert_int_equal(rc, KH_IO_ERROR);
    assert_string_equal(sum.fatal, "read error: Bad file descriptor");
    assert_int_equal(ftell(out), 0);
    fclose(in);
    fclose(out);
    /* an output that cannot be written */
    in = fmemopen((void *)"[]", 2, "r");
    out = fopen("/dev/full", "w");
    rc = kh_report(p, in, "in.json", out, &o, &sum);
    assert_int_equal(rc, KH_IO_ERROR);
    assert_string_equal(sum.fatal, "cannot write the report");
    fclose(in);
    fclose(out);
    kh_policy_free(p);
}

/* ---- many records, many errors, many failed checks ---------------------------- */

/* 300 agents, every 15th refused (20 of them: r015, r030, ..., r300), five
 * checks that fail: without `roster by` they name no roster, and a check
 * whose aggregate holds nobody names no one. */
static void test_many(void **state)
{
    kh_policy *p = load("input:\n"
                        "    id: text, key\n"
                        "    late: integer, at least 0\n"
                        "    ok: boolean, optional\n"
                        "output pay = late * 1 yuan\n"
                        "output ok_out = ok\n"
                        "check \"c1 nobody is very late\": count(roster where late > 100) >= 1\n"
                        "check \"c2\": count(roster where late > 100) >= 2\n"
                        "check \"c3\": count(roster where late > 100) >= 3\n"
                        "check \"c4\": count(roster where late > 100) >= 4\n"
                        "check \"c5 <b>\": count(roster where late > 200) >= 5\n");
    static char in[40000];
    size_t n = (size_t)snprintf(in, sizeof in, "[");
    for (int i = 1; i <= 300; i++)
        n += (size_t)snprintf(in + n, sizeof in - n, "%s{\"id\": \"r%03d\", \"late\": %d%s}", i > 1 ? "," : "", i,
                              i % 15 ? 1 : -1, i == 1 ? ", \"ok\": true" : "");
    snprintf(in + n, sizeof in - n, "]");
    seen s;
    memset(&s, 0, sizeof s);
    kh_report_options o = {.ud = &s, .record_error = on_error, .check_failed = on_check};
    int rc;
    char *h = page(p, in, &o, &rc, NULL);
    assert_int_equal(rc, KH_RECORD_ERRORS);
    assert_int_equal(s.errors, 20);
    assert_int_equal(s.error_index[7], 119); /* the 8th refused is r120 */
    assert_int_equal(s.checks, 5);
    assert_string_equal(s.check, "c5 <b>||");
    HAS(h, "<div class=\"card\"><b>300</b><span>记录 records</span></div>\n<div class=\"card\"><b>280</b><span>已计算 evaluated</span>"
           "</div>\n<div class=\"card\"><b>20</b><span>错误 errors</span></div>\n<div class=\"card\"><b>5</b>");
    /* 280 agents late once: 280.00 */
    HAS(h, "<tr><td>pay</td><td class=\"n\">280.00</td><td class=\"n\">1.00</td><td class=\"n\">1.00</td><td class=\"n\">1.00</td></tr>");
    char *err = section(h, "<h2>错误 errors</h2>");
    assert_int_equal(count(err, "<tr><td class=\"n\">"), 20);
    HAS(err, "<tr><td class=\"n\">300</td><td>r300</td><td>");
    HAS(err, "<p>检查未通过 check failed: <b>c1 nobody is very late</b></p>\n");
    HAS(err, "<p>检查未通过 check failed: <b>c5 &lt;b&gt;</b></p>\n");
    mem_free(err);
    /* ok_out: only r001 has one (yes); the others have none, neither yes nor no */
    HAS(h, "<tr><td>ok_out</td><td class=\"n\">1</td><td class=\"n\">0</td></tr>");
    free(h);
    kh_policy_free(p);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_full_month),
        cmocka_unit_test(test_by_text_field),
        cmocka_unit_test(test_by_refused),
        cmocka_unit_test(test_by_default),
        cmocka_unit_test(test_empty_roster),
        cmocka_unit_test(test_all_errors),
        cmocka_unit_test(test_overflow),
        cmocka_unit_test(test_no_money),
        cmocka_unit_test(test_histogram_wide_and_lowest),
        cmocka_unit_test(test_histogram_negative),
        cmocka_unit_test(test_no_key),
        cmocka_unit_test(test_whatif_set),
        cmocka_unit_test(test_whatif_other_policy),
        cmocka_unit_test(test_whatif_many),
        cmocka_unit_test(test_prior),
        cmocka_unit_test(test_bad_input_and_output),
        cmocka_unit_test(test_many),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
