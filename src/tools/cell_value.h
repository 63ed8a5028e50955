/*
 * cell_value.h — one spreadsheet cell as the JSON value of a schema field.
 *
 * A cell becomes the JSON text the strict record reader takes for the
 * field's type, exactly: a number from the cell's own digits (an integer as
 * a JSON number, a decimal or an amount as a JSON string, so that no double
 * is ever involved), a date from an Excel date serial or from YYYY-MM-DD /
 * YYYY/MM/DD text, a boolean from TRUE/FALSE or 是/否, a list of plain
 * values from a JSON list or values separated by commas.  What cannot be
 * converted gets a reason that says what the cell holds and what to write.
 *
 * Numbers Excel itself wrote: a number cell keeps the shortest text that
 * gives back its binary double, so a formula's 0.1 + 0.2 is stored as
 * 0.30000000000000004, and some writers store a typed 0.94 as
 * 0.9399999999999999.  Excel shows and compares numbers to 15 significant
 * digits, so a number cell is read as Excel shows it: its digits rounded
 * (half away from zero, on the text, never through a double) to 15
 * significant digits -- 0.3 and 0.94.  Text cells are read exactly as
 * typed.
 */
#ifndef KH_CELL_VALUE_H
#define KH_CELL_VALUE_H

#include "buf.h"
#include "sheet.h"
#include "types.h"

/* Appends to out the JSON value of cell c for a field of type t; false with
 * a reason in why (out then unchanged).  date1904: the workbook counts
 * date serials from 1904. */
bool cell_to_json(const sheet_cell *c, const ktype *t, bool date1904, buf *out, char *why, size_t cap);

/* Header text compared by what it says: surrounding blanks dropped, runs of
 * blanks as one space, full-width forms as their ASCII ones, ASCII letters
 * in lower case.  A malloc'd string. */
char *cell_normalize(const char *s, size_t len);

#endif
