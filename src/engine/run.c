/*
 * run.c — the driver: read records, evaluate them (streaming, or in roster
 * phases), run the roster checks, deliver results in input order.
 *
 * Every stage is a pipeline of jobs (pool.h): the calling thread reads the
 * input and makes jobs of a few hundred records; workers parse, check and
 * evaluate them; the calling thread consumes the finished jobs in order —
 * writing output, adding roster contributions, reporting errors.  With one
 * job at a time everything runs on the calling thread, through the same
 * code, so results never depend on the number of threads.
 *
 * A policy without roster functions streams: each record is read,
 * evaluated, written and forgotten.  A policy with roster functions (or a
 * key that must be unique per roster) keeps each valid record packed
 * (pack.h), runs one pass per roster phase, then the output pass.
 *
 * A pair run (run_eval_pair, for diff) drives two runners, one per policy,
 * over one read of the input: each job read is copied for the new side
 * (job.twin), both sides read and keep the records, each runs its own
 * roster passes, and the output pass evaluates a record under both and
 * hands the two results over together.  What the two plans work out alike
 * (pair_share.h) is worked out once: the new side takes the old side's
 * values of the shared definitions; when both read a record alike, each
 * record is read once for both; and when every roster value is alike too,
 * one store and one set of roster passes serve both sides (`one_store`:
 * the new side then has only its own account of the shares it paid).
 */
#include "run.h"

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "demand.h"
#include "eval.h"
#include "keep.h"
#include "input.h"
#include "pack.h"
#include "pair_share.h"
#include "pool.h"
#include "roster_build.h"
#include "mem.h"
#include "vec.h"
#include "i18n.h"

#define JOB_RECORDS 256          /* records per job */
#define PACKED_CHUNK ((size_t)16 << 20) /* a worker's chunk of packed records */
/* The ids and messages of refused records are kept in memory up to this
 * many bytes, the rest in a temporary file (written at ingest and read back
 * by the output pass, both in record order): what memory holds for each
 * further refused record is its place in the store (32 bytes), however long
 * the input runs. */
#define ERROR_TEXT_IN_MEMORY (8u << 20)
#define JOB_TEXT (1u << 20)      /* or this many bytes of input text */
#define IN_FLIGHT_PER_WORKER 3
/* A job's arena: one block holds what a roster pass evaluates for its 256
 * records (about 3 KB each), so it is reused, not grown, job after job */
#define JOB_ARENA ((size_t)1 << 20)
/* The arenas a worker keeps to lend (lend_arena): as many as it can have
 * jobs in flight with up to 10 workers; past that, one given back is freed */
#define SPARE_ARENAS 32

/* ---- the record store (roster policies) ----------------------------------- */

/* A record kept for the roster passes: its input values packed, only those
 * the plan reads. */
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
    arena *A;             /* ids, messages */
    uint8_t *used;        /* [nslots] slots kept in the packed records */
    pack_layout *layout;  /* their order there (made from used at ingest) */
    uint8_t *derive;      /* [nslots] slots a deriver unpacks */
    roster_group *groups;
    uint32_t ngroups, cap_groups;
    uint32_t *gslots;     /* group hash table: index + 1 */
    uint32_t gcap;
    size_t error_text;    /* bytes of refused records' ids and messages in A */
    FILE *spill;          /* the others' (an unlinked temporary file) */
    void *spill_held;     /* its mem_hold token (closed should the call fail) */
    bool spill_reading;   /* the output pass has begun reading it */
} store;

/* stored.error of a record whose id and message are in store.spill. */
static const char spilled_error[] = "(in the temporary file)";

/* ---- jobs ----------------------------------------------------------------- */

typedef enum job_kind { JOB_STREAM, JOB_INGEST, JOB_DEMAND, JOB_PASS, JOB_FINAL } job_kind;

/* What a job found for one record. */
typedef struct job_rec {
    uint32_t index;        /* the record's number in the input */
    bool bad;              /* JSONIN_BAD_RECORD: error holds why */
    uint32_t text_off, text_len;  /* its JSON text in job->text (a bad
                                     record: its bytes up to the fault) */
    size_t offset, line, column;  /* where the text starts in the input */
    char *error;           /* refused or failed: why (job arena) */
    char *id;              /* its key (job arena), or NULL */
    uint32_t blob_off, blob_len;  /* ingest: packed values in job->blobs */
    value group_key;       /* ingest: its roster group's key */
    uint8_t *need;         /* ingest/demand: the roster values its outputs may
                              read (demand.h), or NULL */
    contrib *contribs;     /* pass: one per aggregate (by aggregate index) */
    struct first_item *firsts; /* pass: the entries offered to first tables */
    uint32_t nfirsts;
    const char **first_errs; /* pass: [nfirsts] why its part in a first table
                                could not be worked out, or NULL */
    int32_t *reads;        /* final: the apportions whose share it read */
    int nreads;
    bool has_output;       /* stream/final: a result was delivered */
    bool fatal;            /* hooks->read stopped the run here (error says why) */
} job_rec;

typedef struct first_item {
    int table;
    uint32_t elem;
    value key;
    uint32_t hash;         /* first_key_hash of key */
    value *orders;         /* [norders] */
} first_item;

typedef struct job {
    job_kind kind;
    long seq;              /* order of making, within the stage */
    job_rec *recs;
    uint32_t n, cap;
    uint32_t lo, hi;       /* pass/final: store records [lo, hi) */
    buf text;              /* stream/ingest: the records' JSON texts */
    buf blobs;             /* ingest: packed records */
    const uint8_t *packed; /* ingest: the same, kept in its worker's chunk */
    buf out;               /* formatted results */
    unsigned long outputs; /* results formatted into out */
    arena *ar;             /* values and messages of this job */
    arena *home;           /* a roster pass: the job's own arena, while ar is
                              one its worker lends it (lend_arena), or NULL */
    int lender;            /* that worker */
    struct job *twin;      /* a pair run: the same records, for the new side */
    struct job *next_free;
} job;

/* Per worker: a context, scratch arenas, a record reader and a writer to
 * format with. */
typedef struct worker {
    evalctx ctx;
    input_reader *reader;
    arena *rec_ar;         /* one record's evaluation */
    value *slots;
    value *outs;
    writer w;
    bool has_writer;
    buf pack;
    /* ingest: the packed records of the jobs it read, one after another in
     * chunks of its own, which the store points into (keep_packed) */
    uint8_t **chunks;      /* the blocks, to free */
    size_t nchunks, cap_chunks;
    uint8_t *chunk;        /* where the last one's bytes start */
    size_t chunk_used, chunk_cap;
    /* the arenas it lends the jobs of a roster pass it evaluates, given
     * back once the calling thread has consumed them (lend_arena) */
    pthread_mutex_t spare_mu;
    arena *spare[SPARE_ARENAS];
    int nspare;
} worker;

typedef struct runner {
    const plan *pl;
    const value *params;
    const result_sink *out;
    /* a pair run (run_eval_pair): this runner is the old side and drives,
     * twin is the new side; each record read once, results delivered in
     * pairs */
    struct runner *twin;
    const pair_sink *pair;
    const pair_share *share; /* what the two sides work out alike, or NULL */
    bool one_store;        /* the twin reads this side's store (pair_share.roster) */
    const run_hooks *h;
    run_stats *st;
    writer *main_writer;   /* when results go to a writer: formatted by workers */
    int nworkers;
    worker *workers;
    job *free_jobs;
    long seq;
    /* reading */
    jsonin *in;
    bool input_done;
    bool stopped;          /* hooks->read stopped the run (st->fatal) */
    jsonin_status last;
    /* roster */
    store *S;
    int phase;
    uint32_t cursor;       /* next store record to put in a job */
    uint8_t *phase_slots;  /* [nslots] the slots this phase's roster functions
                              read; in a pass that gathers the needs again,
                              and those of the conditions its walk may work
                              out (pack_sweep_slots; all, with one store) */
    arena *keep;           /* texts accumulators keep */
    roster_env env;
    bool has_apportion;    /* the output pass notes which shares are read */
    uint8_t *cand;         /* [ngroups * roster values] what each roster needed
                              before a walk of its records again (demand.h) */
    uint8_t *has_cand;     /* [ngroups] some value of this phase or later */
    bool sweeping;         /* this phase's pass gathers the needs again as it
                              goes (gather_needs) */
    uint8_t *kept;         /* [S->n * KEEP_CELL] or NULL: the definitions the
                              last such pass worked out, for the output pass */
    int32_t *keep_defs;    /* which (keep.h), in a cell's order */
    int nkeep;
    struct deriver *der;   /* the roster passes' deriver (R->env.ud) */
    struct id_set *ids;    /* the records a failed check names */
} runner;

static void pipeline(runner *R, void *(*next)(void *), void (*work)(void *, void *, int), void (*done)(void *, void *));

static void report_error(const run_hooks *h, size_t index, const char *id, const char *msg)
{
    if (h && h->record_error) h->record_error(h->ud, index, id, msg);
}

static job *job_get(runner *R, job_kind kind)
{
    job *j = R->free_jobs;
    if (j) {
        R->free_jobs = j->next_free;
        arena_reset(j->ar);
    } else {
        j = mem_calloc(1, sizeof *j);
        j->ar = arena_new(JOB_ARENA);
    }
    j->kind = kind;
    j->seq = R->seq++;
    j->n = 0;
    j->text.len = j->blobs.len = j->out.len = 0;
    j->outputs = 0;
    return j;
}

static void job_put(runner *R, job *j)
{
    if (j->twin) job_put(R->twin, j->twin);
    j->twin = NULL;
    j->next_free = R->free_jobs;
    R->free_jobs = j;
}

static void jobs_free(runner *R)
{
    while (R->free_jobs) {
        job *j = R->free_jobs;
        R->free_jobs = j->next_free;
        buf_free(&j->text);
        buf_free(&j->blobs);
        buf_free(&j->out);
        mem_free(j->recs);
        arena_free(j->ar);
        mem_free(j);
    }
}

static job_rec *job_add(job *j)
{
    if (j->n == j->cap) {
        j->cap = j->cap ? j->cap * 2 : JOB_RECORDS;
        j->recs = mem_realloc(j->recs, j->cap * sizeof *j->recs);
    }
    job_rec *r = &j->recs[j->n++];
    memset(r, 0, sizeof *r);
    return r;
}

