/*
 * test_out_tools.c — what kaohe writes, checked piece by piece: text made
 * safe for a terminal (src/base/termtext.c), the report's interned names
 * (src/tools/report.c, hashed: a report by id has one per agent), and
 * kh_eval refusing --explain with CSV.  Expected bytes are worked out by
 * hand from the characters' UTF-8 encodings.
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
#include "report.h"
#include "termtext.h"
#include "mem.h"

/* ---- terminal text ------------------------------------------------------------ */

static void want_term(const char *s, size_t len, const char *want)
{
    buf b = {0};
    term_text(&b, s, len);
    const char *got = b.data ? b.data : "";
    if (strlen(got) != strlen(want) || strcmp(got, want) != 0) fail_msg("got \"%s\", expected \"%s\"", got, want);
    assert_int_equal(term_text_needs_escape(s, len), strcmp(got, s) != 0 || strlen(s) != len);
    buf_free(&b);
}

static void test_term_text(void **state)
{
    /* ordinary text, Chinese included, is written byte for byte */
    want_term("CS-0107 张三 §七.5", strlen("CS-0107 张三 §七.5"), "CS-0107 张三 §七.5");
    want_term("a\\b", 3, "a\\b"); /* a backslash alone needs nothing */
    /* CSI that clears the screen; OSC that retitles the window (ended by BEL) */
    want_term("A\x1b[2J", 5, "A\\x1B[2J");
    want_term("\x1b]0;pwned\x07", 10, "\\x1B]0;pwned\\x07");
    /* a line of its own, a carriage return that overwrites, a tab */
    want_term("a\nb\rc\td", 7, "a\\nb\\rc\\td");
    /* NUL, DEL and the other C0 controls */
    want_term("a\0b\x7f\x01", 5, "a\\x00b\\x7F\\x01");
    /* C1 controls: CSI U+009B (C2 9B) and NEL U+0085 (C2 85) */
    want_term("x\xc2\x9b" "2J", 5, "x\\u{009B}2J");
    want_term("\xc2\x85", 2, "\\u{0085}");
    /* characters that reorder or hide text: RLO E2 80 AE, ZWSP E2 80 8B,
     * an isolate E2 81 A6, the BOM EF BB BF */
    want_term("ab\xe2\x80\xae" "cd", 7, "ab\\u{202E}cd");
    want_term("\xe2\x80\x8b\xe2\x81\xa6\xef\xbb\xbf", 9, "\\u{200B}\\u{2066}\\u{FEFF}");
    /* bytes that are not UTF-8: a lone C1 byte (a CSI to an 8-bit
     * terminal), a cut character */
    want_term("a\x9b" "b", 3, "a\\x9Bb");
    want_term("\xe5\xb7", 2, "\\xE5\\xB7");
    /* once escapes are needed, a backslash is doubled, so the escapes read back */
    want_term("a\\x1B\x1b", 6, "a\\\\x1B\\x1B");
}

/* ---- the report's names ----------------------------------------------------------- */

static void test_report_names(void **state)
{
    report r;
    memset(&r, 0, sizeof r);
    r.A = arena_new(1 << 16);
    rep_names set = {0};
    char name[32];
    /* 100,000 agents (a report by id): each name gets the next index... */
    for (int i = 0; i < 100000; i++) {
        snprintf(name, sizeof name, "CS-%06d", i);
        assert_int_equal(report_intern(&r, &set, name), i);
    }
    assert_int_equal(set.n, 100000);
    /* ...and finds it again, the table having grown many times */
    for (int i = 0; i < 100000; i += 7) {
        snprintf(name, sizeof name, "CS-%06d", i);
        assert_int_equal(report_intern(&r, &set, name), i);
        assert_int_equal(report_find(&set, name), i);
    }
    assert_int_equal(set.n, 100000);
    assert_string_equal(set.v[99999], "CS-099999");
    assert_int_equal(report_find(&set, "CS-100000"), -1);
    assert_int_equal(report_find(&set, ""), -1);
    /* an empty set finds nothing; the empty text is a name like any other */
    rep_names none = {0};
    assert_int_equal(report_find(&none, "x"), -1);
    assert_int_equal(report_intern(&r, &none, ""), 0);
    assert_int_equal(report_intern(&r, &none, "x"), 1);
    assert_int_equal(report_intern(&r, &none, ""), 0);
    arena_free(r.A);
}

/* ---- kh_eval: --explain with CSV ------------------------------------------------------ */

static void test_explain_csv_refused(void **state)
{
    static const char policy[] = "input:\n    id: text, key\n    n: integer\noutput s = ledger from 0:\n    \"n\" +1 per n\n";
    kh_diags *d = kh_diags_new();
    kh_policy *p = kh_policy_load_text("p.rules", policy, strlen(policy), d);
    kh_diags_free(d);
    assert_non_null(p);
    static char input[] = "[{\"id\": \"A\", \"n\": 2}]";
    FILE *in = fmemopen(input, strlen(input), "r");
    char *data = NULL;
    size_t len = 0;
    FILE *out = open_memstream(&data, &len);
    kh_eval_options o;
    memset(&o, 0, sizeof o);
    o.format = KH_FORMAT_CSV;
    o.explain = true;
    kh_eval_summary sum;
    assert_int_equal(kh_eval(p, in, "in.json", out, &o, &sum), KH_USAGE_ERROR);
    assert_string_equal(sum.fatal, "--explain: a CSV row has no place for the ledgers (use XLSX, JSON or NDJSON)");
    fclose(out);
    assert_int_equal(len, 0); /* nothing written */
    free(data);
    /* NDJSON with --explain carries them */
    rewind(in);
    data = NULL;
    out = open_memstream(&data, &len);
    o.format = KH_FORMAT_NDJSON;
    assert_int_equal(kh_eval(p, in, "in.json", out, &o, &sum), KH_OK);
    fclose(out);
    assert_string_equal(data, "{\"id\":\"A\",\"s\":2,\"ledgers\":{\"s\":{\"from\":0,\"entries\":[{\"label\":\"n\",\"amount\":2,"
                              "\"count\":2,\"applied\":true}]}}}\n");
    free(data);
    fclose(in);
    kh_policy_free(p);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_term_text),
        cmocka_unit_test(test_report_names),
        cmocka_unit_test(test_explain_csv_refused),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
