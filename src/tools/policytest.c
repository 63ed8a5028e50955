/*
 * policytest.c — running *.test.json policy tests.
 */
#include "file_kind.h"
#include "policytest.h"

#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cjson/cJSON.h>

#include "explain.h"
#include "json_numtext.h"
#include "jsonin.h"
#include "policy.h"
#include "policy_load_test.h"
#include "readall.h"
#include "run.h"
#include "program.h"
#include "termtext.h"
#include "mem.h"
#include "i18n.h"

/* ---- files and merging ------------------------------------------------- */

/* Reads a regular file whole; NULL with the reason in why.  Opened without
 * waiting, so that a FIFO cannot hold the run. */
static char *slurp(const char *path, size_t *len, char *why, size_t cap)
{
    int fd = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC);
    struct stat st;
    if (fd < 0 || fstat(fd, &st) != 0) {
        snprintf(why, cap, _("the file cannot be read: %s"), strerror(errno));
        if (fd >= 0) close(fd);
        return NULL;
    }
    if (!S_ISREG(st.st_mode)) {
        snprintf(why, cap, _("the file is not a regular file (%s)"), file_kind(st.st_mode));
        close(fd);
        return NULL;
    }
    char *d = read_all(fd, SIZE_MAX, len);
    if (!d) snprintf(why, cap, _("the file cannot be read: %s"), strerror(errno));
    close(fd);
    return d;
}

/* Merges over into dst: objects recursively, anything else replaces, and a
 * null removes the key. */
static void merge(cJSON *dst, const cJSON *over)
{
    for (const cJSON *it = over->child; it; it = it->next) {
        cJSON *cur = cJSON_GetObjectItemCaseSensitive(dst, it->string);
        if (cJSON_IsNull(it)) {
            if (cur) cJSON_DeleteItemFromObjectCaseSensitive(dst, it->string);
        } else if (cur && cJSON_IsObject(cur) && cJSON_IsObject(it)) {
            merge(cur, it);
        } else if (cur) {
            cJSON_ReplaceItemInObjectCaseSensitive(dst, it->string, cJSON_Duplicate(it, 1));
        } else {
            cJSON_AddItemToObject(dst, it->string, cJSON_Duplicate(it, 1));
        }
    }
}

/* ---- comparing values with expectations --------------------------------- */

/* An expected number, read exactly from its text: a JSON number as written
 * in the test file (json_numtext.h), or a string "2/3" or "0.5". */
static bool expected_number(arena *A, const cJSON *e, kh_num *out)
{
    if (cJSON_IsNumber(e) && e->valuestring) return num_parse_exact(A, e->valuestring, strlen(e->valuestring), out) == NUM_OK;
    if (!cJSON_IsString(e)) return false;
    const char *s = e->valuestring, *slash = strchr(s, '/');
    size_t n = strlen(s);
    if (n > 1 && s[n - 1] == '%') { /* "100%", as HR writes a ratio */
        kh_num pct;
        return num_parse_exact(A, s, n - 1, &pct) == NUM_OK && num_div(A, pct, (kh_num){.num = 100, .den = 1}, out) == NUM_OK;
    }
    if (!slash) return num_parse_exact(A, s, strlen(s), out) == NUM_OK;
    kh_num a, b;
    return num_parse_exact(A, s, (size_t)(slash - s), &a) == NUM_OK &&
           num_parse_exact(A, slash + 1, strlen(slash + 1), &b) == NUM_OK && num_div(A, a, b, out) == NUM_OK;
}

static void describe(const value *v, const ktype *t, char *out, size_t cap)
{
    buf b = {0};
    write_json_value(&b, v, t);
    snprintf(out, cap, "%s", b.data ? b.data : "?");
    buf_free(&b);
}

