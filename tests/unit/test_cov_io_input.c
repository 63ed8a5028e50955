/*
 * test_cov_io_input.c — the rarer paths of reading a record against the
 * schema (src/input.c), beside test_input.c: bounds on dates, months and
 * date-times, bounds that are expressions (and one that cannot be worked
 * out), a bound naming an optional field the record leaves out, lists of
 * records with groups inside, numbers out of range (10^18 or more),
 * messages cut to a short buffer, field paths longer than the path buffer,
 * many unnamed members, a group wider than 256 fields, a key inside a
 * group, and converting values of types a schema cannot declare.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "input.h"
#include "jsonin.h"
#include "policy.h"
#include "mem.h"

static const char POLICY[] =
    "input:\n"
    "    id: text, key\n"
    "    start: date\n"
    "    end: date, at least start\n"
    "    fm: month, at most month(\"2014-12\")\n"
    "    opened: datetime, optional\n"
    "    stamp: datetime, more than opened\n"
    "    workdays: integer\n"
    "    days: integer, at most workdays - 1\n"
    "    ratio: decimal, at most 10 / workdays\n"
    "    opt: integer, optional\n"
    "    m: integer, less than opt\n"
    "    big: decimal, optional\n"
    "    deals: list of record, at most 2 entries\n"
    "        amt: money, at least 0\n"
    "        who: record\n"
    "            name: text, nonempty\n"
    "output o = {a: end, b: fm, s: stamp, st: start, r: ratio, c: days, d: m, e: count(deals), f: big}\n";

/* A valid record; each test changes one member. */
static const char BASE[] =
    "{\"id\": \"A\", \"start\": \"2014-05-02\", \"end\": \"2014-05-02\", \"fm\": \"2014-12\","
    " \"opened\": \"2014-01-01T00:00:00\", \"stamp\": \"2014-01-01T00:00:01\", \"workdays\": 2, \"days\": 1,"
    " \"ratio\": 5, \"m\": 1, \"deals\": [{\"amt\": 0, \"who\": {\"name\": \"x\"}}]}";

static kh_policy *policy;
static bool last_ok; /* what the last input_read returned */

static kh_policy *load(const char *text)
{
    kh_diags *d = kh_diags_new();
    kh_policy *p = kh_policy_load_text("t.rules", text, strlen(text), d);
    if (!p) kh_diags_print(d, stderr, false);
    kh_diags_free(d);
    return p;
}

static int setup(void **state)
{
    policy = load(POLICY);
    return policy ? 0 : -1;
}

static int teardown(void **state)
{
    kh_policy_free(policy);
    return 0;
}

/* Reads json against p with an error buffer of `cap` bytes; "" when valid. */
static const char *read_with(const kh_policy *p, const char *json, size_t cap, value **slots, arena *ar)
{
    static char err[4096];
    const plan *pl = p->plan;
    value *s = arena_alloc(ar, (size_t)(pl->nslots + 1) * sizeof *s);
    input_reader *r = input_reader_new(pl);
    input_text t = {json, strlen(json), 0, 1, 1};
    const char *id;
    bool ok = input_read_text(r, &t, ar, s, p->params, NULL, err, cap, &id);
    input_reader_free(r);
    last_ok = ok;
    if (slots) *slots = s;
    if (ok) err[0] = '\0';
    return err;
}

/* BASE with member key set to the JSON text val (NULL: removed). */
static void expect_with(const char *key, const char *val, const char *want)
{
    cJSON *rec = cJSON_Parse(BASE);
    cJSON_DeleteItemFromObjectCaseSensitive(rec, key);
    if (val) {
        cJSON *v = cJSON_Parse(val);
        if (!v) fail_msg("bad test JSON: %s", val);
        cJSON_AddItemToObject(rec, key, v);
    }
    char *text = cJSON_PrintUnformatted(rec);
    cJSON_Delete(rec);
    arena *ar = arena_new(4096);
    const char *got = read_with(policy, text, 4096, NULL, ar);
    if (strcmp(got, want) != 0) fail_msg("%s = %s\n  got:      %s\n  expected: %s", key, val ? val : "(absent)", got, want);
    arena_free(ar);
    cJSON_free(text);
}

