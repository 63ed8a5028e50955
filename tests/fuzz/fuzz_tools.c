/*
 * fuzz_tools.c — libFuzzer harness for the writers and tools.
 *
 * Bytes are a --set assignment and a roster: the first line (up to '\n') is
 * NAME=VALUE applied to a second copy of the shipped policy (the what-if;
 * an assignment the param refuses leaves it as it was); the rest is the
 * input file (a JSON array or NDJSON) for rules/customer-service-2014.rules
 * (KAOHE_ROOT, default ".", is the repository), with company_profit set so
 * December dividends are apportioned.  Over each input the harness runs:
 *
 *   eval as JSON, then again chained from those results (--prior) into an
 *   XLSX workbook (the manifest sheet included; one input in eight) or
 *   NDJSON with --explain; then one to four of (picked by the input): slips
 *   of every agent (text, or HTML); the roster report with the what-if;
 *   explain of the first id (text or JSON, private or not, one output or
 *   all); diff of the policy against the what-if (text, JSON or CSV, in
 *   full or summary).
 *
 * Invariants besides "no crash, no leak, no undefined behaviour": each run
 * ends with a defined status; errors never exceed records; the JSON results
 * are an array of one element per record; the JSON of explain and diff
 * parses; a text slip or explanation holds no raw control character (they
 * are escaped for the terminal).
 */
#include <cjson/cJSON.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "kaohe.h"
#include "kaohe_tools.h"

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const unsigned char *data, size_t size);

static kh_policy *base, *whatif;
static char *last_assign;  /* the line whatif was made with */
static char dir[] = "/tmp/kaohe-fuzz-tools-XXXXXX";
static char prior_path[4096];

static void cleanup(void)
{
    kh_policy_free(base);
    kh_policy_free(whatif);
    free(last_assign);
    unlink(prior_path);
    rmdir(dir);
}

static kh_policy *load(const char *path)
{
    kh_diags *d = kh_diags_new();
    kh_policy *p = kh_policy_load(path, d);
    if (!p) {
        kh_diags_print(d, stderr, false);
        fprintf(stderr, "fuzz_tools: cannot load %s (set KAOHE_ROOT)\n", path);
        exit(1);
    }
    kh_diags_free(d);
    char err[256];
    if (!kh_policy_set(p, "company_profit", "2500000", err, sizeof err)) {
        fprintf(stderr, "fuzz_tools: --set company_profit: %s\n", err);
        exit(1);
    }
    return p;
}

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    (void)argc;
    (void)argv;
    const char *root = getenv("KAOHE_ROOT") ? getenv("KAOHE_ROOT") : ".";
    char path[4096];
    snprintf(path, sizeof path, "%s/rules/customer-service-2014.rules", root);
    base = load(path);
    if (!mkdtemp(dir)) {
        perror("fuzz_tools: mkdtemp");
        exit(1);
    }
    snprintf(prior_path, sizeof prior_path, "%s/prior.json", dir);
    atexit(cleanup);
    return 0;
}

/* ---- checks ------------------------------------------------------------------ */

static void check_status(int rc, const int *ok, int n)
{
    for (int i = 0; i < n; i++)
        if (rc == ok[i]) return;
    abort();
}

static void check_summary(int rc, const kh_eval_summary *s)
{
    if (s->errors > s->records) abort();
    if (rc == KH_OK && s->errors != 0) abort();
}

/* No byte a terminal obeys: C0 but tab and line feed, DEL, C1 (C2 80-9F),
 * bidirectional overrides (E2 80 AA-AE).  `color`: ESC is the renderer's own. */
static void check_terminal_text(const char *s, size_t n, bool color)
{
    const unsigned char *p = (const unsigned char *)s;
    for (size_t i = 0; i < n; i++) {
        unsigned char c = p[i];
        if ((c < 0x20 && c != '\t' && c != '\n' && !(color && c == 0x1b)) || c == 0x7f) abort();
        if (c == 0xc2 && i + 1 < n && p[i + 1] >= 0x80 && p[i + 1] <= 0x9f) abort();
        if (c == 0xe2 && i + 2 < n && p[i + 1] == 0x80 && p[i + 2] >= 0xaa && p[i + 2] <= 0xae) abort();
    }
}

static FILE *open_input(const char *data, size_t size)
{
    static char empty[1];
    return size ? fmemopen((void *)data, size, "r") : fmemopen(empty, 1, "r");
}

/* ---- the tools ----------------------------------------------------------------- */

