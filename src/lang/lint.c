/*
 * lint.c — static checks that catch policy mistakes before payday.
 *
 * Run after type checking: tier tables whose rows are out of order so that a
 * row can never match, `when` branches that can never be taken (a condition
 * tested twice, or after a branch that always applies), and divisions whose
 * divisor the input schema allows to be zero without a guard (a warning).
 */
#include "lint.h"

#include <stdlib.h>
#include <string.h>

/* ---- structural equality of expressions ------------------------------------ */

static bool same_expr(const ast *a, const ast *b)
{
    if (!a || !b) return a == b;
    if (a->kind != b->kind || a->op != b->op) return false;
    if ((a->str || b->str) && (!a->str || !b->str || strcmp(a->str, b->str) != 0)) return false;
    if (a->kind == AST_NUMBER && !num_eq(a->num.value, b->num.value)) return false;
    if (!same_expr(a->a, b->a) || !same_expr(a->b, b->b) || !same_expr(a->c, b->c)) return false;
    if (a->list.n != b->list.n) return false;
    for (int i = 0; i < a->list.n; i++)
        if (!same_expr(a->list.v[i], b->list.v[i])) return false;
    return true;
}

static int line_of(const ast *e)
{
    int line, col;
    source_position(e->at.src, e->at.start, &line, &col);
    return line;
}

/* ---- tier tables --------------------------------------------------------- */

/* The set of subjects a row takes: an interval of numbers. */
typedef struct interval {
    bool has_lo, has_hi;   /* false: unbounded on that side */
    kh_num lo, hi;
    bool lo_open, hi_open;
} interval;

static bool constant_number(const ast *e, kh_num *out)
{
    if (e->kind == AST_NUMBER) {
        *out = e->num.value;
        return true;
    }
    if (e->kind == AST_UNARY && e->a->kind == AST_NUMBER) {
        if (e->op == OP_POS) {
            *out = e->a->num.value;
            return true;
        }
        if (e->op == OP_NEG) return num_neg(NULL, e->a->num.value, out) == NUM_OK; /* a big literal is no bound here */
    }
    return false;
}

static interval row_interval(const ast *row, kh_num t)
{
    interval v = {0};
    switch ((row_op)row->op) {
    case ROW_GE: v.has_lo = true; v.lo = t; break;
    case ROW_GT: v.has_lo = true; v.lo = t; v.lo_open = true; break;
    case ROW_LE: v.has_hi = true; v.hi = t; break;
    case ROW_LT: v.has_hi = true; v.hi = t; v.hi_open = true; break;
    default: v.has_lo = v.has_hi = true; v.lo = v.hi = t; break;
    }
    return v;
}

/* A row's threshold, and whether the row leaves it out (`above`, `below`). */
typedef struct step {
    kh_num t;
    bool open;
    int row;      /* its index in the table */
} step;

/* Lower-bounded rows (`X or more`, `above X`): a row with a lower or equal
 * key takes every value one with a higher key would.  Upper-bounded rows
 * use the same order on -X. */
static int step_order(kh_num t1, bool o1, kh_num t2, bool o2, bool upper)
{
    int c = num_cmp(t1, t2);
    if (upper) c = -c;
    return c ? c : (int)o1 - (int)o2;
}

/* The earliest row of a staircase (keys strictly falling, rows rising) that
 * takes every value of (t, open), or -1. */
static int first_cover(const step *st, int n, kh_num t, bool open, bool upper)
{
    int lo = 0, hi = n;
    while (lo < hi) {
        int mid = lo + (hi - lo) / 2;
        if (step_order(st[mid].t, st[mid].open, t, open, upper) <= 0) hi = mid;
        else lo = mid + 1;
    }
    return lo < n ? st[lo].row : -1;
}

static int by_number_then_row(const void *x, const void *y)
{
    const step *a = x, *b = y;
    int c = num_cmp(a->t, b->t);
    return c ? c : a->row - b->row;
}

typedef struct named_row {
    const char *str;
    int row;
} named_row;

static int by_text_then_row(const void *x, const void *y)
{
    const named_row *a = x, *b = y;
    int c = strcmp(a->str, b->str);
    return c ? c : a->row - b->row;
}

