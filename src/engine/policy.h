/*
 * policy.h — what a loaded policy is made of (private to the library), and
 * the helpers behind kh_policy_set.
 */
#ifndef KH_POLICY_H
#define KH_POLICY_H

#include <cjson/cJSON.h>

#include "kaohe.h"
#include "mem.h"
#include "plan.h"

struct kh_policy {
    arena *A;
    const source **sources;   /* the policy file and its includes */
    int nsources;
    program *prog;
    plan *plan;
    value *params;            /* current values (defaults or --set) */
    bool *param_set;          /* which were overridden */
    const struct kh_context *ctx; /* what it was loaded in, or NULL (the default) */
    const mem_allocator *al;  /* its allocator: the calls made with the policy use it */
};

/* The diagnostics list inside a kh_diags. */
diag_list *kh_diags_list(kh_diags *d);

/* Reads `text` as a value of param `name`'s type into p->params. */
bool policy_set_param(kh_policy *p, const char *name, const char *text, char *err, size_t cap);
/* Reads text as a value of type t ("10%", "2500000", "2500000 yuan"). */
bool policy_parse_value(arena *A, const ktype *t, const char *text, value *out, char *err, size_t cap);

#endif
