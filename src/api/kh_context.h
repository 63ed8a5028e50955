/*
 * kh_context.h — what a kh_context holds (private to the library), and the
 * guard every public entry point puts around its work.
 */
#ifndef KH_CONTEXT_H
#define KH_CONTEXT_H

#include "kaohe.h"
#include "load.h"
#include "mem.h"

struct kh_context {
    kh_context_options o;
    mem_allocator al;
};

/* c, or the default context when c is NULL. */
const kh_context *context_or_default(const kh_context *c);
/* The allocator of context c (NULL: the default one). */
const mem_allocator *context_allocator(const kh_context *c);
/* The loader's options the context gives. */
load_options context_load_options(const kh_context *c);
/* A context's options from the caller's (only the fields its size covers). */
void context_options_copy(kh_context_options *to, const kh_context_options *from);

/* The guard of a public call: opens memory scope sc (mem.h) with
 * allocator al; when an allocation fails, everything allocated since is
 * freed and `on_fail` runs (it returns).  mem_close(&sc) before every other
 * return. */
#define KH_GUARD(sc, al, on_fail) \
    mem_open(&(sc), (al));        \
    if (setjmp((sc).jb)) {        \
        mem_unwind(&(sc));        \
        on_fail;                  \
    }

#endif
