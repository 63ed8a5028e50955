/*
 * termtext.c — escaping control and reordering characters for a terminal
 * (see termtext.h for the forms).
 */
#include "termtext.h"

#include "source.h"

/* Characters that reorder or hide text: the Arabic letter mark, zero-width
 * space and joiners, LRM/RLM, the embeddings and overrides, word joiner and
 * invisible operators, the isolates, and the BOM / zero-width no-break space. */
static bool is_format_char(long cp)
{
    return cp == 0x061C || (cp >= 0x200B && cp <= 0x200F) || (cp >= 0x202A && cp <= 0x202E) ||
           (cp >= 0x2060 && cp <= 0x2069) || cp == 0xFEFF;
}

/* How the character at s (len > 0) is written: 0 as it is, 1 as \xHH
 * (each byte), 2 as \u{HHHH}; *n is its byte length. */
static int kind_at(const char *s, size_t len, int *n, long *cp)
{
    unsigned char c = (unsigned char)s[0];
    *n = 1;
    *cp = c;
    if (c < 0x20 || c == 0x7F) return 1;
    if (c < 0x80) return 0;
    *n = utf8_decode(s, len, cp);
    if (*cp < 0) return 1;
    if ((*cp >= 0x80 && *cp <= 0x9F) || is_format_char(*cp)) return 2;
    return 0;
}

bool term_text_needs_escape(const char *s, size_t len)
{
    for (size_t i = 0; i < len;) {
        int n;
        long cp;
        if (kind_at(s + i, len - i, &n, &cp)) return true;
        i += (size_t)n;
    }
    return false;
}

void term_text(buf *b, const char *s, size_t len)
{
    static const char hex[] = "0123456789ABCDEF";
    if (!term_text_needs_escape(s, len)) {
        buf_put(b, s, len);
        return;
    }
    size_t start = 0;
    for (size_t i = 0; i < len;) {
        int n;
        long cp;
        int kind = kind_at(s + i, len - i, &n, &cp);
        if (kind == 0 && s[i] != '\\') {
            i += (size_t)n;
            continue;
        }
        buf_put(b, s + start, i - start);
        unsigned char c = (unsigned char)s[i];
        if (kind == 2) {
            buf_printf(b, "\\u{%04lX}", cp);
        } else if (c == '\\') {
            buf_put(b, "\\\\", 2);
        } else if (c == '\n' || c == '\r' || c == '\t') {
            char e[2] = {'\\', c == '\n' ? 'n' : c == '\r' ? 'r' : 't'};
            buf_put(b, e, 2);
        } else {
            char e[4] = {'\\', 'x', hex[c >> 4], hex[c & 15]};
            buf_put(b, e, 4);
        }
        i += (size_t)n;
        start = i;
    }
    buf_put(b, s + start, len - start);
}

void term_texts(buf *b, const char *s)
{
    if (s) term_text(b, s, strlen(s));
}
