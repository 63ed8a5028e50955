/*
 * kh_introspect.c — what a loaded policy declares: its params (with their
 * current values), its outputs and its input schema, for programs that
 * build forms, columns or checks from them; and its step limit.
 */
#include "kaohe.h"

#include <string.h>

#include "eval.h"
#include "kh_text.h"
#include "policy.h"
#include "writer.h"
#include "kh_context.h"

const char *kh_policy_title(const kh_policy *p) { return p ? p->prog->title : NULL; }

/* Type t as kaohe writes it, into out (snprintf-style). */
/* "" in out and -1: out of memory */
static int no_memory(char *out, size_t cap)
{
    if (out && cap) out[0] = '\0';
    return -1;
}

static int type_out(const kh_policy *p, const ktype *t, char *out, size_t cap)
{
    mem_scope sc;
    KH_GUARD(sc, p->al, return no_memory(out, cap));
    buf b = {0};
    kh_type_text(&b, t);
    int n = kh_copy_out(&b, out, cap);
    buf_free(&b);
    mem_close(&sc);
    return n;
}

/* ---- params -------------------------------------------------------------- */

static const symbol *param_at(const kh_policy *p, int i)
{
    return p && i >= 0 && i < p->plan->nparams ? p->plan->param_syms[i] : NULL;
}

int kh_param_count(const kh_policy *p) { return p ? p->plan->nparams : 0; }

const char *kh_param_name(const kh_policy *p, int i)
{
    const symbol *s = param_at(p, i);
    return s ? s->name : NULL;
}

const char *kh_param_label(const kh_policy *p, int i)
{
    const symbol *s = param_at(p, i);
    return s && s->decl ? s->decl->label : NULL;
}

bool kh_param_percent(const kh_policy *p, int i)
{
    const symbol *s = param_at(p, i);
    return s && param_declared_percent(s);
}

bool kh_param_overridden(const kh_policy *p, int i)
{
    return param_at(p, i) && p->param_set && p->param_set[i];
}

int kh_param_type(const kh_policy *p, int i, char *out, size_t cap)
{
    const symbol *s = param_at(p, i);
    if (!s) return -1;
    return type_out(p, s->type, out, cap);
}

int kh_param_value(const kh_policy *p, int i, char *out, size_t cap)
{
    const symbol *s = param_at(p, i);
    if (!s) return -1;
    mem_scope sc;
    KH_GUARD(sc, p->al, return no_memory(out, cap));
    buf b = {0};
    kh_value_text(&b, &p->params[i], s->type);
    int n = kh_copy_out(&b, out, cap);
    buf_free(&b);
    mem_close(&sc);
    return n;
}

int kh_param_index(const kh_policy *p, const char *name)
{
    for (int i = 0; name && i < kh_param_count(p); i++)
        if (strcmp(p->plan->param_syms[i]->name, name) == 0) return i;
    return -1;
}

/* ---- outputs ------------------------------------------------------------- */

static const symbol *output_at(const kh_policy *p, int i)
{
    return p && i >= 0 && i < p->plan->noutputs ? p->plan->def_syms[p->plan->outputs[i]] : NULL;
}

int kh_output_count(const kh_policy *p) { return p ? p->plan->noutputs : 0; }

const char *kh_output_name(const kh_policy *p, int i)
{
    const symbol *s = output_at(p, i);
    return s ? s->name : NULL;
}

const char *kh_output_label(const kh_policy *p, int i)
{
    const symbol *s = output_at(p, i);
    return s && s->decl ? s->decl->label : NULL;
}

int kh_output_type(const kh_policy *p, int i, char *out, size_t cap)
{
    const symbol *s = output_at(p, i);
    if (!s) return -1;
    return type_out(p, s->type, out, cap);
}

int kh_output_index(const kh_policy *p, const char *name)
{
    for (int i = 0; name && i < kh_output_count(p); i++)
        if (strcmp(kh_output_name(p, i), name) == 0) return i;
    return -1;
}

