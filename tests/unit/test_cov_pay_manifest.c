/*
 * test_cov_pay_manifest.c — run manifests (src/manifest.c): the JSON
 * written beside an output, the items shown inside outputs (footers, the
 * XLSX sheet), the prior file's digest, a time that cannot be written as a
 * date, reading a whole input, and failures to write.  Digests are
 * sha256sum's (of the policy text below, and of "abc").
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "manifest.h"
#include "outcome.h"
#include "policy.h"
#include "mem.h"

static const char POLICY[] =
    "policy \"月度 monthly\"\n"
    "input:\n"
    "    id: text, key\n"
    "param rate = 8%\n"
    "param bonus \"奖金 bonus\": money = 100 yuan\n"
    "output x = rate\n"
    "output y = bonus\n";
#define POLICY_SHA "ec78154d7e7edce013597e986f0dc0ce7b96b5dd1a37b76a948bf1b582f6b638"
#define ABC_SHA "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"

static kh_policy *load(const char *text)
{
    kh_diags *d = kh_diags_new();
    kh_policy *p = kh_policy_load_text("m.rules", text, strlen(text), d);
    kh_diags_free(d);
    assert_non_null(p);
    return p;
}

static char *json_of(const kh_manifest *m)
{
    buf b = {0};
    manifest_json(&b, m);
    return b.data;
}

static void test_json_full(void **state)
{
    kh_policy *p = load(POLICY);
    char err[128];
    assert_true(kh_policy_set(p, "bonus", "150", err, sizeof err));
    kh_manifest *m = kh_manifest_new(p, 1404172800); /* 2014-07-01 00:00:00 UTC */
    manifest_set_input(m, NULL, NULL);                /* stdin, not read in full */
    manifest_set_prior(m, "/nonexistent/prior.json"); /* cannot be read */
    manifest_set_counts(m, 3, 1, 2);
    char *j = json_of(m);
    assert_string_equal(j,
        "{\n"
        "  \"kaohe\": \"" KAOHE_VERSION "\",\n"
        "  \"policy\": \"月度 monthly\",\n"
        "  \"policy_files\": [\n"
        "    {\"path\": \"m.rules\", \"sha256\": \"" POLICY_SHA "\"}\n"
        "  ],\n"
        "  \"params\": {\n"
        "    \"rate\": {\"value\": 0.08, \"overridden\": false, \"label\": null},\n"
        "    \"bonus\": {\"value\": 150.00, \"overridden\": true, \"label\": \"奖金 bonus\"}\n"
        "  },\n"
        "  \"input\": {\"path\": \"stdin\", \"sha256\": null},\n"
        "  \"prior\": {\"path\": \"/nonexistent/prior.json\", \"sha256\": null},\n"
        "  \"records\": 3,\n"
        "  \"errors\": 1,\n"
        "  \"checks_failed\": 2,\n"
        "  \"failed_checks\": [],\n"
        "  \"may_change\": [],\n"
        "  \"run_at\": \"2014-07-01T00:00:00Z\"\n"
        "}\n");
    mem_free(j);
    kh_manifest_free(m);
    kh_policy_free(p);
}

/* What a run found that the manifest must say (issue 12): the failed roster
 * check with the records involved, and — one record refused — the outputs
 * that depend on the roster (total directly, share through total; own does
 * not), in the JSON and in the items shown inside outputs (not for one
 * agent). */
