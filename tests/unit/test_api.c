/*
 * test_api.c — the embedding API (src/api/kh_*.c): the version and status
 * words, diagnostics as data, what a policy declares (params, outputs, the
 * input schema), one record to a typed result, and a roster session fed
 * record by record whose results are the bytes `kaohe eval --format ndjson`
 * writes; includes off, and the program's own includes.  The expected positions, values and counts are worked out by hand
 * from the small policies below and from examples/ROSTERS.md (June 2014).
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cjson/cJSON.h>

#include "jsonin.h"
#include "kaohe.h"
#include "mem.h"

static const char SMALL[] =
    "input:\n"
    "    id \"agent\": text, key\n"
    "    calls: integer, at least 0, at most 500\n"
    "    team: one of \"a\", \"b\"\n"
    "    bonus_days: integer, optional, default 0\n"
    "param rate \"commission rate\" = 8%\n"
    "param floor = 200 yuan\n"
    "output pay \"pay\" = max(floor, calls * 1.5 yuan * (1 + rate))\n"
    "output busy = calls > 100\n"
    "output calls_left = 500 - calls\n"
    "output team_name = team\n";

static kh_policy *load_text(const char *text)
{
    kh_diags *d = kh_diags_new();
    kh_policy *p = kh_policy_load_text("small.rules", text, strlen(text), d);
    if (!p) {
        kh_diags_print(d, stderr, false);
        fail_msg("the policy did not load");
    }
    kh_diags_free(d);
    return p;
}

/* The shipped 2014 policy, from its file. */
static kh_policy *load_2014(void)
{
    kh_diags *d = kh_diags_new();
    kh_policy *p = kh_policy_load("rules/customer-service-2014.rules", d);
    assert_non_null(p);
    kh_diags_free(d);
    return p;
}

static void test_version_and_status(void **state)
{
    (void)state;
    assert_string_equal(kh_version(), KAOHE_VERSION);
    assert_string_equal(kh_status_text(KH_OK), "ok");
    assert_string_equal(kh_status_text(KH_RECORD_ERRORS), "record errors");
    assert_string_equal(kh_status_text(KH_NO_MEMORY), "out of memory");
    assert_string_equal(kh_status_text(KH_LIMIT_REACHED), "limit reached");
    assert_string_equal(kh_status_text(99), "unknown status");
}

/* Line 4 is "output x = rat + 1": 'rat' at columns 12 to 14 (end 15), a
 * near miss of the param 'rate'; line 5's 'nope' is columns 12 to 15. */
static void test_diagnostics_as_data(void **state)
{
    (void)state;
    const char text[] = "input:\n    id: text, key\nparam rate = 8%\noutput x = rat + 1\noutput y = nope * 2\n";
    kh_diags *d = kh_diags_new();
    assert_null(kh_policy_load_text("t.rules", text, strlen(text), d));
    assert_int_equal(kh_diags_count(d), 2);
    assert_int_equal(kh_diags_errors(d), 2);
    assert_int_equal(kh_diag_severity(d, 0), KH_SEVERITY_ERROR);
    assert_string_equal(kh_diag_file(d, 0), "t.rules");
    assert_int_equal(kh_diag_line(d, 0), 4);
    assert_int_equal(kh_diag_column(d, 0), 12);
    assert_int_equal(kh_diag_end_line(d, 0), 4);
    assert_int_equal(kh_diag_end_column(d, 0), 15);
    assert_non_null(strstr(kh_diag_message(d, 0), "'rat'"));
    assert_non_null(kh_diag_hint(d, 0));
    assert_non_null(strstr(kh_diag_hint(d, 0), "'rate'"));
    assert_int_equal(kh_diag_line(d, 1), 5);
    assert_int_equal(kh_diag_column(d, 1), 12);
    assert_int_equal(kh_diag_end_column(d, 1), 16);
    assert_non_null(strstr(kh_diag_message(d, 1), "'nope'"));
    assert_null(kh_diag_hint(d, 1));
    /* out of range: nothing, never a crash */
    assert_null(kh_diag_message(d, 2));
    assert_null(kh_diag_file(d, -1));
    assert_int_equal(kh_diag_line(d, 7), 0);
    kh_diags_free(d);
}

