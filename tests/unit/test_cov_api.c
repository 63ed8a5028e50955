/*
 * test_cov_api.c — the embedding API (kaohe.h) where test_api.c does not
 * go: a record that is a list (a refused record, never the start of an
 * array), values of every kind as text, snprintf-style texts cut short,
 * the calls given NULL or an index out of range, kh_eval's refusals and
 * its hooks (locate, the failed checks' CSV, an output that cannot be
 * written), formatting in either surface, text for a terminal, and the
 * introspection calls when an allocation fails.  Expectations are worked
 * out by hand from kaohe.h and the small policies below.
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

static kh_policy *load(const char *text)
{
    kh_diags *d = kh_diags_new();
    kh_policy *p = kh_policy_load_text("t.rules", text, strlen(text), d);
    if (!p) {
        kh_diags_print(d, stderr, false);
        fail_msg("the policy did not load");
    }
    kh_diags_free(d);
    return p;
}

static const char CALLS[] = "input:\n    id: text, key\n    calls: integer, at least 0\noutput x = calls * 2\n";

/* kaohe.h: "Adds one record, a JSON object.  Text that is not one is still
 * a record: its result is an error saying why."  A list fed as the first
 * record once made the whole input a JSON array: "[]" said out of memory,
 * and a list of two records gave the first one's result. */
static void test_a_record_that_is_a_list(void **state)
{
    (void)state;
    kh_policy *p = load(CALLS);
    kh_result *r = NULL;
    assert_int_equal(kh_eval_record(p, "[]", 2, &r), KH_RECORD_ERRORS);
    assert_non_null(r);
    assert_string_equal(kh_result_error(r), "a record must be a JSON object, not a list");
    kh_result_free(r);
    const char two[] = "[{\"id\":\"a\",\"calls\":1},{\"id\":\"b\",\"calls\":2}]";
    assert_int_equal(kh_eval_record(p, two, strlen(two), &r), KH_RECORD_ERRORS);
    assert_string_equal(kh_result_error(r), "a record must be a JSON object, not a list");
    assert_int_equal(kh_result_count(r), 0);
    kh_result_free(r);

    /* in a session: the list is record 0, refused; the next is evaluated */
    kh_session *s = kh_session_new(p, NULL);
    const char ok[] = "{\"id\":\"c\",\"calls\":3}";
    assert_int_equal(kh_session_feed(s, two, strlen(two)), KH_OK);
    assert_int_equal(kh_session_feed(s, ok, strlen(ok)), KH_OK);
    assert_int_equal(kh_session_run(s), KH_RECORD_ERRORS);
    assert_int_equal(kh_session_run(s), KH_RECORD_ERRORS); /* once: the same answer */
    r = kh_session_next(s);
    assert_int_equal(kh_result_index(r), 0);
    assert_non_null(kh_result_error(r));
    kh_result_free(r);
    r = kh_session_next(s);
    assert_int_equal(kh_result_index(r), 1);
    assert_string_equal(kh_result_id(r), "c");
    assert_string_equal(kh_result_text(r, 0), "6");
    kh_result_free(r);
    assert_null(kh_session_next(s));
    assert_string_equal(kh_session_fatal(s), "");
    /* feeding ends once the session ran */
    assert_int_equal(kh_session_feed(s, ok, strlen(ok)), KH_USAGE_ERROR);
    kh_session_free(s);
    kh_policy_free(p);
}