/* Tier rows that can never match: a value taken by a row above (an equal
 * text, or a threshold that an earlier row's already covers).  Each row is
 * compared with the earliest row that covers it, in n log n however long
 * the table: the loose rows so far form two staircases, and equal values are
 * found by sorting. */
static void lint_tier(diag_list *d, arena *A, const ast *e)
{
    int n = e->list.n;
    int *taken_by = arena_alloc(A, (size_t)(n + 1) * sizeof *taken_by); /* an equal row above, or -1 */
    step *eq = arena_alloc(A, (size_t)(n + 1) * sizeof *eq);
    named_row *texts = arena_alloc(A, (size_t)(n + 1) * sizeof *texts);
    step *lower = arena_alloc(A, (size_t)(n + 1) * sizeof *lower);
    step *upper = arena_alloc(A, (size_t)(n + 1) * sizeof *upper);
    int neq = 0, ntexts = 0, nlower = 0, nupper = 0, rows = n;
    for (int i = 0; i < n; i++) {
        const ast *row = e->list.v[i];
        taken_by[i] = -1;
        if (row->op == ROW_OTHERWISE) {
            rows = i;
            break;
        }
        if (row->op != ROW_EQ) continue;
        if (row->a->kind == AST_STRING) texts[ntexts++] = (named_row){row->a->str, i};
        else if (constant_number(row->a, &eq[neq].t)) eq[neq++].row = i;
    }
    qsort(eq, (size_t)neq, sizeof *eq, by_number_then_row);
    for (int k = 1, first = 0; k < neq; k++) {
        if (num_cmp(eq[k].t, eq[first].t) != 0) first = k;
        else taken_by[eq[k].row] = eq[first].row;
    }
    qsort(texts, (size_t)ntexts, sizeof *texts, by_text_then_row);
    for (int k = 1, first = 0; k < ntexts; k++) {
        if (strcmp(texts[k].str, texts[first].str) != 0) first = k;
        else taken_by[texts[k].row] = texts[first].row;
    }
    for (int i = 0; i < rows; i++) {
        const ast *row = e->list.v[i];
        kh_num t;
        if (row->op == ROW_EQ && row->a->kind == AST_STRING) {
            if (taken_by[i] >= 0) /* the first row with it is the one that takes it */
                diag_error(d, row->at, "this row can never match: \"%s\" is already taken by the row at line %d",
                           row->a->str, line_of(e->list.v[taken_by[i]]));
            continue;
        }
        if (!constant_number(row->a, &t)) continue;
        interval v = row_interval(row, t);
        /* the earliest row above that takes every value this one would */
        int l = v.has_lo ? first_cover(lower, nlower, v.lo, v.lo_open, false) : -1;
        int u = v.has_hi ? first_cover(upper, nupper, v.hi, v.hi_open, true) : -1;
        int by = v.has_lo && v.has_hi ? taken_by[i] : -1; /* an equal value: any of the three */
        if (l >= 0 && (by < 0 || l < by)) by = l;
        if (u >= 0 && (by < 0 || u < by)) by = u;
        if (by >= 0) {
            int g = diag_error(d, row->at, "this row can never match: the row at line %d above already takes every value it would",
                               line_of(e->list.v[by]));
            if (row->op == ROW_GE || row->op == ROW_GT)
                diag_hint(d, g, "rows are tried from the top: put the higher thresholds first");
            else if (row->op == ROW_LE || row->op == ROW_LT)
                diag_hint(d, g, "rows are tried from the top: put the lower thresholds first");
        }
        if (v.has_lo && !v.has_hi &&
            (nlower == 0 || step_order(v.lo, v.lo_open, lower[nlower - 1].t, lower[nlower - 1].open, false) < 0))
            lower[nlower++] = (step){v.lo, v.lo_open, i};
        if (v.has_hi && !v.has_lo &&
            (nupper == 0 || step_order(v.hi, v.hi_open, upper[nupper - 1].t, upper[nupper - 1].open, true) < 0))
            upper[nupper++] = (step){v.hi, v.hi_open, i};
    }
}

