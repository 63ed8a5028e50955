/*
 * test_oom.c — out of memory is an error returned at the API boundary: a
 * context whose allocator fails the Nth allocation, for every N, over the
 * load of rules/customer-service-2014.rules and over a run of the June 2014
 * roster (kh_eval, with worker threads too, chained from last month's
 * results, a session fed record by record, and the tools library's kh_diff,
 * kh_explain, kh_slip and kh_report).  Each call must
 * return KH_NO_MEMORY while N is within the allocations it makes (and then
 * succeed, with the results of examples/ROSTERS.md: 39 records, 4 refused),
 * give back every block it took (counted here; LSan checks the rest under
 * asan-test), leave the caller's diagnostics as they were, and print
 * nothing.  Also the context's limits and includes.
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

#include "kaohe.h"
#include "kaohe_tools.h"

#define POLICY "rules/customer-service-2014.rules"
#define ROSTER "examples/roster-2014-06.json"

/* An allocator that fails its fail_at-th allocation (malloc or realloc;
 * 0: none) and counts the blocks alive. */
typedef struct counter {
    long calls, fail_at, live;
    bool failed;
} counter;

static void *c_malloc(void *ud, size_t n)
{
    counter *c = ud;
    if (++c->calls == c->fail_at) {
        c->failed = true;
        return NULL;
    }
    void *p = malloc(n);
    if (p) c->live++;
    return p;
}