/* Each kind of value as text (kh_result_text) and as JSON. */
static void test_values_of_every_kind(void **state)
{
    (void)state;
    const char text[] = "input:\n"
                        "    id: text, key\n"
                        "    hired: date\n"
                        "    period: month\n"
                        "    seen: datetime\n"
                        "    xs: list of integer\n"
                        "    opt: integer, optional\n"
                        "    team: one of \"a\", \"b\"\n"
                        "param levels = [1, 2, 3]\n"
                        "output d = hired\n"
                        "output m = period\n"
                        "output t = seen\n"
                        "output l = xs\n"
                        "output o = opt\n"
                        "output big = 999999999999999999 * 1000\n"
                        "output frac = 1.5\n"
                        "output tm = team\n"
                        "output n = levels\n";
    kh_policy *p = load(text);
    const char rec[] = "{\"id\":\"A\",\"hired\":\"2014-03-05\",\"period\":\"2014-06\",\"seen\":\"2014-06-30T08:15:00\","
                       "\"xs\":[1,2],\"team\":\"b\"}";
    kh_result *r = NULL;
    assert_int_equal(kh_eval_record(p, rec, strlen(rec), &r), KH_OK);
    assert_int_equal(kh_result_kind(r, 0), KH_KIND_DATE);
    assert_string_equal(kh_result_text(r, 0), "2014-03-05");
    assert_string_equal(kh_result_value_json(r, 0), "\"2014-03-05\"");
    assert_int_equal(kh_result_kind(r, 1), KH_KIND_MONTH);
    assert_string_equal(kh_result_text(r, 1), "2014-06");
    assert_int_equal(kh_result_kind(r, 2), KH_KIND_DATETIME);
    assert_string_equal(kh_result_text(r, 2), "2014-06-30T08:15:00");
    assert_int_equal(kh_result_kind(r, 3), KH_KIND_LIST);
    assert_string_equal(kh_result_text(r, 3), "[1,2]");
    /* an optional value left out: absent */
    assert_int_equal(kh_result_kind(r, 4), KH_KIND_ABSENT);
    assert_null(kh_result_text(r, 4));
    assert_string_equal(kh_result_value_json(r, 4), "null");
    long long i = 7;
    assert_false(kh_result_int(r, 4, &i));
    /* 10^21 - 1000 is exact, and no long long */
    assert_string_equal(kh_result_text(r, 5), "999999999999999999000");
    assert_false(kh_result_int(r, 5, &i));
    assert_false(kh_result_int(r, 6, &i)); /* 1.5: a fraction */
    assert_int_equal(i, 7);
    bool b = true;
    assert_false(kh_result_bool(r, 6, &b)); /* not a yes/no */
    assert_string_equal(kh_result_text(r, 7), "b");
    assert_string_equal(kh_result_text(r, 8), "[1,2,3]");
    /* out of range */
    assert_null(kh_result_name(r, 9));
    assert_null(kh_result_text(r, -1));
    assert_int_equal(kh_result_kind(r, 9), KH_KIND_ABSENT);
    assert_string_equal(kh_result_value_json(r, 9), "null");
    assert_false(kh_result_bool(r, 9, &b));
    kh_result_free(r);

    /* the param's type and value, as texts */
    char out[64];
    assert_int_equal(kh_param_type(p, 0, out, sizeof out), (int)strlen("list of integer"));
    assert_string_equal(out, "list of integer");
    assert_int_equal(kh_param_value(p, 0, out, sizeof out), (int)strlen("[1,2,3]"));
    assert_string_equal(out, "[1,2,3]");
    assert_int_equal(kh_output_type(p, 7, out, sizeof out), (int)strlen("one of \"a\", \"b\""));
    assert_string_equal(out, "one of \"a\", \"b\"");
    assert_int_equal(kh_output_type(p, 0, out, sizeof out), 4);
    assert_string_equal(out, "date");
    kh_policy_free(p);
}

/* snprintf-style: the whole length back, the text cut to cap - 1 bytes and
 * ended; nothing written with cap 0; -1 out of range or for no policy. */
static void test_texts_cut_short(void **state)
{
    (void)state;
    const char text[] = "input:\n    id: text, key\n    team: one of \"north\", \"south\"\n"
                        "param floor \"minimum\" = 200 yuan\noutput x = team\n";
    kh_policy *p = load(text);
    char out[8] = "zzzzzzz";
    assert_int_equal(kh_param_value(p, 0, out, 0), 6); /* "200.00" */
    assert_string_equal(out, "zzzzzzz");
    assert_int_equal(kh_param_value(p, 0, NULL, 0), 6);
    assert_int_equal(kh_param_value(p, 0, out, 4), 6);
    assert_string_equal(out, "200");
    assert_int_equal(kh_param_type(p, 0, out, 1), 5); /* "money" */
    assert_string_equal(out, "");
    assert_int_equal(kh_param_type(p, 1, out, sizeof out), -1);
    assert_int_equal(kh_param_value(p, -1, out, sizeof out), -1);
    assert_int_equal(kh_output_type(p, 1, out, sizeof out), -1);
    assert_string_equal(kh_param_label(p, 0), "minimum");
    assert_null(kh_param_label(p, 1));
    assert_null(kh_output_label(p, 0));
    assert_false(kh_param_percent(p, 0));
    assert_false(kh_param_overridden(p, 3));
    assert_int_equal(kh_param_index(p, NULL), -1);
    assert_int_equal(kh_output_index(p, "y"), -1);
    assert_int_equal(kh_output_index(p, "x"), 0);
    /* the schema: its length first, then the text in a buffer that fits */
    int n = kh_policy_schema_json(p, NULL, 0);
    assert_true(n > 0);
    char *schema = malloc((size_t)n + 1);
    assert_int_equal(kh_policy_schema_json(p, schema, (size_t)n + 1), n);
    assert_int_equal((int)strlen(schema), n);
    assert_non_null(strstr(schema, "\"values\":[\"north\",\"south\"]"));
    free(schema);
    kh_policy_free(p);

    /* no policy: nothing, never a crash */
    assert_null(kh_policy_title(NULL));
    assert_int_equal(kh_param_count(NULL), 0);
    assert_int_equal(kh_output_count(NULL), 0);
    assert_null(kh_param_name(NULL, 0));
    assert_null(kh_output_name(NULL, 0));
    assert_int_equal(kh_param_index(NULL, "x"), -1);
    assert_int_equal(kh_policy_schema_json(NULL, out, sizeof out), -1);
    assert_int_equal(kh_policy_max_steps(NULL), 0);
    kh_policy_set_max_steps(NULL, 5);
    assert_null(kh_policy_file(NULL, 0));
    char err[64] = "";
    assert_false(kh_policy_set(NULL, "x", "1", err, sizeof err));
}