static void lint_when(diag_list *d, const ast *e)
{
    for (int i = 0; i < e->list.n; i++) {
        const ast *arm = e->list.v[i];
        if (!arm->a) break;
        for (int k = 0; k < i; k++) {
            const ast *prev = e->list.v[k];
            if (prev->a && same_expr(prev->a, arm->a)) {
                diag_error(d, arm->a->at, "this branch can never be taken: the same condition is tested at line %d above",
                           line_of(prev));
                break;
            }
        }
        if (arm->a->kind == AST_BOOL && arm->a->op == 1 && i + 1 < e->list.n) {
            int g = diag_error(d, e->list.v[i + 1]->at,
                               "this branch can never be taken: the branch above (line %d) always applies", line_of(arm));
            diag_hint(d, g, "write 'otherwise' for the last branch instead of 'true'");
            break;
        }
    }
}

/* ---- divisions by what may be zero --------------------------------------- */

#define MAX_FACTS 64
#define MAX_DEF_DEPTH 32
/* Expression levels the recursive walks below go into (deeper parts are not
 * linted): a level of walk() takes 15-20 KB of stack. */
#define MAX_LINT_LEVELS 128

/* Values known not to be zero on this path (guarded by a condition), each
 * by its fact_key. */
typedef struct facts {
    const void *nonzero[MAX_FACTS];
    int n;
} facts;

static bool known_nonzero(const facts *f, const void *key)
{
    for (int i = 0; i < f->n; i++)
        if (f->nonzero[i] == key) return true;
    return false;
}

static void add_fact(facts *f, const void *key)
{
    if (key && f->n < MAX_FACTS && !known_nonzero(f, key)) f->nonzero[f->n++] = key;
}

/* The input field a name inside `over` stands for: a field of the list's
 * entries (`cnt` in `sum(amt / cnt over deals)`), or for `each` the list of
 * plain values itself (its bounds are the entries'); NULL otherwise. */
static const field_spec *element_field(const ast *e)
{
    if ((e->kind != AST_NAME && e->kind != AST_EACH) || !e->scope) return NULL;
    const ast *src = e->scope->b;
    const field_spec *list = src && src->sym ? src->sym->field : NULL;
    if (!list || !list->is_list) return NULL;
    if (e->kind == AST_EACH) return list->base ? list : NULL;
    return e->index >= 0 && e->index < list->nchildren ? list->children[e->index] : NULL;
}

/* What facts are about: a global name's symbol, or an element's field. */
static const void *fact_key(const ast *e)
{
    if (e->sym) return e->sym;
    return element_field(e);
}

/* What a condition being true (or false) says about names being nonzero. */
static void learn(facts *f, const ast *c, bool truth)
{
    if (!c) return;
    if (c->kind == AST_UNARY && c->op == OP_NOT) {
        learn(f, c->a, !truth);
        return;
    }
    if (c->kind != AST_BINARY) return;
    if ((c->op == OP_AND && truth) || (c->op == OP_OR && !truth)) {
        learn(f, c->a, truth);
        learn(f, c->b, truth);
        return;
    }
    const ast *x = c->a, *y = c->b;
    kh_num k;
    bool const_y = constant_number(y, &k);
    const void *key = fact_key(x);
    if (!key || !const_y) return;
    int sign = num_sign(k);
    switch ((ast_op)c->op) {
    case OP_EQ: if ((truth && sign != 0) || (!truth && sign == 0)) add_fact(f, key); break;
    case OP_NE: if ((truth && sign == 0) || (!truth && sign != 0)) add_fact(f, key); break;
    case OP_GT: if ((truth && sign >= 0) || (!truth && sign < 0)) add_fact(f, key); break;
    case OP_GE: if ((truth && sign > 0) || (!truth && sign <= 0)) add_fact(f, key); break;
    case OP_LT: if ((truth && sign <= 0) || (!truth && sign > 0)) add_fact(f, key); break;
    case OP_LE: if ((truth && sign < 0) || (!truth && sign >= 0)) add_fact(f, key); break;
    default: break;
    }
}

/* zero_cause's answer for a 0 written in the policy itself. */
static const field_spec zero_literal;

