/*
 * check.c — from syntax trees to a checked program: declarations, the
 * input schema, parameters, definitions (ordered, cycles rejected), roster
 * phases, and warnings for what is declared but never used.
 * Expression typing is in typecheck.c.
 */
#include "check_internal.h"
#include "hash.h"
#include "lint.h"
#include "dates.h"
#include "vec.h"
#include "i18n.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ---- the global name table ---------------------------------------------- */

typedef struct symtab {
    int cap, n;
    symbol **slots;
} symtab;


static void symtab_grow(arena *A, symtab *t)
{
    int cap = t->cap ? t->cap * 2 : 64;
    symbol **slots = arena_zalloc(A, (size_t)cap * sizeof *slots);
    for (int i = 0; i < t->cap; i++) {
        symbol *s = t->slots[i];
        if (!s) continue;
        uint32_t j = hash_text(s->name) & (uint32_t)(cap - 1);
        while (slots[j]) j = (j + 1) & (uint32_t)(cap - 1);
        slots[j] = s;
    }
    t->slots = slots;
    t->cap = cap;
}

symbol *symtab_get(const symtab *t, const char *name)
{
    if (!t || !t->cap) return NULL;
    uint32_t j = hash_text(name) & (uint32_t)(t->cap - 1);
    while (t->slots[j]) {
        if (strcmp(t->slots[j]->name, name) == 0) return t->slots[j];
        j = (j + 1) & (uint32_t)(t->cap - 1);
    }
    return NULL;
}

/* Adds s; returns the symbol already there under that name, or NULL. */
static symbol *symtab_put(arena *A, symtab *t, symbol *s)
{
    symbol *old = symtab_get(t, s->name);
    if (old) return old;
    if ((t->n + 1) * 2 > t->cap) symtab_grow(A, t);
    uint32_t j = hash_text(s->name) & (uint32_t)(t->cap - 1);
    while (t->slots[j]) j = (j + 1) & (uint32_t)(t->cap - 1);
    t->slots[j] = s;
    t->n++;
    return NULL;
}

int symtab_count(const symtab *t) { return t ? t->n : 0; }

int symtab_names(const symtab *t, const char **out, int max)
{
    int n = 0;
    for (int i = 0; t && i < t->cap && n < max; i++)
        if (t->slots[i]) out[n++] = t->slots[i]->name;
    return n;
}

symbol *program_lookup(const program *p, const char *name) { return symtab_get(p->names, name); }

bool param_declared_percent(const symbol *s)
{
    const ast *lit = s && s->kind == SYM_PARAM && s->decl ? s->decl->a : NULL;
    while (lit && lit->kind == AST_UNARY) lit = lit->a;
    return lit && lit->kind == AST_NUMBER && lit->num.unit == UNIT_PERCENT;
}

const field_spec *field_read_by(const program *p, const ast *e)
{
    if (e->sym && e->sym->field) return e->sym->field;
    const ktype *rec = NULL;
    if (e->kind == AST_NAME && e->scope && e->scope->b && e->scope->b->type && e->scope->b->type->kind == T_LIST)
        rec = e->scope->b->type->elem;
    else if (e->kind == AST_MEMBER && e->a->type && e->a->type->kind == T_RECORD)
        rec = e->a->type;
    return field_spec_member(p->input, rec, e->index);
}

/* ---- small helpers ----------------------------------------------------- */

static void vec_push(arena *A, ptrvec *v, void *item)
{
    VEC_RESERVE_IN(A, v->v, v->n, v->n + 1, v->cap);
    v->v[v->n++] = item;
}

static symbol *symbol_new(checker *c, sym_kind kind, const char *name, const ast *decl)
{
    symbol *s = arena_zalloc(c->A, sizeof *s);
    s->kind = kind;
    s->name = name;
    s->decl = decl;
    s->type = &type_error;
    s->index = -1;
    s->nest = -1;
    return s;
}

/* Reports a second declaration of a global name. */
static void report_redeclared(checker *c, const ast *decl, const symbol *old)
{
    int i = diag_error(c->d, decl->at, "'%s' is declared twice", old->name);
    if (old->decl) {
        int line, col;
        source_position(old->decl->at.src, old->decl->at.start, &line, &col);
        diag_hint(c->d, i, "the first declaration is at %s:%d:%d", old->decl->at.src->name, line, col);
    }
}

static void declare_global(checker *c, symbol *s)
{
    symbol *old = symtab_put(c->A, c->p->names, s);
    if (old) report_redeclared(c, s->decl, old);
}

/* ---- the input schema --------------------------------------------------- */

static field_spec *field_new(checker *c, const char *name, const char *path, const ast *decl);
static void read_field_specs(checker *c, field_spec *f, const ast *fd);
field_spec *check_field_new(checker *c, const char *name, const char *path, const ast *decl)
{
    return field_new(c, name, path, decl);
}
void check_read_field_specs(checker *c, field_spec *f, const ast *fd) { read_field_specs(c, f, fd); }

static field_spec *field_new(checker *c, const char *name, const char *path, const ast *decl)
{
    field_spec *f = arena_zalloc(c->A, sizeof *f);
    f->name = name;
    f->path = path;
    f->decl = decl;
    f->type = &type_error;
    f->slot = -1;
    f->elem_index = -1;
    f->max_entries = -1;
    return f;
}

/* The fields below every group, by (group, name): declaring and finding a
 * field costs the same however many its group has. */
typedef struct child_map {
    int cap, n;            /* cap a power of two */
    field_spec **slots;    /* the children; their group in `parents` */
    const field_spec **parents;
} child_map;

