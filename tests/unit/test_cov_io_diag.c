/*
 * test_cov_io_diag.c — rendering diagnostics (src/diag.c) and the UTF-8
 * widths and positions under them (src/source.c): tabs before the caret,
 * spans past the end of their line, offsets past the end of the file, wide
 * and zero-width characters, invalid bytes, levels, colour, hints, sorting
 * over several files, and long lines shown in part (200 characters around
 * the caret, with … where they are cut).  Every expected text is worked out
 * by hand from the source text and the column rules in diag.h / source.h.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "diag.h"
#include "load.h"
#include "mem.h"

static arena *A;

static int setup(void **state)
{
    A = arena_new(1 << 16);
    return 0;
}

static int teardown(void **state)
{
    arena_free(A);
    return 0;
}

static const source *src(const char *name, const char *text)
{
    return source_from_text(A, name, name, text, strlen(text));
}

/* The rendering of one error at [start, end) of s, as kaohe prints it
 * (diag_render of a list that holds it, without colour). */
static char *one(const source *s, uint32_t start, uint32_t end, const char *msg)
{
    diag g = {DIAG_ERROR, span_at(s, start, end), (char *)msg, NULL, -1, false};
    diag_list list = {.items = &g, .n = 1, .cap = 1, .errors = 1};
    char *r = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&r, &len);
    assert_non_null(f);
    diag_render(&list, f, false);
    fclose(f);
    assert_non_null(r);
    return r;
}

static void expect_one(const source *s, uint32_t start, uint32_t end, const char *want)
{
    char *got = one(s, start, end, "m");
    if (strcmp(got, want) != 0) fail_msg("got:\n%s\nexpected:\n%s", got, want);
    free(got);
}

/* ---- the caret line ------------------------------------------------------- */

static void test_caret_and_tildes(void **state)
{
    const source *s = src("a.rules", "x = 1\noutput pay = base + bonus\n");
    /* "base" is bytes 19..23 of the file: line 2, column 14 */
    expect_one(s, 19, 23, "a.rules:2:14: error: m\n    output pay = base + bonus\n                 ^~~~\n");
    /* an empty span: a caret alone */
    expect_one(s, 19, 19, "a.rules:2:14: error: m\n    output pay = base + bonus\n                 ^\n");
}

static void test_tabs_before_the_caret_stay_tabs(void **state)
{
    /* "\tx\t= 1": the caret under '=' (byte 3) follows a tab, 'x', a tab */
    const source *s = src("t.rules", "\tx\t= 1\n");
    expect_one(s, 3, 4, "t.rules:1:4: error: m\n    \tx\t= 1\n    \t \t^\n");
}

static void test_span_past_the_end_of_its_line(void **state)
{
    /* a span from "b +" on line 1 to line 2: tildes to the end of line 1 */
    const source *s = src("s.rules", "y = a + b +\n    c\n");
    expect_one(s, 8, 17, "s.rules:1:9: error: m\n    y = a + b +\n            ^~~\n");
    /* a span at the very end of a line (the newline): one caret after it */
    expect_one(s, 11, 12, "s.rules:1:12: error: m\n    y = a + b +\n               ^\n");
}

static void test_offsets_past_the_end_of_the_file(void **state)
{
    /* an offset beyond the text is the end of the file: line 1, column 6
     * (after the 5 characters), a caret after them */
    const source *s = src("e.rules", "x = 1");
    expect_one(s, 99, 120, "e.rules:1:6: error: m\n    x = 1\n         ^\n");
    int line, col;
    source_position(s, 1000, &line, &col);
    assert_int_equal(line, 1);
    assert_int_equal(col, 6);
    size_t len;
    const char *l = source_line(s, 1000, &len);
    assert_int_equal(len, 5);
    assert_ptr_equal(l, s->text);
}

static void test_carriage_return_is_not_shown(void **state)
{
    const source *s = src("w.rules", "x = 1\r\ny = ?\r\n");
    /* '?' is byte 11: line 2, column 5 */
    expect_one(s, 11, 12, "w.rules:2:5: error: m\n    y = ?\n        ^\n");
}

