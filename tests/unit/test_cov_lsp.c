/*
 * test_cov_lsp.c — the language server (src/tools/lsp_*.c) driven in the
 * process, message by message, where tests/lsp/protocol.py does not go:
 * the lifecycle's corners (notifications before initialize and after
 * shutdown, a client's own responses, cancellation by a string id), every
 * kind of bad notification (each said in window/showMessage), ranged
 * edits, closing and saving, completion in each of its contexts, hover on
 * functions, groups and definitions, the outline, rename's refusals, a
 * document with a byte-order mark, a file checked as part of the policy
 * that includes it (found on disk one directory up, or no longer), and
 * live values with each thing that keeps them from being shown.
 *
 * Positions are LSP lines and UTF-16 units, counted by hand over the
 * ASCII policies below (one unit a byte); the expectations come from the
 * protocol (3.17) and the messages lsp_*.c documents.
 */
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
#include "mem.h"

#include "lsp_client.h"


/* ---- the policy most cases use ------------------------------------------------ */

/* Lines (0-based):
 *  0 policy "Demo"
 *  1 input:
 *  2     id: text, key
 *  3     team: one of "north", "south"
 *  4     hired: date, display
 *  5     period: month, display
 *  6     seen: datetime, display
 *  7     pay.base "base pay": money, at least 0, display
 *  8     deals: list of record
 *  9         amount: money
 * 10         kind: one of "new", "renew"
 * 11 param rate "rate" = 8%
 * 12 param cap = 3
 * 13 plain = cap + 1
 * 14 output total "total" = sum(amount over deals) * rate
 * 15 output rounded = round(total, 2)
 * 16 output who = team
 * 17 output big = plain > 2 and team != "north"
 * 18 check "positive": count(roster where total < 0 yuan) = 0
 */
static const char DEMO[] = "policy \"Demo\"\n"
                           "input:\n"
                           "    id: text, key\n"
                           "    team: one of \"north\", \"south\"\n"
                           "    hired: date, display\n"
                           "    period: month, display\n"
                           "    seen: datetime, display\n"
                           "    pay.base \"base pay\": money, at least 0, display\n"
                           "    deals: list of record\n"
                           "        amount: money\n"
                           "        kind: one of \"new\", \"renew\"\n"
                           "param rate \"rate\" = 8%\n"
                           "param cap = 3\n"
                           "plain = cap + 1\n"
                           "output total \"total\" = sum(amount over deals) * rate\n"
                           "output rounded = round(total, 2)\n"
                           "output who = team\n"
                           "output big = plain > 2 and team != \"north\"\n"
                           "check \"positive\": count(roster where total < 0 yuan) = 0\n";
#define DEMO_LINES 19
#define U "file:///nowhere/demo.rules"

static void open_demo(client *c)
{
    started(c);
    open_doc(c, U, DEMO);
    cJSON *d = diagnostics(c, U);
    assert_non_null(d);
    assert_int_equal(cJSON_GetArraySize(d), 0); /* the policy checks clean */
}

/* Completion at the end of one more line appended to DEMO. */
static cJSON *complete_after(client *c, const char *line, int version)
{
    char text[4096];
    snprintf(text, sizeof text, "%s%s\n", DEMO, line);
    change_doc(c, U, text, version);
    return result(c, "textDocument/completion", params_at(U, DEMO_LINES, (int)strlen(line)));
}

/* ---- lifecycle and the queue ---------------------------------------------------- */

static void test_lifecycle_corners(void **state)
{
    client c = {0};
    c.inbox = cJSON_CreateArray();
    c.s = lsp_server_new(capture, &c, NULL, 0);
    /* before initialize: a notification has no answer (initialize sent as
     * one included), a request is ServerNotInitialized */
    notify(&c, "initialize", cJSON_CreateObject());
    notify(&c, "textDocument/didOpen", cJSON_CreateObject());
    run(&c);
    assert_int_equal(cJSON_GetArraySize(c.inbox), 0);
    error_of(&c, "shutdown", NULL, RPC_SERVER_NOT_INITIALIZED);
    result(&c, "initialize", cJSON_CreateObject());
    /* once running, initialize as a notification is ignored, and a
     * client's own response is never answered */
    forget(&c);
    notify(&c, "initialize", NULL);
    send_text(&c, "{\"jsonrpc\":\"2.0\",\"id\":41,\"result\":null}");
    send_text(&c, "{\"jsonrpc\":\"2.0\",\"id\":42,\"error\":{\"code\":1,\"message\":\"x\"}}");
    run(&c);
    assert_int_equal(cJSON_GetArraySize(c.inbox), 0);
    /* an id that is neither a number, a string nor null */
    send_text(&c, "{\"jsonrpc\":\"2.0\",\"id\":true,\"method\":\"shutdown\"}");
    run(&c);
    cJSON *e = cJSON_GetObjectItem(cJSON_GetArrayItem(c.inbox, 0), "error");
    assert_int_equal(cJSON_GetObjectItem(e, "code")->valueint, RPC_INVALID_REQUEST);
    /* a request whose method the server does not know */
    assert_non_null(strstr(error_of(&c, "workspace/symbol", NULL, RPC_METHOD_NOT_FOUND), "'workspace/symbol'"));
    /* shutdown sent as a notification still shuts down: then a
     * notification is ignored and a request refused */
    notify(&c, "shutdown", NULL);
    run(&c);
    forget(&c);
    notify(&c, "textDocument/didOpen", cJSON_CreateObject());
    run(&c);
    assert_int_equal(cJSON_GetArraySize(c.inbox), 0);
    assert_string_equal(error_of(&c, "textDocument/hover", params_at(U, 0, 0), RPC_INVALID_REQUEST),
                        "the server is shutting down");
    /* exit: the server stops (what follows it is not handled), status 0 */
    notify(&c, "exit", NULL);
    send_text(&c, "{\"jsonrpc\":\"2.0\",\"id\":99,\"method\":\"shutdown\"}");
    forget(&c);
    assert_false(lsp_server_run(c.s));
    assert_int_equal(cJSON_GetArraySize(c.inbox), 0);
    assert_int_equal(lsp_server_exit_status(c.s), 0);
    finish(&c);
}

/* A request cancelled by a string id; a cancellation naming an id of
 * another type, or nothing, cancels nothing. */
static void test_cancel_by_string_id(void **state)
{
    client c;
    started(&c);
    open_doc(&c, U, DEMO);
    forget(&c);
    send_text(&c, "{\"jsonrpc\":\"2.0\",\"id\":\"h1\",\"method\":\"textDocument/documentSymbol\","
                  "\"params\":{\"textDocument\":{\"uri\":\"" U "\"}}}");
    send_text(&c, "{\"jsonrpc\":\"2.0\",\"id\":7,\"method\":\"textDocument/documentSymbol\","
                  "\"params\":{\"textDocument\":{\"uri\":\"" U "\"}}}");
    send_text(&c, "{\"jsonrpc\":\"2.0\",\"id\":\"7\",\"method\":\"textDocument/documentSymbol\","
                  "\"params\":{\"textDocument\":{\"uri\":\"" U "\"}}}");
    assert_int_equal(lsp_server_queued(c.s), 3);
    send_text(&c, "{\"jsonrpc\":\"2.0\",\"method\":\"$/cancelRequest\",\"params\":{\"id\":\"h1\"}}");
    send_text(&c, "{\"jsonrpc\":\"2.0\",\"method\":\"$/cancelRequest\",\"params\":{\"id\":\"8\"}}");
    send_text(&c, "{\"jsonrpc\":\"2.0\",\"method\":\"$/cancelRequest\",\"params\":{}}");
    assert_int_equal(lsp_server_queued(c.s), 3); /* a cancellation is not queued */
    run(&c);
    assert_int_equal(cJSON_GetArraySize(c.inbox), 3);
    cJSON *m = cJSON_GetArrayItem(c.inbox, 0);
    assert_string_equal(cJSON_GetObjectItem(m, "id")->valuestring, "h1");
    assert_int_equal(cJSON_GetObjectItem(cJSON_GetObjectItem(m, "error"), "code")->valueint, RPC_REQUEST_CANCELLED);
    assert_true(cJSON_IsArray(cJSON_GetObjectItem(cJSON_GetArrayItem(c.inbox, 1), "result")));
    assert_true(cJSON_IsArray(cJSON_GetObjectItem(cJSON_GetArrayItem(c.inbox, 2), "result")));
    finish(&c);
}

