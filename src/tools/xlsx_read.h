/*
 * xlsx_read.h — reading the sheets of an XLSX workbook, row by row.
 *
 * The container is opened with libzip and every part is parsed with expat,
 * streaming: a sheet is never held whole, only its shared strings and
 * number formats are.  A cell's value is handed out as the file keeps it: a
 * number as the digits of its <v> element, a shared or inline string as its
 * text (phonetic runs left out), a formula as its computed value.
 */
#ifndef KH_XLSX_READ_H
#define KH_XLSX_READ_H

#include "sheet.h"

typedef struct xlsx_book xlsx_book;

/* Opens the workbook in file descriptor fd (which it then owns and
 * closes); NULL with a reason in err. */
xlsx_book *xlsx_book_open(int fd, char *err, size_t cap);
void xlsx_book_close(xlsx_book *b); /* NULL accepted */

int xlsx_book_nsheets(const xlsx_book *b);
/* The i-th sheet's name, in the workbook's tab order. */
const char *xlsx_book_sheet_name(const xlsx_book *b, int i);
/* The workbook counts dates from 1904 (a Mac setting) instead of 1900. */
bool xlsx_book_date1904(const xlsx_book *b);

/* Hands every row of sheet i to fn; false with a reason in err. */
bool xlsx_book_read(xlsx_book *b, int i, sheet_row_fn fn, void *ud, char *err, size_t cap);

#endif
