/*
 * plan.h — a compiled policy: what the evaluator runs for every record.
 *
 * Every input field, definition and param is an index into an array (no
 * name is looked up per record).  Definitions are evaluated on first use
 * and remembered for the rest of the record.  Roster functions are entries
 * of `raggs` / `firsts`, accumulated over all records of a period in the
 * pass their phase says, before the records that read them are finished.
 */
#ifndef KH_PLAN_H
#define KH_PLAN_H

#include "builtins.h"
#include "program.h"
#include "value.h"

typedef enum pop {
    P_CONST,        /* k */
    P_SLOT,         /* input field in slot `index` */
    P_DEF,          /* definition `index` (evaluated once per record) */
    P_PARAM,        /* param `index` */
    P_ELEM,         /* `each`: the element at comprehension depth `depth` */
    P_ELEM_FIELD,   /* field `index` of the element at depth `depth` */
    P_GROUP,        /* an input group as a record: kids are its fields */
    P_FIELD,        /* field `index` of record a */
    P_DATE_PART,    /* part `index` of date/month/datetime a */
    P_NEG, P_NOT,
    P_ADD, P_SUB, P_MUL, P_DIV,
    P_EQ, P_NE, P_LT, P_LE, P_GT, P_GE,
    P_AND, P_OR,
    P_IN,           /* a in b */
    P_IF,           /* if a then b else c */
    P_WHEN,         /* kids: cond, value, cond, value, ... (cond NULL: otherwise) */
    P_TIER,         /* subject a; kids: threshold, value pairs; aux_ops the row ops */
    P_LEDGER,       /* start a; kids: amount, operand pairs; aux_ops the entry ops */
    P_ROUND,        /* a rounded to `index` places, mode aux */
    P_ABS,
    P_MIN_OF, P_MAX_OF, /* min/max of the kids */
    P_LIST_AGG,     /* aux: builtin; a source list, b value (NULL: each), c filter; depth */
    P_ROSTER_AGG,   /* raggs[index] for this record's period */
    P_FIRST,        /* firsts[index]: is this record first for the current element's key */
    P_LAST, P_APPEND, P_MONTH_OF, P_DATE_OF, P_DAYS_BETWEEN, P_MONTHS_BETWEEN,
    P_DAYS_IN_MONTH, P_FIRST_DAY, P_LAST_DAY, /* of month (or date) a */
    P_MOD,          /* mod(a, b) */
    P_MAKE_DATE,    /* date(a, b, c): year, month, day */
    P_TABLE,        /* the row of table `index` (program.h) the kids look up */
    P_LIST,         /* kids */
    P_OBJECT,       /* kids, in the record type's field order */
    P_PRESENT,      /* a, which must have a value (k.s: the error if it has none) */
    P_THIS,         /* this.x inside a roster function: a, in the record's scope
                       (compile.c replaces it by a when it splits the function) */
    P_COLUMN        /* column `index` of the roster entry being looked at by a
                       roster function that reads this.x: a, worked out for each
                       entry in the roster's pass (roster.h, rows) */
} pop;

typedef struct pnode pnode;
struct pnode {
    uint8_t op;
    uint8_t aux;          /* builtin kind, round mode */
    int16_t depth;        /* comprehension depth for P_ELEM / P_ELEM_FIELD / P_LIST_AGG */
    int32_t index;
    int32_t trace;        /* P_WHEN / P_TIER / P_IF / P_LEDGER: trace slot, else -1 */
    int16_t rphase;       /* the highest phase of the roster values it reads
                             (through definitions), 0: none (demand.c) */
    const ktype *type;
    pnode *a, *b, *c;
    pnode **kids;
    int nkids;
    uint8_t *aux_ops;     /* P_TIER row ops, P_LEDGER entry ops (per pair) */
    value k;
    const ast *src;       /* where it is written (messages, explain) */
};

