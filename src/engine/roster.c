/*
 * roster.c — roster groups and their aggregates: contributions record by
 * record, then the final value per period (min/max with their holders,
 * sums, counts, means, any/all, largest-remainder shares, and the owner of
 * each key for `first in roster`).
 */
#include "roster_build.h"

#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "mem.h"
#include "vec.h"
#include "i18n.h"

/* ---- hashing values ------------------------------------------------------ */

uint64_t value_hash(const value *v)
{
    uint64_t h = 1469598103934665603ull;
    const unsigned char *p;
    size_t n;
    switch (v->kind) {
    case VK_TEXT: case VK_ENUM: p = (const unsigned char *)v->s; n = value_text_len(v); break;
    case VK_NUM: return num_hash(v->n);
    case VK_DATE: p = (const unsigned char *)&v->date; n = sizeof v->date; break;
    case VK_MONTH: p = (const unsigned char *)&v->month; n = sizeof v->month; break;
    case VK_DATETIME: p = (const unsigned char *)&v->dt; n = sizeof v->dt; break;
    case VK_BOOL: return v->b ? 3 : 5;
    case VK_LIST: case VK_RECORD: /* from its entries, as value_equal compares them */
        for (uint32_t i = 0; i < v->len; i++) h = (h ^ value_hash(&v->items[i])) * 1099511628211ull;
        return h ^ (uint64_t)v->kind;
    default: return 7;
    }
    for (size_t i = 0; i < n; i++) h = (h ^ p[i]) * 1099511628211ull;
    return h;
}

/* ---- first-in-roster tables ---------------------------------------------- */

#define FIRST_HASH(slot) ((uint32_t)(slot))
#define FIRST_ENTRY(slot) ((uint32_t)((slot) >> 32) - 1)

const first_entry *first_lookup(const first_table *t, const value *key)
{
    if (!t->cap) return NULL;
    uint32_t h = first_key_hash(key);
    for (uint32_t j = h & (t->cap - 1); t->slots[j]; j = (j + 1) & (t->cap - 1)) {
        const first_entry *e = &t->entries[FIRST_ENTRY(t->slots[j])];
        if (FIRST_HASH(t->slots[j]) == h && value_equal(&e->key, key)) return e;
    }
    return NULL;
}

bool first_held_by(const first_table *t, const value *key, uint32_t rec)
{
    if (!t->cap) return false;
    uint32_t h = first_key_hash(key);
    /* keys are unique in t: key's entry is the only one equal to it, so it
     * is rec's exactly when an entry rec holds is equal to it */
    for (uint32_t j = h & (t->cap - 1); t->slots[j]; j = (j + 1) & (t->cap - 1)) {
        if (FIRST_HASH(t->slots[j]) != h) continue;
        const first_entry *e = &t->entries[FIRST_ENTRY(t->slots[j])];
        if (e->owner == rec && value_equal(&e->key, key)) return true;
    }
    return false;
}

void first_mark_held(first_table *t, uint32_t nrecs, uint32_t (*pos_of)(const void *ud, uint32_t rec), const void *ud)
{
    t->held = mem_calloc(nrecs ? nrecs : 1, sizeof *t->held);
    for (uint32_t i = 0; i < t->n; i++) {
        const first_entry *e = &t->entries[i];
        t->held[pos_of(ud, e->owner)] |= e->elem < 31 ? UINT32_C(1) << e->elem : FIRST_HELD_MORE;
    }
}

/* Twice the slots, placed again by their hashes (no key is read). */
static void first_grow(first_table *t)
{
    uint32_t cap = t->cap ? t->cap * 2 : 64;
    uint64_t *slots = mem_calloc(cap, sizeof *slots);
    for (uint32_t i = 0; i < t->cap; i++) {
        if (!t->slots[i]) continue;
        uint32_t j = FIRST_HASH(t->slots[i]) & (cap - 1);
        while (slots[j]) j = (j + 1) & (cap - 1);
        slots[j] = t->slots[i];
    }
    mem_free(t->slots);
    t->slots = slots;
    t->cap = cap;
}

static int tuple_compare(const value *a, const value *b, int n)
{
    for (int i = 0; i < n; i++) {
        int c = value_compare(&a[i], &b[i]);
        if (c) return c;
    }
    return 0;
}

uint32_t first_key_hash(const value *key) { return (uint32_t)value_hash(key); }

