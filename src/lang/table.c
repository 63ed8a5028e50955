/*
 * table.c — tables read from CSV files: `table quotas from "quotas.csv" by
 * level, tenure_from:` with its columns declared below it, as input fields
 * are.  The file (read by load.c, as an include is) is checked when the
 * policy is loaded: its header names the declared columns in order, every
 * cell is a value of its column's type within its bounds, no two rows have
 * the same keys, and every value of an enumeration key has rows.  Each
 * mistake is an error at its line and column of the CSV file.
 */
#include "check_internal.h"

#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "builtins.h"
#include "dates.h"
#include "value.h"
#include "mem.h"
#include "vec.h"
#include "i18n.h"

/* ---- reading CSV (RFC 4180: quotes, "" inside them, LF or CR LF) ---------- */

typedef struct cell {
    const char *text;  /* unquoted (arena) */
    uint32_t len;
    uint32_t start, end; /* where it is in the file */
} cell;

typedef struct csv_reader {
    checker *c;
    const source *src;
    uint32_t pos;
    int line;          /* of the record being read */
} csv_reader;

/* Reads one record into cells (at most cap); returns how many cells, or -1
 * at the end of the file, -2 after an error (reported).  *more: cells past
 * cap. */
static int csv_record(csv_reader *r, cell *cells, int cap, int *more)
{
    const char *t = r->src->text;
    uint32_t n = (uint32_t)r->src->len;
    *more = 0;
    if (r->pos >= n) return -1;
    int k = 0;
    for (;;) {
        uint32_t start = r->pos;
        buf b = {0};
        if (r->pos < n && t[r->pos] == '"') {
            r->pos++;
            for (;;) {
                if (r->pos >= n) {
                    diag_error(r->c->d, span_at(r->src, start, start + 1), "this quoted value has no closing quote (\")");
                    buf_free(&b);
                    return -2;
                }
                if (t[r->pos] == '"') {
                    if (r->pos + 1 < n && t[r->pos + 1] == '"') {
                        buf_putc(&b, '"');
                        r->pos += 2;
                        continue;
                    }
                    r->pos++;
                    break;
                }
                if (t[r->pos] == '\n') r->line++;
                buf_putc(&b, t[r->pos++]);
            }
            if (r->pos < n && t[r->pos] != ',' && t[r->pos] != '\n' && t[r->pos] != '\r') {
                diag_error(r->c->d, span_at(r->src, r->pos, r->pos + 1),
                           "text follows a quoted value: a value in quotes ends at its closing quote");
                buf_free(&b);
                return -2;
            }
        } else {
            while (r->pos < n && t[r->pos] != ',' && t[r->pos] != '\n' && !(t[r->pos] == '\r' && r->pos + 1 < n && t[r->pos + 1] == '\n'))
                buf_putc(&b, t[r->pos++]);
        }
        if (k < cap) {
            cells[k].text = arena_strndup(r->c->A, b.data ? b.data : "", b.len);
            cells[k].len = (uint32_t)b.len;
            cells[k].start = start;
            cells[k].end = r->pos > start ? r->pos : start + 1;
            k++;
        } else {
            (*more)++;
        }
        buf_free(&b);
        if (r->pos < n && t[r->pos] == ',') {
            r->pos++;
            continue;
        }
        if (r->pos < n && t[r->pos] == '\r') r->pos++;
        if (r->pos < n && t[r->pos] == '\n') r->pos++;
        return k;
    }
}

/* ---- cells as values ---------------------------------------------------- */

/* A bound written as a number (at least 0, within 0..10), into *out. */
static bool literal_number(const ast *e, kh_num *out)
{
    if (e && e->kind == AST_UNARY && e->op == OP_NEG && e->a->kind == AST_NUMBER) {
        *out = e->a->num.value;
        return num_neg(NULL, *out, out) == NUM_OK;
    }
    if (!e || e->kind != AST_NUMBER) return false;
    *out = e->num.value;
    return true;
}

