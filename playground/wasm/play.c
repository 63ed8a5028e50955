/*
 * play.c — what the playground page calls in the WebAssembly module.  The
 * page writes the policy files and the roster into the module's in-memory
 * file system (MEMFS) and calls these with their paths; each returns JSON
 * (or text) that stays valid until the next call.  Every value in the
 * results is its exact text, as `kaohe eval` writes it: the page never
 * turns a number into a JavaScript double.
 *
 *   play_words()                         the language's words (highlighting)
 *   play_run(policy, roster, sets)       diagnostics, results, the what-if diff
 *   play_explain(policy, roster, sets, id, output)   one cell's explanation
 *   play_eval(policy, input, sets, format)   what `kaohe eval --format FORMAT`
 *                                        writes on its standard output (json
 *                                        or ndjson; the wasm-vs-golden test)
 *
 * sets: "name=value" lines, as `--set` takes them (blank lines and lines
 * starting with # are skipped).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cjson/cJSON.h>
#ifdef __EMSCRIPTEN__
#include <emscripten/emscripten.h>
#else /* built natively by tests/e2e/playground_glue.sh */
#define EMSCRIPTEN_KEEPALIVE
#endif

#include "json_numtext.h"
#include "kaohe.h"
#include "kaohe_tools.h"
#include "lex.h"
#include "play.h"

static char *last_answer;

/* Keeps `text` (malloc'd) as the answer until the next call. */
static const char *answer(char *text)
{
    free(last_answer);
    last_answer = text;
    return text ? text : "{\"fatal\":\"out of memory\"}";
}

static const char *answer_json(cJSON *root)
{
    char *text = root ? cJSON_PrintUnformatted(root) : NULL;
    cJSON_Delete(root);
    return answer(text);
}

static void add_text(cJSON *o, const char *key, const char *text)
{
    cJSON_AddItemToObject(o, key, text ? cJSON_CreateString(text) : cJSON_CreateNull());
}

EMSCRIPTEN_KEEPALIVE const char *play_words(void)
{
    static const char *const roles[] = {"keyword", "phrase", "context", "function", "unit"};
    cJSON *root = cJSON_CreateObject();
    for (size_t r = 0; r < sizeof roles / sizeof roles[0]; r++) cJSON_AddArrayToObject(root, roles[r]);
    int n;
    const kh_word *w = kh_words(&n);
    for (int i = 0; i < n; i++) {
        cJSON *list = cJSON_GetObjectItemCaseSensitive(root, roles[w[i].role]);
        cJSON_AddItemToArray(list, cJSON_CreateString(w[i].en));
        if (w[i].zh) cJSON_AddItemToArray(list, cJSON_CreateString(w[i].zh));
    }
    return answer_json(root);
}

static void add_diags(cJSON *root, const kh_diags *d)
{
    static const char *const severity[] = {"error", "warning", "note"};
    cJSON *list = cJSON_AddArrayToObject(root, "diags");
    for (int i = 0; i < kh_diags_count(d); i++) {
        cJSON *o = cJSON_CreateObject();
        cJSON_AddStringToObject(o, "severity", severity[kh_diag_severity(d, i)]);
        add_text(o, "file", kh_diag_file(d, i));
        cJSON_AddNumberToObject(o, "line", kh_diag_line(d, i));
        cJSON_AddNumberToObject(o, "col", kh_diag_column(d, i));
        cJSON_AddNumberToObject(o, "end_line", kh_diag_end_line(d, i));
        cJSON_AddNumberToObject(o, "end_col", kh_diag_end_column(d, i));
        add_text(o, "message", kh_diag_message(d, i));
        add_text(o, "hint", kh_diag_hint(d, i));
        cJSON_AddItemToArray(list, o);
    }
}

/* Applies the `sets` lines to p; each refused line's reason goes to errors
 * (when not NULL).  False when one was refused. */