/* ---- the input schema ---------------------------------------------------- */

static void json_text_or_null(buf *b, const char *s)
{
    if (s) write_json_string(b, s, strlen(s));
    else buf_puts(b, "null");
}

/* An expression of the policy (a bound, a default) as it is written there. */
static void json_policy_text(buf *b, const ast *e)
{
    if (!e) {
        buf_puts(b, "null");
        return;
    }
    char text[1024];
    size_t n = source_snippet(e->at, sizeof text - 1, text);
    write_json_string(b, text, n);
}

static void schema_fields(buf *b, field_spec *const *fields, int n);

static void schema_field(buf *b, const field_spec *f)
{
    buf_puts(b, "{\"name\":");
    json_text_or_null(b, f->name);
    buf_puts(b, ",\"path\":");
    json_text_or_null(b, f->path);
    buf_puts(b, ",\"type\":");
    buf t = {0};
    const ktype *scalar = f->is_list ? f->base : f->type;
    if (f->is_group) {
        buf_puts(&t, "group");
    } else if (f->is_list) {
        buf_puts(&t, "list of ");
        if (f->base) kh_type_text(&t, f->base);
        else buf_puts(&t, "record");
    } else {
        kh_type_text(&t, f->type);
    }
    write_json_string(b, t.data, t.len);
    buf_free(&t);
    if (!f->is_group && scalar && scalar->kind == T_ENUM) {
        buf_puts(b, ",\"values\":[");
        for (int i = 0; i < scalar->nvalues; i++) {
            if (i) buf_putc(b, ',');
            write_json_string(b, scalar->values[i], strlen(scalar->values[i]));
        }
        buf_putc(b, ']');
    }
    buf_puts(b, ",\"label\":");
    json_text_or_null(b, f->label);
    buf_printf(b, ",\"optional\":%s,\"key\":%s,\"default\":", f->optional ? "true" : "false", f->key ? "true" : "false");
    json_policy_text(b, f->default_expr);
    buf_puts(b, ",\"min\":");
    json_policy_text(b, f->min);
    buf_puts(b, ",\"max\":");
    json_policy_text(b, f->max);
    buf_printf(b, ",\"min_strict\":%s,\"max_strict\":%s,\"not_empty\":%s,\"max_entries\":", f->min_strict ? "true" : "false",
               f->max_strict ? "true" : "false", f->not_empty ? "true" : "false");
    if (f->is_list && f->max_entries >= 0) buf_printf(b, "%d", f->max_entries);
    else buf_puts(b, "null");
    if (f->is_group || (f->is_list && !f->base)) {
        buf_puts(b, ",\"fields\":");
        schema_fields(b, f->children, f->nchildren);
    }
    buf_putc(b, '}');
}

static void schema_fields(buf *b, field_spec *const *fields, int n)
{
    buf_putc(b, '[');
    for (int i = 0; i < n; i++) {
        if (i) buf_putc(b, ',');
        schema_field(b, fields[i]);
    }
    buf_putc(b, ']');
}

int kh_policy_schema_json(const kh_policy *p, char *out, size_t cap)
{
    if (!p) return -1;
    mem_scope sc;
    KH_GUARD(sc, p->al, return no_memory(out, cap));
    buf b = {0};
    const field_spec *in = p->prog->input; /* (the checker always makes one: empty, "[]") */
    schema_fields(&b, in->children, in->nchildren);
    int n = kh_copy_out(&b, out, cap);
    buf_free(&b);
    mem_close(&sc);
    return n;
}

/* ---- limits ------------------------------------------------------------- */

void kh_policy_set_max_steps(kh_policy *p, unsigned max_steps)
{
    if (p) p->plan->max_steps = max_steps;
}

unsigned kh_policy_max_steps(const kh_policy *p)
{
    return !p ? 0 : p->plan->max_steps ? p->plan->max_steps : EVAL_DEFAULT_STEPS;
}
