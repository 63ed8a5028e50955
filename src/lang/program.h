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

#include "visit.h"
#include "ast.h"
#include "diag.h"
#include "types.h"

/* The deepest evaluation a checked program may need, in the evaluator's own
 * count (eval.c, eval_inner): each operation, branch, call, field of a list
 * entry and definition not yet worked out that is under way at once.  The
 * checker refuses a policy whose outputs or checks could need more (nest.c),
 * the evaluator stops at it, and every recursive pass over a checked program
 * (the checker's own typing, compile, absent, pack, explain) relies on it. */
#define KH_MAX_NEST 1000

/* The most `over` comprehensions open inside one another: the checker's
 * scopes, the compiler's and the evaluator's current entries. */
#define KH_MAX_OVER 32

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
    const struct field_spec *optional_group; /* the nearest optional group
                                above it (nearer than any list of records):
                                a record that leaves the group out leaves it
                                out too, required or not; or NULL */
    bool key;                /* identifies the record (unique per roster) */
    bool not_empty;          /* text must have at least one character */
    const ast *default_expr; /* default when absent */
    const ast *min, *max;    /* bounds (expressions over literals and
                                other fields of the same record) */
    bool min_strict, max_strict;
    int max_entries;         /* lists: at most this many (-1: any) */
    field_spec **children;   /* groups and list elements */
    int nchildren, children_cap;
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
    uint8_t state;           /* the checker's walk: a visit_state (visit.h) */
    bool used;
    bool cyclic;             /* part of a dependency cycle (reported) */
    int nest;                /* SYM_DEF: how deep working it out goes, in
                                KH_MAX_NEST's count (nest.c); -1 not known */
    bool may_be_absent;      /* SYM_DEF: its value may be an absent optional
                                field passed through (nest.c) */
    const struct quantity *quantity; /* SYM_DEF: its kind and range, once
                                worked out (range.c) */
    field_spec *field;       /* SYM_FIELD / SYM_GROUP */
};

/* The most rows a table's CSV file may have. */
#define KH_MAX_TABLE_ROWS 100000
#define KH_MAX_TABLE_KEYS 8 /* the keys after `by` (the evaluator holds them in an array) */

/* `table quotas "label" from "quotas.csv" by level, tenure_from:` with its
 * columns declared below it: the rows of the CSV file, read and checked
 * when the policy is loaded (table.c).  quotas(level, tenure_years) is the
 * row whose key columns are the arguments; when the last key is a number,
 * a date or a month, the row with the largest value not above the last
 * argument (a band: tenure from 0, 1, 3 years). */
typedef struct table_def {
    const char *name;
    const ast *decl;         /* the AST_TABLE */
    const source *csv;       /* the CSV file's text */
    field_spec **cols;       /* in the header's order */
    int ncols;
    int *keys;               /* column of each key, in `by` order */
    int nkeys;
    bool banded;             /* the last key is a band (largest not above) */
    const ktype *row_type;   /* a record of the columns */
    struct value *rows;      /* [nrows * ncols] */
    int *row_line;           /* [nrows] the CSV line of each row */
    int nrows;
} table_def;

typedef struct program {
    arena *A;
    const char *title;           /* `policy "..."`, or NULL */
    const source **sources;      /* the policy file and its includes */
    int nsources;
    symbol **params;
    int nparams;
    symbol **defs;               /* declaration order */
    int ndefs;
    symbol **def_order;          /* every definition after those it uses (a
                                    cycle's members together): order.c */
    symbol **outputs;            /* declaration order */
    int noutputs;
    field_spec *input;           /* the root group (its children are the
                                    top-level fields); NULL without input */
    field_spec *key;             /* the `key` field, or NULL */
    field_spec *roster_by;       /* the field a roster is grouped by, or NULL */
    field_spec *chain_field;     /* `chain prior from carry`: the input group */
    symbol *chain_output;        /* ... and the output it is filled from */
    symbol *chain_unless;        /* `... unless hired_this_month`: a yes/no
                                    definition or input field saying the
                                    record needs no carry (a new hire), or NULL */
    field_spec *chain_period;    /* the period a chained record is of: the
                                    `roster by` field when it is a month, or NULL */
    field_spec **leaves;         /* every slot-holding field, by slot */
    int nleaves;
    const ast **checks;          /* AST_CHECK */
    int nchecks;
    int max_phase;               /* 0: no roster functions */
    bool has_roster;             /* roster functions or a key to keep unique */
    struct symtab *names;        /* global names */
    table_def **tables;          /* declaration order */
    int ntables;
    const char **value_codes;    /* display labels of values: value_codes[i] */
    const char **value_labels;   /* is shown as value_labels[i] ("待辞退") */
    int nvalue_labels;
    int surface;                 /* kh_surface of the main file's keywords:
                                    SURFACE_ZH shows yes/no as 是/否 */
} program;

/* The table named name, or NULL. */
const table_def *program_table(const program *p, const char *name, int *index);

/* Checks the parsed files (the main file first, then includes in the order
 * met) and returns the program; errors and warnings go to diags.
 * errors_at_load is the number of errors diags held before the files were
 * loaded: after any error, loading included (a syntax error: names used in
 * what did not parse were never seen), no warnings are given, as they would
 * be noise.  Returns NULL only when nothing could be built. */
program *check_program(arena *A, ast **files, const source **sources, int nfiles, int errors_at_load,
                       diag_list *diags);
/* The same, when an include could not be read (names_missing): a name it
 * would have defined is not the user's typo, so unknown names (and what
 * needs an input field) are not reported — the include's error is the one
 * to fix. */
program *check_program_with(arena *A, ast **files, const source **sources, int nfiles, int errors_at_load,
                            bool names_missing, diag_list *diags);

/* A global name (parameter, definition, top-level field or group). */
symbol *program_lookup(const program *p, const char *name);

/* The field below f (f itself, a group or a list of records) whose record
 * type is rec, or NULL. */
const field_spec *field_spec_of_record(const field_spec *f, const ktype *rec);
/* Field `index` of the record type rec, when rec is one of the input's
 * (below `input`), or NULL. */
const field_spec *field_spec_member(const field_spec *input, const ktype *rec, int index);
/* An optional field without a default, which a record may leave out, or
 * one without a default in an optional group, which a record may leave out
 * with the group (a group is never a value on its own). */
bool field_spec_may_be_absent(const field_spec *f);
/* The optional group that leaves f out, when f is absent only because the
 * group is (f is not optional itself), or NULL. */
const field_spec *field_spec_left_out_with(const field_spec *f);

/* Is s a param declared with a per cent literal (`param rate = 8%`, -8%,
 * 8％)?  --set then wants a per cent or a fraction of one (policy.c). */
bool param_declared_percent(const symbol *s);

/* Did-you-mean: the candidate closest to `name` (edit distance <= 2 for
 * short names, <= 3 for longer), or NULL. */
const char *suggest_name(const char *name, const char *const *candidates, int n);

/* A subtraction written like a month or a date (2014-06) where a number is
 * wanted: a warning at it, since a month may be meant (bare_date.c).
 * Returns whether it warned. */
bool warn_bare_date_number(diag_list *d, const ast *e);
/* Is e such a subtraction (2014-06, 2014-06-01, no spaces)?  fmt keeps it
 * as written. */
bool bare_date_written(const ast *e);

#endif
