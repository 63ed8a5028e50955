/*
 * fmt.c — `kaohe fmt`: a policy in one canonical layout.
 *
 * The syntax tree is printed again: four spaces per block level, single
 * spaces around operators, the arrows of tier rows and when branches and the
 * amounts of ledger entries aligned by display width (a Chinese character
 * is two columns), long definitions broken before `and` / `or`.  Comments
 * are kept where they were: a comment on its own line stays before the line
 * that followed it, a comment after code stays at the end of that line.
 * Blank lines between lines are kept (at most one).  Formatting formatted
 * text changes nothing.  Keywords are written in one surface: the one the
 * policy mostly uses, or the one asked for (`fmt --lang zh|en`, which also
 * writes the unit words of numbers in it); names, texts and comments are
 * never changed, so converting there and back gives the same bytes.
 */
#include "fmt.h"

#include <stdlib.h>
#include <string.h>

#include "dates.h"
#include "parse.h"
#include "parser.h"
#include "program.h"
#include "mem.h"
#include "vec.h"

#define WIDTH 100

/* How code is written: the surface of its keywords, and whether the unit
 * words of numbers are written in it too (200 yuan / 200元; when a policy
 * is converted) or as they are. */
typedef struct fmt_style {
    kh_surface lang;
    bool units;
} fmt_style;

/* One printed line. */
typedef struct fline {
    buf text;
    int indent;
    uint32_t first, last;  /* source offsets of what it prints (first token, end of last) */
    bool has_pos;
    int group;             /* lines of one block share a group (for aligning comments) */
    char *comment;         /* trailing comment, if any */
} fline;

typedef struct comment {
    uint32_t start, end;
    bool own_line;         /* alone on its line */
    bool placed;
} comment;

typedef struct fmtr {
    int next_group;        /* the next block's group number */
    const source *src;
    fline *lines;
    int n, cap;
    int cur;               /* index of the line being written */
    comment *comments;
    int ncomments;
    int group;
    fmt_style st;
} fmtr;

#define LANG (f->st)

/* ---- comments in the source --------------------------------------------- */

/* The comments the scanner read, each not yet placed. */
static void take_comments(fmtr *f, const lex_comments *read)
{
    f->ncomments = read->n;
    f->comments = mem_calloc((size_t)read->n + 1, sizeof *f->comments);
    for (int i = 0; i < read->n; i++)
        f->comments[i] = (comment){read->v[i].at.start, read->v[i].at.end, read->v[i].own_line, false};
}

/* ---- lines ------------------------------------------------------------ */

static void newline(fmtr *f, int indent)
{
    VEC_RESERVE(f->lines, f->n + 1, f->cap);
    fline *l = &f->lines[f->n];
    memset(l, 0, sizeof *l);
    l->indent = indent;
    l->group = f->group;
    f->cur = f->n++;
}

static fline *cur(fmtr *f) { return &f->lines[f->cur]; }

static void emit(fmtr *f, const char *s) { buf_puts(&cur(f)->text, s); }

/* A keyword in the surface being written, between `before` and `after`. */
static void kw(fmtr *f, int tok, const char *before, const char *after)
{
    emit(f, before);
    emit(f, keyword_spelling(tok, 0, f->st.lang));
    emit(f, after);
}

static void touch(fmtr *f, const ast *e)
{
    if (!e || e->at.src != f->src) return;
    fline *l = cur(f);
    if (!l->has_pos || e->at.start < l->first) l->first = e->at.start;
    if (!l->has_pos || e->at.end > l->last) l->last = e->at.end;
    l->has_pos = true;
}

static int text_width(const char *s) { return utf8_display_width(s, strlen(s)); }

/* ---- expressions on one line ----------------------------------------------- */

enum { PREC_IF = 1, PREC_OR, PREC_AND, PREC_NOT, PREC_CMP, PREC_ADD, PREC_MUL, PREC_UNARY, PREC_ATOM };

static int prec_of(const ast *e)
{
    switch ((ast_kind)e->kind) {
    case AST_IF: return PREC_IF;
    case AST_UNARY: return e->op == OP_NOT ? PREC_NOT : PREC_UNARY;
    case AST_IN: return PREC_CMP;
    case AST_BINARY:
        switch ((ast_op)e->op) {
        case OP_OR: return PREC_OR;
        case OP_AND: return PREC_AND;
        case OP_ADD: case OP_SUB: return PREC_ADD;
        case OP_MUL: case OP_DIV: return PREC_MUL;
        default: return PREC_CMP;
        }
    default: return PREC_ATOM;
    }
}

