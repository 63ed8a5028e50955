/*
 * mem.c — kaohe's allocator: the caller's hooks, and out of memory as an
 * error returned at the API boundary, never abort() and never a print.
 *
 * The design is Lua's (luaD_throw): an allocation that fails does not
 * return NULL to its caller — no code of kaohe checks for NULL — but
 * longjmps to the public entry point that was called (kaohe.h), which
 * returns KH_NO_MEMORY.  To leave nothing behind, every block carries a
 * small header (mem_hdr) linking it into a ring: the ring of the scope
 * that the entry point opened (mem_open) holds every block allocated during
 * the call.  On failure mem_unwind frees the whole ring, so whatever the
 * call had built (half a policy, a run's buffers) goes with it; the entry
 * point then puts back what it had changed in the caller's objects (for
 * instance the diagnostics' count, a policy's arena: see arena_mark).
 * A scope opened inside another (a public call made by the library itself)
 * that fails makes the enclosing call fail as well.
 * On success mem_close hands the ring to the enclosing scope, or lets the blocks that were kept (the policy
 * returned) live on in a ring of their own, from which mem_free unlinks
 * them whenever they are freed.  The header also names the allocator the
 * block came from, so a block is freed by the hooks that made it whatever
 * context the freeing call has.
 *
 * The scope open on a thread is thread-local (it lives as long as one
 * call; nothing outlives the call): kaohe keeps no global mutable state.
 * Worker threads of a run (pool.c) open worker scopes whose blocks join the
 * call's ring under its mutex; a worker whose allocation fails stops, and
 * the run unwinds from the calling thread once the workers are joined.
 *
 * What is not a block of kaohe's (a cJSON tree, an open file) is held
 * meanwhile by a token block (mem_hold) whose unwinding undoes it.
 *
 * Internal callers that open no scope (the command's tools, the unit tests
 * calling internals) get the C library's allocator; an allocation that
 * fails there has nowhere to return to, and only then mem_fail aborts.
 */
#include "mem.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#if defined(__linux__)
#include <sys/mman.h>
#include <unistd.h>
#endif

static void *std_malloc(void *ud, size_t n) { return malloc(n); }
static void *std_realloc(void *ud, void *p, size_t n) { return realloc(p, n); }
static void std_free(void *ud, void *p) { free(p); }

const mem_allocator mem_std_allocator = {std_malloc, std_realloc, std_free, NULL};

/* A block of MEM_HUGE_MIN bytes or more, from the C library, asks the kernel
 * for huge pages where the system leaves them to madvise (transparent huge
 * pages): a roster's store of hundreds of megabytes then takes a fault and a
 * TLB entry per 2 MiB instead of per 4 KiB.  Only advice: nothing changes
 * where it is refused, and a caller's own allocator is left alone. */
#define MEM_HUGE_MIN ((size_t)4 << 20)

#define MEM_HUGE_PAGE ((uintptr_t)2 << 20)

static void advise_huge(const mem_allocator *al, void *p, size_t n)
{
#if defined(__linux__) && defined(MADV_HUGEPAGE)
    /* the whole pages the block is on: advice on part of a mapping would
     * split it, and a split mapping can no longer be grown by remapping */
    if (n < MEM_HUGE_MIN || al != &mem_std_allocator) return;
    const uintptr_t page = (uintptr_t)sysconf(_SC_PAGESIZE);
    uintptr_t lo = (uintptr_t)p & ~(page - 1), hi = ((uintptr_t)p + n + page - 1) & ~(page - 1);
    (void)madvise((void *)lo, hi - lo, MADV_HUGEPAGE);
#else
    (void)al, (void)p, (void)n;
#endif
}

static _Thread_local mem_scope *current;

mem_scope *mem_current(void) { return current; }

void mem_open(mem_scope *s, const mem_allocator *al)
{
    s->ring.prev = s->ring.next = &s->ring;
    s->ring.al = NULL;
    s->parent = current;
    s->host = NULL;
    s->shared = false;
    s->al = al ? al : current ? current->al : &mem_std_allocator;
    pthread_mutex_init(&s->lock, NULL);
    current = s;
}

/* Moves ring `from`'s blocks into ring `to` (both sentinels). */
static void splice(mem_hdr *from, mem_hdr *to)
{
    if (from->next == from) return;
    mem_hdr *first = from->next, *last = from->prev;
    first->prev = to->prev;
    to->prev->next = first;
    last->next = to;
    to->prev = last;
    from->next = from->prev = from;
}

void mem_close(mem_scope *s)
{
    if (s->parent) {
        mem_scope *host = s->parent->host ? s->parent->host : s->parent;
        if (host->shared) pthread_mutex_lock(&host->lock);
        splice(&s->ring, &host->ring);
        if (host->shared) pthread_mutex_unlock(&host->lock);
    } else if (s->ring.next != &s->ring) {
        /* the blocks kept live on in a ring of their own */
        s->ring.prev->next = s->ring.next;
        s->ring.next->prev = s->ring.prev;
    }
    pthread_mutex_destroy(&s->lock);
    current = s->parent;
}

void mem_unwind(mem_scope *s)
{
    mem_hdr *h = s->ring.next;
    while (h != &s->ring) {
        mem_hdr *next = h->next;
        if (h->destroy) h->destroy(*(void **)(h + 1));
        h->al->free(h->al->ud, h);
        h = next;
    }
    s->ring.next = s->ring.prev = &s->ring;
    pthread_mutex_destroy(&s->lock);
    current = s->parent;
    /* a public call made inside another: that one fails too (it undoes
     * what it had done; the inner call's caller expected it to succeed) */
    if (current) longjmp(current->jb, 1);
}

