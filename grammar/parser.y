/*
 * parser.y — the grammar of kaohe policies (.rules files).
 *
 * A pure bison parser over the layout-aware token stream of lex.c
 * (NEWLINE, INDENT, DEDENT).  Each action is one call to a constructor
 * (ast_build.c); lists are ast_list values.  Names, types and meaning are
 * checked later (check.c).  After a syntax error the parser skips to the
 * end of the line and goes on, so every error is found.
 */
%require "3.6"
%define api.pure full
%define api.prefix {kh_yy}
%define api.token.prefix {TOK_}
%define api.value.type union
%define api.location.type {kh_loc}
%define parse.error custom
%define parse.lac full
%locations
%param {lex_state *lx}
%parse-param {parse_ctx *pc}
%expect 0

%code requires {
#include "parse.h"
}

%code provides {
int kh_yylex(KH_YYSTYPE *lval, kh_loc *lloc, lex_state *lx);
}

%code {
#include <string.h>

#include "ast_build.h"
#include "i18n.h"
#include "mem.h"

/* a deep parse's stacks come from kaohe's allocator (mem.h) */
#define YYMALLOC mem_alloc
#define YYFREE mem_free

/* Deep nesting ends in a clear error rather than a deep C stack later. */
#define YYMAXDEPTH 20000

#define YYLLOC_DEFAULT(Cur, Rhs, N)                                  \
    do {                                                             \
        if (N) {                                                     \
            (Cur).start = YYRHSLOC(Rhs, 1).start;                    \
            (Cur).end = YYRHSLOC(Rhs, N).end;                        \
        } else {                                                     \
            (Cur).start = (Cur).end = YYRHSLOC(Rhs, 0).end;          \
        }                                                            \
    } while (0)

#define ARENA (pc->A)
#define SP(l) (span_at(pc->src, (l).start, (l).end))

/* The chains of one operator class: a + b - c is one sum of 3 terms, a * b
 * / c one product, a and b and c one condition (0: not chained). */
static int chain_class(int op)
{
    switch (op) {
    case OP_ADD: case OP_SUB: return 1;
    case OP_MUL: case OP_DIV: return 2;
    case OP_AND: return 3;
    case OP_OR: return 4;
    default: return 0;
    }
}

/* A binary node.  A chain of one class is a tree one level deeper per
 * term, and the checker takes at most PARSE_MAX_TERMS levels: a longer
 * chain is refused here, once, at its first term too many, with what to
 * do; the rest of it is dropped (the chain is left as its first term, of
 * the same type, so that nothing else is said about it).  Each node of a
 * chain counts its terms in `id`. */
static ast *bin(parse_ctx *pc, kh_loc l, ast_op op, ast *x, ast *y)
{
    int cls = chain_class(op);
    if (cls && x == pc->cut_chain && cls == pc->cut_class) return x;
    ast *n = ast_binary(pc->A, SP(l), op, x, y);
    if (!cls) return n;
    n->id = (x->kind == AST_BINARY && chain_class(x->op) == cls ? x->id : 1) + 1;
    if (n->id <= PARSE_MAX_TERMS) return n;
    static const char *const what[] = {"", "sum has more than %d terms", "product has more than %d factors",
                                       "condition joins more than %d parts with 'and'",
                                       "condition joins more than %d parts with 'or'"};
    char msg[128];
    snprintf(msg, sizeof msg, what[cls], PARSE_MAX_TERMS);
    int i = diag_error(pc->diags, y->at, "this %s (this is the %d%s)", msg, n->id,
                       n->id % 10 == 1 && n->id % 100 != 11 ? "st" : "th");
    diag_hint(pc->diags, i, "split it into parts of at most %d, each its own definition, and combine those", PARSE_MAX_TERMS);
    while (x->kind == AST_BINARY && chain_class(x->op) == cls) x = x->a;
    pc->cut_chain = x;
    pc->cut_class = cls;
    return x;
}
/* A Chinese word where the grammar gives it a meaning (a type, a field
 * option, `unless`, `ties`; a built-in where it is called) is its English
 * spelling from here on (the word table, lex.c). */
static lex_token as_word(lex_token t, kh_word_role role)
{
    const char *en = t.text ? word_canonical(t.text, t.text_len, role) : NULL;
    if (en) {
        t.text = en;
        t.text_len = (uint32_t)strlen(en);
    }
    return t;
}
#define CTX(t) as_word((t), WORD_CONTEXT)

/* A keyword that is a value (true, each, roster) spelled like a name that
 * was refused as a reserved word (`each = …`): a use of that name, read as
 * an error already said (AST_ERROR), not as the keyword. */
static bool refused(const parse_ctx *pc, kh_loc l)
{
    return lex_refused(pc->lx, l.start, l.end);
}

/* Bison's own messages (only "memory exhausted" with custom errors): the
 * caller reports nesting too deep from the return code. */
static void kh_yyerror(kh_loc *loc, lex_state *lx, parse_ctx *pc, const char *msg)
{
    (void)loc; (void)lx; (void)pc; (void)msg;
}
}

