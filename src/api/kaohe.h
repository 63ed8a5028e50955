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
 */
#ifndef KAOHE_H
#define KAOHE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#define KAOHE_VERSION "0.1.0"

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

kh_diags *kh_diags_new(void);
void kh_diags_free(kh_diags *d);
int kh_diags_errors(const kh_diags *d);
int kh_diags_warnings(const kh_diags *d);
/* gcc-style: "file:line:col: error: message", the line, a caret. */
void kh_diags_print(const kh_diags *d, FILE *out, bool color);

/* ---- policies ------------------------------------------------------------ */

typedef struct kh_policy kh_policy;

/* Reads, checks and compiles a policy (and its includes).  Returns NULL
 * when it has errors; warnings are kept in d either way. */
kh_policy *kh_policy_load(const char *path, kh_diags *d);
/* The same from text in memory (includes are relative to `name`). */
kh_policy *kh_policy_load_text(const char *name, const char *text, size_t len, kh_diags *d);
void kh_policy_free(kh_policy *p);
/* The files the policy was read from: 0 is the policy itself, then each
 * file it includes, as their paths were opened; NULL past the last. */
const char *kh_policy_file(const kh_policy *p, int i);

/* Overrides a param: "commission_rate", "10%".  The text is read as the
 * param's type (a percentage, an amount, a whole number...).  Returns false
 * with a reason in err. */
bool kh_policy_set(kh_policy *p, const char *name, const char *text, char *err, size_t cap);

/* ---- evaluation ---------------------------------------------------------- */

/* XLSX: sheets of results, ledgers, errors and the manifest (needs a file
 * for `out`; never half-written). */
typedef enum kh_format { KH_FORMAT_JSON, KH_FORMAT_NDJSON, KH_FORMAT_CSV, KH_FORMAT_XLSX } kh_format;

/* ---- run manifests: what produced an output ----------------------------- */

/* The kaohe version, the SHA-256 of each policy file, the params (as they
 * stand when it is made: make it after kh_policy_set) and which were
 * overridden; a run fills in the input's SHA-256 and the counts.  run_time:
 * seconds since 1970 UTC, written only by kh_manifest_write (outputs that
 * show the manifest leave the time out, so their bytes are reproducible). */
typedef struct kh_manifest kh_manifest;

kh_manifest *kh_manifest_new(const kh_policy *p, long long run_time);
void kh_manifest_free(kh_manifest *m);
/* The manifest as JSON. */
bool kh_manifest_write(const kh_manifest *m, FILE *out);

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
 * (why in summary->fatal, nothing read or written) for options that cannot
 * go together. */
int kh_eval(const kh_policy *p, FILE *input, const char *input_name, FILE *out, const kh_eval_options *opts,
            kh_eval_summary *summary);

/* ---- explanations -------------------------------------------------------- */

typedef struct kh_explain_options {
    const char *id;            /* the record to explain (its key) */
    const char *const *outputs;/* which outputs (NULL: all) */
    int noutputs;
    bool json;                 /* JSON instead of an aligned text tree */
    bool show_inactive;        /* also ledger entries that did not apply */
    bool private_view;         /* for the agent: no other agent's id or figures */
    bool color;                /* ANSI colour in the text form */
    int max_depth;             /* definitions explained this many levels deep (0: all) */
    const char *prior_path;    /* previous results to chain from (or NULL) */
} kh_explain_options;

/* Evaluates the whole input (roster functions need every record) and writes
 * why record `id` has the values it has.  Returns KH_OK; KH_RECORD_ERRORS
 * when the record is missing or failed (why in summary->fatal); KH_USAGE_ERROR
 * for an unknown output name or a policy without a key (records without
 * ids); KH_IO_ERROR when the input cannot be read. */
int kh_explain(const kh_policy *p, FILE *input, const char *input_name, FILE *out, const kh_explain_options *o,
               kh_eval_summary *summary);

/* ---- what-if: comparing two policies over one input ------------------------ */

typedef enum kh_diff_format { KH_DIFF_TEXT, KH_DIFF_JSON, KH_DIFF_CSV } kh_diff_format;

typedef struct kh_diff_options {
    kh_diff_format format;
    bool summary_only;         /* no per-record changes */
    int top;                   /* largest increases/decreases listed (default 5) */
    bool color;
    const char *old_name, *new_name; /* how to call the two sides in the report */
    const char *prior_path;
} kh_diff_options;