void first_prefetch(const first_table *t, uint32_t hash)
{
    if (t->cap) __builtin_prefetch(&t->slots[hash & (t->cap - 1)]);
}

void first_offer(first_table *t, int k, const value *key, uint32_t h, const value *orders, int norders, uint32_t rec,
                 uint32_t elem, const roster_env *env, arena *keep)
{
    if (key->kind == VK_NONE) return; /* an absent key belongs to no one */
    if ((t->n + 1) * 4 > t->cap * 3) first_grow(t); /* at most three quarters full */
    uint32_t j = h & (t->cap - 1);
    for (; t->slots[j]; j = (j + 1) & (t->cap - 1)) {
        first_entry *e = &t->entries[FIRST_ENTRY(t->slots[j])];
        if (FIRST_HASH(t->slots[j]) == h && value_equal(&e->key, key)) {
            value *held = env->scratch;
            if (env->first_orders(env->ud, k, e->owner, e->elem, held) && tuple_compare(orders, held, norders) < 0) {
                e->owner = rec;
                e->elem = elem;
            }
            return;
        }
    }
    VEC_RESERVE(t->entries, t->n + 1, t->room);
    first_entry *e = &t->entries[t->n];
    e->key = value_keep_made(keep, *key); /* for the table's life; a text points into a packed record */
    e->owner = rec;
    e->elem = elem;
    t->slots[j] = (uint64_t)(t->n + 1) << 32 | h;
    t->n++;
}

/* ---- groups -------------------------------------------------------------- */

void group_init(roster_group *g, const plan *pl, value key)
{
    memset(g, 0, sizeof *g);
    g->key = key;
    int n = pl->nraggs ? pl->nraggs : 1;
    g->agg = mem_calloc((size_t)n, sizeof *g->agg);
    g->agg_ready = mem_calloc((size_t)n, 1);
    g->agg_err = mem_calloc((size_t)n, sizeof *g->agg_err);
    g->members = mem_calloc((size_t)n, sizeof *g->members);
    g->nmembers = mem_calloc((size_t)n, sizeof *g->nmembers);
    g->alloc = mem_calloc((size_t)n, sizeof *g->alloc);
    int nf = pl->nfirsts ? pl->nfirsts : 1;
    g->firsts = mem_calloc((size_t)nf, sizeof *g->firsts);
    g->first_ready = mem_calloc((size_t)nf, 1);
    g->first_err = mem_calloc((size_t)nf, sizeof *g->first_err);
    g->need = mem_calloc((size_t)(pl->nraggs + pl->nfirsts + 1), 1);
    g->acc = mem_calloc((size_t)n, sizeof *g->acc);
    g->rows = mem_calloc((size_t)n, sizeof *g->rows);
    for (int k = 0; k < n; k++) {
        num_acc_init(&g->acc[k].sum);
        num_acc_init(&g->acc[k].weight_total);
        g->acc[k].pool = num_int(0);
        g->acc[k].broken_rec = NO_RECORD;
    }
}

void group_add(roster_group *g, uint32_t rec)
{
    VEC_RESERVE(g->recs, g->nrecs + 1, g->cap);
    g->recs[g->nrecs++] = rec;
}

static void members_push(roster_group *g, int k, uint32_t rec, uint32_t *cap)
{
    VEC_RESERVE(g->members[k], g->nmembers[k] + 1, *cap);
    g->members[k][g->nmembers[k]++] = rec;
}

void group_free(roster_group *g, const plan *pl)
{
    for (int k = 0; k < pl->nraggs; k++) {
        mem_free(g->members[k]);
        mem_free(g->alloc[k]);
        mem_free(g->acc[k].shares);
        num_acc_free(&g->acc[k].sum);
        num_acc_free(&g->acc[k].weight_total);
        mem_free(g->acc[k].paid);
    }
    for (int k = 0; k < pl->nfirsts; k++) {
        mem_free(g->firsts[k].slots);
        mem_free(g->firsts[k].entries);
        mem_free(g->firsts[k].held);
    }
    mem_free(g->recs);
    mem_free(g->agg);
    mem_free(g->agg_ready);
    mem_free(g->agg_err);
    mem_free(g->members);
    mem_free(g->nmembers);
    mem_free(g->alloc);
    mem_free(g->firsts);
    mem_free(g->first_ready);
    mem_free(g->first_err);
    mem_free(g->need);
    mem_free(g->acc);
    for (int k = 0; k < pl->nraggs; k++) {
        mem_free(g->rows[k].v);
        mem_free(g->rows[k].err);
        mem_free(g->rows[k].set);
    }
    mem_free(g->rows);
}

