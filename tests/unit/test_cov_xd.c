/*
 * test_cov_xd.c — kh_explain, kh_diff and kh_test_file through the public
 * API where the command line cannot reach: colour for a terminal, the
 * default names of the two sides, output that cannot be written, a roster
 * diff read from a pipe (once, for both sides), a diff large enough to be
 * written in pieces, and a test file that cannot be read.  Every expected
 * string is written out by hand.
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
#include "mem.h"

#define B "\033[1m"  /* bold */
#define D "\033[2m"  /* dim */
#define R "\033[0m"  /* reset */

static kh_policy *load(const char *text)
{
    kh_diags *d = kh_diags_new();
    kh_policy *p = kh_policy_load_text("t.rules", text, strlen(text), d);
    kh_diags_free(d);
    assert_non_null(p);
    return p;
}

static FILE *input(const char *text)
{
    FILE *f = tmpfile();
    assert_non_null(f);
    fputs(text, f);
    rewind(f);
    return f;
}

/* What was written to a memory stream (closed here); the caller frees it. */
static char *text_of(FILE *f, char **data)
{
    fclose(f);
    return *data;
}

/* A policy with CRLF line ends and a tab inside a formula: the formula is
 * shown on one line, single-spaced.  y = 2 + 1 + 2 = 5. */
static void test_explain_crlf_tab(void **state)
{
    kh_policy *p = load("input:\r\n    id: text, key\r\n    x: integer\r\noutput y = x +\r\n    1 +\tx\r\n");
    FILE *in = input("[{\"id\": \"A\", \"x\": 2}]");
    char *data = NULL;
    size_t len = 0;
    FILE *out = open_memstream(&data, &len);
    kh_explain_options o = {.id = "A"};
    kh_eval_summary sum;
    assert_int_equal(kh_explain(p, in, "in.json", out, &o, &sum), KH_OK);
    assert_string_equal(text_of(out, &data), "A  (record 1)\n"
                                             "\n"
                                             "y     5   = x + 1 + x   [t.rules:4]\n"
                                             "└─ x  2   input\n"
                                             "\n");
    free(data);
    fclose(in);
    kh_policy_free(p);
}

/* An empty text is shown as nothing, aligned all the same. */
static void test_explain_empty_text(void **state)
{
    kh_policy *p = load("input:\n    id: text, key\n    t: text\noutput e = t\n");
    FILE *in = input("[{\"id\": \"A\", \"t\": \"\"}]");
    char *data = NULL;
    size_t len = 0;
    FILE *out = open_memstream(&data, &len);
    kh_explain_options o = {.id = "A"};
    kh_eval_summary sum;
    assert_int_equal(kh_explain(p, in, "in.json", out, &o, &sum), KH_OK);
    assert_string_equal(text_of(out, &data), "A  (record 1)\n"
                                             "\n"
                                             "e        = t   [t.rules:4]\n"
                                             "└─ t     input\n"
                                             "\n");
    free(data);
    fclose(in);
    kh_policy_free(p);
}

static int count_of(const char *s, const char *what)
{
    int n = 0;
    for (const char *p = strstr(s, what); p; p = strstr(p + 1, what)) n++;
    return n;
}

/* Limits of an explanation: a definition lists every value it uses (130
 * params), a ledger entry every definition (70); "first in roster" shows the
 * keys of the first 50 entries and says how many more there are (before,
 * 128 and 64 were cut silently, and so were the keys after the 50th). */
