/*
 * demand.c — which roster values a roster needs (see demand.h).
 */
#include "demand.h"
#include "mem.h"

#include <limits.h>
#include <stdlib.h>
#include <string.h>

/* Longest list of roster values kept for a definition (def_reach): a
 * definition that leads to more is always walked. */
#define DEF_REACH_MAX 64

int demand_count(const plan *pl) { return pl->nraggs + pl->nfirsts; }

bool demand_gathers_again(const plan *pl, int phase) { return phase > 1 && pl->resweep[phase]; }

int demand_phase(const plan *pl, int x)
{
    return x < pl->nraggs ? pl->raggs[x].phase : pl->firsts[x - pl->nraggs].phase;
}

/* ---- phases of nodes ------------------------------------------------------ */

typedef struct prep {
    plan *pl;
    int16_t *def_rphase;   /* [ndefs] -1: not worked out yet */
} prep;

static int rphase(prep *p, pnode *n)
{
    if (!n) return 0;
    int r = 0;
    switch ((pop)n->op) {
    case P_DEF:
        if (p->def_rphase[n->index] < 0) p->def_rphase[n->index] = (int16_t)rphase(p, p->pl->defs[n->index]);
        r = p->def_rphase[n->index];
        break;
    case P_ROSTER_AGG:
        r = p->pl->raggs[n->index].phase;
        break;
    case P_FIRST: {
        rfirst *f = &p->pl->firsts[n->index];
        int k = rphase(p, f->key); /* the key is worked out where it is read */
        r = f->phase > k ? f->phase : k;
        break;
    }
    default: {
        int k = rphase(p, n->a);
        if (k > r) r = k;
        k = rphase(p, n->b);
        if (k > r) r = k;
        k = rphase(p, n->c);
        if (k > r) r = k;
        for (int i = 0; i < n->nkids; i++) {
            k = rphase(p, n->kids[i]);
            if (k > r) r = k;
        }
        break;
    }
    }
    n->rphase = (int16_t)r;
    return r;
}

/* ---- what the parts of a roster value read --------------------------------- */

typedef struct reach {
    const plan *pl;
    uint32_t *def_stamp;   /* [ndefs] walk that last visited the definition */
    uint32_t *val_stamp;   /* [roster values] walk that last collected it */
    uint32_t stamp;
    int32_t *found;
    int nfound;
    int limit;             /* stop once more than this many are found */
} reach;

static void collect(reach *r, const pnode *n)
{
    if (!n || n->rphase == 0 || r->nfound > r->limit) return; /* reads no roster value */
    const plan *pl = r->pl;
    int x = -1;
    switch ((pop)n->op) {
    case P_DEF:
        if (r->def_stamp[n->index] == r->stamp) return;
        r->def_stamp[n->index] = r->stamp;
        collect(r, pl->defs[n->index]);
        return;
    case P_ROSTER_AGG:
        x = n->index;
        break;
    case P_FIRST:
        x = pl->nraggs + n->index;
        collect(r, pl->firsts[n->index].key);
        break;
    default:
        collect(r, n->a);
        collect(r, n->b);
        collect(r, n->c);
        for (int i = 0; i < n->nkids; i++) collect(r, n->kids[i]);
        return;
    }
    if (r->val_stamp[x] == r->stamp) return;
    r->val_stamp[x] = r->stamp;
    r->found[r->nfound++] = x;
}

static int32_t *found_list(reach *r, arena *A)
{
    int32_t *list = arena_alloc(A, (size_t)(r->nfound + 1) * sizeof *list);
    if (r->nfound) memcpy(list, r->found, (size_t)r->nfound * sizeof *list);
    list[r->nfound] = -1;
    return list;
}

/* A decision whose condition reads roster values of phase `cond` and whose
 * guarded part reads some of phase `guarded`: from the pass of phase
 * cond + 1 on, the condition is known, and a walk may skip the guarded part
 * for a record. */
static void refines(plan *pl, int cond, int guarded)
{
    if (cond < 1) return; /* known while reading: the first walk decides it */
    for (int p = cond + 1; p <= guarded && p <= pl->max_phase; p++) pl->resweep[p] = 1;
}

