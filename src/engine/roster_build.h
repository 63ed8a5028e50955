/*
 * roster_build.h — building roster groups (used by run.c and explain):
 * accumulators per aggregate, contributions, and finishing a phase.
 */
#ifndef KH_ROSTER_BUILD_H
#define KH_ROSTER_BUILD_H

#include <stdio.h>

#include "roster.h"

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
    /* the tie-break key of apportion k for record rec */
    bool (*tie_key)(void *ud, int k, uint32_t rec, value *out);
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
    share *shares;
    uint32_t nshares, cap_shares;
    const char *broken;  /* why the value cannot be worked out (a total that
                            overflows), or NULL: every record reading it fails */
} agg_acc;

void group_init(roster_group *g, const plan *pl, value key);
void group_add(roster_group *g, uint32_t rec);
void group_free(roster_group *g, const plan *pl);

/* One record's part in one aggregate, evaluated (on any thread), then added
 * to its group in record order (on one thread). */
typedef struct contrib {
    bool counted;  /* passed the `where` */
    value v;       /* the value taken (weight for apportion) */
    value pool;    /* apportion: the pool as this record sees it */
} contrib;

/* Evaluates aggregate k's part for the record ctx is set up for (false: ctx->err). */
bool contrib_eval(const plan *pl, int k, evalctx *ctx, contrib *out);
/* Adds record rec's part c to aggregate k of g.  Texts and big numbers the
 * accumulator keeps are copied into `keep`.  False (with *why) when the
 * record breaks the aggregate (a pool that differs). */
bool group_accumulate(roster_group *g, const plan *pl, int k, uint32_t rec, uint32_t pos, const contrib *c, arena *keep,
                      const char **why);
/* Works out aggregate k's final value (false: err); a big number it makes
 * lives in `keep`. */
bool group_finish(roster_group *g, const plan *pl, int k, const roster_env *env, arena *keep, char *err, size_t cap);

/* Offers entry `elem` of record rec, with its key and ordering values, to
 * first table k.  The key's text must outlive the table; a big number key
 * is copied into `keep`. */
void first_offer(first_table *t, int k, const value *key, const value *orders, int norders, uint32_t rec, uint32_t elem,
                 const roster_env *env, arena *keep);

#endif
