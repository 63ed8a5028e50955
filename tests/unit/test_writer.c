/*
 * test_writer.c — results out (src/writer.c): JSON string escaping, exact
 * number formatting (money with two decimals, fractions that never end with
 * 15), every kind of value, the JSON / NDJSON document around the results,
 * and CSV for Excel: byte-order mark, CRLF, quoting, the formula guard and
 * flattened nested outputs.  Expected bytes are written out by hand.
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
#include "policy.h"
#include "writer.h"
#include "mem.h"

/* ---- JSON values ------------------------------------------------------------- */

static void want_string(const char *s, size_t len, const char *want)
{
    buf b = {0};
    write_json_string(&b, s, len);
    if (b.len != strlen(want) || memcmp(b.data, want, b.len) != 0) fail_msg("got %s, expected %s", b.data, want);
    buf_free(&b);
}

static void test_json_string_escaping(void **state)
{
    want_string("plain", 5, "\"plain\"");
    want_string("say \"hi\"", 8, "\"say \\\"hi\\\"\"");
    want_string("a\\b", 3, "\"a\\\\b\"");
    want_string("1\n2\t3\r", 6, "\"1\\n2\\t3\\r\"");
    want_string("\x01\x1f", 2, "\"\\u0001\\u001f\"");
    want_string("a\0b", 3, "\"a\\u0000b\"");             /* a NUL inside is kept, escaped */
    want_string("\x7f/</script>", 11, "\"\x7f/</script>\""); /* DEL and '/' need no escape */
    want_string("王芳 😀", 11, "\"王芳 😀\"");              /* UTF-8 is written as it is */
    want_string("", 0, "\"\"");
}

static void want_value(value v, const ktype *t, const char *want)
{
    buf b = {0};
    write_json_value(&b, &v, t);
    if (strcmp(b.data, want) != 0) fail_msg("got %s, expected %s", b.data, want);
    buf_free(&b);
}

static value num(int64_t n, int64_t d)
{
    kh_num x;
    assert_int_equal(num_make(NULL, n, d, &x), NUM_OK);
    return value_num(x);
}

static void test_money(void **state)
{
    want_value(num(173864, 100), &type_money, "1738.64");
    want_value(num(17386, 10), &type_money, "1738.60");
    want_value(num(0, 1), &type_money, "0.00");
    want_value(num(-1, 2), &type_money, "-0.50");
    want_value(num(180177, 200), &type_money, "900.885");         /* unrounded: all three decimals */
    want_value(num(1, 3), &type_money, "0.333333333333333");      /* never ends: 15 decimals */
    want_value(num(INT64_MAX, 100), &type_money, "92233720368547758.07");
    want_value(num(INT64_MIN + 1, 1), &type_money, "-9223372036854775807.00");
}

static void test_plain_numbers(void **state)
{
    want_value(num(1, 10), &type_dec, "0.1");
    want_value(num(2, 1), &type_dec, "2");
    want_value(num(-5, 1), &type_int, "-5");
    want_value(num(2, 3), &type_dec, "0.666666666666667");
    want_value(num(-2, 3), &type_dec, "-0.666666666666667");
    want_value(num(19, 21), &type_dec, "0.904761904761905");
    want_value(num(1, 1024), &type_dec, "0.0009765625");          /* ends after 10 decimals: exact */
    want_value(num(1, 3), NULL, "0.333333333333333");
}

static void test_other_values(void **state)
{
    value none = {.kind = VK_NONE};
    want_value(none, &type_int, "null");
    want_value(value_bool(true), &type_bool, "true");
    want_value(value_bool(false), &type_bool, "false");
    want_value(value_text("a\"b", 3), &type_text, "\"a\\\"b\"");
    want_value(value_enum("senior", 1), &type_text, "\"senior\"");
    want_value(value_date(date_from_ymd(2014, 6, 1)), &type_date, "\"2014-06-01\"");
    want_value(value_datetime(datetime_from_parts(date_from_ymd(2014, 6, 3), 14, 5, 9)), &type_datetime,
                 "\"2014-06-03T14:05:09\"");
    want_value(value_month(month_from_ym(2014, 12)), &type_month, "\"2014-12\"");
}

