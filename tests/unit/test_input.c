/*
 * test_input.c — reading a JSON record against the input schema
 * (src/input.c): values read exactly, defaults, and one test per class of
 * fault (missing, wrong JSON type, not whole, too many decimals, not a real
 * date, not an allowed value, out of bounds — bounds naming other fields
 * too —, too many entries, faults inside groups and lists, duplicate keys,
 * not an object), with the message the operator sees.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <string.h>

#include "input.h"
#include "policy.h"

static const char POLICY[] =
    "input:\n"
    "    id: text, key\n"
    "    n: integer, at least 0\n"
    "    r: decimal, within 0..1\n"
    "    pay: money, more than 0\n"
    "    ok: boolean\n"
    "    name: text, nonempty\n"
    "    d: date\n"
    "    t: datetime\n"
    "    m: month\n"
    "    lvl: one of \"a\", \"b\"\n"
    "    days: integer, within 0..workdays\n"
    "    workdays: integer, less than 32\n"
    "    xs: list of integer, at most 3 entries\n"
    "    tags: list of text, default []\n"
    "    bonus: money, default 5 yuan\n"
    "    q: record\n"
    "        k: integer\n"
    "    extra: record, optional\n"
    "        e: integer, default 9\n"
    "        f: integer\n"
    "    deals: list of record\n"
    "        amt: money\n"
    "        paid: boolean\n"
    "output o = {n: n, r: r, pay: pay, ok: ok, name: name, d: d, t: t, m: m, lvl: lvl, days: days,\n"
    "    xs: xs, tags: tags, bonus: bonus, k: q.k, e: extra.e, f: extra.f, deals: sum(amt over deals where paid)}\n";

static const char BASE[] =
    "{\"id\": \"A-1\", \"n\": 7, \"r\": 0.5, \"pay\": 12.5, \"ok\": true, \"name\": \"王芳\", \"d\": \"2014-06-01\","
    " \"t\": \"2014-06-03T14:05:09\", \"m\": \"2014-06\", \"lvl\": \"b\", \"days\": 20, \"workdays\": 20,"
    " \"xs\": [1, 2], \"q\": {\"k\": 3}, \"deals\": [{\"amt\": 10, \"paid\": true}]}";

static kh_policy *policy;

static int setup(void **state)
{
    kh_diags *d = kh_diags_new();
    policy = kh_policy_load_text("t.rules", POLICY, strlen(POLICY), d);
    if (!policy) kh_diags_print(d, stderr, false);
    kh_diags_free(d);
    return policy ? 0 : -1;
}

static int teardown(void **state)
{
    kh_policy_free(policy);
    return 0;
}

/* Reads json; returns "" when valid, else the message.  Slots go to *slots
 * (in ar) when asked for. */
static const char *read_json(const char *json, arena *ar, value **slots)
{
    static char err[2048];
    const plan *pl = policy->plan;
    value *s = arena_alloc(ar, (size_t)(pl->nslots + 1) * sizeof *s);
    input_reader *r = input_reader_new(pl);
    input_text t = {json, strlen(json), 0, 1, 1};
    const char *id;
    bool ok = input_read_text(r, &t, ar, s, policy->params, NULL, err, sizeof err, &id);
    input_reader_free(r);
    if (slots) *slots = s;
    if (ok) err[0] = '\0';
    return err;
}

/* BASE with field `key` set to the JSON text `val` (NULL: removed). */
static void expect_with(const char *key, const char *val, const char *want)
{
    cJSON *rec = cJSON_Parse(BASE);
    assert_non_null(rec);
    cJSON_DeleteItemFromObjectCaseSensitive(rec, key);
    if (val) {
        cJSON *v = cJSON_Parse(val);
        if (!v) fail_msg("bad test JSON: %s", val);
        cJSON_AddItemToObject(rec, key, v);
    }
    char *text = cJSON_PrintUnformatted(rec);
    cJSON_Delete(rec);
    arena *ar = arena_new(4096);
    const char *got = read_json(text, ar, NULL);
    if (strcmp(got, want) != 0) fail_msg("%s = %s\n  got:      %s\n  expected: %s", key, val ? val : "(absent)", got, want);
    arena_free(ar);
    cJSON_free(text);
}

/* BASE with member `key` written as the raw JSON text `val` (numbers exactly
 * as given: cJSON would print them through a double). */
