/*
 * kh_context.c — contexts: the allocator, limits and include resolver that
 * the calls made with one share (kaohe.h).  The default context is a
 * constant: the library keeps no mutable global state.
 */
#include "kh_context.h"

#include <string.h>

static const kh_context default_context = {
    .o = {.size = sizeof(kh_context_options)},
    .al = {NULL, NULL, NULL, NULL},
};

const kh_context *context_or_default(const kh_context *c) { return c ? c : &default_context; }

const mem_allocator *context_allocator(const kh_context *c)
{
    c = context_or_default(c);
    return c->al.malloc ? &c->al : &mem_std_allocator;
}

void kh_context_options_init(kh_context_options *o)
{
    memset(o, 0, sizeof *o);
    o->size = sizeof *o;
}

void context_options_copy(kh_context_options *to, const kh_context_options *from)
{
    kh_context_options_init(to);
    if (!from) return;
    size_t n = from->size < sizeof *to ? from->size : sizeof *to;
    if (n > sizeof from->size) memcpy((char *)to + sizeof to->size, (const char *)from + sizeof from->size, n - sizeof from->size);
}

kh_context *kh_context_new(const kh_context_options *o)
{
    kh_context_options co;
    context_options_copy(&co, o);
    mem_allocator al = {NULL, NULL, NULL, NULL}; /* the C library's */
    if (co.allocator.malloc && co.allocator.realloc && co.allocator.free)
        al = (mem_allocator){co.allocator.malloc, co.allocator.realloc, co.allocator.free, co.allocator.ud};
    mem_scope sc;
    mem_open(&sc, al.malloc ? &al : &mem_std_allocator);
    if (setjmp(sc.jb)) {
        mem_unwind(&sc);
        return NULL;
    }
    kh_context *c = mem_alloc(sizeof *c);
    mem_close(&sc);
    c->o = co;
    c->al = al;
    mem_set_allocator(c, context_allocator(c)); /* `al` above lives on the stack */
    return c;
}

void kh_context_free(kh_context *c) { mem_free(c); }

load_options context_load_options(const kh_context *c)
{
    c = context_or_default(c);
    return (load_options){.include_dirs = c->o.include_dirs,
                          .ninclude_dirs = c->o.ninclude_dirs,
                          .includes_off = c->o.includes_off,
                          .resolve = c->o.resolve_include,
                          .resolve_ud = c->o.include_ud,
                          .max_bytes = c->o.max_policy_bytes};
}
