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
    return f && (f->optional || f->optional_group) && !f->default_expr && !f->is_group;
}

const field_spec *field_spec_left_out_with(const field_spec *f)
{
    return f && !f->optional ? f->optional_group : NULL;
}
