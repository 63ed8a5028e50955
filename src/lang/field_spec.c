/*
 * field_spec.c — questions about the input schema's fields that the
 * checker and the compiled plan both ask: which field a record type is
 * (a group, or a list's entries), whether a field may be absent, and
 * which optional group leaves it out.
 */
#include "program.h"

const field_spec *field_spec_of_record(const field_spec *f, const ktype *rec)
{
    if (!f) return NULL;
    if (f->nchildren && (f->type == rec || (f->type && f->type->kind == T_LIST && f->type->elem == rec))) return f;
    for (int i = 0; i < f->nchildren; i++) {
        const field_spec *s = field_spec_of_record(f->children[i], rec);
        if (s) return s;
    }
    return NULL;
}

const field_spec *field_spec_member(const field_spec *input, const ktype *rec, int index)
{
    const field_spec *g = rec ? field_spec_of_record(input, rec) : NULL;
    return g && index >= 0 && index < g->nchildren ? g->children[index] : NULL;
}

/* Optional with no default; or, with no default, in an optional group
 * (absent when a record leaves the group out, required when it gives it). */
bool field_spec_may_be_absent(const field_spec *f)
{
    return f && (f->optional || f->in_optional_group) && !f->default_expr && !f->is_group;
}

/* Below g, the nearest optional group holding f (opt: g's own, or NULL);
 * found: whether f is below g at all. */
static const field_spec *left_out_below(const field_spec *g, const field_spec *f, const field_spec *opt, bool *found)
{
    for (int i = 0; i < g->nchildren && !*found; i++) {
        const field_spec *c = g->children[i];
        if (c == f) {
            *found = true;
            return opt;
        }
        if (!c->nchildren) continue;
        /* the entries of a list of records are read whole: none left out */
        const field_spec *inner = c->is_list ? NULL : c->is_group && c->optional ? c : opt;
        const field_spec *r = left_out_below(c, f, inner, found);
        if (*found) return r;
    }
    return NULL;
}

const field_spec *field_spec_left_out_with(const field_spec *input, const field_spec *f)
{
    if (!input || !f || f->optional || !f->in_optional_group) return NULL;
    bool found = false;
    return left_out_below(input, f, NULL, &found);
}
