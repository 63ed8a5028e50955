/*
 * explain.c — derivation trees for outputs, and their text and JSON forms.
 */
#include "explain.h"

#include <stdio.h>
#include <string.h>

#include "dates.h"
#include "present.h"
#include "roster.h"
#include "termtext.h"
#include "writer.h"
#include "vec.h"
#include "i18n.h"

typedef struct xctx {
    arena *A;
    const plan *pl;
    const evalctx *ctx;
    const explain_opts *o;
    record_namer namer;
    const void *namer_ud;
    uint8_t *done;       /* definitions already explained in this tree */
} xctx;

/* ---- small builders --------------------------------------------------- */

static xnode *xnew(arena *A, const char *label, const char *text, const char *note)
{
    xnode *n = arena_zalloc(A, sizeof *n);
    n->label = label;
    n->value = text;
    n->note = note;
    return n;
}

static void xadd(arena *A, xnode *parent, xnode *kid)
{
    if (!kid) return;
    VEC_RESERVE_IN(A, parent->kids, parent->nkids, parent->nkids + 1, parent->cap);
    parent->kids[parent->nkids++] = kid;
}

static const char *vtext_of(arena *A, const program *prog, const value *v, const ktype *t)
{
    buf b = {0};
    if (v->kind == VK_TEXT || v->kind == VK_ENUM) buf_put(&b, v->s, value_text_len(v));
    else write_json_value(&b, v, t);
    /* as the policy shows it, beside the code: "pending_dismissal (待辞退)", "0.6 (60%)" */
    const char *shown = present_display_only(A, prog, v, t);
    if (shown) buf_printf(&b, " (%s)", shown);
    const char *s = arena_strdup(A, buf_text(&b));
    buf_free(&b);
    return s;
}

static const char *numtext(arena *A, kh_num n, bool money, bool sign)
{
    return present_num_text(A, n, money, sign);
}

/* The policy text of a node, on one line, shortened. */
static const char *src_text(arena *A, const ast *e)
{
    if (!e || !e->at.src) return NULL;
    char text[161];
    size_t n = source_snippet(e->at, 160, text);
    return arena_strndup(A, text, n);
}

/* A definition's formula on one line.  A block (tier, when, ledger) is named
 * with its size: its span covers only its first word. */
static const char *formula_text(arena *A, const ast *e)
{
    int n = e->list.n;
    switch ((ast_kind)e->kind) {
    case AST_TIER: return arena_printf(A, _("tier %s: %d row%s"), src_text(A, e->a), n, n == 1 ? "" : "s");
    case AST_WHEN: return arena_printf(A, _("when: %d branch%s"), n, n == 1 ? "" : "es");
    case AST_LEDGER: return arena_printf(A, _("ledger from %s: %d entr%s"), src_text(A, e->a), n, n == 1 ? "y" : "ies");
    default: return src_text(A, e);
    }
}

static const char *where_of(arena *A, const ast *e)
{
    if (!e || !e->at.src) return NULL;
    int line, col;
    source_position(e->at.src, e->at.start, &line, &col);
    const char *name = strrchr(e->at.src->name, '/') ? strrchr(e->at.src->name, '/') + 1 : e->at.src->name;
    return arena_printf(A, "%s:%d", name, line);
}

/* ---- what a definition used --------------------------------------------- */

static xnode *explain_ref(xctx *x, const pnode *n, int depth);
static void explain_body(xctx *x, xnode *out, const pnode *n, int depth);

static bool def_known(const xctx *x, int def) { return x->ctx->defstate && x->ctx->defstate[def] == VISIT_DONE; }

/* Collects the definitions, inputs, params and roster values a tree uses
 * (not descending into other definitions), each once. */
/* The names an expression uses, each once, in order. */
typedef struct refs {
    arena *A;
    const pnode **v;
    int n, cap;
} refs;

static void collect_refs(const pnode *n, refs *r)
{
    if (!n) return;
    switch ((pop)n->op) {
    case P_DEF: case P_SLOT: case P_PARAM: case P_ROSTER_AGG: case P_FIRST: case P_TABLE:
        for (int i = 0; i < r->n; i++)
            if (r->v[i]->op == n->op && r->v[i]->index == n->index) return;
        VEC_RESERVE_IN(r->A, r->v, r->n, r->n + 1, r->cap);
        r->v[r->n++] = n;
        if (n->op != P_FIRST && n->op != P_TABLE) return; /* their keys are explained too */
        break;
    case P_GROUP:
        return;
    default:
        break;
    }
    collect_refs(n->a, r);
    collect_refs(n->b, r);
    collect_refs(n->c, r);
    for (int i = 0; i < n->nkids; i++) collect_refs(n->kids[i], r);
}

