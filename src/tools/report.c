/*
 * report.c — kh_report: evaluating the input for the roster report (and for
 * its what-if side), keeping per record what the page shows.
 */
#include "report.h"

#include <stdlib.h>
#include <string.h>

#include "hash.h"
#include "eval_output.h"
#include "manifest.h"
#include "pack.h"
#include "policy.h"
#include "present.h"
#include "prior.h"
#include "mem.h"
#include "vec.h"
#include "i18n.h"


/* Puts index i of set->v into the table (which has room). */
static void name_slot(rep_names *set, int i)
{
    uint32_t j = hash_text(set->v[i]) & (set->nslots - 1);
    while (set->slots[j]) j = (j + 1) & (set->nslots - 1);
    set->slots[j] = (uint32_t)i + 1;
}

int report_find(const rep_names *set, const char *s)
{
    if (!set->nslots) return -1;
    uint32_t j = hash_text(s) & (set->nslots - 1);
    for (; set->slots[j]; j = (j + 1) & (set->nslots - 1))
        if (strcmp(set->v[set->slots[j] - 1], s) == 0) return (int)set->slots[j] - 1;
    return -1;
}

int report_intern(report *r, rep_names *set, const char *s)
{
    int found = report_find(set, s);
    if (found >= 0) return found;
    VEC_RESERVE_IN(r->A, set->v, set->n, set->n + 1, set->cap);
    set->v[set->n] = arena_strdup(r->A, s);
    set->n++;
    if ((uint32_t)set->n * 2 >= set->nslots) { /* grow and rehash */
        set->nslots = set->nslots ? set->nslots * 2 : 32;
        while ((uint32_t)set->n * 2 >= set->nslots) set->nslots *= 2;
        set->slots = arena_zalloc(r->A, set->nslots * sizeof *set->slots);
        for (int i = 0; i < set->n; i++) name_slot(set, i);
    } else {
        name_slot(set, set->n - 1);
    }
    return set->n - 1;
}

typedef struct side_run {
    report *r;
    rep_side *s;
    bool base;
} side_run;

static void on_result(void *ud, size_t index, const char *id, const value *outputs, const evalctx *ctx)
{
    side_run *sr = ud;
    report *r = sr->r;
    rep_side *s = sr->s;
    const plan *pl = s->pl;
    VEC_RESERVE(s->recs, s->n + 1, s->cap);
    rep_record *rr = &s->recs[s->n++];
    memset(rr, 0, sizeof *rr);
    rr->id = id ? arena_strdup(r->A, id) : NULL;
    rr->group = rr->period = -1;
    size_t no = (size_t)pl->noutputs + 1;
    rr->num = arena_zalloc(r->A, no * sizeof *rr->num);
    rr->has = arena_zalloc(r->A, no * sizeof *rr->has);
    for (int i = 0; i < pl->noutputs; i++)
        if (outputs[i].kind == VK_NUM) {
            rr->num[i] = num_keep(r->A, outputs[i].n); /* the record's arena goes on to the next */
            rr->has[i] = true;
        }
    if (!sr->base) return;
    rr->cat = arena_zalloc(r->A, no * sizeof *rr->cat);
    for (int i = 0; i < pl->noutputs; i++) {
        const value *v = &outputs[i];
        if (v->kind == VK_BOOL) /* counted as "yes" / "no" by the report */
            rr->cat[i] = present_text(r->A, v, pl->def_syms[pl->outputs[i]]->type);
        else if (v->kind == VK_ENUM || v->kind == VK_TEXT) /* with its display label */
            rr->cat[i] = present_shown(r->A, pl->prog, v, pl->def_syms[pl->outputs[i]]->type);
    }
    const program *prog = pl->prog;
    for (int i = 0; i < prog->nleaves && ctx->slots && !rr->name; i++) {
        const field_spec *f = prog->leaves[i];
        if (f->display && f != prog->key && f->type->kind == T_TEXT && ctx->slots[f->slot].kind == VK_TEXT)
            rr->name = present_text(r->A, &ctx->slots[f->slot], f->type);
    }
    if (r->by && ctx->slots)
        rr->group = report_intern(r, &r->groups, present_text(r->A, &ctx->slots[r->by->slot], r->by->type));
    if (prog->roster_by && prog->roster_by->slot >= 0 && ctx->slots)
        rr->period = report_intern(r, &r->periods, present_text(r->A, &ctx->slots[prog->roster_by->slot], prog->roster_by->type));
    const ledger_result *lr = r->pay_ledger >= 0 && ctx->ledgers ? ctx->ledgers[r->pay_ledger] : NULL;
    if (lr) {
        rr->entry = arena_zalloc(r->A, (size_t)(lr->n + 1) * sizeof *rr->entry);
        for (int j = 0; j < lr->n; j++) rr->entry[j] = num_keep(r->A, lr->items[j].amount);
    }
}