%token <lex_token> IDENT NUMBER STRING
%token NEWLINE INDENT DEDENT INVALID
%token AND OR NOT IN IF THEN ELSE WHEN OTHERWISE TIER LEDGER FROM PER OVER
%token WHERE ROSTER BY FIRST FOR EACH TRUE FALSE PARAM OUTPUT INPUT INCLUDE
%token CHAIN POLICY CHECK ONE OF LIST AT LEAST MOST WITHIN MORE LESS THAN ABOVE BELOW THIS UNTIL TABLE
%token ARROW EQ NE LE GE LT GT PLUS MINUS STAR SLASH
%token LPAREN RPAREN LBRACK RBRACK LBRACE RBRACE COMMA COLON DOT DOTDOT

%type <ast *> decl def_head expr postfix primary block_expr arm row entry field path spec arg
%type <ast *> fieldval type_opt dated_entry enumval
%type <ast_list> decls arms rows entries fields specs args exprs exprs_opt fieldvals fieldvals_opt
%type <ast_list> dated table_keys enumvals
%type <lex_token> label_opt

%precedence LOW_IF
%left OR
%left AND
%precedence NOT
%nonassoc EQ NE LT LE GT GE IN
%left PLUS MINUS
%left STAR SLASH
%precedence UMINUS

%%

file:
    decls                 { pc->root = ast_file(ARENA, span_at(pc->src, 0, 0), $1); }
  ;

decls:
    %empty                { $$ = AST_LIST_NONE; }
  | decls decl            { $$ = ast_list_add(ARENA, $1, $2); }
  ;

decl:
    POLICY STRING NEWLINE           { $$ = ast_text(ARENA, AST_POLICY, SP(@2), $2); }
  | INCLUDE STRING NEWLINE          { $$ = ast_text(ARENA, AST_INCLUDE, SP(@2), $2); }
  | ROSTER BY path NEWLINE          { $$ = ast_node3(ARENA, AST_ROSTER_BY, SP(@3), $3, NULL, NULL); }
  | CHAIN path FROM IDENT NEWLINE   { $$ = ast_chain(ARENA, SP(@4), $2, $4, NULL, NULL); }
  | CHAIN path FROM IDENT IDENT IDENT NEWLINE
                                    { $$ = ast_chain(ARENA, SP(@4), $2, $4, ast_text(ARENA, AST_NAME, SP(@5), CTX($5)),
                                                     ast_text(ARENA, AST_NAME, SP(@6), $6)); }
  | PARAM IDENT label_opt type_opt EQ expr NEWLINE
                                    { $$ = ast_param(ARENA, SP(@2), $2, $3, $4, $6); }
  | PARAM IDENT label_opt type_opt EQ dated NEWLINE
                                    { $$ = ast_param_dated(ARENA, SP(@2), $2, $3, $4, $6); }
  | def_head EQ expr NEWLINE        { $$ = ast_def_value($1, $3); }
  | def_head EQ block_expr          { $$ = ast_def_value($1, $3); }
  | TABLE IDENT label_opt FROM STRING BY table_keys COLON NEWLINE INDENT fields DEDENT
                                    { $$ = ast_table(ARENA, SP(@2), $2, $3, ast_text(ARENA, AST_STRING, SP(@5), $5), $7, $11); }
  | INPUT COLON NEWLINE INDENT fields DEDENT
                                    { $$ = ast_list_node(ARENA, AST_INPUT, SP(@1), NULL, $5); }
  | CHECK STRING COLON expr NEWLINE { $$ = ast_check(ARENA, SP(@2), $2, $4); }
  | CHECK STRING COLON NEWLINE INDENT expr NEWLINE DEDENT
                                    { $$ = ast_check(ARENA, SP(@2), $2, $6); }
  | error NEWLINE                   { $$ = NULL; yyerrok; }
  ;

