/*
 * lint_units.c — numbers compared in the wrong unit, and comparisons that
 * can never go both ways (issue 12: `satisfaction >= 95` meant 95%,
 * `incentive_ratio >= 100` meant 100%, `tier score: below 85%` meant 85,
 * `param early_satisfaction = 95`).
 *
 * Every comparison and every tier row is looked at with the quantities of
 * its two sides (range.c):
 *   - a comparison that is never true, or always true, on every value the
 *     schema allows is an error; a tier row that can never match is one too,
 *     and so is a row that always matches while other rows follow it;
 *   - a ratio compared with a whole number of 2 or more written without %,
 *     and a count or a score compared with a percentage, are warnings;
 * each with the likely fix when changing the unit makes sense of it.  A
 * param is compared as the value it is declared with, and what is wrong is
 * reported once, at its declaration (the line to change).  A param counts as
 * out of range only when its value lies outside what it is compared with: a
 * threshold of 0 for a count is a threshold switched off, not a mistake.
 */
#include "lint.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "range.h"
#include "i18n.h"

/* A side of a comparison whose value is written in the policy. */
typedef struct konst {
    bool is;
    const symbol *param;   /* a param, or NULL for a literal */
    kh_num v;
    bool percent;          /* written with % */
    qkind kind;
} konst;

/* What is wrong with a param, kept until every comparison has been seen:
 * an error beats a warning, then the earliest comparison. */
typedef struct param_note {
    int level;             /* 0 nothing, 1 warning, 2 error */
    const ast *cmp;        /* the comparison or the tier row */
    const ast *other;      /* what the param is compared with */
    quantity q;            /* ... and its quantity */
    int verdict;           /* the comparison: 1 always, 0 never */
    ast_op op;             /* the comparison ... */
    bool param_first;      /* ... with the param on its left */
} param_note;

typedef struct units {
    const program *p;
    diag_list *d;
    param_note *notes;     /* by param index */
    struct place *said;    /* errors said before (sorted) */
    int nsaid;
} units;

static const ast *strip_plus(const ast *e)
{
    while (e && e->kind == AST_UNARY && e->op == OP_POS) e = e->a;
    return e;
}

static konst constant_side(const ast *e)
{
    konst k;
    memset(&k, 0, sizeof k);
    e = strip_plus(e);
    bool neg = false;
    if (e && e->kind == AST_UNARY && e->op == OP_NEG) {
        neg = true;
        e = strip_plus(e->a);
    }
    if (!e) return k;
    if (e->kind == AST_NAME && e->sym && e->sym->kind == SYM_PARAM && !e->scope) {
        k = constant_side(e->sym->decl->a);
        if (!k.is) return k;
        k.param = e->sym;
        k.kind = param_kind(e->sym);
    } else if (e->kind == AST_NUMBER) {
        k.is = true;
        k.v = e->num.value;
        k.percent = e->num.unit == UNIT_PERCENT;
        k.kind = literal_kind(e);
    } else {
        return k;
    }
    if (neg) {
        if (num_neg(NULL, k.v, &k.v) != NUM_OK) k.is = false;
        k.param = NULL; /* -lim: the comparison is what to change, not lim */
    }
    return k;
}

static quantity konst_quantity(const konst *k)
{
    quantity q = quantity_unknown();
    q.kind = k->kind;
    q.has_lo = q.has_hi = true;
    q.lo = q.hi = k->v;
    q.constant = true;
    return q;
}

static int line_of(const ast *e)
{
    int line, col;
    source_position(e->at.src, e->at.start, &line, &col);
    return line;
}

/* How a side is named in a message: its path (satisfaction, quota.calls),
 * its text when short, else "the value compared". */
static const char *side_name(const ast *e, char *buf, size_t cap)
{
    if (ast_path(e, buf, cap)) return buf;
    uint32_t len = e->at.end - e->at.start;
    if (len > 0 && len <= 40 && !memchr(e->at.src->text + e->at.start, '\n', len)) {
        snprintf(buf, cap, "%.*s", (int)len, e->at.src->text + e->at.start);
        return buf;
    }
    snprintf(buf, cap, _("the value compared"));
    return buf;
}

/* "satisfaction is within 0..1" / "score is a whole number (a count or a
 * score)" ... */
static const char *describe_range(const ast *side, const quantity *q, char *buf, size_t cap)
{
    char name[128], range[160];
    snprintf(buf, cap, _("%s is %s"), side_name(side, name, sizeof name), quantity_range_text(q, range, sizeof range));
    return buf;
}

