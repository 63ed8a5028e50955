/*
 * typecheck.c — names and types of expressions.
 *
 * Resolves every name (element fields of an enclosing `over`, then
 * definitions, params and input fields), types every node, checks each
 * operator's operands (money stays money; dates compare only with dates; an
 * enum is compared only with values it has), types the built-in functions,
 * and works out each value's roster phase: a value that needs a roster
 * function is known one phase after the values that function reads.
 */
#include "check_internal.h"

#include <stdio.h>
#include <string.h>

#include "builtins.h"
#include "dates.h"
#include "lex.h"
#include "i18n.h"

#define TN(t, buf) type_name((t), (buf), sizeof(buf))

static int max_i(int a, int b) { return a > b ? a : b; }

bool tc_is_literal(const ast *e)
{
    if (!e) return false;
    switch ((ast_kind)e->kind) {
    case AST_NUMBER: case AST_STRING: case AST_BOOL: return true;
    case AST_UNARY: return (e->op == OP_NEG || e->op == OP_POS) && e->a->kind == AST_NUMBER;
    case AST_LIST:
        for (int i = 0; i < e->list.n; i++)
            if (!tc_is_literal(e->list.v[i])) return false;
        return true;
    default: return false;
    }
}

const ktype *tc_literal_type(const ast *e)
{
    if (e->num.unit == UNIT_MONEY) return &type_money;
    if (e->num.unit == UNIT_PERCENT) return &type_dec;
    return e->num.decimals > 0 ? &type_dec : &type_int; /* 3.0 is a decimal, 3 a whole number */
}

static const ktype *set(ast *e, const ktype *t, int phase)
{
    e->type = t;
    e->phase = phase;
    return t;
}

static const ktype *fail(ast *e) { return set(e, &type_error, 0); }

/* The phase of a roster function reading values of phase `reads`: one more,
 * within the bound (false: reported at e). */
static bool roster_phase(checker *c, ast *e, int reads, int *ph)
{
    *ph = reads + 1;
    if (*ph <= CHECK_MAX_PHASE) return true;
    int k = diag_error(c->d, e->at, "this roster function ends a chain of more than %d roster functions, each reading the one before",
                       CHECK_MAX_PHASE);
    diag_hint(c->d, k, "each link is one more pass over the records; write the chain in fewer steps");
    return false;
}

/* ---- did you mean ------------------------------------------------------- */

/* Edits from a to b: insertions, deletions, substitutions, and two
 * neighbouring letters swapped ("mroe" is one edit from "more"). */
static int edit_distance(const char *a, const char *b)
{
    size_t la = strlen(a), lb = strlen(b);
    if (la > 64 || lb > 64) return 99;
    int d[65][65];
    for (size_t i = 0; i <= la; i++) d[i][0] = (int)i;
    for (size_t j = 0; j <= lb; j++) d[0][j] = (int)j;
    for (size_t i = 1; i <= la; i++)
        for (size_t j = 1; j <= lb; j++) {
            int best = d[i - 1][j - 1] + (a[i - 1] != b[j - 1]);
            if (d[i - 1][j] + 1 < best) best = d[i - 1][j] + 1;
            if (d[i][j - 1] + 1 < best) best = d[i][j - 1] + 1;
            if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] && d[i - 2][j - 2] + 1 < best)
                best = d[i - 2][j - 2] + 1;
            d[i][j] = best;
        }
    return d[la][lb];
}

const char *suggest_name(const char *name, const char *const *candidates, int n)
{
    size_t len = strlen(name);
    int limit = len <= 3 ? 1 : len <= 6 ? 2 : 3;
    const char *best = NULL;
    int best_d = limit + 1;
    for (int i = 0; i < n; i++) {
        if (!candidates[i] || strcmp(candidates[i], name) == 0) continue;
        int d = edit_distance(name, candidates[i]);
        if (d < best_d) {
            best_d = d;
            best = candidates[i];
        }
    }
    return best;
}

/* Suggests among global names and the element fields in scope. */
static void hint_name(checker *c, int diag_index, const char *name)
{
    int max = symtab_count(c->p->names);
    for (int s = c->nscopes - 1; s >= 0; s--) {
        const ktype *e = c->scopes[s].elem;
        if (e && e->kind == T_RECORD) max += e->nfields;
    }
    const char **cands = arena_alloc(c->A, (size_t)(max + 1) * sizeof *cands);
    int n = symtab_names(c->p->names, cands, max);
    for (int s = c->nscopes - 1; s >= 0; s--) {
        const ktype *e = c->scopes[s].elem;
        if (e && e->kind == T_RECORD)
            for (int i = 0; i < e->nfields; i++) cands[n++] = e->names[i];
    }
    const char *best = suggest_name(name, cands, n);
    /* a misspelt keyword (`5 or mroe`: one letter off, and no name as near) */
    const char *kws[128];
    int nk = 0;
    for (const char *w; nk < 128 && (w = keyword_at(nk)); nk++) kws[nk] = w;
    const char *kw = suggest_name(name, kws, nk);
    if (kw && strlen(name) >= 4 && edit_distance(name, kw) == 1 && (!best || edit_distance(name, best) > 1)) {
        diag_hint(c->d, diag_index, "did you mean the word '%s'?", kw);
        return;
    }
    if (best) diag_hint(c->d, diag_index, "did you mean '%s'?", best);
}

/* ---- names ---------------------------------------------------------------- */

static void mark_used(symbol *s)
{
    s->used = true;
    if (s->field) s->field->used = true;
}

/* Marks the fields of a list element as used by name. */
static void mark_element_field(const ast *compr, const char *name)
{
    const ast *src = compr->b;
    if (!src || !src->sym || !src->sym->field) return;
    field_spec *f = src->sym->field;
    for (int i = 0; i < f->nchildren; i++)
        if (strcmp(f->children[i]->name, name) == 0) f->children[i]->used = true;
}

static const ktype *tc_global(checker *c, ast *e, symbol *s)
{
    mark_used(s);
    e->sym = s;
    switch (s->kind) {
    case SYM_PARAM:
        return set(e, s->type, 0);
    case SYM_DEF:
        if (c->in_bounds) {
            diag_error(c->d, e->at, "a bound can only name input fields, not '%s'", s->name);
            return fail(e);
        }
        tc_definition(c, s);
        return set(e, s->type, s->phase);
    case SYM_GROUP:
        if (c->member_base != e) s->field->used_whole = true; /* all its fields are used */
        return set(e, s->type, 0);
    case SYM_FIELD:
        return set(e, s->type, 0);
    }
    return fail(e);
}

