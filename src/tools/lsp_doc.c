/*
 * lsp_doc.c — the language server's open documents: their text, checking
 * it (the same stages as `kaohe check`: load with includes, check, and when
 * that found no error, compile and the warnings about absent values), and
 * the diagnostics as LSP data.  A file that a policy includes is checked as
 * part of that policy (the open one that reads it, or the .rules file
 * beside it or one directory up that includes it): by itself, a file of
 * input fields would be all "never used" warnings.
 */
#include <dirent.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "absent.h"
#include "lsp_internal.h"
#include "plan.h"
#include "mem.h"

static double now_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec * 1e3 + (double)ts.tv_nsec / 1e6;
}

typedef struct open_docs {
    lsp_doc *const *v;
    int n;
} open_docs;

/* An open document's text in place of its file. */
static const char *open_text(void *ud, const char *path, size_t *len)
{
    const open_docs *o = ud;
    for (int i = 0; i < o->n; i++)
        if (strcmp(o->v[i]->real, path) == 0) {
            *len = o->v[i]->len;
            return o->v[i]->text;
        }
    return NULL;
}

static lsp_analysis *analyse_with(const char *path, const char *text, size_t len, const load_options *lo,
                                  load_text_fn texts, void *ud)
{
    double t0 = now_ms();
    lsp_analysis *a = mem_calloc(1, sizeof *a);
    a->A = arena_new(256 * 1024);
    diag_init(&a->diags);
    bool ok = load_policy_texts(a->A, path, text, len, lo, texts, ud, &a->diags, &a->L);
    a->real = arena_zalloc(a->A, (size_t)(a->L.n + 1) * sizeof *a->real);
    for (int i = 0; i < a->L.n; i++) {
        char *r = realpath(a->L.sources[i]->path, NULL);
        a->real[i] = arena_strdup(a->A, r ? r : a->L.sources[i]->path);
        free(r); /* realpath's */
    }
    if (a->L.n > 0) a->prog = check_program(a->A, a->L.files, a->L.sources, a->L.n, 0, &a->diags);
    if (ok && a->prog && a->diags.errors == 0) {
        a->plan = compile_program(a->prog, a->A);
        absent_warn(a->plan, &a->diags);
    }
    diag_sort(&a->diags);
    a->millis = now_ms() - t0;
    return a;
}

lsp_analysis *lsp_analyse(const char *path, const char *text, size_t len, const load_options *lo, lsp_doc *const *open,
                          int nopen)
{
    open_docs o = {open, nopen};
    return analyse_with(path, text, len, lo, open_text, &o);
}

typedef struct edited_texts {
    const lsp_analysis *an;
    const char *const *texts;
    open_docs open;
} edited_texts;

static const char *edited_text(void *ud, const char *path, size_t *len)
{
    const edited_texts *e = ud;
    for (int i = 0; i < e->an->L.n; i++)
        if (e->texts[i] && strcmp(e->an->real[i], path) == 0) {
            *len = strlen(e->texts[i]);
            return e->texts[i];
        }
    return open_text((void *)&e->open, path, len);
}

lsp_analysis *lsp_analyse_edited(const lsp_analysis *an, const char *const *texts, const load_options *lo,
                                 lsp_doc *const *open, int nopen)
{
    edited_texts e = {an, texts, {open, nopen}};
    return analyse_with(an->real[0], texts[0], texts[0] ? strlen(texts[0]) : 0, lo, edited_text, &e);
}

void lsp_analysis_free(lsp_analysis *a)
{
    if (!a) return;
    diag_free(&a->diags);
    arena_free(a->A);
    mem_free(a);
}

static int source_of(const lsp_analysis *an, const char *real)
{
    for (int i = 0; an && i < an->L.n; i++)
        if (strcmp(an->real[i], real) == 0) return i;
    return -1;
}

bool lsp_doc_reads(const lsp_doc *d, const char *real) { return source_of(d->an, real) >= 0; }

bool lsp_doc_bom(const lsp_doc *d, const source *src)
{
    return d->bom && d->an && d->file >= 0 && d->file < d->an->L.n && src == d->an->L.sources[d->file];
}

/* ---- the policy a document belongs to ---------------------------------------- */

#define ROOT_MAX_FILES 200
#define ROOT_MAX_BYTES (1u << 20)

/* Does the policy file at `path` include the file at real path `real`?
 * (its `include "..."` lines, resolved from its directory) */
static bool file_includes(const char *path, const char *real)
{
    FILE *f = fopen(path, "rb");
    if (!f) return false;
    char *dir = mem_strdup(path);
    strrchr(dir, '/')[1] = '\0'; /* (path is dir/name: including_file_in made it) */
    bool found = false;
    char line[4096];
    size_t total = 0;
    while (!found && total < ROOT_MAX_BYTES && fgets(line, sizeof line, f)) {
        total += strlen(line);
        const char *p = line;
        while (*p == ' ' || *p == '\t') p++;
        if (strncmp(p, "include", 7) != 0) continue;
        p += 7;
        while (*p == ' ' || *p == '\t') p++;
        if (*p++ != '"') continue;
        const char *q = strchr(p, '"');
        if (!q) continue;
        char inc[8192];
        snprintf(inc, sizeof inc, "%s%.*s", *p == '/' ? "" : dir, (int)(q - p), p);
        char *r = realpath(inc, NULL);
        found = r && strcmp(r, real) == 0;
        free(r); /* realpath's */
    }
    fclose(f);
    mem_free(dir);
    return found;
}

