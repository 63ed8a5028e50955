/*
 * readall.c — the whole of a file descriptor in one buffer (readall.h).
 */
#include "readall.h"
#include "mem.h"

#include <errno.h>
#include <stdlib.h>
#include <unistd.h>

char *read_all(int fd, size_t max, size_t *len)
{
    size_t n = 0, cap = 1 << 16;
    char *data = mem_alloc(cap + 1);
    for (;;) {
        if (n == cap) {
            cap *= 2;
            char *grown = mem_realloc(data, cap + 1);
            data = grown;
        }
        ssize_t got = read(fd, data + n, cap - n);
        if (got < 0 && errno == EINTR) continue;
        if (got < 0) {
            int e = errno;
            mem_free(data);
            errno = e;
            return NULL;
        }
        if (got == 0) break;
        n += (size_t)got;
        if (n > max) {
            mem_free(data);
            errno = EFBIG;
            return NULL;
        }
    }
    data[n] = '\0';
    *len = n;
    return data;
}
