/*
 * compile.c — a checked program to a plan of slot indices.
 *
 * Each expression becomes a pnode tree whose names are already array
 * indices: input fields are record slots, definitions and params are
 * indices, element fields are (comprehension depth, field index).  Roster
 * functions are lifted into the plan's tables with their phase.  The
 * recursion here follows one expression at a time, never a definition
 * into another: the checker bounds it (KH_MAX_NEST, KH_MAX_OVER).
 */
#include "plan.h"

#include <string.h>

#include "absent.h"
#include "dates.h"
#include "demand.h"
#include "vec.h"

typedef struct compiler {
    arena *A;
    const program *p;
    plan *pl;
    const ast *comprs[KH_MAX_OVER]; /* comprehensions open around the node */
    int ncompr;
    int ntrace;
    ragg *raggs;
    int nraggs, cap_raggs;
    rfirst *firsts;
    int nfirsts, cap_firsts;
    pnode **ledgers;
    int nledgers, cap_ledgers;
    bool in_check;
} compiler;

static pnode *cexpr(compiler *c, const ast *e);

static pnode *node(compiler *c, pop op, const ast *src)
{
    pnode *n = arena_zalloc(c->A, sizeof *n);
    n->op = (uint8_t)op;
    n->src = src;
    n->type = src ? src->type : NULL;
    n->trace = -1;
    return n;
}

static void grow(arena *A, void **v, int *cap, int n, size_t size)
{
    if (n < *cap) return;
    size_t c = (size_t)*cap;
    *v = vec_grow_in(A, *v, size, (size_t)n, &c, (size_t)n + 1, VEC_MAX_CAP(*cap));
    *cap = (int)c;
}

static void set_kids(compiler *c, pnode *n, int count)
{
    n->nkids = count;
    n->kids = arena_zalloc(c->A, (size_t)(count ? count : 1) * sizeof *n->kids);
}

value compile_literal(arena *A, const ast *e, const ktype *want)
{
    value v = {.kind = VK_NONE};
    switch ((ast_kind)e->kind) {
    case AST_NUMBER:
        return value_num(e->num.value);
    case AST_UNARY: {
        value x = compile_literal(A, e->a, want);
        if (e->op == OP_NEG && x.kind == VK_NUM) num_neg(A, x.n, &x.n); /* cannot fail: same magnitude, made in A */
        return x;
    }
    case AST_STRING:
        if (want && want->kind == T_ENUM) {
            int k = type_enum_index(want, e->str, e->str_len);
            if (k >= 0) return value_enum(want->values[k], (uint32_t)k);
        }
        return value_text(e->str, e->str_len);
    case AST_BOOL:
        return value_bool(e->op != 0);
    case AST_LIST: {
        value *items = arena_alloc(A, (size_t)(e->list.n ? e->list.n : 1) * sizeof *items);
        const ktype *el = want && want->kind == T_LIST ? want->elem : NULL;
        for (int i = 0; i < e->list.n; i++) items[i] = compile_literal(A, e->list.v[i], el);
        return value_list(items, (uint32_t)e->list.n);
    }
    default:
        return v;
    }
}

static int compr_depth(const compiler *c, const ast *compr)
{
    for (int i = c->ncompr - 1; i >= 0; i--)
        if (c->comprs[i] == compr) return i;
    return -1;
}

static void push_compr(compiler *c, const ast *compr)
{
    if (c->ncompr < KH_MAX_OVER) c->comprs[c->ncompr++] = compr;
    if (c->ncompr > c->pl->max_depth) c->pl->max_depth = c->ncompr;
}

/* An input group as a record value built from its fields' slots. */
static pnode *group_node(compiler *c, const field_spec *g, const ast *src)
{
    pnode *n = node(c, P_GROUP, src);
    n->type = g->type;
    set_kids(c, n, g->nchildren);
    for (int i = 0; i < g->nchildren; i++) {
        const field_spec *f = g->children[i];
        if (f->is_group) {
            n->kids[i] = group_node(c, f, src);
        } else {
            pnode *k = node(c, P_SLOT, src);
            k->index = f->slot;
            k->type = f->type;
            n->kids[i] = k;
        }
    }
    return n;
}

