/*
 * prior.c — period chaining: `kaohe eval --prior LAST_MONTH.json` fills each
 * record's chained input group (prior) from last month's result for the
 * same id (its chained output, carry).  A record with no previous result
 * keeps what it has.  The record reader asks for the carry (prior_carry)
 * once it has read the record's id, and reads it in place of the group.
 */
#include <stdlib.h>
#include <string.h>

#include "input.h"
#include "jsonin.h"
#include "policy.h"

typedef struct prior_entry {
    char *id;
    cJSON *carry;
} prior_entry;

struct prior_map {
    const kh_policy *p;
    prior_entry *slots;
    size_t cap, n;
};

static uint64_t hash_text(const char *s)
{
    uint64_t h = 1469598103934665603ull;
    for (; *s; s++) h = (h ^ (unsigned char)*s) * 1099511628211ull;
    return h;
}

static prior_entry *find_slot(prior_map *m, const char *id)
{
    size_t j = hash_text(id) & (m->cap - 1);
    while (m->slots[j].id && strcmp(m->slots[j].id, id) != 0) j = (j + 1) & (m->cap - 1);
    return &m->slots[j];
}

static void put(prior_map *m, const char *id, cJSON *carry)
{
    if ((m->n + 1) * 2 > m->cap) {
        prior_entry *old = m->slots;
        size_t oldcap = m->cap;
        m->cap = m->cap ? m->cap * 2 : 1024;
        m->slots = calloc(m->cap, sizeof *m->slots);
        if (!m->slots) abort();
        for (size_t i = 0; i < oldcap; i++)
            if (old[i].id) *find_slot(m, old[i].id) = old[i];
        free(old);
    }
    prior_entry *e = find_slot(m, id);
    if (e->id) {
        cJSON_Delete(e->carry);
        e->carry = carry;
        return;
    }
    e->id = strdup(id);
    e->carry = carry;
    m->n++;
}

prior_map *prior_load(const kh_policy *p, const char *path, char *err, size_t cap)
{
    const program *prog = p->prog;
    if (!prog->chain_field) {
        snprintf(err, cap, "--prior: the policy does not say what to chain (add e.g. 'chain prior from carry')");
        return NULL;
    }
    FILE *f = fopen(path, "rb");
    if (!f) {
        snprintf(err, cap, "--prior: cannot read '%s'", path);
        return NULL;
    }
    prior_map *m = calloc(1, sizeof *m);
    if (!m) abort();
    m->p = p;
    jsonin *in = jsonin_open_stream(f, path);
    jsonin_record rec;
    jsonin_status s;
    const char *out_name = prog->chain_output->name;
    while ((s = jsonin_next(in, &rec)) > 0) {
        if (s != JSONIN_RECORD) continue;
        const cJSON *id = cJSON_GetObjectItemCaseSensitive(rec.json, "id");
        cJSON *carry = cJSON_GetObjectItemCaseSensitive(rec.json, out_name);
        if (cJSON_IsString(id) && cJSON_IsObject(carry))
            put(m, id->valuestring, cJSON_DetachItemViaPointer(rec.json, carry));
        cJSON_Delete(rec.json);
    }
    if (s == JSONIN_FATAL) {
        snprintf(err, cap, "--prior: %s", jsonin_error(in));
        jsonin_close(in);
        fclose(f);
        prior_free(m);
        return NULL;
    }
    jsonin_close(in);
    fclose(f);
    return m;
}

const cJSON *prior_carry(void *map, const char *id, const value *slots)
{
    (void)slots;
    prior_map *m = map;
    if (!m->n || !id) return NULL;
    const prior_entry *e = find_slot(m, id);
    return e->id ? e->carry : NULL;
}

void prior_free(prior_map *m)
{
    if (!m) return;
    for (size_t i = 0; i < m->cap; i++)
        if (m->slots[i].id) {
            free(m->slots[i].id);
            cJSON_Delete(m->slots[i].carry);
        }
    free(m->slots);
    free(m);
}