def_head:
    IDENT label_opt type_opt        { $$ = ast_def(ARENA, SP(@1), DEF_PLAIN, $1, $2, $3); }
  | OUTPUT IDENT label_opt type_opt { $$ = ast_def(ARENA, SP(@2), DEF_OUTPUT, $2, $3, $4); }
  ;

label_opt:
    %empty                { $$ = LEX_TOKEN_NONE; }
  | STRING                { $$ = $1; }
  ;

type_opt:
    %empty                { $$ = NULL; }
  | COLON IDENT           { $$ = ast_text(ARENA, AST_TYPE, SP(@2), CTX($2)); }
  | COLON ONE OF enumvals { $$ = ast_type_one_of(ARENA, SP(@$), $4); }
  ;

/* `: one of "none" "无", "pending_dismissal" "待辞退"`: an output's values,
 * each with an optional display label. */
enumvals:
    enumval               { $$ = ast_list_of(ARENA, $1); }
  | enumvals COMMA enumval { $$ = ast_list_add(ARENA, $1, $3); }
  ;

enumval:
    STRING                { $$ = ast_enum_value(ARENA, SP(@1), $1, NULL); }
  | STRING STRING         { $$ = ast_enum_value(ARENA, SP(@1), $1, $2.text); }
  ;

/* ---- dated values of a param: 8% until 2014-06, 10% from 2014-07 --------- */

dated:
    expr UNTIL expr       { $$ = ast_list_of(ARENA, ast_dated(ARENA, SP(@$), DATED_UNTIL, $1, $3)); }
  | dated_entry           { $$ = ast_list_of(ARENA, $1); }
  | dated COMMA dated_entry { $$ = ast_list_add(ARENA, $1, $3); }
  ;

dated_entry:
    expr FROM expr        { $$ = ast_dated(ARENA, SP(@$), DATED_FROM, $1, $3); }
  ;

table_keys:
    IDENT                 { $$ = ast_list_of(ARENA, ast_text(ARENA, AST_NAME, SP(@1), $1)); }
  | table_keys COMMA IDENT { $$ = ast_list_add(ARENA, $1, ast_text(ARENA, AST_NAME, SP(@3), $3)); }
  ;

/* ---- block expressions: when / tier / ledger --------------------------- */

block_expr:
    WHEN COLON NEWLINE INDENT arms DEDENT
                          { $$ = ast_list_node(ARENA, AST_WHEN, SP(@1), NULL, $5); }
  | TIER expr COLON NEWLINE INDENT rows DEDENT
                          { $$ = ast_list_node(ARENA, AST_TIER, SP(@1), $2, $6); }
  | LEDGER FROM expr COLON NEWLINE INDENT entries DEDENT
                          { $$ = ast_list_node(ARENA, AST_LEDGER, SP(@1), $3, $7); }
  ;

arms:
    arm                   { $$ = ast_list_of(ARENA, $1); }
  | arms arm              { $$ = ast_list_add(ARENA, $1, $2); }
  ;

arm:
    expr ARROW expr NEWLINE       { $$ = ast_node3(ARENA, AST_ARM, SP(@$), $1, $3, NULL); }
  | OTHERWISE ARROW expr NEWLINE  { $$ = ast_node3(ARENA, AST_ARM, SP(@$), NULL, $3, NULL); }
  | error NEWLINE                 { $$ = NULL; yyerrok; }
  ;

rows:
    row                   { $$ = ast_list_of(ARENA, $1); }
  | rows row              { $$ = ast_list_add(ARENA, $1, $2); }
  ;

