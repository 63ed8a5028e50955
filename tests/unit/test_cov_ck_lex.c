/*
 * test_cov_ck_lex.c — how the lexer names tokens in messages
 * (token_describe, src/lex.c): punctuation, keywords, and a kind it does
 * not know.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include "lex.h"
#include "parser.h"

static void test_describe_tokens(void **state)
{
    assert_string_equal(token_describe(TOK_ARROW), "'->'");
    assert_string_equal(token_describe(TOK_DOTDOT), "'..'");
    assert_string_equal(token_describe(TOK_DEDENT), "the end of the indented block");
    assert_string_equal(token_describe(TOK_OTHERWISE), "'otherwise'");
    assert_string_equal(token_describe(TOK_WITHIN), "'within'");
}

static void test_describe_unknown_kind(void **state)
{
    assert_string_equal(token_describe(-1), "a token");
    assert_string_equal(token_describe(100000), "a token");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_describe_tokens),
        cmocka_unit_test(test_describe_unknown_kind),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
