/*
 * run.h — evaluating a whole input: every record, the roster phases, the
 * roster checks, and the results in input order.
 *
 * A policy without roster functions streams: each record is read,
 * evaluated, written and forgotten.  A policy with roster functions (or a
 * key that must be unique per roster) keeps each valid record's input
 * values, runs one pass per roster phase, then writes the results.
 */
#ifndef KH_RUN_H
#define KH_RUN_H

#include "jsonin.h"
#include "eval.h"
#include "unknown_members.h"
#include "writer.h"

/* Where results go: a writer, or a test runner comparing values. */
typedef struct result_sink {
    void *ud;
    /* one valid result: the plan's outputs in order; ctx is the finished
     * evaluation (ledgers and traces), valid only during the call */
    void (*result)(void *ud, size_t index, const char *id, const value *outputs, const struct evalctx *ctx);
    void (*error)(void *ud, size_t index, const char *id, const char *message);
    /* true when nothing reads ctx's ledgers and branch traces: the
     * evaluation then skips itemising them (a plain eval) */
    bool no_trace;
} result_sink;

/* A sink writing through w. */
result_sink writer_sink(writer *w);

struct input_reader;
struct input_text;

/* What a hook that reads a record in input_read_text's place found. */
typedef enum read_status {
    READ_OK,       /* the record's values are in the slots */
    READ_REFUSED,  /* the record is an error (err says why) */
    READ_FATAL     /* the run cannot go on (err says why): it stops, status 4 */
} read_status;

typedef struct run_hooks {
    void *ud;
    /* a record that could not be read or evaluated (index: 0-based) */
    void (*record_error)(void *ud, size_t index, const char *id, const char *message);
    /* a roster check that failed; ids of the records involved */
    void (*check_failed)(void *ud, const char *label, const char *roster, const char *const *ids, int nids);
    /* reads a record in input_read_text's place (period chaining: prior.c),
     * with the worker's reader; may be NULL.  Called on worker threads. */
    void *read_ud;
    read_status (*read)(void *read_ud, size_t index, struct input_reader *reader, const struct input_text *text,
                        arena *ar, value *slots, const value *params, char *err, size_t cap, const char **id);
    /* when the sink traces (result_sink.no_trace false): only the records
     * of this id are traced, the others evaluated as for a plain eval
     * (explain --id); NULL: every record */
    const char *trace_id;
} run_hooks;

typedef struct run_stats {
    size_t records;        /* results written (valid or not) */
    size_t errors;         /* records in error */
    int checks_failed;
    char fatal[512];       /* why the input as a whole failed */
    unknown_members unknown; /* members of the records no field is called */
} run_stats;

/* Returns 0 when every record was evaluated, 1 when some failed (their
 * errors are in the output and reported through hooks), 4 when the input
 * could not be read or hooks->read stopped the run (st->fatal). */
int run_eval(const plan *pl, const value *params, jsonin *in, const result_sink *out, const run_hooks *hooks,
             run_stats *st);
/* The same with `jobs` worker threads (when results go to a plain writer;
 * any other sink runs single-threaded).  The results are the same for any
 * number of jobs, in input order. */
int run_eval_jobs(const plan *pl, const value *params, jsonin *in, const result_sink *out, const run_hooks *hooks,
                  run_stats *st, int jobs);

/* One record's result under one of the two policies of a pair run. */
typedef struct side_result {
    const char *id;                /* its key text, or NULL */
    const value *outputs;          /* the plan's outputs in order; NULL when in error */
    const struct evalctx *ctx;     /* the finished evaluation; NULL when in error */
    const char *error;             /* why it is in error, or NULL */
} side_result;

/* Where a pair run's results go: both sides of each record at once, in
 * input order, on the calling thread (valid only during the call). */
typedef struct pair_sink {
    void *ud;
    void (*result)(void *ud, size_t index, const side_result *old_side, const side_result *new_side);
    bool no_trace;                 /* as result_sink.no_trace */
} pair_sink;

/* Two policies over one read of the input, through the one driver: each
 * record read once, evaluated under both (the roster phases of each), the
 * results handed over in pairs.  What the two plans work out alike
 * (pair_share.h: definitions, the reading of a record, the roster store
 * and its values) is worked out once, unless a side reads its records
 * through hooks->read.  Returns as run_eval (4: the reason is in both
 * stats' fatal). */
int run_eval_pair(const plan *old_pl, const value *old_params, const run_hooks *old_hooks, const plan *new_pl,
                  const value *new_params, const run_hooks *new_hooks, jsonin *in, const pair_sink *out,
                  run_stats *old_st, run_stats *new_st);

#endif
