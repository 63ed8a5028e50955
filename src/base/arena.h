/*
 * arena.h — bump allocation for memory that lives and dies together: one
 * arena per policy (the AST and the plan) and one per record (its values).
 * Freeing is all at once; arena_reset keeps the first block for reuse, so a
 * per-record arena allocates nothing after the first few records.
 */
#ifndef KH_ARENA_H
#define KH_ARENA_H

#include <stddef.h>

typedef struct arena arena;

arena *arena_new(size_t block_size);
/* Frees everything; NULL is accepted. */
void arena_free(arena *a);
/* Forgets every allocation but keeps the first block. */
/* Where an arena stands, so that a public call that fails for want of
 * memory (mem.h) can put it back: the blocks added since are freed by the
 * call's unwinding, arena_rollback forgets them (call it after mem_unwind). */
typedef struct arena_mark {
    void *head, *big;
    size_t used;
} arena_mark;
arena_mark arena_mark_now(const arena *a);
void arena_rollback(arena *a, arena_mark m);
void arena_reset(arena *a);

/* Aligned to 16 bytes; never returns NULL (aborts the process only when the
 * machine is out of memory). Zeroed memory with arena_zalloc. */
void *arena_alloc(arena *a, size_t n);
void *arena_zalloc(arena *a, size_t n);
char *arena_strndup(arena *a, const char *s, size_t n);
/* Bytes with no alignment (packed records, texts): nothing is wasted. */
void *arena_alloc_bytes(arena *a, size_t n);
/* A NUL-terminated copy, unaligned. */
char *arena_strndup_bytes(arena *a, const char *s, size_t n);
char *arena_strdup(arena *a, const char *s);
/* printf into the arena. */
char *arena_printf(arena *a, const char *fmt, ...) __attribute__((format(printf, 2, 3)));


#endif
