/*
 * explain_run.c — kh_explain: evaluate an input and explain one record.
 */
#include <stdlib.h>
#include <string.h>

#include "explain.h"
#include "eval_output.h"
#include "kaohe_tools.h"
#include "policy.h"
#include "outcome.h"
#include "prior.h"
#include "run.h"
#include "termtext.h"
#include "mem.h"
#include "i18n.h"

typedef struct explain_job {
    const kh_policy *p;
    const kh_explain_options *o;
    const int *defs;      /* outputs to explain (definition indices) */
    int ndefs;
    buf out;
    int found;            /* results with the id */
    char *error;          /* the record's error, when it failed (malloc'd) */
} explain_job;

static void header(explain_job *j, size_t index, const evalctx *ctx)
{
    const plan *pl = j->p->plan;
    buf *b = &j->out;
    if (j->o->json) return;
    buf_puts(b, j->o->color ? "\033[1m" : "");
    term_texts(b, j->o->id);
    buf_printf(b, _("%s  (record %zu"), j->o->color ? "\033[0m" : "", index + 1);
    if (pl->group_slot >= 0 && ctx->slots) {
        buf g = {0};
        write_json_value(&g, &ctx->slots[pl->group_slot], NULL);
        buf_puts(b, _(", roster "));
        if (g.data) term_text(b, g.data, g.len);
        buf_free(&g);
    }
    buf_puts(b, _(")\n")); /* closes "(record N" */
    if (pl->prog->title) {
        buf_puts(b, _("policy: "));
        term_texts(b, pl->prog->title);
        buf_putc(b, '\n');
    }
    buf_putc(b, '\n');
}

static void on_result(void *ud, size_t index, const char *id, const value *outputs, const evalctx *ctx)
{
    explain_job *j = ud;
    if (!id || strcmp(id, j->o->id) != 0) return;
    /* a key is unique within a roster: the same id in several rosters
     * (roster by period) is explained once for each, under its own header */
    j->found++;
    header(j, index, ctx);
    arena *A = arena_new(64 * 1024);
    explain_opts xo = {.show_inactive = j->o->show_inactive, .private_view = j->o->private_view,
                       .max_depth = j->o->max_depth};
    if (j->o->json) buf_printf(&j->out, "{\"id\":");
    if (j->o->json) {
        write_json_string(&j->out, id, strlen(id));
        buf_puts(&j->out, ",\"outputs\":[");
    }
    for (int i = 0; i < j->ndefs; i++) {
        xnode *n = explain_def(A, j->p->plan, ctx, j->defs[i], &xo, ctx->rec_id, ctx->rec_id_ud);
        if (j->o->json) {
            if (i) buf_putc(&j->out, ',');
            explain_render_json(&j->out, n);
        } else {
            explain_render_text(&j->out, n, j->o->color);
            buf_putc(&j->out, '\n');
        }
    }
    if (j->o->json) buf_puts(&j->out, "]}\n");
    arena_free(A);
}

static void on_error(void *ud, size_t index, const char *id, const char *message)
{
    explain_job *j = ud;
    if (!id || strcmp(id, j->o->id) != 0) return;
    if (j->found++) return;
    buf e = {0};
    buf_printf(&e, _("record %zu (id \"%s\") could not be evaluated: %s"), index + 1, id, message);
    j->error = e.data;
}

static int explain_record(void *arg);

int kh_explain(const kh_policy *p, FILE *input, const char *input_name, FILE *out, const kh_explain_options *o,
               kh_eval_summary *summary)
{
    tool_call c = {p, NULL, input, out, input_name, o, summary};
    return tool_call_guarded(explain_record, &c, NULL);
}

static int explain_record(void *arg)
{
    const tool_call *c = arg;
    const kh_policy *p = c->p;
    const kh_explain_options *o = c->o;
    FILE *input = c->input, *out = c->out;
    const char *input_name = c->input_name;
    kh_eval_summary *summary = c->summary;
    memset(summary, 0, sizeof *summary);
    const plan *pl = p->plan;
    if (pl->key_slot < 0) {
        snprintf(summary->fatal, sizeof summary->fatal,
                 _("the policy's input has no key field, so no record has an id to explain (mark one 'key')"));
        return KH_USAGE_ERROR;
    }
    int *defs = mem_alloc((size_t)(pl->noutputs + o->noutputs + 1) * sizeof *defs);
    int ndefs = 0;
    if (o->noutputs == 0) {
        for (int i = 0; i < pl->noutputs; i++) defs[ndefs++] = pl->outputs[i];
    }
    for (int k = 0; k < o->noutputs; k++) {
        int d = -1;
        for (int i = 0; i < pl->ndefs && d < 0; i++)
            if (strcmp(pl->def_syms[i]->name, o->outputs[k]) == 0) d = i;
        if (d < 0) {
            const char **names = mem_alloc((size_t)(pl->ndefs + 1) * sizeof *names);
            for (int i = 0; i < pl->ndefs; i++) names[i] = pl->def_syms[i]->name;
            const char *best = suggest_name(o->outputs[k], names, pl->ndefs);
            snprintf(summary->fatal, sizeof summary->fatal, _("the policy defines no '%s'%s%s%s"), o->outputs[k],
                     best ? "; did you mean '" : "", best ? best : "", best ? "'?" : "");
            mem_free(names);
            mem_free(defs);
            return KH_USAGE_ERROR;
        }
        defs[ndefs++] = d;
    }
    prior_map *prior = NULL;
    if (o->prior_path) {
        prior = prior_load(p, o->prior_path, summary->fatal, sizeof summary->fatal);
        if (!prior) {
            mem_free(defs);
            return KH_IO_ERROR;
        }
    }
    explain_job j;
    memset(&j, 0, sizeof j);
    j.p = p;
    j.o = o;
    j.defs = defs;
    j.ndefs = ndefs;
    jsonin *in = jsonin_open_stream(input, input_name);
    result_sink sink = {&j, on_result, on_error, false};
    /* only that record is traced: the others as for a plain eval */
    run_hooks hooks = {.read_ud = prior, .read = prior ? prior_read : NULL, .trace_id = o->id};
    run_stats st;
    int rc = run_eval(pl, p->params, in, &sink, &hooks, &st);
    jsonin_close(in);
    if (prior) prior_notes(prior, summary->notes, sizeof summary->notes);
    unknown_members_notes(&st.unknown, input_name, summary->notes, sizeof summary->notes);
    prior_free(prior);
    mem_free(defs);
    summary->records = st.records;
    summary->errors = st.errors;
    summary->checks_failed = st.checks_failed;
    if (rc != KH_IO_ERROR) outcome_may_change(pl, st.errors, summary->may_change, sizeof summary->may_change);
    if (rc == KH_IO_ERROR) {
        snprintf(summary->fatal, sizeof summary->fatal, "%s", st.fatal);
        mem_free(j.error);
        buf_free(&j.out);
        return KH_IO_ERROR;
    }
    if (!j.found) {
        snprintf(summary->fatal, sizeof summary->fatal, _("no record has the id \"%s\""), o->id);
        buf_free(&j.out);
        return KH_RECORD_ERRORS;
    }
    if (j.error) {
        snprintf(summary->fatal, sizeof summary->fatal, "%.500s", j.error);
        mem_free(j.error);
        buf_free(&j.out);
        return KH_RECORD_ERRORS;
    }
    if (j.out.len && fwrite(j.out.data, 1, j.out.len, out) != j.out.len) rc = KH_IO_ERROR;
    buf_free(&j.out);
    return rc == KH_IO_ERROR ? rc : KH_OK;
}