static void test_wide_zero_width_and_invalid_characters(void **state)
{
    /* "扣分 = ?": two CJK characters (2 columns each), so '?' is column 6
     * by characters and 7 columns in by display */
    const source *s = src("c.rules", "扣分 = ?\n");
    expect_one(s, 9, 10, "c.rules:1:6: error: m\n    扣分 = ?\n           ^\n");
    /* a span over the two CJK characters: four columns, ^~~~ */
    expect_one(s, 0, 6, "c.rules:1:1: error: m\n    扣分 = ?\n    ^~~~\n");
    /* "e\xCC\x81 ?" : e + a combining acute accent (0 columns): '?' is the
     * 4th character but only 2 columns in */
    const source *m = src("m.rules", "e\xCC\x81 ?\n");
    expect_one(m, 4, 5, "m.rules:1:4: error: m\n    e\xCC\x81 ?\n      ^\n");
    /* a span over a combining mark alone is still one caret wide */
    expect_one(m, 1, 3, "m.rules:1:2: error: m\n    e\xCC\x81 ?\n     ^\n");
    /* an invalid byte counts one character (the column in the message);
     * the line shows it escaped, as termtext.h writes it (\xFF, four
     * columns), and the caret goes under the '?' after the two */
    const source *b = src("b.rules", "\xFF\xFE?\n");
    expect_one(b, 2, 3, "b.rules:1:3: error: m\n    \\xFF\\xFE?\n            ^\n");
}

/* ---- long lines ----------------------------------------------------------- */

/* n copies of c */
static char *rep(char c, size_t n)
{
    char *s = mem_alloc(n + 1);
    memset(s, c, n);
    s[n] = '\0';
    return s;
}

static void test_long_line_in_the_middle(void **state)
{
    /* 1000 'a', "?", 1000 'b' (2001 characters): the caret on '?' (byte
     * 1000); shown: 60 characters before it, 200 in all, so 'a' x 60, '?',
     * 'b' x 139, with … at both ends; the caret 4 + 1 + 60 columns in */
    char *a = rep('a', 1000), *b = rep('b', 1000);
    size_t n = 2001 + 2;
    char *text = mem_alloc(n);
    snprintf(text, n, "%s?%s\n", a, b);
    const source *s = src("long.rules", text);
    char *a60 = rep('a', 60), *b139 = rep('b', 139), *sp = rep(' ', 61);
    char want[1024];
    snprintf(want, sizeof want, "long.rules:1:1001: error: m\n    \xE2\x80\xA6%s?%s\xE2\x80\xA6\n    %s^\n", a60, b139, sp);
    expect_one(s, 1000, 1001, want);
    /* a span running far past the part shown: tildes to its end (139 after the caret) */
    char *t139 = rep('~', 139);
    snprintf(want, sizeof want, "long.rules:1:1001: error: m\n    \xE2\x80\xA6%s?%s\xE2\x80\xA6\n    %s^%s\n", a60, b139, sp, t139);
    expect_one(s, 1000, 1800, want);
    mem_free(a); mem_free(b); mem_free(text); mem_free(a60); mem_free(b139); mem_free(sp); mem_free(t139);
}

static void test_long_line_caret_near_either_end(void **state)
{
    /* 300 characters "x = " + 296 'c': an error at "x" (column 1): the first
     * 200 characters, … after them */
    char *c = rep('c', 296);
    char text[512];
    snprintf(text, sizeof text, "x = %s\n", c);
    const source *s = src("l.rules", text);
    char *c196 = rep('c', 196);
    char want[1024];
    snprintf(want, sizeof want, "l.rules:1:1: error: m\n    x = %s\xE2\x80\xA6\n    ^\n", c196);
    expect_one(s, 0, 1, want);
    /* at the end of the line (byte 300, column 301): the last 200
     * characters, … before them, the caret after them: 4 + 1 + 200 */
    char *c200 = rep('c', 200), *sp = rep(' ', 201);
    snprintf(want, sizeof want, "l.rules:1:301: error: m\n    \xE2\x80\xA6%s\n    %s^\n", c200, sp);
    expect_one(s, 300, 301, want);
    /* 200 characters exactly are shown whole */
    char *c196b = rep('c', 196);
    snprintf(text, sizeof text, "x = %s\n", c196b);
    const source *s200 = src("e.rules", text);
    snprintf(want, sizeof want, "e.rules:1:1: error: m\n    x = %s\n    ^\n", c196b);
    expect_one(s200, 0, 1, want);
    mem_free(c); mem_free(c196); mem_free(c200); mem_free(sp); mem_free(c196b);
}

