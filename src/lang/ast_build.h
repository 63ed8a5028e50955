/*
 * ast_build.h — one constructor per kind of node the grammar builds.
 *
 * Each grammar action (grammar/parser.y) is one call to one of these: the
 * node's fields are set here, by name, never poked by the action.  Lists
 * are values (ast_list), built by ast_list_of / ast_list_add and handed to
 * the node that owns them.  Everything lives in arena `A`.
 */
#ifndef KH_AST_BUILD_H
#define KH_AST_BUILD_H

#include "ast.h"

/* The empty list (an optional list written as nothing). */
#define AST_LIST_NONE ((ast_list){0})
/* The token of an optional part that was not written (no label). */
#define LEX_TOKEN_NONE ((lex_token){0})

/* A list of one item / the list with one more (a NULL item, what a line
 * with a syntax error leaves, is not added). */
ast_list ast_list_of(arena *A, ast *item);
ast_list ast_list_add(arena *A, ast_list l, ast *item);

/* A node of `kind` whose str is the token's text: AST_NAME, AST_STRING,
 * AST_POLICY, AST_INCLUDE, AST_TYPE. */
ast *ast_text(arena *A, ast_kind kind, span at, lex_token t);
/* A node of `kind` with child `a` and the items: AST_WHEN, AST_TIER (a the
 * subject), AST_LEDGER (a the base), AST_INPUT, AST_LIST, AST_OBJECT,
 * AST_FIRST (a the condition, items the ordering). */
ast *ast_list_node(arena *A, ast_kind kind, span at, ast *a, ast_list items);

/* ---- expressions ---- */
ast *ast_number(arena *A, span at, lit_number num);
ast *ast_bool(arena *A, span at, bool value);
/* base.name; `at` from the start of base to the end of name.  Inside
 * `this.` the whole path belongs to the record being evaluated, so
 * this.pay.base is this.(pay.base): the member goes inside the AST_THIS,
 * which is returned, widened to its end. */
ast *ast_member(arena *A, span at, ast *base, lex_token name);
/* name(args) */
ast *ast_call(arena *A, span at, lex_token name, ast_list args);
/* name by value (`ties by id`) */
ast *ast_named_arg(arena *A, span at, lex_token name, ast *value);
/* name: value, in an object */
ast *ast_fieldval(arena *A, span at, lex_token name, ast *value);
/* A tier row: op (ROW_*) threshold -> value */
ast *ast_row(arena *A, span at, row_op op, ast *threshold, ast *value);
/* A ledger entry: "label" amount [per/when x] */
ast *ast_entry(arena *A, span at, lex_token label, entry_op op, ast *amount, ast *x);

/* ---- declarations ---- */
ast *ast_file(arena *A, span at, ast_list decls);
/* chain group from output [unless new_hire]: unless_word and new_hire
 * AST_NAMEs, or both NULL. */
ast *ast_chain(arena *A, span at, ast *group, lex_token output, ast *unless_word, ast *new_hire);
/* param name [label] [: type] = value */
ast *ast_param(arena *A, span at, lex_token name, lex_token label, ast *type, ast *value);
/* param name [label] [: type] = v1 until m1, v2 from m2, ...: the AST_DATED
 * values (at least one); the param's value is the first one's. */
ast *ast_param_dated(arena *A, span at, lex_token name, lex_token label, ast *type, ast_list dated);
/* [output] name [label] [: type], its value set by ast_def_value. */
ast *ast_def(arena *A, span at, def_kind how, lex_token name, lex_token label, ast *type);
ast *ast_def_value(ast *def, ast *value);
/* : one of "a" "甲", "b" — the AST_SPEC (SPEC_ENUM) values */
ast *ast_type_one_of(arena *A, span at, ast_list values);
/* One dated value of a param: value until/from month */
ast *ast_dated(arena *A, span at, dated_op op, ast *value, ast *month);
/* table name [label] from "file" by keys: columns */
ast *ast_table(arena *A, span at, lex_token name, lex_token label, ast *file, ast_list keys, ast_list columns);
/* check "title": condition */
ast *ast_check(arena *A, span at, lex_token title, ast *cond);
/* An input field: path [label] : specs, with its nested fields. */
ast *ast_field(arena *A, span at, ast *path, lex_token label, ast_list specs, ast_list nested);
/* A field description item with expressions only (at least 3, within a .. b). */
ast *ast_spec(arena *A, span at, spec_op op, ast *x, ast *y);
/* One with a word (a type name or flag, `not empty`, `list of T`, at most
 * x entries, a default) and its expression if any. */
ast *ast_spec_word(arena *A, span at, spec_op op, lex_token word, ast *x);
/* One value of a `one of`: "value" with its display label (NULL: none). */
ast *ast_enum_value(arena *A, span at, lex_token value, const char *label);

#endif
