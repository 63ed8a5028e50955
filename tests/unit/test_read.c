/*
 * test_read.c — the one-pass record reader (src/io/input.c) beside
 * test_input.c (field by field) and test_cov_io_input.c: it is as strict as
 * jsonin's scanner (every fault of thousands of broken lines reads the same
 * from both), finds a key given twice in any object — in linear time, among
 * 200,000 members —, names faults in the schema's order whatever the order
 * of the members, names the id a broken record gave before its fault and a
 * byte-order mark that starts a later line, reads escaped keys and texts,
 * and takes a chained group from --prior's carry in place of its own.
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

/* Every member a test record has beyond these is one the schema does not
 * name. */
static const char POLICY[] =
    "input:\n"
    "    id: text, key\n"
    "    n: integer, at least 0\n"
    "    name: text, optional\n"
    "    q: record, optional\n"
    "        k: integer, default 0\n"
    "        s: text, default \"\"\n"
    "    deals: list of record, default []\n"
    "        amt: money\n"
    "    prior: record, optional\n"
    "        strikes: integer, at least 0, default 0\n"
    "chain prior from carry\n"
    "output carry = {strikes: prior.strikes + n}\n"
    "output o = {k: q.k, s: q.s, name: name, d: count(deals), a: sum(amt over deals)}\n";

static kh_policy *policy;
static input_reader *reader;

static int setup(void **state)
{
    kh_diags *d = kh_diags_new();
    policy = kh_policy_load_text("t.rules", POLICY, strlen(POLICY), d);
    if (!policy) kh_diags_print(d, stderr, false);
    kh_diags_free(d);
    if (!policy) return -1;
    reader = input_reader_new(policy->plan);
    return 0;
}

static int teardown(void **state)
{
    input_reader_free(reader);
    kh_policy_free(policy);
    return 0;
}

typedef struct outcome {
    bool ok;
    char err[2048];
    const char *id;
    value *slots;
} outcome;

/* Reads text (as line 1, column 1, byte 0 of the input). */
static outcome read_text(const char *text, size_t len, const input_chain *chain, arena *ar)
{
    outcome o;
    const plan *pl = policy->plan;
    o.slots = arena_alloc(ar, (size_t)(pl->nslots + 1) * sizeof *o.slots);
    input_text t = {text, len, 0, 1, 1};
    o.ok = input_read_text(reader, &t, ar, o.slots, policy->params, chain, o.err, sizeof o.err, &o.id);
    if (o.ok) o.err[0] = '\0';
    return o;
}

static void expect_message(const char *text, const char *want)
{
    arena *ar = arena_new(4096);
    outcome o = read_text(text, strlen(text), NULL, ar);
    if (strcmp(o.err, want) != 0) fail_msg("%s\n  got:      %s\n  expected: %s", text, o.err, want);
    arena_free(ar);
}

/* The slot of the field at `path` ("q.s"). */
static value slot(const value *slots, const char *path)
{
    const program *prog = policy->prog;
    for (int i = 0; i < prog->nleaves; i++)
        if (strcmp(prog->leaves[i]->path, path) == 0) return slots[prog->leaves[i]->slot];
    fail_msg("no field %s", path);
    return slots[0];
}

/* ---- as strict as the scanner --------------------------------------------------- */

/* The fault jsonin's strict scanner finds in a one-line input ("" when it
 * takes the line as one valid value, NULL when it says something the
 * reader says otherwise: numbers past a double). */
static const char *scanner_says(const char *text, size_t len, char *said_buf, size_t cap)
{
    jsonin *in = jsonin_open_buffer(text, len, "t");
    jsonin_record rec;
    jsonin_status st = jsonin_next(in, &rec);
    const char *said = said_buf;
    said_buf[0] = 0;
    if (st == JSONIN_BAD_RECORD) snprintf(said_buf, cap, "%s", rec.error);
    else if (st == JSONIN_FATAL) said = NULL; /* an array: whole-input faults */
    else if (st == JSONIN_RECORD) cJSON_Delete(rec.json);
    if (said && strstr(said_buf, "number out of range")) said = NULL;
    if (st > 0 && jsonin_next(in, &rec) != JSONIN_END) said = NULL; /* not one value */
    jsonin_close(in);
    return said;
}

static int compared;

