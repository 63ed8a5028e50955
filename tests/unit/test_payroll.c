/*
 * test_payroll.c — the pieces behind payroll outputs: slip file names,
 * HTML escaping, display text of values, run manifests (JSON fields, the
 * time in UTC, what a slip may show) and the input's SHA-256 as jsonin reads
 * it (from a file, and from a pipe, where an array is read twice).  Every
 * expected string is written out by hand.
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

#include "html.h"
#include "jsonin.h"
#include "kaohe_tools.h"
#include "manifest.h"
#include "present.h"
#include "sha256.h"
#include "types.h"
#include "mem.h"

static void assert_name(const char *id, const char *want)
{
    char *got = kh_slip_file_name(id, ".txt");
    if (!want) {
        assert_null(got);
        return;
    }
    assert_non_null(got);
    assert_string_equal(got, want);
    mem_free(got);
}

static void test_slip_file_names(void **state)
{
    assert_name("CS-0101", "CS-0101.txt");
    assert_name("a_b.c", "a_b.c.txt");
    assert_name("../x", "%2E.%2Fx.txt");       /* no leading dot, no slash */
    assert_name(".hidden", "%2Ehidden.txt");
    assert_name("a/b", "a%2Fb.txt");
    assert_name("a%2Fb", "a%252Fb.txt");       /* % itself is escaped: names never collide */
    assert_name("a b", "a%20b.txt");
    assert_name("工号7", "工号7.txt");           /* UTF-8 text stays */
    assert_name("x\xff", "x%FF.txt");          /* a byte that is not UTF-8 does not */
    assert_name("C:\\x", "C%3A%5Cx.txt");
    assert_name("", "%.txt");
    char longid[300];
    memset(longid, 'a', sizeof longid - 1);
    longid[sizeof longid - 1] = '\0';
    assert_name(longid, NULL);
}

/* Issue 20 item 10: nothing in a slip's file name is hidden, reordered, a
 * device or an option (kh_slip_file_name's promise).  Worked by hand from
 * the UTF-8 bytes of each character. */
static void test_slip_file_names_hidden(void **state)
{
    assert_name("ab\u202Ecod", "ab%E2%80%AEcod.txt");   /* RIGHT-TO-LEFT OVERRIDE: E2 80 AE */
    assert_name("a\u200Bb", "a%E2%80%8Bb.txt");         /* ZERO WIDTH SPACE: E2 80 8B */
    assert_name("a\u2066b", "a%E2%81%A6b.txt");         /* LEFT-TO-RIGHT ISOLATE */
    assert_name("\uFEFFa", "%EF%BB%BFa.txt");           /* BOM */
    /* NFC and NFD spellings of é: the precomposed one is kept, the
     * combining acute (CC 81) is not, so the two names differ visibly */
    assert_name("Jos\u00e9", "José.txt");
    assert_name("Jose\u0301", "Jose%CC%81.txt");
    assert_name("\u304B\u3099", "か%E3%82%99.txt");       /* か + combining dakuten, not が */
    assert_name("\uF900", "%EF%A4%80.txt");             /* a compatibility ideograph NFC turns into 豈 */
    assert_name("a\u00A0b", "a%C2%A0b.txt");            /* NO-BREAK SPACE */
    assert_name("a\u3000b", "a%E3%80%80b.txt");         /* IDEOGRAPHIC SPACE */
    assert_name("\u0410", "%D0%90.txt");                /* Cyrillic А, a look-alike of A */
    assert_name("\uFF21", "%EF%BC%A1.txt");             /* FULLWIDTH A */
    assert_name("a\xc2\x9b", "a%C2%9B.txt");             /* C1 CSI */
    /* Windows devices, whatever the case and whatever follows a dot */
    assert_name("CON", "%43ON.txt");
    assert_name("nul", "%6Eul.txt");
    assert_name("Aux.2014", "%41ux.2014.txt");
    assert_name("com1", "%63om1.txt");
    assert_name("LPT9.x", "%4CPT9.x.txt");
    assert_name("CONSOLE", "CONSOLE.txt");            /* not a device */
    assert_name("COM", "COM.txt");
    /* a first '-' would read as an option */
    assert_name("-rf", "%2Drf.txt");
    assert_name("a-b", "a-b.txt");
    /* kept: Chinese, Japanese, Korean, accented Latin, Vietnamese */
    assert_name("张三-ひらがな-カタカナ-한국", "张三-ひらがな-カタカナ-한국.txt");
    assert_name("Nguy\u1EC5n", "Nguyễn.txt");
}

