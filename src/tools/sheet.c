/*
 * sheet.c — cell names in A1 notation.
 */
#include "sheet.h"

#include <stdio.h>

void sheet_col_name(uint32_t col, char out[8])
{
    char rev[8];
    int n = 0;
    uint32_t c = col + 1;
    while (c > 0) { /* at most 7 letters: 26^7 > 2^32 */
        uint32_t r = (c - 1) % 26;
        rev[n++] = (char)('A' + r);
        c = (c - 1) / 26;
    }
    for (int i = 0; i < n; i++) out[i] = rev[n - 1 - i];
    out[n] = '\0';
}

void sheet_cell_name(uint32_t col, uint32_t row, char out[24])
{
    char c[8];
    sheet_col_name(col, c);
    snprintf(out, 24, "%s%u", c, (unsigned)row);
}

bool sheet_parse_ref(const char *ref, uint32_t *col, uint32_t *row)
{
    uint32_t c = 0, r = 0;
    int letters = 0, digits = 0;
    const char *p = ref;
    while (*p >= 'A' && *p <= 'Z' && letters < 4) c = c * 26 + (uint32_t)(*p++ - 'A' + 1), letters++;
    while (*p >= '0' && *p <= '9' && digits < 8) r = r * 10 + (uint32_t)(*p++ - '0'), digits++;
    if (*p || !letters) return false;
    *col = c - 1;
    *row = r;
    return true;
}
