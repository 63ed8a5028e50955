/*
 * absent.c — a compile pass: a value that may be absent is never computed
 * with.
 *
 * An optional input field with no default has no value when a record
 * leaves it out; so has a field with no default of an optional group
 * (record) that a record leaves out, required or not when it is given.
 * Passed through whole (`output bonus = extra`, a member of
 * an object, a branch of an if) it prints as null; but an operation that
 * needs the value (arithmetic, a comparison, a condition, a date part, a
 * roster total...) must not read a made-up one.  This pass wraps every such
 * use in a P_PRESENT node, which makes the record an error naming the
 * field.  (The key of `first in roster for K` may be absent: such an entry
 * belongs to no one.)  A policy without such fields gets no extra node.
 */
#include "absent.h"

#include <string.h>

#include "diag.h"
#include "i18n.h"

/* What is known of whether a definition's value may be absent. */
typedef enum absent_state {
    ABSENT_NOT_YET = 0, /* (zeroed memory) */
    ABSENT_WORKING,
    ABSENT_NEVER,       /* always given */
    ABSENT_MAYBE,
} absent_state;

typedef struct guard {
    const plan *pl;
    arena *A;
    uint8_t *def_state; /* [ndefs] an absent_state */
    diag_list *d;       /* absent_warn: where the warnings go */
} guard;


/* The record type an element-field read looks into. */
static const ktype *element_type(const pnode *n)
{
    const ast *scope = n->src ? n->src->scope : NULL;
    const ktype *lt = scope && scope->b ? scope->b->type : NULL;
    return lt && lt->kind == T_LIST ? lt->elem : NULL;
}

static bool may_be_absent(guard *g, const pnode *n);

static bool def_may_be_absent(guard *g, int def)
{
    if (g->def_state[def] == ABSENT_NOT_YET) {
        g->def_state[def] = ABSENT_WORKING; /* (a cycle reaching it: not absent) */
        g->def_state[def] = may_be_absent(g, g->pl->defs[def]) ? ABSENT_MAYBE : ABSENT_NEVER;
    }
    return g->def_state[def] == ABSENT_MAYBE;
}

static bool may_be_absent(guard *g, const pnode *n)
{
    if (!n) return false;
    switch ((pop)n->op) {
    case P_SLOT: return field_spec_may_be_absent(g->pl->prog->leaves[n->index]);
    case P_ELEM_FIELD: return field_spec_may_be_absent(field_spec_member(g->pl->prog->input, element_type(n), n->index));
    case P_FIELD: return field_spec_may_be_absent(field_spec_member(g->pl->prog->input, n->a->type, n->index));
    case P_DEF: return def_may_be_absent(g, n->index);
    case P_IF: return may_be_absent(g, n->b) || may_be_absent(g, n->c);
    case P_WHEN: case P_TIER:
        for (int i = 1; i < n->nkids; i += 2)
            if (may_be_absent(g, n->kids[i])) return true;
        return false;
    default: return false;
    }
}

/* The optional field a possibly absent value comes from (the first one). */
static const field_spec *absent_source(guard *g, const pnode *n)
{
    switch ((pop)n->op) {
    case P_SLOT: return g->pl->prog->leaves[n->index];
    case P_ELEM_FIELD: return field_spec_member(g->pl->prog->input, element_type(n), n->index);
    case P_FIELD: return field_spec_member(g->pl->prog->input, n->a->type, n->index);
    case P_DEF: return absent_source(g, g->pl->defs[n->index]);
    case P_IF: return absent_source(g, may_be_absent(g, n->b) ? n->b : n->c);
    default:
        for (int i = 1; i < n->nkids; i += 2)
            if (may_be_absent(g, n->kids[i])) return absent_source(g, n->kids[i]);
        return NULL;
    }
}

/* What the error says when n has no value. */
static const char *absent_message(guard *g, const pnode *n)
{
    const field_spec *f = absent_source(g, n);
    const char *field = f ? f->path : "?";
    const field_spec *grp = field_spec_left_out_with(f);
    if (grp && n->op == P_DEF)
        return arena_printf(g->A, _("'%s' has no value: the optional record '%s' is not given, and so neither is its "
                                    "field '%s'"),
                            g->pl->def_syms[n->index]->name, grp->path, field);
    if (grp && (n->op == P_SLOT || n->op == P_ELEM_FIELD || n->op == P_FIELD))
        return arena_printf(g->A, _("'%s' is not given (a field of the optional record '%s', which is not given)"), field,
                            grp->path);
    if (grp)
        return arena_printf(g->A, _("this value has none: the optional record '%s' is not given, and so neither is its "
                                    "field '%s'"),
                            grp->path, field);
    if (n->op == P_DEF)
        return arena_printf(g->A, _("'%s' has no value: the optional field '%s' is not given (it has no default)"),
                            g->pl->def_syms[n->index]->name, field);
    if (n->op == P_SLOT || n->op == P_ELEM_FIELD || n->op == P_FIELD)
        return arena_printf(g->A, _("'%s' is not given (an optional field with no default)"), field);
    return arena_printf(g->A, _("this value has none: the optional field '%s' is not given (it has no default)"), field);
}