/* The input field that lets e be zero (&zero_literal for a 0 in the policy),
 * or NULL when e cannot be zero (as far as the schema and the guards tell).
 * A list of plain values stands for its entries (`each`). */
static const field_spec *zero_cause(const ast *e, const facts *f, int depth, int level)
{
    if (!e || depth > MAX_DEF_DEPTH || level > MAX_LINT_LEVELS) return NULL;
    switch ((ast_kind)e->kind) {
    case AST_NUMBER: return num_is_zero(e->num.value) ? &zero_literal : NULL;
    case AST_NAME:
    case AST_MEMBER:
    case AST_EACH: {
        const void *key = fact_key(e);
        if (!key || known_nonzero(f, key)) return NULL;
        const symbol *s = e->sym;
        if (s && s->kind == SYM_DEF) return zero_cause(s->decl->a, f, depth + 1, level + 1);
        const field_spec *fs = s ? (s->kind == SYM_FIELD ? s->field : NULL) : element_field(e);
        if (!fs || !type_is_numeric(fs->is_list ? fs->base : fs->type)) return NULL;
        kh_num lo;
        if (fs->min && constant_number(fs->min, &lo) && (num_sign(lo) > 0 || (num_sign(lo) == 0 && fs->min_strict)))
            return NULL;
        kh_num hi;
        if (fs->max && constant_number(fs->max, &hi) && (num_sign(hi) < 0 || (num_sign(hi) == 0 && fs->max_strict)))
            return NULL;
        return fs;
    }
    case AST_UNARY: return e->op == OP_NOT ? NULL : zero_cause(e->a, f, depth, level + 1);
    case AST_BINARY:
        switch ((ast_op)e->op) {
        case OP_MUL: {
            const field_spec *a = zero_cause(e->a, f, depth, level + 1);
            return a ? a : zero_cause(e->b, f, depth, level + 1);
        }
        case OP_DIV: return zero_cause(e->a, f, depth, level + 1);
        case OP_ADD: {
            const field_spec *a = zero_cause(e->a, f, depth, level + 1);
            return a && zero_cause(e->b, f, depth, level + 1) ? a : NULL;
        }
        default: return NULL;
        }
    case AST_IF: {
        facts t = *f, el = *f;
        learn(&t, e->a, true);
        learn(&el, e->a, false);
        const field_spec *a = zero_cause(e->b, &t, depth, level + 1);
        return a ? a : zero_cause(e->c, &el, depth, level + 1);
    }
    case AST_CALL:
        if (strcmp(e->str, "round") == 0 || strcmp(e->str, "abs") == 0 || strcmp(e->str, "truncate") == 0)
            return e->list.n ? zero_cause(e->list.v[0], f, depth, level + 1) : NULL;
        return NULL;
    default: return NULL;
    }
}

typedef struct linter {
    diag_list *d;
    arena *A;                /* the policy's: scratch for tier tables */
    const ast *def;          /* the definition being walked */
    int levels;              /* walk() calls under way */
} linter;

static void walk(linter *L, const ast *e, facts f);

static void walk_list(linter *L, const ast_list *l, facts f)
{
    for (int i = 0; i < l->n; i++) walk(L, l->v[i], f);
}

static void check_division(linter *L, const ast *e, const facts *f)
{
    const field_spec *cause = zero_cause(e->b, f, 0, 0);
    if (!cause) return;
    int g;
    if (cause == &zero_literal) {
        g = diag_warning(L->d, e->b->at, "this divisor may be zero: it can be the number 0 written here");
        diag_hint(L->d, g, "dividing by zero is an error for every record that gets here");
    } else if (cause->is_list) { /* a list of plain values: `each` */
        g = diag_warning(L->d, e->b->at, "this divisor may be zero: the input allows an entry of %s to be 0", cause->path);
        diag_hint(L->d, g, "guard the division, e.g. if each = 0 then ... else ...");
    } else {
        /* a field of a list's entries is written by its own name inside 'over' */
        g = diag_warning(L->d, e->b->at, "this divisor may be zero: the input allows %s to be 0", cause->path);
        diag_hint(L->d, g, "guard the division, e.g. if %s = 0 then ... else ...",
                  cause->elem_index >= 0 ? cause->name : cause->path);
    }
}

