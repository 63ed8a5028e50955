/*
 * termtext.h — text from data, made safe for a terminal.
 *
 * An id, a name or a message built from a record can hold bytes a terminal
 * obeys: ESC and CSI sequences that move the cursor, erase lines or retitle
 * the window (OSC), C1 controls (U+0080–U+009F), a line break that forges a
 * line of its own, bidirectional overrides that reverse what follows.  Every
 * piece of data written to a terminal-bound stream (messages on stderr, text
 * slips, explain and diff text, test reports) goes through term_text, which
 * writes such characters as visible escapes:
 *
 *     \n \r \t           line feed, carriage return, tab
 *     \xHH               the other C0 controls, DEL, and a byte that is not
 *                        part of valid UTF-8
 *     \u{HHHH}           C1 controls, and the Unicode format characters that
 *                        reorder or hide text (U+061C, U+200B–U+200F,
 *                        U+202A–U+202E, U+2060–U+2069, U+FEFF)
 *
 * and a backslash as \\ only when escapes were needed, so ordinary text
 * (Chinese included) is written byte for byte.  JSON, CSV, HTML and XLSX
 * outputs keep their own escaping and do not use this.
 */
#ifndef KH_TERMTEXT_H
#define KH_TERMTEXT_H

#include <stdbool.h>
#include <stddef.h>

#include "buf.h"

/* True when s[0..len) holds a character that term_text escapes. */
bool term_text_needs_escape(const char *s, size_t len);
/* Appends s[0..len) to b with the characters above escaped. */
void term_text(buf *b, const char *s, size_t len);
/* The same for a NUL-terminated string (NULL appends nothing). */
void term_texts(buf *b, const char *s);

#endif
