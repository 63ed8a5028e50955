/*
 * json_numtext.c — the text of JSON numbers, given back to cJSON's number
 * nodes (see json_numtext.h).
 */
#include "json_numtext.h"
#include "mem.h"
#include "vec.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

/* Most digits a number may have and still come back exactly from its double
 * (DBL_DIG; num_from_double15). */
#define DOUBLE_DIGITS 15

enum { B_OTHER, B_QUOTE, B_NUMBER };

/* What a byte starts, outside strings: a string, a number, or nothing. */
static const unsigned char byte_class[256] = {
    ['"'] = B_QUOTE, ['-'] = B_NUMBER,
    ['0'] = B_NUMBER, ['1'] = B_NUMBER, ['2'] = B_NUMBER, ['3'] = B_NUMBER, ['4'] = B_NUMBER,
    ['5'] = B_NUMBER, ['6'] = B_NUMBER, ['7'] = B_NUMBER, ['8'] = B_NUMBER, ['9'] = B_NUMBER,
};

/* The bytes cJSON's parse_number takes into a number. */
static bool number_byte(unsigned char c)
{
    return (c >= '0' && c <= '9') || c == '-' || c == '+' || c == '.' || c == 'e' || c == 'E';
}

/* Just past the closing quote of the string whose first byte (after the
 * opening quote) is at start. */
static const unsigned char *skip_string(const unsigned char *start, const unsigned char *end)
{
    const unsigned char *p = start;
    for (;;) {
        const unsigned char *q = memchr(p, '"', (size_t)(end - p));
        if (!q) return end;
        size_t backslashes = 0;
        while (q - backslashes > start && q[-1 - (ptrdiff_t)backslashes] == '\\') backslashes++;
        if (backslashes % 2 == 0) return q + 1;
        p = q + 1;
    }
}

typedef struct numtok {
    size_t ordinal; /* which number of the document */
    const char *at;
    size_t len;
} numtok;

typedef struct walk {
    const numtok *want;
    size_t nwant, next;
    size_t seen; /* number nodes passed */
} walk;

static void attach(cJSON *n, walk *w)
{
    for (; n; n = n->next) {
        if (cJSON_IsNumber(n)) {
            if (w->next < w->nwant && w->want[w->next].ordinal == w->seen) {
                const numtok *t = &w->want[w->next++];
                /* cJSON frees its strings with free(): not a mem.h block */
                char *copy = malloc(t->len + 1); /* cJSON's, freed by cJSON_Delete */
                if (!copy) mem_fail();
                memcpy(copy, t->at, t->len);
                copy[t->len] = '\0';
                free(n->valuestring); /* cJSON's */
                n->valuestring = copy;
            }
            w->seen++;
        } else if (n->child) {
            attach(n->child, w);
        }
    }
}

bool json_keep_number_texts(cJSON *root, const char *text, size_t len, bool all)
{
    const unsigned char *p = (const unsigned char *)text, *end = p + len;
    numtok *want = NULL;
    size_t nwant = 0, cap = 0, ordinal = 0;
    while (p < end) {
        unsigned char cls = byte_class[*p];
        if (cls == B_OTHER) {
            p++;
        } else if (cls == B_QUOTE) {
            p = skip_string(p + 1, end);
        } else {
            const unsigned char *start = p;
            int digits = 0;
            bool exponent = false;
            for (; p < end && number_byte(*p); p++) {
                if (*p >= '0' && *p <= '9') digits++;
                else if (*p == 'e' || *p == 'E') exponent = true;
            }
            if (all || exponent || digits > DOUBLE_DIGITS) {
                VEC_RESERVE(want, nwant + 1, cap);
                want[nwant++] = (numtok){ordinal, (const char *)start, (size_t)(p - start)};
            }
            ordinal++;
        }
    }
    if (nwant == 0) return true; /* the usual record: every double is exact */
    walk w = {want, nwant, 0, 0};
    attach(root, &w);
    mem_free(want);
    return w.seen == ordinal && w.next == nwant;
}

void json_print_number_texts(cJSON *root)
{
    for (cJSON *n = root; n; n = n->next) {
        if (cJSON_IsNumber(n) && n->valuestring) n->type = cJSON_Raw;
        else if (n->child) json_print_number_texts(n->child);
    }
}