static void *c_realloc(void *ud, void *p, size_t n)
{
    counter *c = ud;
    if (++c->calls == c->fail_at) {
        c->failed = true;
        return NULL;
    }
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

static kh_context *counting_context(counter *c)
{
    kh_context_options o;
    kh_context_options_init(&o);
    o.allocator = (kh_allocator){c_malloc, c_realloc, c_free, c};
    kh_context *ctx = kh_context_new(&o);
    assert_non_null(ctx);
    return ctx;
}

static void arm(counter *c, long n)
{
    c->calls = 0;
    c->fail_at = n;
    c->failed = false;
}

/* stdout and stderr go to a file while the calls run: nothing may reach it. */
typedef struct quiet {
    int saved_out, saved_err;
    FILE *sink;
} quiet;

static void quiet_begin(quiet *q)
{
    fflush(stdout);
    fflush(stderr);
    q->sink = tmpfile();
    assert_non_null(q->sink);
    q->saved_out = dup(1);
    q->saved_err = dup(2);
    dup2(fileno(q->sink), 1);
    dup2(fileno(q->sink), 2);
}

/* The bytes printed meanwhile. */
static long quiet_end(quiet *q)
{
    fflush(stdout);
    fflush(stderr);
    dup2(q->saved_out, 1);
    dup2(q->saved_err, 2);
    close(q->saved_out);
    close(q->saved_err);
    fseek(q->sink, 0, SEEK_END);
    long n = ftell(q->sink);
    fclose(q->sink);
    return n;
}

static char *read_file(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    assert_non_null(f);
    fseek(f, 0, SEEK_END);
    long n = ftell(f);
    fseek(f, 0, SEEK_SET);
    char *s = malloc((size_t)n + 1);
    assert_non_null(s);
    assert_int_equal(fread(s, 1, (size_t)n, f), (size_t)n);
    s[n] = '\0';
    fclose(f);
    *len = (size_t)n;
    return s;
}

/* A sweep's outcome, checked once the output is back. */
typedef struct sweep {
    long n;            /* the allocation failed when the sweep ended (the first that succeeded) */
    long wrong_rc;     /* the first N whose call returned something else, or 0 */
    int wrong;         /* ...what it returned */
    int rc;
    long leaked_at;    /* the first N after which blocks were left alive, or 0 */
    long diags_at;     /* load: the first N that left diagnostics behind, or 0 */
} sweep;

static void test_load_fails_at_every_allocation(void **state)
{
    (void)state;
    counter c = {0};
    kh_context *ctx = counting_context(&c);
    sweep w = {0};
    kh_diags *d = kh_diags_new();
    quiet q;
    quiet_begin(&q);
    for (w.n = 1;; w.n++) {
        arm(&c, w.n);
        kh_policy *p = (kh_policy *)1;
        int rc = kh_policy_load_in(ctx, POLICY, NULL, 0, d, &p);
        if (!c.failed) {
            w.rc = rc;
            kh_policy_free(p);
            break;
        }
        if ((rc != KH_NO_MEMORY || p != NULL) && !w.wrong_rc) {
            w.wrong_rc = w.n;
            w.wrong = rc;
        }
        /* (d may have grown its arrays before the failure: they are d's,
         * counted once d is freed) */
        if (kh_diags_count(d) != 0 && !w.diags_at) w.diags_at = w.n;
    }
    long printed = quiet_end(&q);
    if (w.wrong_rc) print_message("allocation %ld failed: the load returned %d\n", w.wrong_rc, w.wrong);
    assert_int_equal(printed, 0);
    assert_int_equal(w.wrong_rc, 0);
    assert_int_equal(w.diags_at, 0);
    assert_int_equal(w.rc, KH_OK);
    print_message("policy load: %ld allocations, each failed once\n", w.n - 1);
    assert_true(w.n > 20); /* a file, its tokens, tree and plan, in arenas */
    kh_diags_free(d);
    kh_context_free(ctx);
    assert_int_equal(c.live, 0);
}

/* A policy of the counting context, loaded with no failure. */
static kh_policy *load_counted(counter *c, kh_context *ctx)
{
    arm(c, 0);
    kh_diags *d = kh_diags_new();
    kh_policy *p = NULL;
    assert_int_equal(kh_policy_load_in(ctx, POLICY, NULL, 0, d, &p), KH_OK);
    kh_diags_free(d);
    return p;
}

/* A call swept: p over `in` into `out` (arg: what else it takes). */
typedef struct swept {
    const char *what; /* named in the test's message */
    int (*call)(const kh_policy *p, FILE *in, FILE *out, const void *arg, kh_eval_summary *s);
    const void *arg;
} swept;

static int call_eval(const kh_policy *p, FILE *in, FILE *out, const void *arg, kh_eval_summary *s)
{
    return kh_eval(p, in, "roster", out, arg, s);
}

/* Fails each allocation of the call over `roster_path`, with p a policy of
 * the counting context c (and the blocks alive before it `base`); the call
 * without failure gives `records` results, `errors` of them refused, and
 * returns `want`. */
static void sweep_call(counter *c, const kh_policy *p, long base, const swept *call, const char *roster_path,
                       int want, size_t records, size_t errors)
{
    size_t len;
    char *roster = read_file(roster_path, &len);
    sweep w = {0};
    kh_eval_summary s;
    quiet q;
    quiet_begin(&q);
    for (w.n = 1;; w.n++) {
        arm(c, w.n);
        FILE *in = fmemopen(roster, len, "r");
        char *out = NULL;
        size_t out_len = 0;
        FILE *o = open_memstream(&out, &out_len);
        int rc = call->call(p, in, o, call->arg, &s);
        fclose(in);
        fclose(o);
        free(out);
        if (c->live != base && !w.leaked_at) w.leaked_at = w.n;
        if (!c->failed) {
            w.rc = rc;
            break;
        }
        if ((rc != KH_NO_MEMORY || strcmp(s.fatal, "out of memory") != 0) && !w.wrong_rc) w.wrong_rc = w.n;
    }
    long printed = quiet_end(&q);
    assert_int_equal(printed, 0);
    /* its memory comes from the policy's context: some allocation failed */
    assert_true(w.n > 1);
    assert_int_equal(w.wrong_rc, 0);
    assert_int_equal(w.leaked_at, 0);
    assert_int_equal(w.rc, want);
    assert_int_equal(s.records, records);
    assert_int_equal(s.errors, errors);
    print_message("%s: %ld allocations, each failed once\n", call->what, w.n - 1);
    free(roster);
}

/* kh_eval over `roster_path` (with last month's results `prior`, or NULL),
 * swept as sweep_call. */
static void eval_sweep_of(int jobs, const char *roster_path, const char *prior, int want, size_t records,
                          size_t errors)
{
    counter c = {0};
    kh_context *ctx = counting_context(&c);
    kh_policy *p = load_counted(&c, ctx);
    kh_eval_options opts = {.format = KH_FORMAT_NDJSON, .jobs = jobs, .prior_path = prior};
    char what[64];
    snprintf(what, sizeof what, "roster run (jobs %d%s)", jobs, prior ? ", --prior" : "");
    swept call = {what, call_eval, &opts};
    sweep_call(&c, p, c.live, &call, roster_path, want, records, errors);
    kh_policy_free(p);
    kh_context_free(ctx);
    assert_int_equal(c.live, 0);
}

static void eval_sweep(int jobs)
{
    /* examples/ROSTERS.md: 39 records, 4 refused */
    eval_sweep_of(jobs, ROSTER, NULL, KH_RECORD_ERRORS, 39, 4);
}

static void test_eval_fails_at_every_allocation(void **state)
{
    (void)state;
    eval_sweep(1);
}

/* With worker threads an allocation fails on whichever thread makes it:
 * the workers stop and the call unwinds once they are joined. */
static void test_eval_with_threads_fails_at_every_allocation(void **state)
{
    (void)state;
    eval_sweep(3);
}

/* Chained from May's results (--prior: a file read into cJSON trees that
 * a failure must free as well): June's 4 records of the chain fixture
 * (tests/policy/customer-service-2014/chain), none refused. */
static void test_eval_with_prior_fails_at_every_allocation(void **state)
{
    (void)state;
    const char *may = "tests/policy/customer-service-2014/chain/2014-05.json";
    kh_diags *d = kh_diags_new();
    kh_policy *p = kh_policy_load(POLICY, d);
    assert_non_null(p);
    kh_diags_free(d);
    char prior[] = "/tmp/kaohe-test-oom-XXXXXX";
    int fd = mkstemp(prior);
    assert_true(fd >= 0);
    FILE *out = fdopen(fd, "w");
    FILE *in = fopen(may, "rb");
    assert_non_null(in);
    kh_eval_options opts = {.format = KH_FORMAT_JSON};
    kh_eval_summary s;
    assert_int_equal(kh_eval(p, in, may, out, &opts, &s), KH_OK);
    fclose(in);
    fclose(out);
    kh_policy_free(p);
    eval_sweep_of(1, "tests/policy/customer-service-2014/chain/2014-06.json", prior, KH_OK, 4, 0);
    unlink(prior);
}

/* kh_diff of `arg` (the old policy) against p. */
static int call_diff(const kh_policy *p, FILE *in, FILE *out, const void *arg, kh_eval_summary *s)
{
    kh_diff_options o = {.format = KH_DIFF_JSON};
    return kh_diff(arg, p, in, "roster", out, &o, s);
}

/* The what-if of the tools library (kh_diff, which the Python package's
 * Policy.diff calls): the June roster under the shipped policy and under
 * it with commission_rate at 9%, in one read.  Without failure: 39 records,
 * the 4 refused ones counted on the new side (examples/ROSTERS.md), and so
 * KH_RECORD_ERRORS, as kh_eval's. */
static void test_diff_fails_at_every_allocation(void **state)
{
    (void)state;
    counter c = {0};
    kh_context *ctx = counting_context(&c);
    kh_policy *old_p = load_counted(&c, ctx);
    kh_policy *new_p = load_counted(&c, ctx);
    char err[256];
    assert_true(kh_policy_set(new_p, "commission_rate", "9%", err, sizeof err));
    swept call = {"what-if (kh_diff)", call_diff, old_p};
    sweep_call(&c, new_p, c.live, &call, ROSTER, KH_RECORD_ERRORS, 39, 4);
    kh_policy_free(old_p);
    kh_policy_free(new_p);
    kh_context_free(ctx);
    assert_int_equal(c.live, 0);
}

static int call_explain(const kh_policy *p, FILE *in, FILE *out, const void *arg, kh_eval_summary *s)
{
    kh_explain_options o = {.id = arg};
    return kh_explain(p, in, "roster", out, &o, s);
}

/* kh_explain (the Python package's Policy.explain) of CS-0101, the June
 * roster's first agent, evaluated in full: 39 records, 4 refused. */
static void test_explain_fails_at_every_allocation(void **state)
{
    (void)state;
    counter c = {0};
    kh_context *ctx = counting_context(&c);
    kh_policy *p = load_counted(&c, ctx);
    swept call = {"explain (kh_explain)", call_explain, "CS-0101"};
    sweep_call(&c, p, c.live, &call, ROSTER, KH_OK, 39, 4);
    kh_policy_free(p);
    kh_context_free(ctx);
    assert_int_equal(c.live, 0);
}

/* The manifest's JSON, with no allocation failing meanwhile (malloc'd). */
static char *manifest_text(counter *c, const kh_manifest *m)
{
    long fail_at = c->fail_at;
    c->fail_at = 0;
    char *text = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&text, &len);
    assert_true(kh_manifest_write(m, f));
    fclose(f);
    c->fail_at = fail_at;
    return text;
}

