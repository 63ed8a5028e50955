/*
 * ast.h — the syntax tree of a policy.
 *
 * Every node lives in the policy's arena and carries the span of source it
 * came from.  One node shape serves every kind; the comment on each kind says
 * which fields it uses.  The parser only builds trees (ast_* constructors);
 * names, types and meaning are the checker's business (check.c).
 */
#ifndef KH_AST_H
#define KH_AST_H

#include <stdbool.h>
#include <stdint.h>

#include "arena.h"
#include "lex.h"
#include "source.h"

typedef enum ast_kind {
    /* ---- expressions ---- */
    AST_NUMBER,    /* num: the literal (unit says 8%, 200 yuan, 3 points) */
    AST_STRING,    /* str: text literal */
    AST_BOOL,      /* op: 1 for true, 0 for false */
    AST_NAME,      /* str: an identifier */
    AST_EACH,      /* `each`: the current element of a comprehension */
    AST_ROSTER,    /* `roster`: every record of the period (comprehension source) */
    AST_THIS,      /* this.a: inside a roster function, a (a name or path) of the
                      record being evaluated rather than of the roster entry */
    AST_MEMBER,    /* a.str: field of a group, record, object or date part */
    AST_UNARY,     /* op (OP_NEG, OP_NOT, OP_POS) a */
    AST_BINARY,    /* a op b (arithmetic, comparison, and/or) */
    AST_IN,        /* a in b (b a list literal or list); op 1 for `not in` */
    AST_IF,        /* if a then b else c */
    AST_WHEN,      /* when: list of AST_ARM */
    AST_ARM,       /* a -> b; a == NULL for otherwise */
    AST_TIER,      /* tier a: list of AST_ROW */
    AST_ROW,       /* op (ROW_*) a -> b; a == NULL for otherwise */
    AST_CALL,      /* str(list): list of arguments (expressions, AST_COMPR, AST_NAMED) */
    AST_COMPR,     /* a over b where c (a NULL: each; c NULL: no filter) */
    AST_NAMED,     /* str by a: a named argument (`ties by id`) */
    AST_LIST,      /* [list] */
    AST_OBJECT,    /* {list of AST_FIELDVAL} */
    AST_FIELDVAL,  /* str: a */
    AST_LEDGER,    /* ledger from a: list of AST_ENTRY */
    AST_ENTRY,     /* label str, amount a, op (ENTRY_*), b the count or condition */
    AST_FIRST,     /* first in roster for a by (list) */
    /* ---- declarations ---- */
    AST_FILE,      /* list of declarations */
    AST_POLICY,    /* policy str */
    AST_INCLUDE,   /* include str */
    AST_ROSTER_BY, /* roster by a (a field path) */
    AST_CHAIN,     /* chain a (an input group) from str (an output) [c b]: c the
                      word `unless`, b the name of the new-hire condition */
    AST_PARAM,     /* param str [label] [: b type] = a */
    AST_DEF,       /* [output] str [label] [: b type] = a; op (DEF_*) */
    AST_INPUT,     /* input: list of AST_FIELD */
    AST_FIELD,     /* a path [label] : list of AST_SPEC; list2 its nested fields */
    AST_SPEC,      /* one item of a field's description: op (SPEC_*), str, a, b */
    AST_CHECK,     /* check str: a */
    AST_TABLE,     /* table str [label] from a (the CSV file's name, an AST_STRING)
                      by list (AST_NAME key columns): list2 the columns (AST_FIELD);
                      c: set by the loader, an AST_FILE whose span is the CSV's text */
    AST_TYPE,      /* str: a type name (on params and definitions); op
                      (TYPE_*): TYPE_ONE_OF lists its AST_SPEC values */
    AST_DATED,     /* one dated value of a param: a (the value) op (DATED_*) b
                      (the month, written 2014-07 or "2014-07"); index: the
                      month once checked.  A dated param's list holds them
                      and its a is the first one's value */
    AST_ERROR      /* placeholder after a syntax error */
} ast_kind;

typedef enum ast_op {
    OP_NONE,
    OP_ADD, OP_SUB, OP_MUL, OP_DIV,
    OP_EQ, OP_NE, OP_LT, OP_LE, OP_GT, OP_GE,
    OP_AND, OP_OR,
    OP_NEG, OP_NOT, OP_POS
} ast_op;