/* ---- notifications ------------------------------------------------------------ */

static void test_bad_notifications_are_said(void **state)
{
    client c;
    started(&c);
    notify(&c, "textDocument/didOpen", cJSON_Parse("{\"textDocument\":{\"uri\":\"" U "\"}}"));
    run(&c);
    assert_string_equal(shown(&c), "didOpen needs textDocument.uri and .text");
    notify(&c, "textDocument/didChange", cJSON_Parse("{\"textDocument\":{\"uri\":\"file:///not/open.rules\"},"
                                                     "\"contentChanges\":[]}"));
    run(&c);
    assert_string_equal(shown(&c), "didChange for a document that is not open");
    notify(&c, "textDocument/didChange", cJSON_Parse("{}"));
    run(&c);
    assert_string_equal(shown(&c), "didChange for a document that is not open");
    open_doc(&c, U, "output x = 1\n");
    notify(&c, "textDocument/didChange", cJSON_Parse("{\"textDocument\":{\"uri\":\"" U "\"},\"contentChanges\":{}}"));
    run(&c);
    assert_string_equal(shown(&c), "didChange needs contentChanges");
    notify(&c, "textDocument/didChange", cJSON_Parse("{\"textDocument\":{\"uri\":\"" U "\"},\"contentChanges\":[{}]}"));
    run(&c);
    assert_string_equal(shown(&c), "a content change needs text");
    notify(&c, "textDocument/didChange",
           cJSON_Parse("{\"textDocument\":{\"uri\":\"" U "\"},\"contentChanges\":[{\"text\":\"x\",\"range\":"
                       "{\"start\":{\"line\":0,\"character\":0},\"end\":{\"line\":0}}}]}"));
    run(&c);
    assert_string_equal(shown(&c), "a content change's range needs start and end positions");
    /* a request without a document */
    assert_string_equal(error_of(&c, "textDocument/formatting", cJSON_Parse("{\"textDocument\":{}}"), RPC_INVALID_PARAMS),
                        "the request needs textDocument.uri");
    finish(&c);
}

/* Two ranged changes in one notification, applied in order; a version
 * that is not a number keeps the last one. */
static void test_ranged_changes(void **state)
{
    client c;
    started(&c);
    open_doc(&c, U, "param a = 1\noutput x = a\n");
    /* "param a = 1" -> "param a = 12"; then line 1 "output x = a" -> "output y = a" */
    notify(&c, "textDocument/didChange",
           cJSON_Parse("{\"textDocument\":{\"uri\":\"" U "\",\"version\":\"v3\"},\"contentChanges\":["
                       "{\"range\":{\"start\":{\"line\":0,\"character\":11},\"end\":{\"line\":0,\"character\":11}},\"text\":\"2\"},"
                       "{\"range\":{\"start\":{\"line\":1,\"character\":7},\"end\":{\"line\":1,\"character\":8}},\"text\":\"y\"}]}"));
    run(&c);
    cJSON *e = cJSON_GetArrayItem(result(&c, "textDocument/formatting", params_doc(U)), 0);
    assert_null(e); /* already in the canonical layout: no edit */
    cJSON *h = result(&c, "textDocument/hover", params_at(U, 1, 7));
    assert_non_null(strstr(cJSON_GetObjectItem(cJSON_GetObjectItem(h, "contents"), "value")->valuestring,
                           "**output** `y`"));
    h = result(&c, "textDocument/hover", params_at(U, 0, 6));
    assert_non_null(strstr(cJSON_GetObjectItem(cJSON_GetObjectItem(h, "contents"), "value")->valuestring, "value: `12`"));
    /* the version stayed 1 (the one didOpen gave) */
    forget(&c);
    change_doc(&c, U, "param a = 1\noutput x = a\n", 5);
    cJSON *m;
    int version = -1;
    cJSON_ArrayForEach(m, c.inbox) {
        cJSON *v = cJSON_GetObjectItem(cJSON_GetObjectItem(m, "params"), "version");
        if (v) version = v->valueint;
    }
    assert_int_equal(version, 5);
    finish(&c);
}

/* Closing a document clears its diagnostics; it is no longer open. */
static void test_close_clears_diagnostics(void **state)
{
    client c;
    started(&c);
    open_doc(&c, U, "output x = nope\n");
    assert_int_equal(cJSON_GetArraySize(diagnostics(&c, U)), 1);
    forget(&c);
    notify(&c, "textDocument/didClose", params_doc("file:///not/open.rules"));
    run(&c);
    assert_int_equal(cJSON_GetArraySize(c.inbox), 0); /* closing what is not open: nothing */
    notify(&c, "textDocument/didClose", params_doc(U));
    run(&c);
    assert_non_null(diagnostics(&c, U));
    assert_int_equal(cJSON_GetArraySize(diagnostics(&c, U)), 0);
    assert_string_equal(error_of(&c, "textDocument/hover", params_at(U, 0, 7), RPC_INVALID_PARAMS),
                        "the document is not open (send didOpen first)");
    finish(&c);
}

/* ---- completion ----------------------------------------------------------------- */

static void test_completion_contexts(void **state)
{
    client c;
    open_demo(&c);
    int v = 2;
    cJSON *items;
    /* inside quotes in a list after `in`: the field's values */
    items = complete_after(&c, "output t = team in [\"north\", \"", v++);
    assert_int_equal(cJSON_GetArraySize(items), 2);
    assert_true(has_label(items, "north") && has_label(items, "south"));
    items = complete_after(&c, "output t = team in [\"", v++);
    assert_int_equal(cJSON_GetArraySize(items), 2);
    /* after != and ≠ */
    items = complete_after(&c, "output t = team != \"", v++);
    assert_true(has_label(items, "south"));
    items = complete_after(&c, "output t = team \xE2\x89\xA0 \"", v++);
    assert_true(has_label(items, "north"));
    /* quotes after something else: nothing to offer */
    assert_int_equal(cJSON_GetArraySize(complete_after(&c, "output t = \"", v++)), 0);
    assert_int_equal(cJSON_GetArraySize(complete_after(&c, "output t = [\"", v++)), 0);
    assert_int_equal(cJSON_GetArraySize(complete_after(&c, "output t = x, \"", v++)), 0);
    assert_int_equal(cJSON_GetArraySize(complete_after(&c, "output t = cap = \"", v++)), 0); /* not an enum */
    assert_int_equal(cJSON_GetArraySize(complete_after(&c, "output t = nothing = \"", v++)), 0);
    /* a date's, a month's and a date and time's parts */
    items = complete_after(&c, "output t = hired.", v++);
    assert_int_equal(cJSON_GetArraySize(items), 5);
    assert_true(has_label(items, "weekday") && !has_label(items, "hour"));
    items = complete_after(&c, "output t = period.", v++);
    assert_int_equal(cJSON_GetArraySize(items), 3);
    assert_true(has_label(items, "year") && has_label(items, "month") && has_label(items, "quarter"));
    items = complete_after(&c, "output t = seen.", v++);
    assert_int_equal(cJSON_GetArraySize(items), 9);
    assert_true(has_label(items, "hour") && has_label(items, "second") && has_label(items, "date"));
    /* after a name that is no value, or a number's dot: nothing */
    assert_int_equal(cJSON_GetArraySize(complete_after(&c, "output t = nothing.", v++)), 0);
    assert_int_equal(cJSON_GetArraySize(complete_after(&c, "output t = cap.", v++)), 0);
    /* after a number (also a decimal): units; after a name ending in a
     * digit: names */
    items = complete_after(&c, "output t = 1.5 ", v++);
    assert_true(has_label(items, "yuan") && has_label(items, "%"));
    items = complete_after(&c, "output t = cap2 ", v++);
    assert_false(has_label(items, "yuan"));
    assert_true(has_label(items, "rate"));
    /* names after a Chinese character, which is part of the name */
    items = complete_after(&c, "output t = \xE5\xA5\x96", v++);
    assert_true(has_label(items, "plain") && has_label(items, "round"));
    assert_false(has_label(items, "amount")); /* no `over` in this declaration */
    /* inside `sum(` of line 14, whose declaration runs over deals: the
     * entries' fields too ('output total "total" = sum(' is 27 units) */
    change_doc(&c, U, DEMO, v++);
    items = result(&c, "textDocument/completion", params_at(U, 14, 27));
    assert_true(has_label(items, "amount") && has_label(items, "kind") && has_label(items, "total"));
    /* a group is offered as a module, the param with its type */
    const cJSON *i;
    cJSON_ArrayForEach(i, items) {
        const char *l = cJSON_GetObjectItem(i, "label")->valuestring;
        if (strcmp(l, "pay") == 0) assert_string_equal(cJSON_GetObjectItem(i, "detail")->valuestring, "input group");
        if (strcmp(l, "rate") == 0) assert_string_equal(cJSON_GetObjectItem(i, "documentation")->valuestring, "rate");
    }
    finish(&c);
}

