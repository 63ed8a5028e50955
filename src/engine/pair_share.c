/*
 * pair_share.c — comparing two plans node by node (pair_share.h): which
 * definitions, roster values and input readings are the same on both sides.
 *
 * Two plans compiled from one policy file number their definitions, params,
 * roster values, ledgers and trace slots alike; the comparison therefore
 * needs the same shape (every count and the outputs' order equal, each
 * definition of the same name), then compares expressions with indices
 * taken as they are, following definitions, params (their values, as set),
 * and roster values to what they read.  Anything it does not know to be
 * the same (a table lookup, a cycle) counts as different: sharing less is
 * slower, never wrong.
 *
 * A roster value's messages (a part that cannot be worked out) quote the
 * policy where the failing expression is written, and the new side shows
 * the old side's: so what a roster value reads must also be written alike,
 * the same text at the same line and column.  Two files of other names
 * qualify (a copy of the policy with one tier changed); their messages
 * then name the new side's files (pair_share_rename).
 */
#include "pair_share.h"

#include <string.h>

#include "buf.h"
#include "mem.h"
#include "source.h"
#include "vec.h"

enum { UNKNOWN = 0, WORKING, SAME, DIFFERENT };

/* An old side's file and the new side's written alike where compared. */
typedef struct source_pair {
    const source *from, *to;
} source_pair;

typedef struct comparer {
    const plan *o, *n;
    const value *op, *np;
    uint8_t *defs;     /* [ndefs] */
    uint8_t *params;   /* [nparams] */
    uint8_t *raggs;    /* [nraggs] */
    uint8_t *firsts;   /* [nfirsts] */
    uint8_t *o_share, *n_share; /* [ndefs] reads' memo, each plan: shares */
    uint8_t *o_roster, *n_roster; /* [ndefs] ...: any roster value */
    bool any_roster;   /* gate_same follows reads of any roster value (else
                          of apportions' shares) */
    uint8_t *gates;    /* [ndefs] gate_same of each definition */
    bool placed;       /* under a roster value: places compared too */
    uint8_t *pdefs;    /* [ndefs] def_same's memo then */
    source_pair *sources; /* [nsources] the files written alike, paired */
    int nsources, cap_sources;
} comparer;

static bool node_same(comparer *c, const pnode *a, const pnode *b);

static bool text_same(const char *a, const char *b) { return a == b || (a && b && strcmp(a, b) == 0); }

/* Types alike to the letter (enums by their values, records by their
 * fields' names and types). */
static bool type_same(const ktype *a, const ktype *b)
{
    if (a == b) return true;
    if (!a || !b || a->kind != b->kind || a->percent != b->percent || a->nfields != b->nfields ||
        a->nvalues != b->nvalues || !type_same(a->elem, b->elem))
        return false;
    for (int i = 0; i < a->nfields; i++)
        if (!text_same(a->names[i], b->names[i]) || !type_same(a->fields[i], b->fields[i])) return false;
    for (int i = 0; i < a->nvalues; i++)
        if (!text_same(a->values[i], b->values[i])) return false;
    return true;
}

/* Values alike: the same kind and the same contents (numbers exactly). */
static bool value_same(const value *a, const value *b)
{
    if (a->kind != b->kind || a->len != b->len) return false;
    if (a->kind == VK_NONE) return true;
    if (a->kind == VK_LIST || a->kind == VK_RECORD) {
        for (uint32_t i = 0; i < a->len; i++)
            if (!value_same(&a->items[i], &b->items[i])) return false;
        return true;
    }
    return value_equal(a, b) && value_compare(a, b) == 0;
}

static bool param_same(comparer *c, int i)
{
    if (c->params[i] != UNKNOWN) return c->params[i] == SAME;
    bool same = value_same(&c->op[i], &c->np[i]) && value_same(&c->o->param_defaults[i], &c->n->param_defaults[i]);
    const dated_param *a = c->o->dated ? c->o->dated[i] : NULL, *b = c->n->dated ? c->n->dated[i] : NULL;
    if (same && (a || b)) {
        same = a && b && a->n == b->n;
        for (int k = 0; same && k < a->n; k++)
            same = a->from[k] == b->from[k] && value_same(&a->values[k], &b->values[k]);
    }
    c->params[i] = same ? SAME : DIFFERENT;
    return same;
}