static pnode *symbol_node(compiler *c, const ast *e, const symbol *s)
{
    pnode *n;
    switch (s->kind) {
    case SYM_PARAM: n = node(c, P_PARAM, e); n->index = s->index; return n;
    case SYM_DEF: n = node(c, P_DEF, e); n->index = s->index; return n;
    case SYM_FIELD: n = node(c, P_SLOT, e); n->index = s->index; return n;
    case SYM_GROUP: return group_node(c, s->field, e);
    }
    return node(c, P_CONST, e);
}

/* Lifts a roster function into the plan; returns its index. */
static int add_ragg(compiler *c, builtin_kind fn, const ast *src)
{
    grow(c->A, (void **)&c->raggs, &c->cap_raggs, c->nraggs, sizeof(ragg));
    ragg *r = &c->raggs[c->nraggs];
    memset(r, 0, sizeof *r);
    r->fn = fn;
    r->phase = src->phase;
    r->type = src->type;
    r->src = src;
    r->keep_members = c->in_check;
    return c->nraggs++;
}

/* Compiles an expression evaluated for each roster record (fresh scopes). */
static pnode *roster_expr(compiler *c, const ast *e)
{
    if (!e) return NULL;
    const ast *saved[KH_MAX_OVER];
    int n = c->ncompr;
    memcpy(saved, c->comprs, sizeof(const ast *) * (size_t)n);
    c->ncompr = 0;
    pnode *r = cexpr(c, e);
    memcpy(c->comprs, saved, sizeof(const ast *) * (size_t)n);
    c->ncompr = n;
    return r;
}

/* Does n read this.x (outside the definitions it reads, which cannot)? */
static bool reads_this(const pnode *n)
{
    if (!n) return false;
    if (n->op == P_THIS) return true;
    if (reads_this(n->a) || reads_this(n->b) || reads_this(n->c)) return true;
    for (int i = 0; i < n->nkids; i++)
        if (reads_this(n->kids[i])) return true;
    return false;
}

/* Splits a part of roster function r that reads this.x: every largest part
 * that reads only the entry becomes a column (worked out in the roster's
 * pass), every this.x the record's own value. */
static pnode *columnize(compiler *c, ragg *r, pnode *n, int *cap)
{
    if (!n) return NULL;
    if (n->op == P_THIS) return n->a;
    if (n->op == P_CONST) return n;
    if (!reads_this(n)) {
        pnode *col = node(c, P_COLUMN, n->src);
        col->type = n->type;
        col->a = n;
        grow(c->A, (void **)&r->cols, cap, r->ncols, sizeof *r->cols);
        col->index = r->ncols;
        r->cols[r->ncols++] = col;
        return col;
    }
    n->a = columnize(c, r, n->a, cap);
    n->b = columnize(c, r, n->b, cap);
    n->c = columnize(c, r, n->c, cap);
    for (int i = 0; i < n->nkids; i++) n->kids[i] = columnize(c, r, n->kids[i], cap);
    return n;
}

static pnode *aggregate(compiler *c, const ast *e, builtin_kind fn)
{
    const ast *arg = e->list.v[0];
    if (e->flags & AST_FLAG_ROSTER_AGG) {
        int idx = add_ragg(c, fn, e);
        pnode *v = roster_expr(c, arg->a), *f = roster_expr(c, arg->c);
        if (arg->kind == AST_COMPR && (arg->flags & AST_FLAG_THIS)) {
            int cap = 0;
            v = columnize(c, &c->raggs[idx], v, &cap);
            f = columnize(c, &c->raggs[idx], f, &cap);
        }
        c->raggs[idx].value = v;
        c->raggs[idx].filter = f;
        pnode *n = node(c, P_ROSTER_AGG, e);
        n->index = idx;
        return n;
    }
    pnode *n = node(c, P_LIST_AGG, e);
    n->aux = (uint8_t)fn;
    if (arg->kind == AST_COMPR) {
        n->a = cexpr(c, arg->b);
        n->depth = (int16_t)c->ncompr;
        push_compr(c, arg);
        n->b = arg->a ? cexpr(c, arg->a) : NULL;
        n->c = arg->c ? cexpr(c, arg->c) : NULL;
        c->ncompr--;
    } else {
        n->a = cexpr(c, arg);
        n->depth = (int16_t)c->ncompr;
        if (c->ncompr + 1 > c->pl->max_depth) c->pl->max_depth = c->ncompr + 1;
    }
    return n;
}

