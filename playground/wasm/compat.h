/*
 * compat.h — what Emscripten 3.1.6's C library (musl 1.2.2) lacks and the
 * core calls: qsort_r (glibc's argument order).  Forced into every file of
 * the WebAssembly build with -include; compat.c defines it.
 */
#ifndef KH_WASM_COMPAT_H
#define KH_WASM_COMPAT_H

#include <stddef.h>

void qsort_r(void *base, size_t n, size_t size, int (*cmp)(const void *, const void *, void *), void *arg);

#endif