/* "a ratio (100% is 1)", "a whole number (a count or a score)", ... */
static const char *kind_phrase(const quantity *q, char *buf, size_t cap)
{
    char range[160];
    if (q->kind == Q_RATIO) snprintf(buf, cap, _("a ratio (100%% is 1)"));
    else if (q->kind == Q_WHOLE) snprintf(buf, cap, _("a whole number (a count or a score)"));
    else if (q->has_lo || q->has_hi) snprintf(buf, cap, _("a number %s"), quantity_range_text(q, range, sizeof range));
    else snprintf(buf, cap, _("a plain number"));
    return buf;
}

static bool whole_at_least_two(kh_num v)
{
    kh_num a;
    return num_is_int(v) && num_abs(NULL, v, &a) == NUM_OK && num_cmp(a, num_int(2)) >= 0;
}

/* Does s look like a fraction of one (a ratio, or values within -1..1)? */
static bool fraction_like(const quantity *s)
{
    if (s->kind == Q_RATIO) return true;
    return s->kind != Q_MONEY && s->has_lo && s->has_hi && num_cmp(s->lo, num_int(-1)) >= 0 &&
           num_cmp(s->hi, num_int(1)) <= 0;
}

/* The unit the constant was likely meant in: c% for a ratio compared with
 * a number written without % (1 = per cent, 2 = the value without %), or 0.
 * *meant gets the value it would then have. */
static int likely_unit(const quantity *s, const konst *c, kh_num *meant)
{
    kh_num hundred = num_int(100);
    if (fraction_like(s) && !c->percent && s->kind != Q_WHOLE) {
        kh_num a;
        if (num_abs(NULL, c->v, &a) == NUM_OK && num_cmp(a, num_int(1)) > 0 && num_div(NULL, c->v, hundred, meant) == NUM_OK)
            return 1;
    }
    if ((s->kind == Q_WHOLE || s->kind == Q_PLAIN) && c->percent && !num_is_zero(c->v) &&
        num_mul(NULL, c->v, hundred, meant) == NUM_OK)
        return 2;
    return 0;
}

/* The warning-worthy mix-ups: a ratio against a whole number >= 2 without
 * %, a count or a score against a percentage. */
static int unit_mixup(const quantity *s, const konst *c, kh_num *meant)
{
    int u = likely_unit(s, c, meant);
    if (u == 1 && s->kind == Q_RATIO && whole_at_least_two(c->v)) return 1;
    if (u == 2) return 2;
    return 0;
}

/* Room for a constant in a message. */
#define NUM_TEXT_MAX 96

static const char *num_text(kh_num v, char *buf)
{
    return num_to_chars(v, 0, buf, NUM_TEXT_MAX);
}

/* "did you mean 95%?" / "did you mean 85?" */
static void hint_unit(diag_list *d, int k, int unit, kh_num meant)
{
    char t[NUM_TEXT_MAX];
    kh_num pct;
    if (unit == 1 && num_mul(NULL, meant, num_int(100), &pct) == NUM_OK)
        diag_hint(d, k, "did you mean %s%%?", num_text(pct, t));
    else if (unit == 2)
        diag_hint(d, k, "did you mean %s?", num_text(meant, t));
}

/* Would the comparison make sense with the constant in the unit meant? */
static bool sensible_with(ast_op op, const quantity *s, bool const_first, kh_num meant, qkind kind)
{
    quantity m = quantity_unknown();
    m.kind = kind;
    m.has_lo = m.has_hi = true;
    m.lo = m.hi = meant;
    return (const_first ? quantity_compare(op, &m, s) : quantity_compare(op, s, &m)) < 0;
}

static const char *constant_text(const konst *c, char *buf, size_t cap)
{
    char t[NUM_TEXT_MAX], pct[NUM_TEXT_MAX];
    kh_num h;
    if (c->percent && num_mul(NULL, c->v, num_int(100), &h) == NUM_OK)
        snprintf(buf, cap, _("%s%%, which is %s"), num_text(h, pct), num_text(c->v, t));
    else
        snprintf(buf, cap, "%s", num_text(c->v, t));
    return buf;
}

/* ---- params: one message each, at the declaration ------------------------- */

static bool earlier(const units *U, const ast *a, const ast *b)
{
    int ia = 0, ib = 0;
    for (int i = 0; i < U->p->nsources; i++) {
        if (U->p->sources[i] == a->at.src) ia = i;
        if (U->p->sources[i] == b->at.src) ib = i;
    }
    return ia != ib ? ia < ib : a->at.start < b->at.start;
}

