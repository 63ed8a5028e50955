/*
 * compat.c — qsort_r for the WebAssembly build (see compat.h): a stable
 * merge sort, as glibc's qsort_r is whenever it can allocate, so the order
 * of equal elements is the one the native build gives.  Without memory for
 * the merge buffer it falls back to insertion sort (also stable).
 */
#include "compat.h"

#include <stdlib.h>
#include <stdint.h>
#include <string.h>

typedef int (*cmp_fn)(const void *, const void *, void *);

static void merge_sort(char *a, char *tmp, size_t n, size_t size, cmp_fn cmp, void *arg)
{
    if (n < 2) return;
    size_t half = n / 2;
    merge_sort(a, tmp, half, size, cmp, arg);
    merge_sort(a + half * size, tmp, n - half, size, cmp, arg);
    size_t i = 0, j = half, k = 0;
    while (i < half && j < n) {
        /* <= keeps the left one first among equals: stable */
        if (cmp(a + i * size, a + j * size, arg) <= 0) memcpy(tmp + k++ * size, a + i++ * size, size);
        else memcpy(tmp + k++ * size, a + j++ * size, size);
    }
    while (i < half) memcpy(tmp + k++ * size, a + i++ * size, size);
    /* the rest of the right half is already in place */
    memcpy(a, tmp, k * size);
}

static void insertion_sort(char *a, size_t n, size_t size, cmp_fn cmp, void *arg)
{
    char swap[256];
    for (size_t i = 1; i < n; i++) {
        for (size_t j = i; j > 0 && cmp(a + (j - 1) * size, a + j * size, arg) > 0; j--) {
            char *x = a + (j - 1) * size, *y = a + j * size;
            for (size_t off = 0; off < size; off += sizeof swap) {
                size_t len = size - off < sizeof swap ? size - off : sizeof swap;
                memcpy(swap, x + off, len);
                memcpy(x + off, y + off, len);
                memcpy(y + off, swap, len);
            }
        }
    }
}

void qsort_r(void *base, size_t n, size_t size, cmp_fn cmp, void *arg)
{
    if (n < 2 || size == 0) return;
    char *tmp = n <= SIZE_MAX / size ? malloc(n * size) : NULL;
    if (tmp) {
        merge_sort(base, tmp, n, size, cmp, arg);
        free(tmp);
    } else {
        insertion_sort(base, n, size, cmp, arg);
    }
}
