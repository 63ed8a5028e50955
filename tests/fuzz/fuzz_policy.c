/*
 * fuzz_policy.c — libFuzzer harness for the policy front end.
 *
 * Bytes are a policy's text: kh_policy_load_text parses, checks and
 * compiles it; the diagnostics are rendered (carets, columns); a policy
 * that loads is also run over a tiny fixed roster, so that random but valid
 * policies reach the evaluator too.  The text is named "<tmp>/fuzz.rules",
 * where <tmp> is a private directory holding a copy of the shipped
 * customer-service-2014/input.rules, so `include` is exercised; fopen and
 * realpath are wrapped (-Wl,--wrap) so that an include can never open or
 * stat anything outside that directory while the library runs.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "kaohe.h"

FILE *__real_fopen(const char *path, const char *mode);
char *__real_realpath(const char *path, char *resolved);
FILE *__wrap_fopen(const char *path, const char *mode);
char *__wrap_realpath(const char *path, char *resolved);
int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const unsigned char *data, size_t size);

static char dir[64];      /* the private include directory, "/tmp/khfuzz.XXXXXX" */
static char name[128];    /* dir + "/fuzz.rules" */
static FILE *sink;        /* diagnostics and results go nowhere */
static int guarded;       /* inside the library: the wrappers apply (libFuzzer's
                             own files, written outside, are not affected) */

/* Only paths inside dir, with no ".." component, may be opened. */
static int allowed(const char *path)
{
    size_t n = strlen(dir);
    if (!guarded) return 1;
    if (!dir[0] || strncmp(path, dir, n) != 0 || path[n] != '/') return 0;
    for (const char *p = path + n; (p = strstr(p, "/..")) != NULL; p += 3)
        if (p[3] == '/' || p[3] == '\0') return 0;
    return 1;
}

FILE *__wrap_fopen(const char *path, const char *mode)
{
    /* reads are what an include does; writes come from libFuzzer itself
     * (a crash file is written while guarded is still set) */
    if (mode[0] == 'r' && !strchr(mode, '+') && !allowed(path)) {
        errno = EACCES;
        return NULL;
    }
    return __real_fopen(path, mode);
}

char *__wrap_realpath(const char *path, char *resolved)
{
    if (!allowed(path)) {
        errno = EACCES;
        return NULL;
    }
    return __real_realpath(path, resolved);
}

static ssize_t discard(void *c, const char *buf, size_t n)
{
    (void)c;
    (void)buf;
    return (ssize_t)n;
}

static void cleanup(void)
{
    char p[192];
    snprintf(p, sizeof p, "%s/customer-service-2014/input.rules", dir);
    unlink(p);
    snprintf(p, sizeof p, "%s/customer-service-2014", dir);
    rmdir(p);
    rmdir(dir);
}

/* Copies the shipped include next to the fake policy name.  KAOHE_ROOT
 * (default ".") is the repository. */
int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    (void)argc;
    (void)argv;
    snprintf(dir, sizeof dir, "/tmp/khfuzz.XXXXXX");
    if (!mkdtemp(dir)) {
        perror("mkdtemp");
        exit(1);
    }
    atexit(cleanup);
    snprintf(name, sizeof name, "%s/fuzz.rules", dir);
    const char *root = getenv("KAOHE_ROOT") ? getenv("KAOHE_ROOT") : ".";
    char from[4096], to[192];
    snprintf(from, sizeof from, "%s/rules/customer-service-2014/input.rules", root);
    snprintf(to, sizeof to, "%s/customer-service-2014", dir);
    mkdir(to, 0700);
    snprintf(to, sizeof to, "%s/customer-service-2014/input.rules", dir);
    FILE *in = __real_fopen(from, "rb"), *out = __real_fopen(to, "wb");
    if (in && out) {
        char buf[8192];
        size_t n;
        while ((n = fread(buf, 1, sizeof buf, in)) > 0) fwrite(buf, 1, n, out);
    } else {
        fprintf(stderr, "fuzz_policy: cannot copy %s (includes will not resolve)\n", from);
    }
    if (in) fclose(in);
    if (out) fclose(out);
    cookie_io_functions_t io = {NULL, discard, NULL, NULL};
    sink = fopencookie(NULL, "w", io);
    return 0;
}

/* Records for policies that load: a plain one, an empty one, one with an
 * id, one that is not an object. */
static const char roster[] =
    "{\"id\":\"a\",\"period\":\"2014-06\",\"x\":1,\"pay\":{\"base\":\"1738.64\"}}\n"
    "{}\n"
    "{\"id\":\"b\",\"period\":\"2014-06\",\"x\":-2.5,\"list\":[1,2,3]}\n"
    "[1]\n";

int LLVMFuzzerTestOneInput(const unsigned char *data, size_t size)
{
    guarded = 1;
    kh_diags *d = kh_diags_new();
    kh_policy *p = kh_policy_load_text(name, (const char *)data, size, d);
    kh_diags_print(d, sink, size % 2 == 0);
    kh_diags_free(d);
    if (p) {
        FILE *in = fmemopen((void *)roster, sizeof roster - 1, "r");
        if (in) {
            kh_eval_options o;
            memset(&o, 0, sizeof o);
            o.format = (kh_format)(size % 3);
            kh_eval_summary s;
            kh_eval(p, in, "roster", sink, &o, &s);
            fclose(in);
        }
        kh_policy_free(p);
    }
    guarded = 0;
    return 0;
}
