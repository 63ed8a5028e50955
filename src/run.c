/*
 * run.c — the driver: read records, evaluate them (streaming, or in roster
 * passes), run the roster checks, write results in input order.
 */
#include "run.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "eval.h"
#include "input.h"
#include "pack.h"
#include "roster_build.h"

/* A record kept for the roster passes: its input values packed (pack.h),
 * only those the plan reads. */
typedef struct stored {
    const char *id;       /* NULL when unknown */
    const char *error;    /* NULL while valid */
    const uint8_t *blob;  /* valid records: the packed input values */
    int32_t group;        /* roster group, -1 for errors */
    uint32_t pos;         /* position in the group */
} stored;

typedef struct store {
    stored *recs;
    uint32_t n, cap;
    arena *A;             /* packed records, ids, messages */
    uint8_t *used;        /* [nslots] slots kept in the packed records */
    roster_group *groups;
    uint32_t ngroups, cap_groups;
    uint32_t *gslots;     /* group hash table: index + 1 */
    uint32_t gcap;
} store;

static void report_error(const run_hooks *h, size_t index, const char *id, const char *msg)
{
    if (h && h->record_error) h->record_error(h->ud, index, id, msg);
}

/* ---- evaluation of one record's outputs ----------------------------------- */

static bool eval_outputs(evalctx *ctx, value *out)
{
    const plan *pl = ctx->pl;
    for (int i = 0; i < pl->noutputs; i++)
        if (!eval_def(ctx, pl->outputs[i], &out[i])) return false;
    return true;
}

/* ---- streaming ------------------------------------------------------------ */

static int run_streaming(const plan *pl, const value *params, jsonin *in, const result_sink *out, const run_hooks *h,
                         run_stats *st)
{
    arena *ar = arena_new(64 * 1024);
    value *slots = malloc((size_t)(pl->nslots + 1) * sizeof *slots);
    value *outs = malloc((size_t)(pl->noutputs + 1) * sizeof *outs);
    char err[1024];
    jsonin_record rec;
    jsonin_status s;
    evalctx ctx;
    memset(&ctx, 0, sizeof ctx);
    while ((s = jsonin_next(in, &rec)) > 0) {
        arena_reset(ar);
        st->records++;
        if (s == JSONIN_BAD_RECORD) {
            st->errors++;
            out->error(out->ud, rec.index, NULL, rec.error);
            report_error(h, rec.index, NULL, rec.error);
            continue;
        }
        if (h && h->prepare) h->prepare(h->prepare_ud, rec.json);
        const char *id = input_key(pl, rec.json);
        if (id) id = arena_strdup(ar, id);
        bool ok = input_read(pl, rec.json, ar, slots, params, err, sizeof err);
        cJSON_Delete(rec.json);
        if (ok) {
            ctx.no_trace = out->no_trace;
            eval_begin(&ctx, pl, params, slots, ar);
            ctx.rec = (uint32_t)rec.index;
            ok = eval_outputs(&ctx, outs);
            if (!ok) eval_error_message(&ctx, err, sizeof err);
        }
        if (ok) {
            out->result(out->ud, rec.index, id, outs, &ctx);
        } else {
            st->errors++;
            out->error(out->ud, rec.index, id, err);
            report_error(h, rec.index, id, err);
        }
    }
    free(slots);
    free(outs);
    arena_free(ar);
    if (s == JSONIN_FATAL) {
        snprintf(st->fatal, sizeof st->fatal, "%s", jsonin_error(in));
        return 4;
    }
    return st->errors ? 1 : 0;
}

/* ---- the store and its groups ----------------------------------------------- */

static stored *store_push(store *S)
{
    if (S->n == S->cap) {
        S->cap = S->cap ? S->cap * 2 : 1024;
        S->recs = realloc(S->recs, S->cap * sizeof *S->recs);
        if (!S->recs) abort();
    }
    stored *r = &S->recs[S->n++];
    memset(r, 0, sizeof *r);
    r->group = -1;
    return r;
}