row:
    expr OR MORE ARROW expr NEWLINE   { $$ = ast_row(ARENA, SP(@$), ROW_GE, $1, $5); }
  | expr OR LESS ARROW expr NEWLINE   { $$ = ast_row(ARENA, SP(@$), ROW_LE, $1, $5); }
  | AT LEAST expr ARROW expr NEWLINE  { $$ = ast_row(ARENA, SP(@$), ROW_GE, $3, $5); }
  | AT MOST expr ARROW expr NEWLINE   { $$ = ast_row(ARENA, SP(@$), ROW_LE, $3, $5); }
  | MORE THAN expr ARROW expr NEWLINE { $$ = ast_row(ARENA, SP(@$), ROW_GT, $3, $5); }
  | ABOVE expr ARROW expr NEWLINE     { $$ = ast_row(ARENA, SP(@$), ROW_GT, $2, $4); }
  | LESS THAN expr ARROW expr NEWLINE { $$ = ast_row(ARENA, SP(@$), ROW_LT, $3, $5); }
  | BELOW expr ARROW expr NEWLINE     { $$ = ast_row(ARENA, SP(@$), ROW_LT, $2, $4); }
  | expr ARROW expr NEWLINE           { $$ = ast_row(ARENA, SP(@$), ROW_EQ, $1, $3); }
  | OTHERWISE ARROW expr NEWLINE      { $$ = ast_row(ARENA, SP(@$), ROW_OTHERWISE, NULL, $3); }
  | error NEWLINE                     { $$ = NULL; yyerrok; }
  ;

entries:
    entry                 { $$ = ast_list_of(ARENA, $1); }
  | entries entry         { $$ = ast_list_add(ARENA, $1, $2); }
  ;

entry:
    STRING expr NEWLINE           { $$ = ast_entry(ARENA, SP(@$), $1, ENTRY_ALWAYS, $2, NULL); }
  | STRING expr PER expr NEWLINE  { $$ = ast_entry(ARENA, SP(@$), $1, ENTRY_PER, $2, $4); }
  | STRING expr WHEN expr NEWLINE { $$ = ast_entry(ARENA, SP(@$), $1, ENTRY_WHEN, $2, $4); }
  | error NEWLINE                 { $$ = NULL; yyerrok; }
  ;

/* ---- the input schema ------------------------------------------------- */

fields:
    field                 { $$ = ast_list_of(ARENA, $1); }
  | fields field          { $$ = ast_list_add(ARENA, $1, $2); }
  ;

field:
    path label_opt COLON specs NEWLINE
                          { $$ = ast_field(ARENA, SP(@1), $1, $2, $4, AST_LIST_NONE); }
  | path label_opt COLON specs NEWLINE INDENT fields DEDENT
                          { $$ = ast_field(ARENA, SP(@1), $1, $2, $4, $7); }
  | error NEWLINE         { $$ = NULL; yyerrok; }
  ;

path:
    IDENT                 { $$ = ast_text(ARENA, AST_NAME, SP(@1), $1); }
  | path DOT IDENT        { $$ = ast_member(ARENA, SP(@$), $1, $3); }
  ;

specs:
    spec                  { $$ = ast_list_of(ARENA, $1); }
  | specs COMMA spec      { $$ = ast_list_add(ARENA, $1, $3); }
  ;

spec:
    IDENT                 { $$ = ast_spec_word(ARENA, SP(@$), SPEC_WORD, CTX($1), NULL); }
  | IDENT expr            { $$ = ast_spec_word(ARENA, SP(@$), SPEC_DEFAULT, CTX($1), $2); }
  | NOT IDENT             { $$ = ast_spec_word(ARENA, SP(@$), SPEC_NOT_EMPTY, CTX($2), NULL); }
  | ONE OF STRING         { $$ = ast_enum_value(ARENA, SP(@3), $3, NULL); }
  | ONE OF STRING STRING  { $$ = ast_enum_value(ARENA, SP(@3), $3, $4.text); }
  | STRING                { $$ = ast_enum_value(ARENA, SP(@1), $1, NULL); }
  | STRING STRING         { $$ = ast_enum_value(ARENA, SP(@1), $1, $2.text); }
  | LIST OF IDENT         { $$ = ast_spec_word(ARENA, SP(@$), SPEC_LIST_OF, CTX($3), NULL); }
  | AT LEAST expr         { $$ = ast_spec(ARENA, SP(@$), SPEC_AT_LEAST, $3, NULL); }
  | AT MOST expr          { $$ = ast_spec(ARENA, SP(@$), SPEC_AT_MOST, $3, NULL); }
  | AT MOST expr IDENT    { $$ = ast_spec_word(ARENA, SP(@$), SPEC_MAX_ENTRIES, CTX($4), $3); }
  | MORE THAN expr        { $$ = ast_spec(ARENA, SP(@$), SPEC_MORE_THAN, $3, NULL); }
  | LESS THAN expr        { $$ = ast_spec(ARENA, SP(@$), SPEC_LESS_THAN, $3, NULL); }
  | WITHIN expr DOTDOT expr { $$ = ast_spec(ARENA, SP(@$), SPEC_WITHIN, $2, $4); }
  ;

