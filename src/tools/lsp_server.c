/*
 * lsp_server.c — the language server's JSON-RPC side: the message queue
 * (cancellation, one check per burst of changes), the lifecycle
 * (initialize, shutdown, exit), the document notifications, and the
 * dispatch of requests.  A message that is not JSON-RPC is answered with an
 * error and the server carries on.
 */
#include "lsp.h"

#include <stdlib.h>
#include <string.h>

#include "kaohe.h"
#include "lsp_internal.h"
#include "mem.h"
#include "vec.h"

typedef enum server_state { ST_NEW, ST_RUNNING, ST_SHUTDOWN, ST_EXITED } server_state;

typedef struct queued {
    cJSON *msg;        /* NULL: the body was not JSON */
    bool cancelled;
    bool nul;          /* the body has a \u0000, which ends a cJSON string */
} queued;

struct lsp_server {
    lsp_send_fn send;
    void *ud;
    server_state state;
    int exit_status;
    lsp_doc **docs;
    int ndocs, docs_cap;
    queued *q;
    int nq, q_cap;
    load_options load;  /* more include directories (--include-path) */
};

lsp_server *lsp_server_new(lsp_send_fn send, void *ud, const char *const *include_dirs, int ninclude_dirs)
{
    lsp_server *s = mem_calloc(1, sizeof *s);
    s->load.include_dirs = include_dirs;
    s->load.ninclude_dirs = ninclude_dirs;
    s->send = send;
    s->ud = ud;
    s->exit_status = 1;
    return s;
}

static void doc_free(lsp_doc *d)
{
    mem_free(d->uri);
    mem_free(d->path);
    mem_free(d->real);
    mem_free(d->disk_root);
    mem_free(d->text);
    lsp_analysis_free(d->an);
    for (int i = 0; i < d->npublished; i++) mem_free(d->published[i]);
    mem_free(d->published);
    lsp_live_free(d->live);
    mem_free(d);
}

void lsp_server_free(lsp_server *s)
{
    if (!s) return;
    for (int i = 0; i < s->ndocs; i++) doc_free(s->docs[i]);
    mem_free(s->docs);
    for (int i = 0; i < s->nq; i++) cJSON_Delete(s->q[i].msg);
    mem_free(s->q);
    mem_free(s);
}

int lsp_server_exit_status(const lsp_server *s) { return s->exit_status; }
int lsp_server_queued(const lsp_server *s) { return s->nq; }

/* ---- sending ------------------------------------------------------------------ */

static void send_json(lsp_server *s, cJSON *msg)
{
    cJSON_AddStringToObject(msg, "jsonrpc", "2.0");
    char *text = cJSON_PrintUnformatted(msg);
    if (text) s->send(s->ud, text, strlen(text));
    free(text); /* cJSON's */
    cJSON_Delete(msg);
}

static cJSON *id_copy(const cJSON *id) { return id ? cJSON_Duplicate(id, true) : cJSON_CreateNull(); }

static void respond(lsp_server *s, const cJSON *id, cJSON *result)
{
    cJSON *m = cJSON_CreateObject();
    cJSON_AddItemToObject(m, "id", id_copy(id));
    cJSON_AddItemToObject(m, "result", result ? result : cJSON_CreateNull());
    send_json(s, m);
}

static void respond_error(lsp_server *s, const cJSON *id, int code, const char *message)
{
    cJSON *m = cJSON_CreateObject(), *e = cJSON_CreateObject();
    cJSON_AddItemToObject(m, "id", id_copy(id));
    cJSON_AddNumberToObject(e, "code", code);
    lsp_json_add_text(e, "message", message);
    cJSON_AddItemToObject(m, "error", e);
    send_json(s, m);
}

static void notify(lsp_server *s, const char *method, cJSON *params)
{
    cJSON *m = cJSON_CreateObject();
    cJSON_AddStringToObject(m, "method", method);
    cJSON_AddItemToObject(m, "params", params);
    send_json(s, m);
}

static void show_message(lsp_server *s, int type, const char *text)
{
    cJSON *p = cJSON_CreateObject();
    cJSON_AddNumberToObject(p, "type", type);
    lsp_json_add_text(p, "message", text);
    notify(s, "window/showMessage", p);
}

/* ---- the queue -------------------------------------------------------------------- */

static bool same_id(const cJSON *a, const cJSON *b)
{
    if (!a || !b) return false;
    if (cJSON_IsNumber(a) && cJSON_IsNumber(b)) return a->valuedouble == b->valuedouble;
    if (cJSON_IsString(a) && cJSON_IsString(b)) return strcmp(a->valuestring, b->valuestring) == 0;
    return false;
}

