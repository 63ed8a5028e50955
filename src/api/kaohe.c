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
#include "vec.h"
#include "kh_context.h"
#include "mem.h"
#include "i18n.h"

struct kh_diags {
    diag_list list;
    arena **kept;   /* arenas of policies that failed to load: their
                       sources are what the diagnostics point into */
    int nkept, kept_cap;
};

kh_diags *kh_diags_new(void)
{
    mem_scope sc;
    mem_open(&sc, NULL);
    if (setjmp(sc.jb)) {
        mem_unwind(&sc);
        return NULL;
    }
    kh_diags *d = mem_calloc(1, sizeof *d);
    diag_init(&d->list);
    mem_close(&sc);
    return d;
}

void kh_diags_free(kh_diags *d)
{
    if (!d) return;
    diag_free(&d->list);
    for (int i = 0; i < d->nkept; i++) arena_free(d->kept[i]);
    mem_free(d->kept);
    mem_free(d);
}

void kh_free(void *p) { mem_free(p); }

int kh_diags_errors(const kh_diags *d) { return d->list.errors; }
int kh_diags_warnings(const kh_diags *d) { return d->list.warnings; }

void kh_diags_print(const kh_diags *d, FILE *out, bool color)
{
    mem_scope sc;
    KH_GUARD(sc, NULL, return); /* (out of memory: printed in part) */
    diag_render(&d->list, out, color);
    mem_close(&sc);
}

diag_list *kh_diags_list(kh_diags *d) { return &d->list; }


/* ---- policies ------------------------------------------------------------ */

/* The diagnostics a call found (in `found`) join d's, with the arena of a
 * policy that failed to load (the sources they point into; or NULL) kept
 * by d until it is freed.  Made last in a call: once it has room (the
 * only step that allocates, its arrays kept even if the call fails), nothing
 * can fail. */