static uint32_t child_hash(const field_spec *g, const char *name)
{
    return hash_text(name) ^ (uint32_t)((uintptr_t)g >> 4) * 2654435761u;
}

static field_spec *field_child(const checker *c, const field_spec *g, const char *name)
{
    const child_map *m = c->children;
    if (!g || !m || !m->cap) return NULL;
    uint32_t j = child_hash(g, name) & (uint32_t)(m->cap - 1);
    for (; m->slots[j]; j = (j + 1) & (uint32_t)(m->cap - 1))
        if (m->parents[j] == g && strcmp(m->slots[j]->name, name) == 0) return m->slots[j];
    return NULL;
}

static void child_map_put(arena *A, child_map *m, const field_spec *g, field_spec *child)
{
    if ((m->n + 1) * 2 > m->cap) {
        child_map old = *m;
        m->cap = old.cap ? old.cap * 2 : 64;
        m->slots = arena_zalloc(A, (size_t)m->cap * sizeof *m->slots);
        m->parents = arena_zalloc(A, (size_t)m->cap * sizeof *m->parents);
        m->n = 0;
        for (int i = 0; i < old.cap; i++)
            if (old.slots[i]) child_map_put(A, m, old.parents[i], old.slots[i]);
    }
    uint32_t j = child_hash(g, child->name) & (uint32_t)(m->cap - 1);
    while (m->slots[j]) j = (j + 1) & (uint32_t)(m->cap - 1);
    m->slots[j] = child;
    m->parents[j] = g;
    m->n++;
}

static void field_add_child(checker *c, field_spec *g, field_spec *child)
{
    VEC_RESERVE_IN(c->A, g->children, g->nchildren, g->nchildren + 1, g->children_cap);
    g->children[g->nchildren++] = child;
    child_map_put(c->A, c->children, g, child);
}

static const char *join_path(checker *c, const field_spec *parent, const char *name)
{
    if (!parent || !parent->path || !parent->path[0]) return name;
    return arena_printf(c->A, "%s.%s", parent->path, name);
}

static const char *const field_words[] = {
    "text", "integer", "decimal", "money", "boolean", "date", "datetime", "month",
    "record", "optional", "key", "nonempty", "display", "default",
};

/* Type names from spreadsheets and other languages, and the kaohe type. */
static const char *type_alias(const char *word)
{
    static const char *const aliases[][2] = {
        {"ratio", N_("a ratio is written 'decimal' (its values 0.95 or 95%)")},
        {"percent", N_("a percentage is written 'decimal' (its values 0.95 or 95%)")},
        {"percentage", N_("a percentage is written 'decimal' (its values 0.95 or 95%)")},
        {"rate", N_("a rate is written 'decimal' (its values 0.08 or 8%)")},
        {"float", N_("did you mean 'decimal'?")},
        {"double", N_("did you mean 'decimal'?")},
        {"string", N_("did you mean 'text'?")},
        {"yuan", N_("an amount of yuan is written 'money'")},
        {"amount", N_("an amount of yuan is written 'money'")},
    };
    for (size_t i = 0; i < sizeof aliases / sizeof *aliases; i++)
        if (strcmp(word, aliases[i][0]) == 0) return aliases[i][1];
    return NULL;
}

/* Orders `one of` items by text, then by place. */
static int by_text_then_place(const void *x, const void *y)
{
    const ast *a = *(const ast *const *)x, *b = *(const ast *const *)y;
    int c = strcmp(a->str, b->str);
    if (c) return c;
    return a->at.start < b->at.start ? -1 : a->at.start > b->at.start;
}

/* "listed twice" at every repeat of a value of `one of` (sorted, so that a
 * long enumeration costs n log n, not n squared). */
static void report_repeated_values(checker *c, const ast **items, int n)
{
    const ast **sorted = arena_alloc(c->A, (size_t)n * sizeof *sorted);
    memcpy(sorted, items, (size_t)n * sizeof *sorted);
    qsort(sorted, (size_t)n, sizeof *sorted, by_text_then_place);
    for (int i = 1; i < n; i++)
        if (strcmp(sorted[i]->str, sorted[i - 1]->str) == 0)
            diag_error(c->d, sorted[i]->at, "the value \"%s\" is listed twice", sorted[i]->str);
}

