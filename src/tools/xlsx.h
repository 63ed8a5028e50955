/*
 * xlsx.h — results as an Excel workbook (libxlsxwriter).
 *
 * Sheets: "results" (one row per record, typed cells: numbers as numbers,
 * money in a 0.00 format, booleans, dates, text; nested objects flattened
 * as carry.contact_strikes; two frozen header rows, names then labels),
 * "ledgers" (every entry of every ledger per record: id, output, entry,
 * amount, applied), "errors" (record number, id, message; then each failed
 * roster check: the ids involved and the check) and "manifest"
 * (what produced the file, without the time of the run).  Column widths fit
 * the widest cell by display width (a CJK character is two columns).  The
 * document dates are fixed, so the same input gives the same bytes.
 */
#ifndef KH_XLSX_H
#define KH_XLSX_H

#include <stdbool.h>
#include <stdio.h>

#include "kaohe.h"
#include "outcome.h"
#include "run.h"

typedef struct xlsx_writer xlsx_writer;

/* Starts a workbook in a temporary file; NULL with a reason in err. */
xlsx_writer *xlsx_open(const plan *pl, const char *title, char *err, size_t cap);
/* Leaves the ledgers out (--no-ledgers): the ledgers sheet and the
 * manifest sheet say so.  Call before xlsx_sink. */
void xlsx_leave_out_ledgers(xlsx_writer *x);
/* A sink writing results and errors into the workbook; the ledgers go on
 * over further sheets ("ledgers 2"...) past a sheet's last row. */
result_sink xlsx_sink(xlsx_writer *x);
/* A roster check that failed, as a row of the errors sheet (the ids
 * involved, and the check); strings from A. */
void xlsx_check_failed(xlsx_writer *x, const failed_check *c, arena *A);
/* Adds the manifest sheet (m may be NULL), closes the workbook, copies its
 * bytes to out and frees x.  False with a reason in err. */
bool xlsx_finish(xlsx_writer *x, kh_manifest *m, FILE *out, char *err, size_t cap);

#endif
