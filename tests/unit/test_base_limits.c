/*
 * test_base_limits.c — the limits of the base layer's containers and the
 * counting of members no field is called, as their headers say:
 * - vec.h: a vector asked to grow past its limit fails as an allocation
 *   does (the public call returns KH_NO_MEMORY), in memory or in an arena;
 * - mem.h: a size whose header or product overflows fails as an allocation
 *   does; a call made inside another that fails fails that one too; one
 *   that succeeds hands what it kept to the enclosing one;
 * - file_kind.h: each kind of file that is not a regular one in words;
 * - arena.h: a tiny block size still serves requests, a zero-byte request
 *   gets a byte of its own, unaligned bytes never overlap what follows;
 * - unknown_members.h: each name counted apart (a group's under its path),
 *   a name cut at 80 bytes, eight names told apart and the rest counted,
 *   readers merged, one warning per name that fits in the notes.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <string.h>
#include <sys/stat.h>

#include "arena.h"
#include "file_kind.h"
#include "mem.h"
#include "unknown_members.h"
#include "vec.h"

/* ---- vectors past their limit ------------------------------------------------ */

static int grow_past_limit(void *arg)
{
    (void)arg;
    int *v = NULL;
    unsigned char cap = 0; /* a capacity of 8 bits may grow to 64 (VEC_MAX_CAP) */
    VEC_RESERVE(v, 64, cap);
    assert_int_equal(cap, 64);
    VEC_RESERVE(v, 65, cap); /* past it: unwinds */
    return 0;
}

static int grow_in_arena_past_limit(void *arg)
{
    arena *A = arg;
    int *v = NULL;
    unsigned char cap = 0;
    VEC_RESERVE_IN(A, v, 0, 40, cap);
    assert_int_equal(cap, 64); /* 8, 16, 32, 64 */
    VEC_RESERVE_IN(A, v, 40, 100, cap);
    return 0;
}

static void test_a_vector_past_its_limit_fails(void **state)
{
    (void)state;
    assert_int_equal(mem_guard(NULL, grow_past_limit, NULL, -1), -1);
    arena *A = arena_new(1024);
    assert_int_equal(mem_guard(NULL, grow_in_arena_past_limit, A, -1), -1);
    arena_free(A);
}

/* ---- allocations past what a size can say ---------------------------------------- */

static int alloc_too_big(void *arg) { return mem_alloc(SIZE_MAX) != NULL; }
static int calloc_too_big(void *arg) { return mem_calloc(SIZE_MAX / 2, 3) != NULL; }
static int realloc_too_big(void *arg)
{
    void *p = mem_alloc(8);
    return mem_realloc(p, SIZE_MAX) != NULL;
}
static int realloc_array_too_big(void *arg) { return mem_realloc_array(NULL, SIZE_MAX / 4, 8) != NULL; }
static int zero_sized(void *arg)
{
    /* no element size: nothing to overflow */
    void *a = mem_calloc(5, 0), *b = mem_realloc_array(NULL, 5, 0);
    mem_free(a);
    mem_free(b);
    return 7;
}

static void test_sizes_that_overflow_fail(void **state)
{
    (void)state;
    assert_int_equal(mem_guard(NULL, alloc_too_big, NULL, -1), -1);
    assert_int_equal(mem_guard(NULL, calloc_too_big, NULL, -1), -1);
    assert_int_equal(mem_guard(NULL, realloc_too_big, NULL, -1), -1);
    assert_int_equal(mem_guard(NULL, realloc_array_too_big, NULL, -1), -1);
    assert_int_equal(mem_guard(NULL, zero_sized, NULL, -1), 7);
}

/* A call inside a call: the inner one's failure fails the outer one. */
static int inner_fails(void *arg)
{
    int rc = mem_guard(NULL, alloc_too_big, NULL, -1);
    *(int *)arg = rc; /* never reached: the outer call is unwound */
    return 0;
}

static int nothing(void *arg) { return 3; }

