/*
 * test_hostile.c — damaged input cut short at every byte, in process (one
 * policy load, thousands of evaluations; the e2e suite tests/e2e/hostile.sh
 * covers the rest of the hostile inputs through the command line).
 *
 * A JSON array or an NDJSON record of the 2014 schema, and a policy, are cut
 * at every byte.  Expected, for every cut: an array that is cut short is an
 * input error (KH_IO_ERROR) and no result is written; an NDJSON record cut
 * short is one record in error (KH_RECORD_ERRORS, one result, one error); a
 * policy cut short either loads or reports at least one error — never NULL
 * without a reason.  The uncut texts evaluate (load) cleanly.  Run from the
 * repository root.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <cjson/cJSON.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "kaohe.h"
#include "mem.h"

#define POLICY "rules/customer-service-2014.rules"
#define ROSTER "examples/roster-2014-06.json"

static char *slurp(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    assert_non_null(f);
    size_t cap = 1 << 16, n = 0;
    char *buf = mem_alloc(cap);
    assert_non_null(buf);
    size_t got;
    while ((got = fread(buf + n, 1, cap - n, f)) > 0) {
        n += got;
        if (n == cap) {
            cap *= 2;
            buf = mem_realloc(buf, cap);
            assert_non_null(buf);
        }
    }
    fclose(f);
    buf[n < cap ? n : cap - 1] = '\0';
    *len = n;
    return buf;
}

/* The first `n` records of the example roster, as compact JSON (an array). */
static char *roster_head(int n)
{
    size_t len;
    char *text = slurp(ROSTER, &len);
    cJSON *all = cJSON_Parse(text);
    mem_free(text);
    assert_non_null(all);
    cJSON *head = cJSON_CreateArray();
    for (int i = 0; i < n; i++) cJSON_AddItemToArray(head, cJSON_Duplicate(cJSON_GetArrayItem(all, i), 1));
    char *out = cJSON_PrintUnformatted(head);
    cJSON_Delete(head);
    cJSON_Delete(all);
    assert_non_null(out);
    return out;
}

static int count_errors;

static void on_error(void *ud, size_t index, const char *id, const char *message)
{
    (void)ud;
    (void)index;
    (void)id;
    assert_true(message && message[0]);
    count_errors++;
}

/* Evaluates text[0..len) under p; returns the status, fills *s. */
static int eval_text(const kh_policy *p, const char *text, size_t len, kh_eval_summary *s)
{
    static char none[1];
    FILE *in = len ? fmemopen((void *)text, len, "r") : fmemopen(none, 1, "r");
    assert_non_null(in);
    if (!len) (void)fgetc(in); /* an empty stream */
    char *res = NULL;
    size_t reslen = 0;
    FILE *out = open_memstream(&res, &reslen);
    assert_non_null(out);
    kh_eval_options o;
    memset(&o, 0, sizeof o);
    o.format = KH_FORMAT_NDJSON;
    o.record_error = on_error;
    count_errors = 0;
    int rc = kh_eval(p, in, "cut.json", out, &o, s);
    fclose(in);
    fclose(out);
    free(res);
    return rc;
}

static kh_policy *load_2014(void)
{
    kh_diags *d = kh_diags_new();
    kh_policy *p = kh_policy_load(POLICY, d);
    kh_diags_free(d);
    assert_non_null(p);
    return p;
}

/* An array cut anywhere is not valid JSON: an input error, and no record of
 * it is handed out. */
static void array_cut_at_every_byte(void **state)
{
    (void)state;
    kh_policy *p = load_2014();
    char *text = roster_head(2);
    size_t n = strlen(text);
    kh_eval_summary s;
    assert_int_equal(eval_text(p, text, n, &s), KH_OK);
    assert_int_equal(s.records, 2);
    for (size_t cut = 0; cut < n; cut++) {
        int rc = eval_text(p, text, cut, &s);
        if (rc != KH_IO_ERROR || s.records != 0 || !s.fatal[0])
            fail_msg("array cut at byte %zu of %zu: status %d, %zu results, reason '%s'", cut, n, rc, s.records, s.fatal);
    }
    free(text); /* cJSON's */
    kh_policy_free(p);
}

/* An NDJSON record cut anywhere (but not to nothing) is one bad record. */
static void ndjson_record_cut_at_every_byte(void **state)
{
    (void)state;
    kh_policy *p = load_2014();
    char *text = roster_head(1);
    size_t n = strlen(text) - 2; /* the record without the array's brackets */
    char *rec = text + 1;
    kh_eval_summary s;
    assert_int_equal(eval_text(p, rec, n, &s), KH_OK);
    assert_int_equal(s.records, 1);
    for (size_t cut = 1; cut < n; cut++) {
        int rc = eval_text(p, rec, cut, &s);
        if (rc != KH_RECORD_ERRORS || s.records != 1 || s.errors != 1 || count_errors != 1)
            fail_msg("record cut at byte %zu of %zu: status %d, %zu results, %zu errors", cut, n, rc, s.records, s.errors);
    }
    free(text); /* cJSON's */
    kh_policy_free(p);
}