/* ---- hover, definition, references, outline -------------------------------------- */

static const char *hover_text(client *c, int line, int ch)
{
    cJSON *h = result(c, "textDocument/hover", params_at(U, line, ch));
    if (cJSON_IsNull(h)) return NULL;
    return cJSON_GetObjectItem(cJSON_GetObjectItem(h, "contents"), "value")->valuestring;
}

static void test_hover_kinds(void **state)
{
    client c;
    open_demo(&c);
    /* line 15: output rounded = round(total, 2) — 'round' at 17 */
    assert_non_null(strstr(hover_text(&c, 15, 18), "**function** `round(x, places)`"));
    /* line 13: plain = cap + 1 — a definition, its block of lines, where */
    const char *h = hover_text(&c, 13, 1);
    assert_non_null(strstr(h, "**definition** `plain` \xC2\xB7 integer"));
    assert_non_null(strstr(h, "```kaohe\nplain = cap + 1\n```"));
    assert_non_null(strstr(h, "*demo.rules:14*"));
    /* line 7: pay.base — 'pay' at 4 is the group, with its fields */
    h = hover_text(&c, 7, 5);
    assert_non_null(strstr(h, "**input group** `pay`"));
    assert_non_null(strstr(h, "fields: `base`"));
    /* the number 2 of line 15 (at 30) names nothing */
    assert_null(hover_text(&c, 15, 30));
    finish(&c);
}

/* A definition of more than 12 lines is shown cut, with an ellipsis. */
static void test_hover_long_definition(void **state)
{
    client c;
    started(&c);
    char text[2048] = "input:\n    id: text, key\n    calls: integer\noutput t = tier calls:\n";
    for (int i = 14; i > 0; i--) {
        char row[64];
        snprintf(row, sizeof row, "    %d or more -> %d\n", i * 10, i);
        strcat(text, row);
    }
    strcat(text, "    otherwise -> 0\n");
    open_doc(&c, U, text);
    const char *h = hover_text(&c, 3, 7);
    assert_non_null(strstr(h, "    40 or more -> 4\n\xE2\x80\xA6\n```")); /* 12 lines: the header and 11 rows */
    assert_null(strstr(h, "\n    30 or more"));
    finish(&c);
}

static void test_definition_and_references_of_nothing(void **state)
{
    client c;
    open_demo(&c);
    /* 'round' is a function: no declaration, no references */
    assert_true(cJSON_IsNull(result(&c, "textDocument/definition", params_at(U, 15, 18))));
    assert_true(cJSON_IsNull(result(&c, "textDocument/references", params_at(U, 15, 18))));
    /* the blank after '=' of line 13 (at 6) */
    assert_true(cJSON_IsNull(result(&c, "textDocument/references", params_at(U, 13, 6))));
    /* 'cap' of line 13 (at 8..11) is declared on line 12 (at 6..9) */
    cJSON *d = result(&c, "textDocument/definition", params_at(U, 13, 9));
    assert_string_equal(cJSON_GetObjectItem(d, "uri")->valuestring, U);
    assert_range(cJSON_GetObjectItem(d, "range"), 12, 6, 12, 9);
    finish(&c);
}

static const cJSON *symbol_named(const cJSON *arr, const char *name)
{
    const cJSON *s;
    cJSON_ArrayForEach(s, arr) if (strcmp(cJSON_GetObjectItem(s, "name")->valuestring, name) == 0) return s;
    return NULL;
}

static void test_outline(void **state)
{
    client c;
    open_demo(&c);
    cJSON *syms = result(&c, "textDocument/documentSymbol", params_doc(U));
    /* the policy, the input, 2 params, 1 definition, 4 outputs, 1 check */
    assert_int_equal(cJSON_GetArraySize(syms), 10);
    const cJSON *s = symbol_named(syms, "Demo");
    assert_int_equal(cJSON_GetObjectItem(s, "kind")->valueint, 2); /* Module */
    assert_string_equal(cJSON_GetObjectItem(s, "detail")->valuestring, "policy");
    s = symbol_named(syms, "positive");
    assert_int_equal(cJSON_GetObjectItem(s, "kind")->valueint, 24); /* Event */
    s = symbol_named(syms, "plain");
    assert_int_equal(cJSON_GetObjectItem(s, "kind")->valueint, 13); /* Variable */
    assert_null(cJSON_GetObjectItem(s, "detail"));
    s = symbol_named(syms, "rate");
    assert_int_equal(cJSON_GetObjectItem(s, "kind")->valueint, 14); /* Constant */
    assert_string_equal(cJSON_GetObjectItem(s, "detail")->valuestring, "rate");
    /* the input: 7 fields, deals with its 2 (lines 8 to 10) */
    s = symbol_named(syms, "input");
    const cJSON *fields = cJSON_GetObjectItem(s, "children");
    assert_int_equal(cJSON_GetArraySize(fields), 7);
    const cJSON *deals = symbol_named(fields, "deals");
    assert_int_equal(cJSON_GetArraySize(cJSON_GetObjectItem(deals, "children")), 2);
    assert_range(cJSON_GetObjectItem(deals, "range"), 8, 0, 10, 35);
    assert_string_equal(cJSON_GetObjectItem(symbol_named(fields, "pay.base"), "detail")->valuestring, "base pay");
    finish(&c);
}

/* ---- rename ------------------------------------------------------------------------ */

static cJSON *rename_params(int line, int ch, const char *name)
{
    cJSON *p = params_at(U, line, ch);
    if (name) cJSON_AddStringToObject(p, "newName", name);
    return p;
}

static void test_rename_refusals(void **state)
{
    client c;
    open_demo(&c);
    assert_string_equal(error_of(&c, "textDocument/rename", rename_params(12, 7, NULL), RPC_REQUEST_FAILED),
                        "rename needs a newName");
    assert_string_equal(error_of(&c, "textDocument/rename", rename_params(13, 6, "x"), RPC_REQUEST_FAILED),
                        "nothing to rename here");
    assert_string_equal(error_of(&c, "textDocument/rename", rename_params(15, 18, "x"), RPC_REQUEST_FAILED),
                        "'round' is a function of kaohe");
    assert_string_equal(error_of(&c, "textDocument/prepareRename", params_at(U, 15, 18), RPC_REQUEST_FAILED),
                        "'round' is a function of kaohe");
    assert_non_null(strstr(error_of(&c, "textDocument/rename", rename_params(3, 5, "squad"), RPC_REQUEST_FAILED),
                           "'team' is an input field"));
    assert_string_equal(error_of(&c, "textDocument/rename", rename_params(12, 7, ""), RPC_REQUEST_FAILED), "not a name");
    assert_non_null(strstr(error_of(&c, "textDocument/rename", rename_params(12, 7, "if"), RPC_REQUEST_FAILED),
                           "'if' is not a name a policy can declare"));
    assert_non_null(strstr(error_of(&c, "textDocument/rename", rename_params(12, 7, "a b"), RPC_REQUEST_FAILED),
                           "not one word"));
    assert_string_equal(error_of(&c, "textDocument/rename", rename_params(12, 7, "rate"), RPC_REQUEST_FAILED),
                        "'rate' is already the name of a param");
    assert_string_equal(error_of(&c, "textDocument/rename", rename_params(12, 7, "plain"), RPC_REQUEST_FAILED),
                        "'plain' is already the name of a definition");
    assert_string_equal(error_of(&c, "textDocument/rename", rename_params(12, 7, "team"), RPC_REQUEST_FAILED),
                        "'team' is already the name of an input field");
    assert_string_equal(error_of(&c, "textDocument/rename", rename_params(12, 7, "max"), RPC_REQUEST_FAILED),
                        "'max' is a function of kaohe");
    /* nothing under the cursor: prepareRename answers null */
    assert_true(cJSON_IsNull(result(&c, "textDocument/prepareRename", params_at(U, 13, 6))));
    finish(&c);
}

/* Renaming a definition changes its two places and says nothing more;
 * renaming an output says what else names it. */
