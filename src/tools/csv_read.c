/*
 * csv_read.c — RFC 4180 CSV, UTF-8 only, read row by row.
 */
#include "csv_read.h"

#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "source.h"
#include "mem.h"
#include "i18n.h"

typedef struct csv_row {
    buf text;            /* the row's cells, each NUL-terminated */
    size_t *start;       /* offsets of the cells in text */
    uint32_t *col;
    size_t n, cap;
} csv_row;

static void row_add(csv_row *r, uint32_t col, size_t start)
{
    if (r->n == r->cap) {
        r->cap = r->cap ? r->cap * 2 : 32;
        r->start = mem_realloc(r->start, r->cap * sizeof *r->start);
        r->col = mem_realloc(r->col, r->cap * sizeof *r->col);
    }
    r->start[r->n] = start;
    r->col[r->n] = col;
    r->n++;
}

/* Does s look like GBK (every byte >= 0x80 a lead 0x81..0xFE followed by a
 * trail 0x40..0xFE, not 0x7F)? */
static bool looks_gbk(const unsigned char *s, size_t n)
{
    size_t pairs = 0;
    for (size_t i = 0; i < n; i++) {
        if (s[i] < 0x80) continue;
        if (s[i] == 0x80 || s[i] == 0xFF || i + 1 >= n) return false;
        unsigned char t = s[i + 1];
        if (t < 0x40 || t == 0x7F || t == 0xFF) return false;
        pairs++;
        i++;
    }
    return pairs > 0;
}

/* The cells of a finished row: checked for UTF-8, handed to fn. */
static bool emit_row(csv_row *r, uint32_t rowno, sheet_row_fn fn, void *ud, bool *stop, char *err, size_t cap)
{
    sheet_cell cells_here[64];
    sheet_cell *cells = r->n <= 64 ? cells_here : mem_alloc(r->n * sizeof *cells);
    int nc = 0;
    bool ok = true;
    for (size_t i = 0; i < r->n && ok; i++) {
        const char *t = r->text.data + r->start[i];
        size_t len = (i + 1 < r->n ? r->start[i + 1] - 1 : r->text.len - 1) - r->start[i];
        size_t good = utf8_valid_prefix(t, len);
        if (good != len) {
            char at[24];
            sheet_cell_name(r->col[i], rowno, at);
            if (looks_gbk((const unsigned char *)t, len))
                snprintf(err, cap,
                         _("cell %s: the file is not UTF-8 (it reads as GBK, which Excel's \"CSV\" format writes on a "
                         "Chinese Windows): save it as \"CSV UTF-8 (逗号分隔)(*.csv)\", or convert it with "
                         "iconv -f GBK -t UTF-8"),
                         at);
            else
                snprintf(err, cap, _("cell %s: the file is not UTF-8 (byte 0x%02X): save it as \"CSV UTF-8\""), at,
                         (unsigned char)t[good]);
            ok = false;
            break;
        }
        if (len == 0) continue;
        cells[nc++] = (sheet_cell){.col = r->col[i], .kind = CELL_TEXT, .text = t, .len = len, .numfmt = NUMFMT_NONE};
    }
    if (ok && !fn(ud, rowno, cells, nc)) *stop = true;
    if (cells != cells_here) mem_free(cells);
    r->n = 0;
    r->text.len = 0;
    return ok;
}

bool csv_read(FILE *f, sheet_row_fn fn, void *ud, char *err, size_t cap)
{
    csv_row r = {0};
    uint32_t rowno = 1, col = 0;
    bool ok = true, stop = false;
    /* a UTF-8 byte-order mark is skipped; other first bytes are read back */
    unsigned char head[3];
    size_t nhead = fread(head, 1, 3, f), hpos = 0;
    if (nhead == 3 && head[0] == 0xEF && head[1] == 0xBB && head[2] == 0xBF) hpos = 3;
#define NEXT() (hpos < nhead ? (int)head[hpos++] : getc(f))
    int c = NEXT();
    if (c == EOF) goto done;
    for (;;) {
        /* one cell */
        size_t start = r.text.len;
        row_add(&r, col, start);
        bool quoted = false;
        if (c == '"') {
            quoted = true;
            for (;;) {
                c = NEXT();
                if (c == EOF) {
                    char at[24];
                    sheet_cell_name(col, rowno, at);
                    snprintf(err, cap, _("cell %s: a quoted cell is never closed (the file ends inside it)"), at);
                    ok = false;
                    goto done;
                }
                if (c == '"') {
                    c = NEXT();
                    if (c != '"') break; /* the closing quote */
                }
                buf_putc(&r.text, (char)c);
                if (r.text.len - start > CSV_MAX_CELL) goto too_long;
            }
        } else {
            while (c != EOF && c != ',' && c != '\n' && c != '\r') {
                if (c == '"' || c == 0) {
                    char at[24];
                    sheet_cell_name(col, rowno, at);
                    if (c == 0) snprintf(err, cap, _("cell %s: a NUL byte: this is not a CSV text file"), at);
                    else
                        snprintf(err, cap,
                                 _("cell %s: a double quote inside a cell that does not start with one (RFC 4180: put "
                                 "the whole cell in quotes and write the quote twice)"),
                                 at);
                    ok = false;
                    goto done;
                }
                buf_putc(&r.text, (char)c);
                if (r.text.len - start > CSV_MAX_CELL) goto too_long;
                c = NEXT();
            }
        }
        if (quoted && c != EOF && c != ',' && c != '\n' && c != '\r') {
            char at[24];
            sheet_cell_name(col, rowno, at);
            snprintf(err, cap, _("cell %s: text after the closing quote of a quoted cell"), at);
            ok = false;
            goto done;
        }
        if (memchr(r.text.data ? r.text.data + start : "", '\0', r.text.len - start)) {
            char at[24];
            sheet_cell_name(col, rowno, at);
            snprintf(err, cap, _("cell %s: a NUL byte: this is not a CSV text file"), at);
            ok = false;
            goto done;
        }
        buf_putc(&r.text, '\0');
        if (c == ',') {
            col++;
            c = NEXT();
            continue;
        }
        /* the end of a row */
        if (c == '\r') {
            c = NEXT();
            if (c == '\n') c = NEXT();
        } else if (c == '\n') {
            c = NEXT();
        }
        if (!emit_row(&r, rowno, fn, ud, &stop, err, cap)) {
            ok = false;
            goto done;
        }
        if (stop || c == EOF) break;
        rowno++;
        col = 0;
    }
done:
    if (ok && ferror(f)) {
        snprintf(err, cap, _("cannot read the file"));
        ok = false;
    }
    buf_free(&r.text);
    mem_free(r.start);
    mem_free(r.col);
    return ok;
too_long: {
    char at[24];
    sheet_cell_name(col, rowno, at);
    snprintf(err, cap, _("cell %s: more than %u MiB in one cell"), at, CSV_MAX_CELL >> 20);
    buf_free(&r.text);
    mem_free(r.start);
    mem_free(r.col);
    return false;
}
#undef NEXT
}
