/*
 * test_lexer.c — the scanner and its layout pass (grammar/lexer.l, src/lex.c):
 * tokens, keywords (and names after '.'), number units, Unicode and
 * full-width operators, strings, NEWLINE/INDENT/DEDENT, continued lines,
 * and the lexical errors with their places.  Expected token streams are
 * written out by hand for each input.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "lex.h"
#include "load.h"
#include "parser.h"
#include "mem.h"

/* ---- helpers ------------------------------------------------------------- */

typedef struct lexed {
    arena *A;
    diag_list d;
    source *src;
    lex_token toks[256];
    int n;
} lexed;

static const struct { int kind; const char *name; } names[] = {
    {0, "EOF"}, {TOK_IDENT, "IDENT"}, {TOK_NUMBER, "NUMBER"}, {TOK_STRING, "STRING"},
    {TOK_NEWLINE, "NL"}, {TOK_INDENT, "INDENT"}, {TOK_DEDENT, "DEDENT"}, {TOK_INVALID, "INVALID"},
    {TOK_AND, "and"}, {TOK_OR, "or"}, {TOK_NOT, "not"}, {TOK_IN, "in"}, {TOK_IF, "if"},
    {TOK_THEN, "then"}, {TOK_ELSE, "else"}, {TOK_WHEN, "when"}, {TOK_OTHERWISE, "otherwise"},
    {TOK_TIER, "tier"}, {TOK_LEDGER, "ledger"}, {TOK_FROM, "from"}, {TOK_PER, "per"},
    {TOK_OVER, "over"}, {TOK_WHERE, "where"}, {TOK_ROSTER, "roster"}, {TOK_BY, "by"},
    {TOK_FIRST, "first"}, {TOK_FOR, "for"}, {TOK_EACH, "each"}, {TOK_TRUE, "true"},
    {TOK_FALSE, "false"}, {TOK_PARAM, "param"}, {TOK_OUTPUT, "output"}, {TOK_INPUT, "input"},
    {TOK_INCLUDE, "include"}, {TOK_CHAIN, "chain"}, {TOK_POLICY, "policy"}, {TOK_CHECK, "check"},
    {TOK_ONE, "one"}, {TOK_OF, "of"}, {TOK_LIST, "list"}, {TOK_AT, "at"}, {TOK_LEAST, "least"},
    {TOK_MOST, "most"}, {TOK_WITHIN, "within"}, {TOK_MORE, "more"}, {TOK_LESS, "less"},
    {TOK_THAN, "than"}, {TOK_ABOVE, "above"}, {TOK_BELOW, "below"}, {TOK_ARROW, "->"},
    {TOK_EQ, "="}, {TOK_NE, "!="}, {TOK_LE, "<="}, {TOK_GE, ">="}, {TOK_LT, "<"}, {TOK_GT, ">"},
    {TOK_PLUS, "+"}, {TOK_MINUS, "-"}, {TOK_STAR, "*"}, {TOK_SLASH, "/"}, {TOK_LPAREN, "("},
    {TOK_RPAREN, ")"}, {TOK_LBRACK, "["}, {TOK_RBRACK, "]"}, {TOK_LBRACE, "{"}, {TOK_RBRACE, "}"},
    {TOK_COMMA, ","}, {TOK_COLON, ":"}, {TOK_DOT, "."}, {TOK_DOTDOT, ".."},
};

static const char *kind_name(int kind)
{
    for (size_t i = 0; i < sizeof names / sizeof names[0]; i++)
        if (names[i].kind == kind) return names[i].name;
    return "?";
}

/* Lexes all of text (up to and including the end). */
static void lex_all(lexed *L, const char *text)
{
    L->A = arena_new(4096);
    diag_init(&L->d);
    L->src = source_from_text(L->A, "t.rules", NULL, text, strlen(text));
    lex_state lx;
    assert_true(lex_init(&lx, L->src, L->A, &L->d));
    L->n = 0;
    for (;;) {
        assert_true(L->n < 256);
        int k = lex_next(&lx, &L->toks[L->n]);
        L->toks[L->n].kind = k;
        L->n++;
        if (k == 0) break;
    }
    lex_destroy(&lx);
}