static bool def_same(comparer *c, int d)
{
    uint8_t *memo = c->placed ? c->pdefs : c->defs;
    if (memo[d] == WORKING) return false; /* a cycle: not known to be alike */
    if (memo[d] != UNKNOWN) return memo[d] == SAME;
    memo[d] = WORKING;
    bool same = text_same(c->o->def_syms[d]->name, c->n->def_syms[d]->name) && node_same(c, c->o->defs[d], c->n->defs[d]);
    memo[d] = same ? SAME : DIFFERENT;
    return same;
}

/* Files a and b are written alike wherever they are compared: each of the
 * old side's files pairs with one of the new side's, and back. */
static bool sources_pair(comparer *c, const source *a, const source *b)
{
    for (int i = 0; i < c->nsources; i++)
        if (c->sources[i].from == a || c->sources[i].to == b) return c->sources[i].from == a && c->sources[i].to == b;
    VEC_PUSH(c->sources, c->nsources, c->cap_sources, ((source_pair){a, b}));
    return true;
}

/* Where an expression is written, for its messages: the same text at the
 * same line and column (of files paired alike). */
static bool place_same(comparer *c, const ast *a, const ast *b)
{
    if (a == b) return true;
    if (!a || !b) return false;
    const span *x = &a->at, *y = &b->at;
    if (x->src == y->src) return x->start == y->start && x->end == y->end;
    if (!x->src || !y->src || x->end - x->start != y->end - y->start ||
        memcmp(x->src->text + x->start, y->src->text + y->start, x->end - x->start) != 0)
        return false;
    int xl, xc, yl, yc;
    source_position(x->src, x->start, &xl, &xc);
    source_position(y->src, y->start, &yl, &yc);
    return xl == yl && xc == yc && sources_pair(c, x->src, y->src);
}

static bool nodes_same(comparer *c, pnode *const *a, pnode *const *b, int n)
{
    for (int i = 0; i < n; i++)
        if (!node_same(c, a[i], b[i])) return false;
    return true;
}

static bool ragg_same(comparer *c, int k)
{
    if (c->raggs[k] == WORKING) return false;
    if (c->raggs[k] != UNKNOWN) return c->raggs[k] == SAME;
    c->raggs[k] = WORKING;
    const ragg *a = &c->o->raggs[k], *b = &c->n->raggs[k];
    bool was = c->placed;
    c->placed = true;
    bool same = a->fn == b->fn && a->phase == b->phase && a->keep_members == b->keep_members && a->ncols == b->ncols &&
                type_same(a->type, b->type) && place_same(c, a->src, b->src) && node_same(c, a->value, b->value) &&
                node_same(c, a->filter, b->filter) && node_same(c, a->pool, b->pool) && node_same(c, a->tie, b->tie) &&
                nodes_same(c, a->cols, b->cols, a->ncols);
    c->placed = was;
    c->raggs[k] = same ? SAME : DIFFERENT;
    return same;
}

static bool first_same(comparer *c, int k)
{
    if (c->firsts[k] == WORKING) return false;
    if (c->firsts[k] != UNKNOWN) return c->firsts[k] == SAME;
    c->firsts[k] = WORKING;
    const rfirst *a = &c->o->firsts[k], *b = &c->n->firsts[k];
    bool was = c->placed;
    c->placed = true;
    bool same = a->depth == b->depth && a->phase == b->phase && a->norders == b->norders &&
                place_same(c, a->src, b->src) && node_same(c, a->list, b->list) && node_same(c, a->key, b->key) &&
                nodes_same(c, a->orders, b->orders, a->norders);
    c->placed = was;
    c->firsts[k] = same ? SAME : DIFFERENT;
    return same;
}