static void put_string(buf *b, const char *s, uint32_t len)
{
    buf_putc(b, '"');
    for (uint32_t i = 0; i < len; i++) {
        char c = s[i];
        if (c == '"' || c == '\\') { buf_putc(b, '\\'); buf_putc(b, c); }
        else if (c == '\n') buf_puts(b, "\\n");
        else if (c == '\t') buf_puts(b, "\\t");
        else buf_putc(b, c);
    }
    buf_putc(b, '"');
}

/* The literal as written, with runs of spaces collapsed ("200  yuan").  A
 * unit word after a space is the surface's when converting (200 yuan and
 * 200 元, 3 points and 3 分); one joined to its number (200元, 3分, and
 * ¥200, 8%) is the same in both surfaces, but an English word is written
 * after a space (200yuan is 200 yuan), so converting there and back gives
 * the same text. */
static void put_number(fmt_style s, buf *b, const ast *e)
{
    const char *t = e->at.src->text + e->at.start;
    uint32_t n = e->at.end - e->at.start;
    if (e->num.unit_word != UNIT_WORD_AS_IS) {
        const char *unit = e->num.unit == UNIT_MONEY ? "yuan" : "points";
        bool english = e->num.unit_word == UNIT_WORD_EN;
        const char *word = s.units ? word_spelling(unit, WORD_UNIT, s.lang)
                                   : english ? unit : word_spelling(unit, WORD_UNIT, SURFACE_ZH);
        buf_printf(b, "%.*s %s", (int)e->num.numeral_len, t, word);
        return;
    }
    bool space = false;
    for (uint32_t i = 0; i < n; i++) {
        if (t[i] == ' ' || t[i] == '\t') { space = true; continue; }
        if (space) buf_putc(b, ' ');
        space = false;
        buf_putc(b, t[i]);
    }
}

static void print_expr(fmt_style s, buf *b, const ast *e, int ctx);

static void print_args(fmt_style s, buf *b, const ast_list *l)
{
    for (int i = 0; i < l->n; i++) {
        if (i) buf_puts(b, ", ");
        print_expr(s, b, l->v[i], PREC_IF);
    }
}

static void print_binary(fmt_style s, buf *b, const ast *e, int p)
{
    int lc = p, rc = p + 1;
    if (p == PREC_CMP) lc = PREC_CMP + 1;
    /* `and` inside `or` is bracketed for the reader, though it binds tighter */
    bool lpar = e->op == OP_OR && e->a->kind == AST_BINARY && e->a->op == OP_AND;
    bool rpar = e->op == OP_OR && e->b->kind == AST_BINARY && e->b->op == OP_AND;
    if (lpar) buf_putc(b, '(');
    print_expr(s, b, e->a, lpar ? PREC_IF : lc);
    if (lpar) buf_putc(b, ')');
    if (e->op == OP_AND || e->op == OP_OR) buf_printf(b, " %s ", keyword_spelling(e->op == OP_AND ? TOK_AND : TOK_OR, 0, s.lang));
    else buf_printf(b, " %s ", ast_op_text((ast_op)e->op));
    if (rpar) buf_putc(b, '(');
    print_expr(s, b, e->b, rpar ? PREC_IF : rc);
    if (rpar) buf_putc(b, ')');
}

