/*
 * common.c — helpers shared by the subcommands.
 */
#include "cli.h"
#include "mem.h"
#include "vec.h"
#include "i18n.h"

#include <errno.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

bool cli_color(FILE *f)
{
    const char *nc = getenv("NO_COLOR");
    if (nc && nc[0]) return false;
    return isatty(fileno(f));
}

/* A message line is made in memory and written to stderr in one write
 * (stderr is unbuffered: piece by piece would be a system call each, and
 * lines of parallel writers could interleave). */
FILE *cli_line_start(char **text, size_t *len) { return cli_memstream(text, len); }

/* A text made in memory (free(*text) after fclose: open_memstream's); it
 * fails only when memory is out, where the CLI can do nothing but stop. */
FILE *cli_memstream(char **text, size_t *len)
{
    FILE *m = open_memstream(text, len);
    if (!m) abort();
    return m;
}

void cli_line_end(FILE *m, char **text, size_t *len)
{
    fputc('\n', m);
    fclose(m); /* sets *text and *len */
    fwrite(*text, 1, *len, stderr);
    free(*text); /* open_memstream's */
}

/* Prints "kaohe: <message>\n" with whatever came from data in the message
 * (ids, names, file names) made safe for a terminal. */
static void say(const char *fmt, va_list ap)
{
    char *msg = NULL;
    if (vasprintf(&msg, _(fmt), ap) < 0) abort();
    char *text;
    size_t len;
    FILE *m = cli_line_start(&text, &len);
    fputs("kaohe: ", m);
    kh_fputs_terminal(msg, m);
    cli_line_end(m, &text, &len);
    free(msg); /* vasprintf's */
}

int cli_fail(int code, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    say(fmt, ap);
    va_end(ap);
    return code;
}

int cli_usage(const char *cmd, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    say(fmt, ap);
    va_end(ap);
    if (cmd) fprintf(stderr, _("try 'kaohe help %s'\n"), cmd);
    else fputs(_("try 'kaohe help'\n"), stderr);
    return KH_USAGE_ERROR;
}

/* ---- --include-path: a process-wide option of every command ------------- */

static const char **include_dirs;
static int ninclude_dirs;
static kh_load_options load_opts;

int cli_take_include_paths(int *argc, char **argv)
{
    int out = 0;
    for (int i = 0; i < *argc; i++) {
        const char *dir = NULL;
        if (strcmp(argv[i], "--include-path") == 0) {
            if (i + 1 >= *argc) return cli_usage(NULL, "--include-path needs a directory");
            dir = argv[++i];
        } else if (strncmp(argv[i], "--include-path=", 15) == 0) {
            dir = argv[i] + 15;
        } else {
            argv[out++] = argv[i];
            continue;
        }
        struct stat st;
        if (stat(dir, &st) != 0) return cli_usage(NULL, "--include-path '%s': %s", dir, strerror(errno));
        if (!S_ISDIR(st.st_mode)) return cli_usage(NULL, "--include-path '%s' is not a directory", dir);
        const char **grown = mem_realloc(include_dirs, (size_t)(ninclude_dirs + 1) * sizeof *grown);
        include_dirs = grown;
        include_dirs[ninclude_dirs++] = dir;
    }
    *argc = out;
    argv[out] = NULL;
    load_opts.include_dirs = include_dirs;
    load_opts.ninclude_dirs = ninclude_dirs;
    return KH_OK;
}

const kh_load_options *cli_load_options(void) { return &load_opts; }

void cli_list_add(cli_list *l, const char *s)
{
    VEC_RESERVE(l->v, l->n + 1, l->cap);
    l->v[l->n++] = s;
}

void cli_list_free(cli_list *l)
{
    mem_free(l->v);
    memset(l, 0, sizeof *l);
}

int cli_option_once(const char *cmd, const char *option, const char **slot, const char *value)
{
    if (*slot) return cli_usage(cmd, "%s is given twice ('%s' and '%s'): give it once", option, *slot, value);
    *slot = value;
    return KH_OK;
}

kh_policy *cli_load_policy(const char *path, bool quiet_warnings)
{
    kh_diags *d = kh_diags_new();
    kh_policy *p = kh_policy_load_with(path, cli_load_options(), d);
    if (!p || !quiet_warnings) kh_diags_print(d, stderr, cli_color(stderr));
    kh_diags_free(d);
    return p;
}

bool cli_set_param(kh_policy *p, const char *assignment)
{
    const char *eq = strchr(assignment, '=');
    if (!eq || eq == assignment) {
        cli_fail(KH_USAGE_ERROR, "--set needs name=value, not '%s'", assignment);
        return false;
    }
    char *name = mem_strndup(assignment, (size_t)(eq - assignment));
    char err[512];
    bool ok = kh_policy_set(p, name, eq + 1, err, sizeof err);
    mem_free(name);
    if (!ok) cli_fail(KH_USAGE_ERROR, "%s", err);
    return ok;
}

int cli_open_run(const char *policy, const cli_list *sets, const char *input, kh_policy **p, FILE **in)
{
    *in = NULL;
    *p = cli_load_policy(policy, true);
    if (!*p) return KH_POLICY_ERROR;
    for (int i = 0; i < sets->n; i++)
        if (!cli_set_param(*p, sets->v[i])) {
            kh_policy_free(*p);
            *p = NULL;
            return KH_USAGE_ERROR;
        }
    *in = cli_open_input(input);
    if (!*in) {
        int err = errno;
        kh_policy_free(*p);
        *p = NULL;
        return cli_fail(KH_IO_ERROR, "cannot read '%s': %s", input, strerror(err));
    }
    return KH_OK;
}

FILE *cli_open_input(const char *path)
{
    if (strcmp(path, "-") == 0) return stdin;
    return fopen(path, "rb");
}

int cli_cpus(void)
{
    long n = sysconf(_SC_NPROCESSORS_ONLN);
    return n > 0 ? (int)n : 1;
}