/* What n itself refers to (not its children) is the same on both sides. */
static bool node_same_leaf(comparer *c, const pnode *a, const pnode *b)
{
    switch ((pop)a->op) {
    case P_PARAM: return param_same(c, a->index);
    case P_FIRST: return first_same(c, a->index);
    case P_TABLE: return false; /* a table's rows are not compared */
    case P_PRESENT: return text_same(a->k.s, b->k.s); /* k: its message */
    case P_CONST: return value_same(&a->k, &b->k);
    default: return true;
    }
}

static bool node_same(comparer *c, const pnode *a, const pnode *b)
{
    if (!a || !b) return a == b;
    if (a->op != b->op || a->aux != b->aux || a->depth != b->depth || a->index != b->index || a->trace != b->trace ||
        a->rphase != b->rphase || a->nkids != b->nkids || !type_same(a->type, b->type))
        return false;
    if (c->placed && !place_same(c, a->src, b->src)) return false;
    if (a->op == P_DEF && !def_same(c, a->index)) return false;
    if (a->op == P_ROSTER_AGG && !ragg_same(c, a->index)) return false;
    if ((a->op == P_TIER || a->op == P_LEDGER) &&
        ((a->aux_ops == NULL) != (b->aux_ops == NULL) ||
         (a->aux_ops && memcmp(a->aux_ops, b->aux_ops, (size_t)a->nkids / 2) != 0)))
        return false;
    if (!node_same_leaf(c, a, b)) return false;
    return node_same(c, a->a, b->a) && node_same(c, a->b, b->b) && node_same(c, a->c, b->c) &&
           nodes_same(c, a->kids, b->kids, a->nkids);
}

/* ---- reading a record alike ------------------------------------------- */

static bool field_same(comparer *c, const in_field *a, const in_field *b)
{
    if (!text_same(a->name, b->name) || !type_same(a->type, b->type) || a->slot != b->slot || a->is_group != b->is_group ||
        a->is_list != b->is_list || a->elem_record != b->elem_record || a->optional != b->optional ||
        a->has_default != b->has_default || a->not_empty != b->not_empty || a->min_strict != b->min_strict ||
        a->max_strict != b->max_strict || a->max_entries != b->max_entries || a->nchildren != b->nchildren ||
        (a->has_default && !value_same(&a->dflt, &b->dflt)) || !node_same(c, a->min, b->min) ||
        !node_same(c, a->max, b->max))
        return false;
    const field_spec *sa = a->spec, *sb = b->spec;
    if ((sa == NULL) != (sb == NULL)) return false;
    if (sa && (!text_same(sa->path, sb->path) || !text_same(sa->label, sb->label) || sa->key != sb->key ||
               sa->elem_index != sb->elem_index || !type_same(sa->base, sb->base)))
        return false;
    for (int i = 0; i < a->nchildren; i++)
        if (!field_same(c, &a->children[i], &b->children[i])) return false;
    return true;
}

/* The plans have the same shape: everything numbered alike. */
static bool shape_same(const plan *o, const plan *n)
{
    if (o->nslots != n->nslots || o->ndefs != n->ndefs || o->nparams != n->nparams || o->noutputs != n->noutputs ||
        o->nchecks != n->nchecks || o->nraggs != n->nraggs || o->nfirsts != n->nfirsts || o->max_phase != n->max_phase ||
        o->ntrace != n->ntrace || o->nledgers != n->nledgers || o->key_slot != n->key_slot ||
        o->group_slot != n->group_slot || o->max_depth != n->max_depth || o->max_steps != n->max_steps ||
        o->prog->has_roster != n->prog->has_roster)
        return false;
    for (int i = 0; i < o->noutputs; i++)
        if (o->outputs[i] != n->outputs[i]) return false;
    for (int i = 0; i < o->nparams; i++)
        if (!text_same(o->param_syms[i]->name, n->param_syms[i]->name)) return false;
    return true;
}

/* ---- who owns a ledger or a trace slot; who may read an apportion ------- */

/* Marks the ledgers and trace slots in n's tree (not through other
 * definitions) as def's. */