static void print_expr(fmt_style s, buf *b, const ast *e, int ctx)
{
    int p = prec_of(e);
    bool par = p < ctx;
    if (par) buf_putc(b, '(');
    switch ((ast_kind)e->kind) {
    case AST_NUMBER: put_number(s, b, e); break;
    case AST_STRING: put_string(b, e->str, e->str_len); break;
    case AST_BOOL: buf_puts(b, keyword_spelling(e->op ? TOK_TRUE : TOK_FALSE, 0, s.lang)); break;
    case AST_NAME: buf_puts(b, e->str); break;
    case AST_EACH: buf_puts(b, keyword_spelling(TOK_EACH, 0, s.lang)); break;
    case AST_ROSTER: buf_puts(b, keyword_spelling(TOK_ROSTER, 0, s.lang)); break;
    case AST_THIS:
        buf_puts(b, keyword_spelling(TOK_THIS, 0, s.lang));
        buf_putc(b, '.');
        print_expr(s, b, e->a, PREC_ATOM);
        break;
    case AST_MEMBER:
        print_expr(s, b, e->a, PREC_ATOM);
        buf_putc(b, '.');
        buf_puts(b, e->str);
        break;
    case AST_UNARY:
        if (e->op == OP_NOT) {
            buf_printf(b, "%s ", keyword_spelling(TOK_NOT, 0, s.lang));
            print_expr(s, b, e->a, PREC_NOT);
        } else {
            buf_puts(b, e->op == OP_NEG ? "-" : "+");
            print_expr(s, b, e->a, PREC_UNARY);
        }
        break;
    case AST_BINARY:
        if (bare_date_written(e)) buf_put(b, e->at.src->text + e->at.start, e->at.end - e->at.start); /* its warning stays */
        else print_binary(s, b, e, p);
        break;
    case AST_IN:
        print_expr(s, b, e->a, PREC_CMP + 1);
        buf_printf(b, " %s ", keyword_spelling(TOK_IN, 0, s.lang));
        print_expr(s, b, e->b, PREC_CMP + 1);
        break;
    case AST_IF:
        buf_printf(b, "%s ", keyword_spelling(TOK_IF, 0, s.lang));
        print_expr(s, b, e->a, PREC_IF);
        buf_printf(b, " %s ", keyword_spelling(TOK_THEN, 0, s.lang));
        print_expr(s, b, e->b, PREC_IF);
        buf_printf(b, " %s ", keyword_spelling(TOK_ELSE, 0, s.lang));
        print_expr(s, b, e->c, PREC_IF);
        break;
    case AST_CALL:
        buf_puts(b, word_spelling(e->str, WORD_FUNCTION, s.lang));
        buf_putc(b, '(');
        print_args(s, b, &e->list);
        buf_putc(b, ')');
        break;
    case AST_COMPR:
        if (e->a) {
            print_expr(s, b, e->a, PREC_OR);
            buf_printf(b, " %s ", keyword_spelling(TOK_OVER, 0, s.lang));
        }
        print_expr(s, b, e->b, PREC_OR);
        if (e->c) {
            buf_printf(b, " %s ", keyword_spelling(TOK_WHERE, 0, s.lang));
            print_expr(s, b, e->c, PREC_IF);
        }
        break;
    case AST_NAMED:
        buf_printf(b, "%s %s ", word_spelling(e->str, WORD_CONTEXT, s.lang), keyword_spelling(TOK_BY, 0, s.lang));
        print_expr(s, b, e->a, PREC_OR);
        break;
    case AST_LIST:
        buf_putc(b, '[');
        print_args(s, b, &e->list);
        buf_putc(b, ']');
        break;
    case AST_OBJECT:
        buf_putc(b, '{');
        for (int i = 0; i < e->list.n; i++) {
            buf_printf(b, "%s%s: ", i ? ", " : "", e->list.v[i]->str);
            print_expr(s, b, e->list.v[i]->a, PREC_IF);
        }
        buf_putc(b, '}');
        break;
    case AST_FIRST:
        buf_printf(b, "%s %s %s %s ", keyword_spelling(TOK_FIRST, 0, s.lang), keyword_spelling(TOK_IN, 0, s.lang),
                   keyword_spelling(TOK_ROSTER, 0, s.lang), keyword_spelling(TOK_FOR, 0, s.lang));
        print_expr(s, b, e->a, PREC_OR);
        buf_printf(b, " %s (", keyword_spelling(TOK_BY, 0, s.lang));
        print_args(s, b, &e->list);
        buf_putc(b, ')');
        break;
    default:
        buf_puts(b, "?");
        break;
    }
    if (par) buf_putc(b, ')');
}

static char *expr_text(fmt_style s, const ast *e, int ctx)
{
    buf b = {0};
    print_expr(s, &b, e, ctx);
    return b.data ? b.data : mem_strdup("");
}

/* ---- expressions over several lines ------------------------------------ */

/* Comments (own-line or trailing) inside [start, end). */
static bool has_comments(const fmtr *f, uint32_t start, uint32_t end)
{
    for (int i = 0; i < f->ncomments; i++)
        if (f->comments[i].start > start && f->comments[i].start < end) return true;
    return false;
}

/* Flattens a chain of the same and/or into its operands (out: NULL to
 * count them). */
static void chain(const ast *e, int op, const ast **out, int *n)
{
    if (e->kind == AST_BINARY && e->op == op) {
        chain(e->a, op, out, n);
        chain(e->b, op, out, n);
    } else {
        if (out) out[*n] = e;
        (*n)++;
    }
}

static void put_expr(fmtr *f, const ast *e, int ctx, int indent);

