/*
 * lsp_doc.c — the language server's open documents: their text, checking
 * it (the same stages as `kaohe check`: load with includes, check, and when
 * that found no error, compile and the warnings about absent values), and
 * the diagnostics as LSP data.
 */
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "absent.h"
#include "lsp_internal.h"
#include "plan.h"

static double now_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec * 1e3 + (double)ts.tv_nsec / 1e6;
}

lsp_analysis *lsp_analyse(const char *path, const char *text, size_t len)
{
    double t0 = now_ms();
    lsp_analysis *a = calloc(1, sizeof *a);
    if (!a) abort();
    a->A = arena_new(256 * 1024);
    diag_init(&a->diags);
    a->bom = len >= 3 && memcmp(text, "\xEF\xBB\xBF", 3) == 0;
    bool ok = load_policy(a->A, path, text, len, &a->diags, &a->L);
    if (a->L.n > 0) a->prog = check_program(a->A, a->L.files, a->L.sources, a->L.n, 0, &a->diags);
    if (ok && a->prog && a->diags.errors == 0) {
        a->plan = compile_program(a->prog, a->A);
        absent_warn(a->plan, &a->diags);
    }
    diag_sort(&a->diags);
    a->millis = now_ms() - t0;
    return a;
}

void lsp_analysis_free(lsp_analysis *a)
{
    if (!a) return;
    diag_free(&a->diags);
    arena_free(a->A);
    free(a);
}

void lsp_doc_refresh(lsp_doc *d)
{
    if (!d->dirty && d->an) return;
    lsp_analysis_free(d->an);
    d->an = lsp_analyse(d->path, d->text, d->len);
    d->dirty = false;
    d->unpublished = true;
    lsp_live_update(d);
}

void lsp_doc_edit(lsp_doc *d, size_t start, size_t end, const char *repl, size_t rlen)
{
    if (start > d->len) start = d->len;
    if (end > d->len) end = d->len;
    if (end < start) end = start;
    size_t n = d->len - (end - start) + rlen;
    char *t = malloc(n + 1);
    if (!t) abort();
    memcpy(t, d->text, start);
    memcpy(t + start, repl, rlen);
    memcpy(t + start + rlen, d->text + end, d->len - end);
    t[n] = '\0';
    free(d->text);
    d->text = t;
    d->len = n;
    d->dirty = true;
}

/* ---- diagnostics ------------------------------------------------------------ */

static cJSON *diagnostic(const diag *g, const source *src, bool bom)
{
    cJSON *j = cJSON_CreateObject();
    if (g->at.src == src) cJSON_AddItemToObject(j, "range", lsp_json_range(src, bom, g->at.start, g->at.end));
    else cJSON_AddItemToObject(j, "range", lsp_json_range(src, bom, 0, 0)); /* not tied to a place */
    cJSON_AddNumberToObject(j, "severity", g->level == DIAG_ERROR ? 1 : g->level == DIAG_WARNING ? 2 : 3);
    cJSON_AddStringToObject(j, "source", "kaohe");
    if (g->hint) {
        buf b = {0};
        buf_printf(&b, "%s\n%s", g->message, g->hint);
        lsp_json_add_text(j, "message", b.data);
        buf_free(&b);
    } else {
        lsp_json_add_text(j, "message", g->message);
    }
    return j;
}

/* The open document whose file is src, or NULL. */
static lsp_doc *open_doc_of(const source *src, lsp_doc *const *open, int nopen)
{
    for (int i = 0; i < nopen; i++)
        if (strcmp(open[i]->path, src->path) == 0) return open[i];
    return NULL;
}

static cJSON *publish_entry(cJSON *all, const char *uri)
{
    cJSON *e;
    cJSON_ArrayForEach(e, all) {
        if (strcmp(cJSON_GetObjectItem(e, "uri")->valuestring, uri) == 0) return e;
    }
    e = cJSON_CreateObject();
    lsp_json_add_text(e, "uri", uri);
    cJSON_AddItemToObject(e, "diagnostics", cJSON_CreateArray());
    cJSON_AddItemToArray(all, e);
    return e;
}

cJSON *lsp_doc_diagnostics(lsp_doc *d, lsp_doc *const *open, int nopen)
{
    lsp_analysis *an = d->an;
    cJSON *all = cJSON_CreateArray();
    cJSON *mine = publish_entry(all, d->uri);
    if (d->version >= 0) cJSON_AddNumberToObject(mine, "version", d->version);
    /* each included file that is not open itself (an open one has its own) */
    char **uris = calloc((size_t)an->L.n + 1, sizeof *uris);
    if (!uris) abort();
    for (int i = 1; i < an->L.n; i++) {
        lsp_doc *o = open_doc_of(an->L.sources[i], open, nopen);
        if (!o) uris[i] = lsp_path_to_uri(an->L.sources[i]->path);
        if (uris[i]) publish_entry(all, uris[i]);
    }
    for (int k = 0; k < an->diags.n; k++) {
        const diag *g = &an->diags.items[k];
        int f = g->at.src ? lsp_file_index(an, g->at.src) : 0;
        if (f < 0) f = 0;
        if (f > 0 && !uris[f]) continue; /* in an open file: shown there */
        cJSON *e = f == 0 ? mine : publish_entry(all, uris[f]);
        if (an->L.n == 0) continue; /* cannot happen: the document's text is always a source */
        cJSON_AddItemToArray(cJSON_GetObjectItem(e, "diagnostics"),
                             diagnostic(g, an->L.sources[f], f == 0 && an->bom));
    }
    for (int i = 1; i < an->L.n; i++) free(uris[i]);
    free(uris);
    /* URIs given diagnostics last time and none now: cleared */
    for (int i = 0; i < d->npublished; i++) {
        bool other_open = false; /* an open file now publishes its own */
        for (int k = 0; k < nopen; k++) other_open |= open[k] != d && strcmp(open[k]->uri, d->published[i]) == 0;
        if (!other_open) publish_entry(all, d->published[i]);
    }
    for (int i = 0; i < d->npublished; i++) free(d->published[i]);
    free(d->published);
    d->npublished = cJSON_GetArraySize(all);
    d->published = calloc((size_t)d->npublished + 1, sizeof *d->published);
    if (!d->published) abort();
    int i = 0;
    cJSON *e;
    cJSON_ArrayForEach(e, all) d->published[i++] = strdup(cJSON_GetObjectItem(e, "uri")->valuestring);
    return all;
}