/* Compares; on a mismatch writes "path: expected X, got Y" into why. */
static bool matches(arena *A, const value *v, const ktype *t, const cJSON *e, const char *path, char *why, size_t cap)
{
    char got[512];
    bool ok;
    switch (v->kind) {
    case VK_NUM: {
        kh_num n;
        ok = expected_number(A, e, &n) && num_eq(n, v->n);
        break;
    }
    case VK_BOOL: ok = cJSON_IsBool(e) && cJSON_IsTrue(e) == v->b; break;
    case VK_TEXT: ok = cJSON_IsString(e) && strlen(e->valuestring) == v->len && memcmp(e->valuestring, v->s, v->len) == 0; break;
    case VK_ENUM: ok = cJSON_IsString(e) && strcmp(e->valuestring, v->s) == 0; break;
    case VK_NONE: ok = cJSON_IsNull(e); break;
    case VK_LIST:
        ok = cJSON_IsArray(e) && cJSON_GetArraySize(e) == (int)v->len;
        for (uint32_t i = 0; ok && i < v->len; i++) {
            char p[256];
            snprintf(p, sizeof p, "%.200s[%u]", path, i + 1);
            if (!matches(A, &v->items[i], t && t->kind == T_LIST ? t->elem : NULL, cJSON_GetArrayItem(e, (int)i), p, why, cap))
                return false;
        }
        break;
    case VK_RECORD:
        if (!cJSON_IsObject(e) || !t || t->kind != T_RECORD) { ok = false; break; }
        for (const cJSON *it = e->child; it; it = it->next) {
            char p[256];
            snprintf(p, sizeof p, "%.120s.%.120s", path, it->string);
            int k = type_field_index(t, it->string);
            if (k < 0 || (uint32_t)k >= v->len) {
                snprintf(why, cap, _("%s: there is no such output field"), p);
                return false;
            }
            if (!matches(A, &v->items[k], t->fields[k], it, p, why, cap)) return false;
        }
        return true;
    default: {
        buf b = {0};
        write_json_value(&b, v, t);
        char *want = cJSON_PrintUnformatted(e);
        /* a date, a month...: its JSON text (a string without escapes) in full */
        ok = want && b.data && strcmp(b.data, want) == 0;
        free(want); /* cJSON's */
        buf_free(&b);
        break;
    }
    }
    if (!ok) {
        describe(v, t, got, sizeof got);
        char *want = cJSON_IsNumber(e) && e->valuestring ? strdup(e->valuestring) : cJSON_PrintUnformatted(e); /* strdup's or cJSON's: free() */
        snprintf(why, cap, _("%s: expected %s, got %s"), path, want ? want : "?", got);
        free(want); /* cJSON's (or strdup's) */
    }
    return ok;
}

/* ---- one case -------------------------------------------------------------- */

typedef struct case_run {
    const kh_policy *p;
    const cJSON *expect;
    arena *A;          /* expected numbers */
    bool *seen;        /* per expect entry */
    int nexpect;
    buf failures;
    int nfail;
} case_run;

static int expect_index(const case_run *cr, const char *id)
{
    int i = 0;
    for (const cJSON *it = cr->expect ? cr->expect->child : NULL; it; it = it->next, i++)
        if (id && strcmp(it->string, id) == 0) return i;
    return -1;
}

/* A failure line; a and b (ids, values, messages from the test file and
 * the records) are made safe for the terminal the report is read on. */
static void fail_line(case_run *cr, const char *fmt, const char *a, const char *b)
{
    buf sa = {0}, sb = {0};
    term_texts(&sa, a);
    term_texts(&sb, b);
    buf_puts(&cr->failures, "    ");
    buf_printf(&cr->failures, _(fmt), buf_text(&sa), buf_text(&sb));
    buf_putc(&cr->failures, '\n');
    cr->nfail++;
    buf_free(&sa);
    buf_free(&sb);
}

