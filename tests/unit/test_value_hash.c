/*
 * test_value_hash.c — value_hash (roster.h), the hash the roster's tables
 * key by (first in roster, groups, ids): values value_equal finds equal
 * hash alike, whatever arena their parts are in; a list or a record hashes
 * from its entries, so that different records are told apart by the hash
 * (before, every list and record hashed to one number: a table keyed by
 * records, first in roster for each, probed every earlier key, and a
 * roster of a million such keys took hours).
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <string.h>

#include "roster.h"

static value record2(value *items, const char *name, const char *region)
{
    items[0] = value_text(name, (uint32_t)strlen(name));
    items[1] = value_text(region, (uint32_t)strlen(region));
    return value_record(items, 2);
}

static void test_equal_records_hash_alike(void **state)
{
    (void)state;
    char a[] = "k", b[] = "k"; /* the same text at two places */
    value ia[2], ib[2];
    value x = record2(ia, a, "r"), y = record2(ib, b, "r");
    assert_true(value_equal(&x, &y));
    assert_true(value_hash(&x) == value_hash(&y));
}

static void test_records_differ_by_their_fields(void **state)
{
    (void)state;
    value i1[2], i2[2], i3[2];
    value x = record2(i1, "k", "r"), y = record2(i2, "k", "s"), z = record2(i3, "r", "k");
    assert_true(value_hash(&x) != value_hash(&y));
    assert_true(value_hash(&x) != value_hash(&z)); /* order counts, as value_equal's does */
}

static void test_a_list_is_not_its_record(void **state)
{
    (void)state;
    value items[2];
    value r = record2(items, "k", "r");
    value l = value_list(items, 2);
    assert_false(value_equal(&r, &l));
    assert_true(value_hash(&r) != value_hash(&l));
    value none = value_list(items, 0), one = value_list(items, 1);
    assert_true(value_hash(&none) != value_hash(&one));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_equal_records_hash_alike),
        cmocka_unit_test(test_records_differ_by_their_fields),
        cmocka_unit_test(test_a_list_is_not_its_record),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