static void expect_raw(const char *key, const char *val, const char *want)
{
    cJSON *rec = cJSON_Parse(BASE);
    assert_non_null(rec);
    cJSON_DeleteItemFromObjectCaseSensitive(rec, key);
    char *text = cJSON_PrintUnformatted(rec);
    cJSON_Delete(rec);
    char json[4096];
    snprintf(json, sizeof json, "%.*s,\"%s\":%s}", (int)strlen(text) - 1, text, key, val);
    cJSON_free(text);
    arena *ar = arena_new(4096);
    const char *got = read_json(json, ar, NULL);
    if (strcmp(got, want) != 0) fail_msg("%s = %s\n  got:      %s\n  expected: %s", key, val, got, want);
    arena_free(ar);
}

static value slot(const value *slots, const char *name)
{
    const symbol *s = program_lookup(policy->prog, name);
    assert_non_null(s);
    return slots[s->index];
}

static void assert_num(value v, int64_t n, int64_t d)
{
    assert_int_equal(v.kind, VK_NUM);
    if (v.n.num != n || v.n.den != d)
        fail_msg("got %lld/%lld, expected %lld/%lld", (long long)v.n.num, (long long)v.n.den, (long long)n, (long long)d);
}

/* ---- valid records -------------------------------------------------------------- */

static void test_valid_record_and_defaults(void **state)
{
    arena *ar = arena_new(4096);
    value *s;
    assert_string_equal(read_json(BASE, ar, &s), "");
    assert_num(slot(s, "n"), 7, 1);
    assert_num(slot(s, "r"), 1, 2);
    assert_num(slot(s, "pay"), 25, 2);
    assert_int_equal(slot(s, "ok").kind, VK_BOOL);
    assert_true(slot(s, "ok").b);
    assert_int_equal(slot(s, "name").kind, VK_TEXT);
    assert_string_equal(slot(s, "name").s, "王芳");
    assert_int_equal(slot(s, "lvl").kind, VK_ENUM);
    assert_int_equal(slot(s, "lvl").len, 1); /* the index of "b" */
    assert_int_equal(slot(s, "xs").len, 2);
    /* absent, with defaults */
    assert_int_equal(slot(s, "tags").kind, VK_LIST);
    assert_int_equal(slot(s, "tags").len, 0);
    assert_num(slot(s, "bonus"), 5, 1);
    arena_free(ar);
}

static void test_null_is_absent(void **state)
{
    expect_with("bonus", "null", "");           /* takes its default */
    expect_with("extra", "null", "");           /* an optional group */
    expect_with("n", "null", "field 'n': missing");
}

/* The slot of the leaf at `path` (a field of a group too). */
static value leaf(const value *slots, const char *path)
{
    for (int i = 0; i < policy->prog->nleaves; i++)
        if (strcmp(policy->prog->leaves[i]->path, path) == 0) return slots[policy->prog->leaves[i]->slot];
    fail_msg("no leaf %s", path);
    return (value){.kind = VK_NONE};
}

/* An optional group left out (BASE has no extra) or null leaves its fields
 * absent, the required f too, and e takes its default 9; given, it must
 * give f; given with f, f is read. */
static void test_optional_group_required_field(void **state)
{
    arena *ar = arena_new(4096);
    value *s;
    assert_string_equal(read_json(BASE, ar, &s), "");
    assert_int_equal(leaf(s, "extra.f").kind, VK_NONE);
    assert_num(leaf(s, "extra.e"), 9, 1);
    arena_free(ar);
    expect_with("extra", "null", "");
    expect_with("extra", "{}", "field 'extra.f': missing");
    expect_with("extra", "{\"e\": 1}", "field 'extra.f': missing");
    expect_with("extra", "{\"f\": 2}", "");
    /* a required group is required whole as before: q given without k */
    expect_with("q", NULL, "field 'q.k': missing");
}

static void test_unknown_keys_are_ignored_and_keys_are_case_sensitive(void **state)
{
    expect_with("zzz", "1", "");
    arena *ar = arena_new(4096);
    /* "N" is not "n" */
    const char *rec = "{\"id\": \"A-1\", \"N\": 7, \"r\": 0.5, \"pay\": 12.5, \"ok\": true, \"name\": \"x\", \"d\": \"2014-06-01\","
                      " \"t\": \"2014-06-03T14:05:09\", \"m\": \"2014-06\", \"lvl\": \"b\", \"days\": 20, \"workdays\": 20,"
                      " \"xs\": [], \"q\": {\"k\": 3}, \"deals\": []}";
    assert_string_equal(read_json(rec, ar, NULL), "field 'n': missing");
    arena_free(ar);
}

/* BASE with its first `from` written `to` (in out, of cap bytes). */
static const char *base_with(const char *from, const char *to, char *out, size_t cap)
{
    const char *at = strstr(BASE, from);
    assert_non_null(at);
    snprintf(out, cap, "%.*s%s%s", (int)(at - BASE), BASE, to, at + strlen(from));
    return out;
}