/* A policy without input has the schema "[]"; a bound and a default are
 * given as the policy writes them. */
static void test_schema_edges(void **state)
{
    (void)state;
    kh_policy *p = load("output x = 1\n");
    char out[64];
    assert_int_equal(kh_policy_schema_json(p, out, sizeof out), 2);
    assert_string_equal(out, "[]");
    assert_string_equal(kh_policy_file(p, 0), "t.rules");
    assert_null(kh_policy_file(p, 1));
    assert_null(kh_policy_file(p, -1));
    kh_policy_free(p);
}

static void test_status_words(void **state)
{
    (void)state;
    assert_string_equal(kh_status_text(KH_USAGE_ERROR), "usage error");
    assert_string_equal(kh_status_text(KH_POLICY_ERROR), "policy error");
    assert_string_equal(kh_status_text(KH_IO_ERROR), "input/output error");
    assert_string_equal(kh_status_text(-1), "unknown status");
}

/* No diagnostics object, or an index past the end: nothing. */
static void test_diagnostics_out_of_range(void **state)
{
    (void)state;
    assert_int_equal(kh_diags_count(NULL), 0);
    assert_null(kh_diag_message(NULL, 0));
    assert_null(kh_diag_hint(NULL, 0));
    assert_int_equal(kh_diag_severity(NULL, 0), KH_SEVERITY_NOTE);
    assert_int_equal(kh_diag_end_line(NULL, 0), 0);
    assert_int_equal(kh_diag_end_column(NULL, 0), 0);
    kh_diags_free(NULL);
    kh_free(NULL);
}

/* Text for a terminal (kaohe.h): as it is when it is plain; control
 * characters as visible escapes, and then a backslash doubled. */
static void test_terminal_text(void **state)
{
    (void)state;
    char *text = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&text, &len);
    kh_fputs_terminal("考核 plain", f);
    kh_fputs_terminal(NULL, f);
    fputc('|', f);
    kh_fputs_terminal("a\\b\nc\x1b", f);
    fclose(f);
    assert_string_equal(text, "考核 plain|a\\\\b\\nc\\x1B");
    free(text);
}

/* ---- kh_eval ------------------------------------------------------------ */

static const char CHECKED[] = "input:\n    id: text, key\n    calls: integer, at least 0\n    lead: boolean\n"
                              "output x = calls * 2\n"
                              "check \"one lead\": count(roster where lead) = 1\n";
static const char ROSTER[] = "{\"id\":\"a\",\"calls\":1,\"lead\":true}\n"
                             "{\"id\":\"b\",\"calls\":-1,\"lead\":false}\n"
                             "{\"id\":\"c\",\"calls\":3,\"lead\":true}\n";

typedef struct run_out {
    char *text;
    size_t len;
    kh_eval_summary sum;
    int rc;
} run_out;

static void run_eval(const kh_policy *p, const char *input, const kh_eval_options *o, run_out *r)
{
    FILE *in = fmemopen((void *)input, strlen(input), "r");
    FILE *out = open_memstream(&r->text, &r->len);
    r->rc = kh_eval(p, in, "roster", out, o, &r->sum);
    fclose(out);
    fclose(in);
}

