/*
 * eval.h — evaluating a plan for one record.
 *
 * The caller fills the record's input slots (input.c), points the context
 * at the record's roster group (roster.c) when the policy has roster
 * functions, and asks for definitions; each is worked out once, on first
 * use.  Errors (division by zero, overflow, a tier with no matching row)
 * stop the record with a message naming the definition and the place in
 * the policy; they never stop the run.
 */
#ifndef KH_EVAL_H
#define KH_EVAL_H

#include "visit.h"
#include "plan.h"

struct roster_group;

/* What a ledger did for one record: every entry, applied or not. */
typedef struct ledger_item {
    bool applied;
    kh_num amount;   /* the entry's contribution (0 when not applied) */
    kh_num count;    /* `per` entries: the count; else 1 */
} ledger_item;

typedef struct ledger_result {
    kh_num start, total;
    int n;
    ledger_item items[];
} ledger_result;

#define EVAL_DEFAULT_STEPS 5000000u
#define EVAL_NO_ELEM UINT32_MAX
/* The deepest nesting of eval_inner calls for one record is KH_MAX_NEST
 * (program.h): the checker refuses a policy that could need more, so the
 * limit here only guards the C stack (about 5 KB a level under
 * AddressSanitizer, 8 MB of stack). */

typedef struct evalctx {
    const plan *pl;
    const value *params;       /* [nparams] */
    value *slots;              /* [nslots] the record's input */
    value *defs;               /* [ndefs] */
    uint8_t *defstate;         /* [ndefs] a visit_state (visit.h) */
    arena *ar;                 /* the record's arena */
    const value *elems[KH_MAX_OVER];
    uint32_t elem_at[KH_MAX_OVER]; /* elems[d]'s index in its list, or EVAL_NO_ELEM */
    const struct roster_group *grp; /* the record's roster group, or NULL */
    uint32_t rec;              /* the record's number in the input */
    uint32_t pos;              /* its position within its group */
    ledger_result **ledgers;   /* [nledgers] filled when evaluated (may be NULL) */
    const char *(*rec_id)(const void *ud, uint32_t rec); /* ids of other records (explain) */
    const void *rec_id_ud;
    int32_t *choices;          /* [ntrace] branch / row taken (may be NULL) */
    uint32_t steps, max_steps;
    bool no_trace;             /* set before eval_begin: skip ledgers and traces */
    uint32_t nest;             /* eval_node calls under way */
    int current_def;           /* definition being evaluated, or -1 */
    uint8_t *touched;          /* [nraggs] or NULL: set to 1 for each apportion
                                  whose share was read (eval_begin clears it) */
    /* a roster function that reads this.x, entry by entry (roster.h): the
     * columns of the entry looked at, or NULL; why they could not be
     * worked out (or NULL); the entry's record number */
    const value *row;
    const char *row_err;
    uint32_t row_rec;
    /* the error, when a call returns false */
    char err[768];
    const pnode *err_node;
    int err_def;
} evalctx;

/* Prepares ctx for a new record: clears definitions, traces and the error.
 * The arrays are allocated in `ar` (which the caller resets per record). */
void eval_begin(evalctx *ctx, const plan *pl, const value *params, value *slots, arena *ar);

/* The value of definition `def` (false on error: see ctx->err). */
bool eval_def(evalctx *ctx, int def, value *out);
/* Evaluates an expression in the record's scope. */
bool eval_node(evalctx *ctx, const pnode *n, value *out);

/* Which value of dated param `param` applies to the record ctx is set up
 * for (its period in *period, VK_NONE when it has none): an index into
 * plan.dated[param], or -1 (no period, or a period before the first). */
int eval_dated_choice(const evalctx *ctx, int param, value *period);

/* Whether a tier row with operator op (a row_op) matches subject. */
bool eval_row_matches(uint8_t op, const value *subject, const value *threshold);

/* The message for ctx's error, with the definition and policy location:
 * "division by zero in basic_ratio (policy.rules:14:22)". */
void eval_error_message(const evalctx *ctx, char *buf, size_t cap);

#endif
