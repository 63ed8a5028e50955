/*
 * test_sha256.c — SHA-256 against the FIPS 180-2 appendix B examples
 * (one block, two blocks, a million 'a'), the 896-bit example of the NIST
 * example set, the empty message, and messages of 55, 56, 63, 64, 65, 119
 * and 120 bytes (where padding spills into another block), whose digests
 * come from an independent implementation (Python's hashlib).  Feeding the
 * same bytes in pieces of every size must give the same digest.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdlib.h>
#include <string.h>

#include "sha256.h"

static void assert_digest(const void *data, size_t len, const char *want)
{
    unsigned char d[SHA256_BYTES];
    char hex[SHA256_HEX];
    sha256(data, len, d);
    sha256_hex(d, hex);
    assert_string_equal(hex, want);
}

static void test_fips_one_block(void **state)
{
    assert_digest("abc", 3, "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
}

static void test_fips_two_blocks(void **state)
{
    const char *m = "abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq"; /* 448 bits */
    assert_digest(m, strlen(m), "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1");
}

static void test_nist_896_bits(void **state)
{
    const char *m = "abcdefghbcdefghicdefghijdefghijkefghijklfghijklmghijklmnhijklmno"
                    "ijklmnopjklmnopqklmnopqrlmnopqrsmnopqrstnopqrstu";
    assert_int_equal(strlen(m), 112);
    assert_digest(m, strlen(m), "cf5b16a778af8380036ce59e7b0492370b249b11e8f07a51afac45037afee9d1");
}

static void test_empty(void **state)
{
    assert_digest("", 0, "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
}

static void test_million_a(void **state)
{
    /* fed 1000 bytes at a time, as a stream would be */
    char chunk[1000];
    memset(chunk, 'a', sizeof chunk);
    sha256_ctx c;
    sha256_init(&c);
    for (int i = 0; i < 1000; i++) sha256_update(&c, chunk, sizeof chunk);
    unsigned char d[SHA256_BYTES];
    char hex[SHA256_HEX];
    sha256_final(&c, d);
    sha256_hex(d, hex);
    assert_string_equal(hex, "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0");
}

/* bytes i % 251 for i < n: no block of them repeats another */
static const struct { size_t n; const char *hex; } edges[] = {
    {55, "463eb28e72f82e0a96c0a4cc53690c571281131f672aa229e0d45ae59b598b59"},  /* padding fits */
    {56, "da2ae4d6b36748f2a318f23e7ab1dfdf45acdc9d049bd80e59de82a60895f562"},  /* length spills */
    {63, "29af2686fd53374a36b0846694cc342177e428d1647515f078784d69cdb9e488"},
    {64, "fdeab9acf3710362bd2658cdc9a29e8f9c757fcf9811603a8c447cd1d9151108"},  /* a full block */
    {65, "4bfd2c8b6f1eec7a2afeb48b934ee4b2694182027e6d0fc075074f2fabb31781"},
    {119, "da18797ed7c3a777f0847f429724a2d8cd5138e6ed2895c3fa1a6d39d18f7ec6"},
    {120, "f52b23db1fbb6ded89ef42a23ce0c8922c45f25c50b568a93bf1c075420bbb7c"},
};

static void test_padding_edges(void **state)
{
    unsigned char m[128];
    for (size_t i = 0; i < sizeof m; i++) m[i] = (unsigned char)(i % 251);
    for (size_t k = 0; k < sizeof edges / sizeof edges[0]; k++) assert_digest(m, edges[k].n, edges[k].hex);
}

static void test_pieces_of_every_size(void **state)
{
    unsigned char m[120];
    for (size_t i = 0; i < sizeof m; i++) m[i] = (unsigned char)(i % 251);
    for (size_t piece = 1; piece <= 120; piece++) {
        sha256_ctx c;
        sha256_init(&c);
        for (size_t at = 0; at < 120; at += piece) sha256_update(&c, m + at, at + piece <= 120 ? piece : 120 - at);
        unsigned char d[SHA256_BYTES];
        char hex[SHA256_HEX];
        sha256_final(&c, d);
        sha256_hex(d, hex);
        assert_string_equal(hex, edges[6].hex);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_fips_one_block), cmocka_unit_test(test_fips_two_blocks),
        cmocka_unit_test(test_nist_896_bits),  cmocka_unit_test(test_empty),
        cmocka_unit_test(test_million_a),      cmocka_unit_test(test_padding_edges),
        cmocka_unit_test(test_pieces_of_every_size),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
