/*
 * arena.c — bump allocator: a chain of blocks, freed all at once.
 * Used for a policy's AST and plan, and (reset per record) for the values
 * a record's evaluation creates.
 */
#include "arena.h"
#include "mem.h"

#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef struct block {
    struct block *next;
    size_t size, used;
    _Alignas(16) unsigned char data[];
} block;

struct arena {
    block *head;       /* current block (most recent) */
    block *first;      /* the block kept by arena_reset (the chain's tail) */
    block *big;        /* blocks of one large allocation each */
    size_t block_size;
};

static block *block_new(size_t size)
{
    block *b = mem_alloc(sizeof(block) + size);
    b->next = NULL;
    b->size = size;
    b->used = 0;
    return b;
}

arena *arena_new(size_t block_size)
{
    arena *a = mem_alloc(sizeof *a);
    if (block_size < 256) block_size = 256;
    a->block_size = block_size;
    a->first = a->head = block_new(block_size);
    a->big = NULL;
    return a;
}

static void free_chain(block *b, block *stop)
{
    while (b && b != stop) {
        block *next = b->next;
        mem_free(b);
        b = next;
    }
}

void arena_free(arena *a)
{
    if (!a) return;
    free_chain(a->head, NULL);
    free_chain(a->big, NULL);
    mem_free(a);
}

arena_mark arena_mark_now(const arena *a)
{
    return (arena_mark){a->head, a->big, a->head->used};
}

void arena_rollback(arena *a, arena_mark m)
{
    a->head = m.head;
    a->big = m.big;
    a->head->used = m.used;
}

void arena_reset(arena *a)
{
    free_chain(a->head, a->first);
    free_chain(a->big, NULL);
    a->big = NULL;
    a->head = a->first;
    a->first->next = NULL;
    a->first->used = 0;
}

void *arena_alloc(arena *a, size_t n)
{
    n = (n + 15) & ~(size_t)15;
    block *b = a->head;
    b->used = (b->used + 15) & ~(size_t)15; /* after unaligned bytes */
    if (b->used > b->size) b->used = b->size;
    if (b->size - b->used < n) {
        if (n > a->block_size / 4) {
            /* a big one-off gets a block of its own on the side list, so the
             * current block keeps serving small requests */
            block *big = block_new(n);
            big->used = n;
            big->next = a->big;
            a->big = big;
            return big->data;
        }
        block *nb = block_new(a->block_size);
        nb->next = b;
        a->head = nb;
        b = nb;
    }
    void *p = b->data + b->used;
    b->used += n;
    return p;
}

void *arena_alloc_bytes(arena *a, size_t n)
{
    block *b = a->head;
    if (n == 0) n = 1;
    if (b->size - b->used < n) return arena_alloc(a, n); /* a fresh block (or a big one) */
    void *p = b->data + b->used;
    b->used += n;
    return p;
}

char *arena_strndup_bytes(arena *a, const char *s, size_t n)
{
    char *p = arena_alloc_bytes(a, n + 1);
    memcpy(p, s, n);
    p[n] = '\0';
    return p;
}

void *arena_zalloc(arena *a, size_t n)
{
    void *p = arena_alloc(a, n);
    memset(p, 0, n);
    return p;
}

char *arena_strndup(arena *a, const char *s, size_t n)
{
    char *p = arena_alloc(a, n + 1);
    memcpy(p, s, n);
    p[n] = '\0';
    return p;
}

char *arena_strdup(arena *a, const char *s) { return arena_strndup(a, s, strlen(s)); }

char *arena_printf(arena *a, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(NULL, 0, fmt, ap);
    va_end(ap);
    if (n < 0) n = 0;
    char *p = arena_alloc(a, (size_t)n + 1);
    va_start(ap, fmt);
    vsnprintf(p, (size_t)n + 1, fmt, ap);
    va_end(ap);
    return p;
}