static char *locate(void *ud, size_t index, const char *message)
{
    ++*(int *)ud;
    char *s = malloc(strlen(message) + 64);
    sprintf(s, "row %zu of the sheet: %s", index + 2, message);
    return s;
}

static void test_eval_refusals(void **state)
{
    (void)state;
    kh_policy *p = load(CHECKED);
    kh_eval_options o = {.format = KH_FORMAT_XLSX};
    run_out r = {0};
    run_eval(p, ROSTER, &o, &r);
    assert_int_equal(r.rc, KH_USAGE_ERROR);
    assert_non_null(strstr(r.sum.fatal, "kh_eval_xlsx"));
    assert_int_equal(r.len, 0);
    free(r.text);

    o = (kh_eval_options){.format = KH_FORMAT_CSV, .explain = true};
    r = (run_out){0};
    run_eval(p, ROSTER, &o, &r);
    assert_int_equal(r.rc, KH_USAGE_ERROR);
    assert_non_null(strstr(r.sum.fatal, "--explain"));
    assert_int_equal(r.len, 0);
    free(r.text);

    /* previous results that cannot be read: an input error, nothing written */
    o = (kh_eval_options){.prior_path = "/nonexistent/may.json"};
    r = (run_out){0};
    run_eval(p, ROSTER, &o, &r);
    assert_int_equal(r.rc, KH_IO_ERROR);
    assert_true(r.sum.fatal[0] != '\0');
    assert_int_equal(r.len, 0);
    free(r.text);

    /* an input that is not JSON at all: no "[]" a pipeline would take for
     * an empty roster */
    r = (run_out){0};
    run_eval(p, "[1, 2", NULL, &r);
    assert_int_equal(r.rc, KH_IO_ERROR);
    assert_false(r.sum.output_failed);
    assert_int_equal(r.len, 0);
    free(r.text);
    kh_policy_free(p);
}

/* Each record error goes through locate before it is written; the failed
 * check goes to the companion CSV (a header, then one row). */
static void test_eval_hooks(void **state)
{
    (void)state;
    kh_policy *p = load(CHECKED);
    int located = 0;
    char *checks = NULL;
    size_t checks_len = 0;
    FILE *cf = open_memstream(&checks, &checks_len);
    kh_eval_options o = {.format = KH_FORMAT_CSV, .csv_no_bom = true, .checks_csv = cf, .locate = locate,
                         .locate_ud = &located};
    run_out r = {0};
    run_eval(p, ROSTER, &o, &r);
    fclose(cf);
    assert_int_equal(r.rc, KH_RECORD_ERRORS);
    assert_int_equal(r.sum.records, 3);
    assert_int_equal(r.sum.errors, 1);
    assert_int_equal(r.sum.checks_failed, 1);
    assert_int_equal(located, 1);
    assert_non_null(strstr(r.text, "row 3 of the sheet: "));
    assert_string_equal(checks, "check,roster,ids\r\none lead,,\"a, c\"\r\n");
    free(checks);
    free(r.text);

    /* the companion file cannot be written: the run says so */
    FILE *full = fopen("/dev/full", "w");
    assert_non_null(full);
    o = (kh_eval_options){.format = KH_FORMAT_CSV, .checks_csv = full};
    r = (run_out){0};
    run_eval(p, ROSTER, &o, &r);
    fclose(full);
    assert_int_equal(r.rc, KH_IO_ERROR);
    assert_true(r.sum.output_failed);
    assert_string_equal(r.sum.fatal, "cannot write the failed roster checks");
    free(r.text);

    /* the results cannot be written */
    FILE *in = fmemopen((void *)ROSTER, strlen(ROSTER), "r");
    full = fopen("/dev/full", "w");
    kh_eval_summary sum;
    assert_int_equal(kh_eval(p, in, "roster", full, NULL, &sum), KH_IO_ERROR);
    assert_true(sum.output_failed);
    assert_string_equal(sum.fatal, "cannot write the results");
    fclose(full);
    fclose(in);
    kh_policy_free(p);
}

/* ---- loading and formatting -------------------------------------------- */

/* Options from a caller's older, smaller struct: only what its size
 * covers is read (here nothing: includes stay on). */