/* Reads a field's description items (type, flags, bounds, default). */
static void read_field_specs(checker *c, field_spec *f, const ast *fd)
{
    ptrvec values = {0}; /* of an enumeration: every one listed */
    const ast *enum_at = NULL;
    for (int i = 0; i < fd->list.n; i++) {
        const ast *s = fd->list.v[i];
        switch ((spec_op)s->op) {
        case SPEC_WORD: {
            const ktype *t = type_by_name(s->str);
            if (t) {
                if (f->base || f->is_group) diag_error(c->d, s->at, "the field '%s' is given two types", f->path);
                f->base = t;
            } else if (strcmp(s->str, "record") == 0) {
                f->is_group = true;
            } else if (strcmp(s->str, "optional") == 0) {
                f->optional = true;
            } else if (strcmp(s->str, "key") == 0) {
                f->key = true;
                f->not_empty = true;
            } else if (strcmp(s->str, "nonempty") == 0 || strcmp(s->str, "non_empty") == 0) {
                f->not_empty = true;
            } else if (strcmp(s->str, "display") == 0) {
                f->display = true;
            } else {
                int k = diag_error(c->d, s->at, "unknown word '%s' in the description of field '%s'", s->str, f->path);
                const char *alias = type_alias(s->str);
                const char *best = suggest_name(s->str, field_words, (int)(sizeof field_words / sizeof *field_words));
                if (alias) diag_hint(c->d, k, "%s", _(alias));
                else if (best) diag_hint(c->d, k, "did you mean '%s'?", best);
            }
            break;
        }
        case SPEC_DEFAULT:
            if (strcmp(s->str, "default") != 0) {
                diag_error(c->d, s->at, "expected 'default <value>' here, not '%s ...'", s->str);
                break;
            }
            f->default_expr = s->a;
            f->optional = true;
            break;
        case SPEC_NOT_EMPTY:
            if (strcmp(s->str, "empty") != 0) diag_error(c->d, s->at, "expected 'not empty'");
            f->not_empty = true;
            break;
        case SPEC_ENUM:
            if (values.n == 0) enum_at = s;
            vec_push(c->A, &values, (void *)s);
            if (s->label) check_value_label(c, s);
            break;
        case SPEC_LIST_OF: {
            f->is_list = true;
            if (strcmp(s->str, "record") == 0) break;
            const ktype *t = type_by_name(s->str);
            if (!t) diag_error(c->d, s->at, "unknown type '%s' (a list can hold text, integer, decimal, money, boolean, date, datetime, month or record)", s->str);
            f->base = t ? t : &type_error; /* not a list of records: no error about its fields */
            break;
        }
        case SPEC_AT_LEAST: f->min = s->a; break;
        case SPEC_MORE_THAN: f->min = s->a; f->min_strict = true; break;
        case SPEC_AT_MOST: f->max = s->a; break;
        case SPEC_LESS_THAN: f->max = s->a; f->max_strict = true; break;
        case SPEC_WITHIN: f->min = s->a; f->max = s->b; break;
        case SPEC_MAX_ENTRIES:
            if (strcmp(s->str, "entries") != 0 && strcmp(s->str, "entry") != 0 && strcmp(s->str, "items") != 0) {
                diag_error(c->d, s->at, "expected 'at most N entries'");
                break;
            }
            int64_t k;
            if (s->a->kind != AST_NUMBER || !num_to_int64(s->a->num.value, &k) || k < 0 || k > 1000000) {
                diag_error(c->d, s->a->at, "the number of entries must be a whole number from 0 to 1000000");
                break;
            }
            f->max_entries = (int)k;
            break;
        }
    }
    if (values.n) {
        if (f->base || f->is_group) diag_error(c->d, enum_at->at, "the field '%s' is given two types", f->path);
        report_repeated_values(c, (const ast **)values.v, values.n);
        const char **names = arena_alloc(c->A, (size_t)values.n * sizeof *names);
        for (int i = 0; i < values.n; i++) names[i] = ((const ast *)values.v[i])->str;
        f->base = type_enum(c->A, names, values.n);
    }
}

static void build_fields(checker *c, field_spec *parent, const ast_list *decls);

/* Finds or creates the group a dotted path leads to; NULL on error. */
static field_spec *walk_path(checker *c, field_spec *g, const ast *path, const ast *decl)
{
    if (path->kind == AST_NAME) return g;
    field_spec *parent = walk_path(c, g, path->a, decl);
    if (!parent) return NULL;
    const ast *seg = path->a;
    field_spec *child = field_child(c, parent, seg->str);
    if (!child) {
        child = field_new(c, seg->str, join_path(c, parent, seg->str), decl);
        child->is_group = true;
        child->implicit = true;
        field_add_child(c, parent, child);
    } else if (!child->is_group) {
        diag_error(c->d, seg->at, "'%s' is a field, not a group of fields", child->path);
        return NULL;
    }
    return child;
}

static void build_field(checker *c, field_spec *root, const ast *fd)
{
    const ast *path = fd->a;
    field_spec *g = walk_path(c, root, path, fd);
    if (!g) return;
    const char *name = path->str;
    field_spec *f = field_child(c, g, name);
    /* a group made by a dotted path may get its own line once; any other
     * field (or group) declared again is a mistake */
    if (f && !(f->implicit && f->is_group && f->nchildren > 0 && !f->base)) {
        diag_error(c->d, path->at, "the field '%s' is declared twice", f->path);
        return;
    }
    if (!f) {
        f = field_new(c, name, join_path(c, g, name), fd);
        field_add_child(c, g, f);
    }
    f->decl = fd;
    f->implicit = false;
    f->label = fd->label;
    int errors = c->d->errors;
    read_field_specs(c, f, fd);
    bool specs_said = c->d->errors > errors; /* a word of its description was wrong: said once */
    if (fd->list2.n) {
        if (!f->is_group && !(f->is_list && !f->base)) {
            diag_error(c->d, path->at, "only a record or a list of records can have fields below it");
            if (!f->base) f->base = &type_error; /* an unknown type: still typed, as an error */
            return;
        }
        build_fields(c, f, &fd->list2);
    }
    if (!f->base && !f->is_group && !f->is_list) {
        if (!specs_said)
            diag_error(c->d, path->at,
                   "the field '%s' needs a type: text, integer, decimal, money, boolean, date, datetime, month, "
                   "one of \"...\", list of ..., or record",
                   f->path);
        f->base = &type_error;
    }
    if (f->is_list && !f->base && f->nchildren == 0)
        diag_error(c->d, path->at, "a list of records needs its fields, indented on the lines below");
    if (f->is_group && f->nchildren == 0 && fd->list2.n == 0)
        diag_error(c->d, path->at, "a record needs its fields, indented on the lines below");
}

