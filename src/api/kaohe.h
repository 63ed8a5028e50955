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

/* What the library's calls return.  0 to 4 are also the kaohe command's
 * exit statuses. */
typedef enum kh_status {
    KH_OK = 0,            /* everything evaluated */
    KH_RECORD_ERRORS = 1, /* some records failed (the others were evaluated) */
    KH_USAGE_ERROR = 2,   /* the call is wrong (options that cannot go
                             together, an empty record, a NULL argument) */
    KH_POLICY_ERROR = 3,  /* the policy has errors */
    KH_IO_ERROR = 4,      /* input or output could not be read or written */
    KH_NO_MEMORY = 5,     /* an allocation failed; nothing was half-done */
    KH_LIMIT_REACHED = 6  /* a limit the caller set (kh_session_options) */
} kh_status;

/* The library's version ("0.1.0"), which may differ from the KAOHE_VERSION
 * a program was compiled with. */
KH_API const char *kh_version(void);
/* A status in words ("record errors"); "unknown status" for others. */
KH_API const char *kh_status_text(int status);

/* ---- diagnostics ------------------------------------------------------- */

typedef struct kh_diags kh_diags;

/* NULL only when out of memory. */
KH_API kh_diags *kh_diags_new(void);
KH_API void kh_diags_free(kh_diags *d);
/* Frees a text the library made for the caller and says is freed with
 * kh_free (its blocks come from the library's allocator, not malloc).
 * NULL accepted. */
KH_API void kh_free(void *p);
KH_API int kh_diags_errors(const kh_diags *d);
KH_API int kh_diags_warnings(const kh_diags *d);
/* gcc-style: "file:line:col: error: message", the line, a caret. */
KH_API void kh_diags_print(const kh_diags *d, FILE *out, bool color);

/* Diagnostics as data, i from 0 to kh_diags_count - 1, sorted by file and
 * position (a note follows what it belongs to).  Strings stay valid until
 * d is freed or gets more diagnostics; file is NULL (and line, column 0)
 * for a diagnostic tied to no place, hint NULL when there is none.  Lines
 * and columns are 1-based, columns in characters; end is the position
 * just past the span (the same as the start for a point). */
typedef enum kh_severity { KH_SEVERITY_ERROR, KH_SEVERITY_WARNING, KH_SEVERITY_NOTE } kh_severity;

KH_API int kh_diags_count(const kh_diags *d);
KH_API kh_severity kh_diag_severity(const kh_diags *d, int i);
KH_API const char *kh_diag_file(const kh_diags *d, int i);
KH_API int kh_diag_line(const kh_diags *d, int i);
KH_API int kh_diag_column(const kh_diags *d, int i);
KH_API int kh_diag_end_line(const kh_diags *d, int i);
KH_API int kh_diag_end_column(const kh_diags *d, int i);
KH_API const char *kh_diag_message(const kh_diags *d, int i);
KH_API const char *kh_diag_hint(const kh_diags *d, int i);

/* ---- contexts: memory, limits, includes ---------------------------------- */

/* The allocator every allocation of a call goes through (the C library's
 * malloc, realloc and free when all three are NULL).  An allocation that
 * fails makes the public call return KH_NO_MEMORY (or NULL where it
 * returns an object) with everything it had allocated freed and the
 * caller's objects as they were; the library never aborts and never
 * prints.  The hooks may be called from the worker threads of a kh_eval
 * with jobs > 1 (one at a time). */
typedef struct kh_allocator {
    void *(*malloc)(void *ud, size_t size);
    void *(*realloc)(void *ud, void *ptr, size_t size);
    void (*free)(void *ud, void *ptr);
    void *ud;
} kh_allocator;

/* Options for a context.  Set size to sizeof(kh_context_options) (or call
 * kh_context_options_init): later versions add fields at the end and read
 * only what size covers. */