static void lexed_free(lexed *L)
{
    diag_free(&L->d);
    arena_free(L->A);
}

/* The token kinds of text, space-separated. */
static void expect_kinds_with_errors(const char *text, const char *want, int errors)
{
    lexed L;
    lex_all(&L, text);
    char got[2048] = "";
    size_t len = 0;
    for (int i = 0; i < L.n; i++)
        len += (size_t)snprintf(got + len, sizeof got - len, "%s%s", i ? " " : "", kind_name(L.toks[i].kind));
    if (strcmp(got, want) != 0) fail_msg("for %s\n  got:      %s\n  expected: %s", text, got, want);
    assert_int_equal(L.d.errors, errors);
    lexed_free(&L);
}

static void expect_kinds(const char *text, const char *want) { expect_kinds_with_errors(text, want, 0); }

/* The one diagnostic text gives, rendered as line:col: message. */
static void expect_error(const char *text, const char *want)
{
    lexed L;
    lex_all(&L, text);
    if (L.d.n < 1) fail_msg("no error for %s", text);
    int line, col;
    source_position(L.src, L.d.items[0].at.start, &line, &col);
    char got[600];
    snprintf(got, sizeof got, "%d:%d: %s", line, col, L.d.items[0].message);
    if (strcmp(got, want) != 0) fail_msg("for %s\n  got:      %s\n  expected: %s", text, got, want);
    assert_int_equal(L.d.errors, 1);
    lexed_free(&L);
}

static void assert_num(kh_num got, int64_t n, int64_t d)
{
    if (got.num != n || got.den != d)
        fail_msg("got %lld/%lld, expected %lld/%lld", (long long)got.num, (long long)got.den, (long long)n,
                 (long long)d);
}

/* ---- tokens ----------------------------------------------------------------- */

static void test_simple_definition(void **state)
{
    expect_kinds("output x = 1 + 2\n", "output IDENT = NUMBER + NUMBER NL EOF");
    expect_kinds("output x = 1 + 2", "output IDENT = NUMBER + NUMBER NL EOF"); /* no final newline */
    expect_kinds("", "EOF");
    expect_kinds("\n\n# only a comment\n\n", "EOF");
}

static void test_every_operator(void **state)
{
    expect_kinds("a = b != c < d <= e > f >= g", "IDENT = IDENT != IDENT < IDENT <= IDENT > IDENT >= IDENT NL EOF");
    expect_kinds("a == b <> c", "IDENT = IDENT != IDENT NL EOF");
    expect_kinds("a -> b + c - d * e / f", "IDENT -> IDENT + IDENT - IDENT * IDENT / IDENT NL EOF");
    expect_kinds("f(a, [b], {c: d}) x.y 0..9", "IDENT ( IDENT , [ IDENT ] , { IDENT : IDENT } ) IDENT . IDENT NUMBER .. NUMBER NL EOF");
}

static void test_unicode_operators(void **state)
{
    /* ≥ ≤ ≠ × ÷ → − and the full-width ， ： （ ） */
    expect_kinds("a ≥ b ≤ c ≠ d", "IDENT >= IDENT <= IDENT != IDENT NL EOF");
    expect_kinds("a × b ÷ c − d → e", "IDENT * IDENT / IDENT - IDENT -> IDENT NL EOF");
    expect_kinds("f（a，b）：c", "IDENT ( IDENT , IDENT ) : IDENT NL EOF");
}

static void test_keywords_and_names(void **state)
{
    expect_kinds("if a then b else c", "if IDENT then IDENT else IDENT NL EOF");
    expect_kinds("x in [1] and not y or z", "IDENT in [ NUMBER ] and not IDENT or IDENT NL EOF");
    expect_kinds("sum(p over deals where paid)", "IDENT ( IDENT over IDENT where IDENT ) NL EOF");
    expect_kinds("first in roster for c by (t, id)", "first in roster for IDENT by ( IDENT , IDENT ) NL EOF");
    /* a keyword right after '.' is a field name: prior.per, x.in */
    expect_kinds("prior.per + x.in", "IDENT . IDENT + IDENT . IDENT NL EOF");
    /* keywords are whole words, in lower case */
    expect_kinds("iffy Then inputs", "IDENT IDENT IDENT NL EOF");
}

