/*
 * test_text_index.c — text_index, the one index of entries by text key:
 * every key found at its own position across the table's growth (1,000
 * keys, the table starting at 64 slots), an absent key gives an empty slot
 * (or NULL when nothing may be added to an empty index), clearing forgets
 * every key.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <string.h>

#include "text_index.h"
#include "mem.h"

enum { N = 1000 };
static char keys[N][16];

static const char *key_of(const void *entries, size_t i) { return ((const char (*)[16])entries)[i]; }

static void test_every_key_at_its_position(void **state)
{
    (void)state;
    text_index ix = {0};
    for (size_t i = 0; i < N; i++) {
        snprintf(keys[i], sizeof keys[i], "key-%zu", i);
        size_t *slot = text_index_slot(&ix, keys[i], i, true, key_of, keys);
        assert_non_null(slot);
        assert_int_equal(*slot, 0); /* new */
        *slot = i + 1;
    }
    assert_true(ix.cap >= 2 * N); /* at most half full */
    for (size_t i = 0; i < N; i++) {
        size_t *slot = text_index_slot(&ix, keys[i], N, false, key_of, keys);
        assert_non_null(slot);
        assert_int_equal(*slot, i + 1);
    }
    size_t *none = text_index_slot(&ix, "key-1000", N, false, key_of, keys);
    assert_non_null(none);
    assert_int_equal(*none, 0);
    text_index_clear(&ix);
    assert_int_equal(*text_index_slot(&ix, "key-7", 0, false, key_of, keys), 0);
    text_index_free(&ix);
    assert_null(ix.slot);
}

static void test_empty_index_without_room_is_null(void **state)
{
    (void)state;
    text_index ix = {0};
    assert_null(text_index_slot(&ix, "x", 0, false, key_of, keys));
    text_index_free(&ix);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_every_key_at_its_position),
        cmocka_unit_test(test_empty_index_without_room_is_null),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