static void note_param(units *U, const konst *c, int level, const ast *cmp, const ast *other, const quantity *q,
                       int verdict, ast_op op, bool param_first)
{
    param_note *n = &U->notes[c->param->index];
    if (level < n->level || (level == n->level && !earlier(U, cmp, n->cmp))) return;
    *n = (param_note){level, cmp, other, *q, verdict, op, param_first};
}

static void report_params(units *U)
{
    for (int i = 0; i < U->p->nparams; i++) {
        const param_note *n = &U->notes[i];
        if (!n->level) continue;
        const symbol *s = U->p->params[i];
        konst c = constant_side(s->decl->a);
        c.param = s;
        c.kind = param_kind(s);
        char ct[160], what[160], name[128];
        kh_num meant;
        constant_text(&c, ct, sizeof ct);
        side_name(n->other, name, sizeof name);
        int k;
        /* the comparison in another file than the param: its line, of that file */
        const source *in = n->cmp->at.src != s->decl->a->at.src ? n->cmp->at.src : NULL;
        if (n->level == 2) {
            char range[160];
            quantity_range_text(&n->q, range, sizeof range);
            const char *verdict = n->verdict ? _("is always true") : _("can never be true");
            if (in)
                k = diag_error(U->d, s->decl->a->at,
                               "%s is %s, and it is compared with %s, which is %s (line %d of %s): that comparison %s",
                               s->name, ct, name, range, line_of(n->cmp), in->name, verdict);
            else
                k = diag_error(U->d, s->decl->a->at,
                               "%s is %s, and it is compared with %s, which is %s (line %d): that comparison %s", s->name,
                               ct, name, range, line_of(n->cmp), verdict);
            int unit = likely_unit(&n->q, &c, &meant);
            if (unit && sensible_with(n->op, &n->q, n->param_first, meant, unit == 1 ? Q_RATIO : n->q.kind))
                hint_unit(U->d, k, unit, meant);
        } else {
            kind_phrase(&n->q, what, sizeof what);
            if (in)
                k = diag_warning(U->d, s->decl->a->at, "%s is %s, and it is compared with %s, %s, at line %d of %s", s->name,
                                 ct, name, what, line_of(n->cmp), in->name);
            else
                k = diag_warning(U->d, s->decl->a->at, "%s is %s, and it is compared with %s, %s, at line %d", s->name, ct,
                                 name, what, line_of(n->cmp));
            hint_unit(U->d, k, unit_mixup(&n->q, &c, &meant), meant);
        }
    }
}

/* ---- comparisons and tier rows ------------------------------------------------ */

static bool numeric(const ast *e) { return e && e->type && type_is_numeric(e->type); }

/* Where errors were said before these checks (by the tier lint: a row that
 * an earlier row covers), sorted: one mistake, one message. */
typedef struct place {
    const source *src;
    uint32_t start;
} place;

static int place_order(const void *x, const void *y)
{
    const place *a = x, *b = y;
    if (a->src != b->src) return (uintptr_t)a->src < (uintptr_t)b->src ? -1 : 1;
    return a->start < b->start ? -1 : a->start > b->start;
}

static bool error_at(const units *U, const ast *e)
{
    if (!e) return false;
    place key = {e->at.src, e->at.start};
    return bsearch(&key, U->said, (size_t)U->nsaid, sizeof key, place_order) != NULL;
}

/* x op y, written at `at`: a comparison, or a tier row (subject: the
 * quantity of x, the tier's subject, worked out once for all its rows; y
 * the row's threshold; next_row: the row after it, if any). */