static const char *input_path(const xctx *x, int slot)
{
    const field_spec *f = x->pl->prog->leaves[slot];
    return f->path;
}

static xnode *explain_roster(xctx *x, const pnode *n)
{
    const roster_group *g = x->ctx->grp;
    const ragg *r = &x->pl->raggs[n->index];
    const char *label = src_text(x->A, n->src);
    if (g && !g->need[n->index]) return xnew(x->A, label, "(not needed)", _("no record of the roster reads it: not worked out"));
    if (!g || !g->agg_ready[n->index]) return xnew(x->A, label, "?", "not worked out");
    if (r->fn == BI_APPORTION) {
        value v = g->alloc[n->index] ? g->alloc[n->index][x->ctx->pos] : value_int(0);
        return xnew(x->A, label, vtext_of(x->A, x->pl->prog, &v, r->type),
                    _("this record's share; cents left over go to the largest remainders"));
    }
    if (r->ncols) { /* reads this.x: its value is this record's own */
        value pv;
        evalctx again = *x->ctx; /* the record's values are worked out: this reads them again */
        if (!eval_node(&again, n, &pv)) return xnew(x->A, label, "?", _("could not be worked out for this record"));
        return xnew(x->A, label, vtext_of(x->A, x->pl->prog, &pv, r->type),
                    _("over the roster, each entry compared with this record's own values (this.)"));
    }
    value v = g->agg[n->index];
    xnode *k = xnew(x->A, label, v.kind == VK_NONE ? "(no values)" : vtext_of(x->A, x->pl->prog, &v, r->type), "over the roster");
    if ((r->fn == BI_MIN || r->fn == BI_MAX) && g->nmembers[n->index]) {
        bool mine = false;
        for (uint32_t i = 0; i < g->nmembers[n->index]; i++) mine |= g->members[n->index][i] == x->ctx->rec;
        if (x->o->private_view || !x->namer) {
            k->note = arena_printf(x->A, _("%s in the roster; this record holds it: %s"),
                                   r->fn == BI_MIN ? _("the lowest") : _("the highest"), mine ? _("yes") : _("no"));
        } else {
            buf b = {0};
            uint32_t shown = g->nmembers[n->index] < 10 ? g->nmembers[n->index] : 10;
            for (uint32_t i = 0; i < shown; i++)
                buf_printf(&b, "%s%s", i ? ", " : "", x->namer(x->namer_ud, g->members[n->index][i]));
            if (g->nmembers[n->index] > shown) buf_printf(&b, _(" and %u more"), g->nmembers[n->index] - shown);
            k->note = arena_printf(x->A, _("%s in the roster, held by %s"), r->fn == BI_MIN ? _("the lowest") : _("the highest"),
                                   buf_text(&b));
            buf_free(&b);
        }
    }
    return k;
}

/* A table lookup: the row taken, by its line in the CSV file. */
static xnode *explain_table(xctx *x, const pnode *n)
{
    const table_def *t = x->pl->prog->tables[n->index];
    const char *label = src_text(x->A, n->src);
    value row;
    evalctx again = *x->ctx; /* the record's values are worked out: this reads them again */
    if (!eval_node(&again, n, &row) || row.kind != VK_RECORD)
        return xnew(x->A, label, "?", arena_printf(x->A, _("no row of %s fits"), t->csv ? t->csv->name : t->name));
    size_t at = (size_t)(row.items - t->rows) / (size_t)t->ncols;
    buf b = {0};
    for (int i = 0; i < t->ncols; i++) {
        if (i) buf_puts(&b, ", ");
        buf_puts(&b, vtext_of(x->A, x->pl->prog, &row.items[i], t->cols[i]->base));
    }
    xnode *k = xnew(x->A, label, arena_strdup(x->A, buf_text(&b)),
                    arena_printf(x->A, _("%s line %d%s"), t->csv ? t->csv->name : t->name, t->row_line[at],
                                 t->banded ? arena_printf(x->A, _(": the row with the largest %s not above the value looked up"),
                                                          t->cols[t->keys[t->nkeys - 1]]->name)
                                           : ""));
    buf_free(&b);
    return k;
}