/* A .rules file in dir (other than `self`) that includes `real`, or NULL. */
static char *including_file_in(const char *dir, const char *real)
{
    DIR *d = opendir(dir);
    if (!d) return NULL;
    char *found = NULL;
    struct dirent *e;
    int seen = 0;
    while (!found && (e = readdir(d)) && seen < ROOT_MAX_FILES) {
        size_t n = strlen(e->d_name);
        if (n < 7 || strcmp(e->d_name + n - 6, ".rules") != 0) continue;
        seen++;
        char path[8192];
        snprintf(path, sizeof path, "%s/%s", dir, e->d_name);
        char *r = realpath(path, NULL);
        bool self = r && strcmp(r, real) == 0;
        free(r); /* realpath's */
        if (!self && file_includes(path, real)) found = mem_strdup(path);
    }
    closedir(d);
    return found;
}

/* The policy that includes d: an open document's check that reads d's
 * file, else a .rules file in d's directory or the one above that includes
 * it; NULL when d stands alone.  malloc'd. */
static char *root_of(lsp_doc *d, lsp_doc *const *open, int nopen)
{
    for (int i = 0; i < nopen; i++) {
        const lsp_doc *o = open[i];
        if (o == d || !o->an || o->an->L.n == 0) continue;
        if (source_of(o->an, d->real) > 0) return mem_strdup(o->an->L.sources[0]->path);
    }
    if (d->disk_root_known) return d->disk_root ? mem_strdup(d->disk_root) : NULL;
    d->disk_root_known = true;
    if (d->real[0] != '/') return NULL;
    char *dir = mem_strdup(d->real);
    char *found = NULL;
    for (int up = 0; up < 2 && !found; up++) {
        char *slash = strrchr(dir, '/');
        if (!slash || slash == dir) break;
        *slash = '\0';
        found = including_file_in(dir, d->real);
    }
    mem_free(dir);
    d->disk_root = found;
    return found ? mem_strdup(found) : NULL;
}

void lsp_doc_refresh(lsp_doc *d, lsp_doc *const *open, int nopen)
{
    if (!d->dirty && d->an) return;
    lsp_analysis *old = d->an;
    d->an = NULL; /* the document is not its own root while one is looked for */
    char *root = root_of(d, open, nopen);
    lsp_analysis_free(old);
    d->an = NULL;
    d->file = 0;
    if (root) {
        d->an = lsp_analyse(root, NULL, 0, d->load, open, nopen);
        d->file = source_of(d->an, d->real);
        if (d->file <= 0) { /* it no longer includes d: d by itself */
            lsp_analysis_free(d->an);
            d->an = NULL;
        }
        mem_free(root);
    }
    if (!d->an) {
        d->an = lsp_analyse(d->path, d->text, d->len, d->load, open, nopen);
        d->file = 0;
    }
    d->dirty = false;
    d->unpublished = true;
    lsp_live_update(d);
}

void lsp_doc_edit(lsp_doc *d, size_t start, size_t end, const char *repl, size_t rlen)
{
    /* (start and end are offsets in the text: lsp_offset_of's) */
    if (end < start) end = start;
    size_t n = d->len - (end - start) + rlen;
    char *t = mem_alloc(n + 1);
    memcpy(t, d->text, start);
    memcpy(t + start, repl, rlen);
    memcpy(t + start + rlen, d->text + end, d->len - end);
    t[n] = '\0';
    mem_free(d->text);
    d->text = t;
    d->len = n;
    d->bom = n >= 3 && memcmp(t, "\xEF\xBB\xBF", 3) == 0;
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
    /* the other files the check read, unless open (an open one has its own) */
    char **uris = mem_calloc((size_t)an->L.n + 1, sizeof *uris);
    for (int i = 0; i < an->L.n; i++) {
        if (i == d->file) continue;
        bool is_open = false;
        for (int k = 0; k < nopen; k++) is_open |= strcmp(open[k]->real, an->real[i]) == 0;
        if (!is_open) publish_entry(all, uris[i] = lsp_path_to_uri(an->L.sources[i]->path));
    }
    for (int k = 0; k < an->diags.n; k++) {
        const diag *g = &an->diags.items[k];
        int f = g->at.src ? lsp_file_index(an, g->at.src) : d->file;
        if (f < 0) f = d->file;
        if (f != d->file && !uris[f]) continue; /* in an open file: shown there */
        cJSON *e = f == d->file ? mine : publish_entry(all, uris[f]);
        cJSON_AddItemToArray(cJSON_GetObjectItem(e, "diagnostics"),
                             diagnostic(g, an->L.sources[f], lsp_doc_bom(d, an->L.sources[f])));
    }
    for (int i = 0; i < an->L.n; i++) mem_free(uris[i]);
    mem_free(uris);
    /* URIs given diagnostics last time and none now: cleared */
    for (int i = 0; i < d->npublished; i++) {
        bool other_open = false; /* an open file now publishes its own */
        for (int k = 0; k < nopen; k++) other_open |= open[k] != d && strcmp(open[k]->uri, d->published[i]) == 0;
        if (!other_open) publish_entry(all, d->published[i]);
    }
    for (int i = 0; i < d->npublished; i++) mem_free(d->published[i]);
    mem_free(d->published);
    d->npublished = cJSON_GetArraySize(all);
    d->published = mem_calloc((size_t)d->npublished + 1, sizeof *d->published);
    int i = 0;
    cJSON *e;
    cJSON_ArrayForEach(e, all) d->published[i++] = mem_strdup(cJSON_GetObjectItem(e, "uri")->valuestring);
    return all;
}
