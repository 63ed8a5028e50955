/*
 * lsp_complete.c — textDocument/completion, from the text before the
 * cursor (which may not parse yet) and the names the latest check knows:
 *   - inside quotes after `field =` (or `field in [`): the field's enum values;
 *   - after `name.`: a group's fields, a record's fields, a date's parts;
 *   - after a number: units (yuan, 元, points, %);
 *   - after `:` in the input schema: types and field options;
 *   - elsewhere: params, definitions, outputs, input fields and groups, the
 *     fields of the list an `over` in the same declaration runs over,
 *     functions and keywords.
 * Keywords, types, field options and functions are offered in both
 * surfaces where the word table (lex.c) has a Chinese spelling.
 */
#include <stdlib.h>
#include <string.h>

#include "builtins.h"
#include "lex.h"
#include "lsp_internal.h"

/* LSP CompletionItemKind */
enum { CK_FUNCTION = 3, CK_FIELD = 5, CK_VARIABLE = 6, CK_MODULE = 9, CK_PROPERTY = 10, CK_UNIT = 11,
       CK_KEYWORD = 14, CK_ENUM_MEMBER = 20, CK_CONSTANT = 21, CK_STRUCT = 22, CK_TYPE = 25 };

static void item(cJSON *arr, const char *label, int kind, const char *detail, const char *doc)
{
    cJSON *i = cJSON_CreateObject();
    lsp_json_add_text(i, "label", label);
    cJSON_AddNumberToObject(i, "kind", kind);
    if (detail) lsp_json_add_text(i, "detail", detail);
    if (doc) lsp_json_add_text(i, "documentation", doc);
    cJSON_AddItemToArray(arr, i);
}

/* Back over the name (and, with dots, the dotted path) ending at end. */
static size_t back_over_name(const char *s, size_t start, size_t end, bool dots)
{
    while (end > start) {
        long cp;
        size_t i = utf8_char_before(s, start, end, &cp);
        if (!lex_name_char(cp) && !(dots && cp == '.')) break;
        end = i;
    }
    return end;
}

static size_t back_over_spaces(const char *s, size_t start, size_t end)
{
    while (end > start && (s[end - 1] == ' ' || s[end - 1] == '\t')) end--;
    return end;
}

static bool ends_with(const char *s, size_t start, size_t end, const char *w)
{
    size_t n = strlen(w);
    return end - start >= n && memcmp(s + end - n, w, n) == 0;
}

/* The type of the name or path s[a,b): a field, a param or a definition. */
static const ktype *type_of_path(const program *p, const char *s, size_t a, size_t b)
{
    if (!p || b <= a || b - a > 1000) return NULL;
    char path[1024];
    memcpy(path, s + a, b - a);
    path[b - a] = '\0';
    field_spec *f = lsp_field_at_path(p, path);
    if (f) return f->type;
    const symbol *sym = strchr(path, '.') ? NULL : program_lookup(p, path);
    return sym ? sym->type : NULL;
}

/* Inside quotes: the enum values of what the text is compared with. */
static void complete_in_string(cJSON *arr, const program *p, const char *s, size_t ls, size_t quote)
{
    size_t e = back_over_spaces(s, ls, quote);
    if (ends_with(s, ls, e, "[") || ends_with(s, ls, e, ",")) { /* x in ["a", "b", | */
        const char *open = NULL;
        for (size_t i = e; i > ls && !open; i--)
            if (s[i - 1] == '[') open = s + i - 1;
        if (!open) return;
        e = back_over_spaces(s, ls, (size_t)(open - s));
        if (!ends_with(s, ls, e, "in")) return;
        e = back_over_spaces(s, ls, e - 2);
    } else if (ends_with(s, ls, e, "!=") || ends_with(s, ls, e, "≠")) {
        e = back_over_spaces(s, ls, e - (s[e - 1] == '=' ? 2 : strlen("≠")));
    } else if (ends_with(s, ls, e, "=")) {
        e = back_over_spaces(s, ls, e - 1);
    } else {
        return;
    }
    const ktype *t = type_of_path(p, s, back_over_name(s, ls, e, true), e);
    if (t && t->kind == T_LIST) t = t->elem;
    if (!t || t->kind != T_ENUM) return;
    for (int i = 0; i < t->nvalues; i++) item(arr, t->values[i], CK_ENUM_MEMBER, "one of", NULL);
}

static const char *const date_parts[] = {"year", "month", "day", "quarter", "weekday", "hour", "minute", "second", "date"};