static xnode *explain_first(xctx *x, const pnode *n)
{
    const rfirst *f = &x->pl->firsts[n->index];
    xnode *k = xnew(x->A, src_text(x->A, n->src), NULL,
                    arena_printf(x->A, _("true for an entry of %s whose key this record entered first in the roster"),
                                 src_text(x->A, f->list->src) ? src_text(x->A, f->list->src) : "the list"));
    /* who holds each key of this record's entries */
    const roster_group *g = x->ctx->grp;
    if (g && !g->need[x->pl->nraggs + n->index]) {
        k->value = "(not needed)";
        k->note = _("no record of the roster reads it: not worked out");
        return k;
    }
    if (!g || !g->first_ready[n->index]) return k;
    evalctx c = *x->ctx;
    c.choices = NULL;
    value list;
    if (!eval_node(&c, f->list, &list) || list.kind != VK_LIST) return k;
    for (uint32_t i = 0; i < list.len && i < 50; i++) {
        c.elems[f->depth] = &list.items[i];
        c.elem_at[f->depth] = i;
        value key;
        if (!eval_node(&c, f->key, &key)) continue;
        const first_entry *e = first_lookup(&g->firsts[n->index], &key);
        bool mine = e && e->owner == x->ctx->rec;
        const char *note;
        if (mine || x->o->private_view || !x->namer || !e)
            note = mine ? _("this record entered it first") : _("another record entered it first");
        else
            note = arena_printf(x->A, _("entered first by %s"), x->namer(x->namer_ud, e->owner));
        xnode *kid = xnew(x->A, arena_printf(x->A, "%s", vtext_of(x->A, x->pl->prog, &key, f->key->type)), mine ? _("yes") : _("no"), note);
        xadd(x->A, k, kid);
    }
    if (list.len > 50) xadd(x->A, k, xnew(x->A, arena_printf(x->A, _("... and %u more entries"), list.len - 50), NULL, NULL));
    return k;
}

static xnode *explain_ref(xctx *x, const pnode *n, int depth)
{
    const evalctx *c = x->ctx;
    switch ((pop)n->op) {
    case P_PARAM: {
        const symbol *s = x->pl->param_syms[n->index];
        const char *dated = present_dated_param(x->A, x->pl, c->params, n->index);
        if (dated) { /* which of its dated values this record's period chose */
            value period;
            int at = eval_dated_choice(c, n->index, &period);
            char m[8] = "?";
            if (period.kind == VK_MONTH) month_format(period.month, m);
            xnode *k = xnew(x->A, s->name, at < 0 ? "(none)" : present_param_value(x->A, x->pl, n->index, &x->pl->dated[n->index]->values[at]),
                            arena_printf(x->A, _("param%s%s, dated: %s; %s applies to %s"), s->decl->label ? ": " : "",
                                         s->decl->label ? s->decl->label : "", dated,
                                         at < 0 ? "none" : src_text(x->A, x->pl->dated[n->index]->src[at]), m));
            return k;
        }
        const char *pct = present_param_percent(x->A, x->pl, c->params, n->index);
        xnode *k = xnew(x->A, s->name, pct ? pct : vtext_of(x->A, x->pl->prog, &c->params[n->index], s->type), _("param"));
        if (s->decl->label) k->note = arena_printf(x->A, _("param: %s"), s->decl->label);
        return k;
    }
    case P_SLOT: {
        if (!c->slots) return NULL;
        const value *v = &c->slots[n->index];
        const char *text = v->kind == VK_LIST && v->len > 3
                               ? arena_printf(x->A, _("%u entries"), v->len)
                               : vtext_of(x->A, x->pl->prog, v, x->pl->prog->leaves[n->index]->type);
        if (v->kind == VK_LIST && v->len && v->items[0].kind == VK_RECORD) text = arena_printf(x->A, _("%u entries"), v->len);
        return xnew(x->A, input_path(x, n->index), text, _("input"));
    }
    case P_DEF: {
        if (!def_known(x, n->index)) return NULL; /* not needed for this record */
        const symbol *s = x->pl->def_syms[n->index];
        xnode *k = xnew(x->A, s->name, vtext_of(x->A, x->pl->prog, &c->defs[n->index], s->type), NULL);
        k->where = where_of(x->A, s->decl);
        bool expand = !x->done[n->index] && (x->o->max_depth == 0 || depth < x->o->max_depth);
        if (expand) {
            x->done[n->index] = 1;
            explain_body(x, k, x->pl->defs[n->index], depth + 1);
        } else {
            k->note = "(explained above)";
            if (!x->done[n->index]) k->note = formula_text(x->A, s->decl->a);
        }
        return k;
    }
    case P_ROSTER_AGG: return explain_roster(x, n);
    case P_FIRST: return explain_first(x, n);
    case P_TABLE: return explain_table(x, n);
    default: return NULL;
    }
}