/* ---- contributions ------------------------------------------------------- */

bool contrib_pool(const plan *pl, int k, evalctx *ctx, value *out)
{
    return eval_node(ctx, pl->raggs[k].pool, out);
}

bool contrib_eval(const plan *pl, int k, evalctx *ctx, contrib *out)
{
    const ragg *r = &pl->raggs[k];
    out->counted = true;
    out->v = value_bool(true);
    out->pool = (value){.kind = VK_NONE};
    out->pool_err = NULL;
    out->err = NULL;
    if (r->filter) {
        value f;
        if (!eval_node(ctx, r->filter, &f)) return false;
        out->counted = f.b;
    }
    if (out->counted && r->value && !eval_node(ctx, r->value, &out->v)) return false;
    if (r->fn == BI_APPORTION) {
        if (out->counted && num_sign(out->v.n) < 0) {
            char w[96];
            num_to_chars(out->v.n, 0, w, sizeof w);
            snprintf(ctx->err, sizeof ctx->err, _("its weight (%s) is below 0: apportion shares by weights of 0 or more"), w);
            ctx->err_node = r->value;
            ctx->err_def = -1;
            return false;
        }
    }
    return true;
}

bool contrib_columns(const plan *pl, int k, evalctx *ctx, contrib *c)
{
    const ragg *r = &pl->raggs[k];
    c->cols = arena_alloc(ctx->ar, (size_t)r->ncols * sizeof *c->cols);
    for (int i = 0; i < r->ncols; i++)
        if (!eval_node(ctx, r->cols[i]->a, &c->cols[i])) return false;
    return true;
}

void group_keep_row(roster_group *g, const plan *pl, int k, uint32_t pos, const contrib *c, const char *why, arena *keep)
{
    const ragg *r = &pl->raggs[k];
    roster_rows *rows = &g->rows[k];
    if (!rows->set) {
        rows->v = mem_calloc((size_t)g->nrecs * (size_t)r->ncols + 1, sizeof *rows->v);
        rows->err = mem_calloc((size_t)g->nrecs + 1, sizeof *rows->err);
        rows->set = mem_calloc((size_t)g->nrecs + 1, 1);
    }
    rows->set[pos] = 1;
    if (why) {
        rows->err[pos] = arena_strdup(keep, why);
        return;
    }
    for (int i = 0; i < r->ncols; i++) rows->v[(size_t)pos * (size_t)r->ncols + (size_t)i] = value_keep_deep(keep, c->cols[i]);
}

/* The pool (or a weight) as text, with the decimals of the apportion's type. */
static void amount_text(const ragg *r, kh_num n, char *out, size_t cap)
{
    num_to_chars(n, r->type->kind == T_MONEY ? 2 : 0, out, cap);
}

bool group_accumulate(roster_group *g, const plan *pl, int k, uint32_t rec, uint32_t pos, const contrib *c, arena *keep,
                      const char **why)
{
    const ragg *r = &pl->raggs[k];
    agg_acc *a = &g->acc[k];
    if (r->fn == BI_APPORTION) {
        /* one pool for all: the usual case.  Otherwise the records reading a
         * share decide (apportion_pool) */
        if (c->pool_err || (a->pool_known && !num_eq(a->pool, c->pool.n))) {
            a->pool_disputed = true;
        } else if (!a->pool_known) {
            a->pool = num_keep(keep, c->pool.n);
            a->pool_known = true;
        }
    }
    if (!c->counted) return true;
    const value *v = &c->v;
    switch (r->fn) {
    case BI_COUNT:
        a->count++;
        if (r->keep_members) members_push(g, k, rec, &a->members_cap);
        break;
    case BI_SUM:
    case BI_MEAN:
        /* an overflowing total is wrong for every record that reads it, not
         * only the one whose value tipped it over */
        if (num_acc_add(&a->sum, v->n) != NUM_OK) {
            *why = _("the roster's total overflows when its value is added");
            return false;
        }
        a->count++;
        break;
    case BI_MIN:
    case BI_MAX: {
        int cmp = a->count ? value_compare(v, &a->best) : -2;
        if (r->fn == BI_MAX && cmp != -2) cmp = -cmp;
        if (cmp < 0) {
            a->best = value_keep(keep, *v);
            g->nmembers[k] = 0;
        }
        if (cmp <= 0) members_push(g, k, rec, &a->members_cap);
        a->count++;
        break;
    }
    case BI_ANY:
    case BI_ALL:
        if (v->b) a->any = true;
        else a->not_all = true;
        /* the records a failed check names: for any(), those that hold it;
         * for all(), those that break it (not the ones that hold it) */
        if (r->keep_members && v->b == (r->fn == BI_ANY)) members_push(g, k, rec, &a->members_cap);
        a->count++;
        break;
    case BI_APPORTION:
        VEC_RESERVE(a->shares, a->nshares + 1, a->cap_shares);
        a->shares[a->nshares++] = (share){pos, rec, num_keep(keep, v->n)};
        if (num_acc_add(&a->weight_total, v->n) != NUM_OK) {
            *why = _("the total of the apportion weights overflows when its weight is added");
            return false;
        }
        break;
    default:
        break;
    }
    return true;
}