static bool apply_sets(kh_policy *p, const char *sets, cJSON *errors)
{
    bool ok = true;
    const char *line = sets ? sets : "";
    while (*line) {
        const char *end = strchr(line, '\n');
        size_t len = end ? (size_t)(end - line) : strlen(line);
        char *text = strndup(line, len);
        if (!text) return false;
        char *s = text, *e = text + len;
        while (*s == ' ' || *s == '\t') s++;
        while (e > s && (e[-1] == ' ' || e[-1] == '\t' || e[-1] == '\r')) *--e = '\0';
        if (*s && *s != '#') {
            char err[512];
            char *eq = strchr(s, '=');
            if (!eq || eq == s) {
                snprintf(err, sizeof err, "a what-if line is name=value, not '%s'", s);
                ok = false;
            } else {
                char *name_end = eq;
                while (name_end > s && (name_end[-1] == ' ' || name_end[-1] == '\t')) name_end--;
                *name_end = '\0';
                char *value = eq + 1;
                while (*value == ' ' || *value == '\t') value++;
                if (!kh_policy_set(p, s, value, err, sizeof err)) ok = false;
                else err[0] = '\0';
            }
            if (err[0] && errors) cJSON_AddItemToArray(errors, cJSON_CreateString(err));
        }
        free(text);
        line += len + (end ? 1 : 0);
    }
    return ok;
}

static bool has_sets(const char *sets)
{
    for (const char *s = sets ? sets : ""; *s; s++)
        if (*s == '#') { /* a comment line: skip it */
            while (*s && *s != '\n') s++;
            if (!*s) break;
        } else if (*s != ' ' && *s != '\t' && *s != '\r' && *s != '\n') {
            return true;
        }
    return false;
}

/* A result's value as exact text: strings as they are, numbers as kaohe
 * wrote them, lists and objects as JSON; NULL for null. */
static cJSON *value_text(const cJSON *v)
{
    if (!v || cJSON_IsNull(v)) return cJSON_CreateNull();
    if (cJSON_IsString(v)) return cJSON_CreateString(v->valuestring);
    if (cJSON_IsBool(v)) return cJSON_CreateString(cJSON_IsTrue(v) ? "true" : "false");
    if (cJSON_IsNumber(v) && v->valuestring) return cJSON_CreateString(v->valuestring);
    char *json = cJSON_PrintUnformatted(v);
    cJSON *s = cJSON_CreateString(json ? json : "?");
    free(json);
    return s;
}

/* A roster opened as `kaohe eval` opens it (kh_roster_open): JSON or
 * NDJSON as it is, CSV text through the policy's schema into records. */
typedef struct roster_in {
    FILE *file;    /* the file itself */
    kh_roster *r;  /* CSV: where each record came from (NULL for JSON) */
    FILE *records; /* what kh_eval and the tools read */
    const char *name; /* the file's name, for messages */
} roster_in;

static bool roster_open(const kh_policy *p, const char *path, roster_in *in, char *err, size_t cap)
{
    memset(in, 0, sizeof *in);
    const char *slash = strrchr(path, '/');
    const char *name = slash ? slash + 1 : path;
    in->name = name;
    in->file = fopen(path, "rb");
    if (!in->file) {
        snprintf(err, cap, "cannot read the roster %s", name);
        return false;
    }
    if (kh_roster_open(p, in->file, name, NULL, 0, &in->r, &in->records, err, cap) != KH_OK) {
        fclose(in->file);
        memset(in, 0, sizeof *in);
        return false;
    }
    return true;
}

static void roster_close(roster_in *in)
{
    if (in->r) kh_roster_free(in->r); /* closes its records */
    else if (in->records && in->records != in->file) fclose(in->records);
    if (in->file) fclose(in->file);
    memset(in, 0, sizeof *in);
}


/* Adds item under the key prefix + name ("whatif_" + "rows"). */
static void add_keyed(cJSON *root, const char *prefix, const char *name, cJSON *item)
{
    char key[64];
    snprintf(key, sizeof key, "%s%s", prefix, name);
    cJSON_AddItemToObject(root, key, item);
}

/* Evaluates roster under p (kh_eval, NDJSON) and adds to root, each key
 * after prefix: "rows" (id, error, values in output order), "checks" (the
 * failed roster checks as kaohe writes them), and when there are any
 * "fatal", "notes" and "roster_notes".  Returns kh_eval's status. */