/* ---- the body of a definition ------------------------------------------ */

static const char *row_text(uint8_t op)
{
    switch (op) {
    case ROW_GE: return "or more";
    case ROW_GT: return "above";
    case ROW_LE: return "or less";
    case ROW_LT: return "below";
    default: return "equal to"; /* ROW_EQ (an otherwise row is never named) */
    }
}

/* The definitions an entry used, explained under the entry. */
static void entry_refs(xctx *x, xnode *k, const pnode *a, const pnode *b, int depth)
{
    refs r = {x->A, NULL, 0, 0};
    collect_refs(a, &r);
    collect_refs(b, &r);
    for (int i = 0; i < r.n; i++)
        if (r.v[i]->op == P_DEF || r.v[i]->op == P_ROSTER_AGG) xadd(x->A, k, explain_ref(x, r.v[i], depth));
}

static void explain_ledger(xctx *x, xnode *out, const pnode *n, int depth)
{
    const ledger_result *lr = x->ctx->ledgers ? x->ctx->ledgers[n->index] : NULL;
    if (!lr) return;
    bool money = n->type && n->type->kind == T_MONEY;
    const ast *decl = n->src;
    xnode *start = xnew(x->A, arena_printf(x->A, _("from %s"), src_text(x->A, decl->a)), numtext(x->A, lr->start, money, false), NULL);
    xadd(x->A, out, start);
    for (int i = 0; i < lr->n; i++) {
        const ast *en = decl->list.v[i];
        const ledger_item *it = &lr->items[i];
        if (!it->applied && !x->o->show_inactive) continue;
        xnode *k = xnew(x->A, en->str, numtext(x->A, it->amount, money, true), NULL);
        k->where = where_of(x->A, en);
        k->inactive = !it->applied;
        if (en->op == ENTRY_PER)
            k->note = arena_printf(x->A, "%s × %s (%s)", src_text(x->A, en->a), numtext(x->A, it->count, false, false),
                                   src_text(x->A, en->b));
        else if (en->op == ENTRY_WHEN)
            k->note = arena_printf(x->A, _("%s when %s%s"), src_text(x->A, en->a), src_text(x->A, en->b),
                                   it->applied ? "" : " — no");
        else
            k->note = src_text(x->A, en->a);
        if (it->applied) entry_refs(x, k, n->kids[2 * i], n->kids[2 * i + 1], depth);
        xadd(x->A, out, k);
    }
}

static void explain_choice(xctx *x, xnode *out, const pnode *n)
{
    int32_t ch = x->ctx->choices && n->trace >= 0 ? x->ctx->choices[n->trace] : -1;
    if (ch < 0) return;
    const ast *e = n->src;
    if (n->op == P_TIER) {
        const ast *row = e->list.v[ch];
        const char *subj = src_text(x->A, e->a);
        const char *how = row->op == ROW_OTHERWISE ? "otherwise"
                          : row->op == ROW_GE || row->op == ROW_LE
                              ? arena_printf(x->A, "%s %s", src_text(x->A, row->a), row_text(row->op))
                              : arena_printf(x->A, "%s %s", row_text(row->op), src_text(x->A, row->a));
        xnode *k = xnew(x->A, arena_printf(x->A, _("tier %s"), subj), NULL,
                        arena_printf(x->A, _("row \"%s -> %s\" matched"), how, src_text(x->A, row->b)));
        k->where = where_of(x->A, row);
        xadd(x->A, out, k);
    } else if (n->op == P_WHEN) {
        const ast *arm = e->list.v[ch];
        xnode *k = xnew(x->A, "when", NULL,
                        arm->a ? arena_printf(x->A, _("branch \"%s\" applies (the first that does)"), src_text(x->A, arm->a))
                               : _("no branch above applies: otherwise"));
        k->where = where_of(x->A, arm);
        xadd(x->A, out, k);
    } else { /* P_IF */
        xadd(x->A, out, xnew(x->A, "if", NULL, arena_printf(x->A, _("%s is %s"), src_text(x->A, e->a), ch == 0 ? _("true") : _("false"))));
    }
}

/* One line per entry of a list an aggregate went over: its fields, whether
 * the filter kept it, and what it contributed. */
