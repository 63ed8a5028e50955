/*
 * unknown_members.h — the members of the input's records that no field of
 * the schema is called ("sale" where the field is "sales"): not read, and
 * so a likely typo whose field then takes its default.  Counted while the
 * records are read and said once per name after the run, as a spreadsheet
 * roster's columns that no field is called are.
 */
#ifndef KH_UNKNOWN_MEMBERS_H
#define KH_UNKNOWN_MEMBERS_H

#include <stddef.h>

#include "plan.h"

#define UNKNOWN_SHOWN 8 /* names told apart; the rest are only counted */

typedef struct unknown_members {
    char path[UNKNOWN_SHOWN][192];   /* "sale", "pay.bnus" (a name cut at 80 bytes) */
    const char *best[UNKNOWN_SHOWN]; /* the field it may have meant, or NULL */
    size_t times[UNKNOWN_SHOWN];
    int n;
    size_t others;                   /* members of further names */
} unknown_members;

/* A member `name` of an object of group g (the plan's input: the record). */
void unknown_members_add(unknown_members *u, const in_field *g, const in_field *root, const char *name, size_t len);
/* Adds what `from` counted to `into`. */
void unknown_members_merge(unknown_members *into, const unknown_members *from);
/* One warning line per name, appended to notes (input: the input's name). */
void unknown_members_notes(const unknown_members *u, const char *input, char *notes, size_t cap);

#endif
