/*
 * sha256.h — SHA-256 (FIPS 180-4), for run manifests: the digest of each
 * policy file and of the input, so that an auditor can check that a month
 * is reproduced from exactly the same bytes.
 */
#ifndef KH_SHA256_H
#define KH_SHA256_H

#include <stddef.h>
#include <stdint.h>

#define SHA256_BYTES 32
#define SHA256_HEX (2 * SHA256_BYTES + 1) /* hex digits and a NUL */

typedef struct sha256_ctx {
    uint32_t h[8];
    uint64_t bytes;          /* message length so far */
    unsigned char block[64]; /* a partial block */
    size_t used;             /* bytes in block */
} sha256_ctx;

void sha256_init(sha256_ctx *c);
void sha256_update(sha256_ctx *c, const void *data, size_t len);
/* The digest; c must be initialised again before reuse. */
void sha256_final(sha256_ctx *c, unsigned char out[SHA256_BYTES]);

/* The digest of len bytes at data in one call. */
void sha256(const void *data, size_t len, unsigned char out[SHA256_BYTES]);
/* Lower-case hex of a digest, NUL-terminated. */
void sha256_hex(const unsigned char digest[SHA256_BYTES], char out[SHA256_HEX]);

#endif
