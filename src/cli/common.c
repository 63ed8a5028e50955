/*
 * common.c — helpers shared by the subcommands.
 *
 * The one piece of process-wide state in kaohe lives here: the path of a
 * temporary output file, so that SIGINT/SIGTERM can remove it (the library
 * itself keeps no global state).
 */
#include "cli.h"

#include <errno.h>
#include <signal.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

bool cli_color(FILE *f)
{
    const char *nc = getenv("NO_COLOR");
    if (nc && nc[0]) return false;
    return isatty(fileno(f));
}

int cli_fail(int code, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    fputs("kaohe: ", stderr);
    vfprintf(stderr, fmt, ap);
    fputc('\n', stderr);
    va_end(ap);
    return code;
}

int cli_usage(const char *cmd, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    fputs("kaohe: ", stderr);
    vfprintf(stderr, fmt, ap);
    fputc('\n', stderr);
    va_end(ap);
    if (cmd) fprintf(stderr, "try 'kaohe help %s'\n", cmd);
    else fputs("try 'kaohe help'\n", stderr);
    return KH_USAGE_ERROR;
}

kh_policy *cli_load_policy(const char *path, bool quiet_warnings)
{
    kh_diags *d = kh_diags_new();
    kh_policy *p = kh_policy_load(path, d);
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
    char name[256];
    snprintf(name, sizeof name, "%.*s", (int)(eq - assignment), assignment);
    char err[512];
    if (!kh_policy_set(p, name, eq + 1, err, sizeof err)) {
        cli_fail(KH_USAGE_ERROR, "%s", err);
        return false;
    }
    return true;
}

FILE *cli_open_input(const char *path)
{
    if (strcmp(path, "-") == 0) return stdin;
    return fopen(path, "rb");
}

/* ---- atomic output ------------------------------------------------------ */

static volatile sig_atomic_t have_tmp;
static char tmp_path[4096];

static void on_signal(int sig)
{
    if (have_tmp) unlink(tmp_path);
    signal(sig, SIG_DFL);
    raise(sig);
}

bool cli_output_open(cli_output *o, const char *path)
{
    memset(o, 0, sizeof *o);
    if (!path || strcmp(path, "-") == 0) {
        o->f = stdout;
        return true;
    }
    size_t n = strlen(path);
    if (n + 16 > sizeof tmp_path) {
        errno = ENAMETOOLONG;
        return false;
    }
    o->path = strdup(path);
    o->tmp = malloc(n + 16);
    if (!o->path || !o->tmp) abort();
    snprintf(o->tmp, n + 16, "%s.XXXXXX", path);
    int fd = mkstemp(o->tmp);
    if (fd < 0) {
        free(o->path);
        free(o->tmp);
        return false;
    }
    snprintf(tmp_path, sizeof tmp_path, "%s", o->tmp);
    have_tmp = 1;
    signal(SIGINT, on_signal);
    signal(SIGTERM, on_signal);
    signal(SIGHUP, on_signal);
    o->f = fdopen(fd, "wb");
    if (!o->f) {
        close(fd);
        unlink(o->tmp);
        have_tmp = 0;
        return false;
    }
    return true;
}

bool cli_output_close(cli_output *o, bool ok)
{
    if (!o->tmp) {
        if (fflush(o->f) != 0) ok = false;
        return ok;
    }
    if (fflush(o->f) != 0 || fsync(fileno(o->f)) != 0) ok = false;
    if (fclose(o->f) != 0) ok = false;
    if (ok && rename(o->tmp, o->path) != 0) ok = false;
    if (!ok) unlink(o->tmp);
    have_tmp = 0;
    signal(SIGINT, SIG_DFL);
    signal(SIGTERM, SIG_DFL);
    signal(SIGHUP, SIG_DFL);
    free(o->path);
    free(o->tmp);
    memset(o, 0, sizeof *o);
    return ok;
}

/* ---- run messages ------------------------------------------------------ */

void cli_record_error(void *ud, size_t index, const char *id, const char *message)
{
    const char *input = ud ? ud : "input";
    if (id) fprintf(stderr, "%s: record %zu (id \"%s\"): error: %s\n", input, index + 1, id, message);
    else fprintf(stderr, "%s: record %zu: error: %s\n", input, index + 1, message);
}

void cli_check_failed(void *ud, const char *label, const char *roster, const char *const *ids, int nids)
{
    const char *input = ud ? ud : "input";
    fprintf(stderr, "%s: error: check failed: %s", input, label);
    if (roster && roster[0]) fprintf(stderr, " (roster %s)", roster);
    if (nids) {
        fputs("; records involved: ", stderr);
        for (int i = 0; i < nids; i++) fprintf(stderr, "%s%s", i ? ", " : "", ids[i]);
    }
    fputc('\n', stderr);
}
