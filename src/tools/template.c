/*
 * template.c — an empty roster workbook (or CSV headers) from the input
 * schema: what HR fills in and gives back to `kaohe eval` as it is.
 *
 * Every column is one field of roster_table.c's tables, headed the way the
 * roster reader reads it back (the label, then the path in a second header
 * row), so a filled-in template needs no other step.  Cells are formatted
 * so that Excel keeps what is typed: text fields (ids such as 007, months
 * such as 2014-06) as Text, money as 0.00, dates as yyyy-mm-dd.
 */
#include "template.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <xlsxwriter.h>

#include "buf.h"
#include "policy.h"
#include "roster_table.h"
#include "writer.h"
#include "mem.h"
#include "i18n.h"

#define TEMPLATE_ROWS 1048575 /* validation down to Excel's last row (0-based) */
#define INLINE_LIST_MAX 250   /* Excel's limit for a list typed in the rule: 255 */

typedef struct tpl {
    lxw_workbook *wb;
    lxw_worksheet *lists;    /* hidden "_lists": long value lists */
    int nlists;
    lxw_format *bold, *text, *money, *date, *datetime, *integer;
} tpl;

static const char *header_of(const field_spec *f, const char *path) { return f->label ? f->label : path; }

/* A bound that is a plain number: its value, for a validation. */
static bool const_bound(const ast *b, double *out)
{
    if (!b) return false;
    if (b->kind == AST_NUMBER) {
        *out = num_to_double(b->num.value);
        return true;
    }
    if (b->kind == AST_UNARY && b->op == OP_NEG && b->a && b->a->kind == AST_NUMBER) {
        *out = -num_to_double(b->a->num.value);
        return true;
    }
    return false;
}

/* The field's description for its header comment: type and options as
 * the policy writes them (its declaration line), and what to type. */
static void comment_of(const field_spec *f, const char *path, bool required, buf *b)
{
    buf_printf(b, "%s", path);
    if (f->label) buf_printf(b, " — %s", f->label);
    buf_putc(b, '\n');
    const ast *d = f->decl;
    if (d && d->at.src && d->at.end > d->at.start) {
        const char *t = d->at.src->text + d->at.start;
        size_t n = d->at.end - d->at.start;
        const char *nl = memchr(t, '\n', n);
        if (nl) n = (size_t)(nl - t);
        const char *colon = NULL;
        for (size_t i = 0; i < n; i++)
            if (t[i] == ':' ) colon = t + i; /* the last colon: after any label */
        if (colon) buf_printf(b, "%.*s\n", (int)(n - (size_t)(colon + 1 - t)), colon + 1);
    }
    const ktype *ty = f->type;
    const char *how = ty->kind == T_MONEY ? "an amount, at most 2 decimals (1738.64)"
                      : ty->kind == T_INT ? "a whole number"
                      : ty->kind == T_DEC ? "a number (95% or 0.95)"
                      : ty->kind == T_BOOL ? "是 or 否 (TRUE or FALSE)"
                      : ty->kind == T_DATE ? "a date (2014-06-03)"
                      : ty->kind == T_DATETIME ? "a date and time (2014-06-03 10:30:00)"
                      : ty->kind == T_MONTH ? "a month as text (2014-06)"
                      : ty->kind == T_ENUM ? "one of the listed codes"
                      : ty->kind == T_LIST ? "values separated by commas (99, 100.5)"
                                           : "text";
    buf_printf(b, "type %s. %s", how, required ? "必填 required" : "可空 may be left empty");
    if (f->key) buf_puts(b, ". 每行唯一 the key: one row per record");
}

static lxw_format *format_of(const tpl *t, const ktype *ty)
{
    switch (ty->kind) {
    case T_MONEY: return t->money;
    case T_INT: return t->integer;
    case T_DATE: return t->date;
    case T_DATETIME: return t->datetime;
    case T_TEXT:
    case T_ENUM:
    case T_MONTH:
    case T_LIST: return t->text;
    default: return NULL;
    }
}