static void build_fields(checker *c, field_spec *parent, const ast_list *decls)
{
    for (int i = 0; i < decls->n; i++)
        if (decls->v[i]) build_field(c, parent, decls->v[i]);
}

/* Types of groups and lists, bottom-up; slots for leaves and lists; the
 * nearest optional group above each field (opt: f's), up to a list of
 * records (whose entries, when there are any, are read whole). */
static const ktype *finish_field(checker *c, field_spec *f, bool in_list, const field_spec *opt, ptrvec *leaves)
{
    f->optional_group = opt;
    if (f->is_group || (f->is_list && !f->base)) {
        const char **names = arena_alloc(c->A, (size_t)(f->nchildren + 1) * sizeof *names);
        const ktype **types = arena_alloc(c->A, (size_t)(f->nchildren + 1) * sizeof *types);
        bool elements = f->is_list;
        for (int i = 0; i < f->nchildren; i++) {
            field_spec *ch = f->children[i];
            names[i] = ch->name;
            types[i] = finish_field(c, ch, in_list || elements, elements ? NULL : f->optional ? f : opt, leaves);
            if (in_list || elements) ch->elem_index = i;
        }
        const ktype *rec = type_record(c->A, names, types, f->nchildren);
        f->type = f->is_list ? type_list(c->A, rec) : rec;
    } else {
        f->type = f->is_list ? type_list(c->A, f->base) : f->base;
    }
    if (!in_list && !f->is_group && f->path[0]) {
        f->slot = leaves->n;
        vec_push(c->A, leaves, f);
    }
    return f->type;
}

/* Symbols for fields: top-level ones are global names. */
static void field_symbols(checker *c, field_spec *g, bool top)
{
    for (int i = 0; i < g->nchildren; i++) {
        field_spec *f = g->children[i];
        symbol *s = symbol_new(c, f->is_group ? SYM_GROUP : SYM_FIELD, f->name, f->decl);
        s->type = f->type;
        s->index = f->slot;
        s->field = f;
        s->state = VISIT_DONE;
        f->sym = s;
        if (top) declare_global(c, s);
        if (f->is_group) field_symbols(c, f, false);
        else if (f->is_list && !f->base) field_symbols(c, f, false);
    }
}

/* Bounds may name other fields of the record; both sides must compare. */
static bool literal_adapts(const ast *e, const ktype *want)
{
    return want->kind == T_MONEY && tc_is_literal(e) && e->type && (e->type->kind == T_INT || e->type->kind == T_DEC);
}

static bool fits_field(const ktype *field, const ktype *got, const ast *e)
{
    if (got->kind == T_ERROR || field->kind == T_ERROR) return true;
    if (literal_adapts(e, field)) return true;
    if (type_is_numeric(field) && type_is_numeric(got))
        return (field->kind == T_MONEY) == (got->kind == T_MONEY);
    if (field->kind == T_ENUM && e->kind == AST_STRING) return type_enum_index(field, e->str, e->str_len) >= 0;
    return type_equal(field, got);
}

static void check_field_exprs(checker *c, field_spec *f)
{
    char b1[128], b2[128];
    const ktype *ft = f->is_list ? f->type : f->base;
    if (f->min || f->max) {
        /* (an unknown type has had its error already) */
        bool boundable = f->base && (type_is_numeric(f->base) || f->base->kind == T_DATE || f->base->kind == T_MONTH ||
                                     f->base->kind == T_DATETIME || f->base->kind == T_ERROR);
        if (!boundable) diag_error(c->d, (f->min ? f->min : f->max)->at, "only numbers and dates can have bounds");
        const ast *bounds[2] = {f->min, f->max};
        for (int k = 0; k < 2; k++) {
            if (!bounds[k]) continue;
            c->in_bounds = true;
            const ktype *t = tc_expr(c, (ast *)bounds[k]);
            c->in_bounds = false;
            if (boundable && !fits_field(f->base, t, bounds[k]) && !check_bare_date(c, bounds[k], f->base))
                diag_error(c->d, bounds[k]->at, "this bound is %s but the field '%s' is %s", type_name(t, b1, sizeof b1),
                           f->path, type_name(f->base, b2, sizeof b2));
            else if (boundable && type_is_numeric(f->base))
                warn_bare_date_number(c->d, bounds[k]); /* `at least 2014-01` on a number: 2013 */
        }
    }
    if (f->default_expr) {
        if (!ft) {
            diag_error(c->d, f->default_expr->at, "a record cannot have a default (its fields can); write 'optional'");
        } else if (!tc_is_literal(f->default_expr)) {
            diag_error(c->d, f->default_expr->at, "a default must be a plain value (a number, a text, true/false or a list of them)");
        } else {
            const ktype *t = tc_expr(c, (ast *)f->default_expr);
            if (!fits_field(ft, t, f->default_expr))
                diag_error(c->d, f->default_expr->at, "this default is %s but the field '%s' is %s",
                           type_name(t, b1, sizeof b1), f->path, type_name(ft, b2, sizeof b2));
        }
    }
    /* (a field of an unknown type has had its error already) */
    bool text = f->base && (f->base->kind == T_TEXT || f->base->kind == T_ERROR);
    if (f->key && (f->is_group || f->is_list || (f->base && !text)))
        diag_error(c->d, f->decl->at, "a key field must be text");
    for (int i = 0; i < f->nchildren; i++) check_field_exprs(c, f->children[i]);
}

