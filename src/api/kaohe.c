/*
 * kaohe.c — the public API: loading policies, params, evaluation.
 */
#include "kaohe.h"
#include "eval_output.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "absent.h"
#include "fmt.h"
#include "input.h"
#include "load.h"
#include "manifest.h"
#include "outcome.h"
#include "plan.h"
#include "policy.h"
#include "policy_load_test.h"
#include "prior.h"
#include "run.h"
#include "termtext.h"
#include "i18n.h"

struct kh_diags {
    diag_list list;
    arena **kept;   /* arenas of policies that failed to load: their
                       sources are what the diagnostics point into */
    int nkept;
};

kh_diags *kh_diags_new(void)
{
    kh_diags *d = calloc(1, sizeof *d);
    if (!d) abort();
    diag_init(&d->list);
    return d;
}

void kh_diags_free(kh_diags *d)
{
    if (!d) return;
    diag_free(&d->list);
    for (int i = 0; i < d->nkept; i++) arena_free(d->kept[i]);
    free(d->kept);
    free(d);
}

int kh_diags_errors(const kh_diags *d) { return d->list.errors; }
int kh_diags_warnings(const kh_diags *d) { return d->list.warnings; }

void kh_diags_print(const kh_diags *d, FILE *out, bool color)
{
    diag_render(&d->list, out, color);
}

diag_list *kh_diags_list(kh_diags *d) { return &d->list; }


/* ---- policies ------------------------------------------------------------ */

/* d keeps arena A (the sources its diagnostics point into) until it is freed. */
static void keep_arena(kh_diags *d, arena *A)
{
    arena **kept = realloc(d->kept, (size_t)(d->nkept + 1) * sizeof *kept);
    if (!kept) abort();
    d->kept = kept;
    d->kept[d->nkept++] = A;
}

/* The loader's options for the caller's (either may be NULL). */
static load_options loader_options(const kh_load_options *o, bool named_by_file)
{
    load_options lo = {.named_by_file = named_by_file};
    if (o) {
        lo.include_dirs = o->include_dirs;
        lo.ninclude_dirs = o->ninclude_dirs;
    }
    return lo;
}

static kh_policy *load(const char *path, const char *text, size_t len, const load_options *lo, kh_diags *d)
{
    kh_policy *p = calloc(1, sizeof *p);
    if (!p) abort();
    p->A = arena_new(256 * 1024);
    int before = d->list.errors;
    loaded L;
    bool ok = load_policy_with(p->A, path, text, len, lo, &d->list, &L);
    p->sources = L.sources;
    p->nsources = L.n;
    if (L.n > 0) {
        int checked_from = d->list.n;
        bool read_badly = d->list.errors > before;
        p->prog = check_program_with(p->A, L.files, L.sources, L.n, before, L.unread_include, &d->list);
        if (read_badly) diag_drop_warnings(&d->list, checked_from); /* one mistake, one message */
        ok = ok && p->prog && d->list.errors == before;
    }
    diag_sort(&d->list);
    if (!ok) {
        /* the diagnostics point into this policy's sources: d keeps them */
        keep_arena(d, p->A);
        p->A = NULL;
        kh_policy_free(p);
        return NULL;
    }
    p->plan = compile_program(p->prog, p->A);
    absent_warn(p->plan, &d->list);
    diag_sort(&d->list);
    input_prepare(p->plan);
    p->params = arena_alloc(p->A, (size_t)(p->plan->nparams + 1) * sizeof *p->params);
    for (int i = 0; i < p->plan->nparams; i++) p->params[i] = p->plan->param_defaults[i];
    return p;
}

kh_policy *kh_policy_load(const char *path, kh_diags *d) { return load(path, NULL, 0, NULL, d); }

kh_policy *kh_policy_load_text(const char *name, const char *text, size_t len, kh_diags *d)
{
    return load(name, text, len, NULL, d);
}

kh_policy *kh_policy_load_with(const char *path, const kh_load_options *o, kh_diags *d)
{
    load_options lo = loader_options(o, false);
    return load(path, NULL, 0, &lo, d);
}

kh_policy *kh_policy_load_test(const char *path, const kh_load_options *o, kh_diags *d)
{
    load_options lo = loader_options(o, true);
    return load(path, NULL, 0, &lo, d);
}

void kh_compile_options_init(kh_compile_options *o)
{
    memset(o, 0, sizeof *o);
    o->size = sizeof *o;
}

