/*
 * source.h — a policy file's text and where things are in it.
 *
 * Positions are byte offsets; line and column are worked out only when a
 * message is rendered (as jq's locfile does).  Columns count characters
 * (UTF-8 code points), 1-based; display width (a CJK character is two
 * columns wide) is used only to place a caret under the source line.
 */
#ifndef KH_SOURCE_H
#define KH_SOURCE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

typedef struct source {
    const char *name;     /* file name as given (for messages) */
    const char *path;     /* resolved path (for includes relative to it) */
    const char *text;     /* NUL-terminated contents */
    size_t len;
    uint32_t *line_starts; /* byte offset of each line's first byte */
    uint32_t nlines;
    unsigned char sha256[32]; /* digest of the bytes, for run manifests */
} source;

/* A range of bytes [start, end) in one source. */
typedef struct span {
    const source *src;
    uint32_t start, end;
} span;

static inline span span_at(const source *s, uint32_t start, uint32_t end)
{
    span sp = {s, start, end};
    return sp;
}

/* 1-based line and character column of a byte offset. */
void source_position(const source *s, uint32_t offset, int *line, int *col);
/* The text of the line holding offset, without its newline. */
const char *source_line(const source *s, uint32_t offset, size_t *len);

/* The text of `at` on one line (comments dropped, runs of spaces and line
 * breaks as one space) into out (room for max + 1 bytes, max >= 4); longer
 * text is cut at a character boundary and ends in "...".  Returns its length. */
size_t source_snippet(span at, size_t max, char *out);

/* Display width of UTF-8 text in terminal columns (CJK and full-width forms
 * count 2, combining marks 0).  Invalid bytes count 1. */
int utf8_display_width(const char *s, size_t len);
/* Decodes the UTF-8 character at s (len > 0): returns its byte length and
 * sets *cp, or returns 1 with *cp = -1 for a byte that does not start a
 * valid character (overlong forms and surrogates are invalid). */
int utf8_decode(const char *s, size_t len, long *cp);
/* The start of the UTF-8 character that ends at s + end (end > start),
 * looked for at most 4 bytes back and not before s + start; its code point
 * (or -1) in *cp. */
size_t utf8_char_before(const char *s, size_t start, size_t end, long *cp);
/* Length of the valid UTF-8 prefix of s; == len when all of it is valid. */
size_t utf8_valid_prefix(const char *s, size_t len);
/* Do the bytes at s (n of them, n >= 2 to tell) where UTF-8 breaks look like
 * a GBK character (Notepad's "ANSI" on Chinese Windows): a lead byte
 * 0x81..0xFE and a second byte 0x40..0xFE other than 0x7F, that do not
 * begin a UTF-8 sequence? */
bool looks_like_gbk(const char *s, size_t n);


#endif