void group_break(roster_group *g, int k, uint32_t rec, const char *why, arena *keep)
{
    agg_acc *a = &g->acc[k];
    if (a->broken) return; /* the first cause, in input order, is the one named */
    a->broken = arena_strdup(keep, why);
    a->broken_rec = rec;
}

/* ---- largest remainder --------------------------------------------------- */

/* One share worked out exactly: floor + rem units. */
typedef struct part {
    uint32_t share;  /* index into the accumulator's shares */
    kh_num floor;    /* whole units */
    kh_num rem;      /* the fraction of a unit left over, in [0, 1) */
    value tie;       /* filled only for a run of equal remainders that matters */
} part;

static int by_remainder(const void *x, const void *y, void *ud)
{
    const part *a = x, *b = y;
    const share *shares = ud;
    int c = num_cmp(b->rem, a->rem); /* larger remainder first */
    if (c) return c;
    uint32_t pa = shares[a->share].pos, pb = shares[b->share].pos;
    return (pa > pb) - (pa < pb);
}

static int by_tie(const void *x, const void *y, void *ud)
{
    const part *a = x, *b = y;
    const share *shares = ud;
    int c = value_compare(&a->tie, &b->tie);
    if (c) return c;
    uint32_t pa = shares[a->share].pos, pb = shares[b->share].pos;
    return (pa > pb) - (pa < pb);
}

static bool same_remainder(const part *a, const part *b) { return num_eq(a->rem, b->rem); }

/* Each share's exact part of `units` whole units: floor and remainder, in
 * T.  Returns the units left over once every floor is handed out (false on
 * overflow). */
static bool apportion_parts(const agg_acc *a, kh_num units, kh_num total, part *parts, arena *T, int64_t *left)
{
    kh_num handed = num_int(0);
    for (uint32_t i = 0; i < a->nshares; i++) {
        kh_num exact;
        part *p = &parts[i];
        p->share = i;
        p->tie = (value){.kind = VK_NONE};
        if (num_mul(T, units, a->shares[i].w, &exact) != NUM_OK || num_div(T, exact, total, &exact) != NUM_OK ||
            num_round(T, exact, 0, ROUND_FLOOR, &p->floor) != NUM_OK || num_sub(T, exact, p->floor, &p->rem) != NUM_OK ||
            num_add(T, handed, p->floor, &handed) != NUM_OK)
            return false;
    }
    kh_num rest; /* 0 <= rest < nshares: each floor is short by less than a unit */
    return num_sub(T, units, handed, &rest) == NUM_OK && num_to_int64(rest, left);
}

static const char *rec_name(const roster_env *env, uint32_t rec)
{
    return env->rec_id ? env->rec_id(env->ud, rec) : "?";
}

/* The records of g do not all see one pool, or some cannot work it out: the
 * pool is the one the records whose outputs may read a share see (false:
 * one of them cannot work it out, or they differ).  When none does (another
 * roster function reads the shares), every record's view counts. */