/* Drop-down of `n` values: typed in the rule when short, else a range of the
 * hidden _lists sheet. */
static void list_validation(tpl *t, lxw_worksheet *ws, int col, const char *const *values, int n)
{
    lxw_data_validation v;
    memset(&v, 0, sizeof v);
    size_t len = 0;
    for (int i = 0; i < n; i++) len += strlen(values[i]) + 1;
    char formula[128];
    const char **terminated = mem_calloc((size_t)n + 1, sizeof *terminated); /* libxlsxwriter wants a NULL at the end */
    memcpy(terminated, values, (size_t)n * sizeof *values);
    if (len <= INLINE_LIST_MAX) {
        v.validate = LXW_VALIDATION_TYPE_LIST;
        v.value_list = (char **)terminated;
    } else {
        if (!t->lists) {
            t->lists = workbook_add_worksheet(t->wb, "_lists");
            worksheet_hide(t->lists);
        }
        for (int i = 0; i < n; i++) worksheet_write_string(t->lists, (lxw_row_t)i, (lxw_col_t)t->nlists, values[i], NULL);
        char c[8];
        sheet_col_name((uint32_t)t->nlists, c);
        snprintf(formula, sizeof formula, "=_lists!$%s$1:$%s$%d", c, c, n);
        v.validate = LXW_VALIDATION_TYPE_LIST_FORMULA;
        v.value_formula = formula;
        t->nlists++;
    }
    v.error_type = LXW_VALIDATION_ERROR_TYPE_STOP;
    worksheet_data_validation_range(ws, 2, (lxw_col_t)col, TEMPLATE_ROWS, (lxw_col_t)col, &v);
    mem_free(terminated);
}

static void validate_column(tpl *t, lxw_worksheet *ws, int col, const field_spec *f)
{
    const ktype *ty = f->type;
    if (ty->kind == T_ENUM) {
        list_validation(t, ws, col, ty->values, ty->nvalues);
        return;
    }
    if (ty->kind == T_BOOL) {
        static const char *const yes_no[] = {"是", "否", "TRUE", "FALSE", NULL};
        list_validation(t, ws, col, yes_no, 4);
        return;
    }
    lxw_data_validation v;
    memset(&v, 0, sizeof v);
    double lo = 0, hi = 0;
    bool has_lo = const_bound(f->min, &lo), has_hi = const_bound(f->max, &hi);
    if (type_is_numeric(ty)) {
        if (!has_lo && !has_hi && ty->kind != T_INT) return;
        v.validate = ty->kind == T_INT ? LXW_VALIDATION_TYPE_INTEGER : LXW_VALIDATION_TYPE_DECIMAL;
        if (has_lo && has_hi) {
            v.criteria = LXW_VALIDATION_CRITERIA_BETWEEN;
            v.minimum_number = lo;
            v.maximum_number = hi;
        } else if (has_lo) {
            v.criteria = f->min_strict ? LXW_VALIDATION_CRITERIA_GREATER_THAN : LXW_VALIDATION_CRITERIA_GREATER_THAN_OR_EQUAL_TO;
            v.value_number = lo;
        } else if (has_hi) {
            v.criteria = f->max_strict ? LXW_VALIDATION_CRITERIA_LESS_THAN : LXW_VALIDATION_CRITERIA_LESS_THAN_OR_EQUAL_TO;
            v.value_number = hi;
        } else { /* a whole number, of any size */
            v.criteria = LXW_VALIDATION_CRITERIA_BETWEEN;
            v.minimum_number = -1e15;
            v.maximum_number = 1e15;
        }
    } else if (ty->kind == T_DATE || ty->kind == T_DATETIME) {
        v.validate = LXW_VALIDATION_TYPE_DATE;
        v.criteria = LXW_VALIDATION_CRITERIA_BETWEEN;
        v.minimum_datetime = (lxw_datetime){1900, 1, 1, 0, 0, 0};
        v.maximum_datetime = (lxw_datetime){9999, 12, 31, 23, 59, 59};
    } else {
        return;
    }
    v.error_type = LXW_VALIDATION_ERROR_TYPE_STOP;
    worksheet_data_validation_range(ws, 2, (lxw_col_t)col, TEMPLATE_ROWS, (lxw_col_t)col, &v);
}

