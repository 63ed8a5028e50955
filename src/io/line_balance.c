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

/* Where the bytes that matter are in a block of 64: bit i for byte i. */
typedef struct {
    uint64_t quote, backslash;
    uint64_t open, close;  /* { or [, } or ] */
} block_marks;

/* The marks of the 64 bytes at p, each byte loaded once: { and [ differ
 * only in bit 0x20 (0x7B, 0x5B), as do } and ] (0x7D, 0x5D), so one
 * comparison of the byte with that bit set finds either of a pair. */
static block_marks mark_block(const unsigned char *p)
{
    block_marks m = {0, 0, 0, 0};
#if defined(__SSE2__)
    const __m128i quote = _mm_set1_epi8('"'), backslash = _mm_set1_epi8('\\'), open = _mm_set1_epi8('{'),
                  close = _mm_set1_epi8('}'), bit = _mm_set1_epi8(0x20);
    for (int i = 0; i < 4; i++) {
        __m128i v = _mm_loadu_si128((const __m128i *)(const void *)(p + 16 * i));
        __m128i folded = _mm_or_si128(v, bit);
        int at = 16 * i;
        m.quote |= (uint64_t)(uint32_t)_mm_movemask_epi8(_mm_cmpeq_epi8(v, quote)) << at;
        m.backslash |= (uint64_t)(uint32_t)_mm_movemask_epi8(_mm_cmpeq_epi8(v, backslash)) << at;
        m.open |= (uint64_t)(uint32_t)_mm_movemask_epi8(_mm_cmpeq_epi8(folded, open)) << at;
        m.close |= (uint64_t)(uint32_t)_mm_movemask_epi8(_mm_cmpeq_epi8(folded, close)) << at;
    }
#else
    for (int i = 0; i < 64; i++) {
        unsigned char c = p[i], folded = c | 0x20;
        m.quote |= (uint64_t)(c == '"') << i;
        m.backslash |= (uint64_t)(c == '\\') << i;
        m.open |= (uint64_t)(folded == '{') << i;
        m.close |= (uint64_t)(folded == '}') << i;
    }
#endif
    return m;
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

/* The bits set in x (no call to the compiler's library, which
 * __builtin_popcountll makes without a popcnt instruction). */
static long bits_set(uint64_t x)
{
    x -= (x >> 1) & 0x5555555555555555u;
    x = (x & 0x3333333333333333u) + ((x >> 2) & 0x3333333333333333u);
    x = (x + (x >> 4)) & 0x0f0f0f0f0f0f0f0fu;
    return (long)((x * 0x0101010101010101u) >> 56);
}

/* A block of 64 bytes with no backslash, walked by its marks. */
static bool walk_block(walk *w, const block_marks *m)
{
    uint64_t inside = prefix_xor(m->quote);
    if (w->in_string)
        inside = ~inside;
    uint64_t opens = m->open & ~inside;
    uint64_t closes = m->close & ~inside;
    w->in_string = inside >> 63;
    long nclose = bits_set(closes);
    if (nclose <= w->depth) {
        w->depth += bits_set(opens) - nclose;
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
        block_marks m = mark_block(b);
        if (!w.escaped && !m.backslash) {
            if (!walk_block(&w, &m))
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
