/*
 * notes.c — a run's notes in a fixed buffer (see notes.h).
 */
#include "notes.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

bool notes_add(char *notes, size_t cap, size_t spare, const char *line, size_t n)
{
    size_t at = strlen(notes);
    if (at + n + spare >= cap) return false;
    memcpy(notes + at, line, n);
    notes[at + n] = '\0';
    return true;
}

void notes_printf(char *notes, size_t cap, const char *fmt, ...)
{
    size_t at = strlen(notes);
    if (at >= cap) return;
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(notes + at, cap - at, fmt, ap);
    va_end(ap);
}
