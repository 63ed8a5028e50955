/*
 * kaohe.h — the public interface of the kaohe library.
 *
 * kaohe evaluates pay and performance policies written in the kaohe rules
 * language (.rules files) against JSON records of agents.  A program loads
 * a policy once (parse, check, compile), may override its params, and
 * evaluates any number of inputs with it.  Several policies can be loaded in
 * one process; the library keeps no global state, never prints and never
 * exits: problems come back as diagnostics (kh_diags) or return codes.
 *
 * Ownership: every kh_* object is created by a kh_*_new / kh_*_load call and
 * freed by the matching kh_*_free (which accepts NULL).  Strings passed in
 * are copied; strings handed out stay valid until their owner is freed.
 *
 * Linking: `pkg-config --cflags --libs kaohe` (libkaohe.so, or libkaohe.a
 * with --static).  The library exports only the functions declared here,
 * all named kh_*, and needs no output-format library: the XLSX workbook,
 * explanations, what-if diffs, pay slips, the report and policy tests are
 * the kaohe command's (its tools library, which is not installed).
 */
#ifndef KAOHE_H
#define KAOHE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#define KAOHE_VERSION "0.1.0"

/* Marks what the library exports (it is built with -fvisibility=hidden). */
#if defined(__GNUC__) || defined(__clang__)
#define KH_API __attribute__((visibility("default")))
#else
#define KH_API
#endif

