/*
 * lsp_internal.h — what the parts of the language server share: open
 * documents and their latest check (lsp_doc.c), positions in UTF-16 and
 * JSON helpers (lsp_pos.c), finding what a position names (lsp_find.c), and
 * the requests (lsp_hover.c, lsp_complete.c, lsp_edit.c, lsp_live.c).
 */
#ifndef KH_LSP_INTERNAL_H
#define KH_LSP_INTERNAL_H

#include <cjson/cJSON.h>
#include <stdbool.h>

#include "buf.h"
#include "load.h"
#include "program.h"

/* JSON-RPC and LSP error codes. */
enum {
    RPC_PARSE_ERROR = -32700,
    RPC_INVALID_REQUEST = -32600,
    RPC_METHOD_NOT_FOUND = -32601,
    RPC_INVALID_PARAMS = -32602,
    RPC_SERVER_NOT_INITIALIZED = -32002,
    RPC_REQUEST_FAILED = -32803,
    RPC_REQUEST_CANCELLED = -32800
};

/* One check of a policy: its sources and trees (the policy first, then the
 * files it includes; an open document's text in place of its file), the
 * program the checker built (also after errors, as far as it got), the
 * diagnostics. */
typedef struct lsp_analysis {
    arena *A;
    diag_list diags;
    loaded L;
    const char **real; /* [L.n] each source's real path */
    program *prog;     /* NULL when nothing could be built */
    struct plan *plan; /* compiled, when the check found no error (else NULL) */
    double millis;     /* how long the check took */
} lsp_analysis;

struct lsp_live;

typedef struct lsp_doc {
    const load_options *load; /* the server's: more include directories */
    char *uri;
    char *path;        /* the file the URI names (includes are relative to it) */
    char *real;        /* the same with symbolic links resolved (when it exists) */
    char *text;
    size_t len;
    bool bom;          /* the text begins with a byte-order mark (which
                          sources leave out) */
    int file;          /* the document's source in `an`: 0 when it is the
                          policy checked, k > 0 when it is a file another
                          policy includes (that policy is checked, with
                          this text in the file's place) */
    int version;
    bool dirty;        /* changed since it was last checked */
    bool unpublished;  /* checked, diagnostics not sent yet */
    lsp_analysis *an;  /* the latest check (NULL before the first) */
    char **published;  /* URIs given diagnostics last time (to clear them) */
    int npublished;
    struct lsp_live *live; /* sample values (lsp_live.c), or NULL */
    char *disk_root;   /* a .rules file beside it that includes it, or NULL */
    bool disk_root_known; /* looked for (again after any file is saved) */
} lsp_doc;

/* ---- documents (lsp_doc.c) --------------------------------------------- */

/* Checks the policy at path (text: its text, or NULL to read it), with the
 * open documents' texts in place of their files. */
lsp_analysis *lsp_analyse(const char *path, const char *text, size_t len, const load_options *lo, lsp_doc *const *open,
                          int nopen);
void lsp_analysis_free(lsp_analysis *a);
/* Checks an's policy again with texts[i] (when not NULL) in place of its
 * source i, and the open documents' texts for the others. */
lsp_analysis *lsp_analyse_edited(const lsp_analysis *an, const char *const *texts, const load_options *lo,
                                 lsp_doc *const *open, int nopen);
/* Checks the document again when its text changed since the last check:
 * as the policy that includes it when there is one (open, or a .rules file
 * in its directory or the one above that includes it), else by itself. */
void lsp_doc_refresh(lsp_doc *d, lsp_doc *const *open, int nopen);
/* Does d's latest check read the file at real path `real`? */
bool lsp_doc_reads(const lsp_doc *d, const char *real);
/* Does src need the byte-order-mark shift of d's text? */
bool lsp_doc_bom(const lsp_doc *d, const source *src);
/* The diagnostics of d's latest check, as publishDiagnostics params per
 * URI (the document and each file it includes, and each URI given
 * diagnostics last time: an empty list clears them).  Returns an array of
 * {"uri", "diagnostics"} objects. */
cJSON *lsp_doc_diagnostics(lsp_doc *d, lsp_doc *const *open, int nopen);
/* Replaces [start,end) of the text with repl. */
void lsp_doc_edit(lsp_doc *d, size_t start, size_t end, const char *repl, size_t rlen);

/* ---- URIs, positions, JSON (lsp_pos.c) ---------------------------------- */

/* "file:///a/b%20c.rules" -> "/a/b c.rules" (malloc'd); other schemes: the
 * URI itself. */
