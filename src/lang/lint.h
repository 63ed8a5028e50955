/*
 * lint.h — static checks on a typed program (unreachable tier rows and
 * when branches, divisions by what the input allows to be zero).
 */
#ifndef KH_LINT_H
#define KH_LINT_H

#include "program.h"

void lint_program(const program *p, diag_list *d);

#endif