static void own(const pnode *n, int def, int32_t *ledger_owner, int32_t *trace_owner)
{
    if (!n) return;
    if (n->op == P_LEDGER) ledger_owner[n->index] = def;
    if (n->trace >= 0) trace_owner[n->trace] = def;
    own(n->a, def, ledger_owner, trace_owner);
    own(n->b, def, ledger_owner, trace_owner);
    own(n->c, def, ledger_owner, trace_owner);
    for (int i = 0; i < n->nkids; i++) own(n->kids[i], def, ledger_owner, trace_owner);
}

/* Whether n may read a share of an apportion, or with any_roster any
 * roster value (through definitions, which `memo` remembers: 0 unknown,
 * 1 working, 2 no, 3 yes). */
static bool reads(const plan *pl, const pnode *n, bool any_roster, uint8_t *memo)
{
    if (!n) return false;
    if (n->op == P_ROSTER_AGG && (any_roster || pl->raggs[n->index].fn == BI_APPORTION)) return true;
    if (n->op == P_FIRST && any_roster) return true;
    if (n->op == P_DEF) {
        int d = n->index;
        if (memo[d] == 1) return false; /* a cycle: its other parts decide */
        if (memo[d] == 0) {
            memo[d] = 1;
            memo[d] = reads(pl, pl->defs[d], any_roster, memo) ? 3 : 2;
        }
        return memo[d] == 3;
    }
    if (reads(pl, n->a, any_roster, memo) || reads(pl, n->b, any_roster, memo) || reads(pl, n->c, any_roster, memo))
        return true;
    for (int i = 0; i < n->nkids; i++)
        if (reads(pl, n->kids[i], any_roster, memo)) return true;
    return false;
}

static bool o_reads(comparer *c, const pnode *n)
{
    return reads(c->o, n, c->any_roster, c->any_roster ? c->o_roster : c->o_share);
}

static bool n_reads(comparer *c, const pnode *n)
{
    return reads(c->n, n, c->any_roster, c->any_roster ? c->n_roster : c->n_share);
}

/* Whether child `which` of an n (0, 1, 2: a, b, c; 3 + i: kids[i]) is
 * only a value worked into n's, never what decides whether n's other
 * children are worked out. */
static bool value_position(const pnode *n, int which)
{
    switch ((pop)n->op) {
    case P_ADD: case P_SUB: case P_MUL: case P_DIV: case P_MOD: case P_NEG: case P_ABS: case P_ROUND:
    case P_MIN_OF: case P_MAX_OF: case P_LIST: case P_OBJECT: case P_FIELD: case P_PRESENT: case P_THIS:
        return true;
    case P_IF: return which != 0;
    case P_AND: case P_OR: return which == 1;
    case P_WHEN: return which >= 3 && (which - 3) % 2 == 1;
    case P_LEDGER: return which == 0 || (which >= 3 && (which - 3) % 2 == 0);
    default: return false;
    }
}

static bool gate_same(comparer *c, const pnode *a, const pnode *b);

static bool def_gate(comparer *c, int d)
{
    if (c->gates[d] == WORKING) return false;
    if (c->gates[d] != UNKNOWN) return c->gates[d] == SAME;
    c->gates[d] = WORKING;
    bool same = gate_same(c, c->o->defs[d], c->n->defs[d]);
    c->gates[d] = same ? SAME : DIFFERENT;
    return same;
}

/* A child that decides what else is worked out (a condition, a filter, a
 * list) must be the same; a value merely worked in may differ, but the
 * roster values (shares) it leads to must be read alike. */
static bool child_gate(comparer *c, const pnode *parent, int which, const pnode *a, const pnode *b)
{
    if (!a || !b) return a == b;
    if (!value_position(parent, which)) return node_same(c, a, b);
    bool ra = o_reads(c, a), rb = n_reads(c, b);
    return ra == rb && (!ra || gate_same(c, a, b));
}

/* Whether the two sides read the roster values (c->any_roster) or the
 * apportions' shares in n alike: the same expression on the way to each,
 * and whatever decides whether it is read (conditions, filters, lists)
 * the same; values merely worked in on the way (another entry of a
 * ledger, another term of a sum) may differ.  Who reads a share decides
 * the apportion, so a store shared by both sides needs this of every
 * definition that may read one; and when it holds for every roster value,
 * the new side's outputs need what the old side's need (demand.h). */
