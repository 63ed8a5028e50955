/*
 * range.c — the kind and the interval of every number in a policy
 * (range.h), worked out from the input schema's bounds through +, -, ×, /,
 * min, max, rounding, branches, tiers, ledgers and aggregates.
 *
 * Intervals are closed and exact (kh_num bounds); `more than 0` is kept as
 * "at least 0", which only widens.  An operation whose bound overflows
 * loses that bound.  Kinds follow how people write pay rules: a percent is
 * a ratio, an amount divided by a like amount is a ratio, money stays
 * money, counts added up stay counts, and a constant factor or term takes
 * the kind of what it is applied to.
 */
#include "range.h"

#include <stdio.h>
#include <string.h>

#include "builtins.h"
#include "check_internal.h"
#include "i18n.h"

/* Bounds of field bounds naming other fields are followed this deep (a
 * field bounded by another bounded by the first is unknown). */
#define MAX_BOUND_HOPS 16

quantity quantity_unknown(void)
{
    quantity q;
    memset(&q, 0, sizeof q);
    return q;
}

static quantity exactly(kh_num v, qkind kind)
{
    quantity q = quantity_unknown();
    q.kind = kind;
    q.has_lo = q.has_hi = true;
    q.lo = q.hi = v;
    q.constant = true;
    return q;
}

/* ---- numbers with infinities -------------------------------------------- */

typedef struct ext {
    int inf;    /* -1: minus infinity, +1: plus infinity, 0: v */
    kh_num v;
} ext;

static ext ext_lo(const quantity *q) { return q->has_lo ? (ext){0, q->lo} : (ext){-1, num_int(0)}; }
static ext ext_hi(const quantity *q) { return q->has_hi ? (ext){0, q->hi} : (ext){+1, num_int(0)}; }

static int ext_sign(ext a) { return a.inf ? a.inf : num_sign(a.v); }

static int ext_cmp(ext a, ext b)
{
    if (a.inf || b.inf) return a.inf == b.inf ? 0 : a.inf < b.inf ? -1 : 1; /* -inf < finite (0) < +inf */
    return num_cmp(a.v, b.v);
}

/* a × b, where 0 × infinity is 0 (the bound of a closed interval); a finite
 * product too large to hold is taken as infinite (wider, never narrower). */
static ext ext_mul(ext a, ext b)
{
    int sa = ext_sign(a), sb = ext_sign(b);
    if (sa == 0 || sb == 0) return (ext){0, num_int(0)};
    if (a.inf || b.inf) return (ext){sa * sb, num_int(0)};
    ext r = {0, num_int(0)};
    if (num_mul(NULL, a.v, b.v, &r.v) != NUM_OK) r.inf = sa * sb;
    return r;
}

/* Sets q's bounds to [lo, hi]; infinite ones are dropped. */
static void set_bounds(quantity *q, ext lo, ext hi)
{
    q->has_lo = lo.inf == 0;
    q->lo = lo.v;
    q->has_hi = hi.inf == 0;
    q->hi = hi.v;
}

/* ---- interval arithmetic -------------------------------------------------- */

static void bound_add(bool ha, kh_num a, bool hb, kh_num b, bool *h, kh_num *out)
{
    *h = ha && hb && num_add(NULL, a, b, out) == NUM_OK;
}

static quantity q_add(quantity x, quantity y, bool subtract)
{
    quantity r = quantity_unknown();
    kh_num ylo = y.lo, yhi = y.hi;
    bool yhas_lo = y.has_lo, yhas_hi = y.has_hi;
    if (subtract) { /* x + (-y) */
        yhas_lo = y.has_hi && num_neg(NULL, y.hi, &ylo) == NUM_OK;
        yhas_hi = y.has_lo && num_neg(NULL, y.lo, &yhi) == NUM_OK;
    }
    bound_add(x.has_lo, x.lo, yhas_lo, ylo, &r.has_lo, &r.lo);
    bound_add(x.has_hi, x.hi, yhas_hi, yhi, &r.has_hi, &r.hi);
    return r;
}

