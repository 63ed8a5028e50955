/*
 * outcome.c — keeping the failed roster checks of a run, and working out
 * from the compiled plan which outputs depend on the roster.
 */
#include "outcome.h"
#include "vec.h"

#include <stdio.h>
#include <string.h>

void outcome_init(run_outcome *o, void *ud, void (*record_error)(void *, size_t, const char *, const char *),
                  void (*check_failed)(void *, const char *, const char *, const char *const *, int))
{
    memset(o, 0, sizeof *o);
    o->A = arena_new(16 * 1024);
    o->ud = ud;
    o->record_error = record_error;
    o->check_failed = check_failed;
}

void outcome_free(run_outcome *o)
{
    arena_free(o->A);
    memset(o, 0, sizeof *o);
}

void outcome_record_error(void *ud, size_t index, const char *id, const char *message)
{
    run_outcome *o = ud;
    if (o->record_error) o->record_error(o->ud, index, id, message);
}

void outcome_check_failed(void *ud, const char *label, const char *roster, const char *const *ids, int nids)
{
    run_outcome *o = ud;
    VEC_RESERVE_IN(o->A, o->checks, o->nchecks, o->nchecks + 1, o->cap);
    failed_check *c = &o->checks[o->nchecks++];
    c->label = arena_strdup(o->A, label);
    c->roster = arena_strdup(o->A, roster ? roster : "");
    c->ids = arena_alloc(o->A, (size_t)(nids + 1) * sizeof *c->ids);
    for (int i = 0; i < nids; i++) c->ids[i] = arena_strdup(o->A, ids[i]);
    c->nids = nids;
    if (o->check_failed) o->check_failed(o->ud, label, roster, ids, nids);
}

int outcome_roster_outputs(const plan *pl, char *out, size_t cap)
{
    size_t at = 0;
    int n = 0;
    out[0] = '\0';
    for (int i = 0; i < pl->noutputs; i++) {
        const symbol *s = pl->def_syms[pl->outputs[i]];
        if (s->phase <= 0) continue;
        if (at < cap) at += (size_t)snprintf(out + at, cap - at, "%s%s", n ? ", " : "", s->name);
        n++;
    }
    if (at >= cap && cap > 4) memcpy(out + cap - 4, "...", 4);
    return n;
}

void outcome_may_change(const plan *pl, size_t refused, char *out, size_t cap)
{
    if (refused) outcome_roster_outputs(pl, out, cap);
    else out[0] = '\0';
}

const char *outcome_roster_text(arena *A, const char *roster)
{
    size_t n = strlen(roster);
    if (n >= 2 && roster[0] == '"' && roster[n - 1] == '"' && !memchr(roster + 1, '\\', n - 2))
        return arena_strndup(A, roster + 1, n - 2);
    return roster;
}
