/*
 * lsp_client.h — the language server driven in the process, message by
 * message, for the unit tests of src/tools/lsp_*.c (test_cov_lsp.c,
 * test_cov_lsp2.c): a client that keeps every message the server sent,
 * requests and notifications built as the protocol wants, and a scratch
 * directory of files for the cases that read from disk.  (A test that does
 * not use a helper is not warned about it: each is marked unused.)
 */
#ifndef KH_TEST_LSP_CLIENT_H
#define KH_TEST_LSP_CLIENT_H

#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cjson/cJSON.h>

#include "lsp.h"
#include "lsp_internal.h"

/* ---- a server and what it sends ---------------------------------------------- */

typedef struct client {
    lsp_server *s;
    cJSON *inbox; /* every message the server sent, in order */
    int next_id;
} client;

static __attribute__((unused)) void capture(void *ud, const char *json, size_t len)
{
    client *c = ud;
    cJSON *m = cJSON_ParseWithLength(json, len);
    assert_non_null(m); /* the server sends JSON, always */
    cJSON_AddItemToArray(c->inbox, m);
}

static __attribute__((unused)) void send_json(client *c, cJSON *m)
{
    char *t = cJSON_PrintUnformatted(m);
    lsp_server_push(c->s, t, strlen(t));
    free(t);
    cJSON_Delete(m);
}

static __attribute__((unused)) void send_text(client *c, const char *body) { lsp_server_push(c->s, body, strlen(body)); }

static __attribute__((unused)) void run(client *c) { assert_true(lsp_server_run(c->s)); }

static __attribute__((unused)) void forget(client *c)
{
    cJSON_Delete(c->inbox);
    c->inbox = cJSON_CreateArray();
}

/* The response to request id (NULL when none came). */
static __attribute__((unused)) cJSON *response(client *c, int id)
{
    cJSON *m;
    cJSON_ArrayForEach(m, c->inbox) {
        cJSON *i = cJSON_GetObjectItem(m, "id");
        if (cJSON_IsNumber(i) && i->valueint == id && !cJSON_GetObjectItem(m, "method")) return m;
    }
    return NULL;
}

static __attribute__((unused)) int count_method(client *c, const char *method)
{
    int n = 0;
    cJSON *m;
    cJSON_ArrayForEach(m, c->inbox) {
        cJSON *mm = cJSON_GetObjectItem(m, "method");
        n += cJSON_IsString(mm) && strcmp(mm->valuestring, method) == 0;
    }
    return n;
}

/* The last showMessage's text, or "". */
static __attribute__((unused)) const char *shown(client *c)
{
    const char *t = "";
    cJSON *m;
    cJSON_ArrayForEach(m, c->inbox) {
        cJSON *mm = cJSON_GetObjectItem(m, "method");
        if (cJSON_IsString(mm) && strcmp(mm->valuestring, "window/showMessage") == 0)
            t = cJSON_GetObjectItem(cJSON_GetObjectItem(m, "params"), "message")->valuestring;
    }
    return t;
}

/* The last diagnostics published for uri (NULL when none). */
static __attribute__((unused)) cJSON *diagnostics(client *c, const char *uri)
{
    cJSON *found = NULL, *m;
    cJSON_ArrayForEach(m, c->inbox) {
        cJSON *mm = cJSON_GetObjectItem(m, "method"), *p = cJSON_GetObjectItem(m, "params");
        if (cJSON_IsString(mm) && strcmp(mm->valuestring, "textDocument/publishDiagnostics") == 0 &&
            strcmp(cJSON_GetObjectItem(p, "uri")->valuestring, uri) == 0)
            found = cJSON_GetObjectItem(p, "diagnostics");
    }
    return found;
}

static __attribute__((unused)) cJSON *params_at(const char *uri, int line, int ch)
{
    cJSON *p = cJSON_CreateObject(), *td = cJSON_CreateObject(), *pos = cJSON_CreateObject();
    cJSON_AddStringToObject(td, "uri", uri);
    cJSON_AddItemToObject(p, "textDocument", td);
    cJSON_AddNumberToObject(pos, "line", line);
    cJSON_AddNumberToObject(pos, "character", ch);
    cJSON_AddItemToObject(p, "position", pos);
    return p;
}

static __attribute__((unused)) cJSON *params_doc(const char *uri)
{
    cJSON *p = cJSON_CreateObject(), *td = cJSON_CreateObject();
    cJSON_AddStringToObject(td, "uri", uri);
    cJSON_AddItemToObject(p, "textDocument", td);
    return p;
}

/* Sends a request, runs the server, returns its response message. */
static __attribute__((unused)) cJSON *request(client *c, const char *method, cJSON *params)
{
    int id = ++c->next_id;
    cJSON *m = cJSON_CreateObject();
    cJSON_AddStringToObject(m, "jsonrpc", "2.0");
    cJSON_AddNumberToObject(m, "id", id);
    cJSON_AddStringToObject(m, "method", method);
    if (params) cJSON_AddItemToObject(m, "params", params);
    send_json(c, m);
    run(c);
    cJSON *r = response(c, id);
    assert_non_null(r);
    return r;
}