static void on_result(void *ud, size_t index, const char *id, const value *outputs, const evalctx *ctx)
{
    case_run *cr = ud;
    int k = expect_index(cr, id);
    if (k < 0) return;
    cr->seen[k] = true;
    const cJSON *want = cJSON_GetArrayItem(cr->expect, k);
    const plan *pl = cr->p->plan;
    for (const cJSON *it = want->child; it; it = it->next) {
        if (strcmp(it->string, "error") == 0) {
            fail_line(cr, "%s: expected an error, but the record was evaluated (%s)", id, it->valuestring ? it->valuestring : "");
            continue;
        }
        int o = -1;
        for (int i = 0; i < pl->noutputs && o < 0; i++)
            if (strcmp(pl->def_syms[pl->outputs[i]]->name, it->string) == 0) o = i;
        if (o < 0) {
            const char **names = arena_alloc(cr->A, (size_t)(pl->noutputs + 1) * sizeof *names);
            for (int i = 0; i < pl->noutputs; i++) names[i] = pl->def_syms[pl->outputs[i]]->name;
            const char *best = suggest_name(it->string, names, pl->noutputs);
            char w[400];
            if (best) snprintf(w, sizeof w, _("the policy has no output '%.150s' (did you mean '%.150s'?)"), it->string, best);
            else snprintf(w, sizeof w, _("the policy has no output '%.150s'"), it->string);
            fail_line(cr, "%s: %s", id, w);
            continue;
        }
        char path[300], why[1024];
        snprintf(path, sizeof path, "%.100s.%.150s", id, it->string);
        const symbol *s = pl->def_syms[pl->outputs[o]];
        if (!matches(cr->A, &outputs[o], s->type, it, path, why, sizeof why)) {
            fail_line(cr, "%s%s", why, "");
            explain_trail(&cr->failures, pl, ctx, pl->outputs[o], "      ");
        }
    }
}

static void on_error(void *ud, size_t index, const char *id, const char *message)
{
    case_run *cr = ud;
    int k = expect_index(cr, id);
    if (k < 0) return;
    cr->seen[k] = true;
    const cJSON *want = cJSON_GetArrayItem(cr->expect, k);
    const cJSON *e = cJSON_GetObjectItemCaseSensitive(want, "error");
    if (!e) {
        fail_line(cr, "%s: unexpected error: %s", id, message);
        return;
    }
    if (cJSON_IsString(e) && !strstr(message, e->valuestring)) {
        char w[1024];
        snprintf(w, sizeof w, _("expected an error mentioning \"%.300s\", got: %.600s"), e->valuestring, message);
        fail_line(cr, "%s: %s", id, w);
    }
}

/* Applies the case's `set` to p's params; returns false (with why). */
static bool apply_sets(kh_policy *p, const cJSON *set, char *why, size_t cap)
{
    for (const cJSON *it = set ? set->child : NULL; it; it = it->next) {
        const char *text;
        if (cJSON_IsString(it) || (cJSON_IsNumber(it) && it->valuestring)) text = it->valuestring; /* as written */
        else if (cJSON_IsBool(it)) text = cJSON_IsTrue(it) ? "true" : "false";
        else {
            snprintf(why, cap, _("set %s: give the value as text"), it->string);
            return false;
        }
        if (!policy_set_param(p, it->string, text, why, cap)) return false;
    }
    return true;
}

/* A record's field the policy's input does not have but that is one or two
 * letters off one it has: in a test, a misspelt field would silently leave
 * the real one at its default.  (A field far from every name is extra
 * data, ignored as eval ignores it.) */
static bool unknown_fields(const plan *pl, const cJSON *rec, const char *where, char *why, size_t cap)
{
    const in_field *root = &pl->input;
    for (const cJSON *it = cJSON_IsObject(rec) ? rec->child : NULL; it; it = it->next) {
        bool known = false;
        for (int i = 0; i < root->nchildren && !known; i++) known = strcmp(root->children[i].name, it->string) == 0;
        if (known) continue;
        const char *names[512];
        int n = 0;
        for (int i = 0; i < root->nchildren && n < 512; i++) names[n++] = root->children[i].name;
        const char *best = suggest_name(it->string, names, n);
        if (!best) continue;
        snprintf(why, cap, _("%s: the input has no field '%.150s' (did you mean '%.150s'?)"), where, it->string, best);
        return true;
    }
    return false;
}