static quantity q_mul(quantity x, quantity y)
{
    ext c[4] = {ext_mul(ext_lo(&x), ext_lo(&y)), ext_mul(ext_lo(&x), ext_hi(&y)), ext_mul(ext_hi(&x), ext_lo(&y)),
                ext_mul(ext_hi(&x), ext_hi(&y))};
    ext lo = c[0], hi = c[0];
    for (int i = 1; i < 4; i++) {
        if (ext_cmp(c[i], lo) < 0) lo = c[i];
        if (ext_cmp(c[i], hi) > 0) hi = c[i];
    }
    quantity r = quantity_unknown();
    set_bounds(&r, lo, hi);
    return r;
}

/* 1/y over the values of y that are not 0 (dividing by 0 stops the record,
 * so a quotient never comes from it); unknown when y takes both signs. */
static bool q_reciprocal(quantity y, quantity *out)
{
    *out = quantity_unknown();
    kh_num one = num_int(1), r;
    if (y.has_lo && num_sign(y.lo) >= 0) { /* y >= 0: 1/y in [1/hi, +inf) or [1/hi, 1/lo] */
        if (y.has_hi && num_sign(y.hi) == 0) return false; /* always 0 */
        out->has_lo = true;
        out->lo = num_int(0);
        if (y.has_hi && num_div(NULL, one, y.hi, &r) == NUM_OK) out->lo = r;
        out->has_hi = num_sign(y.lo) > 0 && num_div(NULL, one, y.lo, &out->hi) == NUM_OK;
        return true;
    }
    if (y.has_hi && num_sign(y.hi) <= 0) { /* y <= 0 */
        out->has_hi = true;
        out->hi = num_int(0);
        if (y.has_lo && num_div(NULL, one, y.lo, &r) == NUM_OK) out->hi = r;
        out->has_lo = num_sign(y.hi) < 0 && num_div(NULL, one, y.hi, &out->lo) == NUM_OK;
        return true;
    }
    return false;
}

/* The bounds of min(a, b) (min) or max(a, b). */
static void min_max_bounds(quantity *r, const quantity *a, const quantity *b, bool min)
{
    /* min: lo needs both, hi from either; max: the other way round */
    if (min) {
        r->has_lo = a->has_lo && b->has_lo;
        if (r->has_lo) r->lo = num_cmp(a->lo, b->lo) <= 0 ? a->lo : b->lo;
        r->has_hi = a->has_hi || b->has_hi;
        if (a->has_hi && b->has_hi) r->hi = num_cmp(a->hi, b->hi) <= 0 ? a->hi : b->hi;
        else if (r->has_hi) r->hi = a->has_hi ? a->hi : b->hi;
    } else {
        r->has_hi = a->has_hi && b->has_hi;
        if (r->has_hi) r->hi = num_cmp(a->hi, b->hi) >= 0 ? a->hi : b->hi;
        r->has_lo = a->has_lo || b->has_lo;
        if (a->has_lo && b->has_lo) r->lo = num_cmp(a->lo, b->lo) >= 0 ? a->lo : b->lo;
        else if (r->has_lo) r->lo = a->has_lo ? a->lo : b->lo;
    }
}

/* Every value of a or of b. */
static void hull(quantity *r, const quantity *a, const quantity *b)
{
    r->has_lo = a->has_lo && b->has_lo;
    if (r->has_lo) r->lo = num_cmp(a->lo, b->lo) <= 0 ? a->lo : b->lo;
    r->has_hi = a->has_hi && b->has_hi;
    if (r->has_hi) r->hi = num_cmp(a->hi, b->hi) >= 0 ? a->hi : b->hi;
}

/* ---- kinds ------------------------------------------------------------------ */

/* A constant 0 or 1 (or -1): fits a ratio as well as a count. */
static bool small_constant(const quantity *q)
{
    if (!q->constant || !q->has_lo || !q->has_hi || !num_eq(q->lo, q->hi)) return false;
    return num_cmp(q->lo, num_int(-1)) >= 0 && num_cmp(q->lo, num_int(1)) <= 0;
}

/* The kind of values that are one or the other (branches, min, max, +). */
static qkind kind_join(const quantity *a, const quantity *b)
{
    if (a->kind == b->kind) return a->kind;
    if (a->constant && !b->constant) return b->kind;
    if (b->constant && !a->constant) return a->kind;
    if (a->constant) { /* and so is b, here */
        if (a->kind == Q_RATIO && small_constant(b)) return Q_RATIO;
        if (b->kind == Q_RATIO && small_constant(a)) return Q_RATIO;
    }
    if ((a->kind == Q_WHOLE && b->kind == Q_PLAIN) || (a->kind == Q_PLAIN && b->kind == Q_WHOLE)) return Q_PLAIN;
    return Q_UNKNOWN;
}