static void test_the_base_record_is_valid(void **state)
{
    expect_with("zz", NULL, "");
}

static void test_bounds_on_dates_months_and_datetimes(void **state)
{
    /* the bound is shown as the date it is (it used to be "?") */
    expect_with("fm", "\"2015-01\"", "field 'fm': 2015-01 is more than the maximum 2014-12");
    expect_with("end", "\"2014-05-01\"", "field 'end': 2014-05-01 is less than the minimum start (2014-05-02)");
    expect_with("end", "\"2014-05-02\"", "");
    expect_with("stamp", "\"2014-01-01T00:00:00\"",
                "field 'stamp': 2014-01-01T00:00:00 is not more than opened (2014-01-01T00:00:00)");
    /* opened is optional: when it is left out, stamp has no lower bound */
    cJSON *rec = cJSON_Parse(BASE);
    cJSON_DeleteItemFromObjectCaseSensitive(rec, "opened");
    cJSON_ReplaceItemInObjectCaseSensitive(rec, "stamp", cJSON_CreateString("2000-01-01T00:00:00"));
    char *text = cJSON_PrintUnformatted(rec);
    arena *ar = arena_new(4096);
    assert_string_equal(read_with(policy, text, 4096, NULL, ar), "");
    arena_free(ar);
    cJSON_free(text);
    cJSON_Delete(rec);
}

static void test_bounds_that_are_expressions(void **state)
{
    /* days at most workdays - 1 = 1 */
    expect_with("days", "2", "field 'days': 2 is more than the maximum 1");
    expect_with("days", "1", "");
    /* ratio at most 10 / workdays = 5 */
    expect_with("ratio", "5.5", "field 'ratio': 5.5 is more than the maximum 5");
    /* with workdays 0 the bound of ratio cannot be worked out: said, not
     * skipped (it was skipped, and any ratio passed); days (at most -1) is
     * out of bounds too */
    expect_with("workdays", "0",
                "field 'days': 1 is more than the maximum -1; "
                "field 'ratio': its maximum cannot be worked out: division by zero");
}

static void test_a_bound_naming_an_absent_optional_field(void **state)
{
    /* m less than opt: no bound while opt is left out; 1 is not less than 1 */
    expect_with("m", "100", "");
    cJSON *rec = cJSON_Parse(BASE);
    cJSON_AddNumberToObject(rec, "opt", 1);
    char *text = cJSON_PrintUnformatted(rec);
    arena *ar = arena_new(4096);
    assert_string_equal(read_with(policy, text, 4096, NULL, ar), "field 'm': 1 is not less than opt (1)");
    arena_free(ar);
    cJSON_free(text);
    cJSON_Delete(rec);
}

static void test_lists_of_records(void **state)
{
    expect_with("deals",
                "[{\"amt\": 1, \"who\": {\"name\": \"\"}}, {\"amt\": -1, \"who\": 5}, {\"amt\": 1, \"who\": {\"name\": \"x\"}}]",
                "field 'deals[1].who.name': must not be empty; field 'deals[2].amt': -1 is less than the minimum 0; "
                "field 'deals[2].who': expected an object, found a number; field 'deals': has 3 entries; at most 2 are allowed");
    /* a group inside an entry left out, or null: its field is missing */
    expect_with("deals", "[{\"amt\": 1}, {\"amt\": 2, \"who\": null}]",
                "field 'deals[1].who.name': missing; field 'deals[2].who.name': missing");
    expect_with("deals", "[]", "");
    expect_with("deals", "\"x\"", "field 'deals': expected a list, found a text");
}

/* BASE with `"big": raw` added as text (cJSON would print 1e400 as null) */
static void expect_big(const char *raw, const char *want)
{
    char text[1024];
    snprintf(text, sizeof text, "%.*s, \"big\": %s}", (int)strlen(BASE) - 1, BASE, raw);
    arena *ar = arena_new(4096);
    const char *got = read_with(policy, text, 4096, NULL, ar);
    if (strcmp(got, want) != 0) fail_msg("big = %s\n  got:      %s\n  expected: %s", raw, got, want);
    arena_free(ar);
}