static uint32_t group_of(store *S, const plan *pl, const value *key)
{
    if ((S->ngroups + 1) * 2 > S->gcap) {
        uint32_t cap = S->gcap ? S->gcap * 2 : 16;
        uint32_t *slots = calloc(cap, sizeof *slots);
        if (!slots) abort();
        for (uint32_t i = 0; i < S->ngroups; i++) {
            uint64_t j = value_hash(&S->groups[i].key) & (cap - 1);
            while (slots[j]) j = (j + 1) & (cap - 1);
            slots[j] = i + 1;
        }
        free(S->gslots);
        S->gslots = slots;
        S->gcap = cap;
    }
    uint64_t j = value_hash(key) & (S->gcap - 1);
    while (S->gslots[j]) {
        uint32_t g = S->gslots[j] - 1;
        if (value_equal(&S->groups[g].key, key)) return g;
        j = (j + 1) & (S->gcap - 1);
    }
    if (S->ngroups == S->cap_groups) {
        S->cap_groups = S->cap_groups ? S->cap_groups * 2 : 4;
        S->groups = realloc(S->groups, S->cap_groups * sizeof *S->groups);
        if (!S->groups) abort();
    }
    value k = *key;
    if (k.kind == VK_TEXT) k.s = arena_strndup_bytes(S->A, k.s, k.len);
    group_init(&S->groups[S->ngroups], pl, k);
    S->gslots[j] = S->ngroups + 1;
    return S->ngroups++;
}

static void store_free(store *S, const plan *pl)
{
    for (uint32_t i = 0; i < S->ngroups; i++) group_free(&S->groups[i], pl);
    free(S->groups);
    free(S->gslots);
    free(S->recs);
    free(S->used);
    arena_free(S->A);
}

/* Reads every record; valid ones keep their input values, packed, and
 * learn their roster group. */
static jsonin_status store_read(store *S, const plan *pl, const value *params, jsonin *in, const run_hooks *h)
{
    char err[1024];
    jsonin_record rec;
    jsonin_status s;
    arena *tmp = arena_new(64 * 1024);
    value *slots = malloc((size_t)(pl->nslots + 1) * sizeof *slots);
    buf packed = {0};
    value all = {.kind = VK_NONE};
    while ((s = jsonin_next(in, &rec)) > 0) {
        stored *r = store_push(S);
        if (s == JSONIN_BAD_RECORD) {
            r->error = arena_strdup(S->A, rec.error);
            continue;
        }
        if (h && h->prepare) h->prepare(h->prepare_ud, rec.json);
        const char *id = input_key(pl, rec.json);
        if (id) r->id = arena_strndup_bytes(S->A, id, strlen(id));
        arena_reset(tmp);
        if (input_read(pl, rec.json, tmp, slots, params, err, sizeof err)) {
            packed.len = 0;
            pack_record(pl, S->used, slots, &packed);
            uint8_t *blob = arena_alloc_bytes(S->A, packed.len);
            memcpy(blob, packed.data, packed.len);
            r->blob = blob;
            r->group = (int32_t)group_of(S, pl, pl->group_slot >= 0 ? &slots[pl->group_slot] : &all);
        } else {
            r->error = arena_strdup(S->A, err);
        }
        cJSON_Delete(rec.json);
    }
    buf_free(&packed);
    free(slots);
    arena_free(tmp);
    return s;
}

