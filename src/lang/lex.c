/*
 * lex.c — the layout pass between the raw scanner and the parser.
 *
 * Turns line breaks into NEWLINE, indentation into INDENT/DEDENT (as Python
 * does), ignores line breaks inside brackets, joins a line to the next when
 * it ends in an operator (or the next starts with and/or/then/else), and
 * maps identifiers to keywords using the one keyword table below.
 */
#include "lex.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "parser.h"
#include "lexer.h"

int kh_raw_scan(void *yyscanner);

/* ---- keywords: the one table (sorted by word; binary searched) ---------- */

typedef struct keyword {
    const char *word;
    int token;
    const char *quoted; /* for messages */
} keyword;

#define KW(w, tok) {w, tok, "'" w "'"}
static const keyword keywords[] = {
    KW("above", TOK_ABOVE),
    KW("and", TOK_AND),
    KW("at", TOK_AT),
    KW("below", TOK_BELOW),
    KW("by", TOK_BY),
    KW("chain", TOK_CHAIN),
    KW("check", TOK_CHECK),
    KW("each", TOK_EACH),
    KW("else", TOK_ELSE),
    KW("false", TOK_FALSE),
    KW("first", TOK_FIRST),
    KW("for", TOK_FOR),
    KW("from", TOK_FROM),
    KW("if", TOK_IF),
    KW("in", TOK_IN),
    KW("include", TOK_INCLUDE),
    KW("input", TOK_INPUT),
    KW("least", TOK_LEAST),
    KW("ledger", TOK_LEDGER),
    KW("less", TOK_LESS),
    KW("list", TOK_LIST),
    KW("more", TOK_MORE),
    KW("most", TOK_MOST),
    KW("not", TOK_NOT),
    KW("of", TOK_OF),
    KW("one", TOK_ONE),
    KW("or", TOK_OR),
    KW("otherwise", TOK_OTHERWISE),
    KW("output", TOK_OUTPUT),
    KW("over", TOK_OVER),
    KW("param", TOK_PARAM),
    KW("per", TOK_PER),
    KW("policy", TOK_POLICY),
    KW("roster", TOK_ROSTER),
    KW("table", TOK_TABLE),
    KW("than", TOK_THAN),
    KW("then", TOK_THEN),
    KW("this", TOK_THIS),
    KW("tier", TOK_TIER),
    KW("true", TOK_TRUE),
    KW("until", TOK_UNTIL),
    KW("when", TOK_WHEN),
    KW("where", TOK_WHERE),
    KW("within", TOK_WITHIN),
};
#undef KW

int keyword_lookup(const char *word, uint32_t len)
{
    int lo = 0, hi = (int)(sizeof keywords / sizeof keywords[0]) - 1;
    while (lo <= hi) {
        int mid = (lo + hi) / 2;
        const char *k = keywords[mid].word;
        int c = strncmp(word, k, len);
        if (c == 0 && k[len] != '\0') c = -1;
        if (c == 0) return keywords[mid].token;
        if (c < 0) hi = mid - 1;
        else lo = mid + 1;
    }
    return 0;
}

typedef struct token_name {
    int token;
    const char *text;
} token_name;

static const token_name token_names[] = {
    {0, "the end of the file"},
    {TOK_IDENT, "a name"},
    {TOK_NUMBER, "a number"},
    {TOK_STRING, "a text in quotes"},
    {TOK_NEWLINE, "the end of the line"},
    {TOK_INDENT, "indentation"},
    {TOK_DEDENT, "the end of the indented block"},
    {TOK_INVALID, "an invalid character"},
    {TOK_ARROW, "'->'"}, {TOK_EQ, "'='"}, {TOK_NE, "'!='"}, {TOK_LE, "'<='"}, {TOK_GE, "'>='"},
    {TOK_LT, "'<'"}, {TOK_GT, "'>'"}, {TOK_PLUS, "'+'"}, {TOK_MINUS, "'-'"}, {TOK_STAR, "'*'"},
    {TOK_SLASH, "'/'"}, {TOK_LPAREN, "'('"}, {TOK_RPAREN, "')'"}, {TOK_LBRACK, "'['"},
    {TOK_RBRACK, "']'"}, {TOK_LBRACE, "'{'"}, {TOK_RBRACE, "'}'"}, {TOK_COMMA, "','"},
    {TOK_COLON, "':'"}, {TOK_DOT, "'.'"}, {TOK_DOTDOT, "'..'"},
};

