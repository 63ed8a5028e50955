/*
 * types.c — type construction, comparison and naming.
 */
#include "types.h"

#include <stdio.h>
#include <string.h>

const ktype type_error = {.kind = T_ERROR};
const ktype type_bool = {.kind = T_BOOL};
const ktype type_int = {.kind = T_INT};
const ktype type_dec = {.kind = T_DEC};
const ktype type_money = {.kind = T_MONEY};
const ktype type_text = {.kind = T_TEXT};
const ktype type_date = {.kind = T_DATE};
const ktype type_datetime = {.kind = T_DATETIME};
const ktype type_month = {.kind = T_MONTH};
const ktype type_percent = {.kind = T_DEC, .percent = true};

const ktype *type_list(arena *A, const ktype *elem)
{
    ktype *t = arena_zalloc(A, sizeof *t);
    t->kind = T_LIST;
    t->elem = elem;
    return t;
}

const ktype *type_enum(arena *A, const char **values, int n)
{
    ktype *t = arena_zalloc(A, sizeof *t);
    t->kind = T_ENUM;
    t->nvalues = n;
    t->values = arena_alloc(A, (size_t)(n ? n : 1) * sizeof *t->values);
    for (int i = 0; i < n; i++) t->values[i] = values[i];
    return t;
}

const ktype *type_record(arena *A, const char **names, const ktype **fields, int n)
{
    ktype *t = arena_zalloc(A, sizeof *t);
    t->kind = T_RECORD;
    t->nfields = n;
    t->names = arena_alloc(A, (size_t)(n ? n : 1) * sizeof *t->names);
    t->fields = arena_alloc(A, (size_t)(n ? n : 1) * sizeof *t->fields);
    for (int i = 0; i < n; i++) {
        t->names[i] = names[i];
        t->fields[i] = fields[i];
    }
    return t;
}

int type_enum_index(const ktype *t, const char *value, size_t len)
{
    for (int i = 0; i < t->nvalues; i++)
        if (strlen(t->values[i]) == len && memcmp(t->values[i], value, len) == 0) return i;
    return -1;
}

int type_field_index(const ktype *t, const char *name)
{
    for (int i = 0; i < t->nfields; i++)
        if (strcmp(t->names[i], name) == 0) return i;
    return -1;
}

bool type_equal(const ktype *a, const ktype *b)
{
    if (a == b) return true;
    if (type_is_textual(a) && type_is_textual(b)) return true;
    if (a->kind != b->kind) return false;
    switch (a->kind) {
    case T_LIST:
        return !a->elem || !b->elem || type_equal(a->elem, b->elem);
    case T_RECORD:
        if (a->nfields != b->nfields) return false;
        for (int i = 0; i < a->nfields; i++)
            if (strcmp(a->names[i], b->names[i]) != 0 || !type_equal(a->fields[i], b->fields[i])) return false;
        return true;
    default:
        return true;
    }
}

/* The union of two enums' values, in order of first appearance. */
static const ktype *enum_union(arena *A, const ktype *a, const ktype *b)
{
    int n = a->nvalues + b->nvalues;
    const char **v = arena_alloc(A, (size_t)(n ? n : 1) * sizeof *v);
    int k = 0;
    for (int i = 0; i < a->nvalues; i++) v[k++] = a->values[i];
    for (int i = 0; i < b->nvalues; i++)
        if (type_enum_index(a, b->values[i], strlen(b->values[i])) < 0) v[k++] = b->values[i];
    return type_enum(A, v, k);
}

const ktype *type_join(arena *A, const ktype *a, const ktype *b)
{
    if (a->kind == T_ERROR) return b;
    if (b->kind == T_ERROR) return a;
    if (a == b) return a;
    if ((a->kind == T_INT && b->kind == T_DEC) || (a->kind == T_DEC && b->kind == T_INT)) return &type_dec;
    if (a->kind == T_ENUM && b->kind == T_ENUM) return enum_union(A, a, b);
    if (type_is_textual(a) && type_is_textual(b)) return &type_text;
    if (a->kind == T_LIST && b->kind == T_LIST) {
        if (!a->elem) return b;
        if (!b->elem) return a;
        const ktype *e = type_join(A, a->elem, b->elem);
        return e ? type_list(A, e) : NULL;
    }
    return type_equal(a, b) ? a : NULL;
}

static const struct {
    const char *name;
    const ktype *type;
} named_types[] = {
    {"boolean", &type_bool}, {"bool", &type_bool},   {"integer", &type_int},       {"int", &type_int},
    {"decimal", &type_dec},  {"number", &type_dec},  {"money", &type_money},       {"text", &type_text},
    {"date", &type_date},    {"datetime", &type_datetime}, {"month", &type_month},   {"percent", &type_percent},
};

const ktype *type_by_name(const char *name)
{
    for (size_t i = 0; i < sizeof named_types / sizeof named_types[0]; i++)
        if (strcmp(named_types[i].name, name) == 0) return named_types[i].type;
    return NULL;
}

const char *type_name(const ktype *t, char *buf, size_t cap)
{
    char inner[128];
    switch (t->kind) {
    case T_ERROR: snprintf(buf, cap, "?"); break;
    case T_BOOL: snprintf(buf, cap, "boolean"); break;
    case T_INT: snprintf(buf, cap, "integer"); break;
    case T_DEC: snprintf(buf, cap, "decimal"); break;
    case T_MONEY: snprintf(buf, cap, "money"); break;
    case T_TEXT: snprintf(buf, cap, "text"); break;
    case T_ENUM: {
        /* values that do not fit are left out whole, with ", …" */
        size_t len = (size_t)snprintf(buf, cap, "one of ");
        for (int i = 0; i < t->nvalues && len < cap; i++) {
            size_t need = strlen(t->values[i]) + 4 + (i + 1 < t->nvalues ? sizeof ", …" : 0);
            if (i > 0 && len + need >= cap) {
                snprintf(buf + len, cap - len, ", …");
                break;
            }
            len += (size_t)snprintf(buf + len, cap - len, "%s\"%s\"", i ? ", " : "", t->values[i]);
        }
        break;
    }
    case T_DATE: snprintf(buf, cap, "date"); break;
    case T_DATETIME: snprintf(buf, cap, "datetime"); break;
    case T_MONTH: snprintf(buf, cap, "month"); break;
    case T_LIST:
        snprintf(buf, cap, "list of %s", t->elem ? type_name(t->elem, inner, sizeof inner) : "anything");
        break;
    case T_RECORD: snprintf(buf, cap, "record"); break;
    }
    return buf;
}