/* The reader finds the same fault, at the same place, as the scanner. */
static void same_fault(const char *text, size_t len)
{
    if (len == 0 || memchr(text, '\n', len) || text[0] == '[' || text[0] == ' ') return;
    char want[512];
    if (!scanner_says(text, len, want, sizeof want)) return;
    arena *ar = arena_new(4096);
    outcome o = read_text(text, len, NULL, ar);
    bool json_fault = strstr(o.err, "line 1, column") == o.err;
    if (want[0] ? strcmp(o.err, want) != 0 : json_fault)
        fail_msg("%.*s\n  reader:  %s\n  scanner: %s", (int)len, text, o.err, want);
    compared++;
    arena_free(ar);
}

static void test_faults_read_as_the_scanner_says(void **state)
{
    static const char *const lines[] = {
        "{", "}", "{\"id\"", "{\"id\":", "{\"id\":}", "{\"id\" \"A\"}", "{\"id\":\"A\",}", "{,}", "{\"id\":\"A\"",
        "{\"id\":\"A\"]", "{\"n\":[1,]}", "{\"n\":[,1]}", "{\"n\":[1 2]}", "{\"n\":01}", "{\"n\":-}", "{\"n\":1.}",
        "{\"n\":.5}", "{\"n\":1e}", "{\"n\":1e+}", "{\"n\":+1}", "{\"n\":tru}", "{\"n\":nul}", "{\"n\":falsey}",
        "{\"n\":\"\\x\"}", "{\"n\":\"\\u12\"}", "{\"n\":\"\\uD800\"}", "{\"n\":\"\\u0000\"}", "{\"n\":\"a\tb\"}",
        "{\"n\":\"\xC3\"}", "{\"n\":\"\xED\xA0\x80\"}", "{\"n\":\"\xF4\x90\x80\x80\"}", "{\"n\":\"\xC0\xAF\"}",
        "{\"n\":\"\xFF\"}", "{\"n\":\"\x80\"}", "{\"n\":\"\xE4\xB8\"}", "{\"n\":1}x", "{\"n\":1} {}", "{\"n\":1}\t\r",
        "{'n':1}", "{\"n\":NaN}", "{\"n\":Infinity}", "{\"n\":0x10}", "\"x\"", "12",
        "null", "true", "{\"deals\":[{\"amt\":1,}]}", "{\"deals\":[{\"amt\" 1}]}", "{\"q\":{\"k\":1 \"s\":\"x\"}}",
        "{\"zz\":{\"a\":[1,{\"b\":}]}}", "{\"zz\":[[[[]]]}", "{\"id\":\"A\",\"name\":\"\\uDC00x\"}",
    };
    for (size_t i = 0; i < sizeof lines / sizeof lines[0]; i++) same_fault(lines[i], strlen(lines[i]));
    /* a whole record cut after every byte, and each byte replaced by each
     * of a few that break things */
    const char *rec = "{\"id\":\"A-1\",\"n\":7,\"name\":\"\xE7\x8E\x8B \\\"x\\\"\",\"q\":{\"k\":-2,\"s\":\"\\u00e9\"},"
                      "\"deals\":[{\"amt\":12.5},{\"amt\":0}],\"zz\":[true,false,null,{\"a\":[]}],\"prior\":null}";
    size_t len = strlen(rec);
    char line[512];
    for (size_t cut = 1; cut <= len; cut++) same_fault(rec, cut);
    static const char breakers[] = "\"\\{}[],: x0-.e\x01\x80\xEF";
    for (size_t at = 0; at < len; at++)
        for (size_t b = 0; b < sizeof breakers - 1; b++) {
            memcpy(line, rec, len);
            line[at] = breakers[b];
            same_fault(line, len);
        }
    assert_true(compared > 2000);
}

/* ---- repeated keys ------------------------------------------------------------------ */

static void expect_twice(const char *text, const char *path)
{
    char want[512];
    snprintf(want, sizeof want, "field '%s' is given twice", path);
    expect_message(text, want);
}