/* Ids shared by valid records of one roster are errors, for each of them. */
static void mark_duplicates(store *S, const plan *pl)
{
    if (pl->key_slot < 0) return;
    uint32_t cap = 16;
    while (cap < 2 * S->n + 2) cap *= 2;
    uint32_t *tab = calloc(cap, sizeof *tab);
    uint32_t *first = calloc(S->n + 1, sizeof *first); /* record -> first holder + 1 */
    if (!tab || !first) abort();
    for (uint32_t i = 0; i < S->n; i++) {
        stored *r = &S->recs[i];
        if (r->error || !r->id) continue;
        value key = value_text(r->id, (uint32_t)strlen(r->id));
        uint64_t hsh = value_hash(&key) ^ ((uint64_t)r->group * 0x9E3779B97F4A7C15ull);
        uint64_t j = hsh & (cap - 1);
        while (tab[j]) {
            stored *o = &S->recs[tab[j] - 1];
            if (o->group == r->group && strcmp(o->id, r->id) == 0) break;
            j = (j + 1) & (cap - 1);
        }
        if (tab[j]) first[i] = tab[j];
        else tab[j] = i + 1;
    }
    uint32_t *count = calloc(S->n + 1, sizeof *count);
    if (!count) abort();
    for (uint32_t i = 0; i < S->n; i++)
        if (first[i]) count[first[i] - 1]++;
    for (uint32_t i = 0; i < S->n; i++) {
        uint32_t holder = first[i] ? first[i] - 1 : i;
        if (count[holder] == 0) continue;
        stored *r = &S->recs[i];
        r->error = arena_printf(S->A, "field '%s': the id \"%s\" is used by %u records of this roster; each of them is left out",
                                pl->prog->key->path, r->id ? r->id : "", count[holder] + 1);
    }
    free(count);
    free(first);
    free(tab);
}

static void assign_groups(store *S)
{
    for (uint32_t i = 0; i < S->n; i++) {
        stored *r = &S->recs[i];
        if (r->error) continue;
        roster_group *g = &S->groups[r->group];
        r->pos = g->nrecs;
        group_add(g, i);
    }
}

static const char *stored_id(const void *ud, uint32_t rec)
{
    const store *S = ud;
    return rec < S->n && S->recs[rec].id ? S->recs[rec].id : "?";
}

static void set_record(evalctx *ctx, const plan *pl, const value *params, store *S, uint32_t i, arena *ar)
{
    stored *r = &S->recs[i];
    value *slots = arena_alloc(ar, (size_t)(pl->nslots + 1) * sizeof *slots);
    unpack_record(pl, S->used, r->blob, slots, ar);
    eval_begin(ctx, pl, params, slots, ar);
    ctx->rec_id = stored_id;
    ctx->rec_id_ud = S;
    ctx->grp = &S->groups[r->group];
    ctx->rec = i;
    ctx->pos = r->pos;
}

static void record_failed(store *S, uint32_t i, evalctx *ctx)
{
    char msg[1024];
    eval_error_message(ctx, msg, sizeof msg);
    S->recs[i].error = arena_strdup(S->A, msg);
}

/* Values roster.c did not keep, worked out again from a kept record. */
typedef struct deriver {
    store *S;
    const plan *pl;
    const value *params;
    arena *ar;
    evalctx ctx;
} deriver;

static bool derive_first_orders(void *ud, int k, uint32_t rec, uint32_t elem, value *orders)
{
    deriver *d = ud;
    const rfirst *f = &d->pl->firsts[k];
    arena_reset(d->ar);
    set_record(&d->ctx, d->pl, d->params, d->S, rec, d->ar);
    value list;
    if (!eval_node(&d->ctx, f->list, &list) || list.kind != VK_LIST || elem >= list.len) return false;
    d->ctx.elems[f->depth] = &list.items[elem];
    int no = f->norders < 16 ? f->norders : 16;
    for (int o = 0; o < no; o++)
        if (!eval_node(&d->ctx, f->orders[o], &orders[o])) return false;
    return true;
}

static bool derive_tie_key(void *ud, int k, uint32_t rec, value *out)
{
    deriver *d = ud;
    arena_reset(d->ar);
    set_record(&d->ctx, d->pl, d->params, d->S, rec, d->ar);
    return eval_node(&d->ctx, d->pl->raggs[k].tie, out);
}

