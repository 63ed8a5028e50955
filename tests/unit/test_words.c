/*
 * test_words.c — the Chinese surface and its one word table (src/lang/lex.c):
 * every keyword token and every built-in has a Chinese form, no two words
 * share one, Chinese keywords are whole tokens, phrases (至少) are the two
 * tokens of the English (at least), the units 元 and 分, and what a
 * Chinese policy reads as (the same tree as the English one, which fmt
 * writes back in either surface).
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "builtins.h"
#include "buf.h"
#include "fmt.h"
#include "lex.h"
#include "load.h"
#include "parser.h"
#include "mem.h"

/* Lexes text; the token kinds (up to the end) into kinds, their count. */
static int lex_kinds(const char *text, int *kinds, lex_token *toks, int cap, int *errors)
{
    arena *A = arena_new(4096);
    diag_list d;
    diag_init(&d);
    source *src = source_from_text(A, "t.rules", NULL, text, strlen(text));
    lex_state lx;
    assert_true(lex_init(&lx, src, A, &d));
    int n = 0;
    for (;;) {
        assert_true(n < cap);
        lex_token t;
        int k = lex_next(&lx, &t);
        kinds[n] = k;
        if (toks) {
            toks[n] = t;
            toks[n].text = NULL; /* the arena goes */
        }
        n++;
        if (k == 0) break;
    }
    lex_destroy(&lx);
    if (errors) *errors = d.errors;
    diag_free(&d);
    arena_free(A);
    return n;
}

static bool has_phrase_with(int tok)
{
    int n;
    const kh_word *w = kh_words(&n);
    for (int i = 0; i < n; i++)
        if (w[i].role == WORD_PHRASE && (w[i].token == tok || w[i].token2 == tok) && w[i].zh) return true;
    return false;
}

/* Every keyword token of the grammar (declared from AND to BELOW) has a
 * row, and a Chinese word of its own or a Chinese phrase it is part of. */
static void test_every_keyword_has_a_chinese_form(void **state)
{
    int n;
    const kh_word *w = kh_words(&n);
    for (int tok = TOK_AND; tok <= TOK_BELOW; tok++) {
        const kh_word *row = NULL;
        for (int i = 0; i < n; i++)
            if (w[i].role == WORD_KEYWORD && w[i].token == tok) row = &w[i];
        if (!row) fail_msg("token %d has no row in the word table", tok);
        if (!row->zh && !has_phrase_with(tok)) fail_msg("'%s' has no Chinese form (alone or in a phrase)", row->en);
    }
}

static void test_every_builtin_has_a_chinese_form(void **state)
{
    int nb;
    const char *const *names = builtin_names(&nb);
    for (int i = 0; i < nb; i++) {
        const char *zh = word_spelling(names[i], WORD_FUNCTION, SURFACE_ZH);
        if (strcmp(zh, names[i]) == 0) fail_msg("the built-in '%s' has no Chinese name", names[i]);
        const char *back = word_canonical(zh, (uint32_t)strlen(zh), WORD_FUNCTION);
        assert_non_null(back);
        assert_string_equal(back, names[i]);
    }
}

/* No Chinese word stands for two things: a reserved word is no contextual
 * word or function too (those would be reserved then), and a contextual
 * word or function means one English word (日期 is the type date and the
 * function date). */
static void test_chinese_words_are_unambiguous(void **state)
{
    int n;
    const kh_word *w = kh_words(&n);
    for (int i = 0; i < n; i++) {
        if (!w[i].zh) continue;
        assert_true((unsigned char)w[i].zh[0] >= 0x80); /* Chinese, never an English word */
        for (int j = i + 1; j < n; j++) {
            if (!w[j].zh || strcmp(w[i].zh, w[j].zh) != 0) continue;
            bool ri = w[i].role == WORD_KEYWORD || w[i].role == WORD_PHRASE;
            bool rj = w[j].role == WORD_KEYWORD || w[j].role == WORD_PHRASE;
            if (ri || rj || strcmp(w[i].en, w[j].en) != 0)
                fail_msg("'%s' is the Chinese for both '%s' and '%s'", w[i].zh, w[i].en, w[j].en);
        }
    }
}

/* Each Chinese word is one token when it stands alone: a keyword or phrase
 * its token(s), any other word a name. */
