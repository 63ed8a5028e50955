/*
 * mem.h — every allocation of kaohe, through a caller's allocator, and out
 * of memory unwound to the public entry point that was called.
 *
 * See mem.c for the design.  In short: mem_alloc, mem_calloc, mem_realloc,
 * mem_strdup never return NULL (an allocation that fails jumps back to the
 * innermost open scope, whose blocks are then all freed), and every block
 * they return is freed with mem_free, never free().
 */
#ifndef KH_MEM_H
#define KH_MEM_H

#include <pthread.h>
#include <setjmp.h>
#include <stdbool.h>
#include <stddef.h>

/* The hooks an embedder gives (kh_allocator has the same layout). */
typedef struct mem_allocator {
    void *(*malloc)(void *ud, size_t size);
    void *(*realloc)(void *ud, void *ptr, size_t size);
    void (*free)(void *ud, void *ptr);
    void *ud;
} mem_allocator;

/* Each block's header: the scope ring it belongs to, and its allocator. */
typedef struct mem_hdr {
    _Alignas(16) struct mem_hdr *prev;
    struct mem_hdr *next;
    const mem_allocator *al;
    void (*destroy)(void *); /* a mem_hold token's: what undoes its object */
} mem_hdr;

/* One public call in progress (or one worker thread of it). */
typedef struct mem_scope {
    mem_hdr ring;             /* sentinel of the blocks allocated during the call */
    const mem_allocator *al;  /* what new blocks come from */
    struct mem_scope *parent; /* the scope open when this one was (a nested call) */
    struct mem_scope *host;   /* a worker's: the call's scope, whose ring it uses */
    bool shared;              /* worker threads are running: the ring is locked */
    pthread_mutex_t lock;
    jmp_buf jb;               /* where an allocation that fails jumps */
} mem_scope;

/* The C library's malloc, realloc and free. */
extern const mem_allocator mem_std_allocator;

/* Opens a scope on this thread with allocator al (NULL: the enclosing
 * scope's, or the C library's).  Then, in the same function:
 *     if (setjmp(sc.jb)) { mem_unwind(&sc); ...restore; return KH_NO_MEMORY; }
 * and mem_close(&sc) before every other return. */
void mem_open(mem_scope *s, const mem_allocator *al);
/* The call succeeded: what it allocated and kept lives on (in the
 * enclosing scope, when there is one). */
void mem_close(mem_scope *s);
/* The call failed: frees every block allocated since mem_open; inside an
 * enclosing scope, goes on to fail that one (it does not return). */
void mem_unwind(mem_scope *s);
/* The scope open on this thread, or NULL. */
mem_scope *mem_current(void);
/* fn(arg) as one public call: in a scope of allocator al (as mem_open).
 * Returns what fn returns, or `failed` once every block fn took is given
 * back, when one of its allocations failed. */
int mem_guard(const mem_allocator *al, int (*fn)(void *arg), void *arg, int failed);

/* Worker threads of the call that opened `host`: mem_share(host, true)
 * before they start, false after they are joined.  Each worker opens a
 * scope with mem_open_worker (its blocks join the host's ring; an
 * allocation that fails jumps to the worker's jb, whose code records the
 * failure and stops) and ends it with mem_close_worker.  Once joined, the
 * host's thread calls mem_fail() to unwind the call. */
void mem_share(mem_scope *host, bool shared);
void mem_open_worker(mem_scope *w, mem_scope *host);
void mem_close_worker(mem_scope *w);

/* Unwinds to the innermost scope's setjmp, as an allocation that fails. */
_Noreturn void mem_fail(void);

void *mem_alloc(size_t n);
void *mem_calloc(size_t n, size_t size);
void *mem_realloc(void *p, size_t n);
/* n bytes that start at a 2 MiB boundary, in a new block (*block, for
 * mem_free) that asks for huge pages: for a big store written in order,
 * whose bytes before the boundary are never touched (nor made resident). */
void *mem_alloc_huge(size_t n, void **block);
/* p resized to n elements of `size` bytes (an overflowing product fails). */
void *mem_realloc_array(void *p, size_t n, size_t size);
char *mem_strdup(const char *s);
char *mem_strndup(const char *s, size_t n);
void mem_free(void *p);
/* Block p is to be freed with al (which allocated it: the same hooks at a
 * lasting address). */
void mem_set_allocator(void *p, const mem_allocator *al);
/* What is not a mem.h block (a cJSON tree, an open file) is undone should
 * the call fail while it is held: destroy(obj) then.  mem_release(token)
 * once the code frees it itself (or hands it to what holds it).  When the
 * token cannot be had, obj is destroyed and the call fails. */
void *mem_hold(void (*destroy)(void *), void *obj);
void mem_release(void *token);
/* Block p outlives the call even when the call fails (an array of the
 * caller's object, grown during the call, that the object keeps). */
void mem_keep(void *p);

#endif