static void test_compile_options_of_an_older_caller(void **state)
{
    (void)state;
    kh_compile_options o = {.size = sizeof(size_t), .includes_off = true};
    kh_diags *d = kh_diags_new();
    const char text[] = "include \"tests/unit/no-such-file.rules\"\noutput x = 1\n";
    assert_null(kh_policy_compile("main.rules", text, strlen(text), &o, d));
    assert_int_equal(kh_diags_errors(d), 1);
    assert_null(strstr(kh_diag_message(d, 0), "includes are off"));
    kh_diags_free(d);
    /* no options at all */
    d = kh_diags_new();
    kh_policy *p = kh_policy_compile("x.rules", "output x = 1\n", 13, NULL, d);
    assert_non_null(p);
    kh_policy_free(p);
    /* a file that cannot be read, by path with options */
    kh_load_options lo = {0};
    assert_null(kh_policy_load_with("/nonexistent/p.rules", &lo, d));
    assert_null(kh_policy_load_with("/nonexistent/p.rules", NULL, d));
    assert_int_equal(kh_diags_errors(d), 2);
    kh_diags_free(d);
}

/* kh_fmt: the surface asked for; a policy with errors is not formatted;
 * an empty text is an empty policy. */
static void test_fmt_text(void **state)
{
    (void)state;
    const char text[] = "output   x   =   if 1 > 0 then 2 else 3\n";
    kh_diags *d = kh_diags_new();
    char *out = NULL;
    size_t len = 0;
    assert_true(kh_fmt_text("f.rules", text, strlen(text), &out, &len, d));
    assert_string_equal(out, "output x = if 1 > 0 then 2 else 3\n");
    assert_int_equal(len, strlen(out));
    free(out);
    kh_load_options zh = {.fmt_lang = KH_LANG_ZH};
    assert_true(kh_fmt_text_with("f.rules", text, strlen(text), &zh, &out, &len, d));
    assert_non_null(strstr(out, "如果"));
    assert_null(strstr(out, " if "));
    free(out);
    out = NULL;
    assert_false(kh_fmt_text("f.rules", "output x = nope\n", 16, &out, &len, d));
    assert_null(out);
    assert_int_equal(kh_diags_errors(d), 1);
    assert_false(kh_fmt_file("/nonexistent/f.rules", &out, &len, d));
    assert_int_equal(kh_diags_errors(d), 2);
    kh_diags_free(d);
}

/* ---- contexts ------------------------------------------------------------ */

/* An allocator with a hook missing is not used: the C library's is. */
static void *never_malloc(void *ud, size_t n)
{
    ++*(int *)ud;
    return NULL;
}

static void *never_realloc(void *ud, void *p, size_t n)
{
    ++*(int *)ud;
    return NULL;
}

static void test_context_with_half_an_allocator(void **state)
{
    (void)state;
    int calls = 0;
    kh_context_options o;
    kh_context_options_init(&o);
    o.allocator.malloc = never_malloc;
    o.allocator.ud = &calls;
    kh_context *c = kh_context_new(&o);
    assert_non_null(c);
    kh_diags *d = kh_diags_new();
    kh_policy *p = NULL;
    assert_int_equal(kh_policy_load_in(c, "c.rules", CALLS, strlen(CALLS), d, &p), KH_OK);
    assert_int_equal(calls, 0);
    kh_policy_free(p);
    kh_diags_free(d);
    kh_context_free(c);
    c = kh_context_new(NULL); /* the defaults */
    assert_non_null(c);
    kh_context_free(c);
}

/* ---- out of memory in the introspection calls ------------------------------ */

typedef struct failing {
    long calls, fail_from;
} failing;

static void *f_malloc(void *ud, size_t n)
{
    failing *f = ud;
    return ++f->calls >= f->fail_from ? NULL : malloc(n);
}

static void *f_realloc(void *ud, void *p, size_t n)
{
    failing *f = ud;
    return ++f->calls >= f->fail_from ? NULL : realloc(p, n);
}

static void f_free(void *ud, void *p) { free(p); }