/* A policy cut anywhere loads, or says why not. */
static void policy_cut(const char *name, const char *text, size_t n, size_t stride)
{
    for (size_t cut = 0; cut <= n; cut += stride) {
        kh_diags *d = kh_diags_new();
        kh_policy *p = kh_policy_load_text(name, text, cut, d);
        if (!p && kh_diags_errors(d) == 0) fail_msg("%s cut at byte %zu: not loaded, and no error reported", name, cut);
        if (cut == n && !p) fail_msg("%s: the whole text does not load", name);
        kh_policy_free(p);
        kh_diags_free(d);
    }
}

static void policy_cut_at_every_byte(void **state)
{
    (void)state;
    /* a small policy with every kind of block: every byte */
    static const char small[] =
        "policy \"cut\"\n"
        "input:\n"
        "    id \"工号\": text, key\n"
        "    period: month\n"
        "    score: decimal, within 0..100\n"
        "    pay.base: money, at least 0\n"
        "    deals: list of record\n"
        "        profit: money\n"
        "        paid: boolean\n"
        "roster by period\n"
        "param rate \"§八.2 提成\" = 8%\n"
        "cut = tier score:\n"
        "    below 85  -> 10%\n"
        "    otherwise -> 0%\n"
        "due = when:\n"
        "    score >= 90 -> pay.base\n"
        "    otherwise   -> pay.base × (1 − cut)\n"
        "output paid = round(sum(profit over deals where paid) * rate + due, 2)\n"
        "output total = ledger from 0 yuan:\n"
        "    \"基本\" +paid\n"
        "    \"奖\"   +50 yuan when score = 100\n"
        "output low = min(score over roster)\n"
        "check \"one top\": count(roster where score = 100) <= 1\n";
    policy_cut("cut.rules", small, sizeof small - 1, 1);
    /* the shipped policy: every 7th byte, to keep the test quick under the
     * sanitizers (the include resolves beside it; fuzz_policy does the rest) */
    size_t n;
    char *text = slurp(POLICY, &n);
    policy_cut(POLICY, text, n, 7);
    mem_free(text);
}

/* Diagnostics in colour (as on a terminal), for files with CRLF line ends, a
 * tab and a CJK character before the faults: the line is shown without its
 * '\r', the caret keeps the tab and counts 宽 as two columns.  (Warnings are
 * not given once there are errors, so the warning has a policy of its own.) */
static char *render(const char *name, const char *text, size_t len, int errors, int warnings)
{
    kh_diags *d = kh_diags_new();
    kh_policy *p = kh_policy_load_text(name, text, len, d);
    assert_true(errors ? p == NULL : p != NULL);
    assert_int_equal(kh_diags_errors(d), errors);
    assert_int_equal(kh_diags_warnings(d), warnings);
    char *out = NULL;
    size_t n = 0;
    FILE *f = open_memstream(&out, &n);
    assert_non_null(f);
    kh_diags_print(d, f, true);
    fclose(f);
    kh_policy_free(p);
    kh_diags_free(d);
    return out;
}

static void diagnostics_render(void **state)
{
    (void)state;
    static const char warn[] = "input:\r\n"
                               "    n: integer\r\n"
                               "    m: integer\r\n"
                               "output y = n\r\n";
    char *out = render("warn.rules", warn, sizeof warn - 1, 0, 1);
    assert_string_equal(out,
        "\033[1mwarn.rules:3:5:\033[0m \033[1;35mwarning:\033[0m \033[1mthe input field 'm' is never used\033[0m\n"
        "        m: integer\n"
        "        \033[1;35m^\033[0m\n"
        "    mark it 'display' if it is only shown on slips and reports\n");
    free(out);
    static const char errs[] = "input:\r\n"
                               "    n: integer\r\n"
                               "output y = \"宽\" + n\r\n"
                               "output z =\tn + \"a\"\r\n";
    out = render("crlf.rules", errs, sizeof errs - 1, 2, 0);
    assert_string_equal(out,
        "\033[1mcrlf.rules:3:12:\033[0m \033[1;31merror:\033[0m \033[1m'+' needs numbers, not one of \"宽\" and integer\033[0m\n"
        "    output y = \"宽\" + n\n"
        "               \033[1;31m^~~~~~~~\033[0m\n"
        "\033[1mcrlf.rules:4:12:\033[0m \033[1;31merror:\033[0m \033[1m'+' needs numbers, not integer and one of \"a\"\033[0m\n"
        "    output z =\tn + \"a\"\n"
        "              \t\033[1;31m^~~~~~~\033[0m\n");
    free(out);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(array_cut_at_every_byte),
        cmocka_unit_test(ndjson_record_cut_at_every_byte),
        cmocka_unit_test(policy_cut_at_every_byte),
        cmocka_unit_test(diagnostics_render),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
