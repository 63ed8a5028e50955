/*
 * test_cov_ck_types.c — the static types (src/types.c): equality, the join
 * of branch types, names in messages, names in policies, lookups.  Every
 * expectation follows from the rules in types.h, worked by hand.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <string.h>

#include "types.h"

static arena *A;

static int setup(void **state)
{
    A = arena_new(4096);
    return A ? 0 : -1;
}

static int teardown(void **state)
{
    arena_free(A);
    return 0;
}

static const ktype *enum_of(int n, const char *a, const char *b, const char *c)
{
    const char *v[3] = {a, b, c};
    return type_enum(A, v, n);
}

static const ktype *record_of(const char *n1, const ktype *t1, const char *n2, const ktype *t2)
{
    const char *names[2] = {n1, n2};
    const ktype *types[2] = {t1, t2};
    return type_record(A, names, types, n2 ? 2 : 1);
}

/* type_name into a local buffer, compared with want. */
static void expect_name(const ktype *t, const char *want)
{
    char buf[128];
    assert_string_equal(type_name(t, buf, sizeof buf), want);
}

/* ---- type_equal ------------------------------------------------------------ */

static void test_equal_scalars(void **state)
{
    assert_true(type_equal(&type_money, &type_money));
    assert_false(type_equal(&type_int, &type_dec));   /* kept apart, even if both are numbers */
    assert_false(type_equal(&type_money, &type_dec));
    assert_false(type_equal(&type_date, &type_datetime));
    /* a scalar built elsewhere is the same type as the singleton */
    ktype month = {.kind = T_MONTH};
    assert_true(type_equal(&month, &type_month));
}

static void test_equal_text_and_enums(void **state)
{
    const ktype *ab = enum_of(2, "a", "b", NULL), *cd = enum_of(2, "c", "d", NULL);
    assert_true(type_equal(&type_text, ab));  /* an enum is text for values */
    assert_true(type_equal(ab, &type_text));
    assert_true(type_equal(ab, cd));          /* of any values */
    assert_false(type_equal(ab, &type_int));
}

static void test_equal_lists(void **state)
{
    const ktype *li = type_list(A, &type_int), *li2 = type_list(A, &type_int);
    const ktype *ld = type_list(A, &type_dec), *empty = type_list(A, NULL);
    assert_true(type_equal(li, li2));
    assert_false(type_equal(li, ld));
    assert_true(type_equal(empty, ld));  /* [] fits a list of anything */
    assert_true(type_equal(ld, empty));
    assert_false(type_equal(li, &type_int));
    assert_true(type_equal(type_list(A, li), type_list(A, li2)));
    assert_false(type_equal(type_list(A, li), type_list(A, ld)));
}

static void test_equal_records(void **state)
{
    const ktype *r1 = record_of("k", &type_int, "m", &type_money);
    const ktype *r2 = record_of("k", &type_int, "m", &type_money);
    assert_true(type_equal(r1, r2));
    assert_false(type_equal(r1, record_of("k", &type_int, NULL, NULL)));       /* fewer fields */
    assert_false(type_equal(r1, record_of("k", &type_int, "n", &type_money)));  /* another name */
    assert_false(type_equal(r1, record_of("k", &type_int, "m", &type_int)));    /* another type */
}

/* ---- type_join --------------------------------------------------------------- */

static void test_join_errors_and_same(void **state)
{
    assert_ptr_equal(type_join(A, &type_error, &type_money), &type_money);
    assert_ptr_equal(type_join(A, &type_bool, &type_error), &type_bool);
    assert_ptr_equal(type_join(A, &type_date, &type_date), &type_date);
}

static void test_join_numbers(void **state)
{
    assert_ptr_equal(type_join(A, &type_int, &type_dec), &type_dec);
    assert_ptr_equal(type_join(A, &type_dec, &type_int), &type_dec);
    assert_null(type_join(A, &type_money, &type_int));  /* money never joins a plain number */
    assert_null(type_join(A, &type_dec, &type_money));
    assert_null(type_join(A, &type_bool, &type_int));
}

static void test_join_text(void **state)
{
    const ktype *ab = enum_of(2, "a", "b", NULL), *bc = enum_of(2, "b", "c", NULL);
    /* the values of both, in order of first appearance, each once */
    expect_name(type_join(A, ab, bc), "one of \"a\", \"b\", \"c\"");
    expect_name(type_join(A, bc, ab), "one of \"b\", \"c\", \"a\"");
    expect_name(type_join(A, ab, enum_of(1, "a", NULL, NULL)), "one of \"a\", \"b\"");
    assert_ptr_equal(type_join(A, &type_text, ab), &type_text);
    assert_ptr_equal(type_join(A, ab, &type_text), &type_text);
    assert_null(type_join(A, ab, &type_int));
}