static bool cell_error(csv_reader *r, const cell *cl, const field_spec *f, const char *what)
{
    diag_error(r->c->d, span_at(r->src, cl->start, cl->end), "'%.*s' %s (column %s)", (int)(cl->len > 60 ? 60 : cl->len),
               cl->text, what, f->name);
    return false;
}

static bool cell_value(csv_reader *r, const cell *cl, const field_spec *f, value *out)
{
    const ktype *t = f->base;
    char why[128];
    switch (t->kind) {
    case T_INT: case T_DEC: case T_MONEY: {
        kh_num v;
        num_status st = num_parse_exact(r->c->A, cl->text, cl->len, &v);
        if (st != NUM_OK) return cell_error(r, cl, f, st == NUM_SYNTAX ? _("is not a number") : num_status_text(st));
        if (t->kind == T_INT && !num_is_int(v)) return cell_error(r, cl, f, _("is not a whole number"));
        kh_num b;
        if (literal_number(f->min, &b) && (f->min_strict ? num_cmp(v, b) <= 0 : num_cmp(v, b) < 0)) {
            num_to_chars(b, 0, why, sizeof why);
            char msg[160];
            snprintf(msg, sizeof msg, _("is %s %s"), f->min_strict ? _("not more than") : _("less than"), why);
            return cell_error(r, cl, f, msg);
        }
        if (literal_number(f->max, &b) && (f->max_strict ? num_cmp(v, b) >= 0 : num_cmp(v, b) > 0)) {
            num_to_chars(b, 0, why, sizeof why);
            char msg[160];
            snprintf(msg, sizeof msg, _("is %s %s"), f->max_strict ? _("not less than") : _("more than"), why);
            return cell_error(r, cl, f, msg);
        }
        *out = value_num(v);
        return true;
    }
    case T_ENUM: {
        int k = type_enum_index(t, cl->text, cl->len);
        if (k < 0) return cell_error(r, cl, f, _("is not one of the values the column lists"));
        *out = value_enum(t->values[k], (uint32_t)k);
        return true;
    }
    case T_TEXT:
        if (f->not_empty && cl->len == 0) return cell_error(r, cl, f, _("is empty"));
        *out = value_text(cl->text, cl->len);
        return true;
    case T_BOOL:
        if (cl->len == 4 && memcmp(cl->text, "true", 4) == 0) *out = value_bool(true);
        else if (cl->len == 5 && memcmp(cl->text, "false", 5) == 0) *out = value_bool(false);
        else return cell_error(r, cl, f, _("is not true or false"));
        return true;
    case T_DATE: case T_MONTH: case T_DATETIME: {
        int32_t d;
        int64_t dt;
        char kind = t->kind == T_DATE ? 'd' : t->kind == T_MONTH ? 'm' : 't';
        bool ok = kind == 'd' ? date_parse(cl->text, cl->len, &d) : kind == 'm' ? month_parse(cl->text, cl->len, &d)
                                                                              : datetime_parse(cl->text, cl->len, &dt);
        if (!ok) {
            dates_explain_error(kind, cl->text, cl->len, why, sizeof why);
            char msg[200];
            const char *what = kind == 'd' ? _("is not a date: %s") : kind == 'm' ? _("is not a month: %s")
                                                                    : _("is not a date and time: %s");
            snprintf(msg, sizeof msg, what, why);
            return cell_error(r, cl, f, msg);
        }
        *out = kind == 'd' ? value_date(d) : kind == 'm' ? value_month(d) : value_datetime(dt);
        return true;
    }
    default:
        return cell_error(r, cl, f, _("cannot be read"));
    }
}

/* ---- a table ---------------------------------------------------------------- */

static bool key_comparable(const ktype *col, const ktype *arg)
{
    if (type_is_numeric(col) && type_is_numeric(arg)) return (col->kind == T_MONEY) == (arg->kind == T_MONEY);
    if (type_is_textual(col) && type_is_textual(arg)) return true;
    return col->kind == arg->kind;
}