/* A warning is data too, and the policy still loads: `unused` is never
 * read. */
static void test_warning_as_data(void **state)
{
    (void)state;
    const char text[] = "input:\n    id: text, key\nparam unused = 3\noutput x = 1\n";
    kh_diags *d = kh_diags_new();
    kh_policy *p = kh_policy_load_text("w.rules", text, strlen(text), d);
    assert_non_null(p);
    assert_int_equal(kh_diags_errors(d), 0);
    assert_true(kh_diags_count(d) >= 1);
    assert_int_equal(kh_diag_severity(d, 0), KH_SEVERITY_WARNING);
    assert_int_equal(kh_diag_line(d, 0), 3);
    kh_policy_free(p);
    kh_diags_free(d);
}

static void test_params(void **state)
{
    (void)state;
    kh_policy *p = load_text(SMALL);
    char t[128];
    assert_int_equal(kh_param_count(p), 2);
    assert_string_equal(kh_param_name(p, 0), "rate");
    assert_string_equal(kh_param_label(p, 0), "commission rate");
    assert_true(kh_param_percent(p, 0));
    assert_int_equal(kh_param_type(p, 0, t, sizeof t), 7);
    assert_string_equal(t, "decimal");
    assert_int_equal(kh_param_value(p, 0, t, sizeof t), 4);
    assert_string_equal(t, "0.08");
    assert_string_equal(kh_param_name(p, 1), "floor");
    assert_null(kh_param_label(p, 1));
    assert_false(kh_param_percent(p, 1));
    kh_param_type(p, 1, t, sizeof t);
    assert_string_equal(t, "money");
    kh_param_value(p, 1, t, sizeof t);
    assert_string_equal(t, "200.00");
    assert_int_equal(kh_param_index(p, "floor"), 1);
    assert_int_equal(kh_param_index(p, "flor"), -1);
    /* snprintf-style: cut short, whole length returned */
    char small[3];
    assert_int_equal(kh_param_value(p, 1, small, sizeof small), 6);
    assert_string_equal(small, "20");
    assert_int_equal(kh_param_value(p, 2, t, sizeof t), -1);
    /* set: the current value, exactly, and marked overridden */
    char err[256];
    assert_false(kh_param_overridden(p, 0));
    assert_true(kh_policy_set(p, "rate", "12.5%", err, sizeof err));
    kh_param_value(p, 0, t, sizeof t);
    assert_string_equal(t, "0.125");
    assert_true(kh_param_overridden(p, 0));
    kh_policy_free(p);
}

static void test_outputs(void **state)
{
    (void)state;
    kh_policy *p = load_text(SMALL);
    char t[128];
    assert_int_equal(kh_output_count(p), 4);
    assert_string_equal(kh_output_name(p, 0), "pay");
    assert_string_equal(kh_output_label(p, 0), "pay");
    kh_output_type(p, 0, t, sizeof t);
    assert_string_equal(t, "money");
    kh_output_type(p, 1, t, sizeof t);
    assert_string_equal(t, "boolean");
    kh_output_type(p, 2, t, sizeof t);
    assert_string_equal(t, "integer");
    kh_output_type(p, 3, t, sizeof t);
    assert_string_equal(t, "one of \"a\", \"b\"");
    assert_null(kh_output_label(p, 1));
    assert_int_equal(kh_output_index(p, "calls_left"), 2);
    assert_null(kh_output_name(p, 4));
    kh_policy_free(p);
}

static const cJSON *field(const cJSON *fields, const char *name)
{
    const cJSON *f;
    cJSON_ArrayForEach(f, fields) {
        if (strcmp(cJSON_GetObjectItem(f, "name")->valuestring, name) == 0) return f;
    }
    fail_msg("no field %s", name);
    return NULL;
}

