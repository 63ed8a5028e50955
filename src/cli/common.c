/*
 * common.c — helpers shared by the subcommands.
 *
 * The one piece of process-wide state in kaohe lives here: the path of a
 * temporary output file, so that SIGINT/SIGTERM can remove it (the library
 * itself keeps no global state).
 */
#include "cli.h"

#include <errno.h>
#include <limits.h>
#include <signal.h>
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

int cli_open_run(const char *policy, const char *const *sets, int nsets, const char *input, kh_policy **p, FILE **in)
{
    *in = NULL;
    *p = cli_load_policy(policy, true);
    if (!*p) return KH_POLICY_ERROR;
    for (int i = 0; i < nsets; i++)
        if (!cli_set_param(*p, sets[i])) {
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

/* ---- atomic output ------------------------------------------------------ */

static volatile sig_atomic_t have_tmp;
static char tmp_path[4096];

/* The signals that remove the temporary file, and what they did before. */
static const int cleanup_signals[] = {SIGINT, SIGTERM, SIGHUP};
#define NSIGNALS (sizeof cleanup_signals / sizeof cleanup_signals[0])
static struct sigaction saved_actions[NSIGNALS];
static bool handled[NSIGNALS];

static void on_signal(int sig)
{
    if (have_tmp) unlink(tmp_path);
    signal(sig, SIG_DFL);
    raise(sig);
}

static void block_signals(sigset_t *old)
{
    sigset_t set;
    sigemptyset(&set);
    for (size_t i = 0; i < NSIGNALS; i++) sigaddset(&set, cleanup_signals[i]);
    sigprocmask(SIG_BLOCK, &set, old);
}

/* Handlers for the signals that are not ignored (under nohup, SIGHUP stays
 * ignored: a hangup must not kill the run). */
static void install_handlers(void)
{
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = on_signal;
    sigemptyset(&sa.sa_mask);
    for (size_t i = 0; i < NSIGNALS; i++) {
        handled[i] = sigaction(cleanup_signals[i], NULL, &saved_actions[i]) == 0 &&
                     saved_actions[i].sa_handler != SIG_IGN && sigaction(cleanup_signals[i], &sa, NULL) == 0;
    }
}

static void restore_handlers(void)
{
    for (size_t i = 0; i < NSIGNALS; i++)
        if (handled[i]) sigaction(cleanup_signals[i], &saved_actions[i], NULL);
}

bool cli_output_open(cli_output *o, const char *path)
{
    memset(o, 0, sizeof *o);
    if (!path || strcmp(path, "-") == 0) {
        o->f = stdout;
        return true;
    }
    /* Only a regular file is replaced atomically.  A device, a FIFO or the
     * like (-o /dev/null, -o /dev/stdout) is written to directly: renaming
     * over it would replace the device itself.  A symbolic link is followed,
     * so that the file it points to is replaced, not the link. */
    struct stat lst;
    char real[PATH_MAX];
    if (stat(path, &lst) == 0 && !S_ISREG(lst.st_mode)) {
        if (S_ISDIR(lst.st_mode)) {
            errno = EISDIR;
            return false;
        }
        o->f = fopen(path, "wb");
        return o->f != NULL;
    }
    if (lstat(path, &lst) == 0 && S_ISLNK(lst.st_mode) && realpath(path, real)) path = real;
    size_t n = strlen(path);
    if (n + 16 > sizeof tmp_path) {
        errno = ENAMETOOLONG;
        return false;
    }
    o->path = strdup(path);
    o->tmp = malloc(n + 16);
    if (!o->path || !o->tmp) abort();
    memcpy(o->tmp, path, n);
    memcpy(o->tmp + n, ".XXXXXX", sizeof ".XXXXXX"); /* (snprintf here trips -Wformat-truncation at -O0) */
    /* Signals wait while the file is made and its name recorded: one that
     * comes at any moment finds the handler ready to remove it. */
    sigset_t old;
    block_signals(&old);
    int fd = mkstemp(o->tmp);
    int err = errno;
    if (fd >= 0) {
        snprintf(tmp_path, sizeof tmp_path, "%s", o->tmp);
        have_tmp = 1;
        install_handlers();
    }
    sigprocmask(SIG_SETMASK, &old, NULL);
    if (fd < 0) {
        free(o->path);
        free(o->tmp);
        errno = err;
        return false;
    }
    /* mkstemp makes the file 0600: give it the mode the file it replaces
     * has, or else the usual 0666 less the umask */
    struct stat st;
    mode_t mode;
    if (stat(path, &st) == 0) {
        mode = st.st_mode & 07777;
    } else {
        mode = umask(0);
        umask(mode);
        mode = 0666 & ~mode;
    }
    (void)fchmod(fd, mode);
    o->f = fdopen(fd, "wb");
    if (!o->f) {
        err = errno;
        close(fd);
        cli_output_close(o, false);
        errno = err;
        return false;
    }
    return true;
}

bool cli_output_spool(cli_output *o)
{
    if (o->tmp) return true; /* a file: renamed into place only on success */
    FILE *t = tmpfile();
    if (!t) return false;
    o->target = o->f;
    o->f = t;
    return true;
}

bool cli_output_close(cli_output *o, bool ok)
{
    if (o->target) { /* spooled: copied out only when ok */
        char chunk[1 << 16];
        size_t n;
        if (fflush(o->f) != 0) ok = false;
        if (ok) rewind(o->f);
        while (ok && (n = fread(chunk, 1, sizeof chunk, o->f)) > 0)
            if (fwrite(chunk, 1, n, o->target) != n) ok = false;
        if (ferror(o->f)) ok = false;
        fclose(o->f);
        o->f = o->target;
        o->target = NULL;
        /* then as any stream written directly (standard output, a device) */
    }
    if (!o->tmp && o->f && o->f != stdout) { /* a device or FIFO written directly */
        if (fflush(o->f) != 0) ok = false;
        if (fclose(o->f) != 0) ok = false;
        o->f = NULL;
        return ok;
    }
    if (!o->tmp) {
        if (fflush(o->f) != 0) ok = false;
        return ok;
    }
    if (o->f) {
        if (fflush(o->f) != 0 || fsync(fileno(o->f)) != 0) ok = false;
        if (fclose(o->f) != 0) ok = false;
    }
    sigset_t old;
    block_signals(&old);
    if (ok && rename(o->tmp, o->path) != 0) ok = false;
    if (!ok) unlink(o->tmp);
    have_tmp = 0;
    restore_handlers();
    sigprocmask(SIG_SETMASK, &old, NULL);
    free(o->path);
    free(o->tmp);
    memset(o, 0, sizeof *o);
    return ok;
}

int cli_cpus(void)
{
    long n = sysconf(_SC_NPROCESSORS_ONLN);
    return n > 0 ? (int)n : 1;
}