static bool bandable(const ktype *t)
{
    return type_is_numeric(t) || t->kind == T_DATE || t->kind == T_MONTH || t->kind == T_DATETIME;
}

typedef struct sorter {
    const table_def *t;
} sorter;

static int by_keys(const void *x, const void *y, void *ud)
{
    const table_def *t = ((const sorter *)ud)->t;
    int a = *(const int *)x, b = *(const int *)y;
    for (int k = 0; k < t->nkeys; k++) {
        int c = value_compare(&t->rows[(size_t)a * t->ncols + t->keys[k]], &t->rows[(size_t)b * t->ncols + t->keys[k]]);
        if (c) return c;
    }
    return (a > b) - (a < b);
}

static bool same_keys(const table_def *t, int a, int b)
{
    for (int k = 0; k < t->nkeys; k++)
        if (!value_equal(&t->rows[(size_t)a * t->ncols + t->keys[k]], &t->rows[(size_t)b * t->ncols + t->keys[k]])) return false;
    return true;
}

/* Rows in key order; a second row with the same keys is an error at its line. */
static void sort_rows(checker *c, table_def *t, const uint32_t *row_at)
{
    int *order = mem_alloc(((size_t)t->nrows + 1) * sizeof *order);
    for (int i = 0; i < t->nrows; i++) order[i] = i;
    sorter s = {t};
    qsort_r(order, (size_t)t->nrows, sizeof *order, by_keys, &s);
    for (int i = 1; i < t->nrows; i++) {
        if (!same_keys(t, order[i - 1], order[i])) continue;
        int k = diag_error(c->d, span_at(t->csv, row_at[order[i]], row_at[order[i]] + 1),
                           "a second row with the same %s as line %d: each row of table '%s' needs keys of its own",
                           t->nkeys > 1 ? "keys" : "key", t->row_line[order[i - 1]], t->name);
        diag_hint(c->d, k, "remove one of the two rows, or correct its key");
    }
    value *rows = arena_alloc(c->A, ((size_t)t->nrows * t->ncols + 1) * sizeof *rows);
    int *lines = arena_alloc(c->A, ((size_t)t->nrows + 1) * sizeof *lines);
    for (int i = 0; i < t->nrows; i++) {
        memcpy(&rows[(size_t)i * t->ncols], &t->rows[(size_t)order[i] * t->ncols], (size_t)t->ncols * sizeof *rows);
        lines[i] = t->row_line[order[i]];
    }
    t->rows = rows;
    t->row_line = lines;
    mem_free(order);
}

/* Every value of an enumeration key (but a band) has rows. */
static void check_coverage(checker *c, table_def *t, const cell *header)
{
    for (int k = 0; k < t->nkeys - (t->banded ? 1 : 0); k++) {
        const field_spec *f = t->cols[t->keys[k]];
        if (f->base->kind != T_ENUM) continue;
        for (int v = 0; v < f->base->nvalues; v++) {
            bool found = false;
            for (int i = 0; i < t->nrows && !found; i++)
                found = strcmp(t->rows[(size_t)i * t->ncols + t->keys[k]].s, f->base->values[v]) == 0;
            if (found) continue;
            const cell *h = &header[t->keys[k]];
            int e = diag_error(c->d, span_at(t->csv, h->start, h->end), "no row for %s \"%s\": table '%s' needs rows for every value of its key %s",
                               f->name, f->base->values[v], t->name, f->name);
            diag_hint(c->d, e, "add the rows for \"%s\", or take the value out of the column's 'one of'", f->base->values[v]);
        }
    }
}

