/*
 * xlsx.c — the XLSX writer: results, ledgers, errors and the manifest, in
 * libxlsxwriter's constant-memory mode (each row is written out as soon as
 * the next one starts, so a large roster does not stay in memory).
 */
#include "xlsx.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <xlsxwriter.h>

#include "dates.h"
#include "manifest.h"
#include "present.h"
#include "source.h"
#include "writer.h"

/* 1980-01-01T00:00:00Z: the document's fixed creation date (as in the zip
 * entries), so that its bytes depend on the input only. */
#define XLSX_FIXED_DATE 315532800
#define XLSX_MAX_WIDTH 60
#define XLSX_MAX_TEXT 32767

typedef struct sheet {
    lxw_worksheet *ws;
    lxw_row_t row;
    int ncols;
    int *width;        /* widest cell per column, in display columns */
    bool full;         /* more rows than a sheet holds */
} sheet;

struct xlsx_writer {
    const plan *pl;
    char path[4096];
    lxw_workbook *wb;
    lxw_format *bold, *money, *date, *datetime;
    sheet results, ledgers, errors;
    int *ledger_def;   /* ledger index -> definition that holds it */
    int ledger_sheets; /* the ledgers go on over this many sheets */
    bool no_ledgers;   /* left out (--no-ledgers) */
    bool failed;
    char err[256];
};

static const char *const ledger_head[] = {"id", "output", "entry", "amount", "applied"};

/* ---- cells ------------------------------------------------------------- */

static void widen(sheet *s, int col, const char *text, size_t len)
{
    int w = utf8_display_width(text, len);
    if (col < s->ncols && w > s->width[col]) s->width[col] = w;
}

static void put_text(sheet *s, int col, const char *text, size_t len, lxw_format *f)
{
    if (s->full) return;
    char *t = strndup(text, len > XLSX_MAX_TEXT ? XLSX_MAX_TEXT : len);
    if (!t) abort();
    if (len > XLSX_MAX_TEXT) { /* a cell holds at most 32767 bytes: cut at a character boundary (the
                                  first byte left out must not continue a character: t ends before it) */
        size_t n = XLSX_MAX_TEXT;
        while (n > 0 && ((unsigned char)text[n] & 0xC0) == 0x80) n--;
        t[n] = '\0';
    }
    worksheet_write_string(s->ws, s->row, (lxw_col_t)col, t, f);
    widen(s, col, t, strlen(t));
    free(t);
}

static void put_num(xlsx_writer *x, sheet *s, int col, kh_num n, bool money)
{
    if (s->full) return;
    char tmp[NUM_FMT_MAX];
    int len = num_format(n, money ? 2 : 0, tmp);
    worksheet_write_number(s->ws, s->row, (lxw_col_t)col, num_to_double(n), money ? x->money : NULL);
    widen(s, col, tmp, (size_t)len);
}

static void put_value(xlsx_writer *x, sheet *s, int col, const value *v, const ktype *t)
{
    if (s->full) return;
    char tmp[NUM_FMT_MAX];
    switch (v->kind) {
    case VK_NONE: return;
    case VK_BOOL:
        worksheet_write_boolean(s->ws, s->row, (lxw_col_t)col, v->b, NULL);
        widen(s, col, "FALSE", 5);
        return;
    case VK_NUM: put_num(x, s, col, v->n, t && t->kind == T_MONEY); return;
    case VK_TEXT: put_text(s, col, v->s, v->len, NULL); return;
    case VK_ENUM: put_text(s, col, v->s, strlen(v->s), NULL); return;
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
        put_text(s, col, tmp, (size_t)n, NULL);
        return;
    }
    default: { /* lists: their JSON text */
        buf b = {0};
        write_json_value(&b, v, t);
        put_text(s, col, b.data ? b.data : "", b.len, NULL);
        buf_free(&b);
        return;
    }
    }
}

static void set_widths(sheet *s);
static bool sheet_new(xlsx_writer *x, sheet *s, const char *name, int ncols, const char *const *heads, int nheads);

/* The ledgers go on on a sheet of their own ("ledgers 2", "ledgers 3"...)
 * when one is full. */
static bool ledgers_continue(xlsx_writer *x)
{
    set_widths(&x->ledgers);
    free(x->ledgers.width);
    memset(&x->ledgers, 0, sizeof x->ledgers);
    char name[32];
    snprintf(name, sizeof name, "ledgers %d", ++x->ledger_sheets);
    if (!sheet_new(x, &x->ledgers, name, 5, ledger_head, 5)) return false;
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
        if (!x->failed)
            snprintf(x->err, sizeof x->err, "the %s do not fit in one sheet (%d rows); use --format csv", name, LXW_ROW_MAX);
        x->failed = true;
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
            char sub[512];
            snprintf(sub, sizeof sub, "%s.%s", name, t->names[i]);
            header_of(s, bold, row, col, sub, i == 0 ? label : NULL, t->fields[i]);
        }
        return;
    }
    const char *text = row == 0 ? name : label;
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

static bool sheet_new(xlsx_writer *x, sheet *s, const char *name, int ncols, const char *const *heads, int nheads)
{
    s->ws = workbook_add_worksheet(x->wb, name);
    if (!s->ws) return false;
    s->ncols = ncols;
    s->width = calloc((size_t)ncols + 1, sizeof *s->width);
    if (!s->width) abort();
    for (int i = 0; i < nheads; i++) {
        worksheet_write_string(s->ws, 0, (lxw_col_t)i, heads[i], x->bold);
        widen(s, i, heads[i], strlen(heads[i]));
    }
    return true;
}

