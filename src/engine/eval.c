/*
 * eval.c — the evaluator: one pnode tree, one record.
 */
#include "eval.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "compiler.h"
#include "dates.h"
#include "roster.h"
#include "i18n.h"

static bool fail(evalctx *ctx, const pnode *n, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
static inline bool ev(evalctx *ctx, const pnode *n, value *out);

/* The block expressions stay out of line (KH_NOINLINE): eval_op, run for
 * every inner node, then keeps a small stack frame. */

static bool fail(evalctx *ctx, const pnode *n, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(ctx->err, sizeof ctx->err, fmt, ap);
    va_end(ap);
    ctx->err_node = n;
    ctx->err_def = ctx->current_def;
    return false;
}

/* Counts `cost` steps of work that no node accounts for (walking
 * or copying a list), so that the step limit also bounds loops over long
 * lists: count(xs) over xs, append(xs, each) over xs. */
static bool charge(evalctx *ctx, const pnode *n, uint32_t cost)
{
    if (ctx->steps > ctx->max_steps || cost > ctx->max_steps - ctx->steps)
        return fail(ctx, n, _("evaluation stopped: more than %u steps for one record"), ctx->max_steps);
    ctx->steps += cost;
    return true;
}

static bool num_fail(evalctx *ctx, const pnode *n, num_status st)
{
    if (st == NUM_DIV_ZERO) return fail(ctx, n, _("division by zero"));
    return fail(ctx, n, _("the result is too large to represent exactly (overflow: more than %d bits)"), NUM_MAX_BITS);
}

void eval_begin(evalctx *ctx, const plan *pl, const value *params, value *slots, arena *ar)
{
    ctx->pl = pl;
    ctx->params = params;
    ctx->slots = slots;
    ctx->ar = ar;
    ctx->defs = arena_alloc(ar, (size_t)(pl->ndefs + 1) * sizeof(value));
    ctx->defstate = arena_zalloc(ar, (size_t)(pl->ndefs + 1));
    if (ctx->no_trace) {
        ctx->ledgers = NULL;
        ctx->choices = NULL;
    } else {
        ctx->ledgers = arena_zalloc(ar, (size_t)(pl->nledgers + 1) * sizeof(ledger_result *));
        ctx->choices = arena_alloc(ar, (size_t)(pl->ntrace + 1) * sizeof(int32_t));
        memset(ctx->choices, 0xff, (size_t)(pl->ntrace + 1) * sizeof(int32_t));
    }
    ctx->steps = 0;
    ctx->nest = 0;
    if (!ctx->max_steps) ctx->max_steps = pl->max_steps ? pl->max_steps : EVAL_DEFAULT_STEPS;
    ctx->current_def = -1;
    memset(ctx->elem_at, 0xff, sizeof ctx->elem_at);
    ctx->touched = NULL;
    ctx->row = NULL;
    ctx->row_err = NULL;
    ctx->err[0] = '\0';
    ctx->err_node = NULL;
    ctx->err_def = -1;
}

void eval_error_message(const evalctx *ctx, char *text, size_t cap)
{
    const pnode *n = ctx->err_node;
    int k;
    if (ctx->err_def >= 0) k = snprintf(text, cap, _("%s in %s"), ctx->err, ctx->pl->def_syms[ctx->err_def]->name);
    else k = snprintf(text, cap, "%s", ctx->err);
    if (k < 0 || (size_t)k >= cap || !n || !n->src || !n->src->at.src) return;
    int line, col;
    source_position(n->src->at.src, n->src->at.start, &line, &col);
    snprintf(text + k, cap - (size_t)k, " (%s:%d:%d)", n->src->at.src->name, line, col);
}

bool eval_def(evalctx *ctx, int def, value *out)
{
    if (ctx->defstate[def] == VISIT_DONE) {
        *out = ctx->defs[def];
        return true;
    }
    if (ctx->defstate[def] == VISIT_WORKING) return fail(ctx, NULL, _("'%s' depends on itself"), ctx->pl->def_syms[def]->name);
    ctx->defstate[def] = VISIT_WORKING;
    int saved = ctx->current_def;
    ctx->current_def = def;
    bool ok = ev(ctx, ctx->pl->defs[def], &ctx->defs[def]);
    ctx->current_def = saved;
    if (!ok) {
        ctx->defstate[def] = VISIT_NOT_YET;
        return false;
    }
    ctx->defstate[def] = VISIT_DONE;
    *out = ctx->defs[def];
    return true;
}

/* ---- arithmetic and comparison ----------------------------------------- */

static bool arith(evalctx *ctx, const pnode *n, const value *a, const value *b, value *out)
{
    kh_num r;
    num_status st;
    switch ((pop)n->op) {
    case P_ADD: st = num_add(ctx->ar, a->n, b->n, &r); break;
    case P_SUB: st = num_sub(ctx->ar, a->n, b->n, &r); break;
    case P_MUL: st = num_mul(ctx->ar, a->n, b->n, &r); break;
    default: st = num_div(ctx->ar, a->n, b->n, &r); break;
    }
    if (st != NUM_OK) return num_fail(ctx, n, st);
    *out = value_num(r);
    return true;
}

int eval_dated_choice(const evalctx *ctx, int param, value *period)
{
    const dated_param *d = ctx->pl->dated ? ctx->pl->dated[param] : NULL;
    *period = (value){.kind = VK_NONE};
    if (ctx->slots && ctx->pl->group_slot >= 0) *period = ctx->slots[ctx->pl->group_slot];
    if (period->kind == VK_NONE && ctx->grp) *period = ctx->grp->key; /* a roster check */
    if (!d || period->kind != VK_MONTH) return -1;
    int k = -1;
    for (int i = 0; i < d->n; i++)
        if (d->from[i] <= period->month) k = i;
    return k;
}

/* A dated param's value, by the record's period (ev reads the others, which
 * hold one value, inline: only a dated one, with none in ctx->params, gets
 * here). */
static bool param_value(evalctx *ctx, const pnode *n, value *out)
{
    const symbol *s = ctx->pl->param_syms[n->index];
    value period;
    int k = eval_dated_choice(ctx, n->index, &period);
    if (k >= 0) {
        *out = ctx->pl->dated[n->index]->values[k];
        return true;
    }
    if (period.kind != VK_MONTH)
        return fail(ctx, n, _("the param '%s' has dated values, and there is no period to choose one by"), s->name);
    char pm[8], fm[8];
    month_format(period.month, pm);
    month_format(ctx->pl->dated[n->index]->from[0], fm);
    return fail(ctx, n, _("the param '%s' has no value for %s: its first value is from %s"), s->name, pm, fm);
}

/* A key as a message shows it ("manager", 0.5, 2014-07), appended to out. */
static void key_text(char *out, size_t cap, const value *v)
{
    char t[96];
    switch (v->kind) {
    case VK_TEXT: case VK_ENUM: {
        uint32_t len = value_text_len(v);
        snprintf(t, sizeof t, "\"%.*s\"", (int)(len > 60 ? 60 : len), v->s);
        break;
    }
    case VK_NUM: num_to_chars(v->n, 0, t, sizeof t); break;
    case VK_DATE: date_format(v->date, t); break;
    case VK_MONTH: month_format(v->month, t); break;
    case VK_DATETIME: datetime_format(v->dt, t); break;
    case VK_BOOL: snprintf(t, sizeof t, "%s", v->b ? "true" : "false"); break;
    default: snprintf(t, sizeof t, "?"); break;
    }
    size_t n = strlen(out);
    snprintf(out + n, cap > n ? cap - n : 0, "%s", t);
}

/* The row of a table the keys find: every key equal, but a banded last one,
 * where the row with the largest value not above it is taken. */
static bool table_row(evalctx *ctx, const pnode *n, value *out)
{
    const table_def *t = ctx->pl->prog->tables[n->index];
    value keys[8];
    if (n->nkids > (int)(sizeof keys / sizeof *keys)) return fail(ctx, n, _("a table is looked up by at most 8 keys"));
    for (int k = 0; k < n->nkids; k++)
        if (!ev(ctx, n->kids[k], &keys[k])) return false;
    int exact = t->banded ? t->nkeys - 1 : t->nkeys, found = -1;
    for (int i = 0; i < t->nrows; i++) { /* rows in key order: the last match is the largest band */
        const value *row = &t->rows[(size_t)i * t->ncols];
        bool match = true;
        for (int k = 0; k < exact && match; k++) match = value_equal(&row[t->keys[k]], &keys[k]);
        if (match && t->banded) match = value_compare(&row[t->keys[exact]], &keys[exact]) <= 0;
        if (match) found = i;
    }
    if (found >= 0) {
        *out = value_record(&t->rows[(size_t)found * t->ncols], (uint32_t)t->ncols);
        return true;
    }
    char keytext[512] = "";
    for (int k = 0; k < t->nkeys; k++) {
        const field_spec *col = t->cols[t->keys[k]];
        size_t len = strlen(keytext);
        snprintf(keytext + len, sizeof keytext - len, "%s%s %s ", k ? ", " : "", col->name, t->banded && k == exact ? "at most" : "=");
        key_text(keytext, sizeof keytext, &keys[k]);
    }
    return fail(ctx, n, _("table '%s' (%s) has no row with %s"), t->name, t->csv ? t->csv->name : "?", keytext);
}

/* mod(a, b) = a - b * floor(a / b): 0 <= mod < b for b > 0. */
static bool modulo(evalctx *ctx, const pnode *n, const value *a, const value *b, value *out)
{
    if (num_is_zero(b->n)) return fail(ctx, n, _("mod by zero"));
    kh_num q, p, r;
    num_status st = num_div(ctx->ar, a->n, b->n, &q);
    if (st == NUM_OK) st = num_round(ctx->ar, q, 0, ROUND_FLOOR, &q);
    if (st == NUM_OK) st = num_mul(ctx->ar, b->n, q, &p);
    if (st == NUM_OK) st = num_sub(ctx->ar, a->n, p, &r);
    if (st != NUM_OK) return num_fail(ctx, n, st);
    *out = value_num(r);
    return true;
}

/* The calendar of month (or date) a: its days, first or last date. */
static bool calendar(evalctx *ctx, const pnode *n, const value *a, value *out)
{
    int32_t mo = a->kind == VK_DATE ? date_month(a->date) : a->month;
    int y = month_year(mo), m = month_month(mo), days = date_days_in_month(y, m);
    if (n->op == P_DAYS_IN_MONTH) *out = value_int(days);
    else *out = value_date(date_from_ymd(y, m, n->op == P_FIRST_DAY ? 1 : days));
    return true;
}

/* date(year, month, day): a real calendar date, or the record's error. */
static bool make_date(evalctx *ctx, const pnode *n, const value *y, const value *m, const value *d, value *out)
{
    int64_t yy, mm, dd;
    if (!num_to_int64(y->n, &yy) || !num_to_int64(m->n, &mm) || !num_to_int64(d->n, &dd) || yy < 1 || yy > 9999 ||
        mm < 1 || mm > 12 || dd < 1 || dd > 31 || !date_valid_ymd((int)yy, (int)mm, (int)dd)) {
        char t[3][48];
        num_to_chars(y->n, 0, t[0], sizeof t[0]);
        num_to_chars(m->n, 0, t[1], sizeof t[1]);
        num_to_chars(d->n, 0, t[2], sizeof t[2]);
        return fail(ctx, n, _("date(%s, %s, %s) is not a calendar date (years 1 to 9999)"), t[0], t[1], t[2]);
    }
    *out = value_date(date_from_ymd((int)yy, (int)mm, (int)dd));
    return true;
}

static bool compare(pop op, const value *a, const value *b)
{
    if (op == P_EQ) return value_equal(a, b);
    if (op == P_NE) return !value_equal(a, b);
    int c = value_compare(a, b);
    switch (op) {
    case P_LT: return c < 0;
    case P_LE: return c <= 0;
    case P_GT: return c > 0;
    default: return c >= 0;
    }
}

bool eval_row_matches(uint8_t op, const value *subject, const value *threshold)
{
    int c = value_compare(subject, threshold);
    switch (op) {
    case ROW_GE: return c >= 0;
    case ROW_GT: return c > 0;
    case ROW_LE: return c <= 0;
    case ROW_LT: return c < 0;
    case ROW_EQ: return value_equal(subject, threshold);
    default: return true;
    }
}

/* ---- lists ---------------------------------------------------------------- */

static KH_NOINLINE bool list_aggregate(evalctx *ctx, const pnode *n, value *out)
{
    value list;
    if (!ev(ctx, n->a, &list)) return false;
    if (list.kind != VK_LIST) return fail(ctx, n, _("expected a list"));
    if (n->depth >= KH_MAX_OVER) return fail(ctx, n, _("'over' is nested too deeply"));
    if (!charge(ctx, n, list.len)) return false;
    builtin_kind fn = (builtin_kind)n->aux;
    kh_num sum = num_int(0);
    int64_t count = 0;
    value best = {.kind = VK_NONE};
    bool any = false, all = true;
    for (uint32_t i = 0; i < list.len; i++) {
        ctx->elems[n->depth] = &list.items[i];
        ctx->elem_at[n->depth] = i;
        if (n->c) {
            value keep;
            if (!ev(ctx, n->c, &keep)) return false;
            if (!keep.b) continue;
        }
        value v;
        if (n->b) {
            if (!ev(ctx, n->b, &v)) return false;
        } else {
            v = list.items[i];
        }
        count++;
        switch (fn) {
        case BI_SUM:
        case BI_MEAN: {
            num_status st = num_add(ctx->ar, sum, v.n, &sum);
            if (st != NUM_OK) return num_fail(ctx, n, st);
            break;
        }
        case BI_MIN:
            if (best.kind == VK_NONE || value_compare(&v, &best) < 0) best = v;
            break;
        case BI_MAX:
            if (best.kind == VK_NONE || value_compare(&v, &best) > 0) best = v;
            break;
        case BI_ANY: any |= v.b; break;
        case BI_ALL: all &= v.b; break;
        default: break;
        }
    }
    switch (fn) {
    case BI_SUM: *out = value_num(sum); return true;
    case BI_COUNT: *out = value_int(count); return true;
    case BI_ANY: *out = value_bool(any); return true;
    case BI_ALL: *out = value_bool(all); return true;
    case BI_MEAN: {
        if (count == 0) return fail(ctx, n, _("the mean of no values"));
        kh_num m;
        num_status st = num_div(ctx->ar, sum, num_int(count), &m);
        if (st != NUM_OK) return num_fail(ctx, n, st);
        *out = value_num(m);
        return true;
    }
    default:
        if (best.kind == VK_NONE) return fail(ctx, n, _("the %s of no values"), fn == BI_MIN ? _("minimum") : _("maximum"));
        *out = best;
        return true;
    }
}

static KH_NOINLINE bool last_n(evalctx *ctx, const pnode *n, value *out)
{
    value list, k;
    if (!ev(ctx, n->a, &list) || !ev(ctx, n->b, &k)) return false;
    if (num_sign(k.n) < 0) return fail(ctx, n, _("last(list, n) needs n of 0 or more"));
    int64_t want;
    uint32_t take = num_to_int64(k.n, &want) && (uint64_t)want < list.len ? (uint32_t)want : list.len;
    *out = value_list(list.items + (list.len - take), take);
    return true;
}

static KH_NOINLINE bool append(evalctx *ctx, const pnode *n, value *out)
{
    value list, item;
    if (!ev(ctx, n->a, &list) || !ev(ctx, n->b, &item)) return false;
    if (!charge(ctx, n, list.len)) return false;
    value *items = arena_alloc(ctx->ar, (size_t)(list.len + 1) * sizeof *items);
    if (list.len) memcpy(items, list.items, (size_t)list.len * sizeof *items);
    items[list.len] = item;
    *out = value_list(items, list.len + 1);
    return true;
}

static KH_NOINLINE bool build_items(evalctx *ctx, const pnode *n, value *out, bool record)
{
    value *items = arena_alloc(ctx->ar, (size_t)(n->nkids ? n->nkids : 1) * sizeof *items);
    for (int i = 0; i < n->nkids; i++)
        if (!ev(ctx, n->kids[i], &items[i])) return false;
    *out = record ? value_record(items, (uint32_t)n->nkids) : value_list(items, (uint32_t)n->nkids);
    return true;
}

/* ---- dates ------------------------------------------------------------- */

static KH_NOINLINE bool date_part(evalctx *ctx, const pnode *n, value *out)
{
    value v;
    if (!ev(ctx, n->a, &v)) return false;
    int y = 0, m = 0, d = 0, h = 0, mi = 0, s = 0;
    int32_t days = 0;
    if (v.kind == VK_MONTH) {
        y = month_year(v.month);
        m = month_month(v.month);
    } else if (v.kind == VK_DATE) {
        days = v.date;
        date_to_ymd(days, &y, &m, &d);
    } else if (v.kind == VK_DATETIME) {
        datetime_to_parts(v.dt, &days, &h, &mi, &s);
        date_to_ymd(days, &y, &m, &d);
    } else {
        return fail(ctx, n, _("expected a date"));
    }
    switch (n->index) {
    case DP_YEAR: *out = value_int(y); break;
    case DP_MONTH: *out = value_int(m); break;
    case DP_DAY: *out = value_int(d); break;
    case DP_QUARTER: *out = value_int((m - 1) / 3 + 1); break;
    case DP_WEEKDAY: *out = value_int(date_weekday(days)); break;
    case DP_HOUR: *out = value_int(h); break;
    case DP_MINUTE: *out = value_int(mi); break;
    case DP_SECOND: *out = value_int(s); break;
    case DP_DATE:
    default: *out = value_date(days); break;
    }
    return true;
}

/* ---- block expressions ----------------------------------------------------- */

static void trace(evalctx *ctx, const pnode *n, int32_t choice)
{
    if (ctx->choices) ctx->choices[n->trace] = choice; /* (every if, when and tier has its place: compile.c) */
}

static KH_NOINLINE bool when_chain(evalctx *ctx, const pnode *n, value *out)
{
    for (int i = 0; i < n->nkids; i += 2) {
        if (n->kids[i]) {
            value c;
            if (!ev(ctx, n->kids[i], &c)) return false;
            if (!c.b) continue;
        }
        trace(ctx, n, i / 2);
        return ev(ctx, n->kids[i + 1], out);
    }
    return fail(ctx, n, _("no branch of this 'when' applies"));
}

static KH_NOINLINE bool tier_table(evalctx *ctx, const pnode *n, value *out)
{
    value subject;
    if (!ev(ctx, n->a, &subject)) return false;
    for (int i = 0; i < n->nkids; i += 2) {
        if (n->kids[i]) {
            value th;
            if (!ev(ctx, n->kids[i], &th)) return false;
            if (!eval_row_matches(n->aux_ops[i / 2], &subject, &th)) continue;
        }
        trace(ctx, n, i / 2);
        return ev(ctx, n->kids[i + 1], out);
    }
    if (subject.kind == VK_NUM) { /* the value that fell in the gap, exactly */
        buf b = {0};
        num_write(&b, subject.n, 0);
        bool r = fail(ctx, n, _("no row of this tier table matches the value %.60s"), b.data ? b.data : "?");
        buf_free(&b);
        return r;
    }
    if (subject.kind == VK_TEXT || subject.kind == VK_ENUM)
        return fail(ctx, n, _("no row of this tier table matches the value \"%.*s\""), (int)(value_text_len(&subject) > 60 ? 60 : value_text_len(&subject)), subject.s);
    return fail(ctx, n, _("no row of this tier table matches"));
}

static KH_NOINLINE bool ledger(evalctx *ctx, const pnode *n, value *out)
{
    value start;
    if (!ev(ctx, n->a, &start)) return false;
    int entries = n->nkids / 2;
    ledger_result *lr = NULL;
    if (ctx->ledgers) {
        lr = arena_alloc(ctx->ar, sizeof *lr + (size_t)entries * sizeof(ledger_item));
        lr->n = entries;
        lr->start = start.n;
    }
    kh_num total = start.n;
    for (int i = 0; i < entries; i++) {
        uint8_t op = n->aux_ops[i];
        value amount, x;
        kh_num contribution = num_int(0), count = num_int(1);
        bool applied = true;
        if (op == ENTRY_WHEN) {
            if (!ev(ctx, n->kids[2 * i + 1], &x)) return false;
            applied = x.b;
        }
        if (applied) {
            if (!ev(ctx, n->kids[2 * i], &amount)) return false;
            contribution = amount.n;
            if (op == ENTRY_PER) {
                if (!ev(ctx, n->kids[2 * i + 1], &x)) return false;
                count = x.n;
                num_status st = num_mul(ctx->ar, amount.n, count, &contribution);
                if (st != NUM_OK) return num_fail(ctx, n->kids[2 * i], st);
            }
            applied = !num_is_zero(contribution);
            num_status st = num_add(ctx->ar, total, contribution, &total);
            if (st != NUM_OK) return num_fail(ctx, n->kids[2 * i], st);
        }
        if (lr) lr->items[i] = (ledger_item){applied, contribution, count};
    }
    if (lr) {
        lr->total = total;
        ctx->ledgers[n->index] = lr;
    }
    trace(ctx, n, entries);
    *out = value_num(total);
    return true;
}

/* ---- roster lookups -------------------------------------------------------- */

/* A roster value that is not there: the reason it could not be worked out
 * for this roster, or (never expected) one that was left out. */
static bool roster_missing(evalctx *ctx, const pnode *n, const char *why)
{
    if (why) return fail(ctx, n, _("%s"), why);
    return fail(ctx, n, _("internal error: a roster value was read that was not worked out for this roster"));
}

/* One entry's part in a roster function that reads this.x, added to what
 * the entries before it gave. */
typedef struct per_record_acc {
    int64_t count;
    num_acc sum;
    value best;
    bool any, not_all;
} per_record_acc;

static bool per_record_add(evalctx *ctx, const pnode *n, const ragg *r, per_record_acc *a, const value *v)
{
    switch (r->fn) {
    case BI_SUM: case BI_MEAN:
        if (num_acc_add(&a->sum, v->n) != NUM_OK) return fail(ctx, n, _("the total over the roster overflows"));
        break;
    case BI_MIN: case BI_MAX: {
        int cmp = a->count ? value_compare(v, &a->best) : -1;
        if (r->fn == BI_MAX && a->count) cmp = -cmp;
        if (cmp < 0) a->best = *v;
        break;
    }
    case BI_ANY: case BI_ALL:
        if (v->b) a->any = true;
        else a->not_all = true;
        break;
    default: break;
    }
    a->count++;
    return true;
}

static bool per_record_final(evalctx *ctx, const pnode *n, const ragg *r, per_record_acc *a, value *out)
{
    kh_num sum;
    switch (r->fn) {
    case BI_COUNT: *out = value_int(a->count); return true;
    case BI_ANY: *out = value_bool(a->any); return true;
    case BI_ALL: *out = value_bool(!a->not_all); return true;
    case BI_MIN: case BI_MAX:
        if (!a->count) break;
        *out = a->best;
        return true;
    default: /* sum, mean */
        if (num_acc_value(&a->sum, ctx->ar, &sum) != NUM_OK) return fail(ctx, n, _("the total over the roster overflows"));
        if (r->fn == BI_SUM) {
            *out = value_num(sum);
            return true;
        }
        if (!a->count) break;
        if (num_div(ctx->ar, sum, num_int(a->count), &out->n) != NUM_OK) return fail(ctx, n, _("the mean over the roster overflows"));
        out->kind = VK_NUM;
        return true;
    }
    return fail(ctx, n, _("the %s over the roster has no values to look at for this record"),
                r->fn == BI_MIN ? _("minimum") : r->fn == BI_MAX ? _("maximum") : _("mean"));
}

/* A roster function that reads this.x: its value and condition worked out
 * for each entry of the roster, from the entry's columns and this record's
 * own values. */
static KH_NOINLINE bool per_record_value(evalctx *ctx, const pnode *n, value *out)
{
    const roster_group *g = ctx->grp;
    const ragg *r = &ctx->pl->raggs[n->index];
    if (!g || !g->agg_ready[n->index]) return roster_missing(ctx, n, g ? g->agg_err[n->index] : NULL);
    const roster_rows *rows = &g->rows[n->index];
    const value *saved_row = ctx->row;
    const char *saved_err = ctx->row_err;
    uint32_t saved_rec = ctx->row_rec;
    per_record_acc a = {0};
    num_acc_init(&a.sum);
    bool ok = true;
    for (uint32_t pos = 0; ok && pos < g->nrecs; pos++) {
        if (!rows->set || !rows->set[pos]) continue; /* refused, or not needed */
        ctx->row = rows->v + (size_t)pos * (size_t)r->ncols;
        ctx->row_err = rows->err[pos];
        ctx->row_rec = g->recs[pos];
        value f = value_bool(true), v = value_bool(true);
        if (r->filter && !(ok = ev(ctx, r->filter, &f))) break;
        if (!f.b) continue;
        if (r->value && !(ok = ev(ctx, r->value, &v))) break;
        ok = per_record_add(ctx, n, r, &a, &v);
    }
    ctx->row = saved_row;
    ctx->row_err = saved_err;
    ctx->row_rec = saved_rec;
    if (ok) ok = per_record_final(ctx, n, r, &a, out);
    num_acc_free(&a.sum);
    return ok;
}

/* Column n->index of the roster entry being looked at. */
static bool column_value(evalctx *ctx, const pnode *n, value *out)
{
    if (!ctx->row) return fail(ctx, n, _("internal error: a roster entry's value was read outside its roster function"));
    if (ctx->row_err)
        return fail(ctx, n, _("record \"%s\": %s"), ctx->rec_id ? ctx->rec_id(ctx->rec_id_ud, ctx->row_rec) : "?", ctx->row_err);
    *out = ctx->row[n->index];
    return true;
}

static KH_NOINLINE bool roster_value(evalctx *ctx, const pnode *n, value *out)
{
    const roster_group *g = ctx->grp;
    const ragg *r = &ctx->pl->raggs[n->index];
    if (r->ncols) return per_record_value(ctx, n, out);
    if (ctx->touched && r->fn == BI_APPORTION) ctx->touched[n->index] = 1;
    if (!g || !g->agg_ready[n->index]) return roster_missing(ctx, n, g ? g->agg_err[n->index] : NULL);
    if (r->fn == BI_APPORTION) {
        *out = g->alloc[n->index] ? g->alloc[n->index][ctx->pos] : value_int(0);
        return true;
    }
    *out = g->agg[n->index];
    if (out->kind == VK_NONE)
        return fail(ctx, n, _("the %s over the roster has no values to look at"),
                    r->fn == BI_MIN ? _("minimum") : r->fn == BI_MAX ? _("maximum") : _("mean"));
    return true;
}

/* The key of an element, for a key that is the element or its field
 * (rfirst.key_of_entry). */
static value entry_key(const pnode *key, const value *item) { return key->op == P_ELEM ? *item : item->items[key->index]; }

/* first in roster from the elements the record holds (first_table.held,
 * without FIRST_HELD_MORE), for a key that is the element or its field:
 * element `at` holds its key when its bit is set, or when it has the key
 * of an element whose bit is.  Counts the step and checks the limits of
 * evaluating at's key, as a lookup does; false when a limit is reached
 * (the lookup then fails as before). */
static bool first_from_held(evalctx *ctx, const rfirst *f, uint32_t held, uint32_t at, value *out)
{
    if (ctx->steps >= ctx->max_steps || ctx->nest >= KH_MAX_NEST) return false;
    ctx->steps++;
    bool mine = at < 31 && (held >> at & 1);
    if (at < 31) held &= ~(UINT32_C(1) << at);
    if (!mine && held) {
        const value *items = ctx->elems[f->depth] - at;
        value key = entry_key(f->key, &items[at]);
        for (uint32_t e = 0; held && !mine && key.kind != VK_NONE; e++, held >>= 1) {
            if (!(held & 1)) continue;
            value other = entry_key(f->key, &items[e]);
            mine = value_equal(&key, &other);
        }
    }
    *out = value_bool(mine);
    return true;
}

static KH_NOINLINE bool first_in_roster(evalctx *ctx, const pnode *n, value *out)
{
    const rfirst *f = &ctx->pl->firsts[n->index];
    const roster_group *g = ctx->grp;
    if (!g || !g->first_ready[n->index]) return roster_missing(ctx, n, g ? g->first_err[n->index] : NULL);
    const first_table *t = &g->firsts[n->index];
    uint32_t at = ctx->elem_at[f->depth];
    if (t->held && f->key_of_entry && at != EVAL_NO_ELEM && !(t->held[ctx->pos] & FIRST_HELD_MORE) &&
        first_from_held(ctx, f, t->held[ctx->pos], at, out))
        return true;
    value key;
    if (!ev(ctx, f->key, &key)) return false;
    *out = value_bool(first_held_by(&g->firsts[n->index], &key, ctx->rec));
    return true;
}

/* ---- the dispatcher ------------------------------------------------------ */

static bool eval_op(evalctx *ctx, const pnode *n, value *out);

static bool eval_inner(evalctx *ctx, const pnode *n, value *out)
{
    if (ctx->steps > ctx->max_steps)
        return fail(ctx, n, _("evaluation stopped: more than %u steps for one record"), ctx->max_steps);
    if (ctx->nest >= KH_MAX_NEST)
        return fail(ctx, n, _("evaluation stopped: values nested more than %d deep (definitions using definitions...)"),
                    KH_MAX_NEST);
    ctx->nest++;
    bool ok = eval_op(ctx, n, out);
    ctx->nest--;
    return ok;
}

/* Constants, input fields, params and definitions already worked out are
 * most of the nodes a record evaluates: they are read here, without a call
 * (each still counts a step; the limit is checked at the next inner node). */
static inline bool ev(evalctx *ctx, const pnode *n, value *out)
{
    ctx->steps++;
    switch ((pop)n->op) {
    case P_CONST: *out = n->k; return true;
    case P_SLOT: *out = ctx->slots[n->index]; return true;
    case P_PARAM:
        *out = ctx->params[n->index];
        if (out->kind == VK_NONE) break; /* dated: eval_op */
        return true;
    case P_DEF:
        if (ctx->defstate[n->index] != VISIT_DONE) break;
        *out = ctx->defs[n->index];
        return true;
    default: break;
    }
    return eval_inner(ctx, n, out);
}

bool eval_node(evalctx *ctx, const pnode *n, value *out) { return ev(ctx, n, out); }

static bool eval_op(evalctx *ctx, const pnode *n, value *out)
{
    value a, b;
    switch ((pop)n->op) {
    case P_CONST: *out = n->k; return true;
    case P_SLOT: *out = ctx->slots[n->index]; return true;
    case P_DEF: return eval_def(ctx, n->index, out);
    case P_PARAM: return param_value(ctx, n, out);
    case P_ELEM: *out = *ctx->elems[n->depth]; return true;
    case P_ELEM_FIELD: *out = ctx->elems[n->depth]->items[n->index]; return true;
    case P_GROUP: return build_items(ctx, n, out, true);
    case P_FIELD:
        if (!ev(ctx, n->a, &a)) return false;
        *out = a.items[n->index];
        return true;
    case P_DATE_PART: return date_part(ctx, n, out);
    case P_NEG: {
        if (!ev(ctx, n->a, &a)) return false;
        kh_num r;
        num_status st = num_neg(ctx->ar, a.n, &r);
        if (st != NUM_OK) return num_fail(ctx, n, st);
        *out = value_num(r);
        return true;
    }
    case P_NOT:
        if (!ev(ctx, n->a, &a)) return false;
        *out = value_bool(!a.b);
        return true;
    case P_ADD: case P_SUB: case P_MUL: case P_DIV:
        if (!ev(ctx, n->a, &a) || !ev(ctx, n->b, &b)) return false;
        return arith(ctx, n, &a, &b, out);
    case P_EQ: case P_NE: case P_LT: case P_LE: case P_GT: case P_GE:
        if (!ev(ctx, n->a, &a) || !ev(ctx, n->b, &b)) return false;
        if (a.kind == VK_LIST && !charge(ctx, n, a.len)) return false; /* lists compare entry by entry */
        *out = value_bool(compare((pop)n->op, &a, &b));
        return true;
    case P_AND:
        if (!ev(ctx, n->a, &a)) return false;
        if (!a.b) { *out = a; return true; }
        return ev(ctx, n->b, out);
    case P_OR:
        if (!ev(ctx, n->a, &a)) return false;
        if (a.b) { *out = a; return true; }
        return ev(ctx, n->b, out);
    case P_IN:
        if (!ev(ctx, n->a, &a) || !ev(ctx, n->b, &b)) return false;
        if (!charge(ctx, n, b.len)) return false;
        for (uint32_t i = 0; i < b.len; i++)
            if (value_equal(&a, &b.items[i])) { *out = value_bool(true); return true; }
        *out = value_bool(false);
        return true;
    case P_IF:
        if (!ev(ctx, n->a, &a)) return false;
        trace(ctx, n, a.b ? 0 : 1);
        return ev(ctx, a.b ? n->b : n->c, out);
    case P_WHEN: return when_chain(ctx, n, out);
    case P_TIER: return tier_table(ctx, n, out);
    case P_LEDGER: return ledger(ctx, n, out);
    case P_ROUND: {
        if (!ev(ctx, n->a, &a)) return false;
        kh_num r;
        num_status st = num_round(ctx->ar, a.n, n->index, (num_round_mode)n->aux, &r);
        if (st != NUM_OK) return num_fail(ctx, n, st);
        *out = value_num(r);
        return true;
    }
    case P_ABS: {
        if (!ev(ctx, n->a, &a)) return false;
        kh_num r;
        num_status st = num_abs(ctx->ar, a.n, &r);
        if (st != NUM_OK) return num_fail(ctx, n, st);
        *out = value_num(r);
        return true;
    }
    case P_MIN_OF: case P_MAX_OF:
        for (int i = 0; i < n->nkids; i++) {
            if (!ev(ctx, n->kids[i], &b)) return false;
            int c = i ? value_compare(&b, out) : 0;
            if (i == 0 || (n->op == P_MIN_OF ? c < 0 : c > 0)) *out = b;
        }
        return true;
    case P_LIST_AGG: return list_aggregate(ctx, n, out);
    case P_ROSTER_AGG: return roster_value(ctx, n, out);
    case P_FIRST: return first_in_roster(ctx, n, out);
    case P_LAST: return last_n(ctx, n, out);
    case P_APPEND: return append(ctx, n, out);
    case P_MONTH_OF:
        if (!ev(ctx, n->a, &a)) return false;
        *out = value_month(date_month(a.kind == VK_DATETIME ? datetime_date(a.dt) : a.date));
        return true;
    case P_DATE_OF:
        if (!ev(ctx, n->a, &a)) return false;
        *out = value_date(datetime_date(a.dt));
        return true;
    case P_DAYS_BETWEEN:
        if (!ev(ctx, n->a, &a) || !ev(ctx, n->b, &b)) return false;
        *out = value_int((int64_t)b.date - a.date);
        return true;
    case P_MONTHS_BETWEEN:
        if (!ev(ctx, n->a, &a) || !ev(ctx, n->b, &b)) return false;
        *out = value_int((int64_t)b.month - a.month);
        return true;
    case P_TABLE: return table_row(ctx, n, out);
    case P_DAYS_IN_MONTH: case P_FIRST_DAY: case P_LAST_DAY:
        if (!ev(ctx, n->a, &a)) return false;
        return calendar(ctx, n, &a, out);
    case P_MOD:
        if (!ev(ctx, n->a, &a) || !ev(ctx, n->b, &b)) return false;
        return modulo(ctx, n, &a, &b, out);
    case P_MAKE_DATE: {
        value d;
        if (!ev(ctx, n->a, &a) || !ev(ctx, n->b, &b) || !ev(ctx, n->c, &d)) return false;
        return make_date(ctx, n, &a, &b, &d, out);
    }
    case P_LIST: return build_items(ctx, n, out, false);
    case P_OBJECT: return build_items(ctx, n, out, true);
    case P_THIS: return ev(ctx, n->a, out);
    case P_COLUMN: return column_value(ctx, n, out);
    case P_PRESENT:
        if (!ev(ctx, n->a, out)) return false;
        if (out->kind == VK_NONE) return fail(ctx, n, _("%s"), n->k.s);
        return true;
    }
    return fail(ctx, n, _("internal error: unknown plan node"));
}