/* A slip or a report into the caller's manifest, which a call that runs
 * out of memory must leave as it was. */
typedef struct with_manifest {
    counter *c;
    kh_manifest *m;
    const char *before; /* its JSON before any call */
} with_manifest;

/* -1 (no status kaohe returns) when a failed call changed the manifest */
static int manifest_kept(const with_manifest *w, int rc)
{
    if (rc != KH_NO_MEMORY) return rc;
    char *now = manifest_text(w->c, w->m);
    bool same = strcmp(now, w->before) == 0;
    free(now);
    return same ? rc : -1;
}

static void on_slip(void *ud, size_t index, const char *id, const char *text, size_t len)
{
    fwrite(text, 1, len, ud);
}

static int call_slip(const kh_policy *p, FILE *in, FILE *out, const void *arg, kh_eval_summary *s)
{
    const with_manifest *w = arg;
    kh_slip_options o = {.id = "CS-0101", .manifest = w->m, .ud = out, .slip = on_slip};
    return manifest_kept(w, kh_slip(p, in, "roster", &o, s));
}

static int call_report(const kh_policy *p, FILE *in, FILE *out, const void *arg, kh_eval_summary *s)
{
    const with_manifest *w = arg;
    kh_report_options o = {.manifest = w->m};
    return manifest_kept(w, kh_report(p, in, "roster", out, &o, s));
}

