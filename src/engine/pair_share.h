/*
 * pair_share.h — what two compiled policies (a diff's old and new side)
 * work out alike, found once when the run starts by comparing the plans
 * node by node, params' values included.
 *
 * A definition is the same on both sides when its expression is built
 * alike and everything it reads (definitions, params, roster values, input
 * slots) is the same: its value for a record is then the old side's, and
 * the new side takes it instead of working it out again.  With `--set
 * commission_rate=9%` only what is downstream of commission_rate differs.
 * Nothing is shared between plans of a different shape (another policy
 * file with other definitions): the comparison then finds nothing alike.
 */
#ifndef KH_PAIR_SHARE_H
#define KH_PAIR_SHARE_H

#include "eval.h"

typedef struct pair_share {
    /* Both sides read a record alike (the same schema, defaults, bounds and
     * key): one read of each record serves both. */
    bool input;
    /* ...and every roster value, every check, and every definition that
     * may read an apportion's share is the same: one store of records and
     * one set of roster passes serve both. */
    bool roster;
    /* ...and every definition that may read a roster value reads them
     * alike (the same conditions on the way): the new side's outputs need
     * the roster values the old side's need, found once. */
    bool demand;
    int ndefs;
    uint8_t *seed;         /* [ndefs] 1: the new side takes the old side's
                              value of this definition (the same, and no
                              apportion share read on the way: which shares
                              a side read is its own bookkeeping) */
    int32_t *seeds;        /* those definitions' indices */
    int nseeds;
    int32_t *ledger_owner; /* [nledgers] the definition whose expression
                              holds the ledger, or -1 */
    int32_t *trace_owner;  /* [ntrace] the same for branch-trace slots */
    int nledgers, ntrace;
    /* With a roster shared by two files of other names written alike (the
     * same text at the same lines and columns): each of the old side's
     * file names, and the new side's */
    const char **rename_from, **rename_to;
    int nrenames;
} pair_share;

/* Compares plan n (params np) with plan o (params op); NULL when nothing
 * can be shared (the plans differ in shape or in how they read a record). */
pair_share *pair_share_new(const plan *o, const value *op, const plan *n, const value *np);
void pair_share_free(pair_share *s);

/* Gives `to` (the new side, just set up by eval_begin for a record) the
 * values of the shared definitions `from` (the old side, same record)
 * has worked out, with their ledgers and branch traces.  The values stay
 * in from's arena: `from` must outlive `to`'s use of them. */
void pair_share_seed(const pair_share *s, evalctx *to, const evalctx *from);
/* A roster value's message (why it cannot be worked out) as the new side
 * says it: the old side's file names in its places " (FILE:LINE:COL)" made
 * the new side's (a copy in A), or message itself when they are the same. */
const char *pair_share_rename(const pair_share *s, const char *message, arena *A);

#endif
