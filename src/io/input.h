/*
 * input.h — reading one JSON record into a plan's input slots, validating
 * it against the policy's input schema.
 *
 * Every field is checked: presence (null counts as absent; optional fields
 * take their defaults), JSON type, exact number forms (integers, money with
 * at most 2 decimals, numbers read to 15 significant digits or exactly from
 * a JSON string), real dates, enum values, list lengths, and bounds that may
 * name other fields.  A record that breaks the schema gets one message that
 * names every field at fault.
 */
#ifndef KH_INPUT_H
#define KH_INPUT_H

#include <cjson/cJSON.h>

#include "plan.h"

/* Builds the per-group name tables the reader uses (once, after compile). */
void input_prepare(plan *pl);

/* Reads rec into slots[nslots] (text, lists in `ar`).  Returns true when the
 * record is valid; otherwise writes the reasons into err. */
bool input_read(const plan *pl, const cJSON *rec, arena *ar, value *slots, const value *params, char *err,
                size_t cap);

/* The record's key (id) text when it has one, for messages; else NULL. */
const char *input_key(const plan *pl, const cJSON *rec);
/* The JSON value at a dotted field path ("meta.period") of rec, or NULL. */
const cJSON *input_json_at(const cJSON *rec, const char *path);

/* Converts a JSON value to a value of type t (for --set, test files and
 * --prior); false with a reason in err. */
bool input_convert(const ktype *t, const cJSON *j, arena *ar, value *out, char *err, size_t cap);

#endif