static bool gate_same(comparer *c, const pnode *a, const pnode *b)
{
    if (a->op != b->op || a->aux != b->aux || a->depth != b->depth || a->index != b->index || a->trace != b->trace ||
        a->rphase != b->rphase || a->nkids != b->nkids || !type_same(a->type, b->type))
        return false;
    if (a->op == P_ROSTER_AGG) return ragg_same(c, a->index);
    if (a->op == P_DEF) return def_gate(c, a->index);
    if ((a->op == P_TIER || a->op == P_LEDGER) &&
        ((a->aux_ops == NULL) != (b->aux_ops == NULL) ||
         (a->aux_ops && memcmp(a->aux_ops, b->aux_ops, (size_t)a->nkids / 2) != 0)))
        return false;
    if (!node_same_leaf(c, a, b)) return false;
    if (!child_gate(c, a, 0, a->a, b->a) || !child_gate(c, a, 1, a->b, b->b) || !child_gate(c, a, 2, a->c, b->c)) return false;
    for (int i = 0; i < a->nkids; i++)
        if (!child_gate(c, a, 3 + i, a->kids[i], b->kids[i])) return false;
    return true;
}

/* ---- the comparison ------------------------------------------------------ */

static void comparer_free(comparer *c)
{
    mem_free(c->defs);
    mem_free(c->params);
    mem_free(c->raggs);
    mem_free(c->firsts);
    mem_free(c->o_share);
    mem_free(c->n_share);
    mem_free(c->o_roster);
    mem_free(c->n_roster);
    mem_free(c->gates);
    mem_free(c->pdefs);
    mem_free(c->sources);
}

pair_share *pair_share_new(const plan *o, const value *op, const plan *n, const value *np)
{
    if (!shape_same(o, n)) return NULL;
    comparer c;
    memset(&c, 0, sizeof c);
    c.o = o;
    c.n = n;
    c.op = op;
    c.np = np;
    c.o_share = mem_calloc((size_t)o->ndefs + 1, 1);
    c.n_share = mem_calloc((size_t)o->ndefs + 1, 1);
    c.o_roster = mem_calloc((size_t)o->ndefs + 1, 1);
    c.n_roster = mem_calloc((size_t)o->ndefs + 1, 1);
    c.gates = mem_calloc((size_t)o->ndefs + 1, 1);
    c.defs = mem_calloc((size_t)o->ndefs + 1, 1);
    c.pdefs = mem_calloc((size_t)o->ndefs + 1, 1);
    c.params = mem_calloc((size_t)o->nparams + 1, 1);
    c.raggs = mem_calloc((size_t)o->nraggs + 1, 1);
    c.firsts = mem_calloc((size_t)o->nfirsts + 1, 1);
    if (!field_same(&c, &o->input, &n->input)) {
        comparer_free(&c);
        return NULL;
    }
    pair_share *s = mem_calloc(1, sizeof *s);
    s->input = true;
    s->ndefs = n->ndefs;
    s->nledgers = n->nledgers;
    s->ntrace = n->ntrace;
    s->seed = mem_calloc((size_t)n->ndefs + 1, 1);
    s->seeds = mem_alloc(((size_t)n->ndefs + 1) * sizeof *s->seeds);
    s->ledger_owner = mem_alloc(((size_t)n->nledgers + 1) * sizeof *s->ledger_owner);
    s->trace_owner = mem_alloc(((size_t)n->ntrace + 1) * sizeof *s->trace_owner);
    for (int i = 0; i < n->nledgers; i++) s->ledger_owner[i] = -1;
    for (int i = 0; i < n->ntrace; i++) s->trace_owner[i] = -1;
    bool roster = n->prog->has_roster;
    for (int d = 0; d < n->ndefs; d++) {
        own(n->defs[d], d, s->ledger_owner, s->trace_owner);
        bool same = def_same(&c, d);
        bool shares = n_reads(&c, n->defs[d]) || o_reads(&c, o->defs[d]);
        /* which records read a share decides the apportion itself: the
         * roster store is one only when they are the same on both sides */
        if (shares && roster) roster = def_gate(&c, d);
        if (!same || shares) continue;
        s->seed[d] = 1;
        s->seeds[s->nseeds++] = d;
    }
    for (int k = 0; roster && k < n->nraggs; k++) roster = ragg_same(&c, k);
    for (int k = 0; roster && k < n->nfirsts; k++) roster = first_same(&c, k);
    for (int k = 0; roster && k < n->nchecks; k++)
        roster = node_same(&c, o->checks[k], n->checks[k]) && text_same(o->prog->checks[k]->str, n->prog->checks[k]->str);
    s->roster = roster;
    /* the files whose names a roster value's messages must change */
    if (roster && c.nsources) {
        s->rename_from = mem_alloc((size_t)c.nsources * sizeof *s->rename_from);
        s->rename_to = mem_alloc((size_t)c.nsources * sizeof *s->rename_to);
    }
    for (int i = 0; roster && i < c.nsources; i++) {
        if (text_same(c.sources[i].from->name, c.sources[i].to->name)) continue;
        s->rename_from[s->nrenames] = c.sources[i].from->name;
        s->rename_to[s->nrenames++] = c.sources[i].to->name;
    }
    /* the same needs on both sides: every reader of a roster value alike */
    memset(c.gates, 0, (size_t)o->ndefs + 1);
    c.any_roster = true;
    bool demand = roster;
    for (int d = 0; demand && d < n->ndefs; d++)
        if (n_reads(&c, n->defs[d]) || o_reads(&c, o->defs[d])) demand = def_gate(&c, d);
    s->demand = demand;
    comparer_free(&c);
    return s;
}

