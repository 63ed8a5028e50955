/*
 * lsp_edit.c — requests that change the text: rename (a param, definition
 * or output, everywhere it is named, across includes; refused for input
 * fields, which the records' JSON names) and formatting (`kaohe fmt`'s
 * canonical layout, as one edit).
 */
#include <stdlib.h>
#include <string.h>

#include "builtins.h"
#include "fmt.h"
#include "lsp_internal.h"
#include "parse.h"
#include "mem.h"

/* Why sym cannot be renamed here, or NULL. */
static const char *cannot_rename(const lsp_target *t, char *why, size_t cap)
{
    const symbol *s = t->sym;
    if (!s) {
        snprintf(why, cap, t->builtin ? "'%s' is a function of kaohe" : "nothing to rename here", t->builtin);
        return why;
    }
    if (s->kind == SYM_FIELD || s->kind == SYM_GROUP) {
        snprintf(why, cap,
                 "'%s' is an input field: the records name it, so renaming it here would make every record "
                 "miss it; rename it in the data and the policy together",
                 s->field ? s->field->path : s->name);
        return why;
    }
    return NULL;
}

cJSON *lsp_prepare_rename(lsp_request *r)
{
    lsp_target t;
    if (!lsp_find_at(r->doc->an, r->file, r->off, &t)) return cJSON_CreateNull();
    if (cannot_rename(&t, r->err, sizeof r->err)) return NULL;
    return lsp_json_range(t.src, lsp_doc_bom(r->doc, t.src), t.start, t.end);
}

/* Is name a name a policy can declare?  Parsed as `name = 1`. */
static bool valid_name(const char *name, char *why, size_t cap)
{
    size_t n = strlen(name);
    if (n == 0 || n > 200 || utf8_valid_prefix(name, n) != n) {
        snprintf(why, cap, "not a name");
        return false;
    }
    arena *A = arena_new(4096);
    diag_list d;
    diag_init(&d);
    char *text = arena_printf(A, "%s = 1\n", name);
    source *src = source_from_text(A, "rename", NULL, text, strlen(text));
    ast *f = kh_parse(src, A, &d);
    bool ok = d.errors == 0 && f->list.n == 1 && f->list.v[0]->kind == AST_DEF && f->list.v[0]->op == DEF_PLAIN &&
              strcmp(f->list.v[0]->str, name) == 0;
    if (!ok) snprintf(why, cap, "'%s' is not a name a policy can declare (a keyword, or not one word)", name);
    diag_free(&d);
    arena_free(A);
    return ok;
}

/* The places a rename changes. */
typedef struct places {
    const lsp_analysis *an;
    int *file;
    uint32_t *start, *end;
    int n, cap;
} places;

static void add_place(void *ud, const source *src, uint32_t start, uint32_t end)
{
    places *p = ud;
    if (p->n == p->cap) {
        p->cap = p->cap ? 2 * p->cap : 16;
        p->file = mem_realloc(p->file, (size_t)p->cap * sizeof *p->file);
        p->start = mem_realloc(p->start, (size_t)p->cap * sizeof *p->start);
        p->end = mem_realloc(p->end, (size_t)p->cap * sizeof *p->end);
    }
    p->file[p->n] = lsp_file_index(p->an, src);
    p->start[p->n] = start;
    p->end[p->n] = end;
    p->n++;
}

static void count_place(void *ud, const source *src, uint32_t start, uint32_t end) { (*(int *)ud)++; }

/* Checks the policy with the rename applied: the new name must be read
 * where the old one was, and nowhere else (inside `x over deals` a field
 * of the entries by that name would take over), with no new error. */
static bool rename_keeps_meaning(lsp_request *r, const places *p, const char *name)
{
    const lsp_analysis *an = r->doc->an;
    char **texts = mem_calloc((size_t)an->L.n + 1, sizeof *texts);
    size_t nlen = strlen(name);
    for (int f = 0; f < an->L.n; f++) {
        const source *src = an->L.sources[f];
        buf b = {0};
        uint32_t at = 0;
        bool touched = false;
        for (;;) { /* the places in this file, in order */
            int next = -1;
            for (int i = 0; i < p->n; i++)
                if (p->file[i] == f && p->start[i] >= at && (next < 0 || p->start[i] < p->start[next])) next = i;
            if (next < 0) break;
            buf_put(&b, src->text + at, p->start[next] - at);
            buf_put(&b, name, nlen);
            at = p->end[next];
            touched = true;
        }
        if (touched) {
            buf_put(&b, src->text + at, src->len - at);
            texts[f] = b.data;
        } else {
            buf_free(&b);
        }
    }
    lsp_analysis *after = lsp_analyse_edited(an, (const char *const *)texts, r->doc->load, r->open, r->nopen);
    symbol *s = after->prog ? program_lookup(after->prog, name) : NULL;
    int count = 0;
    if (s) lsp_references_of(after, s, true, count_place, &count);
    bool ok = s && count == p->n && after->diags.errors <= an->diags.errors;
    if (!ok)
        snprintf(r->err, sizeof r->err,
                 "renaming to '%s' would change what the policy means (%d uses would read '%s' where %d did, "
                 "%d errors where %d were): inside `over`, a field of the list's entries by that name would be read "
                 "instead; choose another name",
                 name, count, name, p->n, after->diags.errors, an->diags.errors);
    lsp_analysis_free(after);
    for (int f = 0; f < an->L.n; f++) mem_free(texts[f]);
    mem_free(texts);
    return ok;
}

