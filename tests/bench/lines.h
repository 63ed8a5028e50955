/*
 * lines.h — a buffered NDJSON line reader shared by the benchmark's floor and
 * hand-written programs (tests/bench/floor.c, handwritten.c), so that both
 * read their input the same way: 1 MiB fread chunks, lines split on '\n'
 * with memchr, a trailing '\r' and blank lines skipped.
 */
#ifndef KAOHE_BENCH_LINES_H
#define KAOHE_BENCH_LINES_H

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef struct lines {
    FILE *f;
    char *buf;
    size_t cap, start, end;   /* unread bytes are buf[start..end) */
    int eof;
} lines;

static int lines_open(lines *L, FILE *f)
{
    L->f = f;
    L->cap = 1 << 20;
    L->buf = malloc(L->cap);
    L->start = L->end = 0;
    L->eof = 0;
    return L->buf != NULL;
}

static void lines_close(lines *L)
{
    free(L->buf);
    L->buf = NULL;
}

/* The next non-blank line (without its '\n'), valid until the next call;
 * 0 at the end of the input, -1 when out of memory. */
static int lines_next(lines *L, const char **line, size_t *len)
{
    for (;;) {
        char *nl = L->end > L->start ? memchr(L->buf + L->start, '\n', L->end - L->start) : NULL;
        if (nl || (L->eof && L->end > L->start)) {
            char *s = L->buf + L->start;
            size_t n = nl ? (size_t)(nl - s) : L->end - L->start;
            L->start += n + (nl != NULL);
            if (n > 0 && s[n - 1] == '\r') n--;
            if (n == 0) continue;
            *line = s;
            *len = n;
            return 1;
        }
        if (L->eof) return 0;
        /* move the partial line to the front, grow if it fills the buffer */
        size_t have = L->end - L->start;
        memmove(L->buf, L->buf + L->start, have);
        L->start = 0;
        L->end = have;
        if (have == L->cap) {
            char *nb = realloc(L->buf, L->cap * 2);
            if (!nb) return -1;
            L->buf = nb;
            L->cap *= 2;
        }
        size_t got = fread(L->buf + L->end, 1, L->cap - L->end, L->f);
        L->end += got;
        if (got == 0) L->eof = 1;
    }
}

#endif