static void explain_list_agg(xctx *x, xnode *out, const pnode *n)
{
    evalctx c = *x->ctx; /* a copy: evaluating entries again must not disturb the record */
    c.choices = NULL;
    value list;
    if (!eval_node(&c, n->a, &list) || list.kind != VK_LIST || list.len == 0) return;
    const ktype *lt = n->a->type;
    const ktype *et = lt && lt->kind == T_LIST ? lt->elem : NULL;
    xnode *group = xnew(x->A, arena_printf(x->A, _("entries of %s"), src_text(x->A, n->a->src)), NULL, NULL);
    uint32_t shown = list.len < 50 ? list.len : 50;
    for (uint32_t i = 0; i < shown; i++) {
        c.elems[n->depth] = &list.items[i];
        c.elem_at[n->depth] = i;
        bool kept = true;
        value f, v;
        if (n->c && eval_node(&c, n->c, &f)) kept = f.b;
        buf fields = {0};
        const value *it = &list.items[i];
        if (it->kind == VK_RECORD && et && et->kind == T_RECORD) {
            for (uint32_t k = 0; k < it->len && (int)k < et->nfields; k++) {
                buf_printf(&fields, "%s%s=", k ? ", " : "", et->names[k]);
                const char *t = vtext_of(x->A, x->pl->prog, &it->items[k], et->fields[k]);
                buf_puts(&fields, t);
            }
        } else {
            buf_puts(&fields, vtext_of(x->A, x->pl->prog, it, et));
        }
        const char *val = NULL;
        if (kept && n->b && eval_node(&c, n->b, &v)) val = vtext_of(x->A, x->pl->prog, &v, n->b->type);
        xnode *k = xnew(x->A, arena_printf(x->A, _("entry %u"), i + 1), kept ? (val ? val : _("counted")) : _("not counted"),
                        arena_strdup(x->A, buf_text(&fields)));
        k->inactive = !kept;
        buf_free(&fields);
        xadd(x->A, group, k);
    }
    if (list.len > shown) xadd(x->A, group, xnew(x->A, arena_printf(x->A, _("... and %u more entries"), list.len - shown), NULL, NULL));
    xadd(x->A, out, group);
}

/* Block expressions inside a definition's own tree (not inside others). */
static void explain_blocks(xctx *x, xnode *out, const pnode *n, int depth)
{
    if (!n) return;
    switch ((pop)n->op) {
    case P_DEF: case P_ROSTER_AGG: return;
    case P_LEDGER: explain_ledger(x, out, n, depth); return;
    case P_TIER: case P_WHEN: case P_IF: explain_choice(x, out, n); break;
    case P_LIST_AGG: /* what each entry gave is listed; a branch taken for one entry is not the record's */
        explain_list_agg(x, out, n);
        explain_blocks(x, out, n->a, depth);
        return;
    default: break;
    }
    explain_blocks(x, out, n->a, depth);
    explain_blocks(x, out, n->b, depth);
    explain_blocks(x, out, n->c, depth);
    for (int i = 0; i < n->nkids; i++) explain_blocks(x, out, n->kids[i], depth);
}

static void explain_body(xctx *x, xnode *out, const pnode *n, int depth)
{
    if (n->op != P_LEDGER && n->op != P_WHEN && n->op != P_TIER) out->note = arena_printf(x->A, "= %s", src_text(x->A, n->src));
    explain_blocks(x, out, n, depth);
    if (n->op == P_LEDGER) return; /* its entries carry what they used */
    refs r = {x->A, NULL, 0, 0};
    collect_refs(n, &r);
    for (int i = 0; i < r.n; i++) xadd(x->A, out, explain_ref(x, r.v[i], depth));
}

xnode *explain_def(arena *A, const plan *pl, const evalctx *ctx, int def, const explain_opts *o, record_namer namer,
                   const void *namer_ud)
{
    xctx x = {A, pl, ctx, o, namer, namer_ud, arena_zalloc(A, (size_t)(pl->ndefs + 1))};
    const symbol *s = pl->def_syms[def];
    xnode *root = xnew(A, s->name, def_known(&x, def) ? vtext_of(A, x.pl->prog, &ctx->defs[def], s->type) : "?", NULL);
    root->where = where_of(A, s->decl);
    x.done[def] = 1;
    explain_body(&x, root, pl->defs[def], 1);
    if (s->decl->label) root->note = root->note ? arena_printf(A, "%s   %s", s->decl->label, root->note) : s->decl->label;
    return root;
}

/* ---- rendering ----------------------------------------------------------- */

