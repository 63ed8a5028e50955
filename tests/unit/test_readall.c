/*
 * test_readall.c — read_all, the one "read a whole file": every byte of a
 * pipe across the buffer's growth, NUL-terminated; more than the bound is
 * EFBIG; an unreadable descriptor is its errno.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "readall.h"
#include "mem.h"

/* A file of n bytes (byte i is 'a' + i % 26), open for reading at its start. */
static int file_of(size_t n)
{
    FILE *f = tmpfile();
    assert_non_null(f);
    for (size_t i = 0; i < n; i++) fputc('a' + (int)(i % 26), f);
    fflush(f);
    int fd = dup(fileno(f));
    fclose(f);
    assert_true(fd >= 0);
    assert_int_equal(lseek(fd, 0, SEEK_SET), 0);
    return fd;
}

static void test_every_byte_across_growth(void **state)
{
    (void)state;
    /* 200,000 bytes: the 64 KiB buffer grows twice */
    int fd = file_of(200000);
    size_t len = 0;
    char *d = read_all(fd, 1 << 20, &len);
    close(fd);
    assert_non_null(d);
    assert_int_equal(len, 200000);
    assert_int_equal(d[0], 'a');
    assert_int_equal(d[199999], 'a' + 199999 % 26);
    assert_int_equal(d[200000], '\0');
    mem_free(d);
}

static void test_empty_file(void **state)
{
    (void)state;
    int fd = file_of(0);
    size_t len = 7;
    char *d = read_all(fd, 10, &len);
    close(fd);
    assert_non_null(d);
    assert_int_equal(len, 0);
    assert_string_equal(d, "");
    mem_free(d);
}

static void test_bound(void **state)
{
    (void)state;
    /* exactly the bound is read; one byte more is EFBIG */
    int fd = file_of(100);
    size_t len = 0;
    char *d = read_all(fd, 100, &len);
    close(fd);
    assert_non_null(d);
    assert_int_equal(len, 100);
    mem_free(d);
    fd = file_of(101);
    errno = 0;
    assert_null(read_all(fd, 100, &len));
    assert_int_equal(errno, EFBIG);
    close(fd);
}

static void test_unreadable(void **state)
{
    (void)state;
    int p[2];
    assert_int_equal(pipe(p), 0);
    size_t len;
    errno = 0;
    assert_null(read_all(p[1], 100, &len)); /* the write end cannot be read */
    assert_int_equal(errno, EBADF);
    close(p[0]);
    close(p[1]);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_every_byte_across_growth),
        cmocka_unit_test(test_empty_file),
        cmocka_unit_test(test_bound),
        cmocka_unit_test(test_unreadable),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
