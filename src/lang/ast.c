/*
 * ast.c — constructors and small helpers for the syntax tree.
 */
#include "ast.h"
#include "vec.h"

#include <stdio.h>
#include <string.h>

ast *ast_new(arena *A, ast_kind kind, span at)
{
    ast *n = arena_zalloc(A, sizeof *n);
    n->kind = (uint8_t)kind;
    n->at = at;
    n->id = -1;
    return n;
}

ast *ast_unary(arena *A, span at, ast_op op, ast *a)
{
    ast *n = ast_new(A, AST_UNARY, at);
    n->op = (uint8_t)op;
    n->a = a;
    return n;
}

ast *ast_binary(arena *A, span at, ast_op op, ast *a, ast *b)
{
    ast *n = ast_new(A, AST_BINARY, at);
    n->op = (uint8_t)op;
    n->a = a;
    n->b = b;
    return n;
}

ast *ast_node3(arena *A, ast_kind kind, span at, ast *a, ast *b, ast *c)
{
    ast *n = ast_new(A, kind, at);
    n->a = a;
    n->b = b;
    n->c = c;
    return n;
}

void ast_push(arena *A, ast_list *l, ast *item)
{
    VEC_RESERVE_IN(A, l->v, l->n, l->n + 1, l->cap);
    l->v[l->n++] = item;
}

static const char *const op_texts[] = {
    [OP_NONE] = "?", [OP_ADD] = "+", [OP_SUB] = "-", [OP_MUL] = "*", [OP_DIV] = "/",
    [OP_EQ] = "=", [OP_NE] = "!=", [OP_LT] = "<", [OP_LE] = "<=", [OP_GT] = ">", [OP_GE] = ">=",
    [OP_AND] = "and", [OP_OR] = "or", [OP_NEG] = "-", [OP_NOT] = "not", [OP_POS] = "+",
};

const char *ast_op_text(ast_op op) { return op <= OP_POS ? op_texts[op] : "?"; }

static const char *const kind_names[] = {
    [AST_NUMBER] = "number", [AST_STRING] = "text", [AST_BOOL] = "true/false", [AST_NAME] = "name",
    [AST_EACH] = "each", [AST_ROSTER] = "roster", [AST_THIS] = "this", [AST_MEMBER] = "field", [AST_UNARY] = "operation",
    [AST_BINARY] = "operation", [AST_IN] = "membership test", [AST_IF] = "if", [AST_WHEN] = "when",
    [AST_ARM] = "when branch", [AST_TIER] = "tier table", [AST_ROW] = "tier row", [AST_CALL] = "call",
    [AST_COMPR] = "over", [AST_NAMED] = "named argument", [AST_LIST] = "list", [AST_OBJECT] = "object",
    [AST_FIELDVAL] = "object field", [AST_LEDGER] = "ledger", [AST_ENTRY] = "ledger entry",
    [AST_FIRST] = "first in roster", [AST_FILE] = "file", [AST_POLICY] = "policy",
    [AST_INCLUDE] = "include", [AST_ROSTER_BY] = "roster by", [AST_CHAIN] = "chain", [AST_PARAM] = "param", [AST_DATED] = "dated value",
    [AST_DEF] = "definition", [AST_INPUT] = "input", [AST_FIELD] = "input field",
    [AST_SPEC] = "field description", [AST_CHECK] = "check", [AST_TABLE] = "table", [AST_TYPE] = "type", [AST_ERROR] = "error",
};

const char *ast_kind_name(ast_kind k) { return k <= AST_ERROR ? kind_names[k] : "?"; }

bool ast_path(const ast *e, char *buf, size_t cap)
{
    if (!e || cap == 0) return false;
    if (e->kind == AST_NAME) {
        int n = snprintf(buf, cap, "%s", e->str);
        return n >= 0 && (size_t)n < cap;
    }
    if (e->kind != AST_MEMBER || !ast_path(e->a, buf, cap)) return false;
    size_t len = strlen(buf);
    int n = snprintf(buf + len, cap - len, ".%s", e->str);
    return n >= 0 && (size_t)n < cap - len;
}
