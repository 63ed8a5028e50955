/*
 * diag.c — the diagnostic list and its gcc-style renderer.
 */
#include "diag.h"
#include "mem.h"
#include "termtext.h"
#include "vec.h"

#include "i18n.h"

#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

void diag_init(diag_list *d) { memset(d, 0, sizeof *d); }

void diag_free(diag_list *d)
{
    for (int i = 0; i < d->n; i++) {
        mem_free(d->items[i].message);
        mem_free(d->items[i].hint);
    }
    mem_free(d->items);
    diag_init(d);
}

static char *vformat(const char *fmt, va_list ap)
{
    va_list ap2;
    va_copy(ap2, ap);
    int n = vsnprintf(NULL, 0, fmt, ap2);
    va_end(ap2);
    if (n < 0) n = 0;
    char *s = mem_alloc((size_t)n + 1);
    vsnprintf(s, (size_t)n + 1, fmt, ap);
    return s;
}

int diag_add(diag_list *d, diag_level level, span at, const char *fmt, ...)
{
    VEC_RESERVE(d->items, d->n + 1, d->cap);
    va_list ap;
    va_start(ap, fmt);
    diag *g = &d->items[d->n];
    g->level = level;
    g->at = at;
    g->message = vformat(_(fmt), ap); /* the reader's language, when there is a catalogue */
    g->hint = NULL;
    g->related = -1;
    g->hide_line = false;
    va_end(ap);
    if (level == DIAG_ERROR) d->errors++;
    if (level == DIAG_WARNING) d->warnings++;
    return d->n++;
}

void diag_hint(diag_list *d, int i, const char *fmt, ...)
{
    if (i < 0 || i >= d->n) return;
    va_list ap;
    va_start(ap, fmt);
    mem_free(d->items[i].hint);
    d->items[i].hint = vformat(_(fmt), ap);
    va_end(ap);
}

void diag_drop_warnings(diag_list *d, int from)
{
    int n = from < 0 ? 0 : from;
    for (int i = n; i < d->n; i++) {
        if (d->items[i].level == DIAG_WARNING) {
            mem_free(d->items[i].message);
            mem_free(d->items[i].hint);
            d->warnings--;
            continue;
        }
        d->items[n++] = d->items[i];
    }
    d->n = n;
}

static int diag_order(const diag *a, const diag *b)
{
    const char *fa = a->at.src ? a->at.src->name : "";
    const char *fb = b->at.src ? b->at.src->name : "";
    int c = strcmp(fa, fb);
    if (c) return c;
    if (a->at.start != b->at.start) return a->at.start < b->at.start ? -1 : 1;
    return 0;
}

void diag_sort(diag_list *d)
{
    /* insertion sort: stable, and lists are short */
    for (int i = 1; i < d->n; i++) {
        diag g = d->items[i];
        int j = i - 1;
        while (j >= 0 && diag_order(&d->items[j], &g) > 0) {
            d->items[j + 1] = d->items[j];
            j--;
        }
        d->items[j + 1] = g;
    }
}

static const char *level_name(diag_level l)
{
    return l == DIAG_ERROR ? _("error") : l == DIAG_WARNING ? _("warning") : _("note");
}

static const char *level_color(diag_level l)
{
    return l == DIAG_ERROR ? "\033[1;31m" : l == DIAG_WARNING ? "\033[1;35m" : "\033[1;36m";
}

/* A longer source line is shown in part: EXCERPT_CHARS characters around
 * the caret (EXCERPT_LEAD of them before it), with "…" where it is cut, so
 * that a 100 KB line does not fill the terminal. */
#define EXCERPT_CHARS 200
#define EXCERPT_LEAD 60
#define ELLIPSIS "\xE2\x80\xA6" /* …, one column wide */

static bool utf8_cont(char c) { return ((unsigned char)c & 0xC0) == 0x80; }

/* The bytes [*ws, *we) of the line that are shown, for a caret at byte at. */
static void excerpt_window(const char *line, size_t llen, size_t at, size_t *ws, size_t *we)
{
    size_t nchars = 0, atc = 0;
    for (size_t i = 0; i < llen; i++) {
        if (utf8_cont(line[i])) continue;
        if (i < at) atc++;
        nchars++;
    }
    *ws = 0;
    *we = llen;
    if (nchars <= EXCERPT_CHARS) return;
    size_t first = atc > EXCERPT_LEAD ? atc - EXCERPT_LEAD : 0;
    if (first + EXCERPT_CHARS > nchars) first = nchars - EXCERPT_CHARS;
    size_t last = first + EXCERPT_CHARS, c = 0;
    for (size_t i = 0; i <= llen; i++) {
        if (i < llen && utf8_cont(line[i])) continue;
        if (c == first && first > 0) *ws = i; /* (a line may begin with stray continuation bytes) */
        if (c == last) {
            *we = i;
            break;
        }
        c++;
    }
}

