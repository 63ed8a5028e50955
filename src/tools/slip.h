/*
 * slip.h — one agent's pay slip, as aligned text for a terminal or as a
 * printable HTML page (A4).
 *
 * A slip shows who it is for (the key, the `display` fields, the period),
 * every pay line of each money ledger output with its clause label, every
 * entry that applied to each other ledger (the score) with its count, the
 * totals, the agent's other results, and a footer saying what produced it.
 * It is private: it is built from the agent's own evaluation only, so it
 * names no other agent and none of their figures (a roster fact is the
 * agent's own result, e.g. "fewest calls or minutes: -2").
 */
#ifndef KH_SLIP_H
#define KH_SLIP_H

#include <stdbool.h>

#include "buf.h"
#include "eval.h"
#include "kaohe_tools.h"

typedef struct slip_style {
    bool html;
    bool color;    /* text: ANSI bold and dim */
} slip_style;

/* The slip of the record ctx evaluated (id: its key; outputs: the plan's
 * outputs), appended to b; m (may be NULL) goes in the footer. */
void slip_render(buf *b, const plan *pl, const evalctx *ctx, const char *id, const value *outputs, kh_manifest *m,
                 const slip_style *st);

#endif