static void test_join_lists(void **state)
{
    const ktype *li = type_list(A, &type_int), *ld = type_list(A, &type_dec);
    const ktype *empty = type_list(A, NULL), *lb = type_list(A, &type_bool);
    assert_ptr_equal(type_join(A, empty, li), li);  /* [] takes the other's entries */
    assert_ptr_equal(type_join(A, li, empty), li);
    expect_name(type_join(A, li, ld), "list of decimal");
    assert_null(type_join(A, li, lb));
    assert_null(type_join(A, li, &type_int));
}

static void test_join_records(void **state)
{
    const ktype *r1 = record_of("k", &type_int, NULL, NULL), *r2 = record_of("k", &type_int, NULL, NULL);
    assert_ptr_equal(type_join(A, r1, r2), r1);
    assert_null(type_join(A, r1, record_of("j", &type_int, NULL, NULL)));
}

/* ---- type_name ----------------------------------------------------------------- */

static void test_name_every_kind(void **state)
{
    expect_name(&type_error, "?");
    expect_name(&type_bool, "boolean");
    expect_name(&type_int, "integer");
    expect_name(&type_dec, "decimal");
    expect_name(&type_money, "money");
    expect_name(&type_text, "text");
    expect_name(enum_of(2, "probation", "regular", NULL), "one of \"probation\", \"regular\"");
    expect_name(enum_of(0, NULL, NULL, NULL), "one of ");
    expect_name(&type_date, "date");
    expect_name(&type_datetime, "datetime");
    expect_name(&type_month, "month");
    expect_name(type_list(A, &type_money), "list of money");
    expect_name(type_list(A, NULL), "list of anything");
    expect_name(type_list(A, type_list(A, &type_date)), "list of list of date");
    expect_name(record_of("k", &type_int, NULL, NULL), "record");
}

static void test_name_cut_to_the_buffer(void **state)
{
    char buf[10];
    /* "one of " (7) then "\"alpha\"" cut to what fits: 2 characters and the NUL */
    assert_string_equal(type_name(enum_of(2, "alpha", "beta", NULL), buf, sizeof buf), "one of \"a");
    char small[6];
    assert_string_equal(type_name(type_list(A, &type_int), small, sizeof small), "list ");
}

/* ---- names in policies, lookups -------------------------------------------------- */

static void test_by_name(void **state)
{
    assert_ptr_equal(type_by_name("boolean"), &type_bool);
    assert_ptr_equal(type_by_name("bool"), &type_bool);
    assert_ptr_equal(type_by_name("int"), &type_int);
    assert_ptr_equal(type_by_name("number"), &type_dec);
    assert_ptr_equal(type_by_name("money"), &type_money);
    assert_ptr_equal(type_by_name("month"), &type_month);
    assert_null(type_by_name("Money"));  /* names are exact */
    assert_null(type_by_name("record")); /* a container, not a value type */
    assert_null(type_by_name(""));
}

static void test_indexes(void **state)
{
    const ktype *e = enum_of(3, "a", "ab", "b");
    assert_int_equal(type_enum_index(e, "ab", 2), 1);
    assert_int_equal(type_enum_index(e, "abc", 2), 1); /* by length: the first 2 bytes */
    assert_int_equal(type_enum_index(e, "b", 1), 2);
    assert_int_equal(type_enum_index(e, "ba", 2), -1);
    assert_int_equal(type_enum_index(e, "", 0), -1);
    const ktype *r = record_of("k", &type_int, "m", &type_money);
    assert_int_equal(type_field_index(r, "m"), 1);
    assert_int_equal(type_field_index(r, "K"), -1);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_equal_scalars),
        cmocka_unit_test(test_equal_text_and_enums),
        cmocka_unit_test(test_equal_lists),
        cmocka_unit_test(test_equal_records),
        cmocka_unit_test(test_join_errors_and_same),
        cmocka_unit_test(test_join_numbers),
        cmocka_unit_test(test_join_text),
        cmocka_unit_test(test_join_lists),
        cmocka_unit_test(test_join_records),
        cmocka_unit_test(test_name_every_kind),
        cmocka_unit_test(test_name_cut_to_the_buffer),
        cmocka_unit_test(test_by_name),
        cmocka_unit_test(test_indexes),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
