/*
 * test_cov_ck_ast.c — the syntax tree's small helpers (src/lang/ast.c) on
 * trees the parser built from policy text, as the checker and fmt use them:
 * the text of each operator (as messages and fmt write it), the name of
 * each kind of node a message can name, and dotted paths of names (a path
 * that does not fit the caller's buffer is refused, never cut short).
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <string.h>

#include "ast.h"
#include "diag.h"
#include "load.h"

static arena *A;
static diag_list D;

static int setup(void **state)
{
    A = arena_new(1 << 16);
    diag_init(&D);
    return A ? 0 : -1;
}

static int teardown(void **state)
{
    diag_free(&D);
    arena_free(A);
    return 0;
}

/* The expression of `x = TEXT`, as the parser builds it. */
static ast *parsed(const char *expr)
{
    char text[256];
    snprintf(text, sizeof text, "x = %s\n", expr);
    loaded L;
    int errors = D.errors;
    size_t len = strlen(text);
    char *kept = arena_alloc(A, len + 1); /* the tree points into its source */
    memcpy(kept, text, len + 1);
    assert_true(load_policy(A, "t.rules", kept, len, &D, &L));
    assert_int_equal(D.errors, errors);
    ast *file = L.files[0];
    assert_int_equal(file->list.n, 1);
    assert_int_equal(file->list.v[0]->kind, AST_DEF);
    return file->list.v[0]->a;
}

/* Every operator, however written (ASCII or the typographic forms), reads
 * back as the text messages and fmt use. */
static void test_operator_texts(void **state)
{
    static const struct { const char *expr, *text; } binary[] = {
        {"a + b", "+"}, {"a - b", "-"}, {"a − b", "-"}, {"a * b", "*"}, {"a × b", "*"}, {"a / b", "/"},
        {"a ÷ b", "/"}, {"a = b", "="}, {"a != b", "!="}, {"a ≠ b", "!="}, {"a < b", "<"},  {"a <= b", "<="},
        {"a ≤ b", "<="}, {"a > b", ">"}, {"a >= b", ">="}, {"a ≥ b", ">="}, {"a and b", "and"}, {"a or b", "or"},
    };
    for (size_t i = 0; i < sizeof binary / sizeof *binary; i++) {
        ast *e = parsed(binary[i].expr);
        assert_int_equal(e->kind, AST_BINARY);
        if (strcmp(ast_op_text((ast_op)e->op), binary[i].text) != 0)
            fail_msg("%s: '%s', expected '%s'", binary[i].expr, ast_op_text((ast_op)e->op), binary[i].text);
    }
    static const struct { const char *expr, *text; } unary[] = {{"-a", "-"}, {"not a", "not"}, {"+a", "+"}};
    for (size_t i = 0; i < sizeof unary / sizeof *unary; i++) {
        ast *e = parsed(unary[i].expr);
        assert_int_equal(e->kind, AST_UNARY);
        assert_string_equal(ast_op_text((ast_op)e->op), unary[i].text);
    }
}

/* The kinds of node a message can name ("a %s cannot be used as a value")
 * have words a reader knows. */
static void test_kind_names(void **state)
{
    static const struct { const char *expr; ast_kind kind; const char *name; } kinds[] = {
        {"1", AST_NUMBER, "number"},       {"\"a\"", AST_STRING, "text"},   {"true", AST_BOOL, "true/false"},
        {"a", AST_NAME, "name"},           {"a.b", AST_MEMBER, "field"},    {"a in [1]", AST_IN, "membership test"},
        {"if a then 1 else 2", AST_IF, "if"}, {"f(a)", AST_CALL, "call"}, {"[1, 2]", AST_LIST, "list"},
        {"{ a: 1 }", AST_OBJECT, "object"}, {"roster", AST_ROSTER, "roster"}, {"each", AST_EACH, "each"},
    };
    for (size_t i = 0; i < sizeof kinds / sizeof *kinds; i++) {
        ast *e = parsed(kinds[i].expr);
        assert_int_equal(e->kind, kinds[i].kind);
        assert_string_equal(ast_kind_name((ast_kind)e->kind), kinds[i].name);
    }
    ast *when = parsed("when:\n    a -> 1\n    otherwise -> 2");
    assert_string_equal(ast_kind_name((ast_kind)when->kind), "when");
    assert_string_equal(ast_kind_name((ast_kind)when->list.v[0]->kind), "when branch");
    ast *tier = parsed("tier a:\n    1 or more -> 1\n    otherwise -> 0");
    assert_string_equal(ast_kind_name((ast_kind)tier->kind), "tier table");
    assert_string_equal(ast_kind_name((ast_kind)tier->list.v[0]->kind), "tier row");
    ast *ledger = parsed("ledger from 1:\n    \"x\" +1");
    assert_string_equal(ast_kind_name((ast_kind)ledger->kind), "ledger");
    assert_string_equal(ast_kind_name((ast_kind)ledger->list.v[0]->kind), "ledger entry");
}

static void test_paths_of_names(void **state)
{
    char buf[64];
    assert_true(ast_path(parsed("pay"), buf, sizeof buf));
    assert_string_equal(buf, "pay");
    assert_true(ast_path(parsed("pay.base.cents"), buf, sizeof buf));
    assert_string_equal(buf, "pay.base.cents");
    assert_true(ast_path(parsed("工资.基本"), buf, sizeof buf));
    assert_string_equal(buf, "工资.基本");
    /* what is not a chain of names has no path */
    assert_false(ast_path(NULL, buf, sizeof buf));
    assert_false(ast_path(parsed("1"), buf, sizeof buf));
    assert_false(ast_path(parsed("last(xs, 1).x"), buf, sizeof buf));
    assert_false(ast_path(parsed("each.x"), buf, sizeof buf));
}

/* A path longer than the buffer is refused whole (the caller then says
 * "this value"), at every length short of the full one. */
static void test_paths_that_do_not_fit(void **state)
{
    char buf[16];
    ast *pb = parsed("pay.base"); /* 8 characters and the NUL */
    for (size_t cap = 0; cap < 9; cap++) assert_false(ast_path(pb, buf, cap));
    assert_true(ast_path(pb, buf, 9));
    assert_string_equal(buf, "pay.base");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_operator_texts),
        cmocka_unit_test(test_kind_names),
        cmocka_unit_test(test_paths_of_names),
        cmocka_unit_test(test_paths_that_do_not_fit),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