static void test_schema(void **state)
{
    (void)state;
    kh_policy *p = load_text(SMALL);
    int n = kh_policy_schema_json(p, NULL, 0);
    assert_true(n > 0);
    char *s = mem_alloc((size_t)n + 1);
    assert_int_equal(kh_policy_schema_json(p, s, (size_t)n + 1), n);
    cJSON *j = cJSON_Parse(s);
    assert_non_null(j);
    assert_int_equal(cJSON_GetArraySize(j), 4);
    const cJSON *id = field(j, "id");
    assert_string_equal(cJSON_GetObjectItem(id, "type")->valuestring, "text");
    assert_string_equal(cJSON_GetObjectItem(id, "label")->valuestring, "agent");
    assert_true(cJSON_IsTrue(cJSON_GetObjectItem(id, "key")));
    const cJSON *calls = field(j, "calls");
    assert_string_equal(cJSON_GetObjectItem(calls, "type")->valuestring, "integer");
    assert_string_equal(cJSON_GetObjectItem(calls, "min")->valuestring, "0");
    assert_string_equal(cJSON_GetObjectItem(calls, "max")->valuestring, "500");
    assert_true(cJSON_IsFalse(cJSON_GetObjectItem(calls, "optional")));
    const cJSON *team = field(j, "team");
    assert_int_equal(cJSON_GetArraySize(cJSON_GetObjectItem(team, "values")), 2);
    assert_string_equal(cJSON_GetArrayItem(cJSON_GetObjectItem(team, "values"), 1)->valuestring, "b");
    const cJSON *bonus = field(j, "bonus_days");
    assert_true(cJSON_IsTrue(cJSON_GetObjectItem(bonus, "optional")));
    assert_string_equal(cJSON_GetObjectItem(bonus, "default")->valuestring, "0");
    cJSON_Delete(j);
    mem_free(s);
    kh_policy_free(p);
}

/* A nested schema: a group and a list of records, with their fields. */
static void test_schema_nested(void **state)
{
    (void)state;
    const char text[] = "input:\n"
                        "    id: text, key\n"
                        "    pay.base: money, at least 0\n"
                        "    deals: list of record, at most 3 entries\n"
                        "        profit: money\n"
                        "        paid: boolean\n"
                        "    tags: list of text\n"
                        "output total = pay.base + sum(profit over deals where paid)\n"
                        "output ntags = count(tags)\n";
    kh_policy *p = load_text(text);
    char s[4096];
    assert_true(kh_policy_schema_json(p, s, sizeof s) < (int)sizeof s);
    cJSON *j = cJSON_Parse(s);
    assert_non_null(j);
    const cJSON *pay = field(j, "pay");
    assert_string_equal(cJSON_GetObjectItem(pay, "type")->valuestring, "group");
    const cJSON *base = field(cJSON_GetObjectItem(pay, "fields"), "base");
    assert_string_equal(cJSON_GetObjectItem(base, "path")->valuestring, "pay.base");
    assert_string_equal(cJSON_GetObjectItem(base, "type")->valuestring, "money");
    const cJSON *deals = field(j, "deals");
    assert_string_equal(cJSON_GetObjectItem(deals, "type")->valuestring, "list of record");
    assert_int_equal(cJSON_GetObjectItem(deals, "max_entries")->valueint, 3);
    const cJSON *paid = field(cJSON_GetObjectItem(deals, "fields"), "paid");
    assert_string_equal(cJSON_GetObjectItem(paid, "type")->valuestring, "boolean");
    const cJSON *tags = field(j, "tags");
    assert_string_equal(cJSON_GetObjectItem(tags, "type")->valuestring, "list of text");
    assert_null(cJSON_GetObjectItem(tags, "fields"));
    cJSON_Delete(j);
    kh_policy_free(p);
}