/* Is q the constant 100 (a ratio times 100 is in per cent, no longer a
 * fraction of one; a number divided by 100 is)? */
static bool hundred(const quantity *q)
{
    return q->constant && q->has_lo && q->has_hi && num_eq(q->lo, q->hi) && num_eq(q->lo, num_int(100));
}

static qkind kind_mul(const quantity *a, const quantity *b)
{
    if (a->kind == Q_MONEY || b->kind == Q_MONEY) return Q_MONEY;
    if ((hundred(a) && b->kind == Q_RATIO) || (hundred(b) && a->kind == Q_RATIO)) return Q_PLAIN;
    if (a->constant && !b->constant) return b->kind;
    if (b->constant && !a->constant) return a->kind;
    if (a->kind == b->kind && (a->kind == Q_RATIO || a->kind == Q_WHOLE)) return a->kind;
    if (a->constant) { /* and so is b, here: 2 * accelerator, a number times a rate */
        bool a_number = a->kind == Q_WHOLE || a->kind == Q_PLAIN, b_number = b->kind == Q_WHOLE || b->kind == Q_PLAIN;
        if (a_number && !b_number) return b->kind;
        if (b_number && !a_number) return a->kind;
    }
    return Q_UNKNOWN;
}

static qkind kind_div(const quantity *a, const quantity *b)
{
    if (a->kind == Q_MONEY) return b->kind == Q_MONEY ? Q_RATIO : Q_MONEY;
    if (hundred(b) && !a->constant && a->kind != Q_RATIO) return Q_RATIO; /* per cent to a fraction */
    if (b->constant && !a->constant) /* a count divided by a number is no longer a count */
        return a->kind == Q_WHOLE ? Q_UNKNOWN : a->kind;
    if (a->constant) return Q_UNKNOWN; /* a constant over a constant or over a value */
    if (a->kind == b->kind && (a->kind == Q_WHOLE || a->kind == Q_PLAIN)) return Q_RATIO;
    return Q_UNKNOWN;
}

/* ---- the analysis ------------------------------------------------------------ */

typedef struct ranger {
    const program *p;
    int hops;      /* field bounds followed into other fields */
} ranger;

static quantity of(ranger *R, const ast *e);

qkind param_kind(const symbol *s)
{
    const ast *lit = s->decl ? s->decl->a : NULL;
    while (lit && lit->kind == AST_UNARY) lit = lit->a;
    if (s->type->kind == T_MONEY) return Q_MONEY;
    if (!lit || lit->kind != AST_NUMBER) return Q_UNKNOWN;
    if (param_declared_percent(s)) return Q_RATIO;
    if (s->type->kind == T_INT) return Q_WHOLE;
    return tc_literal_type(lit)->kind == T_INT ? Q_WHOLE : Q_PLAIN;
}

qkind literal_kind(const ast *e)
{
    if (e->num.unit == UNIT_PERCENT) return Q_RATIO;
    if (e->num.unit == UNIT_MONEY) return Q_MONEY;
    return tc_literal_type(e)->kind == T_INT ? Q_WHOLE : Q_PLAIN;
}

static quantity field_q(ranger *R, const field_spec *f)
{
    quantity q = quantity_unknown();
    const ktype *base = f ? f->base : NULL;
    if (!base || !type_is_numeric(base)) return q;
    q.kind = base->kind == T_INT ? Q_WHOLE : base->kind == T_MONEY ? Q_MONEY : Q_UNKNOWN;
    if (R->hops < MAX_BOUND_HOPS) {
        R->hops++;
        if (f->min) {
            quantity b = of(R, f->min); /* x >= min >= its lowest value */
            q.has_lo = b.has_lo;
            q.lo = b.lo;
        }
        if (f->max) {
            quantity b = of(R, f->max);
            q.has_hi = b.has_hi;
            q.hi = b.hi;
        }
        R->hops--;
    }
    if (f->default_expr && tc_is_literal(f->default_expr) && f->default_expr->kind != AST_LIST) {
        quantity d = of(R, f->default_expr); /* a record without the field holds the default */
        hull(&q, &q, &d);
    }
    if (base->kind == T_DEC) {
        bool within_one = q.has_lo && q.has_hi && num_cmp(q.lo, num_int(-1)) >= 0 && num_cmp(q.hi, num_int(1)) <= 0;
        bool beyond_one = (q.has_hi && num_cmp(q.hi, num_int(1)) > 0) || (q.has_lo && num_cmp(q.lo, num_int(-1)) < 0);
        q.kind = within_one ? Q_RATIO : beyond_one ? Q_PLAIN : Q_UNKNOWN;
    }
    return q;
}

