/*
 * cli_output.c — where a command writes: atomic output files, and the
 * guard that keeps a run from replacing what it reads.
 *
 * An output file is written to a temporary file beside its target and
 * renamed into place only on success, so a reader never sees it half
 * written.  The rules, in the order they are applied:
 *
 *  - A symbolic link is followed to the file it leads to, which is replaced
 *    (the link stays a link); a link whose target does not exist yet creates
 *    that target, as a shell's '>' does.  A loop of links is refused.
 *  - A directory is refused; a device, FIFO or socket (-o /dev/null, a
 *    named pipe) is written to directly: renaming over it would replace it.
 *  - A file that is read-only (no write permission bit, or not writable by
 *    this user) is refused, not replaced: "is read-only".
 *  - No output may be a file the run reads — the policy, a file it
 *    includes, the input, the prior results, the other policy — nor another
 *    output of the same run: a usage error (2) before anything is written.
 *    Files compare by device and inode, so a symbolic or hard link to an
 *    input is that input.
 *  - The temporary file is ".NAME.kaohe-HASH-XXXXXX" in the target's
 *    directory (NAME cut to 160 bytes, HASH of the whole name), so a 255-byte
 *    name still has a temporary name.  It is locked (flock) while its run
 *    lives; SIGINT/SIGTERM/SIGHUP remove it.  A run killed outright (kill -9)
 *    cannot, so every later run writing the same output removes the
 *    temporary files of that output that are older than two seconds and
 *    whose lock is free (their run is gone).
 *
 * The process-wide state of kaohe lives here: the path of the temporary
 * file, for the signal handler, and the temporary names last seen in a
 * directory (the library keeps no global state).
 */
#include "cli.h"
#include "hash.h"
#include "mem.h"
#include "vec.h"
#include "i18n.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <signal.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#define MAX_LINK_HOPS 40
#define TMP_NAME_KEEP 160   /* bytes of the output's name kept in a temporary name */
#define STALE_SECONDS 2     /* a free temporary file at least this old is stale */

/* ---- names ---------------------------------------------------------------- */

static char *join(const char *dir, size_t dlen, const char *name)
{
    size_t n = strlen(name);
    char *p = mem_alloc(dlen + n + 2);
    memcpy(p, dir, dlen);
    p[dlen] = '/';
    memcpy(p + dlen + 1, name, n + 1);
    return p;
}

/* The directory part of path ("." when there is none) and where the last
 * component starts. */
static char *dir_of(const char *path, const char **base)
{
    const char *slash = strrchr(path, '/');
    if (!slash) {
        *base = path;
        return mem_strdup(".");
    }
    *base = slash + 1;
    if (slash == path) return mem_strdup("/");
    return mem_strndup(path, (size_t)(slash - path));
}

/* Follows the symbolic links at the end of path to the file they lead to,
 * which need not exist.  Returns a malloc'd path, or NULL with errno set
 * (ELOOP for a loop). */
static char *follow_links(const char *path)
{
    char *p = mem_strdup(path);
    for (int hops = 0;; hops++) {
        struct stat st;
        if (lstat(p, &st) != 0 || !S_ISLNK(st.st_mode)) return p;
        if (hops == MAX_LINK_HOPS) {
            mem_free(p);
            errno = ELOOP;
            return NULL;
        }
        char target[PATH_MAX];
        ssize_t n = readlink(p, target, sizeof target - 1);
        if (n < 0) {
            int err = errno;
            mem_free(p);
            errno = err;
            return NULL;
        }
        target[n] = '\0';
        char *next;
        if (target[0] == '/') {
            next = mem_strdup(target);
        } else {
            const char *base;
            char *dir = dir_of(p, &base);
            next = join(dir, strlen(dir), target);
            mem_free(dir);
        }
        mem_free(p);
        p = next;
    }
}

/* A name for comparing a file that may not exist: its directory resolved
 * (realpath) and its own name. */
static char *canonical(const char *path)
{
    const char *base;
    char *dir = dir_of(path, &base);
    char real[PATH_MAX];
    char *c = realpath(dir, real) ? join(real, strlen(real), base) : mem_strdup(path);
    mem_free(dir);
    return c;
}

/* ---- what a run reads and writes ------------------------------------------- */

