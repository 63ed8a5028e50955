/*
 * vec.c — growth of the arrays of vec.h.
 */
#include "vec.h"

#include <stdint.h>
#include <string.h>

void *vec_grow(void *v, size_t elem, size_t *cap, size_t need, size_t max)
{
    size_t c = vec_next_cap(*cap, need, max);
    if (!c) mem_fail();
    v = mem_realloc_array(v, c, elem);
    *cap = c;
    return v;
}

void *vec_grow_in(arena *A, void *v, size_t elem, size_t n, size_t *cap, size_t need, size_t max)
{
    size_t c = vec_next_cap(*cap, need, max);
    if (!c || c > SIZE_MAX / elem) mem_fail();
    void *nv = arena_alloc(A, c * elem);
    if (n) memcpy(nv, v, n * elem);
    *cap = c;
    return nv;
}