/* A field bounded by the divisor (`days_present: within 0..workdays`)
 * divided by it: at most 1. */
static bool bounded_by(const ranger *R, const ast *x, const ast *y)
{
    const field_spec *f = (x->kind == AST_NAME || x->kind == AST_MEMBER) ? field_read_by(R->p, x) : NULL;
    const ast *m = f ? f->max : NULL;
    return m && y->sym && m->sym == y->sym && y->kind == m->kind && !y->scope;
}

static quantity arith(ranger *R, const ast *e)
{
    quantity x = of(R, e->a), y = of(R, e->b), r = quantity_unknown();
    switch ((ast_op)e->op) {
    case OP_ADD: case OP_SUB:
        r = q_add(x, y, e->op == OP_SUB);
        r.kind = kind_join(&x, &y);
        break;
    case OP_MUL:
        r = q_mul(x, y);
        r.kind = kind_mul(&x, &y);
        break;
    case OP_DIV: {
        quantity inv;
        if (q_reciprocal(y, &inv)) r = q_mul(x, inv);
        if (bounded_by(R, e->a, e->b) && x.has_lo && num_sign(x.lo) >= 0) {
            r.has_lo = true; /* 0 <= x <= y, so x / y is within 0..1 */
            r.lo = num_int(0);
            if (!r.has_hi || num_cmp(r.hi, num_int(1)) > 0) r.hi = num_int(1);
            r.has_hi = true;
        }
        r.kind = kind_div(&x, &y);
        break;
    }
    default:
        break;
    }
    r.constant = x.constant && y.constant;
    return r;
}

/* Rounding of every kind is monotone: the bounds round the same way. */
static quantity rounded(ranger *R, const ast *e)
{
    quantity x = of(R, e->list.v[0]), r = x;
    int places = e->list.n > 1 ? (int)e->list.v[1]->num.value.num : 0;
    num_round_mode mode = e->index == BI_ROUND ? ROUND_HALF_UP : e->index == BI_ROUND_HALF_EVEN ? ROUND_HALF_EVEN
                        : e->index == BI_TRUNCATE ? ROUND_TRUNC : e->index == BI_FLOOR ? ROUND_FLOOR : ROUND_CEIL;
    r.has_lo = x.has_lo && num_round(NULL, x.lo, places, mode, &r.lo) == NUM_OK;
    r.has_hi = x.has_hi && num_round(NULL, x.hi, places, mode, &r.hi) == NUM_OK;
    if (places == 0 && x.kind == Q_RATIO) r.kind = Q_UNKNOWN; /* a whole number made from a ratio */
    return r;
}

/* The most entries a list can have, or -1 when unbounded. */
static int64_t most_entries(const ranger *R, const ast *e)
{
    if (!e) return -1;
    if (e->kind == AST_LIST) return e->list.n;
    if ((e->kind == AST_NAME || e->kind == AST_MEMBER) && !e->scope) {
        const field_spec *f = field_read_by(R->p, e);
        return f && f->is_list && f->max_entries >= 0 ? f->max_entries : -1;
    }
    if (e->kind == AST_CALL && e->index == BI_APPEND) {
        int64_t n = most_entries(R, e->list.v[0]);
        return n >= 0 ? n + 1 : -1;
    }
    if (e->kind == AST_CALL && e->index == BI_LAST) {
        int64_t n = most_entries(R, e->list.v[0]);
        const ast *k = e->list.v[1];
        if (k->kind == AST_NUMBER && num_is_int(k->num.value) && (n < 0 || k->num.value.num < n)) /* (a literal: never below 0) */
            return k->num.value.num;
        return n;
    }
    return -1;
}