static void test_explain_limits(void **state)
{
    char *text = NULL;
    size_t tlen = 0;
    FILE *t = open_memstream(&text, &tlen);
    fputs("input:\n    id: text, key\n    buys: list of record\n        item: text\n", t);
    for (int i = 1; i <= 130; i++) fprintf(t, "param p%d = 1\n", i);
    for (int i = 1; i <= 70; i++) fprintf(t, "d%d = 1\n", i);
    fputs("output z = p1", t);
    for (int i = 2; i <= 130; i++) fprintf(t, " + p%d", i);
    fputs("\noutput l = ledger from 0:\n    \"all\" +(d1", t);
    for (int i = 2; i <= 70; i++) fprintf(t, " + d%d", i);
    fputs(")\noutput f = count(buys where first in roster for item by (id))\n", t);
    fclose(t);
    kh_policy *p = load(text);
    free(text);
    FILE *in = tmpfile();
    assert_non_null(in);
    fputs("[{\"id\": \"A\", \"buys\": [", in);
    for (int i = 1; i <= 51; i++) fprintf(in, "%s{\"item\": \"i%d\"}", i > 1 ? ", " : "", i);
    fputs("]}]", in);
    rewind(in);
    char *data = NULL;
    size_t len = 0;
    FILE *out = open_memstream(&data, &len);
    kh_explain_options o = {.id = "A", .json = true};
    kh_eval_summary sum;
    assert_int_equal(kh_explain(p, in, "in.json", out, &o, &sum), KH_OK);
    char *got = text_of(out, &data);
    /* z = 130: p1..p130 listed */
    assert_non_null(strstr(got, "{\"name\":\"z\",\"value\":\"130\""));
    assert_int_equal(count_of(got, "\"note\":\"param\""), 130);
    assert_non_null(strstr(got, "{\"name\":\"p130\",\"value\":\"1\",\"note\":\"param\"}"));
    /* l = 70: d1..d70 under the entry, each = 1 */
    assert_non_null(strstr(got, "{\"name\":\"l\",\"value\":\"70\""));
    assert_int_equal(count_of(got, "\"note\":\"= 1\""), 70);
    assert_non_null(strstr(got, "{\"name\":\"d70\",\"value\":\"1\",\"note\":\"= 1\""));
    /* f = 51 (A alone entered every item): the keys i1..i50 */
    assert_non_null(strstr(got, "{\"name\":\"f\",\"value\":\"51\""));
    assert_int_equal(count_of(got, "\"note\":\"this record entered it first\""), 50);
    assert_null(strstr(got, "{\"name\":\"i51\""));
    assert_non_null(strstr(got, "{\"name\":\"... and 1 more entries\"}"));
    free(data);
    fclose(in);
    kh_policy_free(p);
}

static const char ledger_policy[] =
    "input:\n"
    "    id: text, key\n"
    "    x: integer\n"
    "output s = ledger from 0:\n"
    "    \"yes\" +1 when x > 0\n"
    "    \"no\"  +2 when x > 5\n"
    "output w = when:\n"
    "    x > 0     -> 1\n"
    "    otherwise -> 0\n"
    "v = x * 2\n"
    "output z = v + 1\n";

/* Colour: the id and the labels of the first level bold, values bold, the
 * notes dim, an entry that did not apply dim throughout. */
static void test_explain_colour(void **state)
{
    kh_policy *p = load(ledger_policy);
    FILE *in = input("[{\"id\": \"A\", \"x\": 1}]");
    char *data = NULL;
    size_t len = 0;
    FILE *out = open_memstream(&data, &len);
    kh_explain_options o = {.id = "A", .show_inactive = true, .color = true};
    kh_eval_summary sum;
    assert_int_equal(kh_explain(p, in, "in.json", out, &o, &sum), KH_OK);
    /* s: from 0, yes +1 (1 > 0), no not applied (+0): widest label "from 0"
     * at 3 + 6 = 9, values at column 11; w: "when" at 3 + 4, values at 9 */
    assert_string_equal(text_of(out, &data),
                        B "A" R "  (record 1)\n"
                          "\n"
                        B "s" "          " B "1" R D "   [t.rules:4]" R "\n"
                        "├─ " B "from 0" "  " B "0" R D R "\n"
                        "├─ " B "yes" "     " B "+1" R D "   +1 when x > 0   [t.rules:5]" R "\n"
                        "└─ " D "no" "      " "+0" R D "   +2 when x > 5 — no   [t.rules:6]" R "\n"
                        "\n"
                        B "w" "        " B "1" R D "   [t.rules:7]" R "\n"
                        "├─ " B "when" R D "   branch \"x > 0\" applies (the first that does)   [t.rules:8]" R "\n"
                        "└─ " B "x" "     " B "1" R D "   input" R "\n"
                        "\n"
                        /* z = v + 1 = 3: below the first level, labels are plain */
                        B "z" "        " B "3" R D "   = v + 1   [t.rules:11]" R "\n"
                        "└─ " B "v" "     " B "2" R D "   = x * 2   [t.rules:10]" R "\n"
                        "   └─ " "x" "  " B "1" R D "   input" R "\n"
                        "\n");
    free(data);
    fclose(in);
    kh_policy_free(p);
}