static void complete_member(cJSON *arr, const program *p, const char *s, size_t ls, size_t dot)
{
    size_t a = back_over_name(s, ls, dot, true);
    char tb[256];
    if (!p || a == dot || dot - a > 1000) return;
    char path[1024];
    memcpy(path, s + a, dot - a);
    path[dot - a] = '\0';
    field_spec *g = lsp_field_at_path(p, path);
    if (g && g->is_group) {
        for (int i = 0; i < g->nchildren; i++) {
            const field_spec *f = g->children[i];
            item(arr, f->name, CK_FIELD, f->type ? type_name(f->type, tb, sizeof tb) : NULL, f->label);
        }
        return;
    }
    const ktype *t = type_of_path(p, s, a, dot);
    if (!t) return;
    if (t->kind == T_RECORD) {
        for (int i = 0; i < t->nfields; i++) item(arr, t->names[i], CK_FIELD, type_name(t->fields[i], tb, sizeof tb), NULL);
    } else if (t->kind == T_DATE || t->kind == T_MONTH || t->kind == T_DATETIME) {
        int n = t->kind == T_MONTH ? 2 : t->kind == T_DATE ? 5 : 9;
        for (int i = 0; i < n; i++) item(arr, date_parts[i], CK_PROPERTY, i == 8 ? "date" : "integer", NULL);
        if (t->kind == T_MONTH) item(arr, "quarter", CK_PROPERTY, "integer", NULL);
    }
}

static void complete_units(cJSON *arr)
{
    item(arr, "yuan", CK_UNIT, "money", "200 yuan");
    item(arr, "元", CK_UNIT, "money", "200元");
    item(arr, "points", CK_UNIT, "points", "3 points");
    item(arr, "%", CK_UNIT, "per cent", "8%");
}

/* The words of the one word table (lex.c) of a role, in both surfaces: the
 * English spelling and, when there is one, the Chinese. */
static void words_of(cJSON *arr, kh_word_role role, int kind, const char *detail)
{
    int n;
    const kh_word *w = kh_words(&n);
    for (int i = 0; i < n; i++) {
        if (w[i].role != role) continue;
        item(arr, w[i].en, kind, detail, NULL);
        if (w[i].zh) item(arr, w[i].zh, kind, detail, w[i].en);
    }
}

/* An item for an English word and, when the word table has one, another for
 * its Chinese spelling. */
static void item_both(cJSON *arr, const char *en, kh_word_role role, int kind, const char *detail)
{
    item(arr, en, kind, detail, NULL);
    const char *zh = word_spelling(en, role, SURFACE_ZH);
    if (zh != en) item(arr, zh, kind, detail, en);
}

static void complete_schema(cJSON *arr)
{
    static const char *const types[] = {"text", "integer", "decimal", "money", "boolean", "date", "datetime",
                                        "month", "record"};
    static const struct { const char *en; kh_word_role role; } options[] = {
        {"key", WORD_CONTEXT}, {"optional", WORD_CONTEXT}, {"default", WORD_CONTEXT},
        {"nonempty", WORD_CONTEXT}, {"not empty", WORD_CONTEXT}, {"display", WORD_CONTEXT},
        {"at least", WORD_PHRASE}, {"at most", WORD_PHRASE}, {"more than", WORD_PHRASE},
        {"less than", WORD_PHRASE}, {"within", WORD_KEYWORD}, {"one of", WORD_PHRASE}, {"list of", WORD_PHRASE}};
    for (size_t i = 0; i < sizeof types / sizeof types[0]; i++) item_both(arr, types[i], WORD_CONTEXT, CK_TYPE, "type");
    for (size_t i = 0; i < sizeof options / sizeof options[0]; i++)
        item_both(arr, options[i].en, options[i].role, CK_KEYWORD, "field option");
}

/* The fields of the lists the declaration at off runs `over`. */
static void complete_elements(cJSON *arr, const lsp_analysis *an, int file, uint32_t off)
{
    const ast *d = lsp_decl_at(an, file, off);
    uint32_t start, end;
    char tb[256];
    if (!d || !lsp_decl_extent(an, d, &start, &end)) return;
    const char *s = an->L.sources[file]->text;
    for (uint32_t i = start; i + 5 < end; i++) {
        if (memcmp(s + i, "over", 4) != 0 || (s[i + 4] != ' ' && s[i + 4] != '\t')) continue;
        size_t a = i + 5;
        while (a < end && (s[a] == ' ' || s[a] == '\t')) a++;
        size_t b = a;
        while (b < end) {
            long cp;
            int k = utf8_decode(s + b, end - b, &cp);
            if (!lex_name_char(cp) && cp != '.') break;
            b += (size_t)k;
        }
        char path[256];
        if (b == a || b - a >= sizeof path) continue;
        memcpy(path, s + a, b - a);
        path[b - a] = '\0';
        const field_spec *f = lsp_field_at_path(an->prog, path);
        if (!f || !f->is_list) continue;
        for (int k = 0; k < f->nchildren; k++) {
            const field_spec *c = f->children[k];
            item(arr, c->name, CK_FIELD, c->type ? type_name(c->type, tb, sizeof tb) : NULL, c->label);
        }
    }
}

