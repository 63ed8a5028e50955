/*
 * text_index.h — finds an entry of a caller's growing array by its text
 * key: an open-addressing table (hash.h's hash_text, linear probing, at most
 * half full) of positions in the array.  The caller keeps the array; the
 * index keeps only positions, so the array may move when it grows.
 */
#ifndef KH_TEXT_INDEX_H
#define KH_TEXT_INDEX_H

#include <stdbool.h>
#include <stddef.h>

typedef struct text_index {
    size_t *slot; /* 0: empty; else 1 + a position in the caller's array */
    size_t cap;   /* a power of two, or 0 before the first entry */
} text_index;

/* The key of entry i of the caller's array. */
typedef const char *(*text_index_key)(const void *entries, size_t i);

/*
 * The slot for key among the n entries indexed so far.  *slot is 1 + the
 * position of the entry with that key, or 0 when there is none: the caller
 * then appends its entry at position n and stores n + 1 there.  With room,
 * the index is first grown to hold one more entry; without, an index that
 * holds nothing yet gives NULL.
 */
size_t *text_index_slot(text_index *ix, const char *key, size_t n, bool room, text_index_key key_of,
                        const void *entries);

/* Forgets every entry (keeps the table). */
void text_index_clear(text_index *ix);

void text_index_free(text_index *ix);

#endif
