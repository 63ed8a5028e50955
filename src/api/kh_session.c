/*
 * kh_session.c — a roster fed record by record as JSON text and drained in
 * order, with no FILE anywhere; and one record alone (kh_eval_record).
 *
 * The records fed are kept as NDJSON, one line each (a line break outside
 * a string is JSON white space and becomes a space, so every record stays
 * on its line and keeps its number), and evaluated by the same run as
 * `kaohe eval` when the first result is asked for.  Each result is made
 * while the run holds its values, through an NDJSON writer with no FILE:
 * its JSON is the bytes kaohe writes.
 */
#include "kaohe.h"

#include <stdlib.h>
#include <string.h>

#include "jsonin.h"
#include "kh_record.h"
#include "outcome.h"
#include "policy.h"
#include "run.h"
#include "unknown_members.h"
#include "kh_context.h"
#include "mem.h"
#include "i18n.h"

struct kh_session {
    const kh_policy *p;
    kh_session_options o;
    buf input;              /* NDJSON, one line per record fed */
    size_t nfed;
    bool ran;
    int rc;
    writer w;               /* NDJSON, no FILE: each result's text is taken */
    kh_result **results;    /* [nfed] by index */
    size_t next;
    bool writer_open;
    arena *A;               /* the failed checks' JSON */
    const char **checks;
    int nchecks;
    char fatal[512];
    char notes[1024];       /* as kh_eval_summary's: what the run noticed */
};

void kh_session_options_init(kh_session_options *o)
{
    memset(o, 0, sizeof *o);
    o->size = sizeof *o;
}

kh_session *kh_session_new(const kh_policy *p, const kh_session_options *o)
{
    if (!p) return NULL;
    mem_scope sc;
    mem_open(&sc, p->al);
    if (setjmp(sc.jb)) {
        mem_unwind(&sc);
        return NULL;
    }
    kh_session *s = mem_calloc(1, sizeof *s);
    mem_close(&sc);
    s->p = p;
    kh_session_options_init(&s->o);
    if (o) { /* only the fields the caller's version of the struct has */
        size_t n = o->size < sizeof s->o ? o->size : sizeof s->o;
        if (n > sizeof o->size) memcpy((char *)&s->o + sizeof o->size, (const char *)o + sizeof o->size, n - sizeof o->size);
    }
    return s;
}

void kh_session_free(kh_session *s)
{
    if (!s) return;
    buf_free(&s->input);
    if (s->writer_open) writer_discard(&s->w);
    for (size_t i = 0; s->results && i < s->nfed; i++) kh_result_free(s->results[i]);
    mem_free(s->results);
    arena_free(s->A);
    mem_free(s);
}

/* Is there anything but JSON white space in text? */
static bool has_content(const char *text, size_t len)
{
    for (size_t i = 0; i < len; i++)
        if (text[i] != ' ' && text[i] != '\t' && text[i] != '\n' && text[i] != '\r') return true;
    return false;
}

int kh_session_feed(kh_session *s, const char *json, size_t len)
{
    if (!s || !json || s->ran || !has_content(json, len)) return KH_USAGE_ERROR;
    if (s->o.max_records && s->nfed >= s->o.max_records) return KH_LIMIT_REACHED;
    if (s->o.max_bytes && (len > s->o.max_bytes || s->input.len - s->nfed > s->o.max_bytes - len))
        return KH_LIMIT_REACHED;
    size_t at = s->input.len;
    if (len > (size_t)-1 / 2) return KH_NO_MEMORY;
    /* room for the line first: the only allocation, kept by the session */
    if (s->input.len + len + 2 > s->input.cap) {
        mem_scope sc;
        mem_open(&sc, s->p->al);
        if (setjmp(sc.jb)) {
            mem_unwind(&sc);
            return KH_NO_MEMORY;
        }
        buf_grow(&s->input, len + 2);
        mem_keep(s->input.data);
        mem_close(&sc);
    }
    buf_put(&s->input, json, len);
    /* one line: a line break outside a string is white space; inside one
     * (never valid JSON) it becomes another control character, which the
     * reader refuses all the same */
    bool in_string = false, escaped = false;
    for (size_t i = at; i < s->input.len; i++) {
        char c = s->input.data[i];
        if (in_string) {
            if (escaped) escaped = false;
            else if (c == '\\') escaped = true;
            else if (c == '"') in_string = false;
            if (c == '\n') s->input.data[i] = '\x01';
        } else if (c == '"') {
            in_string = true;
        } else if (c == '\n') {
            s->input.data[i] = ' ';
        }
    }
    buf_putc(&s->input, '\n');
    s->nfed++;
    return KH_OK;
}

/* ---- the run's sink --------------------------------------------------------- */

