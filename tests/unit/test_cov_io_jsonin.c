/*
 * test_cov_io_jsonin.c — the rarer paths of the streaming JSON reader
 * (src/io/jsonin.c), beside test_jsonin.c: the digest of an
 * input read twice (an array from a file, and from a pipe, with a byte-order
 * mark), blank space and bad lines longer than the 64 KB window, a record
 * over a megabyte followed by small ones, several records with numbers too
 * long for cJSON, a fault that starts a later line after spaces, and an
 * input name too long for the message.  Digests were computed with
 * sha256sum.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "jsonin.h"
#include "sha256.h"
#include "streams.h"
#include "mem.h"

/* ---- helpers ------------------------------------------------------------- */

/* The next record must be an object whose member "a" is the number a. */
static void expect_a(jsonin *in, double a, size_t index, size_t line)
{
    jsonin_record rec;
    jsonin_status st = jsonin_next(in, &rec);
    if (st != JSONIN_RECORD) fail_msg("expected a record, got %d (%s / %s)", st, rec.error, jsonin_error(in));
    const cJSON *v = cJSON_GetObjectItemCaseSensitive(rec.json, "a");
    assert_non_null(v);
    if (v->valuedouble != a) fail_msg("a = %.17g, expected %.17g", v->valuedouble, a);
    assert_int_equal(rec.index, index);
    assert_int_equal(rec.line, line);
    cJSON_Delete(rec.json);
}

static void expect_bad(jsonin *in, size_t index, size_t line, const char *error)
{
    jsonin_record rec;
    jsonin_status st = jsonin_next(in, &rec);
    if (st != JSONIN_BAD_RECORD) fail_msg("expected a bad record, got %d (%s)", st, jsonin_error(in));
    assert_int_equal(rec.index, index);
    assert_int_equal(rec.line, line);
    assert_string_equal(rec.error, error);
}

static void expect_end(jsonin *in)
{
    jsonin_record rec;
    jsonin_status st = jsonin_next(in, &rec);
    if (st != JSONIN_END) fail_msg("expected the end, got %d (%s / %s)", st, rec.error, jsonin_error(in));
}

static void expect_digest(jsonin *in, const char *hex)
{
    unsigned char d[SHA256_BYTES];
    char got[SHA256_HEX];
    assert_true(jsonin_sha256(in, d));
    sha256_hex(d, got);
    assert_string_equal(got, hex);
}

/* ---- the digest of the input ---------------------------------------------- */

static void test_digest_of_an_array_read_twice(void **state)
{
    /* an array is read twice (checked whole, then record by record); every
     * byte is counted once: the digest is sha256sum's */
    const char *text = "[{\"a\":1},{\"a\":2}]\n";
    FILE *f = temp_with(text, strlen(text));
    jsonin *in = jsonin_open_stream(f, "f");
    jsonin_hash_input(in);
    jsonin_hash_input(in); /* twice changes nothing */
    unsigned char d[SHA256_BYTES];
    assert_false(jsonin_sha256(in, d)); /* nothing read yet */
    expect_a(in, 1, 0, 1);
    expect_a(in, 2, 1, 1);
    expect_end(in);
    expect_digest(in, "16b4d2f72593a77440f40c2dbfaafb93dc45fa06619bcf9d19be4cff95f0e2e3");
    jsonin_close(in);
    fclose(f);
    jsonin_hash_input(NULL); /* no reader: nothing happens */
}

static void test_digest_and_bom_of_an_array_from_a_pipe(void **state)
{
    /* from a pipe the array is copied aside for the second pass; the byte
     * order mark is skipped (records start on line 1 and 2) but counted */
    const char *text = "\xEF\xBB\xBF[{\"a\":1},\n {\"a\":2}]\n";
    pid_t child;
    FILE *f = pipe_feed(text, strlen(text), &child);
    jsonin *in = jsonin_open_stream(f, "pipe");
    jsonin_hash_input(in);
    expect_a(in, 1, 0, 1);
    expect_a(in, 2, 1, 2);
    expect_end(in);
    assert_true(jsonin_is_array(in));
    expect_digest(in, "7e6181d3895f1a3b2f2ee048915f3d1e7d1438518e51551073395be101e2c763");
    jsonin_close(in);
    pipe_done(f, child);
}