/* kh_slip of CS-0101 and kh_report of the June roster, each into a
 * manifest of the caller's: as kh_eval, KH_RECORD_ERRORS for the 4
 * refused of 39 records (examples/ROSTERS.md). */
static void tool_sweep(const char *what, int (*fn)(const kh_policy *, FILE *, FILE *, const void *, kh_eval_summary *))
{
    counter c = {0};
    kh_context *ctx = counting_context(&c);
    kh_policy *p = load_counted(&c, ctx);
    kh_manifest *m = kh_manifest_new(p, 0);
    assert_non_null(m);
    char *before = manifest_text(&c, m);
    with_manifest w = {&c, m, before};
    swept call = {what, fn, &w};
    sweep_call(&c, p, c.live, &call, ROSTER, KH_RECORD_ERRORS, 39, 4);
    free(before);
    kh_manifest_free(m);
    kh_policy_free(p);
    kh_context_free(ctx);
    assert_int_equal(c.live, 0);
}

static void test_slip_fails_at_every_allocation(void **state)
{
    (void)state;
    tool_sweep("pay slip (kh_slip)", call_slip);
}

static void test_report_fails_at_every_allocation(void **state)
{
    (void)state;
    tool_sweep("roster report (kh_report)", call_report);
}

/* The June roster's records, each a JSON object on a line of its own. */
static int split_records(char *roster, const char **rec, size_t *len, int cap)
{
    int n = 0, depth = 0;
    const char *start = NULL;
    bool in_string = false, escaped = false;
    for (char *p = roster; *p; p++) {
        if (in_string) {
            if (escaped) escaped = false;
            else if (*p == '\\') escaped = true;
            else if (*p == '"') in_string = false;
            continue;
        }
        if (*p == '"') in_string = true;
        else if (*p == '{' && depth++ == 0) start = p;
        else if (*p == '}' && --depth == 0 && n < cap) {
            rec[n] = start;
            len[n++] = (size_t)(p + 1 - start);
        }
    }
    return n;
}

