/*
 * test_cov_slip_names.c — a slip's file name keeps exactly the characters
 * kh_slip_file_name's comment lists (precomposed Latin U+00C0-024F less × ÷,
 * U+1E00-1EFF, 々〆〇 U+3005-3007, hiragana U+3041-3096 and ゝゞゟ
 * U+309D-309F, katakana U+30A1-30FA and U+30FC-30FF, CJK U+3400-4DBF,
 * U+4E00-9FFF, U+20000-2EBEF, U+30000-3134F, Hangul U+AC00-D7A3) and
 * writes every other byte %XX: checked at both ends of every range and just
 * outside them.  Windows device names (CON PRN AUX NUL COM0-9 LPT0-9, any
 * case, whatever follows a dot) lose their first letter to %XX; names of
 * three or four letters that are not devices are kept.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <string.h>

#include "kaohe_tools.h"
#include "mem.h"

/* The UTF-8 bytes of code point cp, as a string. */
static void utf8(long cp, char *out)
{
    unsigned char *o = (unsigned char *)out;
    if (cp < 0x80) *o++ = (unsigned char)cp;
    else if (cp < 0x800) { *o++ = (unsigned char)(0xC0 | cp >> 6); *o++ = (unsigned char)(0x80 | (cp & 63)); }
    else if (cp < 0x10000) {
        *o++ = (unsigned char)(0xE0 | cp >> 12);
        *o++ = (unsigned char)(0x80 | ((cp >> 6) & 63));
        *o++ = (unsigned char)(0x80 | (cp & 63));
    } else {
        *o++ = (unsigned char)(0xF0 | cp >> 18);
        *o++ = (unsigned char)(0x80 | ((cp >> 12) & 63));
        *o++ = (unsigned char)(0x80 | ((cp >> 6) & 63));
        *o++ = (unsigned char)(0x80 | (cp & 63));
    }
    *o = '\0';
}

/* "x" + the character + "y": kept as it is, or each of its bytes %XX. */
static void check(long cp, bool kept)
{
    char ch[8], id[16], want[64];
    utf8(cp, ch);
    snprintf(id, sizeof id, "x%sy", ch);
    if (kept) snprintf(want, sizeof want, "x%sy.txt", ch);
    else {
        char *w = want;
        *w++ = 'x';
        for (const unsigned char *c = (const unsigned char *)ch; *c; c++) w += sprintf(w, "%%%02X", *c);
        strcpy(w, "y.txt");
    }
    char *got = kh_slip_file_name(id, ".txt");
    assert_non_null(got);
    if (strcmp(got, want) != 0) fail_msg("U+%04lX: got %s, expected %s", cp, got, want);
    mem_free(got);
}

static void test_kept_ranges_at_their_ends(void **state)
{
    (void)state;
    static const long kept[][2] = {{0x00C0, 0x024F}, {0x1E00, 0x1EFF}, {0x3005, 0x3007}, {0x3041, 0x3096},
                                   {0x309D, 0x309F}, {0x30A1, 0x30FA}, {0x30FC, 0x30FF}, {0x3400, 0x4DBF},
                                   {0x4E00, 0x9FFF}, {0xAC00, 0xD7A3}, {0x20000, 0x2EBEF}, {0x30000, 0x3134F}};
    for (size_t i = 0; i < sizeof kept / sizeof kept[0]; i++) {
        check(kept[i][0], true);
        check(kept[i][1], true);
        check(kept[i][0] - 1, false);
        check(kept[i][1] + 1, false);
    }
    check(0x00D7, false); /* × */
    check(0x00F7, false); /* ÷ */
    check(0x00D8, true);  /* Ø, beside × */
    check(0x30FB, false); /* ・ katakana middle dot, between the two katakana ranges */
}

static void assert_name(const char *id, const char *want)
{
    char *got = kh_slip_file_name(id, ".txt");
    assert_non_null(got);
    assert_string_equal(got, want);
    mem_free(got);
}

static void test_device_names(void **state)
{
    (void)state;
    assert_name("con", "%63on.txt");
    assert_name("Prn.2014", "%50rn.2014.txt");
    assert_name("aux", "%61ux.txt");
    assert_name("nUl", "%6EUl.txt");
    assert_name("com0", "%63om0.txt");
    assert_name("LPT9.x", "%4CPT9.x.txt");
    /* not devices: another letter, no digit, a fifth character, too short */
    assert_name("COMX", "COMX.txt");
    assert_name("LPTa", "LPTa.txt");
    assert_name("CONS", "CONS.txt");
    assert_name("COM10", "COM10.txt");
    assert_name("COM", "COM.txt");
    assert_name("LPT", "LPT.txt");
    assert_name("CO", "CO.txt");
    assert_name("ZZZ", "ZZZ.txt");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_kept_ranges_at_their_ends),
        cmocka_unit_test(test_device_names),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