static void test_long_line_counts_characters_not_bytes(void **state)
{
    /* 150 × "分" (3 bytes, 2 columns) then "?" then 150 × "分": 301
     * characters; the caret on '?' (byte 450, character 151); shown: 60
     * "分" (120 columns), '?', 139 "分", … at both ends */
    char text[2048] = "";
    for (int i = 0; i < 150; i++) strcat(text, "分");
    strcat(text, "?");
    for (int i = 0; i < 150; i++) strcat(text, "分");
    strcat(text, "\n");
    const source *s = src("z.rules", text);
    char want[4096] = "z.rules:1:151: error: m\n    \xE2\x80\xA6";
    for (int i = 0; i < 60; i++) strcat(want, "分");
    strcat(want, "?");
    for (int i = 0; i < 139; i++) strcat(want, "分");
    strcat(want, "\xE2\x80\xA6\n    ");
    char *sp = rep(' ', 1 + 120);
    strcat(want, sp);
    strcat(want, "^\n");
    expect_one(s, 450, 451, want);
    mem_free(sp);
}

/* ---- levels, colour, hints, lists ------------------------------------------ */

static char *render_list(const diag_list *d, bool color)
{
    char *buf = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&buf, &len);
    diag_render(d, f, color);
    fclose(f);
    return buf;
}

static void test_levels_hints_and_no_place(void **state)
{
    const source *s = src("p.rules", "calls = 1\n");
    diag_list d;
    diag_init(&d);
    int e = diag_error(&d, span_at(NULL, 0, 0), "cannot read '%s'", "x.json");
    int w = diag_warning(&d, span_at(s, 0, 5), "'%s' is never used", "calls");
    diag_note(&d, span_at(s, 8, 9), "here");
    diag_hint(&d, w, "did you mean '%s'?", "call");
    diag_hint(&d, w, "remove it");     /* a second hint replaces the first */
    diag_hint(&d, 7, "no such diagnostic"); /* ignored */
    diag_hint(&d, -1, "nor this one");
    assert_int_equal(d.errors, 1);
    assert_int_equal(d.warnings, 1);
    assert_int_equal(e, 0);
    char *got = render_list(&d, false);
    assert_string_equal(got, "kaohe: error: cannot read 'x.json'\n"
                             "p.rules:1:1: warning: 'calls' is never used\n    calls = 1\n    ^~~~~\n    remove it\n"
                             "p.rules:1:9: note: here\n    calls = 1\n            ^\n");
    free(got);
    /* in colour: bold place, red/magenta/cyan level, bold message, coloured caret */
    got = render_list(&d, true);
    assert_string_equal(got,
                        "\033[1mkaohe:\033[0m \033[1;31merror:\033[0m \033[1mcannot read 'x.json'\033[0m\n"
                        "\033[1mp.rules:1:1:\033[0m \033[1;35mwarning:\033[0m \033[1m'calls' is never used\033[0m\n"
                        "    calls = 1\n    \033[1;35m^~~~~\033[0m\n    remove it\n"
                        "\033[1mp.rules:1:9:\033[0m \033[1;36mnote:\033[0m \033[1mhere\033[0m\n"
                        "    calls = 1\n            \033[1;36m^\033[0m\n");
    free(got);
    diag_free(&d);
    assert_int_equal(d.n, 0);
    assert_null(d.items);
}