kh_policy *kh_policy_compile(const char *name, const char *text, size_t len, const kh_compile_options *o,
                             kh_diags *d)
{
    kh_compile_options co;
    kh_compile_options_init(&co);
    if (o) { /* only the fields the caller's version of the struct has */
        size_t n = o->size < sizeof co ? o->size : sizeof co;
        if (n > sizeof o->size) memcpy((char *)&co + sizeof o->size, (const char *)o + sizeof o->size, n - sizeof o->size);
    }
    load_options lo = {.include_dirs = co.include_dirs, .ninclude_dirs = co.ninclude_dirs, .includes_off = co.includes_off,
                       .resolve = co.resolve_include, .resolve_ud = co.ud};
    return load(name, text, len, &lo, d);
}

void kh_policy_free(kh_policy *p)
{
    if (!p) return;
    arena_free(p->A);
    free(p);
}

const char *kh_policy_file(const kh_policy *p, int i)
{
    return p && i >= 0 && i < p->nsources ? p->sources[i]->path : NULL;
}

bool kh_policy_set(kh_policy *p, const char *name, const char *text, char *err, size_t cap)
{
    return policy_set_param(p, name, text, err, cap);
}

/* ---- evaluation ---------------------------------------------------------- */

/* A sink that has each record error located (opts->locate) before the
 * sink it wraps writes it. */
typedef struct locating_sink {
    result_sink inner;
    const kh_eval_options *o;
} locating_sink;

static void locating_result(void *ud, size_t index, const char *id, const value *outputs, const struct evalctx *ctx)
{
    locating_sink *l = ud;
    l->inner.result(l->inner.ud, index, id, outputs, ctx);
}

static void locating_error(void *ud, size_t index, const char *id, const char *message)
{
    locating_sink *l = ud;
    char *located = l->o->locate(l->o->locate_ud, index, message);
    l->inner.error(l->inner.ud, index, id, located);
    free(located);
}

int kh_eval(const kh_policy *p, FILE *input, const char *input_name, FILE *out, const kh_eval_options *opts,
            kh_eval_summary *summary)
{
    if (opts && opts->format == KH_FORMAT_XLSX) {
        memset(summary, 0, sizeof *summary);
        snprintf(summary->fatal, sizeof summary->fatal,
                 "kh_eval does not write XLSX: a workbook is kh_eval_xlsx's, in the kaohe tool's library");
        return KH_USAGE_ERROR;
    }
    return eval_to_output(p, input, input_name, out, opts, NULL, summary);
}

int eval_to_output(const kh_policy *p, FILE *input, const char *input_name, FILE *out, const kh_eval_options *opts,
                   const eval_output *doc, kh_eval_summary *summary)
{
    kh_eval_options none;
    memset(&none, 0, sizeof none);
    if (!opts) opts = &none;
    memset(summary, 0, sizeof *summary);
    if (opts->explain && opts->format == KH_FORMAT_CSV) { /* never a CSV without the ledgers asked for */
        snprintf(summary->fatal, sizeof summary->fatal,
                 _("--explain: a CSV row has no place for the ledgers (use XLSX, JSON or NDJSON)"));
        return KH_USAGE_ERROR;
    }
    prior_map *prior = NULL;
    if (opts->prior_path) {
        prior = prior_load(p, opts->prior_path, summary->fatal, sizeof summary->fatal);
        if (!prior) return KH_IO_ERROR;
    }
    void *xw = NULL; /* the document (doc), e.g. an XLSX workbook */
    if (doc && !(xw = doc->open(p, opts, summary->fatal, sizeof summary->fatal))) {
        summary->output_failed = true;
        prior_free(prior);
        return KH_IO_ERROR;
    }
    jsonin *in = jsonin_open_stream(input, input_name);
    if (opts->manifest || xw) jsonin_hash_input(in); /* the manifest names the input by its digest */
    writer w;
    writer_init(&w, out, opts->format == KH_FORMAT_CSV ? FMT_CSV : opts->format == KH_FORMAT_NDJSON ? FMT_NDJSON : FMT_JSON,
                p->plan);
    w.csv_bom = !opts->csv_no_bom;
    w.csv_excel_text = opts->csv_excel_text;
    w.explain = opts->explain;
    run_outcome oc;
    outcome_init(&oc, opts->ud, opts->record_error, opts->check_failed);
    run_hooks hooks = {.ud = &oc, .record_error = outcome_record_error, .check_failed = outcome_check_failed,
                       .read_ud = prior, .read = prior ? prior_read : NULL};
    run_stats st;
    result_sink sink = xw ? doc->sink(xw) : writer_sink(&w);
    locating_sink located = {sink, opts};
    if (opts->locate) /* (one thread: the wrapped writer is not the plain one) */
        sink = (result_sink){&located, locating_result, locating_error, sink.no_trace};
    int rc = run_eval_jobs(p->plan, p->params, in, &sink, &hooks, &st, opts->jobs);
    if (rc != KH_IO_ERROR) outcome_may_change(p->plan, st.errors, summary->may_change, sizeof summary->may_change);
    kh_manifest *m = opts->manifest ? opts->manifest : xw ? kh_manifest_new(p, 0) : NULL; /* a workbook always has one */
    if (m) {
        manifest_record(m, in, input_name, opts->prior_path, &st);
        manifest_set_outcome(m, &oc, p->plan, st.errors);
    }
    char why[256];
    snprintf(why, sizeof why, "%s", _("cannot write the results"));
    bool wrote;
    if (rc == KH_IO_ERROR && !xw && w.records == 0) {
        /* the input could not be read at all: no "[]" that a pipeline would
         * take for an empty roster */
        writer_discard(&w);
        wrote = true;
    } else {
        /* every output says which roster checks failed */
        for (int k = 0; k < oc.nchecks; k++) {
            if (xw) doc->check_failed(xw, &oc.checks[k], oc.A);
            else writer_check_failed(&w, &oc.checks[k]);
        }
        if (xw) {
            wrote = doc->finish(xw, m, out, why, sizeof why);
            writer_discard(&w);
        } else {
            wrote = writer_finish(&w);
        }
        if (wrote && !xw && opts->checks_csv && opts->format == KH_FORMAT_CSV) {
            buf b = {0};
            writer_checks_csv(&b, oc.checks, oc.nchecks, !opts->csv_no_bom, oc.A);
            wrote = fwrite(b.data, 1, b.len, opts->checks_csv) == b.len && fflush(opts->checks_csv) == 0;
            if (!wrote) snprintf(why, sizeof why, _("cannot write the failed roster checks"));
            buf_free(&b);
        }
    }
    if (m != opts->manifest) kh_manifest_free(m);
    jsonin_close(in);
    if (prior) prior_notes(prior, summary->notes, sizeof summary->notes);
    prior_free(prior);
    outcome_free(&oc);
    summary->records = st.records;
    summary->errors = st.errors;
    summary->checks_failed = st.checks_failed;
    snprintf(summary->fatal, sizeof summary->fatal, "%s", st.fatal);
    if (!wrote) {
        snprintf(summary->fatal, sizeof summary->fatal, "%s", why);
        summary->output_failed = true;
        return KH_IO_ERROR;
    }
    return rc;
}

