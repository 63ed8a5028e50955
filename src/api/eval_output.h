/*
 * eval_output.h — kh_eval's run with its results going elsewhere than the
 * JSON, NDJSON and CSV writer: a document made whole at the end, such as
 * the tools' XLSX workbook (kh_eval_xlsx).  Private to the libraries.
 */
#ifndef KH_EVAL_OUTPUT_H
#define KH_EVAL_OUTPUT_H

#include <stdbool.h>
#include <stdio.h>

#include "kaohe.h"
#include "outcome.h"
#include "run.h"

/* The document's hooks.  It always shows a manifest (one is made when the
 * caller gives none) and so the input's digest. */
typedef struct eval_output {
    /* Starts the document once the prior results are read (o: the run's
     * options, e.g. no_ledgers); NULL with a reason in err. */
    void *(*open)(const kh_policy *p, const kh_eval_options *o, char *err, size_t cap);
    /* Where results and record errors go. */
    result_sink (*sink)(void *doc);
    /* A roster check that failed (strings from A), after the results. */
    void (*check_failed)(void *doc, const failed_check *c, arena *A);
    /* Adds the manifest, writes the document to out and frees it; false
     * with a reason in err. */
    bool (*finish)(void *doc, kh_manifest *m, FILE *out, char *err, size_t cap);
} eval_output;

/* kh_eval with the results going to doc (NULL: kh_eval's writer, in
 * opts->format).  Returns as kh_eval. */
int eval_to_output(const kh_policy *p, FILE *input, const char *input_name, FILE *out, const kh_eval_options *opts,
                   const eval_output *doc, kh_eval_summary *summary);

/* The arguments of a call of the tools library (kh_diff, kh_explain,
 * kh_slip, kh_report), for its run inside one allocation scope. */
typedef struct tool_call {
    const kh_policy *p;       /* its policy (kh_diff: the new one) */
    const kh_policy *old_p;   /* kh_diff: the old one */
    FILE *input, *out;
    const char *input_name;
    const void *o;            /* its options */
    kh_eval_summary *summary;
} tool_call;

/* run(c) as one public call, in a scope of c->p's allocator.  When an
 * allocation fails: every block it took given back, `manifest` (the
 * caller's, or NULL) as it was, "out of memory" in c->summary with
 * nothing counted, and KH_NO_MEMORY returned. */
int tool_call_guarded(int (*run)(void *c), tool_call *c, kh_manifest *manifest);

#endif