static void test_no_digest_unless_asked(void **state)
{
    jsonin *in = jsonin_open_buffer("{\"a\":1}\n", 8, "b");
    expect_a(in, 1, 0, 1);
    expect_end(in);
    unsigned char d[SHA256_BYTES];
    assert_false(jsonin_sha256(in, d));
    jsonin_close(in);
}

/* ---- streams longer than the window ---------------------------------------- */

/* text = a + n copies of c + b (malloc'd) */
static char *with_run(const char *a, char c, size_t n, const char *b, size_t *len)
{
    size_t la = strlen(a), lb = strlen(b);
    char *s = mem_alloc(la + n + lb + 1);
    memcpy(s, a, la);
    memset(s + la, c, n);
    memcpy(s + la + n, b, lb + 1);
    *len = la + n + lb;
    return s;
}

static void test_blank_lines_longer_than_the_window(void **state)
{
    /* 150000 newlines between two NDJSON records: the second is on line 150002 */
    size_t len;
    char *text = with_run("{\"a\":1}\n", '\n', 150000, "{\"a\":2}\n", &len);
    FILE *f = temp_with(text, len);
    jsonin *in = jsonin_open_stream(f, "f");
    expect_a(in, 1, 0, 1);
    expect_a(in, 2, 1, 150002);
    expect_end(in);
    jsonin_close(in);
    fclose(f);
    mem_free(text);
}

static void test_trailing_blanks_longer_than_the_window(void **state)
{
    /* 100000 spaces after the first value, then a tab and CR: its line is
     * still blank after it */
    size_t len;
    char *text = with_run("{\"a\":1}", ' ', 100000, "\t\r\n{\"a\":2}\t \r\n", &len);
    FILE *f = temp_with(text, len);
    jsonin *in = jsonin_open_stream(f, "f");
    expect_a(in, 1, 0, 1);
    expect_a(in, 2, 1, 2);
    expect_end(in);
    jsonin_close(in);
    fclose(f);
    mem_free(text);
}

static void test_a_bad_line_longer_than_the_window(void **state)
{
    /* junk after the first value runs on for 100000 bytes: that line is one
     * bad record (the fault at column 9), and the next line is read */
    size_t len;
    char *text = with_run("{\"a\":1} ", 'x', 100000, "\n{\"a\":2}\n", &len);
    FILE *f = temp_with(text, len);
    jsonin *in = jsonin_open_stream(f, "f");
    expect_bad(in, 0, 1, "line 1, column 9 (byte 8): invalid JSON: unexpected data after the value");
    expect_a(in, 2, 1, 2);
    expect_end(in);
    jsonin_close(in);
    fclose(f);
    mem_free(text);
}

static void test_blank_space_between_elements_longer_than_the_window(void **state)
{
    size_t len;
    char *text = with_run("[{\"a\":1},", ' ', 200000, "{\"a\":2}]", &len);
    FILE *f = temp_with(text, len);
    jsonin *in = jsonin_open_stream(f, "f");
    expect_a(in, 1, 0, 1);
    expect_a(in, 2, 1, 1);
    expect_end(in);
    jsonin_close(in);
    fclose(f);
    mem_free(text);
}

static void test_a_huge_record_then_small_ones(void **state)
{
    /* a record holding a 1.5 MB text makes the window grow past 16 chunks;
     * the small records after it are read as ever (the window shrinks back) */
    size_t len;
    char *text = with_run("{\"a\":1,\"s\":\"", 'y', 1500000, "\"}\n{\"a\":2}\n{\"a\":3}\n", &len);
    FILE *f = temp_with(text, len);
    jsonin *in = jsonin_open_stream(f, "f");
    jsonin_record rec;
    assert_int_equal(jsonin_next(in, &rec), JSONIN_RECORD);
    assert_int_equal(strlen(cJSON_GetObjectItemCaseSensitive(rec.json, "s")->valuestring), 1500000);
    cJSON_Delete(rec.json);
    expect_a(in, 2, 1, 2);
    expect_a(in, 3, 2, 3);
    expect_end(in);
    jsonin_close(in);
    fclose(f);
    mem_free(text);
}

