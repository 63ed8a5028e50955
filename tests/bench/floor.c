/*
 * floor.c — the benchmark's floor: the cost of parsing an NDJSON roster with
 * cJSON and nothing else.  Reads each line (tests/bench/lines.h),
 * cJSON_ParseWithLength, cJSON_Delete; prints the number of records parsed
 * and of lines that were not JSON, so the work cannot be optimised away.
 *
 *   floor [FILE]        (stdin without FILE)
 */
#include <cjson/cJSON.h>
#include <stdio.h>

#include "lines.h"

int main(int argc, char **argv)
{
    FILE *f = argc > 1 ? fopen(argv[1], "rb") : stdin;
    if (!f) {
        perror(argv[1]);
        return 4;
    }
    lines L;
    if (!lines_open(&L, f)) return 4;
    const char *s;
    size_t n;
    long records = 0, bad = 0;
    int r;
    while ((r = lines_next(&L, &s, &n)) > 0) {
        cJSON *j = cJSON_ParseWithLength(s, n);
        if (j) records++;
        else bad++;
        cJSON_Delete(j);
    }
    lines_close(&L);
    if (f != stdin) fclose(f);
    printf("%ld records, %ld bad lines\n", records, bad);
    return r < 0 ? 4 : 0;
}