static const ktype *tc_name(checker *c, ast *e)
{
    for (int i = c->nscopes - 1; i >= 0; i--) {
        scope *sc = &c->scopes[i];
        if (sc->roster) break; /* names inside `over roster` mean each record's own */
        if (sc->elem && sc->elem->kind == T_RECORD) {
            int k = type_field_index(sc->elem, e->str);
            if (k >= 0) {
                e->scope = sc->compr;
                e->index = (int32_t)k;
                mark_element_field(sc->compr, e->str);
                return set(e, sc->elem->fields[k], sc->phase);
            }
        }
    }
    symbol *s = symtab_get(c->p->names, e->str);
    if (s) {
        if (c->in_check && c->roster_depth == 0 && s->kind != SYM_PARAM) {
            int k = diag_error(c->d, e->at, "a check is about the whole roster; '%s' belongs to one record", e->str);
            diag_hint(c->d, k, "count or compare over the roster, e.g. count(roster where %s ...) <= 1", e->str);
            return fail(e);
        }
        return tc_global(c, e, s);
    }
    const builtin *b = builtin_lookup(e->str);
    if (!b && c->names_missing) return fail(e); /* the unread include's, most likely */
    int k = b ? diag_error(c->d, e->at, "'%s' is a function: write %s", e->str, b->usage)
              : diag_error(c->d, e->at, "unknown name '%s'", e->str);
    if (!b) hint_name(c, k, e->str);
    return fail(e);
}

static const char *const date_parts[] = {"year", "month", "day", "quarter", "weekday", "hour", "minute", "second", "date"};

static bool date_part_allowed(tkind k, int part)
{
    if (k == T_MONTH) return part == DP_YEAR || part == DP_MONTH || part == DP_QUARTER;
    if (k == T_DATE) return part <= DP_WEEKDAY;
    if (k == T_DATETIME) return true;
    return false;
}

static const ktype *tc_member(checker *c, ast *e)
{
    char b1[128];
    c->member_base = e->a;
    const ktype *bt = tc_expr(c, e->a);
    c->member_base = NULL;
    if (bt->kind == T_ERROR) return fail(e);
    ast *base = e->a;
    if (base->sym && base->sym->kind == SYM_GROUP && !base->scope) {
        field_spec *g = base->sym->field;
        for (int i = 0; i < g->nchildren; i++) {
            field_spec *f = g->children[i];
            if (strcmp(f->name, e->str) == 0) {
                mark_used(f->sym);
                e->sym = f->sym;
                return set(e, f->type, base->phase);
            }
        }
        const char **names = arena_alloc(c->A, (size_t)(g->nchildren + 1) * sizeof *names);
        int n = 0;
        for (int i = 0; i < g->nchildren; i++) names[n++] = g->children[i]->name;
        int k = diag_error(c->d, e->at, "'%s' has no field '%s'", g->path, e->str);
        const char *best = suggest_name(e->str, names, n);
        if (best) diag_hint(c->d, k, "did you mean '%s.%s'?", g->path, best);
        return fail(e);
    }
    if (bt->kind == T_RECORD) {
        int k = type_field_index(bt, e->str);
        if (k < 0) {
            int d = diag_error(c->d, e->at, "this record has no field '%s'", e->str);
            const char *best = suggest_name(e->str, bt->names, bt->nfields);
            if (best) diag_hint(c->d, d, "did you mean '%s'?", best);
            return fail(e);
        }
        e->index = (int32_t)k;
        if (base->scope && base->kind == AST_NAME) mark_element_field(base->scope, base->str);
        return set(e, bt->fields[k], base->phase);
    }
    if (bt->kind == T_DATE || bt->kind == T_MONTH || bt->kind == T_DATETIME) {
        for (int part = 0; part < DP_COUNT; part++) {
            if (strcmp(date_parts[part], e->str) != 0) continue;
            if (!date_part_allowed(bt->kind, part)) break;
            e->index = (int32_t)part;
            return set(e, part == DP_DATE ? &type_date : &type_int, base->phase);
        }
        diag_error(c->d, e->at, "a %s has no part '%s' (it has %s)", TN(bt, b1), e->str,
                   bt->kind == T_MONTH ? _("year, month and quarter")
                   : bt->kind == T_DATE ? _("year, month, day, quarter and weekday")
                                        : _("year, month, day, quarter, weekday, hour, minute, second and date"));
        return fail(e);
    }
    diag_error(c->d, e->at, "a value of type %s has no field '%s'", TN(bt, b1), e->str);
    return fail(e);
}

/* ---- operators -------------------------------------------------------- */

static bool is_plain(const ktype *t) { return t->kind == T_INT || t->kind == T_DEC; }

/* A plain number where money is wanted, when it is a param declared
 * without its unit (`param bonus = 200`): the line to change is the
 * param's, so the error is there ("write 200 yuan"), said once per param.
 * Returns whether it was said (or had been). */
static bool blame_unitless_param(checker *c, const ast *plain)
{
    if (!plain || plain->kind != AST_NAME || !plain->sym || plain->sym->kind != SYM_PARAM) return false;
    const ast *decl = plain->sym->decl, *v = decl ? decl->a : NULL;
    if (!v || !tc_is_literal(v) || v->b || (decl->b)) return false; /* a typed param says what it is */
    /* written without a unit: `5%` or `5 points` is not an amount short of its `yuan` */
    if (v->kind != AST_NUMBER || v->num.unit != UNIT_NONE || !is_plain(tc_literal_type(v))) return false;
    for (int i = 0; i < c->d->n; i++)
        if (c->d->items[i].at.src == v->at.src && c->d->items[i].at.start == v->at.start) return true;
    const source *src = v->at.src;
    int line, col;
    source_position(plain->at.src, plain->at.start, &line, &col);
    int k = diag_error(c->d, v->at, "param '%s' is a plain number, but it is used as money (line %d)", plain->sym->name,
                       line);
    diag_hint(c->d, k, "write the amount with its unit: %.*s yuan", (int)(v->at.end - v->at.start), src->text + v->at.start);
    return true;
}

/* Money next to a plain number: explains how to write what was meant
 * (`plain` is the operand that is the plain number). */
static void money_mix(checker *c, ast *e, const ktype *l, const ktype *r, const char *what, const ast *plain)
{
    char b1[64], b2[64];
    if (blame_unitless_param(c, plain)) return;
    int k = diag_error(c->d, e->at, "cannot %s %s and %s", what, TN(l, b1), TN(r, b2));
    if (tc_is_literal(plain)) diag_hint(c->d, k, "write the amount with its unit, e.g. 100 yuan");
}

static const ktype *tc_arith(checker *c, ast *e, const ktype *l, const ktype *r)
{
    char b1[64], b2[64];
    int ph = max_i(e->a->phase, e->b->phase);
    if (!type_is_numeric(l) || !type_is_numeric(r)) {
        diag_error(c->d, e->at, "'%s' needs numbers, not %s and %s", ast_op_text((ast_op)e->op), TN(l, b1), TN(r, b2));
        return fail(e);
    }
    bool lm = l->kind == T_MONEY, rm = r->kind == T_MONEY;
    switch ((ast_op)e->op) {
    case OP_ADD:
    case OP_SUB:
        if (lm != rm) {
            money_mix(c, e, l, r, e->op == OP_ADD ? _("add") : _("subtract"), is_plain(l) ? e->a : e->b);
            return fail(e);
        }
        if (lm) return set(e, &type_money, ph);
        return set(e, l->kind == T_INT && r->kind == T_INT ? &type_int : &type_dec, ph);
    case OP_MUL:
        if (lm && rm) {
            diag_error(c->d, e->at, "cannot multiply money by money");
            return fail(e);
        }
        if (lm || rm) return set(e, &type_money, ph);
        return set(e, l->kind == T_INT && r->kind == T_INT ? &type_int : &type_dec, ph);
    case OP_DIV:
        if (!lm && rm) {
            diag_error(c->d, e->at, "cannot divide a plain number by money");
            return fail(e);
        }
        if (lm && !rm) return set(e, &type_money, ph);
        return set(e, &type_dec, ph);
    default:
        return fail(e);
    }
}

