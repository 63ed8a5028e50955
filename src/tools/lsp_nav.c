/*
 * lsp_nav.c — moving around a policy: go to definition, find references
 * (across the document and its includes) and the outline of the document
 * (input fields, params, definitions, outputs and checks).
 */
#include <stdlib.h>
#include <string.h>

#include "lsp_internal.h"
#include "mem.h"

char *lsp_uri_of(const lsp_request *r, const source *src)
{
    const lsp_analysis *an = r->doc->an;
    int f = lsp_file_index(an, src);
    if (f == r->file) return mem_strdup(r->doc->uri);
    for (int i = 0; f >= 0 && i < r->nopen; i++)
        if (strcmp(r->open[i]->real, an->real[f]) == 0) return mem_strdup(r->open[i]->uri);
    return lsp_path_to_uri(src->path);
}

static bool bom_of(const lsp_request *r, const source *src)
{
    return lsp_doc_bom(r->doc, src);
}

static cJSON *location(const lsp_request *r, const source *src, uint32_t start, uint32_t end)
{
    char *uri = lsp_uri_of(r, src);
    cJSON *l = lsp_json_location(uri, src, bom_of(r, src), start, end);
    mem_free(uri);
    return l;
}

cJSON *lsp_definition(lsp_request *r)
{
    lsp_target t;
    const source *src;
    uint32_t start, end;
    if (!lsp_find_at(r->doc->an, r->file, r->off, &t) || !lsp_decl_span(t.sym, &src, &start, &end))
        return cJSON_CreateNull();
    return location(r, src, start, end);
}

typedef struct ref_list {
    lsp_request *r;
    cJSON *arr;
} ref_list;

static void add_ref(void *ud, const source *src, uint32_t start, uint32_t end)
{
    ref_list *l = ud;
    cJSON_AddItemToArray(l->arr, location(l->r, src, start, end));
}

cJSON *lsp_references(lsp_request *r)
{
    lsp_target t;
    if (!lsp_find_at(r->doc->an, r->file, r->off, &t) || !t.sym) return cJSON_CreateNull();
    const cJSON *ctx = cJSON_GetObjectItem(r->params, "context");
    bool with_decl = cJSON_IsTrue(cJSON_GetObjectItem(ctx, "includeDeclaration"));
    ref_list l = {r, cJSON_CreateArray()};
    lsp_references_of(r->doc->an, t.sym, with_decl, add_ref, &l);
    return l.arr;
}

/* ---- the outline ------------------------------------------------------------- */

enum { SK_FILE = 1, SK_MODULE = 2, SK_FIELD = 8, SK_VARIABLE = 13, SK_CONSTANT = 14, SK_PROPERTY = 7,
       SK_STRUCT = 23, SK_EVENT = 24 };

static cJSON *symbol_json(const lsp_request *r, const char *name, const char *detail, int kind, const source *src,
                          uint32_t start, uint32_t end, uint32_t sel_start, uint32_t sel_end)
{
    bool bom = bom_of(r, src);
    cJSON *s = cJSON_CreateObject();
    lsp_json_add_text(s, "name", name && *name ? name : "?");
    if (detail) lsp_json_add_text(s, "detail", detail);
    cJSON_AddNumberToObject(s, "kind", kind);
    if (sel_start < start) start = sel_start;
    if (sel_end > end) end = sel_end;
    cJSON_AddItemToObject(s, "range", lsp_json_range(src, bom, start, end));
    cJSON_AddItemToObject(s, "selectionRange", lsp_json_range(src, bom, sel_start, sel_end));
    return s;
}

static uint32_t line_begin(const source *s, uint32_t off)
{
    while (off > 0 && s->text[off - 1] != '\n') off--;
    return off;
}

static uint32_t line_end(const source *s, uint32_t off)
{
    const char *nl = memchr(s->text + off, '\n', s->len - off);
    return nl ? (uint32_t)(nl - s->text) : (uint32_t)s->len;
}

/* The end of a field's last line, its nested fields included. */
static uint32_t field_end(const ast *f)
{
    uint32_t e = line_end(f->at.src, f->at.start);
    for (int i = 0; i < f->list2.n; i++)
        if (f->list2.v[i] && f->list2.v[i]->at.src == f->at.src) {
            uint32_t k = field_end(f->list2.v[i]);
            if (k > e) e = k;
        }
    return e;
}

static cJSON *field_symbols(const lsp_request *r, const ast_list *fields)
{
    cJSON *arr = cJSON_CreateArray();
    for (int i = 0; i < fields->n; i++) {
        const ast *f = fields->v[i];
        if (!f || f->kind != AST_FIELD || !f->a || !f->at.src) continue;
        char path[1024];
        if (!ast_path(f->a, path, sizeof path)) continue;
        const source *src = f->at.src;
        cJSON *s = symbol_json(r, path, f->label, SK_FIELD, src, line_begin(src, f->at.start), field_end(f),
                               f->a->at.start, f->a->at.end);
        if (f->list2.n) cJSON_AddItemToObject(s, "children", field_symbols(r, &f->list2));
        cJSON_AddItemToArray(arr, s);
    }
    return arr;
}

cJSON *lsp_document_symbols(lsp_request *r)
{
    const lsp_analysis *an = r->doc->an;
    cJSON *arr = cJSON_CreateArray();
    if (r->file >= an->L.n || !an->L.files[r->file]) return arr;
    const ast_list *l = &an->L.files[r->file]->list;
    for (int i = 0; i < l->n; i++) {
        const ast *d = l->v[i];
        uint32_t start, end;
        if (!d || !d->at.src || !lsp_decl_extent(an, d, &start, &end)) continue;
        const source *src = d->at.src;
        cJSON *s = NULL;
        switch (d->kind) {
        case AST_INPUT:
            s = symbol_json(r, "input", NULL, SK_STRUCT, src, start, end, d->at.start, d->at.end);
            cJSON_AddItemToObject(s, "children", field_symbols(r, &d->list));
            break;
        case AST_PARAM:
            s = symbol_json(r, d->str, d->label, SK_CONSTANT, src, start, end, d->at.start, d->at.end);
            break;
        case AST_DEF:
            s = symbol_json(r, d->str, d->label, d->op == DEF_OUTPUT ? SK_PROPERTY : SK_VARIABLE, src, start, end, d->at.start,
                            d->at.end);
            break;
        case AST_CHECK:
            s = symbol_json(r, d->str, "check", SK_EVENT, src, start, end, d->at.start, d->at.end);
            break;
        case AST_INCLUDE:
            s = symbol_json(r, d->str, "include", SK_FILE, src, start, end, d->at.start, d->at.end);
            break;
        case AST_POLICY:
            s = symbol_json(r, d->str, "policy", SK_MODULE, src, start, end, d->at.start, d->at.end);
            break;
        default:
            break;
        }
        if (s) cJSON_AddItemToArray(arr, s);
    }
    return arr;
}