static void test_rename_definition_and_output(void **state)
{
    client c;
    open_demo(&c);
    forget(&c);
    cJSON *we = result(&c, "textDocument/rename", rename_params(13, 1, "base_count"));
    cJSON *edits = cJSON_GetObjectItem(cJSON_GetObjectItem(we, "changes"), U);
    assert_int_equal(cJSON_GetArraySize(edits), 2);
    assert_range(cJSON_GetObjectItem(cJSON_GetArrayItem(edits, 0), "range"), 13, 0, 13, 5);
    assert_range(cJSON_GetObjectItem(cJSON_GetArrayItem(edits, 1), "range"), 17, 13, 17, 18);
    assert_int_equal(count_method(&c, "window/showMessage"), 0);
    /* 'who' of line 16 at 7 */
    we = result(&c, "textDocument/rename", rename_params(16, 8, "squad"));
    assert_int_equal(cJSON_GetArraySize(cJSON_GetObjectItem(cJSON_GetObjectItem(we, "changes"), U)), 1);
    assert_non_null(strstr(shown(&c), "renamed output 'who' to 'squad': the results, --prior files and policy tests"));
    finish(&c);
}

/* ---- a byte-order mark ------------------------------------------------------------------ */

/* The editor's line 0 has the mark as one unit: 'a' of "param a = 1" is
 * at unit 7 (1 + "param " 6), its use on line 1 at 11. */
static void test_byte_order_mark(void **state)
{
    client c;
    started(&c);
    open_doc(&c, U, "\xEF\xBB\xBFparam a = 1\noutput x = a + nope\n");
    cJSON *d = diagnostics(&c, U);
    assert_int_equal(cJSON_GetArraySize(d), 1);
    assert_range(cJSON_GetObjectItem(cJSON_GetArrayItem(d, 0), "range"), 1, 15, 1, 19);
    change_doc(&c, U, "\xEF\xBB\xBFparam a = 1\noutput x = a\n", 2);
    cJSON *def = result(&c, "textDocument/definition", params_at(U, 1, 11));
    assert_range(cJSON_GetObjectItem(def, "range"), 0, 7, 0, 8);
    cJSON *h = result(&c, "textDocument/hover", params_at(U, 0, 7));
    assert_range(cJSON_GetObjectItem(h, "range"), 0, 7, 0, 8);
    /* the cursor on the mark itself is the start of the text */
    h = result(&c, "textDocument/hover", params_at(U, 0, 0));
    assert_true(cJSON_IsNull(h));
    finish(&c);
}

/* ---- a file that a policy includes ---------------------------------------------------- */

/* sub/part.rules is included by main.rules one directory up; the other
 * .rules files there include it not (no quotes, no closing quote, another
 * file by an absolute path) and one names no .rules file at all. */
static void test_part_found_on_disk(void **state)
{
    char dir[300];
    snprintf(dir, sizeof dir, "%s/up", tmp);
    mkdir(dir, 0755);
    snprintf(dir, sizeof dir, "%s/up/sub", tmp);
    mkdir(dir, 0755);
    write_file("up/a.rules", "include sub/part.rules\n  include \"sub/part.rules\n\tinclude \"/nonexistent/x.rules\"\n");
    write_file("up/main.rules", "# the policy\ninclude \"sub/part.rules\"\noutput x = calls + 1\n");
    write_file("up/sub/part.rules", "input:\n    id: text, key\n    calls: integer\n");
    write_file("up/notes.txt", "include \"sub/part.rules\"\n");
    char *part = uri_in_tmp("up/sub/part.rules"), *main_uri = uri_in_tmp("up/main.rules");
    client c;
    started(&c);
    open_doc(&c, part, "input:\n    id: text, key\n    calls: integer\n");
    /* as part of main.rules: no "never used" warning for calls */
    assert_int_equal(cJSON_GetArraySize(diagnostics(&c, part)), 0);
    /* calls is named in main.rules (line 2 at 11..16), not open: its file's URI */
    cJSON *p = params_at(part, 2, 5);
    cJSON_AddItemToObject(p, "context", cJSON_Parse("{\"includeDeclaration\":false}"));
    cJSON *refs = result(&c, "textDocument/references", p);
    assert_int_equal(cJSON_GetArraySize(refs), 1);
    assert_string_equal(cJSON_GetObjectItem(cJSON_GetArrayItem(refs, 0), "uri")->valuestring, main_uri);
    assert_range(cJSON_GetObjectItem(cJSON_GetArrayItem(refs, 0), "range"), 2, 11, 2, 16);
    /* code lenses: none for a part (its policy has the values) */
    assert_int_equal(cJSON_GetArraySize(result(&c, "textDocument/codeLens", params_doc(part))), 0);

    /* main.rules open, with its include taken out of the buffer: the part
     * stands alone (and its field calls is never used; id is the key) */
    open_doc(&c, main_uri, "output x = 1\n");
    notify(&c, "textDocument/didSave", params_doc(main_uri));
    run(&c);
    cJSON *d = diagnostics(&c, part);
    assert_int_equal(cJSON_GetArraySize(d), 1);
    assert_non_null(strstr(cJSON_GetObjectItem(cJSON_GetArrayItem(d, 0), "message")->valuestring,
                           "the input field 'calls' is never used"));
    /* main.rules includes it again: definition from main.rules goes to the
     * part, open, under its own URI (line 2 at 4..9) */
    change_doc(&c, main_uri, "include \"sub/part.rules\"\noutput x = calls + 1\n", 2);
    cJSON *def = result(&c, "textDocument/definition", params_at(main_uri, 1, 12));
    assert_string_equal(cJSON_GetObjectItem(def, "uri")->valuestring, part);
    assert_range(cJSON_GetObjectItem(def, "range"), 2, 4, 2, 9);
    /* an error in the part, open: published under the part's URI */
    forget(&c);
    change_doc(&c, part, "input:\n    id: text, key\n    calls: integr\n", 3);
    d = diagnostics(&c, part);
    assert_int_equal(cJSON_GetArraySize(d), 1);
    assert_non_null(strstr(cJSON_GetObjectItem(cJSON_GetArrayItem(d, 0), "message")->valuestring, "integr"));
    mem_free(part);
    mem_free(main_uri);
    finish(&c);
}

/* ---- live values ------------------------------------------------------------------------ */

static const char LIVE[] = "input:\n"
                           "    id: text, key\n"
                           "    calls: integer, at least 0\n"
                           "    extra: money, optional\n"
                           "output pay = calls * 2 yuan\n"
                           "output bonus = extra\n";

/* The title of the first code lens of the live policy. */
static const char *lens_title(client *c, const char *uri, int k)
{
    cJSON *l = result(c, "textDocument/codeLens", params_doc(uri));
    const cJSON *x = cJSON_GetArrayItem(l, k);
    return x ? cJSON_GetObjectItem(cJSON_GetObjectItem(x, "command"), "title")->valuestring : NULL;
}

