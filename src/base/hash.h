/*
 * hash.h — the one string hash of kaohe (FNV-1a, 32 bits), for the tables
 * of names: symbols, report names, the reader's field names, temporary
 * file names.  Not for data an attacker chooses keys of (the reader's table
 * of repeated keys mixes its hash further).
 */
#ifndef KH_HASH_H
#define KH_HASH_H

#include <stddef.h>
#include <stdint.h>

/* FNV-1a of n bytes at s. */
static inline uint32_t hash_bytes(const void *s, size_t n)
{
    uint32_t h = 2166136261u;
    for (const unsigned char *p = s, *end = p + n; p < end; p++) h = (h ^ *p) * 16777619u;
    return h;
}

/* FNV-1a of the bytes of s up to its NUL (hash_bytes of them). */
static inline uint32_t hash_text(const char *s)
{
    uint32_t h = 2166136261u;
    for (const unsigned char *p = (const unsigned char *)s; *p; p++) h = (h ^ *p) * 16777619u;
    return h;
}

#endif