static bool run_case(kh_policy *p, const cJSON *base, const cJSON *tc, case_run *cr, char *why, size_t cap)
{
    const cJSON *recs = cJSON_GetObjectItemCaseSensitive(tc, "records");
    if (!cJSON_IsArray(recs)) {
        snprintf(why, cap, _("the case has no \"records\" list"));
        return false;
    }
    if (!apply_sets(p, cJSON_GetObjectItemCaseSensitive(tc, "set"), why, cap)) return false;
    if (base && unknown_fields(p->plan, base, "base", why, cap)) return false;
    int ri = 1;
    for (const cJSON *r = recs->child; r; r = r->next, ri++) {
        char where[32];
        snprintf(where, sizeof where, _("record %d"), ri);
        if (unknown_fields(p->plan, r, where, why, cap)) return false;
    }
    cJSON *arr = cJSON_CreateArray();
    for (const cJSON *r = recs->child; r; r = r->next) {
        cJSON *rec = base ? cJSON_Duplicate(base, 1) : cJSON_CreateObject();
        if (cJSON_IsObject(r)) merge(rec, r);
        cJSON_AddItemToArray(arr, rec);
    }
    json_print_number_texts(arr); /* numbers as written, not through a double */
    char *text = cJSON_PrintUnformatted(arr);
    cJSON_Delete(arr);
    jsonin *in = jsonin_open_buffer(text, strlen(text), "test records");
    result_sink sink = {cr, on_result, on_error, false};
    run_stats st;
    int rc = run_eval(p->plan, p->params, in, &sink, NULL, &st);
    jsonin_close(in);
    free(text); /* cJSON's */
    if (rc == 4) {
        snprintf(why, cap, _("the records could not be read: %s"), st.fatal);
        return false;
    }
    int i = 0;
    for (const cJSON *it = cr->expect ? cr->expect->child : NULL; it; it = it->next, i++)
        if (!cr->seen[i]) fail_line(cr, "%s: no record with this id in the case%s", it->string, "");
    return true;
}

/* ---- a file ------------------------------------------------------------- */

static void report_case(FILE *out, bool color, bool ok, const char *file, const char *name, const buf *details)
{
    const char *mark = ok ? (color ? "\033[32mok\033[0m  " : "ok  ") : (color ? "\033[1;31mFAIL\033[0m" : "FAIL");
    buf line = {0};
    buf_printf(&line, "%s ", mark);
    term_texts(&line, file);
    buf_puts(&line, ": ");
    term_texts(&line, name);
    buf_putc(&line, '\n');
    fputs(line.data, out);
    buf_free(&line);
    if (!ok && details && details->len) fputs(details->data, out);
}

