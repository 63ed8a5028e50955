/*
 * lsp_pos.c — the language server's conversions: file URIs and paths, byte
 * offsets and LSP positions (lines and UTF-16 code units: a Chinese
 * character is one unit, a character past U+FFFF two), and JSON values
 * that are always valid UTF-8.
 */
#include <stdlib.h>
#include <string.h>

#include "lsp_internal.h"
#include "source.h"
#include "mem.h"

static int hexval(int c)
{
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
}

char *lsp_uri_to_path(const char *uri)
{
    const char *p = uri;
    if (strncmp(uri, "file://", 7) != 0) return mem_strdup(uri);
    p = uri + 7;
    if (*p != '/') { /* file://host/path: the host is not ours to read */
        const char *slash = strchr(p, '/');
        p = slash ? slash : p + strlen(p);
    }
    size_t n = strlen(p);
    char *out = mem_alloc(n + 1), *o = out;
    for (size_t i = 0; i < n; i++) {
        int h, l;
        if (p[i] == '%' && i + 2 < n && (h = hexval(p[i + 1])) >= 0 && (l = hexval(p[i + 2])) >= 0) {
            char c = (char)(h * 16 + l);
            if (c == '\0') c = '?'; /* a NUL names no file */
            *o++ = c;
            i += 2;
        } else {
            *o++ = p[i];
        }
    }
    *o = '\0';
    return out;
}

char *lsp_path_to_uri(const char *path)
{
    size_t n = strlen(path);
    char *out = mem_alloc(7 + 3 * n + 2), *o = out;
    memcpy(o, "file://", 7);
    o += 7;
    if (path[0] != '/') *o++ = '/';
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)path[i];
        bool plain = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || strchr("-._~/", c);
        if (plain) {
            *o++ = (char)c;
        } else {
            static const char hex[] = "0123456789ABCDEF";
            *o++ = '%';
            *o++ = hex[c >> 4];
            *o++ = hex[c & 15];
        }
    }
    *o = '\0';
    return out;
}

/* UTF-16 units of the character at s (1 for a byte that is not UTF-8). */
static int utf16_units(const char *s, size_t len, int *bytes)
{
    long cp;
    *bytes = utf8_decode(s, len, &cp);
    return cp > 0xFFFF ? 2 : 1;
}

size_t lsp_offset_of(const char *text, size_t len, int line, int character)
{
    size_t i = 0;
    for (int l = 0; l < line; l++) {
        const char *nl = i < len ? memchr(text + i, '\n', len - i) : NULL;
        if (!nl) return len;
        i = (size_t)(nl - text) + 1;
    }
    int units = 0;
    while (i < len && text[i] != '\n' && units < character) {
        if (text[i] == '\r' && i + 1 < len && text[i + 1] == '\n') break;
        int bytes, u = utf16_units(text + i, len - i, &bytes);
        if (units + u > character) break; /* inside a surrogate pair: stay before it */
        units += u;
        i += (size_t)bytes;
    }
    return i;
}

void lsp_position_of(const source *src, bool bom, uint32_t off, int *line, int *character)
{
    if (off > src->len) off = (uint32_t)src->len;
    uint32_t lo = 0, hi = src->nlines;
    while (hi - lo > 1) { /* the last line starting at or before off */
        uint32_t mid = lo + (hi - lo) / 2;
        if (src->line_starts[mid] <= off) lo = mid;
        else hi = mid;
    }
    int units = lo == 0 && bom ? 1 : 0;
    for (uint32_t i = src->line_starts[lo]; i < off;) {
        int bytes;
        units += utf16_units(src->text + i, src->len - i, &bytes);
        i += (uint32_t)bytes;
    }
    *line = (int)lo;
    *character = units;
}

cJSON *lsp_json_position(int line, int character)
{
    cJSON *p = cJSON_CreateObject();
    cJSON_AddNumberToObject(p, "line", line);
    cJSON_AddNumberToObject(p, "character", character);
    return p;
}

cJSON *lsp_json_range(const source *src, bool bom, uint32_t start, uint32_t end)
{
    int l, c;
    cJSON *r = cJSON_CreateObject();
    lsp_position_of(src, bom, start, &l, &c);
    cJSON_AddItemToObject(r, "start", lsp_json_position(l, c));
    lsp_position_of(src, bom, end < start ? start : end, &l, &c);
    cJSON_AddItemToObject(r, "end", lsp_json_position(l, c));
    return r;
}

cJSON *lsp_json_text(const char *s)
{
    size_t n = strlen(s);
    if (utf8_valid_prefix(s, n) == n) return cJSON_CreateString(s);
    buf b = {0};
    for (size_t i = 0; i < n;) {
        long cp;
        int k = utf8_decode(s + i, n - i, &cp);
        if (cp < 0) buf_puts(&b, "\xEF\xBF\xBD");
        else buf_put(&b, s + i, (size_t)k);
        i += (size_t)k;
    }
    cJSON *j = cJSON_CreateString(b.data); /* (s has an invalid byte: b is not empty) */
    buf_free(&b);
    return j;
}

void lsp_json_add_text(cJSON *o, const char *name, const char *s) { cJSON_AddItemToObject(o, name, lsp_json_text(s)); }

cJSON *lsp_json_location(const char *uri, const source *src, bool bom, uint32_t start, uint32_t end)
{
    cJSON *l = cJSON_CreateObject();
    lsp_json_add_text(l, "uri", uri);
    cJSON_AddItemToObject(l, "range", lsp_json_range(src, bom, start, end));
    return l;
}