static void find_refinements(plan *pl, const pnode *n)
{
    if (!n || n->rphase < 2) return; /* a refinement needs phases 1 and 2 at least */
    switch ((pop)n->op) {
    case P_IF: refines(pl, n->a->rphase, n->rphase); break;
    case P_AND: case P_OR: refines(pl, n->a->rphase, n->b->rphase); break;
    case P_WHEN:
        for (int i = 0; i < n->nkids; i += 2)
            if (n->kids[i]) refines(pl, n->kids[i]->rphase, n->rphase);
        break;
    case P_TIER:
        refines(pl, n->a->rphase, n->rphase);
        for (int i = 0; i < n->nkids; i += 2)
            if (n->kids[i]) refines(pl, n->kids[i]->rphase, n->rphase);
        break;
    case P_LEDGER:
        for (int i = 0; i < n->nkids / 2; i++)
            if (n->aux_ops[i] == ENTRY_WHEN) refines(pl, n->kids[2 * i + 1]->rphase, n->kids[2 * i]->rphase);
        break;
    case P_DEF: return; /* each definition is looked at once, from demand_prepare */
    default: break;
    }
    find_refinements(pl, n->a);
    find_refinements(pl, n->b);
    find_refinements(pl, n->c);
    for (int i = 0; i < n->nkids; i++) find_refinements(pl, n->kids[i]);
}

static int by_phase_desc(const void *a, const void *b, void *ud)
{
    const plan *pl = ud;
    int x = *(const int32_t *)a, y = *(const int32_t *)b;
    int px = demand_phase(pl, x), py = demand_phase(pl, y);
    if (px != py) return px > py ? -1 : 1;
    return (x > y) - (x < y);
}

void demand_prepare(plan *pl)
{
    int nv = demand_count(pl);
    prep p = {pl, mem_alloc(((size_t)pl->ndefs + 1) * sizeof(int16_t))};
    for (int i = 0; i < pl->ndefs; i++) p.def_rphase[i] = -1;
    for (int i = 0; i < pl->ndefs; i++) rphase(&p, pl->defs[i]);
    for (int i = 0; i < pl->nchecks; i++) rphase(&p, pl->checks[i]);
    for (int i = 0; i < pl->nraggs; i++) {
        ragg *g = &pl->raggs[i];
        rphase(&p, g->value);
        rphase(&p, g->filter);
        rphase(&p, g->pool);
        rphase(&p, g->tie);
    }
    for (int i = 0; i < pl->nfirsts; i++) {
        rfirst *f = &pl->firsts[i];
        rphase(&p, f->list);
        rphase(&p, f->key);
        for (int k = 0; k < f->norders; k++) rphase(&p, f->orders[k]);
    }
    mem_free(p.def_rphase);

    reach r = {pl, mem_calloc((size_t)pl->ndefs + 1, sizeof(uint32_t)), mem_calloc((size_t)nv + 1, sizeof(uint32_t)), 0,
               mem_alloc(((size_t)nv + 1) * sizeof(int32_t)), 0, INT_MAX};
    pl->roster_deps = arena_alloc(pl->A, ((size_t)nv + 1) * sizeof *pl->roster_deps);
    for (int x = 0; x < nv; x++) {
        r.stamp++;
        r.nfound = 0;
        if (x < pl->nraggs) {
            const ragg *g = &pl->raggs[x];
            collect(&r, g->value);
            collect(&r, g->filter);
            collect(&r, g->pool);
            collect(&r, g->tie);
        } else {
            const rfirst *f = &pl->firsts[x - pl->nraggs];
            collect(&r, f->list);
            collect(&r, f->key);
            for (int k = 0; k < f->norders; k++) collect(&r, f->orders[k]);
        }
        pl->roster_deps[x] = found_list(&r, pl->A);
    }
    r.stamp++;
    r.nfound = 0;
    for (int i = 0; i < pl->nchecks; i++) collect(&r, pl->checks[i]);
    pl->check_deps = found_list(&r, pl->A);
    /* what each definition may lead the walk of an output to, so that a
     * walk can skip a definition whose roster values are all needed already */
    pl->def_reach = arena_zalloc(pl->A, ((size_t)pl->ndefs + 1) * sizeof *pl->def_reach);
    for (int d = 0; d < pl->ndefs; d++) {
        r.stamp++;
        r.nfound = 0;
        r.limit = DEF_REACH_MAX;
        collect(&r, pl->defs[d]);
        if (r.nfound <= DEF_REACH_MAX) pl->def_reach[d] = found_list(&r, pl->A);
    }
    if (nv <= 64) {
        pl->def_reach_bits = arena_zalloc(pl->A, ((size_t)pl->ndefs + 1) * sizeof *pl->def_reach_bits);
        for (int d = 0; d < pl->ndefs; d++)
            for (const int32_t *x = pl->def_reach[d]; x && *x >= 0; x++) pl->def_reach_bits[d] |= UINT64_C(1) << *x;
    }
    mem_free(r.def_stamp);
    mem_free(r.val_stamp);
    mem_free(r.found);

    pl->by_phase_desc = arena_alloc(pl->A, ((size_t)nv + 1) * sizeof *pl->by_phase_desc);
    for (int x = 0; x < nv; x++) pl->by_phase_desc[x] = x;
    qsort_r(pl->by_phase_desc, (size_t)nv, sizeof *pl->by_phase_desc, by_phase_desc, pl);

    pl->resweep = arena_zalloc(pl->A, (size_t)pl->max_phase + 2);
    for (int d = 0; d < pl->ndefs; d++) find_refinements(pl, pl->defs[d]);
}