/* a and b and c, one operand per line after the first. */
static void put_chain(fmtr *f, const ast *e, int indent)
{
    int n = 0;
    chain(e, e->op, NULL, &n);
    const ast **ops = mem_alloc((size_t)n * sizeof *ops);
    n = 0;
    chain(e, e->op, ops, &n);
    const char *word = keyword_spelling(e->op == OP_AND ? TOK_AND : TOK_OR, 0, LANG.lang);
    for (int i = 0; i < n; i++) {
        if (i) {
            newline(f, indent);
            emit(f, word);
            emit(f, " ");
        }
        bool par = e->op == OP_OR && ops[i]->kind == AST_BINARY && ops[i]->op == OP_AND;
        int ctx = e->op == OP_AND ? PREC_AND + 1 : PREC_OR + 1;
        if (par) ctx = PREC_IF;
        const ast *o = ops[i];
        bool sub_or = e->op == OP_AND && o->kind == AST_BINARY && o->op == OP_OR;
        char *one = sub_or ? expr_text(LANG, o, PREC_IF) : NULL;
        bool too_long = one && (has_comments(f, o->at.start, o->at.end) ||
                                cur(f)->indent + text_width(cur(f)->text.data ? cur(f)->text.data : "") + text_width(one) + 2 > WIDTH);
        mem_free(one);
        if (too_long) {
            /* a long (x or y) inside an and-chain: break inside the brackets */
            emit(f, "(");
            put_chain(f, o, indent + 4);
            emit(f, ")");
            touch(f, o);
            continue;
        }
        if (par) emit(f, "(");
        put_expr(f, o, ctx, indent);
        if (par) emit(f, ")");
    }
    mem_free(ops);
}

/* Prints e into the current line, breaking it over lines when it is too
 * long or holds comments. */
static void put_expr(fmtr *f, const ast *e, int ctx, int indent)
{
    char *one = expr_text(LANG, e, ctx);
    fline *l = cur(f);
    int used = l->indent + text_width(l->text.data ? l->text.data : "");
    bool fits = used + text_width(one) <= WIDTH && !has_comments(f, e->at.start, e->at.end);
    if (fits || prec_of(e) < ctx) {
        emit(f, one);
        touch(f, e);
        mem_free(one);
        return;
    }
    mem_free(one);
    if (e->kind == AST_BINARY && (e->op == OP_AND || e->op == OP_OR)) {
        put_chain(f, e, indent);
        return;
    }
    if (e->kind == AST_IF) {
        kw(f, TOK_IF, "", " ");
        put_expr(f, e->a, PREC_IF, indent + 4);
        kw(f, TOK_THEN, " ", " ");
        put_expr(f, e->b, PREC_IF, indent + 4);
        newline(f, indent);
        kw(f, TOK_ELSE, "", " ");
        put_expr(f, e->c, PREC_IF, indent + 4);
        return;
    }
    if (e->kind == AST_OBJECT) {
        int base = cur(f)->indent;
        emit(f, "{");
        touch(f, e);
        for (int i = 0; i < e->list.n; i++) {
            const ast *fv = e->list.v[i];
            newline(f, base + 4);
            emit(f, fv->str);
            emit(f, ": ");
            touch(f, fv);
            put_expr(f, fv->a, PREC_IF, base + 8);
            emit(f, ",");
        }
        newline(f, base);
        emit(f, "}");
        cur(f)->first = cur(f)->last = e->at.end;
        cur(f)->has_pos = true;
        return;
    }
    char *s = expr_text(LANG, e, ctx);
    emit(f, s);
    touch(f, e);
    mem_free(s);
}

/* ---- declarations ------------------------------------------------------- */

static char *spec_text(fmt_style lang, const ast *s);

static void put_label_type(fmtr *f, const ast *d)
{
    if (d->label) {
        emit(f, " ");
        buf b = {0};
        put_string(&b, d->label, (uint32_t)strlen(d->label));
        emit(f, b.data);
        buf_free(&b);
    }
    if (d->b && d->b->op == TYPE_ONE_OF) {
        /* : one of "a" "甲", "b" */
        emit(f, ": ");
        emit(f, keyword_spelling(TOK_ONE, TOK_OF, LANG.lang));
        for (int i = 0; i < d->b->list.n; i++) {
            emit(f, i ? ", " : " ");
            char *v = spec_text(LANG, d->b->list.v[i]);
            emit(f, v);
            mem_free(v);
        }
    } else if (d->b) {
        emit(f, ": ");
        emit(f, word_spelling(d->b->str, WORD_CONTEXT, LANG.lang));
    }
}

static char *row_head(fmt_style lang, const ast *row)
{
    buf b = {0};
    char *t = row->a ? expr_text(lang, row->a, PREC_OR + 1) : NULL;
    switch ((row_op)row->op) {
    case ROW_GE: buf_printf(&b, "%s %s", t, keyword_spelling(TOK_OR, TOK_MORE, lang.lang)); break;
    case ROW_LE: buf_printf(&b, "%s %s", t, keyword_spelling(TOK_OR, TOK_LESS, lang.lang)); break;
    case ROW_GT: buf_printf(&b, "%s %s", keyword_spelling(TOK_ABOVE, 0, lang.lang), t); break;
    case ROW_LT: buf_printf(&b, "%s %s", keyword_spelling(TOK_BELOW, 0, lang.lang), t); break;
    case ROW_EQ: buf_printf(&b, "%s", t); break;
    default: buf_puts(&b, keyword_spelling(TOK_OTHERWISE, 0, lang.lang)); break;
    }
    mem_free(t);
    return b.data;
}