void lsp_server_push(lsp_server *s, const char *body, size_t len)
{
    cJSON *msg = cJSON_ParseWithLength(body, len);
    const cJSON *method = cJSON_GetObjectItem(msg, "method");
    if (cJSON_IsString(method) && strcmp(method->valuestring, "$/cancelRequest") == 0) {
        const cJSON *id = cJSON_GetObjectItem(cJSON_GetObjectItem(msg, "params"), "id");
        for (int i = 0; i < s->nq; i++)
            if (s->q[i].msg && same_id(cJSON_GetObjectItem(s->q[i].msg, "id"), id)) s->q[i].cancelled = true;
        cJSON_Delete(msg); /* a request already answered: nothing to do */
        return;
    }
    VEC_RESERVE(s->q, s->nq + 1, s->q_cap);
    s->q[s->nq].msg = msg;
    s->q[s->nq].cancelled = false;
    s->q[s->nq].nul = memmem(body, len, "\\u0000", 6) != NULL;
    s->nq++;
}

/* ---- documents ------------------------------------------------------------------------ */

static lsp_doc *find_doc(lsp_server *s, const char *uri)
{
    for (int i = 0; i < s->ndocs; i++)
        if (strcmp(s->docs[i]->uri, uri) == 0) return s->docs[i];
    return NULL;
}

static const char *text_document_uri(const cJSON *params)
{
    const cJSON *uri = cJSON_GetObjectItem(cJSON_GetObjectItem(params, "textDocument"), "uri");
    return cJSON_IsString(uri) ? uri->valuestring : NULL;
}

/* d's text changed: every document whose check read d's file is checked again. */
static void readers_dirty(lsp_server *s, const lsp_doc *d)
{
    for (int i = 0; i < s->ndocs; i++)
        if (s->docs[i] != d && lsp_doc_reads(s->docs[i], d->real)) s->docs[i]->dirty = true;
}

static void publish(lsp_server *s, lsp_doc *d)
{
    cJSON *all = lsp_doc_diagnostics(d, s->docs, s->ndocs), *e;
    cJSON_ArrayForEach(e, all) notify(s, "textDocument/publishDiagnostics", cJSON_Duplicate(e, true));
    cJSON_Delete(all);
    d->unpublished = false;
}

static const char *did_open(lsp_server *s, const cJSON *params)
{
    const cJSON *td = cJSON_GetObjectItem(params, "textDocument");
    const cJSON *uri = cJSON_GetObjectItem(td, "uri"), *text = cJSON_GetObjectItem(td, "text");
    const cJSON *version = cJSON_GetObjectItem(td, "version");
    if (!cJSON_IsString(uri) || !cJSON_IsString(text)) return "didOpen needs textDocument.uri and .text";
    lsp_doc *d = find_doc(s, uri->valuestring);
    if (!d) {
        d = mem_calloc(1, sizeof *d);
        d->text = mem_strdup("");
        d->load = &s->load;
        d->uri = mem_strdup(uri->valuestring);
        d->path = lsp_uri_to_path(d->uri);
        char *real = realpath(d->path, NULL);
        d->real = mem_strdup(real ? real : d->path);
        free(real); /* realpath's */
        VEC_RESERVE(s->docs, s->ndocs + 1, s->docs_cap);
        s->docs[s->ndocs++] = d;
    }
    lsp_doc_edit(d, 0, d->len, text->valuestring, strlen(text->valuestring));
    d->version = cJSON_IsNumber(version) ? version->valueint : -1;
    readers_dirty(s, d);
    return NULL;
}

static const char *did_change(lsp_server *s, const cJSON *params)
{
    const char *uri = text_document_uri(params);
    lsp_doc *d = uri ? find_doc(s, uri) : NULL;
    if (!d) return "didChange for a document that is not open";
    const cJSON *changes = cJSON_GetObjectItem(params, "contentChanges"), *c;
    if (!cJSON_IsArray(changes)) return "didChange needs contentChanges";
    cJSON_ArrayForEach(c, changes) {
        const cJSON *text = cJSON_GetObjectItem(c, "text"), *range = cJSON_GetObjectItem(c, "range");
        if (!cJSON_IsString(text)) return "a content change needs text";
        size_t n = strlen(text->valuestring);
        if (!range) {
            lsp_doc_edit(d, 0, d->len, text->valuestring, n);
            continue;
        }
        const cJSON *a = cJSON_GetObjectItem(range, "start"), *b = cJSON_GetObjectItem(range, "end");
        const cJSON *al = cJSON_GetObjectItem(a, "line"), *ac = cJSON_GetObjectItem(a, "character");
        const cJSON *bl = cJSON_GetObjectItem(b, "line"), *bc = cJSON_GetObjectItem(b, "character");
        if (!cJSON_IsNumber(al) || !cJSON_IsNumber(ac) || !cJSON_IsNumber(bl) || !cJSON_IsNumber(bc))
            return "a content change's range needs start and end positions";
        size_t start = lsp_offset_of(d->text, d->len, al->valueint, ac->valueint);
        size_t end = lsp_offset_of(d->text, d->len, bl->valueint, bc->valueint);
        lsp_doc_edit(d, start, end, text->valuestring, n);
    }
    const cJSON *version = cJSON_GetObjectItem(cJSON_GetObjectItem(params, "textDocument"), "version");
    if (cJSON_IsNumber(version)) d->version = version->valueint;
    readers_dirty(s, d);
    return NULL;
}

