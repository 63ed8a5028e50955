/*
 * roster_table.c — the tables of a roster spreadsheet, and its header rows.
 */
#include "roster_table.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cell_value.h"
#include "mem.h"
#include "i18n.h"

static char *join(const char *a, const char *b)
{
    buf x = {0};
    buf_printf(&x, "%s%s%s", a, a[0] ? "." : "", b);
    return x.data;
}

static roster_table *add_table(roster_table **tables, int *n, const field_spec *list, const char *path)
{
    *tables = mem_realloc(*tables, (size_t)(*n + 1) * sizeof **tables);
    roster_table *t = &(*tables)[(*n)++];
    memset(t, 0, sizeof *t);
    t->list = list;
    t->list_path = list ? mem_strdup(path) : NULL;
    t->key_col = -1;
    return t;
}

static void add_leaf(roster_table *t, const field_spec *f, const char *rel, const char *full, bool required)
{
    t->leaves = mem_realloc(t->leaves, (size_t)(t->nleaves + 1) * sizeof *t->leaves);
    leaf *l = &t->leaves[t->nleaves++];
    memset(l, 0, sizeof *l);
    l->f = f;
    l->path = mem_strdup(rel);
    l->full_path = mem_strdup(full);
    l->required = required;
    l->col = -1;
    l->names[0] = cell_normalize(rel, strlen(rel));
    if (strcmp(rel, full) != 0) l->names[1] = cell_normalize(full, strlen(full));
    if (f->label) {
        l->names[2] = cell_normalize(f->label, strlen(f->label));
        char *sp = strchr(l->names[2], ' ');
        if (sp) l->names[3] = mem_strndup(l->names[2], (size_t)(sp - l->names[2]));
    }
}

/* Fields of group g into table t (rel: the path inside the table). */
static bool collect(roster_table **tables, int *n, int ti, const field_spec *g, const char *rel, const char *full,
                    bool optional, char *err, size_t cap)
{
    for (int i = 0; i < g->nchildren; i++) {
        const field_spec *f = g->children[i];
        char *r = join(rel, f->name), *fp = join(full, f->name);
        bool opt = optional || f->optional;
        bool ok = true;
        if (f->is_group) {
            ok = collect(tables, n, ti, f, r, fp, opt, err, cap);
        } else if (f->is_list && !f->base) {
            if ((*tables)[ti].list) {
                snprintf(err, cap, _("the list '%s' is inside the list '%s': a spreadsheet cannot hold it (give the roster "
                                   "as JSON)"), fp, (*tables)[ti].list_path);
                ok = false;
            } else {
                roster_table *t = add_table(tables, n, f, fp);
                t->required = !opt;
                int lt = *n - 1;
                ok = collect(tables, n, lt, f, "", fp, false, err, cap);
            }
        } else {
            add_leaf(&(*tables)[ti], f, r, fp, !opt);
        }
        mem_free(r);
        mem_free(fp);
        if (!ok) return false;
    }
    return true;
}

/* A label's first word names a field only when no other field's label in
 * the table starts with the same word. */
static void unique_words(roster_table *t)
{
    for (int i = 0; i < t->nleaves; i++) {
        if (!t->leaves[i].names[3]) continue;
        bool shared = false;
        for (int k = 0; k < t->nleaves; k++)
            if (k != i && t->leaves[k].names[3] && strcmp(t->leaves[k].names[3], t->leaves[i].names[3]) == 0) shared = true;
        for (int k = 0; k < t->nleaves && !shared; k++)
            for (int m = 0; m < 3; m++)
                if (k != i && t->leaves[k].names[m] && strcmp(t->leaves[k].names[m], t->leaves[i].names[3]) == 0)
                    shared = true;
        if (shared) {
            /* every leaf with that word loses it */
            char *w = t->leaves[i].names[3];
            for (int k = 0; k < t->nleaves; k++)
                if (k != i && t->leaves[k].names[3] && strcmp(t->leaves[k].names[3], w) == 0) {
                    mem_free(t->leaves[k].names[3]);
                    t->leaves[k].names[3] = NULL;
                }
            mem_free(w);
            t->leaves[i].names[3] = NULL;
        }
    }
}

bool roster_tables(const program *prog, roster_table **out, int *n, char *err, size_t cap)
{
    *out = NULL;
    *n = 0;
    add_table(out, n, NULL, NULL);
    if (!collect(out, n, 0, prog->input, "", "", false, err, cap)) { /* the checker always makes the root group */
        roster_tables_free(*out, *n);
        *out = NULL;
        *n = 0;
        return false;
    }
    for (int i = 0; i < *n; i++) {
        (*out)[i].key = prog->key;
        unique_words(&(*out)[i]);
    }
    return true;
}

void roster_tables_free(roster_table *t, int n)
{
    for (int i = 0; i < n; i++) {
        for (int k = 0; k < t[i].nleaves; k++) {
            mem_free(t[i].leaves[k].path);
            mem_free(t[i].leaves[k].full_path);
            for (int m = 0; m < 4; m++) mem_free(t[i].leaves[k].names[m]);
        }
        mem_free(t[i].leaves);
        mem_free(t[i].by_col);
        mem_free(t[i].list_path);
        mem_free(t[i].where);
    }
    mem_free(t);
}

/* Does normalised text s name field f (by path, label or its first word)? */
static bool names_field(const char *s, const field_spec *f, const char *path)
{
    char *p = cell_normalize(path, strlen(path));
    bool yes = strcmp(s, p) == 0;
    mem_free(p);
    if (!yes && f->label) {
        char *l = cell_normalize(f->label, strlen(f->label));
        char *sp = strchr(l, ' ');
        yes = strcmp(s, l) == 0 || (sp && (size_t)(sp - l) == strlen(s) && strncmp(s, l, strlen(s)) == 0);
        mem_free(l);
    }
    return yes;
}