/* Lines `head -> value`, the arrows aligned. */
static void put_arrow_lines(fmtr *f, const ast *block, int indent, bool tier)
{
    int n = block->list.n, wmax = 0;
    char **heads = mem_calloc((size_t)(n + 1), sizeof *heads);
    for (int i = 0; i < n; i++) {
        const ast *r = block->list.v[i];
        heads[i] = tier ? row_head(LANG, r) : (r->a ? expr_text(LANG, r->a, PREC_IF) : mem_strdup(keyword_spelling(TOK_OTHERWISE, 0, LANG.lang)));
        int w = text_width(heads[i]);
        if (w > wmax) wmax = w;
    }
    f->group = ++f->next_group;
    for (int i = 0; i < n; i++) {
        const ast *r = block->list.v[i];
        newline(f, indent);
        emit(f, heads[i]);
        for (int w = text_width(heads[i]); w < wmax; w++) emit(f, " ");
        emit(f, " -> ");
        touch(f, r);
        put_expr(f, r->b, PREC_IF, indent + 4);
        mem_free(heads[i]);
    }
    mem_free(heads);
}

static void put_entries(fmtr *f, const ast *ledger, int indent)
{
    int n = ledger->list.n, wmax = 0;
    for (int i = 0; i < n; i++) {
        buf b = {0};
        put_string(&b, ledger->list.v[i]->str, ledger->list.v[i]->str_len);
        int w = text_width(b.data);
        if (w > wmax) wmax = w;
        buf_free(&b);
    }
    f->group = ++f->next_group;
    for (int i = 0; i < n; i++) {
        const ast *en = ledger->list.v[i];
        newline(f, indent);
        buf b = {0};
        put_string(&b, en->str, en->str_len);
        emit(f, b.data);
        for (int w = text_width(b.data); w < wmax; w++) emit(f, " ");
        emit(f, " ");
        buf_free(&b);
        touch(f, en);
        char *amt = expr_text(LANG, en->a, PREC_ADD);
        emit(f, amt);
        mem_free(amt);
        if (en->op == ENTRY_PER || en->op == ENTRY_WHEN) {
            kw(f, en->op == ENTRY_PER ? TOK_PER : TOK_WHEN, " ", " ");
            put_expr(f, en->b, PREC_IF, indent + 4);
        }
    }
}

static void put_block_expr(fmtr *f, const ast *e, int indent)
{
    switch ((ast_kind)e->kind) {
    case AST_WHEN:
        kw(f, TOK_WHEN, "", ":");
        put_arrow_lines(f, e, indent + 4, false);
        break;
    case AST_TIER: {
        kw(f, TOK_TIER, "", " ");
        char *s = expr_text(LANG, e->a, PREC_IF);
        emit(f, s);
        mem_free(s);
        emit(f, ":");
        put_arrow_lines(f, e, indent + 4, true);
        break;
    }
    case AST_LEDGER: {
        kw(f, TOK_LEDGER, "", " ");
        kw(f, TOK_FROM, "", " ");
        char *s = expr_text(LANG, e->a, PREC_IF);
        emit(f, s);
        mem_free(s);
        emit(f, ":");
        put_entries(f, e, indent + 4);
        break;
    }
    default:
        put_expr(f, e, PREC_IF, indent);
    }
}

static bool is_block(const ast *e) { return e->kind == AST_WHEN || e->kind == AST_TIER || e->kind == AST_LEDGER; }

static char *spec_text(fmt_style lang, const ast *s)
{
    buf b = {0};
    char *x = s->a ? expr_text(lang, s->a, PREC_CMP + 1) : NULL;
    char *y = s->b ? expr_text(lang, s->b, PREC_CMP + 1) : NULL;
    const char *word = s->str ? word_spelling(s->str, WORD_CONTEXT, lang.lang) : NULL;
    switch ((spec_op)s->op) {
    case SPEC_WORD: buf_puts(&b, word); break;
    case SPEC_DEFAULT: buf_printf(&b, "%s %s", word, x); break;
    case SPEC_NOT_EMPTY: buf_printf(&b, "%s %s", keyword_spelling(TOK_NOT, 0, lang.lang), word); break; /* as written: "not zero" stays an error */
    case SPEC_ENUM:
        put_string(&b, s->str, s->str_len);
        if (s->label) {
            buf_putc(&b, ' ');
            put_string(&b, s->label, (uint32_t)strlen(s->label));
        }
        break;
    case SPEC_LIST_OF: buf_printf(&b, "%s %s", keyword_spelling(TOK_LIST, TOK_OF, lang.lang), word); break;
    case SPEC_AT_LEAST: buf_printf(&b, "%s %s", keyword_spelling(TOK_AT, TOK_LEAST, lang.lang), x); break;
    case SPEC_AT_MOST: buf_printf(&b, "%s %s", keyword_spelling(TOK_AT, TOK_MOST, lang.lang), x); break;
    case SPEC_MAX_ENTRIES: buf_printf(&b, "%s %s %s", keyword_spelling(TOK_AT, TOK_MOST, lang.lang), x, word); break;
    case SPEC_MORE_THAN: buf_printf(&b, "%s %s", keyword_spelling(TOK_MORE, TOK_THAN, lang.lang), x); break;
    case SPEC_LESS_THAN: buf_printf(&b, "%s %s", keyword_spelling(TOK_LESS, TOK_THAN, lang.lang), x); break;
    case SPEC_WITHIN: buf_printf(&b, "%s %s..%s", keyword_spelling(TOK_WITHIN, 0, lang.lang), x, y); break;
    }
    mem_free(x);
    mem_free(y);
    return b.data;
}