/* ...and one that succeeds keeps its blocks in the outer call's care. */
static int inner_keeps(void *arg)
{
    void **kept = arg;
    assert_int_equal(mem_guard(NULL, nothing, NULL, -1), 3); /* took nothing */
    *kept = NULL;
    int rc = mem_guard(NULL, zero_sized, NULL, -1);
    *kept = mem_alloc(16);
    return rc;
}

static void test_calls_inside_calls(void **state)
{
    (void)state;
    int seen = 0;
    assert_int_equal(mem_guard(NULL, inner_fails, &seen, -2), -2);
    assert_int_equal(seen, 0);
    void *kept = NULL;
    assert_int_equal(mem_guard(NULL, inner_keeps, &kept, -1), 7);
    assert_non_null(kept);
    mem_free(kept);
}

/* ---- kinds of files ------------------------------------------------------------------ */

static void test_file_kinds(void **state)
{
    (void)state;
    assert_string_equal(file_kind(S_IFDIR | 0755), "a directory");
    assert_string_equal(file_kind(S_IFIFO | 0644), "a FIFO");
    assert_string_equal(file_kind(S_IFSOCK | 0755), "a socket");
    assert_string_equal(file_kind(S_IFCHR | 0666), "a device");
    assert_string_equal(file_kind(S_IFBLK | 0660), "a device");
    assert_string_equal(file_kind(S_IFLNK | 0777), "not a regular file");
}

/* ---- arenas ---------------------------------------------------------------------- */

static void test_arena_small_and_odd_requests(void **state)
{
    (void)state;
    arena *A = arena_new(1); /* below the least block: 256 bytes are used */
    char *a = arena_alloc(A, 200), *b = arena_alloc(A, 200);
    memset(a, 'a', 200);
    memset(b, 'b', 200);
    assert_int_equal(a[199], 'a');
    /* a zero-byte request is a byte of its own */
    char *z1 = arena_alloc_bytes(A, 0), *z2 = arena_alloc_bytes(A, 0);
    assert_ptr_not_equal(z1, z2);
    /* unaligned bytes, then aligned blocks, over several blocks: each
     * keeps what was written into it */
    char *p[300];
    for (int k = 0; k < 300; k++) {
        char *u = arena_alloc_bytes(A, (size_t)(k % 17) + 1);
        memset(u, 'u', (size_t)(k % 17) + 1);
        p[k] = arena_alloc(A, 8);
        assert_int_equal((uintptr_t)p[k] % 16, 0);
        memset(p[k], k & 0x7f, 8);
    }
    for (int k = 0; k < 300; k++) assert_int_equal(p[k][7], k & 0x7f);
    assert_string_equal(arena_printf(A, "%s", ""), "");
    arena_free(A);
}

/* ---- members no field is called -------------------------------------------------- */

/* An input of fields `sales` and a group `pay` of `base` and `bonus`. */
static void schema(in_field *root, in_field *pay, in_field kids[2], in_field top[2], field_spec *pay_spec)
{
    memset(kids, 0, 2 * sizeof *kids);
    kids[0].name = "base";
    kids[1].name = "bonus";
    memset(pay_spec, 0, sizeof *pay_spec);
    pay_spec->path = "pay";
    memset(pay, 0, sizeof *pay);
    pay->name = "pay";
    pay->spec = pay_spec;
    pay->children = kids;
    pay->nchildren = 2;
    memset(top, 0, 2 * sizeof *top);
    top[0].name = "sales";
    top[1] = *pay;
    memset(root, 0, sizeof *root);
    root->children = top;
    root->nchildren = 2;
}

static void add(unknown_members *u, const in_field *g, const in_field *root, const char *name)
{
    unknown_members_add(u, g, root, name, strlen(name));
}

