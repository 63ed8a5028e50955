/*
 * roster_read.c — a roster given as an XLSX workbook or a CSV file, turned
 * into the JSON records the strict reader takes (kh_roster_open).
 *
 * The spreadsheet never reaches the core as anything but records: each row
 * of the main table becomes one NDJSON line (numbers as the cells' own
 * text, see cell_value.c), with the entries of each list of records taken
 * from the list's own table by the key column.  What the row came from is
 * kept (the row of each record, the rows of its entries, the columns of
 * each field), so that a record's error, which names the field, can name
 * the sheet and cell too (kh_roster_locate).  A cell that cannot be
 * converted is given to the reader as a value no field accepts (an empty
 * object), so the record is refused as any record with a bad field is, and
 * its message says what the cell holds instead.
 *
 * Every row of a list table must belong to exactly one record: a key no
 * record has, or a key that several records share, stops the run (status
 * 4) with the rows at fault, since its entries cannot be given to anyone.
 */
#include "kaohe_tools.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#include <cjson/cJSON.h>

#include "cell_value.h"
#include "csv_read.h"
#include "manifest.h"
#include "policy.h"
#include "sha256.h"
#include "roster_table.h"
#include "text_index.h"
#include "xlsx_read.h"
#include "mem.h"
#include "vec.h"
#include "i18n.h"

typedef struct problem {
    size_t record;
    char *path;        /* as the record reader names it: "pay.base", "deals[2].profit" */
    char *cell;        /* "sheet 'roster' cell D17" */
    char *reason;
    const char *label; /* the field's label, or NULL */
} problem;

/* The entries of one list table that one key has. */
typedef struct key_entries {
    char *key;         /* the key's JSON text */
    cJSON *items;      /* an array of element objects */
    uint32_t *rows;    /* the row of each entry */
    int n, cap;
    problem *probs;    /* cells that could not be converted (record: the entry's ordinal) */
    int nprobs;
    int records;       /* how many main records have this key */
    uint32_t first_key_row;
} key_entries;

typedef struct list_state {
    roster_table *t;
    bool given;        /* a sheet or a file holds it */
    int sheet;         /* XLSX: its sheet, -1 */
    const char *file;  /* --list: its file */
    key_entries *e;
    size_t ne, cap;
    text_index index;  /* the entries by key */
    int32_t *of_record;/* record -> entry index, -1 (grown with records) */
    size_t nof;
} list_state;

struct kh_roster {
    const program *prog;
    unsigned char sha256[SHA256_BYTES]; /* of the file as given */
    bool xlsx, date1904;
    char *main_where;
    roster_table *tables;
    int ntables;
    list_state *lists; /* [ntables]; [0] unused (the main table) */
    FILE *records;
    uint32_t *row_of;  /* record -> its row in the main table */
    size_t nrecords, cap_records;
    problem *probs;
    size_t nprobs, cap_probs;
    buf notes;
    /* while reading */
    roster_table *cur;
    list_state *cur_list;
    bool header_next;  /* the row after the header: maybe a second header */
    bool *headed;      /* columns with a header (the current table) */
    uint32_t nheaded;
    bool *noted;       /* headerless columns already noted */
    bool failed;
    char *err;
    size_t errcap;
};

/* ---- small helpers ------------------------------------------------------------ */