static char *field_head(fmt_style lang, const ast *fd)
{
    buf b = {0};
    char *p = expr_text(lang, fd->a, PREC_ATOM);
    buf_puts(&b, p);
    mem_free(p);
    if (fd->label) {
        buf_putc(&b, ' ');
        put_string(&b, fd->label, (uint32_t)strlen(fd->label));
    }
    buf_putc(&b, ':');
    return b.data;
}

static void put_fields(fmtr *f, const ast_list *fields, int indent)
{
    int wmax = 0;
    for (int i = 0; i < fields->n; i++) {
        if (!fields->v[i]) continue;
        char *h = field_head(LANG, fields->v[i]);
        int w = text_width(h);
        if (w > wmax) wmax = w;
        mem_free(h);
    }
    f->group = ++f->next_group;
    for (int i = 0; i < fields->n; i++) {
        const ast *fd = fields->v[i];
        if (!fd) continue;
        newline(f, indent);
        char *h = field_head(LANG, fd);
        emit(f, h);
        for (int w = text_width(h); w < wmax; w++) emit(f, " ");
        mem_free(h);
        emit(f, " ");
        touch(f, fd);
        for (int k = 0; k < fd->list.n; k++) {
            char *s = spec_text(LANG, fd->list.v[k]);
            if (k) emit(f, ", ");
            bool first_value = fd->list.v[k]->op == SPEC_ENUM && (k == 0 || fd->list.v[k - 1]->op != SPEC_ENUM);
            if (first_value) { emit(f, keyword_spelling(TOK_ONE, TOK_OF, LANG.lang)); emit(f, " "); }
            emit(f, s);
            mem_free(s);
            touch(f, fd->list.v[k]);
        }
        if (fd->list2.n) {
            int g = f->group;
            put_fields(f, &fd->list2, indent + 4);
            f->group = g;
        }
    }
}