static void on_error(void *ud, size_t index, const char *id, const char *message)
{
    side_run *sr = ud;
    rep_side *s = sr->s;
    VEC_RESERVE(s->errs, s->nerr + 1, s->caperr);
    char *located = NULL;
    if (sr->r->o->locate) /* a spreadsheet roster: the cell the reader refused */
        message = located = sr->r->o->locate(sr->r->o->locate_ud, index, message);
    s->errs[s->nerr++] = (rep_error){index + 1, id ? arena_strdup(sr->r->A, id) : NULL, arena_strdup(sr->r->A, message)};
    free(located); /* the caller's locate: malloc'd */
}

static void on_check(void *ud, const char *label, const char *roster, const char *const *ids, int nids)
{
    side_run *sr = ud;
    report *r = sr->r;
    rep_side *s = sr->s;
    VEC_RESERVE_IN(r->A, s->checks, s->nchecks, s->nchecks + 1, s->capchecks);
    buf b = {0};
    for (int i = 0; i < nids; i++) buf_printf(&b, "%s%s", i ? ", " : "", ids[i]);
    s->checks[s->nchecks++] = (rep_check){arena_strdup(r->A, label), arena_strdup(r->A, roster ? roster : ""),
                                          arena_strdup(r->A, buf_text(&b))};
    buf_free(&b);
    outcome_check_failed(&r->oc, label, roster, ids, nids); /* kept for the manifest, and passed on */
}

/* The field pay is broken down by: named, or `level`, or the first
 * top-level one-of field that is not the roster's.  A policy that keeps its
 * records for the roster keeps only the fields it reads (and `display`
 * ones): another field would group every agent under "-", so it is not
 * chosen, and naming it is an error (*why: 1 no such field, 2 not kept). */
static const field_spec *find_by(const plan *pl, const char *name, int *why)
{
    const program *prog = pl->prog;
    uint8_t *kept = mem_alloc((size_t)pl->nslots + 1);
    pack_used_slots(pl, kept);
    const field_spec *found = NULL;
    *why = 0;
#define KEPT(f) (!prog->has_roster || ((f)->slot >= 0 && kept[(f)->slot]))
    for (int i = 0; name && i < prog->nleaves && !found; i++)
        if (strcmp(prog->leaves[i]->path, name) == 0) found = prog->leaves[i];
    if (name) {
        *why = !found ? 1 : !KEPT(found) ? 2 : 0;
        if (*why) found = NULL;
    }
    for (int i = 0; !name && !found && i < prog->nleaves; i++)
        if (strcmp(prog->leaves[i]->path, "level") == 0 && KEPT(prog->leaves[i])) found = prog->leaves[i];
    for (int i = 0; !name && !found && i < prog->nleaves; i++) {
        const field_spec *f = prog->leaves[i];
        if (f->type->kind == T_ENUM && !strchr(f->path, '.') && f != prog->roster_by && KEPT(f)) found = f;
    }
#undef KEPT
    mem_free(kept);
    return found;
}

static int run_side(report *r, rep_side *s, const kh_policy *p, const char *data, size_t len, const char *input_name,
                    bool base, char *fatal, size_t cap)
{
    const kh_report_options *o = r->o;
    s->p = p;
    s->pl = p->plan;
    prior_map *prior = NULL;
    if (o->prior_path && !(prior = prior_load(p, o->prior_path, fatal, cap))) return KH_IO_ERROR;
    side_run sr = {r, s, base};
    jsonin *in = jsonin_open_buffer(data, len, input_name);
    /* errors are kept by the sink (and passed on below, in record order);
     * failed checks by on_check */
    run_hooks hooks = {.ud = &sr, .check_failed = base ? on_check : NULL, .read_ud = prior, .read = prior ? prior_read : NULL};
    result_sink sink = {&sr, on_result, on_error, false};
    s->rc = run_eval(s->pl, p->params, in, &sink, &hooks, &s->st);
    jsonin_close(in);
    if (prior && base) prior_notes(prior, r->notes, sizeof r->notes);
    if (base) unknown_members_notes(&s->st.unknown, input_name, r->notes, sizeof r->notes);
    prior_free(prior);
    if (base && o->record_error)
        for (size_t i = 0; i < s->nerr; i++) o->record_error(o->ud, s->errs[i].record - 1, s->errs[i].id, s->errs[i].message);
    if (s->rc == KH_IO_ERROR) snprintf(fatal, cap, "%s", s->st.fatal);
    return s->rc;
}

