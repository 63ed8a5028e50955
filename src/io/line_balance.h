/*
 * line_balance.h — whether an NDJSON line holds its value whole.
 *
 * A string cannot hold a line break, so a value that goes on to a later
 * line leaves a bracket or a string open: a line whose brackets balance
 * outside its strings, with no string left open, holds its value whole, if
 * it is valid at all (the record reader then checks it).
 */
#ifndef KH_LINE_BALANCE_H
#define KH_LINE_BALANCE_H

#include <stdbool.h>

/* Whether the brackets of [p, e) balance outside its strings, no closing
 * bracket comes before its opening one, and no string is left open.  A
 * backslash escapes the next byte inside a string only. */
bool line_balanced(const unsigned char *p, const unsigned char *e);

/* The same answer, byte by byte (the reference the tests compare with). */
bool line_balanced_bytes(const unsigned char *p, const unsigned char *e);

#endif
