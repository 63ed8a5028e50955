/*
 * notes.h — a run's notes (kh_eval_summary.notes): what it noticed, one
 * line each ("warning: …", "note: …"), appended in turn to a fixed buffer
 * that stays NUL-ended.
 */
#ifndef KH_NOTES_H
#define KH_NOTES_H

#include <stdbool.h>
#include <stddef.h>

/* Appends line[0..n) whole when it fits with `spare` bytes still free after
 * it (room kept for a line that counts what did not fit); false when not,
 * and nothing is appended. */
bool notes_add(char *notes, size_t cap, size_t spare, const char *line, size_t n);

/* Appends the formatted text, cut where the buffer ends. */
void notes_printf(char *notes, size_t cap, const char *fmt, ...) __attribute__((format(printf, 3, 4)));

#endif
