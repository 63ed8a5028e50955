/*
 * roster_build.h — building roster groups (used by run.c and explain):
 * accumulators per aggregate, contributions, and finishing a phase.
 */
#ifndef KH_ROSTER_BUILD_H
#define KH_ROSTER_BUILD_H

#include <stdio.h>

#include "roster.h"

/* One record's part in an apportion. */
typedef struct share {
    uint32_t pos;        /* the record's position in its group */
    kh_num w;            /* its weight */
    value tie;           /* tie-break key */
    __int128 floor, rem, den; /* exact share = floor + rem/den units */
} share;

/* The running state of one aggregate in one group. */
typedef struct agg_acc {
    kh_num sum;
    int64_t count;
    value best;
    bool any, not_all;
    uint32_t members_cap;
    kh_num pool, weight_total;
    share *shares;
    uint32_t nshares, cap_shares;
    const char *broken;  /* why the value cannot be worked out (a total that
                            overflows), or NULL: every record reading it fails */
} agg_acc;

void group_init(roster_group *g, const plan *pl, value key);
void group_add(roster_group *g, uint32_t rec);
void group_free(roster_group *g, const plan *pl);

/* Adds the record ctx is set up for to aggregate k (false: ctx->err). */
bool group_contribute(roster_group *g, const plan *pl, int k, evalctx *ctx, arena *keep);
/* Works out aggregate k's final value (false: err). */
bool group_finish(roster_group *g, const plan *pl, int k, char *err, size_t cap);

/* Offers (key, orders) held by record rec to a first-in-roster table. */
void first_offer(first_table *t, arena *A, const value *key, const value *orders, int norders, uint32_t rec);

#endif