/* ---- one record's needs ----------------------------------------------------- */

typedef struct walker {
    evalctx *ctx;
    const plan *pl;
    int phase;
    uint8_t *need;
    const uint8_t *candidates; /* what may be marked at all, or NULL: all */
    uint8_t *visited;      /* [ndefs] definitions walked */
    uint32_t depth;
    /* with plan.def_reach_bits: need as bits, and the values still open
     * (candidates of this phase or later) */
    uint64_t need_bits, open_bits;
} walker;

static void mark_need(walker *w, int x)
{
    w->need[x] = 1;
    if (x < 64) w->need_bits |= UINT64_C(1) << x;
}

static void walk(walker *w, const pnode *n, bool blind);

/* Too deep to follow: every roster value still to come may be needed. */
static void need_all(walker *w)
{
    for (int x = 0; x < demand_count(w->pl); x++)
        if (demand_phase(w->pl, x) >= w->phase) mark_need(w, x);
}

/* Works out n now if it reads no roster value still to come (false: it
 * cannot be, and every way must be followed).  `blind`: inside a list's
 * comprehension, whose entries are not at hand. */
static bool decide(walker *w, const pnode *n, bool blind, value *v)
{
    if (blind || n->rphase >= w->phase) return false;
    return eval_node(w->ctx, n, v);
}

/* A condition as far as it is known now: a part still to come can leave it
 * unknown, but not `december and …` when december is false. */
typedef enum truth { K_FALSE, K_TRUE, K_UNKNOWN } truth;

static truth decide_condition(walker *w, const pnode *n, bool blind, uint32_t depth)
{
    value v;
    if (decide(w, n, blind, &v)) return v.b ? K_TRUE : K_FALSE;
    if (blind || n->rphase < w->phase || depth >= KH_MAX_NEST) return K_UNKNOWN; /* not known, or an error */
    switch ((pop)n->op) {
    case P_DEF: return decide_condition(w, w->pl->defs[n->index], false, depth + 1);
    case P_NOT: {
        truth k = decide_condition(w, n->a, blind, depth + 1);
        return k == K_UNKNOWN ? K_UNKNOWN : k == K_TRUE ? K_FALSE : K_TRUE;
    }
    case P_AND: case P_OR: {
        /* `a and b` is false when either is (if a fails, b is never read,
         * and nothing after the condition either) */
        truth stop = n->op == P_AND ? K_FALSE : K_TRUE;
        truth a = decide_condition(w, n->a, blind, depth + 1);
        if (a == stop) return stop;
        truth b = decide_condition(w, n->b, blind, depth + 1);
        if (b == stop) return stop;
        return a == K_UNKNOWN || b == K_UNKNOWN ? K_UNKNOWN : a;
    }
    default: return K_UNKNOWN;
    }
}

/* A decided condition is walked all the same: working it out may read roster
 * values before the part that decides it (in `x > max(…) and x < 0`, the
 * max is read although `x < 0` decides). */
static void walk_if(walker *w, const pnode *n, bool blind)
{
    truth c = decide_condition(w, n->a, blind, 0);
    walk(w, n->a, blind);
    if (c != K_FALSE) walk(w, n->b, blind);
    if (c != K_TRUE) walk(w, n->c, blind);
}

static void walk_and_or(walker *w, const pnode *n, bool blind)
{
    truth a = decide_condition(w, n->a, blind, 0);
    walk(w, n->a, blind);
    if (a != (n->op == P_OR ? K_TRUE : K_FALSE)) walk(w, n->b, blind); /* no short cut */
}

static void walk_when(walker *w, const pnode *n, bool blind)
{
    for (int i = 0; i < n->nkids; i += 2) {
        const pnode *cond = n->kids[i], *val = n->kids[i + 1];
        truth c = cond ? decide_condition(w, cond, blind, 0) : K_TRUE;
        walk(w, cond, blind);
        if (c != K_FALSE) walk(w, val, blind);
        if (c == K_TRUE) return;
    }
}