static void test_repeated_keys_anywhere(void **state)
{
    /* fields of the schema, at the record's level and in groups and entries */
    expect_twice("{\"id\":\"A\",\"n\":1,\"n\":2}", "n");
    expect_twice("{\"id\":\"A\",\"n\":1,\"q\":{\"k\":1,\"k\":1}}", "q.k");
    expect_twice("{\"id\":\"A\",\"n\":1,\"deals\":[{\"amt\":1},{\"amt\":2,\"amt\":3}]}", "deals[2].amt");
    /* members the schema does not name, and every object inside them */
    expect_twice("{\"id\":\"A\",\"n\":1,\"zz\":1,\"zz\":2}", "zz");
    expect_twice("{\"id\":\"A\",\"n\":1,\"zz\":{\"y\":[{\"a\":1,\"a\":2}]}}", "zz.y[1].a");
    expect_twice("{\"id\":\"A\",\"n\":1,\"x\":[[{\"y\":{\"z\":1,\"z\":2}}]]}", "x[1][1].y.z");
    expect_twice("{\"id\":\"A\",\"n\":1,\"q\":{\"k\":1,\"u\":{\"v\":1,\"v\":1}}}", "q.u.v");
    expect_twice("{\"id\":\"A\",\"n\":1,\"deals\":[{\"amt\":1,\"w\":1,\"w\":2}]}", "deals[1].w");
    /* the first repeat in the text is the one named */
    expect_twice("{\"id\":\"A\",\"n\":1,\"a\":{\"x\":1,\"x\":2},\"b\":1,\"b\":2}", "a.x");
    expect_twice("{\"id\":\"A\",\"n\":1,\"b\":1,\"b\":2,\"a\":{\"x\":1,\"x\":2}}", "b");
    /* keys inside a member the schema does not name are quoted when not
     * plain names; the member itself is named as written */
    expect_twice("{\"id\":\"A\",\"n\":1,\"a b\":{\"q\\\"\":1,\"q\\\"\":2}}", "a b[\"q\\\"\"]");
    expect_twice("{\"id\":\"A\",\"n\":1,\"u\":{\"a@\":1,\"a@\":2}}", "u[\"a@\"]");
    expect_twice("{\"id\":\"A\",\"n\":1,\"u\":{\"a.b\":{\"c\":1,\"c\":2}}}", "u[\"a.b\"].c");
    expect_twice("{\"id\":\"A\",\"n\":1,\"u\":{\"t\\u0001\":1,\"t\\u0001\":2}}", "u[\"t\\u0001\"]");
    expect_twice("{\"id\":\"A\",\"n\":1,\"u\":{\"Ab_-9Z\":{\"x\":1,\"x\":2}}}", "u.Ab_-9Z.x");
    expect_twice("{\"id\":\"A\",\"n\":1,\"\xE5\x90\x8D\":{\"n\":1,\"n\":2}}", "\xE5\x90\x8D.n");
    expect_twice("{\"id\":\"A\",\"n\":1,\"\":1,\"\":2}", "");
    /* a key is its text, whatever its escapes: "\u006e" is "n" */
    expect_twice("{\"id\":\"A\",\"n\":1,\"\\u006e\":2}", "n");
    /* not repeats: the same key in different objects, case, spaces */
    expect_message("{\"id\":\"A\",\"n\":1,\"a\":1,\"b\":{\"a\":2},\"c\":[{\"a\":1},{\"a\":2}]}", "");
    expect_message("{\"id\":\"A\",\"n\":1,\"a\":1,\"A\":2,\"ab\":3,\"ba\":4,\"a \":5,\"\":6}", "");
    /* a repeat is named alone, even beside other faults */
    expect_twice("{\"id\":\"A\",\"n\":-1,\"n\":-1,\"q\":5}", "n");
}

static void test_repeats_the_deepest_object_allows(void **state)
{
    /* the record (level 1), a member nesting 510 arrays (levels 2..511) and
     * at the bottom an object (level 512, the deepest allowed) with a
     * repeat: "x" then "[1]" 510 times, then ".q", cut to the 255
     * characters a path holds in a message */
    size_t depth = JSONIN_MAX_DEPTH - 2;
    char *text = mem_alloc(2 * depth + 64);
    assert_non_null(text);
    size_t n = (size_t)sprintf(text, "{\"id\":\"A\",\"n\":1,\"x\":");
    memset(text + n, '[', depth);
    n += depth;
    n += (size_t)sprintf(text + n, "{\"q\":1,\"q\":2}");
    memset(text + n, ']', depth);
    n += depth;
    strcpy(text + n, "}");
    arena *ar = arena_new(4096);
    outcome o = read_text(text, strlen(text), NULL, ar);
    assert_false(o.ok);
    assert_int_equal(strlen(o.err), strlen("field '' is given twice") + 255);
    assert_memory_equal(o.err, "field 'x[1][1][1]", 17);
    assert_string_equal(o.err + strlen(o.err) - strlen("' is given twice"), "' is given twice");
    arena_free(ar);
    mem_free(text);
}

/* A record with `count` members the schema does not name, k0, k1, ...,
 * then (when again >= 0) k<again> once more. */
static char *wide_record(size_t count, long again)
{
    char *s = mem_alloc(count * 24 + 64);
    assert_non_null(s);
    size_t n = (size_t)sprintf(s, "{\"id\":\"W\",\"n\":1");
    for (size_t i = 0; i < count; i++) n += (size_t)sprintf(s + n, ",\"k%zu\":%zu", i, i);
    if (again >= 0) n += (size_t)sprintf(s + n, ",\"k%ld\":0", again);
    strcpy(s + n, "}");
    return s;
}