/* The contributions of one record to the roster functions of `phase`. */
static bool contribute(store *S, const plan *pl, uint32_t i, evalctx *ctx, int phase, const roster_env *env)
{
    roster_group *g = &S->groups[S->recs[i].group];
    for (int k = 0; k < pl->nraggs; k++)
        if (pl->raggs[k].phase == phase && !group_contribute(g, pl, k, ctx, S->A)) return false;
    for (int k = 0; k < pl->nfirsts; k++) {
        const rfirst *f = &pl->firsts[k];
        if (f->phase != phase) continue;
        value list;
        if (!eval_node(ctx, f->list, &list)) return false;
        value orders[16];
        int no = f->norders < 16 ? f->norders : 16;
        for (uint32_t e = 0; e < list.len; e++) {
            ctx->elems[f->depth] = &list.items[e];
            value key;
            if (!eval_node(ctx, f->key, &key)) return false;
            for (int o = 0; o < no; o++)
                if (!eval_node(ctx, f->orders[o], &orders[o])) return false;
            first_offer(&g->firsts[k], k, &key, orders, no, i, e, env);
        }
    }
    return true;
}

static void run_phases(store *S, const plan *pl, const value *params)
{
    arena *ar = arena_new(64 * 1024);
    evalctx ctx;
    memset(&ctx, 0, sizeof ctx);
    ctx.no_trace = true;
    char err[512];
    deriver d;
    memset(&d, 0, sizeof d);
    d.ctx.no_trace = true;
    d.S = S;
    d.pl = pl;
    d.params = params;
    d.ar = arena_new(16 * 1024);
    roster_env env = {&d, derive_first_orders, derive_tie_key};
    for (int phase = 1; phase <= pl->max_phase; phase++) {
        for (uint32_t gi = 0; gi < S->ngroups; gi++) {
            roster_group *g = &S->groups[gi];
            for (uint32_t k = 0; k < g->nrecs; k++) {
                uint32_t i = g->recs[k];
                if (S->recs[i].error) continue;
                arena_reset(ar);
                set_record(&ctx, pl, params, S, i, ar);
                if (!contribute(S, pl, i, &ctx, phase, &env)) record_failed(S, i, &ctx);
            }
            for (int k = 0; k < pl->nraggs; k++) {
                if (pl->raggs[k].phase != phase) continue;
                if (!group_finish(g, pl, k, &env, err, sizeof err)) {
                    /* the aggregate cannot be worked out: every record that reads it fails */
                    g->agg_ready[k] = 0;
                    g->agg_err[k] = arena_strdup(S->A, err);
                }
            }
        }
    }
    arena_free(d.ar);
    arena_free(ar);
}

/* Aggregates read by a check expression (for naming the records involved). */
static void check_aggregates(const pnode *n, int *out, int *nout, int cap)
{
    if (!n) return;
    if (n->op == P_ROSTER_AGG && *nout < cap) out[(*nout)++] = n->index;
    check_aggregates(n->a, out, nout, cap);
    check_aggregates(n->b, out, nout, cap);
    check_aggregates(n->c, out, nout, cap);
    for (int i = 0; i < n->nkids; i++) check_aggregates(n->kids[i], out, nout, cap);
}