/* Text from the data or the policy made safe for a terminal (the text
 * form is read on one): a copy in b's scratch, or s itself. */
static const char *safe(buf *scratch, const char *s)
{
    if (!s || !term_text_needs_escape(s, strlen(s))) return s;
    scratch->len = 0;
    term_texts(scratch, s);
    return scratch->data;
}

static int label_width(const xnode *n, int indent)
{
    buf t = {0};
    const char *label = safe(&t, n->label);
    int w = indent + utf8_display_width(label, strlen(label));
    buf_free(&t);
    for (int i = 0; i < n->nkids; i++) {
        int k = label_width(n->kids[i], indent + 3);
        if (k > w) w = k;
    }
    return w;
}

static void render_line(buf *b, const xnode *n, const char *prefix, const char *branch, int col, bool color)
{
    buf t = {0};
    buf_puts(b, prefix);
    buf_puts(b, branch);
    int used = utf8_display_width(prefix, strlen(prefix)) + utf8_display_width(branch, strlen(branch));
    if (color && n->inactive) buf_puts(b, "\033[2m");
    else if (color && !prefix[0]) buf_puts(b, "\033[1m");
    const char *label = safe(&t, n->label);
    buf_puts(b, label);
    used += utf8_display_width(label, strlen(label));
    if (n->value) {
        /* the value column; a label wider than the column (over 60) still
         * keeps two spaces before its value */
        for (int i = used; i < col + 2 || i < used + 2; i++) buf_putc(b, ' ');
        if (color && !n->inactive) buf_puts(b, "\033[1m");
        buf_puts(b, safe(&t, n->value));
        if (color) buf_puts(b, "\033[0m\033[2m");
    } else if (color) {
        buf_puts(b, "\033[0m\033[2m");
    }
    if (n->note) {
        buf_puts(b, "   ");
        buf_puts(b, safe(&t, n->note));
    }
    if (n->where) {
        buf_puts(b, "   [");
        buf_puts(b, safe(&t, n->where));
        buf_putc(b, ']');
    }
    if (color) buf_puts(b, "\033[0m");
    buf_putc(b, '\n');
    buf_free(&t);
}

static void render_tree(buf *b, const xnode *n, const char *prefix, int col, bool color)
{
    for (int i = 0; i < n->nkids; i++) {
        bool last = i == n->nkids - 1;
        render_line(b, n->kids[i], prefix, last ? "└─ " : "├─ ", col, color);
        buf sub = {0};
        buf_puts(&sub, prefix);
        buf_puts(&sub, last ? "   " : "│  ");
        render_tree(b, n->kids[i], sub.data, col, color);
        buf_free(&sub);
    }
}

void explain_render_text(buf *b, const xnode *n, bool color)
{
    int col = label_width(n, 0);
    if (col > 60) col = 60;
    render_line(b, n, "", "", col, color);
    render_tree(b, n, "", col, color);
}

void explain_render_json(buf *b, const xnode *n)
{
    buf_puts(b, "{\"name\":");
    write_json_string(b, n->label, strlen(n->label));
    if (n->value) {
        buf_puts(b, ",\"value\":");
        write_json_string(b, n->value, strlen(n->value));
    }
    if (n->note) {
        buf_puts(b, ",\"note\":");
        write_json_string(b, n->note, strlen(n->note));
    }
    if (n->where) {
        buf_puts(b, ",\"where\":");
        write_json_string(b, n->where, strlen(n->where));
    }
    if (n->inactive) buf_puts(b, ",\"applied\":false");
    if (n->nkids) {
        buf_puts(b, ",\"items\":[");
        for (int i = 0; i < n->nkids; i++) {
            if (i) buf_putc(b, ',');
            explain_render_json(b, n->kids[i]);
        }
        buf_putc(b, ']');
    }
    buf_putc(b, '}');
}

void explain_trail(buf *b, const plan *pl, const evalctx *ctx, int def, const char *indent)
{
    arena *A = arena_new(16 * 1024);
    explain_opts o = {.max_depth = 1};
    xnode *n = explain_def(A, pl, ctx, def, &o, NULL, NULL);
    buf t = {0};
    explain_render_text(&t, n, false);
    const char *p = t.data;
    while (p && *p) {
        const char *nl = strchr(p, '\n');
        size_t len = nl ? (size_t)(nl - p) : strlen(p);
        buf_puts(b, indent);
        buf_put(b, p, len);
        buf_putc(b, '\n');
        p = nl ? nl + 1 : p + len;
    }
    buf_free(&t);
    arena_free(A);
}