/* ---- numbers, faults, names -------------------------------------------------- */

static void test_long_numbers_in_several_records(void **state)
{
    /* 1 followed by 80 zeros (81 digits, too long for cJSON's buffer) is
     * 1e80 as a double; the second record's 0.5000…0 (90 digits) is 0.5 */
    char a[256], b[256];
    size_t len;
    char *z = with_run("", '0', 80, "", &len);
    snprintf(a, sizeof a, "{\"a\":1%s}\n", z);
    mem_free(z);
    z = with_run("", '0', 88, "", &len);
    snprintf(b, sizeof b, "{\"a\":0.5%s}\n{\"a\":-1%s}\n", z, z);
    mem_free(z);
    char text[1024];
    snprintf(text, sizeof text, "%s%s", a, b);
    jsonin *in = jsonin_open_buffer(text, strlen(text), "b");
    expect_a(in, 1e80, 0, 1);
    expect_a(in, 0.5, 1, 2);
    expect_a(in, -1e88, 2, 3);
    expect_end(in);
    jsonin_close(in);
}

static void test_fault_at_the_start_of_a_later_line_after_spaces(void **state)
{
    /* line 1 is cut short after "1,"; line 2 is a good record indented by
     * two spaces: the fault is reported where line 2's value starts, and
     * that value is read as the next record */
    const char *text = "{\"a\": 1,\n  {\"a\": 2}\n";
    jsonin *in = jsonin_open_buffer(text, strlen(text), "b");
    expect_bad(in, 0, 1, "line 2, column 3 (byte 11): invalid JSON: expected a string key after ','"); /* no trailing comma */
    expect_a(in, 2, 1, 2);
    expect_end(in);
    jsonin_close(in);
}

static void test_a_name_too_long_for_the_message(void **state)
{
    /* a name of 600 characters leaves no room: the reason alone is given */
    char name[601];
    memset(name, 'n', 600);
    name[600] = '\0';
    jsonin *in = jsonin_open_buffer("[1,]", 4, name);
    jsonin_record rec;
    assert_int_equal(jsonin_next(in, &rec), JSONIN_FATAL);
    assert_string_equal(jsonin_error(in), "line 1, column 4 (byte 3): invalid JSON: trailing comma before ']'");
    jsonin_close(in);
    /* no name at all */
    in = jsonin_open_buffer("[1,]", 4, NULL);
    assert_int_equal(jsonin_next(in, &rec), JSONIN_FATAL);
    assert_string_equal(jsonin_error(in), "<input>: line 1, column 4 (byte 3): invalid JSON: trailing comma before ']'");
    jsonin_close(in);
}

static void test_parse_whole_text_only(void **state)
{
    cJSON *j = jsonin_parse("{\"a\":1}", 7, false);
    assert_non_null(j);
    cJSON_Delete(j);
    assert_null(jsonin_parse("{\"a\":1} x", 9, false));
    assert_null(jsonin_parse("{\"a\":1}}", 8, false));
    assert_null(jsonin_parse("{\"a\":", 5, false));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_digest_of_an_array_read_twice),
        cmocka_unit_test(test_digest_and_bom_of_an_array_from_a_pipe),
        cmocka_unit_test(test_no_digest_unless_asked),
        cmocka_unit_test(test_blank_lines_longer_than_the_window),
        cmocka_unit_test(test_trailing_blanks_longer_than_the_window),
        cmocka_unit_test(test_a_bad_line_longer_than_the_window),
        cmocka_unit_test(test_blank_space_between_elements_longer_than_the_window),
        cmocka_unit_test(test_a_huge_record_then_small_ones),
        cmocka_unit_test(test_long_numbers_in_several_records),
        cmocka_unit_test(test_fault_at_the_start_of_a_later_line_after_spaces),
        cmocka_unit_test(test_a_name_too_long_for_the_message),
        cmocka_unit_test(test_parse_whole_text_only),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