/* Checks a text literal compared with an enum; sets the literal's index. */
static bool check_enum_literal(checker *c, const ktype *et, ast *lit, const ast *other)
{
    if (et->kind != T_ENUM || lit->kind != AST_STRING) return true;
    int k = type_enum_index(et, lit->str, lit->str_len);
    if (k >= 0) {
        lit->index = (int32_t)k;
        return true;
    }
    char path[256] = "this value", b1[512];
    if (!ast_path(other, path, sizeof path)) snprintf(path, sizeof path, _("this value"));
    int d = diag_error(c->d, lit->at, "\"%s\" is not a value %s can have (%s)", lit->str, path, TN(et, b1));
    const char *best = suggest_name(lit->str, et->values, et->nvalues);
    if (best) diag_hint(c->d, d, "did you mean \"%s\"?", best);
    return false;
}

static bool comparable(const ktype *l, const ktype *r, bool ordering)
{
    if (type_is_numeric(l) && type_is_numeric(r)) return (l->kind == T_MONEY) == (r->kind == T_MONEY);
    if (type_is_textual(l) && type_is_textual(r)) return true;
    if (l->kind != r->kind) return false;
    if (l->kind == T_BOOL || l->kind == T_LIST || l->kind == T_RECORD) return !ordering && type_equal(l, r);
    return true;
}

static const ktype *tc_compare(checker *c, ast *e, const ktype *l, const ktype *r)
{
    char b1[64], b2[64];
    bool ordering = e->op != OP_EQ && e->op != OP_NE;
    if (!comparable(l, r, ordering)) {
        if (l->kind == T_MONEY && is_plain(r) && blame_unitless_param(c, e->b)) return fail(e);
        if (r->kind == T_MONEY && is_plain(l) && blame_unitless_param(c, e->a)) return fail(e);
        if (check_bare_date(c, e->b, l) || check_bare_date(c, e->a, r)) return fail(e);
        int k = diag_error(c->d, e->at, "cannot compare %s with %s", TN(l, b1), TN(r, b2));
        if ((l->kind == T_MONEY && is_plain(r) && tc_is_literal(e->b)) || (r->kind == T_MONEY && is_plain(l) && tc_is_literal(e->a)))
            diag_hint(c->d, k, "write the amount with its unit, e.g. 0 yuan");
        return fail(e);
    }
    bool ok = check_enum_literal(c, l, e->b, e->a) && check_enum_literal(c, r, e->a, e->b);
    if (!ok) return fail(e);
    return set(e, &type_bool, max_i(e->a->phase, e->b->phase));
}

static const ktype *tc_binary(checker *c, ast *e)
{
    char b1[64], b2[64];
    const ktype *l = tc_expr(c, e->a), *r = tc_expr(c, e->b);
    if (l->kind == T_ERROR || r->kind == T_ERROR) return fail(e);
    switch ((ast_op)e->op) {
    case OP_AND:
    case OP_OR:
        if (l->kind != T_BOOL || r->kind != T_BOOL) {
            diag_error(c->d, e->at, "'%s' needs two conditions, not %s and %s", ast_op_text((ast_op)e->op), TN(l, b1), TN(r, b2));
            return fail(e);
        }
        return set(e, &type_bool, max_i(e->a->phase, e->b->phase));
    case OP_EQ: case OP_NE: case OP_LT: case OP_LE: case OP_GT: case OP_GE:
        return tc_compare(c, e, l, r);
    default:
        return tc_arith(c, e, l, r);
    }
}

static const ktype *tc_unary(checker *c, ast *e)
{
    char b1[64];
    const ktype *t = tc_expr(c, e->a);
    if (t->kind == T_ERROR) return fail(e);
    if (e->op == OP_NOT) {
        if (t->kind != T_BOOL) {
            diag_error(c->d, e->at, "'not' needs a condition, not %s", TN(t, b1));
            return fail(e);
        }
        return set(e, &type_bool, e->a->phase);
    }
    if (!type_is_numeric(t)) {
        diag_error(c->d, e->at, "'%s' needs a number, not %s", ast_op_text((ast_op)e->op), TN(t, b1));
        return fail(e);
    }
    return set(e, t, e->a->phase);
}

static const ktype *tc_in(checker *c, ast *e)
{
    char b1[64], b2[64];
    const ktype *l = tc_expr(c, e->a), *r = tc_expr(c, e->b);
    if (l->kind == T_ERROR || r->kind == T_ERROR) return fail(e);
    if (r->kind != T_LIST) {
        diag_error(c->d, e->b->at, "'in' needs a list on its right, such as [3, 6, 9, 12]");
        return fail(e);
    }
    if (r->elem && !comparable(l, r->elem, false)) {
        if (e->b->kind == AST_LIST) /* the first written bare says it (one mistake, one message) */
            for (int i = 0; i < e->b->list.n; i++)
                if (check_bare_date(c, e->b->list.v[i], l)) return fail(e);
        diag_error(c->d, e->at, "cannot look for %s in a list of %s", TN(l, b1), TN(r->elem, b2));
        return fail(e);
    }
    if (e->b->kind == AST_LIST)
        for (int i = 0; i < e->b->list.n; i++)
            if (!check_enum_literal(c, l, e->b->list.v[i], e->a)) return fail(e);
    return set(e, &type_bool, max_i(e->a->phase, e->b->phase));
}

/* Joins the types of branches; reports the first that does not fit. */
static const ktype *join_branch(checker *c, const ktype *acc, ast *branch, const char *what)
{
    char b1[64], b2[64];
    const ktype *t = branch->type;
    if (!acc) return t;
    if (t->kind == T_ERROR) return acc;
    const ktype *j = type_join(c->A, acc, t);
    if (!j) {
        if (acc->kind == T_MONEY && is_plain(t) && blame_unitless_param(c, branch)) return acc;
        if (check_bare_date(c, branch, acc)) return acc; /* [month("2014-02"), 2014-03] */
        diag_error(c->d, branch->at, "this %s gives %s, but the ones before give %s", what, TN(t, b1), TN(acc, b2));
        return acc;
    }
    return j;
}

/* Joins the values (->b) of a when's branches or a tier's rows.  When
 * money rows sit beside plain-number rows that are params declared without
 * their unit, those params are the mistake: said at each param, and the
 * rows join as money. */