static void build_input(checker *c, ptrvec *inputs)
{
    program *p = c->p;
    p->input = field_new(c, "", "", NULL);
    p->input->is_group = true;
    for (int i = 0; i < inputs->n; i++) build_fields(c, p->input, &((ast *)inputs->v[i])->list);
    ptrvec leaves = {0};
    finish_field(c, p->input, false, NULL, &leaves);
    p->leaves = (field_spec **)leaves.v;
    p->nleaves = leaves.n;
    field_symbols(c, p->input, true);
    for (int i = 0; i < p->nleaves; i++) {
        field_spec *f = p->leaves[i];
        if (!f->key) continue;
        if (p->key) diag_error(c->d, f->decl->at, "only one field can be the key (the first is '%s')", p->key->path);
        else p->key = f;
    }
    /* a key that a record leaves out with its optional record: the
     * record's results would have no id */
    const field_spec *grp = p->key ? field_spec_left_out_with(p->key) : NULL;
    if (grp && !p->key->default_expr) {
        int k = diag_warning(c->d, p->key->decl->at,
                             "the key '%s' is a field of the optional record '%s': a record that leaves '%s' out "
                             "has no key, and its results no id",
                             p->key->path, grp->path, grp->path);
        diag_hint(c->d, k, "make '%s' a required record, or move the key out of it", grp->path);
    }
}

/* ---- parameters --------------------------------------------------------- */

static void declare_param(checker *c, ast *d, ptrvec *params)
{
    symbol *s = symbol_new(c, SYM_PARAM, d->str, d);
    s->index = params->n;
    vec_push(c->A, params, s);
    declare_global(c, s);
}

static void check_dated_values(checker *c, symbol *s);

void check_value_label(checker *c, const ast *value)
{
    for (int i = 0; i < c->labelled.n; i++) {
        const ast *o = c->labelled.v[i];
        if (strcmp(o->str, value->str) == 0 && strcmp(o->label, value->label) != 0) {
            int line, col;
            source_position(o->at.src, o->at.start, &line, &col);
            int k = diag_error(c->d, value->at, "\"%s\" is shown as \"%s\" here but as \"%s\" at line %d: a value has one label",
                               value->str, value->label, o->label, line);
            diag_hint(c->d, k, "give it the same label everywhere, or the label only once");
            return;
        }
    }
    vec_push(c->A, &c->labelled, (void *)value);
}

const ktype *check_declared_enum(checker *c, const ast *type)
{
    const char **values = arena_alloc(c->A, (size_t)(type->list.n ? type->list.n : 1) * sizeof *values);
    int n = 0;
    for (int i = 0; i < type->list.n; i++) {
        const ast *v = type->list.v[i];
        bool dup = false;
        for (int j = 0; j < n; j++) dup |= strcmp(values[j], v->str) == 0;
        if (dup) {
            diag_error(c->d, v->at, "\"%s\" is listed twice", v->str);
            continue;
        }
        values[n++] = v->str;
        if (v->label) check_value_label(c, v);
    }
    return type_enum(c->A, values, n);
}

static void check_param(checker *c, symbol *s)
{
    ast *d = (ast *)s->decl;
    char b1[64], b2[64];
    if (!tc_is_literal(d->a)) {
        diag_error(c->d, d->a->at, "a param must be a plain value (such as 8%%, 200 yuan or 65)");
        s->type = &type_error;
        s->state = VISIT_DONE;
        return;
    }
    const ktype *t = tc_expr(c, d->a);
    if (d->b && d->b->op == TYPE_ONE_OF) {
        diag_error(c->d, d->b->at, "a param cannot be declared 'one of' (write its value as a text)");
    } else if (d->b) {
        const ktype *want = type_by_name(d->b->str);
        if (!want) {
            diag_error(c->d, d->b->at, "unknown type '%s'", d->b->str);
        } else {
            if (!fits_field(want, t, d->a))
                diag_error(c->d, d->a->at, "the param '%s' is declared %s but its value is %s", s->name,
                           type_name(want, b1, sizeof b1), type_name(t, b2, sizeof b2));
            t = want;
        }
    }
    if (t->kind == T_ENUM) t = &type_text;
    s->type = t;
    s->state = VISIT_DONE;
    if (d->list.n) check_dated_values(c, s);
}

/* The month a dated value names: 2014-07 as written, or "2014-07". */
static bool dated_month(checker *c, ast *m, int32_t *out)
{
    const char *text = m->kind == AST_STRING ? m->str : m->at.src->text + m->at.start;
    size_t len = m->kind == AST_STRING ? m->str_len : m->at.end - m->at.start;
    if (month_parse(text, len, out)) return true;
    char why[128];
    dates_explain_error('m', text, len, why, sizeof why);
    int k = diag_error(c->d, m->at, "a param's value changes at a month, written as 2014-07: %s", why);
    diag_hint(c->d, k, "e.g. param rate = 8%% until 2014-06, 10%% from 2014-07");
    return false;
}

/* `param rate = 8% until 2014-06, 10% from 2014-07`: every value a plain
 * value of the first one's type; the months in order, each range starting
 * where the one before ended (no month without a value between them, none
 * with two). */