static quantity aggregate(ranger *R, const ast *e)
{
    const ast *arg = e->list.v[0];
    bool compr = arg->kind == AST_COMPR;
    const ast *src = compr ? arg->b : arg;
    int64_t n = src->kind == AST_ROSTER ? -1 : most_entries(R, src);
    quantity r = quantity_unknown();
    if (e->index == BI_COUNT) {
        r.kind = Q_WHOLE;
        r.has_lo = true;
        r.lo = num_int(0);
        r.has_hi = n >= 0;
        r.hi = num_int(n);
        return r;
    }
    /* the values taken: `x over S`, `S` itself (a list stands for its
     * entries), or the roster's own values */
    quantity v = compr ? (arg->a ? of(R, arg->a) : of(R, src)) : of(R, arg);
    v.constant = false;
    if (e->index != BI_SUM) return v; /* min, max, mean: among the values (none is an error) */
    r.kind = v.kind;
    quantity zero = exactly(num_int(0), v.kind);
    if (n >= 0) { /* between n times the lowest and n times the highest, and 0 */
        quantity count = exactly(num_int(n), Q_WHOLE);
        quantity lo_n = q_mul(v, count);
        hull(&r, &lo_n, &zero);
        r.kind = v.kind;
        r.constant = false;
        return r;
    }
    r.has_lo = v.has_lo && num_sign(v.lo) >= 0;
    r.lo = num_int(0);
    r.has_hi = v.has_hi && num_sign(v.hi) <= 0;
    r.hi = num_int(0);
    return r;
}

static quantity call(ranger *R, const ast *e)
{
    quantity r = quantity_unknown();
    switch ((builtin_kind)e->index) {
    case BI_ROUND: case BI_ROUND_HALF_EVEN: case BI_TRUNCATE: case BI_FLOOR: case BI_CEIL:
        return rounded(R, e);
    case BI_ABS: {
        quantity x = of(R, e->list.v[0]);
        r.kind = x.kind;
        r.constant = x.constant;
        if (x.has_lo && num_sign(x.lo) >= 0) return x;
        if (x.has_hi && num_sign(x.hi) <= 0) {
            r.has_lo = num_neg(NULL, x.hi, &r.lo) == NUM_OK;
            r.has_hi = x.has_lo && num_neg(NULL, x.lo, &r.hi) == NUM_OK;
            return r;
        }
        r.has_lo = true;
        r.lo = num_int(0);
        kh_num nl;
        r.has_hi = x.has_lo && x.has_hi && num_neg(NULL, x.lo, &nl) == NUM_OK;
        if (r.has_hi) r.hi = num_cmp(nl, x.hi) >= 0 ? nl : x.hi;
        return r;
    }
    case BI_MIN: case BI_MAX:
        if (e->list.n > 1) {
            r = of(R, e->list.v[0]);
            for (int i = 1; i < e->list.n; i++) {
                quantity x = of(R, e->list.v[i]), acc = r;
                min_max_bounds(&r, &acc, &x, e->index == BI_MIN);
                r.kind = kind_join(&acc, &x);
                r.constant = acc.constant && x.constant;
            }
            return r;
        }
        return aggregate(R, e);
    case BI_SUM: case BI_COUNT: case BI_MEAN: /* (any and all are conditions, never numbers) */
        return aggregate(R, e);
    case BI_APPORTION:
        r.kind = of(R, e->list.v[0]).kind;
        return r;
    case BI_LAST:
        return of(R, e->list.v[0]);
    case BI_APPEND: {
        quantity a = of(R, e->list.v[0]), b = of(R, e->list.v[1]);
        if (e->list.v[0]->kind == AST_LIST && e->list.v[0]->list.n == 0) return b;
        hull(&r, &a, &b);
        r.kind = kind_join(&a, &b);
        return r;
    }
    case BI_DAYS_BETWEEN: case BI_MONTHS_BETWEEN:
        r.kind = Q_WHOLE;
        return r;
    case BI_DAYS_IN_MONTH:
        r.kind = Q_WHOLE;
        r.has_lo = r.has_hi = true;
        r.lo = num_int(28);
        r.hi = num_int(31);
        return r;
    case BI_MOD: {
        /* mod(a, b) lies between 0 and b (b excluded): [0, hi(b)] when b > 0 */
        quantity a = of(R, e->list.v[0]), b = of(R, e->list.v[1]);
        r.kind = a.kind;
        if (b.has_lo && num_sign(b.lo) > 0) {
            r.has_lo = true;
            r.lo = num_int(0);
            r.has_hi = b.has_hi;
            r.hi = b.hi;
        }
        return r;
    }
    default:
        return r;
    }
}