/* ---- a roster entry compared with itself ------------------------------------ */

/* What a comparison inside a roster function reads: the roster entry's own
 * values (names), or the record being evaluated (this.x). */
typedef enum side { SIDE_ENTRY, SIDE_THIS } side;

/* The value a name or a field path reads from the roster entry (a field, a
 * group's field, a definition), or with SIDE_THIS the value this.x reads
 * from the record; NULL otherwise: params and the fields of list entries
 * belong to neither. */
static const symbol *side_value(const ast *e, side sd)
{
    if (sd == SIDE_THIS) {
        if (e->kind != AST_THIS || !e->a->sym || e->a->scope) return NULL;
        return e->a->sym->kind == SYM_PARAM ? NULL : e->a->sym;
    }
    if ((e->kind != AST_NAME && e->kind != AST_MEMBER) || !e->sym || e->scope) return NULL;
    return e->sym->kind == SYM_PARAM ? NULL : e->sym;
}

/* Does e read s (from the side sd)? */
static bool reads(const ast *e, const symbol *s, side sd, int level)
{
    if (!e || level > MAX_LINT_LEVELS) return false;
    if (side_value(e, sd)) return side_value(e, sd) == s;
    if (e->kind == AST_THIS) return false; /* the other side */
    if (e->kind == AST_COMPR && e->b && e->b->kind == AST_ROSTER) return false; /* another roster's entries */
    if (reads(e->a, s, sd, level + 1) || reads(e->b, s, sd, level + 1) || reads(e->c, s, sd, level + 1)) return true;
    for (int i = 0; i < e->list.n; i++)
        if (reads(e->list.v[i], s, sd, level + 1)) return true;
    return false;
}

/* Does every value of side sd that x reads also appear in y?  The first
 * one x reads goes to *first.  A value of the other side in x: false. */
static bool reads_only_what(const ast *x, const ast *y, const symbol **first, side sd, int level)
{
    if (!x || level > MAX_LINT_LEVELS) return true;
    const symbol *s = side_value(x, sd);
    if (s) {
        if (!*first) *first = s;
        return reads(y, s, sd, 0);
    }
    if (x->kind == AST_THIS) return false;
    if (side_value(x, sd == SIDE_THIS ? SIDE_ENTRY : SIDE_THIS)) return false;
    if (x->kind == AST_COMPR && x->b && x->b->kind == AST_ROSTER) return true;
    if (!reads_only_what(x->a, y, first, sd, level + 1) || !reads_only_what(x->b, y, first, sd, level + 1) ||
        !reads_only_what(x->c, y, first, sd, level + 1))
        return false;
    for (int i = 0; i < x->list.n; i++)
        if (!reads_only_what(x->list.v[i], y, first, sd, level + 1)) return false;
    return true;
}

static bool is_comparison(const ast *e)
{
    return e->kind == AST_BINARY && (e->op == OP_EQ || e->op == OP_NE || e->op == OP_LT || e->op == OP_LE ||
                                     e->op == OP_GT || e->op == OP_GE);
}

/* The value both sides of comparison e read, and only it, from side sd. */
static const symbol *same_on_both_sides(const ast *e, side sd)
{
    const symbol *s = NULL, *ignored = NULL;
    if (reads_only_what(e->a, e->b, &s, sd, 0) && reads_only_what(e->b, e->a, &ignored, sd, 0)) return s;
    return NULL;
}

/* Inside `roster where` (or `x over roster`) every name is the entry's own:
 * `count(roster where score < score)` compares each entry with itself, not
 * with the record being evaluated (this.score); `this.score < this.score`
 * compares the record with itself.  An error at each comparison whose two
 * sides read the same values of the entry, or of the record. */
