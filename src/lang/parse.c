/*
 * parse.c — runs the scanner and the parser over one source.
 */
#include "parse.h"

#include "parser.h"

ast *kh_parse(const source *src, arena *A, diag_list *diags)
{
    return kh_parse_with_comments(src, A, diags, NULL);
}

ast *kh_parse_with_comments(const source *src, arena *A, diag_list *diags, lex_comments *comments)
{
    lex_state lx;
    if (comments) *comments = (lex_comments){0};
    parse_ctx pc = {.A = A, .src = src, .diags = diags, .lx = &lx, .root = NULL};
    if (!lex_init(&lx, src, A, diags)) {
        diag_error(diags, span_at(src, 0, 0), "cannot start the scanner (out of memory)");
        return ast_new(A, AST_FILE, span_at(src, 0, 0));
    }
    int rc = kh_yyparse(&lx, &pc);
    lex_destroy(&lx);
    if (comments) *comments = lx.comments;
    if (rc == 2)
        diag_error(diags, span_at(src, 0, 0), "the policy is nested too deeply to read (brackets or operators thousands of levels deep)");
    else if (rc != 0 && diags->errors == 0)
        diag_error(diags, span_at(src, (uint32_t)src->len, (uint32_t)src->len), "the policy could not be read");
    if (!pc.root) pc.root = ast_new(A, AST_FILE, span_at(src, 0, 0));
    pc.root->op = (uint8_t)(lx.words_zh > lx.words_en ? SURFACE_ZH : SURFACE_EN);
    return pc.root;
}
