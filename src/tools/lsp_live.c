/*
 * lsp_live.c — live values: with a `.kaohe.json` in the policy's directory
 * (or the nearest one above it),
 *
 *     {"roster": "../examples/roster-2014-06.json", "record": "CS-0101"}
 *
 * every check without errors evaluates the policy on that roster: hover on
 * an output shows its value for the record named (the first evaluated one
 * without "record"), and code lenses above each output show that value and,
 * for money, the total over the roster.  What keeps the values from being
 * shown (no roster file, a record missing or refused, an unknown key) is
 * said in a lens on the first line, never left out quietly.
 */
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "input.h"
#include "jsonin.h"
#include "lsp_internal.h"
#include "plan.h"
#include "present.h"
#include "run.h"
#include "mem.h"

#define LIVE_MAX_CONFIG (1u << 20)
#define LIVE_MAX_ROSTER (16u << 20)
#define LIVE_MAX_DEPTH 16 /* directories looked in for .kaohe.json */

struct lsp_live {
    arena *A;
    char *config;          /* the .kaohe.json used */
    const char *problem;   /* why there are no values, or NULL */
    const char *want_id;   /* "record", or NULL: the first */
    const char *id;        /* the sample record's id */
    bool found;
    const plan *pl;
    const char **values;   /* [noutputs] the sample's values */
    kh_num *totals;        /* [noutputs] sums of money outputs */
    bool *total_ok;
    size_t records, errors;
};

void lsp_live_free(struct lsp_live *l)
{
    if (!l) return;
    arena_free(l->A);
    mem_free(l->config);
    mem_free(l);
}

/* The nearest .kaohe.json at or above the policy's directory (malloc'd). */
static char *find_config(const char *policy)
{
    if (policy[0] != '/') return NULL;
    size_t n = strlen(policy);
    char *dir = mem_strdup(policy);
    for (int depth = 0; depth < LIVE_MAX_DEPTH; depth++) {
        *strrchr(dir, '/') = '\0'; /* (dir is absolute and not yet "") */
        char *cfg = mem_alloc(n + 16);
        snprintf(cfg, n + 16, "%s/.kaohe.json", dir);
        struct stat st;
        if (stat(cfg, &st) == 0 && S_ISREG(st.st_mode)) {
            mem_free(dir);
            return cfg;
        }
        mem_free(cfg);
        if (dir[0] == '\0') break;
    }
    mem_free(dir);
    return NULL;
}

static char *read_small(const char *path, size_t cap, size_t *len)
{
    FILE *f = fopen(path, "rb");
    if (!f) return NULL;
    char *d = mem_alloc(cap + 1);
    *len = fread(d, 1, cap + 1, f);
    fclose(f);
    if (*len > cap) {
        mem_free(d);
        return NULL;
    }
    d[*len] = '\0';
    return d;
}

static void on_result(void *ud, size_t index, const char *id, const value *outputs, const struct evalctx *ctx)
{
    struct lsp_live *l = ud;
    const plan *pl = l->pl;
    l->records++;
    bool sample = !l->found && (!l->want_id || (id && strcmp(id, l->want_id) == 0));
    if (sample) {
        l->found = true;
        l->id = arena_strdup(l->A, id ? id : "(no id)");
    }
    for (int i = 0; i < pl->noutputs; i++) {
        const ktype *t = pl->def_syms[pl->outputs[i]]->type;
        if (sample) l->values[i] = present_text(l->A, &outputs[i], t);
        if (t->kind == T_MONEY && outputs[i].kind == VK_NUM && l->total_ok[i] &&
            num_add(l->A, l->totals[i], outputs[i].n, &l->totals[i]) != NUM_OK)
            l->total_ok[i] = false;
        else if (t->kind == T_MONEY && outputs[i].kind != VK_NUM)
            l->total_ok[i] = false; /* an absent value: no total to give */
    }
}

static void on_error(void *ud, size_t index, const char *id, const char *message)
{
    struct lsp_live *l = ud;
    l->records++;
    l->errors++;
    if (!l->found && l->want_id && id && strcmp(id, l->want_id) == 0)
        l->problem = arena_printf(l->A, "record '%s' is refused: %s", id, message);
}

/* Evaluates the roster named in the config; sets l->problem on failure. */
static void evaluate(struct lsp_live *l, lsp_analysis *an, const char *roster)
{
    struct stat st;
    if (stat(roster, &st) != 0 || !S_ISREG(st.st_mode)) {
        l->problem = arena_printf(l->A, "cannot read the roster '%s'", roster);
        return;
    }
    if ((size_t)st.st_size > LIVE_MAX_ROSTER) {
        l->problem = arena_printf(l->A, "the roster '%s' is larger than %u MB: too slow to evaluate on each edit",
                                  roster, LIVE_MAX_ROSTER >> 20);
        return;
    }
    FILE *f = fopen(roster, "rb");
    if (!f) {
        l->problem = arena_printf(l->A, "cannot read the roster '%s'", roster);
        return;
    }
    plan *pl = an->plan;
    input_prepare(pl);
    l->pl = pl;
    l->values = arena_zalloc(l->A, (size_t)(pl->noutputs + 1) * sizeof *l->values);
    l->totals = arena_zalloc(l->A, (size_t)(pl->noutputs + 1) * sizeof *l->totals);
    l->total_ok = arena_zalloc(l->A, (size_t)(pl->noutputs + 1) * sizeof *l->total_ok);
    for (int i = 0; i < pl->noutputs; i++) {
        l->totals[i] = (kh_num){0, 1};
        l->total_ok[i] = true;
    }
    jsonin *in = jsonin_open_stream(f, roster);
    result_sink sink = {l, on_result, on_error, true};
    run_stats rs;
    int rc = run_eval(pl, pl->param_defaults, in, &sink, NULL, &rs);
    jsonin_close(in);
    fclose(f);
    if (rc == 4) l->problem = arena_printf(l->A, "the roster '%s' cannot be read: %s", roster, rs.fatal);
    else if (!l->found && !l->problem)
        l->problem = l->want_id ? arena_printf(l->A, "no record '%s' in the roster", l->want_id)
                                : arena_printf(l->A, "no record of the roster could be evaluated");
}