static void test_chinese_identifiers(void **state)
{
    lexed L;
    lex_all(&L, "基本量达成率 = 出勤率_2 × 2");
    assert_int_equal(L.toks[0].kind, TOK_IDENT);
    assert_string_equal(L.toks[0].text, "基本量达成率");
    assert_int_equal(L.toks[0].text_len, 18); /* six characters of three bytes */
    assert_int_equal(L.toks[2].kind, TOK_IDENT);
    assert_string_equal(L.toks[2].text, "出勤率_2");
    assert_int_equal(L.toks[3].kind, TOK_STAR);
    assert_int_equal(L.d.errors, 0);
    lexed_free(&L);
}

static void test_numbers_and_units(void **state)
{
    lexed L;
    lex_all(&L, "8% 200 yuan ¥200 ￥ 7.5 200元 3 points 1.25 007 12.5%");
    assert_int_equal(L.d.errors, 0);
    struct { int64_t n, d; lit_unit u; uint32_t start, end; } want[] = {
        {2, 25, UNIT_PERCENT, 0, 2},    /* 8% = 8/100 */
        {200, 1, UNIT_MONEY, 3, 11},    /* "200 yuan" */
        {200, 1, UNIT_MONEY, 12, 17},   /* "¥200": ¥ is two bytes */
        {15, 2, UNIT_MONEY, 18, 25},    /* "￥ 7.5": ￥ is three bytes */
        {200, 1, UNIT_MONEY, 26, 32},   /* "200元": 元 is three bytes */
        {3, 1, UNIT_POINTS, 33, 41},    /* "3 points" */
        {5, 4, UNIT_NONE, 42, 46},      /* 1.25 */
        {7, 1, UNIT_NONE, 47, 50},      /* 007 */
        {1, 8, UNIT_PERCENT, 51, 56},   /* 12.5% = 0.125 */
    };
    for (size_t i = 0; i < sizeof want / sizeof want[0]; i++) {
        assert_int_equal(L.toks[i].kind, TOK_NUMBER);
        assert_num(L.toks[i].num.value, want[i].n, want[i].d);
        assert_int_equal(L.toks[i].num.unit, want[i].u);
        assert_int_equal(L.toks[i].loc.start, want[i].start);
        assert_int_equal(L.toks[i].loc.end, want[i].end);
    }
    lexed_free(&L);
}

static void test_strings(void **state)
{
    lexed L;
    lex_all(&L, "\"a \\\"quoted\\\" \\\\ b\\n\\t\" “中文 label” \"\"");
    assert_int_equal(L.d.errors, 0);
    assert_int_equal(L.toks[0].kind, TOK_STRING);
    assert_string_equal(L.toks[0].text, "a \"quoted\" \\ b\n\t");
    assert_int_equal(L.toks[0].text_len, 16);
    assert_int_equal(L.toks[1].kind, TOK_STRING);
    assert_string_equal(L.toks[1].text, "中文 label"); /* curly quotes, no escapes */
    assert_int_equal(L.toks[2].kind, TOK_STRING);
    assert_int_equal(L.toks[2].text_len, 0);
    lexed_free(&L);
}

/* ---- layout ------------------------------------------------------------- */

static void test_indent_and_dedent(void **state)
{
    expect_kinds("x = when:\n"
                 "    a -> 1\n"
                 "    otherwise -> 2\n"
                 "y = 3\n",
                 "IDENT = when : NL INDENT IDENT -> NUMBER NL otherwise -> NUMBER NL DEDENT IDENT = NUMBER NL EOF");
}

static void test_two_levels_close_at_once(void **state)
{
    expect_kinds("input:\n"
                 "    pay: record\n"
                 "        base: money\n"
                 "x = 1\n",
                 "input : NL INDENT IDENT : IDENT NL INDENT IDENT : IDENT NL DEDENT DEDENT IDENT = NUMBER NL EOF");
    /* and at the end of the file, without a final newline */
    expect_kinds("input:\n    pay: record\n        base: money",
                 "input : NL INDENT IDENT : IDENT NL INDENT IDENT : IDENT NL DEDENT DEDENT EOF");
}

