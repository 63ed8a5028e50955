/*
 * roster.h — the records of one period, and what roster functions found
 * over them.
 *
 * A roster group holds its records' numbers and, once its phase's pass is
 * done, the value of every roster aggregate (fewest calls, the lowest
 * quarter score), the shares an apportion handed out, and for every
 * `first in roster` the owner of each key.  The evaluator reads them;
 * roster.c fills them.
 */
#ifndef KH_ROSTER_H
#define KH_ROSTER_H

#include "eval.h"

/* Who holds a key first (the smallest ordering tuple).  The key's text, if
 * any, points into the packed record of the first record that offered it (a
 * big number, and the entries of a list or record key, are copied into the
 * store's arena: value_keep_made); the ordering values are not
 * kept but worked out again from the owner when another record offers the
 * same key (roster_env.first_orders). */
typedef struct first_entry {
    value key;
    uint32_t owner;    /* record number */
    uint32_t elem;     /* which entry of the owner's list */
} first_entry;

typedef struct first_table {
    first_entry *entries; /* [n], in the order the keys first came */
    uint64_t *slots;   /* [cap] open addressing: (entry index + 1) << 32 |
                          the key's hash (low 32 bits), 0 when empty: probes
                          and growth compare and place by the hash, and
                          touch a key (a text in a packed record) only on a
                          match */
    uint32_t cap, n, room;
    uint32_t *held;    /* [the group's nrecs] once the table is complete: bit
                          e (e < 31) when element e of the record at that
                          position holds its key, FIRST_HELD_MORE when a
                          later element does; NULL: look keys up instead */
} first_table;

#define FIRST_HELD_MORE (UINT32_C(1) << 31)

/* The columns of a roster function that reads this.x (plan.h, ragg.cols),
 * for each entry by its position in the roster. */
typedef struct roster_rows {
    value *v;                /* [nrecs * ncols] */
    const char **err;        /* [nrecs] why the entry's columns could not be
                                worked out (the records reading one fail), or NULL */
    uint8_t *set;            /* [nrecs] 1: the entry's columns are here */
} roster_rows;

typedef struct roster_group {
    value key;               /* the value records are grouped by (VK_NONE: all) */
    uint32_t *recs;          /* record numbers, in input order */
    uint32_t nrecs, cap;
    uint8_t *need;           /* [nraggs + nfirsts] the roster values some
                                record of this roster may read (demand.h);
                                the others are not worked out */
    value *agg;              /* [nraggs] final values (VK_NONE: none, e.g. min of nothing) */
    uint8_t *agg_ready;      /* [nraggs] */
    const char **agg_err;    /* [nraggs] why an aggregate could not be worked
                                out (then agg_ready is 0), or NULL */
    uint32_t **members;      /* [nraggs] records behind the value (holders of a
                                min/max, records counted), when kept */
    uint32_t *nmembers;
    value **alloc;           /* [nraggs] apportion: the share of each position */
    first_table *firsts;     /* [nfirsts] */
    uint8_t *first_ready;    /* [nfirsts] the table is complete */
    const char **first_err;  /* [nfirsts] why it could not be built, or NULL */
    struct agg_acc *acc;     /* [nraggs] running state (roster_build.h) */
    roster_rows *rows;       /* [nraggs] per-record functions' columns */
} roster_group;

/* Finds key in t; returns the entry or NULL. */
const first_entry *first_lookup(const first_table *t, const value *key);
/* Whether record rec holds key in t (first_lookup's entry is rec's).  Only
 * entries rec holds are compared with key: their keys are in rec's own
 * packed record, which the caller has at hand, where first_lookup would
 * read the key of whichever record holds it. */
bool first_held_by(const first_table *t, const value *key, uint32_t rec);
/* Fills t->held from its entries, the position of each record given by
 * pos_of(ud, rec): the output pass then answers from the record's own
 * word, not a lookup in a table far larger than the caches. */
void first_mark_held(first_table *t, uint32_t nrecs, uint32_t (*pos_of)(const void *ud, uint32_t rec), const void *ud);

/* A hash of a value for tables keyed by values (text, numbers, dates). */
uint64_t value_hash(const value *v);

#endif
