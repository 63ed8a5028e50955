/*
 * xlsx.c — the XLSX writer: results, ledgers, errors and the manifest, in
 * libxlsxwriter's constant-memory mode (each row is written out as soon as
 * the next one starts, so a large roster does not stay in memory).
 */
#include "xlsx.h"

#include <errno.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <xlsxwriter.h>

#include "dates.h"
#include "manifest.h"
#include "present.h"
#include "source.h"
#include "writer.h"
#include "mem.h"
#include "i18n.h"

/* 1980-01-01T00:00:00Z: the document's fixed creation date (as in the zip
 * entries), so that its bytes depend on the input only. */
#define XLSX_FIXED_DATE 315532800
#define XLSX_MAX_WIDTH 60
#define XLSX_MAX_TEXT 32767   /* characters in a cell (UTF-16 units, as Excel counts) */
#define NO_RECORD ((size_t)-1)

typedef struct sheet {
    const char *name;
    lxw_worksheet *ws;
    lxw_row_t row;
    int ncols;
    int *width;        /* widest cell per column, in display columns */
    char **colname;    /* [ncols] the header of each column */
    bool full;         /* more rows than a sheet holds */
} sheet;

struct xlsx_writer {
    const plan *pl;
    char path[64];     /* the workbook file: /proc/self/fd/N of an unlinked
                          temporary file, or its name where /proc is missing */
    int fd;            /* that file, open */
    bool named;        /* the file still has a name (to remove at the end) */
    lxw_workbook *wb;
    lxw_format *bold, *money, *date, *datetime;
    sheet results, ledgers, errors;
    int *ledger_def;   /* ledger index -> definition that holds it */
    int ledger_sheets; /* the ledgers go on over this many sheets */
    char ledgers_name[32]; /* the name of the ledgers sheet written now */
    bool no_ledgers;   /* left out (--no-ledgers) */
    bool failed;
    char err[512];
    size_t record;     /* the record being written (0-based) */
    const char *id;    /* its id, or NULL */
};

static const char *const ledger_head[] = {"id", "output", "entry", "amount", "applied"};

/* ---- cells ------------------------------------------------------------- */

static void widen(sheet *s, int col, const char *text, size_t len)
{
    int w = utf8_display_width(text, len);
    if (col < s->ncols && w > s->width[col]) s->width[col] = w;
}

/* Characters as Excel counts them: UTF-16 units (a character beyond the
 * BMP is two). */
static size_t excel_length(const char *text, size_t len)
{
    size_t n = 0;
    for (size_t i = 0; i < len; i++) {
        unsigned char c = (unsigned char)text[i];
        if ((c & 0xC0) != 0x80) n += c >= 0xF0 ? 2 : 1;
    }
    return n;
}