cJSON *lsp_rename(lsp_request *r)
{
    lsp_target t;
    const lsp_analysis *an = r->doc->an;
    const cJSON *nn = cJSON_GetObjectItem(r->params, "newName");
    if (!cJSON_IsString(nn)) {
        snprintf(r->err, sizeof r->err, "rename needs a newName");
        return NULL;
    }
    const char *name = nn->valuestring;
    if (!lsp_find_at(an, r->file, r->off, &t)) {
        snprintf(r->err, sizeof r->err, "nothing to rename here");
        return NULL;
    }
    if (cannot_rename(&t, r->err, sizeof r->err) || !valid_name(name, r->err, sizeof r->err)) return NULL;
    const symbol *other = program_lookup(an->prog, name);
    if (other && other != t.sym) {
        snprintf(r->err, sizeof r->err, "'%s' is already the name of %s", name,
                 other->kind == SYM_PARAM ? "a param" : other->kind == SYM_DEF ? "a definition" : "an input field");
        return NULL;
    }
    if (builtin_lookup(name)) {
        snprintf(r->err, sizeof r->err, "'%s' is a function of kaohe", name);
        return NULL;
    }
    places p = {.an = an};
    lsp_references_of(an, t.sym, true, add_place, &p);
    cJSON *we = NULL;
    if (rename_keeps_meaning(r, &p, name)) {
        cJSON *changes = cJSON_CreateObject();
        for (int i = 0; i < p.n; i++) {
            const source *src = an->L.sources[p.file[i]];
            char *uri = lsp_uri_of(r, src);
            cJSON *list = cJSON_GetObjectItem(changes, uri);
            if (!list) cJSON_AddItemToObject(changes, uri, list = cJSON_CreateArray());
            cJSON *te = cJSON_CreateObject();
            cJSON_AddItemToObject(te, "range", lsp_json_range(src, lsp_doc_bom(r->doc, src), p.start[i], p.end[i]));
            lsp_json_add_text(te, "newText", name);
            cJSON_AddItemToArray(list, te);
            mem_free(uri);
        }
        we = cJSON_CreateObject();
        cJSON_AddItemToObject(we, "changes", changes);
        if (t.sym->kind == SYM_PARAM || (t.sym->kind == SYM_DEF && t.sym->decl->op == DEF_OUTPUT))
            snprintf(r->note, sizeof r->note, "renamed %s '%s' to '%s': %s name it too; update them",
                     t.sym->kind == SYM_PARAM ? "param" : "output", t.sym->name, name,
                     t.sym->kind == SYM_PARAM ? "--set options and policy tests (\"set\")"
                                              : "the results, --prior files and policy tests (\"expect\")");
    }
    mem_free(p.file);
    mem_free(p.start);
    mem_free(p.end);
    return we;
}

cJSON *lsp_formatting(lsp_request *r)
{
    const lsp_analysis *an = r->doc->an;
    if (r->file >= an->L.n) return cJSON_CreateArray();
    const source *src = an->L.sources[r->file];
    if (an->diags.errors > 0) { /* as `kaohe fmt`: a policy with errors has no meaning to keep */
        const diag *g = NULL;
        for (int i = 0; i < an->diags.n && !g; i++)
            if (an->diags.items[i].level == DIAG_ERROR) g = &an->diags.items[i];
        int line = 0, col = 0;
        if (g && g->at.src) source_position(g->at.src, g->at.start, &line, &col);
        snprintf(r->err, sizeof r->err, "cannot format: the policy has errors (line %d: %s); kaohe fmt formats only "
                 "a policy that checks, so that its meaning is kept", line, g ? g->message : "?");
        return NULL;
    }
    buf out = {0};
    diag_list d;
    diag_init(&d);
    bool ok = fmt_source(src, SURFACE_SAME, &out, &d); /* (it fails only on a parse error, which the check found) */
    diag_free(&d);
    if (!ok) {
        snprintf(r->err, sizeof r->err, "cannot format: the policy does not parse");
        buf_free(&out);
        return NULL;
    }
    cJSON *edits = cJSON_CreateArray();
    if (out.len != src->len || (out.len && memcmp(out.data, src->text, src->len) != 0)) {
        cJSON *te = cJSON_CreateObject();
        cJSON_AddItemToObject(te, "range", lsp_json_range(src, lsp_doc_bom(r->doc, src), 0, (uint32_t)src->len));
        lsp_json_add_text(te, "newText", out.data ? out.data : "");
        cJSON_AddItemToArray(edits, te);
    }
    buf_free(&out);
    return edits;
}