static void entry_with_itself(linter *L, const ast *e)
{
    if (!e || e->kind == AST_COMPR) return; /* a nested `over` is walked on its own */
    if (is_comparison(e)) {
        const symbol *s = same_on_both_sides(e, SIDE_ENTRY);
        if (s) {
            const char *name = s->field ? s->field->path : s->name;
            int g = diag_error(L->d, e->at,
                               "each roster entry's %s is compared with itself: inside 'roster where', a name means the "
                               "entry being looked at, not the record being evaluated",
                               name);
            diag_hint(L->d, g, "to compare with the record being evaluated, write this.%s on one side, e.g. %s < this.%s",
                      name, name, name);
            return;
        }
        s = same_on_both_sides(e, SIDE_THIS);
        if (s) {
            const char *name = s->field ? s->field->path : s->name;
            int g = diag_error(L->d, e->at,
                               "this.%s is compared with itself: both sides are the record being evaluated, the same for "
                               "every roster entry",
                               name);
            diag_hint(L->d, g, "compare the entry's %s with the record's: %s < this.%s", name, name, name);
        }
        return;
    }
    entry_with_itself(L, e->a);
    entry_with_itself(L, e->b);
    entry_with_itself(L, e->c);
    for (int i = 0; i < e->list.n; i++) entry_with_itself(L, e->list.v[i]);
}

static void walk_node(linter *L, const ast *e, facts f);

static void walk(linter *L, const ast *e, facts f)
{
    if (!e || L->levels >= MAX_LINT_LEVELS) return;
    L->levels++;
    walk_node(L, e, f);
    L->levels--;
}

static void walk_node(linter *L, const ast *e, facts f)
{
    switch ((ast_kind)e->kind) {
    case AST_BINARY:
        if (e->op == OP_SUB && warn_bare_date_number(L->d, e)) return; /* 2014-06-01: once, not again for 2014-06 */
        if (e->op == OP_DIV) check_division(L, e, &f);
        if (e->op == OP_AND || e->op == OP_OR) {
            walk(L, e->a, f);
            facts g = f;
            learn(&g, e->a, e->op == OP_AND);
            walk(L, e->b, g);
            return;
        }
        break;
    case AST_IF: {
        walk(L, e->a, f);
        facts t = f, el = f;
        learn(&t, e->a, true);
        learn(&el, e->a, false);
        walk(L, e->b, t);
        walk(L, e->c, el);
        return;
    }
    case AST_WHEN: {
        lint_when(L->d, e);
        facts rest = f;
        for (int i = 0; i < e->list.n; i++) {
            const ast *arm = e->list.v[i];
            walk(L, arm->a, rest);
            facts here = rest;
            learn(&here, arm->a, true);
            walk(L, arm->b, here);
            learn(&rest, arm->a, false);
        }
        return;
    }
    case AST_TIER:
        lint_tier(L->d, L->A, e);
        walk(L, e->a, f);
        for (int i = 0; i < e->list.n; i++) {
            walk(L, e->list.v[i]->a, f);
            walk(L, e->list.v[i]->b, f);
        }
        return;
    case AST_COMPR: {
        /* the value is worked out only for the entries the filter lets by;
         * over the roster, names mean each roster record's values, which
         * the guards around say nothing about */
        walk(L, e->b, f);
        facts g = f;
        if (e->b && e->b->kind == AST_ROSTER) {
            g.n = 0;
            entry_with_itself(L, e->c);
            entry_with_itself(L, e->a);
        }
        walk(L, e->c, g);
        learn(&g, e->c, true);
        walk(L, e->a, g);
        return;
    }
    case AST_LEDGER:
        walk(L, e->a, f);
        for (int i = 0; i < e->list.n; i++) {
            const ast *en = e->list.v[i];
            facts g = f;
            if (en->op == ENTRY_WHEN) {
                walk(L, en->b, f);
                learn(&g, en->b, true);
            } else {
                walk(L, en->b, f);
            }
            walk(L, en->a, g);
        }
        return;
    default:
        break;
    }
    walk(L, e->a, f);
    walk(L, e->b, f);
    walk(L, e->c, f);
    walk_list(L, &e->list, f);
}

void lint_program(const program *p, diag_list *d)
{
    linter L = {d, p->A, NULL, 0};
    facts none;
    none.n = 0;
    for (int i = 0; i < p->ndefs; i++) {
        L.def = p->defs[i]->decl;
        walk(&L, p->defs[i]->decl->a, none);
    }
    for (int i = 0; i < p->nchecks; i++) walk(&L, p->checks[i]->a, none);
}