/* Evaluates `input` under both policies (a policy against itself with other
 * params is two loads with different kh_policy_set calls) and writes, per
 * record, each output that changed (old -> new, delta) and the ledger
 * entries that changed, then a summary: records changed, each money
 * output's totals old/new/delta, the largest increases and decreases, and
 * counts of changed categorical outputs.  `input` must be seekable (it is
 * read once per policy unless both stream).  Returns KH_OK or KH_IO_ERROR. */
int kh_diff(const kh_policy *old_p, const kh_policy *new_p, FILE *input, const char *input_name, FILE *out,
            const kh_diff_options *o, kh_eval_summary *summary);

/* ---- formatting ------------------------------------------------------------- */

/* The canonical layout of a policy file (comments kept; idempotent), as a
 * malloc'd string in *out.  False when the file cannot be read or parsed
 * (reasons in d). */
bool kh_fmt_file(const char *path, char **out, size_t *len, kh_diags *d);
/* The same for text already in memory; `name` is used in messages. */
bool kh_fmt_text(const char *name, const char *text, size_t text_len, char **out, size_t *len, kh_diags *d);

/* ---- pay slips ---------------------------------------------------------------- */

typedef struct kh_slip_options {
    bool html;                /* a printable HTML page (A4) instead of text */
    bool color;               /* text: ANSI bold and dim (for a terminal) */
    const char *id;           /* the agent; NULL: every agent */
    const char *prior_path;   /* previous results to chain from (or NULL) */
    kh_manifest *manifest;    /* shown at the foot and filled in (NULL: a
                                 manifest of the run is made for the foot) */
    void *ud;                 /* passed to the callbacks */
    /* one slip: the record's 0-based number, the agent's id and the slip's
       bytes (valid during the call) */
    void (*slip)(void *ud, size_t index, const char *id, const char *text, size_t len);
    /* the same with the slip's period ("2014-06": the `roster by` month; NULL
       when the policy has none), for file names; called instead of slip when set */
    void (*slip_in_period)(void *ud, size_t index, const char *id, const char *period, const char *text, size_t len);
    void (*record_error)(void *ud, size_t index, const char *id, const char *message);
    void (*check_failed)(void *ud, const char *label, const char *roster, const char *const *ids, int nids);
} kh_slip_options;

/* Evaluates the whole input (roster functions need every record) and hands
 * out the pay slip of the agent `id` (or of every agent): each pay line and
 * score entry with its clause label, the totals and the agent's other
 * results, with nothing about any other agent.  Returns as kh_eval. */
int kh_slip(const kh_policy *p, FILE *input, const char *input_name, const kh_slip_options *o,
            kh_eval_summary *summary);
/* ---- the roster report ----------------------------------------------------------- */

typedef struct kh_report_options {
    const kh_policy *whatif;  /* compared with: another policy, or this one
                                 with other params (NULL: no what-if) */
    const char *whatif_name;  /* how the page names it ("commission_rate=10%") */
    const char *by;           /* the input field pay is broken down by (NULL:
                                 `level`, or the first one-of field) */
    const char *prior_path;   /* previous results to chain from (or NULL) */
    kh_manifest *manifest;    /* in the footer and filled in (NULL: one is made) */
    void *locate_ud;          /* as kh_eval_options.locate: the errors the page lists */
    char *(*locate)(void *locate_ud, size_t index, const char *message);
    void *ud;                 /* passed to the callbacks */
    void (*record_error)(void *ud, size_t index, const char *id, const char *message);
    void (*check_failed)(void *ud, const char *label, const char *roster, const char *const *ids, int nids);
} kh_report_options;

/* Evaluates the input and writes one self-contained HTML page (inline CSS
 * and SVG, no script, no network): totals of the money outputs, the score
 * distribution, pay by component per level, counts of the categorical and
 * yes/no outputs, the lowest-ranked, the errors, the what-if changes by id,
 * and the manifest.  Returns as kh_eval (KH_USAGE_ERROR for an unknown `by`). */
int kh_report(const kh_policy *p, FILE *input, const char *input_name, FILE *out, const kh_report_options *o,
              kh_eval_summary *summary);

