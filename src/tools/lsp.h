/*
 * lsp.h — the kaohe language server (`kaohe lsp`), without its transport.
 *
 * The server takes JSON-RPC message bodies (the Language Server Protocol,
 * 3.17) one at a time and hands every message it sends back to a callback:
 * responses, and textDocument/publishDiagnostics after a document changed.
 * Reading and writing the Content-Length framing on stdio is the CLI's job
 * (src/cli/cmd_lsp.c).
 *
 * Messages are queued by lsp_server_push and answered by lsp_server_run, so
 * that a burst of changes is checked once (the last text) and a request
 * cancelled while it waited is answered RequestCancelled.  Positions are in
 * UTF-16 code units, as the protocol requires.
 */
#ifndef KH_LSP_H
#define KH_LSP_H

#include <stdbool.h>
#include <stddef.h>

typedef struct lsp_server lsp_server;

/* Called with each message to send (a JSON text, valid UTF-8, no framing). */
typedef void (*lsp_send_fn)(void *ud, const char *json, size_t len);

/* include_dirs: more directories a policy's includes may read (as
 * --include-path gives them; the strings must outlive the server). */
lsp_server *lsp_server_new(lsp_send_fn send, void *ud, const char *const *include_dirs, int ninclude_dirs);
void lsp_server_free(lsp_server *s);

/* Queues one message body (any bytes: a body that is not JSON-RPC is
 * answered with an error in its turn).  A $/cancelRequest marks the queued
 * request it names. */
void lsp_server_push(lsp_server *s, const char *body, size_t len);
/* Answers every queued message in order, then checks the documents that
 * changed and publishes their diagnostics.  False once `exit` was handled
 * (the transport stops reading). */
bool lsp_server_run(lsp_server *s);
/* The exit status `exit` asks for: 0 after `shutdown`, else 1. */
int lsp_server_exit_status(const lsp_server *s);
/* How many messages are queued (the transport reads on while input is
 * waiting, up to a limit, before running them). */
int lsp_server_queued(const lsp_server *s);

#endif