/* The workbook fails (the first failure says why); no later cell is written. */
static void fail(xlsx_writer *x, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void fail(xlsx_writer *x, const char *fmt, ...)
{
    if (!x->failed) {
        va_list ap;
        va_start(ap, fmt);
        vsnprintf(x->err, sizeof x->err, fmt, ap);
        va_end(ap);
    }
    x->failed = true;
}

/* A text cell.  Text longer than a cell holds fails the workbook with where
 * it is: never a silent cut. */
static void put_text(xlsx_writer *x, sheet *s, int col, const char *text, size_t len, lxw_format *f)
{
    if (s->full) return;
    size_t chars = excel_length(text, len);
    if (chars > XLSX_MAX_TEXT) {
        buf who = {0};
        if (x->record != NO_RECORD) buf_printf(&who, _(" (record %zu"), x->record + 1);
        if (x->record != NO_RECORD && x->id) { /* the id in part: it may be the long text */
            size_t n = strlen(x->id), keep = n > 40 ? 40 : n;
            while (keep < n && keep > 0 && ((unsigned char)x->id[keep] & 0xC0) == 0x80) keep--;
            buf_printf(&who, ", id \"%.*s%s\"", (int)keep, x->id, keep < n ? "…" : "");
        }
        if (who.data) buf_putc(&who, ')');
        fail(x,
             _("the %s sheet, row %u, column '%s'%s: the text is %zu characters, more than the %d an Excel cell holds; "
             "nothing is cut: use --format csv or json for this input"),
             s->name, (unsigned)s->row + 1, col < s->ncols && s->colname[col] ? s->colname[col] : "?",
             who.data ? who.data : "", chars, XLSX_MAX_TEXT);
        buf_free(&who);
        return;
    }
    char *t = mem_strndup(text, len);
    worksheet_write_string(s->ws, s->row, (lxw_col_t)col, t, f);
    widen(s, col, t, len);
    mem_free(t);
}

/* A number cell; a big number (beyond int64/int64, num.h), which a cell's
 * double cannot hold, is written as its exact decimal text instead. */
static void put_num(xlsx_writer *x, sheet *s, int col, kh_num n, bool money)
{
    if (s->full) return;
    buf text = {0};
    num_write(&text, n, money ? 2 : 0);
    if (num_is_big(n)) {
        put_text(x, s, col, text.data, text.len, NULL);
    } else {
        worksheet_write_number(s->ws, s->row, (lxw_col_t)col, num_to_double(n), money ? x->money : NULL);
        widen(s, col, text.data, text.len);
    }
    buf_free(&text);
}

static void put_value(xlsx_writer *x, sheet *s, int col, const value *v, const ktype *t)
{
    if (s->full) return;
    char tmp[32];
    switch (v->kind) {
    case VK_NONE: return;
    case VK_BOOL:
        worksheet_write_boolean(s->ws, s->row, (lxw_col_t)col, v->b, NULL);
        widen(s, col, "FALSE", 5);
        return;
    case VK_NUM: put_num(x, s, col, v->n, t && t->kind == T_MONEY); return;
    case VK_TEXT: put_text(x, s, col, v->s, v->len, NULL); return;
    case VK_ENUM: put_text(x, s, col, v->s, strlen(v->s), NULL); return;
    case VK_DATE: {
        int y, m, d;
        date_to_ymd(v->date, &y, &m, &d);
        lxw_datetime dt = {y, m, d, 0, 0, 0};
        worksheet_write_datetime(s->ws, s->row, (lxw_col_t)col, &dt, x->date);
        widen(s, col, "2014-06-01", 10);
        return;
    }
    case VK_DATETIME: {
        int32_t days;
        int h, mi, sec, y, m, d;
        datetime_to_parts(v->dt, &days, &h, &mi, &sec);
        date_to_ymd(days, &y, &m, &d);
        lxw_datetime dt = {y, m, d, h, mi, sec};
        worksheet_write_datetime(s->ws, s->row, (lxw_col_t)col, &dt, x->datetime);
        widen(s, col, "2014-06-01 10:30:00", 19);
        return;
    }
    case VK_MONTH: {
        int n = month_format(v->month, tmp);
        put_text(x, s, col, tmp, (size_t)n, NULL);
        return;
    }
    default: { /* lists: their JSON text */
        buf b = {0};
        write_json_value(&b, v, t);
        put_text(x, s, col, b.data ? b.data : "", b.len, NULL);
        buf_free(&b);
        return;
    }
    }
}

static void set_widths(sheet *s);
static void sheet_free(sheet *s);
static bool sheet_new(xlsx_writer *x, sheet *s, const char *name, int ncols, const char *const *heads, int nheads);

/* The ledgers go on on a sheet of their own ("ledgers 2", "ledgers 3"...)
 * when one is full. */
static bool ledgers_continue(xlsx_writer *x)
{
    set_widths(&x->ledgers);
    sheet_free(&x->ledgers);
    memset(&x->ledgers, 0, sizeof x->ledgers);
    snprintf(x->ledgers_name, sizeof x->ledgers_name, "ledgers %d", ++x->ledger_sheets);
    if (!sheet_new(x, &x->ledgers, x->ledgers_name, 5, ledger_head, 5)) return false;
    worksheet_freeze_panes(x->ledgers.ws, 1, 1);
    return true;
}

/* Next row; a sheet that is full fails the workbook (never a silent cut),
 * but for the ledgers, which go on on the next sheet. */
static void next_row(xlsx_writer *x, sheet *s, const char *name)
{
    if (s->full) return;
    if (s == &x->ledgers && s->row + 1 >= LXW_ROW_MAX && ledgers_continue(x)) {
        s->row = 1;
        return;
    }
    if (s->row + 1 >= LXW_ROW_MAX) {
        s->full = true;
        fail(x, _("the %s do not fit in one sheet (%d rows); use --format csv"), name, LXW_ROW_MAX);
        return;
    }
    s->row++;
}

/* ---- columns of the results sheet ------------------------------------- */

static int count_columns(const ktype *t)
{
    if (!t || t->kind != T_RECORD) return 1;
    int n = 0;
    for (int i = 0; i < t->nfields; i++) n += count_columns(t->fields[i]);
    return n;
}

/* Row `row` of the header: names (0) or labels (1).  Constant-memory mode
 * writes rows in order, so each row is written whole before the next. */
static void header_of(sheet *s, lxw_format *bold, int row, int *col, const char *name, const char *label, const ktype *t)
{
    if (t && t->kind == T_RECORD) {
        for (int i = 0; i < t->nfields; i++) {
            buf sub = {0};
            buf_printf(&sub, "%s.%s", name, t->names[i]);
            header_of(s, bold, row, col, sub.data, i == 0 ? label : NULL, t->fields[i]);
            buf_free(&sub);
        }
        return;
    }
    const char *text = row == 0 ? name : label;
    if (row == 0 && *col < s->ncols && !s->colname[*col]) s->colname[*col] = mem_strdup(name);
    if (text) {
        worksheet_write_string(s->ws, (lxw_row_t)row, (lxw_col_t)*col, text, bold);
        widen(s, *col, text, strlen(text));
    }
    (*col)++;
}

static void values_of(xlsx_writer *x, int *col, const value *v, const ktype *t)
{
    if (t && t->kind == T_RECORD) {
        for (int i = 0; i < t->nfields; i++) {
            value none = {.kind = VK_NONE};
            values_of(x, col, v->kind == VK_RECORD && (uint32_t)i < v->len ? &v->items[i] : &none, t->fields[i]);
        }
        return;
    }
    put_value(x, &x->results, (*col)++, v, t);
}

static void sheet_free(sheet *s)
{
    for (int i = 0; s->colname && i < s->ncols; i++) mem_free(s->colname[i]);
    mem_free(s->colname);
    mem_free(s->width);
}

static bool sheet_new(xlsx_writer *x, sheet *s, const char *name, int ncols, const char *const *heads, int nheads)
{
    s->name = name;
    s->ws = workbook_add_worksheet(x->wb, name);
    if (!s->ws) return false;
    s->ncols = ncols;
    s->width = mem_calloc((size_t)ncols + 1, sizeof *s->width);
    s->colname = mem_calloc((size_t)ncols + 1, sizeof *s->colname);
    for (int i = 0; i < nheads; i++) {
        s->colname[i] = mem_strdup(heads[i]);
        worksheet_write_string(s->ws, 0, (lxw_col_t)i, heads[i], x->bold);
        widen(s, i, heads[i], strlen(heads[i]));
    }
    return true;
}

/* The file libxlsxwriter writes the workbook to (it needs a name): a
 * temporary file that is unlinked at once and named /proc/self/fd/N, so a
 * run killed outright leaves nothing behind; without /proc, the file keeps
 * its name until the end. */
static bool workbook_file(xlsx_writer *x, char *err, size_t cap)
{
    const char *dir = getenv("TMPDIR");
    buf name = {0};
    buf_printf(&name, "%s/kaohe-xlsx-XXXXXX", dir && dir[0] ? dir : "/tmp");
    x->fd = mkostemp(name.data, O_CLOEXEC);
    if (x->fd < 0) {
        snprintf(err, cap, _("cannot create a temporary file for the workbook: %s"), strerror(errno));
        buf_free(&name);
        return false;
    }
    snprintf(x->path, sizeof x->path, "/proc/self/fd/%d", x->fd);
    struct stat by_fd, by_name;
    if (stat(x->path, &by_fd) == 0 && stat(name.data, &by_name) == 0 && by_fd.st_ino == by_name.st_ino &&
        by_fd.st_dev == by_name.st_dev) {
        unlink(name.data);
    } else if (name.len < sizeof x->path) {
        snprintf(x->path, sizeof x->path, "%s", name.data);
        x->named = true;
    } else {
        snprintf(err, cap, _("cannot create a temporary file for the workbook: %s"), strerror(ENAMETOOLONG));
        close(x->fd);
        unlink(name.data);
        buf_free(&name);
        return false;
    }
    buf_free(&name);
    return true;
}

xlsx_writer *xlsx_open(const plan *pl, const char *title, char *err, size_t cap)
{
    xlsx_writer *x = mem_calloc(1, sizeof *x);
    x->pl = pl;
    x->record = NO_RECORD;
    if (!workbook_file(x, err, cap)) {
        mem_free(x);
        return NULL;
    }
    lxw_workbook_options wo = {.constant_memory = LXW_TRUE, .tmpdir = NULL, .use_zip64 = LXW_FALSE};
    x->wb = workbook_new_opt(x->path, &wo);
    if (!x->wb) {
        snprintf(err, cap, _("cannot start the workbook"));
        close(x->fd);
        if (x->named) unlink(x->path);
        mem_free(x);
        return NULL;
    }
    lxw_doc_properties props = {0};
    props.title = (char *)(title ? title : "kaohe results");
    props.created = XLSX_FIXED_DATE;
    workbook_set_properties(x->wb, &props);
    x->bold = workbook_add_format(x->wb);
    format_set_bold(x->bold);
    x->money = workbook_add_format(x->wb);
    format_set_num_format(x->money, "0.00");
    x->date = workbook_add_format(x->wb);
    format_set_num_format(x->date, "yyyy-mm-dd");
    x->datetime = workbook_add_format(x->wb);
    format_set_num_format(x->datetime, "yyyy-mm-dd hh:mm:ss");

    const field_spec *period = pl->prog->chain_period && pl->prog->chain_period->slot >= 0 ? pl->prog->chain_period : NULL;
    int ncols = period ? 3 : 2; /* id [period] ... error */
    for (int i = 0; i < pl->noutputs; i++) ncols += count_columns(pl->def_syms[pl->outputs[i]]->type);
    static const char *const *lhead = ledger_head;
    x->ledger_sheets = 1;
    static const char *const ehead[] = {"record", "id", "error"};
    if (!sheet_new(x, &x->results, "results", ncols, NULL, 0) || !sheet_new(x, &x->ledgers, "ledgers", 5, lhead, 5) ||
        !sheet_new(x, &x->errors, "errors", 3, ehead, 3)) {
        snprintf(err, cap, _("cannot add the sheets"));
        lxw_workbook_free(x->wb); /* not workbook_close: it crashes on a sheet that failed half made */
        close(x->fd);
        if (x->named) unlink(x->path);
        sheet_free(&x->results);
        sheet_free(&x->ledgers);
        sheet_free(&x->errors);
        mem_free(x);
        return NULL;
    }
    const char *key_label = pl->prog->key && pl->prog->key->label ? pl->prog->key->label : NULL;
    for (int row = 0; row < 2; row++) {
        int col = 0;
        header_of(&x->results, x->bold, row, &col, "id", key_label, NULL);
        if (period) header_of(&x->results, x->bold, row, &col, period->path, period->label, NULL);
        for (int i = 0; i < pl->noutputs; i++) {
            const symbol *s = pl->def_syms[pl->outputs[i]];
            header_of(&x->results, x->bold, row, &col, s->name, s->decl->label, s->type);
        }
        header_of(&x->results, x->bold, row, &col, "error", NULL, NULL);
    }
    x->results.row = 1;
    worksheet_freeze_panes(x->results.ws, 2, 1);
    worksheet_freeze_panes(x->ledgers.ws, 1, 1);
    worksheet_freeze_panes(x->errors.ws, 1, 0);

    x->ledger_def = mem_alloc((size_t)(pl->nledgers + 1) * sizeof *x->ledger_def);
    present_ledger_owners(pl, x->ledger_def);
    return x;
}

/* ---- records ----------------------------------------------------------- */

static void ledger_rows(xlsx_writer *x, const char *id, const evalctx *ctx)
{
    if (x->no_ledgers) return;
    const plan *pl = x->pl;
    sheet *s = &x->ledgers;
    /* one agent's rows stay on one sheet: a new one when they would not fit */
    uint32_t need = 0;
    for (int k = 0; k < pl->nledgers && ctx->ledgers; k++)
        if (ctx->ledgers[k] && x->ledger_def[k] >= 0) need += 1 + (uint32_t)ctx->ledgers[k]->n;
    if (need && s->row > 0 && s->row + need >= LXW_ROW_MAX && need < LXW_ROW_MAX - 1) ledgers_continue(x);
    for (int k = 0; k < pl->nledgers && ctx->ledgers; k++) {
        const ledger_result *lr = ctx->ledgers[k];
        if (!lr || x->ledger_def[k] < 0) continue;
        const pnode *ln = pl->ledgers[k];
        bool money = ln->type && ln->type->kind == T_MONEY;
        const char *owner = pl->def_syms[x->ledger_def[k]]->name;
        const ast *decl = ln->src;
        next_row(x, s, "ledgers");
        if (id) put_text(x, s, 0, id, strlen(id), NULL);
        put_text(x, s, 1, owner, strlen(owner), NULL);
        put_text(x, s, 2, "(start)", 7, NULL);
        put_num(x, s, 3, lr->start, money);
        if (!s->full) worksheet_write_boolean(s->ws, s->row, 4, 1, NULL);
        for (int i = 0; i < lr->n; i++) {
            const ast *en = decl->list.v[i];
            next_row(x, s, "ledgers");
            if (id) put_text(x, s, 0, id, strlen(id), NULL);
            put_text(x, s, 1, owner, strlen(owner), NULL);
            put_text(x, s, 2, en->str, strlen(en->str), NULL);
            put_num(x, s, 3, lr->items[i].amount, money);
            if (!s->full) worksheet_write_boolean(s->ws, s->row, 4, lr->items[i].applied, NULL);
        }
    }
    widen(s, 4, "applied", 7);
}

static void on_result(void *ud, size_t index, const char *id, const value *outputs, const evalctx *ctx)
{
    xlsx_writer *x = ud;
    const plan *pl = x->pl;
    x->record = index;
    x->id = id;
    next_row(x, &x->results, "results");
    int col = 0;
    value idv = id ? value_text(id, (uint32_t)strlen(id)) : (value){.kind = VK_NONE};
    values_of(x, &col, &idv, NULL);
    const field_spec *period = pl->prog->chain_period;
    if (period && period->slot >= 0) { /* a chained policy's results say their period */
        value none = {.kind = VK_NONE};
        values_of(x, &col, ctx && ctx->slots ? &ctx->slots[period->slot] : &none, period->type);
    }
    for (int i = 0; i < pl->noutputs; i++) values_of(x, &col, &outputs[i], pl->def_syms[pl->outputs[i]]->type);
    ledger_rows(x, id, ctx);
}

static void on_error(void *ud, size_t index, const char *id, const char *message)
{
    xlsx_writer *x = ud;
    x->record = index;
    x->id = id;
    next_row(x, &x->results, "results");
    if (id) put_text(x, &x->results, 0, id, strlen(id), NULL);
    put_text(x, &x->results, x->results.ncols - 1, message, strlen(message), NULL);
    next_row(x, &x->errors, "errors");
    if (!x->errors.full) {
        char n[32];
        int len = snprintf(n, sizeof n, "%zu", index + 1);
        worksheet_write_number(x->errors.ws, x->errors.row, 0, (double)(index + 1), NULL);
        widen(&x->errors, 0, n, (size_t)len);
    }
    if (id) put_text(x, &x->errors, 1, id, strlen(id), NULL);
    put_text(x, &x->errors, 2, message, strlen(message), NULL);
}

void xlsx_check_failed(xlsx_writer *x, const failed_check *c, arena *A)
{
    next_row(x, &x->errors, "errors");
    buf ids = {0}, msg = {0};
    for (int i = 0; i < c->nids; i++) buf_printf(&ids, "%s%s", i ? ", " : "", c->ids[i]);
    buf_printf(&msg, _("roster check failed: %s"), c->label);
    if (c->roster[0]) buf_printf(&msg, _(" (roster %s)"), outcome_roster_text(A, c->roster));
    if (ids.len) put_text(x, &x->errors, 1, ids.data, ids.len, NULL);
    put_text(x, &x->errors, 2, msg.data, msg.len, NULL);
    buf_free(&ids);
    buf_free(&msg);
}

result_sink xlsx_sink(xlsx_writer *x)
{
    result_sink s = {x, on_result, on_error, x->no_ledgers}; /* no ledgers: nothing reads them */
    return s;
}

void xlsx_leave_out_ledgers(xlsx_writer *x)
{
    x->no_ledgers = true;
    worksheet_write_string(x->ledgers.ws, 1, 0, "(left out: --no-ledgers; the manifest sheet says so too)", NULL);
}

/* ---- closing ------------------------------------------------------------ */

static void set_widths(sheet *s)
{
    for (int c = 0; c < s->ncols; c++) {
        int w = s->width[c] + 2;
        if (w < 8) w = 8;
        if (w > XLSX_MAX_WIDTH) w = XLSX_MAX_WIDTH;
        worksheet_set_column(s->ws, (lxw_col_t)c, (lxw_col_t)c, w, NULL);
    }
}

static bool copy_out(int fd, FILE *out, char *err, size_t cap)
{
    if (lseek(fd, 0, SEEK_SET) != 0) {
        snprintf(err, cap, _("cannot read back the workbook: %s"), strerror(errno));
        return false;
    }
    char chunk[1 << 16];
    ssize_t got;
    bool ok = true;
    while (ok && (got = read(fd, chunk, sizeof chunk)) > 0) ok = fwrite(chunk, 1, (size_t)got, out) == (size_t)got;
    if (got < 0) ok = false;
    if (ok && fflush(out) != 0) ok = false;
    if (!ok) snprintf(err, cap, _("cannot write the workbook"));
    return ok;
}

bool xlsx_finish(xlsx_writer *x, kh_manifest *m, FILE *out, char *err, size_t cap)
{
    if (m) {
        static const char *const mhead[] = {"what", "which", "value"};
        sheet ms = {0};
        if (sheet_new(x, &ms, "manifest", 3, mhead, 3)) {
            manifest_item *it;
            int n = manifest_items(m, false, &it);
            for (int i = 0; i < n; i++) {
                next_row(x, &ms, "manifest");
                x->id = NULL;
                put_text(x, &ms, 0, it[i].what, strlen(it[i].what), NULL);
                put_text(x, &ms, 1, it[i].which, strlen(it[i].which), NULL);
                put_text(x, &ms, 2, it[i].value, strlen(it[i].value), NULL);
            }
            /* where the ledgers are, or that they were left out */
            char where[64];
            if (x->no_ledgers) snprintf(where, sizeof where, _("left out (--no-ledgers)"));
            else if (x->ledger_sheets > 1) snprintf(where, sizeof where, _("sheets ledgers to ledgers %d"), x->ledger_sheets);
            else snprintf(where, sizeof where, _("sheet ledgers"));
            next_row(x, &ms, "manifest");
            x->id = NULL;
            put_text(x, &ms, 0, "ledgers", 7, NULL);
            put_text(x, &ms, 2, where, strlen(where), NULL);
            worksheet_freeze_panes(ms.ws, 1, 0);
            set_widths(&ms);
        }
        sheet_free(&ms);
    }
    set_widths(&x->results);
    set_widths(&x->ledgers);
    set_widths(&x->errors);
    lxw_error e = workbook_close(x->wb);
    bool ok = !x->failed && e == LXW_NO_ERROR;
    if (x->failed) snprintf(err, cap, "%s", x->err);
    else if (e != LXW_NO_ERROR) snprintf(err, cap, _("cannot write the workbook: %s"), lxw_strerror(e));
    if (ok) ok = copy_out(x->fd, out, err, cap);
    close(x->fd);
    if (x->named) unlink(x->path);
    sheet_free(&x->results);
    sheet_free(&x->ledgers);
    sheet_free(&x->errors);
    mem_free(x->ledger_def);
    mem_free(x);
    return ok;
}