static void test_lists_and_records(void **state)
{
    arena *A = arena_new(1024);
    value items[3] = {num(1, 1), num(5, 2), num(-1, 100)};
    want_value(value_list(items, 3), type_list(A, &type_money), "[1.00,2.50,-0.01]");
    want_value(value_list(items, 3), type_list(A, &type_dec), "[1,2.5,-0.01]");
    want_value(value_list(items, 0), type_list(A, &type_dec), "[]");
    const char *names[] = {"n", "pay", "tags"};
    value tags[1] = {value_text("x", 1)};
    const ktype *ft[] = {&type_int, &type_money, type_list(A, &type_text)};
    value fields[3] = {num(3, 1), num(7, 1), value_list(tags, 1)};
    const ktype *rec = type_record(A, names, ft, 3);
    want_value(value_record(fields, 3), rec, "{\"n\":3,\"pay\":7.00,\"tags\":[\"x\"]}");
    /* a record inside a record */
    const char *outer_names[] = {"inner", "ok"};
    const ktype *outer_types[] = {rec, &type_bool};
    value outer[2] = {value_record(fields, 3), value_bool(false)};
    want_value(value_record(outer, 2), type_record(A, outer_names, outer_types, 2),
                 "{\"inner\":{\"n\":3,\"pay\":7.00,\"tags\":[\"x\"]},\"ok\":false}");
    arena_free(A);
}

/* ---- documents ------------------------------------------------------------------ */

static const char POLICY[] =
    "input:\n"
    "    id: text, key\n"
    "    name: text\n"
    "output name_out = name\n"
    "output amount = 1 yuan\n"
    "output ratio = 0.5\n"
    "output carry = {n: 1, pay: 1 yuan, tags: [name]}\n";

typedef struct doc {
    kh_policy *p;
    char *data;
    size_t len;
    FILE *f;
    writer w;
} doc;

static void doc_open(doc *D, out_format fmt)
{
    kh_diags *d = kh_diags_new();
    D->p = kh_policy_load_text("t.rules", POLICY, strlen(POLICY), d);
    kh_diags_free(d);
    assert_non_null(D->p);
    D->data = NULL;
    D->len = 0;
    D->f = open_memstream(&D->data, &D->len);
    writer_init(&D->w, D->f, fmt, D->p->plan);
}

/* One result: name, amount, ratio, carry {n, pay, [name]}. */
static void doc_result(doc *D, const char *id, const char *name, value amount, value ratio)
{
    value *tags = mem_alloc(sizeof *tags);
    tags[0] = value_text(name, (uint32_t)strlen(name));
    value *carry = mem_alloc(3 * sizeof *carry);
    carry[0] = num(2, 1);
    carry[1] = num(-3, 2);
    carry[2] = value_list(tags, 1);
    value outs[4] = {value_text(name, (uint32_t)strlen(name)), amount, ratio, value_record(carry, 3)};
    writer_result(&D->w, id, outs, NULL);
    mem_free(tags);
    mem_free(carry);
}

static void doc_close(doc *D, const char *want, size_t want_len)
{
    assert_true(writer_finish(&D->w));
    fclose(D->f);
    if (D->len != want_len || memcmp(D->data, want, want_len) != 0)
        fail_msg("got (%zu bytes):\n%s\nexpected (%zu bytes):\n%s", D->len, D->data, want_len, want);
    free(D->data);
    kh_policy_free(D->p);
}

#define CLOSE(D, lit) doc_close((D), (lit), sizeof(lit) - 1)

static void test_json_document(void **state)
{
    doc D;
    doc_open(&D, FMT_JSON);
    doc_result(&D, "A-1", "王芳", num(1738, 1), num(1, 3));
    writer_error(&D.w, "A-2", 1, "field 'pay': missing");
    writer_error(&D.w, NULL, 2, "line 4, column 1 (byte 99): invalid JSON");
    CLOSE(&D, "[\n"
              "{\"id\":\"A-1\",\"name_out\":\"王芳\",\"amount\":1738.00,\"ratio\":0.333333333333333,"
              "\"carry\":{\"n\":2,\"pay\":-1.50,\"tags\":[\"王芳\"]}},\n"
              "{\"id\":\"A-2\",\"record\":2,\"error\":\"field 'pay': missing\"},\n"
              "{\"id\":null,\"record\":3,\"error\":\"line 4, column 1 (byte 99): invalid JSON\"}\n"
              "]\n");
}

static void test_empty_documents(void **state)
{
    doc D;
    doc_open(&D, FMT_JSON);
    CLOSE(&D, "[]\n");
    doc_open(&D, FMT_NDJSON);
    CLOSE(&D, "");
    doc_open(&D, FMT_CSV);
    CLOSE(&D, "\xEF\xBB\xBFid,name_out,amount,ratio,carry.n,carry.pay,carry.tags,error\r\n");
}