/* A key that comes where the schema's order expects it is matched by its
 * bytes; whatever else a key is goes the long way, and means the same. */
static void test_keys_in_order_and_not(void **state)
{
    arena *ar = arena_new(4096);
    char rec[2048];
    value *s;
    /* n written with an escape, in its place: still n */
    assert_string_equal(read_json(base_with("\"n\":", "\"\\u006e\":", rec, sizeof rec), ar, &s), "");
    assert_num(slot(s, "n"), 7, 1);
    /* a key that starts as the name expected but goes on is another key */
    assert_string_equal(read_json(base_with("\"n\":", "\"nn\":", rec, sizeof rec), ar, NULL), "field 'n': missing");
    assert_string_equal(read_json(base_with("\"n\":", "\"n \":", rec, sizeof rec), ar, NULL), "field 'n': missing");
    /* the name expected after a key out of order, seen already */
    assert_string_equal(read_json("{\"n\": 1, \"id\": \"A\", \"n\": 2}", ar, NULL), "field 'n' is given twice");
    assert_string_equal(read_json("{\"id\": \"A\", \"id\": \"B\"}", ar, NULL), "field 'id' is given twice");
    /* the text ends inside the key expected: the string opened at byte 14 */
    assert_string_equal(read_json("{\"id\": \"A\", \"n", ar, NULL),
                        "line 1, column 15 (byte 14): invalid JSON: unterminated string");
    arena_free(ar);
}

static void test_numbers_are_exact(void **state)
{
    arena *ar = arena_new(4096);
    value *s;
    /* numbers are read exactly as written (the spec's Numbers), as numbers
     * and as texts alike: 12345678901234.56 keeps its cents =
     * 1234567890123456/100, reduced by 4 */
    const char *a = "{\"id\": \"A\", \"n\": 7, \"r\": \"0.333\", \"pay\": 12345678901234.56, \"ok\": true, \"name\": \"x\","
                    " \"d\": \"2014-06-01\", \"t\": \"2014-06-03T14:05:09\", \"m\": \"2014-06\", \"lvl\": \"a\", \"days\": 0,"
                    " \"workdays\": 0, \"xs\": [], \"q\": {\"k\": 3}, \"deals\": []}";
    assert_string_equal(read_json(a, ar, &s), "");
    assert_num(slot(s, "pay"), 308641972530864, 25);
    assert_num(slot(s, "r"), 333, 1000);
    /* 0.59999999999999999 is that number, not 0.6 (a double would make it 0.6) */
    const char *b = "{\"id\": \"A\", \"n\": 7, \"r\": 0.59999999999999999, \"pay\": \"12345678901234.56\","
                    " \"ok\": true, \"name\": \"x\", \"d\": \"2014-06-01\", \"t\": \"2014-06-03T14:05:09\", \"m\": \"2014-06\","
                    " \"lvl\": \"a\", \"days\": 0, \"workdays\": 0, \"xs\": [], \"q\": {\"k\": 3}, \"deals\": []}";
    assert_string_equal(read_json(b, ar, &s), "");
    assert_num(slot(s, "pay"), 308641972530864, 25);
    assert_num(slot(s, "r"), 59999999999999999, 100000000000000000);
    /* the spec's range: a magnitude of 10^18 or more is out of range, just
     * below is fine; as an integer, a decimal and a text */
    expect_raw("n", "999999999999999999", "");
#define TOO_LARGE "is too large (kaohe reads numbers below 10^18 in magnitude)"
    expect_raw("n", "1000000000000000000", "field 'n': the number 1000000000000000000 " TOO_LARGE);
    expect_raw("n", "-1e18", "field 'n': the number -1e18 " TOO_LARGE);
    expect_raw("n", "0.1e19", "field 'n': the number 0.1e19 " TOO_LARGE);
    expect_raw("n", "1e400", "field 'n': the number 1e400 " TOO_LARGE);
    expect_raw("n", "0e400", "");
    expect_raw("pay", "\"1e18\"", "field 'pay': the number 1e18 " TOO_LARGE);
#undef TOO_LARGE
    /* tiny, or more digits than an int64 fraction holds: read exactly (a
     * big number, num.h) */
    expect_raw("r", "1e-19", "");
    expect_raw("r", "0.1000000000000000055511151231257827", "");
    /* below 10^-300000 is too small to hold; more than 300000 decimals too many */
    expect_raw("r", "1e-300001", "field 'r': the number 1e-300001 is too small to hold (kaohe reads numbers down to "
                                  "10^-300000; write 0 for none)");
    expect_raw("r", "1.5e-300000", "field 'r': the number 1.5e-300000 has too many decimals (kaohe reads at most 300000)");
    arena_free(ar);
}

