/*
 * kh_record.c — the result of one record: its outputs readable typed
 * (exact decimal text, whole numbers, yes/no, text) or as the JSON kaohe
 * writes, made while the run still holds the values (they live in the
 * record's arena), so a result needs nothing else once made.
 */
#include "kh_record.h"

#include <stdlib.h>
#include <string.h>

#include "kh_text.h"
#include "mem.h"

typedef struct result_output {
    const char *name;
    kh_kind kind;
    const char *text;      /* NULL when absent */
    const char *json;
    bool is_int, is_bool, b;
    long long i;
} result_output;

struct kh_result {
    arena *A;
    size_t index;
    const char *id, *error, *json;
    result_output *outs;
    int nouts;
};

const char *kh_writer_take(writer *w, arena *A)
{
    size_t n = w->b.len;
    if (n && w->b.data[n - 1] == '\n') n--;
    const char *s = arena_strndup_bytes(A, w->b.data ? w->b.data : "", n);
    w->b.len = 0;
    return s;
}

static kh_result *result_new(size_t index, const char *id)
{
    kh_result *r = mem_calloc(1, sizeof *r);
    r->A = arena_new(4096);
    r->index = index;
    r->id = id ? arena_strdup(r->A, id) : NULL;
    return r;
}

static kh_kind kind_of(const value *v)
{
    switch (v->kind) {
    case VK_BOOL: return KH_KIND_BOOL;
    case VK_NUM: return KH_KIND_NUMBER;
    case VK_TEXT:
    case VK_ENUM: return KH_KIND_TEXT;
    case VK_DATE: return KH_KIND_DATE;
    case VK_DATETIME: return KH_KIND_DATETIME;
    case VK_MONTH: return KH_KIND_MONTH;
    case VK_LIST: return KH_KIND_LIST;
    case VK_RECORD: return KH_KIND_OBJECT;
    default: return KH_KIND_ABSENT;
    }
}

kh_result *kh_result_of_outputs(writer *w, size_t index, const char *id, const value *outputs, const evalctx *ctx)
{
    kh_result *r = result_new(index, id);
    const plan *pl = w->pl;
    writer_result(w, id, outputs, ctx);
    r->json = kh_writer_take(w, r->A);
    r->nouts = pl->noutputs;
    r->outs = arena_zalloc(r->A, (size_t)(pl->noutputs + 1) * sizeof *r->outs);
    buf b = {0};
    for (int i = 0; i < pl->noutputs; i++) {
        const symbol *s = pl->def_syms[pl->outputs[i]];
        const value *v = &outputs[i];
        result_output *o = &r->outs[i];
        o->name = arena_strdup(r->A, s->name);
        o->kind = kind_of(v);
        b.len = 0;
        write_json_value(&b, v, s->type);
        o->json = arena_strndup_bytes(r->A, b.data, b.len);
        if (o->kind != KH_KIND_ABSENT) {
            b.len = 0;
            kh_value_text(&b, v, s->type);
            o->text = arena_strndup_bytes(r->A, b.data, b.len); /* (b holds the JSON written above) */
        }
        int64_t n;
        if (v->kind == VK_NUM && num_to_int64(v->n, &n)) {
            o->is_int = true;
            o->i = n;
        }
        if (v->kind == VK_BOOL) {
            o->is_bool = true;
            o->b = v->b;
        }
    }
    buf_free(&b);
    return r;
}

kh_result *kh_result_of_error(writer *w, size_t index, const char *id, const char *message)
{
    kh_result *r = result_new(index, id);
    writer_error(w, id, index, message);
    r->json = kh_writer_take(w, r->A);
    r->error = arena_strdup(r->A, message);
    return r;
}

void kh_result_free(kh_result *r)
{
    if (!r) return;
    arena_free(r->A);
    mem_free(r);
}

size_t kh_result_index(const kh_result *r) { return r ? r->index : 0; }
const char *kh_result_id(const kh_result *r) { return r ? r->id : NULL; }
const char *kh_result_error(const kh_result *r) { return r ? r->error : NULL; }
const char *kh_result_json(const kh_result *r) { return r ? r->json : NULL; }
int kh_result_count(const kh_result *r) { return r ? r->nouts : 0; }

static const result_output *output_at(const kh_result *r, int i)
{
    return r && i >= 0 && i < r->nouts ? &r->outs[i] : NULL;
}

const char *kh_result_name(const kh_result *r, int i)
{
    const result_output *o = output_at(r, i);
    return o ? o->name : NULL;
}

kh_kind kh_result_kind(const kh_result *r, int i)
{
    const result_output *o = output_at(r, i);
    return o ? o->kind : KH_KIND_ABSENT;
}

const char *kh_result_text(const kh_result *r, int i)
{
    const result_output *o = output_at(r, i);
    return o ? o->text : NULL;
}

const char *kh_result_value_json(const kh_result *r, int i)
{
    const result_output *o = output_at(r, i);
    return o ? o->json : "null";
}

bool kh_result_int(const kh_result *r, int i, long long *out)
{
    const result_output *o = output_at(r, i);
    if (!o || !o->is_int) return false;
    *out = o->i;
    return true;
}

bool kh_result_bool(const kh_result *r, int i, bool *out)
{
    const result_output *o = output_at(r, i);
    if (!o || !o->is_bool) return false;
    *out = o->b;
    return true;
}