void mem_share(mem_scope *host, bool shared) { host->shared = shared; }

void mem_open_worker(mem_scope *w, mem_scope *host)
{
    w->ring.prev = w->ring.next = &w->ring;
    w->parent = current;
    w->host = host->host ? host->host : host;
    w->shared = false;
    w->al = host->al;
    current = w;
}

void mem_close_worker(mem_scope *w) { current = w->parent; }

int mem_guard(const mem_allocator *al, int (*fn)(void *arg), void *arg, int failed)
{
    mem_scope sc;
    mem_open(&sc, al);
    if (setjmp(sc.jb)) {
        mem_unwind(&sc);
        return failed;
    }
    int rc = fn(arg);
    mem_close(&sc);
    return rc;
}

_Noreturn void mem_fail(void)
{
    if (!current) abort(); /* an internal caller that opened no scope */
    longjmp(current->jb, 1);
}

/* The scope whose ring new blocks join (locked when shared), or NULL. */
static mem_scope *ring_owner(void)
{
    if (!current) return NULL;
    mem_scope *o = current->host ? current->host : current;
    if (o->shared) pthread_mutex_lock(&o->lock);
    return o;
}

static void ring_release(mem_scope *o)
{
    if (o && o->shared) pthread_mutex_unlock(&o->lock);
}

static void link_after(mem_hdr *h, mem_hdr *at)
{
    h->prev = at;
    h->next = at->next;
    at->next->prev = h;
    at->next = h;
}

void *mem_alloc(size_t n)
{
    const mem_allocator *al = current ? current->al : &mem_std_allocator;
    if (n > SIZE_MAX - sizeof(mem_hdr)) mem_fail();
    mem_hdr *h = al->malloc(al->ud, sizeof *h + n);
    if (!h) mem_fail();
    h->al = al;
    h->destroy = NULL;
    mem_scope *o = ring_owner();
    if (o) link_after(h, &o->ring);
    else h->prev = h->next = h; /* a ring of its own */
    ring_release(o);
    advise_huge(al, h + 1, n);
    return h + 1;
}

void *mem_calloc(size_t n, size_t size)
{
    if (size && n > SIZE_MAX / size) mem_fail();
    void *p = mem_alloc(n * size);
    memset(p, 0, n * size);
    return p;
}

void *mem_realloc(void *p, size_t n)
{
    if (!p) return mem_alloc(n);
    if (n > SIZE_MAX - sizeof(mem_hdr)) mem_fail();
    mem_hdr *h = (mem_hdr *)p - 1;
    const mem_allocator *al = h->al;
    /* the neighbours point at the header: it moves under the lock */
    mem_scope *o = ring_owner();
    bool alone = h->next == h;
    mem_hdr *nh = al->realloc(al->ud, h, sizeof *h + n);
    if (!nh) {
        ring_release(o);
        mem_fail();
    }
    if (alone) {
        nh->prev = nh->next = nh;
    } else {
        nh->prev->next = nh;
        nh->next->prev = nh;
    }
    ring_release(o);
    advise_huge(al, nh + 1, n);
    return nh + 1;
}

void *mem_alloc_huge(size_t n, void **block)
{
    if (n > SIZE_MAX - MEM_HUGE_PAGE) mem_fail();
    *block = mem_alloc(n + MEM_HUGE_PAGE - 1); /* the bytes before the boundary are never touched */
    return (void *)(((uintptr_t)*block + MEM_HUGE_PAGE - 1) & ~(MEM_HUGE_PAGE - 1));
}

void *mem_realloc_array(void *p, size_t n, size_t size)
{
    if (size && n > SIZE_MAX / size) mem_fail();
    return mem_realloc(p, n * size);
}

char *mem_strndup(const char *s, size_t n)
{
    char *d = mem_alloc(n + 1);
    memcpy(d, s, n);
    d[n] = '\0';
    return d;
}

char *mem_strdup(const char *s) { return mem_strndup(s, strlen(s)); }

void mem_free(void *p)
{
    if (!p) return;
    mem_hdr *h = (mem_hdr *)p - 1;
    mem_scope *o = ring_owner();
    h->prev->next = h->next;
    h->next->prev = h->prev;
    ring_release(o);
    h->al->free(h->al->ud, h);
}


void mem_set_allocator(void *p, const mem_allocator *al) { ((mem_hdr *)p - 1)->al = al; }

void mem_keep(void *p)
{
    if (!p) return;
    mem_hdr *h = (mem_hdr *)p - 1;
    mem_scope *o = ring_owner();
    h->prev->next = h->next;
    h->next->prev = h->prev;
    h->prev = h->next = h;
    ring_release(o);
}

void *mem_hold(void (*destroy)(void *), void *obj)
{
    const mem_allocator *al = current ? current->al : &mem_std_allocator;
    mem_hdr *h = al->malloc(al->ud, sizeof *h + sizeof obj);
    if (!h) {
        destroy(obj);
        mem_fail();
    }
    h->al = al;
    h->destroy = destroy;
    *(void **)(h + 1) = obj;
    mem_scope *o = ring_owner();
    if (o) link_after(h, &o->ring);
    else h->prev = h->next = h;
    ring_release(o);
    return h + 1;
}

void mem_release(void *token) { mem_free(token); }
