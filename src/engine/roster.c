/*
 * roster.c — roster groups and their aggregates: contributions record by
 * record, then the final value per period (min/max with their holders,
 * sums, counts, means, any/all, largest-remainder shares, and the owner of
 * each key for `first in roster`).
 */
#include "roster_build.h"

#include <stdlib.h>
#include <string.h>

/* ---- hashing values ------------------------------------------------------ */

uint64_t value_hash(const value *v)
{
    uint64_t h = 1469598103934665603ull;
    const unsigned char *p;
    size_t n;
    switch (v->kind) {
    case VK_TEXT: case VK_ENUM: p = (const unsigned char *)v->s; n = value_text_len(v); break;
    case VK_NUM: p = (const unsigned char *)&v->n; n = sizeof v->n; break;
    case VK_DATE: p = (const unsigned char *)&v->date; n = sizeof v->date; break;
    case VK_MONTH: p = (const unsigned char *)&v->month; n = sizeof v->month; break;
    case VK_DATETIME: p = (const unsigned char *)&v->dt; n = sizeof v->dt; break;
    case VK_BOOL: return v->b ? 3 : 5;
    default: return 7;
    }
    for (size_t i = 0; i < n; i++) h = (h ^ p[i]) * 1099511628211ull;
    return h;
}

/* ---- first-in-roster tables ---------------------------------------------- */

/* A key of VK_NONE marks an empty slot, so a key never has that kind. */
static bool slot_used(const first_entry *e) { return e->key.kind != VK_NONE; }

const first_entry *first_lookup(const first_table *t, const value *key)
{
    if (!t->cap) return NULL;
    uint32_t h = (uint32_t)value_hash(key);
    uint32_t j = h & (t->cap - 1);
    while (slot_used(&t->slots[j])) {
        if (t->hashes[j] == h && value_equal(&t->slots[j].key, key)) return &t->slots[j];
        j = (j + 1) & (t->cap - 1);
    }
    return NULL;
}