void pair_share_free(pair_share *s)
{
    if (!s) return;
    mem_free(s->seed);
    mem_free(s->seeds);
    mem_free(s->ledger_owner);
    mem_free(s->trace_owner);
    mem_free(s->rename_from);
    mem_free(s->rename_to);
    mem_free(s);
}

void pair_share_seed(const pair_share *s, evalctx *to, const evalctx *from)
{
    if (to->no_trace != from->no_trace) return; /* one side itemises, the other not */
    for (int i = 0; i < s->nseeds; i++) {
        int d = s->seeds[i];
        if (from->defstate[d] != VISIT_DONE) continue;
        to->defs[d] = from->defs[d];
        to->defstate[d] = VISIT_DONE;
    }
    if (to->ledgers)
        for (int i = 0; i < s->nledgers; i++) {
            int d = s->ledger_owner[i];
            if (d >= 0 && s->seed[d] && from->defstate[d] == VISIT_DONE) to->ledgers[i] = from->ledgers[i];
        }
    if (to->choices)
        for (int i = 0; i < s->ntrace; i++) {
            int d = s->trace_owner[i];
            if (d >= 0 && s->seed[d] && from->defstate[d] == VISIT_DONE) to->choices[i] = from->choices[i];
        }
}

const char *pair_share_rename(const pair_share *s, const char *message, arena *A)
{
    if (!message || !s->nrenames) return message;
    buf out = {0};
    const char *p = message;
    while (*p) {
        /* " (FILE:" of eval_error_message's " (FILE:LINE:COL)" */
        int hit = -1;
        size_t n = 0;
        if (*p == '(')
            for (int i = 0; i < s->nrenames && hit < 0; i++) {
                n = strlen(s->rename_from[i]);
                if (strncmp(p + 1, s->rename_from[i], n) == 0 && p[1 + n] == ':') hit = i;
            }
        if (hit < 0) {
            buf_putc(&out, *p++);
            continue;
        }
        buf_putc(&out, '(');
        buf_puts(&out, s->rename_to[hit]);
        p += 1 + n;
    }
    const char *kept = out.len ? arena_strndup_bytes(A, out.data, out.len) : "";
    buf_free(&out);
    return kept;
}