static void look_at(units *U, const ast *at, ast_op op, const ast *x, const ast *y, const quantity *subject,
                    const ast *next_row)
{
    bool row = subject != NULL;
    if (!numeric(x) || !numeric(y) || (row && error_at(U, at))) return;
    bool rows_below = next_row && next_row->op != ROW_OTHERWISE && !error_at(U, next_row);
    konst cx = constant_side(x), cy = constant_side(y);
    if (cx.is && cy.is) return; /* both written in the policy: meant as they are */
    quantity qx = cx.is ? konst_quantity(&cx) : row ? *subject : quantity_of(U->p, x);
    quantity qy = cy.is ? konst_quantity(&cy) : quantity_of(U->p, y);
    if (qx.constant && qy.constant) return; /* 0.1 + 0.2 = 0.3: a statement about numbers */
    int verdict = quantity_compare(op, &qx, &qy);
    if (row && verdict == 1 && !rows_below) verdict = -1; /* the last row before otherwise may catch all */
    char msg[640], what[320];
    if (!cx.is && !cy.is) {
        if (verdict < 0) return;
        char wy[320];
        describe_range(x, &qx, what, sizeof what);
        describe_range(y, &qy, wy, sizeof wy);
        if (row) diag_error(U->d, at->at, "this row %s: %s and %s", verdict ? _("always matches") : _("can never match"), what, wy);
        else diag_error(U->d, at->at, "this comparison %s: %s and %s", verdict ? _("is always true") : _("can never be true"), what, wy);
        return;
    }
    const konst *c = cx.is ? &cx : &cy;
    const ast *side = cx.is ? y : x, *cnode = cx.is ? x : y;
    const quantity *qs = cx.is ? &qy : &qx;
    kh_num meant;
    if (c->param) {
        bool outside = (qs->has_lo && num_cmp(c->v, qs->lo) < 0) || (qs->has_hi && num_cmp(c->v, qs->hi) > 0);
        if (verdict >= 0 && outside) note_param(U, c, 2, at, side, qs, verdict, op, cx.is);
        else if (unit_mixup(qs, c, &meant)) note_param(U, c, 1, at, side, qs, -1, op, cx.is);
        return;
    }
    if (verdict >= 0) {
        describe_range(side, qs, what, sizeof what);
        int k;
        if (row && verdict)
            k = diag_error(U->d, at->at, "this row always matches (%s): the rows below it can never be reached", what);
        else if (row)
            k = diag_error(U->d, at->at, "this row can never match: %s", what);
        else
            k = diag_error(U->d, at->at, "this comparison %s: %s", verdict ? _("is always true") : _("can never be true"), what);
        int unit = likely_unit(qs, c, &meant);
        if (unit && sensible_with(op, qs, cx.is, meant, unit == 1 ? Q_RATIO : qs->kind)) hint_unit(U->d, k, unit, meant);
        return;
    }
    int unit = unit_mixup(qs, c, &meant);
    if (!unit) return;
    char ct[160], name[128], kind[160];
    side_name(side, name, sizeof name);
    kind_phrase(qs, kind, sizeof kind);
    constant_text(c, ct, sizeof ct);
    if (row) snprintf(msg, sizeof msg, _("%s is %s, and this threshold is %s"), name, kind, ct);
    else snprintf(msg, sizeof msg, _("%s is %s, compared here with %s"), name, kind, ct);
    int k = diag_warning(U->d, row ? cnode->at : at->at, "%s", msg);
    hint_unit(U->d, k, unit, meant);
}

static ast_op row_op_of(uint8_t op)
{
    switch ((row_op)op) {
    case ROW_GE: return OP_GE;
    case ROW_GT: return OP_GT;
    case ROW_LE: return OP_LE;
    case ROW_LT: return OP_LT;
    case ROW_EQ: return OP_EQ;
    default: return OP_NONE;
    }
}

static void walk(units *U, const ast *e, int level)
{
    if (!e || level > KH_MAX_NEST + 1) return;
    if (e->kind == AST_BINARY && e->op >= OP_EQ && e->op <= OP_GE)
        look_at(U, e, (ast_op)e->op, e->a, e->b, NULL, NULL);
    if (e->kind == AST_TIER && numeric(e->a)) {
        konst c = constant_side(e->a);
        quantity subject = c.is ? konst_quantity(&c) : quantity_of(U->p, e->a);
        for (int i = 0; i < e->list.n; i++) {
            const ast *r = e->list.v[i];
            const ast *next = i + 1 < e->list.n ? e->list.v[i + 1] : NULL;
            if (r->op != ROW_OTHERWISE) look_at(U, r, row_op_of(r->op), e->a, r->a, &subject, next);
        }
    }
    walk(U, e->a, level + 1);
    walk(U, e->b, level + 1);
    walk(U, e->c, level + 1);
    for (int i = 0; i < e->list.n; i++) walk(U, e->list.v[i], level + 1);
}

void lint_units(const program *p, diag_list *d)
{
    units U = {p, d, arena_zalloc(p->A, (size_t)(p->nparams + 1) * sizeof(param_note)), NULL, 0};
    U.said = arena_alloc(p->A, (size_t)(d->n + 1) * sizeof *U.said);
    for (int i = 0; i < d->n; i++)
        if (d->items[i].level == DIAG_ERROR) U.said[U.nsaid++] = (place){d->items[i].at.src, d->items[i].at.start};
    qsort(U.said, (size_t)U.nsaid, sizeof *U.said, place_order);
    /* definitions after those they use: each one's quantity is known when
     * a later one asks for it */
    for (int i = 0; i < p->ndefs; i++) {
        definition_quantity(p, p->def_order[i]);
        walk(&U, p->def_order[i]->decl->a, 0);
    }
    for (int i = 0; i < p->nchecks; i++) walk(&U, p->checks[i]->a, 0);
    report_params(&U);
}
