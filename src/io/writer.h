/*
 * writer.h — results out: JSON, NDJSON and CSV.
 *
 * Numbers are written exactly by num_write (money with two decimals),
 * never through printf or cJSON; text is escaped by hand.  The writer
 * buffers and flushes to its FILE in large blocks.
 */
#ifndef KH_WRITER_H
#define KH_WRITER_H

#include <stdbool.h>
#include <stdio.h>

#include "buf.h"
#include "outcome.h"
#include "plan.h"

typedef enum out_format { FMT_JSON, FMT_NDJSON, FMT_CSV } out_format;

typedef struct writer {
    FILE *out;
    out_format format;
    const plan *pl;
    bool csv_bom;
    bool csv_excel_text;    /* text Excel would read as something else as ="..." */
    bool explain;           /* add "ledgers" with the itemised entries */
    bool started;
    unsigned long records;
    buf b;
    bool failed;            /* a write to `out` failed */
    buf keys;               /* ,"name": of each output, escaped once */
    uint32_t *key_end;      /* [noutputs] end offset of each in keys */
} writer;

void writer_init(writer *w, FILE *out, out_format fmt, const plan *pl);
struct evalctx;
/* One result: id (may be NULL) and the plan's outputs in order; ctx (may be
 * NULL) gives the ledgers for --explain. */
void writer_result(writer *w, const char *id, const value *outputs, const struct evalctx *ctx);
/* One error in a record's place. index: 0-based record number. */
void writer_error(writer *w, const char *id, size_t index, const char *message);
/* A roster check that failed, after the results: a JSON or NDJSON element
 * {"check_failed": label, "roster": key or null, "ids": [...]} (nothing for
 * CSV, whose companion file writer_checks_csv makes). */
void writer_check_failed(writer *w, const failed_check *c);
/* The failed checks as CSV (check, roster, ids; a header even with none),
 * the companion of a CSV output.  Strings from A. */
void writer_checks_csv(buf *b, const failed_check *checks, int n, bool bom, arena *A);
/* Ends the document and flushes; false when writing failed. */
bool writer_finish(writer *w);
/* Writes out what is buffered once there is plenty of it. */
void writer_flush_if_full(writer *w);
/* Text another writer of the same format formatted (its `records` results,
 * in order after those written so far), written out without another copy
 * when it is big. */
void writer_put_formatted(writer *w, const char *text, size_t len, unsigned long records);
/* Frees the writer without writing anything more. */
void writer_discard(writer *w);

/* JSON text of a value of type t (appended to b). */
void write_json_value(buf *b, const value *v, const ktype *t);
/* A JSON string literal. */
void write_json_string(buf *b, const char *s, size_t len);
/* A CSV cell for Excel: quoted when it holds a comma, a quote or a line
 * break (quotes doubled), or always when `quote`; a text Excel would read as
 * a formula (= + - @, a tab or CR first) gets a leading '. */
void writer_csv_cell(buf *b, const char *s, size_t len, bool quote);
/* --excel-text: would Excel (or LibreOffice) read this text cell of a CSV as
 * something other than the text -- a formula (it starts with = + - @ or a
 * tab), TRUE or FALSE, or a number, amount, per cent, date or time (only
 * digits, blanks and + - . , / : % $ ¥ ( ) E e, with a digit; or a day with
 * an English month name, 3-Jun)?  Such a cell is written ="..." (a formula
 * whose value is the text), so 007 stays 007 and 1E5 stays 1E5. */
bool writer_excel_reads_otherwise(const char *s, size_t len);
/* A text cell: as writer_csv_cell, or ="..." when excel_text and Excel
 * would read it otherwise. */
void writer_csv_text(buf *b, const char *s, size_t len, bool excel_text);

#endif