/* ---- expressions -------------------------------------------------------- */

expr:
    expr OR expr          { $$ = bin(pc, @$, OP_OR, $1, $3); }
  | expr AND expr         { $$ = bin(pc, @$, OP_AND, $1, $3); }
  | NOT expr              { $$ = ast_unary(ARENA, SP(@$), OP_NOT, $2); }
  | expr EQ expr          { $$ = bin(pc, @$, OP_EQ, $1, $3); }
  | expr NE expr          { $$ = bin(pc, @$, OP_NE, $1, $3); }
  | expr LT expr          { $$ = bin(pc, @$, OP_LT, $1, $3); }
  | expr LE expr          { $$ = bin(pc, @$, OP_LE, $1, $3); }
  | expr GT expr          { $$ = bin(pc, @$, OP_GT, $1, $3); }
  | expr GE expr          { $$ = bin(pc, @$, OP_GE, $1, $3); }
  | expr IN expr          { $$ = ast_node3(ARENA, AST_IN, SP(@$), $1, $3, NULL); }
  | expr PLUS expr        { $$ = bin(pc, @$, OP_ADD, $1, $3); }
  | expr MINUS expr       { $$ = bin(pc, @$, OP_SUB, $1, $3); }
  | expr STAR expr        { $$ = bin(pc, @$, OP_MUL, $1, $3); }
  | expr SLASH expr       { $$ = bin(pc, @$, OP_DIV, $1, $3); }
  | MINUS expr %prec UMINUS { $$ = ast_unary(ARENA, SP(@$), OP_NEG, $2); }
  | PLUS expr %prec UMINUS  { $$ = ast_unary(ARENA, SP(@$), OP_POS, $2); }
  | IF expr THEN expr ELSE expr %prec LOW_IF
                          { $$ = ast_node3(ARENA, AST_IF, SP(@$), $2, $4, $6); }
  | FIRST IN ROSTER FOR expr BY LPAREN exprs RPAREN
                          { $$ = ast_list_node(ARENA, AST_FIRST, SP(@$), $5, $8); }
  | postfix               { $$ = $1; }
  ;

postfix:
    primary               { $$ = $1; }
  | postfix DOT IDENT     { $$ = ast_member(ARENA, SP(@$), $1, $3); }
  | THIS DOT IDENT        { $$ = ast_node3(ARENA, AST_THIS, SP(@$), ast_text(ARENA, AST_NAME, SP(@3), $3), NULL, NULL); }
  | IDENT LPAREN RPAREN   { $$ = ast_call(ARENA, SP(@$), as_word($1, WORD_FUNCTION), AST_LIST_NONE); }
  | IDENT LPAREN args RPAREN { $$ = ast_call(ARENA, SP(@$), as_word($1, WORD_FUNCTION), $3); }
  ;

args:
    arg                   { $$ = ast_list_of(ARENA, $1); }
  | args COMMA arg        { $$ = ast_list_add(ARENA, $1, $3); }
  ;

arg:
    expr                        { $$ = $1; }
  | expr OVER expr              { $$ = ast_node3(ARENA, AST_COMPR, SP(@$), $1, $3, NULL); }
  | expr OVER expr WHERE expr   { $$ = ast_node3(ARENA, AST_COMPR, SP(@$), $1, $3, $5); }
  | expr WHERE expr             { $$ = ast_node3(ARENA, AST_COMPR, SP(@$), NULL, $1, $3); }
  | IDENT BY expr               { $$ = ast_named_arg(ARENA, SP(@1), CTX($1), $3); }
  ;

primary:
    NUMBER                { $$ = ast_number(ARENA, SP(@1), $1.num); }
  | STRING                { $$ = ast_text(ARENA, AST_STRING, SP(@1), $1); }
  | TRUE                  { $$ = refused(pc, @1) ? ast_new(ARENA, AST_ERROR, SP(@1)) : ast_bool(ARENA, SP(@1), true); }
  | FALSE                 { $$ = refused(pc, @1) ? ast_new(ARENA, AST_ERROR, SP(@1)) : ast_bool(ARENA, SP(@1), false); }
  | IDENT                 { $$ = ast_text(ARENA, AST_NAME, SP(@1), $1); }
  | EACH                  { $$ = ast_new(ARENA, refused(pc, @1) ? AST_ERROR : AST_EACH, SP(@1)); }
  | ROSTER                { $$ = ast_new(ARENA, refused(pc, @1) ? AST_ERROR : AST_ROSTER, SP(@1)); }
  | LPAREN expr RPAREN    { $$ = $2; }
  | LBRACK exprs_opt RBRACK { $$ = ast_list_node(ARENA, AST_LIST, SP(@$), NULL, $2); }
  | LBRACE fieldvals_opt RBRACE { $$ = ast_list_node(ARENA, AST_OBJECT, SP(@$), NULL, $2); }
  ;