static void test_sorting_over_several_files(void **state)
{
    const source *a = src("a.rules", "x = 1\ny = 2\n"), *b = src("b.rules", "z = 3\n");
    diag_list d;
    diag_init(&d);
    /* added out of order; sorted by file name (no place first: ""), then
     * offset; equal places keep the order they were added in */
    diag_error(&d, span_at(b, 0, 1), "b1");
    diag_error(&d, span_at(a, 6, 7), "a2");
    diag_error(&d, span_at(a, 0, 1), "a1");
    diag_error(&d, span_at(NULL, 0, 0), "nowhere");
    diag_error(&d, span_at(a, 6, 7), "a2 again");
    diag_sort(&d);
    const char *order[] = {"nowhere", "a1", "a2", "a2 again", "b1"};
    assert_int_equal(d.n, 5);
    for (int i = 0; i < 5; i++) assert_string_equal(d.items[i].message, order[i]);
    /* more than 16 diagnostics: the list grows */
    for (int i = 0; i < 40; i++) diag_warning(&d, span_at(b, 0, 1), "w%d", i);
    assert_int_equal(d.n, 45);
    assert_int_equal(d.warnings, 40);
    assert_string_equal(d.items[44].message, "w39");
    diag_free(&d);
}

/* ---- UTF-8 widths and validity ---------------------------------------------- */

static int width(const char *s) { return utf8_display_width(s, strlen(s)); }

static void test_display_widths(void **state)
{
    /* zero width: combining grave U+0300, U+036F; zero-width space U+200B,
     * joiner U+200D; variation selectors U+FE00, U+FE0F */
    assert_int_equal(width("\xCC\x80\xCD\xAF\xE2\x80\x8B\xE2\x80\x8D\xEF\xB8\x80\xEF\xB8\x8F"), 0);
    /* U+0370 (after the combining block), U+200C (between ZWSP and ZWJ),
     * U+FE10 (after the selectors): one column each */
    assert_int_equal(width("\xCD\xB0"), 1);
    assert_int_equal(width("\xE2\x80\x8C"), 1);
    assert_int_equal(width("\xEF\xB8\x90"), 1);
    /* two columns: the first and last character of each wide range */
    const char *wide[] = {
        "\xE1\x84\x80", "\xE1\x85\x9F", /* U+1100 U+115F Hangul Jamo */
        "\xE2\xBA\x80", "\xE3\x80\xBE", /* U+2E80 U+303E CJK radicals, punctuation */
        "\xE3\x81\x81", "\xE3\x8F\xBF", /* U+3041 U+33FF kana ... */
        "\xE3\x90\x80", "\xE4\xB6\xBF", /* U+3400 U+4DBF extension A */
        "\xE4\xB8\x80", "\xE9\xBF\xBF", /* U+4E00 U+9FFF unified ideographs */
        "\xEA\x80\x80", "\xEA\x93\x8F", /* U+A000 U+A4CF Yi */
        "\xEA\xB0\x80", "\xED\x9E\xA3", /* U+AC00 U+D7A3 Hangul syllables */
        "\xEF\xA4\x80", "\xEF\xAB\xBF", /* U+F900 U+FAFF compatibility ideographs */
        "\xEF\xB8\xB0", "\xEF\xB9\x8F", /* U+FE30 U+FE4F vertical forms */
        "\xEF\xBC\x80", "\xEF\xBD\xA0", /* U+FF00 U+FF60 full-width forms */
        "\xEF\xBF\xA0", "\xEF\xBF\xA6", /* U+FFE0 U+FFE6 full-width signs */
        "\xF0\x9F\x8C\x80", "\xF0\x9F\x99\x8F", /* U+1F300 U+1F64F pictographs, emoticons */
        "\xF0\xA0\x80\x80", "\xF0\xBF\xBF\xBD", /* U+20000 U+3FFFD extension B... */
    };
    for (size_t i = 0; i < sizeof wide / sizeof *wide; i++)
        if (width(wide[i]) != 2) fail_msg("wide[%zu] is %d columns", i, width(wide[i]));
    /* one column: the character after the end of each range (U+33FF is
     * followed by the wide U+3400, U+9FFF by the wide U+A000) and the one
     * before the start of some */
    const char *narrow[] = {
        "\xE1\x85\xA0", /* U+1160 */
        "\xE2\xB9\xBF", /* U+2E7F */
        "\xE3\x80\xBF", /* U+303F */
        "\xE3\x81\x80", /* U+3040 */
        "\xE4\xB7\x80", /* U+4DC0 */
        "\xEA\x93\x90", /* U+A4D0 */
        "\xED\x9E\xA4", /* U+D7A4 */
        "\xEF\xAC\x80", /* U+FB00 */
        "\xEF\xB9\x90", /* U+FE50 */
        "\xEF\xBD\xA1", /* U+FF61 */
        "\xEF\xBF\xA7", /* U+FFE7 */
        "\xF0\x9F\x99\x90", /* U+1F650 */
        "\xF0\xBF\xBF\xBE", /* U+3FFFE */
        "\xF3\xA0\x80\x81", /* U+E0001 */
    };
    for (size_t i = 0; i < sizeof narrow / sizeof *narrow; i++)
        if (width(narrow[i]) != 1) fail_msg("narrow[%zu] is %d columns", i, width(narrow[i]));
    /* "工号 id": 2 + 2 + 1 + 2 */
    assert_int_equal(width("工号 id"), 7);
    /* NUL counts nothing */
    assert_int_equal(utf8_display_width("a\0b", 3), 2);
}

