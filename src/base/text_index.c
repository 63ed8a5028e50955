/*
 * text_index.c — the open-addressing table of text_index.h.
 */
#include "text_index.h"
#include "hash.h"
#include "mem.h"

#include <string.h>

static void grow(text_index *ix, size_t n, text_index_key key_of, const void *entries)
{
    size_t cap = ix->cap ? ix->cap * 2 : 64;
    size_t *slot = mem_calloc(cap, sizeof *slot);
    for (size_t i = 0; i < n; i++) {
        size_t j = hash_text(key_of(entries, i)) & (cap - 1);
        while (slot[j]) j = (j + 1) & (cap - 1);
        slot[j] = i + 1;
    }
    mem_free(ix->slot);
    ix->slot = slot;
    ix->cap = cap;
}

size_t *text_index_slot(text_index *ix, const char *key, size_t n, bool room, text_index_key key_of,
                        const void *entries)
{
    if (room && (n + 1) * 2 > ix->cap) grow(ix, n, key_of, entries);
    if (!ix->cap) return NULL;
    size_t j = hash_text(key) & (ix->cap - 1);
    while (ix->slot[j] && strcmp(key_of(entries, ix->slot[j] - 1), key) != 0) j = (j + 1) & (ix->cap - 1);
    return &ix->slot[j];
}

void text_index_clear(text_index *ix)
{
    if (ix->slot) memset(ix->slot, 0, ix->cap * sizeof *ix->slot);
}

void text_index_free(text_index *ix)
{
    mem_free(ix->slot);
    ix->slot = NULL;
    ix->cap = 0;
}