/* A file name for an agent's slip: ASCII letters, digits, - _ . and
 * letters of Chinese, Japanese, Korean and accented Latin text (each as its
 * precomposed NFC character) kept; every other byte written %XX — combining
 * marks, zero-width and bidirectional characters, spaces, symbols, other
 * scripts — and so is a first '.' or '-' and the first letter of a Windows
 * device name (CON, nul.x, COM1...).  So two ids never share a name, and
 * none is hidden, reordered, a path, a device or an option.  Then ext.
 * NULL when longer than 200 bytes; the caller frees it. */
char *kh_slip_file_name(const char *id, const char *ext);

/* ---- text for a terminal ------------------------------------------------- */

/* Writes s to f with control characters (C0, DEL, C1), the Unicode
 * characters that reorder or hide text (bidirectional overrides, zero-width
 * characters) and bytes that are not UTF-8 written as visible escapes
 * (\n, \x1B, \u{202E}; a backslash as \\ when there are any): for ids,
 * names and messages from data on a stream a terminal may show. */
void kh_fputs_terminal(const char *s, FILE *f);

/* ---- rosters as HR keeps them: XLSX workbooks and CSV files ---------------- */

typedef struct kh_roster kh_roster;

/* A list of records given in a CSV file of its own (`--list deals=deals.csv`). */
typedef struct kh_roster_list {
    const char *name;         /* the list field: its path or label */
    const char *path;
} kh_roster_list;

/* Looks at the first bytes of `in`.  A JSON array or NDJSON is left to the
 * JSON reader: *r is NULL and *records reads the input from its start.  An
 * XLSX workbook (a zip) or CSV text (anything else) is read through the
 * policy's input schema, a JSON record per row, into *records (NDJSON, for
 * kh_eval and the others to read as any input); *r knows where each record
 * came from.  Returns KH_OK; KH_IO_ERROR when the file cannot be read as a
 * roster (err names the sheet or file, and the cell); KH_USAGE_ERROR for
 * lists given with a JSON input or naming no list of the schema.  `in` is
 * not closed; *records is closed by kh_roster_free (or by the caller when
 * *r is NULL and it is not `in`). */
int kh_roster_open(const kh_policy *p, FILE *in, const char *name, const kh_roster_list *lists, int nlists,
                   kh_roster **r, FILE **records, char *err, size_t cap);
/* What reading the spreadsheet noticed (columns and sheets not read), a
 * line each starting "warning: ", or "". */
const char *kh_roster_notes(const kh_roster *r);
/* Record `index`'s error message, located: each "field 'PATH': reason" of it
 * with the sheet (or file) and cell it came from, and the reader's own
 * reason for a cell it could not convert.  every_field false: only those
 * cells (so outputs stay the same whatever format the roster came in);
 * true: every field, and "row N" for a message about no field in particular.
 * The caller frees the text. */
char *kh_roster_locate(const kh_roster *r, size_t index, const char *message, bool every_field);
/* The manifest names the spreadsheet's own SHA-256 as the input's (not
 * that of the records made from it). */
void kh_roster_pin_manifest(const kh_roster *r, kh_manifest *m);
void kh_roster_free(kh_roster *r); /* NULL accepted */

/* An empty roster to fill in, from the policy's input schema.  XLSX: a
 * sheet "roster" with a column per field (its label in row 1, its path in
 * row 2, a comment with its type and meaning), a sheet per list of records
 * (the key column first), value lists for `one of` fields and yes/no, bounds
 * as validation, text, money and date formats; a hidden "_lists" sheet holds
 * long value lists.  CSV (format KH_FORMAT_CSV): the roster's two header rows
 * to `out`, and each list's to lists[i] (in the order kh_template_lists
 * names them; NULL to leave one out).  False with a reason in err. */
bool kh_template(const kh_policy *p, kh_format format, FILE *out, FILE *const *lists, char *err, size_t cap);
/* The lists of records a CSV template has a file for: their paths ("deals",
 * malloc'd: the caller frees them), at most max; returns how many there are. */
int kh_template_lists(const kh_policy *p, char **paths, int max);

/* ---- policy tests --------------------------------------------------------- */

/* Runs the cases of one *.test.json file (see `kaohe help test`), writing a
 * line per case to report, and adds to *passed / *failed. */
void kh_test_file(const char *path, FILE *report, bool color, int *passed, int *failed);

#endif
