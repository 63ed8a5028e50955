/*
 * roster_build.h — building roster groups (used by run.c and explain):
 * accumulators per aggregate, contributions, and finishing a phase.
 *
 * A record's part in a roster function that cannot be worked out (a
 * division by zero in its condition, a weight below 0) does not make the
 * record an error: it breaks that roster function for that roster, and
 * only the records that read it fail, with a message naming the function
 * and the record that broke it.
 */
#ifndef KH_ROSTER_BUILD_H
#define KH_ROSTER_BUILD_H

#include <stdio.h>

#include "roster.h"

#define NO_RECORD UINT32_MAX

/* One record's part in an apportion (its tie-break key is worked out only
 * if it is needed: roster_env.tie_key). */
typedef struct share {
    uint32_t pos;        /* the record's position in its group */
    uint32_t rec;        /* its record number */
    kh_num w;            /* its weight */
} share;

/* What roster.c asks of the driver, which keeps the records: values it did
 * not keep, worked out again for one record. */
typedef struct roster_env {
    void *ud;
    /* the ordering values of entry `elem` of record `rec`, for first table k */
    bool (*first_orders)(void *ud, int k, uint32_t rec, uint32_t elem, value *orders);
    /* the tie-break key of apportion k for record rec (false: err says why) */
    bool (*tie_key)(void *ud, int k, uint32_t rec, value *out, char *err, size_t cap);
    /* the pool of apportion k as record rec sees it (false: err says why) */
    bool (*pool)(void *ud, int k, uint32_t rec, value *out, char *err, size_t cap);
    /* whether the outputs of record rec may read a share of apportion k */
    bool (*reads)(void *ud, int k, uint32_t rec);
    /* a record's id for messages ("?" when it has none) */
    const char *(*rec_id)(void *ud, uint32_t rec);
    value *scratch;      /* room for the longest ordering tuple of a first table */
} roster_env;

/* The running state of one aggregate in one group. */
typedef struct agg_acc {
    num_acc sum;         /* grows in place: owns heap memory once big */
    int64_t count;
    value best;
    bool any, not_all;
    uint32_t members_cap;
    kh_num pool;
    num_acc weight_total;
    bool pool_known;     /* apportion: pool holds the pool as the records
                            reading a share see it */
    bool pool_disputed;  /* apportion: the records do not all see one pool
                            (or some cannot work it out): only the view of
                            those that read a share counts (group_finish) */
    share *shares;
    uint32_t nshares, cap_shares;
    const char *broken;  /* why the value cannot be worked out, naming the
                            record that broke it, or NULL: every record
                            reading it fails with this */
    uint32_t broken_rec; /* that record, or NO_RECORD */
    /* apportion, during the output pass: who read a share and got it */
    uint32_t readers;    /* records whose evaluation read the share */
    uint8_t *paid;       /* [group nrecs] the share at this position was
                            delivered in a result */
} agg_acc;

void group_init(roster_group *g, const plan *pl, value key);
void group_add(roster_group *g, uint32_t rec);
void group_free(roster_group *g, const plan *pl);

/* One record's part in one aggregate, evaluated (on any thread), then added
 * to its group in record order (on one thread). */
typedef struct contrib {
    bool counted;     /* passed the `where` */
    value v;          /* the value taken (weight for apportion) */
    value pool;       /* apportion: the pool as this record sees it */
    const char *pool_err; /* apportion: why it cannot see one, or NULL */
    const char *err;  /* the part could not be worked out: why, or NULL */
    value *cols;      /* a function that reads this.x: the entry's columns */
} contrib;

/* Works out the columns of per-record function k for the entry ctx is set
 * up for, into c->cols (allocated in ctx's arena; false: ctx->err). */
bool contrib_columns(const plan *pl, int k, evalctx *ctx, contrib *c);
/* Keeps record rec's columns (or why they could not be worked out: why)
 * for per-record function k of g; values are copied into keep. */
void group_keep_row(roster_group *g, const plan *pl, int k, uint32_t pos, const contrib *c, const char *why, arena *keep);

/* Evaluates aggregate k's part for the record ctx is set up for, but an
 * apportion's pool (false: ctx->err). */
bool contrib_eval(const plan *pl, int k, evalctx *ctx, contrib *out);
/* The pool of apportion k as the record ctx is set up for sees it (false:
 * ctx->err).  The pool is the one the records reading a share see: a record
 * that does not read one may see another, or none. */
bool contrib_pool(const plan *pl, int k, evalctx *ctx, value *out);
/* Adds record rec's part c to aggregate k of g.  Texts and big numbers the
 * accumulator keeps are copied into `keep`.  False (with *why) when the
 * record breaks the aggregate (a pool that differs): the caller then calls
 * group_break. */
bool group_accumulate(roster_group *g, const plan *pl, int k, uint32_t rec, uint32_t pos, const contrib *c, arena *keep,
                      const char **why);
/* Aggregate k of g cannot be worked out because of record rec (NO_RECORD:
 * of no one record): `why` (copied into keep), unless it is broken already. */
void group_break(roster_group *g, int k, uint32_t rec, const char *why, arena *keep);
/* Works out aggregate k's final value (false: err); a big number it makes
 * lives in `keep`. */
bool group_finish(roster_group *g, const plan *pl, int k, const roster_env *env, arena *keep, char *err, size_t cap);
/* After the output pass: the total of apportion k's shares that were paid
 * (a big number lives in `keep`). */
kh_num apportion_paid(const roster_group *g, int k, arena *keep);

/* The hash first tables place a key by (worked out on any thread, before
 * the key is offered). */
uint32_t first_key_hash(const value *key);
/* Asks for the memory where a key of this hash is looked for first in t, a
 * little before offering it (a large table misses the cache). */
void first_prefetch(const first_table *t, uint32_t hash);
/* Offers entry `elem` of record rec, with its key (of hash first_key_hash)
 * and ordering values, to first table k.  The key's text must outlive the
 * table; a big number key is copied into `keep`. */
void first_offer(first_table *t, int k, const value *key, uint32_t hash, const value *orders, int norders, uint32_t rec,
                 uint32_t elem, const roster_env *env, arena *keep);

#endif
