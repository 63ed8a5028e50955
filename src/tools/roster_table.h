/*
 * roster_table.h — how a spreadsheet's columns map to the input schema.
 *
 * A roster read from a spreadsheet is one main table (a sheet, or a CSV
 * file) with a row per record, and a table per list of records (`deals`)
 * with a row per entry and a key column saying whose entry it is.  A column
 * is named by the field's path (`pay.base`; in a list's table `profit` or
 * `deals.profit`), by its label (`"基本工资"`), or by the label's first word
 * when no other field's label starts with that word (`工号` for "工号
 * agent id"); names compare case-, blank- and full-width-insensitively.
 * The first non-empty row is the header; a second header row of paths
 * (what `kaohe template` writes) is recognised and skipped.
 */
#ifndef KH_ROSTER_TABLE_H
#define KH_ROSTER_TABLE_H

#include "buf.h"
#include "program.h"
#include "sheet.h"

typedef struct leaf {
    const field_spec *f;
    char *path;           /* relative to its table: "pay.base", "customer" */
    char *full_path;      /* the field's whole path: "deals.customer" */
    char *names[4];       /* normalised path, full path, label, label's first word (may be NULL) */
    bool required;        /* a record without it is refused ("missing") */
    int col;              /* its column, -1 none */
} leaf;

typedef struct roster_table {
    const field_spec *list;   /* NULL: the main table; else the list of records */
    char *list_path;          /* the list's path ("deals"), NULL for the main table */
    char *where;              /* for messages: "sheet 'roster'", "deals.csv" */
    leaf *leaves;
    int nleaves;
    const field_spec *key;    /* the record key (main: a leaf too; lists: the link) */
    int key_col;              /* lists: the key column (-1 none) */
    uint32_t header_row;      /* 0 until the header is read */
    bool second_header_checked;
    bool required;            /* lists: records need it (a sheet or --list file) */
    const leaf **by_col;      /* column -> leaf, after the header */
    uint32_t nby_col;
} roster_table;

/* The tables of a schema: [0] the main table, then one per list of records.
 * False with a reason when the schema has a list of records inside a list
 * element (which a flat table cannot give). */
bool roster_tables(const program *prog, roster_table **out, int *n, char *err, size_t cap);
void roster_tables_free(roster_table *t, int n);

/* Does `name` (a sheet name, a --list name) name table t's list?  t is one of
 * the lists' tables (tables[1..]), never the roster's own. */
bool roster_table_named(const roster_table *t, const char *name);

/* Reads the header row: maps each cell to its leaf (or the key column of a
 * list table).  Notes columns it does not read (warnings, one line each).
 * False with a reason (a field named twice, a required field without a
 * column, a list table without its key column).  A list table is read
 * only for a policy with a key (t->key set): roster_read.c refuses a list
 * without one first. */
bool roster_header(roster_table *t, uint32_t row, const sheet_cell *cells, int n, buf *notes, char *err, size_t cap);
/* Is this row (the one after the header) a second header row of paths? */
bool roster_second_header(const roster_table *t, const sheet_cell *cells, int n);

/* The leaf in column col, or NULL. */
const leaf *roster_leaf_at(const roster_table *t, uint32_t col);
/* The leaf whose path relative to the table is `path`, or NULL. */
const leaf *roster_leaf_by_path(const roster_table *t, const char *path);

#endif