typedef struct kh_context_options {
    size_t size;
    kh_allocator allocator;
    unsigned max_steps;        /* per record, for policies loaded in the context
                                  (0: 5,000,000; see kh_policy_set_max_steps) */
    size_t max_policy_bytes;   /* the most bytes of policy text, its includes
                                  together (0: no limit; more is a located error) */
    const char *const *include_dirs; /* more directories includes may read */
    int ninclude_dirs;
    bool includes_off;         /* an include is an error: no file but the policy's own is read */
    /* the program's own includes, as kh_compile_options.resolve_include */
    const char *(*resolve_include)(void *ud, const char *including, const char *name, size_t *len, char *err,
                                   size_t cap);
    void *include_ud;
} kh_context_options;

/* What the calls made with it share: the allocator, limits and includes.
 * A context with an allocator must outlive what was made with it: the
 * policies loaded in it, their sessions, results and manifests, and the
 * diagnostics its loads added to a kh_diags (free those first).  It holds
 * nothing that changes, so one context may serve several threads.  The calls that take no context use
 * the default one (the C library's allocator, no limits but the language's,
 * includes inside the policy's directory). */
typedef struct kh_context kh_context;

KH_API void kh_context_options_init(kh_context_options *o);
/* NULL when out of memory (o may be NULL: the defaults). */
KH_API kh_context *kh_context_new(const kh_context_options *o);
KH_API void kh_context_free(kh_context *c);

/* ---- policies ------------------------------------------------------------ */

typedef struct kh_policy kh_policy;

/* Reads, checks and compiles a policy (and its includes).  Returns NULL
 * when it has errors; warnings are kept in d either way.  An include reads
 * a regular *.rules file inside the policy's own directory tree (symbolic
 * links resolved); kh_load_options names more directories.  NULL also
 * when out of memory (d as it was: kh_policy_load_in tells the two apart). */
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

/* Options for kh_policy_compile.  Set size to sizeof(kh_compile_options)
 * (or call kh_compile_options_init): later versions add fields at the end
 * and read only what size covers. */
typedef struct kh_compile_options {
    size_t size;
    const char *const *include_dirs; /* as kh_load_options */
    int ninclude_dirs;
    bool includes_off;               /* an include is an error (a located
                                        diagnostic); no file but the policy's
                                        own is read */
    /* The program's own includes (a database, a bundle): the text of `name`
     * as the include writes it, for the file `including` (its name); the
     * text stays the program's and must stay valid until
     * kh_policy_compile returns.  NULL with a reason in err refuses it.
     * When set, no include reads the file system. */
    const char *(*resolve_include)(void *ud, const char *including, const char *name, size_t *len, char *err,
                                   size_t cap);
    void *ud;
} kh_compile_options;

KH_API void kh_compile_options_init(kh_compile_options *o);
/* Loads a policy from text in memory (named `name` in diagnostics), or
 * from the file `name` when text is NULL, with options (o may be NULL). */
KH_API kh_policy *kh_policy_compile(const char *name, const char *text, size_t len, const kh_compile_options *o,
                                    kh_diags *d);
/* Loads a policy in context c (NULL: the default one) from text (or from
 * the file `name` when text is NULL) into *out.  Returns KH_OK; or, with
 * *out NULL, KH_POLICY_ERROR (the reasons in d), KH_NO_MEMORY (d as it
 * was) or KH_USAGE_ERROR (a NULL name, d or out). */
KH_API int kh_policy_load_in(const kh_context *c, const char *name, const char *text, size_t len, kh_diags *d,
                             kh_policy **out);
KH_API void kh_policy_free(kh_policy *p);
/* The files the policy was read from: 0 is the policy itself, then each
 * file it includes, as their paths were opened; NULL past the last. */
KH_API const char *kh_policy_file(const kh_policy *p, int i);

/* Overrides a param: "commission_rate", "10%".  The text is read as the
 * param's type (a percentage, an amount, a whole number...).  Returns false
 * with a reason in err ("out of memory": the param as it was). */