static void test_session_fails_at_every_allocation(void **state)
{
    (void)state;
    counter c = {0};
    kh_context *ctx = counting_context(&c);
    kh_policy *p = load_counted(&c, ctx);
    long base = c.live;
    size_t len;
    char *roster = read_file(ROSTER, &len);
    const char *rec[64];
    size_t rec_len[64];
    int nrec = split_records(roster, rec, rec_len, 64);
    assert_int_equal(nrec, 39);
    sweep w = {0};
    int results = 0;
    quiet q;
    quiet_begin(&q);
    for (w.n = 1;; w.n++) {
        arm(&c, w.n);
        int rc = KH_OK;
        kh_session *s = kh_session_new(p, NULL);
        if (!s) rc = KH_NO_MEMORY;
        for (int i = 0; s && i < nrec && rc == KH_OK; i++) rc = kh_session_feed(s, rec[i], rec_len[i]);
        if (rc == KH_OK) rc = kh_session_run(s);
        results = 0;
        if (rc == KH_OK || rc == KH_RECORD_ERRORS) {
            kh_result *r;
            while ((r = kh_session_next(s)) != NULL) {
                results++;
                kh_result_free(r);
            }
        }
        kh_session_free(s);
        if (c.live != base && !w.leaked_at) w.leaked_at = w.n;
        if (!c.failed) {
            w.rc = rc;
            break;
        }
        if (rc != KH_NO_MEMORY && !w.wrong_rc) w.wrong_rc = w.n;
    }
    long printed = quiet_end(&q);
    assert_int_equal(printed, 0);
    assert_int_equal(w.wrong_rc, 0);
    assert_int_equal(w.leaked_at, 0);
    assert_int_equal(w.rc, KH_RECORD_ERRORS);
    assert_int_equal(results, 39);
    print_message("roster session: %ld allocations, each failed once\n", w.n - 1);
    free(roster);
    kh_policy_free(p);
    kh_context_free(ctx);
    assert_int_equal(c.live, 0);
}

/* A failed kh_policy_set leaves the param as it was. */
static void test_set_fails_and_keeps_the_param(void **state)
{
    (void)state;
    counter c = {0};
    kh_context *ctx = counting_context(&c);
    kh_policy *p = load_counted(&c, ctx);
    int i = kh_param_index(p, "commission_rate");
    assert_true(i >= 0);
    char before[64], after[64], err[256];
    kh_param_value(p, i, before, sizeof before);
    long n;
    for (n = 1;; n++) {
        arm(&c, n);
        bool ok = kh_policy_set(p, "commission_rate", "10%", err, sizeof err);
        if (!c.failed) {
            assert_true(ok);
            arm(&c, 0);
            break;
        }
        assert_false(ok);
        assert_string_equal(err, "out of memory");
        kh_param_value(p, i, after, sizeof after);
        assert_string_equal(after, before);
        assert_false(kh_param_overridden(p, i));
    }
    kh_param_value(p, i, after, sizeof after);
    assert_string_equal(after, "0.1");
    kh_policy_free(p);
    kh_context_free(ctx);
    assert_int_equal(c.live, 0);
}

/* The context's limits: steps per record, the policy's size; and includes
 * off. */
