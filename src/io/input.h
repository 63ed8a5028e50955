/*
 * input.h — reading one JSON record into a plan's input slots, validating
 * it against the policy's input schema, in one pass over its bytes.
 *
 * The reader walks the record's text once: it checks it as strictly as
 * jsonin's scanner does (RFC 8259, UTF-8, depth, repeated keys in any
 * object), matches member names to schema fields, and writes each value
 * straight into its slot.  Members the schema does not name are checked and
 * skipped without building anything.  Every field is checked: presence
 * (null counts as absent; optional fields take their defaults), JSON type,
 * numbers read exactly from their text (num_parse_exact), integers, money with
 * at most 2 decimals, real dates, enum values, list lengths, and bounds that
 * may name other fields.  A record that breaks the schema gets one message
 * that names every field at fault, in the schema's order.
 */
#ifndef KH_INPUT_H
#define KH_INPUT_H

#include <cjson/cJSON.h>

#include "buf.h"
#include "plan.h"
#include "unknown_members.h"

/* Builds the per-group name tables the reader uses (once, after compile). */
void input_prepare(plan *pl);

/* A reader: scratch memory kept from record to record (one per thread). */
typedef struct input_reader input_reader;
input_reader *input_reader_new(const plan *pl);
void input_reader_free(input_reader *r); /* NULL accepted */
/* The members no field is called, over every record r has read. */
const unknown_members *input_reader_unknown(const input_reader *r);

/* A record's text and where it lies in the input (for messages). */
typedef struct input_text {
    const char *text;  /* the record's value, then at most blanks and one
                          line break (the rest of an NDJSON line) */
    size_t len;
    size_t offset;     /* byte offset of text[0] in the input */
    size_t line;       /* its line, 1-based */
    size_t column;     /* its column, 1-based, in bytes */
} input_text;

/* Period chaining (--prior): once a record's other members are read, the
 * hook gives the JSON its chained group takes instead of its own (*carry;
 * NULL: its own stands).  id is the record's key text (NULL when it has
 * none), slots hold what is read so far, own says whether the record gives
 * its own chained group (present and not null).  Returning false refuses
 * the record with the hook's message in err (the hook's ud can tell its
 * caller more).  Called on worker threads. */
typedef struct input_chain {
    void *ud;
    bool (*carry)(void *ud, const char *id, const value *slots, bool own, const cJSON **carry, char *err, size_t cap);
} input_chain;

/* Reads a record into slots[nslots] (texts and lists in ar).  Returns true
 * when it is valid; otherwise writes why into err: a fault of the JSON
 * itself as "line L, column C (byte B): ...", else the fields at fault.
 * *id is the record's key text (in ar) whenever it was read — also before
 * a fault that stops the reading —, else NULL.  chain may be NULL. */
bool input_read_text(input_reader *r, const input_text *t, arena *ar, value *slots, const value *params,
                     const input_chain *chain, char *err, size_t cap, const char **id);

/* After input_read_text returned false: whether the chain's hook refused
 * the record (and not a fault of the record itself). */
bool input_read_refused_by_chain(const input_reader *r);

/* The key text of a record whose text breaks off or goes wrong (a bad
 * record's bytes up to its fault), when it was read before that; else
 * NULL. */
const char *input_read_key(input_reader *r, const char *text, size_t len, arena *ar);

/* ---- with a cJSON tree in hand (tests, small files) ---------------------- */

/* Reads rec as input_read_text reads its JSON text. */
bool input_read(const plan *pl, const cJSON *rec, arena *ar, value *slots, const value *params, char *err,
                size_t cap);

/* The record's key (id) text when it has one, for messages; else NULL. */
const char *input_key(const plan *pl, const cJSON *rec);
/* The JSON value at a dotted field path ("meta.period") of rec, or NULL. */
const cJSON *input_json_at(const cJSON *rec, const char *path);

/* Converts a JSON value to a value of type t; false with a reason in err. */
bool input_convert(const ktype *t, const cJSON *j, arena *ar, value *out, char *err, size_t cap);

/* JSON text of j (appended to b): a number as its kept text (json_numtext.h),
 * else to 15 significant digits (num_from_double15). */
void input_cjson_text(buf *b, const cJSON *j);

#endif