static void walk_tier(walker *w, const pnode *n, bool blind)
{
    value subject;
    bool subject_known = decide(w, n->a, blind, &subject);
    if (!subject_known) walk(w, n->a, blind);
    for (int i = 0; i < n->nkids; i += 2) {
        const pnode *th = n->kids[i], *val = n->kids[i + 1];
        value t;
        if (!th) {
            walk(w, val, blind);
            return;
        }
        if (subject_known && decide(w, th, blind, &t)) {
            if (!eval_row_matches(n->aux_ops[i / 2], &subject, &t)) continue;
            walk(w, val, blind);
            return;
        }
        walk(w, th, blind);
        walk(w, val, blind);
    }
}

static void walk_ledger(walker *w, const pnode *n, bool blind)
{
    walk(w, n->a, blind);
    for (int i = 0; i < n->nkids / 2; i++) {
        const pnode *amount = n->kids[2 * i], *operand = n->kids[2 * i + 1];
        truth c = n->aux_ops[i] == ENTRY_WHEN ? decide_condition(w, operand, blind, 0) : K_UNKNOWN;
        walk(w, operand, blind);
        if (c != K_FALSE) walk(w, amount, blind);
    }
}

/* Whether every roster value still to come that definition def may lead
 * to is marked already. */
static bool covered(const walker *w, int def)
{
    const int32_t *x = w->pl->def_reach[def];
    if (!x) return false;
    if (w->pl->def_reach_bits) return !(w->pl->def_reach_bits[def] & w->open_bits & ~w->need_bits);
    for (; *x >= 0; x++)
        if (!w->need[*x] && (!w->candidates || w->candidates[*x]) && demand_phase(w->pl, *x) >= w->phase) return false;
    return true;
}

static void walk(walker *w, const pnode *n, bool blind)
{
    if (!n || n->rphase < w->phase) return; /* nothing still to come below */
    if (w->depth >= KH_MAX_NEST) {
        need_all(w);
        return;
    }
    w->depth++;
    const plan *pl = w->pl;
    switch ((pop)n->op) {
    case P_ROSTER_AGG:
        mark_need(w, n->index); /* its parts: demand_close */
        break;
    case P_FIRST:
        mark_need(w, pl->nraggs + n->index);
        walk(w, pl->firsts[n->index].key, true);
        break;
    case P_DEF:
        /* a definition is the same wherever it is read: once per record, and
         * never inside a comprehension's scope; skipped when everything it
         * may lead to is needed already */
        if (!w->visited[n->index] && !covered(w, n->index)) {
            w->visited[n->index] = 1;
            walk(w, pl->defs[n->index], false);
        }
        break;
    case P_IF: walk_if(w, n, blind); break;
    case P_AND: case P_OR: walk_and_or(w, n, blind); break;
    case P_WHEN: walk_when(w, n, blind); break;
    case P_TIER: walk_tier(w, n, blind); break;
    case P_LEDGER: walk_ledger(w, n, blind); break;
    case P_LIST_AGG:
        walk(w, n->a, blind);
        walk(w, n->b, true);
        walk(w, n->c, true);
        break;
    default:
        walk(w, n->a, blind);
        walk(w, n->b, blind);
        walk(w, n->c, blind);
        for (int i = 0; i < n->nkids; i++) walk(w, n->kids[i], blind);
        break;
    }
    w->depth--;
}

void demand_record(evalctx *ctx, int phase, uint8_t *need, const uint8_t *candidates, uint8_t *visited)
{
    walker w = {ctx, ctx->pl, phase, need, candidates, visited, 0, 0, 0};
    const plan *pl = ctx->pl;
    if (pl->def_reach_bits)
        for (int x = 0; x < demand_count(pl); x++) {
            uint64_t bit = UINT64_C(1) << x;
            if (need[x]) w.need_bits |= bit;
            if ((!candidates || candidates[x]) && demand_phase(pl, x) >= phase) w.open_bits |= bit;
        }
    for (int i = 0; i < pl->noutputs; i++) {
        int def = pl->outputs[i];
        if (visited[def] || covered(&w, def)) continue;
        visited[def] = 1;
        walk(&w, pl->defs[def], false);
    }
}

void demand_close(const plan *pl, int phase, uint8_t *need)
{
    for (const int32_t *y = pl->check_deps; *y >= 0; y++)
        if (demand_phase(pl, *y) >= phase) need[*y] = 1;
    for (int i = 0; i < demand_count(pl); i++) {
        int x = pl->by_phase_desc[i];
        if (demand_phase(pl, x) < phase) break;
        if (!need[x]) continue;
        for (const int32_t *y = pl->roster_deps[x]; *y >= 0; y++)
            if (demand_phase(pl, *y) >= phase) need[*y] = 1;
    }
}