static const ktype *join_rows(checker *c, const ast_list *rows, const char *what)
{
    bool money = false;
    for (int i = 0; i < rows->n; i++) money |= rows->v[i]->b->type->kind == T_MONEY;
    bool *blamed = arena_zalloc(c->A, (size_t)(rows->n + 1) * sizeof *blamed);
    for (int i = 0; money && i < rows->n; i++)
        if (is_plain(rows->v[i]->b->type)) blamed[i] = blame_unitless_param(c, rows->v[i]->b);
    const ktype *t = NULL;
    for (int i = 0; i < rows->n; i++)
        if (!blamed[i]) t = join_branch(c, t, rows->v[i]->b, what);
    return t;
}

static bool need_bool(checker *c, ast *e, const char *what)
{
    char b1[64];
    const ktype *t = tc_expr(c, e);
    if (t->kind == T_BOOL || t->kind == T_ERROR) return true;
    diag_error(c->d, e->at, "%s must be a condition (true or false), not %s", what, TN(t, b1));
    return false;
}

static const ktype *tc_if(checker *c, ast *e)
{
    need_bool(c, e->a, _("the condition after 'if'"));
    const ktype *tb = tc_expr(c, e->b), *tcx = tc_expr(c, e->c);
    if (tb->kind != T_ERROR && tcx->kind != T_ERROR && !type_join(c->A, tb, tcx) &&
        ((is_plain(tb) && tcx->kind == T_MONEY && blame_unitless_param(c, e->b)) ||
         (is_plain(tcx) && tb->kind == T_MONEY && blame_unitless_param(c, e->c))))
        return fail(e);
    const ktype *t = join_branch(c, join_branch(c, NULL, e->b, "branch"), e->c, "'else' branch");
    return set(e, t ? t : &type_error, max_i(e->a->phase, max_i(e->b->phase, e->c->phase)));
}

static const ktype *tc_when(checker *c, ast *e)
{
    const ktype *t = NULL;
    int ph = 0;
    bool otherwise = false;
    for (int i = 0; i < e->list.n; i++) {
        ast *arm = e->list.v[i];
        if (otherwise) diag_error(c->d, arm->at, "this branch comes after 'otherwise' and can never be taken");
        if (arm->a) {
            need_bool(c, arm->a, _("a branch's condition"));
            ph = max_i(ph, arm->a->phase);
        } else {
            otherwise = true;
        }
        tc_expr(c, arm->b);
        ph = max_i(ph, arm->b->phase);
    }
    t = join_rows(c, &e->list, "branch");
    if (!otherwise) {
        int k = diag_warning(c->d, e->at, "this 'when' has no 'otherwise' branch");
        diag_hint(c->d, k, "a record that matches no branch is an error; add 'otherwise -> ...' as the last line");
    }
    return set(e, t ? t : &type_error, ph);
}

static const ktype *tc_tier(checker *c, ast *e)
{
    char b1[64], b2[64];
    const ktype *st = tc_expr(c, e->a);
    const ktype *t = NULL;
    int ph = e->a->phase;
    bool otherwise = false, row_error = false;
    for (int i = 0; i < e->list.n; i++) {
        ast *row = e->list.v[i];
        if (otherwise) diag_error(c->d, row->at, "this row comes after 'otherwise' and can never match");
        if (row->op == ROW_OTHERWISE) {
            otherwise = true;
        } else {
            const ktype *th = tc_expr(c, row->a);
            row_error |= th->kind == T_ERROR;
            ph = max_i(ph, row->a->phase);
            bool ordering = row->op != ROW_EQ;
            if (st->kind != T_ERROR && th->kind != T_ERROR && !comparable(st, th, ordering)) {
                if (!check_bare_date(c, row->a, st))
                    diag_error(c->d, row->a->at, "this threshold is %s but the tier compares %s", TN(th, b1), TN(st, b2));
            } else {
                check_enum_literal(c, st, row->a, e->a);
            }
        }
        tc_expr(c, row->b);
        ph = max_i(ph, row->b->phase);
    }
    t = join_rows(c, &e->list, "row");
    if (!otherwise && !row_error) { /* (a row in error may be a misspelt 'otherwise') */
        int k = diag_warning(c->d, e->at, "this tier table has no 'otherwise' row");
        diag_hint(c->d, k, "a record that matches no row is an error; add 'otherwise -> ...' as the last row");
    }
    return set(e, t ? t : &type_error, ph);
}

static const ktype *tc_ledger(checker *c, ast *e)
{
    char b1[64], b2[64];
    const ktype *start = tc_expr(c, e->a);
    int ph = e->a->phase;
    if (start->kind != T_ERROR && !type_is_numeric(start)) {
        diag_error(c->d, e->a->at, "a ledger starts from a number or an amount of money, not %s", TN(start, b1));
        return fail(e);
    }
    const ktype *t = start;
    for (int i = 0; i < e->list.n; i++) {
        ast *en = e->list.v[i];
        const ktype *amt = tc_expr(c, en->a);
        ph = max_i(ph, en->a->phase);
        if (en->op == ENTRY_PER) {
            const ktype *n = tc_expr(c, en->b);
            ph = max_i(ph, en->b->phase);
            if (n->kind != T_ERROR && !is_plain(n))
                diag_error(c->d, en->b->at, "'per' needs a count (a plain number), not %s", TN(n, b1));
            else if (amt->kind == T_INT && n->kind == T_DEC)
                amt = &type_dec;
        } else if (en->op == ENTRY_WHEN) {
            need_bool(c, en->b, _("the condition after 'when'"));
            ph = max_i(ph, en->b->phase);
        }
        if (amt->kind == T_ERROR || t->kind == T_ERROR) continue;
        if (!type_is_numeric(amt) || (amt->kind == T_MONEY) != (t->kind == T_MONEY)) {
            int k = diag_error(c->d, en->a->at, "this entry is %s but the ledger adds up %s", TN(amt, b1), TN(t, b2));
            if (t->kind == T_MONEY && is_plain(amt) && tc_is_literal(en->a))
                diag_hint(c->d, k, "write the amount with its unit, e.g. 50 yuan");
            continue;
        }
        if (t->kind == T_INT && amt->kind == T_DEC) t = &type_dec;
    }
    return set(e, t, ph);
}

static const ktype *tc_list(checker *c, ast *e)
{
    const ktype *t = NULL;
    int ph = 0;
    for (int i = 0; i < e->list.n; i++) {
        tc_expr(c, e->list.v[i]);
        ph = max_i(ph, e->list.v[i]->phase);
        t = join_branch(c, t, e->list.v[i], "entry");
    }
    return set(e, type_list(c->A, t), ph);
}

static const ktype *tc_object(checker *c, ast *e)
{
    int n = e->list.n;
    const char **names = arena_alloc(c->A, (size_t)(n + 1) * sizeof *names);
    const ktype **types = arena_alloc(c->A, (size_t)(n + 1) * sizeof *types);
    int ph = 0;
    for (int i = 0; i < n; i++) {
        ast *fv = e->list.v[i];
        for (int k = 0; k < i; k++)
            if (strcmp(names[k], fv->str) == 0) diag_error(c->d, fv->at, "the field '%s' is given twice", fv->str);
        names[i] = fv->str;
        types[i] = tc_expr(c, fv->a);
        ph = max_i(ph, fv->a->phase);
        fv->type = types[i];
    }
    return set(e, type_record(c->A, names, types, n), ph);
}