typedef struct known_file {
    char *name;        /* as given */
    char *what;        /* "the input", "-o", ... */
    bool exists;       /* dev/ino are valid */
    dev_t dev;
    ino_t ino;
    char *canon;       /* outputs: canonical name (see canonical) */
} known_file;

struct cli_files {
    const char *cmd;
    known_file *in, *out;
    int nin, capin, nout, capout;
};

cli_files *cli_files_new(const char *cmd)
{
    cli_files *fs = mem_calloc(1, sizeof *fs);
    fs->cmd = cmd;
    return fs;
}

static void free_known(known_file *v, int n)
{
    for (int i = 0; i < n; i++) {
        mem_free(v[i].name);
        mem_free(v[i].what);
        mem_free(v[i].canon);
    }
    mem_free(v);
}

void cli_files_free(cli_files *fs)
{
    free_known(fs->in, fs->nin);
    free_known(fs->out, fs->nout);
    mem_free(fs);
}

static known_file *push_known(known_file **v, int *n, int *cap)
{
    VEC_RESERVE(*v, *n + 1, *cap);
    known_file *k = &(*v)[(*n)++];
    memset(k, 0, sizeof *k);
    return k;
}

void cli_files_input(cli_files *fs, const char *path, const char *what)
{
    if (!path) return;
    struct stat st;
    bool is_stdin = strcmp(path, "-") == 0;
    /* only regular files: /dev/null may be read and written in one run */
    if ((is_stdin ? fstat(STDIN_FILENO, &st) : stat(path, &st)) != 0 || !S_ISREG(st.st_mode)) return;
    known_file *k = push_known(&fs->in, &fs->nin, &fs->capin);
    k->name = mem_strdup(is_stdin ? "standard input" : path);
    k->what = mem_strdup(what);
    k->exists = true;
    k->dev = st.st_dev;
    k->ino = st.st_ino;
}

void cli_files_policy(cli_files *fs, const kh_policy *p, const char *what)
{
    const char *f;
    for (int i = 0; p && (f = kh_policy_file(p, i)) != NULL; i++)
        cli_files_input(fs, f, i == 0 ? what : _("the included file"));
}

cli_files *cli_files_run(const char *cmd, const kh_policy *p, const char *input, const char *prior)
{
    cli_files *fs = cli_files_new(cmd);
    cli_files_policy(fs, p, _("the policy"));
    cli_files_input(fs, input, _("the input"));
    cli_files_input(fs, prior, _("the prior results (--prior)"));
    return fs;
}

bool cli_files_reads(const cli_files *fs, const char *path)
{
    struct stat st;
    if (stat(path, &st) != 0) return false;
    for (int i = 0; i < fs->nin; i++)
        if (fs->in[i].dev == st.st_dev && fs->in[i].ino == st.st_ino) return true;
    return false;
}

/* The input or earlier output that `target` (resolved) is, or NULL. */
static const known_file *clash(const cli_files *fs, const char *target, const char *option, const char *path,
                               const char **whose)
{
    if (!fs) return NULL;
    struct stat st;
    bool exists = stat(target, &st) == 0;
    for (int i = 0; exists && i < fs->nin; i++)
        if (fs->in[i].dev == st.st_dev && fs->in[i].ino == st.st_ino) {
            *whose = "in";
            return &fs->in[i];
        }
    char *canon = canonical(target);
    const known_file *hit = NULL;
    for (int i = 0; !hit && i < fs->nout; i++) {
        const known_file *o = &fs->out[i];
        if (!o->canon || (strcmp(o->what, option) == 0 && strcmp(o->name, path) == 0)) continue; /* stdout; itself */
        if ((exists && o->exists && o->dev == st.st_dev && o->ino == st.st_ino) || strcmp(o->canon, canon) == 0) hit = o;
    }
    mem_free(canon);
    *whose = "out";
    return hit;
}

/* Why a temporary file cannot be made in dir, for the output path. */
static void creation_failed(char *why, size_t cap, const char *path, const char *dir, int err)
{
    if (err == EACCES || err == EPERM || err == EROFS)
        snprintf(why, cap, _("cannot write '%s': cannot create a file in the directory '%s': %s"), path, dir, strerror(err));
    else if (err == ENOENT || err == ENOTDIR)
        snprintf(why, cap, _("cannot write '%s': the directory '%s' does not exist"), path, dir);
    else snprintf(why, cap, _("cannot write '%s': %s"), path, strerror(err));
}