static size_t slips;

static void on_slip(void *ud, size_t index, const char *id, const char *text, size_t len)
{
    const bool *html = ud;
    (void)index;
    (void)id;
    if (!*html) check_terminal_text(text, len, false);
    slips++;
}

/* eval as JSON; its results become the prior of a second, chained run */
static void eval_and_chain(const char *data, size_t size, unsigned flags)
{
    FILE *in = open_input(data, size);
    FILE *out = fopen(prior_path, "w+");
    if (!in || !out) abort();
    kh_eval_options o;
    memset(&o, 0, sizeof o);
    kh_eval_summary s;
    int rc = kh_eval(base, in, "fuzz", out, &o, &s);
    static const int ok[] = {KH_OK, KH_RECORD_ERRORS, KH_IO_ERROR};
    check_status(rc, ok, 3);
    check_summary(rc, &s);
    fflush(out);
    if (rc != KH_IO_ERROR) { /* one result per record, as a JSON array */
        long n = ftell(out);
        char *text = malloc((size_t)n + 1);
        rewind(out);
        if (!text || fread(text, 1, (size_t)n, out) != (size_t)n) abort();
        text[n] = '\0';
        cJSON *doc = cJSON_Parse(text);
        if (!doc || !cJSON_IsArray(doc) || (size_t)cJSON_GetArraySize(doc) != s.records) abort();
        cJSON_Delete(doc);
        free(text);
    }
    fclose(out);
    rewind(in);
    FILE *sink = tmpfile();
    if (!sink) abort();
    memset(&o, 0, sizeof o);
    o.prior_path = prior_path;
    if ((flags & 7) == 0) { /* one input in eight: a workbook is slow to make */
        o.format = KH_FORMAT_XLSX;
        o.manifest = kh_manifest_new(base, 0);
    } else {
        o.format = KH_FORMAT_NDJSON;
        o.explain = true;
    }
    /* a workbook is the tools' (kaohe_tools.h) */
    rc = o.format == KH_FORMAT_XLSX ? kh_eval_xlsx(base, in, "fuzz", sink, &o, &s) : kh_eval(base, in, "fuzz", sink, &o, &s);
    check_status(rc, ok, 3);
    check_summary(rc, &s);
    kh_manifest_free(o.manifest);
    fclose(sink);
    fclose(in);
}

static void slip_all(const char *data, size_t size, unsigned flags)
{
    FILE *in = open_input(data, size);
    bool html = flags & 2;
    kh_slip_options o;
    memset(&o, 0, sizeof o);
    o.html = html;
    o.ud = &html;
    o.slip = on_slip;
    kh_eval_summary s;
    slips = 0;
    int rc = kh_slip(base, in, "fuzz", &o, &s);
    static const int ok[] = {KH_OK, KH_RECORD_ERRORS, KH_IO_ERROR};
    check_status(rc, ok, 3);
    check_summary(rc, &s);
    if (rc != KH_IO_ERROR && slips != s.records - s.errors) abort(); /* a slip for every evaluated record */
    fclose(in);
}

static void report(const char *data, size_t size, const char *name)
{
    FILE *in = open_input(data, size);
    FILE *out = tmpfile();
    if (!out) abort();
    kh_report_options o;
    memset(&o, 0, sizeof o);
    o.whatif = whatif;
    o.whatif_name = name;
    kh_eval_summary s;
    int rc = kh_report(base, in, "fuzz", out, &o, &s);
    static const int ok[] = {KH_OK, KH_RECORD_ERRORS, KH_IO_ERROR};
    check_status(rc, ok, 3);
    check_summary(rc, &s);
    fclose(out);
    fclose(in);
}

/* The first "id" the input holds (a guess: the text after "id":"). */
static char *first_id(const char *data, size_t size)
{
    const char *p = memmem(data, size, "\"id\": \"", 7);
    size_t skip = 7;
    if (!p) {
        p = memmem(data, size, "\"id\":\"", 6);
        skip = 6;
    }
    if (!p) return NULL;
    p += skip;
    const char *end = memchr(p, '"', size - (size_t)(p - data));
    return end ? strndup(p, (size_t)(end - p)) : NULL;
}