/* ---- comprehensions and built-in functions ------------------------------- */

static bool push_scope(checker *c, ast *compr, const ktype *elem, bool roster, int phase)
{
    if (c->nscopes == KH_MAX_OVER) {
        diag_error(c->d, compr->at, "'over' is nested too deeply");
        return false;
    }
    c->scopes[c->nscopes++] = (scope){compr, elem, roster, phase};
    if (roster) c->roster_depth++;
    return true;
}

static void pop_scope(checker *c)
{
    if (c->scopes[c->nscopes - 1].roster) c->roster_depth--;
    c->nscopes--;
}

/* Types `value over source where filter`; returns the value's type (the
 * element's for count-like forms); sets *roster. */
static const ktype *tc_compr(checker *c, ast *k, bool *roster)
{
    char b1[64];
    ast *src = k->b;
    const ktype *elem = NULL;
    int src_phase = 0;
    *roster = src->kind == AST_ROSTER;
    if (!*roster) {
        const ktype *st = tc_expr(c, src);
        if (st->kind == T_ERROR) return fail(k);
        if (st->kind != T_LIST) {
            diag_error(c->d, src->at, "'over' needs a list or the roster, not %s", TN(st, b1));
            return fail(k);
        }
        elem = st->elem ? st->elem : &type_error;
        src_phase = src->phase;
    } else {
        src->type = &type_error;
        if (c->in_bounds) {
            diag_error(c->d, src->at, "a bound cannot look at the roster");
            return fail(k);
        }
    }
    if (!push_scope(c, k, elem, *roster, src_phase)) return fail(k);
    const ktype *vt;
    int ph = src_phase;
    if (k->a) {
        vt = tc_expr(c, k->a);
        ph = max_i(ph, k->a->phase);
    } else {
        vt = *roster ? &type_error : elem;
    }
    if (k->c) {
        need_bool(c, k->c, _("the condition after 'where'"));
        ph = max_i(ph, k->c->phase);
    }
    pop_scope(c);
    return set(k, vt, ph);
}

static const ktype *tc_round_like(checker *c, ast *e, const builtin *b)
{
    char b1[64];
    ast *x = e->list.v[0];
    const ktype *t = tc_expr(c, x);
    int places = 0;
    if (e->list.n > 1) {
        ast *p = e->list.v[1];
        tc_expr(c, p);
        int64_t k;
        if (p->kind != AST_NUMBER || !num_to_int64(p->num.value, &k) || k > 18) { /* (-1 is a minus and a 1) */
            diag_error(c->d, p->at, "the number of decimal places must be a whole number from 0 to 18");
            return fail(e);
        }
        places = (int)k;
    }
    if (t->kind == T_ERROR) return fail(e);
    if (!type_is_numeric(t)) {
        diag_error(c->d, x->at, "%s needs a number, not %s", b->name, TN(t, b1));
        return fail(e);
    }
    if (t->kind == T_DEC && places == 0) t = &type_int;
    return set(e, t, x->phase);
}

/* An aggregate: over a list value, or a comprehension. */
static const ktype *tc_aggregate(checker *c, ast *e, const builtin *b)
{
    char b1[64];
    ast *arg = e->list.v[0];
    const ktype *vt;
    bool roster = false;
    int ph;
    if (arg->kind == AST_COMPR) {
        vt = tc_compr(c, arg, &roster);
        ph = arg->phase;
        if (roster && !arg->a && b->kind != BI_COUNT) {
            diag_error(c->d, arg->at, "say what to take from each record: %s(x over roster where ...)", b->name);
            return fail(e);
        }
    } else if (arg->kind == AST_ROSTER && b->kind == BI_COUNT) {
        /* count(roster): every record of the roster */
        if (c->in_bounds) {
            diag_error(c->d, arg->at, "a bound cannot look at the roster");
            return fail(e);
        }
        roster = true;
        vt = set(arg, &type_error, 0);
        ph = 0;
    } else {
        const ktype *lt = tc_expr(c, arg);
        if (lt->kind == T_ERROR) return fail(e);
        if (lt->kind != T_LIST) {
            diag_error(c->d, arg->at, "%s needs a list (or 'x over list'), not %s", b->name, TN(lt, b1));
            return fail(e);
        }
        vt = lt->elem ? lt->elem : &type_int;
        ph = arg->phase;
    }
    if (vt->kind == T_ERROR && !(roster && b->kind == BI_COUNT)) return fail(e);
    e->flags |= roster ? AST_FLAG_ROSTER_AGG : AST_FLAG_LIST_AGG;
    if (roster && !roster_phase(c, e, ph, &ph)) return fail(e);
    const ktype *rt = vt;
    switch (b->kind) {
    case BI_COUNT:
        rt = &type_int;
        break;
    case BI_ANY:
    case BI_ALL:
        if (vt->kind != T_BOOL) {
            diag_error(c->d, arg->at, "%s needs conditions (true or false), not %s", b->name, TN(vt, b1));
            return fail(e);
        }
        break;
    case BI_SUM:
    case BI_MEAN:
        if (!type_is_numeric(vt)) {
            diag_error(c->d, arg->at, "%s needs numbers, not %s", b->name, TN(vt, b1));
            return fail(e);
        }
        if (b->kind == BI_MEAN && vt->kind == T_INT) rt = &type_dec;
        break;
    default: /* min, max */
        if (!type_is_numeric(vt) && vt->kind != T_DATE && vt->kind != T_DATETIME && vt->kind != T_MONTH &&
            !type_is_textual(vt)) {
            diag_error(c->d, arg->at, "%s needs numbers or dates, not %s", b->name, TN(vt, b1));
            return fail(e);
        }
        break;
    }
    return set(e, rt, ph);
}

static const ktype *tc_minmax_args(checker *c, ast *e, const builtin *b)
{
    char b1[64];
    const ktype *t = NULL;
    int ph = 0;
    for (int i = 0; i < e->list.n; i++) {
        ast *a = e->list.v[i];
        if (a->kind == AST_COMPR || a->kind == AST_NAMED) {
            diag_error(c->d, a->at, "%s of several values takes plain values", b->name);
            return fail(e);
        }
        const ktype *at = tc_expr(c, a);
        ph = max_i(ph, a->phase);
        if (at->kind == T_ERROR) return fail(e);
        if (!type_is_numeric(at) && at->kind != T_DATE && at->kind != T_MONTH && at->kind != T_DATETIME) {
            diag_error(c->d, a->at, "%s needs numbers or dates, not %s", b->name, TN(at, b1));
            return fail(e);
        }
        if (t && type_is_numeric(t) && type_is_numeric(at) && (t->kind == T_MONEY) != (at->kind == T_MONEY)) {
            /* the earlier values are all plain when this one is money */
            money_mix(c, e, t, at, _("compare"), is_plain(at) ? a : e->list.v[i - 1]);
            return fail(e);
        }
        t = join_branch(c, t, a, "value");
    }
    return set(e, t ? t : &type_error, ph);
}