/* ---- faults, one class at a time ------------------------------------------------- */

static void test_missing(void **state)
{
    expect_with("d", NULL, "field 'd': missing");
    expect_with("q", NULL, "field 'q.k': missing");
    expect_with("q", "{}", "field 'q.k': missing");
    expect_with("deals", NULL, "field 'deals': missing");
}

static void test_wrong_json_types(void **state)
{
    expect_with("n", "\"7\"", "field 'n': expected a number, found a text");
    expect_with("ok", "\"true\"", "field 'ok': expected true or false, found a text");
    expect_with("name", "5", "field 'name': expected a text, found a number");
    expect_with("d", "20140601", "field 'd': expected a date in quotes, found a number");
    expect_with("m", "[]", "field 'm': expected a month in quotes, found a list");
    expect_with("t", "{}", "field 't': expected a date-time in quotes, found an object");
    expect_with("lvl", "true", "field 'lvl': expected a text, found true/false");
    expect_with("xs", "5", "field 'xs': expected a list, found a number");
    expect_with("q", "5", "field 'q': expected an object, found a number");
    expect_with("deals", "{}", "field 'deals': expected a list, found an object");
}

static void test_number_forms(void **state)
{
    expect_with("n", "7.5", "field 'n': expected a whole number");
    expect_with("n", "7.0", "");                   /* 7.0 is the whole number 7 */
    expect_with("r", "\"abc\"", "field 'r': \"abc\" is not a number");
    expect_with("r", "\"0.25\"", "");              /* a decimal may be a string */
    expect_with("pay", "12.345", "field 'pay': an amount of money has at most 2 decimals");
    expect_with("pay", "\"12.345\"", "field 'pay': an amount of money has at most 2 decimals");
    expect_with("pay", "\"99999999999999999999\"",
                "field 'pay': the number 99999999999999999999 is too large (kaohe reads numbers below 10^18 in magnitude)");
}

static void test_calendar_values(void **state)
{
    expect_with("d", "\"2014-02-29\"", "field 'd': 2014-02-29 is not a real date (2014 is not a leap year)");
    expect_with("d", "\"2014-06-31\"", "field 'd': 2014-06-31 is not a real date (June 2014 has 30 days)");
    expect_with("d", "\"2014-13-01\"", "field 'd': month 13 does not exist");
    expect_with("t", "\"2014-06-01T25:00:00\"", "field 't': hour 25 is out of range");
    expect_with("m", "\"2014-00\"", "field 'm': month 0 does not exist");
    expect_with("d", "\"2016-02-29\"", ""); /* a leap year */
}

static void test_enumerations(void **state)
{
    expect_with("lvl", "\"c\"", "field 'lvl': \"c\" is not allowed (one of \"a\", \"b\")");
    expect_with("lvl", "\"A\"", "field 'lvl': \"A\" is not allowed (one of \"a\", \"b\")");
    expect_with("lvl", "\"a\"", "");
}

static void test_bounds(void **state)
{
    expect_with("n", "-1", "field 'n': -1 is less than the minimum 0");
    expect_with("n", "0", "");
    expect_with("pay", "0", "field 'pay': 0 is not more than 0");
    expect_with("pay", "0.01", "");
    expect_with("r", "1.5", "field 'r': 1.5 is more than the maximum 1");
    expect_with("r", "1", "");
    expect_with("workdays", "32", "field 'workdays': 32 is not less than 32");
    /* a bound naming another field of the record: days within 0..workdays (20) */
    expect_with("days", "21", "field 'days': 21 is more than the maximum workdays (20)");
    expect_with("days", "-3", "field 'days': -3 is less than the minimum 0");
    expect_with("days", "20", "");
}

static void test_texts_and_lists(void **state)
{
    expect_with("name", "\"\"", "field 'name': must not be empty");
    expect_with("xs", "[1, 2, 3, 4]", "field 'xs': has 4 entries; at most 3 are allowed");
    expect_with("xs", "[1, 2, 3]", "");
    expect_with("xs", "[1, \"2\"]", "field 'xs': entry 2: expected a number, found a text");
    expect_with("xs", "[1, 2.5]", "field 'xs': entry 2: expected a whole number");
    expect_with("tags", "[\"x\", 5]", "field 'tags': entry 2: expected a text, found a number");
}

