/*
 * xlsx_read.c — an XLSX workbook's sheets, read with libzip and expat.
 *
 * The parts read: _rels/.rels (where the workbook part is),
 * xl/workbook.xml (the sheets in tab order, the 1904 date setting), its
 * .rels (each sheet's part), xl/sharedStrings.xml, xl/styles.xml (which
 * cell styles show numbers as dates, or through another format than
 * General) and, on demand, one sheet part at a time.
 */
#include "xlsx_read.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <expat.h>
#include <zip.h>

#include "buf.h"
#include "mem.h"
#include "vec.h"
#include "i18n.h"

#define XLSX_MAX_COLS 16384u
#define XLSX_MAX_STRINGS (256u << 20) /* bytes of shared strings held */
#define XLSX_MAX_ROW_TEXT (64u << 20)  /* bytes of one row's cells */

typedef struct book_sheet {
    char *name;
    char *rid;
    char *part;          /* the zip entry, "xl/worksheets/sheet1.xml" */
} book_sheet;

struct xlsx_book {
    zip_t *z;
    char *workbook;      /* the workbook part's name */
    book_sheet *sheets;
    int nsheets;
    bool date1904;
    buf sst;             /* shared strings, each NUL-terminated */
    size_t *sst_at;
    size_t nsst, sst_cap;
    cell_numfmt *xf;     /* cell style -> how it shows numbers */
    size_t nxf;
};

/* ---- parsing one part ------------------------------------------------------ */

typedef struct part_ctx {
    XML_Parser p;
    bool failed;
    char *err;
    size_t cap;
} part_ctx;