static void test_unknown_members_counted_by_name(void **state)
{
    (void)state;
    in_field root, pay, kids[2], top[2];
    field_spec pay_spec;
    schema(&root, &pay, kids, top, &pay_spec);
    unknown_members u;
    memset(&u, 0, sizeof u);
    add(&u, &root, &root, "sale");
    add(&u, &pay, &root, "bnus");
    add(&u, &root, &root, "sale");
    add(&u, &pay, &root, "bnus");
    add(&u, &pay, &root, "sale"); /* pay.sale is another name than sale */
    add(&u, &root, &root, "bnus"); /* and bnus than pay.bnus */
    assert_int_equal(u.n, 4);
    assert_string_equal(u.path[0], "sale");
    assert_int_equal(u.times[0], 2);
    assert_string_equal(u.best[0], "sales");
    assert_string_equal(u.path[1], "pay.bnus");
    assert_int_equal(u.times[1], 2);
    assert_string_equal(u.best[1], "bonus");
    assert_string_equal(u.path[2], "pay.sale");
    assert_string_equal(u.path[3], "bnus");
    assert_null(u.best[3]); /* no field of the record is near it */
    /* a name of 100 bytes is kept as its first 80, and met again so */
    char longname[101];
    memset(longname, 'x', 100);
    longname[100] = '\0';
    add(&u, &root, &root, longname);
    add(&u, &root, &root, longname);
    assert_int_equal(strlen(u.path[4]), 80);
    assert_int_equal(u.times[4], 2);
    /* eight names told apart; the ninth and tenth only counted */
    add(&u, &root, &root, "a1");
    add(&u, &root, &root, "a2");
    add(&u, &root, &root, "a3");
    add(&u, &root, &root, "a4");
    add(&u, &root, &root, "a5");
    assert_int_equal(u.n, 8);
    assert_int_equal(u.others, 2);
    add(&u, &root, &root, "a1"); /* a known one still counts under its name */
    assert_int_equal(u.times[5], 2);

    /* another reader's counts: its names joined, one more past the eight */
    unknown_members w, into;
    memset(&w, 0, sizeof w);
    memset(&into, 0, sizeof into);
    add(&w, &root, &root, "sale");
    add(&w, &root, &root, "zz");
    unknown_members_merge(&into, &u);
    unknown_members_merge(&into, &w);
    assert_int_equal(into.n, 8);
    assert_int_equal(into.times[0], 3);  /* sale: 2 + 1 */
    assert_int_equal(into.others, 2 + 1); /* u's two, and zz */
}

static void test_unknown_members_notes(void **state)
{
    (void)state;
    in_field root, pay, kids[2], top[2];
    field_spec pay_spec;
    schema(&root, &pay, kids, top, &pay_spec);
    unknown_members u;
    memset(&u, 0, sizeof u);
    add(&u, &root, &root, "sale");
    add(&u, &root, &root, "sale");
    add(&u, &root, &root, "team");
    char notes[1024] = "";
    unknown_members_notes(&u, "in.json", notes, sizeof notes);
    assert_string_equal(notes,
                        "warning: in.json: no field is called \"sale\": the member is not read (met 2 times; did you mean "
                        "'sales'?)\n"
                        "warning: in.json: no field is called \"team\": the member is not read (met once)\n");
    /* notes with room for no line of a name: each is counted in the last line */
    char small[200] = "";
    unknown_members_notes(&u, "in.json", small, sizeof small);
    assert_string_equal(small, "warning: in.json: 3 more members that no field is called are not read\n");
    memset(&u, 0, sizeof u);
    add(&u, &root, &root, "team");
    char one[200] = "";
    unknown_members_notes(&u, "in.json", one, sizeof one);
    assert_string_equal(one, "warning: in.json: one more member that no field is called is not read\n");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_a_vector_past_its_limit_fails),
        cmocka_unit_test(test_sizes_that_overflow_fail),
        cmocka_unit_test(test_calls_inside_calls),
        cmocka_unit_test(test_file_kinds),
        cmocka_unit_test(test_arena_small_and_odd_requests),
        cmocka_unit_test(test_unknown_members_counted_by_name),
        cmocka_unit_test(test_unknown_members_notes),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