static const ktype *tc_apportion(checker *c, ast *e)
{
    char b1[64];
    ast *pool = e->list.v[0], *w = e->list.v[1], *ties = e->list.v[2];
    const ktype *pt = tc_expr(c, pool);
    if (pt->kind != T_ERROR && pt->kind != T_MONEY && pt->kind != T_INT) {
        diag_error(c->d, pool->at, "apportion shares out money (to the cent) or a whole number, not %s", TN(pt, b1));
        return fail(e);
    }
    if (w->kind != AST_COMPR || w->b->kind != AST_ROSTER || !w->a) {
        diag_error(c->d, w->at, "the second argument of apportion is 'weight over roster'");
        return fail(e);
    }
    bool roster;
    c->in_apportion = true;
    const ktype *wt = tc_compr(c, w, &roster);
    c->in_apportion = false;
    if (wt->kind != T_ERROR && !type_is_numeric(wt)) {
        diag_error(c->d, w->a->at, "a weight must be a number, not %s", TN(wt, b1));
        return fail(e);
    }
    if (ties->kind != AST_NAMED || strcmp(ties->str, "ties") != 0) {
        diag_error(c->d, ties->at, "the third argument of apportion is 'ties by <key>' (who gets a cent first on equal remainders)");
        return fail(e);
    }
    if (!push_scope(c, w, NULL, true, 0)) return fail(e);
    c->in_apportion = true;
    tc_expr(c, ties->a);
    c->in_apportion = false;
    pop_scope(c);
    int ph;
    if (!roster_phase(c, e, max_i(pool->phase, max_i(w->phase, ties->a->phase)), &ph)) return fail(e);
    e->flags |= AST_FLAG_ROSTER_AGG;
    return set(e, pt, ph);
}

static const ktype *tc_const_text_arg(checker *c, ast *e, char kind)
{
    ast *a = e->list.v[0];
    if (a->kind != AST_STRING) {
        diag_error(c->d, a->at, "%s takes its value in quotes, e.g. %s", e->str, kind == 'd' ? "date(\"2014-06-01\")" : "month(\"2014-06\")");
        return fail(e);
    }
    tc_expr(c, a);
    int32_t v;
    bool ok = kind == 'd' ? date_parse(a->str, a->str_len, &v) : month_parse(a->str, a->str_len, &v);
    if (!ok) {
        char why[128];
        dates_explain_error(kind, a->str, a->str_len, why, sizeof why);
        diag_error(c->d, a->at, "%s", why);
        return fail(e);
    }
    return set(e, kind == 'd' ? &type_date : &type_month, 0);
}

static const ktype *tc_call(checker *c, ast *e)
{
    char b1[64], b2[64];
    const builtin *b = builtin_lookup(e->str);
    int table_index;
    const table_def *table = b ? NULL : program_table(c->p, e->str, &table_index);
    if (table) return tc_table_call(c, e, table, table_index);
    if (!b) {
        symbol *s = symtab_get(c->p->names, e->str);
        int k = s ? diag_error(c->d, e->at, "'%s' is not a function", e->str)
                  : diag_error(c->d, e->at, "unknown function '%s'", e->str);
        char excel[96];
        const char *hint = s ? NULL : builtin_excel_hint(e->str, excel, sizeof excel);
        if (hint) {
            diag_hint(c->d, k, "%s", hint);
        } else if (!s) {
            int n;
            const char *const *names = builtin_names(&n);
            const char *best = suggest_name(e->str, names, n);
            if (best) diag_hint(c->d, k, "did you mean '%s'?", best);
        }
        for (int i = 0; i < e->list.n; i++)
            if (e->list.v[i]->kind != AST_COMPR && e->list.v[i]->kind != AST_NAMED) tc_expr(c, e->list.v[i]);
        return fail(e);
    }
    e->index = (int32_t)b->kind;
    int n = e->list.n;
    if (n < b->min_args || n > b->max_args) {
        diag_error(c->d, e->at, "%s takes %s; write %s", b->name,
                   b->min_args == b->max_args ? (b->min_args == 1 ? _("one value") : b->min_args == 2 ? _("two values") : _("three values"))
                                              : _("a different number of values"),
                   b->usage);
        return fail(e);
    }
    if (b->kind == BI_APPORTION) return tc_apportion(c, e);
    if (builtin_is_aggregate(b->kind)) {
        if ((b->kind == BI_MIN || b->kind == BI_MAX) && n > 1) return tc_minmax_args(c, e, b);
        return tc_aggregate(c, e, b);
    }
    for (int i = 0; i < n; i++) {
        ast *a = e->list.v[i];
        if (a->kind == AST_COMPR || a->kind == AST_NAMED) {
            diag_error(c->d, a->at, "%s does not take 'over' or 'where'; write %s", b->name, b->usage);
            return fail(e);
        }
    }
    switch (b->kind) {
    case BI_ROUND: case BI_ROUND_HALF_EVEN: case BI_TRUNCATE: case BI_FLOOR: case BI_CEIL:
        return tc_round_like(c, e, b);
    case BI_ABS: {
        const ktype *t = tc_expr(c, e->list.v[0]);
        if (t->kind != T_ERROR && !type_is_numeric(t)) {
            diag_error(c->d, e->at, "abs needs a number, not %s", TN(t, b1));
            return fail(e);
        }
        return set(e, t, e->list.v[0]->phase);
    }
    case BI_LAST: {
        const ktype *lt = tc_expr(c, e->list.v[0]), *nt = tc_expr(c, e->list.v[1]);
        if (lt->kind == T_ERROR || nt->kind == T_ERROR) return fail(e);
        if (lt->kind != T_LIST || nt->kind != T_INT) {
            diag_error(c->d, e->at, "last takes a list and a whole number: last(list, n)");
            return fail(e);
        }
        return set(e, lt, max_i(e->list.v[0]->phase, e->list.v[1]->phase));
    }
    case BI_APPEND: {
        const ktype *lt = tc_expr(c, e->list.v[0]), *vt = tc_expr(c, e->list.v[1]);
        if (lt->kind == T_ERROR || vt->kind == T_ERROR) return fail(e);
        if (lt->kind != T_LIST) {
            diag_error(c->d, e->list.v[0]->at, "append needs a list first, not %s", TN(lt, b1));
            return fail(e);
        }
        const ktype *el = lt->elem ? type_join(c->A, lt->elem, vt) : vt;
        if (!el) {
            diag_error(c->d, e->list.v[1]->at, "cannot append %s to a list of %s", TN(vt, b1), TN(lt->elem, b2));
            return fail(e);
        }
        return set(e, type_list(c->A, el), max_i(e->list.v[0]->phase, e->list.v[1]->phase));
    }
    case BI_MONTH_OF:
    case BI_DATE_OF: {
        const ktype *t = tc_expr(c, e->list.v[0]);
        if (t->kind == T_ERROR) return fail(e);
        bool ok = b->kind == BI_MONTH_OF ? (t->kind == T_DATE || t->kind == T_DATETIME) : t->kind == T_DATETIME;
        if (!ok) {
            diag_error(c->d, e->list.v[0]->at, "%s needs a %s, not %s", b->name, b->kind == BI_MONTH_OF ? "date" : "datetime", TN(t, b1));
            return fail(e);
        }
        return set(e, b->kind == BI_MONTH_OF ? &type_month : &type_date, e->list.v[0]->phase);
    }
    case BI_DAYS_BETWEEN:
    case BI_MONTHS_BETWEEN: {
        const ktype *t1 = tc_expr(c, e->list.v[0]), *t2 = tc_expr(c, e->list.v[1]);
        if (t1->kind == T_ERROR || t2->kind == T_ERROR) return fail(e);
        tkind want = b->kind == BI_DAYS_BETWEEN ? T_DATE : T_MONTH;
        if (t1->kind != want || t2->kind != want) {
            const ktype *wt = want == T_DATE ? &type_date : &type_month;
            if (check_bare_date(c, e->list.v[0], wt) || check_bare_date(c, e->list.v[1], wt)) return fail(e);
            diag_error(c->d, e->at, "%s needs two %ss, not %s and %s", b->name, want == T_DATE ? "date" : "month",
                       TN(t1, b1), TN(t2, b2));
            return fail(e);
        }
        return set(e, &type_int, max_i(e->list.v[0]->phase, e->list.v[1]->phase));
    }
    case BI_DATE:
        if (n == 1) return tc_const_text_arg(c, e, 'd');
        if (n != 3) {
            diag_error(c->d, e->at, "date takes a text or three whole numbers; write %s", b->usage);
            return fail(e);
        }
        __attribute__((fallthrough)); /* date(year, month, day) */
    case BI_MOD: {
        int ph = 0;
        const ktype *t = NULL;
        for (int i = 0; i < n; i++) {
            const ktype *at = tc_expr(c, e->list.v[i]);
            if (at->kind == T_ERROR) return fail(e);
            ph = max_i(ph, e->list.v[i]->phase);
            bool ok = b->kind == BI_DATE ? at->kind == T_INT : type_is_numeric(at);
            if (!ok) {
                diag_error(c->d, e->list.v[i]->at, "%s needs %s, not %s", b->name,
                           b->kind == BI_DATE ? _("whole numbers: date(year, month, day)") : _("numbers"), TN(at, b1));
                return fail(e);
            }
            if (i == 0) t = at;
        }
        if (b->kind == BI_DATE) return set(e, &type_date, ph);
        const ktype *bt = e->list.v[1]->type;
        if (bt->kind == T_MONEY && t->kind != T_MONEY) {
            diag_error(c->d, e->list.v[1]->at, "mod of a plain number by money: both must be money, or the second plain");
            return fail(e);
        }
        if (t->kind == T_INT && bt->kind != T_INT) t = &type_dec; /* (bt is no money: said above) */
        return set(e, t, ph);
    }
    case BI_DAYS_IN_MONTH: case BI_FIRST_DAY: case BI_LAST_DAY: {
        const ktype *t = tc_expr(c, e->list.v[0]);
        if (t->kind == T_ERROR) return fail(e);
        if (t->kind != T_MONTH && t->kind != T_DATE) {
            diag_error(c->d, e->list.v[0]->at, "%s needs a month (or a date in it), not %s", b->name, TN(t, b1));
            return fail(e);
        }
        return set(e, b->kind == BI_DAYS_IN_MONTH ? &type_int : &type_date, e->list.v[0]->phase);
    }
    case BI_MONTH: return tc_const_text_arg(c, e, 'm');
    default:
        return fail(e);
    }
}

