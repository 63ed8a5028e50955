/*
 * load.c — policy files and their includes.
 *
 * What may be read: the main file (any file that is not a directory: a
 * pipe too, when the user names one), and, through `include`, regular files
 * named *.rules inside the main file's own directory tree (symbolic links
 * resolved) or inside a directory the caller adds (--include-path).  A
 * file's text is UTF-8 without NUL bytes; a file that is not (or that a
 * policy test names and no declaration of which parses) is not quoted in
 * messages: its errors are located, but its lines are not shown.  A
 * table's CSV file (`table quotas from "quotas.csv" by …`) is read as an
 * include is, but must end in .csv.
 */
#include "file_kind.h"
#include "load.h"

#include <errno.h>
#include <stdint.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "parse.h"
#include "readall.h"
#include "sha256.h"
#include "mem.h"
#include "i18n.h"

#define MAX_INCLUDE_DEPTH 32
#define MAX_FILES 4096
#define MAX_POLICY_BYTES (64u << 20)

typedef struct loader {
    arena *A;
    diag_list *d;
    const load_options *o;
    const source **sources;
    ast **files;
    const char **real;
    int n, cap;
    size_t bytes;                             /* read so far, all files */
    size_t max_bytes;                         /* the most, all files (MAX_POLICY_BYTES or the caller's) */
    const char *stack[MAX_INCLUDE_DEPTH + 1]; /* real paths being loaded */
    const char *names[MAX_INCLUDE_DEPTH + 1]; /* the same, as named (messages) */
    int depth;
    char *root;                               /* the main file's directory, resolved */
    char **dirs;                              /* --include-path directories, resolved */
    int ndirs;
    bool too_many;                            /* MAX_FILES reached (said once) */
    load_text_fn texts;                       /* texts in place of files, or NULL */
    void *texts_ud;
    bool unread_include;                      /* an include could not be read */
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
    /* A line ends at LF, CR LF, or a lone CR (old Mac files): a lone CR
     * becomes LF, byte for byte, so that offsets stay those of the file. */
    for (size_t i = 0; i < len; i++)
        if (t[i] == '\r' && (i + 1 == len || t[i + 1] != '\n')) t[i] = '\n';
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

/* A size limit in words: "64 MB", "1000 bytes". */
typedef struct size_text {
    char s[32];
} size_text;

static size_text size_words(size_t limit)
{
    size_text t;
    if (limit % (1u << 20) == 0) snprintf(t.s, sizeof t.s, "%zu MB", limit >> 20);
    else snprintf(t.s, sizeof t.s, "%zu bytes", limit);
    return t;
}

static void close_fd(void *fd) { close((int)(intptr_t)fd); }

/* Reads path whole (at most `room` bytes).  A directory is refused, and
 * unless any_file, so is everything but a regular file — without waiting:
 * the file is opened non-blocking, so a FIFO cannot hold the load. */
static char *read_file(const char *path, bool any_file, size_t room, size_t limit, size_t *len, char *why, size_t cap)
{
    int fd = open(path, O_RDONLY | O_CLOEXEC | (any_file ? 0 : O_NONBLOCK));
    if (fd < 0) {
        snprintf(why, cap, "%s", strerror(errno));
        return NULL;
    }
    struct stat st;
    if (fstat(fd, &st) != 0) {
        snprintf(why, cap, "%s", strerror(errno));
        close(fd);
        return NULL;
    }
    if (S_ISDIR(st.st_mode) || (!any_file && !S_ISREG(st.st_mode))) {
        if (S_ISDIR(st.st_mode)) snprintf(why, cap, "%s", strerror(EISDIR));
        else snprintf(why, cap, _("it is %s, not a policy file"), file_kind(st.st_mode));
        close(fd);
        return NULL;
    }
    void *held = mem_hold(close_fd, (void *)(intptr_t)fd); /* closed should reading run out of memory */
    char *data = read_all(fd, room, len);
    mem_release(held);
    if (!data) {
        if (errno != EFBIG) snprintf(why, cap, "%s", strerror(errno));
        else if (room == limit) snprintf(why, cap, _("the file is larger than %s"), size_words(limit).s);
        else snprintf(why, cap, _("the policy's files together are larger than %s"), size_words(limit).s);
    }
    close(fd);
    return data;
}

/* Diagnostics from index `from` on that point into s show no source line. */
static void hide_lines(diag_list *d, int from, const source *s)
{
    for (int i = from; i < d->n; i++)
        if (d->items[i].at.src == s) d->items[i].hide_line = true;
}

/* A policy's text is UTF-8 without NUL bytes.  The first byte that breaks
 * this is an error, located but not quoted (the file is not a policy). */
static bool check_text(loader *L, const source *s)
{
    size_t ok = utf8_valid_prefix(s->text, s->len);
    const char *nul = memchr(s->text, '\0', ok);
    int i;
    if (nul)
        i = diag_error(L->d, span_at(s, (uint32_t)(nul - s->text), (uint32_t)(nul - s->text) + 1),
                       "the file holds a NUL byte here: policy text cannot contain one");
    else if (ok < s->len) {
        i = diag_error(L->d, span_at(s, (uint32_t)ok, (uint32_t)ok + 1), "the file is not valid UTF-8 here (byte 0x%02X)",
                       (unsigned char)s->text[ok]);
        if (looks_like_gbk(s->text + ok, s->len - ok))
            diag_hint(L->d, i, "the file looks saved as GBK (Windows \"ANSI\"): save it as UTF-8 (in Notepad: Save As, "
                      "Encoding: UTF-8)");
    } else
        return true;
    L->d->items[i].hide_line = true;
    return false;
}

/* The directory part of path ("" when it has none), malloc'd. */
static char *dir_of(const char *path)
{
    const char *slash = strrchr(path, '/');
    size_t n = slash ? (size_t)(slash - path) + 1 : 0;
    char *d = mem_alloc(n + 1);
    memcpy(d, path, n);
    d[n] = '\0';
    return d;
}

/* Is the resolved path `real` inside the resolved directory `dir`? */
static bool inside(const char *real, const char *dir)
{
    size_t n = strlen(dir);
    if (n == 1 && dir[0] == '/') return true;
    return strncmp(real, dir, n) == 0 && real[n] == '/';
}

static bool ends_with_rules(const char *path)
{
    size_t n = strlen(path);
    return n >= 6 && strcmp(path + n - 6, ".rules") == 0;
}

/* May an include (or a file a policy test names) read `real`?  false after
 * saying why, at `from`. */
static bool may_include(loader *L, const char *named, const char *real, span from)
{
    if (!ends_with_rules(real)) {
        diag_error(L->d, from, "'%s' is not a policy file (its name does not end in .rules)", named);
        return false;
    }
    if (from.src) { /* an include (a policy test's policy may be anywhere) */
        bool ok = L->root && inside(real, L->root);
        for (int i = 0; !ok && i < L->ndirs; i++) ok = inside(real, L->dirs[i]);
        if (!ok) {
            int i = diag_error(L->d, from, "'%s' is outside the policy's directory: an include reads files under %s only",
                               named, L->root ? L->root : "the policy's directory");
            diag_hint(L->d, i, "to read files from another directory too, name it: --include-path DIR");
            return false;
        }
    }
    return true;
}

static bool grow(loader *L)
{
    if (L->n < L->cap) return true;
    if (L->cap >= MAX_FILES) return false;
    L->cap = L->cap ? L->cap * 2 : 16;
    L->sources = mem_realloc(L->sources, (size_t)L->cap * sizeof *L->sources);
    L->files = mem_realloc(L->files, (size_t)L->cap * sizeof *L->files);
    L->real = mem_realloc(L->real, (size_t)L->cap * sizeof *L->real);
    return true;
}

static void load_file(loader *L, const char *path, const char *text, size_t len, span from);

/* An include the embedder answers (load_options.resolve), or that includes
 * being off refuses: true when it was handled so. */
static bool include_by_caller(loader *L, const source *s, const ast *d)
{
    if (!L->o || (!L->o->includes_off && !L->o->resolve)) return false;
    if (L->o->includes_off) {
        int i = diag_error(L->d, d->at, "includes are off: this policy may not read '%s'", d->str);
        diag_hint(L->d, i, "put what it needs in the policy itself");
        L->unread_include = true;
        return true;
    }
    char why[256] = "";
    size_t len = 0;
    const char *text = L->o->resolve(L->o->resolve_ud, s->name, d->str, &len, why, sizeof why);
    if (!text) {
        diag_error(L->d, d->at, "cannot include '%s': %s", d->str, why[0] ? why : "refused");
        L->unread_include = true;
        return true;
    }
    if (len > L->max_bytes - L->bytes) {
        diag_error(L->d, d->at, "cannot include '%s': the policy's files together are larger than %s", d->str,
                   size_words(L->max_bytes).s);
        L->unread_include = true;
        return true;
    }
    load_file(L, d->str, text, len, d->at);
    return true;
}

static bool ends_with_csv(const char *path)
{
    size_t n = strlen(path);
    return n >= 4 && strcmp(path + n - 4, ".csv") == 0;
}

/* Reads the CSV file of `table … from "x.csv"` as an include is read: a
 * regular *.csv file inside the policy's directory tree (or an
 * --include-path one), each file once.  Its text becomes a source of the
 * policy (hashed in the manifest, never an output), and d->c an empty
 * AST_FILE spanning it, for the checker (table.c). */
static void load_table(loader *L, ast *d, const char *path)
{
    span from = d->a->at;
    char real[PATH_MAX];
    if (!realpath(path, real)) {
        diag_error(L->d, from, "cannot read '%s': %s", path, strerror(errno));
        return;
    }
    if (!ends_with_csv(real)) {
        diag_error(L->d, from, "'%s' is not a CSV file (its name does not end in .csv)", d->a->str);
        return;
    }
    bool ok = L->root && inside(real, L->root);
    for (int i = 0; !ok && i < L->ndirs; i++) ok = inside(real, L->dirs[i]);
    if (!ok) {
        int i = diag_error(L->d, from, "'%s' is outside the policy's directory: a table reads files under %s only",
                           d->a->str, L->root ? L->root : "the policy's directory");
        diag_hint(L->d, i, "to read files from another directory too, name it: --include-path DIR");
        return;
    }
    for (int i = 0; i < L->n; i++)
        if (strcmp(L->real[i], real) == 0) { /* read already */
            d->c = ast_new(L->A, AST_FILE, span_at(L->sources[i], 0, (uint32_t)L->sources[i]->len));
            return;
        }
    if (!grow(L)) {
        if (!L->too_many) diag_error(L->d, from, "too many files in one policy (at most %d)", MAX_FILES);
        L->too_many = true;
        return;
    }
    size_t len;
    char why[256];
    char *data = read_file(path, false, L->max_bytes - L->bytes, L->max_bytes, &len, why, sizeof why);
    if (!data) {
        diag_error(L->d, from, "cannot read '%s': %s", path, why);
        return;
    }
    L->bytes += len;
    source *s = source_from_text(L->A, path, path, data, len);
    mem_free(data);
    int idx = L->n++;
    L->sources[idx] = s;
    L->real[idx] = arena_strdup(L->A, real);
    L->files[idx] = ast_new(L->A, AST_FILE, span_at(s, 0, 0)); /* no declarations */
    if (!check_text(L, s)) return;
    d->c = ast_new(L->A, AST_FILE, span_at(s, 0, (uint32_t)s->len));
}

static void load_includes(loader *L, const source *s, ast *file)
{
    char *dir = dir_of(s->path);
    for (int i = 0; i < file->list.n; i++) {
        ast *d = file->list.v[i];
        if (!d || (d->kind != AST_INCLUDE && d->kind != AST_TABLE)) continue;
        if (d->kind == AST_INCLUDE && include_by_caller(L, s, d)) continue;
        if (d->kind == AST_TABLE && L->o && (L->o->includes_off || L->o->resolve)) {
            int k = diag_error(L->d, d->a->at, "this table's file '%s' cannot be read: %s", d->a->str,
                               L->o->includes_off ? _("includes are off") : _("files are read through the embedder"));
            diag_hint(L->d, k, "write the table's rows in the policy itself");
            continue;
        }
        const char *named = d->kind == AST_TABLE ? d->a->str : d->str;
        size_t n = (named[0] == '/' ? 0 : strlen(dir)) + strlen(named);
        if (n >= PATH_MAX) {
            diag_error(L->d, d->at, "this include's path is %zu bytes long: the system allows at most %d", n,
                       PATH_MAX - 1);
            continue;
        }
        char *path = mem_alloc(n + 1);
        snprintf(path, n + 1, "%s%s", named[0] == '/' ? "" : dir, named);
        if (d->kind == AST_TABLE) load_table(L, d, path);
        else load_file(L, path, NULL, 0, d->at);
        mem_free(path);
    }
    mem_free(dir);
}

/* Loads one file: the main one (from.src == NULL; text given or read) or an
 * include (from: the include's place). */
static void load_file(loader *L, const char *path, const char *text, size_t len, span from)
{
    bool main_file = from.src == NULL;
    bool strict = !main_file || (L->o && L->o->named_by_file); /* named by another file */
    char real[PATH_MAX];
    const char *key = path;
    if (L->o && L->o->resolve && !main_file) {
        /* the embedder's include: named, never looked up on disk */
    } else if (realpath(path, real)) {
        key = real;
    } else if (!text) {
        int i = diag_error(L->d, from, "cannot read '%s': %s", path, strerror(errno));
        if (!main_file && errno == ENOENT)
            diag_hint(L->d, i, "an include is read from the including file's folder: copy the included file(s) "
                      "along with the policy, or name their folder with --include-path DIR");
        L->unread_include |= !main_file;
        return;
    }
    if (strict && !text && !may_include(L, path, key, from)) {
        L->unread_include |= !main_file;
        return;
    }
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
    if (L->depth >= MAX_INCLUDE_DEPTH) {
        diag_error(L->d, from, "too many nested includes (at most %d files, each including the next)",
                   MAX_INCLUDE_DEPTH);
        L->unread_include = true;
        return;
    }
    if (!grow(L)) {
        if (!L->too_many)
            diag_error(L->d, from, "too many files in one policy (at most %d): this include and the ones after it are not read",
                       MAX_FILES);
        L->too_many = true;
        L->unread_include = true;
        return;
    }
    char *data = NULL;
    if (!text && L->texts) text = L->texts(L->texts_ud, key, &len);
    if (!text) {
        char why[256];
        data = read_file(path, !strict, L->max_bytes - L->bytes, L->max_bytes, &len, why, sizeof why);
        if (!data) {
            diag_error(L->d, from, "cannot read '%s': %s", path, why);
            L->unread_include |= !main_file;
            return;
        }
        text = data;
    } else if (len > L->max_bytes - L->bytes) {
        diag_error(L->d, from, "cannot read '%s': the policy's files together are larger than %s", path,
                   size_words(L->max_bytes).s);
        L->unread_include |= !main_file;
        return;
    }
    L->bytes += len;
    source *s = source_from_text(L->A, path, path, text, len);
    mem_free(data);
    int idx = L->n++;
    L->sources[idx] = s;
    L->real[idx] = arena_strdup(L->A, key);
    L->files[idx] = NULL;
    if (!check_text(L, s)) {
        L->files[idx] = ast_new(L->A, AST_FILE, span_at(s, 0, 0));
        return;
    }
    int first = L->d->n, errors = L->d->errors;
    L->files[idx] = kh_parse(s, L->A, L->d);
    /* a file another file names that is no policy at all (not one
     * declaration parses): its lines are not shown */
    if (strict && L->d->errors > errors && L->files[idx]->list.n == 0) hide_lines(L->d, first, s);
    L->names[L->depth] = s->name;
    L->stack[L->depth++] = L->real[idx];
    load_includes(L, s, L->files[idx]);
    L->depth--;
}

/* The directories includes may read: the main file's own (resolved) and the
 * caller's.  A directory that cannot be resolved is an error. */
static void resolve_roots(loader *L, const char *path)
{
    char *dir = dir_of(path);
    char real[PATH_MAX];
    if (realpath(dir[0] ? dir : ".", real)) L->root = mem_strdup(real);
    mem_free(dir);
    int n = L->o ? L->o->ninclude_dirs : 0;
    L->dirs = mem_calloc((size_t)n + 1, sizeof *L->dirs);
    for (int i = 0; i < n; i++) {
        const char *d = L->o->include_dirs[i];
        struct stat st;
        if (!realpath(d, real) || stat(real, &st) != 0) {
            diag_error(L->d, span_at(NULL, 0, 0), "the include directory '%s' cannot be used: %s", d, strerror(errno));
            continue;
        }
        if (!S_ISDIR(st.st_mode)) {
            diag_error(L->d, span_at(NULL, 0, 0), "the include directory '%s' is not a directory", d);
            continue;
        }
        L->dirs[L->ndirs++] = mem_strdup(real);
    }
}

bool load_policy_with(arena *A, const char *path, const char *text, size_t len, const load_options *o, diag_list *d,
                      loaded *out)
{
    return load_policy_texts(A, path, text, len, o, NULL, NULL, d, out);
}

bool load_policy_texts(arena *A, const char *path, const char *text, size_t len, const load_options *o,
                       load_text_fn texts, void *texts_ud, diag_list *d, loaded *out)
{
    loader *L = mem_calloc(1, sizeof *L);
    L->A = A;
    L->texts = texts;
    L->texts_ud = texts_ud;
    L->d = d;
    L->o = o;
    L->max_bytes = o && o->max_bytes && o->max_bytes < MAX_POLICY_BYTES ? o->max_bytes : MAX_POLICY_BYTES;
    int before = d->errors;
    resolve_roots(L, path);
    load_file(L, path, text, len, span_at(NULL, 0, 0));
    out->n = L->n;
    out->unread_include = L->unread_include;
    out->sources = arena_alloc(A, (size_t)(L->n + 1) * sizeof *out->sources);
    out->files = arena_alloc(A, (size_t)(L->n + 1) * sizeof *out->files);
    for (int i = 0; i < L->n; i++) {
        out->sources[i] = L->sources[i];
        out->files[i] = L->files[i];
    }
    for (int i = 0; i < L->ndirs; i++) mem_free(L->dirs[i]);
    mem_free(L->dirs);
    mem_free(L->root);
    mem_free(L->sources);
    mem_free(L->files);
    mem_free(L->real);
    mem_free(L);
    return d->errors == before && out->n > 0;
}

bool load_policy(arena *A, const char *path, const char *text, size_t len, diag_list *d, loaded *out)
{
    return load_policy_with(A, path, text, len, NULL, d, out);
}