/* ---- checks before writing --------------------------------------------------- */

/* What stops path from being written, as a message and an exit status
 * (KH_OK when nothing does).  *target: the file to replace (links followed),
 * malloc'd, when the answer is KH_OK. */
static int preflight(const cli_files *fs, const char *option, const char *path, char **target, struct stat *st,
                     bool *exists, char *why, size_t cap)
{
    *target = NULL;
    char *t = NULL, real[PATH_MAX];
    *exists = stat(path, st) == 0;
    if (*exists) {
        /* a file (through any links, /dev/stdout's too), or a device or
         * FIFO, which is written to as named */
        t = mem_strdup(S_ISREG(st->st_mode) && realpath(path, real) ? real : path);
    } else if (errno == ELOOP || !(t = follow_links(path))) {
        int err = errno;
        if (err == ELOOP) snprintf(why, cap, _("cannot write '%s': it is a loop of symbolic links"), path);
        else snprintf(why, cap, _("cannot write '%s': %s"), path, strerror(err));
        return KH_IO_ERROR;
    }
    if (*exists && S_ISDIR(st->st_mode)) {
        snprintf(why, cap, _("cannot write '%s': %s"), path, strerror(EISDIR));
        mem_free(t);
        return KH_IO_ERROR;
    }
    const char *whose;
    const known_file *k = clash(fs, t, option, path, &whose);
    if (k) {
        if (strcmp(whose, "in") == 0)
            snprintf(why, cap, _("%s '%s' is the same file as %s '%s': an output never replaces a file the run reads; write it elsewhere"),
                     option, path, k->what, k->name);
        else
            snprintf(why, cap, _("%s '%s' and %s '%s' are the same file: one output would replace the other; give each its own name"),
                     option, path, k->what, k->name);
        mem_free(t);
        return KH_USAGE_ERROR;
    }
    if (*exists && S_ISREG(st->st_mode) && ((st->st_mode & 0222) == 0 || access(t, W_OK) != 0)) {
        snprintf(why, cap, _("cannot write '%s': it is read-only (mode %04o); make it writable (chmod u+w) or write elsewhere"),
                 path, (unsigned)(st->st_mode & 07777));
        mem_free(t);
        return KH_IO_ERROR;
    }
    *target = t;
    return KH_OK;
}

int cli_files_output(cli_files *fs, const char *option, const char *path)
{
    if (!path) return KH_OK;
    if (strcmp(path, "-") == 0) { /* standard output: one output may go there */
        for (int i = 0; i < fs->nout; i++)
            if (!fs->out[i].canon)
                return cli_usage(fs->cmd, "%s - and %s both write to standard output: give one of them a file", option,
                                 fs->out[i].what);
        known_file *k = push_known(&fs->out, &fs->nout, &fs->capout);
        k->name = mem_strdup(path);
        k->what = mem_strdup(option);
        return KH_OK;
    }
    char *t, why[1024];
    struct stat st;
    bool exists;
    int rc = preflight(fs, option, path, &t, &st, &exists, why, sizeof why);
    if (rc == KH_USAGE_ERROR) return cli_usage(fs->cmd, "%s", why);
    if (rc != KH_OK) return cli_fail(rc, "%s", why);
    known_file *k = push_known(&fs->out, &fs->nout, &fs->capout);
    k->name = mem_strdup(path);
    k->what = mem_strdup(option);
    k->exists = exists;
    k->dev = st.st_dev;
    k->ino = st.st_ino;
    k->canon = canonical(t);
    mem_free(t);
    return KH_OK;
}

