/*
 * program.h — a checked policy: every name resolved, every expression typed,
 * definitions ordered, roster phases assigned.
 *
 * check.c builds it from the syntax trees of a policy and its includes; the
 * compiler (compile.c) turns it into a plan of slot indices.  Everything
 * lives in the policy's arena.
 */
#ifndef KH_PROGRAM_H
#define KH_PROGRAM_H

#include <stdbool.h>

#include "ast.h"
#include "diag.h"
#include "types.h"

typedef enum sym_kind {
    SYM_PARAM,   /* a named constant, overridable with --set */
    SYM_DEF,     /* a definition (an output when decl->op == 1) */
    SYM_FIELD,   /* an input field (a leaf, or a list) */
    SYM_GROUP    /* an input group (quota, pay, prior): fields below it */
} sym_kind;

typedef struct field_spec field_spec;
typedef struct symbol symbol;

/* One field of the input schema. */
struct field_spec {
    const char *name;        /* its own segment ("base") */
    const char *path;        /* the whole path ("pay.base") */
    const char *label;       /* display label, or NULL */
    const ast *decl;         /* the AST_FIELD that declared it (or the first
                                field below a group that has no line of its
                                own) */
    const ktype *type;       /* T_RECORD for groups and list elements */
    bool is_group;           /* quota, pay, prior: only a container */
    bool implicit;           /* a group only a dotted path (pay.base) has
                                made so far: it may still get a line of its
                                own (pay: record, optional) */
    bool is_list;            /* a list (of `base`, or of records when
                                base == NULL: the element's fields are the
                                children) */
    const ktype *base;       /* scalar type of a leaf or of list entries */
    bool display;            /* shown on slips and reports; never "unused" */
    bool optional;           /* may be absent: has a default, or is an
                                optional group, or an optional list */
    bool key;                /* identifies the record (unique per roster) */
    bool not_empty;          /* text must have at least one character */
    const ast *default_expr; /* default when absent */
    const ast *min, *max;    /* bounds (expressions over literals and
                                other fields of the same record) */
    bool min_strict, max_strict;
    int max_entries;         /* lists: at most this many (-1: any) */
    field_spec **children;   /* groups and list elements */
    int nchildren;
    int slot;                /* record slot of a leaf or list, else -1 */
    int elem_index;          /* inside a list element: its field index */
    symbol *sym;
    bool used;               /* referenced by some expression */
    bool used_whole;         /* a group used as a record value (all of it) */
};

struct symbol {
    sym_kind kind;
    const char *name;
    const ast *decl;         /* AST_PARAM / AST_DEF / AST_FIELD */
    const ktype *type;
    int index;               /* param index, definition index, field slot */
    int phase;               /* roster phase after which the value is known */
    uint8_t state;           /* checker: 0 unvisited, 1 in progress, 2 done */
    bool used;
    bool cyclic;             /* part of a dependency cycle (reported) */
    field_spec *field;       /* SYM_FIELD / SYM_GROUP */
};

typedef struct program {
    arena *A;
    const char *title;           /* `policy "..."`, or NULL */
    const source **sources;      /* the policy file and its includes */
    int nsources;
    symbol **params;
    int nparams;
    symbol **defs;               /* declaration order */
    int ndefs;
    symbol **outputs;            /* declaration order */
    int noutputs;
    field_spec *input;           /* the root group (its children are the
                                    top-level fields); NULL without input */
    field_spec *key;             /* the `key` field, or NULL */
    field_spec *roster_by;       /* the field a roster is grouped by, or NULL */
    field_spec *chain_field;     /* `chain prior from carry`: the input group */
    symbol *chain_output;        /* ... and the output it is filled from */
    field_spec **leaves;         /* every slot-holding field, by slot */
    int nleaves;
    const ast **checks;          /* AST_CHECK */
    int nchecks;
    int max_phase;               /* 0: no roster functions */
    bool has_roster;             /* roster functions or a key to keep unique */
    struct symtab *names;        /* global names */
} program;

/* Checks the parsed files (the main file first, then includes in the order
 * met) and returns the program; errors and warnings go to diags.
 * errors_at_load is the number of errors diags held before the files were
 * loaded: after any error, loading included (a syntax error: names used in
 * what did not parse were never seen), no warnings are given, as they would
 * be noise.  Returns NULL only when nothing could be built. */
program *check_program(arena *A, ast **files, const source **sources, int nfiles, int errors_at_load,
                       diag_list *diags);

/* A global name (parameter, definition, top-level field or group). */
symbol *program_lookup(const program *p, const char *name);

/* Did-you-mean: the candidate closest to `name` (edit distance <= 2 for
 * short names, <= 3 for longer), or NULL. */
const char *suggest_name(const char *name, const char *const *candidates, int n);

#endif