/* A roster aggregate: fn(value over roster where filter), or apportion. */
typedef struct ragg {
    builtin_kind fn;
    pnode *value;         /* NULL for count */
    pnode *filter;        /* NULL: every record */
    pnode *pool, *tie;    /* apportion */
    int phase;            /* accumulated in this pass (1..max_phase) */
    const ktype *type;
    const ast *src;
    bool keep_members;    /* remember which records count (checks, explain) */
    /* A roster function that reads this.x (the record being evaluated) has
     * no one value per roster: its parts that read only the entry are
     * columns (P_COLUMN nodes, their `a` the part), worked out for each
     * entry in the pass; value and filter are then worked out for each
     * record that reads the function, entry by entry, from the columns. */
    pnode **cols;
    int ncols;            /* 0: an ordinary roster function */
} ragg;

/* `first in roster for key by (orders)` inside `x over LIST`. */
typedef struct rfirst {
    pnode *list;          /* the comprehension's list, in record scope */
    int depth;            /* the element's comprehension depth */
    pnode *key;
    bool key_of_entry;    /* the key is the entry itself or one of its
                             fields: the output pass answers from the
                             record's first_table.held word */
    pnode **orders;
    int norders;
    int phase;
    const ast *src;
} rfirst;

/* A param with dated values (`8% until 2014-06, 10% from 2014-07`): each
 * value from its first month on, chosen by the record's period.  While
 * its value in the params array is VK_NONE (not --set), these apply. */
typedef struct dated_param {
    int n;
    int32_t *from;        /* [n] the first month each value covers, rising
                             (INT32_MIN: every month before the next) */
    value *values;        /* [n] */
    const ast **src;      /* [n] the AST_DATED each came from */
} dated_param;

/* Input schema, compiled: how to read a record's JSON. */
typedef struct in_field in_field;
struct in_field {
    const char *name;
    const field_spec *spec;
    const ktype *type;     /* scalar type, list type or record type */
    int slot;              /* record slot (-1 inside list elements / groups) */
    bool is_group, is_list, elem_record;
    bool optional, has_default, not_empty;
    value dflt;            /* default (when has_default) */
    pnode *min, *max;      /* bounds, evaluated after the record is read */
    bool min_strict, max_strict;
    int max_entries;
    in_field *children;    /* groups and list-of-record elements */
    int nchildren;
    const struct name_table *names; /* children by name (input.c) */
};

typedef struct plan {
    const program *prog;
    arena *A;
    int nslots;            /* input slots */
    int ndefs;
    pnode **defs;          /* by definition index */
    const symbol **def_syms;
    int nparams;
    value *param_defaults; /* VK_NONE for a dated param: dated[i] applies */
    dated_param **dated;   /* [nparams] NULL for a param of one value */
    const symbol **param_syms;
    int noutputs;
    int *outputs;          /* definition indices, in order */
    pnode **checks;
    int nchecks;
    ragg *raggs;
    int nraggs;
    rfirst *firsts;
    int nfirsts;
    int max_phase;
    /* Roster values are numbered raggs first, then firsts (nraggs + nfirsts
     * in all).  What reading each one needs (demand.c): */
    int32_t **roster_deps; /* [nraggs + nfirsts] the roster values its parts
                              read, -1-terminated */
    int32_t *check_deps;   /* the roster values the checks read, -1-terminated */
    int32_t *by_phase_desc;/* every roster value, highest phase first */
    uint8_t *resweep;      /* [max_phase + 1] 1: before this phase's pass,
                              knowing the phases before may show that fewer
                              roster values are needed than seen so far */
    int32_t **def_reach;   /* [ndefs] the roster values reading the definition
                              may lead to, -1-terminated; NULL: too many to
                              list (the walk then never skips it) */
    uint64_t *def_reach_bits; /* [ndefs] the same as bits, when there are at
                              most 64 roster values (else NULL) */
    int ntrace;            /* trace slots per record */
    int nledgers;
    pnode **ledgers;       /* by ledger index (aux) */
    in_field input;        /* the root group */
    int key_slot;          /* -1 without a key */
    int group_slot;        /* roster-by slot, -1: one roster */
    int max_depth;         /* deepest comprehension nesting */
    uint32_t max_steps;    /* the evaluator's steps per record (0:
                              EVAL_DEFAULT_STEPS); kh_policy_set_max_steps */
} plan;

/* Compiles a checked program (which must have no errors). */
plan *compile_program(const program *p, arena *A);

/* Builds the constant value of a literal expression (params, defaults). */
value compile_literal(arena *A, const ast *e, const ktype *want);

#endif