int cli_files_output_dir(cli_files *fs, const char *option, const char *dir)
{
    struct stat st;
    if (stat(dir, &st) != 0) {
        if (mkdir(dir, 0777) == 0) return KH_OK;
        int err = errno;
        if (err == EEXIST) { /* made meanwhile, or a link to nothing: every slip would fail on its own */
            if (stat(dir, &st) == 0 && S_ISDIR(st.st_mode)) return KH_OK;
            return cli_fail(KH_IO_ERROR, "cannot write slips into '%s': it is a symbolic link to nothing; make the "
                                         "directory it names or give another", dir);
        }
        const char *base;
        char *parent = dir_of(dir, &base);
        if (err == ENOENT || err == ENOTDIR) cli_fail(KH_IO_ERROR, "cannot make the directory '%s': the directory '%s' does not exist", dir, parent);
        else cli_fail(KH_IO_ERROR, "cannot make the directory '%s': %s", dir, strerror(err));
        mem_free(parent);
        return KH_IO_ERROR;
    }
    if (S_ISDIR(st.st_mode)) return KH_OK;
    const char *whose;
    const known_file *k = clash(fs, dir, option, dir, &whose);
    if (k && strcmp(whose, "in") == 0)
        return cli_usage(fs->cmd, "%s '%s' is the same file as %s '%s': an output never replaces a file the run reads; "
                                  "give a directory for the slips",
                         option, dir, k->what, k->name);
    return cli_fail(KH_IO_ERROR, "cannot write slips into '%s': it is not a directory", dir);
}

/* ---- the temporary file and signals ------------------------------------------- */

static volatile sig_atomic_t have_tmp;
static char tmp_path[PATH_MAX + 1];

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

/* ".NAME.kaohe-HASH-": the start of every temporary name of the output
 * named base (NAME cut at a character boundary; HASH: FNV-1a of the whole
 * name, so outputs whose names share the kept part are told apart). */
static char *tmp_prefix(const char *base)
{
    uint32_t h = hash_text(base);
    size_t n = strlen(base);
    if (n > TMP_NAME_KEEP) {
        n = TMP_NAME_KEEP;
        while (n > 0 && ((unsigned char)base[n] & 0xC0) == 0x80) n--;
    }
    char *p = mem_alloc(n + 32);
    p[0] = '.';
    memcpy(p + 1, base, n);
    snprintf(p + 1 + n, 31, ".kaohe-%08x-", (unsigned)h);
    return p;
}

/* The temporary files found in one directory (the last one looked at):
 * "...kaohe-HHHHHHHH-XXXXXX" names.  A directory is read once per run, not
 * once per output (slips: thousands of files in one directory). */
static struct {
    char *dir;
    char **names;
    int n, cap;
} seen;

static bool looks_temporary(const char *name)
{
    size_t len = strlen(name);
    return name[0] == '.' && len >= 24 && strncmp(name + len - 22, ".kaohe-", 7) == 0 && name[len - 7] == '-';
}

static void scan_dir(const char *dir)
{
    if (seen.dir && strcmp(seen.dir, dir) == 0) return;
    for (int i = 0; i < seen.n; i++) mem_free(seen.names[i]);
    mem_free(seen.dir);
    seen.dir = mem_strdup(dir);
    seen.n = 0;
    DIR *d = opendir(dir);
    if (!d) return;
    struct dirent *e;
    while ((e = readdir(d)) != NULL) {
        if (!looks_temporary(e->d_name)) continue;
        VEC_RESERVE(seen.names, seen.n + 1, seen.cap);
        seen.names[seen.n++] = mem_strdup(e->d_name);
    }
    closedir(d);
}

/* Removes the temporary files of this output left by runs that were killed:
 * named with prefix and six characters, regular, ours, at least
 * STALE_SECONDS old, and with their lock free (the run holding it is gone).
 * The name must still be that file when it is removed. */
static void remove_stale(const char *dir, const char *prefix)
{
    scan_dir(dir);
    size_t plen = strlen(prefix);
    time_t now = time(NULL);
    for (int i = 0; i < seen.n; i++) {
        const char *name = seen.names[i];
        if (strncmp(name, prefix, plen) != 0 || strlen(name) != plen + 6) continue;
        char *path = join(dir, strlen(dir), name);
        int fd = open(path, O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC);
        struct stat st, again;
        if (fd >= 0 && fstat(fd, &st) == 0 && S_ISREG(st.st_mode) && st.st_uid == geteuid() &&
            now - st.st_mtime >= STALE_SECONDS && flock(fd, LOCK_EX | LOCK_NB) == 0 &&
            lstat(path, &again) == 0 && again.st_dev == st.st_dev && again.st_ino == st.st_ino)
            unlink(path);
        if (fd >= 0) close(fd);
        mem_free(path);
    }
}

/* Opens path for writing (see the rules atop).  Returns KH_OK, or the exit
 * status with the reason in why and errno set. */