static void put_decl(fmtr *f, const ast *d)
{
    f->group = 0; /* top-level lines align their comments together */
    newline(f, 0);
    touch(f, d);
    buf b = {0};
    switch ((ast_kind)d->kind) {
    case AST_POLICY:
        kw(f, TOK_POLICY, "", " ");
        put_string(&b, d->str, d->str_len);
        emit(f, b.data);
        break;
    case AST_INCLUDE:
        kw(f, TOK_INCLUDE, "", " ");
        put_string(&b, d->str, d->str_len);
        emit(f, b.data);
        break;
    case AST_ROSTER_BY: {
        kw(f, TOK_ROSTER, "", " ");
        kw(f, TOK_BY, "", " ");
        char *s = expr_text(LANG, d->a, PREC_ATOM);
        emit(f, s);
        mem_free(s);
        touch(f, d->a);
        break;
    }
    case AST_CHAIN: {
        kw(f, TOK_CHAIN, "", " ");
        char *s = expr_text(LANG, d->a, PREC_ATOM);
        emit(f, s);
        mem_free(s);
        kw(f, TOK_FROM, " ", " ");
        emit(f, d->str);
        if (d->b) {
            emit(f, " ");
            emit(f, word_spelling("unless", WORD_CONTEXT, LANG.lang));
            emit(f, " ");
            emit(f, d->b->str);
            touch(f, d->b);
        }
        touch(f, d->a);
        break;
    }
    case AST_PARAM:
        kw(f, TOK_PARAM, "", " ");
        emit(f, d->str);
        put_label_type(f, d);
        emit(f, " = ");
        if (!d->list.n) {
            put_expr(f, d->a, PREC_IF, 4);
            break;
        }
        for (int i = 0; i < d->list.n; i++) { /* 8% until 2014-06, 10% from 2014-07 */
            const ast *v = d->list.v[i];
            /* the month as 2014-07 (written so, or "2014-07"): checked already */
            const ast *mb = v->b;
            int32_t mo = 0;
            char m[8];
            month_parse(mb->kind == AST_STRING ? mb->str : mb->at.src->text + mb->at.start,
                        mb->kind == AST_STRING ? mb->str_len : mb->at.end - mb->at.start, &mo);
            month_format(mo, m);
            if (i) emit(f, ", ");
            put_expr(f, v->a, PREC_OR, 4);
            emit(f, " ");
            kw(f, v->op == DATED_UNTIL ? TOK_UNTIL : TOK_FROM, "", "");
            emit(f, " ");
            emit(f, m);
            touch(f, v->b);
        }
        break;
    case AST_DEF:
        if (d->op == DEF_OUTPUT) kw(f, TOK_OUTPUT, "", " ");
        emit(f, d->str);
        put_label_type(f, d);
        emit(f, " =");
        if (is_block(d->a)) {
            emit(f, " ");
            put_block_expr(f, d->a, 0);
        } else {
            /* one line; else the expression alone on the next line; else
             * broken there (an object opens its brace on the first line) */
            char *one = expr_text(LANG, d->a, PREC_IF);
            bool comments = has_comments(f, d->a->at.start, d->a->at.end);
            int used = text_width(cur(f)->text.data);
            if ((!comments && used + 1 + text_width(one) <= WIDTH) || d->a->kind == AST_OBJECT) {
                emit(f, " ");
                put_expr(f, d->a, PREC_IF, 4);
            } else {
                newline(f, 4);
                put_expr(f, d->a, PREC_IF, 4);
            }
            mem_free(one);
        }
        break;
    case AST_INPUT:
        kw(f, TOK_INPUT, "", ":");
        put_fields(f, &d->list, 4);
        break;
    case AST_TABLE: /* table quotas "label" from "quotas.csv" by level, tenure_from: */
        kw(f, TOK_TABLE, "", "");
        emit(f, " ");
        emit(f, d->str);
        put_label_type(f, d);
        emit(f, " ");
        kw(f, TOK_FROM, "", "");
        emit(f, " ");
        put_string(&b, d->a->str, d->a->str_len);
        emit(f, b.data);
        emit(f, " ");
        kw(f, TOK_BY, "", "");
        for (int i = 0; i < d->list.n; i++) {
            emit(f, i ? ", " : " ");
            emit(f, d->list.v[i]->str);
            touch(f, d->list.v[i]);
        }
        emit(f, ":");
        put_fields(f, &d->list2, 4);
        break;
    case AST_CHECK: {
        kw(f, TOK_CHECK, "", " ");
        put_string(&b, d->str, d->str_len);
        emit(f, b.data);
        emit(f, ":");
        char *one = expr_text(LANG, d->a, PREC_IF);
        if (text_width(cur(f)->text.data) + 1 + text_width(one) <= WIDTH && !has_comments(f, d->a->at.start, d->a->at.end)) {
            emit(f, " ");
            emit(f, one);
            touch(f, d->a);
        } else {
            newline(f, 4);
            put_expr(f, d->a, PREC_IF, 8);
        }
        mem_free(one);
        break;
    }
    default:
        break;
    }
    buf_free(&b);
}

/* ---- assembling lines and comments ----------------------------------------- */

static int line_of(const source *s, uint32_t off)
{
    int line, col;
    source_position(s, off, &line, &col);
    return line;
}

/* A blank line between offsets a and b of the source? */
static bool blank_between(const source *s, uint32_t a, uint32_t b)
{
    int newlines = 0;
    for (uint32_t i = a; i < b && i < s->len; i++) {
        char c = s->text[i];
        if (c == '\n') {
            if (++newlines >= 2) return true;
        } else if (c != ' ' && c != '\t' && c != '\r') {
            newlines = 0;
        }
    }
    return false;
}

