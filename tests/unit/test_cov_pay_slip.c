/*
 * test_cov_pay_slip.c — pay slips (src/slip.c) through kh_slip and
 * slip_render: the text layout (labels padded to one column by display
 * width, details, values right-aligned, rules over totals), a ledger that
 * starts from a param, a definition or a number, zero lines, nested
 * results, colour, HTML, the footer (params set for the run, --prior), a
 * policy without key or title, many sections, failures to read, and the
 * file name boundary.  The slip below is laid out by hand: labels 14
 * columns wide (起薪 start pay), details 9 (2 × -5.00), values 6.
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

#include "input.h"
#include "manifest.h"
#include "policy.h"
#include "slip.h"
#include "mem.h"

#define HAS(s, x) do { if (!strstr((s), (x))) fail_msg("missing: %s", (x)); } while (0)
#define LACKS(s, x) do { if (strstr((s), (x))) fail_msg("unexpected: %s", (x)); } while (0)

static const char PAY[] =
    "policy \"工资 pay\"\n"
    "roster by period\n"
    "input:\n"
    "    id \"工号\": text, key, display\n"
    "    name: text, display\n"
    "    period: month, display\n"
    "    late: integer, at least 0\n"
    "    sales: money\n"
    "    info: record\n"
    "        city: text\n"
    "param start_pay \"起薪 start pay\": money = 100 yuan\n"
    "param bonus_rate = 10%\n"
    "base_score = 90\n"
    "output pay \"实发\" = ledger from start_pay:\n"
    "    \"提成\"      +sales * bonus_rate\n"
    "    \"迟到扣款\"  -5 yuan per late\n"
    "output score = ledger from base_score:\n"
    "    \"迟到\"  -1 per late\n"
    "output tally = ledger from 0:\n"
    "    \"x\"  +1 per late\n"
    "output where_ = { city: info.city, n: late }\n";

/* 提成 1000 x 10% = 100, 迟到扣款 2 x -5 = -10: 100 + 100 - 10 = 190;
 * score 90 - 2 = 88; tally 0 + 2.  A-2: nothing applies: 100, 90, 0. */
static const char PAY_IN[] =
    "[{\"id\": \"A-1\", \"name\": \"Li\", \"period\": \"2014-06\", \"late\": 2, \"sales\": 1000, \"info\": {\"city\": \"杭州\"}},\n"
    " {\"id\": \"A-2\", \"name\": \"Wu\", \"period\": \"2014-06\", \"late\": 0, \"sales\": 0, \"info\": {\"city\": \"宁波\"}}]\n";

static const char A1_TEXT[] =
    "工资 pay\n"
    "工资单 pay slip\n"
    "\n"
    "  工号    A-1\n"
    "  name    Li\n"
    "  period  2014-06\n"
    "\n"
    "实发\n"
    "  起薪 start pay             100.00\n"
    "  提成                       100.00\n"
    "  迟到扣款        2 × -5.00  -10.00\n"
    "  ---------------------------------\n"
    "  实发                       190.00\n"
    "\n"
    "score\n"
    "  base_score                     90\n"
    "  迟到            2 × -1         -2\n"
    "  ---------------------------------\n"
    "  score                          88\n"
    "\n"
    "tally\n"
    "  start                           0\n"
    "  x               2 × +1         +2\n"
    "  ---------------------------------\n"
    "  tally                           2\n"
    "\n"
    "其他结果 other results\n"
    "  where_\n"
    "    city                       杭州\n"
    "    n                             2\n"
    "\n";

typedef struct slips {
    int n;
    char id[4][16];
    char *text[4];
    int errors;
} slips;

static void on_slip(void *ud, size_t index, const char *id, const char *text, size_t len)
{
    slips *s = ud;
    if (s->n < 4) {
        snprintf(s->id[s->n], sizeof s->id[0], "%s", id ? id : "(none)");
        s->text[s->n] = mem_strndup(text, len);
    }
    s->n++;
}

static void on_error(void *ud, size_t index, const char *id, const char *message) { ((slips *)ud)->errors++; }