/* Every text worked out comes back "" and -1 when its allocation fails. */
static void test_introspection_out_of_memory(void **state)
{
    (void)state;
    failing f = {0, 1L << 40};
    kh_context_options o;
    kh_context_options_init(&o);
    o.allocator = (kh_allocator){f_malloc, f_realloc, f_free, &f};
    kh_context *c = kh_context_new(&o);
    kh_diags *d = kh_diags_new();
    kh_policy *p = NULL;
    const char text[] = "input:\n    id: text, key\nparam rate = 8%\noutput x = rate\n";
    assert_int_equal(kh_policy_load_in(c, "m.rules", text, strlen(text), d, &p), KH_OK);
    f.fail_from = f.calls + 1; /* every allocation from now on fails */
    char out[32] = "zz";
    assert_int_equal(kh_param_type(p, 0, out, sizeof out), -1);
    assert_string_equal(out, "");
    strcpy(out, "zz");
    assert_int_equal(kh_param_value(p, 0, out, sizeof out), -1);
    assert_string_equal(out, "");
    assert_int_equal(kh_policy_schema_json(p, NULL, 0), -1);
    kh_result *r = (kh_result *)1;
    assert_int_equal(kh_eval_record(p, "{\"id\":\"a\"}", 10, &r), KH_NO_MEMORY);
    assert_null(r);
    /* a session whose run runs out of memory: no result, and why */
    f.fail_from = 1L << 40;
    kh_session *s = kh_session_new(p, NULL);
    assert_int_equal(kh_session_feed(s, "{\"id\":\"a\"}", 10), KH_OK);
    f.fail_from = f.calls + 1;
    assert_int_equal(kh_session_run(s), KH_NO_MEMORY);
    assert_string_equal(kh_session_fatal(s), "out of memory");
    assert_null(kh_session_next(s));
    kh_session_free(s);
    /* a context cannot be made */
    assert_null(kh_context_new(&o));
    f.fail_from = 1L << 40;
    kh_policy_free(p);
    kh_diags_free(d);
    kh_context_free(c);
}

/* ---- NULL and usage ------------------------------------------------------------ */

static void test_null_arguments(void **state)
{
    (void)state;
    kh_diags *d = kh_diags_new();
    kh_policy *p = NULL;
    assert_int_equal(kh_policy_load_in(NULL, "x.rules", "output x = 1\n", 13, d, NULL), KH_USAGE_ERROR);
    assert_int_equal(kh_policy_load_in(NULL, NULL, "output x = 1\n", 13, d, &p), KH_USAGE_ERROR);
    assert_int_equal(kh_policy_load_in(NULL, "x.rules", "output x = 1\n", 13, NULL, &p), KH_USAGE_ERROR);
    assert_null(p);
    kh_diags_free(d);
    kh_policy_free(NULL);
    assert_null(kh_session_new(NULL, NULL));
    assert_int_equal(kh_session_feed(NULL, "{}", 2), KH_USAGE_ERROR);
    assert_int_equal(kh_session_run(NULL), KH_USAGE_ERROR);
    assert_null(kh_session_next(NULL));
    assert_int_equal(kh_session_check_count(NULL), 0);
    assert_null(kh_session_check_json(NULL, 0));
    assert_string_equal(kh_session_fatal(NULL), "");
    kh_session_free(NULL);
    kh_result *r = (kh_result *)1;
    assert_int_equal(kh_eval_record(NULL, "{}", 2, &r), KH_USAGE_ERROR);
    assert_null(r);
    assert_int_equal(kh_result_index(NULL), 0);
    assert_null(kh_result_id(NULL));
    assert_null(kh_result_error(NULL));
    assert_null(kh_result_json(NULL));
    assert_int_equal(kh_result_count(NULL), 0);
    long long i;
    assert_false(kh_result_int(NULL, 0, &i));
    kh_result_free(NULL);
}

/* What a session takes: text of white space only is no record; a record
 * larger than max_bytes alone; escapes inside strings kept as they are. */
static void test_session_feeding(void **state)
{
    (void)state;
    kh_policy *p = load(CALLS);
    kh_session_options o;
    kh_session_options_init(&o);
    o.max_bytes = 30;
    kh_session *s = kh_session_new(p, &o);
    assert_int_equal(kh_session_feed(s, NULL, 0), KH_USAGE_ERROR);
    assert_int_equal(kh_session_feed(s, " \t\r\n", 4), KH_USAGE_ERROR);
    const char big[] = "{\"id\":\"a-rather-long-id\",\"calls\":1}";
    assert_int_equal(kh_session_feed(s, big, strlen(big)), KH_LIMIT_REACHED);
    /* an id with an escaped quote and backslash, and a line break between
     * members: one record */
    const char esc[] = "{\"id\":\"a\\\"b\\\\\",\n\"calls\":1}";
    assert_int_equal(kh_session_feed(s, esc, strlen(esc)), KH_OK);
    assert_int_equal(kh_session_check_count(s), 0);
    kh_result *r = kh_session_next(s);
    assert_string_equal(kh_result_id(r), "a\"b\\");
    assert_string_equal(kh_result_text(r, 0), "2");
    kh_result_free(r);
    assert_null(kh_session_check_json(s, 0));
    assert_null(kh_session_check_json(s, -1));
    kh_session_free(s);
    /* a length no record can have */
    s = kh_session_new(p, NULL);
    assert_int_equal(kh_session_feed(s, "{", (size_t)-1), KH_NO_MEMORY);
    kh_session_free(s);
    kh_policy_free(p);
}

