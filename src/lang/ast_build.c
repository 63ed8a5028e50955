/*
 * ast_build.c — the grammar's constructors: one per kind of node built.
 */
#include "ast_build.h"

ast_list ast_list_of(arena *A, ast *item)
{
    return ast_list_add(A, AST_LIST_NONE, item);
}

ast_list ast_list_add(arena *A, ast_list l, ast *item)
{
    if (item) ast_push(A, &l, item);
    return l;
}

static void set_text(ast *n, lex_token t)
{
    n->str = t.text;
    n->str_len = t.text_len;
}

ast *ast_text(arena *A, ast_kind kind, span at, lex_token t)
{
    ast *n = ast_new(A, kind, at);
    set_text(n, t);
    return n;
}

ast *ast_list_node(arena *A, ast_kind kind, span at, ast *a, ast_list items)
{
    ast *n = ast_node3(A, kind, at, a, NULL, NULL);
    n->list = items;
    return n;
}

/* ---- expressions -------------------------------------------------------- */

ast *ast_number(arena *A, span at, lit_number num)
{
    ast *n = ast_new(A, AST_NUMBER, at);
    n->num = num;
    return n;
}

ast *ast_bool(arena *A, span at, bool value)
{
    ast *n = ast_new(A, AST_BOOL, at);
    n->op = value;
    return n;
}

ast *ast_member(arena *A, span at, ast *base, lex_token name)
{
    ast *inner = base->kind == AST_THIS ? base->a : base;
    ast *m = ast_text(A, AST_MEMBER, at, name);
    m->a = inner;
    if (base->kind != AST_THIS) return m;
    m->at.start = inner->at.start;
    base->a = m;
    base->at.end = m->at.end;
    return base;
}

ast *ast_call(arena *A, span at, lex_token name, ast_list args)
{
    ast *n = ast_text(A, AST_CALL, at, name);
    n->list = args;
    return n;
}

ast *ast_named_arg(arena *A, span at, lex_token name, ast *value)
{
    ast *n = ast_text(A, AST_NAMED, at, name);
    n->a = value;
    return n;
}

ast *ast_fieldval(arena *A, span at, lex_token name, ast *value)
{
    ast *n = ast_text(A, AST_FIELDVAL, at, name);
    n->a = value;
    return n;
}

ast *ast_row(arena *A, span at, row_op op, ast *threshold, ast *value)
{
    ast *r = ast_node3(A, AST_ROW, at, threshold, value, NULL);
    r->op = (uint8_t)op;
    return r;
}

ast *ast_entry(arena *A, span at, lex_token label, entry_op op, ast *amount, ast *x)
{
    ast *e = ast_node3(A, AST_ENTRY, at, amount, x, NULL);
    set_text(e, label);
    e->op = (uint8_t)op;
    return e;
}

/* ---- declarations ------------------------------------------------------- */

ast *ast_file(arena *A, span at, ast_list decls)
{
    return ast_list_node(A, AST_FILE, at, NULL, decls);
}

ast *ast_chain(arena *A, span at, ast *group, lex_token output, ast *unless_word, ast *new_hire)
{
    ast *n = ast_text(A, AST_CHAIN, at, output);
    n->a = group;
    n->b = new_hire;
    n->c = unless_word;
    return n;
}

ast *ast_param(arena *A, span at, lex_token name, lex_token label, ast *type, ast *value)
{
    ast *n = ast_text(A, AST_PARAM, at, name);
    n->label = label.text;
    n->b = type;
    n->a = value;
    return n;
}

ast *ast_param_dated(arena *A, span at, lex_token name, lex_token label, ast *type, ast_list dated)
{
    ast *n = ast_param(A, at, name, label, type, dated.v[0]->a);
    n->list = dated;
    return n;
}

ast *ast_def(arena *A, span at, def_kind how, lex_token name, lex_token label, ast *type)
{
    ast *n = ast_text(A, AST_DEF, at, name);
    n->label = label.text;
    n->b = type;
    n->op = (uint8_t)how;
    return n;
}

ast *ast_def_value(ast *def, ast *value)
{
    def->a = value;
    return def;
}

ast *ast_type_one_of(arena *A, span at, ast_list values)
{
    ast *n = ast_list_node(A, AST_TYPE, at, NULL, values);
    n->op = TYPE_ONE_OF;
    n->str = "one of";
    n->str_len = 6;
    return n;
}

ast *ast_dated(arena *A, span at, dated_op op, ast *value, ast *month)
{
    ast *n = ast_node3(A, AST_DATED, at, value, month, NULL);
    n->op = (uint8_t)op;
    return n;
}

ast *ast_table(arena *A, span at, lex_token name, lex_token label, ast *file, ast_list keys, ast_list columns)
{
    ast *n = ast_text(A, AST_TABLE, at, name);
    n->label = label.text;
    n->a = file;
    n->list = keys;
    n->list2 = columns;
    return n;
}

ast *ast_check(arena *A, span at, lex_token title, ast *cond)
{
    ast *n = ast_text(A, AST_CHECK, at, title);
    n->a = cond;
    return n;
}

ast *ast_field(arena *A, span at, ast *path, lex_token label, ast_list specs, ast_list nested)
{
    ast *n = ast_list_node(A, AST_FIELD, at, path, specs);
    n->label = label.text;
    n->list2 = nested;
    return n;
}

ast *ast_spec(arena *A, span at, spec_op op, ast *x, ast *y)
{
    ast *s = ast_node3(A, AST_SPEC, at, x, y, NULL);
    s->op = (uint8_t)op;
    return s;
}

ast *ast_spec_word(arena *A, span at, spec_op op, lex_token word, ast *x)
{
    ast *s = ast_spec(A, at, op, x, NULL);
    set_text(s, word);
    return s;
}

ast *ast_enum_value(arena *A, span at, lex_token value, const char *label)
{
    ast *s = ast_spec_word(A, at, SPEC_ENUM, value, NULL);
    s->label = label;
    return s;
}