static __attribute__((unused)) cJSON *result(client *c, const char *method, cJSON *params)
{
    cJSON *r = request(c, method, params);
    if (cJSON_GetObjectItem(r, "error")) fail_msg("%s failed: %s", method, cJSON_PrintUnformatted(r));
    return cJSON_GetObjectItem(r, "result");
}

/* The error message of a request that must fail with code. */
static __attribute__((unused)) const char *error_of(client *c, const char *method, cJSON *params, int code)
{
    cJSON *e = cJSON_GetObjectItem(request(c, method, params), "error");
    assert_non_null(e);
    assert_int_equal(cJSON_GetObjectItem(e, "code")->valueint, code);
    return cJSON_GetObjectItem(e, "message")->valuestring;
}

static __attribute__((unused)) void notify(client *c, const char *method, cJSON *params)
{
    cJSON *m = cJSON_CreateObject();
    cJSON_AddStringToObject(m, "jsonrpc", "2.0");
    cJSON_AddStringToObject(m, "method", method);
    if (params) cJSON_AddItemToObject(m, "params", params);
    send_json(c, m);
}

static __attribute__((unused)) void open_doc(client *c, const char *uri, const char *text)
{
    cJSON *p = params_doc(uri), *td = cJSON_GetObjectItem(p, "textDocument");
    cJSON_AddStringToObject(td, "languageId", "kaohe");
    cJSON_AddNumberToObject(td, "version", 1);
    cJSON_AddStringToObject(td, "text", text);
    notify(c, "textDocument/didOpen", p);
    run(c);
}

static __attribute__((unused)) void change_doc(client *c, const char *uri, const char *text, int version)
{
    cJSON *p = params_doc(uri), *changes = cJSON_CreateArray(), *ch = cJSON_CreateObject();
    cJSON_AddNumberToObject(cJSON_GetObjectItem(p, "textDocument"), "version", version);
    cJSON_AddStringToObject(ch, "text", text);
    cJSON_AddItemToArray(changes, ch);
    cJSON_AddItemToObject(p, "contentChanges", changes);
    notify(c, "textDocument/didChange", p);
    run(c);
}

static __attribute__((unused)) void started(client *c)
{
    memset(c, 0, sizeof *c);
    c->inbox = cJSON_CreateArray();
    c->s = lsp_server_new(capture, c, NULL, 0);
    result(c, "initialize", cJSON_Parse("{\"capabilities\":{}}"));
    notify(c, "initialized", cJSON_CreateObject());
    run(c);
}

static __attribute__((unused)) void finish(client *c)
{
    lsp_server_free(c->s);
    cJSON_Delete(c->inbox);
}

/* The labels of a completion result, as one string "a b c" (sorted as given). */
static __attribute__((unused)) bool has_label(const cJSON *items, const char *label)
{
    const cJSON *i;
    cJSON_ArrayForEach(i, items) if (strcmp(cJSON_GetObjectItem(i, "label")->valuestring, label) == 0) return true;
    return false;
}

static __attribute__((unused)) void assert_range(const cJSON *r, int l1, int c1, int l2, int c2)
{
    assert_non_null(r);
    const cJSON *s = cJSON_GetObjectItem(r, "start"), *e = cJSON_GetObjectItem(r, "end");
    assert_int_equal(cJSON_GetObjectItem(s, "line")->valueint, l1);
    assert_int_equal(cJSON_GetObjectItem(s, "character")->valueint, c1);
    assert_int_equal(cJSON_GetObjectItem(e, "line")->valueint, l2);
    assert_int_equal(cJSON_GetObjectItem(e, "character")->valueint, c2);
}

/* ---- files ------------------------------------------------------------------ */

static char tmp[256];

static __attribute__((unused)) void write_file(const char *rel, const char *text)
{
    char path[512];
    snprintf(path, sizeof path, "%s/%s", tmp, rel);
    FILE *f = fopen(path, "w");
    assert_non_null(f);
    fputs(text, f);
    fclose(f);
}

static __attribute__((unused)) char *uri_in_tmp(const char *rel)
{
    char path[512];
    snprintf(path, sizeof path, "%s/%s", tmp, rel);
    return lsp_path_to_uri(path);
}

static __attribute__((unused)) int setup_tmp(void **state)
{
    snprintf(tmp, sizeof tmp, "/tmp/kaohe-lsp-XXXXXX");
    assert_non_null(mkdtemp(tmp));
    char *real = realpath(tmp, NULL);
    snprintf(tmp, sizeof tmp, "%s", real);
    free(real);
    return 0;
}

static __attribute__((unused)) int teardown_tmp(void **state)
{
    char cmd[600];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", tmp);
    return system(cmd) == 0 ? 0 : -1;
}

#endif
