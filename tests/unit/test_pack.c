/*
 * test_pack.c — the packed form of a record's input values
 * (src/engine/pack.c): the order a layout gives the slots, the bytes of
 * each kind of value worked out by hand from the encoding pack.c states,
 * values that come back as they went in, and unpacking that reads no
 * further than the last slot it is asked for.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "dates.h"
#include "pack.h"
#include "policy.h"

/* n and deals are read by the roster functions (the first pass); every
 * other field only by the outputs.  xs is a list like deals. */
static const char POLICY[] =
    "input:\n"
    "    id: text, key\n"
    "    note: text, optional\n"
    "    n: integer\n"
    "    d: decimal\n"
    "    m: money\n"
    "    ok: boolean\n"
    "    lvl: one of \"a\", \"b\"\n"
    "    day: date\n"
    "    mon: month\n"
    "    stamp: datetime\n"
    "    xs: list of decimal\n"
    "    deals: list of record\n"
    "        c: text\n"
    "        p: money\n"
    "top = max(n over roster)\n"
    "dsum = sum(p over deals)\n"
    "best = max(dsum over roster)\n"
    "output o_top = n = top and dsum = best\n"
    "output o_note = note\n"
    "output o_d = d\n"
    "output o_m = m\n"
    "output o_ok = ok\n"
    "output o_lvl = lvl\n"
    "output o_day = day\n"
    "output o_mon = mon\n"
    "output o_stamp = stamp\n"
    "output o_xs = sum(xs)\n";

typedef struct fixture {
    kh_policy *p;
    const plan *pl;
    pack_layout *layout;
    arena *ar;
    value *slots;
} fixture;

static int setup(void **state)
{
    fixture *f = calloc(1, sizeof *f);
    kh_diags *d = kh_diags_new();
    f->p = kh_policy_load_text("pack.rules", POLICY, strlen(POLICY), d);
    if (!f->p) kh_diags_print(d, stderr, false);
    kh_diags_free(d);
    assert_non_null(f->p);
    f->pl = f->p->plan;
    uint8_t *used = calloc((size_t)f->pl->nslots + 1, 1);
    pack_store_slots(f->pl, false, used);
    f->layout = pack_layout_new(f->pl, used);
    free(used);
    f->ar = arena_new(4096);
    f->slots = calloc((size_t)f->pl->nslots + 1, sizeof *f->slots);
    *state = f;
    return 0;
}

static int teardown(void **state)
{
    fixture *f = *state;
    pack_layout_free(f->layout);
    arena_free(f->ar);
    free(f->slots);
    kh_policy_free(f->p);
    free(f);
    return 0;
}

static int slot(const fixture *f, const char *path)
{
    for (int i = 0; i < f->pl->nslots; i++)
        if (strcmp(f->pl->prog->leaves[i]->path, path) == 0) return i;
    fail_msg("no field %s", path);
    return -1;
}

static value num(const fixture *f, const char *text)
{
    kh_num n;
    assert_int_equal(num_parse_exact(f->ar, text, strlen(text), &n), NUM_OK);
    return value_num(n);
}

/* The record {id "a", n 3, deals [], d 0.001, m 12.34, ok true, lvl "b",
 * day 2014-06-01, mon 2014-06, stamp 2014-06-01T10:00:00, xs [1.5, 2]},
 * note absent. */
static void fill(fixture *f, value *s)
{
    for (int i = 0; i < f->pl->nslots; i++) s[i] = (value){.kind = VK_NONE};
    s[slot(f, "id")] = value_text("a", 1);
    s[slot(f, "n")] = num(f, "3");
    s[slot(f, "deals")] = value_list(NULL, 0);
    s[slot(f, "d")] = num(f, "0.001");
    s[slot(f, "m")] = num(f, "12.34");
    s[slot(f, "ok")] = value_bool(true);
    s[slot(f, "lvl")] = value_enum("b", 1);
    int32_t day, mon;
    int64_t at;
    assert_true(date_parse("2014-06-01", 10, &day));
    assert_true(month_parse("2014-06", 7, &mon));
    assert_true(datetime_parse("2014-06-01T10:00:00", 19, &at));
    s[slot(f, "day")] = value_date(day);
    s[slot(f, "mon")] = value_month(mon);
    s[slot(f, "stamp")] = value_datetime(at);
    value *xs = arena_alloc(f->ar, 2 * sizeof *xs);
    xs[0] = num(f, "1.5");
    xs[1] = num(f, "2");
    s[slot(f, "xs")] = value_list(xs, 2);
}

