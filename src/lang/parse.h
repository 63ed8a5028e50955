/*
 * parse.h — policy text to syntax tree.
 *
 * kh_parse runs the reentrant scanner and the pure parser over one source
 * and returns its AST_FILE (never NULL: after syntax errors, what could be
 * read).  Errors go to `diags`; parsing recovers at the next line so that
 * one run reports every syntax error.  Includes are resolved by the loader
 * (load.c), not here.
 */
#ifndef KH_PARSE_H
#define KH_PARSE_H

#include "ast.h"
#include "diag.h"
#include "lex.h"

typedef struct parse_ctx {
    arena *A;
    const source *src;
    diag_list *diags;
    lex_state *lx;
    ast *root;
    int depth;     /* nesting of the expression being built (bounded) */
    int indent_errors; /* unexpected INDENTs reported: their DEDENTs are not */
    const ast *cut_chain; /* a chain refused as too long, left as its first term */
    int cut_class;        /* ...and its operator class */
} parse_ctx;

/* Deepest nesting of expressions a policy may use. */
#define PARSE_MAX_DEPTH 2000
/* Most terms of one sum (factors of a product, parts of an and/or chain):
 * each term is one level of the tree the checker walks, and it walks at
 * most CHECK_MAX_DEPTH (1000) levels. */
#define PARSE_MAX_TERMS 1000

/* The AST_FILE's op is the surface (kh_surface) of most of its keywords:
 * SURFACE_ZH when more are Chinese than English. */
ast *kh_parse(const source *src, arena *A, diag_list *diags);
/* The same, and the comments the scanner read (in A) into *comments, for
 * the formatter, which keeps them. */
ast *kh_parse_with_comments(const source *src, arena *A, diag_list *diags, lex_comments *comments);

#endif
