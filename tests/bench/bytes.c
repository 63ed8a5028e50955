/*
 * bytes.c — the physical floor of the benchmark: reading the roster's bytes
 * and finding its lines, nothing else (1 MiB fread chunks, a memchr for each
 * '\n').  Any reader of the file pays at least this.  Prints the number of
 * lines, so the work cannot be optimised away.
 *
 *   bytes [FILE]        (stdin without FILE)
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int main(int argc, char **argv)
{
    FILE *f = argc > 1 ? fopen(argv[1], "rb") : stdin;
    if (!f) {
        perror(argv[1]);
        return 4;
    }
    size_t cap = (size_t)1 << 20, n;
    char *buf = malloc(cap);
    if (!buf) return 4;
    long lines = 0;
    while ((n = fread(buf, 1, cap, f)) > 0) {
        const char *p = buf, *e = buf + n;
        while ((p = memchr(p, '\n', (size_t)(e - p))) != NULL) {
            p++;
            lines++;
        }
    }
    printf("%ld lines\n", lines);
    free(buf);
    return ferror(f) ? 4 : 0;
}