static void test_context_limits(void **state)
{
    (void)state;
    static const char text[] = "input:\n    id: text, key\n    xs: list of integer\n"
                               "output total = sum(each * 2 over xs)\n";
    kh_context_options o;
    kh_context_options_init(&o);
    o.max_steps = 50;
    kh_context *ctx = kh_context_new(&o);
    kh_diags *d = kh_diags_new();
    kh_policy *p = NULL;
    assert_int_equal(kh_policy_load_in(ctx, "steps.rules", text, strlen(text), d, &p), KH_OK);
    assert_int_equal(kh_policy_max_steps(p), 50);
    kh_result *r = NULL;
    const char small[] = "{\"id\":\"a\",\"xs\":[1,2]}";
    assert_int_equal(kh_eval_record(p, small, strlen(small), &r), KH_OK);
    assert_string_equal(kh_result_text(r, 0), "6");
    kh_result_free(r);
    char big[512] = "{\"id\":\"b\",\"xs\":[1";
    for (int i = 0; i < 99; i++) strcat(big, ",1");
    strcat(big, "]}");
    assert_int_equal(kh_eval_record(p, big, strlen(big), &r), KH_RECORD_ERRORS);
    assert_non_null(strstr(kh_result_error(r), "more than 50 steps for one record"));
    kh_result_free(r);
    kh_policy_free(p);
    kh_context_free(ctx);

    /* the text is 86 bytes: a limit of 85 refuses it, 86 takes it */
    assert_int_equal(strlen(text), 86);
    kh_context_options_init(&o);
    o.max_policy_bytes = 85;
    ctx = kh_context_new(&o);
    assert_int_equal(kh_policy_load_in(ctx, "big.rules", text, strlen(text), d, &p), KH_POLICY_ERROR);
    assert_null(p);
    assert_int_equal(kh_diags_errors(d), 1);
    assert_string_equal(kh_diag_message(d, 0), "cannot read 'big.rules': the policy's files together are larger than 85 bytes");
    o.max_policy_bytes = 86;
    kh_context *ctx2 = kh_context_new(&o);
    assert_int_equal(kh_policy_load_in(ctx2, "big.rules", text, strlen(text), d, &p), KH_OK);
    kh_policy_free(p);
    kh_diags_free(d); /* before the contexts its loads used */
    kh_context_free(ctx2);
    kh_context_free(ctx);

    /* includes off */
    static const char with_include[] = "input:\n    id: text, key\ninclude \"other.rules\"\noutput x = 1\n";
    kh_context_options_init(&o);
    o.includes_off = true;
    ctx = kh_context_new(&o);
    d = kh_diags_new();
    assert_int_equal(kh_policy_load_in(ctx, "inc.rules", with_include, strlen(with_include), d, &p), KH_POLICY_ERROR);
    assert_int_equal(kh_diags_count(d), 1);
    assert_int_equal(kh_diag_line(d, 0), 3);
    assert_string_equal(kh_diag_message(d, 0), "includes are off: this policy may not read 'other.rules'");
    kh_diags_free(d);
    kh_context_free(ctx);
    assert_int_equal(kh_policy_load_in(NULL, NULL, NULL, 0, NULL, &p), KH_USAGE_ERROR);
}

/* A formatted policy's warnings stay readable once kh_fmt_file returns:
 * they point into its sources, which the diagnostics keep (the lines are
 * examples/language-tour/params.rules': its params 6 and 7 are unused). */
static void test_fmt_keeps_its_warnings(void **state)
{
    (void)state;
    kh_diags *d = kh_diags_new();
    char *out = NULL;
    size_t len = 0;
    assert_true(kh_fmt_file("examples/language-tour/params.rules", &out, &len, d));
    assert_true(len > 0);
    free(out);
    assert_true(kh_diags_warnings(d) >= 2);
    assert_string_equal(kh_diag_file(d, 0), "examples/language-tour/params.rules");
    assert_int_equal(kh_diag_line(d, 0), 6);
    assert_string_equal(kh_diag_message(d, 0), "the param 'commission_rate' is never used");
    char *text = NULL;
    size_t text_len = 0;
    FILE *f = open_memstream(&text, &text_len);
    kh_diags_print(d, f, false);
    fclose(f);
    assert_non_null(strstr(text, "    param commission_rate"));
    free(text);
    kh_diags_free(d);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_load_fails_at_every_allocation),
        cmocka_unit_test(test_eval_fails_at_every_allocation),
        cmocka_unit_test(test_eval_with_threads_fails_at_every_allocation),
        cmocka_unit_test(test_eval_with_prior_fails_at_every_allocation),
        cmocka_unit_test(test_diff_fails_at_every_allocation),
        cmocka_unit_test(test_explain_fails_at_every_allocation),
        cmocka_unit_test(test_slip_fails_at_every_allocation),
        cmocka_unit_test(test_report_fails_at_every_allocation),
        cmocka_unit_test(test_session_fails_at_every_allocation),
        cmocka_unit_test(test_set_fails_and_keeps_the_param),
        cmocka_unit_test(test_context_limits),
        cmocka_unit_test(test_fmt_keeps_its_warnings),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