static void first_grow(first_table *t)
{
    uint32_t cap = t->cap ? t->cap * 2 : 64;
    first_entry *slots = calloc(cap, sizeof *slots);
    uint32_t *hashes = malloc(cap * sizeof *hashes);
    if (!slots || !hashes) abort();
    for (uint32_t i = 0; i < t->cap; i++) {
        if (!slot_used(&t->slots[i])) continue;
        uint32_t j = t->hashes[i] & (cap - 1);
        while (slot_used(&slots[j])) j = (j + 1) & (cap - 1);
        slots[j] = t->slots[i];
        hashes[j] = t->hashes[i];
    }
    free(t->slots);
    free(t->hashes);
    t->slots = slots;
    t->hashes = hashes;
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

void first_offer(first_table *t, int k, const value *key, const value *orders, int norders, uint32_t rec, uint32_t elem,
                 const roster_env *env)
{
    if (key->kind == VK_NONE) return; /* an absent key belongs to no one */
    if ((t->n + 1) * 4 > t->cap * 3) first_grow(t); /* at most three quarters full */
    uint32_t h = (uint32_t)value_hash(key);
    uint32_t j = h & (t->cap - 1);
    while (slot_used(&t->slots[j])) {
        first_entry *e = &t->slots[j];
        if (t->hashes[j] == h && value_equal(&e->key, key)) {
            value held[16];
            if (env->first_orders(env->ud, k, e->owner, e->elem, held) && tuple_compare(orders, held, norders) < 0) {
                e->owner = rec;
                e->elem = elem;
                e->key = *key;
            }
            return;
        }
        j = (j + 1) & (t->cap - 1);
    }
    first_entry *e = &t->slots[j];
    e->key = *key;
    e->owner = rec;
    e->elem = elem;
    t->hashes[j] = h;
    t->n++;
}

/* ---- groups -------------------------------------------------------------- */

void group_init(roster_group *g, const plan *pl, value key)
{
    memset(g, 0, sizeof *g);
    g->key = key;
    int n = pl->nraggs ? pl->nraggs : 1;
    g->agg = calloc((size_t)n, sizeof *g->agg);
    g->agg_ready = calloc((size_t)n, 1);
    g->agg_err = calloc((size_t)n, sizeof *g->agg_err);
    g->members = calloc((size_t)n, sizeof *g->members);
    g->nmembers = calloc((size_t)n, sizeof *g->nmembers);
    g->alloc = calloc((size_t)n, sizeof *g->alloc);
    g->firsts = calloc((size_t)(pl->nfirsts ? pl->nfirsts : 1), sizeof *g->firsts);
    g->acc = calloc((size_t)n, sizeof *g->acc);
    if (!g->agg || !g->agg_ready || !g->agg_err || !g->members || !g->nmembers || !g->alloc || !g->firsts || !g->acc) abort();
    for (int k = 0; k < n; k++) g->acc[k].sum = g->acc[k].pool = g->acc[k].weight_total = num_int(0);
}

void group_add(roster_group *g, uint32_t rec)
{
    if (g->nrecs == g->cap) {
        g->cap = g->cap ? g->cap * 2 : 16;
        g->recs = realloc(g->recs, g->cap * sizeof *g->recs);
        if (!g->recs) abort();
    }
    g->recs[g->nrecs++] = rec;
}

static void members_push(roster_group *g, int k, uint32_t rec, uint32_t *cap)
{
    if (g->nmembers[k] == *cap) {
        *cap = *cap ? *cap * 2 : 8;
        g->members[k] = realloc(g->members[k], *cap * sizeof(uint32_t));
        if (!g->members[k]) abort();
    }
    g->members[k][g->nmembers[k]++] = rec;
}

void group_free(roster_group *g, const plan *pl)
{
    for (int k = 0; k < pl->nraggs; k++) {
        free(g->members[k]);
        free(g->alloc[k]);
        free(g->acc[k].shares);
    }
    for (int k = 0; k < pl->nfirsts; k++) {
        free(g->firsts[k].slots);
        free(g->firsts[k].hashes);
    }
    free(g->recs);
    free(g->agg);
    free(g->agg_ready);
    free(g->agg_err);
    free(g->members);
    free(g->nmembers);
    free(g->alloc);
    free(g->firsts);
    free(g->acc);
}

/* ---- contributions ------------------------------------------------------- */

static value copy_scalar(arena *A, value v)
{
    if (v.kind == VK_TEXT) v.s = arena_strndup(A, v.s, v.len);
    return v;
}

bool contrib_eval(const plan *pl, int k, evalctx *ctx, contrib *out)
{
    const ragg *r = &pl->raggs[k];
    out->counted = true;
    out->v = value_bool(true);
    out->pool = (value){.kind = VK_NONE};
    if (r->filter) {
        value f;
        if (!eval_node(ctx, r->filter, &f)) return false;
        if (!f.b) {
            out->counted = false;
            return true;
        }
    }
    if (r->value && !eval_node(ctx, r->value, &out->v)) return false;
    if (r->fn == BI_APPORTION) {
        if (!eval_node(ctx, r->pool, &out->pool)) return false;
        if (num_sign(out->v.n) < 0) {
            snprintf(ctx->err, sizeof ctx->err, "a weight for apportion is negative");
            ctx->err_node = r->value;
            return false;
        }
    }
    return true;
}

bool group_accumulate(roster_group *g, const plan *pl, int k, uint32_t rec, uint32_t pos, const contrib *c, arena *keep,
                      const char **why)
{
    const ragg *r = &pl->raggs[k];
    agg_acc *a = &g->acc[k];
    if (!c->counted) return true;
    const value *v = &c->v;
    switch (r->fn) {
    case BI_COUNT:
        a->count++;
        if (r->keep_members) members_push(g, k, rec, &a->members_cap);
        break;
    case BI_SUM:
    case BI_MEAN:
        /* an overflowing total is wrong for every record of the roster, not
         * only the one whose value tipped it over */
        if (!a->broken && num_add(a->sum, v->n, &a->sum) != NUM_OK) a->broken = "the roster's total overflows";
        a->count++;
        break;
    case BI_MIN:
    case BI_MAX: {
        int cmp = a->count ? value_compare(v, &a->best) : -2;
        if (r->fn == BI_MAX && cmp != -2) cmp = -cmp;
        if (cmp < 0) {
            a->best = copy_scalar(keep, *v);
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
        if (a->nshares == 0) {
            a->pool = c->pool.n;
        } else if (!num_eq(a->pool, c->pool.n)) {
            *why = "the pool to apportion differs between records of one roster";
            return false;
        }
        if (a->nshares == a->cap_shares) {
            a->cap_shares = a->cap_shares ? a->cap_shares * 2 : 16;
            a->shares = realloc(a->shares, a->cap_shares * sizeof *a->shares);
            if (!a->shares) abort();
        }
        a->shares[a->nshares++] = (share){pos, rec, v->n};
        if (!a->broken && num_add(a->weight_total, v->n, &a->weight_total) != NUM_OK)
            a->broken = "the total of the apportion weights overflows";
        break;
    default:
        break;
    }
    return true;
}

/* ---- largest remainder --------------------------------------------------- */

typedef __int128 i128;

/* One share worked out exactly: floor + rem/den units. */
typedef struct part {
    uint32_t share;  /* index into the accumulator's shares */
    i128 floor, rem, den;
    value tie;       /* filled only for a run of equal remainders that matters */
} part;

static int by_remainder(const void *x, const void *y, void *ud)
{
    const part *a = x, *b = y;
    const share *shares = ud;
    /* larger remainder first: compare rem_a / den_a with rem_b / den_b */
    i128 l = a->rem * b->den, r = b->rem * a->den;
    if (l != r) return l > r ? -1 : 1;
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

static bool same_remainder(const part *a, const part *b) { return a->rem * b->den == b->rem * a->den; }

static bool apportion_finish(roster_group *g, const plan *pl, int k, const roster_env *env, char *err, size_t cap)
{
    const ragg *r = &pl->raggs[k];
    agg_acc *a = &g->acc[k];
    value *alloc = calloc(g->nrecs ? g->nrecs : 1, sizeof *alloc);
    if (!alloc) abort();
    for (uint32_t i = 0; i < g->nrecs; i++) alloc[i] = value_int(0);
    g->alloc[k] = alloc;
    if (a->broken) {
        snprintf(err, cap, "%s", a->broken);
        return false;
    }
    if (a->nshares == 0 || num_sign(a->pool) <= 0 || num_is_zero(a->weight_total)) return true;
    /* units: cents for money, ones for whole numbers */
    i128 unit_den = r->type->kind == T_MONEY ? 100 : 1;
    i128 pool_num = (i128)a->pool.num * unit_den;
    if (pool_num % a->pool.den != 0) {
        char pool[NUM_FMT_MAX];
        num_format(a->pool, 0, pool);
        snprintf(err, cap, "the pool to apportion (%s) is not a whole number of %s", pool, unit_den == 100 ? "cents" : "units");
        return false;
    }
    i128 units = pool_num / a->pool.den;
    part *parts = calloc(a->nshares, sizeof *parts);
    if (!parts) abort();
    i128 handed = 0;
    bool ok = true;
    for (uint32_t i = 0; i < a->nshares && ok; i++) {
        share *s = &a->shares[i];
        /* exact share in units: units * q with q = w / W reduced; q.den fits
         * 64 bits, so the cross products of the remainders fit 128 */
        kh_num q;
        i128 num;
        if (num_div(s->w, a->weight_total, &q) != NUM_OK || __builtin_mul_overflow(units, (i128)q.num, &num)) {
            snprintf(err, cap, "the apportion is too large to work out exactly (overflow)");
            ok = false;
            break;
        }
        parts[i] = (part){i, num / q.den, num % q.den, q.den, {.kind = VK_NONE}};
        handed += parts[i].floor;
    }
    i128 left = units - handed;
    if (ok) qsort_r(parts, a->nshares, sizeof *parts, by_remainder, a->shares);
    /* The first `left` shares get a unit more.  Only a run of equal
     * remainders across that boundary needs the tie rule: work out those
     * records' tie keys and order the run by them. */
    if (ok && left > 0 && left < (i128)a->nshares && same_remainder(&parts[left - 1], &parts[left])) {
        uint32_t lo = (uint32_t)left - 1, hi = (uint32_t)left + 1;
        while (lo > 0 && same_remainder(&parts[lo - 1], &parts[lo])) lo--;
        while (hi < a->nshares && same_remainder(&parts[hi - 1], &parts[hi])) hi++;
        for (uint32_t i = lo; i < hi && ok; i++)
            if (!env->tie_key(env->ud, k, a->shares[parts[i].share].rec, &parts[i].tie)) {
                snprintf(err, cap, "the tie-break key of an apportion could not be worked out");
                ok = false;
            }
        if (ok) qsort_r(parts + lo, hi - lo, sizeof *parts, by_tie, a->shares);
    }
    for (uint32_t i = 0; i < a->nshares && ok; i++) {
        i128 u = parts[i].floor + ((i128)i < left ? 1 : 0);
        kh_num v;
        if (u > INT64_MAX || num_make((int64_t)u, (int64_t)unit_den, &v) != NUM_OK) {
            snprintf(err, cap, "a share is too large");
            ok = false;
            break;
        }
        alloc[a->shares[parts[i].share].pos] = value_num(v);
    }
    free(parts);
    return ok;
}

bool group_finish(roster_group *g, const plan *pl, int k, const roster_env *env, char *err, size_t cap)
{
    const ragg *r = &pl->raggs[k];
    agg_acc *a = &g->acc[k];
    g->agg_ready[k] = 1;
    switch (r->fn) {
    case BI_COUNT: g->agg[k] = value_int(a->count); return true;
    case BI_SUM:
    case BI_MEAN:
        if (a->broken) {
            snprintf(err, cap, "%s", a->broken);
            return false;
        }
        if (r->fn == BI_SUM) {
            g->agg[k] = value_num(a->sum);
            return true;
        }
        if (a->count == 0) { g->agg[k] = (value){.kind = VK_NONE}; return true; }
        {
            kh_num m;
            if (num_div(a->sum, num_int(a->count), &m) != NUM_OK) { snprintf(err, cap, "the roster's mean overflows"); return false; }
            g->agg[k] = value_num(m);
        }
        return true;
    case BI_MIN: case BI_MAX:
        g->agg[k] = a->count ? a->best : (value){.kind = VK_NONE};
        return true;
    case BI_ANY: g->agg[k] = value_bool(a->any); return true;
    case BI_ALL: g->agg[k] = value_bool(!a->not_all); return true;
    case BI_APPORTION: return apportion_finish(g, pl, k, env, err, cap);
    default: return true;
    }
}