/* Tier rows: how the subject is compared with the threshold. */
typedef enum row_op { ROW_GE = 1, ROW_GT, ROW_LE, ROW_LT, ROW_EQ, ROW_OTHERWISE } row_op;

/* Parts of a date, month or datetime (`d.year`, ...): the member's index
 * from the checker to the evaluator. */
typedef enum date_part_kind {
    DP_YEAR, DP_MONTH, DP_DAY, DP_QUARTER, DP_WEEKDAY, DP_HOUR, DP_MINUTE, DP_SECOND, DP_DATE, DP_COUNT
} date_part_kind;

/* Ledger entries: when the amount applies. */
typedef enum entry_op { ENTRY_ALWAYS = 1, ENTRY_PER, ENTRY_WHEN } entry_op;

/* Definitions: a value of the run's results or one only used in others. */
typedef enum def_kind { DEF_PLAIN, DEF_OUTPUT } def_kind;

/* Declared types: a named type, or `one of` its listed values. */
typedef enum type_form { TYPE_NAMED, TYPE_ONE_OF } type_form;

/* Dated param values: the months a value covers. */
typedef enum dated_op { DATED_UNTIL = 1, DATED_FROM } dated_op;

/* Field description items. */
typedef enum spec_op {
    SPEC_WORD = 1,   /* str: a type name or a flag (record, optional, key, ...) */
    SPEC_DEFAULT,    /* default a */
    SPEC_NOT_EMPTY,  /* not empty */
    SPEC_ENUM,       /* one of str / a further "value" */
    SPEC_LIST_OF,    /* list of str */
    SPEC_AT_LEAST,   /* a */
    SPEC_AT_MOST,    /* a */
    SPEC_MAX_ENTRIES,/* at most a entries */
    SPEC_MORE_THAN,  /* a */
    SPEC_LESS_THAN,  /* a */
    SPEC_WITHIN      /* a .. b */
} spec_op;

typedef struct ast ast;

typedef struct ast_list {
    int n, cap;
    ast **v;
} ast_list;

struct ast {
    uint8_t kind;      /* ast_kind */
    uint8_t op;        /* ast_op / row_op / entry_op / spec_op / flags */
    span at;           /* where it is */
    const char *str;   /* names, labels, strings (arena, NUL-terminated) */
    uint32_t str_len;
    const char *label; /* optional display label (params, definitions, fields) */
    lit_number num;    /* AST_NUMBER */
    ast *a, *b, *c;
    ast_list list;
    ast_list list2;    /* AST_FIELD: nested fields */
    int id;            /* numbering the checker gives declarations; on an
                          AST_BINARY + - * / and or: the terms of the chain
                          of its class that it ends (the parser counts them) */
    /* filled in by the checker */
    const struct ktype *type;  /* expressions: the static type */
    struct symbol *sym;        /* names and fields: what they mean */
    struct ast *scope;         /* element names / each: the AST_COMPR they
                                  belong to; AST_FIRST: its comprehension */
    int32_t index;             /* element field index, date part, builtin,
                                  enum value index of a compared literal */
    int32_t phase;             /* roster phase the value is known after
                                  (at most CHECK_MAX_PHASE) */
    uint8_t flags;             /* AST_FLAG_* */
};

/* Checker flags on expression nodes. */
#define AST_FLAG_ROSTER_AGG 1  /* AST_CALL: an aggregate over the roster */
#define AST_FLAG_LIST_AGG 2    /* AST_CALL: an aggregate over a list */
#define AST_FLAG_TABLE 16      /* AST_CALL: a table looked up (id: which) */
#define AST_FLAG_THIS 8        /* AST_COMPR over the roster: reads this.x (the
                                  record being evaluated) */

/* Construction (all in arena `A`). */
ast *ast_new(arena *A, ast_kind kind, span at);
ast *ast_unary(arena *A, span at, ast_op op, ast *a);
ast *ast_binary(arena *A, span at, ast_op op, ast *a, ast *b);
ast *ast_node3(arena *A, ast_kind kind, span at, ast *a, ast *b, ast *c);
void ast_push(arena *A, ast_list *l, ast *item);

/* The name of a kind / an operator, for messages. */
const char *ast_kind_name(ast_kind k);
const char *ast_op_text(ast_op op);

/* Dotted path of a NAME/MEMBER chain ("pay.base") into buf; false when the
 * node is not such a chain. */
bool ast_path(const ast *e, char *buf, size_t cap);

#endif
