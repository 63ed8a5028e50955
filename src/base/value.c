/*
 * value.c — comparing runtime values.
 */
#include "value.h"

static int text_compare(const value *a, const value *b)
{
    uint32_t la = value_text_len(a), lb = value_text_len(b);
    int c = memcmp(a->s, b->s, la < lb ? la : lb);
    if (c) return c < 0 ? -1 : 1;
    return (la > lb) - (la < lb);
}

static bool is_text(const value *v) { return v->kind == VK_TEXT || v->kind == VK_ENUM; }

int value_compare(const value *a, const value *b)
{
    if (a->kind == VK_NUM && b->kind == VK_NUM) return num_cmp(a->n, b->n); /* the usual case, first */
    if (is_text(a) && is_text(b)) return text_compare(a, b);
    if (a->kind != b->kind) return (a->kind > b->kind) - (a->kind < b->kind);
    switch (a->kind) {
    case VK_BOOL: return (a->b > b->b) - (a->b < b->b);
    case VK_NUM: return num_cmp(a->n, b->n);
    case VK_DATE: return (a->date > b->date) - (a->date < b->date);
    case VK_DATETIME: return (a->dt > b->dt) - (a->dt < b->dt);
    case VK_MONTH: return (a->month > b->month) - (a->month < b->month);
    case VK_LIST:
    case VK_RECORD: {
        uint32_t n = a->len < b->len ? a->len : b->len;
        for (uint32_t i = 0; i < n; i++) {
            int c = value_compare(&a->items[i], &b->items[i]);
            if (c) return c;
        }
        return (a->len > b->len) - (a->len < b->len);
    }
    default: return 0;
    }
}

bool value_equal(const value *a, const value *b)
{
    if (a->kind == VK_ENUM && b->kind == VK_ENUM) return a->s == b->s || strcmp(a->s, b->s) == 0;
    if (a->kind == VK_NUM && b->kind == VK_NUM) return num_eq(a->n, b->n);
    return value_compare(a, b) == 0;
}

value value_keep(arena *A, value v)
{
    if (v.kind == VK_TEXT) v.s = arena_strndup(A, v.s, v.len);
    else if (v.kind == VK_NUM) v.n = num_keep(A, v.n);
    return v;
}

value value_keep_deep(arena *A, value v)
{
    if (v.kind != VK_LIST && v.kind != VK_RECORD) return value_keep(A, v);
    value *items = arena_alloc(A, (size_t)(v.len ? v.len : 1) * sizeof *items);
    for (uint32_t i = 0; i < v.len; i++) items[i] = value_keep_deep(A, v.items[i]);
    v.items = items;
    return v;
}

value value_keep_made(arena *A, value v)
{
    if (v.kind == VK_NUM) {
        v.n = num_keep(A, v.n);
    } else if (v.kind == VK_LIST || v.kind == VK_RECORD) {
        value *items = arena_alloc(A, (size_t)(v.len ? v.len : 1) * sizeof *items);
        for (uint32_t i = 0; i < v.len; i++) items[i] = value_keep_made(A, v.items[i]);
        v.items = items;
    }
    return v;
}