/* calls 200: pay = max(200, 200 * 1.5 * 1.08) = 324.00; busy; 300 left. */
static void test_one_record(void **state)
{
    (void)state;
    kh_policy *p = load_text(SMALL);
    const char rec[] = "{\"id\": \"A1\",\n \"calls\": 200, \"team\": \"b\"}";
    kh_result *r = NULL;
    assert_int_equal(kh_eval_record(p, rec, strlen(rec), &r), KH_OK);
    assert_non_null(r);
    assert_null(kh_result_error(r));
    assert_string_equal(kh_result_id(r), "A1");
    assert_int_equal(kh_result_count(r), 4);
    assert_string_equal(kh_result_name(r, 0), "pay");
    assert_int_equal(kh_result_kind(r, 0), KH_KIND_NUMBER);
    assert_string_equal(kh_result_text(r, 0), "324.00");
    long long i;
    assert_true(kh_result_int(r, 0, &i)); /* money that is a whole number */
    assert_int_equal(i, 324);
    bool b;
    assert_true(kh_result_bool(r, 1, &b));
    assert_true(b);
    assert_int_equal(kh_result_kind(r, 1), KH_KIND_BOOL);
    assert_true(kh_result_int(r, 2, &i));
    assert_int_equal(i, 300);
    assert_int_equal(kh_result_kind(r, 3), KH_KIND_TEXT);
    assert_string_equal(kh_result_text(r, 3), "b");
    assert_string_equal(kh_result_value_json(r, 3), "\"b\"");
    assert_string_equal(kh_result_json(r),
                        "{\"id\":\"A1\",\"pay\":324.00,\"busy\":true,\"calls_left\":300,\"team_name\":\"b\"}");
    kh_result_free(r);

    /* a record refused: why, in the result and its JSON */
    const char bad[] = "{\"id\": \"A2\", \"calls\": 900, \"team\": \"b\"}";
    assert_int_equal(kh_eval_record(p, bad, strlen(bad), &r), KH_RECORD_ERRORS);
    assert_non_null(kh_result_error(r));
    assert_non_null(strstr(kh_result_error(r), "calls"));
    assert_int_equal(kh_result_count(r), 0);
    assert_non_null(strstr(kh_result_json(r), "\"record\":1,\"error\":"));
    kh_result_free(r);

    /* text that is no JSON is a refused record; a line break inside a
     * string stays an error (never joined into a valid text) */
    const char broken[] = "{\"id\": \"A3\", \"calls\": }";
    assert_int_equal(kh_eval_record(p, broken, strlen(broken), &r), KH_RECORD_ERRORS);
    assert_non_null(kh_result_error(r));
    kh_result_free(r);
    const char split[] = "{\"id\": \"A\n4\", \"calls\": 1, \"team\": \"a\"}";
    assert_int_equal(kh_eval_record(p, split, strlen(split), &r), KH_RECORD_ERRORS);
    kh_result_free(r);

    /* nothing to evaluate is a usage error */
    assert_int_equal(kh_eval_record(p, " \n ", 3, &r), KH_USAGE_ERROR);
    assert_null(r);
    kh_policy_free(p);
}

static char *read_file(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    assert_non_null(f);
    fseek(f, 0, SEEK_END);
    long n = ftell(f);
    fseek(f, 0, SEEK_SET);
    char *s = mem_alloc((size_t)n + 1);
    assert_int_equal(fread(s, 1, (size_t)n, f), (size_t)n);
    s[n] = '\0';
    fclose(f);
    *len = (size_t)n;
    return s;
}

/* The June 2014 roster (examples/ROSTERS.md): 39 records, 4 refused
 * (#31 and #32 share the id CS-0131, #36 CS-0135 lacks member_target, #37
 * CS-0136 has 2014-06-31); CS-0101 is paid 4100.00 with an incentive bonus
 * of 100.00 and 1600 required calls.  Fed record by record, the session
 * gives what kh_eval (the kaohe command's run) writes as NDJSON, byte for
 * byte. */
