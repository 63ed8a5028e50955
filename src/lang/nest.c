/*
 * nest.c — how deep working out each value goes, counted as the evaluator
 * counts it, so that a policy `kaohe check` accepts never stops a record
 * with "nested more than KH_MAX_NEST deep".
 *
 * The evaluator (eval.c) takes a level for each operation, call, branch,
 * field of a list entry and definition not yet worked out that is under
 * way at once; constants, params, input fields and definitions already
 * known cost none.  A definition's depth is that of its expression, where
 * naming another definition costs one level more than that one's depth.
 * Depths are worked out in dependency order (order.c), so the answer does
 * not depend on the order of declarations.  Two places count a level more
 * than the evaluator may take, never less: roster functions are counted as
 * if worked out where they are written (they run in a pass of their own),
 * and a value that may be an absent optional field counts the check the
 * compiler adds around it (absent.c) wherever it is used.
 */
#include "check_internal.h"

#include <stdio.h>
#include <string.h>

#include "builtins.h"

typedef struct nester {
    const program *p;
    diag_list *d;
    bool absent_fields;  /* the schema has optional fields with no default */
    bool dep_too_deep;   /* a definition named here is too deep itself (it
                            has its own message) */
} nester;

static int max_i(int a, int b) { return a > b ? a : b; }

/* 1 when the compiler puts a check for an absent value around this read. */
static int absent_level(const nester *N, const ast *e)
{
    return N->absent_fields && field_spec_may_be_absent(field_read_by(N->p, e)) ? 1 : 0;
}

/* An input group read whole: a record built of its fields (and groups). */
static int group_levels(const field_spec *g)
{
    int deepest = 0;
    for (int i = 0; i < g->nchildren; i++)
        if (g->children[i]->is_group) deepest = max_i(deepest, group_levels(g->children[i]));
    return 1 + deepest;
}

static int nest_of(nester *N, const ast *e);
static void work_out(nester *N, symbol *s);

/* Naming a definition: its own level, then its expression's. */
static int definition_levels(nester *N, symbol *s)
{
    if (s->nest == -1) work_out(N, s); /* named by one typed before it */
    if (s->nest < 0) return 0;         /* under way: a cycle, reported by typing */
    if (s->nest > KH_MAX_NEST) N->dep_too_deep = true;
    return 1 + s->nest + (s->may_be_absent ? 1 : 0);
}

/* May the value of e be an absent optional field, passed through? */
static bool passes_absent(nester *N, const ast *e)
{
    if (!e) return false;
    switch ((ast_kind)e->kind) {
    case AST_NAME:
        if (e->sym && e->sym->kind == SYM_DEF) {
            if (e->sym->nest == -1) work_out(N, e->sym);
            return e->sym->may_be_absent;
        }
        return absent_level(N, e) > 0;
    case AST_MEMBER: return absent_level(N, e) > 0;
    case AST_IF: return passes_absent(N, e->b) || passes_absent(N, e->c);
    case AST_WHEN: case AST_TIER:
        for (int i = 0; i < e->list.n; i++)
            if (passes_absent(N, e->list.v[i]->b)) return true;
        return false;
    default: return false;
    }
}

/* The deepest of e's parts, each counted by nest_of. */
static int deepest_part(nester *N, const ast *e)
{
    int d = max_i(nest_of(N, e->a), max_i(nest_of(N, e->b), nest_of(N, e->c)));
    for (int i = 0; i < e->list.n; i++) d = max_i(d, nest_of(N, e->list.v[i]));
    return d;
}

/* Levels the evaluator takes to work out e (0 for NULL). */
static int nest_of(nester *N, const ast *e)
{
    if (!e) return 0;
    switch ((ast_kind)e->kind) {
    case AST_NUMBER: case AST_STRING: case AST_BOOL:
        return 0;
    case AST_NAME:
        if (e->scope) return 1 + absent_level(N, e); /* a field of the current entry */
        if (!e->sym) return 0;
        switch (e->sym->kind) {
        case SYM_PARAM: return 0;
        case SYM_FIELD: return absent_level(N, e);
        case SYM_GROUP: return group_levels(e->sym->field);
        case SYM_DEF: return definition_levels(N, e->sym);
        }
        return 0;
    case AST_EACH:
        return 1;
    case AST_THIS:
        return nest_of(N, e->a);
    case AST_MEMBER:
        if (e->sym && e->sym->kind == SYM_GROUP) return group_levels(e->sym->field);
        if (e->sym) return absent_level(N, e);
        return 1 + nest_of(N, e->a) + absent_level(N, e); /* a record's field, a date's part */
    case AST_UNARY:
        return (e->op == OP_POS ? 0 : 1) + nest_of(N, e->a);
    case AST_CALL:
        if ((e->index == BI_DATE && e->list.n == 1) || e->index == BI_MONTH) return 0; /* a constant */
        return 1 + deepest_part(N, e);
    case AST_COMPR: case AST_NAMED:
    case AST_ARM: case AST_ROW: case AST_ENTRY: case AST_FIELDVAL:
        return deepest_part(N, e); /* parts of the node around them */
    default:
        return 1 + deepest_part(N, e);
    }
}

static void report(nester *N, span at, const char *what, int levels)
{
    int k = diag_error(N->d, at, "definitions depend on each other too deeply: working out %s goes %d levels deep (at most %d)",
                       what, levels, KH_MAX_NEST);
    diag_hint(N->d, k, "each definition a value uses adds its own levels: use fewer definitions one after another");
}

static void work_out(nester *N, symbol *s)
{
    bool outer = N->dep_too_deep;
    N->dep_too_deep = false;
    s->nest = -2;
    int levels = nest_of(N, s->decl->a);
    s->may_be_absent = passes_absent(N, s->decl->a);
    s->nest = levels;
    /* said once, where the chain first goes too deep */
    if (levels > KH_MAX_NEST && !N->dep_too_deep) {
        char what[256];
        snprintf(what, sizeof what, "'%.200s'", s->name);
        report(N, s->decl->at, what, levels);
    }
    N->dep_too_deep = outer;
}

static bool any_absent_field(const field_spec *f)
{
    if (!f) return false;
    if (field_spec_may_be_absent(f)) return true;
    for (int i = 0; i < f->nchildren; i++)
        if (any_absent_field(f->children[i])) return true;
    return false;
}

void check_nesting(const program *p, diag_list *d)
{
    nester N = {p, d, any_absent_field(p->input), false};
    for (int i = 0; i < p->ndefs; i++)
        if (p->def_order[i]->nest == -1) work_out(&N, p->def_order[i]);
    for (int i = 0; i < p->nchecks; i++) {
        N.dep_too_deep = false;
        int levels = nest_of(&N, p->checks[i]->a);
        if (levels > KH_MAX_NEST && !N.dep_too_deep) report(&N, p->checks[i]->at, "this check", levels);
    }
}