static void choose_outputs(report *r)
{
    const plan *pl = r->base.pl;
    r->pay_def = r->pay_ledger = r->score_def = -1;
    for (int i = 0; i < pl->noutputs; i++) {
        int def = pl->outputs[i], k = present_def_ledger(pl, def);
        if (k < 0) continue;
        bool money = pl->ledgers[k]->type && pl->ledgers[k]->type->kind == T_MONEY;
        if (money) {
            r->pay_def = i;
            r->pay_ledger = k;
        } else if (r->score_def < 0 && pl->def_syms[def]->type && type_is_numeric(pl->def_syms[def]->type)) {
            r->score_def = i;
        }
    }
}

static int report_roster(void *arg);

int kh_report(const kh_policy *p, FILE *input, const char *input_name, FILE *out, const kh_report_options *o,
              kh_eval_summary *summary)
{
    tool_call c = {p, NULL, input, out, input_name, o, summary};
    return tool_call_guarded(report_roster, &c, o->manifest);
}

static int report_roster(void *arg)
{
    const tool_call *c = arg;
    const kh_policy *p = c->p;
    const kh_report_options *o = c->o;
    FILE *input = c->input, *out = c->out;
    const char *input_name = c->input_name;
    kh_eval_summary *summary = c->summary;
    memset(summary, 0, sizeof *summary);
    report r;
    memset(&r, 0, sizeof r);
    r.o = o;
    int why;
    r.by = find_by(p->plan, o->by, &why);
    if (why) {
        if (why == 1) snprintf(summary->fatal, sizeof summary->fatal, _("--by: the input has no field '%s'"), o->by);
        else
            snprintf(summary->fatal, sizeof summary->fatal,
                     _("--by: the policy does not read the field '%s' (mark it display in the input to report by it)"), o->by);
        return KH_USAGE_ERROR;
    }
    size_t len;
    char *data = manifest_slurp(input, &len, summary->fatal, sizeof summary->fatal);
    if (!data) return KH_IO_ERROR;
    r.A = arena_new(1 << 16);
    outcome_init(&r.oc, o->ud, NULL, o->check_failed);
    r.base.pl = p->plan;
    choose_outputs(&r);
    r.m = o->manifest ? o->manifest : kh_manifest_new(p, 0);
    unsigned char digest[SHA256_BYTES];
    sha256(data, len, digest);
    manifest_set_input(r.m, input_name, digest);
    if (o->prior_path) manifest_set_prior(r.m, o->prior_path);
    int rc = run_side(&r, &r.base, p, data, len, input_name, true, summary->fatal, sizeof summary->fatal);
    if (rc != KH_IO_ERROR && o->whatif) {
        r.has_alt = true;
        r.alt_name = o->whatif_name ? o->whatif_name : "what-if";
        r.alt_m = kh_manifest_new(o->whatif, 0);
        if (run_side(&r, &r.alt, o->whatif, data, len, input_name, false, summary->fatal, sizeof summary->fatal) ==
            KH_IO_ERROR)
            rc = KH_IO_ERROR;
    }
    manifest_set_counts(r.m, r.base.st.records, r.base.st.errors, r.base.st.checks_failed);
    manifest_set_outcome(r.m, &r.oc, p->plan, r.base.st.errors);
    if (rc != KH_IO_ERROR) outcome_may_change(p->plan, r.base.st.errors, r.may_change, sizeof r.may_change);
    if (rc != KH_IO_ERROR) {
        buf b = {0};
        report_render(&b, &r);
        if (fwrite(b.data, 1, b.len, out) != b.len || fflush(out) != 0) {
            snprintf(summary->fatal, sizeof summary->fatal, _("cannot write the report"));
            summary->output_failed = true;
            rc = KH_IO_ERROR;
        }
        buf_free(&b);
    }
    summary->records = r.base.st.records;
    summary->errors = r.base.st.errors;
    summary->checks_failed = r.base.st.checks_failed;
    snprintf(summary->notes, sizeof summary->notes, "%s", r.notes);
    snprintf(summary->may_change, sizeof summary->may_change, "%s", r.may_change);
    outcome_free(&r.oc);
    mem_free(r.base.recs);
    mem_free(r.base.errs);
    mem_free(r.alt.recs);
    mem_free(r.alt.errs);
    if (r.m != o->manifest) kh_manifest_free(r.m);
    kh_manifest_free(r.alt_m);
    arena_free(r.A);
    mem_free(data);
    return rc;
}