static void test_live_values(void **state)
{
    char dir[300];
    snprintf(dir, sizeof dir, "%s/live", tmp);
    mkdir(dir, 0755);
    snprintf(dir, sizeof dir, "%s/live/adir", tmp);
    mkdir(dir, 0755);
    write_file("live/p.rules", LIVE);
    /* A: calls 10 -> 20.00, bonus 5.00; B: no extra -> bonus absent; C: refused */
    write_file("live/r.json", "[{\"id\":\"A\",\"calls\":10,\"extra\":5},{\"id\":\"B\",\"calls\":1},{\"id\":\"C\",\"calls\":-1}]");
    write_file("live/bad.json", "[{\"id\":\"A\",\"calls\":10},");
    write_file("live/refused.json", "[{\"id\":\"A\",\"calls\":-1}]");
    char *u = uri_in_tmp("live/p.rules");
    client c;
    started(&c);
    struct {
        const char *config, *title;
    } cases[] = {
        {"{\"roster\":\"r.json\"}", "A: 20.00 \xC2\xB7 total 22.00 over 2 records, 1 refused"},
        {"[1]", "is not a JSON object"},
        {"{}", "names no \"roster\""},
        {"{\"roster\":\"none.json\"}", "live values: cannot read the roster '"},
        {"{\"roster\":\"adir\"}", "live values: cannot read the roster '"},
        {"{\"roster\":\"bad.json\"}", "cannot be read: "},
        {"{\"roster\":\"r.json\",\"record\":\"Z\"}", "live values: no record 'Z' in the roster"},
        {"{\"roster\":\"refused.json\"}", "live values: no record of the roster could be evaluated"},
        {"{\"roster\":5}", "'roster' is not a known key"},
    };
    for (size_t k = 0; k < sizeof cases / sizeof cases[0]; k++) {
        write_file("live/.kaohe.json", cases[k].config);
        if (k == 0) open_doc(&c, u, LIVE);
        else change_doc(&c, u, LIVE, (int)k + 1);
        const char *t = lens_title(&c, u, 0);
        if (!t || !strstr(t, cases[k].title)) fail_msg("config %s: lens '%s', want '%s'", cases[k].config, t, cases[k].title);
    }
    /* an absolute roster path; the money output some records lack has no total */
    char cfg[600];
    snprintf(cfg, sizeof cfg, "{\"roster\":\"%s/live/r.json\",\"record\":\"B\"}", tmp);
    write_file("live/.kaohe.json", cfg);
    change_doc(&c, u, LIVE, 20);
    assert_string_equal(lens_title(&c, u, 0), "B: 2.00 \xC2\xB7 total 22.00 over 2 records, 1 refused");
    snprintf(cfg, sizeof cfg, "{\"roster\":\"%s/live/r.json\"}", tmp);
    write_file("live/.kaohe.json", cfg);
    change_doc(&c, u, LIVE, 21);
    assert_string_equal(lens_title(&c, u, 1), "A: 5.00 \xC2\xB7 no total (some records have no value), 1 refused");
    /* a policy with errors has no values */
    change_doc(&c, u, "output pay = nope\n", 22);
    assert_string_equal(lens_title(&c, u, 0), "live values: the policy has errors");
    cJSON *h = result(&c, "textDocument/hover", params_at(u, 0, 8));
    assert_non_null(strstr(cJSON_GetObjectItem(cJSON_GetObjectItem(h, "contents"), "value")->valuestring, "**output** `pay`"));
    assert_null(strstr(cJSON_GetObjectItem(cJSON_GetObjectItem(h, "contents"), "value")->valuestring, "sample"));
    mem_free(u);
    finish(&c);
}

/* ---- more of the queue and the notifications ------------------------------------- */

static void test_queue_and_notification_corners(void **state)
{
    lsp_server_free(NULL);
    client c;
    started(&c);
    /* a cancellation while a notification, a body that is not JSON and a
     * request with a string id wait: a number cancels no string id */
    notify(&c, "$/progress", cJSON_CreateObject());
    send_text(&c, "not json");
    send_text(&c, "{\"jsonrpc\":\"2.0\",\"id\":\"9\",\"method\":\"workspace/x\"}");
    send_text(&c, "{\"jsonrpc\":\"2.0\",\"method\":\"$/cancelRequest\",\"params\":{\"id\":9}}");
    run(&c);
    assert_int_equal(cJSON_GetArraySize(c.inbox), 2 + 1); /* initialize's answer, the parse error, MethodNotFound */
    cJSON *last = cJSON_GetArrayItem(c.inbox, 2);
    assert_int_equal(cJSON_GetObjectItem(cJSON_GetObjectItem(last, "error"), "code")->valueint, RPC_METHOD_NOT_FOUND);
    /* a request with a null id is answered with a null id; a message with
     * neither id nor method is refused */
    forget(&c);
    send_text(&c, "{\"jsonrpc\":\"2.0\",\"id\":null,\"method\":\"workspace/x\"}");
    send_text(&c, "{\"jsonrpc\":\"2.0\"}");
    run(&c);
    assert_int_equal(cJSON_GetArraySize(c.inbox), 2);
    assert_true(cJSON_IsNull(cJSON_GetObjectItem(cJSON_GetArrayItem(c.inbox, 0), "id")));
    assert_int_equal(cJSON_GetObjectItem(cJSON_GetObjectItem(cJSON_GetArrayItem(c.inbox, 1), "error"), "code")->valueint,
                     RPC_INVALID_REQUEST);
    /* didOpen without a URI; without a version (diagnostics then carry none) */
    notify(&c, "textDocument/didOpen", cJSON_Parse("{\"textDocument\":{\"text\":\"output x = 1\\n\"}}"));
    run(&c);
    assert_string_equal(shown(&c), "didOpen needs textDocument.uri and .text");
    forget(&c);
    notify(&c, "textDocument/didOpen", cJSON_Parse("{\"textDocument\":{\"uri\":\"" U "\",\"text\":\"output x = nope\\n\"}}"));
    run(&c);
    cJSON *m;
    cJSON_ArrayForEach(m, c.inbox) assert_null(cJSON_GetObjectItem(cJSON_GetObjectItem(m, "params"), "version"));
    assert_int_equal(cJSON_GetArraySize(diagnostics(&c, U)), 1);
    /* opened again: its new text replaces the old */
    forget(&c);
    open_doc(&c, U, "output x = 1\n");
    assert_int_equal(cJSON_GetArraySize(diagnostics(&c, U)), 0);
    /* positions that are not positions */
    const char *bad[] = {"{\"line\":-1,\"character\":0}", "{\"line\":0}", "{\"line\":0,\"character\":-2}"};
    for (int i = 0; i < 3; i++) {
        cJSON *p = params_doc(U);
        cJSON_AddItemToObject(p, "position", cJSON_Parse(bad[i]));
        assert_string_equal(error_of(&c, "textDocument/hover", p, RPC_INVALID_PARAMS),
                            "the request needs a position {line, character}");
    }
    /* a range without its start; a range given backwards (end before start)
     * replaces nothing, it inserts at the start */
    notify(&c, "textDocument/didChange",
           cJSON_Parse("{\"textDocument\":{\"uri\":\"" U "\"},\"contentChanges\":[{\"text\":\"x\",\"range\":{\"end\":{}}}]}"));
    run(&c);
    assert_string_equal(shown(&c), "a content change's range needs start and end positions");
    notify(&c, "textDocument/didChange",
           cJSON_Parse("{\"textDocument\":{\"uri\":\"" U "\"},\"contentChanges\":[{\"text\":\"2\",\"range\":"
                       "{\"start\":{\"line\":0,\"character\":12},\"end\":{\"line\":0,\"character\":11}}}]}"));
    run(&c);
    cJSON *h = result(&c, "textDocument/hover", params_at(U, 0, 7));
    assert_non_null(strstr(cJSON_GetObjectItem(cJSON_GetObjectItem(h, "contents"), "value")->valuestring, "output x = 12"));
    /* a NUL in a notification that is not a text: nothing said */
    forget(&c);
    send_text(&c, "{\"jsonrpc\":\"2.0\",\"method\":\"textDocument/didSave\",\"params\":{\"textDocument\":{\"uri\":\"a\\u0000b\"}}}");
    run(&c);
    assert_int_equal(count_method(&c, "window/showMessage"), 0);
    /* close and save without a document: nothing; closing one of two */
    forget(&c);
    notify(&c, "textDocument/didClose", cJSON_CreateObject());
    notify(&c, "textDocument/didSave", cJSON_CreateObject());
    run(&c);
    assert_int_equal(cJSON_GetArraySize(c.inbox), 0);
    open_doc(&c, "untitled:second", "output y = 2\n");
    notify(&c, "textDocument/didClose", params_doc(U));
    run(&c);
    assert_non_null(result(&c, "textDocument/documentSymbol", params_doc("untitled:second")));
    /* messages still queued when the server is freed are freed with it */
    notify(&c, "$/progress", cJSON_CreateObject());
    finish(&c);
}

/* Two documents opened in one batch: each is checked once both are known. */
static void test_two_opened_at_once(void **state)
{
    client c;
    started(&c);
    cJSON *p = params_doc("untitled:a"), *q = params_doc("untitled:b");
    cJSON_AddStringToObject(cJSON_GetObjectItem(p, "textDocument"), "text", "output a = 1\n");
    cJSON_AddStringToObject(cJSON_GetObjectItem(q, "textDocument"), "text", "output b = nope\n");
    notify(&c, "textDocument/didOpen", p);
    notify(&c, "textDocument/didOpen", q);
    run(&c);
    assert_int_equal(cJSON_GetArraySize(diagnostics(&c, "untitled:a")), 0);
    assert_int_equal(cJSON_GetArraySize(diagnostics(&c, "untitled:b")), 1);
    finish(&c);
}

/* ---- URIs and positions ----------------------------------------------------------- */

