/*
 * cmd_test.c — `kaohe test [PATH…]`: run every *.test.json policy test
 * found under the paths (default: the current directory).
 */
#include <dirent.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "cli.h"

typedef struct pathlist {
    char **v;
    int n, cap;
} pathlist;

static void push(pathlist *l, const char *p)
{
    if (l->n == l->cap) {
        l->cap = l->cap ? l->cap * 2 : 16;
        l->v = realloc(l->v, (size_t)l->cap * sizeof *l->v);
        if (!l->v) abort();
    }
    l->v[l->n++] = strdup(p);
}

static bool is_test_file(const char *name)
{
    size_t n = strlen(name);
    return n > 10 && strcmp(name + n - 10, ".test.json") == 0;
}

static void find_tests(const char *dir, pathlist *out, int depth)
{
    if (depth > 16) return;
    DIR *d = opendir(dir);
    if (!d) return;
    struct dirent *e;
    while ((e = readdir(d)) != NULL) {
        if (e->d_name[0] == '.') continue;
        if (strcmp(e->d_name, "build") == 0 || strcmp(e->d_name, "node_modules") == 0) continue;
        char path[4096];
        snprintf(path, sizeof path, "%s/%s", dir, e->d_name);
        struct stat st;
        if (stat(path, &st) != 0) continue;
        if (S_ISDIR(st.st_mode)) find_tests(path, out, depth + 1);
        else if (is_test_file(e->d_name)) push(out, path);
    }
    closedir(d);
}

static int by_name(const void *a, const void *b) { return strcmp(*(char *const *)a, *(char *const *)b); }

int cmd_test(int argc, char **argv)
{
    pathlist files = {0};
    int paths = 0;
    for (int i = 1; i < argc; i++) {
        if (argv[i][0] == '-' && argv[i][1]) return cli_usage("test", "unknown option '%s'", argv[i]);
        paths++;
        struct stat st;
        if (stat(argv[i], &st) != 0) return cli_fail(KH_USAGE_ERROR, "no such file or directory: %s", argv[i]);
        if (S_ISDIR(st.st_mode)) {
            pathlist found = {0};
            find_tests(argv[i], &found, 0);
            if (found.n) qsort(found.v, (size_t)found.n, sizeof *found.v, by_name);
            for (int k = 0; k < found.n; k++) { push(&files, found.v[k]); free(found.v[k]); }
            free(found.v);
        } else {
            push(&files, argv[i]);
        }
    }
    if (!paths) {
        find_tests(".", &files, 0);
        if (files.n) qsort(files.v, (size_t)files.n, sizeof *files.v, by_name);
    }
    if (files.n == 0) return cli_fail(KH_USAGE_ERROR, "no *.test.json files found");
    int passed = 0, failed = 0;
    bool color = cli_color(stdout);
    for (int i = 0; i < files.n; i++) {
        kh_test_file_with(files.v[i], cli_load_options(), stdout, color, &passed, &failed);
        free(files.v[i]);
    }
    free(files.v);
    printf("%d passed, %d failed\n", passed, failed);
    return failed ? 1 : 0;
}