/* fill's record in f->slots, packed. */
static buf packed_record(fixture *f)
{
    buf b = {0};
    fill(f, f->slots);
    pack_record(f->layout, f->slots, &b);
    return b;
}

/* The key first; then what the first pass reads, n before the list
 * deals; then the rest in the order declared, the list xs last. */
static void test_layout_order(void **state)
{
    fixture *f = *state;
    static const char *const order[] = {"id", "n", "deals", "note", "d", "m", "ok", "lvl", "day", "mon", "stamp", "xs"};
    assert_int_equal(f->layout->n, 12);
    for (int k = 0; k < 12; k++) assert_string_equal(f->pl->prog->leaves[f->layout->order[k]]->path, order[k]);
}

/* The bytes, worked out by hand:
 *   id "a"        02 'a' 00          (length + 1, the text, its NUL)
 *   n 3           61                 ((zigzag 6 << 4 | code 0 for den 1) + 1 = 97)
 *   deals []      01                 (count + 1; no entries, so no byte count)
 *   note absent   00
 *   d 0.001       10 E8 07 02        (1/1000: no code; 16, den 1000, zigzag 1)
 *   m 12.34       AA 9A 01           (617/50: (1234 << 4 | code 9) + 1 = 19754)
 *   ok true       01
 *   lvl "b"       02                 (index 1, + 1)
 *   day           BD FD 01           (16222 days after 1970-01-01: zigzag + 1 = 32445)
 * and xs [1.5, 2] ends it: 03 (count + 1), 02 (its entries' bytes), 62
 * ((6 << 4 | code 1 for den 2) + 1), 41 ((4 << 4 | 0) + 1). */
static void test_bytes(void **state)
{
    fixture *f = *state;
    buf b = packed_record(f);
    static const uint8_t head[] = {0x02, 'a', 0x00, 0x61, 0x01, 0x00, 0x10, 0xE8, 0x07, 0x02,
                                   0xAA, 0x9A, 0x01, 0x01, 0x02, 0xBD, 0xFD, 0x01};
    assert_true(b.len > sizeof head + 4);
    assert_memory_equal(b.data, head, sizeof head);
    static const uint8_t tail[] = {0x03, 0x02, 0x62, 0x41};
    assert_memory_equal(b.data + b.len - 4, tail, 4);
    buf_free(&b);
}

static void assert_same(const value *a, const value *b)
{
    assert_int_equal(a->kind, b->kind);
    if (a->kind == VK_NUM) {
        assert_int_equal(num_cmp(a->n, b->n), 0);
        return;
    }
    if (a->kind == VK_LIST || a->kind == VK_RECORD) {
        assert_int_equal(a->len, b->len);
        for (uint32_t i = 0; i < a->len; i++) assert_same(&a->items[i], &b->items[i]);
        return;
    }
    assert_int_equal(value_compare(a, b), 0);
}

/* Every value comes back as it went in: numbers of every coded
 * denominator and none, negative, near the input's bound of 10^18 (too
 * wide for a code), big (a denominator of 10^19), and a list of records
 * skipped in one step by a pass that reads a field after it. */
