/*
 * lint.h — static checks on a typed program (unreachable tier rows and
 * when branches, divisions by what the input allows to be zero, roster
 * entries compared with themselves, units and ranges of comparisons).
 */
#ifndef KH_LINT_H
#define KH_LINT_H

#include "program.h"

void lint_program(const program *p, diag_list *d);
/* Comparisons that can never go both ways, numbers compared in the wrong
 * unit (lint_units.c). */
void lint_units(const program *p, diag_list *d);

#endif