static void test_roster_session(void **state)
{
    (void)state;
    kh_policy *p = load_2014();
    size_t len;
    char *roster = read_file("examples/roster-2014-06.json", &len);

    kh_session *s = kh_session_new(p, NULL);
    assert_non_null(s);
    jsonin *in = jsonin_open_buffer(roster, len, "roster");
    jsonin_set_deferred(in, true);
    jsonin_record rec;
    int fed = 0;
    while (jsonin_next(in, &rec) == JSONIN_RECORD) {
        assert_int_equal(kh_session_feed(s, rec.text, rec.text_len), KH_OK);
        fed++;
    }
    jsonin_close(in);
    assert_int_equal(fed, 39);
    assert_int_equal(kh_session_run(s), KH_RECORD_ERRORS);
    assert_int_equal(kh_session_feed(s, "{}", 2), KH_USAGE_ERROR); /* fed after the run */

    char *got = NULL;
    size_t got_len = 0;
    FILE *g = open_memstream(&got, &got_len);
    kh_result *r;
    int n = 0, refused = 0;
    while ((r = kh_session_next(s))) {
        assert_int_equal(kh_result_index(r), (size_t)n);
        if (kh_result_error(r)) {
            refused++;
            assert_true(n == 30 || n == 31 || n == 35 || n == 36);
        }
        if (kh_result_id(r) && strcmp(kh_result_id(r), "CS-0101") == 0) {
            assert_string_equal(kh_result_text(r, kh_output_index(p, "total_pay")), "4100.00");
            assert_string_equal(kh_result_text(r, kh_output_index(p, "incentive_bonus")), "100.00");
            long long calls;
            assert_true(kh_result_int(r, kh_output_index(p, "required_calls"), &calls));
            assert_int_equal(calls, 1600);
        }
        fprintf(g, "%s\n", kh_result_json(r));
        kh_result_free(r);
        n++;
    }
    assert_int_equal(n, 39);
    assert_int_equal(refused, 4);
    for (int k = 0; k < kh_session_check_count(s); k++) fprintf(g, "%s\n", kh_session_check_json(s, k));
    fclose(g);
    kh_session_free(s);

    char *want = NULL;
    size_t want_len = 0;
    FILE *w = open_memstream(&want, &want_len);
    FILE *input = fmemopen(roster, len, "rb");
    kh_eval_options o = {.format = KH_FORMAT_NDJSON};
    kh_eval_summary sum;
    assert_int_equal(kh_eval(p, input, "roster", w, &o, &sum), KH_RECORD_ERRORS);
    fclose(input);
    fclose(w);
    assert_int_equal(sum.errors, 4);
    assert_int_equal(got_len, want_len);
    assert_memory_equal(got, want, want_len);
    free(got);
    free(want);
    mem_free(roster);
    kh_policy_free(p);
}

/* A roster function sees every record fed: rank by calls in one roster. */
static void test_session_roster_function(void **state)
{
    (void)state;
    const char text[] = "input:\n"
                        "    id: text, key\n"
                        "    calls: integer\n"
                        "output top = max(calls over roster)\n"
                        "output share = calls / sum(calls over roster)\n";
    kh_policy *p = load_text(text);
    kh_session *s = kh_session_new(p, NULL);
    const char *recs[] = {"{\"id\":\"a\",\"calls\":10}", "{\"id\":\"b\",\"calls\":30}", "{\"id\":\"c\",\"calls\":60}"};
    for (int i = 0; i < 3; i++) assert_int_equal(kh_session_feed(s, recs[i], strlen(recs[i])), KH_OK);
    const char *share[] = {"0.1", "0.3", "0.6"};
    for (int i = 0; i < 3; i++) {
        kh_result *r = kh_session_next(s);
        assert_non_null(r);
        assert_string_equal(kh_result_text(r, 0), "60");
        assert_string_equal(kh_result_text(r, 1), share[i]);
        kh_result_free(r);
    }
    assert_null(kh_session_next(s));
    kh_session_free(s);
    kh_policy_free(p);
}

/* The warning kaohe eval prints after a run, about members no field is
 * called (golden eval-unknown-members), reaches a session's user: "sale"
 * met twice (records a and c), did you mean 'sales'; "pay.bnus" once, did
 * you mean 'bonus'; in the order first met; the input is "records".  A
 * session whose records have no such member notices nothing. */