/* ---- reading the input into jobs ----------------------------------------- */

/* The new side's copy of job j (a pair run): the same records and texts. */
static job *twin_job(runner *R, const job *j)
{
    job *t = job_get(R->twin, j->kind);
    t->lo = j->lo;
    t->hi = j->hi;
    for (uint32_t i = 0; i < j->n; i++) {
        job_rec *r = job_add(t);
        const job_rec *o = &j->recs[i];
        r->index = o->index;
        r->bad = o->bad;
        r->text_off = o->text_off;
        r->text_len = o->text_len;
        r->offset = o->offset;
        r->line = o->line;
        r->column = o->column;
        if (o->error) r->error = arena_strdup(t->ar, o->error);
        r->id = o->id; /* the output pass's (the store's, or this job's) */
    }
    if (j->text.len) buf_put(&t->text, j->text.data, j->text.len);
    return t;
}

static job *read_job(runner *R, job_kind kind)
{
    if (R->input_done) return NULL;
    job *j = NULL;
    jsonin_record rec;
    while (!j || (j->n < JOB_RECORDS && j->text.len < JOB_TEXT)) {
        jsonin_status s = jsonin_next(R->in, &rec);
        if (s <= 0) {
            R->input_done = true;
            R->last = s;
            break;
        }
        if (!j) j = job_get(R, kind);
        job_rec *r = job_add(j);
        r->index = (uint32_t)rec.index;
        r->offset = rec.offset;
        r->line = rec.line;
        r->column = rec.column;
        if (s == JSONIN_BAD_RECORD) {
            r->bad = true;
            r->error = arena_strdup(j->ar, rec.error);
        }
        r->text_off = (uint32_t)j->text.len;
        r->text_len = (uint32_t)rec.text_len;
        if (rec.text_len) buf_put(&j->text, rec.text, rec.text_len);
    }
    if (j && R->twin && !R->one_store) j->twin = twin_job(R, j);
    return j;
}

/* Reads a job record into w->slots (false: r->error set).  A record that
 * could not even be found whole (r->bad) gets the key read before its
 * fault, if any. */
static bool parse_record(runner *R, job *j, job_rec *r, worker *w, arena *ar)
{
    const char *text = r->text_len ? j->text.data + r->text_off : "";
    if (r->bad) {
        const char *id = r->text_len ? input_read_key(w->reader, text, r->text_len, ar) : NULL;
        if (id) r->id = arena_strdup(j->ar, id);
        return false;
    }
    char err[1024];
    const char *id = NULL;
    input_text t = {text, r->text_len, r->offset, r->line, r->column};
    bool ok;
    if (R->h && R->h->read) {
        read_status st = R->h->read(R->h->read_ud, r->index, w->reader, &t, ar, w->slots, R->params, err, sizeof err, &id);
        ok = st == READ_OK;
        r->fatal = st == READ_FATAL;
    } else {
        ok = input_read_text(w->reader, &t, ar, w->slots, R->params, NULL, err, sizeof err, &id);
    }
    if (id) r->id = arena_strdup(j->ar, id);
    if (!ok) r->error = arena_strdup(j->ar, err);
    return ok;
}

/* ---- evaluating outputs --------------------------------------------------- */

static bool eval_outputs(evalctx *ctx, value *out)
{
    const plan *pl = ctx->pl;
    for (int i = 0; i < pl->noutputs; i++)
        if (!eval_def(ctx, pl->outputs[i], &out[i])) return false;
    return true;
}

static void fail_message(job *j, job_rec *r, const evalctx *ctx)
{
    char msg[1024];
    eval_error_message(ctx, msg, sizeof msg);
    r->error = arena_strdup(j->ar, msg);
}

/* Delivers one result: formatted by the worker's writer, or handed to the
 * sink (which then runs on the calling thread: see run_eval). */
static void deliver(runner *R, job *j, job_rec *r, worker *w)
{
    r->has_output = true;
    if (R->main_writer) {
        w->w.started = j->seq > 0 || j->outputs > 0;
        w->w.b = j->out;
        writer_result(&w->w, r->id, w->outs, &w->ctx);
        j->out = w->w.b;
        memset(&w->w.b, 0, sizeof w->w.b);
        j->outputs++;
    } else {
        R->out->result(R->out->ud, r->index, r->id, w->outs, &w->ctx);
    }
}

static void deliver_error(runner *R, job *j, job_rec *r, worker *w)
{
    if (R->main_writer) {
        w->w.started = j->seq > 0 || j->outputs > 0;
        w->w.b = j->out;
        writer_error(&w->w, r->id, r->index, r->error);
        j->out = w->w.b;
        memset(&w->w.b, 0, sizeof w->w.b);
        j->outputs++;
    } else {
        R->out->error(R->out->ud, r->index, r->id, r->error);
    }
}

/* A record of job j stopped the run (hooks->read): from it on nothing is
 * read, counted or written. */
static bool stops_run(runner *R, job *j)
{
    for (uint32_t i = 0; i < j->n && !R->stopped; i++)
        if (j->recs[i].fatal) {
            snprintf(R->st->fatal, sizeof R->st->fatal, "%s", j->recs[i].error);
            R->stopped = R->input_done = true;
        }
    return R->stopped;
}

/* A pair run: a record of job j stopped the run on either side (the new
 * side's first); then both sides stop. */
static bool stops_pair(runner *R, job *j)
{
    if (!stops_run(R->twin, j->twin) && !stops_run(R, j)) return false;
    R->stopped = R->input_done = R->twin->stopped = true;
    return true;
}

/* Ends a job on the calling thread: its output, in order, and its errors. */
static void consume_output(runner *R, job *j)
{
    if (stops_run(R, j)) return;
    if (R->main_writer && j->out.len) writer_put_formatted(R->main_writer, j->out.data, j->out.len, j->outputs);
    for (uint32_t i = 0; i < j->n; i++) {
        job_rec *r = &j->recs[i];
        R->st->records++;
        if (r->error) {
            R->st->errors++;
            report_error(R->h, r->index, r->id, r->error);
        }
    }
}

/* ---- streaming ------------------------------------------------------------- */

static void *stream_next(void *ud) { return read_job(ud, JOB_STREAM); }

/* A pair run: one side's result for the record w->ctx is set up for
 * (ok: w->outs hold its outputs; else r->error says why). */
static side_result side_of(const job_rec *r, const worker *w, bool ok)
{
    side_result s = {r->id, ok ? w->outs : NULL, ok ? &w->ctx : NULL, ok ? NULL : r->error};
    return s;
}

/* Evaluates the outputs of the record w->ctx is set up for; false: r->error
 * says why not. */
static bool evaluate(job *j, job_rec *r, worker *w)
{
    if (eval_outputs(&w->ctx, w->outs)) return true;
    fail_message(j, r, &w->ctx);
    return false;
}

/* Whether the record of this id is evaluated with its ledgers and branch
 * traces (result_sink.no_trace, run_hooks.trace_id). */
static bool traced(const runner *R, const char *id)
{
    if (R->out->no_trace) return false;
    const char *only = R->h ? R->h->trace_id : NULL;
    return !only || (id && strcmp(id, only) == 0);
}

/* Reads and evaluates one record of a streaming job (false: r->error). */
static bool stream_record(runner *R, job *j, job_rec *r, worker *w)
{
    if (!parse_record(R, j, r, w, w->rec_ar)) return false;
    w->ctx.no_trace = !traced(R, r->id);
    eval_begin(&w->ctx, R->pl, R->params, w->slots, w->rec_ar);
    w->ctx.rec = r->index;
    return evaluate(j, r, w);
}

/* Sets the new side's context `to` up for the record the old side's `from`
 * is set up for: the same input values (both read a record alike), the
 * same roster group when they share the store, and the old side's values
 * of the definitions both work out alike. */
static void twin_begin(runner *T, evalctx *to, const evalctx *from, const pair_share *alike, arena *ar, bool one_store)
{
    eval_begin(to, T->pl, T->params, from->slots, ar);
    to->rec = from->rec;
    to->pos = from->pos;
    to->rec_id = from->rec_id;
    to->rec_id_ud = from->rec_id_ud;
    /* one store: its roster, as the new side sees it (twin_store_open)
     * once there is that view, else as the old side does */
    to->grp = !one_store || !from->grp ? NULL : T->S ? &T->S->groups[T->S->recs[from->rec].group] : from->grp;
    if (alike) pair_share_seed(alike, to, from);
}

/* A pair run's streaming job when both sides read a record alike: each
 * record read once, evaluated under the old policy, then under the new
 * (which takes what the two work out alike).  No prior is read here
 * (run_eval_pair shares nothing then): no record stops the run. */
static void stream_pair_shared(runner *R, job *j, int wi)
{
    runner *T = R->twin;
    worker *w = &R->workers[wi], *tw = &T->workers[wi];
    for (uint32_t i = 0; i < j->n; i++) {
        job_rec *r = &j->recs[i], *tr = &j->twin->recs[i];
        arena_reset(w->rec_ar);
        arena_reset(tw->rec_ar);
        bool ok = false, tok = false;
        if (parse_record(R, j, r, w, w->rec_ar)) {
            w->ctx.no_trace = !traced(R, r->id);
            eval_begin(&w->ctx, R->pl, R->params, w->slots, w->rec_ar);
            w->ctx.rec = r->index;
            ok = evaluate(j, r, w);
            tw->ctx.no_trace = !traced(T, r->id);
            twin_begin(T, &tw->ctx, &w->ctx, R->share, tw->rec_ar, false);
            tok = evaluate(j->twin, tr, tw);
        } else {
            tr->error = r->error;
        }
        tr->id = r->id;
        side_result old_side = side_of(r, w, ok), new_side = side_of(tr, tw, tok);
        R->pair->result(R->pair->ud, r->index, &old_side, &new_side);
    }
}

/* A pair run's streaming job: each record under both policies, the new
 * side first (it alone tells a record that stops the run by its prior). */