static void test_ndjson_document(void **state)
{
    doc D;
    doc_open(&D, FMT_NDJSON);
    doc_result(&D, "A-1", "x", num(5, 1), num(1, 2));
    writer_error(&D.w, "A-2", 1, "bad");
    CLOSE(&D, "{\"id\":\"A-1\",\"name_out\":\"x\",\"amount\":5.00,\"ratio\":0.5,\"carry\":{\"n\":2,\"pay\":-1.50,\"tags\":[\"x\"]}}\n"
              "{\"id\":\"A-2\",\"record\":2,\"error\":\"bad\"}\n");
}

static void test_csv_document(void **state)
{
    doc D;
    doc_open(&D, FMT_CSV);
    doc_result(&D, "A-1", "Li, Jing", num(1738, 1), num(1, 3));
    doc_result(&D, "A-2", "say \"hi\"", num(-5, 1), num(1, 2));
    doc_result(&D, "A-3", "two\nlines", num(0, 1), num(0, 1));
    writer_error(&D.w, "A-4", 3, "field 'pay': \"x\" is not a number");
    /* the header flattens carry; tags is a list, written as its JSON text in one cell */
    CLOSE(&D, "\xEF\xBB\xBF"
              "id,name_out,amount,ratio,carry.n,carry.pay,carry.tags,error\r\n"
              "A-1,\"Li, Jing\",1738.00,0.333333333333333,2,-1.50,\"[\"\"Li, Jing\"\"]\",\r\n"
              "A-2,\"say \"\"hi\"\"\",-5.00,0.5,2,-1.50,\"[\"\"say \\\"\"hi\\\"\"\"\"]\",\r\n"
              "A-3,\"two\nlines\",0.00,0,2,-1.50,\"[\"\"two\\nlines\"\"]\",\r\n"
              "A-4,,,,,,,\"field 'pay': \"\"x\"\" is not a number\"\r\n");
}

static void test_csv_formula_guard(void **state)
{
    doc D;
    doc_open(&D, FMT_CSV);
    D.w.csv_bom = false;
    const char *risky[] = {"=1+2", "+1", "-2", "@SUM(A1)", "\t=1", "\r=1", "a=1"};
    for (int i = 0; i < 7; i++) doc_result(&D, "x", risky[i], num(-1, 1), num(-1, 2));
    /* a text cell starting with = + - @ TAB or CR gets a ' and quotes; numbers
     * (-1.00, -0.5) are numbers and are left alone; "a=1" is harmless */
    CLOSE(&D, "id,name_out,amount,ratio,carry.n,carry.pay,carry.tags,error\r\n"
              "x,\"'=1+2\",-1.00,-0.5,2,-1.50,\"[\"\"=1+2\"\"]\",\r\n"
              "x,\"'+1\",-1.00,-0.5,2,-1.50,\"[\"\"+1\"\"]\",\r\n"
              "x,\"'-2\",-1.00,-0.5,2,-1.50,\"[\"\"-2\"\"]\",\r\n"
              "x,\"'@SUM(A1)\",-1.00,-0.5,2,-1.50,\"[\"\"@SUM(A1)\"\"]\",\r\n"
              "x,\"'\t=1\",-1.00,-0.5,2,-1.50,\"[\"\"\\t=1\"\"]\",\r\n"
              "x,\"'\r=1\",-1.00,-0.5,2,-1.50,\"[\"\"\\r=1\"\"]\",\r\n"
              "x,a=1,-1.00,-0.5,2,-1.50,\"[\"\"a=1\"\"]\",\r\n");
}

static void test_a_failed_write_is_reported(void **state)
{
    doc D;
    doc_open(&D, FMT_JSON);
    fclose(D.f);
    free(D.data);
    D.f = fopen("/dev/full", "w");
    assert_non_null(D.f);
    D.w.out = D.f;
    doc_result(&D, "A-1", "x", num(5, 1), num(1, 2));
    assert_false(writer_finish(&D.w));
    fclose(D.f);
    kh_policy_free(D.p);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_json_string_escaping),
        cmocka_unit_test(test_money),
        cmocka_unit_test(test_plain_numbers),
        cmocka_unit_test(test_other_values),
        cmocka_unit_test(test_lists_and_records),
        cmocka_unit_test(test_json_document),
        cmocka_unit_test(test_empty_documents),
        cmocka_unit_test(test_ndjson_document),
        cmocka_unit_test(test_csv_document),
        cmocka_unit_test(test_csv_formula_guard),
        cmocka_unit_test(test_a_failed_write_is_reported),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