/* JSON: an entry that did not apply says "applied":false. */
static void test_explain_json_inactive(void **state)
{
    kh_policy *p = load(ledger_policy);
    FILE *in = input("{\"id\": \"A\", \"x\": 1}\n");
    char *data = NULL;
    size_t len = 0;
    FILE *out = open_memstream(&data, &len);
    const char *outputs[] = {"s"};
    kh_explain_options o = {.id = "A", .show_inactive = true, .json = true, .outputs = outputs, .noutputs = 1};
    kh_eval_summary sum;
    assert_int_equal(kh_explain(p, in, "in.json", out, &o, &sum), KH_OK);
    assert_string_equal(text_of(out, &data),
                        "{\"id\":\"A\",\"outputs\":[{\"name\":\"s\",\"value\":\"1\",\"where\":\"t.rules:4\",\"items\":["
                        "{\"name\":\"from 0\",\"value\":\"0\"},"
                        "{\"name\":\"yes\",\"value\":\"+1\",\"note\":\"+1 when x > 0\",\"where\":\"t.rules:5\"},"
                        "{\"name\":\"no\",\"value\":\"+0\",\"note\":\"+2 when x > 5 — no\",\"where\":\"t.rules:6\","
                        "\"applied\":false}]}]}\n");
    free(data);
    fclose(in);
    kh_policy_free(p);
}

/* An explanation that cannot be written is an I/O error. */
static void test_explain_unwritable(void **state)
{
    kh_policy *p = load(ledger_policy);
    FILE *in = input("[{\"id\": \"A\", \"x\": 1}]");
    FILE *full = fopen("/dev/full", "w");
    assert_non_null(full);
    setvbuf(full, NULL, _IONBF, 0);
    kh_explain_options o = {.id = "A"};
    kh_eval_summary sum;
    assert_int_equal(kh_explain(p, in, "in.json", full, &o, &sum), KH_IO_ERROR);
    fclose(full);
    fclose(in);
    kh_policy_free(p);
}

static const char scale_policy[] =
    "input:\n"
    "    id: text, key\n"
    "    x: integer\n"
    "param k = 1\n"
    "output y = x * k\n";

static const char scale_stream_policy[] =
    "input:\n"
    "    x: integer\n"
    "param k = 1\n"
    "output y = x * k\n";

static void both(const char *text, kh_policy **op, kh_policy **np)
{
    *op = load(text);
    *np = load(text);
    char err[256];
    assert_true(kh_policy_set(*np, "k", "2", err, sizeof err));
}

/* Without names the sides are "old" and "new"; colour makes the id and
 * "summary" bold.  y = 3 * 1 -> 3 * 2: +3; no money, no table. */
static void test_diff_colour_default_names(void **state)
{
    kh_policy *op, *np;
    both(scale_policy, &op, &np);
    FILE *in = input("[{\"id\": \"A\", \"x\": 3}]");
    char *data = NULL;
    size_t len = 0;
    FILE *out = open_memstream(&data, &len);
    kh_diff_options o = {.color = true};
    kh_eval_summary sum;
    assert_int_equal(kh_diff(op, np, in, "in.json", out, &o, &sum), KH_OK);
    assert_string_equal(text_of(out, &data), B "A" R "  (record 1)\n"
                                             "  y                      3 → 6   (+3)\n"
                                             "\n"
                                             B "summary" R ": old → new\n"
                                             "  records: 1, changed: 1, errors: 0 → 0\n"
                                             "  changed outputs: y 1\n");
    assert_int_equal(sum.records, 1);
    assert_int_equal(sum.errors, 0);
    free(data);
    fclose(in);
    kh_policy_free(op);
    kh_policy_free(np);
}

/* A keyed policy (its records kept for the roster passes) is read once
 * for both sides: a pipe will do.  y = 3 * 1 -> 3 * 2: +3. */
static void test_diff_pipe(void **state)
{
    kh_policy *op, *np;
    both(scale_policy, &op, &np);
    int fd[2];
    assert_int_equal(pipe(fd), 0);
    const char rec[] = "[{\"id\": \"A\", \"x\": 3}]";
    assert_int_equal(write(fd[1], rec, sizeof rec - 1), (ssize_t)(sizeof rec - 1));
    close(fd[1]);
    FILE *in = fdopen(fd[0], "rb");
    char *data = NULL;
    size_t len = 0;
    FILE *out = open_memstream(&data, &len);
    kh_diff_options o = {0};
    kh_eval_summary sum;
    assert_int_equal(kh_diff(op, np, in, "pipe", out, &o, &sum), KH_OK);
    assert_string_equal(text_of(out, &data), "A  (record 1)\n"
                                             "  y                      3 → 6   (+3)\n"
                                             "\n"
                                             "summary: old → new\n"
                                             "  records: 1, changed: 1, errors: 0 → 0\n"
                                             "  changed outputs: y 1\n");
    assert_int_equal(sum.records, 1);
    free(data);
    fclose(in);
    kh_policy_free(op);
    kh_policy_free(np);
}

