/*
 * test_cov_csv_read.c — csv_read.c against RFC 4180 and the rules its
 * header states: UTF-8 only (a byte-order mark skipped; GBK, which Excel's
 * plain "CSV" writes on a Chinese Windows, named as such), a cell quoted
 * in double quotes may hold commas, line breaks and doubled quotes; CRLF,
 * LF or CR ends a row; an empty cell is no cell.  Every damage is named by
 * its cell (A1 notation, rows from 1).
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "csv_read.h"
#include "mem.h"

typedef struct seen {
    buf out;
    int stop_after;
    int rows;
} seen;

/* Each row as "ROW: COL=TEXT|..." */
static bool collect(void *ud, uint32_t row, const sheet_cell *cells, int n)
{
    seen *s = ud;
    buf_printf(&s->out, "%u:", (unsigned)row);
    for (int i = 0; i < n; i++) {
        assert_int_equal(cells[i].kind, CELL_TEXT);
        assert_int_equal(cells[i].numfmt, NUMFMT_NONE);
        buf_printf(&s->out, " %u=%.*s|", (unsigned)cells[i].col, (int)cells[i].len, cells[i].text);
    }
    buf_putc(&s->out, '\n');
    s->rows++;
    return !(s->stop_after && s->rows >= s->stop_after);
}

static char got[4096], err[512];

/* Reads text (len bytes); returns whether it was read, the rows in got. */
static bool read_text(const char *text, size_t len, int stop_after)
{
    FILE *f = fmemopen((void *)text, len, "rb");
    assert_non_null(f);
    seen s = {.stop_after = stop_after};
    err[0] = '\0';
    bool ok = csv_read(f, collect, &s, err, sizeof err);
    fclose(f);
    snprintf(got, sizeof got, "%.*s", (int)s.out.len, s.out.data ? s.out.data : "");
    buf_free(&s.out);
    return ok;
}
#define READ(lit) read_text(lit, sizeof lit - 1, 0)

static void test_rfc4180_cells(void **state)
{
    (void)state;
    assert_true(READ("\xEF\xBB\xBF" "id,name\r\n"
                     "7,\"Wang, Fang\"\r\n"
                     "8,\"said \"\"hi\"\"\nand left\"\n"
                     ",,x\r"
                     "9,\"\",\"a\"\r\n"
                     "\n"
                     "10"));
    assert_string_equal(got, "1: 0=id| 1=name|\n"
                             "2: 0=7| 1=Wang, Fang|\n"
                             "3: 0=8| 1=said \"hi\"\nand left|\n"
                             "4: 2=x|\n"
                             "5: 0=9| 2=a|\n"
                             "6:\n"
                             "7: 0=10|\n");
    /* nothing at all: no rows; a file shorter than a byte-order mark */
    assert_true(READ(""));
    assert_string_equal(got, "");
    assert_true(READ("a"));
    assert_string_equal(got, "1: 0=a|\n");
    /* a byte-order mark only */
    assert_true(READ("\xEF\xBB\xBF"));
    assert_string_equal(got, "");
}

static void test_wide_rows(void **state)
{
    (void)state;
    /* 100 cells in one row: 0,1,...,99 */
    buf b = {0}, want = {0};
    buf_puts(&want, "1:");
    for (int i = 0; i < 100; i++) {
        buf_printf(&b, "%s%d", i ? "," : "", i);
        buf_printf(&want, " %d=%d|", i, i);
    }
    buf_puts(&b, "\n");
    buf_puts(&want, "\n");
    buf_putc(&want, '\0');
    assert_true(read_text(b.data, b.len, 0));
    assert_string_equal(got, want.data);
    buf_free(&b);
    buf_free(&want);
}

static void test_callback_stops(void **state)
{
    (void)state;
    assert_true(read_text("a\nb\nc\n", 6, 2));
    assert_string_equal(got, "1: 0=a|\n2: 0=b|\n");
}

static void test_damaged_files(void **state)
{
    (void)state;
    assert_false(READ("id,name\n1,\"Wang"));
    assert_string_equal(err, "cell B2: a quoted cell is never closed (the file ends inside it)");
    assert_string_equal(got, "1: 0=id| 1=name|\n"); /* the rows before it were read */
    assert_false(READ("id,na\"me\n"));
    assert_non_null(strstr(err, "cell B1: a double quote inside a cell that does not start with one"));
    assert_false(READ("id,\"a\"b\n"));
    assert_string_equal(err, "cell B1: text after the closing quote of a quoted cell");
    assert_false(READ("id\nx\0y\n"));
    assert_string_equal(err, "cell A2: a NUL byte: this is not a CSV text file");
    assert_false(READ("id,\"x\0y\"\n"));
    assert_string_equal(err, "cell B1: a NUL byte: this is not a CSV text file");
}

static void test_not_utf8(void **state)
{
    (void)state;
    /* 工号,王芳 in GBK: B9A4 BAC5, CDF5 B7BC */
    assert_false(READ("id,name\n\xB9\xA4\xBA\xC5,\xCD\xF5\xB7\xBC\n"));
    assert_non_null(strstr(err, "cell A2: the file is not UTF-8 (it reads as GBK"));
    assert_non_null(strstr(err, "iconv -f GBK -t UTF-8"));
    assert_string_equal(got, "1: 0=id| 1=name|\n");
    /* Latin-1 é (E9) followed by ASCII: no GBK pair */
    assert_false(READ("id,name\n1,Ren\xE9\n"));
    assert_string_equal(err, "cell B2: the file is not UTF-8 (byte 0xE9): save it as \"CSV UTF-8\"");
    /* a lone 0x80, a lead byte at the end, a trail byte out of GBK's range: not GBK either */
    assert_false(READ("\x80x\n"));
    assert_non_null(strstr(err, "(byte 0x80)"));
    assert_false(READ("ab\xB9\n"));
    assert_non_null(strstr(err, "(byte 0xB9)"));
    assert_false(READ("\xB9\x30\n"));
    assert_non_null(strstr(err, "(byte 0xB9)"));
}

static void test_cell_limit(void **state)
{
    (void)state;
    /* a cell holds at most 16 MiB, quoted or not */
    size_t n = CSV_MAX_CELL + 1;
    char *text = mem_alloc(n + 8);
    assert_non_null(text);
    memcpy(text, "id\n", 3);
    memset(text + 3, 'x', n + 1);
    assert_false(read_text(text, n + 3, 0));
    assert_string_equal(err, "cell A2: more than 16 MiB in one cell");
    text[3] = '"'; /* then n x's */
    assert_false(read_text(text, n + 4, 0));
    assert_string_equal(err, "cell A2: more than 16 MiB in one cell");
    mem_free(text);
}

static void test_read_error(void **state)
{
    (void)state;
    /* a directory opens for reading, and every read of it fails */
    FILE *f = fopen("/", "rb");
    assert_non_null(f);
    seen s = {0};
    assert_false(csv_read(f, collect, &s, err, sizeof err));
    assert_string_equal(err, "cannot read the file");
    assert_int_equal(s.rows, 0);
    fclose(f);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_rfc4180_cells), cmocka_unit_test(test_wide_rows),    cmocka_unit_test(test_callback_stops),
        cmocka_unit_test(test_damaged_files), cmocka_unit_test(test_not_utf8),     cmocka_unit_test(test_cell_limit),
        cmocka_unit_test(test_read_error),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