static void explain(const char *data, size_t size, unsigned flags)
{
    char *id = first_id(data, size);
    if (!id) return;
    FILE *in = open_input(data, size);
    char *text = NULL;
    size_t len = 0;
    FILE *out = open_memstream(&text, &len);
    kh_explain_options o;
    memset(&o, 0, sizeof o);
    static const char *const one[] = {"total_pay"};
    o.id = id;
    if (flags & 64) {
        o.outputs = one;
        o.noutputs = 1;
    }
    o.json = flags & 4;
    o.private_view = flags & 8;
    o.show_inactive = flags & 16;
    o.max_depth = (int)(flags >> 7) % 4;
    kh_eval_summary s;
    int rc = kh_explain(base, in, "fuzz", out, &o, &s);
    static const int ok[] = {KH_OK, KH_RECORD_ERRORS, KH_IO_ERROR};
    check_status(rc, ok, 3);
    fclose(out);
    if (rc == KH_OK && o.json) { /* one JSON object per roster the id is in */
        const char *p = text;
        while (p && *p) {
            const char *nl = strchr(p, '\n');
            cJSON *doc = cJSON_ParseWithLength(p, nl ? (size_t)(nl - p) : strlen(p));
            if (!doc) abort();
            cJSON_Delete(doc);
            p = nl ? nl + 1 : NULL;
        }
    } else if (rc == KH_OK) {
        check_terminal_text(text, len, false);
    }
    free(text);
    free(id);
    fclose(in);
}

static void diff(const char *data, size_t size, unsigned flags)
{
    FILE *in = open_input(data, size);
    char *text = NULL;
    size_t len = 0;
    FILE *out = open_memstream(&text, &len);
    kh_diff_options o;
    memset(&o, 0, sizeof o);
    o.format = (kh_diff_format)((flags >> 7) % 3);
    o.summary_only = flags & 512;
    o.top = 1 + (int)(flags % 50);
    kh_eval_summary s;
    int rc = kh_diff(base, whatif, in, "fuzz", out, &o, &s);
    static const int ok[] = {KH_OK, KH_RECORD_ERRORS, KH_IO_ERROR}; /* records refused: the report is whole */
    check_status(rc, ok, 3);
    fclose(out);
    bool whole = rc == KH_OK || rc == KH_RECORD_ERRORS;
    if (whole && o.format == KH_DIFF_JSON) {
        cJSON *doc = cJSON_ParseWithLength(text, len);
        if (!doc) abort();
        cJSON_Delete(doc);
    } else if (whole && o.format == KH_DIFF_TEXT) {
        check_terminal_text(text, len, false);
    }
    free(text);
    fclose(in);
}

int LLVMFuzzerTestOneInput(const unsigned char *bytes, size_t size)
{
    const char *data = (const char *)bytes;
    const char *nl = memchr(data, '\n', size);
    if (!nl) return 0;
    /* the what-if: this policy with the first line's NAME=VALUE (loaded
     * again only when the line is another one) */
    char *assign = strndup(data, (size_t)(nl - data));
    if (!whatif || !last_assign || strcmp(assign, last_assign) != 0) {
        char root_path[4096], err[512];
        const char *root = getenv("KAOHE_ROOT") ? getenv("KAOHE_ROOT") : ".";
        snprintf(root_path, sizeof root_path, "%s/rules/customer-service-2014.rules", root);
        kh_policy_free(whatif);
        whatif = load(root_path);
        char *eq = strchr(assign, '=');
        if (eq) {
            *eq = '\0';
            kh_policy_set(whatif, assign, eq + 1, err, sizeof err); /* refused: stays as it was */
            *eq = '=';
        }
        free(last_assign);
        last_assign = strdup(assign);
    }
    const char *roster = nl + 1;
    size_t rsize = size - (size_t)(roster - data);
    unsigned flags = 0;
    for (size_t i = 0; i < rsize && i < 8; i++) flags = flags * 31 + (unsigned char)roster[i];
    flags ^= (unsigned)rsize;
    char *copy = malloc(rsize + 1); /* fmemopen wants a buffer it may write */
    if (!copy) abort();
    memcpy(copy, roster, rsize);
    copy[rsize] = '\0';
    eval_and_chain(copy, rsize, flags);
    /* one to four of the other tools, picked by the input (each costs
     * about as much as the two evaluations above) */
    unsigned tools = (flags >> 10) % 15 + 1;
    if (tools & 1) slip_all(copy, rsize, flags);
    if (tools & 2) report(copy, rsize, assign);
    if (tools & 4) explain(copy, rsize, flags);
    if (tools & 8) diff(copy, rsize, flags);
    free(copy);
    free(assign);
    return 0;
}