static void test_each_chinese_word_is_one_token(void **state)
{
    int n;
    const kh_word *w = kh_words(&n);
    for (int i = 0; i < n; i++) {
        if (!w[i].zh || w[i].role == WORD_UNIT) continue;
        int kinds[8], errors;
        int got = lex_kinds(w[i].zh, kinds, NULL, 8, &errors);
        assert_int_equal(errors, 0);
        if (w[i].role == WORD_KEYWORD) {
            assert_int_equal(got, 3); /* the word, NEWLINE, end */
            assert_int_equal(kinds[0], w[i].token);
        } else if (w[i].role == WORD_PHRASE) {
            assert_int_equal(got, 4);
            assert_int_equal(kinds[0], w[i].token);
            assert_int_equal(kinds[1], w[i].token2);
        } else {
            assert_int_equal(got, 3);
            assert_int_equal(kinds[0], TOK_IDENT);
        }
    }
}

/* Keywords are whole tokens: joined to other letters they are a name. */
static void test_keywords_are_whole_tokens(void **state)
{
    int k[16];
    int n = lex_kinds("如果达标 那么 是", k, NULL, 16, NULL);
    assert_int_equal(n, 5);
    assert_int_equal(k[0], TOK_IDENT);
    assert_int_equal(k[1], TOK_THEN);
    assert_int_equal(k[2], TOK_TRUE);
    n = lex_kinds("如果 达标 那么 1 否则 0", k, NULL, 16, NULL);
    assert_int_equal(n, 8);
    int want[] = {TOK_IF, TOK_IDENT, TOK_THEN, TOK_NUMBER, TOK_ELSE, TOK_NUMBER, TOK_NEWLINE, 0};
    for (int i = 0; i < 8; i++) assert_int_equal(k[i], want[i]);
    /* punctuation ends a word as a space does: 否则（x） */
    n = lex_kinds("否则（x）", k, NULL, 16, NULL);
    assert_int_equal(k[0], TOK_ELSE);
    assert_int_equal(k[1], TOK_LPAREN);
    /* a name after '.' is never a keyword */
    n = lex_kinds("a.其他", k, NULL, 16, NULL);
    assert_int_equal(k[2], TOK_IDENT);
}

/* 150% 及以上 is 150% or more; 至少 0 is at least 0. */
static void test_phrases(void **state)
{
    int k[16];
    int n = lex_kinds("150% 及以上 -> 至少", k, NULL, 16, NULL);
    int want[] = {TOK_NUMBER, TOK_OR, TOK_MORE, TOK_ARROW, TOK_AT, TOK_LEAST, TOK_NEWLINE, 0};
    assert_int_equal(n, 8);
    for (int i = 0; i < 8; i++) assert_int_equal(k[i], want[i]);
    assert_string_equal(keyword_spelling(TOK_OR, TOK_MORE, SURFACE_ZH), "及以上");
    assert_string_equal(keyword_spelling(TOK_OR, TOK_MORE, SURFACE_EN), "or more");
    assert_string_equal(keyword_spelling(TOK_OTHERWISE, 0, SURFACE_ZH), "其他");
    /* a phrase at the start of a line continues the line before, as `or` does */
    n = lex_kinds("x = a\n    及以上", k, NULL, 16, NULL);
    int want2[] = {TOK_IDENT, TOK_EQ, TOK_IDENT, TOK_OR, TOK_MORE, TOK_NEWLINE, 0};
    assert_int_equal(n, 7);
    for (int i = 0; i < 7; i++) assert_int_equal(k[i], want2[i]);
}

/* 200元 is 200 yuan, 3分 is 3 points; 3 分数 is a number and a name. */
static void test_units(void **state)
{
    int k[16], errors;
    lex_token t[16];
    lex_kinds("3分 200元 3 分，", k, t, 16, &errors);
    assert_int_equal(errors, 0);
    assert_int_equal(k[0], TOK_NUMBER);
    assert_int_equal(t[0].num.unit, UNIT_POINTS);
    assert_int_equal(t[1].num.unit, UNIT_MONEY);
    assert_int_equal(t[2].num.unit, UNIT_POINTS);
    assert_int_equal(t[2].loc.start, 12);
    assert_int_equal(t[2].loc.end, 17); /* "3 分" */
    assert_int_equal(k[3], TOK_COMMA);
    int n = lex_kinds("3 分数", k, t, 16, &errors);
    assert_int_equal(errors, 0);
    assert_int_equal(n, 4);
    assert_int_equal(k[0], TOK_NUMBER);
    assert_int_equal(t[0].num.unit, UNIT_NONE);
    assert_int_equal(t[0].loc.end, 1);
    assert_int_equal(k[1], TOK_IDENT);
    assert_int_equal(t[1].loc.start, 2);
    lex_kinds("3分钟", k, t, 16, &errors); /* as 3x: a number runs into a name */
    assert_int_equal(errors, 1);
    assert_int_equal(k[0], TOK_INVALID);
}

