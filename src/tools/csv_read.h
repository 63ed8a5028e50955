/*
 * csv_read.h — a CSV roster file (RFC 4180) as rows of text cells.
 *
 * UTF-8, with or without a byte-order mark; comma-separated; a cell in
 * double quotes may hold commas, line breaks and doubled quotes; rows end
 * with CRLF or LF.  A file that is not UTF-8 is refused, and one that reads
 * as GBK (what Excel's "CSV" saves on a Chinese Windows) is named as such
 * with how to save it as UTF-8: it is never guessed and converted.
 */
#ifndef KH_CSV_READ_H
#define KH_CSV_READ_H

#include <stdio.h>

#include "sheet.h"

#define CSV_MAX_CELL (16u << 20) /* bytes in one cell */

/* Reads every row of f and hands it to fn; false with a reason (naming the
 * row and cell) in err when the file is not CSV as above. */
bool csv_read(FILE *f, sheet_row_fn fn, void *ud, char *err, size_t cap);

#endif
