/*
 * fmt.h — the canonical layout of a policy (kaohe fmt).
 */
#ifndef KH_FMT_H
#define KH_FMT_H

#include "buf.h"
#include "diag.h"

#include "lex.h"

/* Writes src in canonical layout to out, its keywords in `lang`
 * (SURFACE_SAME: the surface src mostly uses); false (with diagnostics)
 * when it does not parse. */
bool fmt_source(const source *src, kh_surface lang, buf *out, diag_list *diags);

#endif
