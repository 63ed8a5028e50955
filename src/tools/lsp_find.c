/*
 * lsp_find.c — what a place in a policy names, and every place that names
 * it: the walk behind hover, go to definition, references and rename.
 *
 * Every name in the syntax trees is visited with the symbol the checker
 * gave it: names and members in expressions (an element's field through
 * field_read_by), the names of params and definitions where they are
 * declared, each segment of an input field's path (`pay.base` names the
 * group `pay` and its field), `roster by` and `chain ... from ... unless`.
 */
#include <stdlib.h>
#include <string.h>

#include "builtins.h"
#include "check_internal.h"
#include "lsp_internal.h"

/* One occurrence of a name. */
typedef struct occurrence {
    const source *src;
    uint32_t start, end;
    const ast *node;
    symbol *sym;
    const char *builtin;
} occurrence;

typedef void (*visit_fn)(void *ud, const occurrence *o);

typedef struct walker {
    const program *p;
    visit_fn fn;
    void *ud;
} walker;

static void emit(walker *w, const ast *node, uint32_t start, uint32_t end, symbol *sym, const char *fn_name)
{
    occurrence o = {node->at.src, start, end, node, sym, fn_name};
    if (o.src && end >= start) w->fn(w->ud, &o);
}

int lsp_file_index(const lsp_analysis *an, const source *src)
{
    for (int i = 0; i < an->L.n; i++)
        if (an->L.sources[i] == src) return i;
    return -1;
}

field_spec *lsp_field_at_path(const program *p, const char *path)
{
    field_spec *g = p ? p->input : NULL;
    while (g && *path) {
        size_t n = strcspn(path, ".");
        field_spec *next = NULL;
        for (int i = 0; i < g->nchildren && !next; i++)
            if (strlen(g->children[i]->name) == n && memcmp(g->children[i]->name, path, n) == 0) next = g->children[i];
        g = next;
        path += n;
        if (*path == '.') path++;
    }
    return g == (p ? p->input : NULL) ? NULL : g;
}

/* A field path's segments (NAME / MEMBER chain) under `prefix`, each the
 * field or group it names.  Writes the whole path into out. */
static void walk_path(walker *w, const ast *e, const char *prefix, char *out, size_t cap)
{
    if (!e) return;
    if (e->kind == AST_MEMBER) {
        walk_path(w, e->a, prefix, out, cap);
        size_t n = strlen(out);
        snprintf(out + n, cap - n, ".%s", e->str);
        field_spec *f = lsp_field_at_path(w->p, out);
        emit(w, e, e->at.end - e->str_len, e->at.end, f ? f->sym : NULL, NULL);
    } else if (e->kind == AST_NAME) {
        snprintf(out, cap, "%s%s%s", prefix, *prefix ? "." : "", e->str);
        field_spec *f = lsp_field_at_path(w->p, out);
        emit(w, e, e->at.start, e->at.end, f ? f->sym : NULL, NULL);
    }
}

static symbol *global(const walker *w, const char *name)
{
    return w->p && w->p->names ? program_lookup(w->p, name) : NULL;
}

static void walk_expr(walker *w, const ast *e);

static void walk_list(walker *w, const ast_list *l)
{
    for (int i = 0; i < l->n; i++) walk_expr(w, l->v[i]);
}

static void walk_fields(walker *w, const ast_list *fields, const char *prefix)
{
    for (int i = 0; i < fields->n; i++) {
        const ast *f = fields->v[i];
        if (!f || f->kind != AST_FIELD) continue;
        char path[1024] = "";
        walk_path(w, f->a, prefix, path, sizeof path);
        walk_list(w, &f->list); /* bounds and defaults */
        walk_fields(w, &f->list2, path);
    }
}

static void walk_expr(walker *w, const ast *e)
{
    if (!e) return;
    switch (e->kind) {
    case AST_NAME: {
        symbol *s = e->sym;
        if (!s && w->p) {
            const field_spec *f = field_read_by(w->p, e);
            s = f ? f->sym : NULL;
        }
        emit(w, e, e->at.start, e->at.end, s, !s && builtin_lookup(e->str) ? e->str : NULL);
        return;
    }
    case AST_MEMBER: {
        walk_expr(w, e->a);
        symbol *s = e->sym;
        if (!s && w->p) {
            const field_spec *f = field_read_by(w->p, e);
            s = f ? f->sym : NULL;
        }
        emit(w, e, e->at.end - e->str_len, e->at.end, s, NULL);
        return;
    }
    case AST_CALL:
        emit(w, e, e->at.start, e->at.start + e->str_len, NULL, builtin_lookup(e->str) ? e->str : NULL);
        walk_list(w, &e->list);
        return;
    case AST_DEF:
    case AST_PARAM: {
        symbol *s = global(w, e->str);
        emit(w, e, e->at.start, e->at.end, s && s->decl == e ? s : NULL, NULL);
        walk_expr(w, e->a);
        return;
    }
    case AST_INPUT:
        walk_fields(w, &e->list, "");
        return;
    case AST_ROSTER_BY: {
        char path[1024] = "";
        walk_path(w, e->a, "", path, sizeof path);
        return;
    }
    case AST_CHAIN: {
        char path[1024] = "";
        walk_path(w, e->a, "", path, sizeof path);
        emit(w, e, e->at.start, e->at.end, global(w, e->str), NULL);
        if (e->b) emit(w, e->b, e->b->at.start, e->b->at.end, global(w, e->b->str), NULL);
        return;
    }
    case AST_TYPE:
    case AST_SPEC:
        walk_expr(w, e->a);
        walk_expr(w, e->b);
        return;
    default:
        walk_expr(w, e->a);
        walk_expr(w, e->b);
        walk_expr(w, e->c);
        walk_list(w, &e->list);
        walk_list(w, &e->list2);
        return;
    }
}