exprs_opt:
    %empty                { $$ = AST_LIST_NONE; }
  | exprs                 { $$ = $1; }
  | exprs COMMA           { $$ = $1; }
  ;

exprs:
    expr                  { $$ = ast_list_of(ARENA, $1); }
  | exprs COMMA expr      { $$ = ast_list_add(ARENA, $1, $3); }
  ;

fieldvals_opt:
    %empty                { $$ = AST_LIST_NONE; }
  | fieldvals             { $$ = $1; }
  | fieldvals COMMA       { $$ = $1; }
  ;

fieldvals:
    fieldval              { $$ = ast_list_of(ARENA, $1); }
  | fieldvals COMMA fieldval { $$ = ast_list_add(ARENA, $1, $3); }
  ;

fieldval:
    IDENT COLON expr      { $$ = ast_fieldval(ARENA, SP(@1), $1, $3); }
  ;

%%

int kh_yylex(KH_YYSTYPE *lval, kh_loc *lloc, lex_state *lx)
{
    lex_token t;
    int kind = lex_next(lx, &t);
    *lloc = t.loc;
    if (kind == TOK_IDENT || kind == TOK_NUMBER || kind == TOK_STRING) {
        /* every token-valued symbol shares the lex_token member */
        lval->TOK_IDENT = t;
    }
    return kind;
}

_Static_assert(YYSYMBOL_IDENT + 255 == TOK_IDENT && YYSYMBOL_DOTDOT + 255 == TOK_DOTDOT && YYSYMBOL_CHAIN + 255 == TOK_CHAIN,
               "symbol kinds and token codes line up");

/* The token at loc as a reader would name it: "'then'", "the name 'calls'". */
static void describe_token(parse_ctx *pc, yysymbol_kind_t kind, const kh_loc *loc, char *buf, size_t cap)
{
    int code = kind == YYSYMBOL_YYEOF ? 0 : (int)kind + 255;
    uint32_t len = loc->end > loc->start ? loc->end - loc->start : 0;
    if (len > 40) len = 40;
    const char *text = pc->src->text + loc->start;
    if (code == TOK_NEWLINE && loc->start >= pc->src->len) snprintf(buf, cap, "%s", token_describe(0));
    else if (code == TOK_IDENT) snprintf(buf, cap, _("the name '%.*s'"), (int)len, text);
    else if (code == TOK_NUMBER) snprintf(buf, cap, _("the number %.*s"), (int)len, text);
    else if (code == TOK_STRING) snprintf(buf, cap, _("the text %.*s"), (int)len, text);
    else if (word_reserved(text, len)) snprintf(buf, cap, "'%.*s'", (int)len, text); /* as written: 其他, not 'otherwise' */
    else snprintf(buf, cap, "%s", token_describe(code));
}

/* Sums up what the parser expected: every way of starting a value is "a
 * value", a full set of operators is "an operator"; other tokens by name.
 * Writes "" when there are too many different things to list. */
