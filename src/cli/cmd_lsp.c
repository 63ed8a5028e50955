/*
 * cmd_lsp.c — `kaohe lsp`: the language server on standard input and
 * output.  This file is the transport: the Content-Length framing of the
 * Language Server Protocol.  Messages already waiting are read before any
 * is answered (so the server sees a cancellation, and checks a burst of
 * edits once); a header it cannot read is answered with a parse error and
 * skipped.  --include-path (taken by main) reaches the server.  The server
 * itself is src/tools/lsp_server.c.
 */
#include <errno.h>
#include <poll.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#include "cli.h"
#include "lsp.h"
#include "mem.h"

#define MAX_HEADER 8192
#define MAX_BODY (64u << 20)
#define MAX_BATCH 256 /* messages read ahead before answering */

typedef struct transport {
    char *data;
    size_t len, cap;
    size_t skip;       /* bytes of a refused body still to drop */
    bool eof;
    bool write_failed;
} transport;

static void send_message(void *ud, const char *json, size_t len)
{
    transport *t = ud;
    if (t->write_failed) return;
    if (printf("Content-Length: %zu\r\n\r\n", len) < 0 || fwrite(json, 1, len, stdout) != len || fflush(stdout) != 0)
        t->write_failed = true;
}

/* Reads what is available (blocking when `wait`); false at end of input. */
static bool fill(transport *t, bool wait)
{
    if (!wait) {
        struct pollfd p = {0, POLLIN, 0};
        if (poll(&p, 1, 0) <= 0) return true;
    }
    if (t->cap - t->len < 65536) {
        t->cap = t->cap ? t->cap * 2 : 1 << 17;
        t->data = mem_realloc(t->data, t->cap);
    }
    ssize_t n;
    do n = read(0, t->data + t->len, t->cap - t->len);
    while (n < 0 && errno == EINTR);
    if (n <= 0) {
        t->eof = true;
        return false;
    }
    t->len += (size_t)n;
    return true;
}

static void drop(transport *t, size_t n)
{
    memmove(t->data, t->data + n, t->len - n);
    t->len -= n;
}

/* A framing error: answered as a parse error (there is no id to give). */
static void refuse(transport *t, const char *why)
{
    char body[512];
    snprintf(body, sizeof body, "{\"jsonrpc\":\"2.0\",\"id\":null,\"error\":{\"code\":-32700,\"message\":\"%s\"}}", why);
    send_message(t, body, strlen(body));
}

/* Takes one whole message out of the buffer into the server's queue;
 * false when the buffer does not hold one yet. */
static bool take_message(lsp_server *s, transport *t)
{
    if (t->skip) {
        size_t n = t->skip < t->len ? t->skip : t->len;
        drop(t, n);
        t->skip -= n;
        if (t->skip) return false;
    }
    char *end = NULL;
    size_t hlen = 0;
    for (size_t i = 0; i + 1 < t->len && i < MAX_HEADER; i++) {
        if (t->data[i] == '\n' && t->data[i + 1] == '\n') { end = t->data + i; hlen = i + 2; break; }
        if (i + 3 < t->len && memcmp(t->data + i, "\r\n\r\n", 4) == 0) { end = t->data + i; hlen = i + 4; break; }
    }
    if (!end) {
        if (t->len >= MAX_HEADER) { /* no header ends here: drop it and look again */
            refuse(t, "a message header longer than 8 KB, or no header: skipped");
            drop(t, t->len);
        }
        return false;
    }
    long long length = -1;
    for (char *line = t->data; line < end;) {
        char *nl = memchr(line, '\n', (size_t)(end - line));
        char *stop = nl ? nl : end;
        if ((size_t)(stop - line) > 15 && strncasecmp(line, "Content-Length:", 15) == 0) {
            char *p = line + 15, *q;
            while (*p == ' ' || *p == '\t') p++;
            errno = 0;
            long long v = strtoll(p, &q, 10);
            while (q < stop && (*q == ' ' || *q == '\t' || *q == '\r')) q++;
            length = errno || q != stop || p == q || v < 0 ? -2 : v;
        }
        line = nl ? nl + 1 : end;
    }
    if (length < 0) {
        refuse(t, length == -1 ? "a message without a Content-Length header: skipped"
                                  : "a Content-Length that is not a number: skipped");
        drop(t, hlen);
        return true;
    }
    if ((unsigned long long)length > MAX_BODY) {
        refuse(t, "a message larger than 64 MB: skipped");
        drop(t, hlen);
        t->skip = (size_t)length;
        return true;
    }
    if (t->len - hlen < (size_t)length) return false;
    lsp_server_push(s, t->data + hlen, (size_t)length);
    drop(t, hlen + (size_t)length);
    return true;
}

int cmd_lsp(int argc, char **argv)
{
    bool stdio = true; /* the only transport; editors pass --stdio */
    static cli_list rest;
    const cli_arg args[] = {CLI_FLAG("--stdio", &stdio), CLI_END};
    int rc = cli_args("lsp", argc, argv, args, NULL, 0, &rest);
    if (rc == KH_OK && rest.n) rc = cli_usage("lsp", "unknown argument '%s' (the server talks on standard input and output)", rest.v[0]);
    cli_list_free(&rest);
    if (rc != KH_OK) return rc;
    signal(SIGPIPE, SIG_IGN);
    transport t = {0};
    const kh_load_options *lo = cli_load_options();
    lsp_server *s = lsp_server_new(send_message, &t, lo->include_dirs, lo->ninclude_dirs);
    bool running = true;
    while (running && !t.write_failed) {
        /* wait for a message, then take every message already waiting */
        while (!take_message(s, &t) && !t.eof) fill(&t, true);
        while (!t.eof && lsp_server_queued(s) < MAX_BATCH) {
            while (lsp_server_queued(s) < MAX_BATCH && take_message(s, &t)) {}
            size_t before = t.len;
            fill(&t, false);
            if (t.len == before) break;
        }
        if (t.eof && !lsp_server_queued(s)) lsp_server_push(s, "{\"method\":\"exit\"}", 17); /* the client is gone */
        running = lsp_server_run(s);
    }
    int status = lsp_server_exit_status(s);
    lsp_server_free(s);
    mem_free(t.data);
    return t.write_failed ? 1 : status;
}