void lsp_live_update(lsp_doc *d)
{
    lsp_live_free(d->live);
    d->live = NULL;
    if (d->file != 0) return; /* a part of a policy: its policy has the values */
    char *cfg = find_config(d->path);
    if (!cfg) return;
    struct lsp_live *l = mem_calloc(1, sizeof *l);
    l->A = arena_new(64 * 1024);
    l->config = cfg;
    d->live = l;
    lsp_analysis *an = d->an;
    if (!an->plan) {
        l->problem = "the policy has errors";
        return;
    }
    size_t len;
    char *text = read_small(cfg, LIVE_MAX_CONFIG, &len);
    cJSON *j = text ? cJSON_ParseWithLength(text, len) : NULL;
    mem_free(text);
    if (!cJSON_IsObject(j)) {
        l->problem = arena_printf(l->A, "%s is not a JSON object", cfg);
        cJSON_Delete(j);
        return;
    }
    const cJSON *roster = NULL, *it;
    cJSON_ArrayForEach(it, j) {
        if (strcmp(it->string, "roster") == 0 && cJSON_IsString(it)) roster = it;
        else if (strcmp(it->string, "record") == 0 && cJSON_IsString(it)) l->want_id = arena_strdup(l->A, it->valuestring);
        else l->problem = arena_printf(l->A, "%s: '%s' is not a known key (known: \"roster\" and \"record\", each a text)",
                                       cfg, it->string);
    }
    if (!roster && !l->problem) l->problem = arena_printf(l->A, "%s names no \"roster\"", cfg);
    if (!l->problem) {
        char *path;
        if (roster->valuestring[0] == '/') {
            path = arena_strdup(l->A, roster->valuestring);
        } else {
            path = arena_printf(l->A, "%s", cfg);
            *strrchr(path, '/') = '\0';
            path = arena_printf(l->A, "%s/%s", path, roster->valuestring);
        }
        evaluate(l, an, path);
    }
    cJSON_Delete(j);
}

static int output_index(const struct lsp_live *l, const char *name)
{
    for (int i = 0; l->pl && i < l->pl->noutputs; i++)
        if (strcmp(l->pl->def_syms[l->pl->outputs[i]]->name, name) == 0) return i;
    return -1;
}

const char *lsp_live_value(const lsp_doc *d, const char *name, const char **record_id)
{
    const struct lsp_live *l = d->live;
    if (!l || l->problem || !l->found) return NULL;
    int i = output_index(l, name);
    if (i < 0 || !l->values[i]) return NULL;
    *record_id = l->id;
    return l->values[i];
}

static cJSON *lens(const lsp_doc *d, uint32_t start, uint32_t end, const char *title)
{
    cJSON *c = cJSON_CreateObject(), *cmd = cJSON_CreateObject();
    const source *src = d->an->L.sources[0];
    cJSON_AddItemToObject(c, "range", lsp_json_range(src, lsp_doc_bom(d, src), start, end));
    lsp_json_add_text(cmd, "title", title);
    cJSON_AddStringToObject(cmd, "command", "");
    cJSON_AddItemToObject(c, "command", cmd);
    return c;
}

cJSON *lsp_code_lens(lsp_request *r)
{
    const struct lsp_live *l = r->doc->live;
    const lsp_analysis *an = r->doc->an;
    cJSON *arr = cJSON_CreateArray();
    if (!l || an->L.n == 0 || r->file != 0) return arr;
    if (l->problem) {
        char *t = arena_printf(l->A, "live values: %s", l->problem);
        cJSON_AddItemToArray(arr, lens(r->doc, 0, 0, t));
        return arr;
    }
    for (int i = 0; i < l->pl->noutputs; i++) {
        const symbol *s = l->pl->def_syms[l->pl->outputs[i]];
        if (!s->decl || s->decl->at.src != an->L.sources[0] || !l->values[i]) continue;
        buf b = {0};
        buf_printf(&b, "%s: %s", l->id, l->values[i]);
        if (s->type->kind == T_MONEY) {
            if (l->total_ok[i])
                buf_printf(&b, " · total %s over %zu records", present_num_text(l->A, l->totals[i], true, false),
                           l->records - l->errors);
            else
                buf_puts(&b, " · no total (some records have no value)");
            if (l->errors) buf_printf(&b, ", %zu refused", l->errors);
        }
        cJSON_AddItemToArray(arr, lens(r->doc, s->decl->at.start, s->decl->at.end, b.data));
        buf_free(&b);
    }
    return arr;
}