static bool apportion_pool(roster_group *g, const plan *pl, int k, const roster_env *env, arena *keep, char *err,
                           size_t cap)
{
    const ragg *r = &pl->raggs[k];
    agg_acc *a = &g->acc[k];
    uint8_t *reads = mem_alloc(g->nrecs + 1);
    bool any_reader = false, ok = true;
    for (uint32_t i = 0; i < g->nrecs; i++) any_reader |= reads[i] = env->reads(env->ud, k, g->recs[i]);
    a->pool_known = false;
    for (uint32_t i = 0; i < g->nrecs && ok; i++) {
        uint32_t rec = g->recs[i];
        if (any_reader && !reads[i]) continue;
        value p;
        char why[512];
        if (!env->pool(env->ud, k, rec, &p, why, sizeof why)) {
            a->broken_rec = rec;
            snprintf(err, cap, "record \"%s\": %s", rec_name(env, rec), why);
            ok = false;
        } else if (!a->pool_known) {
            a->pool = num_keep(keep, p.n);
            a->pool_known = true;
        } else if (!num_eq(a->pool, p.n)) {
            char mine[96], before[96];
            amount_text(r, p.n, mine, sizeof mine);
            amount_text(r, a->pool, before, sizeof before);
            a->broken_rec = rec;
            snprintf(err, cap,
                     _("record \"%s\": the pool as it sees it (%s) differs from the pool of the records before it (%s)"),
                     rec_name(env, rec), mine, before);
            ok = false;
        }
    }
    mem_free(reads);
    return ok;
}

/* The cases in which no share can be handed out: they are errors for the
 * records that read a share, never a silent 0 (money that vanishes). */
static bool apportion_shareable(roster_group *g, const plan *pl, int k, const roster_env *env, arena *keep, kh_num total,
                                char *err, size_t cap)
{
    const ragg *r = &pl->raggs[k];
    agg_acc *a = &g->acc[k];
    char pool[96];
    if (a->pool_disputed && !apportion_pool(g, pl, k, env, keep, err, cap)) return false;
    if (a->nshares == 0) {
        if (num_is_zero(a->pool)) return true;
        amount_text(r, a->pool, pool, sizeof pool);
        snprintf(err, cap,
                 _("no record passes the condition after 'where', so the pool of %s cannot be shared: say in the "
                 "policy what happens then, e.g. 'if count(roster where ...) > 0 then apportion(...) else 0'"),
                 pool);
        return false;
    }
    if (num_sign(a->pool) < 0) {
        amount_text(r, a->pool, pool, sizeof pool);
        snprintf(err, cap,
                 _("the pool to share is below 0 (%s): say in the policy what a negative pool means, e.g. 'if pool > 0 "
                 "then apportion(...) else 0'"),
                 pool);
        return false;
    }
    if (!num_is_zero(a->pool) && num_is_zero(total)) {
        amount_text(r, a->pool, pool, sizeof pool);
        snprintf(err, cap,
                 _("every weight is 0, so the pool of %s cannot be shared: say in the policy what happens then, e.g. "
                 "'if sum(weight over roster) > 0 then apportion(...) else 0'"),
                 pool);
        return false;
    }
    return true;
}