static void test_blank_lines_and_comments_inside_blocks(void **state)
{
    expect_kinds("x = tier s:\n"
                 "\n"
                 "# a comment at the margin does not end the block\n"
                 "    1 -> 2   # trailing comment\n"
                 "        \n"
                 "    otherwise -> 3\n",
                 "IDENT = tier IDENT : NL INDENT NUMBER -> NUMBER NL otherwise -> NUMBER NL DEDENT EOF");
}

static void test_tabs_count_to_the_next_multiple_of_eight(void **state)
{
    /* a tab and eight spaces are the same indentation */
    expect_kinds("x = when:\n\ta -> 1\n        otherwise -> 2\n",
                 "IDENT = when : NL INDENT IDENT -> NUMBER NL otherwise -> NUMBER NL DEDENT EOF");
}

static void test_continued_lines(void **state)
{
    /* a line ending in an operator or a comma goes on */
    expect_kinds("x = 1 +\n    2\ny = 3", "IDENT = NUMBER + NUMBER NL IDENT = NUMBER NL EOF");
    expect_kinds("x = min(a,\n  b)", "IDENT = IDENT ( IDENT , IDENT ) NL EOF");
    /* a next line starting with and / or / then / else continues the one before */
    expect_kinds("x = a\n    and b\n    or c", "IDENT = IDENT and IDENT or IDENT NL EOF");
    expect_kinds("x = if a\n    then 1\n    else 2", "IDENT = if IDENT then NUMBER else NUMBER NL EOF");
    /* line breaks inside brackets are spaces */
    expect_kinds("x = [1\n, 2\n\n]\ny = {a: 1\n}",
                 "IDENT = [ NUMBER , NUMBER ] NL IDENT = { IDENT : NUMBER } NL EOF");
    /* after 'where', 'over', 'by' and '.' too */
    expect_kinds("x = count(d where\n p)", "IDENT = IDENT ( IDENT where IDENT ) NL EOF");
}

static void test_continuation_keyword_after_dot_is_a_name(void **state)
{
    /* `x.` continues; the next word is then a field name even if it is a keyword */
    expect_kinds("y = x.\n  then", "IDENT = IDENT . IDENT NL EOF");
}

static void test_token_places(void **state)
{
    lexed L;
    lex_all(&L, "ab:\n  \n    b");
    /* ab, :, NL(at the first newline, offset 3), INDENT (at b), b, NL, DEDENT, EOF */
    assert_int_equal(L.toks[2].kind, TOK_NEWLINE);
    assert_int_equal(L.toks[2].loc.start, 3);
    assert_int_equal(L.toks[3].kind, TOK_INDENT);
    assert_int_equal(L.toks[3].loc.start, 11);
    assert_int_equal(L.toks[4].kind, TOK_IDENT);
    assert_int_equal(L.toks[4].loc.start, 11);
    assert_int_equal(L.toks[4].loc.end, 12);
    assert_int_equal(L.toks[L.n - 1].loc.start, 12); /* the end, at the end of the text */
    lexed_free(&L);
}

static void test_last_newline_is_at_the_newline(void **state)
{
    lexed L;
    lex_all(&L, "x = 1\n\n");
    /* x = 1 NL EOF: the NEWLINE is the line's own '\n' (offset 5), so that a
     * message about the end of the line points at line 1, not at line 3 */
    assert_int_equal(L.n, 5);
    assert_int_equal(L.toks[3].kind, TOK_NEWLINE);
    assert_int_equal(L.toks[3].loc.start, 5);
    assert_int_equal(L.toks[4].kind, 0);
    assert_int_equal(L.toks[4].loc.start, 7);
    lexed_free(&L);
    /* without a final newline, the NEWLINE is at the end of the text */
    lex_all(&L, "x = 1");
    assert_int_equal(L.toks[3].kind, TOK_NEWLINE);
    assert_int_equal(L.toks[3].loc.start, 5);
    lexed_free(&L);
}

/* ---- errors ---------------------------------------------------------------- */