static void describe_expected(const yypcontext_t *ctx, kh_surface surface, char *want, size_t cap)
{
    enum { MAXTOK = 96 };
    yysymbol_kind_t expected[MAXTOK];
    int n = yypcontext_expected_tokens(ctx, expected, MAXTOK);
    bool has[YYNTOKENS + 1];
    memset(has, 0, sizeof has);
    for (int i = 0; i < n; i++)
        if (expected[i] >= 0 && expected[i] < YYNTOKENS) has[expected[i]] = true;
    static const yysymbol_kind_t starters[] = {
        YYSYMBOL_NUMBER, YYSYMBOL_IDENT, YYSYMBOL_STRING, YYSYMBOL_LPAREN, YYSYMBOL_LBRACK,
        YYSYMBOL_LBRACE, YYSYMBOL_TRUE, YYSYMBOL_FALSE, YYSYMBOL_NOT, YYSYMBOL_IF, YYSYMBOL_EACH,
        YYSYMBOL_ROSTER, YYSYMBOL_FIRST, YYSYMBOL_THIS};
    static const yysymbol_kind_t operators[] = {
        YYSYMBOL_PLUS, YYSYMBOL_MINUS, YYSYMBOL_STAR, YYSYMBOL_SLASH, YYSYMBOL_EQ, YYSYMBOL_NE,
        YYSYMBOL_LT, YYSYMBOL_LE, YYSYMBOL_GT, YYSYMBOL_GE, YYSYMBOL_AND, YYSYMBOL_OR, YYSYMBOL_IN,
        YYSYMBOL_DOT};
    const char *items[MAXTOK];
    int nitems = 0;
    bool value = has[YYSYMBOL_NUMBER] && has[YYSYMBOL_IDENT] && has[YYSYMBOL_LPAREN];
    bool op = has[YYSYMBOL_STAR] && has[YYSYMBOL_SLASH] && has[YYSYMBOL_AND] && has[YYSYMBOL_OR];
    if (value) {
        items[nitems++] = _("a value");
        for (size_t i = 0; i < sizeof starters / sizeof *starters; i++) has[starters[i]] = false;
        has[YYSYMBOL_MINUS] = has[YYSYMBOL_PLUS] = false; /* signs start values too */
    }
    if (op) {
        items[nitems++] = _("an operator");
        for (size_t i = 0; i < sizeof operators / sizeof *operators; i++) has[operators[i]] = false;
    }
    for (int k = 0; k < YYNTOKENS; k++)
        if (has[k] && nitems < MAXTOK) items[nitems++] = token_describe_in(k == YYSYMBOL_YYEOF ? 0 : k + 255, surface);
    want[0] = '\0';
    if (n == 0 || nitems > 8) return;
    size_t len = 0;
    for (int i = 0; i < nitems && len < cap; i++) {
        const char *sep = i == 0 ? "" : i == nitems - 1 ? _(" or ") : _(", ");
        len += (size_t)snprintf(want + len, cap - len, "%s%s", sep, items[i]);
    }
}

/* A name spelled as a reserved word (其他 = 5, a field named 输入) is read
 * as the keyword: say so, and how to go on. */
static bool value_wanted(const yypcontext_t *ctx);
static void reserved_word_hint(const yypcontext_t *ctx, parse_ctx *pc, int k, const kh_loc *loc)
{
    if (value_wanted(ctx)) return; /* `and and`: not a name that was wanted */
    uint32_t len = loc->end - loc->start;
    const char *text = pc->src->text + loc->start;
    const kh_word *w = loc->end > loc->start ? word_reserved(text, len) : NULL;
    if (!w) return;
    bool zh = (unsigned char)text[0] >= 0x80;
    if (zh)
        diag_hint(pc->diags, k,
                  "'%.*s' is a reserved word (the Chinese keyword '%s'), so it cannot be a name: if you meant a name, "
                  "choose another (a longer word, or '%.*s_1')",
                  (int)len, text, w->en, (int)len, text);
    else
        diag_hint(pc->diags, k,
                  "'%.*s' is a reserved word, so it cannot be a name: if you meant a name, choose another (such as "
                  "'%.*s_1')",
                  (int)len, text, (int)len, text);
}

/* A keyword where a name was wanted (a field called `first` or `list`):
 * says it is a reserved word and how to get by.  Returns whether it did. */
static bool token_expected(const yypcontext_t *ctx, yysymbol_kind_t sym)
{
    enum { MAXTOK = 96 };
    yysymbol_kind_t expected[MAXTOK];
    int n = yypcontext_expected_tokens(ctx, expected, MAXTOK);
    for (int i = 0; i < n; i++)
        if (expected[i] == sym) return true;
    return false;
}

/* A value could start here (a number is expected): a keyword found is not a
 * name that was meant. */
static bool value_wanted(const yypcontext_t *ctx)
{
    return token_expected(ctx, YYSYMBOL_NUMBER);
}

static bool reserved_word_as_name(const yypcontext_t *ctx, parse_ctx *pc, const kh_loc *loc)
{
    if (value_wanted(ctx)) return false; /* `and and`: not a name that was wanted */
    bool name_wanted = token_expected(ctx, YYSYMBOL_IDENT);
    const char *text = pc->src->text + loc->start;
    uint32_t len = loc->end - loc->start;
    if (!name_wanted || len == 0 || !word_reserved(text, len)) return false;
    lex_refuse_name(pc->lx, loc->start, loc->end, false);
    return true;
}