static void stream_pair(runner *R, job *j, int wi)
{
    runner *T = R->twin;
    worker *w = &R->workers[wi], *tw = &T->workers[wi];
    if (R->share) {
        stream_pair_shared(R, j, wi);
        return;
    }
    for (uint32_t i = 0; i < j->n; i++) {
        job_rec *r = &j->recs[i], *tr = &j->twin->recs[i];
        arena_reset(w->rec_ar);
        arena_reset(tw->rec_ar);
        bool tok = stream_record(T, j->twin, tr, tw);
        if (tr->fatal) return;
        bool ok = stream_record(R, j, r, w);
        if (r->fatal) return;
        side_result old_side = side_of(r, w, ok), new_side = side_of(tr, tw, tok);
        R->pair->result(R->pair->ud, r->index, &old_side, &new_side);
    }
}

static void stream_work(void *ud, void *jp, int wi)
{
    runner *R = ud;
    job *j = jp;
    worker *w = &R->workers[wi];
    if (R->twin) {
        stream_pair(R, j, wi);
        return;
    }
    for (uint32_t i = 0; i < j->n; i++) {
        job_rec *r = &j->recs[i];
        arena_reset(w->rec_ar);
        if (stream_record(R, j, r, w)) deliver(R, j, r, w);
        else deliver_error(R, j, r, w);
    }
}

/* The output of a job (streaming, or the roster's output pass), in order. */
static void output_done(void *ud, void *jp)
{
    runner *R = ud;
    job *j = jp;
    if (R->twin && stops_pair(R, j)) {
        job_put(R, j);
        return;
    }
    if (R->twin) consume_output(R->twin, j->twin);
    consume_output(R, j);
    job_put(R, j);
}

/* ---- the store and its groups ---------------------------------------------- */

static stored *store_push(store *S)
{
    if (S->n == S->cap) {
        S->cap = S->cap ? S->cap * 2 : 1024;
        S->recs = mem_realloc(S->recs, S->cap * sizeof *S->recs);
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
        uint32_t *slots = mem_calloc(cap, sizeof *slots);
        for (uint32_t i = 0; i < S->ngroups; i++) {
            uint64_t j = value_hash(&S->groups[i].key) & (cap - 1);
            while (slots[j]) j = (j + 1) & (cap - 1);
            slots[j] = i + 1;
        }
        mem_free(S->gslots);
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
        S->groups = mem_realloc(S->groups, S->cap_groups * sizeof *S->groups);
    }
    value k = *key;
    if (k.kind == VK_TEXT) k.s = arena_strndup_bytes(S->A, k.s, k.len);
    else if (k.kind == VK_NUM) k.n = num_keep(S->A, k.n);
    group_init(&S->groups[S->ngroups], pl, k);
    S->gslots[j] = S->ngroups + 1;
    return S->ngroups++;
}

static void store_free(store *S, const plan *pl)
{
    for (uint32_t i = 0; i < S->ngroups; i++) group_free(&S->groups[i], pl);
    mem_free(S->groups);
    mem_free(S->gslots);
    mem_free(S->recs);
    mem_free(S->used);
    pack_layout_free(S->layout);
    mem_free(S->derive);
    arena_free(S->A);
    if (S->spill) mem_release(S->spill_held), fclose(S->spill);
}

static const char *stored_id(const void *ud, uint32_t rec)
{
    const store *S = ud;
    return rec < S->n && S->recs[rec].id ? S->recs[rec].id : "?";
}

/* Sets ctx up for stored record i: its values (those `want` marks, or all)
 * unpacked into `ar`. */
static void set_record_slots(evalctx *ctx, const plan *pl, const value *params, const store *S, uint32_t i, arena *ar,
                             const uint8_t *want)
{
    const stored *r = &S->recs[i];
    value *slots = arena_alloc(ar, (size_t)(pl->nslots + 1) * sizeof *slots);
    unpack_record(S->layout, r->blob, slots, ar, want);
    eval_begin(ctx, pl, params, slots, ar);
    ctx->rec_id = stored_id;
    ctx->rec_id_ud = S;
    ctx->grp = &S->groups[r->group];
    ctx->rec = i;
    ctx->pos = r->pos;
}

static void set_record(evalctx *ctx, const plan *pl, const value *params, const store *S, uint32_t i, arena *ar)
{
    set_record_slots(ctx, pl, params, S, i, ar, NULL);
}

/* ---- ingest: reading and packing every record ------------------------------ */

static void *ingest_next(void *ud) { return read_job(ud, JOB_INGEST); }

/* Adds the roster values of phase >= R->phase that the outputs of the
 * record w->ctx is set up for may read to *mask (job arena), which records
 * of one roster that come one after another in the job share (so that a
 * record need not look again for what one before it found), and points
 * r->need at it. */
static void record_needs(runner *R, job *j, job_rec *r, worker *w, uint8_t **mask, bool same_roster,
                         const uint8_t *candidates)
{
    const plan *pl = R->pl;
    if (!*mask || !same_roster) *mask = arena_zalloc(j->ar, (size_t)demand_count(pl) + 1);
    r->need = *mask;
    uint8_t *visited = arena_zalloc(w->rec_ar, (size_t)pl->ndefs + 1);
    demand_record(&w->ctx, R->phase, *mask, candidates, visited);
    if (!R->one_store || R->share->demand) return;
    /* one store for both sides: the roster works out what either side's
     * outputs may read (the roster values are numbered alike) */
    evalctx *tc = &R->twin->workers[w - R->workers].ctx;
    tc->no_trace = true;
    twin_begin(R->twin, tc, &w->ctx, NULL, w->rec_ar, true);
    visited = arena_zalloc(w->rec_ar, (size_t)pl->ndefs + 1);
    demand_record(tc, R->phase, *mask, candidates, visited);
}

/* Where an ingest job is in its records: the needs mask the records of one
 * roster that come one after another share (record_needs). */
typedef struct ingest_state {
    uint8_t *mask;
    const value *last_key;
} ingest_state;

/* Keeps a record read into `slots`: packed into the job, its roster's key,
 * and what its roster's first pass must work out (w's context set up in
 * `ar`). */
static void ingest_record(runner *R, job *j, job_rec *r, worker *w, value *slots, arena *ar, ingest_state *st)
{
    value all = {.kind = VK_NONE};
    r->blob_off = (uint32_t)j->blobs.len;
    pack_record(R->S->layout, slots, &j->blobs);
    r->blob_len = (uint32_t)(j->blobs.len - r->blob_off);
    r->group_key = R->pl->group_slot >= 0 ? slots[R->pl->group_slot] : all;
    if (r->group_key.kind == VK_TEXT)
        r->group_key.s = arena_strndup_bytes(j->ar, r->group_key.s, r->group_key.len);
    else if (r->group_key.kind == VK_NUM) /* a big number lives in the record's arena */
        r->group_key.n = num_keep(j->ar, r->group_key.n);
    /* what the first pass must work out for its roster: the record is at
     * hand, and no roster value is needed to decide it */
    if (!demand_count(R->pl)) return;
    w->ctx.no_trace = true;
    eval_begin(&w->ctx, R->pl, R->params, slots, ar);
    w->ctx.grp = NULL;
    record_needs(R, j, r, w, &st->mask, st->last_key && value_equal(st->last_key, &r->group_key), NULL);
    st->last_key = &r->group_key;
}

/* Copies a job's packed records to the end of its worker's chunk (a new
 * chunk when they do not fit) and returns where they are.  Chunks are big
 * (mem.c gives them huge pages) and written in order, and a job's own
 * buffer is used again by the next job, warm in the cache. */
static const uint8_t *keep_packed(worker *w, const buf *b)
{
    if (!b->len) return NULL;
    if (w->chunk_cap - w->chunk_used < b->len) {
        VEC_RESERVE(w->chunks, w->nchunks + 1, w->cap_chunks);
        w->chunk_cap = b->len > PACKED_CHUNK ? b->len : PACKED_CHUNK;
        w->chunk = mem_alloc_huge(w->chunk_cap, (void **)&w->chunks[w->nchunks++]);
        w->chunk_used = 0;
    }
    uint8_t *at = w->chunk + w->chunk_used;
    memcpy(at, b->data, b->len);
    w->chunk_used += b->len;
    return at;
}

static void ingest_work(void *ud, void *jp, int wi)
{
    runner *R = ud;
    job *j = jp;
    worker *w = &R->workers[wi];
    /* a pair run whose sides read a record alike, each with its own store:
     * each record read once, kept by both */
    job *tj = R->share ? j->twin : NULL;
    worker *tw = tj ? &R->twin->workers[wi] : NULL;
    ingest_state st = {NULL, NULL}, tst = {NULL, NULL};
    for (uint32_t i = 0; i < j->n; i++) {
        job_rec *r = &j->recs[i];
        arena_reset(w->rec_ar);
        bool ok = parse_record(R, j, r, w, w->rec_ar);
        if (tj) {
            tj->recs[i].id = r->id;
            tj->recs[i].error = r->error;
        }
        if (!ok) continue;
        ingest_record(R, j, r, w, w->slots, w->rec_ar, &st);
        if (!tj) continue;
        arena_reset(tw->rec_ar);
        ingest_record(R->twin, tj, &tj->recs[i], tw, w->slots, tw->rec_ar, &tst);
    }
    j->packed = keep_packed(w, &j->blobs);
    if (tj) tj->packed = keep_packed(tw, &tj->blobs);
    else if (j->twin) ingest_work(R->twin, j->twin, wi);
}

static void close_spill(void *f) { fclose(f); }

/* Appends a refused record's id (may be NULL) and message to the spill
 * file: two 32-bit lengths (the id's + 1, 0 for none), then the bytes.
 * False when there is no file to write to (the texts stay in memory). */
static bool spill_error(store *S, const char *id, const char *message)
{
    if (!S->spill && !(S->spill = tmpfile())) return false;
    if (!S->spill_held) S->spill_held = mem_hold(close_spill, S->spill);
    uint32_t len[2] = {id ? (uint32_t)strlen(id) + 1 : 0, (uint32_t)strlen(message)};
    return fwrite(len, sizeof len, 1, S->spill) == 1 && (!id || fwrite(id, 1, len[0] - 1, S->spill) == len[0] - 1) &&
           fwrite(message, 1, len[1], S->spill) == len[1];
}