static void test_unterminated_strings(void **state)
{
    expect_error("x = \"abc\ny = 1", "1:5: this text has no closing quote (\")");
    expect_error("x = “abc\ny = 1", "1:5: this text has no closing quote (”)");
}

static void test_bad_escape(void **state)
{
    expect_error("x = \"a\\qb\"", "1:7: unknown escape '\\q' in text (use \\\" \\\\ \\n or \\t)");
}

static void test_number_runs_into_name(void **state)
{
    expect_error("x = 12abc",
                 "1:5: a number runs into a name: put a space between them, or write a unit (yuan, %, points)");
}

static void test_number_too_large(void **state)
{
    expect_error("x = 12345678901234567890",
                 "1:5: this number is too large (kaohe reads numbers below 10^18 in magnitude)");
    expect_error("x = 1000000000000000000%",
                 "1:5: this number is too large (kaohe reads numbers below 10^18 in magnitude)");
}

/* A literal still refused says why: 0.000...01 with 300001 decimals is below
 * 10^-300000 (too small); 0.111...1 with 300001 ones needs too many decimals. */
static void test_numbers_past_the_decimals_bound(void **state)
{
    size_t n = 300001;
    char *text = mem_alloc(n + 16);
    assert_non_null(text);
    memcpy(text, "x = 0.", 6);
    memset(text + 6, '0', n - 1);
    strcpy(text + 6 + n - 1, "1");
    expect_error(text, "1:5: this number is too small to hold (kaohe reads numbers down to 10^-300000; write 0 for none)");
    memset(text + 6, '1', n);
    text[6 + n] = '\0';
    expect_error(text, "1:5: this number has too many decimals (kaohe reads at most 300000)");
    text[6 + n - 1] = '\0'; /* 300000 ones: read */
    lexed L;
    lex_all(&L, text);
    assert_int_equal(L.d.errors, 0);
    assert_true(num_is_big(L.toks[2].num.value));
    lexed_free(&L);
    mem_free(text);
}

/* Issue 20: "too large" was said of tiny numbers.  Now they are exact (big
 * numbers, in the lexer's arena): 10^-22 % = 10^-24, and 10^-19. */
static void test_tiny_numbers_are_exact(void **state)
{
    lexed L;
    lex_all(&L, "0.0000000000000000000001% 0.0000000000000000001");
    assert_int_equal(L.d.errors, 0);
    const char *want[] = {"0.000000000000000000000001", "0.0000000000000000001"};
    for (int i = 0; i < 2; i++) {
        assert_int_equal(L.toks[i].kind, TOK_NUMBER);
        assert_true(num_is_big(L.toks[i].num.value));
        buf b = {0};
        num_write(&b, L.toks[i].num.value, 0);
        assert_string_equal(b.data, want[i]);
        buf_free(&b);
    }
    lexed_free(&L);
}

static void test_unexpected_characters(void **state)
{
    expect_error("x = 5 $ 3", "1:7: unexpected character '$'");
    expect_error("x = 5 \x01", "1:7: unexpected control character (byte 0x01)");
    expect_error("x = \xff", "1:5: invalid UTF-8 (byte 0xFF)");
    expect_error("x = 5 ★", "1:7: unexpected character '★' (U+2605)");
    /* an invisible character is named by its code point */
    expect_error("x = 5\xE2\x80\x8B", "1:6: unexpected character '\xE2\x80\x8B' (U+200B)");
    /* the full-width forms of ASCII characters say what to write */
    expect_error("x = 2＊3", "1:6: unexpected full-width character '＊' (U+FF0A): write the ASCII '*' instead");
    expect_error("x = ％", "1:5: unexpected full-width character '％' (U+FF05): write the ASCII '%' instead");
    expect_error("x = ～", "1:5: unexpected full-width character '～' (U+FF5E): write the ASCII '~' instead");
}

/* ---- what a Chinese input method types ------------------------------------- */