static void test_numbers_json_cannot_hold(void **state)
{
    /* the spec (Numbers): a magnitude of 10^18 or more is out of range, a
     * record error naming the field; 1e400 is infinite as a double, but its
     * text is read, not the double */
    const char *too_large = "is too large (kaohe reads numbers below 10^18 in magnitude)";
    char want[256];
    snprintf(want, sizeof want, "field 'big': the number 1e400 %s", too_large);
    expect_big("1e400", want);
    snprintf(want, sizeof want, "field 'big': the number -1e400 %s", too_large);
    expect_big("-1e400", want);
    snprintf(want, sizeof want, "field 'big': the number 1e300 %s", too_large);
    expect_big("1e300", want);
    snprintf(want, sizeof want, "field 'big': the number 1000000000000000000 %s", too_large);
    expect_big("1000000000000000000", want);
    expect_big("999999999999999999.99", ""); /* below 10^18: read exactly */
    expect_big("\"+1\"", "field 'big': \"+1\" is not a number"); /* no '+' in a number text */
    expect_big("\"1e3\"", "");                                      /* 1000 */
    expect_big("2.5e-3", ""); /* 0.0025: fine */
    /* tiny numbers are read exactly (a big number); only below 10^-300000
     * is one too small to hold, and more decimals than 300000 too many */
    expect_big("1e-19", "");
    expect_big("0.0000000000000000000001", "");
    expect_big("1e-300001",
               "field 'big': the number 1e-300001 is too small to hold (kaohe reads numbers down to 10^-300000; write 0 for none)");
    expect_big("1.5e-300000", "field 'big': the number 1.5e-300000 has too many decimals (kaohe reads at most 300000)");
}

static void test_messages_cut_to_the_buffer(void **state)
{
    arena *ar = arena_new(4096);
    /* 30 bytes: the first fault whole (22 bytes); the next one would not
     * have 8 bytes of room, so it and the rest (and the "and N more") are
     * left out */
    const char *got = read_with(policy, "{\"id\": \"A\"}", 30, NULL, ar);
    assert_false(last_ok);
    assert_string_equal(got, "field 'start': missing");
    /* 12 bytes: not even the path fits; cut, still terminated */
    got = read_with(policy, "{\"id\": \"A\"}", 12, NULL, ar);
    assert_false(last_ok);
    assert_string_equal(got, "field 'star");
    /* 8 bytes: too small to start a message at all, but still refused */
    got = read_with(policy, "{\"id\": \"A\"}", 8, NULL, ar);
    assert_false(last_ok);
    assert_string_equal(got, "");
    arena_free(ar);
}

static void test_long_paths_are_cut(void **state)
{
    /* g(100 'a') . h(100 'b') . k(100 'c'): 302 characters, the path buffer
     * holds 255: "aaa…a.bbb…b.ccc" (100 + 1 + 100 + 1 + 53 'c') */
    char a[101], b[101], c[101];
    memset(a, 'a', 100); a[100] = '\0';
    memset(b, 'b', 100); b[100] = '\0';
    memset(c, 'c', 100); c[100] = '\0';
    char text[1024];
    snprintf(text, sizeof text, "input:\n    id: text, key\n    %s: record\n        %s: record\n            %s: integer\n"
                                "output o = %s.%s.%s\n", a, b, c, a, b, c);
    kh_policy *p = load(text);
    assert_non_null(p);
    arena *ar = arena_new(4096);
    const char *got = read_with(p, "{\"id\": \"A\"}", 4096, NULL, ar);
    char want[512];
    snprintf(want, sizeof want, "field '%s.%s.%.53s': missing", a, b, c);
    assert_string_equal(got, want);
    arena_free(ar);
    kh_policy_free(p);
}