/* A part of a date, a month or a datetime. */
static quantity date_part(const ast *e)
{
    static const struct {
        const char *name;
        int lo, hi;
    } parts[] = {{"month", 1, 12}, {"day", 1, 31},    {"quarter", 1, 4},  {"weekday", 1, 7},
                 {"hour", 0, 23},  {"minute", 0, 59}, {"second", 0, 59}};
    quantity q = quantity_unknown();
    q.kind = Q_WHOLE;
    for (size_t i = 0; i < sizeof parts / sizeof parts[0]; i++)
        if (strcmp(e->str, parts[i].name) == 0) {
            q.has_lo = q.has_hi = true;
            q.lo = num_int(parts[i].lo);
            q.hi = num_int(parts[i].hi);
        }
    return q;
}

static quantity member(ranger *R, const ast *e)
{
    if (e->sym) return e->sym->kind == SYM_FIELD ? field_q(R, e->sym->field) : quantity_unknown();
    const ktype *bt = e->a->type;
    if (bt && (bt->kind == T_DATE || bt->kind == T_MONTH || bt->kind == T_DATETIME)) return date_part(e);
    /* a field of an object a definition builds: that field's expression */
    const ast *base = e->a;
    if (base->kind == AST_NAME && base->sym && base->sym->kind == SYM_DEF && !base->scope) {
        const ast *obj = base->sym->decl->a;
        if (obj->kind == AST_OBJECT)
            for (int i = 0; i < obj->list.n; i++)
                if (strcmp(obj->list.v[i]->str, e->str) == 0) return of(R, obj->list.v[i]->a);
        return quantity_unknown();
    }
    return field_q(R, field_read_by(R->p, e));
}

static quantity definition(ranger *R, symbol *s)
{
    if (!s->quantity) {
        quantity *q = arena_alloc(R->p->A, sizeof *q);
        *q = quantity_unknown(); /* while it is worked out (a cycle has been reported) */
        s->quantity = q;
        *q = of(R, s->decl->a);
        q->constant = false;
    }
    return *s->quantity;
}

/* The values of every branch (a, or each b of the list's items). */
static quantity branches(ranger *R, const ast *e, bool rows)
{
    quantity r = quantity_unknown();
    bool first = true;
    for (int i = 0; i < e->list.n; i++) {
        quantity v = of(R, rows ? e->list.v[i]->b : e->list.v[i]);
        if (first) {
            r = v;
            first = false;
            continue;
        }
        quantity acc = r;
        hull(&r, &acc, &v);
        r.kind = kind_join(&acc, &v);
        r.constant = acc.constant && v.constant;
    }
    r.constant = r.constant && !rows;
    return r;
}

static quantity ledger(ranger *R, const ast *e)
{
    quantity total = of(R, e->a);
    for (int i = 0; i < e->list.n; i++) {
        const ast *en = e->list.v[i];
        quantity amt = of(R, en->a), item = amt;
        if (en->op == ENTRY_PER) {
            quantity n = of(R, en->b);
            item = q_mul(amt, n);
            item.kind = kind_mul(&amt, &n);
            item.constant = false;
        } else if (en->op == ENTRY_WHEN) {
            quantity zero = exactly(num_int(0), amt.kind);
            hull(&item, &amt, &zero);
            item.constant = false;
        }
        quantity acc = total;
        total = q_add(acc, item, false);
        total.kind = kind_join(&acc, &item);
        total.constant = false;
    }
    return total;
}

