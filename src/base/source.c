/*
 * source.c — line tables, positions and UTF-8 widths for policy sources.
 */
#include "source.h"

#include <stdbool.h>
#include <string.h>

/* Index of the line holding offset (binary search over line_starts). */
static uint32_t line_index(const source *s, uint32_t offset)
{
    uint32_t lo = 0, hi = s->nlines;
    while (hi - lo > 1) {
        uint32_t mid = lo + (hi - lo) / 2;
        if (s->line_starts[mid] <= offset) lo = mid;
        else hi = mid;
    }
    return lo;
}

/* Decodes one UTF-8 character at text (len > 0); returns its byte length and
 * sets *cp, or returns 1 with *cp = -1 for an invalid byte. */
int utf8_decode(const char *text, size_t len, long *cp)
{
    const unsigned char *s = (const unsigned char *)text;
    unsigned char c = s[0];
    int n;
    long v;
    if (c < 0x80) { *cp = c; return 1; }
    if (c >= 0xC2 && c <= 0xDF) { n = 2; v = c & 0x1F; }
    else if (c >= 0xE0 && c <= 0xEF) { n = 3; v = c & 0x0F; }
    else if (c >= 0xF0 && c <= 0xF4) { n = 4; v = c & 0x07; }
    else { *cp = -1; return 1; }
    if ((size_t)n > len) { *cp = -1; return 1; }
    for (int i = 1; i < n; i++) {
        if ((s[i] & 0xC0) != 0x80) { *cp = -1; return 1; }
        v = (v << 6) | (s[i] & 0x3F);
    }
    if ((n == 3 && (v < 0x800 || (v >= 0xD800 && v <= 0xDFFF))) || (n == 4 && (v < 0x10000 || v > 0x10FFFF))) {
        *cp = -1;
        return 1;
    }
    *cp = v;
    return n;
}

size_t utf8_char_before(const char *s, size_t start, size_t end, long *cp)
{
    size_t i = end - 1;
    while (i > start && ((unsigned char)s[i] & 0xC0) == 0x80 && end - i < 4) i--;
    utf8_decode(s + i, end - i, cp);
    return i;
}

size_t utf8_valid_prefix(const char *s, size_t len)
{
    const unsigned char *p = (const unsigned char *)s;
    size_t i = 0;
    while (i < len) {
        if (p[i] < 0x80) { i++; continue; }
        long cp;
        int n = utf8_decode((const char *)p + i, len - i, &cp);
        if (cp < 0) return i;
        i += (size_t)n;
    }
    return len;
}

static int char_width(long cp)
{
    if (cp < 0) return 1;
    if (cp == 0) return 0;
    if ((cp >= 0x0300 && cp <= 0x036F) || cp == 0x200B || cp == 0x200D || (cp >= 0xFE00 && cp <= 0xFE0F))
        return 0;
    if ((cp >= 0x1100 && cp <= 0x115F) || (cp >= 0x2E80 && cp <= 0x303E) || (cp >= 0x3041 && cp <= 0x33FF) ||
        (cp >= 0x3400 && cp <= 0x4DBF) || (cp >= 0x4E00 && cp <= 0x9FFF) || (cp >= 0xA000 && cp <= 0xA4CF) ||
        (cp >= 0xAC00 && cp <= 0xD7A3) || (cp >= 0xF900 && cp <= 0xFAFF) || (cp >= 0xFE30 && cp <= 0xFE4F) ||
        (cp >= 0xFF00 && cp <= 0xFF60) || (cp >= 0xFFE0 && cp <= 0xFFE6) || (cp >= 0x1F300 && cp <= 0x1F64F) ||
        (cp >= 0x20000 && cp <= 0x3FFFD))
        return 2;
    return 1;
}

int utf8_display_width(const char *s, size_t len)
{
    const unsigned char *p = (const unsigned char *)s;
    int w = 0;
    size_t i = 0;
    while (i < len) {
        long cp;
        int n = utf8_decode((const char *)p + i, len - i, &cp);
        w += char_width(cp);
        i += (size_t)n;
    }
    return w;
}

void source_position(const source *s, uint32_t offset, int *line, int *col)
{
    if (offset > s->len) offset = (uint32_t)s->len;
    uint32_t li = line_index(s, offset);
    uint32_t start = s->line_starts[li];
    const unsigned char *p = (const unsigned char *)s->text + start;
    size_t n = offset - start, i = 0;
    int c = 1;
    while (i < n) {
        long cp;
        i += (size_t)utf8_decode((const char *)p + i, n - i, &cp);
        c++;
    }
    *line = (int)li + 1;
    *col = c;
}

const char *source_line(const source *s, uint32_t offset, size_t *len)
{
    if (offset > s->len) offset = (uint32_t)s->len;
    uint32_t li = line_index(s, offset);
    uint32_t start = s->line_starts[li];
    uint32_t end = start;
    while (end < s->len && s->text[end] != '\n') end++;
    if (end > start && s->text[end - 1] == '\r') end--;
    *len = end - start;
    return s->text + start;
}

size_t source_snippet(span at, size_t max, char *out)
{
    size_t len = 0;
    out[0] = '\0';
    if (!at.src || max < 4) return 0;
    const char *t = at.src->text + at.start;
    size_t n = at.end > at.start ? at.end - at.start : 0;
    bool space = false, cut = false;
    for (size_t i = 0; i < n && !cut; i++) {
        char c = t[i];
        if (c == '#') { /* a comment inside a continued expression */
            while (i < n && t[i] != '\n') i++;
            space = true;
            continue;
        }
        if (c == '\n' || c == ' ' || c == '\t' || c == '\r') {
            space = true;
            continue;
        }
        if (space && len) {
            if (len == max) cut = true;
            else out[len++] = ' ';
        }
        space = false;
        if (len == max) cut = true;
        else out[len++] = c;
    }
    /* longer than max: shorten to max - 3 bytes, at a character boundary,
     * and say so */
    if (cut) {
        len = max - 3;
        while (len > 0 && ((unsigned char)out[len] & 0xC0) == 0x80) len--;
        memcpy(out + len, "...", 3);
        len += 3;
    }
    out[len] = '\0';
    return len;
}

bool looks_like_gbk(const char *s, size_t n)
{
    if (n < 2) return false;
    unsigned char a = (unsigned char)s[0], b = (unsigned char)s[1];
    bool gbk = a >= 0x81 && a <= 0xFE && b >= 0x40 && b <= 0xFE && b != 0x7F;
    bool utf8_start = a >= 0xC2 && a <= 0xF4 && b >= 0x80 && b <= 0xBF; /* broken later, or a surrogate: not GBK */
    return gbk && !utf8_start;
}