static pnode *apportion(compiler *c, const ast *e)
{
    const ast *w = e->list.v[1], *ties = e->list.v[2];
    int idx = add_ragg(c, BI_APPORTION, e);
    pnode *pool = roster_expr(c, e->list.v[0]);
    pnode *weight = roster_expr(c, w->a);
    pnode *filter = roster_expr(c, w->c);
    pnode *tie = roster_expr(c, ties->a);
    ragg *r = &c->raggs[idx];
    r->pool = pool;
    r->value = weight;
    r->filter = filter;
    r->tie = tie;
    pnode *n = node(c, P_ROSTER_AGG, e);
    n->index = idx;
    return n;
}

static pnode *pair_node(compiler *c, pop op, const ast *e, const ast *first)
{
    pnode *n = node(c, op, e);
    n->a = first ? cexpr(c, first) : NULL;
    return n;
}

static pnode *call(compiler *c, const ast *e)
{
    builtin_kind k = (builtin_kind)e->index;
    pnode *n;
    switch (k) {
    case BI_ROUND: case BI_ROUND_HALF_EVEN: case BI_TRUNCATE: case BI_FLOOR: case BI_CEIL:
        n = pair_node(c, P_ROUND, e, e->list.v[0]);
        n->index = e->index;
        n->aux = (uint8_t)(k == BI_ROUND ? ROUND_HALF_UP : k == BI_ROUND_HALF_EVEN ? ROUND_HALF_EVEN
                           : k == BI_TRUNCATE ? ROUND_TRUNC : k == BI_FLOOR ? ROUND_FLOOR : ROUND_CEIL);
        n->index = 0;
        if (e->list.n > 1) n->index = (int32_t)e->list.v[1]->num.value.num; /* 0..18: typecheck.c */
        return n;
    case BI_ABS:
        return pair_node(c, P_ABS, e, e->list.v[0]);
    case BI_MIN: case BI_MAX:
        if (e->list.n > 1) {
            n = node(c, k == BI_MIN ? P_MIN_OF : P_MAX_OF, e);
            set_kids(c, n, e->list.n);
            for (int i = 0; i < e->list.n; i++) n->kids[i] = cexpr(c, e->list.v[i]);
            return n;
        }
        return aggregate(c, e, k);
    case BI_SUM: case BI_COUNT: case BI_MEAN: case BI_ANY: case BI_ALL:
        return aggregate(c, e, k);
    case BI_APPORTION:
        return apportion(c, e);
    case BI_LAST: case BI_APPEND: case BI_DAYS_BETWEEN: case BI_MONTHS_BETWEEN: {
        pop op = k == BI_LAST ? P_LAST : k == BI_APPEND ? P_APPEND : k == BI_DAYS_BETWEEN ? P_DAYS_BETWEEN : P_MONTHS_BETWEEN;
        n = pair_node(c, op, e, e->list.v[0]);
        n->b = cexpr(c, e->list.v[1]);
        return n;
    }
    case BI_MONTH_OF: return pair_node(c, P_MONTH_OF, e, e->list.v[0]);
    case BI_DATE_OF: return pair_node(c, P_DATE_OF, e, e->list.v[0]);
    case BI_DAYS_IN_MONTH: return pair_node(c, P_DAYS_IN_MONTH, e, e->list.v[0]);
    case BI_FIRST_DAY: return pair_node(c, P_FIRST_DAY, e, e->list.v[0]);
    case BI_LAST_DAY: return pair_node(c, P_LAST_DAY, e, e->list.v[0]);
    case BI_MOD:
        n = pair_node(c, P_MOD, e, e->list.v[0]);
        n->b = cexpr(c, e->list.v[1]);
        return n;
    case BI_DATE: case BI_MONTH: {
        const ast *a = e->list.v[0];
        if (k == BI_DATE && e->list.n == 3) {
            n = pair_node(c, P_MAKE_DATE, e, a);
            n->b = cexpr(c, e->list.v[1]);
            n->c = cexpr(c, e->list.v[2]);
            return n;
        }
        n = node(c, P_CONST, e);
        int32_t v = 0;
        if (k == BI_DATE) {
            date_parse(a->str, a->str_len, &v);
            n->k = value_date(v);
        } else {
            month_parse(a->str, a->str_len, &v);
            n->k = value_month(v);
        }
        return n;
    }
    default:
        return node(c, P_CONST, e);
    }
}

