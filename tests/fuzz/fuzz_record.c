/*
 * fuzz_record.c — libFuzzer harness for record evaluation.
 *
 * Bytes are an input file (a JSON array or NDJSON) evaluated under the
 * shipped policy rules/customer-service-2014.rules, loaded once (KAOHE_ROOT,
 * default ".", is the repository) with company_profit set to 2500000.  The output format is picked from the
 * input's length, so JSON, NDJSON and CSV writers are all exercised.
 * Invariant checked besides "no crash": every record read gives exactly one
 * result, and the errors counted never exceed the records.  run.sh lets
 * inputs grow to 1 MiB (FUZZ_RECORD_MAX_LEN), so that a path quadratic in
 * the size of a record (a repeated-key search among its members, say) runs
 * past libFuzzer's -timeout and is reported as a hang.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "kaohe.h"

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const unsigned char *data, size_t size);

static kh_policy *policy;
static FILE *sink;
static size_t reported; /* record_error calls during one input */

static ssize_t discard(void *c, const char *buf, size_t n)
{
    (void)c;
    (void)buf;
    return (ssize_t)n;
}

static void on_error(void *ud, size_t index, const char *id, const char *message)
{
    (void)ud;
    (void)index;
    (void)id;
    if (!message || !message[0]) abort(); /* an error always says why */
    reported++;
}

static void cleanup(void) { kh_policy_free(policy); }

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    (void)argc;
    (void)argv;
    const char *root = getenv("KAOHE_ROOT") ? getenv("KAOHE_ROOT") : ".";
    char path[4096];
    snprintf(path, sizeof path, "%s/rules/customer-service-2014.rules", root);
    kh_diags *d = kh_diags_new();
    policy = kh_policy_load(path, d);
    if (!policy) {
        kh_diags_print(d, stderr, false);
        fprintf(stderr, "fuzz_record: cannot load %s (set KAOHE_ROOT)\n", path);
        exit(1);
    }
    kh_diags_free(d);
    /* a company profit, so that December records reach the dividend's
     * apportion (with the default 0 the pool is empty) */
    char err[256];
    if (!kh_policy_set(policy, "company_profit", "2500000", err, sizeof err)) {
        fprintf(stderr, "fuzz_record: --set company_profit: %s\n", err);
        exit(1);
    }
    atexit(cleanup);
    cookie_io_functions_t io = {NULL, discard, NULL, NULL};
    sink = fopencookie(NULL, "w", io);
    return 0;
}

int LLVMFuzzerTestOneInput(const unsigned char *data, size_t size)
{
    /* fmemopen needs a buffer it may treat as writable, and size >= 1 */
    static const char empty[1];
    char *copy = malloc(size ? size : 1);
    if (!copy) return 0;
    memcpy(copy, size ? (const void *)data : (const void *)empty, size);
    FILE *in = size ? fmemopen(copy, size, "r") : fopen("/dev/null", "r");
    if (!in) {
        free(copy);
        return 0;
    }
    kh_eval_options o;
    memset(&o, 0, sizeof o);
    o.format = (kh_format)(size % 3);
    o.record_error = on_error;
    reported = 0;
    kh_eval_summary s;
    int rc = kh_eval(policy, in, "fuzz", sink, &o, &s);
    fclose(in);
    free(copy);
    if (rc != 0 && rc != 1 && rc != 4) abort();
    if (s.errors > s.records) abort();
    if (rc == 0 && s.errors != 0) abort();
    if (rc == 1 && s.errors == 0 && s.checks_failed == 0) abort();
    if (reported != s.errors) abort(); /* every failed record is reported */
    return 0;
}
