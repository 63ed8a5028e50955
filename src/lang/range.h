/*
 * range.h — what a number in a policy means, and which values it can take.
 *
 * The checker's types keep money apart from plain numbers; a quantity says
 * more: whether a number is a ratio (a fraction of one: 8%, members /
 * target, a field `within 0..1`), a whole number (a count or a score), some
 * other plain number, or money, and the interval its values lie in, worked
 * out from the schema's bounds through the policy's arithmetic.  The
 * analysis is conservative: an interval always holds every value the
 * evaluator can produce (it may be wider), and what is not known is
 * unbounded.  lint_units.c uses it to catch comparisons that can never be
 * true and numbers compared in the wrong unit.
 */
#ifndef KH_RANGE_H
#define KH_RANGE_H

#include "program.h"

typedef enum qkind {
    Q_UNKNOWN,   /* nothing known about what it measures */
    Q_RATIO,     /* a fraction of one: 100% is 1 */
    Q_WHOLE,     /* a whole number: a count or a score */
    Q_PLAIN,     /* another plain number (a score with decimals, 0..100) */
    Q_MONEY
} qkind;

typedef struct quantity {
    qkind kind;
    bool has_lo, has_hi;  /* false: unbounded on that side */
    kh_num lo, hi;        /* every value lies within [lo, hi] */
    bool constant;        /* written in the policy: a literal or a param,
                             or arithmetic of them */
} quantity;

/* Nothing known. */
quantity quantity_unknown(void);

/* The quantity of e (a typed expression of a checked program without
 * errors).  A list stands for its entries.  A param counts as any value
 * (--set may change it), with the kind its declaration gives; a
 * definition's quantity is worked out once and kept in its symbol. */
quantity quantity_of(const program *p, const ast *e);

/* The quantity of a definition's values, worked out once. */
quantity definition_quantity(const program *p, symbol *s);

/* The kind a number literal has: 8% a ratio, 200 yuan money, 65 a whole
 * number, 2.5 a plain number. */
qkind literal_kind(const ast *e);

/* The kind a param's declared value gives it (8% a ratio, 65 a whole
 * number, 200 yuan money). */
qkind param_kind(const symbol *s);

/* Is the value of e always (or never) such that `e op other`?  Returns 1
 * when the comparison is always true, 0 when never, -1 when it may go
 * either way. */
int quantity_compare(ast_op op, const quantity *x, const quantity *y);

/* "within 0..1", "at least 0", "at most 100", or "" when unbounded. */
const char *quantity_range_text(const quantity *q, char *buf, size_t cap);

#endif