static const ktype *tc_first(checker *c, ast *e)
{
    int i = c->nscopes - 1;
    if (i < 0 || c->scopes[i].roster || !c->scopes[i].elem) {
        int k = diag_error(c->d, e->at, "'first in roster' is about the entries of a list: use it inside 'over'");
        diag_hint(c->d, k, "e.g. sum(profit over deals where first in roster for customer by (entered, id))");
        return fail(e);
    }
    e->scope = c->scopes[i].compr;
    tc_expr(c, e->a);
    int ph = max_i(e->a->phase, c->scopes[i].phase);
    for (int k = 0; k < e->list.n; k++) {
        const ktype *t = tc_expr(c, e->list.v[k]);
        ph = max_i(ph, e->list.v[k]->phase);
        if (t->kind == T_LIST || t->kind == T_RECORD) diag_error(c->d, e->list.v[k]->at, "an ordering key must be a single value");
    }
    if (!roster_phase(c, e, ph, &ph)) return fail(e);
    return set(e, &type_bool, ph);
}

/* this.x inside `roster where` or `x over roster`: x of the record being
 * evaluated, typed as it would be outside the roster function.  The roster
 * function then depends on the record (AST_FLAG_THIS on its comprehension):
 * it is worked out for each record that reads it (compile.c, columns). */
static const ktype *tc_this(checker *c, ast *e)
{
    int r = -1;
    for (int i = 0; i < c->nscopes; i++)
        if (c->scopes[i].roster) {
            r = i;
            break;
        }
    if (r < 0) {
        int k = diag_error(c->d, e->at, "'this.' names the record being evaluated, inside 'roster where' or 'over roster'");
        diag_hint(c->d, k, "outside a roster function a name is already the record's own: write %s", e->a->kind == AST_NAME ? e->a->str : _("the name without 'this.'"));
        return fail(e);
    }
    ast *compr = c->scopes[r].compr;
    if (c->in_apportion || r + 1 != c->nscopes || c->roster_depth != 1) {
        int k = diag_error(c->d, e->at, "'this.' can be used directly in the condition or value of a roster function (count, sum, mean, min, max, any, all), not inside %s",
                           c->in_apportion ? _("apportion") : c->roster_depth != 1 ? _("a roster function inside another") : _("an 'over' of a list inside it"));
        diag_hint(c->d, k, "make what this. names a definition of its own, and use that");
        return fail(e);
    }
    scope saved[KH_MAX_OVER];
    int nsaved = c->nscopes, saved_depth = c->roster_depth;
    memcpy(saved, c->scopes, sizeof(scope) * (size_t)nsaved);
    c->nscopes = 0; /* the record's own names only (not a list entry around the function) */
    c->roster_depth = 0;
    const ktype *t = tc_expr(c, e->a);
    memcpy(c->scopes, saved, sizeof(scope) * (size_t)nsaved);
    c->nscopes = nsaved;
    c->roster_depth = saved_depth;
    if (t->kind == T_ERROR) return fail(e);
    compr->flags |= AST_FLAG_THIS;
    return set(e, t, e->a->phase);
}

/* ---- the dispatcher ------------------------------------------------------ */