/* Encodes code point cp as UTF-8 into out (NUL-terminated); its length. */
static int utf8_encode(long cp, char *out)
{
    int n;
    if (cp < 0x80) { out[0] = (char)cp; n = 1; }
    else if (cp < 0x800) { out[0] = (char)(0xC0 | (cp >> 6)); out[1] = (char)(0x80 | (cp & 0x3F)); n = 2; }
    else if (cp < 0x10000) {
        out[0] = (char)(0xE0 | (cp >> 12));
        out[1] = (char)(0x80 | ((cp >> 6) & 0x3F));
        out[2] = (char)(0x80 | (cp & 0x3F));
        n = 3;
    } else {
        out[0] = (char)(0xF0 | (cp >> 18));
        out[1] = (char)(0x80 | ((cp >> 12) & 0x3F));
        out[2] = (char)(0x80 | ((cp >> 6) & 0x3F));
        out[3] = (char)(0x80 | (cp & 0x3F));
        n = 4;
    }
    out[n] = '\0';
    return n;
}

/* Issue 12: inside “…” the scanner excluded the bytes of ” (E2 80 9D) one by
 * one, so every character with one of those bytes (考 E8 80 83, 激 E6 BF 80,
 * – E2 80 93 ...) ended the text.  Every code point of the blocks the
 * shipped policy's texts use (Latin-1 §, General Punctuation – —, the CJK
 * Unified Ideographs) and of the blocks a Chinese input method types (CJK
 * Symbols and Punctuation, the full-width forms), and a sample of the
 * supplementary planes, alone and between two others, is one text. */
static void test_chinese_quotes_hold_every_character(void **state)
{
    static const struct { long first, last; } blocks[] = {
        {0x00A0, 0x00FF},  /* Latin-1: § */
        {0x2000, 0x206F},  /* General Punctuation: – — “ ” (” itself ends the text) */
        {0x3000, 0x303F},  /* CJK Symbols and Punctuation: 、。「」 and the full-width space */
        {0x3400, 0x4DBF},  /* CJK Extension A */
        {0x4E00, 0x9FFF},  /* CJK Unified Ideographs: 考 激 励 奖 ... */
        {0xF900, 0xFAFF},  /* CJK Compatibility Ideographs */
        {0xFF00, 0xFFEF},  /* Halfwidth and Fullwidth Forms: ％ ， ： （ ） */
        {0x20000, 0x2004F}, /* CJK Extension B (four bytes), a sample */
    };
    long tested = 0;
    for (size_t b = 0; b < sizeof blocks / sizeof blocks[0]; b++)
        for (long cp = blocks[b].first; cp <= blocks[b].last; cp++) {
            if (cp == 0x201D) continue;
            char ch[5], text[64], want[32];
            utf8_encode(cp, ch);
            for (int form = 0; form < 2; form++) {
                /* “X” and “考X激” */
                snprintf(want, sizeof want, form ? "考%s激" : "%s", ch);
                snprintf(text, sizeof text, "x = “%s”", want);
                lexed L;
                lex_all(&L, text);
                if (L.d.n != 0 || L.n != 5 || L.toks[2].kind != TOK_STRING || strcmp(L.toks[2].text, want) != 0)
                    fail_msg("U+%04lX in “…”: %d diagnostics (%s), token %s", cp, L.d.n,
                             L.d.n ? L.d.items[0].message : "", kind_name(L.toks[2].kind));
                assert_int_equal(L.toks[2].loc.end, strlen(text));
                lexed_free(&L);
                tested++;
            }
        }
    assert_true(tested > 2 * 27000);
    /* the texts of issue 12 */
    lexed L;
    lex_all(&L, "output a “激励奖” = “§七.5 激励奖 – 考核”");
    assert_int_equal(L.d.n, 0);
    assert_int_equal(L.toks[2].kind, TOK_STRING);
    assert_string_equal(L.toks[2].text, "激励奖");
    assert_int_equal(L.toks[4].kind, TOK_STRING);
    assert_string_equal(L.toks[4].text, "§七.5 激励奖 – 考核");
    lexed_free(&L);
    /* one text ends at the first ”, and a text left open is one error */
    lex_all(&L, "x = “考”激”");
    assert_int_equal(L.toks[2].kind, TOK_STRING);
    assert_string_equal(L.toks[2].text, "考");
    assert_int_equal(L.toks[3].kind, TOK_IDENT);
    assert_int_equal(L.toks[4].kind, TOK_INVALID);
    lexed_free(&L);
    expect_error("x = “考核\ny = 1", "1:5: this text has no closing quote (”)");
}