static void test_many_unnamed_members(void **state)
{
    /* 40 members the schema does not name, u0..u39, then u35 again: found
     * in the record's table of keys */
    char text[2048];
    int n = snprintf(text, sizeof text, "{\"id\": \"A\"");
    for (int i = 0; i < 40; i++) n += snprintf(text + n, sizeof text - (size_t)n, ", \"u%d\": %d", i, i);
    snprintf(text + n, sizeof text - (size_t)n, ", \"u35\": 0}");
    arena *ar = arena_new(4096);
    assert_string_equal(read_with(policy, text, 4096, NULL, ar), "field 'u35' is given twice");
    /* without the repeat, the 40 are ignored and the faults are the schema's */
    snprintf(text + n, sizeof text - (size_t)n, "}");
    const char *got = read_with(policy, text, 4096, NULL, ar);
    assert_string_equal(got, "field 'start': missing; field 'end': missing; field 'fm': missing; field 'stamp': missing; "
                             "field 'workdays': missing; field 'days': missing; field 'ratio': missing; field 'm': missing; "
                             "and 1 more");
    arena_free(ar);
}

static void test_a_group_of_300_fields(void **state)
{
    /* fields past the 256th used to be left unread: f299 was absent (and
     * o = f0 + f299 came out 0), and f255..f299 were never reported missing */
    size_t cap = 300 * 32 + 256;
    char *text = mem_alloc(cap), *rec = mem_alloc(cap);
    int n = snprintf(text, cap, "input:\n    id: text, key\n");
    for (int i = 0; i < 300; i++) n += snprintf(text + n, cap - (size_t)n, "    f%d: integer\n", i);
    snprintf(text + n, cap - (size_t)n, "output o = f0 + f299\n");
    kh_policy *p = load(text);
    assert_non_null(p);
    n = snprintf(rec, cap, "{\"id\": \"A\"");
    for (int i = 0; i < 300; i++) n += snprintf(rec + n, cap - (size_t)n, ", \"f%d\": %d", i, i);
    snprintf(rec + n, cap - (size_t)n, "}");
    arena *ar = arena_new(1 << 16);
    value *slots;
    assert_string_equal(read_with(p, rec, 4096, &slots, ar), "");
    const symbol *f299 = program_lookup(p->prog, "f299");
    assert_non_null(f299);
    assert_int_equal(slots[f299->index].kind, VK_NUM);
    assert_int_equal(slots[f299->index].n.num, 299);
    /* the first 290 only: f290..f299 missing (8 named, "and 2 more") */
    n = snprintf(rec, cap, "{\"id\": \"A\"");
    for (int i = 0; i < 290; i++) n += snprintf(rec + n, cap - (size_t)n, ", \"f%d\": %d", i, i);
    snprintf(rec + n, cap - (size_t)n, "}");
    assert_string_equal(read_with(p, rec, 4096, NULL, ar),
                        "field 'f290': missing; field 'f291': missing; field 'f292': missing; field 'f293': missing; "
                        "field 'f294': missing; field 'f295': missing; field 'f296': missing; field 'f297': missing; "
                        "and 2 more");
    /* a repeat of a field past the 256th is found */
    snprintf(rec + n, cap - (size_t)n, ", \"f289\": 1}");
    assert_string_equal(read_with(p, rec, 4096, NULL, ar), "field 'f289' is given twice");
    arena_free(ar);
    kh_policy_free(p);
    mem_free(text);
    mem_free(rec);
}