const ktype *tc_expr(checker *c, ast *e)
{
    if (!e) return &type_error;
    if (e->type) return e->type; /* shared subtrees are typed once */
    bool leaf = e->kind == AST_NUMBER || e->kind == AST_STRING || e->kind == AST_BOOL || e->kind == AST_NAME;
    if (++c->depth > CHECK_MAX_DEPTH + leaf) {
        c->depth--;
        /* mostly definitions using definitions: say so, at the one being typed */
        int own = c->nstack ? c->depth - c->stack_depth[c->nstack - 1] : c->depth;
        if (!c->deep_said && own < CHECK_MAX_DEPTH / 2)
            diag_error(c->d, c->stack[c->nstack - 1]->decl->at, "definitions depend on each other too deeply");
        else if (!c->deep_said)
            diag_error(c->d, e->at, "this expression is nested too deeply");
        c->deep_said = true;
        return fail(e);
    }
    const ktype *t;
    switch ((ast_kind)e->kind) {
    case AST_NUMBER: t = set(e, tc_literal_type(e), 0); break;
    case AST_STRING: {
        const char *v[1] = {e->str};
        t = set(e, type_enum(c->A, v, 1), 0);
        break;
    }
    case AST_BOOL: t = set(e, &type_bool, 0); break;
    case AST_NAME: t = tc_name(c, e); break;
    case AST_EACH: {
        int i = c->nscopes - 1;
        if (i < 0 || c->scopes[i].roster) {
            diag_error(c->d, e->at, "'each' means the current entry of a list, and is used after 'over' or 'where'");
            t = fail(e);
        } else {
            e->scope = c->scopes[i].compr;
            t = set(e, c->scopes[i].elem, c->scopes[i].phase);
        }
        break;
    }
    case AST_ROSTER:
        diag_error(c->d, e->at, "'roster' is used as 'x over roster' or 'roster where ...' inside a function");
        t = fail(e);
        break;
    case AST_ERROR: t = fail(e); break; /* a name refused as a reserved word: said where it was defined */
    case AST_MEMBER: t = tc_member(c, e); break;
    case AST_THIS: t = tc_this(c, e); break;
    case AST_UNARY: t = tc_unary(c, e); break;
    case AST_BINARY: t = tc_binary(c, e); break;
    case AST_IN: t = tc_in(c, e); break;
    case AST_IF: t = tc_if(c, e); break;
    case AST_WHEN: t = tc_when(c, e); break;
    case AST_TIER: t = tc_tier(c, e); break;
    case AST_LEDGER: t = tc_ledger(c, e); break;
    case AST_CALL: t = tc_call(c, e); break;
    case AST_LIST: t = tc_list(c, e); break;
    case AST_OBJECT: t = tc_object(c, e); break;
    case AST_FIRST: t = tc_first(c, e); break;
    case AST_COMPR:
    case AST_NAMED:
        diag_error(c->d, e->at, "'over', 'where' and 'by' belong inside a function such as sum(...) or count(...)");
        t = fail(e);
        break;
    default:
        diag_error(c->d, e->at, "a %s cannot be used as a value", ast_kind_name((ast_kind)e->kind));
        t = fail(e);
        break;
    }
    if (--c->depth == 0) c->deep_said = false;
    return t;
}

/* ---- definitions: depth-first with cycle detection ----------------------- */

static void report_cycle(checker *c, symbol *s)
{
    char msg[1024] = "";
    size_t len = 0;
    int from = c->nstack - 1;
    while (from > 0 && c->stack[from] != s) from--;
    /* "a → b → a"; names that do not fit are left out whole, with "…" (a
     * cut never falls inside a name or an arrow) */
    for (int i = from; i <= c->nstack; i++) {
        const char *name = i < c->nstack ? c->stack[i]->name : s->name;
        const char *arrow = i < c->nstack ? " → " : "";
        if (len + strlen(name) + strlen(arrow) + sizeof "…" > sizeof msg) {
            snprintf(msg + len, sizeof msg - len, "…");
            break;
        }
        len += (size_t)snprintf(msg + len, sizeof msg - len, "%s%s", name, arrow);
    }
    int k = diag_error(c->d, s->decl->at, "'%s' depends on itself: %s", s->name, msg);
    diag_hint(c->d, k, "a value cannot be worked out from itself; one of these definitions must use something else");
    for (int i = from; i < c->nstack; i++) c->stack[i]->cyclic = true;
}

void tc_definition(checker *c, symbol *s)
{
    char b1[64], b2[64];
    if (s->state == VISIT_DONE) return;
    if (s->state == VISIT_WORKING) {
        report_cycle(c, s);
        return;
    }
    if (c->nstack == (int)(sizeof c->stack / sizeof c->stack[0])) {
        diag_error(c->d, s->decl->at, "definitions depend on each other too deeply");
        return;
    }
    /* a definition is typed outside any comprehension or check it is used in */
    scope saved[KH_MAX_OVER];
    int nsaved = c->nscopes, saved_roster = c->roster_depth;
    bool saved_check = c->in_check;
    memcpy(saved, c->scopes, sizeof(scope) * (size_t)nsaved);
    c->nscopes = 0;
    c->roster_depth = 0;
    c->in_check = false;

    s->state = VISIT_WORKING;
    c->stack_depth[c->nstack] = c->depth;
    c->stack[c->nstack++] = s;
    ast *d = (ast *)s->decl;
    const ktype *t = tc_expr(c, d->a);
    c->nstack--;
    s->type = s->cyclic ? &type_error : t;
    s->phase = d->a->phase;
    s->state = VISIT_DONE;
    if (d->b && d->b->op == TYPE_ONE_OF) {
        /* `: one of "a" "甲", "b"`: every value it can take is listed */
        const ktype *want = check_declared_enum(c, d->b);
        char wide[512];
        if (t->kind == T_ENUM) {
            for (int i = 0; i < t->nvalues; i++)
                if (type_enum_index(want, t->values[i], strlen(t->values[i])) < 0) {
                    diag_error(c->d, d->a->at, "'%s' can be \"%s\", which is not %s", s->name, t->values[i], TN(want, wide));
                    break;
                }
            s->type = want;
        } else if (t->kind != T_ERROR) {
            diag_error(c->d, d->a->at, "'%s' is declared %s but its value is %s", s->name, TN(want, wide), TN(t, b2));
        }
    } else if (d->b) {
        const ktype *want = type_by_name(d->b->str);
        if (!want) {
            diag_error(c->d, d->b->at, "unknown type '%s'", d->b->str);
        } else if (t->kind != T_ERROR && !(type_equal(want, t) || (want->kind == T_DEC && t->kind == T_INT))) {
            diag_error(c->d, d->a->at, "'%s' is declared %s but its value is %s", s->name, TN(want, b1), TN(t, b2));
        } else if (t->kind != T_ERROR) {
            s->type = want->kind == T_TEXT && t->kind == T_ENUM ? t : want;
        }
    }

    memcpy(c->scopes, saved, sizeof(scope) * (size_t)nsaved);
    c->nscopes = nsaved;
    c->roster_depth = saved_roster;
    c->in_check = saved_check;
}