static void test_session_notes(void **state)
{
    (void)state;
    const char text[] = "input:\n"
                        "    id: text, key\n"
                        "    sales: money, optional, default 0 yuan\n"
                        "    pay: record\n"
                        "        base: money\n"
                        "        bonus: money, optional, default 0 yuan\n"
                        "output total = sales + pay.base + pay.bonus\n";
    kh_policy *p = load_text(text);
    kh_session *s = kh_session_new(p, NULL);
    assert_string_equal(kh_session_notes(s), ""); /* before the run */
    const char *recs[] = {"{\"id\":\"a\",\"sale\":100,\"pay\":{\"base\":1000,\"bnus\":50}}",
                          "{\"id\":\"b\",\"sales\":200,\"pay\":{\"base\":1000}}",
                          "{\"id\":\"c\",\"sale\":300,\"pay\":{\"base\":1000}}"};
    for (int i = 0; i < 3; i++) assert_int_equal(kh_session_feed(s, recs[i], strlen(recs[i])), KH_OK);
    assert_int_equal(kh_session_run(s), KH_OK);
    assert_string_equal(kh_session_notes(s),
                        "warning: records: no field is called \"sale\": the member is not read (met 2 times; did you "
                        "mean 'sales'?)\n"
                        "warning: records: no field is called \"pay.bnus\": the member is not read (met once; did "
                        "you mean 'bonus'?)\n");
    /* the results are kaohe eval's all the same: sale and bnus not read */
    const char *total[] = {"1000.00", "1200.00", "1000.00"};
    for (int i = 0; i < 3; i++) {
        kh_result *r = kh_session_next(s);
        assert_non_null(r);
        assert_string_equal(kh_result_text(r, 0), total[i]);
        kh_result_free(r);
    }
    kh_session_free(s);
    s = kh_session_new(p, NULL);
    assert_int_equal(kh_session_feed(s, recs[1], strlen(recs[1])), KH_OK);
    assert_int_equal(kh_session_run(s), KH_OK);
    assert_string_equal(kh_session_notes(s), "");
    kh_session_free(s);
    assert_string_equal(kh_session_notes(NULL), "");
    kh_policy_free(p);
}

/* Limits the caller sets, and options from an older, smaller struct. */
static void test_session_limits(void **state)
{
    (void)state;
    kh_policy *p = load_text(SMALL);
    kh_session_options o;
    kh_session_options_init(&o);
    assert_int_equal(o.size, sizeof o);
    o.max_records = 2;
    kh_session *s = kh_session_new(p, &o);
    const char rec[] = "{\"id\":\"x\",\"calls\":1,\"team\":\"a\"}";
    assert_int_equal(kh_session_feed(s, rec, strlen(rec)), KH_OK);
    assert_int_equal(kh_session_feed(s, rec, strlen(rec)), KH_OK);
    assert_int_equal(kh_session_feed(s, rec, strlen(rec)), KH_LIMIT_REACHED);
    kh_session_free(s);

    kh_session_options_init(&o);
    o.max_bytes = strlen(rec) + 5;
    s = kh_session_new(p, &o);
    assert_int_equal(kh_session_feed(s, rec, strlen(rec)), KH_OK);
    assert_int_equal(kh_session_feed(s, rec, strlen(rec)), KH_LIMIT_REACHED);
    kh_session_free(s);

    /* a caller built against a version whose struct held only `size` */
    kh_session_options old = {.size = sizeof(size_t), .max_records = 1};
    s = kh_session_new(p, &old);
    assert_int_equal(kh_session_feed(s, rec, strlen(rec)), KH_OK);
    assert_int_equal(kh_session_feed(s, rec, strlen(rec)), KH_OK); /* max_records unseen: no limit */
    kh_session_free(s);
    kh_policy_free(p);
}


/* Includes off: the include is one located error, and no file is read
 * (the file named exists, and holds a policy that would load). */
static void test_includes_off(void **state)
{
    (void)state;
    const char text[] = "input:\n    id: text, key\ninclude \"rules/customer-service-2014.rules\"\noutput x = 1\n";
    kh_compile_options o;
    kh_compile_options_init(&o);
    assert_int_equal(o.size, sizeof o);
    o.includes_off = true;
    kh_diags *d = kh_diags_new();
    assert_null(kh_policy_compile("main.rules", text, strlen(text), &o, d));
    assert_int_equal(kh_diags_count(d), 1);
    assert_int_equal(kh_diag_line(d, 0), 3);
    assert_string_equal(kh_diag_message(d, 0),
                        "includes are off: this policy may not read 'rules/customer-service-2014.rules'");
    kh_diags_free(d);
}

static int resolver_calls;

/* The program's own includes: "common.rules" from memory; anything else
 * refused. */