static void test_many_members_the_schema_does_not_name(void **state)
{
    /* 200,000 members: read in time linear in their number (the table of
     * keys; a pairwise search would take minutes), with or without a repeat
     * (the first of them, given again last) */
    arena *ar = arena_new(1 << 16);
    char *s = wide_record(200000, -1);
    outcome o = read_text(s, strlen(s), NULL, ar);
    assert_true(o.ok);
    mem_free(s);
    s = wide_record(200000, 0);
    o = read_text(s, strlen(s), NULL, ar);
    assert_string_equal(o.err, "field 'k0' is given twice");
    mem_free(s);
    /* the reader forgets them for the next record */
    o = read_text("{\"id\":\"W\",\"n\":1,\"k0\":1}", strlen("{\"id\":\"W\",\"n\":1,\"k0\":1}"), NULL, ar);
    assert_true(o.ok);
    arena_free(ar);
}

/* ---- order, ids, texts ----------------------------------------------------------------------- */

static void test_faults_in_the_schemas_order(void **state)
{
    const char *want = "field 'n': -1 is less than the minimum 0; field 'q.k': expected a number, found a text; "
                       "field 'deals[1].amt': missing; field 'deals[2]': expected an object, found a number";
    /* members in the schema's order, reversed, and shuffled */
    expect_message("{\"id\":\"A\",\"n\":-1,\"q\":{\"k\":\"x\"},\"deals\":[{},5]}", want);
    expect_message("{\"deals\":[{},5],\"q\":{\"k\":\"x\"},\"n\":-1,\"id\":\"A\"}", want);
    expect_message("{\"q\":{\"k\":\"x\"},\"id\":\"A\",\"deals\":[{},5],\"zz\":0,\"n\":-1}", want);
    /* a fault found after a list's entries (too many) follows theirs */
    expect_message("{\"id\":\"A\",\"n\":1,\"name\":5,\"q\":[]}",
                   "field 'name': expected a text, found a number; field 'q': expected an object, found a list");
}

static void test_the_id_read_before_a_fault(void **state)
{
    arena *ar = arena_new(4096);
    const char *t = "{\"id\":\"A-1\",\"n\":tru}";
    outcome o = read_text(t, strlen(t), NULL, ar);
    assert_string_equal(o.err, "line 1, column 17 (byte 16): invalid JSON: expected a value (true, false, null, a "
                               "number, a string, '[' or '{')");
    assert_non_null(o.id);
    assert_string_equal(o.id, "A-1");
    /* after the fault, nothing is read */
    t = "{\"n\":tru,\"id\":\"A-1\"}";
    o = read_text(t, strlen(t), NULL, ar);
    assert_false(o.ok);
    assert_null(o.id);
    /* a line cut short: the key in its bytes */
    const char *cut = "{\"n\":1,\"id\":\"A-2\",\"deals\":[{\"am";
    assert_string_equal(input_read_key(reader, cut, strlen(cut), ar), "A-2");
    cut = "{\"n\":1,\"id\":\"A-";
    assert_null(input_read_key(reader, cut, strlen(cut), ar));
    /* escaped, the key is its text */
    t = "{\"\\u0069d\":\"A\\u002d3\",\"n\":1}";
    o = read_text(t, strlen(t), NULL, ar);
    assert_true(o.ok);
    assert_string_equal(o.id, "A-3");
    arena_free(ar);
}

static void test_a_byte_order_mark_starting_a_record(void **state)
{
    expect_message("\xEF\xBB\xBF{\"id\":\"A\",\"n\":1}",
                   "line 1, column 1 (byte 0): invalid JSON: a byte-order mark (bytes EF BB BF) before this record; "
                   "only the start of the input may have one (were files joined?)");
    /* inside a record it is any other byte out of place */
    expect_message("{\"id\":\"A\",\"n\":\xEF\xBB\xBF 1}", "line 1, column 15 (byte 14): invalid JSON: expected a value "
                                                         "after ':'");
}

static void test_texts_unescaped(void **state)
{
    arena *ar = arena_new(4096);
    const char *t = "{\"id\":\"A\",\"n\":1,\"name\":\"\\u00e9\\n\\\"\\/\\ud83d\\ude00\xE7\x8E\x8B\",\"q\":{\"s\":\"plain\"}}";
    outcome o = read_text(t, strlen(t), NULL, ar);
    assert_true(o.ok);
    value v = slot(o.slots, "name");
    assert_int_equal(v.kind, VK_TEXT);
    assert_int_equal(v.len, strlen("\xC3\xA9\n\"/\xF0\x9F\x98\x80\xE7\x8E\x8B"));
    assert_string_equal(v.s, "\xC3\xA9\n\"/\xF0\x9F\x98\x80\xE7\x8E\x8B");
    assert_string_equal(slot(o.slots, "q.s").s, "plain");
    arena_free(ar);
}