static int open_output(cli_output *o, const char *path, const char *option, const cli_files *fs, char *why, size_t cap)
{
    memset(o, 0, sizeof *o);
    if (!path || strcmp(path, "-") == 0) {
        o->f = stdout;
        return KH_OK;
    }
    char *target;
    struct stat st;
    bool exists;
    int rc = preflight(fs, option, path, &target, &st, &exists, why, cap);
    if (rc != KH_OK) {
        errno = rc == KH_USAGE_ERROR ? EEXIST : errno;
        return rc;
    }
    if (exists && !S_ISREG(st.st_mode)) { /* a device, FIFO or socket: written directly */
        o->f = fopen(target, "wb");
        int err = errno;
        mem_free(target);
        if (!o->f) {
            snprintf(why, cap, _("cannot write '%s': %s"), path, strerror(err));
            errno = err;
            return KH_IO_ERROR;
        }
        return KH_OK;
    }
    const char *base;
    char *dir = dir_of(target, &base);
    char *prefix = tmp_prefix(base);
    size_t dlen = strlen(dir), plen = strlen(prefix);
    if (dlen + plen + 8 > sizeof tmp_path) {
        snprintf(why, cap, _("cannot write '%s': %s"), path, strerror(ENAMETOOLONG));
        mem_free(dir);
        mem_free(prefix);
        mem_free(target);
        errno = ENAMETOOLONG;
        return KH_IO_ERROR;
    }
    remove_stale(dir, prefix);
    o->path = target;
    o->tmp = mem_alloc(dlen + plen + 8);
    snprintf(o->tmp, dlen + plen + 8, "%s/%sXXXXXX", dir, prefix);
    mem_free(prefix);
    /* Signals wait while the file is made and its name recorded: one that
     * comes at any moment finds the handler ready to remove it. */
    sigset_t old;
    block_signals(&old);
    int fd = mkostemp(o->tmp, O_CLOEXEC);
    int err = errno;
    if (fd >= 0) {
        (void)flock(fd, LOCK_EX | LOCK_NB); /* held until the file is in place or removed */
        memcpy(tmp_path, o->tmp, strlen(o->tmp) + 1);
        have_tmp = 1;
        install_handlers();
    }
    sigprocmask(SIG_SETMASK, &old, NULL);
    if (fd < 0) {
        creation_failed(why, cap, path, dir, err);
        mem_free(dir);
        mem_free(o->path);
        mem_free(o->tmp);
        memset(o, 0, sizeof *o);
        errno = err;
        return KH_IO_ERROR;
    }
    mem_free(dir);
    /* mkstemp makes the file 0600: give it the mode the file it replaces
     * has, or else the usual 0666 less the umask */
    mode_t mode;
    if (exists) {
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
        snprintf(why, cap, _("cannot write '%s': %s"), path, strerror(err));
        errno = err;
        return KH_IO_ERROR;
    }
    return KH_OK;
}

const char *cli_output_shown(const char *path)
{
    return path && strcmp(path, "-") != 0 ? path : _("standard output");
}

bool cli_output_open(cli_output *o, const char *path)
{
    char why[1024];
    return open_output(o, path, "-o", NULL, why, sizeof why) == KH_OK;
}

int cli_output_begin(cli_output *o, const char *path, const char *option, const cli_files *fs)
{
    char why[1024];
    int rc = open_output(o, path, option, fs, why, sizeof why);
    if (rc == KH_USAGE_ERROR) return cli_usage(fs->cmd, "%s", why);
    if (rc != KH_OK) return cli_fail(rc, "%s", why);
    return KH_OK;
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
        if (o->f && fflush(o->f) != 0) ok = false;
        return ok;
    }
    /* renamed while still open (and locked): no later run takes it for a
     * stale temporary file between the last write and the rename */
    if (o->f && (fflush(o->f) != 0 || fsync(fileno(o->f)) != 0)) ok = false;
    sigset_t old;
    block_signals(&old);
    if (ok && rename(o->tmp, o->path) != 0) ok = false;
    if (!ok) unlink(o->tmp);
    have_tmp = 0;
    restore_handlers();
    sigprocmask(SIG_SETMASK, &old, NULL);
    if (o->f && fclose(o->f) != 0) ok = false;
    mem_free(o->path);
    mem_free(o->tmp);
    memset(o, 0, sizeof *o);
    return ok;
}