/* Trailing comments go to the line that printed the code they followed. */
static void attach_trailing(fmtr *f)
{
    for (int c = 0; c < f->ncomments; c++) {
        comment *cm = &f->comments[c];
        if (cm->own_line) continue;
        int cline = line_of(f->src, cm->start), best = -1;
        uint32_t max_first = 0; /* the last code that starts before the comment */
        for (int i = 0; i < f->n; i++) {
            fline *l = &f->lines[i];
            if (!l->has_pos || l->first > cm->start) continue;
            if (best < 0 || l->last >= f->lines[best].last) best = i;
            if (l->first > max_first) max_first = l->first;
        }
        /* prefer the last line whose code ends on the comment's line, unless
         * another line prints code from between that end and the comment
         * (`f = if p  # c` broken after `f =`: the comment follows `p`) */
        for (int i = 0; i < f->n; i++) {
            fline *l = &f->lines[i];
            if (l->has_pos && l->last <= cm->start && l->last >= max_first &&
                line_of(f->src, l->last > 0 ? l->last - 1 : 0) == cline)
                best = i;
        }
        if (best < 0) {
            cm->own_line = true; /* nothing before it: keep it on a line of its own */
            continue;
        }
        fline *l = &f->lines[best];
        char *text = mem_strndup(f->src->text + cm->start, cm->end - cm->start);
        if (l->comment) {
            /* both comments, whole: "# one # two" */
            char *joined = mem_alloc(strlen(l->comment) + strlen(text) + 2);
            sprintf(joined, "%s %s", l->comment, text);
            mem_free(l->comment);
            mem_free(text);
            l->comment = joined;
        } else {
            l->comment = text;
        }
        cm->placed = true;
    }
}

static void write_line(buf *out, int indent, const char *text, const char *note, int comment_col)
{
    for (int i = 0; i < indent; i++) buf_putc(out, ' ');
    buf_puts(out, text);
    if (note) {
        int w = indent + text_width(text);
        int pad = comment_col - w; /* at least 2: comment_column counts this line */
        for (int i = 0; i < pad; i++) buf_putc(out, ' ');
        buf_puts(out, note);
    }
    buf_putc(out, '\n');
}

/* The column trailing comments of line i's run (same group, consecutive)
 * line up at. */
static int comment_column(const fmtr *f, int i)
{
    int lo = i, hi = i;
    while (lo > 0 && f->lines[lo - 1].comment && f->lines[lo - 1].group == f->lines[i].group) lo--;
    while (hi + 1 < f->n && f->lines[hi + 1].comment && f->lines[hi + 1].group == f->lines[i].group) hi++;
    int col = 0;
    for (int k = lo; k <= hi; k++) {
        int w = f->lines[k].indent + text_width(f->lines[k].text.data ? f->lines[k].text.data : "") + 2;
        if (w > col) col = w;
    }
    return col;
}

static void put_comment(fmtr *f, buf *out, comment *cm, int indent, uint32_t *prev_end, bool *any)
{
    if (*any && blank_between(f->src, *prev_end, cm->start)) buf_putc(out, '\n');
    char *text = mem_strndup(f->src->text + cm->start, cm->end - cm->start);
    write_line(out, indent, text, NULL, 0);
    mem_free(text);
    *prev_end = cm->end;
    *any = true;
    cm->placed = true;
}

/* Lines in order, each preceded by the own-line comments that came before
 * it in the source (at its indentation), blank lines kept (at most one). */
static void assemble(fmtr *f, buf *out)
{
    attach_trailing(f);
    uint32_t prev_end = 0;
    bool any = false;
    int c = 0;
    for (int i = 0; i < f->n; i++) {
        fline *l = &f->lines[i];
        if (l->has_pos) {
            for (; c < f->ncomments && f->comments[c].start < l->first; c++)
                if (f->comments[c].own_line && !f->comments[c].placed) put_comment(f, out, &f->comments[c], l->indent, &prev_end, &any);
            if (any && l->first > prev_end && blank_between(f->src, prev_end, l->first)) buf_putc(out, '\n');
        }
        write_line(out, l->indent, l->text.data ? l->text.data : "", l->comment, l->comment ? comment_column(f, i) : 0);
        if (l->has_pos && l->last > prev_end) prev_end = l->last;
        any = true;
    }
    for (; c < f->ncomments; c++)
        if (f->comments[c].own_line && !f->comments[c].placed) put_comment(f, out, &f->comments[c], 0, &prev_end, &any);
}

bool fmt_source(const source *src, kh_surface lang, buf *out, diag_list *diags)
{
    arena *A = arena_new(64 * 1024);
    int before = diags->errors;
    lex_comments read;
    ast *file = kh_parse_with_comments(src, A, diags, &read);
    if (diags->errors > before) {
        arena_free(A);
        return false;
    }
    fmtr f;
    memset(&f, 0, sizeof f);
    f.src = src;
    f.st.lang = lang == SURFACE_SAME ? (kh_surface)file->op : lang;
    f.st.units = lang != SURFACE_SAME;
    take_comments(&f, &read);
    for (int i = 0; i < file->list.n; i++)
        if (file->list.v[i]) put_decl(&f, file->list.v[i]);
    assemble(&f, out);
    for (int i = 0; i < f.n; i++) {
        buf_free(&f.lines[i].text);
        mem_free(f.lines[i].comment);
    }
    mem_free(f.lines);
    mem_free(f.comments);
    arena_free(A);
    return true;
}
