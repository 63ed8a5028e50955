/*
 * jsonin.h — reading agent records from JSON input, strictly and in bounded
 * memory.
 *
 * Input is a JSON array of records or NDJSON (one record per line, split on
 * '\n' only, blank lines skipped); the first non-blank byte decides ('[' means
 * an array).  A leading UTF-8 byte-order mark is ignored.  The reader streams:
 * it holds one record's bytes at a time, never the whole input, and hands
 * back each record as a cJSON tree together with where it came from.
 *
 * Strictness (RFC 8259, and more than cJSON alone gives): invalid UTF-8
 * anywhere, a NUL byte or "\u0000" in a string, a lone surrogate escape,
 * leading zeros, trailing commas, non-finite or hexadecimal numbers, and
 * nesting deeper than JSONIN_MAX_DEPTH are all errors.
 *
 * In deferred mode (the run's reading), records are found but not checked
 * nor parsed: each is handed out as its text, for the record reader
 * (input.h) to check and read in one pass.  An NDJSON line whose brackets
 * balance is handed out as it is, with the rest of its line (the reader
 * checks that nothing but blanks follows the value); any other line is
 * checked by the strict scanner here, which also finds where a value that
 * spans lines ends.
 *
 * An NDJSON line that is bad is an error record in its place (status
 * JSONIN_BAD_RECORD), and reading goes on.  An array that is not valid JSON
 * is an input error: jsonin_next returns JSONIN_FATAL, before any record of it
 * is handed out.  The array is checked in full first, in a streaming pass that
 * keeps no more than one element in memory; a stream that cannot seek (a
 * pipe) is copied to an anonymous temporary file during that pass and read
 * back from it.
 */
#ifndef KH_JSONIN_H
#define KH_JSONIN_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#include <cjson/cJSON.h>

#define JSONIN_MAX_DEPTH 512

typedef struct jsonin jsonin;

typedef enum jsonin_status {
    JSONIN_RECORD = 1,      /* *rec holds a parsed record */
    JSONIN_BAD_RECORD = 2,  /* *rec describes a record that could not be read */
    JSONIN_END = 0,         /* no more records */
    JSONIN_FATAL = -1       /* the input as a whole is unusable (I/O error,
                               invalid array); jsonin_error says why */
} jsonin_status;

typedef struct jsonin_record {
    size_t index;      /* 0-based position among the records of the input */
    size_t line;       /* 1-based line where the record starts */
    size_t offset;     /* byte offset of the record's first byte in the input */
    size_t column;     /* 1-based column (in bytes) of that first byte */
    cJSON *json;       /* JSONIN_RECORD: the record; the caller frees it with
                          cJSON_Delete.  NULL for JSONIN_BAD_RECORD */
    const char *text;  /* deferred mode: the record's JSON text, perhaps
                          followed by blanks and a line break (valid until
                          the next jsonin_next); json stays NULL.  For
                          JSONIN_BAD_RECORD, its bytes up to the fault (for
                          the key read before it) */
    size_t text_len;
    char error[256];   /* JSONIN_BAD_RECORD: why, with the line, column and
                          byte offset of the fault, e.g.
                          "line 7, column 12 (byte 5301): invalid JSON: expected ',' or '}'" */
} jsonin_record;

/* Reads from an open stream (a file or stdin); `name` is used in messages.
 * The stream is not closed by jsonin_close. */
jsonin *jsonin_open_stream(FILE *f, const char *name);
/* Reads from memory (not copied; must outlive the reader). */
jsonin *jsonin_open_buffer(const char *buf, size_t len, const char *name);
void jsonin_close(jsonin *in); /* NULL accepted */

/* True once the format is known (after the first jsonin_next): array or not. */
bool jsonin_is_array(const jsonin *in);
/* Reads the input as NDJSON whatever its first byte (a session's records,
 * one per line): a line that is a list is a record refused in its place,
 * never the start of an array.  Before the first jsonin_next. */
void jsonin_ndjson_only(jsonin *in);

jsonin_status jsonin_next(jsonin *in, jsonin_record *rec);

/* Deferred mode: jsonin_next finds each record but does not parse it; the
 * caller reads rec.text (on another thread, say) with the record reader,
 * which checks it.  Call before the first jsonin_next. */
void jsonin_set_deferred(jsonin *in, bool deferred);
/* Parses a checked JSON text with cJSON (small files); NULL only when out of
 * memory.  With number_texts, number nodes a double may not hold carry their
 * text (json_numtext.h).  Records in non-deferred mode come parsed so, their
 * numbers' texts taken from the bytes as written. */
cJSON *jsonin_parse(const char *text, size_t len, bool number_texts);

/* The reason for JSONIN_FATAL. */
const char *jsonin_error(const jsonin *in);

/* The SHA-256 of every byte of the input (a byte-order mark included), for
 * run manifests; false until the whole input has been read. */
bool jsonin_sha256(const jsonin *in, unsigned char out[32]);
/* Asks for the digest above (off by default: hashing every byte costs a
 * tenth of a run).  Call before the first jsonin_next. */
void jsonin_hash_input(jsonin *in);

#endif