static void test_html_escaping(void **state)
{
    buf b = {0};
    html_text(&b, "<a href=\"x\">&'§</a>");
    assert_string_equal(b.data, "&lt;a href=&quot;x&quot;&gt;&amp;&#39;§&lt;/a&gt;");
    buf_free(&b);
}

static void test_present_values(void **state)
{
    buf b = {0};
    kh_num n = {.num = -157, .den = 2}; /* -78.5 */
    value v = value_num(n);
    present_value(&b, &v, &type_money);
    buf_puts(&b, "|");
    present_value(&b, &v, &type_dec);
    buf_puts(&b, "|");
    value t = value_bool(true), f = value_bool(false);
    present_value(&b, &t, &type_bool);
    buf_puts(&b, "|");
    value items[2] = {f, t};
    value l = value_list(items, 2);
    present_value(&b, &l, NULL);
    buf_puts(&b, "|");
    present_num(&b, num_int(3), false, true);
    present_num(&b, num_int(0), true, true);
    assert_string_equal(b.data, "-78.50|-78.5|yes|[no, yes]|+3+0.00");
    buf_free(&b);
}

static const char policy_text[] =
    "policy \"测试 test\"\n"
    "input:\n"
    "    id: text, key\n"
    "    base: money\n"
    "param rate \"比例 rate\" = 8%\n"
    "param bonus = 200 yuan\n"
    "output pay = base + bonus * rate\n";

static void test_manifest(void **state)
{
    kh_diags *d = kh_diags_new();
    kh_policy *p = kh_policy_load_text("p.rules", policy_text, sizeof policy_text - 1, d);
    assert_non_null(p);
    char err[128];
    assert_true(kh_policy_set(p, "rate", "10%", err, sizeof err));
    kh_manifest *m = kh_manifest_new(p, 1404172800); /* 16252 days after 1970-01-01: 2014-07-01 */
    unsigned char dg[SHA256_BYTES];
    sha256("[]", 2, dg);
    manifest_set_input(m, "in.json", dg);
    manifest_set_counts(m, 3, 1, 0);
    buf b = {0};
    manifest_json(&b, m);
    char want[4096];
    snprintf(want, sizeof want,
             "{\n"
             "  \"kaohe\": \"" KAOHE_VERSION "\",\n"
             "  \"policy\": \"测试 test\",\n"
             "  \"policy_files\": [\n"
             "    {\"path\": \"p.rules\", \"sha256\": \"%s\"}\n"
             "  ],\n"
             "  \"params\": {\n"
             "    \"rate\": {\"value\": 0.1, \"overridden\": true, \"label\": \"比例 rate\"},\n"
             "    \"bonus\": {\"value\": 200.00, \"overridden\": false, \"label\": null}\n"
             "  },\n"
             "  \"input\": {\"path\": \"in.json\", \"sha256\": "
             "\"4f53cda18c2baa0c0354bb5f9a3ecbe5ed12ab4d8e11ba873c2f11161202b945\"},\n"
             "  \"prior\": null,\n"
             "  \"records\": 3,\n"
             "  \"errors\": 1,\n"
             "  \"checks_failed\": 0,\n"
             "  \"failed_checks\": [],\n"
             "  \"may_change\": [],\n"
             "  \"run_at\": \"2014-07-01T00:00:00Z\"\n"
             "}\n",
             m->files[0].sha256);
    assert_string_equal(b.data, want);
    /* the policy file's digest is of its bytes */
    unsigned char pd[SHA256_BYTES];
    char phex[SHA256_HEX];
    sha256(policy_text, sizeof policy_text - 1, pd);
    sha256_hex(pd, phex);
    assert_string_equal(m->files[0].sha256, phex);
    /* inside outputs: no time; on a slip, nothing about the roster as a whole */
    manifest_item *it;
    int n = manifest_items(m, false, &it), np;
    assert_int_equal(n, 7); /* kaohe, policy, file, 2 params, input, records */
    assert_string_equal(it[n - 1].what, "records");
    assert_string_equal(it[n - 1].value, "3 (1 in error, 0 roster checks failed)");
    assert_string_equal(it[3].value, "10% (set for this run)");
    np = manifest_items(m, true, &it);
    assert_int_equal(np, 6);
    for (int i = 0; i < np; i++) assert_null(strstr(it[i].value, "2014-07-01"));
    char when[32];
    manifest_time(0, when);
    assert_string_equal(when, "1970-01-01T00:00:00Z");
    manifest_time(951782400, when); /* 11016 days: 2000-02-29 */
    assert_string_equal(when, "2000-02-29T00:00:00Z");
    buf_free(&b);
    kh_manifest_free(m);
    kh_policy_free(p);
    kh_diags_free(d);
}