static void test_fullwidth_percent_and_space(void **state)
{
    lexed L;
    /* 150％ is 150%; a full-width space (U+3000) separates tokens, also
     * between a number and its unit */
    lex_all(&L, "x\xE3\x80\x80=\xE3\x80\x80" "150％ + 200\xE3\x80\x80" "yuan + 12.5％");
    assert_int_equal(L.d.errors, 0);
    assert_int_equal(L.toks[0].kind, TOK_IDENT);
    assert_int_equal(L.toks[0].text_len, 1);
    assert_int_equal(L.toks[1].kind, TOK_EQ);
    assert_int_equal(L.toks[2].kind, TOK_NUMBER);
    assert_num(L.toks[2].num.value, 3, 2);
    assert_int_equal(L.toks[2].num.unit, UNIT_PERCENT);
    assert_int_equal(L.toks[2].loc.start, 8); /* x, U+3000, =, U+3000: 8 bytes */
    assert_int_equal(L.toks[2].loc.end, 14);  /* "150％": ％ is three bytes */
    assert_int_equal(L.toks[4].kind, TOK_NUMBER);
    assert_num(L.toks[4].num.value, 200, 1);
    assert_int_equal(L.toks[4].num.unit, UNIT_MONEY);
    assert_int_equal(L.toks[6].kind, TOK_NUMBER);
    assert_num(L.toks[6].num.value, 1, 8);
    assert_int_equal(L.toks[6].num.unit, UNIT_PERCENT);
    lexed_free(&L);
    /* in the indentation of a line that opens or continues a block it is an
     * error (its width is not that of a space); on a continued line it is a
     * space like any other */
    expect_error("x = when:\n\xE3\x80\x80\xE3\x80\x80" "a -> 1\n",
                 "2:1: a full-width space (U+3000) in the indentation: indent with ordinary spaces");
    expect_kinds("x = 1 +\n\xE3\x80\x80 2\n", "IDENT = NUMBER + NUMBER NL EOF");
    expect_kinds("x = 1\n\xE3\x80\x80\n\ny = 2\n", "IDENT = NUMBER NL IDENT = NUMBER NL EOF"); /* a blank line */
}

static void test_indentation_errors(void **state)
{
    expect_error("x = when:\n    a -> 1\n  otherwise -> 2\n",
                 "3:3: this line is indented 2 spaces, which lines up with no line above: indent it 4 spaces");
    /* read as indented like the nearest block: nothing follows from it */
    expect_kinds_with_errors("x = when:\n    a -> 1\n   b -> 2\n",
                             "IDENT = when : NL INDENT IDENT -> NUMBER NL IDENT -> NUMBER NL DEDENT EOF", 1);
    expect_error("x = when:\n    a -> 1\n\tb -> 2\n", "3:2: this line is indented with a tab: indent with spaces (4, like the line above)");
    expect_error("x = when:\n    a -> 1\n      b -> 2\n",
                 "3:7: this line is indented 6 spaces, more than the line above (4), which does not open a block: indent it 4 spaces");
    expect_error("x = 1\n    y = 2\n",
                 "2:5: this line is indented 4 spaces, but the line above does not open a block: start it at the beginning of the line");
    /* in the input block a field may open one (its fields below) */
    expect_kinds("input:\n    a: list of record, default []\n        b: text\n",
                 "input : NL INDENT IDENT : list of IDENT , IDENT [ ] NL INDENT IDENT : IDENT NL DEDENT DEDENT EOF");
    expect_error("  x = 1\n", "1:3: the first line of a policy must not be indented");
    /* a line nearer the file's 0 than its block's 4: a row (an arrow in it,
     * or a row's first word), a ledger's entry (a text first) belongs to the
     * block, and is read in it (no DEDENT); an arrow in a comment or in
     * quotes does not count */
    expect_error("x = tier n:\n    at least 5 -> 1\n otherwise -> 0\n",
                 "3:2: this line is indented 1 space, which lines up with no line above: indent it 4 spaces");
    expect_kinds_with_errors("x = when:\n    a -> 1\n b -> 2\n",
                             "IDENT = when : NL INDENT IDENT -> NUMBER NL IDENT -> NUMBER NL DEDENT EOF", 1);
    expect_error("x = ledger from 0:\n    \"a\" 1\n \"b\" 2\n",
                 "3:2: this line is indented 1 space, which lines up with no line above: indent it 4 spaces");
    expect_error("x = when:\n    a -> 1\n b = 2  # c -> d\n",
                 "3:2: this line is indented 1 space, which lines up with no line above: start it at the beginning of the line");
    expect_error("x = when:\n    a -> 1\n b = \"->\"\n",
                 "3:2: this line is indented 1 space, which lines up with no line above: start it at the beginning of the line");
    /* a field of the input (a name, no '=') belongs to the input's block */
    expect_error("input:\n    a: text\n b: text, default \"=\"\n",
                 "3:2: this line is indented 1 space, which lines up with no line above: indent it 4 spaces");
    /* a declaration only the file holds belongs to the file, even nearer
     * the block's 4 */
    expect_error("x = when:\n    a -> 1\n   output y = 2\n",
                 "3:4: this line is indented 3 spaces, which lines up with no line above: start it at the beginning of the line");
}

