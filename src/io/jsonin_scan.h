/*
 * jsonin_scan.h — the strict JSON scanner behind jsonin (private to jsonin).
 *
 * It checks one JSON value (RFC 8259 and UTF-8) a window of bytes at a time:
 * when the window ends it says so, and carries on when more bytes come.  It
 * can also stop after each element of a top-level array, to give its span.
 */
#ifndef KH_JSONIN_SCAN_H
#define KH_JSONIN_SCAN_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "jsonin.h"

#define SCAN_NO_POS ((size_t)-1)

/* Numbers longer than this are cut short by stock cJSON (its parse_number
 * copies at most 63 characters; Debian's patched 1.7.15 reads them whole), so
 * the reader rewrites them first. */
#define SCAN_CJSON_NUMBER_MAX 63

typedef enum scan_status {
    SCAN_MORE,    /* the window ended; call again with more bytes (s->pos is
                     the first byte that must still be in the window) */
    SCAN_VALUE,   /* the top-level value ended just before s->pos */
    SCAN_ELEMENT, /* an element of the top-level array spans
                     [s->elem_start, s->pos) (only with `elements`) */
    SCAN_ERROR    /* not JSON: s->err_pos, s->err_msg */
} scan_status;

/* What the scanner saw in the current record (reset by jsonin_scan_clear). */
enum scan_flag {
    SCAN_F_EXPONENT = 1,   /* a number with an exponent: it may overflow */
    SCAN_F_LONG_NUMBER = 2, /* a number longer than SCAN_CJSON_NUMBER_MAX */
    SCAN_F_MANY_DIGITS = 4  /* a number of more than 15 characters: its double
                               may not give back its text (json_numtext.h) */
};

/* All positions are absolute byte offsets in the input. */
typedef struct jsonin_scanner {
    size_t pos;             /* next byte to look at */
    size_t elem_start;      /* start of the current element of the array */
    size_t err_pos;         /* SCAN_ERROR: the byte at fault (or the end) */
    size_t content_pos;     /* first valid-but-refused spot, or SCAN_NO_POS */
    unsigned flags;         /* enum scan_flag bits */
    int state;              /* what comes next (enum scan_state in the .c) */
    int depth;              /* open arrays and objects */
    bool elements;          /* stop after each element of a top-level array */
    bool in_element;        /* an element has started and not yet ended */
    bool string_is_key;     /* the string being scanned is an object key */
    char err_msg[112];      /* "invalid JSON: ..." or "invalid UTF-8 (...)" */
    char content_msg[64];   /* e.g. "\u0000 in a string is not allowed" */
    uint64_t objects[(JSONIN_MAX_DEPTH + 63) / 64]; /* bit per level: object */
} jsonin_scanner;

/* Starts scanning a value at offset pos. */
void jsonin_scan_reset(jsonin_scanner *s, size_t pos, bool elements);

/* Forgets the flags and refused content seen so far (at a record start). */
void jsonin_scan_clear(jsonin_scanner *s);

/* Scans on from s->pos.  window holds the input bytes [base, end); eof says
 * that no byte follows end.  s->pos must lie in [base, end]. */
scan_status jsonin_scan_run(jsonin_scanner *s, const unsigned char *window, size_t base, size_t end,
                     bool eof);

#endif