static void walk(guard *g, pnode *n);

/* n in a place that needs its value: wrapped when it may be absent. */
static void strict(guard *g, pnode **slot)
{
    pnode *n = *slot;
    if (!n) return;
    walk(g, n);
    if (!may_be_absent(g, n)) return;
    pnode *w = arena_zalloc(g->A, sizeof *w);
    w->op = P_PRESENT;
    w->type = n->type;
    w->src = n->src;
    w->trace = -1;
    w->a = n;
    w->k = value_text(absent_message(g, n), 0);
    *slot = w;
}

/* Walks n, guarding the operands that need a value.  The values an if,
 * when or tier gives, and the members of objects and groups, pass through
 * (the whole result may be absent: its reader is guarded in turn). */
static void walk(guard *g, pnode *n)
{
    if (!n) return;
    switch ((pop)n->op) {
    case P_OBJECT: case P_GROUP:
        for (int i = 0; i < n->nkids; i++) walk(g, n->kids[i]);
        return;
    case P_IF:
        strict(g, &n->a);
        walk(g, n->b);
        walk(g, n->c);
        return;
    case P_WHEN: case P_TIER:
        if (n->op == P_TIER) strict(g, &n->a);
        for (int i = 0; i < n->nkids; i++) {
            if (i % 2) walk(g, n->kids[i]);
            else strict(g, &n->kids[i]);
        }
        return;
    default:
        strict(g, &n->a);
        strict(g, &n->b);
        strict(g, &n->c);
        for (int i = 0; i < n->nkids; i++) strict(g, &n->kids[i]);
        return;
    }
}

/* Calls fn on every root expression of the plan, saying whether the root's
 * value is needed (a definition's may be absent and print as null; so may
 * the key of `first in roster`: such an entry belongs to no one, roster.c). */
static void for_each_root(guard *g, void (*fn)(guard *, pnode **, bool needed))
{
    const plan *pl = g->pl;
    for (int i = 0; i < pl->ndefs; i++) fn(g, &pl->defs[i], false);
    for (int i = 0; i < pl->nchecks; i++) fn(g, &pl->checks[i], true);
    for (int i = 0; i < pl->nraggs; i++) {
        ragg *r = &pl->raggs[i];
        fn(g, &r->value, true);
        fn(g, &r->filter, true);
        fn(g, &r->pool, true);
        fn(g, &r->tie, true);
    }
    for (int i = 0; i < pl->nfirsts; i++) {
        rfirst *f = &pl->firsts[i];
        fn(g, &f->list, true);
        fn(g, &f->key, false);
        for (int k = 0; k < f->norders; k++) fn(g, &f->orders[k], true);
    }
}

static void guard_root(guard *g, pnode **root, bool needed)
{
    if (needed) strict(g, root);
    else walk(g, *root);
}

void absent_guard(plan *pl)
{
    guard g = {pl, pl->A, arena_zalloc(pl->A, (size_t)pl->ndefs + 1), NULL};
    for_each_root(&g, guard_root);
}

/* ---- warnings for `kaohe check` ------------------------------------------ */

static void warn_node(guard *g, const pnode *n, diag_list *d)
{
    if (!n) return;
    if (n->op == P_PRESENT) {
        const field_spec *f = absent_source(g, n->a);
        const field_spec *grp = field_spec_left_out_with(f);
        if (n->src && grp) {
            int k = diag_warning(d, n->src->at,
                                 "a record that leaves out the optional record '%s' (and so its field '%s') is refused "
                                 "here",
                                 grp->path, f->path);
            diag_hint(d, k, "give '%s' a default if a missing value has a meaning, or make '%s' a required record",
                      f->name, grp->path);
        } else if (n->src) {
            int k = diag_warning(d, n->src->at,
                                 "a record that leaves out the optional field '%s' (it has no default) is refused here",
                                 f ? f->path : "?");
            diag_hint(d, k, "give it a default (such as 'default 0') if a missing value has a meaning");
        }
    }
    warn_node(g, n->a, d);
    warn_node(g, n->b, d);
    warn_node(g, n->c, d);
    for (int i = 0; i < n->nkids; i++) warn_node(g, n->kids[i], d);
}

static void warn_root(guard *g, pnode **root, bool needed)
{
    (void)needed;
    warn_node(g, *root, g->d);
}

void absent_warn(const plan *pl, diag_list *d)
{
    guard g = {pl, pl->A, arena_zalloc(pl->A, (size_t)pl->ndefs + 1), d};
    for_each_root(&g, warn_root);
}