KH_API bool kh_policy_set(kh_policy *p, const char *name, const char *text, char *err, size_t cap);

/* The most steps evaluating one record may take (each operation, branch,
 * call and list entry is one): a record that needs more is refused with
 * "evaluation stopped: more than N steps for one record", and the others
 * are evaluated.  0 restores the default (5,000,000).  Call it before a
 * run, not during one.  How deep a policy may nest is fixed (the checker
 * refuses deeper policies). */
KH_API void kh_policy_set_max_steps(kh_policy *p, unsigned max_steps);
KH_API unsigned kh_policy_max_steps(const kh_policy *p);

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

/* NULL only when out of memory. */
KH_API kh_manifest *kh_manifest_new(const kh_policy *p, long long run_time);
KH_API void kh_manifest_free(kh_manifest *m);
/* The manifest as JSON. */
KH_API bool kh_manifest_write(const kh_manifest *m, FILE *out);

typedef struct kh_eval_options {
    kh_format format;
    bool csv_no_bom;          /* CSV without the UTF-8 byte-order mark */
    bool csv_excel_text;      /* CSV for Excel: a text cell Excel would read as a number,
                                 date or formula (007, 1E5, 2014-06, =x) is written ="007"
                                 (writer_excel_reads_otherwise says which) */
    const char *prior_path;   /* previous results to chain from (or NULL) */
    bool explain;             /* add each result's itemised ledgers (JSON/NDJSON;
                                 XLSX has them unless no_ledgers; with CSV, refused) */
    bool no_ledgers;          /* XLSX: leave the ledgers sheets out (said in the manifest sheet) */
    int jobs;                 /* worker threads (0 or 1: none is started, all on the
                                 calling thread); the results are the same */
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
    /* rewrites a record's error before it is written into the output (a
       roster read from a spreadsheet: kh_roster_locate), malloc'd (freed by
       the caller); NULL: as it is */
    void *locate_ud;
    char *(*locate)(void *locate_ud, size_t index, const char *message);
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
 * kh_format) or options that cannot go together; KH_NO_MEMORY ("out of
 * memory" in summary->fatal, opts->manifest as it was; what was written to
 * `out` is to be thrown away). */
KH_API int kh_eval(const kh_policy *p, FILE *input, const char *input_name, FILE *out,
                   const kh_eval_options *opts, kh_eval_summary *summary);


/* ---- formatting ------------------------------------------------------------- */

/* The canonical layout of a policy file (comments kept; idempotent), as a
 * malloc'd string in *out.  Only a policy that loads — parses and checks
 * without errors, its includes too — is formatted: false otherwise, with
 * the reasons in d (warnings are kept in d either way); false also when
 * out of memory (d as it was).  The formatted
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

/* ---- what a policy declares ----------------------------------------------- */

/* The policy's title (`policy "..."`), or NULL. */
KH_API const char *kh_policy_title(const kh_policy *p);

/* Params, in declaration order (i from 0 to kh_param_count - 1).  The
 * label is the display label, or NULL.  Strings stay valid until p is
 * freed.
 *
 * Texts that are worked out (types, values, the schema) are written
 * snprintf-style into out (cap bytes, always NUL-terminated when cap > 0,
 * cut short when too small): the call returns the length of the whole
 * text, or -1 for an i out of range (or when out of memory). */
KH_API int kh_param_count(const kh_policy *p);
KH_API const char *kh_param_name(const kh_policy *p, int i);
/* The policy's name for the type: "money", "decimal", "integer", "text",
 * "boolean", "date", "month", "list of text", "one of \"A\", \"B\"". */
KH_API int kh_param_type(const kh_policy *p, int i, char *out, size_t cap);
KH_API const char *kh_param_label(const kh_policy *p, int i);
/* True for a param declared as a per cent (`param rate = 8%`): its value
 * is still the exact decimal (0.08); kh_policy_set takes "10%" or 0.1. */
