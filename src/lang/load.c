/*
 * load.c — policy files and their includes.
 */
#include "load.h"

#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "parse.h"
#include "sha256.h"

#define MAX_INCLUDE_DEPTH 32
#define MAX_FILES 256
#define MAX_POLICY_BYTES (64u << 20)

typedef struct loader {
    arena *A;
    diag_list *d;
    const source *sources[MAX_FILES];
    ast *files[MAX_FILES];
    const char *real[MAX_FILES];
    int n;
    const char *stack[MAX_INCLUDE_DEPTH + 1]; /* real paths being loaded */
    const char *names[MAX_INCLUDE_DEPTH + 1]; /* the same, as named (messages) */
    int depth;
    load_text_fn texts;      /* texts to use instead of files (or NULL) */
    void *texts_ud;
} loader;

source *source_from_text(arena *A, const char *name, const char *path, const char *text, size_t len)
{
    source *s = arena_zalloc(A, sizeof *s);
    s->name = arena_strdup(A, name);
    s->path = arena_strdup(A, path ? path : name);
    sha256(text, len, s->sha256); /* the file's bytes, byte-order mark included */
    if (len >= 3 && memcmp(text, "\xEF\xBB\xBF", 3) == 0) { /* a byte-order mark is not part of the text */
        text += 3;
        len -= 3;
    }
    char *t = arena_alloc(A, len + 1);
    memcpy(t, text, len);
    t[len] = '\0';
    s->text = t;
    s->len = len;
    uint32_t n = 1;
    for (size_t i = 0; i < len; i++)
        if (t[i] == '\n') n++;
    s->line_starts = arena_alloc(A, (size_t)n * sizeof *s->line_starts);
    s->line_starts[0] = 0;
    uint32_t k = 1;
    for (size_t i = 0; i < len; i++)
        if (t[i] == '\n') s->line_starts[k++] = (uint32_t)(i + 1);
    s->nlines = n;
    return s;
}

static char *read_file(const char *path, size_t *len, char *why, size_t cap)
{
    FILE *f = fopen(path, "rb");
    if (!f) {
        snprintf(why, cap, "%s", strerror(errno));
        return NULL;
    }
    size_t size = 0, bufcap = 1 << 16;
    char *data = malloc(bufcap);
    if (!data) abort();
    for (;;) {
        if (size == bufcap) {
            if (bufcap >= MAX_POLICY_BYTES) {
                snprintf(why, cap, "the file is larger than %u MB", MAX_POLICY_BYTES >> 20);
                free(data);
                fclose(f);
                return NULL;
            }
            bufcap *= 2;
            data = realloc(data, bufcap);
            if (!data) abort();
        }
        size_t got = fread(data + size, 1, bufcap - size, f);
        size += got;
        if (got == 0) break;
    }
    if (ferror(f)) {
        snprintf(why, cap, "%s", strerror(errno ? errno : EIO));
        free(data);
        fclose(f);
        return NULL;
    }
    fclose(f);
    *len = size;
    return data;
}

/* Reports the first invalid UTF-8 byte of s, if any. */
static bool check_utf8(loader *L, const source *s)
{
    size_t ok = utf8_valid_prefix(s->text, s->len);
    if (ok == s->len) return true;
    diag_error(L->d, span_at(s, (uint32_t)ok, (uint32_t)ok + 1), "the file is not valid UTF-8 here (byte 0x%02X)",
               (unsigned char)s->text[ok]);
    return false;
}

static void load_file(loader *L, const char *path, const char *text, size_t len, span from);

static void load_includes(loader *L, const source *s, ast *file)
{
    char dir[PATH_MAX];
    snprintf(dir, sizeof dir, "%s", s->path);
    char *slash = strrchr(dir, '/');
    if (slash) slash[1] = '\0';
    else dir[0] = '\0';
    for (int i = 0; i < file->list.n; i++) {
        ast *d = file->list.v[i];
        if (!d || d->kind != AST_INCLUDE) continue;
        char path[PATH_MAX];
        if (d->str[0] == '/') snprintf(path, sizeof path, "%s", d->str);
        else snprintf(path, sizeof path, "%s%s", dir, d->str);
        load_file(L, path, NULL, 0, d->at);
    }
}

static void load_file(loader *L, const char *path, const char *text, size_t len, span from)
{
    char real[PATH_MAX];
    const char *key = realpath(path, real) ? real : path;
    for (int i = 0; i < L->depth; i++) {
        if (strcmp(L->stack[i], key) != 0) continue;
        char chain[8192];
        size_t n = 0;
        for (int k = i; k < L->depth && n < sizeof chain; k++)
            n += (size_t)snprintf(chain + n, sizeof chain - n, "%.1000s → ", L->names[k]);
        if (n < sizeof chain) snprintf(chain + n, sizeof chain - n, "%.1000s", path);
        diag_error(L->d, from, "include cycle: %s", chain);
        return;
    }
    for (int i = 0; i < L->n; i++)
        if (strcmp(L->real[i], key) == 0) return; /* already read: each file once */
    if (L->depth >= MAX_INCLUDE_DEPTH || L->n >= MAX_FILES) {
        diag_error(L->d, from, "too many nested includes");
        return;
    }
    char *data = NULL;
    if (!text && L->texts) text = L->texts(L->texts_ud, key, &len);
    if (!text) {
        char why[256];
        data = read_file(path, &len, why, sizeof why);
        if (!data) {
            diag_error(L->d, from, "cannot read '%s': %s", path, why);
            return;
        }
        text = data;
    }
    source *s = source_from_text(L->A, path, path, text, len);
    free(data);
    int idx = L->n++;
    L->sources[idx] = s;
    L->real[idx] = arena_strdup(L->A, key);
    L->files[idx] = NULL;
    if (!check_utf8(L, s)) {
        L->files[idx] = ast_new(L->A, AST_FILE, span_at(s, 0, 0));
        return;
    }
    L->files[idx] = kh_parse(s, L->A, L->d);
    L->names[L->depth] = s->name;
    L->stack[L->depth++] = L->real[idx];
    load_includes(L, s, L->files[idx]);
    L->depth--;
}

bool load_policy(arena *A, const char *path, const char *text, size_t len, diag_list *d, loaded *out)
{
    return load_policy_texts(A, path, text, len, NULL, NULL, d, out);
}

bool load_policy_texts(arena *A, const char *path, const char *text, size_t len, load_text_fn texts, void *ud,
                       diag_list *d, loaded *out)
{
    loader *L = calloc(1, sizeof *L);
    if (!L) abort();
    L->A = A;
    L->texts = texts;
    L->texts_ud = ud;
    L->d = d;
    int before = d->errors;
    load_file(L, path, text, len, span_at(NULL, 0, 0));
    out->n = L->n;
    out->sources = arena_alloc(A, (size_t)(L->n + 1) * sizeof *out->sources);
    out->files = arena_alloc(A, (size_t)(L->n + 1) * sizeof *out->files);
    for (int i = 0; i < L->n; i++) {
        out->sources[i] = L->sources[i];
        out->files[i] = L->files[i];
    }
    free(L);
    return d->errors == before && out->n > 0;
}