/* What a policy declares, in more shapes. */
static void test_declarations(void **state)
{
    (void)state;
    const char text[] = "policy \"Demo\"\n"
                        "input:\n"
                        "    id: text, key\n"
                        "    calls: integer, more than 0, less than 10\n"
                        "    name: text, not empty\n"
                        "param rate = 8%\n"
                        "param none = []\n"
                        "output empty \"nothing\" = \"\"\n"
                        "output x = calls * rate + count(none)\n";
    kh_policy *p = load(text);
    assert_string_equal(kh_policy_title(p), "Demo");
    assert_true(kh_param_percent(p, 0));
    assert_false(kh_param_overridden(p, 0));
    char err[128];
    assert_true(kh_policy_set(p, "rate", "10%", err, sizeof err));
    assert_true(kh_param_overridden(p, 0));
    assert_false(kh_param_overridden(p, 1));
    char out[512];
    kh_param_type(p, 1, out, sizeof out);
    assert_string_equal(out, "list of anything");
    assert_string_equal(kh_output_label(p, 0), "nothing");
    assert_null(kh_output_label(p, 2));
    assert_null(kh_output_name(p, -1));
    assert_int_equal(kh_output_index(p, NULL), -1);
    kh_policy_schema_json(p, out, sizeof out);
    assert_non_null(strstr(out, "\"name\":\"calls\""));
    assert_non_null(strstr(out, "\"min\":\"0\",\"max\":\"10\",\"min_strict\":true,\"max_strict\":true,\"not_empty\":false"));
    assert_non_null(strstr(out, "\"not_empty\":true"));
    /* an empty text is a text, not an absent value */
    kh_result *r = NULL;
    const char rec[] = "{\"id\":\"a\",\"calls\":5,\"name\":\"n\"}";
    assert_int_equal(kh_eval_record(p, rec, strlen(rec), &r), KH_OK);
    assert_int_equal(kh_result_kind(r, 0), KH_KIND_TEXT);
    assert_string_equal(kh_result_text(r, 0), "");
    assert_string_equal(kh_result_text(r, 1), "0.5");
    kh_result_free(r);
    kh_policy_free(p);
}

/* A diagnostic at a point (the empty policy's) ends where it starts. */
static void test_point_diagnostic(void **state)
{
    (void)state;
    kh_diags *d = kh_diags_new();
    char *out = (char *)1;
    size_t len = 0;
    assert_false(kh_fmt_text("e.rules", NULL, 0, &out, &len, d));
    assert_int_equal(kh_diags_errors(d), 1);
    assert_non_null(strstr(kh_diag_message(d, 0), "the policy is empty"));
    assert_int_equal(kh_diag_end_line(d, 0), kh_diag_line(d, 0));
    assert_int_equal(kh_diag_end_column(d, 0), kh_diag_column(d, 0));
    kh_diags_free(d);
}

/* A context from a caller's struct that holds only its size: the
 * defaults; an allocator without free is not used. */
static void test_context_options_shapes(void **state)
{
    (void)state;
    kh_context_options o = {.size = sizeof(size_t), .max_steps = 1};
    kh_context *c = kh_context_new(&o);
    kh_diags *d = kh_diags_new();
    kh_policy *p = NULL;
    assert_int_equal(kh_policy_load_in(c, "c.rules", CALLS, strlen(CALLS), d, &p), KH_OK);
    assert_int_equal(kh_policy_max_steps(p), 5000000); /* max_steps unseen */
    kh_policy_free(p);
    kh_context_free(c);
    int calls = 0;
    kh_context_options_init(&o);
    o.allocator.malloc = never_malloc;
    o.allocator.realloc = never_realloc;
    o.allocator.ud = &calls;
    c = kh_context_new(&o);
    assert_int_equal(kh_policy_load_in(c, "c.rules", CALLS, strlen(CALLS), d, &p), KH_OK);
    assert_int_equal(calls, 0);
    kh_policy_free(p);
    kh_diags_free(d);
    kh_context_free(c);
}

