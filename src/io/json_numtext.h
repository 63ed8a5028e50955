/*
 * json_numtext.h — the text of JSON numbers, so that they are read exactly.
 *
 * cJSON keeps a number only as a double, which gives back at most 15
 * digits.  After cJSON has parsed a text, json_keep_number_texts scans the
 * same bytes for number tokens — in document order, which is also the
 * order of the tree's number nodes, depth first — and gives a number node
 * its own text in valuestring: every node when `all`, otherwise each one
 * whose text a double may not give back (an exponent, or more than 15
 * digits).  cJSON frees that copy with the node, and cJSON_Duplicate copies
 * it.  A number node with no text has at most 15 digits and no exponent:
 * num_from_double15 of its double is its exact value.
 *
 * (A bridge while the JSON reader is cJSON: a reader that keeps each
 * number's text makes it unneeded.)
 */
#ifndef KH_JSON_NUMTEXT_H
#define KH_JSON_NUMTEXT_H

#include <stdbool.h>
#include <stddef.h>

#include <cjson/cJSON.h>

/* False (and no text given) when the numbers of text and of root do not
 * match one for one: root must be cJSON's parse of exactly these bytes.
 * Out of memory aborts. */
bool json_keep_number_texts(cJSON *root, const char *text, size_t len, bool all);

/* Marks every number node of root that has its text as cJSON_Raw, so that
 * cJSON_Print writes that text instead of the double (test records). */
void json_print_number_texts(cJSON *root);

#endif
