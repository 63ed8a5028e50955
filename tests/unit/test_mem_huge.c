/*
 * test_mem_huge.c — big blocks and huge pages (mem.c): mem_alloc_huge gives
 * n usable bytes from a 2 MiB boundary; a block of 4 MiB or more is advised
 * MADV_HUGEPAGE over the whole mapping it is on, never part of it, so that
 * the mapping stays one and growing it keeps what it held.  (Advising only
 * the 2 MiB-aligned middle split the mapping in three, and every growth of
 * a roster table by mremap then failed with EFAULT and was copied instead.)
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <malloc.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "mem.h"

#define MIB ((size_t)1 << 20)

/* The mapping of /proc/self/smaps holding address a: its bounds and whether
 * its VmFlags have "hg" (huge pages advised).  False when none holds it. */
static bool mapping_of(uintptr_t a, uintptr_t *lo, uintptr_t *hi, bool *advised)
{
    FILE *f = fopen("/proc/self/smaps", "r");
    if (!f) return false;
    char line[512];
    bool found = false, in = false;
    while (fgets(line, sizeof line, f)) {
        unsigned long s, e;
        if (sscanf(line, "%lx-%lx ", &s, &e) == 2 && strchr(line, '-') < strchr(line, ' ')) {
            if (found) break;
            in = a >= s && a < e;
            if (in) {
                *lo = s;
                *hi = e;
                *advised = false;
                found = true;
            }
        } else if (in && strncmp(line, "VmFlags:", 8) == 0) {
            *advised = strstr(line, " hg") != NULL;
        }
    }
    fclose(f);
    return found;
}

static bool thp_available(void) { return access("/sys/kernel/mm/transparent_hugepage/enabled", F_OK) == 0; }

static void test_alloc_huge_starts_at_a_boundary(void **state)
{
    (void)state;
    void *block = NULL;
    size_t n = 3 * MIB + 123;
    uint8_t *p = mem_alloc_huge(n, &block);
    assert_non_null(block);
    assert_int_equal((uintptr_t)p % (2 * MIB), 0);
    assert_true(p >= (uint8_t *)block);
    assert_true(p - (uint8_t *)block < (ptrdiff_t)(2 * MIB));
    memset(p, 0xAB, n); /* every byte asked for is the block's (ASan checks the last) */
    assert_int_equal(p[n - 1], 0xAB);
    mem_free(block);
}

static void test_big_block_is_one_advised_mapping_and_grows(void **state)
{
    (void)state;
    size_t n = 8 * MIB;
    uint8_t *p = mem_alloc(n);
    for (size_t i = 0; i < n; i += 4096) p[i] = (uint8_t)(i / 4096);
    uintptr_t lo, hi;
    bool advised;
    assert_true(mapping_of((uintptr_t)p, &lo, &hi, &advised));
    /* the whole block on one mapping: the advice did not split it */
    assert_true(lo <= (uintptr_t)p && (uintptr_t)p + n <= hi);
    if (thp_available()) assert_true(advised);
    uint8_t *q = mem_realloc(p, 4 * n);
    for (size_t i = 0; i < n; i += 4096) assert_int_equal(q[i], (uint8_t)(i / 4096));
    assert_true(mapping_of((uintptr_t)q, &lo, &hi, &advised));
    assert_true(lo <= (uintptr_t)q && (uintptr_t)q + 4 * n <= hi);
    if (thp_available()) assert_true(advised);
    mem_free(q);
}

static void test_small_block_is_not_advised(void **state)
{
    (void)state;
    uint8_t *p = mem_alloc(64 * 1024);
    uintptr_t lo, hi;
    bool advised = true;
    assert_true(mapping_of((uintptr_t)p, &lo, &hi, &advised));
    assert_false(advised);
    mem_free(p);
}

int main(void)
{
    mallopt(M_MMAP_THRESHOLD, 4 << 20); /* as the command sets it (main.c) */
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_alloc_huge_starts_at_a_boundary),
        cmocka_unit_test(test_big_block_is_one_advised_mapping_and_grows),
        cmocka_unit_test(test_small_block_is_not_advised),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
