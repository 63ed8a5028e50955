/*
 * absent.h — the compile pass that guards uses of values that may be absent.
 */
#ifndef KH_ABSENT_H
#define KH_ABSENT_H

#include "plan.h"

/* Wraps every use of a possibly absent value that needs the value in a
 * P_PRESENT node (see absent.c). */
void absent_guard(plan *pl);

struct diag_list;
/* A warning at each of those uses (for `kaohe check`). */
void absent_warn(const plan *pl, struct diag_list *d);

#endif