static char *fmt_text(const char *text, kh_surface lang)
{
    arena *A = arena_new(4096);
    diag_list d;
    diag_init(&d);
    source *src = source_from_text(A, "t.rules", NULL, text, strlen(text));
    buf out = {0};
    bool ok = fmt_source(src, lang, &out, &d);
    assert_true(ok);
    diag_free(&d);
    arena_free(A);
    return out.data;
}

/* One policy in both surfaces, written out by hand: each converts to the
 * other, and each formats to itself.  A unit after a space is each
 * surface's word (200 yuan, 200 元); one joined to its number (100元) is
 * the same in both. */
static const char *policy_en =
    "input:\n"
    "    calls \"通次\": integer, at least 0\n"
    "    level:        one of \"a\", \"b\"\n"
    "    deals:        list of record, at most 3 entries\n"
    "        profit: money\n"
    "    star:         boolean, default false\n"
    "\n"
    "param rate = 8%  # 提成\n"
    "\n"
    "bonus = tier calls:\n"
    "    100 or more -> 200 yuan\n"
    "    above 50    -> 3 points * 0 + 100元\n"
    "    otherwise   -> 0 yuan\n"
    "output ok = star and not level in [\"a\"]\n"
    "output pay: money = if ok then round(sum(profit over deals where true), 2) else bonus\n"
    "output score = ledger from 100:\n"
    "    \"违规\" -1 per calls\n"
    "    \"星\"   +3 when star\n";
static const char *policy_zh =
    "输入:\n"
    "    calls \"通次\": 整数, 至少 0\n"
    "    level:        取值 \"a\", \"b\"\n"
    "    deals:        列表 记录, 至多 3 条\n"
    "        profit: 金额\n"
    "    star:         是否, 默认 否\n"
    "\n"
    "参数 rate = 8%  # 提成\n"
    "\n"
    "bonus = 档位 calls:\n"
    "    100 及以上 -> 200 元\n"
    "    高于 50    -> 3 分 * 0 + 100元\n"
    "    其他       -> 0 元\n"
    "输出 ok = star 并且 非 level 属于 [\"a\"]\n"
    "输出 pay: 金额 = 如果 ok 那么 四舍五入(合计(profit 遍历 deals 其中 是), 2) 否则 bonus\n"
    "输出 score = 台账 从 100:\n"
    "    \"违规\" -1 每 calls\n"
    "    \"星\"   +3 当 star\n";

static void test_fmt_converts_both_ways(void **state)
{
    char *zh = fmt_text(policy_en, SURFACE_ZH);
    assert_string_equal(zh, policy_zh);
    char *en = fmt_text(policy_zh, SURFACE_EN);
    assert_string_equal(en, policy_en);
    char *same_zh = fmt_text(policy_zh, SURFACE_SAME); /* a Chinese policy stays Chinese */
    assert_string_equal(same_zh, policy_zh);
    char *same_en = fmt_text(policy_en, SURFACE_SAME);
    assert_string_equal(same_en, policy_en);
    mem_free(zh);
    mem_free(en);
    mem_free(same_zh);
    mem_free(same_en);
}

/* A policy with more Chinese keywords than English ones is written in
 * Chinese by plain fmt (the minority converted); units as written. */
static void test_fmt_mixed_goes_to_the_majority(void **state)
{
    char *joined = fmt_text("x = 200yuan + 3points + 2  分\n", SURFACE_SAME);
    assert_string_equal(joined, "x = 200 yuan + 3 points + 2 分\n");
    mem_free(joined);
    char *out = fmt_text("输出 x = 如果 true 那么 200 yuan 否则 ¥5\n", SURFACE_SAME);
    assert_string_equal(out, "输出 x = 如果 是 那么 200 yuan 否则 ¥5\n");
    mem_free(out);
    out = fmt_text("output x = if 是 then 200元 else 0 yuan\n", SURFACE_SAME);
    assert_string_equal(out, "output x = if true then 200元 else 0 yuan\n");
    mem_free(out);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_every_keyword_has_a_chinese_form),
        cmocka_unit_test(test_every_builtin_has_a_chinese_form),
        cmocka_unit_test(test_chinese_words_are_unambiguous),
        cmocka_unit_test(test_each_chinese_word_is_one_token),
        cmocka_unit_test(test_keywords_are_whole_tokens),
        cmocka_unit_test(test_phrases),
        cmocka_unit_test(test_units),
        cmocka_unit_test(test_fmt_converts_both_ways),
        cmocka_unit_test(test_fmt_mixed_goes_to_the_majority),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