KH_API bool kh_param_percent(const kh_policy *p, int i);
/* True once kh_policy_set has overridden it. */
KH_API bool kh_param_overridden(const kh_policy *p, int i);
/* The param's current value as exact text, as kaohe writes it in JSON but
 * without quotes: "0.08", "200.00" (money), "true", "2014-06", a text as
 * it is, a list as JSON. */
KH_API int kh_param_value(const kh_policy *p, int i, char *out, size_t cap);
/* The index of the param called name, or -1. */
KH_API int kh_param_index(const kh_policy *p, const char *name);

/* Outputs, in the order of every result's fields. */
KH_API int kh_output_count(const kh_policy *p);
KH_API const char *kh_output_name(const kh_policy *p, int i);
KH_API int kh_output_type(const kh_policy *p, int i, char *out, size_t cap);
KH_API const char *kh_output_label(const kh_policy *p, int i);
KH_API int kh_output_index(const kh_policy *p, const char *name);

/* The input schema as JSON text (snprintf-style).  A JSON array of fields in declaration order, each
 *   {"name": "calls", "path": "pay.calls", "type": "integer",
 *    "label": "..." or null, "optional": bool, "key": bool,
 *    "default": policy text or null, "min": ..., "max": ... (policy text
 *    of the bound, or null), "min_strict": bool, "max_strict": bool,
 *    "not_empty": bool, "max_entries": n or null,
 *    "fields": [...]}  (groups and lists of records: their fields)
 * where type is "group" for a group, "list of T" for a list (of "record"
 * for a list of records), and an enumeration's field also has "values":
 * [...].  "[]" for a policy without input. */
KH_API int kh_policy_schema_json(const kh_policy *p, char *out, size_t cap);

/* ---- one record, or a roster, without files ------------------------------ */

/* What evaluating one record gave: its outputs, or why it was refused.
 * Strings stay valid until the result is freed (kh_result_free); a result
 * does not need its policy. */
typedef struct kh_result kh_result;

KH_API void kh_result_free(kh_result *r);
/* The record's 0-based number in what was fed. */
KH_API size_t kh_result_index(const kh_result *r);
/* The record's key (its id), or NULL when it has none. */
KH_API const char *kh_result_id(const kh_result *r);
/* Why the record was refused, or NULL when it was evaluated. */
KH_API const char *kh_result_error(const kh_result *r);
/* The result exactly as `kaohe eval --format ndjson` writes it (one JSON
 * object, no line break): {"id":..., outputs...} or {"id":...,"record":N,
 * "error":...}. */
KH_API const char *kh_result_json(const kh_result *r);

typedef enum kh_kind {
    KH_KIND_ABSENT,   /* no value (a refused record, an optional value left out) */
    KH_KIND_BOOL,
    KH_KIND_NUMBER,   /* integer, decimal or money */
    KH_KIND_TEXT,     /* text, or one of an enumeration */
    KH_KIND_DATE,     /* "2014-06-30" */
    KH_KIND_DATETIME,
    KH_KIND_MONTH,    /* "2014-06" */
    KH_KIND_LIST,
    KH_KIND_OBJECT
} kh_kind;

/* The outputs (i from 0 to kh_output_count - 1; 0 for a refused record). */
KH_API int kh_result_count(const kh_result *r);
KH_API const char *kh_result_name(const kh_result *r, int i);
KH_API kh_kind kh_result_kind(const kh_result *r, int i);
/* The value as text: a number exactly, as kaohe writes it ("4100.00" for
 * money, "0.085"); a text as it is; "true"/"false"; a date, month or
 * datetime in ISO form; a list or an object as JSON.  NULL when absent. */
KH_API const char *kh_result_text(const kh_result *r, int i);
/* The value as kaohe writes it in JSON ("null" when absent). */
KH_API const char *kh_result_value_json(const kh_result *r, int i);
/* A whole number that fits: true and *out; false otherwise (not a number,
 * a fraction, too large: read kh_result_text). */
