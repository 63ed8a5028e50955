/*
 * explain.h — why an output has its value.
 *
 * After a record is evaluated, explain walks the definition's plan and the
 * record's trace and builds a tree: the value, the policy line it comes
 * from, every ledger entry (with its label and amount), the tier row or
 * `when` branch taken and the value compared, the roster value used and
 * the records behind it, and the values of the definitions, inputs and
 * params it used (each explained in turn, once).  The tree renders as
 * aligned text (Chinese labels aligned by display width) or as JSON.
 *
 * Private mode is for anything handed to one agent (pay slips): roster
 * facts read "fewest in the roster: yes", never another agent's id.
 */
#ifndef KH_EXPLAIN_H
#define KH_EXPLAIN_H

#include <stdbool.h>

#include "buf.h"
#include "eval.h"

typedef struct xnode xnode;
struct xnode {
    const char *label;   /* what: a name, a ledger label, "row", "branch" */
    const char *value;   /* its value as text, or NULL */
    const char *note;    /* how: the expression, "−1 × 2", "below 90 (score = 88)" */
    const char *where;   /* "file:line", or NULL */
    bool inactive;       /* a ledger entry that did not apply / a branch not taken */
    xnode **kids;
    int nkids, cap;
};

typedef struct explain_opts {
    bool show_inactive;  /* ledger entries that did not apply */
    bool private_view;   /* no other agent's id or figures */
    int max_depth;       /* definitions explained this deep (0: no limit) */
} explain_opts;

/* Names a record for messages about the roster (its id), given its number. */
typedef const char *(*record_namer)(const void *ud, uint32_t rec);

/* The explanation of definition `def` for the record ctx evaluated (built in
 * arena A), with the options o (not NULL). */
xnode *explain_def(arena *A, const plan *pl, const evalctx *ctx, int def, const explain_opts *o, record_namer namer,
                   const void *namer_ud);

/* Text: an aligned tree. color: ANSI styles for a terminal. */
void explain_render_text(buf *b, const xnode *n, bool color);
/* JSON: {"name":..., "value":..., "note":..., "where":..., "items":[...]} */
void explain_render_json(buf *b, const xnode *n);

/* A short trail for a failed test: the value, the expression and the values
 * it used, one level deep, each line prefixed by indent. */
void explain_trail(buf *b, const plan *pl, const evalctx *ctx, int def, const char *indent);

#endif
