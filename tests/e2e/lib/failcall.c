/*
 * failcall.c — an LD_PRELOAD library for the e2e tests: makes one C library
 * call fail, so that a test can check how kaohe reports a failure the
 * command line cannot cause (a full disk at fsync, a rename refused, a
 * temporary file that cannot be made).
 *
 *   FAILCALL=NAME    the call to fail: fsync, rename, fclose, fflush,
 *                    tmpfile, mkostemp, fdopen, fwrite, write, lseek, read
 *   FAILCALL_AFTER=N let the first N calls of NAME succeed (default 0)
 *   FAILCALL_ERRNO=E the errno of the failure (a number; default EIO)
 *   FAILCALL_PATH=S  calls on a file (all but rename, tmpfile, mkostemp)
 *                    fail only when the file's name contains S
 *
 * A file whose name ends in ".gcda" (the coverage counts that a --coverage
 * build writes as it exits) is never failed.
 *
 * Every call of NAME after the first N fails.  fflush, fwrite, write and
 * read fail only on a file (descriptor above 2): never on the standard
 * streams nor on a stream in memory (where kaohe builds its messages).  Calls made by the C library
 * itself (a stdio flush that writes) are not seen: only calls through the
 * dynamic linker (kaohe's and its libraries').  Built by the test that uses
 * it (cc -shared -fPIC).
 */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* the name of the file open as fd, or "" */
static void name_of(int fd, char *name, size_t cap)
{
    char link[64];
    snprintf(link, sizeof link, "/proc/self/fd/%d", fd);
    ssize_t n = readlink(link, name, cap - 1);
    name[n > 0 ? n : 0] = '\0';
}

/* true when this call of name, on the file fd (-1: none), must fail (and
 * errno is then set) */
static int must_fail_fd(const char *name, int fd)
{
    static long calls;
    const char *which = getenv("FAILCALL");
    if (!which || strcmp(which, name) != 0) return 0;
    if (fd >= 0) {
        char file[4096];
        name_of(fd, file, sizeof file);
        size_t n = strlen(file);
        if (n >= 5 && strcmp(file + n - 5, ".gcda") == 0) return 0;
        const char *only = getenv("FAILCALL_PATH");
        if (only && !strstr(file, only)) return 0;
    }
    const char *after = getenv("FAILCALL_AFTER");
    if (calls++ < (after ? atol(after) : 0)) return 0;
    const char *e = getenv("FAILCALL_ERRNO");
    errno = e ? atoi(e) : EIO;
    return 1;
}

static int must_fail(const char *name)
{
    return must_fail_fd(name, -1);
}

/* A stream whose write failed keeps the error (ferror), as the C library's
 * own failures do: glibc's flag in FILE's public _flags. */
#define STREAM_ERROR 0x0020 /* _IO_ERR_SEEN */
static void set_error(FILE *f)
{
    f->_flags |= STREAM_ERROR;
}

#define REAL(name) ((__typeof__(&name))dlsym(RTLD_NEXT, #name))

int fsync(int fd)
{
    if (must_fail_fd("fsync", fd)) return -1;
    return REAL(fsync)(fd);
}

int rename(const char *from, const char *to)
{
    if (must_fail("rename")) return -1;
    return REAL(rename)(from, to);
}

int fclose(FILE *f)
{
    int fd = fileno(f);
    int failing = fd > 2 && must_fail_fd("fclose", fd);
    int rc = REAL(fclose)(f);
    if (rc == 0 && failing) return EOF; /* closed, and reported as failed */
    return rc;
}

int fflush(FILE *f)
{
    if (f && fileno(f) > 2 && must_fail_fd("fflush", fileno(f))) {
        set_error(f);
        return EOF;
    }
    return REAL(fflush)(f);
}

FILE *tmpfile(void)
{
    if (must_fail("tmpfile")) return NULL;
    return REAL(tmpfile)();
}

int mkostemp(char *template, int flags)
{
    if (must_fail("mkostemp")) return -1;
    return REAL(mkostemp)(template, flags);
}

FILE *fdopen(int fd, const char *mode)
{
    if (must_fail_fd("fdopen", fd)) return NULL;
    return REAL(fdopen)(fd, mode);
}

size_t fwrite(const void *p, size_t size, size_t n, FILE *f)
{
    if (fileno(f) > 2 && n > 0 && size > 0 && must_fail_fd("fwrite", fileno(f))) {
        set_error(f);
        return 0;
    }
    return REAL(fwrite)(p, size, n, f);
}

ssize_t write(int fd, const void *p, size_t n)
{
    if (fd > 2 && must_fail_fd("write", fd)) return -1;
    return REAL(write)(fd, p, n);
}

off_t lseek(int fd, off_t off, int whence)
{
    if (must_fail_fd("lseek", fd)) return -1;
    return REAL(lseek)(fd, off, whence);
}

ssize_t read(int fd, void *p, size_t n)
{
    if (fd > 2 && must_fail_fd("read", fd)) return -1;
    return REAL(read)(fd, p, n);
}