/* The rows of the CSV file: header first. */
static void read_rows(checker *c, table_def *t)
{
    csv_reader r = {c, t->csv, 0, 1};
    cell *cells = arena_alloc(c->A, (size_t)(t->ncols + 1) * sizeof *cells);
    cell *header = arena_alloc(c->A, (size_t)(t->ncols + 1) * sizeof *header);
    int more;
    int n = csv_record(&r, header, t->ncols, &more);
    if (n == -1) {
        diag_error(c->d, span_at(t->csv, 0, 0), "the file is empty: table '%s' needs a header line (%s…) and rows", t->name, t->cols[0]->name);
        return;
    }
    if (n < 0) return;
    bool header_ok = more == 0 && n == t->ncols;
    for (int i = 0; i < n && i < t->ncols; i++) {
        if (header[i].len == strlen(t->cols[i]->name) && memcmp(header[i].text, t->cols[i]->name, header[i].len) == 0) continue;
        diag_error(c->d, span_at(t->csv, header[i].start, header[i].end), "the header names column %d '%.*s', but table '%s' declares '%s' there",
                   i + 1, (int)(header[i].len > 60 ? 60 : header[i].len), header[i].text, t->name, t->cols[i]->name);
        header_ok = false;
    }
    if (n + more != t->ncols) {
        int e = diag_error(c->d, span_at(t->csv, 0, header[0].end), "the header has %d columns, but table '%s' declares %d", n + more,
                           t->name, t->ncols);
        diag_hint(c->d, e, "the header is the declared columns in order, separated by commas");
        header_ok = false;
    }
    if (!header_ok) return;
    int cap = 16;
    t->rows = mem_alloc((size_t)cap * t->ncols * sizeof *t->rows);
    t->row_line = mem_alloc((size_t)cap * sizeof *t->row_line);
    uint32_t *row_at = mem_alloc((size_t)cap * sizeof *row_at);
    bool ok = true;
    for (;;) {
        int line = r.line + 1;
        uint32_t at = r.pos;
        r.line++;
        n = csv_record(&r, cells, t->ncols, &more);
        if (n == -1) break;
        if (n == -2) {
            ok = false;
            break;
        }
        if (n == 1 && cells[0].len == 0 && !more) continue; /* an empty line */
        if (n + more != t->ncols) {
            diag_error(c->d, span_at(t->csv, at, at + 1), "this row has %d values, but the header has %d", n + more, t->ncols);
            ok = false;
            continue;
        }
        if (t->nrows == KH_MAX_TABLE_ROWS) {
            diag_error(c->d, span_at(t->csv, at, at + 1), "table '%s' has more than %d rows: the rows from here on are not read",
                       t->name, KH_MAX_TABLE_ROWS);
            ok = false;
            break;
        }
        if (t->nrows == cap) {
            cap *= 2;
            t->rows = mem_realloc(t->rows, (size_t)cap * t->ncols * sizeof *t->rows);
            t->row_line = mem_realloc(t->row_line, (size_t)cap * sizeof *t->row_line);
            row_at = mem_realloc(row_at, (size_t)cap * sizeof *row_at);
        }
        bool row_ok = true;
        for (int i = 0; i < t->ncols; i++)
            row_ok &= cell_value(&r, &cells[i], t->cols[i], &t->rows[(size_t)t->nrows * t->ncols + i]);
        if (!row_ok) {
            ok = false;
            continue;
        }
        t->row_line[t->nrows] = line;
        row_at[t->nrows] = at;
        t->nrows++;
    }
    /* the rows live in the policy's arena */
    value *rows = arena_alloc(c->A, ((size_t)t->nrows * t->ncols + 1) * sizeof *rows);
    int *lines = arena_alloc(c->A, ((size_t)t->nrows + 1) * sizeof *lines);
    memcpy(rows, t->rows, (size_t)t->nrows * t->ncols * sizeof *rows);
    memcpy(lines, t->row_line, (size_t)t->nrows * sizeof *lines);
    mem_free(t->rows);
    mem_free(t->row_line);
    t->rows = rows;
    t->row_line = lines;
    if (ok && t->nrows == 0)
        diag_error(c->d, span_at(t->csv, 0, header[0].end), "table '%s' has a header but no rows", t->name);
    if (ok) {
        sort_rows(c, t, row_at);
        check_coverage(c, t, header);
    }
    mem_free(row_at);
}