static void fail(kh_roster *r, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void fail(kh_roster *r, const char *fmt, ...)
{
    if (!r->failed) {
        va_list ap;
        va_start(ap, fmt);
        vsnprintf(r->err, r->errcap, fmt, ap);
        va_end(ap);
    }
    r->failed = true;
}

static char *cell_where(const roster_table *t, uint32_t col, uint32_t row)
{
    char at[24];
    sheet_cell_name(col, row, at);
    buf b = {0};
    buf_printf(&b, "%s cell %s", t->where, at);
    return b.data;
}

static void add_problem(problem **v, size_t *n, size_t *cap, size_t record, const char *path, char *cell, const char *why,
                        const char *label)
{
    VEC_RESERVE(*v, *n + 1, *cap);
    (*v)[(*n)++] = (problem){record, mem_strdup(path), cell, mem_strdup(why), label};
}

static const char *entry_key(const void *entries, size_t i) { return ((const key_entries *)entries)[i].key; }

static key_entries *find_key(list_state *L, const char *key, bool create)
{
    size_t *slot = text_index_slot(&L->index, key, L->ne, create, entry_key, L->e);
    if (!slot) return NULL;
    if (*slot) return &L->e[*slot - 1];
    if (!create) return NULL;
    VEC_RESERVE(L->e, L->ne + 1, L->cap);
    key_entries *e = &L->e[L->ne];
    memset(e, 0, sizeof *e);
    e->key = mem_strdup(key);
    e->items = cJSON_CreateArray();
    *slot = ++L->ne;
    return e;
}

/* Puts item at a dotted path inside obj, making the groups on the way. */
static void put_at(cJSON *obj, const char *path, cJSON *item)
{
    const char *dot;
    while ((dot = strchr(path, '.'))) {
        char seg[256];
        snprintf(seg, sizeof seg, "%.*s", (int)(dot - path), path);
        cJSON *g = cJSON_GetObjectItemCaseSensitive(obj, seg);
        if (!g) {
            g = cJSON_CreateObject();
            cJSON_AddItemToObject(obj, seg, g);
        }
        obj = g;
        path = dot + 1;
    }
    cJSON_AddItemToObject(obj, path, item);
}

/* ---- rows ------------------------------------------------------------------------ */

/* The header (the first non-empty row), a second header row of paths, and
 * notes about cells in columns without a header.  True when the row is
 * data. */
static bool header_or_data(kh_roster *r, uint32_t row, const sheet_cell *cells, int n)
{
    roster_table *t = r->cur;
    if (!t->header_row) {
        if (n == 0) return false;
        if (!roster_header(t, row, cells, n, &r->notes, r->err, r->errcap)) {
            r->failed = true;
            return false;
        }
        r->nheaded = cells[n - 1].col + 1;
        r->headed = mem_calloc(r->nheaded + 1, sizeof *r->headed);
        r->noted = mem_calloc(r->nheaded + 1, sizeof *r->noted);
        for (int i = 0; i < n; i++) r->headed[cells[i].col] = true;
        r->header_next = true;
        return false;
    }
    if (r->header_next) {
        r->header_next = false;
        if (roster_second_header(t, cells, n)) return false;
    }
    for (int i = 0; i < n; i++) {
        uint32_t c = cells[i].col;
        if (c < r->nheaded && r->headed[c]) continue;
        if (c >= r->nheaded) {
            r->headed = mem_realloc(r->headed, (c + 2) * sizeof *r->headed);
            r->noted = mem_realloc(r->noted, (c + 2) * sizeof *r->noted);
            for (uint32_t k = r->nheaded; k <= c; k++) r->headed[k] = r->noted[k] = false;
            r->nheaded = c + 1;
        }
        if (!r->noted[c]) {
            char at[24];
            sheet_cell_name(c, row, at);
            buf_printf(&r->notes, _("warning: %s cell %s: the column has no header: it is not read\n"), t->where, at);
            r->noted[c] = true;
        }
    }
    return true;
}

/* The cells of a data row as an object of their fields; cells that cannot
 * be converted go to *probs (their record: 0, set by the caller).  *key: the
 * key cell's JSON text (malloc'd), NULL when absent or bad. */
static cJSON *row_object(kh_roster *r, uint32_t row, const sheet_cell *cells, int n, char **key, uint32_t *key_col,
                         problem **probs, size_t *nprobs, size_t *cap, bool *any)
{
    roster_table *t = r->cur;
    cJSON *obj = cJSON_CreateObject();
    *key = NULL;
    *any = false;
    buf v = {0};
    for (int i = 0; i < n; i++) {
        const sheet_cell *c = &cells[i];
        const leaf *l = roster_leaf_at(t, c->col);
        bool is_key = t->list ? (int)c->col == t->key_col : l && l->f == t->key;
        if (!l && !is_key) continue;
        *any = true;
        char why[512];
        v.len = 0;
        const ktype *type = l ? l->f->type : t->key->type;
        if (!cell_to_json(c, type, r->date1904, &v, why, sizeof why)) {
            if (l) {
                put_at(obj, l->path, cJSON_CreateObject());
                add_problem(probs, nprobs, cap, 0, l->path, cell_where(t, c->col, row), why, l->f->label);
            } else {
                add_problem(probs, nprobs, cap, 0, "", cell_where(t, c->col, row), why, NULL);
            }
            continue;
        }
        buf_putc(&v, '\0');
        if (is_key) {
            *key = mem_strdup(v.data);
            *key_col = c->col;
        }
        if (l) put_at(obj, l->path, cJSON_CreateRaw(v.data));
    }
    buf_free(&v);
    return obj;
}

static bool list_row(void *ud, uint32_t row, const sheet_cell *cells, int n)
{
    kh_roster *r = ud;
    if (!header_or_data(r, row, cells, n)) return !r->failed;
    list_state *L = r->cur_list;
    char *key;
    uint32_t kc = 0;
    bool any;
    problem *probs = NULL;
    size_t np = 0, pc = 0;
    cJSON *obj = row_object(r, row, cells, n, &key, &kc, &probs, &np, &pc, &any);
    bool ok = true;
    if (!any) {
        /* nothing in the columns read */
    } else if (!key) {
        char *where = cell_where(r->cur, (uint32_t)r->cur->key_col, row);
        bool bad = false;
        for (size_t i = 0; i < np; i++)
            if (!probs[i].path[0]) {
                fail(r, _("%s: %s (it says whose entry the row is)"), probs[i].cell, probs[i].reason);
                bad = true;
            }
        if (!bad) fail(r, _("%s: the key '%s' is empty: whose entry is the row?"), where, r->cur->key->path);
        mem_free(where);
        ok = false;
    } else {
        key_entries *e = find_key(L, key, true);
        VEC_RESERVE(e->rows, e->n + 1, e->cap);
        if (e->n == 0) e->first_key_row = row;
        e->rows[e->n++] = row;
        for (size_t i = 0; i < np; i++) {
            e->probs = mem_realloc(e->probs, (size_t)(e->nprobs + 1) * sizeof *e->probs);
            probs[i].record = (size_t)(e->n - 1);
            e->probs[e->nprobs++] = probs[i];
        }
        np = 0;
        cJSON_AddItemToArray(e->items, obj);
        obj = NULL;
    }
    for (size_t i = 0; i < np; i++) {
        mem_free(probs[i].path);
        mem_free(probs[i].cell);
        mem_free(probs[i].reason);
    }
    mem_free(probs);
    mem_free(key);
    cJSON_Delete(obj);
    return ok;
}

static bool main_row(void *ud, uint32_t row, const sheet_cell *cells, int n)
{
    kh_roster *r = ud;
    if (!header_or_data(r, row, cells, n)) return !r->failed;
    char *key;
    uint32_t kc = 0;
    bool any;
    size_t first = r->nprobs;
    cJSON *obj = row_object(r, row, cells, n, &key, &kc, &r->probs, &r->nprobs, &r->cap_probs, &any);
    if (!any) {
        cJSON_Delete(obj);
        mem_free(key);
        return true;
    }
    size_t index = r->nrecords;
    for (size_t i = first; i < r->nprobs; i++) r->probs[i].record = index;
    /* the entries of each list */
    for (int ti = 1; ti < r->ntables; ti++) {
        list_state *L = &r->lists[ti];
        if (!L->given) continue;
        key_entries *e = key ? find_key(L, key, false) : NULL;
        if (L->nof <= index) {
            size_t cap = L->nof ? L->nof * 2 : 64;
            while (cap <= index) cap *= 2;
            L->of_record = mem_realloc(L->of_record, cap * sizeof *L->of_record);
            for (size_t k = L->nof; k < cap; k++) L->of_record[k] = -1;
            L->nof = cap;
        }
        if (!e) {
            put_at(obj, L->t->list_path, cJSON_CreateArray());
            continue;
        }
        L->of_record[index] = (int32_t)(e - L->e);
        if (e->records++ == 0) {
            put_at(obj, L->t->list_path, e->items);
            for (int k = 0; k < e->nprobs; k++) {
                buf path = {0};
                buf_printf(&path, "%s[%zu]%s%s", L->t->list_path, e->probs[k].record + 1, "." , e->probs[k].path);
                add_problem(&r->probs, &r->nprobs, &r->cap_probs, index, path.data, mem_strdup(e->probs[k].cell),
                            e->probs[k].reason, e->probs[k].label);
                buf_free(&path);
            }
            e->items = NULL;
        } else {
            put_at(obj, L->t->list_path, cJSON_CreateArray());
        }
    }
    char *text = cJSON_PrintUnformatted(obj);
    if (!text) abort();
    bool ok = fputs(text, r->records) >= 0 && fputc('\n', r->records) != EOF;
    free(text); /* cJSON's */
    cJSON_Delete(obj);
    mem_free(key);
    if (!ok) {
        fail(r, _("cannot write the records to a temporary file: %s"), strerror(errno));
        return false;
    }
    VEC_RESERVE(r->row_of, r->nrecords + 1, r->cap_records);
    r->row_of[r->nrecords++] = row;
    return true;
}

/* ---- reading the tables -------------------------------------------------------------- */

static void begin_table(kh_roster *r, roster_table *t, list_state *L)
{
    r->cur = t;
    r->cur_list = L;
    r->header_next = false;
    mem_free(r->headed);
    mem_free(r->noted);
    r->headed = r->noted = NULL;
    r->nheaded = 0;
}

static bool end_table(kh_roster *r, roster_table *t, bool had_rows)
{
    if (r->failed) return false;
    if (!t->header_row) {
        fail(r, _("%s is empty: its first row names the columns (kaohe template POLICY -o roster.xlsx writes one)"), t->where);
        return false;
    }
    (void)had_rows;
    return true;
}

/* Every row of a list table belongs to exactly one record. */
static bool check_lists(kh_roster *r)
{
    for (int ti = 1; ti < r->ntables; ti++) {
        list_state *L = &r->lists[ti];
        for (size_t i = 0; i < L->ne; i++) {
            key_entries *e = &L->e[i];
            const roster_table *t = L->t;
            if (e->records == 0) {
                char *where = cell_where(t, (uint32_t)t->key_col, e->first_key_row);
                fail(r, _("%s: no record in %s has the %s %s%s: whose entry is the row?"), where, r->main_where,
                     t->key->path, e->key, e->n > 1 ? " (nor do the other rows with it)" : "");
                mem_free(where);
                return false;
            }
            if (e->records > 1) {
                char *where = cell_where(t, (uint32_t)t->key_col, e->first_key_row);
                fail(r, _("%s: %d records in %s have the %s %s: whose entries the rows with it are cannot be told"), where,
                     e->records, r->main_where, t->key->path, e->key);
                mem_free(where);
                return false;
            }
        }
    }
    return true;
}

static bool read_csv_file(kh_roster *r, FILE *f, sheet_row_fn fn)
{
    char why[512];
    if (!csv_read(f, fn, r, why, sizeof why)) {
        fail(r, _("%s: %s"), r->cur->where, why);
        return false;
    }
    return end_table(r, r->cur, true);
}

static bool read_sheet(kh_roster *r, xlsx_book *b, int i, sheet_row_fn fn)
{
    char why[512];
    if (!xlsx_book_read(b, i, fn, r, why, sizeof why)) {
        fail(r, _("%s"), why);
        return false;
    }
    return end_table(r, r->cur, true);
}

static char *sheet_where(const char *sheet)
{
    buf b = {0};
    buf_printf(&b, "sheet '%s'", sheet);
    return b.data;
}

/* Which sheet holds what: '_' sheets are kaohe's own (the template's value
 * lists), a sheet named after a list of records holds it, the first other
 * sheet is the roster; the rest are noted as not read. */
static int assign_sheets(kh_roster *r, xlsx_book *b)
{
    int main_sheet = -1;
    for (int i = 0; i < xlsx_book_nsheets(b); i++) {
        const char *name = xlsx_book_sheet_name(b, i);
        if (name[0] == '_') continue;
        int which = -1;
        for (int ti = 1; ti < r->ntables && which < 0; ti++)
            if (roster_table_named(&r->tables[ti], name)) which = ti;
        if (which > 0) {
            list_state *L = &r->lists[which];
            if (L->file) {
                buf_printf(&r->notes, _("warning: sheet '%s' is not read: --list gives the list '%s' from %s\n"), name,
                           L->t->list_path, L->file);
            } else if (L->sheet >= 0) {
                buf_printf(&r->notes, _("warning: sheet '%s' is not read: sheet '%s' already holds the list '%s'\n"), name,
                           xlsx_book_sheet_name(b, L->sheet), L->t->list_path);
            } else {
                L->sheet = i;
                L->given = true;
                mem_free(L->t->where);
                L->t->where = sheet_where(name);
            }
        } else if (main_sheet < 0) {
            main_sheet = i;
        } else {
            buf_printf(&r->notes, _("warning: sheet '%s' is not read: the roster is sheet '%s' (the first), and no list of "
                                  "the policy is called so\n"),
                       name, xlsx_book_sheet_name(b, main_sheet));
        }
    }
    return main_sheet;
}

/* ---- detecting the format ------------------------------------------------------------- */

typedef enum input_kind { INPUT_JSON, INPUT_XLSX, INPUT_CSV, INPUT_XLS } input_kind;

/* How much of the input is looked at: past a byte-order mark and blanks,
 * and the first line when it may be one JSON value (a lone `true`, `42` or
 * `"x"` is JSON, valid though no roster; a first line longer than this is
 * taken for CSV). */
#define PEEK_MAX 4096

typedef struct replay {
    unsigned char head[PEEK_MAX];
    size_t n, pos;
    FILE *rest;
} replay;

static ssize_t replay_read(void *c, char *out, size_t size)
{
    replay *rp = c;
    if (rp->pos < rp->n) {
        size_t k = rp->n - rp->pos < size ? rp->n - rp->pos : size;
        memcpy(out, rp->head + rp->pos, k);
        rp->pos += k;
        return (ssize_t)k;
    }
    size_t got = fread(out, 1, size, rp->rest);
    if (got == 0 && ferror(rp->rest)) return -1;
    return (ssize_t)got;
}

static int replay_close(void *c)
{
    mem_free(c);
    return 0;
}

/* Reads the first bytes of in and gives back a stream that reads it from
 * its start (in itself, sought back, or a stream replaying them). */
static FILE *peek(FILE *in, unsigned char *head, size_t *n)
{
    off_t start = ftello(in);
    size_t got = 0;
    /* enough to pass a byte-order mark and blanks, and then the first line
     * when it starts as a JSON value other than an array or object may */
    int first = 0; /* the first byte that is not a mark or a blank */
    while (got < PEEK_MAX) {
        int c = getc(in);
        if (c == EOF) break;
        head[got++] = (unsigned char)c;
        bool blank = c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == 0xEF || c == 0xBB || c == 0xBF;
        if (!first && !blank) first = c;
        if (first && !strchr("\"-0123456789tfn", first) && got >= 8) break;
        if (first && first != c && c == '\n') break;
    }
    *n = got;
    if (start >= 0 && fseeko(in, start, SEEK_SET) == 0) return in;
    replay *rp = mem_calloc(1, sizeof *rp);
    memcpy(rp->head, head, got);
    rp->n = got;
    rp->rest = in;
    cookie_io_functions_t io = {.read = replay_read, .close = replay_close};
    FILE *f = fopencookie(rp, "rb", io);
    if (!f) mem_free(rp);
    return f;
}

/* A file named *.json or *.ndjson is JSON whatever its first bytes: the
 * reader then says what is wrong with it (never read as CSV). */
static bool named_json(const char *name)
{
    size_t n = name ? strlen(name) : 0;
    return (n >= 5 && strcasecmp(name + n - 5, ".json") == 0) || (n >= 7 && strcasecmp(name + n - 7, ".ndjson") == 0);
}

static input_kind kind_of(const unsigned char *h, size_t n)
{
    if (n >= 4 && h[0] == 'P' && h[1] == 'K' && (h[2] == 3 || h[2] == 5) && (h[3] == 4 || h[3] == 6)) return INPUT_XLSX;
    if (n >= 4 && h[0] == 0xD0 && h[1] == 0xCF && h[2] == 0x11 && h[3] == 0xE0) return INPUT_XLS;
    size_t i = n >= 3 && h[0] == 0xEF && h[1] == 0xBB && h[2] == 0xBF ? 3 : 0;
    while (i < n && (h[i] == ' ' || h[i] == '\t' || h[i] == '\r' || h[i] == '\n')) i++;
    if (i == n || h[i] == '[' || h[i] == '{') return INPUT_JSON;
    if (strchr("\"-0123456789tfn", h[i])) {
        /* a first line that is one JSON value: JSON (the reader says what
         * is wrong with it); "工号",姓名 or 2014,... are no such line */
        size_t e = i;
        while (e < n && h[e] != '\n') e++;
        char *line = mem_strndup((const char *)h + i, e - i);
        cJSON *j = cJSON_ParseWithOpts(line, NULL, true);
        mem_free(line);
        bool json = j != NULL;
        cJSON_Delete(j);
        if (json) return INPUT_JSON;
    }
    return INPUT_CSV;
}

/* The input copied to an anonymous temporary file (libzip reads a file;
 * the manifest names the file's own digest), read back from its start. */
static FILE *spool(FILE *f, unsigned char digest[SHA256_BYTES], char *err, size_t cap)
{
    FILE *t = tmpfile();
    if (!t) {
        snprintf(err, cap, _("cannot make a temporary file: %s"), strerror(errno));
        return NULL;
    }
    sha256_ctx c;
    sha256_init(&c);
    char chunk[1 << 16];
    size_t got;
    while ((got = fread(chunk, 1, sizeof chunk, f)) > 0) {
        sha256_update(&c, chunk, got);
        if (fwrite(chunk, 1, got, t) != got) break;
    }
    sha256_final(&c, digest);
    if (ferror(f) || ferror(t) || fflush(t) != 0 || fseeko(t, 0, SEEK_SET) != 0) {
        snprintf(err, cap, _("cannot read the input into a temporary file"));
        fclose(t);
        return NULL;
    }
    return t;
}

void kh_roster_pin_manifest(const kh_roster *r, kh_manifest *m)
{
    if (r && m) manifest_pin_input(m, r->sha256);
}

/* ---- kh_roster_open ------------------------------------------------------------------ */

static void roster_cleanup(kh_roster *r)
{
    if (!r) return;
    if (r->records) fclose(r->records);
    for (int ti = 1; r->lists && ti < r->ntables; ti++) {
        list_state *L = &r->lists[ti];
        for (size_t i = 0; i < L->ne; i++) {
            mem_free(L->e[i].key);
            cJSON_Delete(L->e[i].items);
            mem_free(L->e[i].rows);
            for (int k = 0; k < L->e[i].nprobs; k++) {
                mem_free(L->e[i].probs[k].path);
                mem_free(L->e[i].probs[k].cell);
                mem_free(L->e[i].probs[k].reason);
            }
            mem_free(L->e[i].probs);
        }
        mem_free(L->e);
        text_index_free(&L->index);
        mem_free(L->of_record);
    }
    mem_free(r->lists);
    roster_tables_free(r->tables, r->ntables);
    for (size_t i = 0; i < r->nprobs; i++) {
        mem_free(r->probs[i].path);
        mem_free(r->probs[i].cell);
        mem_free(r->probs[i].reason);
    }
    mem_free(r->probs);
    mem_free(r->row_of);
    mem_free(r->main_where);
    mem_free(r->headed);
    mem_free(r->noted);
    buf_free(&r->notes);
    mem_free(r);
}

void kh_roster_free(kh_roster *r) { roster_cleanup(r); }

const char *kh_roster_notes(const kh_roster *r) { return r && r->notes.data ? r->notes.data : ""; }

static bool read_lists_and_main(kh_roster *r, xlsx_book *book, int main_sheet, FILE *main_csv, const char *name)
{
    /* lists first: their entries wait for their records */
    for (int ti = 1; ti < r->ntables; ti++) {
        list_state *L = &r->lists[ti];
        if (!L->given && !L->t->required) continue;
        /* (before saying where the list goes: without a key it can go nowhere) */
        if (!r->prog->key) {
            fail(r, _("the policy has no key field: the entries of the list '%s' cannot be given to their records "
                    "(give the roster as JSON)"), L->t->list_path);
            return false;
        }
        if (!L->given) {
            if (book)
                fail(r, _("%s: the workbook has no sheet for the list '%s'%s%s%s: add a sheet named '%s' with a row "
                        "per entry and a column for the key '%s'"),
                     name, L->t->list_path, L->t->list->label ? " (" : "", L->t->list->label ? L->t->list->label : "",
                     L->t->list->label ? ")" : "", L->t->list_path, r->prog->key->path);
            else
                fail(r, _("%s: the list '%s' is given in a file of its own: add --list %s=FILE.csv"), name,
                     L->t->list_path, L->t->list_path);
            return false;
        }
        begin_table(r, L->t, L);
        bool ok;
        if (L->file) {
            FILE *f = fopen(L->file, "rb");
            if (!f) {
                fail(r, _("cannot read '%s': %s"), L->file, strerror(errno));
                return false;
            }
            unsigned char h[PEEK_MAX];
            size_t hn;
            FILE *s = peek(f, h, &hn);
            if (kind_of(h, hn) != INPUT_CSV) {
                fail(r, _("%s: --list takes a CSV file (UTF-8) with a row per entry"), L->file);
                if (s && s != f) fclose(s);
                fclose(f);
                return false;
            }
            ok = read_csv_file(r, s, list_row);
            if (s != f) fclose(s);
            fclose(f);
        } else {
            ok = read_sheet(r, book, L->sheet, list_row);
        }
        if (!ok) return false;
    }
    begin_table(r, &r->tables[0], NULL);
    bool ok = book ? read_sheet(r, book, main_sheet, main_row) : read_csv_file(r, main_csv, main_row);
    return ok;
}

int kh_roster_open(const kh_policy *p, FILE *in, const char *name, const kh_roster_list *lists, int nlists,
                   kh_roster **out, FILE **records, char *err, size_t cap)
{
    *out = NULL;
    *records = NULL;
    unsigned char head[PEEK_MAX];
    size_t nhead;
    FILE *src = peek(in, head, &nhead);
    if (!src) {
        snprintf(err, cap, _("%s: cannot read: %s"), name, strerror(errno));
        return KH_IO_ERROR;
    }
    input_kind kind = named_json(name) ? INPUT_JSON : kind_of(head, nhead);
    if (kind == INPUT_JSON) {
        if (nlists) {
            if (src != in) fclose(src);
            snprintf(err, cap, _("--list is for a roster given as CSV or XLSX; %s is JSON: give each record's '%s' inside it"),
                     name, lists[0].name);
            return KH_USAGE_ERROR;
        }
        *records = src;
        return KH_OK;
    }
    if (kind == INPUT_XLS) {
        if (src != in) fclose(src);
        snprintf(err, cap, _("%s is an Excel 97-2003 workbook (.xls): save it as an Excel Workbook (.xlsx) or as CSV UTF-8"), name);
        return KH_IO_ERROR;
    }
    kh_roster *r = mem_calloc(1, sizeof *r);
    r->prog = p->prog;
    r->err = err;
    r->errcap = cap;
    r->xlsx = kind == INPUT_XLSX;
    if (!roster_tables(p->prog, &r->tables, &r->ntables, err, cap)) {
        if (src != in) fclose(src);
        roster_cleanup(r);
        return KH_IO_ERROR;
    }
    r->lists = mem_calloc((size_t)r->ntables, sizeof *r->lists);
    for (int ti = 1; ti < r->ntables; ti++) {
        r->lists[ti].t = &r->tables[ti];
        r->lists[ti].sheet = -1;
    }
    int rc = KH_OK;
    for (int i = 0; i < nlists && rc == KH_OK; i++) {
        int which = -1;
        for (int ti = 1; ti < r->ntables && which < 0; ti++)
            if (roster_table_named(&r->tables[ti], lists[i].name)) which = ti;
        if (which < 0) {
            buf names = {0};
            for (int ti = 1; ti < r->ntables; ti++) buf_printf(&names, "%s'%s'", ti > 1 ? ", " : "", r->tables[ti].list_path);
            snprintf(err, cap, _("--list %s: the policy has no list of records called so (%s)"), lists[i].name,
                     names.data ? names.data : "it has none");
            buf_free(&names);
            rc = KH_USAGE_ERROR;
        } else if (r->lists[which].file) {
            snprintf(err, cap, _("--list %s is given twice"), lists[i].name);
            rc = KH_USAGE_ERROR;
        } else {
            r->lists[which].file = lists[i].path;
            r->lists[which].given = true;
            r->tables[which].where = mem_strdup(lists[i].path);
        }
    }
    r->records = rc == KH_OK ? tmpfile() : NULL;
    if (rc == KH_OK && !r->records) {
        snprintf(err, cap, _("cannot make a temporary file: %s"), strerror(errno));
        rc = KH_IO_ERROR;
    }
    FILE *copy = NULL;
    if (rc == KH_OK && !(copy = spool(src, r->sha256, err, cap))) rc = KH_IO_ERROR;
    if (rc == KH_OK) {
        bool ok;
        if (r->xlsx) {
            char why[512];
            int fd = dup(fileno(copy));
            xlsx_book *b = fd >= 0 ? xlsx_book_open(fd, why, sizeof why) : NULL;
            if (!b) {
                fail(r, _("%s: %s"), name, why);
                ok = false;
            } else {
                r->date1904 = xlsx_book_date1904(b);
                int main_sheet = assign_sheets(r, b);
                if (main_sheet < 0) {
                    fail(r, _("%s: the workbook has no sheet for the roster (a sheet with a row per record)"), name);
                    ok = false;
                } else {
                    r->main_where = sheet_where(xlsx_book_sheet_name(b, main_sheet));
                    r->tables[0].where = mem_strdup(r->main_where);
                    /* lists, then the roster sheet */
                    ok = read_lists_and_main(r, b, main_sheet, NULL, name);
                }
            }
            xlsx_book_close(b);
        } else {
            r->main_where = mem_strdup(name);
            r->tables[0].where = mem_strdup(name);
            ok = read_lists_and_main(r, NULL, -1, copy, name);
        }
        if (ok && !check_lists(r)) ok = false;
        if (ok && r->nrecords == 0) {
            fail(r, _("%s has no records below its header"), r->main_where);
            ok = false;
        }
        if (ok && (fflush(r->records) != 0 || fseeko(r->records, 0, SEEK_SET) != 0)) {
            fail(r, _("cannot read back the records: %s"), strerror(errno));
            ok = false;
        }
        if (!ok) rc = KH_IO_ERROR;
    }
    if (copy) fclose(copy);
    if (src != in) fclose(src);
    if (rc != KH_OK) {
        roster_cleanup(r);
        return rc;
    }
    r->err = NULL;
    r->errcap = 0;
    *out = r;
    *records = r->records;
    return KH_OK;
}

/* ---- locating a record's error --------------------------------------------------------- */

static const problem *find_problem(const kh_roster *r, size_t index, const char *path, size_t plen)
{
    /* problems are in record order */
    size_t lo = 0, hi = r->nprobs;
    while (lo < hi) {
        size_t mid = (lo + hi) / 2;
        if (r->probs[mid].record < index) lo = mid + 1;
        else hi = mid;
    }
    for (size_t i = lo; i < r->nprobs && r->probs[i].record == index; i++)
        if (strlen(r->probs[i].path) == plen && strncmp(r->probs[i].path, path, plen) == 0) return &r->probs[i];
    return NULL;
}

/* Where field `path` of record `index` came from: "sheet 'roster' cell D17"
 * (or a row, or a sheet); its label in *label. */
static void field_where(const kh_roster *r, size_t index, const char *path, size_t plen, buf *out, const char **label)
{
    *label = NULL;
    char p[512];
    snprintf(p, sizeof p, "%.*s", (int)plen, path);
    uint32_t row = index < r->nrecords ? r->row_of[index] : 0;
    char *br = strchr(p, '[');
    if (br) {
        *br = '\0';
        long k = strtol(br + 1, NULL, 10);
        const char *rest = strchr(br + 1, ']');
        rest = rest && rest[1] == '.' ? rest + 2 : "";
        for (int ti = 1; ti < r->ntables; ti++) {
            const list_state *L = &r->lists[ti];
            if (strcmp(L->t->list_path, p) != 0) continue;
            int32_t e = index < L->nof ? L->of_record[index] : -1;
            if (e < 0 || k < 1 || k > L->e[e].n) break;
            uint32_t lrow = L->e[e].rows[k - 1];
            const leaf *l = rest[0] ? roster_leaf_by_path(L->t, rest) : NULL;
            if (l && l->col >= 0) {
                char *w = cell_where(L->t, (uint32_t)l->col, lrow);
                buf_puts(out, w);
                mem_free(w);
                *label = l->f->label;
            } else {
                buf_printf(out, "%s row %u", L->t->where, (unsigned)lrow);
            }
            return;
        }
        buf_printf(out, "%s row %u", r->main_where, (unsigned)row);
        return;
    }
    const leaf *l = roster_leaf_by_path(&r->tables[0], p);
    if (l && l->col >= 0) {
        char *w = cell_where(&r->tables[0], (uint32_t)l->col, row);
        buf_puts(out, w);
        mem_free(w);
        *label = l->f->label;
        return;
    }
    for (int ti = 1; ti < r->ntables; ti++)
        if (strcmp(r->tables[ti].list_path, p) == 0 && r->lists[ti].given) {
            int32_t e = index < r->lists[ti].nof ? r->lists[ti].of_record[index] : -1;
            if (e >= 0) buf_printf(out, _("%s rows of %s"), r->tables[ti].where, r->lists[ti].e[e].key);
            else buf_printf(out, "%s", r->tables[ti].where);
            return;
        }
    buf_printf(out, "%s row %u", r->main_where, (unsigned)row);
}

char *kh_roster_locate(const kh_roster *r, size_t index, const char *message, bool every_field)
{
    /* a message located already (the report hands on what its page lists) */
    for (int ti = 0; ti < r->ntables; ti++) {
        const char *w = r->tables[ti].where;
        size_t n = w ? strlen(w) : 0;
        if (n && strncmp(message, w, n) == 0 && message[n] == ' ') {
            char *same = mem_strdup(message);
            return same;
        }
    }
    buf b = {0};
    const char *m = message;
    bool any_field = false;
    bool *used = mem_calloc(r->nprobs + 1, sizeof *used);
    while (*m) {
        /* a segment: "field 'PATH': reason" up to the next "; field '" */
        const char *next = strstr(m, "; field '");
        const char *end = next ? next : m + strlen(m);
        if (strncmp(m, "field '", 7) == 0) {
            const char *path = m + 7, *q = strstr(path, "': ");
            if (q && q < end) {
                any_field = true;
                size_t plen = (size_t)(q - path);
                const problem *pr = find_problem(r, index, path, plen);
                if (pr) {
                    used[pr - r->probs] = true;
                    buf_printf(&b, "%s, field '%.*s'", pr->cell, (int)plen, path);
                    if (pr->label) buf_printf(&b, " (%s)", pr->label);
                    buf_printf(&b, ": %s", pr->reason);
                } else if (every_field) {
                    const char *label;
                    field_where(r, index, path, plen, &b, &label);
                    buf_printf(&b, ", field '%.*s'", (int)plen, path);
                    if (label) buf_printf(&b, " (%s)", label);
                    buf_put(&b, q + 1, (size_t)(end - (q + 1)));
                } else {
                    buf_put(&b, m, (size_t)(end - m));
                }
                m = next ? next + 2 : end;
                if (next) buf_puts(&b, "; ");
                continue;
            }
        }
        if (every_field && b.len == 0 && !any_field)
            buf_printf(&b, "%s row %u: ", r->main_where, (unsigned)(index < r->nrecords ? r->row_of[index] : 0));
        buf_put(&b, m, (size_t)(end - m));
        m = next ? next + 2 : end;
        if (next) buf_puts(&b, "; ");
    }
    /* cells the message did not get to (it names at most a few fields) */
    size_t lo = 0;
    while (lo < r->nprobs && r->probs[lo].record < index) lo++;
    for (size_t i = lo; i < r->nprobs && r->probs[i].record == index; i++)
        if (!used[i] && r->probs[i].path[0] && !strstr(message, r->probs[i].path))
            buf_printf(&b, "%s%s, field '%s': %s", b.len ? "; " : "", r->probs[i].cell, r->probs[i].path, r->probs[i].reason);
    mem_free(used);
    if (!b.data) buf_puts(&b, message);
    buf_putc(&b, '\0');
    return b.data;
}

char *kh_roster_locate_for_eval(void *ud, size_t index, const char *message)
{
    char *located = kh_roster_locate(ud, index, message, false);
    char *copy = strdup(located); /* kh_eval frees it with free() */
    mem_free(located);
    return copy;
}
