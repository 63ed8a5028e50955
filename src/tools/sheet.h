/*
 * sheet.h — a spreadsheet's rows as the roster readers see them.
 *
 * An XLSX sheet (xlsx_read.c) and a CSV file (csv_read.c) are both read as
 * rows of cells handed to a callback, one row at a time, with each cell's
 * column, what kind of value it holds and its text exactly as the file
 * keeps it (a number's text is never re-printed from a double).
 */
#ifndef KH_SHEET_H
#define KH_SHEET_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

typedef enum cell_kind {
    CELL_TEXT,       /* a string (shared, inline, a formula's text result, any CSV cell) */
    CELL_NUMBER,     /* an XLSX number: text is the file's own digits ("1738.64", "4.1E-2") */
    CELL_BOOL,       /* an XLSX boolean: text "1" or "0" */
    CELL_ERROR,      /* an XLSX error value: text "#N/A", "#DIV/0!"... */
    CELL_NO_VALUE,   /* a formula with no computed value kept in the file */
    CELL_ISO_DATE    /* an XLSX cell of type "d": ISO 8601 text */
} cell_kind;

/* How a number cell is shown (XLSX; CSV cells are NUMFMT_NONE). */
typedef enum cell_numfmt {
    NUMFMT_NONE,     /* General, "0", "@" (text), or a CSV cell */
    NUMFMT_DATE,     /* a date or time format */
    NUMFMT_OTHER     /* any other format (0.00, 000, percent, currency...) */
} cell_numfmt;

typedef struct sheet_cell {
    uint32_t col;        /* 0-based column */
    cell_kind kind;
    const char *text;    /* NUL-terminated; valid during the callback */
    size_t len;
    cell_numfmt numfmt;
} sheet_cell;

/* One row (row: 1-based, as the sheet numbers it; cells in column order,
 * empty cells left out).  Returns false to stop reading. */
typedef bool (*sheet_row_fn)(void *ud, uint32_t row, const sheet_cell *cells, int ncells);

/* "B17": a cell's name in A1 notation (col 0-based, row 1-based). */
void sheet_cell_name(uint32_t col, uint32_t row, char out[24]);
/* The column letters alone ("B"). */
void sheet_col_name(uint32_t col, char out[8]);
/* A1 reference -> column (0-based) and row; false if it is not one. */
bool sheet_parse_ref(const char *ref, uint32_t *col, uint32_t *row);

#endif