static void test_uri_corners(void **state)
{
    char *p = lsp_uri_to_path("file:///a%2fb%zz%4A%e8%2");
    assert_string_equal(p, "/a/b%zzJ\xE8%2"); /* lower-case hex; not hex kept; cut at the end */
    mem_free(p);
    p = lsp_uri_to_path("file://server/share/x.rules"); /* the host is left out */
    assert_string_equal(p, "/share/x.rules");
    mem_free(p);
    p = lsp_uri_to_path("file://server");
    assert_string_equal(p, "");
    mem_free(p);
    p = lsp_path_to_uri("rel/a b.rules");
    assert_string_equal(p, "file:///rel/a%20b.rules");
    mem_free(p);
    p = lsp_uri_to_path("file:///a%/b%G1%4G"); /* escapes of bytes that are not hex: as written */
    assert_string_equal(p, "/a%/b%G1%4G");
    mem_free(p);
    /* a lone carriage return is no line end, also at the end of the text */
    assert_int_equal(lsp_offset_of("a\rbc\nd", 7, 0, 3), 3);
    assert_int_equal(lsp_offset_of("ab\r", 3, 0, 5), 3);
}

/* ---- the outline, hover and completion in more shapes ------------------------------ */

static void test_outline_shapes(void **state)
{
    client c;
    started(&c);
    /* an empty title is "?"; `roster by` has no entry; the last field's
     * line has no line break after it */
    open_doc(&c, "untitled:o", "policy \"\"\nroster by period\noutput x = 1\ninput:\n    id: text, key\n    period: month");
    cJSON *syms = result(&c, "textDocument/documentSymbol", params_doc("untitled:o"));
    assert_int_equal(cJSON_GetArraySize(syms), 3);
    assert_string_equal(cJSON_GetObjectItem(cJSON_GetArrayItem(syms, 0), "name")->valuestring, "?");
    const cJSON *input = symbol_named(syms, "input");
    assert_range(cJSON_GetObjectItem(symbol_named(cJSON_GetObjectItem(input, "children"), "period"), "range"), 5, 0, 5, 17);
    /* hover on the field of that last line: its line, and where (the
     * document has no directory: its name as it is) */
    cJSON *h = result(&c, "textDocument/hover", params_at("untitled:o", 1, 11));
    const char *v = cJSON_GetObjectItem(cJSON_GetObjectItem(h, "contents"), "value")->valuestring;
    assert_non_null(strstr(v, "```kaohe\n    period: month\n```"));
    assert_non_null(strstr(v, "*untitled:o:6*"));
    /* a text that does not parse has no outline */
    change_doc(&c, "untitled:o", "output x = (\n", 2);
    assert_int_equal(cJSON_GetArraySize(result(&c, "textDocument/documentSymbol", params_doc("untitled:o"))), 0);
    /* ... and completion offers functions and keywords, no names */
    cJSON *items = result(&c, "textDocument/completion", params_at("untitled:o", 0, 12));
    assert_true(has_label(items, "round") && has_label(items, "if"));
    assert_false(has_label(items, "x"));
    finish(&c);
}

static void test_hover_shapes(void **state)
{
    client c;
    started(&c);
    /* line 1: 'pay' a group of two fields; line 4: x, whose definition
     * names nothing known */
    open_doc(&c, U, "input:\n    pay.base: money\n    pay.extra: money\n    id: text, key\n"
                    "output x = nope\noutput y = nothing.year + pay.base + pay.extra\n");
    assert_non_null(strstr(hover_text(&c, 1, 5), "fields: `base`, `extra`"));
    const char *v = hover_text(&c, 4, 7);
    assert_non_null(strstr(v, "**output** `x`"));
    finish(&c);
}

static void test_completion_shapes(void **state)
{
    client c;
    open_demo(&c);
    int v = 2;
    cJSON *items;
    /* a path of upper case, digits and '_' that names nothing */
    assert_int_equal(cJSON_GetArraySize(complete_after(&c, "output t = Xy_1.", v++)), 0);
    /* a lone dot */
    assert_int_equal(cJSON_GetArraySize(complete_after(&c, "output t = .", v++)), 0);
    /* after ×, ÷ and a CJK full stop: names, not units */
    items = complete_after(&c, "output t = 2\xC3\x97", v++);
    assert_true(has_label(items, "cap") && !has_label(items, "yuan"));
    items = complete_after(&c, "output t = 2\xC3\xB7", v++);
    assert_true(has_label(items, "cap"));
    items = complete_after(&c, "output t = 2\xE3\x80\x82", v++);
    assert_true(has_label(items, "cap"));
    /* quotes after '(': nothing; a '#' and an escaped quote inside quotes
     * are text */
    assert_int_equal(cJSON_GetArraySize(complete_after(&c, "output t = (\"", v++)), 0);
    items = complete_after(&c, "output t = team = \"a#", v++);
    assert_int_equal(cJSON_GetArraySize(items), 2);
    items = complete_after(&c, "output t = team = \"x\\\"", v++);
    assert_int_equal(cJSON_GetArraySize(items), 2);
    /* a number at the start of the line: units */
    items = complete_after(&c, "12 ", v++);
    assert_true(has_label(items, "points"));
    /* a blank line after the last declaration: names (no `over` to follow) */
    items = complete_after(&c, "", v++);
    assert_true(has_label(items, "plain"));
    assert_false(has_label(items, "amount"));
    /* in the input block before the ':': names, not types */
    change_doc(&c, U, DEMO, v++);
    items = result(&c, "textDocument/completion", params_at(U, 3, 4));
    assert_true(has_label(items, "rate"));
    assert_false(has_label(items, "decimal"));
    /* `over` in a comment of the declaration: followed by a tab, by
     * nothing that is a name, by a group, by a name unknown */
    char text[4096];
    snprintf(text, sizeof text, "%s%s", DEMO, "output t = 1  # over\tdeals over_x over ( over pay.base over nothing\n");
    change_doc(&c, U, text, v++);
    items = result(&c, "textDocument/completion", params_at(U, DEMO_LINES, 11));
    assert_true(has_label(items, "amount") && has_label(items, "kind"));
    finish(&c);
}

/* A policy without input: no fields to offer. */
static void test_completion_without_input(void **state)
{
    client c;
    started(&c);
    open_doc(&c, U, "param a = 1\noutput x = a\n");
    cJSON *items = result(&c, "textDocument/completion", params_at(U, 1, 11));
    assert_true(has_label(items, "a") && has_label(items, "x") && has_label(items, "sum"));
    finish(&c);
}

/* ---- rename and formatting in more shapes ----------------------------------------- */

static void test_rename_shapes(void **state)
{
    client c;
    open_demo(&c);
    char text[4096];
    snprintf(text, sizeof text, "%s%s", DEMO, "output y = hired.year\n");
    change_doc(&c, U, text, 2);
    /* a date's part names no declaration */
    assert_string_equal(error_of(&c, "textDocument/prepareRename", params_at(U, DEMO_LINES, 18), RPC_REQUEST_FAILED),
                        "nothing to rename here");
    /* the group pay (line 7 at 4) is the records' too */
    assert_non_null(strstr(error_of(&c, "textDocument/rename", rename_params(7, 5, "wage"), RPC_REQUEST_FAILED),
                           "'pay' is an input field"));
    /* names that are not one name */
    char longname[260];
    memset(longname, 'a', 201);
    longname[201] = '\0';
    assert_string_equal(error_of(&c, "textDocument/rename", rename_params(12, 7, longname), RPC_REQUEST_FAILED), "not a name");
    assert_non_null(strstr(error_of(&c, "textDocument/rename", rename_params(12, 7, "x = 2\ny"), RPC_REQUEST_FAILED),
                           "is not a name a policy can declare"));
    /* to its own name: allowed, the same two places (line 12 at 6, line 13 at 8) */
    cJSON *we = result(&c, "textDocument/rename", rename_params(12, 7, "cap"));
    cJSON *edits = cJSON_GetObjectItem(cJSON_GetObjectItem(we, "changes"), U);
    assert_int_equal(cJSON_GetArraySize(edits), 2);
    assert_range(cJSON_GetObjectItem(cJSON_GetArrayItem(edits, 1), "range"), 13, 8, 13, 11);
    finish(&c);
}