/* Reads the next spilled id and message (record order) into r, in the
 * job's arena.  A file that cannot be read back makes that the message. */
static void unspill_error(store *S, job *j, job_rec *r)
{
    if (!S->spill_reading) {
        S->spill_reading = true;
        if (fflush(S->spill) != 0 || fseek(S->spill, 0, SEEK_SET) != 0) clearerr(S->spill);
    }
    uint32_t len[2];
    r->id = NULL;
    r->error = NULL;
    if (fread(len, sizeof len, 1, S->spill) == 1) {
        char *id = len[0] ? arena_alloc_bytes(j->ar, len[0]) : NULL;
        char *msg = arena_alloc_bytes(j->ar, (size_t)len[1] + 1);
        if ((!id || fread(id, 1, len[0] - 1, S->spill) == len[0] - 1) && fread(msg, 1, len[1], S->spill) == len[1]) {
            if (id) id[len[0] - 1] = '\0';
            msg[len[1]] = '\0';
            r->id = id;
            r->error = msg;
            return;
        }
    }
    r->error = arena_strdup(j->ar, _("the record was refused, but its message could not be read back from the temporary file"));
}

/* Adds a record's needs to its roster's. */
static void add_needs(const plan *pl, roster_group *g, const uint8_t *need)
{
    if (!need) return;
    for (int x = 0; x < demand_count(pl); x++) g->need[x] |= need[x];
}

static void store_job(runner *R, job *j);

static void ingest_done(void *ud, void *jp)
{
    runner *R = ud;
    job *j = jp;
    if (j->twin ? stops_pair(R, j) : stops_run(R, j)) {
        job_put(R, j);
        return;
    }
    if (j->twin) store_job(R->twin, j->twin);
    store_job(R, j);
    job_put(R, j);
}

/* Takes a job's records into the store. */
static void store_job(runner *R, job *j)
{
    store *S = R->S;
    const uint8_t *blobs = j->packed;
    for (uint32_t i = 0; i < j->n; i++) {
        job_rec *r = &j->recs[i];
        stored *s = store_push(S);
        if (r->error && S->error_text >= ERROR_TEXT_IN_MEMORY && spill_error(S, r->id, r->error)) {
            s->error = spilled_error;
            continue;
        }
        if (r->error) {
            if (r->id) s->id = arena_strndup_bytes(S->A, r->id, strlen(r->id));
            s->error = arena_strdup(S->A, r->error);
            S->error_text += strlen(r->error) + (r->id ? strlen(r->id) : 0);
            continue;
        }
        const uint8_t *blob = blobs + r->blob_off;
        s->blob = blob;
        /* the id is the key's text, kept once, in the packed record */
        s->id = pack_key_text(R->pl, S->layout, blob);
        if (!s->id && r->id) s->id = arena_strndup_bytes(S->A, r->id, strlen(r->id));
        s->group = (int32_t)group_of(S, R->pl, &r->group_key);
        add_needs(R->pl, &S->groups[s->group], r->need);
    }
}

