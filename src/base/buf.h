/*
 * buf.h — a growable byte buffer for building output text.
 */
#ifndef KH_BUF_H
#define KH_BUF_H

#include <stddef.h>
#include <string.h>

typedef struct buf {
    char *data;
    size_t len, cap;
} buf;

void buf_grow(buf *b, size_t need);
void buf_free(buf *b);
void buf_printf(buf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

static inline void buf_put(buf *b, const char *s, size_t n)
{
    if (b->len + n + 1 > b->cap) buf_grow(b, n + 1);
    memcpy(b->data + b->len, s, n);
    b->len += n;
    b->data[b->len] = '\0';
}
static inline void buf_puts(buf *b, const char *s) { buf_put(b, s, strlen(s)); }
/* The text built so far: "" while nothing is (data is NULL until then). */
static inline const char *buf_text(const buf *b) { return b->data ? b->data : ""; }
static inline void buf_putc(buf *b, char c)
{
    if (b->len + 2 > b->cap) buf_grow(b, 2);
    b->data[b->len++] = c;
    b->data[b->len] = '\0';
}

#endif