static void did_close(lsp_server *s, const cJSON *params)
{
    const char *uri = text_document_uri(params);
    for (int i = 0; uri && i < s->ndocs; i++) {
        lsp_doc *d = s->docs[i];
        if (strcmp(d->uri, uri) != 0) continue;
        for (int k = 0; k < d->npublished; k++) { /* its diagnostics go with it */
            cJSON *p = cJSON_CreateObject();
            lsp_json_add_text(p, "uri", d->published[k]);
            cJSON_AddItemToObject(p, "diagnostics", cJSON_CreateArray());
            notify(s, "textDocument/publishDiagnostics", p);
        }
        doc_free(d);
        s->docs[i] = s->docs[--s->ndocs];
        for (int k = 0; k < s->ndocs; k++) s->docs[k]->dirty = true; /* a policy it belonged to may be gone */
        return;
    }
}

/* A file was saved: the documents that include it read it again. */
static void did_save(lsp_server *s, const cJSON *params)
{
    const char *uri = text_document_uri(params);
    for (int i = 0; uri && i < s->ndocs; i++) {
        if (strcmp(s->docs[i]->uri, uri) != 0) s->docs[i]->dirty = true;
        mem_free(s->docs[i]->disk_root); /* it may include another file now */
        s->docs[i]->disk_root = NULL;
        s->docs[i]->disk_root_known = false;
    }
}

/* ---- requests ------------------------------------------------------------------------------ */

static cJSON *capabilities(void)
{
    return cJSON_Parse("{\"capabilities\":{"
                       "\"positionEncoding\":\"utf-16\","
                       "\"textDocumentSync\":{\"openClose\":true,\"change\":1,\"save\":{\"includeText\":false}},"
                       "\"hoverProvider\":true,"
                       "\"completionProvider\":{\"triggerCharacters\":[\".\",\"\\\"\"]},"
                       "\"definitionProvider\":true,"
                       "\"referencesProvider\":true,"
                       "\"renameProvider\":{\"prepareProvider\":true},"
                       "\"documentSymbolProvider\":true,"
                       "\"documentFormattingProvider\":true,"
                       "\"codeLensProvider\":{\"resolveProvider\":false}},"
                       "\"serverInfo\":{\"name\":\"kaohe\",\"version\":\"" KAOHE_VERSION "\"}}");
}

typedef struct request_kind {
    const char *method;
    cJSON *(*run)(lsp_request *r);
    bool position;     /* needs params.position */
} request_kind;

static const request_kind requests[] = {
    {"textDocument/hover", lsp_hover, true},
    {"textDocument/completion", lsp_completion, true},
    {"textDocument/definition", lsp_definition, true},
    {"textDocument/references", lsp_references, true},
    {"textDocument/prepareRename", lsp_prepare_rename, true},
    {"textDocument/rename", lsp_rename, true},
    {"textDocument/documentSymbol", lsp_document_symbols, false},
    {"textDocument/formatting", lsp_formatting, false},
    {"textDocument/codeLens", lsp_code_lens, false},
};

static void document_request(lsp_server *s, const request_kind *k, const cJSON *id, const cJSON *params)
{
    const char *uri = text_document_uri(params);
    lsp_doc *d = uri ? find_doc(s, uri) : NULL;
    if (!d) {
        respond_error(s, id, RPC_INVALID_PARAMS, uri ? "the document is not open (send didOpen first)"
                                                     : "the request needs textDocument.uri");
        return;
    }
    lsp_doc_refresh(d, s->docs, s->ndocs);
    lsp_request r = {.doc = d, .open = s->docs, .nopen = s->ndocs, .params = params, .file = d->file};
    if (k->position) {
        const cJSON *pos = cJSON_GetObjectItem(params, "position");
        const cJSON *line = cJSON_GetObjectItem(pos, "line"), *ch = cJSON_GetObjectItem(pos, "character");
        if (!cJSON_IsNumber(line) || !cJSON_IsNumber(ch) || line->valuedouble < 0 || ch->valuedouble < 0) {
            respond_error(s, id, RPC_INVALID_PARAMS, "the request needs a position {line, character}");
            return;
        }
        size_t off = lsp_offset_of(d->text, d->len, line->valueint, ch->valueint);
        size_t bom = d->bom ? 3 : 0;
        r.off = (uint32_t)(off > bom ? off - bom : 0);
    }
    cJSON *result = k->run(&r);
    if (result) respond(s, id, result);
    else respond_error(s, id, RPC_REQUEST_FAILED, r.err); /* a request that fails says why */
    if (r.note[0]) show_message(s, 2, r.note);
}

