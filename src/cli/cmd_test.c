/*
 * cmd_test.c — `kaohe test [PATH…]`: run every *.test.json policy test
 * found under the paths (default: the current directory).  Directories are
 * followed through symbolic links but searched once each (by device and
 * inode); hidden ones, build/ and node_modules/ are left out, and so is a
 * directory of fixtures — one holding a file named .kaohe-fixtures (tests
 * meant to fail, run by their own harness) — unless it is a PATH given;
 * only regular files are tests, and anything else named *.test.json is
 * named on stderr as skipped, as is a directory searched already.
 */
#include <dirent.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "file_kind.h"
#include "cli.h"
#include "mem.h"
#include "vec.h"
#include "i18n.h"

typedef struct pathlist {
    char **v;
    int n, cap;
} pathlist;

static void push(pathlist *l, const char *p)
{
    VEC_RESERVE(l->v, l->n + 1, l->cap);
    l->v[l->n++] = mem_strdup(p);
}

static int by_name(const void *a, const void *b) { return strcmp(*(char *const *)a, *(char *const *)b); }

static bool is_test_file(const char *name)
{
    size_t n = strlen(name);
    return n > 10 && strcmp(name + n - 10, ".test.json") == 0;
}

/* The walk over directories: each directory is searched once, however
 * many symbolic links lead to it (a link back to a parent, /proc/self/fd),
 * and what is skipped is named on stderr. */
typedef struct walk {
    pathlist *out;
    struct { dev_t dev; ino_t ino; } *seen;
    int nseen, capseen;
} walk;

#define MAX_TEST_DEPTH 16

static void skipped(const char *path, const char *why) { fprintf(stderr, _("kaohe: skipped '%s': %s\n"), path, why); }

/* Remembers directory st; false when it was searched already. */
static bool first_visit(walk *w, const struct stat *st)
{
    for (int i = 0; i < w->nseen; i++)
        if (w->seen[i].dev == st->st_dev && w->seen[i].ino == st->st_ino) return false;
    VEC_RESERVE(w->seen, w->nseen + 1, w->capseen);
    w->seen[w->nseen].dev = st->st_dev;
    w->seen[w->nseen].ino = st->st_ino;
    w->nseen++;
    return true;
}

/* The marker of a directory of fixtures: kaohe test searches it only when
 * it is named on the command line. */
#define FIXTURES_MARKER ".kaohe-fixtures"

static bool holds_fixtures(const char *dir)
{
    size_t n = strlen(dir) + sizeof "/" FIXTURES_MARKER;
    char *marker = mem_alloc(n);
    snprintf(marker, n, "%s/" FIXTURES_MARKER, dir);
    struct stat st;
    bool yes = lstat(marker, &st) == 0;
    mem_free(marker);
    return yes;
}

static void find_tests(walk *w, const char *dir, const struct stat *dst, int depth)
{
    if (depth > 0 && holds_fixtures(dir)) {
        fprintf(stderr, _("kaohe: left out '%s': its tests are fixtures (it holds %s); name it to run them\n"), dir,
                FIXTURES_MARKER);
        return;
    }
    if (!first_visit(w, dst)) {
        skipped(dir, _("this directory was searched already (a symbolic link leads back to it)"));
        return;
    }
    if (depth > MAX_TEST_DEPTH) {
        skipped(dir, _("directories nested more than 16 deep are not searched"));
        return;
    }
    DIR *d = opendir(dir);
    if (!d) {
        skipped(dir, strerror(errno));
        return;
    }
    struct dirent *e;
    while ((e = readdir(d)) != NULL) {
        if (e->d_name[0] == '.') continue;
        if (strcmp(e->d_name, "build") == 0 || strcmp(e->d_name, "node_modules") == 0) continue;
        size_t n = strlen(dir) + strlen(e->d_name) + 2;
        char *path = mem_alloc(n);
        snprintf(path, n, "%s/%s", dir, e->d_name);
        struct stat st;
        if (stat(path, &st) != 0) {
            if (is_test_file(e->d_name)) skipped(path, strerror(errno)); /* a dangling link, say */
        } else if (S_ISDIR(st.st_mode)) {
            find_tests(w, path, &st, depth + 1);
        } else if (is_test_file(e->d_name)) {
            if (S_ISREG(st.st_mode)) push(w->out, path);
            else {
                char why[64];
                snprintf(why, sizeof why, _("it is %s, not a test file"), file_kind(st.st_mode));
                skipped(path, why);
            }
        }
        mem_free(path);
    }
    closedir(d);
}

/* The test files under directory dir, sorted by path, added to out. */
static void find_tests_under(const char *dir, const struct stat *st, pathlist *out)
{
    pathlist found = {0};
    walk w = {&found, NULL, 0, 0};
    find_tests(&w, dir, st, 0);
    mem_free(w.seen);
    if (found.n) qsort(found.v, (size_t)found.n, sizeof *found.v, by_name);
    for (int k = 0; k < found.n; k++) {
        push(out, found.v[k]);
        mem_free(found.v[k]);
    }
    mem_free(found.v);
}

int cmd_test(int argc, char **argv)
{
    pathlist files = {0};
    static cli_list paths;
    const cli_arg args[] = {CLI_END};
    int rc = cli_args("test", argc, argv, args, NULL, 0, &paths);
    for (int i = 0; rc == KH_OK && i < paths.n; i++) {
        struct stat st;
        if (stat(paths.v[i], &st) != 0) rc = cli_fail(KH_USAGE_ERROR, "no such file or directory: %s", paths.v[i]);
        else if (S_ISDIR(st.st_mode)) find_tests_under(paths.v[i], &st, &files);
        else push(&files, paths.v[i]);
    }
    int npaths = paths.n;
    cli_list_free(&paths);
    if (rc != KH_OK) {
        for (int i = 0; i < files.n; i++) mem_free(files.v[i]);
        mem_free(files.v);
        return rc;
    }
    if (!npaths) {
        struct stat st;
        if (stat(".", &st) == 0) find_tests_under(".", &st, &files);
    }
    if (files.n == 0) return cli_fail(KH_USAGE_ERROR, "no *.test.json files found");
    int passed = 0, failed = 0;
    bool color = cli_color(stdout);
    for (int i = 0; i < files.n; i++) {
        kh_test_file_with(files.v[i], cli_load_options(), stdout, color, &passed, &failed);
        mem_free(files.v[i]);
    }
    mem_free(files.v);
    printf(_("%d passed, %d failed\n"), passed, failed);
    return failed ? 1 : 0;
}
