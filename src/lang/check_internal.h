/*
 * check_internal.h — state shared by the checker's two halves:
 * check.c (declarations, the input schema, cycles, phases, warnings) and
 * typecheck.c (names and types of expressions).
 */
#ifndef KH_CHECK_INTERNAL_H
#define KH_CHECK_INTERNAL_H

#include "program.h"

/* Deepest expression the type checker follows: KH_MAX_NEST levels of
 * evaluation, counted as the evaluator counts them, so that a value at the
 * bottom (a name or a number, which the evaluator reads without a level of
 * its own) may sit one level lower.  Under AddressSanitizer a level of the
 * type checker takes about 3 KB of the 8 MB stack. */
#define CHECK_MAX_DEPTH KH_MAX_NEST
/* Most roster phases: roster functions that read one another in a chain
 * this long (one pass over the records each). */
#define CHECK_MAX_PHASE 1000

/* A comprehension the checker is inside: `x over SOURCE where ...`. */
typedef struct scope {
    ast *compr;          /* the AST_COMPR (or the AST_CALL of apportion) */
    const ktype *elem;   /* element type; NULL over the roster */
    bool roster;         /* over the roster: names mean each roster record */
    int phase;           /* phase of the source */
} scope;

/* A growing array of pointers in the checker's arena (check.c). */
typedef struct ptrvec {
    void **v;
    int n, cap;
} ptrvec;

typedef struct checker {
    arena *A;
    struct child_map *children; /* input fields by (group, name) */
    diag_list *d;
    program *p;
    scope scopes[KH_MAX_OVER];
    int nscopes;
    symbol *stack[512];  /* definitions being checked (for cycle messages) */
    int stack_depth[512]; /* expression nesting when each was begun */
    int nstack;
    bool in_check;       /* typing a roster check: only roster values allowed */
    bool in_bounds;      /* typing an input bound: only input fields allowed */
    const ast *member_base; /* the name being typed as the base of a.b */
    int roster_depth;    /* inside this many `over roster` */
    bool in_apportion;   /* typing apportion's weight or ties (no `this.` there) */
    int depth;           /* expression nesting */
    bool deep_said;      /* "nested too deeply" reported under the current
                            top-level expression (said once, not once per
                            branch that reaches the limit) */
    ptrvec labelled;     /* AST_SPEC values with a display label */
    bool names_missing;  /* an include was not read: unknown names are not said */
} checker;

/* Notes a value's display label (`"pending_dismissal" "待辞退"`): a value
 * has one label in the whole policy (check.c). */
void check_value_label(checker *c, const ast *value);
/* The enum type of an output declared `: one of "a" "甲", "b"` (its
 * labels noted). */
const ktype *check_declared_enum(checker *c, const ast *type);

/* The definitions of p in an order where each comes after every one it
 * names (order.c). */
symbol **order_definitions(arena *A, const program *p);
/* How deep evaluating each definition and check goes; an error for any that
 * would go deeper than KH_MAX_NEST (nest.c).  After typing, without errors. */
void check_nesting(const program *p, diag_list *d);

/* A field of the input or of a table, and the words describing it. */
field_spec *check_field_new(checker *c, const char *name, const char *path, const ast *decl);
void check_read_field_specs(checker *c, field_spec *f, const ast *fd);
/* Builds every `table … from "x.csv"` of the files: columns, rows read and
 * checked (table.c). */
void check_tables(checker *c, ast **files, int nfiles);
/* A call of a table, quotas(level, tenure_years), typed (table.c). */
const ktype *tc_table_call(checker *c, ast *e, const table_def *t, int index);

/* Types an expression (and everything below it). */
const ktype *tc_expr(checker *c, ast *e);
/* Types a definition's right-hand side, detecting cycles. */
void tc_definition(checker *c, symbol *s);
/* Is e a literal (maybe negated) number/text/bool, or a list of them? */
bool tc_is_literal(const ast *e);
/* Literal-number type: integer unless written with a point, % or yuan. */
const ktype *tc_literal_type(const ast *e);

/* A month or a date written without quotes (2014-06) where want, a date
 * kind, is wanted: read as a subtraction, so says how to write it
 * (month("2014-06")).  Returns whether it did (bare_date.c). */
bool check_bare_date(checker *c, const ast *e, const ktype *want);

/* The input field a name or a member read stands for (a global field, a
 * group's field, a field of a list's entries), or NULL. */
const field_spec *field_read_by(const program *p, const ast *e);

/* A global symbol, or NULL. */
symbol *symtab_get(const struct symtab *t, const char *name);
/* How many global names there are. */
int symtab_count(const struct symtab *t);
/* Up to max global names into out; returns how many. */
int symtab_names(const struct symtab *t, const char **out, int max);

#endif