static void test_json_outcome(void **state)
{
    kh_policy *p = load("input:\n"
                        "    id: text, key\n"
                        "    period: month\n"
                        "    x: integer\n"
                        "roster by period\n"
                        "output total = sum(x over roster)\n"
                        "output own = x * 2\n"
                        "output share = total + own\n"
                        "check \"one x\": count(roster where x > 1) <= 1\n");
    kh_manifest *m = kh_manifest_new(p, 0);
    manifest_set_counts(m, 3, 1, 1);
    run_outcome o;
    outcome_init(&o, NULL, NULL, NULL);
    const char *ids[] = {"A", "B"};
    outcome_check_failed(&o, "one x", "\"2014-06\"", ids, 2);
    manifest_set_outcome(m, &o, p->plan, 1);
    outcome_free(&o);
    char *j = json_of(m);
    assert_non_null(strstr(j, "  \"checks_failed\": 1,\n"
                              "  \"failed_checks\": [\n"
                              "    {\"check\": \"one x\", \"roster\": \"2014-06\", \"ids\": [\"A\", \"B\"]}\n"
                              "  ],\n"
                              "  \"may_change\": [\"total\", \"share\"],\n"
                              "  \"run_at\": "));
    mem_free(j);
    manifest_item *it;
    int n = manifest_items(m, false, &it);
    assert_string_equal(it[n - 2].what, "check failed");
    assert_string_equal(it[n - 2].which, "one x");
    assert_string_equal(it[n - 2].value, "roster 2014-06: A, B");
    assert_string_equal(it[n - 1].what, "may change");
    assert_string_equal(it[n - 1].value, "total, share of the other records, once the 1 refused record is fixed");
    int mine = manifest_items(m, true, &it);
    for (int i = 0; i < mine; i++) assert_string_not_equal(it[i].what, "check failed");
    assert_int_equal(mine, n - 3); /* no records, no check, no "may change" */
    /* nothing refused: nothing may change */
    outcome_init(&o, NULL, NULL, NULL);
    manifest_set_outcome(m, &o, p->plan, 0);
    outcome_free(&o);
    j = json_of(m);
    assert_non_null(strstr(j, "  \"failed_checks\": [],\n  \"may_change\": [],\n"));
    mem_free(j);
    kh_manifest_free(m);
    kh_policy_free(p);
}

/* A manifest with nothing in it (no title, no files, no params, no input,
 * no counts): empty brackets, nulls, and the epoch. */
static void test_json_empty(void **state)
{
    kh_manifest m;
    memset(&m, 0, sizeof m);
    char *j = json_of(&m);
    assert_string_equal(j,
        "{\n"
        "  \"kaohe\": \"" KAOHE_VERSION "\",\n"
        "  \"policy\": null,\n"
        "  \"policy_files\": [],\n"
        "  \"params\": {},\n"
        "  \"input\": null,\n"
        "  \"prior\": null,\n"
        "  \"run_at\": \"1970-01-01T00:00:00Z\"\n"
        "}\n");
    mem_free(j);
    m.A = arena_new(1024);
    manifest_item *it;
    int n = manifest_items(&m, false, &it);
    assert_int_equal(n, 1); /* only the version: no title, no input, not counted */
    assert_string_equal(it[0].what, "kaohe");
    assert_string_equal(it[0].value, KAOHE_VERSION);
    arena_free(m.A);
}

static void test_items(void **state)
{
    kh_policy *p = load(POLICY + strlen("policy \"月度 monthly\"\n")); /* the same without a title */
    kh_manifest *m = kh_manifest_new(p, 0);
    assert_null(m->title);
    unsigned char d[SHA256_BYTES];
    sha256("abc", 3, d);
    manifest_set_input(m, "june.json", d);
    char prior[] = "/tmp/kaohe-cov-pay-prior-XXXXXX";
    int fd = mkstemp(prior);
    assert_true(fd >= 0);
    assert_int_equal(write(fd, "abc", 3), 3);
    close(fd);
    manifest_set_prior(m, prior);
    unlink(prior);
    manifest_set_counts(m, 39, 4, 1);
    manifest_item *it;
    int n = manifest_items(m, false, &it);
    /* kaohe, 1 policy file, 2 params, input, prior, records (no title) */
    assert_int_equal(n, 7);
    assert_string_equal(it[0].what, "kaohe");
    assert_string_equal(it[1].what, "policy file");
    assert_string_equal(it[2].which, "rate");
    assert_string_equal(it[2].value, "8%");
    assert_string_equal(it[3].which, "bonus");
    assert_string_equal(it[3].value, "100.00");
    assert_string_equal(it[4].what, "input");
    assert_string_equal(it[4].which, "june.json");
    assert_string_equal(it[4].value, "sha256 " ABC_SHA);
    assert_string_equal(it[5].what, "prior");
    assert_string_equal(it[5].which, prior);
    assert_string_equal(it[5].value, "sha256 " ABC_SHA);
    assert_string_equal(it[6].what, "records");
    assert_string_equal(it[6].value, "39 (4 in error, 1 roster checks failed)");
    /* for one agent: nothing about the roster as a whole */
    n = manifest_items(m, true, &it);
    assert_int_equal(n, 6);
    assert_string_equal(it[5].what, "prior");
    /* an input not read in full, a prior that is a directory (opens, cannot be read) */
    manifest_set_input(m, "cut.json", NULL);
    manifest_set_prior(m, "/");
    n = manifest_items(m, true, &it);
    assert_string_equal(it[4].value, "(not read in full)");
    assert_string_equal(it[5].which, "/");
    assert_string_equal(it[5].value, "(unreadable)");
    kh_manifest_free(m);
    kh_policy_free(p);
}

