/*
 * diag.h — diagnostics as data.
 *
 * The library never prints and never exits: every stage appends what it
 * finds to a diag_list and carries on, and the caller renders the list
 * (gcc/clang style: "file:line:col: error: message", the source line, and a
 * caret under the spot, with '~' under the rest of the span).  A line longer
 * than 200 characters is shown in part: 200 characters around the caret,
 * with "…" where it is cut.
 */
#ifndef KH_DIAG_H
#define KH_DIAG_H

#include <stdbool.h>
#include <stdio.h>

#include "source.h"

typedef enum diag_level { DIAG_ERROR, DIAG_WARNING, DIAG_NOTE } diag_level;

typedef struct diag {
    diag_level level;
    span at;          /* at.src == NULL: not tied to a place */
    char *message;
    char *hint;       /* optional second line ("did you mean 'calls'?") */
    int related;      /* index of a DIAG_NOTE that belongs to it, or -1 */
    bool hide_line;   /* located, but the source line is not shown (the
                         file is not a policy: not UTF-8, or not kaohe) */
} diag;

typedef struct diag_list {
    diag *items;
    int n, cap;
    int errors, warnings;
} diag_list;

void diag_init(diag_list *d);
void diag_free(diag_list *d);

/* Adds a diagnostic; returns its index. */
int diag_add(diag_list *d, diag_level level, span at, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));
/* Attaches a hint to diagnostic i. */
void diag_hint(diag_list *d, int i, const char *fmt, ...) __attribute__((format(printf, 3, 4)));

#define diag_error(d, at, ...) diag_add((d), DIAG_ERROR, (at), __VA_ARGS__)
#define diag_warning(d, at, ...) diag_add((d), DIAG_WARNING, (at), __VA_ARGS__)
#define diag_note(d, at, ...) diag_add((d), DIAG_NOTE, (at), __VA_ARGS__)

/* Removes the warnings added at index `from` or later (after a syntax
 * error, warnings about what was read are noise: a name used only in the
 * line that did not parse is not "never used"). */
void diag_drop_warnings(diag_list *d, int from);

/* Sorts by file and position, keeping the order of equal positions. */
void diag_sort(diag_list *d);

/* Renders every diagnostic; colour (bold, red/magenta/cyan) when `color`. */
void diag_render(const diag_list *d, FILE *out, bool color);

#endif
