/*
 * streams.h — input streams for unit tests: a seekable temporary file, and
 * a pipe (readable once) that a child process fills.  Include after
 * <cmocka.h>; static inline, so a test that uses only one of them is fine.
 */
#ifndef KH_TEST_STREAMS_H
#define KH_TEST_STREAMS_H

#include <stdio.h>
#include <sys/wait.h>
#include <unistd.h>

/* A temporary file holding data, rewound. */
static inline FILE *temp_with(const char *data, size_t len)
{
    FILE *f = tmpfile();
    assert_non_null(f);
    assert_int_equal(fwrite(data, 1, len, f), len);
    rewind(f);
    return f;
}

/* A stream that can only be read once: a pipe a child process writes data
 * into.  End it with pipe_done. */
static inline FILE *pipe_feed(const char *data, size_t len, pid_t *child)
{
    int fd[2];
    assert_int_equal(pipe(fd), 0);
    pid_t pid = fork();
    assert_true(pid >= 0);
    if (pid == 0) {
        close(fd[0]);
        while (len > 0) {
            ssize_t n = write(fd[1], data, len > 4096 ? 4096 : len);
            if (n <= 0) _exit(1);
            data += n;
            len -= (size_t)n;
        }
        _exit(0);
    }
    close(fd[1]);
    *child = pid;
    FILE *f = fdopen(fd[0], "r");
    assert_non_null(f);
    return f;
}

/* Closes the pipe; the child must have written everything. */
static inline void pipe_done(FILE *f, pid_t child)
{
    int status = 0;
    fclose(f);
    assert_int_equal(waitpid(child, &status, 0), child);
    assert_true(WIFEXITED(status) && WEXITSTATUS(status) == 0);
}

#endif
