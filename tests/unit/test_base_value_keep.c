/*
 * test_base_value_keep.c — value_keep_deep (value.h: a value kept past its
 * arena is copied): an empty list stays an empty list; a record's text
 * entries and a list's are copied into the new arena, equal and apart from
 * the originals; a plain number is kept as it is.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <string.h>

#include "arena.h"
#include "value.h"

static void test_keep_deep(void **state)
{
    (void)state;
    arena *A = arena_new(1024);
    value empty = value_make(VK_LIST, 0, 0, 0);
    value e = value_keep_deep(A, empty);
    assert_int_equal(e.kind, VK_LIST);
    assert_int_equal(e.len, 0);

    char name[] = "CS-0101";
    value fields[2] = {value_text(name, 7), value_int(42)};
    value rec = value_make(VK_RECORD, 2, 0, 0);
    rec.items = fields;
    value r = value_keep_deep(A, rec);
    assert_int_equal(r.kind, VK_RECORD);
    assert_int_equal(r.len, 2);
    assert_ptr_not_equal(r.items, fields);
    assert_ptr_not_equal(r.items[0].s, name);
    name[0] = 'X'; /* the kept copy does not change with the original */
    assert_int_equal(r.items[0].len, 7);
    assert_memory_equal(r.items[0].s, "CS-0101", 7);
    assert_true(value_equal(&r.items[1], &fields[1]));

    value list = value_make(VK_LIST, 1, 0, 0);
    list.items = &rec;
    value l = value_keep_deep(A, list);
    assert_int_equal(l.items[0].kind, VK_RECORD);
    assert_memory_equal(l.items[0].items[0].s, "XS-0101", 7); /* copied now, as it is now */
    arena_free(A);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_keep_deep),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