char *lsp_uri_to_path(const char *uri);
/* A path as a file URI (malloc'd), percent-encoding what needs it. */
char *lsp_path_to_uri(const char *path);
/* The byte offset of an LSP position (line, UTF-16 unit) in text, clamped
 * to the line's end (before "\r\n") and the text's end. */
size_t lsp_offset_of(const char *text, size_t len, int line, int character);
/* The LSP position of byte offset off in src (bom: the editor's line 0
 * has the byte-order mark the source left out). */
void lsp_position_of(const source *src, bool bom, uint32_t off, int *line, int *character);
/* {"line", "character"} and {"start", "end"} objects. */
cJSON *lsp_json_position(int line, int character);
cJSON *lsp_json_range(const source *src, bool bom, uint32_t start, uint32_t end);
/* Adds a string member, its invalid UTF-8 bytes replaced by U+FFFD. */
void lsp_json_add_text(cJSON *o, const char *name, const char *s);
cJSON *lsp_json_text(const char *s);
/* A {uri, range} Location. */
cJSON *lsp_json_location(const char *uri, const source *src, bool bom, uint32_t start, uint32_t end);

/* ---- what a position names (lsp_find.c) ---------------------------------- */

/* What the name under the cursor stands for. */
typedef struct lsp_target {
    const ast *node;     /* the node hit (a name, a member, a declaration) */
    uint32_t start, end; /* the name's own bytes */
    const source *src;
    symbol *sym;         /* the param, definition, field or group, or NULL */
    const char *builtin; /* a function name, or NULL */
} lsp_target;

/* The name at byte offset off of source index file; false when there is none. */
bool lsp_find_at(const lsp_analysis *an, int file, uint32_t off, lsp_target *t);
/* Where sym is declared: its name's bytes. */
bool lsp_decl_span(const symbol *sym, const source **src, uint32_t *start, uint32_t *end);
/* Calls fn for every place that names sym (with its declaration first when
 * with_decl), across the document and its includes. */
typedef void (*lsp_ref_fn)(void *ud, const source *src, uint32_t start, uint32_t end);
void lsp_references_of(const lsp_analysis *an, const symbol *sym, bool with_decl, lsp_ref_fn fn, void *ud);
/* The bytes of a top-level declaration, from its first line to the end of
 * its last (trailing blank and comment lines left out); file: source index. */
bool lsp_decl_extent(const lsp_analysis *an, const ast *decl, uint32_t *start, uint32_t *end);
/* The top-level declaration of file that holds off, or NULL. */
const ast *lsp_decl_at(const lsp_analysis *an, int file, uint32_t off);
/* The source index of src in an, or -1. */
int lsp_file_index(const lsp_analysis *an, const source *src);
/* The input field or group at a dotted path ("quota.calls_per_day"), or NULL. */
field_spec *lsp_field_at_path(const program *p, const char *path);

/* ---- requests ------------------------------------------------------------ */

/* Each returns the result (cJSON, maybe a JSON null) or NULL with an error
 * message in err. */
typedef struct lsp_request {
    lsp_doc *doc;
    lsp_doc *const *open;  /* every open document (include files' URIs) */
    int nopen;
    int file;              /* the document's source index (doc->file) */
    uint32_t off;          /* the position, as a byte offset into that source */
    const cJSON *params;
    char err[512];         /* why the request failed (the result is NULL) */
    char note[512];        /* a warning to show the user (window/showMessage) */
} lsp_request;

cJSON *lsp_hover(lsp_request *r);
cJSON *lsp_definition(lsp_request *r);
cJSON *lsp_references(lsp_request *r);
cJSON *lsp_prepare_rename(lsp_request *r);
cJSON *lsp_rename(lsp_request *r);
cJSON *lsp_document_symbols(lsp_request *r);
cJSON *lsp_formatting(lsp_request *r);
cJSON *lsp_completion(lsp_request *r);
cJSON *lsp_code_lens(lsp_request *r);

/* The URI to use for src: the open document's when it is open. */
char *lsp_uri_of(const lsp_request *r, const source *src);

/* ---- live values (lsp_live.c) ---------------------------------------------- */

/* Reads the `.kaohe.json` beside the document (if any) and evaluates the
 * policy on its sample roster; kept in d->live.  Called after each check
 * without errors. */
void lsp_live_update(lsp_doc *d);
void lsp_live_free(struct lsp_live *l);
/* The value of output `name` for the sample record, as text, or NULL. */
const char *lsp_live_value(const lsp_doc *d, const char *name, const char **record_id);

#endif