static void diags_commit(kh_diags *d, diag_list *found, arena *failed)
{
    VEC_RESERVE(d->kept, d->nkept + 1, d->kept_cap);
    mem_keep(d->kept);
    VEC_RESERVE(d->list.items, d->list.n + found->n, d->list.cap);
    mem_keep(d->list.items);
    int base = d->list.n;
    for (int i = 0; i < found->n; i++) {
        diag g = found->items[i];
        if (g.related >= 0) g.related += base;
        d->list.items[d->list.n++] = g;
    }
    d->list.errors += found->errors;
    d->list.warnings += found->warnings;
    mem_free(found->items);
    found->items = NULL;
    found->n = found->cap = 0;
    if (failed) d->kept[d->nkept++] = failed;
    diag_sort(&d->list);
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

/* Loads a policy into *out (NULL when it has errors), its diagnostics
 * added to d: KH_OK, KH_POLICY_ERROR, or KH_NO_MEMORY with d as it was. */
static kh_policy *load_policy_in(const kh_context *c, const char *path, const char *text, size_t len,
                                 const load_options *lo, diag_list *found, arena **failed);

static int load(const kh_context *c, const char *path, const char *text, size_t len, const load_options *lo,
                kh_diags *d, kh_policy **out)
{
    *out = NULL;
    mem_scope sc;
    mem_open(&sc, context_allocator(c));
    if (setjmp(sc.jb)) {
        mem_unwind(&sc);
        return KH_NO_MEMORY;
    }
    diag_list found;
    diag_init(&found);
    arena *failed = NULL;
    kh_policy *p = load_policy_in(c, path, text, len, lo, &found, &failed);
    diags_commit(d, &found, failed);
    mem_close(&sc);
    *out = p;
    return p ? KH_OK : KH_POLICY_ERROR;
}

/* The same returning the policy (NULL for errors or out of memory). */
static kh_policy *load_or_null(const kh_context *c, const char *path, const char *text, size_t len,
                               const load_options *lo, kh_diags *d)
{
    kh_policy *p;
    load(c, path, text, len, lo, d, &p);
    return p;
}

static kh_policy *load_policy_in(const kh_context *c, const char *path, const char *text, size_t len,
                                 const load_options *lo, diag_list *found, arena **failed)
{
    kh_policy *p = mem_calloc(1, sizeof *p);
    p->ctx = c;
    p->al = context_allocator(c);
    p->A = arena_new(256 * 1024);
    diag_list *dl = found;
    int before = 0;
    loaded L;
    bool ok = load_policy_with(p->A, path, text, len, lo, dl, &L);
    p->sources = L.sources;
    p->nsources = L.n;
    if (L.n > 0) {
        int checked_from = dl->n;
        bool read_badly = dl->errors > before;
        p->prog = check_program_with(p->A, L.files, L.sources, L.n, before, L.unread_include, dl);
        if (read_badly) diag_drop_warnings(dl, checked_from); /* one mistake, one message */
        ok = ok && p->prog && dl->errors == before;
    }
    diag_sort(dl);
    if (!ok) {
        /* the diagnostics point into this policy's sources: d keeps them */
        *failed = p->A;
        mem_free(p);
        return NULL;
    }
    p->plan = compile_program(p->prog, p->A);
    absent_warn(p->plan, dl);
    diag_sort(dl);
    input_prepare(p->plan);
    if (context_or_default(c)->o.max_steps) p->plan->max_steps = context_or_default(c)->o.max_steps;
    p->params = arena_alloc(p->A, (size_t)(p->plan->nparams + 1) * sizeof *p->params);
    for (int i = 0; i < p->plan->nparams; i++) p->params[i] = p->plan->param_defaults[i];
    return p;
}

kh_policy *kh_policy_load(const char *path, kh_diags *d) { return load_or_null(NULL, path, NULL, 0, NULL, d); }

kh_policy *kh_policy_load_text(const char *name, const char *text, size_t len, kh_diags *d)
{
    return load_or_null(NULL, name, text, len, NULL, d);
}

kh_policy *kh_policy_load_with(const char *path, const kh_load_options *o, kh_diags *d)
{
    load_options lo = loader_options(o, false);
    return load_or_null(NULL, path, NULL, 0, &lo, d);
}

kh_policy *kh_policy_load_test(const char *path, const kh_load_options *o, kh_diags *d)
{
    load_options lo = loader_options(o, true);
    return load_or_null(NULL, path, NULL, 0, &lo, d);
}

int kh_policy_load_in(const kh_context *c, const char *name, const char *text, size_t len, kh_diags *d,
                      kh_policy **out)
{
    if (!out) return KH_USAGE_ERROR;
    *out = NULL;
    if (!name || !d) return KH_USAGE_ERROR;
    load_options lo = context_load_options(c);
    return load(c, name, text, len, &lo, d, out);
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
    return load_or_null(NULL, name, text, len, &lo, d);
}

void kh_policy_free(kh_policy *p)
{
    if (!p) return;
    arena_free(p->A);
    mem_free(p);
}

const char *kh_policy_file(const kh_policy *p, int i)
{
    return p && i >= 0 && i < p->nsources ? p->sources[i]->path : NULL;
}

bool kh_policy_set(kh_policy *p, const char *name, const char *text, char *err, size_t cap)
{
    if (!p) return false;
    /* a failure puts the policy back: its arena, and the param (set last) */
    arena_mark at = arena_mark_now(p->A);
    mem_scope sc;
    mem_open(&sc, p->al);
    if (setjmp(sc.jb)) {
        mem_unwind(&sc);
        arena_rollback(p->A, at);
        if (cap) snprintf(err, cap, "out of memory");
        return false;
    }
    bool ok = policy_set_param(p, name, text, err, cap);
    mem_close(&sc);
    return ok;
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
    free(located); /* the caller's locate: malloc'd */
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

static int eval_run(const kh_policy *p, FILE *input, const char *input_name, FILE *out, const kh_eval_options *opts,
                    const eval_output *doc, kh_eval_summary *summary);

/* The summary of a run that ran out of memory. */
static void summary_out_of_memory(kh_eval_summary *summary)
{
    memset(summary, 0, sizeof *summary);
    snprintf(summary->fatal, sizeof summary->fatal, "%s", _("out of memory"));
}

int tool_call_guarded(int (*run)(void *c), tool_call *c, kh_manifest *manifest)
{
    manifest_saved m = manifest_save(manifest);
    int rc = mem_guard(c->p->al, run, c, KH_NO_MEMORY);
    if (rc == KH_NO_MEMORY) {
        manifest_restore(&m);
        summary_out_of_memory(c->summary);
    }
    return rc;
}

int eval_to_output(const kh_policy *p, FILE *input, const char *input_name, FILE *out, const kh_eval_options *opts,
                   const eval_output *doc, kh_eval_summary *summary)
{
    /* out of memory: the caller's manifest as it was, and no result counted */
    manifest_saved m = manifest_save(opts ? opts->manifest : NULL);
    mem_scope sc;
    mem_open(&sc, p->al);
    if (setjmp(sc.jb)) {
        mem_unwind(&sc);
        manifest_restore(&m);
        summary_out_of_memory(summary);
        return KH_NO_MEMORY;
    }
    int rc = eval_run(p, input, input_name, out, opts, doc, summary);
    mem_close(&sc);
    return rc;
}

static int eval_run(const kh_policy *p, FILE *input, const char *input_name, FILE *out, const kh_eval_options *opts,
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
    unknown_members_notes(&st.unknown, input_name, summary->notes, sizeof summary->notes);
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

static bool fmt_loaded(const kh_policy *p, const kh_load_options *o, buf *b, diag_list *d)
{
    return fmt_source(p->sources[0], o ? (kh_surface)o->fmt_lang : SURFACE_SAME, b, d);
}

/* Loads and formats (text NULL: the file `name`); out of memory is false
 * with d as it was. */
static bool fmt_policy(const char *name, const char *text, size_t text_len, const kh_load_options *o, char **out,
                       size_t *len, kh_diags *d)
{
    load_options lo = loader_options(o, false);
    mem_scope sc;
    mem_open(&sc, NULL);
    if (setjmp(sc.jb)) {
        mem_unwind(&sc);
        return false;
    }
    diag_list found;
    diag_init(&found);
    arena *failed = NULL;
    bool ok = false;
    buf b = {0};
    kh_policy *p = load_policy_in(NULL, name, text, text_len, &lo, &found, &failed);
    /* a policy with errors is not formatted: its meaning is not known */
    if (p) ok = fmt_loaded(p, o, &b, &found);
    if (p) { /* its warnings point into its sources: d keeps them */
        failed = p->A;
        p->A = NULL;
        kh_policy_free(p);
    }
    diags_commit(d, &found, failed);
    mem_close(&sc);
    if (ok) { /* the caller frees it with free() */
        *out = malloc(b.len + 1); /* the caller's, freed with free() */
        if (*out) memcpy(*out, b.data ? b.data : "", b.len + 1);
        *len = b.len;
        ok = *out != NULL;
    }
    buf_free(&b);
    return ok;
}

bool kh_fmt_text_with(const char *name, const char *text, size_t text_len, const kh_load_options *o, char **out,
                      size_t *len, kh_diags *d)
{
    return fmt_policy(name, text ? text : "", text_len, o, out, len, d);
}

bool kh_fmt_text(const char *name, const char *text, size_t text_len, char **out, size_t *len, kh_diags *d)
{
    return kh_fmt_text_with(name, text, text_len, NULL, out, len, d);
}

bool kh_fmt_file_with(const char *path, const kh_load_options *o, char **out, size_t *len, kh_diags *d)
{
    return fmt_policy(path, NULL, 0, o, out, len, d);
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
    mem_scope sc;
    KH_GUARD(sc, NULL, return); /* (out of memory: nothing written) */
    buf b = {0};
    term_text(&b, s, len);
    fwrite(b.data, 1, b.len, f);
    buf_free(&b);
    mem_close(&sc);
}