static void column(tpl *t, lxw_worksheet *ws, int col, const field_spec *f, const char *path, bool required)
{
    const char *head = header_of(f, path);
    worksheet_write_string(ws, 0, (lxw_col_t)col, head, t->bold);
    worksheet_write_string(ws, 1, (lxw_col_t)col, path, NULL);
    buf c = {0};
    comment_of(f, path, required, &c);
    worksheet_write_comment(ws, 0, (lxw_col_t)col, c.data);
    buf_free(&c);
    double width = (double)strlen(head) + 2;
    if (width < 12) width = 12;
    if (width > 40) width = 40;
    worksheet_set_column(ws, (lxw_col_t)col, (lxw_col_t)col, width, format_of(t, f->type));
    validate_column(t, ws, col, f);
}

static bool sheet_name_ok(const char *name) { return strlen(name) <= 31 && !strpbrk(name, "[]:*?/\\"); }

static bool template_xlsx(const kh_policy *p, const roster_table *tables, int ntables, FILE *out, char *err, size_t cap)
{
    const char *dir = getenv("TMPDIR");
    buf name = {0};
    buf_printf(&name, "%s/kaohe-template-XXXXXX", dir && dir[0] ? dir : "/tmp");
    int fd = mkstemp(name.data);
    if (fd < 0) {
        snprintf(err, cap, _("cannot make a temporary file for the workbook"));
        buf_free(&name);
        return false;
    }
    tpl t;
    memset(&t, 0, sizeof t);
    lxw_workbook_options wo = {.constant_memory = LXW_FALSE, .tmpdir = NULL, .use_zip64 = LXW_FALSE};
    t.wb = workbook_new_opt(name.data, &wo);
    bool ok = t.wb != NULL;
    if (ok) {
        lxw_doc_properties props = {.title = (char *)(p->prog->title ? p->prog->title : "kaohe roster"),
                                    .created = 315532800};
        workbook_set_properties(t.wb, &props);
        t.bold = workbook_add_format(t.wb);
        format_set_bold(t.bold);
        t.text = workbook_add_format(t.wb);
        format_set_num_format(t.text, "@");
        t.money = workbook_add_format(t.wb);
        format_set_num_format(t.money, "0.00");
        t.integer = workbook_add_format(t.wb);
        format_set_num_format(t.integer, "0");
        t.date = workbook_add_format(t.wb);
        format_set_num_format(t.date, "yyyy-mm-dd");
        t.datetime = workbook_add_format(t.wb);
        format_set_num_format(t.datetime, "yyyy-mm-dd hh:mm:ss");
        for (int ti = 0; ti < ntables && ok; ti++) {
            const roster_table *tb = &tables[ti];
            const char *sheet = ti == 0 ? "roster" : tb->list_path;
            if (sheet[0] == '_') { /* the roster reader skips '_' sheets (roster_read.c) */
                snprintf(err, cap, _("the list '%s' cannot name a sheet: sheets starting with '_' are kaohe's own, "
                                     "which the roster reader skips; rename the list"), sheet);
                ok = false;
                break;
            }
            if (!sheet_name_ok(sheet)) {
                snprintf(err, cap, _("the list '%s' cannot name a sheet (at most 31 characters, none of []:*?/\\)"), sheet);
                ok = false;
                break;
            }
            lxw_worksheet *ws = workbook_add_worksheet(t.wb, sheet);
            if (!ws) {
                snprintf(err, cap, _("cannot add the sheet '%s'"), sheet);
                ok = false;
                break;
            }
            int col = 0;
            if (tb->list) column(&t, ws, col++, tb->key, tb->key->path, true);
            for (int i = 0; i < tb->nleaves; i++)
                column(&t, ws, col++, tb->leaves[i].f, tb->leaves[i].path, tb->leaves[i].required);
            worksheet_freeze_panes(ws, 2, 1);
        }
        lxw_error e = workbook_close(t.wb);
        if (ok && e != LXW_NO_ERROR) {
            snprintf(err, cap, _("cannot write the workbook: %s"), lxw_strerror(e));
            ok = false;
        }
    } else {
        snprintf(err, cap, _("cannot start the workbook"));
    }
    if (ok) {
        FILE *f = fopen(name.data, "rb");
        char chunk[1 << 16];
        size_t got;
        ok = f != NULL;
        while (ok && (got = fread(chunk, 1, sizeof chunk, f)) > 0) ok = fwrite(chunk, 1, got, out) == got;
        if (f) fclose(f);
        if (ok && fflush(out) != 0) ok = false;
        if (!ok) snprintf(err, cap, _("cannot write the workbook"));
    }
    close(fd);
    unlink(name.data);
    buf_free(&name);
    return ok;
}