xlsx_writer *xlsx_open(const plan *pl, const char *title, char *err, size_t cap)
{
    xlsx_writer *x = calloc(1, sizeof *x);
    if (!x) abort();
    x->pl = pl;
    const char *tmp = getenv("TMPDIR");
    snprintf(x->path, sizeof x->path, "%s/kaohe-xlsx-XXXXXX", tmp && tmp[0] ? tmp : "/tmp");
    int fd = mkstemp(x->path);
    if (fd < 0) {
        snprintf(err, cap, "cannot create a temporary file for the workbook: %s", strerror(errno));
        free(x);
        return NULL;
    }
    close(fd);
    lxw_workbook_options wo = {.constant_memory = LXW_TRUE, .tmpdir = NULL, .use_zip64 = LXW_FALSE};
    x->wb = workbook_new_opt(x->path, &wo);
    if (!x->wb) {
        snprintf(err, cap, "cannot start the workbook");
        unlink(x->path);
        free(x);
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
        snprintf(err, cap, "cannot add the sheets");
        workbook_close(x->wb);
        unlink(x->path);
        free(x->results.width);
        free(x->ledgers.width);
        free(x->errors.width);
        free(x);
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

    x->ledger_def = malloc((size_t)(pl->nledgers + 1) * sizeof *x->ledger_def);
    if (!x->ledger_def) abort();
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
        if (id) put_text(s, 0, id, strlen(id), NULL);
        put_text(s, 1, owner, strlen(owner), NULL);
        put_text(s, 2, "(start)", 7, NULL);
        put_num(x, s, 3, lr->start, money);
        if (!s->full) worksheet_write_boolean(s->ws, s->row, 4, 1, NULL);
        for (int i = 0; i < lr->n; i++) {
            const ast *en = decl->list.v[i];
            next_row(x, s, "ledgers");
            if (id) put_text(s, 0, id, strlen(id), NULL);
            put_text(s, 1, owner, strlen(owner), NULL);
            put_text(s, 2, en->str, strlen(en->str), NULL);
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
    next_row(x, &x->results, "results");
    if (id) put_text(&x->results, 0, id, strlen(id), NULL);
    put_text(&x->results, x->results.ncols - 1, message, strlen(message), NULL);
    next_row(x, &x->errors, "errors");
    if (!x->errors.full) {
        char n[32];
        int len = snprintf(n, sizeof n, "%zu", index + 1);
        worksheet_write_number(x->errors.ws, x->errors.row, 0, (double)(index + 1), NULL);
        widen(&x->errors, 0, n, (size_t)len);
    }
    if (id) put_text(&x->errors, 1, id, strlen(id), NULL);
    put_text(&x->errors, 2, message, strlen(message), NULL);
}

void xlsx_check_failed(xlsx_writer *x, const failed_check *c, arena *A)
{
    next_row(x, &x->errors, "errors");
    buf ids = {0}, msg = {0};
    for (int i = 0; i < c->nids; i++) buf_printf(&ids, "%s%s", i ? ", " : "", c->ids[i]);
    buf_printf(&msg, "roster check failed: %s", c->label);
    if (c->roster[0]) buf_printf(&msg, " (roster %s)", outcome_roster_text(A, c->roster));
    if (ids.len) put_text(&x->errors, 1, ids.data, ids.len, NULL);
    put_text(&x->errors, 2, msg.data, msg.len, NULL);
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

static bool copy_out(const char *path, FILE *out, char *err, size_t cap)
{
    FILE *f = fopen(path, "rb");
    if (!f) {
        snprintf(err, cap, "cannot read back the workbook: %s", strerror(errno));
        return false;
    }
    char chunk[1 << 16];
    size_t got;
    bool ok = true;
    while (ok && (got = fread(chunk, 1, sizeof chunk, f)) > 0) ok = fwrite(chunk, 1, got, out) == got;
    if (ferror(f)) ok = false;
    fclose(f);
    if (ok && fflush(out) != 0) ok = false;
    if (!ok) snprintf(err, cap, "cannot write the workbook");
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
                put_text(&ms, 0, it[i].what, strlen(it[i].what), NULL);
                put_text(&ms, 1, it[i].which, strlen(it[i].which), NULL);
                put_text(&ms, 2, it[i].value, strlen(it[i].value), NULL);
            }
            /* where the ledgers are, or that they were left out */
            char where[64];
            if (x->no_ledgers) snprintf(where, sizeof where, "left out (--no-ledgers)");
            else if (x->ledger_sheets > 1) snprintf(where, sizeof where, "sheets ledgers to ledgers %d", x->ledger_sheets);
            else snprintf(where, sizeof where, "sheet ledgers");
            next_row(x, &ms, "manifest");
            put_text(&ms, 0, "ledgers", 7, NULL);
            put_text(&ms, 2, where, strlen(where), NULL);
            worksheet_freeze_panes(ms.ws, 1, 0);
            set_widths(&ms);
        }
        free(ms.width);
    }
    set_widths(&x->results);
    set_widths(&x->ledgers);
    set_widths(&x->errors);
    lxw_error e = workbook_close(x->wb);
    bool ok = !x->failed && e == LXW_NO_ERROR;
    if (x->failed) snprintf(err, cap, "%s", x->err);
    else if (e != LXW_NO_ERROR) snprintf(err, cap, "cannot write the workbook: %s", lxw_strerror(e));
    if (ok) ok = copy_out(x->path, out, err, cap);
    unlink(x->path);
    free(x->results.width);
    free(x->ledgers.width);
    free(x->errors.width);
    free(x->ledger_def);
    free(x);
    return ok;
}
