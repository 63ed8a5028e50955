/*
 * visit.h — where a depth-first walk stands with a node it may reach
 * again: the checker's walk over definitions (a symbol's state) and the
 * evaluator's over one record's definitions (evalctx.defstate).  Reaching
 * a node that is VISIT_WORKING is a cycle.
 */
#ifndef KH_VISIT_H
#define KH_VISIT_H

typedef enum visit_state {
    VISIT_NOT_YET = 0, /* (zeroed memory) */
    VISIT_WORKING,
    VISIT_DONE,
} visit_state;

#endif
