/*
 * keep.h — definitions a roster pass worked out, kept for the output pass.
 *
 * A pass that gathers the needs again (plan.resweep) works out, for every
 * record, the definitions that decide them: in the 2014 policy `score` and
 * `quarter_score`, for `quarter_score < bottom_score`.  Those that read no
 * roster value of that phase or later have their final values then; the
 * output pass would work them out again.  Each record keeps them in a cell
 * of KEEP_CELL bytes (a mask, then tags and varints), and the output pass starts its
 * evaluation from them.  Only what fits is kept; the rest is worked out
 * again as before, so a cell never changes a result.
 */
#ifndef KH_KEEP_H
#define KH_KEEP_H

#include <stdint.h>

#include "eval.h"
#include "plan.h"

#define KEEP_CELL 16

/* Fills defs (room for pl->ndefs) with the definitions a pass of `phase`
 * keeps and returns how many: those reading roster values, all of phases
 * before `phase`, and no apportion (the output pass notes which shares it
 * reads).  At most 16. */
int keep_choose(const plan *pl, int phase, int32_t *defs);

/* Writes to cell the values ctx worked out of the n definitions defs (true,
 * false or a number; other kinds, and what did not fit, are not kept). */
void keep_save(const int32_t *defs, int n, const evalctx *ctx, uint8_t cell[KEEP_CELL]);

/* Sets the definitions cell keeps as worked out in ctx (after eval_begin;
 * an untraced evaluation only: a kept definition has no ledger or trace). */
void keep_seed(const int32_t *defs, int n, evalctx *ctx, const uint8_t cell[KEEP_CELL]);

#endif