/* The columns and keys of a table declaration; false after an error. */
static bool build_columns(checker *c, table_def *t, const ast *d)
{
    bool ok = true;
    t->cols = arena_alloc(c->A, (size_t)(d->list2.n + 1) * sizeof *t->cols);
    const char **names = arena_alloc(c->A, (size_t)(d->list2.n + 1) * sizeof *names);
    const ktype **types = arena_alloc(c->A, (size_t)(d->list2.n + 1) * sizeof *types);
    for (int i = 0; i < d->list2.n; i++) {
        const ast *fd = d->list2.v[i];
        if (!fd) continue;
        if (fd->a->kind != AST_NAME || fd->list2.n) {
            diag_error(c->d, fd->at, "a table's column is a name and a type (such as 'calls_per_day: integer'), not a group");
            ok = false;
            continue;
        }
        for (int k = 0; k < t->ncols; k++)
            if (strcmp(t->cols[k]->name, fd->a->str) == 0) {
                diag_error(c->d, fd->at, "table '%s' declares the column '%s' twice", t->name, fd->a->str);
                ok = false;
            }
        field_spec *f = check_field_new(c, fd->a->str, fd->a->str, fd);
        check_read_field_specs(c, f, fd);
        if (!f->base || f->is_list || f->is_group || f->optional || f->key) {
            diag_error(c->d, fd->at, "a table's column has one type (text, integer, decimal, money, boolean, date, month, "
                                     "datetime or one of \"…\"), and every row a value: no list, record, default, optional or key");
            ok = false;
            continue;
        }
        const ast *bound = f->min ? f->min : f->max;
        if (bound && !type_is_numeric(f->base)) { /* its cells would not be checked against it */
            char tn[64];
            diag_error(c->d, bound->at, "the column '%s' is %s and cannot have bounds: only a table's number and money columns can",
                       f->name, type_name(f->base, tn, sizeof tn));
            ok = false;
            continue;
        }
        if ((f->min && !literal_number(f->min, &(kh_num){0})) || (f->max && !literal_number(f->max, &(kh_num){0}))) {
            diag_error(c->d, fd->at, "a table's column is bounded by numbers (at least 0), not by other columns");
            ok = false;
            continue;
        }
        f->type = f->base;
        names[t->ncols] = f->name;
        types[t->ncols] = f->base;
        t->cols[t->ncols++] = f;
    }
    if (!ok) return false;
    t->row_type = type_record(c->A, names, types, t->ncols);
    t->keys = arena_alloc(c->A, (size_t)(d->list.n + 1) * sizeof *t->keys);
    for (int i = 0; i < d->list.n; i++) {
        const ast *k = d->list.v[i];
        if (i == KH_MAX_TABLE_KEYS) {
            diag_error(c->d, k->at, "table '%s' is looked up by more than %d keys: combine some of them into one column",
                       t->name, KH_MAX_TABLE_KEYS);
            ok = false;
            break;
        }
        int col = -1;
        for (int j = 0; j < t->ncols; j++)
            if (strcmp(t->cols[j]->name, k->str) == 0) col = j;
        for (int j = 0; j < t->nkeys; j++)
            if (t->keys[j] == col) { /* (keys hold found columns, never -1) */
                diag_error(c->d, k->at, "'%s' is named twice after 'by'", k->str);
                ok = false;
            }
        if (col < 0) {
            diag_error(c->d, k->at, "table '%s' has no column '%s' to look rows up by", t->name, k->str);
            ok = false;
            continue;
        }
        t->keys[t->nkeys++] = col;
    }
    if (ok && t->nkeys == t->ncols) {
        diag_error(c->d, d->at, "table '%s' has no column besides its keys: there is nothing to look up", t->name);
        ok = false;
    }
    t->banded = t->nkeys > 0 && bandable(t->cols[t->keys[t->nkeys - 1]]->base);
    return ok;
}