/* ---- period chaining ------------------------------------------------------------------------------ */

/* The hook: A's carry is ud's; "X" is refused; whether the record gave its
 * own prior is noted in last_own. */
static bool last_own;

static bool carry_of_a(void *ud, const char *id, const value *slots, bool own, const cJSON **carry, char *err,
                       size_t cap)
{
    (void)slots;
    last_own = own;
    if (id && strcmp(id, "X") == 0) {
        snprintf(err, cap, "no carry for X");
        return false;
    }
    *carry = id && strcmp(id, "A") == 0 ? ud : NULL;
    return true;
}

static void test_the_carry_takes_the_chained_groups_place(void **state)
{
    cJSON *carry = cJSON_Parse("{\"strikes\":2}");
    input_chain chain = {carry, carry_of_a};
    arena *ar = arena_new(4096);
    /* A has a carry: it replaces A's own prior, even a faulty one, wherever
     * the id comes */
    const char *t = "{\"prior\":{\"strikes\":-5},\"n\":1,\"id\":\"A\"}";
    outcome o = read_text(t, strlen(t), &chain, ar);
    assert_true(o.ok);
    assert_int_equal(slot(o.slots, "prior.strikes").n.num, 2);
    t = "{\"id\":\"A\",\"n\":1}";
    o = read_text(t, strlen(t), &chain, ar);
    assert_int_equal(slot(o.slots, "prior.strikes").n.num, 2);
    /* B has none: its own prior stands (checked as ever), or the defaults */
    t = "{\"prior\":{\"strikes\":-5},\"n\":1,\"id\":\"B\"}";
    o = read_text(t, strlen(t), &chain, ar);
    assert_string_equal(o.err, "field 'prior.strikes': -5 is less than the minimum 0");
    t = "{\"prior\":{\"strikes\":3},\"n\":1,\"id\":\"B\"}";
    o = read_text(t, strlen(t), &chain, ar);
    assert_int_equal(slot(o.slots, "prior.strikes").n.num, 3);
    t = "{\"n\":1,\"id\":\"B\"}";
    o = read_text(t, strlen(t), &chain, ar);
    assert_true(o.ok);
    assert_int_equal(slot(o.slots, "prior.strikes").n.num, 0);
    /* its own prior given twice is a repeat either way */
    t = "{\"prior\":{},\"prior\":{},\"n\":1,\"id\":\"A\"}";
    o = read_text(t, strlen(t), &chain, ar);
    assert_string_equal(o.err, "field 'prior' is given twice");
    /* the hook is told whether the record gives its own (null is none) */
    t = "{\"prior\":null,\"n\":1,\"id\":\"B\"}";
    o = read_text(t, strlen(t), &chain, ar);
    assert_true(o.ok);
    assert_false(last_own);
    t = "{\"prior\":{},\"n\":1,\"id\":\"B\"}";
    o = read_text(t, strlen(t), &chain, ar);
    assert_true(last_own);
    /* the hook refuses X: that is the message, and the reader says so; a
     * fault of the JSON after the object still comes first */
    t = "{\"n\":1,\"id\":\"X\"}";
    o = read_text(t, strlen(t), &chain, ar);
    assert_string_equal(o.err, "no carry for X");
    assert_true(input_read_refused_by_chain(reader));
    t = "{\"n\":1,\"id\":\"X\"} x";
    o = read_text(t, strlen(t), &chain, ar);
    assert_string_equal(o.err, "line 1, column 18 (byte 17): invalid JSON: unexpected data after the value");
    assert_false(input_read_refused_by_chain(reader));
    arena_free(ar);
    cJSON_Delete(carry);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_faults_read_as_the_scanner_says),
        cmocka_unit_test(test_repeated_keys_anywhere),
        cmocka_unit_test(test_repeats_the_deepest_object_allows),
        cmocka_unit_test(test_many_members_the_schema_does_not_name),
        cmocka_unit_test(test_faults_in_the_schemas_order),
        cmocka_unit_test(test_the_id_read_before_a_fault),
        cmocka_unit_test(test_a_byte_order_mark_starting_a_record),
        cmocka_unit_test(test_texts_unescaped),
        cmocka_unit_test(test_the_carry_takes_the_chained_groups_place),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
