/*
 * load.h — reading a policy file and everything it includes.
 *
 * Sources are read whole, checked to be UTF-8, and parsed one by one;
 * `include "x.rules"` is resolved relative to the including file, each file
 * is read once, and an include cycle is an error naming the chain.
 */
#ifndef KH_LOAD_H
#define KH_LOAD_H

#include "ast.h"
#include "diag.h"

typedef struct loaded {
    const source **sources;  /* [n] the main file first */
    ast **files;             /* [n] their syntax trees */
    int n;
} loaded;

/* Loads path and its includes. `text` (may be NULL) gives the main file's
 * contents instead of reading it. */
bool load_policy(arena *A, const char *path, const char *text, size_t len, diag_list *d, loaded *out);

/* The text of a file to use instead of reading it (an editor's unsaved
 * buffer), or NULL to read it; `path` is the file's real path (symbolic
 * links resolved) when it exists. */
typedef const char *(*load_text_fn)(void *ud, const char *path, size_t *len);
/* load_policy, taking each file's text from `texts` when it has one. */
bool load_policy_texts(arena *A, const char *path, const char *text, size_t len, load_text_fn texts, void *ud,
                       diag_list *d, loaded *out);

/* A source from memory (tests, fuzzing). */
source *source_from_text(arena *A, const char *name, const char *path, const char *text, size_t len);

#endif