const table_def *program_table(const program *p, const char *name, int *index)
{
    for (int i = 0; i < p->ntables; i++)
        if (strcmp(p->tables[i]->name, name) == 0) {
            if (index) *index = i;
            return p->tables[i];
        }
    return NULL;
}

void check_tables(checker *c, ast **files, int nfiles)
{
    program *p = c->p;
    int cap = 0;
    for (int fi = 0; fi < nfiles; fi++) {
        const ast *file = files[fi];
        for (int i = 0; file && i < file->list.n; i++) {
            const ast *d = file->list.v[i];
            if (!d || d->kind != AST_TABLE) continue;
            if (symtab_get(p->names, d->str) || builtin_lookup(d->str) || program_table(p, d->str, NULL)) {
                diag_error(c->d, d->at, "'%s' is already %s: a table needs a name of its own", d->str,
                           builtin_lookup(d->str) ? "a function" : program_table(p, d->str, NULL) ? "a table" : "declared");
                continue;
            }
            table_def *t = arena_zalloc(c->A, sizeof *t);
            t->name = d->str;
            t->decl = d;
            if (!build_columns(c, t, d)) t->row_type = NULL; /* said: its look-ups are errors without a word */
            else if (d->c) {
                t->csv = d->c->at.src;
                read_rows(c, t);
            }
            VEC_RESERVE_IN(c->A, p->tables, p->ntables, p->ntables + 1, cap);
            p->tables[p->ntables++] = t;
        }
    }
}

const ktype *tc_table_call(checker *c, ast *e, const table_def *t, int index)
{
    char b1[64], b2[64];
    if (!t->row_type) { /* a declaration in error: one mistake, one message */
        for (int k = 0; k < e->list.n; k++)
            if (e->list.v[k]->kind != AST_COMPR && e->list.v[k]->kind != AST_NAMED) tc_expr(c, e->list.v[k]);
        e->type = &type_error;
        return &type_error;
    }
    if (e->list.n != t->nkeys) {
        buf b = {0};
        for (int k = 0; k < t->nkeys; k++) buf_printf(&b, "%s%s", k ? ", " : "", t->cols[t->keys[k]]->name);
        int i = diag_error(c->d, e->at, "table '%s' is looked up by %s: give %d value%s, one for each", t->name, b.data,
                           t->nkeys, t->nkeys == 1 ? "" : "s");
        if (t->banded)
            diag_hint(c->d, i, "the last, %s, finds the row with the largest %s not above it", t->cols[t->keys[t->nkeys - 1]]->name,
                      t->cols[t->keys[t->nkeys - 1]]->name);
        buf_free(&b);
        e->type = &type_error;
        return &type_error;
    }
    int ph = 0;
    bool ok = true;
    for (int k = 0; k < e->list.n; k++) {
        ast *a = e->list.v[k];
        if (a->kind == AST_COMPR || a->kind == AST_NAMED) {
            diag_error(c->d, a->at, "a table is looked up by plain values, not 'over' or 'where'");
            ok = false;
            continue;
        }
        const ktype *at = tc_expr(c, a);
        if (at->kind == T_ERROR) {
            ok = false;
            continue;
        }
        if (a->phase > ph) ph = a->phase;
        const field_spec *col = t->cols[t->keys[k]];
        if (!key_comparable(col->base, at)) {
            diag_error(c->d, a->at, "table '%s' is looked up by %s (%s) here, not by %s", t->name, col->name,
                       type_name(col->base, b1, sizeof b1), type_name(at, b2, sizeof b2));
            ok = false;
        }
    }
    if (!ok) {
        e->type = &type_error;
        return &type_error;
    }
    e->flags |= AST_FLAG_TABLE;
    e->index = BI_NONE;
    e->id = index;
    e->type = t->row_type;
    e->phase = ph;
    return t->row_type;
}
