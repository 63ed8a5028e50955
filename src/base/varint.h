/*
 * varint.h — unsigned LEB128 varints and zigzag signed integers: the byte
 * encoding of numbers in packed records (pack.c) and kept definitions
 * (keep.c).  A varint is at most VARINT_MAX bytes.
 */
#ifndef KH_VARINT_H
#define KH_VARINT_H

#include <stdint.h>

#define VARINT_MAX 10

/* Writes v at o (room for VARINT_MAX bytes); returns the bytes written. */
static inline unsigned varint_put(uint8_t *o, uint64_t v)
{
    unsigned n = 0;
    while (v >= 0x80) {
        o[n++] = (uint8_t)(v | 0x80);
        v >>= 7;
    }
    o[n++] = (uint8_t)v;
    return n;
}

/* Reads a varint at *p and moves *p past it. */
static inline uint64_t varint_get(const uint8_t **p)
{
    const uint8_t *s = *p;
    uint64_t v = 0;
    int shift = 0;
    while (*s & 0x80) {
        v |= (uint64_t)(*s++ & 0x7F) << shift;
        shift += 7;
    }
    v |= (uint64_t)*s++ << shift;
    *p = s;
    return v;
}

static inline uint64_t zigzag(int64_t v) { return ((uint64_t)v << 1) ^ (uint64_t)(v >> 63); }
static inline int64_t unzigzag(uint64_t v) { return (int64_t)(v >> 1) ^ -(int64_t)(v & 1); }

#endif
