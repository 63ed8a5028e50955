/*
 * sandbox.h — the private directory the policy harnesses name their text
 * in, and the guard that keeps the library inside it.
 *
 * The fuzzed text is named "<dir>/fuzz.rules", where <dir> is a fresh
 * /tmp/khfuzz.XXXXXX holding copies of the shipped include files
 * (customer-service-2014/input.rules, language-tour/params.rules), so that
 * `include` is exercised.  While `sandbox_guarded` is set, fopen (reading),
 * open and realpath are refused outside <dir> (the harness links with
 * -Wl,--wrap=fopen,--wrap=open,--wrap=realpath): whatever the text
 * includes, nothing else is read or even looked at.  One translation unit
 * per harness includes this file.
 */
#ifndef KH_FUZZ_SANDBOX_H
#define KH_FUZZ_SANDBOX_H

#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

FILE *__real_fopen(const char *path, const char *mode);
int __real_open(const char *path, int flags, ...);
char *__real_realpath(const char *path, char *resolved);
FILE *__wrap_fopen(const char *path, const char *mode);
int __wrap_open(const char *path, int flags, ...);
char *__wrap_realpath(const char *path, char *resolved);

static char sandbox_dir[64];    /* "/tmp/khfuzz.XXXXXX" */
static char sandbox_name[128];  /* sandbox_dir + "/fuzz.rules" */
static int sandbox_guarded;     /* inside the library: the wrappers apply
                                   (libFuzzer's own files are not affected) */

/* Only paths inside the directory, with no ".." component, may be used. */
static int sandbox_allowed(const char *path)
{
    size_t n = strlen(sandbox_dir);
    if (!sandbox_guarded) return 1;
    if (!sandbox_dir[0] || strncmp(path, sandbox_dir, n) != 0 || path[n] != '/') return 0;
    for (const char *p = path + n; (p = strstr(p, "/..")) != NULL; p += 3)
        if (p[3] == '/' || p[3] == '\0') return 0;
    return 1;
}

FILE *__wrap_fopen(const char *path, const char *mode)
{
    /* reads are what an include does; writes come from libFuzzer itself
     * (a crash file is written while the guard is still set) */
    if (mode[0] == 'r' && !strchr(mode, '+') && !sandbox_allowed(path)) {
        errno = EACCES;
        return NULL;
    }
    return __real_fopen(path, mode);
}

int __wrap_open(const char *path, int flags, ...)
{
    mode_t mode = 0;
    if (flags & O_CREAT) {
        va_list ap;
        va_start(ap, flags);
        mode = (mode_t)va_arg(ap, int);
        va_end(ap);
    }
    if ((flags & O_ACCMODE) == O_RDONLY && !sandbox_allowed(path)) {
        errno = EACCES;
        return -1;
    }
    return __real_open(path, flags, mode);
}

char *__wrap_realpath(const char *path, char *resolved)
{
    if (!sandbox_allowed(path)) {
        errno = EACCES;
        return NULL;
    }
    return __real_realpath(path, resolved);
}

static const char *const sandbox_files[] = {"customer-service-2014/input.rules", "language-tour/params.rules"};
#define SANDBOX_NFILES (sizeof sandbox_files / sizeof sandbox_files[0])

static void sandbox_cleanup(void)
{
    char p[256];
    for (size_t i = 0; i < SANDBOX_NFILES; i++) {
        snprintf(p, sizeof p, "%s/%s", sandbox_dir, sandbox_files[i]);
        unlink(p);
        *strrchr(p, '/') = '\0';
        rmdir(p);
    }
    rmdir(sandbox_dir);
}

/* Makes the directory and copies the include files into it from the
 * repository (KAOHE_ROOT, default "."); `who` names the harness in
 * messages. */
static void sandbox_init(const char *who)
{
    snprintf(sandbox_dir, sizeof sandbox_dir, "/tmp/khfuzz.XXXXXX");
    if (!mkdtemp(sandbox_dir)) {
        perror("mkdtemp");
        exit(1);
    }
    atexit(sandbox_cleanup);
    snprintf(sandbox_name, sizeof sandbox_name, "%s/fuzz.rules", sandbox_dir);
    const char *root = getenv("KAOHE_ROOT") ? getenv("KAOHE_ROOT") : ".";
    for (size_t i = 0; i < SANDBOX_NFILES; i++) {
        char from[4096], to[256];
        snprintf(from, sizeof from, "%s/%s/%s", root, i == 0 ? "rules" : "examples", sandbox_files[i]);
        snprintf(to, sizeof to, "%s/%s", sandbox_dir, sandbox_files[i]);
        *strrchr(to, '/') = '\0';
        mkdir(to, 0700);
        snprintf(to, sizeof to, "%s/%s", sandbox_dir, sandbox_files[i]);
        FILE *in = __real_fopen(from, "rb"), *out = __real_fopen(to, "wb");
        if (in && out) {
            char buf[8192];
            size_t n;
            while ((n = fread(buf, 1, sizeof buf, in)) > 0) fwrite(buf, 1, n, out);
        } else {
            fprintf(stderr, "%s: cannot copy %s (includes of it will not resolve)\n", who, from);
        }
        if (in) fclose(in);
        if (out) fclose(out);
    }
}

#endif