/* manifest_record: the input's digest when it was asked for and the input
 * read to its end (sha256sum of "[]"), none otherwise. */
static void test_record_digest(void **state)
{
    kh_policy *p = load(POLICY);
    kh_manifest *m = kh_manifest_new(p, 0);
    run_stats st = {.records = 5, .errors = 2, .checks_failed = 1};
    jsonin *in = jsonin_open_buffer("[]", 2, "x.json"); /* the digest was not asked for */
    manifest_record(m, in, "x.json", NULL, &st);
    assert_string_equal(m->input, "x.json");
    assert_string_equal(m->input_sha256, "");
    assert_null(m->prior);
    assert_true(m->counted);
    assert_int_equal(m->records, 5);
    assert_int_equal(m->errors, 2);
    assert_int_equal(m->checks_failed, 1);
    jsonin_close(in);
    in = jsonin_open_buffer("[]", 2, "y.json");
    jsonin_hash_input(in);
    manifest_record(m, in, "y.json", "/nonexistent", &st);
    assert_string_equal(m->input, "y.json");
    assert_string_equal(m->input_sha256, "4f53cda18c2baa0c0354bb5f9a3ecbe5ed12ab4d8e11ba873c2f11161202b945");
    assert_string_equal(m->prior, "/nonexistent");
    jsonin_close(in);
    kh_manifest_free(m);
    kh_policy_free(p);
}

static void test_time(void **state)
{
    char out[32];
    manifest_time(0, out);
    assert_string_equal(out, "1970-01-01T00:00:00Z");
    manifest_time(1404172800 + 8 * 3600 + 61, out);
    assert_string_equal(out, "2014-07-01T08:01:01Z");
    manifest_time(951782400, out); /* a leap day */
    assert_string_equal(out, "2000-02-29T00:00:00Z");
    manifest_time(LLONG_MAX, out); /* no calendar year: the number itself */
    assert_string_equal(out, "@9223372036854775807");
}

static void test_write_failures(void **state)
{
    kh_policy *p = load(POLICY);
    kh_manifest *m = kh_manifest_new(p, 0);
    FILE *full = fopen("/dev/full", "w"); /* every write fails when flushed */
    assert_non_null(full);
    assert_false(kh_manifest_write(m, full));
    fclose(full);
    FILE *ro = fopen("/dev/null", "r"); /* not open for writing */
    assert_non_null(ro);
    assert_false(kh_manifest_write(m, ro));
    fclose(ro);
    FILE *ok = tmpfile();
    assert_true(kh_manifest_write(m, ok));
    char *want = json_of(m);
    rewind(ok);
    char got[4096];
    size_t n = fread(got, 1, sizeof got - 1, ok);
    got[n] = '\0';
    assert_string_equal(got, want);
    mem_free(want);
    fclose(ok);
    kh_manifest_free(m);
    kh_policy_free(p);
}

static void test_slurp(void **state)
{
    /* 200 000 bytes: more than the first 64 KiB buffer, grown twice */
    FILE *f = tmpfile();
    for (int i = 0; i < 200000; i++) fputc('a' + i % 26, f);
    rewind(f);
    char err[128] = "";
    size_t len = 0;
    char *data = manifest_slurp(f, &len, err, sizeof err);
    assert_non_null(data);
    assert_int_equal(len, 200000);
    assert_int_equal(data[0], 'a');
    assert_int_equal(data[199999], 'a' + 199999 % 26);
    assert_int_equal(data[65536], 'a' + 65536 % 26);
    mem_free(data);
    fclose(f);
    /* empty */
    FILE *e = tmpfile();
    data = manifest_slurp(e, &len, err, sizeof err);
    assert_non_null(data);
    assert_int_equal(len, 0);
    mem_free(data);
    fclose(e);
    /* a stream that cannot be read */
    FILE *w = fopen("/dev/null", "w");
    data = manifest_slurp(w, &len, err, sizeof err);
    assert_null(data);
    assert_string_equal(err, "read error: Bad file descriptor");
    fclose(w);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_json_full),   cmocka_unit_test(test_json_empty),
        cmocka_unit_test(test_json_outcome),
        cmocka_unit_test(test_items),       cmocka_unit_test(test_record_digest),
        cmocka_unit_test(test_time),        cmocka_unit_test(test_write_failures),
        cmocka_unit_test(test_slurp),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