const char *keyword_word(int kind)
{
    for (size_t i = 0; i < sizeof keywords / sizeof keywords[0]; i++)
        if (keywords[i].token == kind) return keywords[i].word;
    return "?";
}

const char *token_describe(int kind)
{
    for (size_t i = 0; i < sizeof token_names / sizeof token_names[0]; i++)
        if (token_names[i].token == kind) return token_names[i].text;
    for (size_t i = 0; i < sizeof keywords / sizeof keywords[0]; i++)
        if (keywords[i].token == kind) return keywords[i].quoted;
    return "a token";
}

/* ---- errors ------------------------------------------------------------- */

void lex_error(lex_state *lx, uint32_t start, uint32_t end, const char *fmt, ...)
{
    char msg[512];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    span at = {lx->src, start, end};
    diag_error(lx->diags, at, "%s", msg);
    lx->errors++;
}

/* ---- set-up ------------------------------------------------------------- */

bool lex_init(lex_state *lx, const source *src, arena *a, diag_list *diags)
{
    memset(lx, 0, sizeof *lx);
    lx->src = src;
    lx->arena = a;
    lx->diags = diags;
    lx->indents[0] = 0;
    lx->depth = 1;
    lx->last_kind = TOK_NEWLINE;
    yyscan_t sc;
    if (kh_rawlex_init_extra(lx, &sc) != 0) return false;
    lx->scanner = sc;
    kh_raw_scan_bytes(src->text, (int)src->len, sc);
    return true;
}

void lex_destroy(lex_state *lx)
{
    if (lx->scanner) kh_rawlex_destroy(lx->scanner);
    lx->scanner = NULL;
}

/* ---- the layout pass ---------------------------------------------------- */

static lex_token raw_next(lex_state *lx)
{
    if (lx->raw_pushed) {
        lx->raw_pushed = false;
        return lx->pushed;
    }
    lx->raw.text = NULL;
    lx->raw.text_len = 0;
    lx->raw.indent = 0;
    lx->raw.fullwidth_at = 0;
    int kind = kh_raw_scan(lx->scanner);
    lex_token t = lx->raw;
    t.kind = kind;
    if (kind == 0) t.loc.start = t.loc.end = (uint32_t)lx->src->len;
    return t;
}

static void raw_push_back(lex_state *lx, lex_token t)
{
    lx->pushed = t;
    lx->raw_pushed = true;
}

/* A line that ends in one of these goes on on the next line. */
static bool continues_line(int kind)
{
    switch (kind) {
    case TOK_AND: case TOK_OR: case TOK_NOT: case TOK_PLUS: case TOK_MINUS: case TOK_STAR:
    case TOK_SLASH: case TOK_EQ: case TOK_NE: case TOK_LT: case TOK_LE: case TOK_GT: case TOK_GE:
    case TOK_IN: case TOK_COMMA: case TOK_ARROW: case TOK_IF: case TOK_THEN: case TOK_ELSE:
    case TOK_WHERE: case TOK_OVER: case TOK_BY: case TOK_FOR: case TOK_DOT: case TOK_DOTDOT:
        return true;
    default:
        return false;
    }
}

/* A line that starts with one of these continues the line before. */
static bool continues_previous(int kind)
{
    return kind == TOK_AND || kind == TOK_OR || kind == TOK_THEN || kind == TOK_ELSE;
}

static void enqueue(lex_state *lx, lex_token t)
{
    if (lx->qlen < LEX_LOOKAHEAD) lx->queue[(lx->qhead + lx->qlen++) % LEX_LOOKAHEAD] = t;
}

static lex_token synth(int kind, uint32_t at)
{
    lex_token t;
    memset(&t, 0, sizeof t);
    t.kind = kind;
    t.loc.start = t.loc.end = at;
    return t;
}

static void map_keyword(lex_state *lx, lex_token *t, int prev_kind)
{
    if (t->kind != TOK_IDENT || prev_kind == TOK_DOT) return;
    int k = keyword_lookup(t->text, t->text_len);
    if (k) t->kind = k;
}

/* A full-width space (U+3000) in a line's indentation: its width is not
 * that of one space, so the block it would open or close is a guess. */
static void fullwidth_indent_error(lex_state *lx, uint32_t at)
{
    lex_error(lx, at, at + 3, "a full-width space (U+3000) in the indentation: indent with ordinary spaces");
}

/* Queues the DEDENTs/INDENT for a line whose first token is `first`, indented
 * by `indent`. */