static void complete_names(cJSON *arr, const lsp_analysis *an, int file, uint32_t off)
{
    const program *p = an->prog;
    char tb[256];
    if (p) {
        for (int i = 0; i < p->nparams; i++) {
            const symbol *s = p->params[i];
            item(arr, s->name, CK_CONSTANT, s->type ? type_name(s->type, tb, sizeof tb) : "param", s->decl->label);
        }
        for (int i = 0; i < p->ndefs; i++) {
            const symbol *s = p->defs[i];
            item(arr, s->name, s->decl->op == DEF_OUTPUT ? CK_PROPERTY : CK_VARIABLE,
                 s->type ? type_name(s->type, tb, sizeof tb) : NULL, s->decl->label);
        }
        for (int i = 0; p->input && i < p->input->nchildren; i++) {
            const field_spec *f = p->input->children[i];
            item(arr, f->name, f->is_group ? CK_MODULE : CK_FIELD,
                 f->is_group ? "input group" : f->type ? type_name(f->type, tb, sizeof tb) : NULL, f->label);
        }
        complete_elements(arr, an, file, off);
    }
    int n;
    const char *const *names = builtin_names(&n);
    for (int i = 0; i < n; i++) item(arr, names[i], CK_FUNCTION, builtin_lookup(names[i])->usage, NULL);
    int nw;
    const kh_word *w = kh_words(&nw);
    for (int i = 0; i < nw; i++) /* a built-in's Chinese name */
        if (w[i].role == WORD_FUNCTION && w[i].zh && builtin_lookup(w[i].en))
            item(arr, w[i].zh, CK_FUNCTION, builtin_lookup(w[i].en)->usage, w[i].en);
    words_of(arr, WORD_KEYWORD, CK_KEYWORD, "keyword");
    words_of(arr, WORD_PHRASE, CK_KEYWORD, "keyword");
}

/* Is the cursor inside quotes on this line?  The opening quote's offset. */
static bool in_string(const char *s, size_t ls, size_t off, size_t *quote)
{
    bool in = false;
    for (size_t i = ls; i < off; i++) {
        if (s[i] == '#' && !in) return false; /* a comment */
        if (s[i] == '\\' && in) { i++; continue; }
        if (s[i] == '"') {
            in = !in;
            *quote = i;
        }
    }
    return in;
}

cJSON *lsp_completion(lsp_request *r)
{
    const lsp_analysis *an = r->doc->an;
    cJSON *arr = cJSON_CreateArray();
    if (r->file >= an->L.n) return arr;
    const source *src = an->L.sources[r->file];
    const char *s = src->text;
    size_t off = r->off, ls = off;
    while (ls > 0 && s[ls - 1] != '\n') ls--;
    size_t quote = 0;
    if (in_string(s, ls, off, &quote)) {
        complete_in_string(arr, an->prog, s, ls, quote);
        return arr;
    }
    for (size_t i = ls; i < off; i++)
        if (s[i] == '#') return arr; /* in a comment */
    size_t word = back_over_name(s, ls, off, false);
    if (word > ls && s[word - 1] == '.') {
        complete_member(arr, an->prog, s, ls, word - 1);
        return arr;
    }
    size_t before = back_over_spaces(s, ls, word);
    if (before > ls && s[before - 1] >= '0' && s[before - 1] <= '9') { /* a number, or a name ending in a digit */
        size_t k = before;
        while (k > ls && ((s[k - 1] >= '0' && s[k - 1] <= '9') || s[k - 1] == '.')) k--;
        long cp = ' ';
        if (k > ls) utf8_char_before(s, ls, k, &cp);
        if (!lex_name_char(cp)) {
            complete_units(arr);
            return arr;
        }
    }
    const ast *d = lsp_decl_at(an, r->file, (uint32_t)off);
    if (d && d->kind == AST_INPUT && memchr(s + ls, ':', off - ls)) {
        complete_schema(arr);
        return arr;
    }
    complete_names(arr, an, r->file, (uint32_t)off);
    return arr;
}