/* Ids shared by valid records of one roster are errors, for each of them. */
static void mark_duplicates(store *S, const plan *pl)
{
    if (pl->key_slot < 0) return;
    uint32_t cap = 16;
    while (cap < 2 * S->n + 2) cap *= 2;
    /* slots: (record + 1) << 32 | its key's hash, so that a probe reads
     * another record's key only when the hashes agree */
    uint64_t *tab = mem_calloc(cap, sizeof *tab);
    uint32_t *first = mem_calloc(S->n + 1, sizeof *first); /* record -> first holder + 1 */
    /* the hashes first (in `first`, which each record's result replaces),
     * so that a record's slot is asked for a few records ahead */
    for (uint32_t i = 0; i < S->n; i++) {
        const stored *r = &S->recs[i];
        if (r->error || !r->id) continue;
        value key = value_text(r->id, (uint32_t)strlen(r->id));
        first[i] = (uint32_t)(value_hash(&key) ^ ((uint64_t)r->group * 0x9E3779B97F4A7C15ull));
    }
    enum { AHEAD = 16 };
    for (uint32_t i = 0; i < S->n; i++) {
        if (i + AHEAD < S->n) __builtin_prefetch(&tab[first[i + AHEAD] & (cap - 1)]);
        const stored *r = &S->recs[i];
        if (r->error || !r->id) continue;
        uint32_t h = first[i];
        uint64_t j = h & (cap - 1);
        while (tab[j]) {
            if ((uint32_t)tab[j] == h) {
                const stored *o = &S->recs[(tab[j] >> 32) - 1];
                if (o->group == r->group && strcmp(o->id, r->id) == 0) break;
            }
            j = (j + 1) & (cap - 1);
        }
        if (tab[j]) {
            first[i] = (uint32_t)(tab[j] >> 32);
        } else {
            tab[j] = (uint64_t)(i + 1) << 32 | h;
            first[i] = 0;
        }
    }
    /* each holder's count of others, in the table's memory (no fresh pages) */
    uint32_t *count = (uint32_t *)tab;
    memset(count, 0, (S->n + 1) * sizeof *count);
    for (uint32_t i = 0; i < S->n; i++)
        if (first[i]) count[first[i] - 1]++;
    for (uint32_t i = 0; i < S->n; i++) {
        uint32_t holder = first[i] ? first[i] - 1 : i;
        if (count[holder] == 0) continue;
        stored *r = &S->recs[i];
        r->error = arena_printf(S->A, _("field '%s': the id \"%s\" is used by %u records of this roster; each of them is left out"),
                                pl->prog->key->path, r->id ? r->id : "", count[holder] + 1);
    }
    mem_free(first);
    mem_free(tab);
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

/* ---- roster passes ---------------------------------------------------------- */

/* Values roster.c did not keep, worked out again from a kept record (on the
 * calling thread). */
typedef struct deriver {
    const store *S;
    const plan *pl;
    const value *params;
    arena *ar;
    evalctx ctx;
    int phase;             /* the pass under way */
} deriver;

static bool derive_first_orders(void *ud, int k, uint32_t rec, uint32_t elem, value *orders)
{
    deriver *d = ud;
    const rfirst *f = &d->pl->firsts[k];
    arena_reset(d->ar);
    set_record_slots(&d->ctx, d->pl, d->params, d->S, rec, d->ar, d->S->derive);
    value list;
    if (!eval_node(&d->ctx, f->list, &list) || list.kind != VK_LIST || elem >= list.len) return false;
    d->ctx.elems[f->depth] = &list.items[elem];
    d->ctx.elem_at[f->depth] = elem;
    for (int o = 0; o < f->norders; o++)
        if (!eval_node(&d->ctx, f->orders[o], &orders[o])) return false;
    return true;
}

/* Expression n of a roster function, for record rec (false: err says why). */
static bool derive_value(deriver *d, uint32_t rec, const pnode *n, value *out, char *err, size_t cap)
{
    arena_reset(d->ar);
    set_record_slots(&d->ctx, d->pl, d->params, d->S, rec, d->ar, d->S->derive);
    if (eval_node(&d->ctx, n, out)) return true;
    eval_error_message(&d->ctx, err, cap);
    return false;
}

static bool derive_tie_key(void *ud, int k, uint32_t rec, value *out, char *err, size_t cap)
{
    deriver *d = ud;
    return derive_value(d, rec, d->pl->raggs[k].tie, out, err, cap);
}

static bool derive_pool(void *ud, int k, uint32_t rec, value *out, char *err, size_t cap)
{
    deriver *d = ud;
    return derive_value(d, rec, d->pl->raggs[k].pool, out, err, cap);
}

static bool derive_reads(void *ud, int k, uint32_t rec)
{
    deriver *d = ud;
    arena_reset(d->ar);
    set_record(&d->ctx, d->pl, d->params, d->S, rec, d->ar);
    uint8_t *need = arena_zalloc(d->ar, (size_t)demand_count(d->pl) + 1);
    demand_record(&d->ctx, d->phase, need, d->S->groups[d->S->recs[rec].group].need,
                  arena_zalloc(d->ar, (size_t)d->pl->ndefs + 1));
    return need[k];
}

static const char *derive_id(void *ud, uint32_t rec)
{
    deriver *d = ud;
    return stored_id(d->S, rec);
}

/* A job of store records [lo, hi), for a pass or the output. */
static job *range_job(runner *R, job_kind kind)
{
    store *S = R->S;
    if (R->cursor >= S->n) return NULL;
    job *j = job_get(R, kind);
    j->lo = R->cursor;
    j->hi = R->cursor + JOB_RECORDS < S->n ? R->cursor + JOB_RECORDS : S->n;
    R->cursor = j->hi;
    for (uint32_t i = j->lo; i < j->hi; i++) {
        job_rec *r = job_add(j);
        r->index = i;
        r->id = (char *)S->recs[i].id;
        if (kind == JOB_FINAL && S->recs[i].error == spilled_error) unspill_error(S, j, r);
    }
    if (R->twin && kind == JOB_FINAL) j->twin = R->one_store ? twin_job(R, j) : range_job(R->twin, kind);
    return j;
}

/* ---- which roster values each roster needs (demand.h) ---------------------- */

static void close_needs(runner *R)
{
    for (uint32_t gi = 0; gi < R->S->ngroups; gi++) demand_close(R->pl, R->phase, R->S->groups[gi].need);
}

/* Decides which roster values of this phase each roster works out: those its
 * records' outputs may read, and what those need in turn.  The needs were
 * gathered while reading the records.  When knowing the phases before may
 * show fewer (a condition that reads roster values guards a roster function
 * of this phase or later: plan.resweep), they are gathered again in this
 * phase's pass itself (R->sweeping): each record is walked for its needs
 * and, in the same evaluation, its parts in every value of this phase its
 * roster needed before (the candidates, R->cand: the most the walk can
 * mark) are worked out; after the pass, the needs are closed (end_sweep)
 * and the candidates no record needs are not finished, so never read. */
static void gather_needs(runner *R)
{
    store *S = R->S;
    const plan *pl = R->pl;
    size_t nv = (size_t)demand_count(pl);
    R->sweeping = demand_gathers_again(pl, R->phase);
    if (!R->sweeping) {
        close_needs(R);
        return;
    }
    if (!R->keep_defs) R->keep_defs = mem_alloc(((size_t)pl->ndefs + 1) * sizeof *R->keep_defs);
    R->nkeep = keep_choose(pl, R->phase, R->keep_defs);
    if (R->nkeep && !R->kept) R->kept = mem_alloc((size_t)S->n * KEEP_CELL + 1);
    if (!R->cand) {
        R->cand = mem_alloc(S->ngroups * nv + 1);
        R->has_cand = mem_alloc(S->ngroups + 1);
    }
    for (uint32_t gi = 0; gi < S->ngroups; gi++) {
        uint8_t *need = S->groups[gi].need;
        memcpy(R->cand + gi * nv, need, nv);
        R->has_cand[gi] = 0;
        for (size_t x = 0; x < nv; x++)
            if (demand_phase(pl, (int)x) >= R->phase) {
                R->has_cand[gi] |= need[x];
                need[x] = 0;
            }
    }
}

/* After a pass that gathered the needs again: what they lead to. */
static void end_sweep(runner *R)
{
    if (!R->sweeping) return;
    close_needs(R);
    R->sweeping = false;
}

/* The roster values of this phase whose parts the pass works out for the
 * records of group g: those it needs, or while the needs are gathered
 * again, its candidates. */
static const uint8_t *pass_wants(const runner *R, int32_t g)
{
    return R->sweeping ? R->cand + (size_t)g * (size_t)demand_count(R->pl) : R->S->groups[g].need;
}

/* ---- a pass: every record's parts in the roster functions of one phase ------ */

static void *pass_next(void *ud) { return range_job(ud, JOB_PASS); }

static first_item *first_item_add(job *j, job_rec *jr, uint32_t *cap)
{
    if (jr->nfirsts == *cap) {
        *cap = *cap ? *cap * 2 : 4;
        first_item *items = arena_alloc(j->ar, *cap * sizeof *items);
        if (jr->nfirsts) memcpy(items, jr->firsts, jr->nfirsts * sizeof *items);
        jr->firsts = items;
    }
    return &jr->firsts[jr->nfirsts++];
}

/* The entries one record offers to first table k (false: ctx->err),
 * worked out in the record's arena and kept in the job's. */
static bool first_items(runner *R, job *j, job_rec *jr, evalctx *ctx, int k, uint32_t *cap)
{
    const rfirst *f = &R->pl->firsts[k];
    value list;
    if (!eval_node(ctx, f->list, &list)) return false;
    for (uint32_t e = 0; e < list.len; e++) {
        ctx->elems[f->depth] = &list.items[e];
        ctx->elem_at[f->depth] = e;
        first_item *it = first_item_add(j, jr, cap);
        it->table = k;
        it->elem = e;
        it->orders = arena_alloc(j->ar, (size_t)(f->norders + 1) * sizeof *it->orders);
        if (!eval_node(ctx, f->key, &it->key)) return false;
        for (int o = 0; o < f->norders; o++)
            if (!eval_node(ctx, f->orders[o], &it->orders[o])) return false;
        it->hash = first_key_hash(&it->key);
        it->key = value_keep_made(j->ar, it->key);
        for (int o = 0; o < f->norders; o++) it->orders[o] = value_keep_made(j->ar, it->orders[o]);
    }
    return true;
}

/* A contribution worked out in the record's arena, kept in the job's. */
static void keep_contrib(const ragg *a, contrib *c, arena *ar)
{
    c->v = value_keep_made(ar, c->v);
    c->pool = value_keep_made(ar, c->pool);
    for (int i = 0; c->cols && i < a->ncols; i++) c->cols[i] = value_keep_made(ar, c->cols[i]);
    if (c->cols) {
        value *cols = arena_alloc(ar, (size_t)a->ncols * sizeof *cols);
        memcpy(cols, c->cols, (size_t)a->ncols * sizeof *cols);
        c->cols = cols;
    }
}

/* Evaluates one record's parts in the roster functions of this phase that
 * `want` marks (pass_wants).  A part that cannot be worked out is kept as
 * the reason (contrib.err, first_errs): it breaks that function for the
 * roster, not the record.  Worked out in the record's arena (w->rec_ar),
 * the values are kept in the job's. */
static void pass_record(runner *R, job *j, job_rec *jr, worker *w, const uint8_t *want)
{
    const plan *pl = R->pl;
    evalctx *ctx = &w->ctx;
    char msg[1024];
    jr->contribs = arena_alloc(j->ar, (size_t)(pl->nraggs + 1) * sizeof *jr->contribs);
    for (int k = 0; k < pl->nraggs; k++) {
        if (pl->raggs[k].phase != R->phase || !want[k]) continue;
        contrib *c = &jr->contribs[k];
        *c = (contrib){.err = NULL}; /* a function of columns sets only its columns */
        if (pl->raggs[k].ncols) {
            if (!contrib_columns(pl, k, ctx, c)) {
                eval_error_message(ctx, msg, sizeof msg);
                c->err = arena_strdup(j->ar, msg);
            }
        } else if (!contrib_eval(pl, k, ctx, c)) {
            eval_error_message(ctx, msg, sizeof msg);
            c->err = arena_strdup(j->ar, msg);
        } else if (pl->raggs[k].fn == BI_APPORTION && !contrib_pool(pl, k, ctx, &c->pool)) {
            eval_error_message(ctx, msg, sizeof msg);
            c->pool_err = arena_strdup(j->ar, msg);
        }
        keep_contrib(&pl->raggs[k], c, j->ar);
    }
    uint32_t cap = 0;
    for (int k = 0; k < pl->nfirsts; k++) {
        if (pl->firsts[k].phase != R->phase || !want[pl->nraggs + k]) continue;
        uint32_t before = jr->nfirsts;
        if (first_items(R, j, jr, ctx, k, &cap)) continue;
        jr->nfirsts = before; /* none of its entries: the table is broken */
        if (!jr->first_errs) jr->first_errs = arena_zalloc(j->ar, (size_t)pl->nfirsts * sizeof *jr->first_errs);
        eval_error_message(ctx, msg, sizeof msg);
        jr->first_errs[k] = arena_strdup(j->ar, msg);
    }
}

/* A record of a pass that gathers the needs again (gather_needs): walked
 * for what its outputs may read (into jr->need, shared as record_needs
 * says), then its parts worked out in the same evaluation, whose
 * definitions are kept (the walk decides conditions by working them out);
 * the step limit counts afresh for the parts, as in a pass of their own. */
static void sweep_record(runner *R, job *j, job_rec *jr, worker *w, uint8_t **mask, int32_t *last)
{
    uint32_t rec = (uint32_t)(jr - j->recs) + j->lo;
    const stored *r = &R->S->recs[rec];
    uint8_t *cell = R->kept ? R->kept + (size_t)rec * KEEP_CELL : NULL;
    if (!R->has_cand[r->group]) { /* its roster needs nothing more */
        if (cell) memset(cell, 0, KEEP_CELL);
        return;
    }
    const uint8_t *cand = pass_wants(R, r->group);
    arena_reset(w->rec_ar);
    set_record_slots(&w->ctx, R->pl, R->params, R->S, rec, w->rec_ar, R->phase_slots);
    record_needs(R, j, jr, w, mask, r->group == *last, cand);
    *last = r->group;
    w->ctx.steps = 0;
    w->ctx.nest = 0;
    w->ctx.current_def = -1;
    pass_record(R, j, jr, w, cand);
    if (cell) keep_save(R->keep_defs, R->nkeep, &w->ctx, cell);
}

/* A roster pass writes each record's parts into its job, which the
 * calling thread reads once the job is done; a job's own arena was written
 * last by whichever thread had the job before.  So the worker lends the job
 * an arena of its own, which it wrote last, for as long as the job is in
 * flight (give_back). */
static void lend_arena(job *j, worker *w, int wi)
{
    arena *a = NULL;
    pthread_mutex_lock(&w->spare_mu);
    if (w->nspare) a = w->spare[--w->nspare];
    pthread_mutex_unlock(&w->spare_mu);
    j->home = j->ar;
    j->ar = a ? a : arena_new(JOB_ARENA);
    j->lender = wi;
}

/* The job's arena back to the worker that lent it (calling thread).
 * Nothing is allocated while the lock is held. */
static void give_back(runner *R, job *j)
{
    worker *w = &R->workers[j->lender];
    arena *a = j->ar;
    arena_reset(a);
    pthread_mutex_lock(&w->spare_mu);
    if (w->nspare < SPARE_ARENAS) {
        w->spare[w->nspare++] = a;
        a = NULL;
    }
    pthread_mutex_unlock(&w->spare_mu);
    if (a) arena_free(a);
    j->ar = j->home;
    j->home = NULL;
}

static void pass_work(void *ud, void *jp, int wi)
{
    runner *R = ud;
    job *j = jp;
    worker *w = &R->workers[wi];
    lend_arena(j, w, wi);
    w->ctx.no_trace = true;
    uint8_t *mask = NULL;
    int32_t last = -1;
    for (uint32_t i = 0; i < j->n; i++) {
        job_rec *jr = &j->recs[i];
        uint32_t rec = j->lo + i;
        const stored *r = &R->S->recs[rec];
        if (r->error) continue;
        if (R->sweeping) {
            sweep_record(R, j, jr, w, &mask, &last);
            continue;
        }
        /* evaluated in the worker's arena, reset for each record and so
         * in its cache; pass_record keeps what the pass needs in the job's
         * (lent by this worker: lend_arena) */
        arena_reset(w->rec_ar);
        set_record_slots(&w->ctx, R->pl, R->params, R->S, rec, w->rec_ar, R->phase_slots);
        pass_record(R, j, jr, w, pass_wants(R, r->group));
    }
}

/* Roster function k of g cannot be worked out because of record rec. */
static void break_aggregate(runner *R, roster_group *g, int k, uint32_t rec, const char *why)
{
    char msg[1280];
    snprintf(msg, sizeof msg, "record \"%s\": %s", stored_id(R->S, rec), why);
    group_break(g, k, rec, msg, R->keep);
}

/* The places in the first tables where the entries of record i of job j
 * go (first_prefetch), asked for a little before they are offered. */
static void prefetch_firsts(runner *R, job *j, uint32_t i)
{
    if (i >= j->n) return;
    const job_rec *jr = &j->recs[i];
    const stored *r = &R->S->recs[j->lo + i];
    if (!jr->nfirsts || r->error) return;
    const roster_group *g = &R->S->groups[r->group];
    for (uint32_t f = 0; f < jr->nfirsts; f++) first_prefetch(&g->firsts[jr->firsts[f].table], jr->firsts[f].hash);
}

static void pass_done(void *ud, void *jp)
{
    runner *R = ud;
    job *j = jp;
    store *S = R->S;
    const plan *pl = R->pl;
    if (pl->nfirsts) prefetch_firsts(R, j, 0);
    for (uint32_t i = 0; i < j->n; i++) {
        job_rec *jr = &j->recs[i];
        if (pl->nfirsts) prefetch_firsts(R, j, i + 1);
        uint32_t rec = j->lo + i;
        stored *r = &S->recs[rec];
        if (r->error) continue;
        roster_group *g = &S->groups[r->group];
        if (R->sweeping) add_needs(pl, g, jr->need);
        const uint8_t *want = pass_wants(R, r->group);
        for (int k = 0; k < pl->nraggs; k++) {
            if (pl->raggs[k].phase != R->phase || !want[k] || g->acc[k].broken) continue;
            const contrib *c = &jr->contribs[k];
            const char *why = c->err;
            if (pl->raggs[k].ncols) {
                group_keep_row(g, pl, k, r->pos, c, why, R->keep);
                continue;
            }
            if (!why && group_accumulate(g, pl, k, rec, r->pos, c, R->keep, &why)) continue;
            break_aggregate(R, g, k, rec, why);
        }
        for (int k = 0; jr->first_errs && k < pl->nfirsts; k++)
            if (jr->first_errs[k] && !g->first_err[k])
                g->first_err[k] = arena_printf(S->A, "record \"%s\": %s", stored_id(S, rec), jr->first_errs[k]);
        for (uint32_t f = 0; f < jr->nfirsts; f++) {
            const first_item *it = &jr->firsts[f];
            if (g->first_err[it->table]) continue;
            first_offer(&g->firsts[it->table], it->table, &it->key, it->hash, it->orders, pl->firsts[it->table].norders, rec,
                        it->elem, &R->env, R->keep);
        }
    }
    give_back(R, j);
    job_put(R, j);
}

/* The message for a roster function that cannot be worked out for a roster:
 * which function, and why (naming the record that broke it). */
static const char *roster_value_error(arena *A, const ast *src, const char *why)
{
    char text[81];
    source_snippet(src->at, 80, text);
    return arena_printf(A, _("%s cannot be worked out for this roster (%s)"), text, why);
}

static uint32_t position_of(const void *ud, uint32_t rec) { return ((const store *)ud)->recs[rec].pos; }

static void finish_phase(runner *R)
{
    store *S = R->S;
    const plan *pl = R->pl;
    char err[1280];
    for (uint32_t gi = 0; gi < S->ngroups; gi++) {
        roster_group *g = &S->groups[gi];
        for (int k = 0; k < pl->nraggs; k++) {
            if (pl->raggs[k].phase != R->phase || !g->need[k]) continue;
            if (pl->raggs[k].ncols) { /* worked out for each record that reads it */
                g->agg_ready[k] = 1;
                continue;
            }
            if (group_finish(g, pl, k, &R->env, R->keep, err, sizeof err)) continue;
            /* it cannot be worked out: every record that reads it fails */
            g->agg_ready[k] = 0;
            g->agg_err[k] = roster_value_error(S->A, pl->raggs[k].src, err);
            group_break(g, k, g->acc[k].broken_rec, err, S->A); /* the reason, for the share check */
        }
        for (int k = 0; k < pl->nfirsts; k++) {
            if (pl->firsts[k].phase != R->phase || !g->need[pl->nraggs + k]) continue;
            if (g->first_err[k]) {
                g->first_err[k] = roster_value_error(S->A, pl->firsts[k].src, g->first_err[k]);
                continue;
            }
            g->first_ready[k] = 1;
            first_mark_held(&g->firsts[k], g->nrecs, position_of, S);
        }
    }
}

/* ---- roster checks ----------------------------------------------------------- */

typedef struct index_list {
    int *v;
    int n, cap;
} index_list;

/* Aggregates read by a check expression (for naming the records involved). */
static void check_aggregates(const pnode *n, index_list *out)
{
    if (!n) return;
    if (n->op == P_ROSTER_AGG) {
        if (out->n == out->cap) {
            out->cap = out->cap ? out->cap * 2 : 16;
            out->v = mem_realloc(out->v, (size_t)out->cap * sizeof *out->v);
        }
        out->v[out->n++] = n->index;
    }
    check_aggregates(n->a, out);
    check_aggregates(n->b, out);
    check_aggregates(n->c, out);
    for (int i = 0; i < n->nkids; i++) check_aggregates(n->kids[i], out);
}

/* The roster's key as the messages show it ("" for the only roster). */
static const char *roster_name(const roster_group *g, buf *b)
{
    b->len = 0;
    if (g->key.kind != VK_NONE) write_json_value(b, &g->key, NULL);
    buf_putc(b, '\0');
    return b->data;
}

/* The ids of a failed check's records, each once, in the order met. */
typedef struct id_set {
    const char **ids;
    int n;
    uint32_t *stamp;       /* [records] set that last took the record */
    uint32_t now;
} id_set;

static void id_set_start(id_set *s) { s->n = 0; s->now++; }

static void id_set_add(id_set *s, const store *S, uint32_t rec)
{
    if (rec >= S->n || s->stamp[rec] == s->now || !S->recs[rec].id) return;
    s->stamp[rec] = s->now;
    s->ids[s->n++] = S->recs[rec].id;
}

static void run_checks(store *S, const plan *pl, const value *params, const run_hooks *h, run_stats *st, id_set *ids)
{
    arena *ar = arena_new(16 * 1024);
    evalctx ctx;
    memset(&ctx, 0, sizeof ctx);
    ctx.no_trace = true;
    buf name = {0};
    index_list aggs = {0};
    for (int c = 0; c < pl->nchecks; c++) {
        const ast *decl = pl->prog->checks[c];
        aggs.n = 0;
        check_aggregates(pl->checks[c], &aggs);
        for (uint32_t gi = 0; gi < S->ngroups; gi++) {
            arena_reset(ar);
            eval_begin(&ctx, pl, params, NULL, ar);
            ctx.grp = &S->groups[gi];
            value ok;
            bool evaluated = eval_node(&ctx, pl->checks[c], &ok);
            if (evaluated && ok.b) continue;
            st->checks_failed++;
            const roster_group *g = &S->groups[gi];
            id_set_start(ids);
            for (int a = 0; a < aggs.n; a++)
                for (uint32_t m = 0; m < g->nmembers[aggs.v[a]]; m++) id_set_add(ids, S, g->members[aggs.v[a]][m]);
            if (h && h->check_failed) h->check_failed(h->ud, decl->str, roster_name(g, &name), ids->ids, ids->n);
        }
    }
    mem_free(aggs.v);
    buf_free(&name);
    arena_free(ar);
}

/* The check every apportion gets: the shares paid add up to the pool.  A
 * share is paid when its record read it and was evaluated; a record that
 * failed keeps its share, which is held back (never handed to the others),
 * and is named here.  Rosters where no record read a share (the policy did
 * not pay the pool there, e.g. outside December) are not checked. */
static void check_shares(runner *R, id_set *ids)
{
    store *S = R->S;
    const plan *pl = R->pl;
    buf name = {0};
    for (int k = 0; k < pl->nraggs; k++) {
        const ragg *r = &pl->raggs[k];
        if (r->fn != BI_APPORTION) continue;
        char text[81];
        source_snippet(r->src->at, 80, text);
        int line = 0, col = 0;
        if (r->src->at.src) source_position(r->src->at.src, r->src->at.start, &line, &col);
        const char *what = r->src->at.src ? arena_printf(R->keep, "%s (%s:%d:%d)", text, r->src->at.src->name, line, col)
                                          : arena_strdup(R->keep, text);
        int places = r->type->kind == T_MONEY ? 2 : 0;
        for (uint32_t gi = 0; gi < S->ngroups; gi++) {
            roster_group *g = &S->groups[gi];
            agg_acc *a = &g->acc[k];
            if (!g->need[k] || a->readers == 0) continue;
            char paid[96], pool[96], held[96];
            const char *label;
            id_set_start(ids);
            if (g->agg_ready[k]) {
                kh_num p = apportion_paid(g, k, R->keep), h;
                if (num_eq(p, a->pool)) continue;
                for (uint32_t i = 0; i < g->nrecs; i++)
                    if (!(a->paid && a->paid[i]) && !num_is_zero(g->alloc[k][i].n)) id_set_add(ids, S, g->recs[i]);
                num_sub(R->keep, a->pool, p, &h);
                num_to_chars(p, places, paid, sizeof paid);
                num_to_chars(a->pool, places, pool, sizeof pool);
                num_to_chars(h, places, held, sizeof held);
                label = arena_printf(R->keep,
                                     _("the shares of %s add up to the pool: %s of %s paid; %s held back (the shares of "
                                     "the records named, which failed or do not read their share)"),
                                     what, paid, pool, held);
            } else {
                if (a->broken_rec != NO_RECORD) id_set_add(ids, S, a->broken_rec);
                label = arena_printf(R->keep, _("the shares of %s add up to the pool: none is paid (%s)"), what,
                                     a->broken ? a->broken : _("it cannot be worked out"));
            }
            R->st->checks_failed++;
            if (R->h && R->h->check_failed) R->h->check_failed(R->h->ud, label, roster_name(g, &name), ids->ids, ids->n);
        }
    }
    buf_free(&name);
}

/* ---- the output pass ---------------------------------------------------------- */

static void *final_next(void *ud) { return range_job(ud, JOB_FINAL); }

/* The apportions whose share the record w->ctx evaluated read, into jr. */
static void note_reads(runner *R, job *j, job_rec *jr, const worker *w)
{
    const plan *pl = R->pl;
    for (int k = 0; k < pl->nraggs; k++) {
        if (!w->ctx.touched[k]) continue;
        if (!jr->reads) jr->reads = arena_alloc(j->ar, (size_t)pl->nraggs * sizeof *jr->reads);
        jr->reads[jr->nreads++] = k;
    }
}

/* Evaluates stored record j->lo + i of the output pass; false: its error
 * (refused, or failed now) is in jr->error. */
static bool final_record(runner *R, job *j, uint32_t i, worker *w)
{
    job_rec *jr = &j->recs[i];
    uint32_t rec = j->lo + i;
    jr->index = rec;
    const stored *r = &R->S->recs[rec];
    if (r->error) {
        if (!jr->error) jr->error = (char *)r->error; /* (a spilled one is read already) */
        return false;
    }
    arena_reset(w->rec_ar);
    w->ctx.no_trace = !traced(R, r->id);
    set_record(&w->ctx, R->pl, R->params, R->S, rec, w->rec_ar);
    if (R->kept && w->ctx.no_trace) keep_seed(R->keep_defs, R->nkeep, &w->ctx, R->kept + (size_t)rec * KEEP_CELL);
    if (R->has_apportion) w->ctx.touched = arena_zalloc(w->rec_ar, (size_t)R->pl->nraggs);
    bool ok = evaluate(j, jr, w);
    if (R->has_apportion) note_reads(R, j, jr, w);
    return ok;
}

/* The new side's evaluation of record j->lo + i of a pair run's output
 * pass, after the old side's (w: its worker): from the shared store, or
 * its own, taking what the two sides work out alike. */
static bool twin_final_record(runner *R, job *j, uint32_t i, worker *tw, const worker *w)
{
    runner *T = R->twin;
    if (!R->share) return final_record(T, j, i, tw);
    job_rec *jr = &j->recs[i];
    uint32_t rec = j->lo + i;
    jr->index = rec;
    const stored *r = &T->S->recs[rec], *old = &R->S->recs[rec];
    if (r->error) {
        if (!jr->error) jr->error = (char *)r->error;
        return false;
    }
    if (old->error) return final_record(T, j, i, tw); /* nothing of the old side to take */
    arena_reset(tw->rec_ar);
    tw->ctx.no_trace = !traced(T, r->id);
    if (R->one_store) {
        twin_begin(T, &tw->ctx, &w->ctx, R->share, tw->rec_ar, true);
    } else {
        set_record(&tw->ctx, T->pl, T->params, T->S, rec, tw->rec_ar);
        pair_share_seed(R->share, &tw->ctx, &w->ctx);
    }
    if (T->has_apportion) tw->ctx.touched = arena_zalloc(tw->rec_ar, (size_t)T->pl->nraggs);
    bool ok = evaluate(j, jr, tw);
    if (T->has_apportion) note_reads(T, j, jr, tw);
    return ok;
}

static void final_work(void *ud, void *jp, int wi)
{
    runner *R = ud;
    job *j = jp;
    worker *w = &R->workers[wi];
    for (uint32_t i = 0; i < j->n; i++) {
        job_rec *jr = &j->recs[i];
        if (!R->twin) {
            if (final_record(R, j, i, w)) deliver(R, j, jr, w);
            else deliver_error(R, j, jr, w);
            continue;
        }
        worker *tw = &R->twin->workers[wi];
        bool ok = final_record(R, j, i, w), tok = twin_final_record(R, j->twin, i, tw, w);
        side_result old_side = side_of(jr, w, ok), new_side = side_of(&j->twin->recs[i], tw, tok);
        R->pair->result(R->pair->ud, jr->index, &old_side, &new_side);
    }
}

/* Which shares the records of a job of the output pass read were paid. */
static void note_paid(runner *R, job *j)
{
    store *S = R->S;
    for (uint32_t i = 0; i < j->n; i++) {
        const job_rec *jr = &j->recs[i];
        if (!jr->nreads) continue;
        const stored *r = &S->recs[j->lo + i];
        roster_group *g = &S->groups[r->group];
        for (int q = 0; q < jr->nreads; q++) {
            agg_acc *a = &g->acc[jr->reads[q]];
            a->readers++;
            if (jr->error || !g->agg_ready[jr->reads[q]]) continue;
            if (!a->paid) {
                a->paid = mem_calloc(g->nrecs + 1, 1);
            }
            a->paid[r->pos] = 1;
        }
    }
}

/* The output of a job of the output pass, in order, and which shares were
 * paid. */
static void final_done(void *ud, void *jp)
{
    runner *R = ud;
    job *j = jp;
    note_paid(R, j);
    if (R->twin) note_paid(R->twin, j->twin);
    output_done(ud, jp);
}

/* ---- the whole run ------------------------------------------------------------ */

static void workers_init(runner *R, int n)
{
    R->nworkers = n;
    R->workers = mem_calloc((size_t)n, sizeof *R->workers);
    for (int i = 0; i < n; i++) {
        worker *w = &R->workers[i];
        w->rec_ar = arena_new(64 * 1024);
        pthread_mutex_init(&w->spare_mu, NULL);
        w->reader = input_reader_new(R->pl);
        w->slots = mem_alloc((size_t)(R->pl->nslots + 1) * sizeof *w->slots);
        w->outs = mem_alloc((size_t)(R->pl->noutputs + 1) * sizeof *w->outs);
        if (R->main_writer) {
            writer_init(&w->w, NULL, R->main_writer->format, R->pl);
            w->w.csv_bom = R->main_writer->csv_bom;
            w->w.csv_excel_text = R->main_writer->csv_excel_text;
            w->w.explain = R->main_writer->explain;
            w->has_writer = true;
        }
    }
}

static void workers_free(runner *R)
{
    for (int i = 0; i < R->nworkers; i++) {
        worker *w = &R->workers[i];
        arena_free(w->rec_ar);
        for (int a = 0; a < w->nspare; a++) arena_free(w->spare[a]);
        pthread_mutex_destroy(&w->spare_mu);
        unknown_members_merge(&R->st->unknown, input_reader_unknown(w->reader));
        input_reader_free(w->reader);
        mem_free(w->slots);
        mem_free(w->outs);
        buf_free(&w->pack);
        for (size_t c = 0; c < w->nchunks; c++) mem_free(w->chunks[c]);
        mem_free(w->chunks);
        if (w->has_writer) writer_discard(&w->w);
    }
    mem_free(R->workers);
}

static void pipeline(runner *R, void *(*next)(void *), void (*work)(void *, void *, int), void (*done)(void *, void *))
{
    pool_ops ops = {R, next, work, done};
    int threads = R->nworkers > 1 ? R->nworkers : 0;
    pool_run(threads, R->nworkers * IN_FLIGHT_PER_WORKER, &ops);
}

/* The roster run's stages: the store opened, every record read into it,
 * the roster passes and checks, the output pass, all freed. */
static void roster_open(runner *R)
{
    store *S = mem_calloc(1, sizeof *S);
    S->A = arena_new(1 << 20);
    S->used = mem_alloc((size_t)(R->pl->nslots + 1));
    S->derive = mem_alloc((size_t)(R->pl->nslots + 1));
    pack_store_slots(R->pl, !R->out->no_trace, S->used);
    pack_derive_slots(R->pl, S->derive);
    R->S = S;
    R->keep = S->A;
    R->phase = 1; /* reading gathers what the first pass needs */
}

/* False when the input could not be read or the run was stopped
 * (R->st->fatal says why). */
static bool roster_ingest(runner *R)
{
    /* the slots kept are settled now (one store for a pair run keeps either side's) */
    R->S->layout = pack_layout_new(R->pl, R->S->used);
    if (R->twin && R->twin->S && !R->one_store) R->twin->S->layout = pack_layout_new(R->twin->pl, R->twin->S->used);
    pipeline(R, ingest_next, ingest_work, ingest_done);
    if (R->last == JSONIN_FATAL && !R->stopped) snprintf(R->st->fatal, sizeof R->st->fatal, "%s", jsonin_error(R->in));
    return R->last != JSONIN_FATAL && !R->stopped;
}

static void roster_checks(runner *R);

static void roster_passes(runner *R)
{
    const plan *pl = R->pl;
    store *S = R->S;
    mark_duplicates(S, pl);
    assign_groups(S);
    deriver *d = mem_calloc(1, sizeof *d);
    d->S = S;
    d->pl = pl;
    d->params = R->params;
    d->ar = arena_new(16 * 1024);
    d->ctx.no_trace = true;
    R->der = d;
    int longest = 1;
    for (int k = 0; k < pl->nfirsts; k++)
        if (pl->firsts[k].norders > longest) longest = pl->firsts[k].norders;
    value *scratch = mem_alloc((size_t)longest * sizeof *scratch);
    R->env = (roster_env){d, derive_first_orders, derive_tie_key, derive_pool, derive_reads, derive_id, scratch};
    for (int k = 0; k < pl->nraggs; k++) R->has_apportion |= pl->raggs[k].fn == BI_APPORTION;
    R->phase_slots = mem_alloc((size_t)(pl->nslots + 1));
    for (R->phase = 1; R->phase <= pl->max_phase; R->phase++) {
        d->phase = R->phase;
        gather_needs(R);
        if (R->sweeping && R->one_store) memset(R->phase_slots, 1, (size_t)pl->nslots); /* the other side's walk reads the record too */
        else pack_pass_slots(pl, R->phase, R->phase_slots);
        R->cursor = 0;
        R->seq = 0;
        pipeline(R, pass_next, pass_work, pass_done);
        end_sweep(R);
        finish_phase(R);
    }
    mem_free(R->phase_slots);
    R->phase_slots = NULL;
    roster_checks(R);
}

/* The roster checks, after the passes. */
static void roster_checks(runner *R)
{
    store *S = R->S;
    id_set *ids = mem_calloc(1, sizeof *ids);
    ids->ids = mem_alloc(((size_t)S->n + 1) * sizeof *ids->ids);
    ids->stamp = mem_calloc((size_t)S->n + 1, sizeof *ids->stamp);
    R->ids = ids;
    run_checks(S, R->pl, R->params, R->h, R->st, ids);
    R->cursor = 0;
    R->seq = 0;
}

/* The new side's view of group g's messages (why a roster value cannot be
 * worked out), in its own files' names when the two sides are files of
 * other names written alike (pair_share_rename); in A. */
static void twin_messages(const pair_share *s, const plan *pl, roster_group *g, arena *A)
{
    if (!s->nrenames) return;
    int n = pl->nraggs ? pl->nraggs : 1, nf = pl->nfirsts ? pl->nfirsts : 1;
    const char **agg_err = arena_alloc(A, (size_t)n * sizeof *agg_err);
    const char **first_err = arena_alloc(A, (size_t)nf * sizeof *first_err);
    roster_rows *rows = arena_alloc(A, (size_t)n * sizeof *rows);
    for (int k = 0; k < n; k++) {
        agg_err[k] = pair_share_rename(s, g->agg_err[k], A);
        g->acc[k].broken = pair_share_rename(s, g->acc[k].broken, A);
        rows[k] = g->rows[k];
        if (!rows[k].err) continue;
        rows[k].err = arena_alloc(A, ((size_t)g->nrecs + 1) * sizeof *rows[k].err);
        for (uint32_t i = 0; i < g->nrecs; i++) rows[k].err[i] = pair_share_rename(s, g->rows[k].err[i], A);
    }
    for (int k = 0; k < nf; k++) first_err[k] = pair_share_rename(s, g->first_err[k], A);
    g->agg_err = agg_err;
    g->first_err = first_err;
    g->rows = rows;
}

/* One store for both sides of a pair run: after the old side's roster
 * passes, the new side reads the old side's store and roster values (all
 * alike: pair_share.roster) through a copy of the store whose groups have
 * accounts of their own of the apportions' shares paid and messages in
 * its own files' names, and runs its checks. */
static void twin_store_open(runner *R)
{
    runner *T = R->twin;
    store *S = mem_alloc(sizeof *S);
    *S = *R->S;
    S->groups = mem_alloc(((size_t)S->ngroups + 1) * sizeof *S->groups);
    S->cap_groups = S->ngroups;
    S->spill = NULL; /* the output pass reads the old side's (twin_job) */
    S->spill_held = NULL;
    for (uint32_t gi = 0; gi < S->ngroups; gi++) {
        roster_group *g = &S->groups[gi];
        *g = R->S->groups[gi];
        g->acc = mem_alloc(((size_t)T->pl->nraggs + 1) * sizeof *g->acc);
        for (int k = 0; k < T->pl->nraggs; k++) {
            g->acc[k] = R->S->groups[gi].acc[k];
            g->acc[k].readers = 0;
            g->acc[k].paid = NULL;
        }
        twin_messages(R->share, T->pl, g, R->keep);
    }
    T->S = S;
    T->keep = R->keep;
    for (int k = 0; k < T->pl->nraggs; k++) T->has_apportion |= T->pl->raggs[k].fn == BI_APPORTION;
    roster_checks(T);
}

static void twin_store_close(runner *T)
{
    store *S = T->S;
    for (uint32_t gi = 0; gi < S->ngroups; gi++) {
        for (int k = 0; k < T->pl->nraggs; k++) mem_free(S->groups[gi].acc[k].paid);
        mem_free(S->groups[gi].acc);
    }
    mem_free(S->groups);
    mem_free(S);
    T->S = NULL;
}

/* The output pass (a pair run: of both sides, driven by the old). */
static void roster_output(runner *R)
{
    pipeline(R, final_next, final_work, final_done);
    check_shares(R, R->ids);
    if (R->twin) check_shares(R->twin, R->twin->ids);
}

static void roster_close(runner *R)
{
    if (R->twin && R->twin->S && R->one_store) { /* the twin's view of this store first */
        runner *T = R->twin;
        if (T->ids) {
            mem_free(T->ids->ids);
            mem_free(T->ids->stamp);
            mem_free(T->ids);
            T->ids = NULL;
        }
        twin_store_close(T);
    }
    if (R->ids) {
        mem_free(R->ids->ids);
        mem_free(R->ids->stamp);
        mem_free(R->ids);
    }
    mem_free(R->cand);
    mem_free(R->has_cand);
    mem_free(R->kept);
    mem_free(R->keep_defs);
    mem_free(R->env.scratch);
    if (R->der) arena_free(R->der->ar);
    mem_free(R->der);
    store_free(R->S, R->pl);
    mem_free(R->S);
    R->S = NULL;
}

static int roster_status(const runner *R) { return R->st->errors || R->st->checks_failed ? 1 : 0; }

static int run_roster(runner *R)
{
    roster_open(R);
    int rc = 4;
    if (roster_ingest(R)) {
        roster_passes(R);
        roster_output(R);
        rc = roster_status(R);
    }
    roster_close(R);
    return rc;
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

/* No record read and no explicit []: an empty export is a mistake
 * upstream, not an empty month.  Says so in st->fatal. */
static bool empty_export(run_stats *st, jsonin *in)
{
    if (st->records != 0 || jsonin_is_array(in)) return false;
    snprintf(st->fatal, sizeof st->fatal, _("the input holds no records (write [] for an empty roster)"));
    return true;
}

int run_eval(const plan *pl, const value *params, jsonin *in, const result_sink *out, const run_hooks *hooks, run_stats *st)
{
    return run_eval_jobs(pl, params, in, out, hooks, st, 1);
}

int run_eval_jobs(const plan *pl, const value *params, jsonin *in, const result_sink *out, const run_hooks *hooks,
                  run_stats *st, int jobs)
{
    memset(st, 0, sizeof *st);
    runner R;
    memset(&R, 0, sizeof R);
    R.pl = pl;
    R.params = params;
    R.out = out;
    R.h = hooks;
    R.st = st;
    R.in = in;
    R.last = JSONIN_END;
    /* workers format results themselves only for a plain writer; any other
     * sink is called on the calling thread, so it gets one job at a time */
    R.main_writer = out->result == sink_result ? (writer *)out->ud : NULL;
    if (!R.main_writer) jobs = 1;
    if (jobs < 1) jobs = 1;
    workers_init(&R, jobs);
    jsonin_set_deferred(in, true);
    int rc;
    if (pl->prog->has_roster) {
        rc = run_roster(&R);
    } else {
        /* (no record stops a run without a roster: only a --prior does,
         * and a chain needs a key, which makes a roster run) */
        pipeline(&R, stream_next, stream_work, output_done);
        rc = st->errors ? 1 : 0;
        if (R.last == JSONIN_FATAL) {
            snprintf(st->fatal, sizeof st->fatal, "%s", jsonin_error(in));
            rc = 4;
        }
    }
    workers_free(&R);
    jobs_free(&R);
    if (rc == 0 && empty_export(st, in)) return 4;
    return rc;
}

/* Both sides of a pair run: the stats of the side that stopped or could
 * not read (the new side's first) given to the other. */
static void share_fatal(run_stats *old_st, run_stats *new_st)
{
    if (new_st->fatal[0]) memcpy(old_st->fatal, new_st->fatal, sizeof old_st->fatal);
    else memcpy(new_st->fatal, old_st->fatal, sizeof new_st->fatal);
}

int run_eval_pair(const plan *old_pl, const value *old_params, const run_hooks *old_hooks, const plan *new_pl,
                  const value *new_params, const run_hooks *new_hooks, jsonin *in, const pair_sink *out,
                  run_stats *old_st, run_stats *new_st)
{
    memset(old_st, 0, sizeof *old_st);
    memset(new_st, 0, sizeof *new_st);
    result_sink side_out = {NULL, NULL, NULL, out->no_trace}; /* each side: results go to out, in pairs */
    runner R, T;
    memset(&R, 0, sizeof R);
    memset(&T, 0, sizeof T);
    R = (runner){.pl = old_pl, .params = old_params, .out = &side_out, .h = old_hooks, .st = old_st, .in = in,
                 .last = JSONIN_END, .twin = &T, .pair = out};
    T = (runner){.pl = new_pl, .params = new_params, .out = &side_out, .h = new_hooks, .st = new_st, .in = in,
                 .last = JSONIN_END};
    workers_init(&R, 1);
    workers_init(&T, 1);
    jsonin_set_deferred(in, true);
    /* what the two work out alike, unless a side reads its records itself
     * (a prior: each side chains as its own policy says) */
    pair_share *alike = NULL;
    if (!(old_hooks && old_hooks->read) && !(new_hooks && new_hooks->read))
        alike = pair_share_new(old_pl, old_params, new_pl, new_params);
    R.share = alike;
    R.one_store = alike && alike->roster && old_pl->prog->has_roster;
    int rc;
    if (R.one_store) {
        roster_open(&R);
        /* the store keeps what either side reads */
        uint8_t *used = mem_alloc((size_t)(new_pl->nslots + 1));
        pack_store_slots(new_pl, !out->no_trace, used);
        for (int i = 0; i < new_pl->nslots; i++) R.S->used[i] |= used[i];
        mem_free(used);
        rc = 4;
        if (roster_ingest(&R)) {
            roster_passes(&R);
            twin_store_open(&R);
            roster_output(&R);
            rc = roster_status(&R) | roster_status(&T);
        }
        roster_close(&R);
    } else if (old_pl->prog->has_roster || new_pl->prog->has_roster) {
        /* a side without roster functions is kept too, so that both give
         * their results record by record in the one output pass */
        roster_open(&R);
        roster_open(&T);
        rc = 4;
        if (roster_ingest(&R)) {
            roster_passes(&R);
            roster_passes(&T);
            roster_output(&R);
            rc = roster_status(&R) | roster_status(&T);
        }
        roster_close(&T);
        roster_close(&R);
    } else {
        pipeline(&R, stream_next, stream_work, output_done); /* (nothing stops it: see run_eval) */
        rc = old_st->errors || new_st->errors ? 1 : 0;
        if (R.last == JSONIN_FATAL) {
            snprintf(old_st->fatal, sizeof old_st->fatal, "%s", jsonin_error(in));
            rc = 4;
        }
    }
    workers_free(&T);
    jobs_free(&T);
    workers_free(&R);
    jobs_free(&R);
    pair_share_free(alike);
    if (rc == 0 && empty_export(new_st, in)) rc = 4;
    if (rc == 4) share_fatal(old_st, new_st);
    return rc;
}