static void check_dated_values(checker *c, symbol *s)
{
    ast *d = (ast *)s->decl;
    char b1[64], b2[64];
    int32_t prev = 0;
    for (int i = 0; i < d->list.n; i++) {
        ast *v = d->list.v[i];
        if (i > 0) {
            if (!tc_is_literal(v->a)) {
                diag_error(c->d, v->a->at, "a param must be a plain value (such as 8%%, 200 yuan or 65)");
                continue;
            }
            const ktype *t = tc_expr(c, v->a);
            if (t->kind == T_ENUM) t = &type_text;
            if (!d->b && s->type->kind == T_INT && t->kind == T_DEC) s->type = t; /* 65 until …, 70.5 from … */
            if (t != s->type && !fits_field(s->type, t, v->a)) {
                diag_error(c->d, v->a->at, "the param '%s' is %s, but this value is %s", s->name,
                           type_name(s->type, b1, sizeof b1), type_name(t, b2, sizeof b2));
                continue;
            }
        }
        int32_t m;
        if (!dated_month(c, v->b, &m)) continue;
        v->index = m;
        if (i == 0) {
            prev = m;
            continue;
        }
        char pm[8], mm[8];
        month_format(prev, pm);
        month_format(m, mm);
        bool after_until = d->list.v[i - 1]->op == DATED_UNTIL;
        if (after_until && m != prev + 1) {
            int k = diag_error(c->d, v->b->at, m <= prev ? "the value until %s already covers %s"
                                                        : N_("no value is given for the months after %s and before %s"),
                               pm, mm);
            month_format(prev + 1, mm);
            diag_hint(c->d, k, "the value after 'until %s' starts 'from %s'", pm, mm);
        } else if (!after_until && m <= prev) {
            diag_error(c->d, v->b->at, "the months go forward: %s is not after %s", mm, pm);
        }
        prev = m;
    }
    if (s->type->kind == T_LIST || s->type->kind == T_RECORD)
        diag_error(c->d, d->at, "a dated param holds plain values (a number, money, text, a date or a month)");
}

/* A dated param is chosen by each record's period: the policy needs a
 * `roster by` month. */
static void check_dated_period(checker *c)
{
    program *p = c->p;
    for (int i = 0; i < p->nparams; i++) {
        const ast *d = p->params[i]->decl;
        if (!d->list.n || (p->roster_by && p->roster_by->base == &type_month)) continue;
        int k = diag_error(c->d, d->at, "the param '%s' has dated values, chosen by each record's month, but the policy has no 'roster by' a month field",
                           d->str);
        diag_hint(c->d, k, "add 'roster by period' with an input field 'period: month'");
    }
}

/* ---- program ----------------------------------------------------------- */

/* A second `policy "…"` line, in this file or in another of the policy
 * (the main file or one it includes): the name would be dropped without
 * a word.  `first` is the one that names it. */
static void named_twice(checker *c, const ast *d, const ast *first)
{
    int line, col;
    source_position(first->at.src, first->at.start, &line, &col);
    if (first->at.src == d->at.src)
        diag_error(c->d, d->at, "the policy is already named \"%s\" at line %d: keep one 'policy' line", first->str, line);
    else
        diag_error(c->d, d->at, "the policy is already named \"%s\" in %s at line %d: keep one 'policy' line",
                   first->str, first->at.src->name, line);
}

static void collect(checker *c, ast *file, ptrvec *inputs, ptrvec *params, ptrvec *defs, ptrvec *checks,
                    const ast **roster_by, const ast **chain, const ast **titled)
{
    program *p = c->p;
    for (int i = 0; i < file->list.n; i++) {
        ast *d = file->list.v[i];
        if (!d) continue;
        switch ((ast_kind)d->kind) {
        case AST_POLICY:
            if (*titled) {
                named_twice(c, d, *titled);
                break;
            }
            *titled = d;
            p->title = d->str;
            break;
        case AST_INCLUDE:
            break; /* the loader has read it */
        case AST_ROSTER_BY:
            if (*roster_by) diag_error(c->d, d->at, "'roster by' is given twice");
            else *roster_by = d;
            break;
        case AST_CHAIN:
            if (*chain) diag_error(c->d, d->at, "'chain' is given twice");
            else *chain = d;
            break;
        case AST_PARAM:
            vec_push(c->A, params, d);
            break;
        case AST_DEF:
            vec_push(c->A, defs, d);
            break;
        case AST_INPUT:
            vec_push(c->A, inputs, d);
            break;
        case AST_CHECK:
            vec_push(c->A, checks, d);
            break;
        default:
            break;
        }
    }
}

/* The input field a dotted path (a NAME/MEMBER chain) names, or NULL. */
static field_spec *path_field(const checker *c, field_spec *root, const ast *e)
{
    if (!root || !e) return NULL;
    if (e->kind == AST_NAME) return field_child(c, root, e->str);
    if (e->kind != AST_MEMBER) return NULL;
    return field_child(c, path_field(c, root, e->a), e->str);
}

static void set_roster_by(checker *c, const ast *rb)
{
    if (!rb) return;
    field_spec *f = path_field(c, c->p->input, rb->a);
    if (!f && c->names_missing) return;
    if (!f || f->is_group || f->is_list) {
        diag_error(c->d, rb->a->at, "'roster by' needs a field of the input (such as period)");
        return;
    }
    c->p->roster_by = f;
    f->used = true;
}

/* `chain prior from carry`: next period's `prior` is this period's `carry`. */
static void set_chain(checker *c, const ast *ch)
{
    if (!ch) return;
    program *p = c->p;
    symbol *f = ch->a->kind == AST_NAME ? symtab_get(p->names, ch->a->str) : NULL;
    if (!f && c->names_missing) return;
    if (!f || f->kind != SYM_GROUP || !f->field->optional) {
        diag_error(c->d, ch->a->at, "'chain' needs an optional record of the input (such as prior)");
        return;
    }
    symbol *o = symtab_get(p->names, ch->str);
    if (!o || o->kind != SYM_DEF || o->decl->op != DEF_OUTPUT) {
        diag_error(c->d, ch->at, "'chain ... from' needs an output (such as carry)");
        return;
    }
    if (!p->key) {
        int k = diag_error(c->d, ch->at, "'chain' matches last month's results to records by their key, and the input has none");
        diag_hint(c->d, k, "mark the id field 'key'");
        return;
    }
    p->chain_field = f->field;
    p->chain_output = o;
    if (p->roster_by && p->roster_by->base == &type_month) p->chain_period = p->roster_by;
}

