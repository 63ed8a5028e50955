/*
 * policy.h — what a loaded policy is made of (private to the library), and
 * the helpers behind kh_policy_set and period chaining (--prior).
 */
#ifndef KH_POLICY_H
#define KH_POLICY_H

#include <cjson/cJSON.h>

#include "kaohe.h"
#include "plan.h"

struct kh_policy {
    arena *A;
    const source **sources;   /* the policy file and its includes */
    int nsources;
    program *prog;
    plan *plan;
    value *params;            /* current values (defaults or --set) */
    bool *param_set;          /* which were overridden */
};

/* The diagnostics list inside a kh_diags. */
diag_list *kh_diags_list(kh_diags *d);

/* Reads `text` as a value of param `name`'s type into p->params. */
bool policy_set_param(kh_policy *p, const char *name, const char *text, char *err, size_t cap);
/* Reads text as a value of type t ("10%", "2500000", "2500000 yuan"). */
bool policy_parse_value(arena *A, const ktype *t, const char *text, value *out, char *err, size_t cap);

/* Previous results by id, for filling each record's chained field. */
typedef struct prior_map prior_map;
prior_map *prior_load(const kh_policy *p, const char *path, char *err, size_t cap);
/* A run hook (run_hooks.chain): the previous carry of the record with key
 * text id (NULL when there is none). */
const cJSON *prior_carry(void *map, const char *id, const value *slots);
void prior_free(prior_map *m);

#endif
