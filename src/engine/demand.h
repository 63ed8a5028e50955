/*
 * demand.h — which roster values a roster needs.
 *
 * A roster function's parts (its value, condition and pool for each record
 * of a roster) are worked out only for a roster where something may read
 * its result: the outputs of one of its records, a roster check, or the
 * parts of another roster function that is needed.  So `if december then
 * apportion(pool, …) else 0` works out no pool in June, and a roster
 * function that cannot be worked out fails only the records that read it.
 *
 * Roster values are numbered: aggregates 0..nraggs-1, then first tables.
 * Before the pass of phase p, each record's outputs are walked: what is
 * known already (it reads no roster value of phase p or later) is
 * evaluated, so that a decided `if`, `when`, `tier`, `and`, `or` or ledger
 * `when` is followed only the way the record's evaluation will go; what is
 * not known yet is followed every way.  The values marked are thus a
 * superset of what the output pass reads.
 */
#ifndef KH_DEMAND_H
#define KH_DEMAND_H

#include "eval.h"

/* Works out every node's rphase and each roster value's static needs
 * (plan.h: roster_deps, check_deps, by_phase_desc).  compile.c calls it. */
void demand_prepare(plan *pl);

/* The number of roster values (aggregates and first tables). */
int demand_count(const plan *pl);
/* The phase in whose pass roster value x is worked out. */
int demand_phase(const plan *pl, int x);

/* Whether the pass of `phase` gathers the needs again (plan.resweep): the
 * first pass's were gathered while reading the records. */
bool demand_gathers_again(const plan *pl, int phase);

/* Marks in need[demand_count] the roster values of phase >= `phase` that the
 * outputs of the record ctx is set up for may read.  The roster values of
 * earlier phases must be worked out already.  candidates (or NULL): the
 * values an earlier walk of the record's roster marked, the most this one
 * can (a definition leading only to others is not walked).  visited: [ndefs]
 * zeroed bytes. */
void demand_record(evalctx *ctx, int phase, uint8_t *need, const uint8_t *candidates, uint8_t *visited);

/* Adds to one roster's need[] what the checks read and, from phase max
 * down to `phase`, what the parts of every needed roster value read. */
void demand_close(const plan *pl, int phase, uint8_t *need);

#endif
