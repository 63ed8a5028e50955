/*
 * fuzz_fmt.c — libFuzzer harness: `kaohe fmt` keeps what a policy means.
 *
 * Bytes are a policy's text, named in the private directory of sandbox.h
 * (so includes resolve there and nowhere else).  For every input:
 *   - fmt formats it exactly when it loads (parses and checks without
 *     errors), and then says the same things as loading does;
 *   - formatting is idempotent: the formatted text formats to itself;
 *   - the formatted text loads with the same diagnostics (count, level and
 *     message of each, in order; only the places move);
 *   - both evaluate a fixed small roster to byte-identical output (JSON
 *     with the itemised ledgers) and the same counts.
 * Any difference aborts (a finding).  Seeds: tests/fuzz/corpus-fmt/ (valid
 * policies over the roster's fields, written untidily: comments
 * everywhere, long lines, Chinese quotes and full-width characters, CR
 * and CRLF line endings, includes).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "kaohe.h"
#include "policy.h"
#include "sandbox.h"

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const unsigned char *data, size_t size);

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    (void)argc;
    (void)argv;
    sandbox_init("fuzz_fmt");
    return 0;
}

/* The roster: records of the seeds' schema (id, period, x, r, amt, ok,
 * kind, d, deals), one of the customer-service schema, and odd ones. */
static const char roster[] =
    "{\"id\":\"a\",\"period\":\"2014-06\",\"x\":3,\"r\":0.75,\"amt\":\"1738.64\",\"ok\":true,\"kind\":\"b\","
    "\"d\":\"2014-06-09\",\"deals\":[{\"profit\":\"120.50\",\"paid\":true},{\"profit\":80,\"paid\":false}]}\n"
    "{\"id\":\"b\",\"period\":\"2014-06\",\"x\":0,\"r\":1,\"amt\":0,\"ok\":false,\"kind\":\"a\",\"d\":\"2014-06-30\","
    "\"deals\":[]}\n"
    "{\"id\":\"c\",\"period\":\"2014-07\",\"x\":-2,\"r\":0.1,\"amt\":\"99.99\",\"ok\":true,\"kind\":\"c\","
    "\"d\":\"2014-07-01\",\"deals\":[{\"profit\":\"5.00\",\"paid\":true}]}\n"
    "{\"id\":\"CS-1\",\"period\":\"2014-06\",\"name\":\"张三\",\"status\":\"regular\",\"level\":\"specialist\","
    "\"hire_date\":\"2013-01-07\",\"telesales_years\":1.5,\"management_years\":0,\"team_size\":0,\"workdays\":21,"
    "\"days_present\":21,\"calls\":1800,\"call_minutes\":3400,\"quota\":{\"calls_per_day\":80,\"minutes_per_day\":150},"
    "\"members\":22,\"member_target\":20,\"contact_rate\":0.93,\"exam_score\":100,\"satisfaction\":0.97,"
    "\"incidents\":{\"nonstandard_service\":0,\"forbidden_language\":0,\"complaint\":0,\"confidentiality\":0},"
    "\"merits\":{\"praised\":1,\"hazard_reported\":0,\"suggestion_adopted\":1,\"service_star\":\"none\","
    "\"discretionary\":0},\"pay\":{\"base\":\"2000.00\",\"position\":\"300.00\",\"allowance\":\"200.00\"},"
    "\"deals\":[],\"year_profit\":0}\n"
    "{}\n"
    "[1]\n";

/* Loads text (in the sandbox); the diagnostics as "level: message" lines,
 * and the counts. */
static kh_policy *load(const char *text, size_t len, char **said, int *errors, int *warnings)
{
    kh_diags *d = kh_diags_new();
    kh_policy *p = kh_policy_load_text(sandbox_name, text, len, d);
    size_t n = 0;
    FILE *f = open_memstream(said, &n);
    diag_list *l = kh_diags_list(d);
    for (int i = 0; i < l->n; i++) {
        const diag *g = &l->items[i];
        fprintf(f, "%d: %s | %s\n", (int)g->level, g->message, g->hint ? g->hint : "");
    }
    fclose(f);
    *errors = kh_diags_errors(d);
    *warnings = kh_diags_warnings(d);
    kh_diags_free(d);
    return p;
}

/* Formats text; NULL when fmt refuses it. */
static char *format(const char *text, size_t len, size_t *out_len, int *errors)
{
    kh_diags *d = kh_diags_new();
    char *out = NULL;
    bool ok = kh_fmt_text(sandbox_name, text, len, &out, out_len, d);
    *errors = kh_diags_errors(d);
    kh_diags_free(d);
    return ok ? out : NULL;
}

/* The results of p on the roster, with ledgers, and the counts. */
static char *evaluate(const kh_policy *p, kh_eval_summary *s)
{
    char *buf = NULL;
    size_t n = 0;
    FILE *out = open_memstream(&buf, &n);
    FILE *in = fmemopen((void *)roster, sizeof roster - 1, "r");
    kh_eval_options o;
    memset(&o, 0, sizeof o);
    o.format = KH_FORMAT_JSON;
    o.explain = true;
    if (in && out) kh_eval(p, in, "roster", out, &o, s);
    if (in) fclose(in);
    if (out) fclose(out);
    return buf;
}

static void finding(const char *what, const char *a, const char *b)
{
    fprintf(stderr, "fuzz_fmt: %s\n--- before fmt:\n%s\n--- after fmt:\n%s\n", what, a ? a : "(none)", b ? b : "(none)");
    abort();
}

int LLVMFuzzerTestOneInput(const unsigned char *data, size_t size)
{
    sandbox_guarded = 1;
    const char *text = (const char *)data;
    char *said1 = NULL, *said2 = NULL;
    int e1, w1, e2, w2, fe;
    kh_policy *p1 = load(text, size, &said1, &e1, &w1);
    size_t len1 = 0;
    char *once = format(text, size, &len1, &fe);
    if (!p1 != !once) finding(p1 ? "fmt refused a policy that loads" : "fmt formatted a policy that does not load", said1, once);
    if (!p1) {
        if (fe != e1) finding("fmt and load say a different number of errors", said1, NULL);
        free(said1);
        sandbox_guarded = 0;
        return 0;
    }
    /* idempotent */
    size_t len2 = 0;
    char *twice = format(once, len1, &len2, &fe);
    if (!twice || len2 != len1 || memcmp(once, twice, len1) != 0) finding("formatting the formatted text changes it", once, twice);
    /* the same diagnostics */
    kh_policy *p2 = load(once, len1, &said2, &e2, &w2);
    if (!p2) finding("the formatted policy does not load", said1, said2);
    if (e1 != e2 || w1 != w2 || strcmp(said1, said2) != 0) finding("the formatted policy says other things", said1, said2);
    /* the same results */
    kh_eval_summary s1, s2;
    char *r1 = evaluate(p1, &s1), *r2 = evaluate(p2, &s2);
    if (!r1 || !r2 || strcmp(r1, r2) != 0 || s1.records != s2.records || s1.errors != s2.errors ||
        s1.checks_failed != s2.checks_failed)
        finding("the formatted policy gives other results", r1, r2);
    free(r1);
    free(r2);
    kh_policy_free(p2);
    free(said2);
    free(twice);
    free(once);
    kh_policy_free(p1);
    free(said1);
    sandbox_guarded = 0;
    return 0;
}