static pnode *first_node(compiler *c, const ast *e)
{
    grow(c->A, (void **)&c->firsts, &c->cap_firsts, c->nfirsts, sizeof(rfirst));
    rfirst *f = &c->firsts[c->nfirsts];
    memset(f, 0, sizeof *f);
    int depth = compr_depth(c, e->scope);
    f->depth = depth;
    f->phase = e->phase;
    f->src = e;
    /* the list is evaluated in the scopes outside its comprehension */
    int saved = c->ncompr;
    c->ncompr = depth < 0 ? 0 : depth;
    f->list = cexpr(c, e->scope->b);
    c->ncompr = saved;
    f->key = cexpr(c, e->a);
    f->key_of_entry = (f->key->op == P_ELEM || f->key->op == P_ELEM_FIELD) && f->key->depth == depth;
    f->norders = e->list.n;
    f->orders = arena_alloc(c->A, (size_t)(e->list.n ? e->list.n : 1) * sizeof *f->orders);
    for (int i = 0; i < e->list.n; i++) f->orders[i] = cexpr(c, e->list.v[i]);
    pnode *n = node(c, P_FIRST, e);
    n->index = c->nfirsts++;
    n->depth = (int16_t)depth;
    return n;
}

/* A text literal compared with an enum becomes that enum's value, so that
 * the comparison is a pointer comparison at run time. */
static pnode *enum_literal(compiler *c, const ast *lit, const ktype *et)
{
    if (!lit || lit->kind != AST_STRING || !et || et->kind != T_ENUM) return NULL;
    int k = type_enum_index(et, lit->str, lit->str_len);
    if (k < 0) return NULL;
    pnode *n = node(c, P_CONST, lit);
    n->k = value_enum(et->values[k], (uint32_t)k);
    return n;
}

/* An operand, as an enum constant when the other side (always given) is an
 * enum. */
static pnode *operand(compiler *c, const ast *e, const ast *other)
{
    pnode *n = enum_literal(c, e, other->type);
    return n ? n : cexpr(c, e);
}

static pop binary_op(ast_op op)
{
    switch (op) {
    case OP_ADD: return P_ADD;
    case OP_SUB: return P_SUB;
    case OP_MUL: return P_MUL;
    case OP_DIV: return P_DIV;
    case OP_EQ: return P_EQ;
    case OP_NE: return P_NE;
    case OP_LT: return P_LT;
    case OP_LE: return P_LE;
    case OP_GT: return P_GT;
    case OP_GE: return P_GE;
    case OP_AND: return P_AND;
    default: return P_OR;
    }
}