/* `chain prior from carry`: next month, --prior reads this month's carry
 * as the record's prior (src/io/prior.c: "'carry' is not an object"), so
 * carry must be a record, else the policy's own results could never be
 * chained.  (Its fields may differ: prior takes those it has, with its
 * defaults for the rest.) */
static void check_chain_carry(checker *c, const ast *ch)
{
    const program *p = c->p;
    if (!ch || !p->chain_field || !p->chain_output) return;
    const ktype *t = p->chain_output->type;
    const field_spec *g = p->chain_field;
    if (!t || t->kind == T_ERROR || t->kind == T_RECORD) return;
    int k = diag_error(c->d, ch->at, "'%s' becomes next month's '%s', so it must be a record", ch->str, g->path);
    diag_hint(c->d, k, "e.g. 'output %s = {%s: ...}'", ch->str, g->nchildren ? g->children[0]->name : "...");
}

/* Is field f the group g or below it? */
static bool field_within(const field_spec *f, const field_spec *g)
{
    size_t n = strlen(g->path);
    return f == g || (strncmp(f->path, g->path, n) == 0 && f->path[n] == '.');
}

/* Does expression e read the input group g, itself or through the
 * definitions it names?  seen: [ndefs] definitions already walked. */
static bool reads_group(const ast *e, const field_spec *g, uint8_t *seen)
{
    if (!e) return false;
    const symbol *s = e->sym;
    if (s && (e->kind == AST_NAME || e->kind == AST_MEMBER)) {
        if ((s->kind == SYM_FIELD || s->kind == SYM_GROUP) && s->field && field_within(s->field, g)) return true;
        if (s->kind == SYM_DEF && !seen[s->index]) {
            seen[s->index] = 1;
            if (reads_group(s->decl->a, g, seen)) return true;
        }
    }
    if (reads_group(e->a, g, seen) || reads_group(e->b, g, seen) || reads_group(e->c, g, seen)) return true;
    for (int i = 0; i < e->list.n; i++)
        if (reads_group(e->list.v[i], g, seen)) return true;
    return false;
}

/* `chain prior from carry unless hired_this_month`: the condition is read
 * for each record before its prior is filled, so it must be a yes/no value
 * of the record alone (no roster function) that does not read the chained
 * group. */
static void set_chain_unless(checker *c, const ast *ch)
{
    program *p = c->p;
    if (!ch || !ch->b || !p->chain_field) return;
    if (strcmp(ch->c->str, "unless") != 0) {
        diag_error(c->d, ch->c->at, "expected 'unless' here ('chain %s from %s unless NEW_HIRE')", p->chain_field->path,
                   ch->str);
        return;
    }
    symbol *s = symtab_get(p->names, ch->b->str);
    if (!s || (s->kind != SYM_DEF && s->kind != SYM_FIELD)) {
        int k = diag_error(c->d, ch->b->at, "'unless' needs a yes/no definition or input field, and '%s' is %s",
                           ch->b->str, s ? _("not one") : _("not defined"));
        diag_hint(c->d, k, "define it, e.g. 'hired_this_month = month_of(hire_date) = period'");
        return;
    }
    s->used = true;
    if (s->field) s->field->used = true;
    if (!s->type || s->type->kind != T_BOOL) {
        diag_error(c->d, ch->b->at, "'unless' needs a yes/no value, and '%s' is not one", s->name);
        return;
    }
    if (s->phase > 0) {
        diag_error(c->d, ch->b->at, "'%s' depends on a function over the roster: 'unless' is read for each record "
                   "before the roster is known", s->name);
        return;
    }
    uint8_t *seen = arena_zalloc(c->A, (size_t)p->ndefs + 1);
    if (s->kind == SYM_DEF && reads_group(s->decl->a, p->chain_field, seen)) {
        diag_error(c->d, ch->b->at, "'%s' reads '%s', which the chain fills: 'unless' is read before it is filled",
                   s->name, p->chain_field->path);
        return;
    }
    p->chain_unless = s;
}

/* The fields below a group that is used whole are used. */
static void mark_whole_groups(field_spec *f, bool whole)
{
    whole |= f->used_whole;
    if (whole) f->used = true;
    for (int i = 0; i < f->nchildren; i++) mark_whole_groups(f->children[i], whole);
}

static void warn_unused(checker *c)
{
    program *p = c->p;
    if (p->input) mark_whole_groups(p->input, false);
    for (int i = 0; i < p->nparams; i++)
        if (!p->params[i]->used)
            diag_warning(c->d, p->params[i]->decl->at, "the param '%s' is never used", p->params[i]->name);
    for (int i = 0; i < p->ndefs; i++) {
        symbol *s = p->defs[i];
        if (!s->used && s->decl->op != DEF_OUTPUT)
            diag_warning(c->d, s->decl->at, "'%s' is defined but never used (and is not an output)", s->name);
    }
    for (int i = 0; i < p->nleaves; i++) {
        field_spec *f = p->leaves[i];
        if (f->used || f->key || f->display || f->sym->used) continue;
        if (f->is_list && !f->base) {
            bool any = false;
            for (int k = 0; k < f->nchildren; k++) any |= f->children[k]->used;
            if (any) continue;
        }
        int k = diag_warning(c->d, f->decl->at, "the input field '%s' is never used", f->path);
        diag_hint(c->d, k, "mark it 'display' if it is only shown on slips and reports");
    }
}