static void keep(kh_session *s, size_t index, kh_result *r)
{
    if (index >= s->nfed || s->results[index]) { /* never: one result per record fed */
        kh_result_free(r);
        return;
    }
    s->results[index] = r;
}

static void on_result(void *ud, size_t index, const char *id, const value *outputs, const evalctx *ctx)
{
    kh_session *s = ud;
    keep(s, index, kh_result_of_outputs(&s->w, index, id, outputs, ctx));
}

static void on_error(void *ud, size_t index, const char *id, const char *message)
{
    kh_session *s = ud;
    keep(s, index, kh_result_of_error(&s->w, index, id, message));
}

static int session_run(kh_session *s);

int kh_session_run(kh_session *s)
{
    if (!s) return KH_USAGE_ERROR;
    if (s->ran) return s->rc;
    s->ran = true;
    mem_scope sc;
    mem_open(&sc, s->p->al);
    if (setjmp(sc.jb)) {
        mem_unwind(&sc);
        /* what the run had made is freed: the session only reports it */
        s->results = NULL;
        s->A = NULL;
        s->checks = NULL;
        s->nchecks = 0;
        s->writer_open = false;
        snprintf(s->fatal, sizeof s->fatal, _("out of memory"));
        return s->rc = KH_NO_MEMORY;
    }
    int rc = session_run(s);
    mem_close(&sc);
    return rc;
}

static int session_run(kh_session *s)
{
    s->results = mem_calloc(s->nfed + 1, sizeof *s->results);
    s->A = arena_new(4096);
    writer_init(&s->w, NULL, FMT_NDJSON, s->p->plan);
    s->writer_open = true;
    s->w.explain = s->o.explain;
    /* nothing fed: an empty roster, as `[]` is to kaohe eval (an empty
     * text would be the empty input a failed export leaves) */
    jsonin *in = s->nfed ? jsonin_open_buffer(s->input.data, s->input.len, "records") : jsonin_open_buffer("[]", 2, "records");
    if (s->nfed) jsonin_ndjson_only(in); /* one record per line fed, even one that is a list */
    run_outcome oc;
    outcome_init(&oc, NULL, NULL, NULL);
    run_hooks hooks = {.ud = &oc, .record_error = outcome_record_error, .check_failed = outcome_check_failed};
    result_sink sink = {.ud = s, .result = on_result, .error = on_error, .no_trace = !s->o.explain};
    run_stats st;
    s->rc = run_eval(s->p->plan, s->p->params, in, &sink, &hooks, &st);
    jsonin_close(in);
    if (s->rc == KH_IO_ERROR) snprintf(s->fatal, sizeof s->fatal, "%s", st.fatal);
    /* the members no field is called, said as kh_eval says them */
    unknown_members_notes(&st.unknown, "records", s->notes, sizeof s->notes);
    s->checks = arena_zalloc(s->A, (size_t)(oc.nchecks + 1) * sizeof *s->checks);
    for (int k = 0; k < oc.nchecks; k++) {
        writer_check_failed(&s->w, &oc.checks[k]);
        s->checks[k] = kh_writer_take(&s->w, s->A);
    }
    s->nchecks = oc.nchecks;
    outcome_free(&oc);
    buf_free(&s->input);
    return s->rc;
}

kh_result *kh_session_next(kh_session *s)
{
    if (!s) return NULL;
    kh_session_run(s);
    if (!s->results) return NULL;
    while (s->next < s->nfed) {
        kh_result *r = s->results[s->next];
        s->results[s->next++] = NULL;
        if (r) return r;
    }
    return NULL;
}

int kh_session_check_count(const kh_session *s) { return s ? s->nchecks : 0; }

const char *kh_session_check_json(const kh_session *s, int i)
{
    return s && i >= 0 && i < s->nchecks ? s->checks[i] : NULL;
}

const char *kh_session_fatal(const kh_session *s) { return s ? s->fatal : ""; }

const char *kh_session_notes(const kh_session *s) { return s ? s->notes : ""; }

int kh_eval_record(const kh_policy *p, const char *json, size_t len, kh_result **out)
{
    *out = NULL;
    kh_session *s = kh_session_new(p, NULL);
    if (!s) return p ? KH_NO_MEMORY : KH_USAGE_ERROR;
    int rc = kh_session_feed(s, json, len);
    if (rc == KH_OK) rc = kh_session_run(s);
    if (rc == KH_OK || rc == KH_RECORD_ERRORS) {
        *out = kh_session_next(s);
        if (!*out) rc = KH_NO_MEMORY;
        else rc = kh_result_error(*out) ? KH_RECORD_ERRORS : KH_OK;
    }
    kh_session_free(s);
    return rc;
}