static void test_error_tokens_are_invalid(void **state)
{
    lexed L;
    lex_all(&L, "x = \"abc\n");
    assert_int_equal(L.toks[2].kind, TOK_INVALID);
    assert_int_equal(L.toks[2].loc.start, 4);
    assert_int_equal(L.toks[2].loc.end, 8);
    lexed_free(&L);
}

/* ---- the keyword table ------------------------------------------------------- */

static void test_keyword_table(void **state)
{
    assert_int_equal(keyword_lookup("otherwise", 9), TOK_OTHERWISE);
    assert_int_equal(keyword_lookup("within", 6), TOK_WITHIN);
    assert_int_equal(keyword_lookup("above", 5), TOK_ABOVE);   /* first in the table */
    assert_int_equal(keyword_lookup("within", 6), TOK_WITHIN); /* last */
    assert_int_equal(keyword_lookup("inputs", 6), 0);
    assert_int_equal(keyword_lookup("inputs", 5), TOK_INPUT); /* the length is what counts */
    assert_int_equal(keyword_lookup("a", 1), 0);
    assert_string_equal(token_describe(TOK_THEN), "'then'");
    assert_string_equal(token_describe(TOK_NEWLINE), "the end of the line");
    assert_string_equal(token_describe(0), "the end of the file");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_simple_definition),
        cmocka_unit_test(test_every_operator),
        cmocka_unit_test(test_unicode_operators),
        cmocka_unit_test(test_keywords_and_names),
        cmocka_unit_test(test_chinese_identifiers),
        cmocka_unit_test(test_numbers_and_units),
        cmocka_unit_test(test_strings),
        cmocka_unit_test(test_indent_and_dedent),
        cmocka_unit_test(test_two_levels_close_at_once),
        cmocka_unit_test(test_blank_lines_and_comments_inside_blocks),
        cmocka_unit_test(test_tabs_count_to_the_next_multiple_of_eight),
        cmocka_unit_test(test_continued_lines),
        cmocka_unit_test(test_continuation_keyword_after_dot_is_a_name),
        cmocka_unit_test(test_token_places),
        cmocka_unit_test(test_last_newline_is_at_the_newline),
        cmocka_unit_test(test_unterminated_strings),
        cmocka_unit_test(test_bad_escape),
        cmocka_unit_test(test_number_runs_into_name),
        cmocka_unit_test(test_number_too_large),
        cmocka_unit_test(test_tiny_numbers_are_exact),
        cmocka_unit_test(test_numbers_past_the_decimals_bound),
        cmocka_unit_test(test_unexpected_characters),
        cmocka_unit_test(test_chinese_quotes_hold_every_character),
        cmocka_unit_test(test_fullwidth_percent_and_space),
        cmocka_unit_test(test_indentation_errors),
        cmocka_unit_test(test_error_tokens_are_invalid),
        cmocka_unit_test(test_keyword_table),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