#ifdef __cplusplus
extern "C" {
#endif

/* Exit statuses of the command-line tool, which the library's runs return. */
enum {
    KH_OK = 0,            /* everything evaluated */
    KH_RECORD_ERRORS = 1, /* some records failed (the others were evaluated) */
    KH_USAGE_ERROR = 2,   /* the command line is wrong */
    KH_POLICY_ERROR = 3,  /* the policy has errors */
    KH_IO_ERROR = 4       /* input or output could not be read or written */
};

/* ---- diagnostics ------------------------------------------------------- */

typedef struct kh_diags kh_diags;

KH_API kh_diags *kh_diags_new(void);
KH_API void kh_diags_free(kh_diags *d);
KH_API int kh_diags_errors(const kh_diags *d);
KH_API int kh_diags_warnings(const kh_diags *d);
/* gcc-style: "file:line:col: error: message", the line, a caret. */
KH_API void kh_diags_print(const kh_diags *d, FILE *out, bool color);

/* ---- policies ------------------------------------------------------------ */

typedef struct kh_policy kh_policy;

/* Reads, checks and compiles a policy (and its includes).  Returns NULL
 * when it has errors; warnings are kept in d either way.  An include reads
 * a regular *.rules file inside the policy's own directory tree (symbolic
 * links resolved); kh_load_options names more directories. */
KH_API kh_policy *kh_policy_load(const char *path, kh_diags *d);
/* The same from text in memory (includes are relative to `name`). */
KH_API kh_policy *kh_policy_load_text(const char *name, const char *text, size_t len, kh_diags *d);

/* The two surfaces of the language: English or Chinese keywords. */
typedef enum kh_lang { KH_LANG_SAME, KH_LANG_EN, KH_LANG_ZH } kh_lang;

typedef struct kh_load_options {
    const char *const *include_dirs; /* directories (and all below them) includes may also read */
    int ninclude_dirs;
    kh_lang fmt_lang; /* kh_fmt_*: write the keywords (and unit words) in this
                         surface; KH_LANG_SAME: the one the policy mostly uses */
} kh_load_options;

/* kh_policy_load with options (o may be NULL). */
KH_API kh_policy *kh_policy_load_with(const char *path, const kh_load_options *o, kh_diags *d);
KH_API void kh_policy_free(kh_policy *p);
/* The files the policy was read from: 0 is the policy itself, then each
 * file it includes, as their paths were opened; NULL past the last. */
KH_API const char *kh_policy_file(const kh_policy *p, int i);

/* Overrides a param: "commission_rate", "10%".  The text is read as the
 * param's type (a percentage, an amount, a whole number...).  Returns false
 * with a reason in err. */
KH_API bool kh_policy_set(kh_policy *p, const char *name, const char *text, char *err, size_t cap);

/* ---- evaluation ---------------------------------------------------------- */

/* XLSX: sheets of results, ledgers, errors and the manifest (needs a file
 * for `out`; never half-written); written by the tools' kh_eval_xlsx, which
 * the kaohe tool links: kh_eval refuses it. */
typedef enum kh_format { KH_FORMAT_JSON, KH_FORMAT_NDJSON, KH_FORMAT_CSV, KH_FORMAT_XLSX } kh_format;

/* ---- run manifests: what produced an output ----------------------------- */

/* The kaohe version, the SHA-256 of each policy file, the params (as they
 * stand when it is made: make it after kh_policy_set) and which were
 * overridden; a run fills in the input's SHA-256 and the counts.  run_time:
 * seconds since 1970 UTC, written only by kh_manifest_write (outputs that
 * show the manifest leave the time out, so their bytes are reproducible). */
typedef struct kh_manifest kh_manifest;

KH_API kh_manifest *kh_manifest_new(const kh_policy *p, long long run_time);
KH_API void kh_manifest_free(kh_manifest *m);
/* The manifest as JSON. */
KH_API bool kh_manifest_write(const kh_manifest *m, FILE *out);

typedef struct kh_eval_options {
    kh_format format;
    bool csv_no_bom;          /* CSV without the UTF-8 byte-order mark */
    const char *prior_path;   /* previous results to chain from (or NULL) */
    bool explain;             /* add each result's itemised ledgers (JSON/NDJSON;
                                 XLSX always has them; with CSV, refused) */
    int jobs;                 /* worker threads (0 or 1: one); the results are the same */
    kh_manifest *manifest;    /* filled in with the input and counts (or NULL) */
    FILE *checks_csv;         /* CSV: the companion file the failed roster checks
                                 go to (check, roster, ids; a header when none
                                 failed), or NULL.  JSON and NDJSON end with
                                 them; XLSX has them in its errors sheet */
    void *ud;                 /* passed to the callbacks */
    /* a record that failed: its 0-based number, id (may be NULL), reason */
    void (*record_error)(void *ud, size_t index, const char *id, const char *message);
    /* a roster check that failed, with the ids of the records involved */
    void (*check_failed)(void *ud, const char *label, const char *roster, const char *const *ids, int nids);
} kh_eval_options;

typedef struct kh_eval_summary {
    size_t records;           /* results written */
    size_t errors;            /* of which errors (records refused) */
    int checks_failed;
    char fatal[512];          /* KH_IO_ERROR: why */
    bool output_failed;       /* ...and it was the output, not the input */
    char notes[1024];         /* what the run noticed, one line each, starting
                                 "warning: " or "note: " (--prior's), or "" */
    char may_change[512];     /* records were refused and the policy has roster
                                 functions: the outputs of the other records
                                 that may change once they are fixed
                                 ("commission, rank"), or "" */
} kh_eval_summary;

/* Evaluates every record of `input` (a JSON array or NDJSON) and writes one
 * result per record, in input order, to `out`; a policy that chains gives
 * each result's period after its id.  JSON and NDJSON end with one element
 * per failed roster check, {"check_failed": LABEL, "roster": KEY or null,
 * "ids": [...]}.  Returns KH_OK, KH_RECORD_ERRORS or KH_IO_ERROR (also when
 * --prior is not last month's results: see summary->fatal); KH_USAGE_ERROR
 * (why in summary->fatal, nothing read or written) for KH_FORMAT_XLSX (see
 * kh_format) or options that cannot go together. */
KH_API int kh_eval(const kh_policy *p, FILE *input, const char *input_name, FILE *out,
                   const kh_eval_options *opts, kh_eval_summary *summary);


/* ---- formatting ------------------------------------------------------------- */

/* The canonical layout of a policy file (comments kept; idempotent), as a
 * malloc'd string in *out.  Only a policy that loads — parses and checks
 * without errors, its includes too — is formatted: false otherwise, with
 * the reasons in d (warnings are kept in d either way).  The formatted
 * policy means the same: the same diagnostics, the same results. */
KH_API bool kh_fmt_file(const char *path, char **out, size_t *len, kh_diags *d);
/* The same for text already in memory; `name` is used in messages (and
 * includes are relative to it). */
KH_API bool kh_fmt_text(const char *name, const char *text, size_t text_len, char **out, size_t *len, kh_diags *d);
/* Both with options for loading (o may be NULL). */
KH_API bool kh_fmt_file_with(const char *path, const kh_load_options *o, char **out, size_t *len, kh_diags *d);
KH_API bool kh_fmt_text_with(const char *name, const char *text, size_t text_len, const kh_load_options *o,
                             char **out, size_t *len, kh_diags *d);

/* ---- text for a terminal ------------------------------------------------- */

/* Writes s to f with control characters (C0, DEL, C1), the Unicode
 * characters that reorder or hide text (bidirectional overrides, zero-width
 * characters) and bytes that are not UTF-8 written as visible escapes
 * (\n, \x1B, \u{202E}; a backslash as \\ when there are any): for ids,
 * names and messages from data on a stream a terminal may show. */
KH_API void kh_fputs_terminal(const char *s, FILE *f);

#ifdef __cplusplus
}
#endif

#endif