static const char *resolve(void *ud, const char *including, const char *name, size_t *len, char *err, size_t cap)
{
    resolver_calls++;
    assert_string_equal((const char *)ud, "bundle");
    assert_string_equal(including, "main.rules");
    if (strcmp(name, "common.rules") == 0) {
        static const char common[] = "param rate = 8%\n";
        *len = strlen(common);
        return common;
    }
    snprintf(err, cap, "not in the bundle");
    return NULL;
}

static void test_include_resolver(void **state)
{
    (void)state;
    kh_compile_options o;
    kh_compile_options_init(&o);
    o.resolve_include = resolve;
    o.ud = "bundle";
    const char text[] = "include \"common.rules\"\ninput:\n    id: text, key\noutput x = rate * 100\n";
    kh_diags *d = kh_diags_new();
    resolver_calls = 0;
    kh_policy *p = kh_policy_compile("main.rules", text, strlen(text), &o, d);
    if (!p) kh_diags_print(d, stderr, false);
    assert_non_null(p);
    assert_int_equal(resolver_calls, 1);
    assert_string_equal(kh_policy_file(p, 1), "common.rules");
    kh_result *r;
    assert_int_equal(kh_eval_record(p, "{\"id\":\"a\"}", 10, &r), KH_OK);
    assert_string_equal(kh_result_text(r, 0), "8"); /* 8% of 100 */
    kh_result_free(r);
    kh_policy_free(p);
    kh_diags_free(d);

    /* a path the resolver refuses: its reason, at the include; the file
     * system is never asked (the file exists) */
    const char bad[] = "input:\n    id: text, key\ninclude \"/etc/passwd\"\noutput x = 1\n";
    d = kh_diags_new();
    assert_null(kh_policy_compile("main.rules", bad, strlen(bad), &o, d));
    assert_int_equal(kh_diags_count(d), 1);
    assert_int_equal(kh_diag_line(d, 0), 3);
    assert_string_equal(kh_diag_message(d, 0), "cannot include '/etc/passwd': not in the bundle");
    kh_diags_free(d);
}

/* The step limit: a record that needs more steps is refused with the
 * limit in its reason, the others are evaluated; 0 restores the default. */
static void test_step_limit(void **state)
{
    (void)state;
    const char text[] = "input:\n    id: text, key\n    xs: list of integer\noutput total = sum(each * 2 over xs)\n";
    kh_policy *p = load_text(text);
    assert_int_equal(kh_policy_max_steps(p), 5000000);
    kh_policy_set_max_steps(p, 50);
    assert_int_equal(kh_policy_max_steps(p), 50);
    kh_result *r;
    const char small[] = "{\"id\":\"a\",\"xs\":[1,2]}";
    assert_int_equal(kh_eval_record(p, small, strlen(small), &r), KH_OK);
    assert_string_equal(kh_result_text(r, 0), "6");
    kh_result_free(r);
    char big[8192] = "{\"id\":\"b\",\"xs\":[1";
    for (int i = 0; i < 999; i++) strcat(big, ",1");
    strcat(big, "]}");
    assert_int_equal(kh_eval_record(p, big, strlen(big), &r), KH_RECORD_ERRORS);
    assert_non_null(strstr(kh_result_error(r), "more than 50 steps for one record"));
    kh_result_free(r);
    kh_policy_set_max_steps(p, 0);
    assert_int_equal(kh_eval_record(p, big, strlen(big), &r), KH_OK);
    assert_string_equal(kh_result_text(r, 0), "2000");
    kh_result_free(r);
    kh_policy_free(p);
}

/* A roster check that fails: a and b are both leads, so "one lead" fails
 * with them as the records involved; every record is still evaluated. */
static void test_session_check_failed(void **state)
{
    (void)state;
    const char text[] = "input:\n    id: text, key\n    lead: boolean\noutput x = 1\n"
                        "check \"one lead\": count(roster where lead) = 1\n";
    kh_policy *p = load_text(text);
    kh_session *s = kh_session_new(p, NULL);
    const char *recs[] = {"{\"id\":\"a\",\"lead\":true}", "{\"id\":\"b\",\"lead\":true}",
                          "{\"id\":\"c\",\"lead\":false}"};
    for (int i = 0; i < 3; i++) assert_int_equal(kh_session_feed(s, recs[i], strlen(recs[i])), KH_OK);
    assert_int_equal(kh_session_run(s), KH_RECORD_ERRORS);
    assert_int_equal(kh_session_check_count(s), 1);
    assert_string_equal(kh_session_check_json(s, 0), "{\"check_failed\":\"one lead\",\"roster\":null,\"ids\":[\"a\",\"b\"]}");
    assert_null(kh_session_check_json(s, 1));
    int n = 0;
    for (kh_result *r; (r = kh_session_next(s)); kh_result_free(r), n++) assert_null(kh_result_error(r));
    assert_int_equal(n, 3);
    kh_session_free(s);
    kh_policy_free(p);
}