static void handle(lsp_server *s, const cJSON *msg, bool cancelled, bool nul)
{
    if (!msg) {
        respond_error(s, NULL, RPC_PARSE_ERROR, "the message is not JSON");
        return;
    }
    const cJSON *id = cJSON_GetObjectItem(msg, "id"), *method = cJSON_GetObjectItem(msg, "method");
    const cJSON *params = cJSON_GetObjectItem(msg, "params");
    if (!cJSON_IsObject(msg) || (id && !cJSON_IsNumber(id) && !cJSON_IsString(id) && !cJSON_IsNull(id))) {
        respond_error(s, NULL, RPC_INVALID_REQUEST, "not a JSON-RPC message (an object with a method)");
        return;
    }
    if (!cJSON_IsString(method)) {
        if (id && (cJSON_GetObjectItem(msg, "result") || cJSON_GetObjectItem(msg, "error"))) return; /* a response */
        respond_error(s, id, RPC_INVALID_REQUEST, "the message has no method");
        return;
    }
    const char *m = method->valuestring;
    bool request = id != NULL;
    if (strcmp(m, "exit") == 0) {
        s->exit_status = s->state == ST_SHUTDOWN ? 0 : 1;
        s->state = ST_EXITED;
        return;
    }
    if (request && cancelled) {
        respond_error(s, id, RPC_REQUEST_CANCELLED, "cancelled");
        return;
    }
    if (s->state == ST_NEW) {
        if (strcmp(m, "initialize") == 0 && request) {
            s->state = ST_RUNNING;
            respond(s, id, capabilities());
        } else if (request) {
            respond_error(s, id, RPC_SERVER_NOT_INITIALIZED, "the server is not initialized yet");
        }
        return;
    }
    if (s->state == ST_SHUTDOWN) {
        if (request) respond_error(s, id, RPC_INVALID_REQUEST, "the server is shutting down");
        return;
    }
    if (strcmp(m, "initialize") == 0) {
        if (request) respond_error(s, id, RPC_INVALID_REQUEST, "the server is already initialized");
        return;
    }
    if (strcmp(m, "shutdown") == 0) {
        s->state = ST_SHUTDOWN;
        if (request) respond(s, id, NULL);
        return;
    }
    if (!request) {
        const char *why = NULL;
        if (strcmp(m, "textDocument/didOpen") == 0) why = did_open(s, params);
        else if (strcmp(m, "textDocument/didChange") == 0) why = did_change(s, params);
        else if (strcmp(m, "textDocument/didClose") == 0) did_close(s, params);
        else if (strcmp(m, "textDocument/didSave") == 0) did_save(s, params);
        /* other notifications (initialized, $/..., configuration) need nothing */
        if (!why && nul && (strcmp(m, "textDocument/didOpen") == 0 || strcmp(m, "textDocument/didChange") == 0))
            why = "the text holds a NUL character (U+0000), which no policy can: kaohe reads it only up to there";
        if (why) show_message(s, 1, why); /* a notification has no answer: say it */
        return;
    }
    for (size_t i = 0; i < sizeof requests / sizeof requests[0]; i++)
        if (strcmp(m, requests[i].method) == 0) {
            document_request(s, &requests[i], id, params);
            return;
        }
    char why[300];
    snprintf(why, sizeof why, "kaohe lsp does not handle '%.200s'", m);
    respond_error(s, id, RPC_METHOD_NOT_FOUND, why);
}

bool lsp_server_run(lsp_server *s)
{
    for (int i = 0; i < s->nq; i++) {
        if (s->state != ST_EXITED) handle(s, s->q[i].msg, s->q[i].cancelled, s->q[i].nul);
        cJSON_Delete(s->q[i].msg);
    }
    s->nq = 0;
    if (s->state == ST_EXITED) return false;
    for (int i = 0; i < s->ndocs; i++) {
        lsp_doc_refresh(s->docs[i], s->docs, s->ndocs);
        if (s->docs[i]->unpublished) publish(s, s->docs[i]);
    }
    return true;
}
