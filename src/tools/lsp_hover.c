/*
 * lsp_hover.c — textDocument/hover: what the name under the cursor is.
 * A param: its label, type and value; a definition or output: its label,
 * type and the lines that define it (with the sample record's value when
 * live values are set up); an input field: its label, type and the line
 * declaring it (bounds, default); a function: how to call it.
 */
#include <string.h>

#include "builtins.h"
#include "lsp_internal.h"

#define HOVER_MAX_LINES 12

/* The policy text [start,end) as a fenced block, at most HOVER_MAX_LINES. */
static void fenced(buf *b, const source *s, uint32_t start, uint32_t end)
{
    buf_puts(b, "\n```kaohe\n");
    int lines = 0;
    uint32_t i = start;
    while (i < end && lines < HOVER_MAX_LINES) {
        const char *nl = memchr(s->text + i, '\n', end - i);
        uint32_t e = nl ? (uint32_t)(nl - s->text) : end;
        buf_put(b, s->text + i, e - i);
        buf_putc(b, '\n');
        lines++;
        i = nl ? e + 1 : end;
    }
    if (i < end) buf_puts(b, "…\n");
    buf_puts(b, "```\n");
}

static void where(buf *b, const source *s, uint32_t off)
{
    int line, col;
    source_position(s, off, &line, &col);
    const char *slash = strrchr(s->name, '/');
    buf_printf(b, "\n*%s:%d*\n", slash ? slash + 1 : s->name, line);
}

static const char *kind_word(const symbol *s)
{
    switch (s->kind) {
    case SYM_PARAM: return "param";
    case SYM_DEF: return s->decl && s->decl->op == DEF_OUTPUT ? "output" : "definition";
    case SYM_FIELD: return "input field";
    case SYM_GROUP: return "input group";
    }
    return "name";
}

static void describe_symbol(buf *b, lsp_request *r, const symbol *s)
{
    char tb[256];
    const char *name = s->field ? s->field->path : s->name;
    buf_printf(b, "**%s** `%s`", kind_word(s), name);
    if (s->type && s->kind != SYM_GROUP) buf_printf(b, " · %s", type_name(s->type, tb, sizeof tb));
    buf_putc(b, '\n');
    const char *label = s->field ? s->field->label : s->decl ? s->decl->label : NULL;
    if (label) buf_printf(b, "\n%s\n", label);
    const lsp_analysis *an = r->doc->an;
    if (s->kind == SYM_PARAM && s->decl && s->decl->a && s->decl->a->at.src) {
        const ast *v = s->decl->a;
        buf_printf(b, "\nvalue: `%.*s`\n", (int)(v->at.end - v->at.start), v->at.src->text + v->at.start);
    }
    if (s->kind == SYM_DEF) {
        const char *id = NULL, *v = s->decl->op == DEF_OUTPUT ? lsp_live_value(r->doc, s->name, &id) : NULL;
        if (v) buf_printf(b, "\nsample value (record %s): **%s**\n", id, v);
    }
    if (s->kind == SYM_GROUP && s->field) {
        buf_puts(b, "\nfields:");
        for (int i = 0; i < s->field->nchildren; i++)
            buf_printf(b, "%s `%s`", i ? "," : "", s->field->children[i]->name);
        buf_putc(b, '\n');
        return;
    }
    uint32_t start, end;
    const ast *decl = s->decl;
    if (s->kind == SYM_FIELD && decl) { /* the line declaring the field */
        const source *src = decl->at.src;
        start = decl->at.start;
        while (start > 0 && src->text[start - 1] != '\n') start--;
        const char *nl = memchr(src->text + decl->at.start, '\n', src->len - decl->at.start);
        end = nl ? (uint32_t)(nl - src->text) : (uint32_t)src->len;
        fenced(b, src, start, end);
        where(b, src, decl->at.start);
    } else if (decl && lsp_decl_extent(an, decl, &start, &end)) {
        fenced(b, decl->at.src, start, end);
        where(b, decl->at.src, decl->at.start);
    }
}

cJSON *lsp_hover(lsp_request *r)
{
    lsp_target t;
    const lsp_analysis *an = r->doc->an;
    if (!lsp_find_at(an, r->file, r->off, &t)) return cJSON_CreateNull();
    buf b = {0};
    char tb[256];
    if (t.sym) {
        describe_symbol(&b, r, t.sym);
    } else if (t.builtin) {
        buf_printf(&b, "**function** `%s`\n", builtin_lookup(t.builtin)->usage);
    } else if (t.node->kind == AST_MEMBER && t.node->type) { /* a date part, a field of a record value */
        buf_printf(&b, "`.%s` · %s\n", t.node->str, type_name(t.node->type, tb, sizeof tb));
    } else {
        buf_free(&b);
        return cJSON_CreateNull();
    }
    cJSON *h = cJSON_CreateObject(), *c = cJSON_CreateObject();
    cJSON_AddStringToObject(c, "kind", "markdown");
    lsp_json_add_text(c, "value", b.data);
    cJSON_AddItemToObject(h, "contents", c);
    cJSON_AddItemToObject(h, "range", lsp_json_range(t.src, lsp_doc_bom(r->doc, t.src), t.start, t.end));
    buf_free(&b);
    return h;
}
