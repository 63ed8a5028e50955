/*
 * vec.h — a growable array: grow-by-doubling in one place.
 *
 *     item *v = NULL; int n = 0, cap = 0;
 *     VEC_RESERVE(v, n + 1, cap);   v[n++] = x;
 *     VEC_PUSH(v, n, cap, x);       (the same in one)
 *     VEC_RESERVE_IN(A, v, n, n + 1, cap);   (an array in arena A)
 *
 * The array comes from mem_realloc (mem.h): out of memory unwinds to the
 * public call, and it is freed with mem_free.  cap may be an int or a
 * size_t; a capacity that would pass what its type holds fails as out of
 * memory.
 */
#ifndef KH_VEC_H
#define KH_VEC_H

#include <stddef.h>

#include "arena.h"
#include "mem.h"

/* The capacity to grow `cap` to so that it holds `need` (doubling from 8),
 * or 0 when no capacity of at most `max` does. */
static inline size_t vec_next_cap(size_t cap, size_t need, size_t max)
{
    if (need > max) return 0;
    size_t c = cap ? cap : 8;
    while (c < need) c = c > max / 2 ? max : c * 2;
    return c;
}

void *vec_grow(void *v, size_t elem, size_t *cap, size_t need, size_t max);
void *vec_grow_in(arena *A, void *v, size_t elem, size_t n, size_t *cap, size_t need, size_t max);

/* The most a capacity of cap's type is let grow to. */
#define VEC_MAX_CAP(cap) (sizeof(cap) < sizeof(size_t) ? (size_t)1 << (sizeof(cap) * 8 - 2) : (size_t)-1 / 2)

/* v holds at least `need` elements (cap updated). */
#define VEC_RESERVE(v, need, cap)                                                                           \
    do {                                                                                                     \
        if ((size_t)(need) > (size_t)(cap)) {                                                                \
            size_t vec_cap_ = (size_t)(cap);                                                                 \
            (v) = vec_grow((v), sizeof *(v), &vec_cap_, (size_t)(need), VEC_MAX_CAP(cap));                 \
            (cap) = vec_cap_;                                                                                \
        }                                                                                                    \
    } while (0)

/* Appends x (n, cap updated). */
#define VEC_PUSH(v, n, cap, x)           \
    do {                                 \
        VEC_RESERVE((v), (n) + 1, (cap)); \
        (v)[(n)++] = (x);                 \
    } while (0)

/* The same for an array in arena A, of which n elements are in use (the
 * old array stays in the arena). */
#define VEC_RESERVE_IN(A, v, n, need, cap)                                                             \
    do {                                                                                                \
        if ((size_t)(need) > (size_t)(cap)) {                                                           \
            size_t vec_cap_ = (size_t)(cap);                                                            \
            (v) = vec_grow_in((A), (v), sizeof *(v), (size_t)(n), &vec_cap_, (size_t)(need), VEC_MAX_CAP(cap)); \
            (cap) = vec_cap_;                                                                           \
        }                                                                                               \
    } while (0)

#endif
