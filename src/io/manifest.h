/*
 * manifest.h — what produced an output: the kaohe version, the SHA-256 of
 * every policy file, the params and which were overridden, the SHA-256 of
 * the input (and of --prior), the record and error counts, and the time of
 * the run.  Written as JSON beside an output (--manifest FILE), and shown
 * inside outputs (an XLSX sheet, report and slip footers) without the time,
 * so that the same input gives the same bytes.
 */
#ifndef KH_MANIFEST_H
#define KH_MANIFEST_H

#include <stdbool.h>
#include <stddef.h>

#include "buf.h"
#include "jsonin.h"
#include "kaohe.h"
#include "outcome.h"
#include "run.h"
#include "sha256.h"
#include "mem.h"

typedef struct manifest_file {
    const char *name;          /* as given, or as the include resolved it */
    char sha256[SHA256_HEX];
} manifest_file;

typedef struct manifest_param {
    const char *name, *label;  /* label may be NULL */
    const char *value;         /* as JSON: 0.08, 100.00, "text" */
    const char *display;       /* as people read it: 8%, 100.00, text */
    bool overridden;           /* set with --set */
} manifest_param;

struct kh_manifest {
    arena *A;
    const char *title;         /* the policy's title, or NULL */
    manifest_file *files;
    int nfiles;
    manifest_param *params;
    int nparams;
    const char *input;         /* NULL until an input is read */
    char input_sha256[SHA256_HEX]; /* "" when the input was not read in full */
    bool input_pinned;         /* input_sha256 is the file's own (a spreadsheet
                                  roster), not that of the records read */
    const char *prior;         /* --prior, or NULL */
    char prior_sha256[SHA256_HEX];
    bool counted;
    size_t records, errors;
    int checks_failed;
    failed_check *checks;      /* the roster checks that failed */
    int nchecks;
    const char **may_change;   /* records were refused: the outputs of the
                                  others that may change once they are fixed */
    int nmay_change;
    long long run_time;        /* seconds since 1970-01-01 UTC */
};

/* A caller's manifest as it was before a call filled it in, to be put
 * back when the call runs out of memory (m NULL: nothing to put back). */
typedef struct manifest_saved {
    kh_manifest *m;
    kh_manifest before;
    arena_mark at;
} manifest_saved;
manifest_saved manifest_save(kh_manifest *m);
void manifest_restore(const manifest_saved *s);

void manifest_set_input(kh_manifest *m, const char *name, const unsigned char *digest /* NULL: unknown */);
/* The input's digest is `digest` (the spreadsheet a roster was read from),
 * whatever manifest_set_input is given later. */
void manifest_pin_input(kh_manifest *m, const unsigned char *digest);
/* Hashes the file at path (the digest stays empty when it cannot be read). */
void manifest_set_prior(kh_manifest *m, const char *path);
void manifest_set_counts(kh_manifest *m, size_t records, size_t errors, int checks_failed);
/* The failed roster checks of a run, and (when records were refused) the
 * outputs of the others that depend on the roster (copied). */
void manifest_set_outcome(kh_manifest *m, const run_outcome *o, const plan *pl, size_t refused);
/* All three after a run over `in`. */
void manifest_record(kh_manifest *m, const jsonin *in, const char *input_name, const char *prior, const run_stats *st);

/* Reads all of f (an input whose digest must be known before its first
 * record is rendered); NULL with a reason in err. Free with mem_free(). */
char *manifest_slurp(FILE *f, size_t *len, char *err, size_t cap);

/* The manifest as a JSON object (indented, ending in a newline). */
void manifest_json(buf *b, const kh_manifest *m);
/* "2014-07-01T08:00:00Z" into out (at least 21 bytes). */
void manifest_time(long long t, char out[32]);

/* One line of a footer or of the XLSX sheet: what, which, value. */
typedef struct manifest_item {
    const char *what;          /* "policy file", "param", "input", ... */
    const char *which;         /* a file or param name, or "" */
    const char *value;
} manifest_item;

/* The items shown inside outputs: never the time of the run (reproducible
 * bytes); with private_view (slips) nothing about the roster as a whole
 * (record and error counts).  Strings live in m's arena; returns the count. */
int manifest_items(kh_manifest *m, bool private_view, manifest_item **out);

#endif
