/*
 * load.h — reading a policy file and everything it includes.
 *
 * Sources are read whole, checked to be UTF-8 without NUL bytes, and parsed
 * one by one; `include "x.rules"` is resolved relative to the including
 * file, each file is read once, and an include cycle is an error naming the
 * chain.  An include reads only a regular *.rules file inside the main
 * file's directory tree (symbolic links resolved) or inside one of
 * load_options.include_dirs.
 */
#ifndef KH_LOAD_H
#define KH_LOAD_H

#include "ast.h"
#include "diag.h"

typedef struct loaded {
    const source **sources;  /* [n] the main file first */
    ast **files;             /* [n] their syntax trees */
    int n;
    bool unread_include;     /* an include could not be read: names it would have
                                defined are missing (not the user's typos) */
} loaded;

/* The text of a file to use instead of reading it (an editor's unsaved
 * buffer), or NULL to read it; `path` is the file's real path (symbolic
 * links resolved).  The file must still be one an include may read. */
typedef const char *(*load_text_fn)(void *ud, const char *path, size_t *len);

typedef struct load_options {
    const char *const *include_dirs; /* more directories includes may read (with everything below them) */
    int ninclude_dirs;
    bool named_by_file;              /* another file named the main one (a policy test's "policy"): it
                                        is read as an include is (a regular *.rules file), wherever it is */
    bool includes_off;               /* an include is an error; no file but the main one is read */
    /* The embedder's includes: the text of `name` (as written in the
     * include) for the file `including` (by the name it was given), which
     * stays the caller's and valid until loading ends; NULL with a reason in
     * err to refuse it.  Set, no include reads the file system. */
    const char *(*resolve)(void *ud, const char *including, const char *name, size_t *len, char *err, size_t cap);
    void *resolve_ud;
    size_t max_bytes;                /* the most bytes of policy text, all files (0: the loader's 64 MB) */
} load_options;

/* Loads path and its includes. `text` (may be NULL) gives the main file's
 * contents instead of reading it.  o may be NULL (no more directories). */
bool load_policy_with(arena *A, const char *path, const char *text, size_t len, const load_options *o, diag_list *d,
                      loaded *out);
bool load_policy(arena *A, const char *path, const char *text, size_t len, diag_list *d, loaded *out);
/* load_policy_with, taking a file's text from `texts` when it gives one
 * (the language server: an editor's unsaved buffers). */
bool load_policy_texts(arena *A, const char *path, const char *text, size_t len, const load_options *o,
                       load_text_fn texts, void *texts_ud, diag_list *d, loaded *out);

/* A source from memory (tests, fuzzing). */
source *source_from_text(arena *A, const char *name, const char *path, const char *text, size_t len);

#endif