static void test_round_trip(void **state)
{
    fixture *f = *state;
    static const char *const ds[] = {"1", "0.5", "0.25", "0.2", "0.125", "0.1", "0.05", "0.04", "0.025", "0.02",
                                     "0.01", "0.008", "0.005", "0.004", "0.002", "0.001", "-7.5", "0",
                                     "999999999999999999", "-999999999999999999", "0.1234567890123456789"};
    value *in = calloc((size_t)f->pl->nslots + 1, sizeof *in), *out = f->slots;
    uint8_t *want = calloc((size_t)f->pl->nslots + 1, 1);
    for (size_t k = 0; k < sizeof ds / sizeof *ds; k++) {
        fill(f, in);
        in[slot(f, "d")] = num(f, ds[k]);
        in[slot(f, "note")] = value_text("注", 3);
        value *deal = arena_alloc(f->ar, 2 * sizeof *deal);
        deal[0] = value_text("C-1", 3);
        deal[1] = num(f, "-12.5");
        value *deals = arena_alloc(f->ar, sizeof *deals);
        deals[0] = value_record(deal, 2);
        in[slot(f, "deals")] = value_list(deals, 1);
        buf b = {0};
        pack_record(f->layout, in, &b);
        unpack_record(f->layout, (const uint8_t *)b.data, out, f->ar, NULL);
        for (int i = 0; i < f->pl->nslots; i++) assert_same(&out[i], &in[i]);
        /* a pass that reads note and d: deals, before them, is skipped */
        memset(want, 0, (size_t)f->pl->nslots);
        want[slot(f, "note")] = want[slot(f, "d")] = 1;
        for (int i = 0; i < f->pl->nslots; i++) out[i] = value_bool(true); /* what a record before left */
        unpack_record(f->layout, (const uint8_t *)b.data, out, f->ar, want);
        for (int i = 0; i < f->pl->nslots; i++)
            if (!want[i]) assert_int_equal(out[i].kind, VK_NONE);
        assert_same(&out[slot(f, "note")], &in[slot(f, "note")]);
        assert_same(&out[slot(f, "d")], &in[slot(f, "d")]);
        assert_int_equal(out[slot(f, "deals")].kind, VK_NONE);
        assert_int_equal(out[slot(f, "xs")].kind, VK_NONE);
        buf_free(&b);
    }
    free(want);
    free(in);
}

/* A coded number is one byte when small: 1/den for each coded den
 * ((2 << 4 | code) + 1 is at most 47), against four for 1/1000. */
static void test_coded_sizes(void **state)
{
    fixture *f = *state;
    static const char *const coded[] = {"1", "0.5", "0.25", "0.2", "0.125", "0.1", "0.05", "0.04",
                                        "0.025", "0.02", "0.01", "0.008", "0.005", "0.004", "0.002"};
    value *s = f->slots;
    for (size_t k = 0; k <= sizeof coded / sizeof *coded; k++) {
        buf b = packed_record(f);
        size_t base = b.len; /* d is 0.001 there: 4 bytes */
        s[slot(f, "d")] = num(f, k < sizeof coded / sizeof *coded ? coded[k] : "0.001");
        b.len = 0;
        pack_record(f->layout, s, &b);
        assert_int_equal(b.len, k < sizeof coded / sizeof *coded ? base - 3 : base);
        if (k < sizeof coded / sizeof *coded) assert_int_equal((uint8_t)b.data[6], (2 << 4 | k) + 1);
        buf_free(&b);
    }
}

/* Asked for n alone (the second slot packed), unpacking reads the key
 * and n and stops: the bytes after them are not there at all. */
static void test_stops_after_last_wanted(void **state)
{
    fixture *f = *state;
    buf b = packed_record(f);
    uint8_t *head = malloc(4); /* id (3 bytes) and n (1): nothing after */
    memcpy(head, b.data, 4);
    uint8_t *want = calloc((size_t)f->pl->nslots + 1, 1);
    want[slot(f, "n")] = 1;
    value *out = calloc((size_t)f->pl->nslots + 1, sizeof *out);
    for (int i = 0; i < f->pl->nslots; i++) out[i] = value_bool(true); /* what a record before left */
    unpack_record(f->layout, head, out, f->ar, want);
    assert_int_equal(out[slot(f, "n")].kind, VK_NUM);
    assert_int_equal(out[slot(f, "n")].n.num, 3);
    assert_int_equal(out[slot(f, "n")].n.den, 1);
    for (int i = 0; i < f->pl->nslots; i++)
        if (i != slot(f, "n")) assert_int_equal(out[i].kind, VK_NONE);
    assert_string_equal(pack_key_text(f->pl, f->layout, head), "a");
    free(out);
    free(want);
    free(head);
    buf_free(&b);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_layout_order, setup, teardown),
        cmocka_unit_test_setup_teardown(test_bytes, setup, teardown),
        cmocka_unit_test_setup_teardown(test_round_trip, setup, teardown),
        cmocka_unit_test_setup_teardown(test_coded_sizes, setup, teardown),
        cmocka_unit_test_setup_teardown(test_stops_after_last_wanted, setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