KH_API bool kh_result_int(const kh_result *r, int i, long long *out);
/* A yes/no value: true and *out; false when it is not one. */
KH_API bool kh_result_bool(const kh_result *r, int i, bool *out);

/* Options for a session.  Set size to sizeof(kh_session_options) (or call
 * kh_session_options_init): later versions add fields at the end and read
 * only what size covers. */
typedef struct kh_session_options {
    size_t size;
    bool explain;         /* results' JSON with "ledgers", as --explain */
    size_t max_records;   /* feeding more is KH_LIMIT_REACHED (0: no limit) */
    size_t max_bytes;     /* the records' JSON text together (0: no limit) */
} kh_session_options;

KH_API void kh_session_options_init(kh_session_options *o);

/* A roster session: records are fed one by one as JSON text, then the
 * results drained in the order fed.  A policy with roster functions (ranks,
 * shares of a pool, team totals) needs every record of the roster before
 * any result: the first kh_session_next evaluates them all, and feeding
 * then ends.  The results are those of `kaohe eval` on the records as one
 * input (byte for byte in kh_result_json).  The policy must outlive the
 * session and not change (kh_policy_set) while it is open. */
typedef struct kh_session kh_session;

/* NULL only when out of memory (o may be NULL: the defaults). */
KH_API kh_session *kh_session_new(const kh_policy *p, const kh_session_options *o);
KH_API void kh_session_free(kh_session *s);
/* Adds one record, a JSON object.  Text that is not one is still a record:
 * its result is an error saying why.  Returns KH_OK; KH_USAGE_ERROR for
 * text with nothing in it (no record) or after the first kh_session_next;
 * KH_LIMIT_REACHED past max_records or max_bytes (the record is not
 * added); KH_NO_MEMORY. */
KH_API int kh_session_feed(kh_session *s, const char *json, size_t len);
/* Evaluates what was fed (once; kh_session_next does it when needed);
 * nothing fed is an empty roster (no results, the roster checks over no
 * records).  Returns KH_OK, KH_RECORD_ERRORS (some records refused, or a roster check
 * failed), KH_NO_MEMORY or KH_IO_ERROR (kh_session_fatal says why). */
KH_API int kh_session_run(kh_session *s);
/* The next result, in the order fed, which the caller frees; NULL after
 * the last (or when kh_session_run failed). */
KH_API kh_result *kh_session_next(kh_session *s);
/* The roster checks that failed (after kh_session_run): how many, and each
 * as the JSON element `kaohe eval` ends with ({"check_failed": ...}). */
KH_API int kh_session_check_count(const kh_session *s);
KH_API const char *kh_session_check_json(const kh_session *s, int i);
/* Why kh_session_run returned KH_IO_ERROR or KH_NO_MEMORY, or "". */
KH_API const char *kh_session_fatal(const kh_session *s);
/* What the run noticed (after kh_session_run), as kh_eval_summary's notes
 * and the warnings `kaohe eval` prints after its results: one line each,
 * ending in a line break and starting "warning: " (a member of the records
 * that no field is called, `sale` where the field is `sales`: not read, so
 * its field took its default), the input named "records"; "" when nothing.
 * kh_eval_record's run notices the same but has no place to say it: feed a
 * session to hear it. */
KH_API const char *kh_session_notes(const kh_session *s);

/* One record alone (a roster of one): kh_session_new, _feed, _next.
 * Returns KH_OK or KH_RECORD_ERRORS with the result in *out (the caller
 * frees it), or KH_USAGE_ERROR, KH_NO_MEMORY, KH_IO_ERROR with *out NULL. */
KH_API int kh_eval_record(const kh_policy *p, const char *json, size_t len, kh_result **out);

#ifdef __cplusplus
}
#endif

#endif