static void part_fail(part_ctx *c, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void part_fail(part_ctx *c, const char *fmt, ...)
{
    if (!c->failed) {
        va_list ap;
        va_start(ap, fmt);
        vsnprintf(c->err, c->cap, _(fmt), ap);
        va_end(ap);
    }
    c->failed = true;
    XML_StopParser(c->p, XML_FALSE);
}

/* The local part of a namespaced name ("uri|row" -> "row"). */
static const char *local(const char *name)
{
    const char *bar = strrchr(name, '|');
    return bar ? bar + 1 : name;
}

static const char *attr(const char **atts, const char *name)
{
    for (int i = 0; atts[i]; i += 2)
        if (strcmp(local(atts[i]), name) == 0) return atts[i + 1];
    return NULL;
}

/* Parses zip entry `name` with the handlers (their user data: ud, which
 * starts with a part_ctx).  *found false (and true returned) when the part
 * is missing and not required. */
static bool parse_part(xlsx_book *b, const char *name, bool required, XML_StartElementHandler start,
                       XML_EndElementHandler end, XML_CharacterDataHandler text, part_ctx *ctx, bool *found)
{
    if (found) *found = false;
    zip_file_t *zf = zip_fopen(b->z, name, 0);
    if (!zf) zf = zip_fopen(b->z, name, ZIP_FL_NOCASE);
    if (!zf) {
        if (!required) return true;
        snprintf(ctx->err, ctx->cap, _("the workbook has no part '%s' (it is not an Excel .xlsx workbook, or it is damaged)"),
                 name);
        return false;
    }
    if (found) *found = true;
    XML_Parser p = XML_ParserCreateNS(NULL, '|');
    if (!p) abort();
    ctx->p = p;
    XML_SetUserData(p, ctx);
    XML_SetElementHandler(p, start, end);
    if (text) XML_SetCharacterDataHandler(p, text);
    char chunk[1 << 16];
    bool ok = true;
    for (;;) {
        zip_int64_t n = zip_fread(zf, chunk, sizeof chunk);
        if (n < 0) {
            snprintf(ctx->err, ctx->cap, _("cannot read the part '%s' of the workbook: %s"), name, zip_file_strerror(zf));
            ok = false;
            break;
        }
        if (XML_Parse(p, chunk, (int)n, n == 0) != XML_STATUS_OK) {
            if (!ctx->failed)
                snprintf(ctx->err, ctx->cap, _("the part '%s' of the workbook is not valid XML (line %lu: %s)"), name,
                         (unsigned long)XML_GetCurrentLineNumber(p), XML_ErrorString(XML_GetErrorCode(p)));
            ok = false;
            break;
        }
        if (n == 0) break;
    }
    if (ctx->failed) ok = false;
    XML_ParserFree(p);
    zip_fclose(zf);
    return ok;
}

/* ---- _rels/.rels and the workbook's .rels ------------------------------------ */

typedef struct rels_ctx {
    part_ctx c;
    xlsx_book *b;
    const char *base;    /* the folder targets are relative to ("xl/") */
    bool root;           /* _rels/.rels: looking for the officeDocument */
} rels_ctx;

/* "worksheets/sheet1.xml" relative to base, or "/xl/..." absolute. */
static char *resolve(const char *base, const char *target)
{
    buf b = {0};
    if (target[0] == '/') buf_puts(&b, target + 1);
    else buf_printf(&b, "%s%s", base, target);
    buf_putc(&b, '\0');
    return b.data;
}

static void rels_start(void *ud, const char *name, const char **atts)
{
    rels_ctx *r = ud;
    if (strcmp(local(name), "Relationship") != 0) return;
    const char *id = attr(atts, "Id"), *target = attr(atts, "Target"), *type = attr(atts, "Type");
    if (!id || !target) return;
    if (r->root) {
        static const char office[] = "/officeDocument"; /* the type's last segment (transitional or strict) */
        size_t n = type ? strlen(type) : 0, k = sizeof office - 1;
        if (n >= k && strcmp(type + n - k, office) == 0 && !r->b->workbook)
            r->b->workbook = resolve("", target);
        return;
    }
    for (int i = 0; i < r->b->nsheets; i++)
        if (r->b->sheets[i].rid && strcmp(r->b->sheets[i].rid, id) == 0 && !r->b->sheets[i].part)
            r->b->sheets[i].part = resolve(r->base, target);
}

static void no_end(void *ud, const char *name)
{
    (void)ud;
    (void)name;
}

/* ---- the workbook part ----------------------------------------------------------- */

static void workbook_start(void *ud, const char *name, const char **atts)
{
    rels_ctx *r = ud;
    xlsx_book *b = r->b;
    const char *n = local(name);
    if (strcmp(n, "workbookPr") == 0) {
        const char *d = attr(atts, "date1904");
        b->date1904 = d && (strcmp(d, "1") == 0 || strcmp(d, "true") == 0);
    } else if (strcmp(n, "sheet") == 0) {
        const char *sn = attr(atts, "name"), *rid = attr(atts, "id");
        if (!sn || !rid) return;
        b->sheets = mem_realloc(b->sheets, (size_t)(b->nsheets + 1) * sizeof *b->sheets);
        b->sheets[b->nsheets++] = (book_sheet){mem_strdup(sn), mem_strdup(rid), NULL};
    }
}

/* ---- shared strings ---------------------------------------------------------------- */

typedef struct sst_ctx {
    part_ctx c;
    xlsx_book *b;
    int in_si, in_t, in_rph;
    bool open;           /* a <si> is being collected */
} sst_ctx;

static void sst_start(void *ud, const char *name, const char **atts)
{
    (void)atts;
    sst_ctx *s = ud;
    const char *n = local(name);
    if (strcmp(n, "si") == 0) {
        xlsx_book *b = s->b;
        VEC_RESERVE(b->sst_at, b->nsst + 1, b->sst_cap);
        b->sst_at[b->nsst++] = b->sst.len;
        s->in_si = 1;
    } else if (strcmp(n, "rPh") == 0) {
        s->in_rph++; /* phonetic guide text (furigana) is not the cell's text */
    } else if (strcmp(n, "t") == 0 && s->in_si) {
        s->in_t++;
    }
}

static void sst_end(void *ud, const char *name)
{
    sst_ctx *s = ud;
    const char *n = local(name);
    if (strcmp(n, "si") == 0) {
        buf_putc(&s->b->sst, '\0');
        s->in_si = 0;
    } else if (strcmp(n, "rPh") == 0) {
        s->in_rph--;
    } else if (strcmp(n, "t") == 0 && s->in_t) {
        s->in_t--;
    }
}

static void sst_text(void *ud, const char *text, int len)
{
    sst_ctx *s = ud;
    if (!(s->in_si && s->in_t && !s->in_rph)) return;
    if (s->b->sst.len + (size_t)len > XLSX_MAX_STRINGS) {
        part_fail(&s->c, "the workbook's shared strings are more than %u MiB: kaohe reads rosters up to that size "
                         "(save the roster as CSV)", XLSX_MAX_STRINGS >> 20);
        return;
    }
    buf_put(&s->b->sst, text, (size_t)len);
}

/* ---- styles: which cell styles show numbers as dates ---------------------------------- */

typedef struct fmt_def {
    int id;
    cell_numfmt kind;
} fmt_def;

typedef struct styles_ctx {
    part_ctx c;
    xlsx_book *b;
    fmt_def *fmts;
    int nfmts;
    int in_xfs;
    int *xf_ids;         /* numFmtId of each cell style, in order */
    size_t nids;
} styles_ctx;

/* A format code's kind: a date when it has y, m, d, h or s outside quoted
 * text, [colour] sections and escaped characters. */
static cell_numfmt code_kind(const char *code)
{
    if (strcmp(code, "General") == 0 || strcmp(code, "@") == 0 || strcmp(code, "0") == 0) return NUMFMT_NONE;
    for (const char *p = code; *p; p++) {
        if (*p == '"') {
            p++;
            while (*p && *p != '"') p++;
            if (!*p) break;
        } else if (*p == '\\' || *p == '_' || *p == '*') {
            if (!*++p) break;
        } else if (*p == '[') {
            /* [h], [mm], [ss]: elapsed time; [Red], [$-409]: not */
            const char *q = p + 1;
            if (*q == 'h' || *q == 'H' || *q == 'm' || *q == 'M' || *q == 's' || *q == 'S') {
                char c0 = (char)(*q | 0x20);
                while (*q && (char)(*q | 0x20) == c0) q++;
                if (*q == ']') return NUMFMT_DATE;
            }
            while (*p && *p != ']') p++;
            if (!*p) break;
        } else {
            char c = (char)(*p | 0x20);
            if (c == 'y' || c == 'm' || c == 'd' || c == 'h' || c == 's') return NUMFMT_DATE;
            if ((unsigned char)*p >= 0x80) {
                /* 年 月 日 时 分 秒 in a CJK format code */
                static const char *const cjk[] = {"年", "月", "日", "时", "時", "分", "秒"};
                for (size_t k = 0; k < sizeof cjk / sizeof cjk[0]; k++)
                    if (strncmp(p, cjk[k], strlen(cjk[k])) == 0) return NUMFMT_DATE;
            }
        }
    }
    return NUMFMT_OTHER;
}

/* The built-in formats: 0 General, 1 "0", 49 "@"; dates and times 14-22,
 * 27-36 and 50-58 (East Asian), 45-47. */
static cell_numfmt builtin_kind(int id)
{
    if (id == 0 || id == 1 || id == 49) return NUMFMT_NONE;
    if ((id >= 14 && id <= 22) || (id >= 27 && id <= 36) || (id >= 45 && id <= 47) || (id >= 50 && id <= 58))
        return NUMFMT_DATE;
    return NUMFMT_OTHER;
}

static void styles_start(void *ud, const char *name, const char **atts)
{
    styles_ctx *s = ud;
    const char *n = local(name);
    if (strcmp(n, "numFmt") == 0) {
        const char *id = attr(atts, "numFmtId"), *code = attr(atts, "formatCode");
        if (!id || !code) return;
        s->fmts = mem_realloc(s->fmts, (size_t)(s->nfmts + 1) * sizeof *s->fmts);
        s->fmts[s->nfmts++] = (fmt_def){atoi(id), code_kind(code)};
    } else if (strcmp(n, "cellXfs") == 0) {
        s->in_xfs++;
    } else if (strcmp(n, "xf") == 0 && s->in_xfs) {
        const char *id = attr(atts, "numFmtId");
        s->xf_ids = mem_realloc(s->xf_ids, (s->nids + 1) * sizeof *s->xf_ids);
        s->xf_ids[s->nids++] = id ? atoi(id) : 0;
    }
}

static void styles_end(void *ud, const char *name)
{
    styles_ctx *s = ud;
    if (strcmp(local(name), "cellXfs") == 0) s->in_xfs--; /* (expat checks that it was opened) */
}

/* ---- opening ------------------------------------------------------------------------ */

static bool book_parts(xlsx_book *b, char *err, size_t cap)
{
    rels_ctx r = {{NULL, false, err, cap}, b, "", true};
    bool found;
    if (!parse_part(b, "_rels/.rels", false, rels_start, no_end, NULL, &r.c, &found)) return false;
    if (!b->workbook) b->workbook = mem_strdup("xl/workbook.xml");
    rels_ctx w = {{NULL, false, err, cap}, b, "", false};
    if (!parse_part(b, b->workbook, true, workbook_start, no_end, NULL, &w.c, NULL)) return false;
    if (b->nsheets == 0) {
        snprintf(err, cap, _("the workbook has no sheets"));
        return false;
    }
    /* the workbook's relationships: "xl/_rels/workbook.xml.rels" */
    const char *slash = strrchr(b->workbook, '/');
    size_t dir = slash ? (size_t)(slash - b->workbook + 1) : 0;
    buf base = {0}, rels = {0};
    buf_put(&base, b->workbook, dir);
    buf_putc(&base, '\0');
    buf_printf(&rels, "%s_rels/%s.rels", base.data, b->workbook + dir);
    rels_ctx wr = {{NULL, false, err, cap}, b, base.data, false};
    bool ok = parse_part(b, rels.data, true, rels_start, no_end, NULL, &wr.c, NULL);
    for (int i = 0; ok && i < b->nsheets; i++)
        if (!b->sheets[i].part) {
            snprintf(err, cap, _("the workbook does not say where its sheet '%s' is (it is damaged)"), b->sheets[i].name);
            ok = false;
        }
    if (ok) {
        buf part = {0};
        buf_printf(&part, "%ssharedStrings.xml", base.data);
        sst_ctx s = {{NULL, false, err, cap}, b, 0, 0, 0, false};
        ok = parse_part(b, part.data, false, sst_start, sst_end, sst_text, &s.c, NULL);
        part.len = 0;
        buf_printf(&part, "%sstyles.xml", base.data);
        styles_ctx st = {{NULL, false, err, cap}, b, NULL, 0, 0, NULL, 0};
        if (ok) ok = parse_part(b, part.data, false, styles_start, styles_end, NULL, &st.c, NULL);
        if (ok) {
            b->nxf = st.nids;
            b->xf = mem_calloc(st.nids + 1, sizeof *b->xf);
            for (size_t i = 0; i < st.nids; i++) {
                int id = st.xf_ids[i];
                cell_numfmt k = id < 164 ? builtin_kind(id) : NUMFMT_OTHER;
                for (int f = 0; f < st.nfmts; f++)
                    if (st.fmts[f].id == id) k = st.fmts[f].kind;
                b->xf[i] = k;
            }
        }
        mem_free(st.fmts);
        mem_free(st.xf_ids);
        buf_free(&part);
    }
    buf_free(&base);
    buf_free(&rels);
    return ok;
}

xlsx_book *xlsx_book_open(int fd, char *err, size_t cap)
{
    int zerr = 0;
    zip_t *z = zip_fdopen(fd, ZIP_RDONLY, &zerr);
    if (!z) {
        zip_error_t ze;
        zip_error_init_with_code(&ze, zerr);
        snprintf(err, cap, _("not a readable .xlsx workbook (%s)"), zip_error_strerror(&ze));
        zip_error_fini(&ze);
        close(fd);
        return NULL;
    }
    xlsx_book *b = mem_calloc(1, sizeof *b);
    b->z = z;
    if (!book_parts(b, err, cap)) {
        xlsx_book_close(b);
        return NULL;
    }
    return b;
}

void xlsx_book_close(xlsx_book *b)
{
    if (!b) return;
    zip_discard(b->z);
    for (int i = 0; i < b->nsheets; i++) {
        mem_free(b->sheets[i].name);
        mem_free(b->sheets[i].rid);
        mem_free(b->sheets[i].part);
    }
    mem_free(b->sheets);
    mem_free(b->workbook);
    buf_free(&b->sst);
    mem_free(b->sst_at);
    mem_free(b->xf);
    mem_free(b);
}

int xlsx_book_nsheets(const xlsx_book *b) { return b->nsheets; }
const char *xlsx_book_sheet_name(const xlsx_book *b, int i) { return b->sheets[i].name; }
bool xlsx_book_date1904(const xlsx_book *b) { return b->date1904; }

/* ---- a sheet, row by row ------------------------------------------------------------ */

typedef struct row_cell {
    uint32_t col;
    char type[12];       /* the t attribute ("s", "str", "inlineStr", "b", "e", "d", "n") */
    size_t style;
    bool formula;
    size_t at;           /* its text in the row buffer (from `at` to the NUL) */
    bool has_text;
} row_cell;

typedef struct sheet_ctx {
    part_ctx c;
    xlsx_book *b;
    sheet_row_fn fn;
    void *ud;
    const char *sheet;
    int in_data, in_v, in_is_t, in_rph, in_is;
    uint32_t row, last_row;
    long last_col;
    row_cell *cells;
    size_t ncells, cap;
    buf text;            /* the row's collected texts */
    bool stopped;
} sheet_ctx;

static void sheet_start(void *ud, const char *name, const char **atts)
{
    sheet_ctx *s = ud;
    const char *n = local(name);
    if (strcmp(n, "sheetData") == 0) {
        s->in_data = 1;
    } else if (!s->in_data) {
        return;
    } else if (strcmp(n, "row") == 0) {
        const char *r = attr(atts, "r");
        uint32_t row = r ? (uint32_t)strtoul(r, NULL, 10) : s->last_row + 1;
        if (row == 0 || row <= s->last_row) {
            part_fail(&s->c, "sheet '%s': row %s comes after row %u (the sheet is damaged)", s->sheet, r ? r : "?",
                      (unsigned)s->last_row);
            return;
        }
        s->row = row;
        s->ncells = 0;
        s->text.len = 0;
        s->last_col = -1;
    } else if (strcmp(n, "c") == 0) {
        const char *r = attr(atts, "r"), *t = attr(atts, "t"), *st = attr(atts, "s");
        uint32_t col = (uint32_t)(s->last_col + 1), row = 0;
        if (r && !sheet_parse_ref(r, &col, &row)) {
            part_fail(&s->c, "sheet '%s': a cell named '%.20s' (the sheet is damaged)", s->sheet, r);
            return;
        }
        if (col >= XLSX_MAX_COLS) {
            part_fail(&s->c, "sheet '%s': a cell past column XFD (the sheet is damaged)", s->sheet);
            return;
        }
        VEC_RESERVE(s->cells, s->ncells + 1, s->cap);
        row_cell *c = &s->cells[s->ncells++];
        memset(c, 0, sizeof *c);
        c->col = col;
        snprintf(c->type, sizeof c->type, "%s", t ? t : "n");
        c->style = st ? (size_t)strtoul(st, NULL, 10) : 0;
        c->at = s->text.len;
        s->last_col = (long)col;
    } else if (s->ncells && strcmp(n, "v") == 0) {
        s->in_v = 1;
        s->cells[s->ncells - 1].has_text = true;
    } else if (s->ncells && strcmp(n, "f") == 0) {
        s->cells[s->ncells - 1].formula = true;
    } else if (s->ncells && strcmp(n, "is") == 0) {
        s->in_is = 1;
        s->cells[s->ncells - 1].has_text = true;
    } else if (s->in_is && strcmp(n, "rPh") == 0) {
        s->in_rph++;
    } else if (s->in_is && strcmp(n, "t") == 0) {
        s->in_is_t++;
    }
}

static void sheet_text(void *ud, const char *text, int len)
{
    sheet_ctx *s = ud;
    if (!(s->in_v || (s->in_is && s->in_is_t && !s->in_rph))) return;
    if (s->text.len + (size_t)len > XLSX_MAX_ROW_TEXT) {
        part_fail(&s->c, "sheet '%s' row %u: more than %u MiB of text in one row", s->sheet, (unsigned)s->row,
                  XLSX_MAX_ROW_TEXT >> 20);
        return;
    }
    buf_put(&s->text, text, (size_t)len);
}

static int by_col(const void *a, const void *b)
{
    const sheet_cell *x = a, *y = b;
    return (x->col > y->col) - (x->col < y->col);
}

/* The row's cells as sheet_cells, handed to the callback. */
static void row_done(sheet_ctx *s)
{
    sheet_cell *out = mem_alloc((s->ncells + 1) * sizeof *out);
    int n = 0;
    bool sorted = true;
    for (size_t i = 0; i < s->ncells; i++) {
        row_cell *c = &s->cells[i];
        const char *v = c->has_text ? s->text.data + c->at : "";
        size_t len = c->has_text ? strlen(v) : 0;
        sheet_cell sc = {.col = c->col, .kind = CELL_TEXT, .text = v, .len = len, .numfmt = NUMFMT_NONE};
        if (strcmp(c->type, "s") == 0) {
            char *end;
            errno = 0;
            unsigned long k = strtoul(v, &end, 10);
            if (!len || *end || errno || k >= s->b->nsst) {
                char at[24];
                sheet_cell_name(c->col, s->row, at);
                part_fail(&s->c, "sheet '%s' cell %s: refers to a shared string the workbook does not have (it is damaged)",
                          s->sheet, at);
                mem_free(out);
                return;
            }
            sc.text = s->b->sst.data + s->b->sst_at[k];
            sc.len = strlen(sc.text);
        } else if (strcmp(c->type, "str") == 0 || strcmp(c->type, "inlineStr") == 0) {
            if (c->formula && !c->has_text) sc.kind = CELL_NO_VALUE;
        } else if (strcmp(c->type, "b") == 0) {
            sc.kind = CELL_BOOL;
        } else if (strcmp(c->type, "e") == 0) {
            sc.kind = CELL_ERROR;
        } else if (strcmp(c->type, "d") == 0) {
            sc.kind = CELL_ISO_DATE;
        } else {
            sc.kind = CELL_NUMBER;
            if (len == 0 && c->formula) sc.kind = CELL_NO_VALUE;
            sc.numfmt = c->style < s->b->nxf ? s->b->xf[c->style] : NUMFMT_NONE;
        }
        if (sc.kind != CELL_NO_VALUE && sc.len == 0) continue; /* an empty cell (a style only) */
        if (n > 0 && out[n - 1].col >= sc.col) sorted = false;
        out[n++] = sc;
    }
    if (!sorted) qsort(out, (size_t)n, sizeof *out, by_col);
    if (!s->fn(s->ud, s->row, out, n)) {
        s->stopped = true;
        XML_StopParser(s->c.p, XML_FALSE);
    }
    mem_free(out);
}

static void sheet_end(void *ud, const char *name)
{
    sheet_ctx *s = ud;
    const char *n = local(name);
    if (!s->in_data) return;
    if (strcmp(n, "sheetData") == 0) {
        s->in_data = 0;
    } else if (strcmp(n, "row") == 0) {
        if (!s->c.failed) row_done(s);
        s->last_row = s->row;
    } else if (strcmp(n, "v") == 0) {
        s->in_v = 0;
        buf_putc(&s->text, '\0');
    } else if (strcmp(n, "is") == 0) {
        s->in_is = 0;
        buf_putc(&s->text, '\0');
    } else if (strcmp(n, "rPh") == 0 && s->in_rph) {
        s->in_rph--;
    } else if (strcmp(n, "t") == 0 && s->in_is_t) {
        s->in_is_t--;
    } else if (strcmp(n, "c") == 0) { /* (a <c> that opened is in cells: one that failed stopped the parser) */
        row_cell *c = &s->cells[s->ncells - 1];
        if (!c->has_text) { /* no <v>: an empty cell, or a formula never computed */
            c->at = s->text.len;
            buf_putc(&s->text, '\0');
        }
    }
}

bool xlsx_book_read(xlsx_book *b, int i, sheet_row_fn fn, void *ud, char *err, size_t cap)
{
    sheet_ctx s;
    memset(&s, 0, sizeof s);
    s.c = (part_ctx){NULL, false, err, cap};
    s.b = b;
    s.fn = fn;
    s.ud = ud;
    s.sheet = b->sheets[i].name;
    bool ok = parse_part(b, b->sheets[i].part, true, sheet_start, sheet_end, sheet_text, &s.c, NULL);
    if (!ok && s.stopped) ok = true; /* the callback stopped it (nothing fails once it has) */
    mem_free(s.cells);
    buf_free(&s.text);
    return ok;
}