/* `roster = …`, `table = …`: a word that starts a declaration, alone at the
 * start of a line, then '=': a definition named with a reserved word.  Says
 * so, at the word (not "expected 'by'"), and remembers it. */
static bool reserved_word_defined(parse_ctx *pc, const kh_loc *loc)
{
    const char *t = pc->src->text;
    uint32_t end = loc->start, start;
    while (end > 0 && (t[end - 1] == ' ' || t[end - 1] == '\t')) end--;
    for (start = end; start > 0 && t[start - 1] != '\n';) start--;
    if (start == end || !word_reserved(t + start, end - start)) return false;
    lex_refuse_name(pc->lx, start, end, false);
    return true;
}

static int yyreport_syntax_error(const yypcontext_t *ctx, lex_state *lx, parse_ctx *pc)
{
    yysymbol_kind_t got = yypcontext_token(ctx);
    const kh_loc *loc = yypcontext_location(ctx);
    if (got == YYSYMBOL_INVALID) return 0; /* the scanner has reported it */
    if (lx->unclosed_said) { /* follows from the bracket the scanner named */
        lx->unclosed_said = false;
        return 0;
    }
    /* one mistake, one message: not again where the scanner has just
     * reported one on the same line, nor at the end of a block whose
     * indentation was wrong */
    const diag_list *d = pc->diags;
    if (d->n > 0 && d->items[d->n - 1].level == DIAG_ERROR && d->items[d->n - 1].at.src == pc->src) {
        int line1, line2, col;
        source_position(pc->src, d->items[d->n - 1].at.start, &line1, &col);
        source_position(pc->src, loc->start, &line2, &col);
        if (line1 == line2) return 0;
    }
    if (lx->brackets > 0) { /* a line starting at its beginning inside a bracket: it was never closed */
        int bline, gline, bcol, gcol;
        int i = lx->brackets <= LEX_MAX_INDENT ? lx->brackets - 1 : LEX_MAX_INDENT - 1;
        source_position(pc->src, lx->opened[i], &bline, &bcol);
        source_position(pc->src, loc->start, &gline, &gcol);
        if (gline > bline && gcol == 1) {
            lex_unclosed_bracket(lx);
            lx->unclosed_said = false;
            return 0;
        }
    }
    if (got == YYSYMBOL_DEDENT && pc->indent_errors > 0) {
        pc->indent_errors--;
        return 0;
    }
    span at = {pc->src, loc->start, loc->end};
    if (got == YYSYMBOL_INDENT && d->n > 0 && d->items[d->n - 1].level == DIAG_ERROR && d->items[d->n - 1].at.src == pc->src) {
        int line1, line2, col; /* the block of a line that did not parse: nothing more to say */
        source_position(pc->src, d->items[d->n - 1].at.start, &line1, &col);
        source_position(pc->src, loc->start, &line2, &col);
        if (line1 + 1 == line2) {
            pc->indent_errors++;
            return 0;
        }
    }
    if (got == YYSYMBOL_INDENT) {
        pc->indent_errors++;
        diag_error(pc->diags, at, "this line is indented, but the line before it does not open a block (with ':')");
        return 0;
    }
    if (got == YYSYMBOL_NEWLINE) lx->skip_block = true; /* the line is incomplete: its block goes with it */
    /* a use of a name refused as a reserved word (at it, or just after it):
     * said once, where it was defined */
    if (lex_refused(lx, loc->start, loc->end) || lex_refused_before(lx, loc->start)) return 0;
    if (got == YYSYMBOL_EQ && reserved_word_defined(pc, loc)) return 0;
    if (reserved_word_as_name(ctx, pc, loc)) return 0;
    char want[512];
    describe_expected(ctx, lx->words_zh > lx->words_en ? SURFACE_ZH : SURFACE_EN, want, sizeof want);
    char gotname[128];
    describe_token(pc, got, loc, gotname, sizeof gotname);
    int k;
    if (want[0])
        k = diag_error(pc->diags, at, "expected %s, but found %s", want, gotname);
    else
        k = diag_error(pc->diags, at, "%s is not expected here", gotname);
    reserved_word_hint(ctx, pc, k, loc);
    return 0;
}