static pnode *cexpr(compiler *c, const ast *e)
{
    pnode *n;
    switch ((ast_kind)e->kind) {
    case AST_NUMBER: case AST_STRING: case AST_BOOL:
        n = node(c, P_CONST, e);
        n->k = compile_literal(c->A, e, NULL);
        return n;
    case AST_NAME:
        if (e->scope) {
            n = node(c, P_ELEM_FIELD, e);
            n->depth = (int16_t)compr_depth(c, e->scope);
            n->index = e->index;
            return n;
        }
        return symbol_node(c, e, e->sym);
    case AST_THIS:
        n = node(c, P_THIS, e);
        n->a = roster_expr(c, e->a);
        return n;
    case AST_EACH:
        n = node(c, P_ELEM, e);
        n->depth = (int16_t)compr_depth(c, e->scope);
        return n;
    case AST_MEMBER:
        if (e->sym) return symbol_node(c, e, e->sym);
        if (e->a->type->kind == T_RECORD) {
            n = pair_node(c, P_FIELD, e, e->a);
            n->index = e->index;
            return n;
        }
        n = pair_node(c, P_DATE_PART, e, e->a);
        n->index = e->index;
        return n;
    case AST_UNARY:
        if (e->op == OP_POS) return cexpr(c, e->a);
        return pair_node(c, e->op == OP_NEG ? P_NEG : P_NOT, e, e->a);
    case AST_BINARY:
        n = node(c, binary_op((ast_op)e->op), e);
        if (e->op == OP_EQ || e->op == OP_NE) {
            n->a = operand(c, e->a, e->b);
            n->b = operand(c, e->b, e->a);
        } else {
            n->a = cexpr(c, e->a);
            n->b = cexpr(c, e->b);
        }
        return n;
    case AST_IN:
        n = pair_node(c, P_IN, e, e->a);
        if (e->b->kind == AST_LIST && e->a->type && e->a->type->kind == T_ENUM) {
            pnode *l = node(c, P_LIST, e->b);
            set_kids(c, l, e->b->list.n);
            for (int i = 0; i < e->b->list.n; i++) l->kids[i] = operand(c, e->b->list.v[i], e->a);
            n->b = l;
        } else {
            n->b = cexpr(c, e->b);
        }
        return n;
    case AST_IF:
        n = pair_node(c, P_IF, e, e->a);
        n->b = cexpr(c, e->b);
        n->c = cexpr(c, e->c);
        n->trace = c->ntrace++;
        return n;
    case AST_WHEN:
        n = node(c, P_WHEN, e);
        set_kids(c, n, 2 * e->list.n);
        for (int i = 0; i < e->list.n; i++) {
            const ast *arm = e->list.v[i];
            n->kids[2 * i] = arm->a ? cexpr(c, arm->a) : NULL;
            n->kids[2 * i + 1] = cexpr(c, arm->b);
        }
        n->trace = c->ntrace++;
        return n;
    case AST_TIER:
        n = pair_node(c, P_TIER, e, e->a);
        set_kids(c, n, 2 * e->list.n);
        n->aux_ops = arena_alloc(c->A, (size_t)(e->list.n ? e->list.n : 1));
        for (int i = 0; i < e->list.n; i++) {
            const ast *row = e->list.v[i];
            n->aux_ops[i] = row->op;
            n->kids[2 * i] = row->a ? operand(c, row->a, e->a) : NULL;
            n->kids[2 * i + 1] = cexpr(c, row->b);
        }
        n->trace = c->ntrace++;
        return n;
    case AST_LEDGER:
        n = pair_node(c, P_LEDGER, e, e->a);
        set_kids(c, n, 2 * e->list.n);
        n->aux_ops = arena_alloc(c->A, (size_t)(e->list.n ? e->list.n : 1));
        for (int i = 0; i < e->list.n; i++) {
            const ast *en = e->list.v[i];
            n->aux_ops[i] = en->op;
            n->kids[2 * i] = cexpr(c, en->a);
            n->kids[2 * i + 1] = en->b ? cexpr(c, en->b) : NULL;
        }
        grow(c->A, (void **)&c->ledgers, &c->cap_ledgers, c->nledgers, sizeof(pnode *));
        n->index = c->nledgers;
        c->ledgers[c->nledgers++] = n;
        n->trace = c->ntrace++;
        return n;
    case AST_CALL:
        if (e->flags & AST_FLAG_TABLE) {
            n = node(c, P_TABLE, e);
            n->index = e->id;
            set_kids(c, n, e->list.n);
            for (int i = 0; i < e->list.n; i++) n->kids[i] = cexpr(c, e->list.v[i]);
            return n;
        }
        return call(c, e);
    case AST_LIST:
        n = node(c, P_LIST, e);
        set_kids(c, n, e->list.n);
        for (int i = 0; i < e->list.n; i++) n->kids[i] = cexpr(c, e->list.v[i]);
        return n;
    case AST_OBJECT:
        n = node(c, P_OBJECT, e);
        set_kids(c, n, e->list.n);
        for (int i = 0; i < e->list.n; i++) n->kids[i] = cexpr(c, e->list.v[i]->a);
        return n;
    case AST_FIRST:
        return first_node(c, e);
    default:
        return node(c, P_CONST, e);
    }
}

/* ---- the input schema ------------------------------------------------- */

static void compile_field(compiler *c, in_field *out, const field_spec *f)
{
    memset(out, 0, sizeof *out);
    out->name = f->name;
    out->spec = f;
    out->type = f->type;
    out->slot = f->slot;
    out->is_group = f->is_group;
    out->is_list = f->is_list;
    out->elem_record = f->is_list && !f->base;
    out->optional = f->optional;
    out->not_empty = f->not_empty;
    out->max_entries = f->max_entries;
    out->min_strict = f->min_strict;
    out->max_strict = f->max_strict;
    if (f->default_expr) {
        out->has_default = true;
        out->dflt = compile_literal(c->A, f->default_expr, f->is_list ? f->type : f->base);
    }
    if (f->min) out->min = cexpr(c, f->min);
    if (f->max) out->max = cexpr(c, f->max);
    if (f->nchildren) {
        out->nchildren = f->nchildren;
        out->children = arena_zalloc(c->A, (size_t)f->nchildren * sizeof *out->children);
        for (int i = 0; i < f->nchildren; i++) compile_field(c, &out->children[i], f->children[i]);
    }
}

