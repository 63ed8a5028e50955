/*
 * vec.c — growth of the arrays of vec.h.
 */
#include "vec.h"

void *vec_grow(void *v, size_t elem, size_t *cap, size_t need, size_t max)
{
    size_t c = vec_next_cap(*cap, need, max);
    if (!c) mem_fail();
    v = mem_realloc_array(v, c, elem);
    *cap = c;
    return v;
}