program *check_program(arena *A, ast **files, const source **sources, int nfiles, int errors_at_load,
                       diag_list *diags)
{
    return check_program_with(A, files, sources, nfiles, errors_at_load, false, diags);
}

program *check_program_with(arena *A, ast **files, const source **sources, int nfiles, int errors_at_load,
                            bool names_missing, diag_list *diags)
{
    checker cc;
    memset(&cc, 0, sizeof cc);
    checker *c = &cc;
    c->names_missing = names_missing;
    c->A = A;
    c->d = diags;
    program *p = arena_zalloc(A, sizeof *p);
    p->A = A;
    p->names = arena_zalloc(A, sizeof(symtab));
    p->sources = sources;
    p->nsources = nfiles;
    c->p = p;
    c->children = arena_zalloc(A, sizeof *c->children);

    ptrvec inputs = {0}, param_decls = {0}, def_decls = {0}, checks = {0}, params = {0}, defs = {0}, outputs = {0};
    const ast *roster_by = NULL, *chain = NULL, *titled = NULL; /* the `policy "…"` line */
    for (int i = 0; i < nfiles; i++)
        collect(c, files[i], &inputs, &param_decls, &def_decls, &checks, &roster_by, &chain, &titled);
    int ndecls = 0;
    for (int i = 0; i < nfiles; i++) ndecls += files[i] ? files[i]->list.n : 0;
    if (ndecls == 0 && diags->errors == 0) /* a file emptied by accident is not a policy */
        diag_error(diags, span_at(sources[0], 0, 0), "the policy is empty: it declares no input, params or outputs");

    build_input(c, &inputs);
    for (int i = 0; i < param_decls.n; i++) declare_param(c, param_decls.v[i], &params);
    p->params = (symbol **)params.v;
    p->nparams = params.n;
    for (int i = 0; i < def_decls.n; i++) {
        ast *d = def_decls.v[i];
        symbol *s = symbol_new(c, SYM_DEF, d->str, d);
        s->index = defs.n;
        vec_push(A, &defs, s);
        declare_global(c, s);
        if (d->op == DEF_OUTPUT) vec_push(A, &outputs, s);
    }
    p->defs = (symbol **)defs.v;
    p->ndefs = defs.n;
    p->outputs = (symbol **)outputs.v;
    p->noutputs = outputs.n;

    for (int i = 0; i < p->nparams; i++) check_param(c, p->params[i]);
    if (p->input) check_field_exprs(c, p->input);
    set_roster_by(c, roster_by);
    check_dated_period(c);
    check_tables(c, files, nfiles);
    set_chain(c, chain);
    /* each definition after those it uses: typing one never follows a chain
     * of definitions down, whatever order they are declared in */
    p->def_order = order_definitions(A, p);
    for (int i = 0; i < p->ndefs; i++) tc_definition(c, p->def_order[i]);
    set_chain_unless(c, chain);
    check_chain_carry(c, chain);

    p->nvalue_labels = c->labelled.n;
    p->value_codes = arena_alloc(A, (size_t)(c->labelled.n ? c->labelled.n : 1) * sizeof *p->value_codes);
    p->value_labels = arena_alloc(A, (size_t)(c->labelled.n ? c->labelled.n : 1) * sizeof *p->value_labels);
    for (int i = 0; i < c->labelled.n; i++) {
        const ast *v = c->labelled.v[i];
        p->value_codes[i] = v->str;
        p->value_labels[i] = v->label;
    }
    p->surface = nfiles > 0 && files[0] ? files[0]->op : 0;
    p->checks = (const ast **)checks.v;
    p->nchecks = checks.n;
    for (int i = 0; i < p->nchecks; i++) {
        ast *ch = (ast *)p->checks[i];
        c->in_check = true;
        const ktype *t = tc_expr(c, ch->a);
        c->in_check = false;
        if (t->kind != T_BOOL && t->kind != T_ERROR)
            diag_error(c->d, ch->a->at, "a check must be a condition (true or false)");
        if (ch->a->phase > p->max_phase) p->max_phase = ch->a->phase;
    }
    for (int i = 0; i < p->noutputs; i++)
        if (p->outputs[i]->phase > p->max_phase) p->max_phase = p->outputs[i]->phase;
    if (p->noutputs == 0 && p->ndefs > 0)
        diag_warning(c->d, p->defs[0]->decl->at, "the policy has no outputs: mark the results with 'output'");
    p->has_roster = p->max_phase > 0 || p->key != NULL || p->nchecks > 0;
    /* after an error (a syntax error too), names in what failed were never
     * marked used and expressions are half-typed: warnings would be noise */
    if (diags->errors == errors_at_load) {
        check_nesting(p, diags);
        bool bounded = diags->errors == errors_at_load; /* every chain of definitions is short */
        warn_unused(c);
        lint_program(p, diags);
        if (p->chain_field && !p->chain_period) {
            int k = diag_warning(c->d, chain->at, "--prior cannot check that it is given the month before: the policy "
                                 "has no 'roster by' a month field");
            diag_hint(c->d, k, "add e.g. 'roster by period' (period: month)");
        }
        if (bounded) lint_units(p, diags);
    }
    return p;
}