static int add_results(cJSON *root, const kh_policy *p, const char *roster, const char *prefix)
{
    char *out = NULL;
    size_t out_len = 0;
    kh_eval_summary summary;
    memset(&summary, 0, sizeof summary);
    int status = KH_IO_ERROR;
    roster_in in;
    if (roster_open(p, roster, &in, summary.fatal, sizeof summary.fatal)) {
        FILE *mem = open_memstream(&out, &out_len);
        if (mem) {
            kh_eval_options o;
            memset(&o, 0, sizeof o);
            o.format = KH_FORMAT_NDJSON;
            if (in.r) {
                o.locate = kh_roster_locate_for_eval;
                o.locate_ud = in.r;
                if (*kh_roster_notes(in.r)) add_keyed(root, prefix, "roster_notes", cJSON_CreateString(kh_roster_notes(in.r)));
            }
            status = kh_eval(p, in.records, in.name, mem, &o, &summary);
            fclose(mem);
        }
    }
    cJSON *rows = cJSON_CreateArray(), *checks = cJSON_CreateArray();
    add_keyed(root, prefix, "rows", rows);
    add_keyed(root, prefix, "checks", checks);
    int nout = kh_output_count(p);
    size_t index = 0; /* the record's number in the roster */
    for (char *line = out; line && *line;) {
        char *end = strchr(line, '\n');
        size_t len = end ? (size_t)(end - line) : strlen(line);
        cJSON *r = cJSON_ParseWithLength(line, len);
        if (r) json_keep_number_texts(r, line, len, true);
        if (r && cJSON_GetObjectItemCaseSensitive(r, "check_failed")) {
            char *text = strndup(line, len);
            cJSON_AddItemToArray(checks, cJSON_CreateString(text ? text : ""));
            free(text);
        } else if (r) {
            cJSON *row = cJSON_CreateObject();
            cJSON_AddItemToObject(row, "id", value_text(cJSON_GetObjectItemCaseSensitive(r, "id")));
            const cJSON *err = cJSON_GetObjectItemCaseSensitive(r, "error");
            /* a CSV record's error names its cell, as kaohe eval's messages do */
            char *located = cJSON_IsString(err) && in.r ? kh_roster_locate(in.r, index, err->valuestring, true) : NULL;
            add_text(row, "error", located ? located : cJSON_IsString(err) ? err->valuestring : NULL);
            kh_free(located);
            cJSON *values = cJSON_AddArrayToObject(row, "values");
            if (!err)
                for (int i = 0; i < nout; i++)
                    cJSON_AddItemToArray(values,
                                         value_text(cJSON_GetObjectItemCaseSensitive(r, kh_output_name(p, i))));
            cJSON_AddItemToArray(rows, row);
            index++;
        }
        cJSON_Delete(r);
        line += len + (end ? 1 : 0);
    }
    free(out);
    roster_close(&in);
    if (summary.fatal[0]) add_keyed(root, prefix, "fatal", cJSON_CreateString(summary.fatal));
    if (summary.notes[0]) add_keyed(root, prefix, "notes", cJSON_CreateString(summary.notes));
    return status;
}

/* The what-if: `kaohe diff` of the policy against itself with the sets. */
static void add_diff(cJSON *root, const char *policy, const char *roster, const char *sets)
{
    kh_diags *d = kh_diags_new();
    kh_policy *old_p = kh_policy_load(policy, d);
    kh_policy *new_p = kh_policy_load(policy, d);
    cJSON *errors = cJSON_AddArrayToObject(root, "set_errors");
    if (old_p && new_p && apply_sets(new_p, sets, errors)) {
        add_results(root, new_p, roster, "whatif_");
        char *out = NULL;
        size_t out_len = 0;
        char err[1024];
        roster_in in;
        if (roster_open(old_p, roster, &in, err, sizeof err)) {
            FILE *mem = open_memstream(&out, &out_len);
            if (mem) {
                kh_diff_options o;
                memset(&o, 0, sizeof o);
                o.format = KH_DIFF_TEXT;
                o.top = 5;
                o.old_name = "the policy";
                o.new_name = "the what-if";
                kh_eval_summary summary;
                memset(&summary, 0, sizeof summary);
                kh_diff(old_p, new_p, in.records, in.name, mem, &o, &summary);
                fclose(mem);
            }
            roster_close(&in);
        }
        add_text(root, "diff", out);
        free(out);
    }
    kh_policy_free(old_p);
    kh_policy_free(new_p);
    kh_diags_free(d);
}