static void test_invalid_utf8(void **state)
{
    /* each invalid sequence: its first byte counts one column, and the
     * valid prefix stops before it */
    struct { const char *s; size_t len; int width; } bad[] = {
        {"\xC0\xAF", 2, 2},          /* C0: never a lead byte (overlong) */
        {"\xE0\x80\xAF", 3, 3},      /* overlong 3-byte form of '/' */
        {"\xED\xA0\x80", 3, 3},      /* U+D800, a surrogate */
        {"\xED\xBF\xBF", 3, 3},      /* U+DFFF */
        {"\xF0\x80\x80\xAF", 4, 4},  /* overlong 4-byte form */
        {"\xF4\x90\x80\x80", 4, 4},  /* U+110000, past the last code point */
        {"\xF5\x80\x80\x80", 4, 4},  /* F5: never a lead byte */
        {"\xE4\xB8", 2, 2},          /* cut short at the end */
        {"\xE4\x41\x42", 3, 3},      /* a lead byte followed by ASCII */
        {"\x80", 1, 1},              /* a lone continuation byte */
    };
    for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
        char buf[16];
        snprintf(buf, sizeof buf, "ok%.*s", (int)bad[i].len, bad[i].s);
        if (utf8_valid_prefix(buf, 2 + bad[i].len) != 2) fail_msg("bad[%zu]: valid prefix %zu", i, utf8_valid_prefix(buf, 2 + bad[i].len));
        if (utf8_display_width(bad[i].s, bad[i].len) != bad[i].width)
            fail_msg("bad[%zu]: width %d", i, utf8_display_width(bad[i].s, bad[i].len));
    }
    /* valid: the smallest and largest of each length */
    const char *good = "\x7F\xC2\x80\xDF\xBF\xE0\xA0\x80\xEF\xBF\xBF\xF0\x90\x80\x80\xF4\x8F\xBF\xBF\xEE\x80\x80";
    assert_int_equal(utf8_valid_prefix(good, strlen(good)), strlen(good));
}

static void test_positions_count_characters(void **state)
{
    /* line 3 "分a\xFFb": '分' is one character, the invalid byte one */
    const source *s = src("q.rules", "x\n\n分a\xFF" "b\n");
    int line, col;
    source_position(s, 3 + 3 + 1 + 1, &line, &col); /* 'b' */
    assert_int_equal(line, 3);
    assert_int_equal(col, 4);
    source_position(s, 2, &line, &col); /* the empty line 2 */
    assert_int_equal(line, 2);
    assert_int_equal(col, 1);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_caret_and_tildes),
        cmocka_unit_test(test_tabs_before_the_caret_stay_tabs),
        cmocka_unit_test(test_span_past_the_end_of_its_line),
        cmocka_unit_test(test_offsets_past_the_end_of_the_file),
        cmocka_unit_test(test_carriage_return_is_not_shown),
        cmocka_unit_test(test_wide_zero_width_and_invalid_characters),
        cmocka_unit_test(test_long_line_in_the_middle),
        cmocka_unit_test(test_long_line_caret_near_either_end),
        cmocka_unit_test(test_long_line_counts_characters_not_bytes),
        cmocka_unit_test(test_levels_hints_and_no_place),
        cmocka_unit_test(test_sorting_over_several_files),
        cmocka_unit_test(test_display_widths),
        cmocka_unit_test(test_invalid_utf8),
        cmocka_unit_test(test_positions_count_characters),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
