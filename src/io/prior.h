/*
 * prior.h — period chaining (--prior): last month's results, checked, fill
 * each record's chained input group (prior) from the chained output (carry)
 * of the same agent's result of the month before.
 *
 * What is refused, and how (README "Chaining months"):
 *   - the file as a whole, by prior_load (status 4): a file that is not
 *     kaohe results (a CSV, a workbook, a roster, anything else), an empty
 *     one, results whose carry has other fields than this policy's, a
 *     result without its period (when the policy has one), two results of
 *     one id and period;
 *   - the run, by the first record whose month-before has no result at all
 *     (status 4): the same month's results, or two months back;
 *   - a record (an error in its place): no usable carry (no result for its
 *     id, or an error result) when the record gives no `prior` of its own
 *     and is not a new hire (`chain ... unless hired_this_month`); a new
 *     hire for whom a carry exists (a reused id, or a wrong hire date).
 * What passes but is worth a word becomes a note: records whose own prior
 * the carry replaces (a warning with the count), agents without a carry
 * let through by their own prior or as new hires (by id).
 */
#ifndef KH_PRIOR_H
#define KH_PRIOR_H

#include <cjson/cJSON.h>

#include "input.h"
#include "policy.h"
#include "run.h"

typedef struct prior_map prior_map;

/* Loads and checks the results at path for policy p; NULL with the reason
 * in err ("--prior FILE: ..."). */
prior_map *prior_load(const kh_policy *p, const char *path, char *err, size_t cap);
void prior_free(prior_map *m);

/* A run_hooks.read for a chained run (ud: the map): the record read with
 * prior_fill_record as the reader's chain hook, then prior_admit. */
read_status prior_read(void *map, size_t index, input_reader *reader, const input_text *text, arena *ar, value *slots,
                       const value *params, char *err, size_t cap, const char **id);

/* The same in two steps, for a reader that reads each record itself (diff
 * reads it under two policies). */
typedef struct prior_fill {
    int kind;               /* what the record found (prior.c) */
    bool own;               /* the record gave its own prior */
    size_t index;
    const char *id;         /* the record's key text (the reader's) */
    const char *error;      /* the agent's error result last month, or NULL */
} prior_fill;
/* The carry of the record with key text id and values slots (read so far;
 * own: it gives its own chained group) into *carry, or NULL; READ_FATAL
 * when the prior holds no result of the month before the record's period.
 * The reader's chain hook (input_chain), through prior_read_with. */
read_status prior_fill_record(prior_map *m, size_t index, const char *id, const value *slots, bool own, prior_fill *f,
                              const cJSON **carry, char *err, size_t cap);
/* Reads the record with prior_fill_record as its chain hook (f: what it
 * found, for prior_admit). */
read_status prior_read_with(prior_map *m, size_t index, input_reader *reader, const input_text *text, arena *ar,
                            value *slots, const value *params, prior_fill *f, char *err, size_t cap, const char **id);
/* After the record was read into slots: whether it may go on. */
read_status prior_admit(prior_map *m, const prior_fill *f, arena *ar, const value *slots, const value *params, char *err,
                        size_t cap);

/* What was noticed, one line each ("warning: ..." or "note: ..."), appended
 * to out (NUL-terminated, cut at cap).  Thread-safe with the calls above;
 * a record counted twice (diff reads the input twice) is counted once. */
void prior_notes(prior_map *m, char *out, size_t cap);

#endif
