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
    bool ok = d.errors == 0 && f->list.n == 1 && f->list.v[0]->kind == AST_DEF && f->list.v[0]->op == 0 &&
              strcmp(f->list.v[0]->str, name) == 0;
    if (!ok) snprintf(why, cap, "'%s' is not a name a policy can declare (a keyword, or not one word)", name);
    diag_free(&d);
    arena_free(A);
    return ok;
}

typedef struct rename_edits {
    lsp_request *r;
    cJSON *changes;   /* uri -> [TextEdit] */
    const char *name;
    int n;
} rename_edits;

static void add_edit(void *ud, const source *src, uint32_t start, uint32_t end)
{
    rename_edits *e = ud;
    char *uri = lsp_uri_of(e->r, src);
    cJSON *list = cJSON_GetObjectItem(e->changes, uri);
    if (!list) cJSON_AddItemToObject(e->changes, uri, list = cJSON_CreateArray());
    cJSON *te = cJSON_CreateObject();
    cJSON_AddItemToObject(te, "range", lsp_json_range(src, lsp_doc_bom(e->r->doc, src), start, end));
    lsp_json_add_text(te, "newText", e->name);
    cJSON_AddItemToArray(list, te);
    free(uri);
    e->n++;
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
    rename_edits e = {r, cJSON_CreateObject(), name, 0};
    lsp_references_of(an, t.sym, true, add_edit, &e);
    cJSON *we = cJSON_CreateObject();
    cJSON_AddItemToObject(we, "changes", e.changes);
    if (t.sym->kind == SYM_PARAM || (t.sym->kind == SYM_DEF && t.sym->decl->op == 1))
        snprintf(r->note, sizeof r->note,
                 "renamed %s '%s' to '%s': %s name it too; update them",
                 t.sym->kind == SYM_PARAM ? "param" : "output", t.sym->name, name,
                 t.sym->kind == SYM_PARAM ? "--set options and policy tests (\"set\")"
                                          : "the results, --prior files and policy tests (\"expect\")");
    return we;
}

cJSON *lsp_formatting(lsp_request *r)
{
    const lsp_analysis *an = r->doc->an;
    if (r->file >= an->L.n) return cJSON_CreateArray();
    const source *src = an->L.sources[r->file];
    buf out = {0};
    diag_list d;
    diag_init(&d);
    bool ok = fmt_source(src, &out, &d);
    if (!ok) {
        int line = 0, col = 0;
        const diag *g = d.n ? &d.items[0] : NULL;
        if (g && g->at.src) source_position(g->at.src, g->at.start, &line, &col);
        snprintf(r->err, sizeof r->err, "cannot format: line %d: %s", line, g ? g->message : "the policy does not parse");
        diag_free(&d);
        buf_free(&out);
        return NULL;
    }
    diag_free(&d);
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
