/*
 * kaohe_tools.h — the entry points of the tools library (src/tools), which
 * the kaohe command links with libxlsxwriter: the XLSX workbook, explanations,
 * what-if diffs, pay slips, the report and policy tests.  They take the core
 * library's policies and options (kaohe.h); unlike kaohe.h this header is not
 * installed, and libkaohe does not hold these functions.  libkaohe-tools.so
 * (make libs) holds the core and these together, for the Python package's
 * explain and diff; it exports the kh_ names of both headers (KH_API).
 */
#ifndef KAOHE_TOOLS_H
#define KAOHE_TOOLS_H

#include "kaohe.h"

/* ---- the XLSX workbook ---------------------------------------------------- */

/* kh_eval's run written as a workbook (see KH_FORMAT_XLSX; opts->format is
 * not read): sheets of results, ledgers, errors and the manifest, made in a
 * temporary file and copied to `out` whole at the end.  Returns as kh_eval;
 * KH_IO_ERROR with summary->output_failed when the workbook cannot be made
 * or written. */
KH_API int kh_eval_xlsx(const kh_policy *p, FILE *input, const char *input_name, FILE *out, const kh_eval_options *opts,
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
 * ids); KH_IO_ERROR when the input cannot be read; KH_NO_MEMORY ("out of
 * memory" in summary->fatal, nothing written to `out`). */
KH_API int kh_explain(const kh_policy *p, FILE *input, const char *input_name, FILE *out, const kh_explain_options *o,
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
 * counts of changed categorical outputs.  `input` is read once, for both
 * policies (a pipe will do).  Returns KH_OK; KH_RECORD_ERRORS, as kh_eval,
 * when either side refused a record or had a roster check fail (the report
 * is written all the same; summary->errors and checks_failed count the new
 * side, and when the old side's counts differ summary->notes gives them);
 * KH_IO_ERROR; KH_NO_MEMORY ("out of memory" in summary->fatal; what was
 * written to `out` is to be thrown away). */
KH_API int kh_diff(const kh_policy *old_p, const kh_policy *new_p, FILE *input, const char *input_name, FILE *out,
            const kh_diff_options *o, kh_eval_summary *summary);

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
KH_API int kh_slip(const kh_policy *p, FILE *input, const char *input_name, const kh_slip_options *o,
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
KH_API int kh_report(const kh_policy *p, FILE *input, const char *input_name, FILE *out, const kh_report_options *o,
              kh_eval_summary *summary);

/* A file name for an agent's slip: ASCII letters, digits, - _ . and
 * letters of Chinese, Japanese, Korean and accented Latin text (each as its
 * precomposed NFC character) kept; every other byte written %XX — combining
 * marks, zero-width and bidirectional characters, spaces, symbols, other
 * scripts — and so is a first '.' or '-' and the first letter of a Windows
 * device name (CON, nul.x, COM1...).  So two ids never share a name, and
 * none is hidden, reordered, a path, a device or an option.  Then ext.
 * NULL when longer than 200 bytes; the caller frees it with kh_free(). */
KH_API char *kh_slip_file_name(const char *id, const char *ext);

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
KH_API int kh_roster_open(const kh_policy *p, FILE *in, const char *name, const kh_roster_list *lists, int nlists,
                   kh_roster **r, FILE **records, char *err, size_t cap);
/* What reading the spreadsheet noticed (columns and sheets not read), a
 * line each starting "warning: ", or "". */
KH_API const char *kh_roster_notes(const kh_roster *r);
/* Record `index`'s error message, located: each "field 'PATH': reason" of it
 * with the sheet (or file) and cell it came from, and the reader's own
 * reason for a cell it could not convert.  every_field false: only those
 * cells (so outputs stay the same whatever format the roster came in);
 * true: every field, and "row N" for a message about no field in particular.
 * The caller frees the text with kh_free(). */
KH_API char *kh_roster_locate(const kh_roster *r, size_t index, const char *message, bool every_field);
/* kh_eval_options.locate for a roster from kh_roster_open (ud: the
 * kh_roster): kh_roster_locate's text, every_field false, malloc'd as
 * kh_eval frees it. */
KH_API char *kh_roster_locate_for_eval(void *ud, size_t index, const char *message);
/* The manifest names the spreadsheet's own SHA-256 as the input's (not
 * that of the records made from it). */
KH_API void kh_roster_pin_manifest(const kh_roster *r, kh_manifest *m);
KH_API void kh_roster_free(kh_roster *r); /* NULL accepted */

/* An empty roster to fill in, from the policy's input schema.  XLSX: a
 * sheet "roster" with a column per field (its label in row 1, its path in
 * row 2, a comment with its type and meaning), a sheet per list of records
 * (the key column first), value lists for `one of` fields and yes/no, bounds
 * as validation, text, money and date formats; a hidden "_lists" sheet holds
 * long value lists.  CSV (format KH_FORMAT_CSV): the roster's two header rows
 * to `out`, and each list's to lists[i] (in the order kh_template_lists
 * names them; NULL to leave one out).  False with a reason in err. */
KH_API bool kh_template(const kh_policy *p, kh_format format, FILE *out, FILE *const *lists, char *err, size_t cap);
/* The lists of records a CSV template has a file for: their paths ("deals",
 * malloc'd: the caller frees them), at most max; returns how many there are. */
KH_API int kh_template_lists(const kh_policy *p, char **paths, int max);

/* ---- policy tests --------------------------------------------------------- */

/* Runs the cases of one *.test.json file (see `kaohe help test`), writing a
 * line per case to report, and adds to *passed / *failed.  The test file
 * and the policy it names must be regular files (the policy named *.rules);
 * the policy's includes are read as kh_policy_load_with's are. */
KH_API void kh_test_file(const char *path, FILE *report, bool color, int *passed, int *failed);
KH_API void kh_test_file_with(const char *path, const kh_load_options *o, FILE *report, bool color, int *passed,
                       int *failed);

#endif