static void run_checks(store *S, const plan *pl, const value *params, const run_hooks *h, run_stats *st)
{
    arena *ar = arena_new(16 * 1024);
    evalctx ctx;
    memset(&ctx, 0, sizeof ctx);
    for (int c = 0; c < pl->nchecks; c++) {
        const ast *decl = pl->prog->checks[c];
        int aggs[32], naggs = 0;
        check_aggregates(pl->checks[c], aggs, &naggs, 32);
        for (uint32_t gi = 0; gi < S->ngroups; gi++) {
            arena_reset(ar);
            eval_begin(&ctx, pl, params, NULL, ar);
            ctx.grp = &S->groups[gi];
            value ok;
            bool evaluated = eval_node(&ctx, pl->checks[c], &ok);
            if (evaluated && ok.b) continue;
            st->checks_failed++;
            const char **ids = arena_alloc(ar, (size_t)(S->n + 1) * sizeof *ids);
            int nids = 0;
            const roster_group *g = &S->groups[gi];
            for (int a = 0; a < naggs; a++)
                for (uint32_t m = 0; m < g->nmembers[aggs[a]]; m++) {
                    const char *id = S->recs[g->members[aggs[a]][m]].id;
                    bool seen = false;
                    for (int q = 0; q < nids && !seen; q++) seen = ids[q] == id;
                    if (!seen && id) ids[nids++] = id;
                }
            char roster[64] = "";
            if (g->key.kind != VK_NONE) {
                buf b = {0};
                write_json_value(&b, &g->key, NULL);
                snprintf(roster, sizeof roster, "%s", b.data ? b.data : "");
                buf_free(&b);
            }
            if (h && h->check_failed) h->check_failed(h->ud, decl->str, roster, ids, nids);
        }
    }
    arena_free(ar);
}

static int run_roster(const plan *pl, const value *params, jsonin *in, const result_sink *out, const run_hooks *h, run_stats *st)
{
    store S;
    memset(&S, 0, sizeof S);
    S.A = arena_new(1 << 20);
    S.used = malloc((size_t)(pl->nslots + 1));
    pack_used_slots(pl, S.used);
    jsonin_status s = store_read(&S, pl, params, in, h);
    if (s == JSONIN_FATAL) {
        snprintf(st->fatal, sizeof st->fatal, "%s", jsonin_error(in));
        store_free(&S, pl);
        return 4;
    }
    mark_duplicates(&S, pl);
    assign_groups(&S);
    run_phases(&S, pl, params);
    run_checks(&S, pl, params, h, st);

    arena *ar = arena_new(64 * 1024);
    value *outs = malloc((size_t)(pl->noutputs + 1) * sizeof *outs);
    evalctx ctx;
    memset(&ctx, 0, sizeof ctx);
    for (uint32_t i = 0; i < S.n; i++) {
        stored *r = &S.recs[i];
        st->records++;
        if (!r->error) {
            arena_reset(ar);
            ctx.no_trace = out->no_trace;
            set_record(&ctx, pl, params, &S, i, ar);
            if (eval_outputs(&ctx, outs)) {
                out->result(out->ud, i, r->id, outs, &ctx);
                continue;
            }
            record_failed(&S, i, &ctx);
        }
        st->errors++;
        out->error(out->ud, i, r->id, r->error);
        report_error(h, i, r->id, r->error);
    }
    free(outs);
    arena_free(ar);
    store_free(&S, pl);
    return st->errors || st->checks_failed ? 1 : 0;
}

static void sink_result(void *ud, size_t index, const char *id, const value *outputs, const evalctx *ctx)
{
    (void)index;
    writer_result(ud, id, outputs, ctx);
}

static void sink_error(void *ud, size_t index, const char *id, const char *message)
{
    writer_error(ud, id, index, message);
}

result_sink writer_sink(writer *w)
{
    result_sink s = {w, sink_result, sink_error, !w->explain};
    return s;
}

int run_eval(const plan *pl, const value *params, jsonin *in, const result_sink *out, const run_hooks *hooks, run_stats *st)
{
    memset(st, 0, sizeof *st);
    int rc = pl->prog->has_roster ? run_roster(pl, params, in, out, hooks, st)
                                  : run_streaming(pl, params, in, out, hooks, st);
    if (rc == 0 && st->records == 0 && !jsonin_is_array(in)) {
        /* an empty export is a mistake upstream, not an empty month: only an
         * explicit [] means "no records" */
        snprintf(st->fatal, sizeof st->fatal, "the input holds no records (write [] for an empty roster)");
        return 4;
    }
    return rc;
}