static void slips_free(slips *s)
{
    for (int i = 0; i < s->n && i < 4; i++) mem_free(s->text[i]);
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

static int run(const kh_policy *p, const char *input, kh_slip_options *o, slips *s, kh_eval_summary *sum)
{
    memset(s, 0, sizeof *s);
    o->ud = s;
    o->slip = on_slip;
    o->record_error = on_error;
    FILE *in = fmemopen((void *)input, strlen(input), "r");
    kh_eval_summary tmp;
    int rc = kh_slip(p, in, "in.json", o, sum ? sum : &tmp);
    fclose(in);
    return rc;
}

static void hex_of(const char *text, char out[SHA256_HEX])
{
    unsigned char d[SHA256_BYTES];
    sha256(text, strlen(text), d);
    sha256_hex(d, out);
}

static void test_text(void **state)
{
    kh_policy *p = load(PAY);
    kh_slip_options o = {.id = "A-1"};
    slips s;
    assert_int_equal(run(p, PAY_IN, &o, &s, NULL), KH_OK);
    assert_int_equal(s.n, 1);
    assert_string_equal(s.id[0], "A-1");
    const char *t = s.text[0];
    size_t body = strlen(A1_TEXT);
    assert_true(strlen(t) > body);
    assert_memory_equal(t, A1_TEXT, body);
    /* the footer: what produced it (sha256 as test_sha256.c checks it) */
    char ph[SHA256_HEX], ih[SHA256_HEX], want[512];
    hex_of(PAY, ph);
    hex_of(PAY_IN, ih);
    snprintf(want, sizeof want,
             "kaohe " KAOHE_VERSION "\npolicy file p.rules  sha256 %s\ninput in.json  sha256 %s\n"
             "params start_pay=100.00 bonus_rate=10%%\n", ph, ih);
    assert_string_equal(t + body, want);
    LACKS(t, "A-2");
    LACKS(t, "Wu");
    slips_free(&s);
    kh_policy_free(p);
}

static void test_html(void **state)
{
    kh_policy *p = load(PAY);
    kh_slip_options o = {.html = true}; /* every agent, in input order */
    slips s;
    assert_int_equal(run(p, PAY_IN, &o, &s, NULL), KH_OK);
    assert_int_equal(s.n, 2);
    assert_string_equal(s.id[0], "A-1");
    assert_string_equal(s.id[1], "A-2");
    const char *a = s.text[0], *b = s.text[1];
    HAS(a, "<title>工资单 pay slip · A-1</title>");
    HAS(a, "<h1>工资 pay<small>工资单 pay slip</small></h1>");
    HAS(a, "<table class=\"who\">\n<tr><td>工号</td><td>A-1</td></tr>\n<tr><td>name</td><td>Li</td></tr>\n"
           "<tr><td>period</td><td>2014-06</td></tr>\n</table>");
    HAS(a, "<section>\n<h2>实发</h2>\n<table>\n<tr><td>起薪 start pay</td><td class=\"d\"></td><td class=\"n\">100.00</td></tr>");
    HAS(a, "<tr><td>迟到扣款</td><td class=\"d\">2 × -5.00</td><td class=\"n\">-10.00</td></tr>");
    HAS(a, "<tr class=\"total\"><td>实发</td><td class=\"d\"></td><td class=\"n\">190.00</td></tr>");
    HAS(a, "<tr><td>where_</td><td class=\"d\"></td><td class=\"n\"></td></tr>\n"
           "<tr><td class=\"sub\">city</td><td class=\"d\"></td><td class=\"n\">杭州</td></tr>");
    HAS(a, "<footer>\n<p>kaohe " KAOHE_VERSION "</p>\n<p>policy file p.rules  sha256 ");
    HAS(a, "<p>params start_pay=100.00 bonus_rate=10%</p>\n</footer>\n</body>\n</html>\n");
    LACKS(a, "A-2");
    /* the pay lines that did not apply are shown, quietly; the score's are not */
    HAS(b, "<tr class=\"zero\"><td>提成</td><td class=\"d\"></td><td class=\"n\">0.00</td></tr>\n"
           "<tr class=\"zero\"><td>迟到扣款</td><td class=\"d\"></td><td class=\"n\">0.00</td></tr>\n"
           "<tr class=\"total\"><td>实发</td><td class=\"d\"></td><td class=\"n\">100.00</td></tr>");
    HAS(b, "<h2>score</h2>\n<table>\n<tr><td>base_score</td><td class=\"d\"></td><td class=\"n\">90</td></tr>\n"
           "<tr class=\"total\"><td>score</td><td class=\"d\"></td><td class=\"n\">90</td></tr>");
    LACKS(b, "A-1");
    slips_free(&s);
    kh_policy_free(p);
}

static void test_colour_and_set(void **state)
{
    kh_policy *p = load(PAY);
    char err[128];
    assert_true(kh_policy_set(p, "bonus_rate", "20%", err, sizeof err));
    kh_slip_options o = {.color = true};
    slips s;
    assert_int_equal(run(p, PAY_IN, &o, &s, NULL), KH_OK);
    assert_int_equal(s.n, 2);
    const char *a = s.text[0], *b = s.text[1];
    /* bold title, bold values of who it is for, bold totals, dim zero lines, dim footer */
    assert_true(strncmp(a, "\033[1m工资 pay\033[0m\n工资单 pay slip\n\n  工号    \033[1mA-1\033[0m\n", 60) == 0);
    HAS(a, "\n\033[1m实发\033[0m\n");
    HAS(a, "  提成                       200.00\n"); /* 1000 x 20% */
    HAS(a, "\033[1m  实发                       290.00\033[0m\n");
    HAS(b, "\033[2m  提成              0.00\033[0m\n"); /* A-2 has no details: its own, narrower layout */
    HAS(a, "\n\033[2mkaohe " KAOHE_VERSION "\n");
    /* a param set for this run is starred and explained */
    HAS(a, "params start_pay=100.00 bonus_rate=20%*\n(* set for this run)\n\033[0m");
    slips_free(&s);
    kh_policy_free(p);
}

static const char CHAIN[] =
    "input:\n"
    "    id: text, key\n"
    "    x: integer\n"
    "    prior: record, optional\n"
    "        n: integer, default 0\n"
    "chain prior from carry\n"
    "output carry = { n: prior.n + x }\n";

static void test_prior(void **state)
{
    char path[] = "/tmp/kaohe-cov-pay-slip-XXXXXX";
    int fd = mkstemp(path);
    const char *prior = "[{\"id\": \"A\", \"carry\": {\"n\": 5}}]\n"; /* sha256sum: 299ba317... */
    assert_int_equal(write(fd, prior, strlen(prior)), (ssize_t)strlen(prior));
    close(fd);
    kh_policy *p = load(CHAIN);
    kh_slip_options o = {.id = "A", .prior_path = path};
    slips s;
    assert_int_equal(run(p, "[{\"id\": \"A\", \"x\": 1}]", &o, &s, NULL), KH_OK);
    assert_int_equal(s.n, 1);
    /* no title: kaohe; carry 5 + 1 = 6, a record output shown field by field */
    assert_true(strncmp(s.text[0], "kaohe\n工资单 pay slip\n\n  id  A\n\n其他结果 other results\n  carry\n    n  6\n\n", 76) == 0);
    char want[256];
    snprintf(want, sizeof want, "prior %s  sha256 299ba3175704ecf9675a9805518ae2d1372b2a647123be059faf5e11e0a82c99\n", path);
    HAS(s.text[0], want);
    LACKS(s.text[0], "params"); /* the policy has none */
    slips_free(&s);
    unlink(path);
    kh_eval_summary sum;
    assert_int_equal(run(p, "[{\"id\": \"A\", \"x\": 1}]", &o, &s, &sum), KH_IO_ERROR);
    assert_int_equal(s.n, 0);
    snprintf(want, sizeof want, "--prior %s: cannot read it: No such file or directory", path);
    assert_string_equal(sum.fatal, want);
    kh_policy_free(p);
}

/* Without a key: no id line, and --id finds nobody; the score starts
 * from a param that has no label (its name). */
static void test_no_key(void **state)
{
    kh_policy *p = load("input:\n"
                        "    late: integer\n"
                        "param base_pts = 10\n"
                        "output score = ledger from base_pts:\n"
                        "    \"late\"  -1 per late\n");
    kh_slip_options o = {.html = true};
    slips s;
    assert_int_equal(run(p, "[{\"late\": 1}]", &o, &s, NULL), KH_OK);
    assert_int_equal(s.n, 1);
    assert_string_equal(s.id[0], "(none)");
    HAS(s.text[0], "<title>工资单 pay slip · </title>");
    HAS(s.text[0], "<h1>kaohe<small>工资单 pay slip</small></h1>\n<table class=\"who\">\n</table>\n");
    HAS(s.text[0], "<tr><td>base_pts</td><td class=\"d\"></td><td class=\"n\">10</td></tr>"); /* a param without a label */
    HAS(s.text[0], "<tr><td>late</td><td class=\"d\">1 × -1</td><td class=\"n\">-1</td></tr>");
    slips_free(&s);
    o = (kh_slip_options){.id = "X"};
    assert_int_equal(run(p, "[{\"late\": 1}]", &o, &s, NULL), KH_OK);
    assert_int_equal(s.n, 0);
    kh_policy_free(p);
}

/* Nine ledgers: nine sections, in output order, each with its total. */
static void test_many_sections(void **state)
{
    char pol[2048] = "input:\n    id: text, key\n    n: integer\n";
    for (int i = 1; i <= 9; i++)
        snprintf(pol + strlen(pol), sizeof pol - strlen(pol), "output l%d = ledger from 0:\n    \"e%d\"  +%d per n\n", i, i, i);
    kh_policy *p = load(pol);
    kh_slip_options o = {.id = "A"};
    slips s;
    assert_int_equal(run(p, "[{\"id\": \"A\", \"n\": 2}]", &o, &s, NULL), KH_OK);
    const char *t = s.text[0];
    /* labels 5 wide (start), details 6 (2 × +9), values 3 (+18) */
    HAS(t, "\nl1\n  start            0\n  e1     2 × +1   +2\n  ------------------\n  l1               2\n");
    HAS(t, "\nl9\n  start            0\n  e9     2 × +9  +18\n");
    HAS(t, "  l9              18\n");
    assert_true(strstr(t, "\nl8\n") < strstr(t, "\nl9\n"));
    slips_free(&s);
    kh_policy_free(p);
}

static void test_failures(void **state)
{
    kh_policy *p = load(PAY);
    kh_slip_options o = {.id = "A-1"};
    slips s;
    kh_eval_summary sum;
    /* a record in error is reported, the others still get their slips */
    assert_int_equal(run(p,
                         "[{\"id\": \"A-1\", \"name\": \"Li\", \"period\": \"2014-06\", \"late\": -1, \"sales\": 1,"
                         " \"info\": {\"city\": \"x\"}}]",
                         &o, &s, &sum),
                     KH_RECORD_ERRORS);
    assert_int_equal(s.errors, 1);
    assert_int_equal(s.n, 0);
    /* JSON cut short */
    assert_int_equal(run(p, "[{\"id\": ", &o, &s, &sum), KH_IO_ERROR);
    assert_true(strncmp(sum.fatal, "in.json:", 8) == 0);
    /* an input that cannot be read */
    FILE *in = fopen("/dev/null", "w");
    o.slip = NULL;
    assert_int_equal(kh_slip(p, in, "in.json", &o, &sum), KH_IO_ERROR);
    assert_string_equal(sum.fatal, "read error: Bad file descriptor");
    fclose(in);
    /* no callback for the slips: evaluated all the same */
    in = fmemopen((void *)PAY_IN, strlen(PAY_IN), "r");
    kh_slip_options quiet = {.id = "A-1"};
    assert_int_equal(kh_slip(p, in, "in.json", &quiet, &sum), KH_OK);
    assert_int_equal(sum.records, 2);
    fclose(in);
    kh_policy_free(p);
}

/* slip_render by itself: without a manifest there is no footer. */
static void test_render_without_footer(void **state)
{
    kh_policy *p = load("policy \"t\"\n"
                        "input:\n"
                        "    id: text, key\n"
                        "    base: money\n"
                        "output pay = ledger from 0 yuan:\n"
                        "    \"base\"  +base\n");
    const plan *pl = p->plan;
    cJSON *j = cJSON_Parse("{\"id\": \"A\", \"base\": 12.5}");
    arena *ar = arena_new(4096);
    value slots[4];
    char err[256];
    assert_true(input_read(pl, j, ar, slots, p->params, err, sizeof err));
    evalctx ctx;
    memset(&ctx, 0, sizeof ctx);
    eval_begin(&ctx, pl, p->params, slots, ar);
    value out[1];
    assert_true(eval_def(&ctx, pl->outputs[0], &out[0]));
    buf b = {0};
    slip_render(&b, pl, &ctx, "A", out, NULL, NULL);
    assert_string_equal(b.data, "t\n工资单 pay slip\n\n  id  A\n\npay\n  base  12.50\n  -----------\n  pay   12.50\n\n");
    buf h = {0};
    slip_style st = {.html = true};
    slip_render(&h, pl, &ctx, "A", out, NULL, &st);
    LACKS(h.data, "<footer>");
    HAS(h.data, "</table>\n</section>\n</body>\n</html>\n");
    buf_free(&b);
    buf_free(&h);
    cJSON_Delete(j);
    arena_free(ar);
    kh_policy_free(p);
}

static void test_file_name_limit(void **state)
{
    char id[201];
    memset(id, 'a', 196);
    id[196] = '\0'; /* 196 + ".txt" = 200 bytes: the longest name */
    char *name = kh_slip_file_name(id, ".txt");
    assert_non_null(name);
    assert_int_equal(strlen(name), 200);
    mem_free(name);
    id[196] = 'a';
    id[197] = '\0';
    assert_null(kh_slip_file_name(id, ".txt"));
    /* an escaped byte takes three: 66 of them are 198 bytes, 67 too many */
    memset(id, '/', 65);
    id[65] = '\0';
    name = kh_slip_file_name(id, ".h");
    assert_non_null(name);
    assert_int_equal(strlen(name), 197);
    mem_free(name);
    /* a UTF-8 character cut short is not text */
    name = kh_slip_file_name("a\xe5\xb7", ".txt");
    assert_string_equal(name, "a%E5%B7.txt");
    mem_free(name);
    name = kh_slip_file_name("\t工", ".html");
    assert_string_equal(name, "%09工.html");
    mem_free(name);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_text),       cmocka_unit_test(test_html),          cmocka_unit_test(test_colour_and_set),
        cmocka_unit_test(test_prior),      cmocka_unit_test(test_no_key),        cmocka_unit_test(test_many_sections),
        cmocka_unit_test(test_failures),   cmocka_unit_test(test_render_without_footer),
        cmocka_unit_test(test_file_name_limit),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