/* Asks for the digest, reads every record, then takes the digest (a stream
 * has none before it is read to the end). */
static void digest_of_reader(jsonin *in, bool stream, char hex[SHA256_HEX])
{
    jsonin_record rec;
    jsonin_status s;
    unsigned char d[SHA256_BYTES];
    assert_false(jsonin_sha256(in, d)); /* not asked for: no digest */
    jsonin_hash_input(in);
    if (stream) assert_false(jsonin_sha256(in, d));
    while ((s = jsonin_next(in, &rec)) > 0)
        if (s == JSONIN_RECORD) cJSON_Delete(rec.json);
    assert_int_equal(s, JSONIN_END);
    assert_true(jsonin_sha256(in, d));
    sha256_hex(d, hex);
}

static void test_input_digest(void **state)
{
    /* an array big enough for several reads, with a byte-order mark */
    buf text = {0};
    buf_puts(&text, "\xEF\xBB\xBF[");
    for (int i = 0; i < 3000; i++) buf_printf(&text, "%s{\"id\": \"A-%04d\", \"note\": \"第%d行 line\"}", i ? ",\n" : "", i, i);
    buf_puts(&text, "]\n");
    unsigned char d[SHA256_BYTES];
    char want[SHA256_HEX], got[SHA256_HEX];
    sha256(text.data, text.len, d);
    sha256_hex(d, want);

    FILE *f = tmpfile(); /* seekable: the array is read twice by seeking back */
    assert_int_equal(fwrite(text.data, 1, text.len, f), text.len);
    rewind(f);
    jsonin *in = jsonin_open_stream(f, "file");
    digest_of_reader(in, true, got);
    assert_string_equal(got, want);
    jsonin_close(in);
    fclose(f);

    int fd[2];
    assert_int_equal(pipe(fd), 0);
    pid_t pid = fork();
    if (pid == 0) { /* a pipe: the array is copied aside and read back */
        close(fd[0]);
        ssize_t w = write(fd[1], text.data, text.len);
        _exit(w == (ssize_t)text.len ? 0 : 1);
    }
    close(fd[1]);
    FILE *pf = fdopen(fd[0], "rb");
    in = jsonin_open_stream(pf, "pipe");
    digest_of_reader(in, true, got);
    assert_string_equal(got, want);
    jsonin_close(in);
    fclose(pf);

    in = jsonin_open_buffer(text.data, text.len, "memory");
    digest_of_reader(in, false, got);
    assert_string_equal(got, want);
    jsonin_close(in);
    buf_free(&text);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_slip_file_names), cmocka_unit_test(test_slip_file_names_hidden), cmocka_unit_test(test_html_escaping),
        cmocka_unit_test(test_present_values),  cmocka_unit_test(test_manifest),
        cmocka_unit_test(test_input_digest),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