/* One CSV cell, quoted when it needs to be (RFC 4180). */
static void csv_cell(buf *b, const char *s, bool first)
{
    if (!first) buf_putc(b, ',');
    if (strpbrk(s, ",\"\r\n")) {
        buf_putc(b, '"');
        for (; *s; s++) {
            if (*s == '"') buf_putc(b, '"');
            buf_putc(b, *s);
        }
        buf_putc(b, '"');
    } else {
        buf_puts(b, s);
    }
}

static bool template_csv(const roster_table *tb, FILE *out)
{
    buf b = {0};
    buf_puts(&b, "\xEF\xBB\xBF");
    for (int row = 0; row < 2; row++) {
        int col = 0;
        if (tb->list) csv_cell(&b, row == 0 ? header_of(tb->key, tb->key->path) : tb->key->path, col++ == 0);
        for (int i = 0; i < tb->nleaves; i++)
            csv_cell(&b, row == 0 ? header_of(tb->leaves[i].f, tb->leaves[i].path) : tb->leaves[i].path, col++ == 0);
        buf_puts(&b, "\r\n");
    }
    bool ok = fwrite(b.data, 1, b.len, out) == b.len && fflush(out) == 0;
    buf_free(&b);
    return ok;
}

int kh_template_lists(const kh_policy *p, char **paths, int max)
{
    roster_table *tables;
    int n;
    char err[256];
    if (!roster_tables(p->prog, &tables, &n, err, sizeof err)) return 0;
    int k = 0;
    for (int i = 1; i < n; i++, k++)
        if (k < max) {
            paths[k] = mem_strdup(tables[i].list_path);
        }
    roster_tables_free(tables, n);
    return k;
}

bool kh_template(const kh_policy *p, kh_format format, FILE *out, FILE *const *lists, char *err, size_t cap)
{
    roster_table *tables;
    int n;
    if (p->prog->input->nchildren == 0) { /* the root group the checker makes is empty without an input section */
        snprintf(err, cap, _("the policy has no input schema: there is nothing to fill in"));
        return false;
    }
    if (!roster_tables(p->prog, &tables, &n, err, cap)) return false;
    if (n > 1 && !p->prog->key) {
        snprintf(err, cap, _("the policy has no key field: the rows of the list '%s' could not say whose entries they are"),
                 tables[1].list_path);
        roster_tables_free(tables, n);
        return false;
    }
    bool ok;
    if (format == KH_FORMAT_XLSX) {
        ok = template_xlsx(p, tables, n, out, err, cap);
    } else {
        ok = template_csv(&tables[0], out);
        for (int i = 1; ok && i < n; i++)
            if (lists && lists[i - 1]) ok = template_csv(&tables[i], lists[i - 1]);
        if (!ok) snprintf(err, cap, _("cannot write the headers"));
    }
    roster_tables_free(tables, n);
    return ok;
}