/* ---- formatting ------------------------------------------------------------- */

/* Formats the main file of policy p (loaded from that text). */
_Static_assert((int)KH_LANG_SAME == (int)SURFACE_SAME && (int)KH_LANG_EN == (int)SURFACE_EN &&
                   (int)KH_LANG_ZH == (int)SURFACE_ZH,
               "kh_lang and kh_surface line up");

static bool fmt_loaded(const kh_policy *p, const kh_load_options *o, char **out, size_t *len, kh_diags *d)
{
    buf b = {0};
    if (!fmt_source(p->sources[0], o ? (kh_surface)o->fmt_lang : SURFACE_SAME, &b, &d->list)) {
        buf_free(&b);
        return false;
    }
    *out = b.data ? b.data : calloc(1, 1);
    *len = b.len;
    return true;
}

bool kh_fmt_text_with(const char *name, const char *text, size_t text_len, const kh_load_options *o, char **out,
                      size_t *len, kh_diags *d)
{
    load_options lo = loader_options(o, false);
    kh_policy *p = load(name, text ? text : "", text_len, &lo, d);
    if (!p) return false; /* a policy with errors is not formatted: its meaning is not known */
    bool ok = fmt_loaded(p, o, out, len, d);
    kh_policy_free(p);
    return ok;
}

bool kh_fmt_text(const char *name, const char *text, size_t text_len, char **out, size_t *len, kh_diags *d)
{
    return kh_fmt_text_with(name, text, text_len, NULL, out, len, d);
}

bool kh_fmt_file_with(const char *path, const kh_load_options *o, char **out, size_t *len, kh_diags *d)
{
    load_options lo = loader_options(o, false);
    kh_policy *p = load(path, NULL, 0, &lo, d);
    if (!p) return false;
    bool ok = fmt_loaded(p, o, out, len, d);
    kh_policy_free(p);
    return ok;
}

bool kh_fmt_file(const char *path, char **out, size_t *len, kh_diags *d)
{
    return kh_fmt_file_with(path, NULL, out, len, d);
}

/* ---- text for a terminal ------------------------------------------------- */

void kh_fputs_terminal(const char *s, FILE *f)
{
    if (!s) return;
    size_t len = strlen(s);
    if (!term_text_needs_escape(s, len)) {
        fputs(s, f);
        return;
    }
    buf b = {0};
    term_text(&b, s, len);
    fwrite(b.data, 1, b.len, f);
    buf_free(&b);
}