/* A session fed nothing is an empty roster, as `[]` is to kaohe eval: no
 * results and no error (it said "the input holds no records (write [] for
 * an empty roster)", which a caller of the library cannot do). */
static void test_session_with_nothing_fed(void **state)
{
    (void)state;
    const char text[] = "input:\n    id: text, key\n    lead: boolean\noutput x = 1\n"
                        "check \"one lead\": count(roster where lead) = 1\n";
    kh_policy *p = load_text(text);
    kh_session *s = kh_session_new(p, NULL);
    assert_int_equal(kh_session_run(s), KH_OK);
    assert_string_equal(kh_session_fatal(s), "");
    assert_int_equal(kh_session_check_count(s), 0);
    assert_null(kh_session_next(s));
    kh_session_free(s);
    kh_policy_free(p);
}

/* With explain, a session's results carry the ledgers, byte for byte as
 * kh_eval's --explain NDJSON (the June roster, record by record). */
static void test_session_explain(void **state)
{
    (void)state;
    kh_policy *p = load_2014();
    size_t len;
    char *roster = read_file("examples/roster-2014-06.json", &len);
    kh_session_options o;
    kh_session_options_init(&o);
    o.explain = true;
    kh_session *s = kh_session_new(p, &o);
    jsonin *in = jsonin_open_buffer(roster, len, "roster");
    jsonin_set_deferred(in, true);
    jsonin_record rec;
    while (jsonin_next(in, &rec) == JSONIN_RECORD) assert_int_equal(kh_session_feed(s, rec.text, rec.text_len), KH_OK);
    jsonin_close(in);
    char *got = NULL, *want = NULL;
    size_t got_len = 0, want_len = 0;
    FILE *g = open_memstream(&got, &got_len);
    for (kh_result *r; (r = kh_session_next(s)); kh_result_free(r)) fprintf(g, "%s\n", kh_result_json(r));
    for (int k = 0; k < kh_session_check_count(s); k++) fprintf(g, "%s\n", kh_session_check_json(s, k));
    fclose(g);
    kh_session_free(s);
    FILE *w = open_memstream(&want, &want_len);
    FILE *input = fmemopen(roster, len, "rb");
    kh_eval_options eo = {.format = KH_FORMAT_NDJSON, .explain = true};
    kh_eval_summary sum;
    assert_int_equal(kh_eval(p, input, "roster", w, &eo, &sum), KH_RECORD_ERRORS);
    fclose(input);
    fclose(w);
    assert_non_null(strstr(got, "\"ledgers\":{\"score\":{\"from\":100,"));
    assert_int_equal(got_len, want_len);
    assert_memory_equal(got, want, want_len);
    free(got);
    free(want);
    mem_free(roster);
    kh_policy_free(p);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_version_and_status),
        cmocka_unit_test(test_diagnostics_as_data),
        cmocka_unit_test(test_warning_as_data),
        cmocka_unit_test(test_params),
        cmocka_unit_test(test_outputs),
        cmocka_unit_test(test_schema),
        cmocka_unit_test(test_schema_nested),
        cmocka_unit_test(test_one_record),
        cmocka_unit_test(test_roster_session),
        cmocka_unit_test(test_session_roster_function),
        cmocka_unit_test(test_session_check_failed),
        cmocka_unit_test(test_session_with_nothing_fed),
        cmocka_unit_test(test_session_explain),
        cmocka_unit_test(test_session_limits),
        cmocka_unit_test(test_session_notes),
        cmocka_unit_test(test_includes_off),
        cmocka_unit_test(test_include_resolver),
        cmocka_unit_test(test_step_limit),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