bool roster_table_named(const roster_table *t, const char *name)
{
    /* t is a list's table (tables[1..]: only tables[0], the roster's, has no list) */
    char *s = cell_normalize(name, strlen(name));
    bool yes = names_field(s, t->list, t->list_path) || (strcmp(t->list->name, t->list_path) != 0 && names_field(s, t->list, t->list->name));
    mem_free(s);
    return yes;
}

static leaf *match(roster_table *t, const char *s)
{
    for (int i = 0; i < t->nleaves; i++)
        for (int m = 0; m < 4; m++)
            if (t->leaves[i].names[m] && strcmp(t->leaves[i].names[m], s) == 0) return &t->leaves[i];
    return NULL;
}

static void describe(buf *b, const leaf *l)
{
    buf_printf(b, "'%s'", l->full_path);
    if (l->f->label) buf_printf(b, " (%s)", l->f->label);
}

bool roster_header(roster_table *t, uint32_t row, const sheet_cell *cells, int n, buf *notes, char *err, size_t cap)
{
    t->header_row = row;
    for (int i = 0; i < n; i++) {
        const sheet_cell *c = &cells[i];
        char at[24];
        sheet_cell_name(c->col, row, at);
        char *s = cell_normalize(c->text, c->len);
        if (!s[0]) {
            mem_free(s);
            continue;
        }
        if (t->list && names_field(s, t->key, t->key->path)) { /* (a list's table has a key: roster_table.h) */
            if (t->key_col >= 0) {
                char other[24];
                sheet_cell_name((uint32_t)t->key_col, row, other);
                snprintf(err, cap, _("%s: cells %s and %s both name the key '%s'"), t->where, other, at, t->key->path);
                mem_free(s);
                return false;
            }
            t->key_col = (int)c->col;
            mem_free(s);
            continue;
        }
        leaf *l = match(t, s);
        if (!l) {
            const char *cands[512];
            int nc = 0;
            for (int k = 0; k < t->nleaves && nc < 512; k++) cands[nc++] = t->leaves[k].names[0];
            const char *best = suggest_name(s, cands, nc);
            buf_printf(notes, _("warning: %s cell %s: no field is called \"%.*s\": the column is not read%s%s%s\n"), t->where,
                       at, (int)c->len, c->text, best ? " (did you mean '" : "", best ? best : "", best ? "'?)" : "");
            mem_free(s);
            continue;
        }
        mem_free(s);
        if (l->col >= 0) {
            char other[24];
            sheet_cell_name((uint32_t)l->col, row, other);
            buf b = {0};
            describe(&b, l);
            snprintf(err, cap, _("%s: cells %s and %s both name the field %s: keep one column"), t->where, other, at, b.data);
            buf_free(&b);
            return false;
        }
        l->col = (int)c->col;
    }
    for (int i = 0; i < t->nleaves; i++)
        if (t->leaves[i].col >= 0 && (uint32_t)t->leaves[i].col + 1 > t->nby_col) t->nby_col = (uint32_t)t->leaves[i].col + 1;
    t->by_col = mem_calloc(t->nby_col + 1, sizeof *t->by_col);
    for (int i = 0; i < t->nleaves; i++)
        if (t->leaves[i].col >= 0) t->by_col[t->leaves[i].col] = &t->leaves[i];
    buf missing = {0};
    int nmissing = 0;
    for (int i = 0; i < t->nleaves; i++) {
        leaf *l = &t->leaves[i];
        if (l->col >= 0 || !l->required) continue;
        if (nmissing++) buf_puts(&missing, ", ");
        describe(&missing, l);
    }
    if (nmissing) {
        snprintf(err, cap, _("%s has no column for the field%s %s: add %s headed by the field's label or path"), t->where,
                 nmissing > 1 ? "s" : "", missing.data, nmissing > 1 ? "columns" : "a column");
        buf_free(&missing);
        return false;
    }
    if (t->list && t->key_col < 0) {
        snprintf(err, cap, _("%s has no column for the key '%s'%s%s%s that says whose entry each row is"), t->where,
                 t->key->path, t->key->label ? " (" : "", t->key->label ? t->key->label : "", t->key->label ? ")" : "");
        return false;
    }
    return true;
}

bool roster_second_header(const roster_table *t, const sheet_cell *cells, int n)
{
    if (n == 0) return false;
    for (int i = 0; i < n; i++) {
        char *s = cell_normalize(cells[i].text, cells[i].len);
        bool ok = false;
        const leaf *l = roster_leaf_at(t, cells[i].col);
        if (l) ok = strcmp(s, l->names[0]) == 0 || (l->names[1] && strcmp(s, l->names[1]) == 0);
        else if (t->list && (int)cells[i].col == t->key_col) {
            char *k = cell_normalize(t->key->path, strlen(t->key->path));
            ok = strcmp(s, k) == 0;
            mem_free(k);
        }
        mem_free(s);
        if (!ok) return false;
    }
    return true;
}

const leaf *roster_leaf_at(const roster_table *t, uint32_t col)
{
    return col < t->nby_col ? t->by_col[col] : NULL;
}

const leaf *roster_leaf_by_path(const roster_table *t, const char *path)
{
    for (int i = 0; i < t->nleaves; i++)
        if (strcmp(t->leaves[i].path, path) == 0) return &t->leaves[i];
    return NULL;
}