static void test_a_key_inside_a_group(void **state)
{
    kh_policy *p = load("input:\n    who: record\n        id: text, key\n        n: integer\noutput o = who.n\n");
    assert_non_null(p);
    cJSON *a = cJSON_Parse("{\"who\": {\"id\": \"S-9\", \"n\": 1}}");
    cJSON *b = cJSON_Parse("{\"who\": 5}");
    cJSON *c = cJSON_Parse("{\"who\": {\"id\": 7}}");
    cJSON *d = cJSON_Parse("{\"other\": 1}");
    assert_string_equal(input_key(p->plan, a), "S-9");
    assert_null(input_key(p->plan, b)); /* who is not an object */
    assert_null(input_key(p->plan, c)); /* the id is not a text */
    assert_null(input_key(p->plan, d));
    cJSON_Delete(a);
    cJSON_Delete(b);
    cJSON_Delete(c);
    cJSON_Delete(d);
    kh_policy_free(p);
    /* a key path with a segment longer than 127 bytes gives no key (rather
     * than a wrong one) */
    char g[200], text[512], rec[512];
    memset(g, 'g', 150);
    g[150] = '\0';
    snprintf(text, sizeof text, "input:\n    %s: record\n        id: text, key\noutput o = %s.id\n", g, g);
    p = load(text);
    assert_non_null(p);
    snprintf(rec, sizeof rec, "{\"%s\": {\"id\": \"S-1\"}}", g);
    cJSON *e = cJSON_Parse(rec);
    assert_null(input_key(p->plan, e));
    cJSON_Delete(e);
    kh_policy_free(p);
    /* no key at all */
    p = load("input:\n    n: integer\noutput o = n\n");
    cJSON *f = cJSON_Parse("{\"n\": 1}");
    assert_null(input_key(p->plan, f));
    cJSON_Delete(f);
    kh_policy_free(p);
}

static void test_convert_types_a_schema_cannot_declare(void **state)
{
    arena *ar = arena_new(1024);
    char err[256];
    value v;
    /* [] is a list of nothing yet: an entry cannot be converted */
    const ktype *empty = type_list(ar, NULL);
    cJSON *one = cJSON_Parse("[1]"), *none = cJSON_Parse("[]"), *obj = cJSON_Parse("{\"a\": 1}");
    assert_false(input_convert(empty, one, ar, &v, err, sizeof err));
    assert_string_equal(err, "entry 1: unexpected");
    assert_true(input_convert(empty, none, ar, &v, err, sizeof err));
    assert_int_equal(v.len, 0);
    /* a record (an object value) is never given as a value */
    const char *names[] = {"a"};
    const ktype *fields[] = {&type_int};
    const ktype *rec = type_record(ar, names, fields, 1);
    assert_false(input_convert(rec, obj, ar, &v, err, sizeof err));
    assert_string_equal(err, "this kind of value cannot be given here");
    /* a list of dates: entries are read as dates */
    const ktype *dates = type_list(ar, &type_date);
    cJSON *ds = cJSON_Parse("[\"2014-06-01\", \"2014-02-30\"]");
    assert_false(input_convert(dates, ds, ar, &v, err, sizeof err));
    assert_string_equal(err, "entry 2: 2014-02-30 is not a real date (February 2014 has 28 days)");
    /* date-time and month given as something else */
    cJSON *t = cJSON_CreateTrue();
    assert_false(input_convert(&type_datetime, t, ar, &v, err, sizeof err));
    assert_string_equal(err, "expected a date-time in quotes, found true/false");
    cJSON *nul = cJSON_CreateNull();
    assert_false(input_convert(&type_month, nul, ar, &v, err, sizeof err));
    assert_string_equal(err, "expected a month in quotes, found null");
    cJSON_Delete(one);
    cJSON_Delete(none);
    cJSON_Delete(obj);
    cJSON_Delete(ds);
    cJSON_Delete(t);
    cJSON_Delete(nul);
    arena_free(ar);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_the_base_record_is_valid),
        cmocka_unit_test(test_bounds_on_dates_months_and_datetimes),
        cmocka_unit_test(test_bounds_that_are_expressions),
        cmocka_unit_test(test_a_bound_naming_an_absent_optional_field),
        cmocka_unit_test(test_lists_of_records),
        cmocka_unit_test(test_numbers_json_cannot_hold),
        cmocka_unit_test(test_messages_cut_to_the_buffer),
        cmocka_unit_test(test_long_paths_are_cut),
        cmocka_unit_test(test_many_unnamed_members),
        cmocka_unit_test(test_a_group_of_300_fields),
        cmocka_unit_test(test_a_key_inside_a_group),
        cmocka_unit_test(test_convert_types_a_schema_cannot_declare),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