/* Output that cannot be written: at once (unbuffered) or at the end. */
static void test_diff_unwritable(void **state)
{
    kh_policy *op, *np;
    both(scale_stream_policy, &op, &np);
    for (int buffered = 0; buffered < 2; buffered++) {
        FILE *in = input("{\"x\": 3}\n");
        FILE *full = fopen("/dev/full", "w");
        assert_non_null(full);
        if (!buffered) setvbuf(full, NULL, _IONBF, 0);
        kh_diff_options o = {.format = KH_DIFF_JSON};
        kh_eval_summary sum;
        assert_int_equal(kh_diff(op, np, in, "in.ndjson", full, &o, &sum), KH_IO_ERROR);
        fclose(full);
        fclose(in);
    }
    kh_policy_free(op);
    kh_policy_free(np);
}

/* 6000 changed records of a roster (kept in memory, then compared):
 * written in pieces as they come, all of them, one CSV row each:
 * "RN,y,,N,2N,+N" for id RN and x = N. */
static void test_diff_large(void **state)
{
    kh_policy *op, *np;
    both(scale_policy, &op, &np);
    FILE *in = tmpfile();
    assert_non_null(in);
    for (int i = 1; i <= 6000; i++) fprintf(in, "{\"id\": \"R%d\", \"x\": %d}\n", i, i);
    rewind(in);
    char *data = NULL;
    size_t len = 0;
    FILE *out = open_memstream(&data, &len);
    kh_diff_options o = {.format = KH_DIFF_CSV};
    kh_eval_summary sum;
    assert_int_equal(kh_diff(op, np, in, "in.ndjson", out, &o, &sum), KH_OK);
    char *text = text_of(out, &data);
    size_t want = strlen("\xEF\xBB\xBFid,output,entry,old,new,delta\r\n");
    for (int i = 1; i <= 6000; i++) {
        char row[64];
        want += (size_t)snprintf(row, sizeof row, "R%d,y,,%d,%d,+%d\r\n", i, i, 2 * i, i);
    }
    assert_int_equal(strlen(text), want);
    assert_non_null(strstr(text, "\r\nR5999,y,,5999,11998,+5999\r\nR6000,y,,6000,12000,+6000\r\n"));
    assert_int_equal(sum.records, 6000);
    free(data);
    fclose(in);
    kh_policy_free(op);
    kh_policy_free(np);
}

/* A test file that cannot be read fails as "(the file)"; colour marks
 * FAIL bold red and ok green. */
static void test_test_file(void **state)
{
    char dir[] = "/tmp/kaohe-cov-xd.XXXXXX";
    assert_non_null(mkdtemp(dir));
    char path[256], pol[256];
    snprintf(path, sizeof path, "%s/none.test.json", dir);
    char *data = NULL;
    size_t len = 0;
    FILE *out = open_memstream(&data, &len);
    int passed = 0, failed = 0;
    kh_test_file(path, out, true, &passed, &failed);
    snprintf(pol, sizeof pol, "%s/t.rules", dir);
    FILE *f = fopen(pol, "w");
    assert_non_null(f);
    fputs(scale_policy, f);
    fclose(f);
    snprintf(path, sizeof path, "%s/good.test.json", dir);
    f = fopen(path, "w");
    assert_non_null(f);
    fputs("{\"policy\": \"t.rules\", \"cases\": [{\"name\": \"k\", \"set\": {\"k\": 4}, \"records\": [{\"id\": \"A\", "
          "\"x\": 3}], \"expect\": {\"A\": {\"y\": 12}}}]}",
          f);
    fclose(f);
    kh_test_file(path, out, true, &passed, &failed);
    assert_string_equal(text_of(out, &data), "\033[1;31mFAIL\033[0m none.test.json: (the file)\n"
                                             "    the file cannot be read: No such file or directory\n"
                                             "\033[32mok\033[0m   good.test.json: k\n");
    assert_int_equal(passed, 1);
    assert_int_equal(failed, 1);
    free(data);
    unlink(path);
    unlink(pol);
    rmdir(dir);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_explain_colour),        cmocka_unit_test(test_explain_json_inactive),
        cmocka_unit_test(test_explain_unwritable),    cmocka_unit_test(test_diff_colour_default_names),
        cmocka_unit_test(test_diff_pipe),             cmocka_unit_test(test_diff_unwritable),
        cmocka_unit_test(test_diff_large),            cmocka_unit_test(test_test_file),
        cmocka_unit_test(test_explain_crlf_tab),      cmocka_unit_test(test_explain_limits),
        cmocka_unit_test(test_explain_empty_text),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
