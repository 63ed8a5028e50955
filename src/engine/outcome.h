/*
 * outcome.h — what a run found that every output of it must say: the roster
 * checks that failed, with the records involved, and, when records were
 * refused, the outputs of the other records that may change once the
 * refused ones are fixed (a refused record is left out of its roster, and
 * roster functions see only the others).
 */
#ifndef KH_OUTCOME_H
#define KH_OUTCOME_H

#include <stddef.h>

#include "arena.h"
#include "plan.h"

typedef struct failed_check {
    const char *label;
    const char *roster;       /* the roster's key as JSON ("\"2014-06\""), "" for one roster */
    const char **ids;         /* the records involved */
    int nids;
} failed_check;

typedef struct run_outcome {
    arena *A;
    failed_check *checks;
    int nchecks, cap;
    /* passed on to (each may be NULL) */
    void *ud;
    void (*record_error)(void *ud, size_t index, const char *id, const char *message);
    void (*check_failed)(void *ud, const char *label, const char *roster, const char *const *ids, int nids);
} run_outcome;

void outcome_init(run_outcome *o, void *ud, void (*record_error)(void *, size_t, const char *, const char *),
                  void (*check_failed)(void *, const char *, const char *, const char *const *, int));
void outcome_free(run_outcome *o);

/* run_hooks callbacks (ud: the outcome): keep what they are told and pass
 * it on. */
void outcome_record_error(void *ud, size_t index, const char *id, const char *message);
void outcome_check_failed(void *ud, const char *label, const char *roster, const char *const *ids, int nids);

/* The outputs that depend, transitively, on a roster function (the
 * definitions' roster phase), comma-separated into out ("" when none);
 * returns how many. */
int outcome_roster_outputs(const plan *pl, char *out, size_t cap);
/* The same when `refused` records were refused, else "": the outputs of the
 * other records that may change once those are fixed. */
void outcome_may_change(const plan *pl, size_t refused, char *out, size_t cap);

/* A roster key as people read it: "2014-06" for the JSON "\"2014-06\"". */
const char *outcome_roster_text(arena *A, const char *roster);

#endif
