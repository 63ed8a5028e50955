/*
 * line_balance.c — whether an NDJSON line's brackets balance outside its
 * strings, 64 bytes at a time (see line_balance.h).
 *
 * A block with no backslash is done with bit masks: the quotes' prefix XOR
 * says which bytes are inside a string, the brackets outside strings are
 * counted, and only a block whose closing brackets could take the depth
 * below zero is walked bracket by bracket.  A block holding a backslash is
 * walked byte by byte as line_balanced_bytes does (an escape means
 * something only inside a string), so both give the same answer always.
 */
#include "line_balance.h"

#include <stdint.h>
#include <string.h>

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

/* Where the walk stands between blocks. */
typedef struct {
    long depth;
    bool in_string;
    bool escaped;  /* the last byte was a backslash inside a string */
} walk;

/* One byte of the walk; false when a closing bracket has no opening one. */
static bool walk_byte(walk *w, unsigned char c)
{
    if (w->in_string) {
        if (w->escaped)
            w->escaped = false;
        else if (c == '\\')
            w->escaped = true;
        else if (c == '"')
            w->in_string = false;
    } else if (c == '"') {
        w->in_string = true;
    } else if (c == '{' || c == '[') {
        w->depth++;
    } else if ((c == '}' || c == ']') && --w->depth < 0) {
        return false;
    }
    return true;
}

bool line_balanced_bytes(const unsigned char *p, const unsigned char *e)
{
    walk w = {0, false, false};
    for (; p < e; p++)
        if (!walk_byte(&w, *p))
            return false;
    return !w.in_string && w.depth == 0;
}

/* The bits of the 64 bytes at p equal to c. */
static uint64_t bytes_equal(const unsigned char *p, unsigned char c)
{
#if defined(__SSE2__)
    __m128i k = _mm_set1_epi8((char)c);
    uint64_t m = 0;
    for (int i = 0; i < 4; i++) {
        __m128i v = _mm_loadu_si128((const __m128i *)(const void *)(p + 16 * i));
        m |= (uint64_t)(uint32_t)_mm_movemask_epi8(_mm_cmpeq_epi8(v, k)) << (16 * i);
    }
    return m;
#else
    uint64_t m = 0;
    for (int i = 0; i < 64; i++)
        m |= (uint64_t)(p[i] == c) << i;
    return m;
#endif
}

/* Bit i set when an odd number of bits at or below i are set. */
static uint64_t prefix_xor(uint64_t x)
{
    x ^= x << 1;
    x ^= x << 2;
    x ^= x << 4;
    x ^= x << 8;
    x ^= x << 16;
    x ^= x << 32;
    return x;
}

/* A block of 64 bytes with no backslash, walked by masks. */
static bool walk_block(walk *w, const unsigned char *p)
{
    uint64_t inside = prefix_xor(bytes_equal(p, '"'));
    if (w->in_string)
        inside = ~inside;
    uint64_t opens = (bytes_equal(p, '{') | bytes_equal(p, '[')) & ~inside;
    uint64_t closes = (bytes_equal(p, '}') | bytes_equal(p, ']')) & ~inside;
    w->in_string = inside >> 63;
    if ((long)__builtin_popcountll(closes) <= w->depth) {
        w->depth += (long)__builtin_popcountll(opens) - (long)__builtin_popcountll(closes);
        return true;
    }
    for (uint64_t b = opens | closes; b; b &= b - 1) {
        uint64_t low = b & -b;
        if (opens & low)
            w->depth++;
        else if (--w->depth < 0)
            return false;
    }
    return true;
}

bool line_balanced(const unsigned char *p, const unsigned char *e)
{
    walk w = {0, false, false};
    unsigned char last[64];
    while (p < e) {
        const unsigned char *b = p;
        size_t n = (size_t)(e - p) < 64 ? (size_t)(e - p) : 64;
        if (n < 64) {               /* the tail, padded with bytes that mean nothing */
            memset(last, ' ', sizeof last);
            memcpy(last, p, n);
            b = last;
        }
        if (!w.escaped && !bytes_equal(b, '\\')) {
            if (!walk_block(&w, b))
                return false;
        } else {
            for (size_t i = 0; i < n; i++)
                if (!walk_byte(&w, b[i]))
                    return false;
        }
        p += n;
    }
    return !w.in_string && w.depth == 0;
}
