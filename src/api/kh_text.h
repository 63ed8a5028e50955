/*
 * kh_text.h — values and types as the embedding API hands them out
 * (kh_text.c).  Private to the library.
 */
#ifndef KH_TEXT_H
#define KH_TEXT_H

#include <stddef.h>

#include "buf.h"
#include "types.h"
#include "value.h"

/* A value as plain text (appended to b): a number exactly as kaohe writes
 * it (money with two decimals), a text or enumeration value as it is,
 * "true"/"false", a date, month or datetime in ISO form, a list or object
 * as JSON; nothing for an absent value. */
void kh_value_text(buf *b, const value *v, const ktype *t);
/* The policy's name for a type, whole ("one of \"a\", \"b\"", never cut). */
void kh_type_text(buf *b, const ktype *t);
/* b's text snprintf-style into out; returns its length. */
int kh_copy_out(const buf *b, char *out, size_t cap);

#endif
