/*
 * fmt.h — the canonical layout of a policy (kaohe fmt).
 */
#ifndef KH_FMT_H
#define KH_FMT_H

#include "buf.h"
#include "diag.h"

/* Writes src in canonical layout to out; false (with diagnostics) when it
 * does not parse. */
bool fmt_source(const source *src, buf *out, diag_list *diags);

#endif