static bool apportion_finish(roster_group *g, const plan *pl, int k, const roster_env *env, arena *keep, char *err,
                             size_t cap)
{
    const ragg *r = &pl->raggs[k];
    agg_acc *a = &g->acc[k];
    value *alloc = mem_calloc(g->nrecs ? g->nrecs : 1, sizeof *alloc);
    for (uint32_t i = 0; i < g->nrecs; i++) alloc[i] = value_int(0);
    g->alloc[k] = alloc;
    if (a->broken) {
        snprintf(err, cap, "%s", a->broken);
        return false;
    }
    arena *T = arena_new(64 * 1024); /* the working, freed at the end */
    kh_num total = num_int(0);
    if (num_acc_value(&a->weight_total, T, &total) != NUM_OK) {
        snprintf(err, cap, _("the total of the apportion weights overflows"));
        arena_free(T);
        return false;
    }
    if (!apportion_shareable(g, pl, k, env, keep, total, err, cap)) {
        arena_free(T);
        return false;
    }
    if (a->nshares == 0 || num_is_zero(a->pool)) { /* a pool of 0: every share is 0 */
        arena_free(T);
        return true;
    }
    /* units: cents for money, ones for whole numbers */
    kh_num unit = num_int(r->type->kind == T_MONEY ? 100 : 1), units;
    if (num_mul(T, a->pool, unit, &units) != NUM_OK || !num_is_int(units)) {
        buf pool = {0};
        num_write(&pool, a->pool, 0);
        snprintf(err, cap, _("the pool to apportion (%.200s) is not a whole number of %s"), pool.data,
                 unit.num == 100 ? "cents" : "units");
        buf_free(&pool);
        arena_free(T);
        return false;
    }
    part *parts = mem_calloc(a->nshares, sizeof *parts);
    int64_t left = 0;
    bool ok = apportion_parts(a, units, total, parts, T, &left);
    if (!ok) snprintf(err, cap, _("the apportion is too large to work out exactly (overflow)"));
    if (ok) qsort_r(parts, a->nshares, sizeof *parts, by_remainder, a->shares);
    /* The first `left` shares get a unit more.  Only a run of equal
     * remainders across that boundary needs the tie rule: work out those
     * records' tie keys and order the run by them. */
    if (ok && left > 0 && left < (int64_t)a->nshares && same_remainder(&parts[left - 1], &parts[left])) {
        uint32_t lo = (uint32_t)left - 1, hi = (uint32_t)left + 1;
        while (lo > 0 && same_remainder(&parts[lo - 1], &parts[lo])) lo--;
        while (hi < a->nshares && same_remainder(&parts[hi - 1], &parts[hi])) hi++;
        for (uint32_t i = lo; i < hi && ok; i++) {
            uint32_t rec = a->shares[parts[i].share].rec;
            char why[512];
            value tie;
            if (!env->tie_key(env->ud, k, rec, &tie, why, sizeof why)) {
                a->broken_rec = rec;
                snprintf(err, cap, _("record \"%s\": its tie-break key cannot be worked out: %s"), rec_name(env, rec), why);
                ok = false;
            } else {
                parts[i].tie = value_keep(T, tie); /* the next tie key's evaluation reuses its arena */
            }
        }
        if (ok) qsort_r(parts + lo, hi - lo, sizeof *parts, by_tie, a->shares);
    }
    for (uint32_t i = 0; i < a->nshares && ok; i++) {
        kh_num u = parts[i].floor, v;
        if ((int64_t)i < left && num_add(T, u, num_int(1), &u) != NUM_OK) ok = false;
        if (ok && num_div(keep, u, unit, &v) != NUM_OK) ok = false;
        if (!ok) {
            snprintf(err, cap, _("a share is too large"));
            break;
        }
        alloc[a->shares[parts[i].share].pos] = value_num(v);
    }
    mem_free(parts);
    arena_free(T);
    return ok;
}

kh_num apportion_paid(const roster_group *g, int k, arena *keep)
{
    const agg_acc *a = &g->acc[k];
    kh_num total = num_int(0);
    if (!g->alloc[k] || !a->paid) return total;
    for (uint32_t i = 0; i < g->nrecs; i++)
        if (a->paid[i] && g->alloc[k][i].kind == VK_NUM) num_add(keep, total, g->alloc[k][i].n, &total); /* at most the pool */
    return total;
}

bool group_finish(roster_group *g, const plan *pl, int k, const roster_env *env, arena *keep, char *err, size_t cap)
{
    const ragg *r = &pl->raggs[k];
    agg_acc *a = &g->acc[k];
    g->agg_ready[k] = 1;
    if (r->fn == BI_APPORTION) return apportion_finish(g, pl, k, env, keep, err, cap);
    if (a->broken) {
        snprintf(err, cap, "%s", a->broken);
        return false;
    }
    switch (r->fn) {
    case BI_COUNT: g->agg[k] = value_int(a->count); return true;
    case BI_SUM:
    case BI_MEAN: {
        kh_num sum, mean;
        if (num_acc_value(&a->sum, keep, &sum) != NUM_OK) {
            snprintf(err, cap, _("the roster's total overflows"));
            return false;
        }
        if (r->fn == BI_SUM) {
            g->agg[k] = value_num(sum);
            return true;
        }
        if (a->count == 0) { g->agg[k] = (value){.kind = VK_NONE}; return true; }
        if (num_div(keep, sum, num_int(a->count), &mean) != NUM_OK) {
            snprintf(err, cap, _("the roster's mean overflows"));
            return false;
        }
        g->agg[k] = value_num(mean);
        return true;
    }
    case BI_MIN: case BI_MAX:
        g->agg[k] = a->count ? a->best : (value){.kind = VK_NONE};
        return true;
    case BI_ANY: g->agg[k] = value_bool(a->any); return true;
    case BI_ALL: g->agg[k] = value_bool(!a->not_all); return true;
    default: return true;
    }
}