/* A param named 20 times: every place is renamed. */
static void test_rename_many_places(void **state)
{
    client c;
    started(&c);
    char text[1024] = "param a = 1\noutput x = a";
    for (int i = 1; i < 19; i++) strcat(text, " + a");
    strcat(text, "\n");
    open_doc(&c, U, text);
    cJSON *we = result(&c, "textDocument/rename", rename_params(0, 6, "b"));
    assert_int_equal(cJSON_GetArraySize(cJSON_GetObjectItem(cJSON_GetObjectItem(we, "changes"), U)), 20);
    finish(&c);
}

static void test_formatting_shapes(void **state)
{
    client c;
    started(&c);
    /* the first error is named, after a warning */
    open_doc(&c, U, "param unused = 1\noutput x = nope\n");
    assert_non_null(strstr(error_of(&c, "textDocument/formatting", params_doc(U), RPC_REQUEST_FAILED),
                           "(line 2: unknown name 'nope')"));
    finish(&c);
}

/* ---- a chained policy -------------------------------------------------------------- */

/* Lines:
 *  0 roster by period
 *  1 chain prior from carry unless fresh
 *  ...
 *  4     period: month
 *  5     fresh: boolean
 *  9 output total = prior.total + members
 * 10 output carry = {total: total}
 */
static const char CHAINED[] = "roster by period\n"
                              "chain prior from carry unless fresh\n"
                              "input:\n"
                              "    id: text, key\n"
                              "    period: month\n"
                              "    fresh: boolean\n"
                              "    members: integer, at least 0\n"
                              "    prior: record, optional\n"
                              "        total: integer, at least 0, default 0\n"
                              "output total = prior.total + members\n"
                              "output carry = {total: total}\n";

static void test_chained_policy(void **state)
{
    client c;
    started(&c);
    open_doc(&c, U, CHAINED);
    assert_int_equal(cJSON_GetArraySize(diagnostics(&c, U)), 0);
    /* `roster by period`: period (at 10) is the field of line 4 (at 4..10) */
    cJSON *d = result(&c, "textDocument/definition", params_at(U, 0, 11));
    assert_range(cJSON_GetObjectItem(d, "range"), 4, 4, 4, 10);
    /* the chain's output carry (at 17) is declared on line 10 (at 7..12);
     * its `unless` fresh (at 30) is the field of line 5 */
    d = result(&c, "textDocument/definition", params_at(U, 1, 18));
    assert_range(cJSON_GetObjectItem(d, "range"), 10, 7, 10, 12);
    cJSON *p = params_at(U, 10, 8);
    cJSON_AddItemToObject(p, "context", cJSON_Parse("{\"includeDeclaration\":true}"));
    cJSON *refs = result(&c, "textDocument/references", p);
    assert_int_equal(cJSON_GetArraySize(refs), 2);
    assert_range(cJSON_GetObjectItem(cJSON_GetArrayItem(refs, 1), "range"), 1, 17, 1, 22);
    /* after `carry.`: the fields of the record it is */
    char text[2048];
    snprintf(text, sizeof text, "%s%s", CHAINED, "output t = carry.\n");
    change_doc(&c, U, text, 2);
    cJSON *items = result(&c, "textDocument/completion", params_at(U, 11, 17));
    assert_int_equal(cJSON_GetArraySize(items), 1);
    assert_true(has_label(items, "total"));
    finish(&c);
}

/* ---- disk: more shapes of the policy a file belongs to, and of live values ---------- */

static void test_part_more_shapes(void **state)
{
    char dir[400], cmd[900];
    snprintf(dir, sizeof dir, "%s/m", tmp);
    mkdir(dir, 0755);
    /* beside the part: a dangling link named .rules, a file over 1 MB
     * whose include comes too late, a tab after `include`; the last one
     * includes the part */
    snprintf(cmd, sizeof cmd, "ln -s '%s/m/none' '%s/m/dangling.rules'", tmp, tmp);
    assert_int_equal(system(cmd), 0);
    char *big = malloc((1u << 20) + 200);
    size_t n = 0;
    while (n < (1u << 20) + 10) n += (size_t)sprintf(big + n, "# a long comment line of the big file, again\n");
    sprintf(big + n, "include \"part.rules\"\n");
    write_file("m/big.rules", big);
    free(big);
    write_file("m/z.rules", "include\t\"part.rules\"\noutput x = calls\n");
    write_file("m/part.rules", "input:\n    id: text, key\n    calls: integer\n");
    char *part = uri_in_tmp("m/part.rules");
    client c;
    started(&c);
    open_doc(&c, part, "input:\n    id: text, key\n    calls: integer\n");
    assert_int_equal(cJSON_GetArraySize(diagnostics(&c, part)), 0); /* part of z.rules */
    /* z.rules is gone: the part stands alone on its next check */
    snprintf(cmd, sizeof cmd, "%s/m/z.rules", tmp);
    unlink(cmd);
    forget(&c);
    change_doc(&c, part, "input:\n    id: text, key\n    calls: integer\n", 2);
    cJSON *d = diagnostics(&c, part);
    assert_int_equal(cJSON_GetArraySize(d), 1);
    assert_non_null(strstr(cJSON_GetObjectItem(cJSON_GetArrayItem(d, 0), "message")->valuestring, "never used"));
    mem_free(part);
    /* a document at the root of the file system looks in no directory */
    open_doc(&c, "file:///kaohe-test-nowhere.rules", "output x = 1\n");
    assert_int_equal(cJSON_GetArraySize(diagnostics(&c, "file:///kaohe-test-nowhere.rules")), 0);
    finish(&c);
}

/* A part that declares a param only it uses: renaming it edits the part
 * alone (the policy's own file untouched). */
static void test_rename_in_a_part(void **state)
{
    char dir[400];
    snprintf(dir, sizeof dir, "%s/r", tmp);
    mkdir(dir, 0755);
    write_file("r/main.rules", "include \"part.rules\"\noutput x = calls + p2\n");
    const char part_text[] = "input:\n    id: text, key\n    calls: integer\nparam p1 = 1\np2 = p1 * 2\n";
    write_file("r/part.rules", part_text);
    char *part = uri_in_tmp("r/part.rules");
    client c;
    started(&c);
    open_doc(&c, part, part_text);
    cJSON *p = params_at(part, 3, 7);
    cJSON_AddStringToObject(p, "newName", "q1");
    cJSON *we = result(&c, "textDocument/rename", p);
    cJSON *changes = cJSON_GetObjectItem(we, "changes");
    assert_int_equal(cJSON_GetArraySize(changes), 1);
    cJSON *edits = cJSON_GetObjectItem(changes, part);
    assert_int_equal(cJSON_GetArraySize(edits), 2);
    assert_range(cJSON_GetObjectItem(cJSON_GetArrayItem(edits, 1), "range"), 4, 5, 4, 7);
    mem_free(part);
    finish(&c);
}

static void test_live_more_shapes(void **state)
{
    char dir[400];
    snprintf(dir, sizeof dir, "%s/l2", tmp);
    mkdir(dir, 0755);
    snprintf(dir, sizeof dir, "%s/l2/p", tmp);
    mkdir(dir, 0755);
    /* a .kaohe.json that is a directory is passed over for the one above */
    snprintf(dir, sizeof dir, "%s/l2/p/.kaohe.json", tmp);
    mkdir(dir, 0755);
    const char nokey[] = "input:\n    calls: integer\noutput pay = calls * 2 yuan\n";
    write_file("l2/p/q.rules", nokey);
    write_file("l2/ok.json", "[{\"calls\":1},{\"calls\":2}]");
    write_file("l2/.kaohe.json", "{\"roster\":\"ok.json\"}");
    char *u = uri_in_tmp("l2/p/q.rules");
    client c;
    started(&c);
    open_doc(&c, u, nokey);
    /* records without an id; none refused */
    assert_string_equal(lens_title(&c, u, 0), "(no id): 2.00 \xC2\xB7 total 6.00 over 2 records");
    /* "record" must be a text */
    write_file("l2/.kaohe.json", "{\"roster\":\"ok.json\",\"record\":1}");
    change_doc(&c, u, nokey, 2);
    assert_non_null(strstr(lens_title(&c, u, 0), "'record' is not a known key"));
    /* a config over 1 MB is not read */
    char *big = malloc((1u << 20) + 64);
    memset(big, ' ', (1u << 20) + 10);
    strcpy(big + (1u << 20) + 10, "{}");
    write_file("l2/.kaohe.json", big);
    free(big);
    change_doc(&c, u, nokey, 3);
    assert_non_null(strstr(lens_title(&c, u, 0), ".kaohe.json is not a JSON object"));
    /* a roster over 16 MB is not evaluated on each edit */
    char path[600];
    snprintf(path, sizeof path, "%s/l2/huge.json", tmp);
    FILE *f = fopen(path, "w");
    assert_non_null(f);
    assert_int_equal(ftruncate(fileno(f), (16 << 20) + 1), 0);
    fclose(f);
    write_file("l2/.kaohe.json", "{\"roster\":\"huge.json\"}");
    change_doc(&c, u, nokey, 4);
    assert_non_null(strstr(lens_title(&c, u, 0), "is larger than 16 MB: too slow to evaluate on each edit"));
    mem_free(u);
    finish(&c);
}