/* A dated param's values and the months they start (plan.h). */
static void compile_dated(plan *pl, int i)
{
    const symbol *s = pl->prog->params[i];
    const ast_list *l = &s->decl->list;
    if (!pl->dated) pl->dated = arena_zalloc(pl->A, (size_t)(pl->nparams + 1) * sizeof *pl->dated);
    dated_param *d = arena_zalloc(pl->A, sizeof *d);
    d->n = l->n;
    d->from = arena_alloc(pl->A, (size_t)l->n * sizeof *d->from);
    d->values = arena_alloc(pl->A, (size_t)l->n * sizeof *d->values);
    d->src = arena_alloc(pl->A, (size_t)l->n * sizeof *d->src);
    for (int k = 0; k < l->n; k++) {
        const ast *e = l->v[k];
        d->src[k] = e;
        d->values[k] = compile_literal(pl->A, e->a, s->type);
        /* `until M` covers every month up to M; the next value starts at M + 1 */
        d->from[k] = e->op == DATED_UNTIL ? INT32_MIN : (int32_t)e->index;
    }
    pl->dated[i] = d;
    pl->param_defaults[i] = (value){.kind = VK_NONE};
}

plan *compile_program(const program *p, arena *A)
{
    compiler cc;
    memset(&cc, 0, sizeof cc);
    compiler *c = &cc;
    c->A = A;
    c->p = p;
    plan *pl = arena_zalloc(A, sizeof *pl);
    c->pl = pl;
    pl->prog = p;
    pl->A = A;
    pl->nslots = p->nleaves;
    pl->key_slot = p->key ? p->key->slot : -1;
    pl->group_slot = p->roster_by ? p->roster_by->slot : -1;

    pl->nparams = p->nparams;
    pl->param_defaults = arena_zalloc(A, (size_t)(p->nparams + 1) * sizeof(value));
    pl->param_syms = arena_zalloc(A, (size_t)(p->nparams + 1) * sizeof(symbol *));
    for (int i = 0; i < p->nparams; i++) {
        pl->param_syms[i] = p->params[i];
        pl->param_defaults[i] = compile_literal(A, p->params[i]->decl->a, p->params[i]->type);
        if (p->params[i]->decl->list.n) compile_dated(pl, i);
    }
    pl->ndefs = p->ndefs;
    pl->defs = arena_zalloc(A, (size_t)(p->ndefs + 1) * sizeof(pnode *));
    pl->def_syms = arena_zalloc(A, (size_t)(p->ndefs + 1) * sizeof(symbol *));
    for (int i = 0; i < p->ndefs; i++) {
        pl->def_syms[i] = p->defs[i];
        pl->defs[i] = cexpr(c, p->defs[i]->decl->a);
        pl->defs[i]->type = p->defs[i]->type;
    }
    pl->noutputs = p->noutputs;
    pl->outputs = arena_zalloc(A, (size_t)(p->noutputs + 1) * sizeof(int));
    for (int i = 0; i < p->noutputs; i++) pl->outputs[i] = p->outputs[i]->index;
    pl->nchecks = p->nchecks;
    pl->checks = arena_zalloc(A, (size_t)(p->nchecks + 1) * sizeof(pnode *));
    c->in_check = true;
    for (int i = 0; i < p->nchecks; i++) pl->checks[i] = cexpr(c, p->checks[i]->a);
    c->in_check = false;
    if (p->input) compile_field(c, &pl->input, p->input);

    pl->raggs = c->raggs;
    pl->nraggs = c->nraggs;
    pl->firsts = c->firsts;
    pl->nfirsts = c->nfirsts;
    pl->ledgers = c->ledgers;
    pl->nledgers = c->nledgers;
    pl->ntrace = c->ntrace;
    pl->max_phase = p->max_phase;
    for (int i = 0; i < c->nraggs; i++)
        if (c->raggs[i].phase > pl->max_phase) pl->max_phase = c->raggs[i].phase;
    for (int i = 0; i < c->nfirsts; i++)
        if (c->firsts[i].phase > pl->max_phase) pl->max_phase = c->firsts[i].phase;
    absent_guard(pl);
    demand_prepare(pl); /* after the guard, which wraps nodes */
    return pl;
}
