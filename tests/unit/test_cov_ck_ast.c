/*
 * test_cov_ck_ast.c — the syntax tree's small helpers (src/ast.c): names of
 * operators and node kinds for messages, and dotted paths of names.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <string.h>

#include "ast.h"

static arena *A;

static int setup(void **state)
{
    A = arena_new(4096);
    return A ? 0 : -1;
}

static int teardown(void **state)
{
    arena_free(A);
    return 0;
}

static span nowhere(void) { return span_at(NULL, 0, 0); }

static ast *name(const char *s) { return ast_name(A, nowhere(), s, (uint32_t)strlen(s)); }

static ast *member(ast *base, const char *field)
{
    ast *m = ast_node3(A, AST_MEMBER, nowhere(), base, NULL, NULL);
    m->str = field;
    m->str_len = (uint32_t)strlen(field);
    return m;
}

static void test_op_text(void **state)
{
    assert_string_equal(ast_op_text(OP_NONE), "?");
    assert_string_equal(ast_op_text(OP_SUB), "-");
    assert_string_equal(ast_op_text(OP_NE), "!=");
    assert_string_equal(ast_op_text(OP_GE), ">=");
    assert_string_equal(ast_op_text(OP_OR), "or");
    assert_string_equal(ast_op_text(OP_NEG), "-");
    assert_string_equal(ast_op_text(OP_NOT), "not");
    assert_string_equal(ast_op_text(OP_POS), "+");
    assert_string_equal(ast_op_text((ast_op)(OP_POS + 1)), "?"); /* past the table */
}

static void test_kind_name(void **state)
{
    assert_string_equal(ast_kind_name(AST_NUMBER), "number");
    assert_string_equal(ast_kind_name(AST_BOOL), "true/false");
    assert_string_equal(ast_kind_name(AST_ARM), "when branch");
    assert_string_equal(ast_kind_name(AST_FIRST), "first in roster");
    assert_string_equal(ast_kind_name(AST_CHECK), "check");
    assert_string_equal(ast_kind_name(AST_ERROR), "error");
    assert_string_equal(ast_kind_name((ast_kind)(AST_ERROR + 1)), "?");
}

static void test_path_of_names(void **state)
{
    char buf[64];
    assert_true(ast_path(name("pay"), buf, sizeof buf));
    assert_string_equal(buf, "pay");
    assert_true(ast_path(member(member(name("pay"), "base"), "cents"), buf, sizeof buf));
    assert_string_equal(buf, "pay.base.cents");
}

static void test_path_of_other_nodes(void **state)
{
    char buf[64];
    assert_false(ast_path(NULL, buf, sizeof buf));
    assert_false(ast_path(ast_new(A, AST_NUMBER, nowhere()), buf, sizeof buf));
    ast *call = ast_new(A, AST_CALL, nowhere());
    call->str = "last";
    assert_false(ast_path(member(call, "x"), buf, sizeof buf)); /* last(...).x is not a path */
    assert_false(ast_path(ast_new(A, AST_EACH, nowhere()), buf, sizeof buf));
}

static void test_path_that_does_not_fit(void **state)
{
    char buf[16];
    assert_false(ast_path(name("pay"), buf, 0));
    assert_false(ast_path(name("pay"), buf, 3)); /* "pay" and its NUL need 4 */
    assert_true(ast_path(name("pay"), buf, 4));
    assert_string_equal(buf, "pay");
    ast *pb = member(name("pay"), "base"); /* "pay.base": 8 and the NUL */
    assert_false(ast_path(pb, buf, 8));
    assert_true(ast_path(pb, buf, 9));
    assert_string_equal(buf, "pay.base");
    assert_false(ast_path(member(name("pay"), "base"), buf, 3)); /* the base does not fit either */
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_op_text),
        cmocka_unit_test(test_kind_name),
        cmocka_unit_test(test_path_of_names),
        cmocka_unit_test(test_path_of_other_nodes),
        cmocka_unit_test(test_path_that_does_not_fit),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