static quantity of(ranger *R, const ast *e)
{
    quantity r = quantity_unknown();
    if (!e || !e->type || !(type_is_numeric(e->type) || (e->type->kind == T_LIST && e->type->elem &&
                                                          type_is_numeric(e->type->elem))))
        return r;
    switch ((ast_kind)e->kind) {
    case AST_NUMBER:
        return exactly(e->num.value, literal_kind(e));
    case AST_NAME:
        if (e->scope) return field_q(R, field_read_by(R->p, e));
        if (!e->sym) return r;
        switch (e->sym->kind) {
        case SYM_PARAM: r.kind = param_kind(e->sym); r.constant = true; return r;
        case SYM_FIELD: return field_q(R, e->sym->field);
        case SYM_DEF: return definition(R, e->sym);
        case SYM_GROUP: return r;
        }
        return r;
    case AST_EACH:
        r = of(R, e->scope ? e->scope->b : NULL); /* the list's entries */
        r.constant = false;
        return r;
    case AST_THIS:
        return of(R, e->a);
    case AST_MEMBER:
        return member(R, e);
    case AST_UNARY: {
        quantity x = of(R, e->a);
        if (e->op != OP_NEG) return x;
        r.kind = x.kind;
        r.constant = x.constant;
        r.has_lo = x.has_hi && num_neg(NULL, x.hi, &r.lo) == NUM_OK;
        r.has_hi = x.has_lo && num_neg(NULL, x.lo, &r.hi) == NUM_OK;
        return r;
    }
    case AST_BINARY: return arith(R, e);
    case AST_IF: {
        quantity b = of(R, e->b), c = of(R, e->c);
        hull(&r, &b, &c);
        r.kind = kind_join(&b, &c);
        return r;
    }
    case AST_WHEN: return branches(R, e, true);
    case AST_TIER: return branches(R, e, true);
    case AST_LIST: return branches(R, e, false);
    case AST_LEDGER: return ledger(R, e);
    case AST_CALL: return call(R, e);
    default: return r;
    }
}

quantity quantity_of(const program *p, const ast *e)
{
    ranger R = {p, 0};
    return of(&R, e);
}

quantity definition_quantity(const program *p, symbol *s)
{
    ranger R = {p, 0};
    return definition(&R, s);
}

/* ---- comparisons -------------------------------------------------------------- */

/* 1: x < y for every value; 0: never; -1: either. (or_equal: x <= y) */
static int less(const quantity *x, const quantity *y, bool or_equal)
{
    if (x->has_hi && y->has_lo) {
        int c = num_cmp(x->hi, y->lo);
        if (c < 0 || (or_equal && c == 0)) return 1;
    }
    if (x->has_lo && y->has_hi) {
        int c = num_cmp(x->lo, y->hi);
        if (c > 0 || (!or_equal && c == 0)) return 0;
    }
    return -1;
}

int quantity_compare(ast_op op, const quantity *x, const quantity *y)
{
    switch (op) {
    case OP_LT: return less(x, y, false);
    case OP_LE: return less(x, y, true);
    case OP_GT: return less(y, x, false);
    case OP_GE: return less(y, x, true);
    case OP_EQ: case OP_NE: {
        int eq = -1;
        if (less(x, y, false) == 1 || less(y, x, false) == 1) eq = 0;
        else if (x->has_lo && x->has_hi && y->has_lo && y->has_hi && num_eq(x->lo, x->hi) && num_eq(y->lo, y->hi) &&
                 num_eq(x->lo, y->lo))
            eq = 1;
        return op == OP_EQ || eq < 0 ? eq : !eq;
    }
    default: return -1;
    }
}

const char *quantity_range_text(const quantity *q, char *buf, size_t cap)
{
    char lo[96], hi[96];
    if (q->has_lo) num_to_chars(q->lo, 0, lo, sizeof lo);
    if (q->has_hi) num_to_chars(q->hi, 0, hi, sizeof hi);
    if (q->has_lo && q->has_hi && num_eq(q->lo, q->hi)) snprintf(buf, cap, _("always %s"), lo);
    else if (q->has_lo && q->has_hi) snprintf(buf, cap, _("within %s..%s"), lo, hi);
    else if (q->has_lo) snprintf(buf, cap, _("at least %s"), lo);
    else if (q->has_hi) snprintf(buf, cap, _("at most %s"), hi);
    else snprintf(buf, cap, "%s", "");
    return buf;
}