/* ---- what a place names, in more shapes ------------------------------------------- */

static void test_names_in_more_shapes(void **state)
{
    client c;
    started(&c);
    /* line 1: a function named bare; line 2: a call of no function; line 4:
     * a second declaration of a (the first is line 3's) */
    open_doc(&c, U, "input:\n    id: text, key\noutput x = round\noutput y = nope(1)\nparam a = 1\nparam a = 2\n");
    cJSON *h = result(&c, "textDocument/hover", params_at(U, 2, 12));
    assert_non_null(strstr(cJSON_GetObjectItem(cJSON_GetObjectItem(h, "contents"), "value")->valuestring,
                           "**function** `round(x, places)`"));
    assert_true(cJSON_IsNull(result(&c, "textDocument/hover", params_at(U, 3, 12))));
    assert_true(cJSON_IsNull(result(&c, "textDocument/definition", params_at(U, 5, 6))));
    cJSON *d = result(&c, "textDocument/definition", params_at(U, 4, 6));
    assert_range(cJSON_GetObjectItem(d, "range"), 4, 6, 4, 7);
    /* `roster by` a field that is not there names nothing */
    change_doc(&c, U, "roster by nothing\ninput:\n    id: text, key\noutput x = 1\n", 2);
    assert_true(cJSON_IsNull(result(&c, "textDocument/definition", params_at(U, 0, 12))));
    /* a chain without `unless` */
    change_doc(&c, U, "chain prior from carry\ninput:\n    id: text, key\n    prior: record, optional\n"
                      "        n: integer, default 0\noutput carry = {n: prior.n + 1}\n", 3);
    d = result(&c, "textDocument/definition", params_at(U, 0, 18));
    assert_range(cJSON_GetObjectItem(d, "range"), 5, 7, 5, 12);
    finish(&c);
}

/* A declaration's block of lines leaves out the blank lines (spaces, a
 * tab, a carriage return) and comment lines after it; with CRLF line ends
 * the block ends before "\r\n". */
static void test_declaration_blocks(void **state)
{
    client c;
    started(&c);
    open_doc(&c, U, "param a = 1\n\t \r\n# about b\n\nparam b = a\n");
    cJSON *h = result(&c, "textDocument/hover", params_at(U, 0, 6));
    assert_non_null(strstr(cJSON_GetObjectItem(cJSON_GetObjectItem(h, "contents"), "value")->valuestring,
                           "```kaohe\nparam a = 1\n```"));
    change_doc(&c, U, "param a = 1\r\n\r\nparam b = a\r\n", 2);
    h = result(&c, "textDocument/hover", params_at(U, 0, 6));
    assert_non_null(strstr(cJSON_GetObjectItem(cJSON_GetObjectItem(h, "contents"), "value")->valuestring,
                           "```kaohe\nparam a = 1\n```"));
    finish(&c);
}

/* New names that are not one plain name. */
static void test_rename_to_names_that_are_not(void **state)
{
    client c;
    open_demo(&c);
    /* bytes that are not UTF-8 (sent as they are) */
    send_text(&c, "{\"jsonrpc\":\"2.0\",\"id\":777,\"method\":\"textDocument/rename\",\"params\":{\"textDocument\":{\"uri\":\"" U
                  "\"},\"position\":{\"line\":12,\"character\":7},\"newName\":\"a\xff\"}}");
    run(&c);
    cJSON *r = response(&c, 777);
    assert_non_null(r);
    assert_string_equal(cJSON_GetObjectItem(cJSON_GetObjectItem(r, "error"), "message")->valuestring, "not a name");
    assert_non_null(strstr(error_of(&c, "textDocument/rename", rename_params(12, 7, "output z"), RPC_REQUEST_FAILED),
                           "is not a name a policy can declare"));
    assert_non_null(strstr(error_of(&c, "textDocument/rename", rename_params(12, 7, "z "), RPC_REQUEST_FAILED),
                           "is not a name a policy can declare"));
    /* a backslash before the quotes, outside them, is no escape */
    cJSON *items = complete_after(&c, "output t = \\ team = \"", 2);
    assert_int_equal(cJSON_GetArraySize(items), 2);
    finish(&c);
}

/* .kaohe.json is looked for in the policy's directory and 15 above it,
 * no further. */
static void test_live_config_depth(void **state)
{
    char path[1024], cmd[1200];
    snprintf(path, sizeof path, "%s/deep", tmp);
    int n = snprintf(cmd, sizeof cmd, "mkdir -p '%s", path);
    for (int i = 0; i < 16; i++) n += snprintf(cmd + n, sizeof cmd - (size_t)n, "/d%d", i);
    snprintf(cmd + n, sizeof cmd - (size_t)n, "'");
    assert_int_equal(system(cmd), 0);
    write_file("deep/r.json", "[{\"id\":\"A\",\"calls\":1}]");
    write_file("deep/.kaohe.json", "{\"roster\":\"r.json\"}");
    const char text[] = "input:\n    id: text, key\n    calls: integer\noutput x = calls\n";
    client c;
    started(&c);
    /* deep/d0/.../d14/p.rules: deep/ is the 16th directory: found */
    char rel[512] = "deep";
    for (int i = 0; i < 15; i++) snprintf(rel + strlen(rel), sizeof rel - strlen(rel), "/d%d", i);
    strcat(rel, "/p.rules");
    char *u = uri_in_tmp(rel);
    open_doc(&c, u, text);
    assert_string_equal(lens_title(&c, u, 0), "A: 1");
    mem_free(u);
    /* one directory deeper: not looked for */
    rel[strlen(rel) - strlen("/p.rules")] = '\0';
    strcat(rel, "/d15/p.rules");
    u = uri_in_tmp(rel);
    open_doc(&c, u, text);
    assert_int_equal(cJSON_GetArraySize(result(&c, "textDocument/codeLens", params_doc(u))), 0);
    mem_free(u);
    finish(&c);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_lifecycle_corners),
        cmocka_unit_test(test_cancel_by_string_id),
        cmocka_unit_test(test_bad_notifications_are_said),
        cmocka_unit_test(test_ranged_changes),
        cmocka_unit_test(test_close_clears_diagnostics),
        cmocka_unit_test(test_completion_contexts),
        cmocka_unit_test(test_hover_kinds),
        cmocka_unit_test(test_hover_long_definition),
        cmocka_unit_test(test_definition_and_references_of_nothing),
        cmocka_unit_test(test_outline),
        cmocka_unit_test(test_rename_refusals),
        cmocka_unit_test(test_rename_definition_and_output),
        cmocka_unit_test(test_byte_order_mark),
        cmocka_unit_test(test_part_found_on_disk),
        cmocka_unit_test(test_live_values),
        cmocka_unit_test(test_queue_and_notification_corners),
        cmocka_unit_test(test_two_opened_at_once),
        cmocka_unit_test(test_uri_corners),
        cmocka_unit_test(test_outline_shapes),
        cmocka_unit_test(test_hover_shapes),
        cmocka_unit_test(test_completion_shapes),
        cmocka_unit_test(test_completion_without_input),
        cmocka_unit_test(test_rename_shapes),
        cmocka_unit_test(test_rename_many_places),
        cmocka_unit_test(test_formatting_shapes),
        cmocka_unit_test(test_chained_policy),
        cmocka_unit_test(test_part_more_shapes),
        cmocka_unit_test(test_rename_in_a_part),
        cmocka_unit_test(test_live_more_shapes),
        cmocka_unit_test(test_names_in_more_shapes),
        cmocka_unit_test(test_declaration_blocks),
        cmocka_unit_test(test_rename_to_names_that_are_not),
        cmocka_unit_test(test_live_config_depth),
    };
    return cmocka_run_group_tests(tests, setup_tmp, teardown_tmp);
}