static void queue_indentation(lex_state *lx, int indent, const lex_token *first)
{
    int cur = lx->indents[lx->depth - 1];
    if (indent > cur) {
        if (lx->depth == LEX_MAX_INDENT) {
            lex_error(lx, first->loc.start, first->loc.end, "blocks are nested too deeply (at most %d levels)",
                      LEX_MAX_INDENT - 1);
            return;
        }
        lx->indents[lx->depth++] = indent;
        enqueue(lx, synth(TOK_INDENT, first->loc.start));
        return;
    }
    while (indent < lx->indents[lx->depth - 1]) {
        lx->depth--;
        enqueue(lx, synth(TOK_DEDENT, first->loc.start));
        if (lx->qlen >= LEX_LOOKAHEAD - 2) break;
    }
    if (indent != lx->indents[lx->depth - 1])
        lex_error(lx, first->loc.start, first->loc.end,
                  "this line's indentation does not line up with any line above it");
}

static void queue_end(lex_state *lx)
{
    uint32_t end = (uint32_t)lx->src->len;
    if (lx->last_kind != TOK_NEWLINE && lx->last_kind != TOK_DEDENT) enqueue(lx, synth(TOK_NEWLINE, end));
    while (lx->depth > 1) {
        lx->depth--;
        enqueue(lx, synth(TOK_DEDENT, end));
    }
    enqueue(lx, synth(0, end));
}

static int deliver(lex_state *lx, lex_token *out)
{
    *out = lx->queue[lx->qhead];
    lx->qhead = (lx->qhead + 1) % LEX_LOOKAHEAD;
    lx->qlen--;
    switch (out->kind) {
    case TOK_LPAREN: case TOK_LBRACK: case TOK_LBRACE: lx->brackets++; break;
    case TOK_RPAREN: case TOK_RBRACK: case TOK_RBRACE: if (lx->brackets > 0) lx->brackets--; break;
    default: break;
    }
    lx->last_kind = out->kind;
    return out->kind;
}

/* Indentation of the line holding byte offset `at` (tabs to multiples of
 * 8; a full-width space counts 2). */
static int line_indent(const source *s, uint32_t at)
{
    uint32_t i = at;
    while (i > 0 && s->text[i - 1] != '\n') i--;
    int w = 0;
    for (; i < at; i++) {
        if (s->text[i] == '\t') w = (w / 8 + 1) * 8;
        else if (s->text[i] == ' ') w++;
        else if (i + 3 <= at && memcmp(s->text + i, "\xE3\x80\x80", 3) == 0) {
            w += 2;
            i += 2;
        } else break;
    }
    return w;
}

int lex_next(lex_state *lx, lex_token *out)
{
    while (lx->qlen == 0) {
        lex_token t = raw_next(lx);
        map_keyword(lx, &t, lx->last_kind);
        if (!lx->started) {
            lx->started = true;
            while (t.kind == TOK_NEWLINE) {
                t = raw_next(lx);
                map_keyword(lx, &t, TOK_NEWLINE);
            }
            if (t.kind != 0 && line_indent(lx->src, t.loc.start) > 0)
                lex_error(lx, t.loc.start, t.loc.end, "the first line of a policy must not be indented");
        }
        if (t.kind == 0) {
            queue_end(lx);
            break;
        }
        if (t.kind != TOK_NEWLINE) {
            enqueue(lx, t);
            break;
        }
        if (lx->brackets > 0) continue; /* line breaks inside brackets are spaces */
        int indent = t.indent;
        uint32_t fullwidth_at = t.fullwidth_at;
        lex_token nl = t, next = raw_next(lx);
        while (next.kind == TOK_NEWLINE) {
            indent = next.indent;
            fullwidth_at = next.fullwidth_at;
            next = raw_next(lx);
        }
        lex_token unmapped = next;
        map_keyword(lx, &next, TOK_NEWLINE);
        if (next.kind == 0 && !continues_line(lx->last_kind)) {
            /* the last line ends here, not at the end of the file */
            raw_push_back(lx, unmapped);
            enqueue(lx, synth(TOK_NEWLINE, nl.loc.start));
            break;
        }
        if (next.kind == 0 || continues_line(lx->last_kind) || continues_previous(next.kind)) {
            raw_push_back(lx, unmapped); /* mapped again, after the right token */
            continue;
        }
        enqueue(lx, synth(TOK_NEWLINE, nl.loc.start));
        if (fullwidth_at) fullwidth_indent_error(lx, fullwidth_at - 1);
        queue_indentation(lx, indent, &next);
        enqueue(lx, next);
    }
    return deliver(lx, out);
}