/* s[0..n) as termtext.h escapes it, tabs kept (so that the caret lines up
 * under them): a control character in the policy's line (an ESC in a
 * text) is shown, never obeyed by the terminal. */
static void excerpt_text(buf *b, const char *s, size_t n)
{
    for (size_t i = 0; i < n;) {
        size_t j = i;
        while (j < n && s[j] != '\t') j++;
        term_text(b, s + i, j - i);
        if (j < n) buf_putc(b, '\t');
        i = j + 1;
    }
}

static void put_buf(FILE *out, const buf *b)
{
    if (b->len) fwrite(b->data, 1, b->len, out);
}

/* Writes the source line (or the part of it around the span) and a caret
 * line under the span. */
static void render_excerpt(FILE *out, const diag *g, bool color)
{
    const source *s = g->at.src;
    size_t llen;
    const char *line = source_line(s, g->at.start, &llen);
    size_t lstart = (size_t)(line - s->text);
    size_t before = g->at.start - lstart;
    if (before > llen) before = llen;
    size_t end = g->at.end > g->at.start ? g->at.end - lstart : before + 1;
    size_t ws, we;
    excerpt_window(line, llen, before, &ws, &we);
    if (ws > before) ws = before; /* the caret is always in the part shown */
    bool cut_left = ws > 0, cut_right = we < llen;
    /* from here on, positions are in the part shown */
    line += ws;
    llen = we - ws;
    before -= ws;
    end -= ws;
    if (end > llen) end = llen > before ? llen : before + 1;
    size_t under = end < llen ? end : llen; /* the caret's bytes end here */
    /* the part before the caret, under it, and after it, each escaped */
    buf pre = {0}, at = {0}, post = {0};
    excerpt_text(&pre, line, before);
    if (under > before) excerpt_text(&at, line + before, under - before);
    if (under < llen) excerpt_text(&post, line + under, llen - under);
    fprintf(out, "    %s", cut_left ? ELLIPSIS : "");
    put_buf(out, &pre);
    put_buf(out, &at);
    put_buf(out, &post);
    fprintf(out, "%s\n    %s", cut_right ? ELLIPSIS : "", cut_left ? " " : "");
    /* keep tabs as tabs so the caret lines up; other text becomes spaces of
     * the same display width */
    for (size_t i = 0; i < pre.len;) {
        if (pre.data[i] == '\t') { fputc('\t', out); i++; continue; }
        size_t k = i;
        while (k < pre.len && pre.data[k] != '\t') k++;
        fprintf(out, "%*s", utf8_display_width(pre.data + i, k - i), "");
        i = k;
    }
    int width = at.len ? utf8_display_width(at.data, at.len) : 1;
    if (width < 1) width = 1;
    if (color) fputs(level_color(g->level), out);
    fputc('^', out);
    for (int i = 1; i < width; i++) fputc('~', out);
    if (color) fputs("\033[0m", out);
    fputc('\n', out);
    buf_free(&pre);
    buf_free(&at);
    buf_free(&post);
}

/* A message or a hint, on one line: a value from the policy in it (a text
 * with a line break, a tab, an escape character) is written as termtext.h
 * escapes it, so that every message keeps the file:line:col form. */
static void put_text(FILE *out, const char *s)
{
    size_t len = strlen(s);
    if (!term_text_needs_escape(s, len)) {
        fputs(s, out);
        return;
    }
    buf b = {0};
    term_text(&b, s, len);
    fwrite(b.data, 1, b.len, out);
    buf_free(&b);
}

static void render(FILE *out, const diag *g, bool color)
{
    const char *bold = color ? "\033[1m" : "", *reset = color ? "\033[0m" : "";
    if (g->at.src) {
        int line, col;
        source_position(g->at.src, g->at.start, &line, &col);
        fprintf(out, "%s%s:%d:%d:%s ", bold, g->at.src->name, line, col, reset);
    } else {
        fprintf(out, "%skaohe:%s ", bold, reset);
    }
    fprintf(out, "%s%s:%s %s", color ? level_color(g->level) : "", level_name(g->level), reset, bold);
    put_text(out, g->message);
    fprintf(out, "%s\n", reset);
    if (g->at.src && !g->hide_line) render_excerpt(out, g, color);
    if (g->hint) {
        fputs("    ", out);
        put_text(out, g->hint);
        fputc('\n', out);
    }
}

void diag_render(const diag_list *d, FILE *out, bool color)
{
    for (int i = 0; i < d->n; i++) render(out, &d->items[i], color);
}