static void walk_file(walker *w, const ast *file)
{
    if (file) walk_list(w, &file->list);
}

/* ---- the name at a position ------------------------------------------------- */

typedef struct finder {
    uint32_t off;
    occurrence best;
    bool found;
} finder;

static void find_visit(void *ud, const occurrence *o)
{
    finder *f = ud;
    if (o->start > f->off || f->off > o->end) return;
    /* the smallest span holding the offset; at a boundary, the name that
     * starts there wins over the one that ends there */
    bool better = !f->found || o->end - o->start < f->best.end - f->best.start ||
                  (f->best.end == f->off && o->start == f->off);
    if (better) {
        f->best = *o;
        f->found = true;
    }
}

bool lsp_find_at(const lsp_analysis *an, int file, uint32_t off, lsp_target *t)
{
    if (file < 0 || file >= an->L.n) return false;
    finder f = {.off = off};
    walker w = {an->prog, find_visit, &f};
    walk_file(&w, an->L.files[file]);
    if (!f.found) return false;
    t->node = f.best.node;
    t->start = f.best.start;
    t->end = f.best.end;
    t->src = f.best.src;
    t->sym = f.best.sym;
    t->builtin = f.best.builtin;
    return true;
}

bool lsp_decl_span(const symbol *sym, const source **src, uint32_t *start, uint32_t *end)
{
    const ast *d = sym ? sym->decl : NULL;
    if (!d) return false;
    if (d->kind == AST_DEF || d->kind == AST_PARAM) {
        *src = d->at.src;
        *start = d->at.start;
        *end = d->at.end;
        return *src != NULL;
    }
    if (d->kind != AST_FIELD) return false;
    /* the segment of the field's path that is this field's own name
     * (a group without a line of its own is the first segment of its
     * first field's path) */
    for (const ast *seg = d->a; seg; seg = seg->kind == AST_MEMBER ? seg->a : NULL) {
        if (strcmp(seg->str, sym->name) != 0) continue;
        *src = seg->at.src;
        *end = seg->at.end;
        *start = seg->kind == AST_MEMBER ? seg->at.end - seg->str_len : seg->at.start;
        return *src != NULL;
    }
    return false;
}

/* ---- every place that names a symbol ----------------------------------------- */

typedef struct ref_walk {
    const symbol *sym;
    lsp_ref_fn fn;
    void *ud;
    const source *decl_src;
    uint32_t decl_start;
    bool have_decl;
} ref_walk;

static void ref_visit(void *ud, const occurrence *o)
{
    ref_walk *r = ud;
    if (o->sym != r->sym) return;
    if (r->have_decl && o->src == r->decl_src && o->start == r->decl_start) return; /* given first, or left out */
    r->fn(r->ud, o->src, o->start, o->end);
}

void lsp_references_of(const lsp_analysis *an, const symbol *sym, bool with_decl, lsp_ref_fn fn, void *ud)
{
    ref_walk r = {sym, fn, ud, NULL, 0, false};
    uint32_t end;
    if (lsp_decl_span(sym, &r.decl_src, &r.decl_start, &end)) {
        r.have_decl = true;
        if (with_decl) fn(ud, r.decl_src, r.decl_start, end);
    }
    walker w = {an->prog, ref_visit, &r};
    for (int i = 0; i < an->L.n; i++) walk_file(&w, an->L.files[i]);
}

/* ---- declarations as blocks of lines ---------------------------------------- */

static uint32_t line_start_of(const source *s, uint32_t off)
{
    while (off > 0 && s->text[off - 1] != '\n') off--;
    return off;
}

/* Is the line at off blank or only a comment? */
static bool line_is_empty(const source *s, uint32_t off)
{
    while (off < s->len && (s->text[off] == ' ' || s->text[off] == '\t' || s->text[off] == '\r')) off++;
    return off >= s->len || s->text[off] == '\n' || s->text[off] == '#';
}

bool lsp_decl_extent(const lsp_analysis *an, const ast *decl, uint32_t *start, uint32_t *end)
{
    const source *s = decl ? decl->at.src : NULL;
    int f = s ? lsp_file_index(an, s) : -1;
    if (f < 0 || !an->L.files[f]) return false;
    const ast_list *l = &an->L.files[f]->list;
    uint32_t next = (uint32_t)s->len;
    for (int i = 0; i < l->n; i++) {
        if (l->v[i] != decl) continue;
        for (int k = i + 1; k < l->n; k++)
            if (l->v[k] && l->v[k]->at.src == s) {
                next = line_start_of(s, l->v[k]->at.start);
                break;
            }
    }
    *start = line_start_of(s, decl->at.start);
    /* back over the blank and comment lines before the next declaration */
    uint32_t e = next;
    while (e > *start) {
        uint32_t ls = line_start_of(s, e - 1);
        if (ls <= *start || !line_is_empty(s, ls)) break;
        e = ls;
    }
    while (e > *start && (s->text[e - 1] == '\n' || s->text[e - 1] == '\r')) e--;
    *end = e;
    return true;
}

const ast *lsp_decl_at(const lsp_analysis *an, int file, uint32_t off)
{
    if (file < 0 || file >= an->L.n || !an->L.files[file]) return NULL;
    const ast_list *l = &an->L.files[file]->list;
    for (int i = 0; i < l->n; i++) {
        uint32_t s, e;
        if (l->v[i] && lsp_decl_extent(an, l->v[i], &s, &e) && s <= off && off <= e) return l->v[i];
    }
    return NULL;
}