/* ---- kh_eval with a manifest, and out of memory in it --------------------------- */

static void test_eval_with_manifest(void **state)
{
    (void)state;
    failing f = {0, 1L << 40};
    kh_context_options co;
    kh_context_options_init(&co);
    co.allocator = (kh_allocator){f_malloc, f_realloc, f_free, &f};
    kh_context *c = kh_context_new(&co);
    kh_diags *d = kh_diags_new();
    kh_policy *p = NULL;
    assert_int_equal(kh_policy_load_in(c, "m.rules", CHECKED, strlen(CHECKED), d, &p), KH_OK);
    kh_manifest *m = kh_manifest_new(p, 0);
    assert_non_null(m);
    kh_eval_options o = {.format = KH_FORMAT_NDJSON, .manifest = m};
    run_out r;
    /* each allocation of the run fails once: out of memory every time,
     * until the run needs no more than it is given */
    long n;
    for (n = 1;; n++) {
        f.calls = 0;
        f.fail_from = n;
        r = (run_out){0};
        run_eval(p, ROSTER, &o, &r);
        free(r.text);
        if (r.rc != KH_NO_MEMORY) break;
        assert_string_equal(r.sum.fatal, "out of memory");
    }
    f.fail_from = 1L << 40;
    assert_true(n > 1);
    assert_int_equal(r.rc, KH_RECORD_ERRORS);
    assert_int_equal(r.sum.records, 3);
    /* the manifest has the run's counts */
    char *text = NULL;
    size_t len = 0;
    FILE *mf = open_memstream(&text, &len);
    assert_true(kh_manifest_write(m, mf));
    fclose(mf);
    assert_non_null(strstr(text, "\"records\": 3,\n  \"errors\": 1,\n  \"checks_failed\": 1"));
    free(text);
    kh_manifest_free(m);
    kh_policy_free(p);
    kh_diags_free(d);
    kh_context_free(c);
}

/* The failed checks' CSV goes only with CSV; a companion file that takes
 * no byte at all. */
static void test_checks_csv_shapes(void **state)
{
    (void)state;
    kh_policy *p = load(CHECKED);
    char *checks = NULL;
    size_t checks_len = 0;
    FILE *cf = open_memstream(&checks, &checks_len);
    kh_eval_options o = {.format = KH_FORMAT_JSON, .checks_csv = cf};
    run_out r = {0};
    run_eval(p, ROSTER, &o, &r);
    fclose(cf);
    assert_int_equal(r.rc, KH_RECORD_ERRORS);
    assert_int_equal(checks_len, 0);
    assert_non_null(strstr(r.text, "\"check_failed\":\"one lead\""));
    free(checks);
    free(r.text);
    FILE *full = fopen("/dev/full", "w");
    setvbuf(full, NULL, _IONBF, 0);
    o = (kh_eval_options){.format = KH_FORMAT_CSV, .checks_csv = full};
    r = (run_out){0};
    run_eval(p, ROSTER, &o, &r);
    fclose(full);
    assert_int_equal(r.rc, KH_IO_ERROR);
    assert_string_equal(r.sum.fatal, "cannot write the failed roster checks");
    free(r.text);
    kh_policy_free(p);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_a_record_that_is_a_list),
        cmocka_unit_test(test_values_of_every_kind),
        cmocka_unit_test(test_texts_cut_short),
        cmocka_unit_test(test_schema_edges),
        cmocka_unit_test(test_status_words),
        cmocka_unit_test(test_diagnostics_out_of_range),
        cmocka_unit_test(test_terminal_text),
        cmocka_unit_test(test_eval_refusals),
        cmocka_unit_test(test_eval_hooks),
        cmocka_unit_test(test_compile_options_of_an_older_caller),
        cmocka_unit_test(test_fmt_text),
        cmocka_unit_test(test_context_with_half_an_allocator),
        cmocka_unit_test(test_introspection_out_of_memory),
        cmocka_unit_test(test_null_arguments),
        cmocka_unit_test(test_session_feeding),
        cmocka_unit_test(test_declarations),
        cmocka_unit_test(test_point_diagnostic),
        cmocka_unit_test(test_context_options_shapes),
        cmocka_unit_test(test_eval_with_manifest),
        cmocka_unit_test(test_checks_csv_shapes),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