static void test_faults_inside_groups_and_lists(void **state)
{
    expect_with("q", "{\"k\": \"x\"}", "field 'q.k': expected a number, found a text");
    expect_with("extra", "{\"e\": \"x\", \"f\": 1}", "field 'extra.e': expected a number, found a text");
    expect_with("deals", "[{\"amt\": 1, \"paid\": true}, 5]", "field 'deals[2]': expected an object, found a number");
    expect_with("deals", "[{\"amt\": \"x\", \"paid\": true}]", "field 'deals[1].amt': \"x\" is not a number");
    expect_with("deals", "[{\"paid\": true}]", "field 'deals[1].amt': missing");
}

static void test_several_faults_are_all_named(void **state)
{
    arena *ar = arena_new(4096);
    assert_string_equal(read_json("{\"id\": \"A\", \"n\": \"x\", \"ok\": 1}", ar, NULL),
                        "field 'n': expected a number, found a text; field 'r': missing; field 'pay': missing; "
                        "field 'ok': expected true or false, found a number; field 'name': missing; field 'd': missing; "
                        "field 't': missing; field 'm': missing; and 6 more"); /* 14 faults: n r pay ok name d t m + lvl days workdays xs q.k deals */
    arena_free(ar);
}

static void test_record_shape(void **state)
{
    arena *ar = arena_new(4096);
    assert_string_equal(read_json("[1]", ar, NULL), "a record must be a JSON object, not a list");
    assert_string_equal(read_json("5", ar, NULL), "a record must be a JSON object, not a number");
    assert_string_equal(read_json("{\"id\": \"A\", \"n\": 1, \"n\": 2}", ar, NULL), "field 'n' is given twice");
    assert_string_equal(read_json("{\"id\": \"A\", \"q\": {\"k\": 1, \"k\": 1}}", ar, NULL), "field 'q.k' is given twice");
    /* repeats are found in members the schema does not name, and inside them */
    assert_string_equal(read_json("{\"id\": \"A\", \"zz\": 1, \"zz\": 2}", ar, NULL), "field 'zz' is given twice");
    assert_string_equal(read_json("{\"id\": \"A\", \"zz\": {\"y\": [{\"a\": 1, \"a\": 2}]}}", ar, NULL),
                        "field 'zz.y[1].a' is given twice");
    arena_free(ar);
}

static void test_key_for_messages(void **state)
{
    cJSON *a = cJSON_Parse("{\"id\": \"S-01\"}"), *b = cJSON_Parse("{\"id\": 5}"), *c = cJSON_Parse("[]");
    assert_string_equal(input_key(policy->plan, a), "S-01");
    assert_null(input_key(policy->plan, b));
    assert_null(input_key(policy->plan, c));
    cJSON_Delete(a);
    cJSON_Delete(b);
    cJSON_Delete(c);
}

static void test_convert_for_other_callers(void **state)
{
    arena *ar = arena_new(1024);
    char err[256];
    value v;
    const ktype *list_dec = type_list(ar, &type_dec);
    cJSON *ok = cJSON_Parse("[0.5, 1]"), *bad = cJSON_Parse("[\"0.5\"]");
    assert_true(input_convert(list_dec, ok, ar, &v, err, sizeof err));
    assert_int_equal(v.len, 2);
    /* only money and decimal fields themselves may be strings, not list entries */
    assert_false(input_convert(list_dec, bad, ar, &v, err, sizeof err));
    assert_string_equal(err, "entry 1: expected a number, found a text");
    cJSON_Delete(ok);
    cJSON_Delete(bad);
    arena_free(ar);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_valid_record_and_defaults),
        cmocka_unit_test(test_null_is_absent),
        cmocka_unit_test(test_optional_group_required_field),
        cmocka_unit_test(test_unknown_keys_are_ignored_and_keys_are_case_sensitive),
        cmocka_unit_test(test_keys_in_order_and_not),
        cmocka_unit_test(test_numbers_are_exact),
        cmocka_unit_test(test_missing),
        cmocka_unit_test(test_wrong_json_types),
        cmocka_unit_test(test_number_forms),
        cmocka_unit_test(test_calendar_values),
        cmocka_unit_test(test_enumerations),
        cmocka_unit_test(test_bounds),
        cmocka_unit_test(test_texts_and_lists),
        cmocka_unit_test(test_faults_inside_groups_and_lists),
        cmocka_unit_test(test_several_faults_are_all_named),
        cmocka_unit_test(test_record_shape),
        cmocka_unit_test(test_key_for_messages),
        cmocka_unit_test(test_convert_for_other_callers),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