EMSCRIPTEN_KEEPALIVE const char *play_run(const char *policy, const char *roster, const char *sets)
{
    cJSON *root = cJSON_CreateObject();
    kh_diags *d = kh_diags_new();
    kh_policy *p = kh_policy_load(policy, d);
    add_diags(root, d);
    cJSON_AddBoolToObject(root, "loaded", p != NULL);
    if (p) {
        cJSON *outputs = cJSON_AddArrayToObject(root, "outputs");
        for (int i = 0; i < kh_output_count(p); i++) {
            cJSON *o = cJSON_CreateObject();
            add_text(o, "name", kh_output_name(p, i));
            add_text(o, "label", kh_output_label(p, i));
            char type[256];
            kh_output_type(p, i, type, sizeof type);
            add_text(o, "type", type);
            cJSON_AddItemToArray(outputs, o);
        }
        cJSON_AddNumberToObject(root, "status", add_results(root, p, roster, ""));
        if (has_sets(sets)) add_diff(root, policy, roster, sets);
    }
    kh_policy_free(p);
    kh_diags_free(d);
    return answer_json(root);
}

EMSCRIPTEN_KEEPALIVE const char *play_explain(const char *policy, const char *roster, const char *sets,
                                              const char *id, const char *output)
{
    kh_diags *d = kh_diags_new();
    kh_policy *p = kh_policy_load(policy, d);
    char *out = NULL;
    size_t out_len = 0;
    if (!p) {
        kh_diags_free(d);
        return answer(strdup("the policy has errors"));
    }
    cJSON *errors = cJSON_CreateArray();
    if (!apply_sets(p, sets, errors)) {
        cJSON *first = cJSON_GetArrayItem(errors, 0);
        char *text = strdup(cJSON_IsString(first) ? first->valuestring : "a what-if line was refused");
        cJSON_Delete(errors);
        kh_policy_free(p);
        kh_diags_free(d);
        return answer(text);
    }
    cJSON_Delete(errors);
    kh_eval_summary summary;
    memset(&summary, 0, sizeof summary);
    int status = KH_IO_ERROR;
    roster_in in;
    if (roster_open(p, roster, &in, summary.fatal, sizeof summary.fatal)) {
        FILE *mem = open_memstream(&out, &out_len);
        if (mem) {
            kh_explain_options o;
            memset(&o, 0, sizeof o);
            const char *outputs[1] = {output};
            o.id = id;
            if (output && *output) {
                o.outputs = outputs;
                o.noutputs = 1;
            }
            status = kh_explain(p, in.records, in.name, mem, &o, &summary);
            fclose(mem);
        }
        roster_close(&in);
    }
    if (status != KH_OK && summary.fatal[0]) {
        free(out);
        out = strdup(summary.fatal);
    }
    kh_policy_free(p);
    kh_diags_free(d);
    return answer(out);
}

EMSCRIPTEN_KEEPALIVE const char *play_eval(const char *policy, const char *input, const char *sets, const char *format)
{
    kh_diags *d = kh_diags_new();
    kh_policy *p = kh_policy_load(policy, d);
    char *out = NULL;
    size_t out_len = 0;
    if (p && apply_sets(p, sets, NULL)) {
        char err[1024];
        roster_in in;
        if (roster_open(p, input, &in, err, sizeof err)) {
            FILE *mem = open_memstream(&out, &out_len);
            if (mem) {
                kh_eval_options o;
                memset(&o, 0, sizeof o);
                o.format = format && strcmp(format, "ndjson") == 0 ? KH_FORMAT_NDJSON : KH_FORMAT_JSON;
                if (in.r) {
                    o.locate = kh_roster_locate_for_eval;
                    o.locate_ud = in.r;
                }
                kh_eval_summary summary;
                memset(&summary, 0, sizeof summary);
                kh_eval(p, in.records, input, mem, &o, &summary);
                fclose(mem);
            }
            roster_close(&in);
        }
    }
    kh_policy_free(p);
    kh_diags_free(d);
    return answer(out ? out : strdup(""));
}