bool policytest_run_file(const char *path, const kh_load_options *o, FILE *report, bool color, test_summary *sum)
{
    size_t len;
    char unread[512];
    char *text = slurp(path, &len, unread, sizeof unread);
    const char *short_name = strrchr(path, '/') ? strrchr(path, '/') + 1 : path;
    const char *stop = NULL;
    cJSON *doc = text ? cJSON_ParseWithLengthOpts(text, len, &stop, 0) : NULL;
    if (doc) json_keep_number_texts(doc, text, len, true); /* every number read exactly from its text */
    buf msg = {0};
    if (!doc || !cJSON_IsObject(doc)) {
        if (text && !doc && stop && stop >= text && stop <= text + len) { /* where the JSON breaks */
            int line = 1, col = 1;
            for (const char *c = text; c < stop; c++) {
                if (*c == '\n') line++, col = 1;
                else if (((unsigned char)*c & 0xC0) != 0x80) col++;
            }
            buf_printf(&msg, _("    invalid JSON at line %d, column %d (a missing comma or quote just before?)\n"), line, col);
        } else if (text) buf_puts(&msg, _("    the file is not a JSON object (see kaohe help test)\n"));
        else buf_printf(&msg, "    %s\n", unread);
        report_case(report, color, false, short_name, _("(the file)"), &msg);
        buf_free(&msg);
        cJSON_Delete(doc);
        mem_free(text);
        sum->failed++;
        return false;
    }
    mem_free(text);
    const cJSON *pol = cJSON_GetObjectItemCaseSensitive(doc, "policy");
    /* the policy, relative to the test file */
    buf ppath = {0};
    const char *slash = strrchr(path, '/');
    if (cJSON_IsString(pol) && pol->valuestring[0] != '/' && slash)
        buf_printf(&ppath, "%.*s/%s", (int)(slash - path), path, pol->valuestring);
    else
        buf_puts(&ppath, cJSON_IsString(pol) ? pol->valuestring : "");
    kh_diags *d = kh_diags_new();
    kh_policy *p = ppath.len ? kh_policy_load_test(ppath.data, o, d) : NULL;
    if (!p) {
        if (ppath.len) {
            buf_puts(&msg, _("    the policy '"));
            term_texts(&msg, ppath.data);
            buf_puts(&msg, _("' could not be loaded:\n"));
        } else {
            buf_puts(&msg, _("    the file names no policy (give \"policy\": \"x.rules\", relative to the test file)\n"));
        }
        report_case(report, color, false, short_name, "(the policy)", &msg);
        kh_diags_print(d, report, false);
        kh_diags_free(d);
        buf_free(&msg);
        buf_free(&ppath);
        cJSON_Delete(doc);
        sum->failed++;
        return false;
    }
    buf_free(&ppath);
    kh_diags_free(d);
    value *defaults = mem_alloc((size_t)(p->plan->nparams + 1) * sizeof *defaults);
    memcpy(defaults, p->params, (size_t)p->plan->nparams * sizeof *defaults);
    const cJSON *base = cJSON_GetObjectItemCaseSensitive(doc, "base");
    const cJSON *cases = cJSON_GetObjectItemCaseSensitive(doc, "cases");
    int n = 0;
    for (const cJSON *tc = cJSON_IsArray(cases) ? cases->child : NULL; tc; tc = tc->next, n++) {
        memcpy(p->params, defaults, (size_t)p->plan->nparams * sizeof *defaults);
        const cJSON *name = cJSON_GetObjectItemCaseSensitive(tc, "name");
        const char *label = cJSON_IsString(name) ? name->valuestring : "(unnamed case)";
        case_run cr;
        memset(&cr, 0, sizeof cr);
        cr.p = p;
        cr.expect = cJSON_GetObjectItemCaseSensitive(tc, "expect");
        cr.nexpect = cJSON_GetArraySize(cr.expect);
        cr.seen = mem_calloc((size_t)cr.nexpect + 1, sizeof *cr.seen);
        cr.A = arena_new(16 * 1024);
        char why[1024] = "";
        bool ran = run_case(p, cJSON_IsObject(base) ? base : NULL, tc, &cr, why, sizeof why);
        if (!ran) fail_line(&cr, "%s%s", why, "");
        else if (cr.nexpect == 0) /* a case that cannot fail is no test */
            fail_line(&cr, "the case expects nothing (give \"expect\": {\"ID\": {\"output\": value}})%s%s", "", "");
        bool ok = cr.nfail == 0;
        if (!ok) {
            const cJSON *w = cJSON_GetObjectItemCaseSensitive(tc, "why");
            if (cJSON_IsString(w)) {
                buf_puts(&cr.failures, _("    worked by hand: "));
                term_texts(&cr.failures, w->valuestring);
                buf_putc(&cr.failures, '\n');
            }
        }
        report_case(report, color, ok, short_name, label, &cr.failures);
        if (ok) sum->passed++;
        else sum->failed++;
        buf_free(&cr.failures);
        mem_free(cr.seen);
        arena_free(cr.A);
    }
    if (n == 0) {
        buf_puts(&msg, _("    the file has no \"cases\"\n"));
        report_case(report, color, false, short_name, _("(the file)"), &msg);
        sum->failed++;
    }
    mem_free(defaults);
    kh_policy_free(p);
    buf_free(&msg);
    cJSON_Delete(doc);
    return true;
}
