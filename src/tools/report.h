/*
 * report.h — the HTML roster report: one self-contained page (inline CSS and
 * SVG, no script, no network) for HR to see a month at a glance.
 *
 * report.c evaluates the input (and, for a what-if, evaluates it again under
 * the other policy or params) and keeps, per record, what the page needs;
 * report_html.c writes the page.  Driven by the outputs' types, so it works
 * for any policy: totals of every money output, the distribution of the
 * score (the first ledger that is not money), pay by component (the entries
 * of the last money ledger) per value of a field (level), counts of every
 * categorical and yes/no output, the lowest-ranked, the errors, what-if
 * deltas by id, and the manifest in the footer.
 */
#ifndef KH_REPORT_H
#define KH_REPORT_H

#include "buf.h"
#include "eval.h"
#include "kaohe_tools.h"
#include "outcome.h"
#include "run.h"

typedef struct rep_record {
    const char *id;         /* may be NULL */
    const char *name;       /* the first `display` text field, or NULL */
    int group;              /* index into groups */
    int period;             /* index into periods, -1 without `roster by` */
    kh_num *num;            /* [noutputs] numeric outputs */
    bool *has;              /* [noutputs] num[i] holds a value */
    const char **cat;       /* [noutputs] yes/no, enum and text outputs */
    kh_num *entry;          /* [entries of the pay ledger] */
} rep_record;

typedef struct rep_error {
    size_t record;          /* 1-based */
    const char *id;         /* may be NULL */
    const char *message;
} rep_error;

typedef struct rep_check {
    const char *label, *roster, *ids;
} rep_check;

/* One evaluation of the input. */
typedef struct rep_side {
    const kh_policy *p;
    const plan *pl;
    rep_record *recs;
    size_t n, cap;
    rep_error *errs;
    size_t nerr, caperr;
    rep_check *checks;
    int nchecks, capchecks;
    run_stats st;
    int rc;
} rep_side;

/* Texts, each once, in order of first appearance; found by hash (a report
 * by id has as many groups as agents). */
typedef struct rep_names {
    const char **v;
    int n, cap;
    uint32_t *slots;        /* open addressing: index + 1, 0 when empty */
    uint32_t nslots;        /* a power of two, more than twice n */
} rep_names;

typedef struct report {
    arena *A;
    rep_side base, alt;
    bool has_alt;
    const char *alt_name;       /* "commission_rate=10%", "other.rules" */
    const field_spec *by;       /* pay is broken down by its values (or NULL) */
    rep_names groups;           /* values of `by` */
    rep_names periods;          /* rosters (`roster by`) */
    int pay_def, pay_ledger;    /* the last money ledger output, or -1 */
    int score_def;              /* the first ledger output that is not money, or -1 */
    kh_manifest *m, *alt_m;
    const kh_report_options *o;
    run_outcome oc;             /* the base side's failed checks */
    char notes[1024];           /* --prior's notes (kh_eval_summary.notes) */
    char may_change[512];       /* records were refused: outputs of the others
                                   that may change once they are fixed */
} report;

/* The index of s in set (added, copied into r's arena, when new). */
int report_intern(report *r, rep_names *set, const char *s);
/* The index of s in set, or -1. */
int report_find(const rep_names *set, const char *s);

/* The page. */
void report_render(buf *b, report *r);

#endif
