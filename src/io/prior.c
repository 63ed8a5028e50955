/*
 * prior.c — period chaining: `kaohe eval --prior LAST_MONTH.json` fills each
 * record's chained input group (prior) from last month's result for the
 * same id (its chained output, carry), after checking that the file is last
 * month's results of this policy (prior.h lists what is refused).
 *
 * Results are kept by id and period ("A01" and "2014-04"; the period is ""
 * when the policy has none); error results by id alone.  A record of
 * period P reads the result of P's month before.  The record reader asks
 * for the carry (prior_fill_record) once it has read the record's other
 * members, and reads it in place of the chained group.
 */
#include "prior.h"

#include <errno.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include "dates.h"
#include "eval.h"
#include "hash.h"
#include "input.h"
#include "jsonin.h"
#include "mem.h"
#include "notes.h"
#include "vec.h"
#include "i18n.h"

typedef struct prior_entry {
    char *key;          /* id, '\x1f', period ("" without one); an error
                           result: id, '\x1e' */
    cJSON *carry;       /* NULL for an error result */
    void *carry_held;   /* its mem_hold token (mem.h) */
    char *error;        /* an error result's message */
    size_t record;      /* 1-based, in the file */
} prior_entry;

/* What a record found (prior_fill.kind). */
enum { FILL_SKIP, FILL_CARRY, FILL_MISSING };

/* Notes: records counted, by kind. */
typedef enum note_kind { NOTE_REPLACED, NOTE_OWN_PRIOR, NOTE_NEW_HIRE, NOTE_KINDS } note_kind;

typedef struct note {
    size_t index;
    char *id;
} note;

typedef struct note_list {
    note *v;
    size_t n, cap;
} note_list;

struct prior_map {
    const kh_policy *p;
    char *path;
    prior_entry *slots;
    size_t cap, n;
    int32_t *periods;   /* the periods results are of (distinct) */
    int nperiods, cap_periods;
    pthread_mutex_t lock;
    note_list notes[NOTE_KINDS];
};

/* ---- the table -------------------------------------------------------------- */

static prior_entry *find_slot(const prior_map *m, const char *key)
{
    size_t j = hash_text(key) & (m->cap - 1);
    while (m->slots[j].key && strcmp(m->slots[j].key, key) != 0) j = (j + 1) & (m->cap - 1);
    return &m->slots[j];
}

/* (prior_load keeps no map without entries: m->cap > 0) */
static const prior_entry *lookup(const prior_map *m, const char *key)
{
    const prior_entry *e = find_slot(m, key);
    return e->key ? e : NULL;
}

/* What undoes a cJSON tree and a file when a call fails (mem_hold). */
static void delete_json(void *j) { cJSON_Delete(j); }
static void close_file(void *f) { fclose(f); }

/* Adds an entry; returns the one already there instead (nothing added). */
static prior_entry *put(prior_map *m, const char *key, cJSON *carry, const char *error, size_t record)
{
    if ((m->n + 1) * 2 > m->cap) {
        prior_entry *old = m->slots;
        size_t oldcap = m->cap;
        m->cap = m->cap ? m->cap * 2 : 1024;
        m->slots = mem_calloc(m->cap, sizeof *m->slots);
        for (size_t i = 0; i < oldcap; i++)
            if (old[i].key) *find_slot(m, old[i].key) = old[i];
        mem_free(old);
    }
    prior_entry *e = find_slot(m, key);
    if (e->key) return e;
    e->key = mem_strdup(key);
    e->carry = carry;
    e->error = error ? mem_strdup(error) : NULL;
    e->record = record;
    m->n++;
    return NULL;
}

static char *entry_key(const char *id, char sep, const char *period)
{
    size_t a = strlen(id), b = strlen(period);
    char *k = mem_alloc(a + b + 2);
    memcpy(k, id, a);
    k[a] = sep;
    memcpy(k + a + 1, period, b + 1);
    return k;
}

static bool has_period(const prior_map *m, int32_t mo)
{
    for (int i = 0; i < m->nperiods; i++)
        if (m->periods[i] == mo) return true;
    return false;
}

static void add_period(prior_map *m, int32_t mo)
{
    if (has_period(m, mo)) return;
    VEC_RESERVE(m->periods, m->nperiods + 1, m->cap_periods);
    m->periods[m->nperiods++] = mo;
}

/* The period of a record (its JSON), or false. */
static bool period_of(const cJSON *rec, const field_spec *f, int32_t *mo)
{
    const cJSON *j = input_json_at(rec, f->path);
    return cJSON_IsString(j) && month_parse(j->valuestring, strlen(j->valuestring), mo);
}

/* ---- what the file is ----------------------------------------------------------- */

/* Refuses a file that is not JSON by its first bytes (true: err says why). */
static bool not_json(FILE *f, const char *path, char *err, size_t cap)
{
    unsigned char head[512];
    size_t n = fread(head, 1, sizeof head, f);
    rewind(f);
    size_t i = n >= 3 && memcmp(head, "\xEF\xBB\xBF", 3) == 0 ? 3 : 0;
    while (i < n && (head[i] == ' ' || head[i] == '\t' || head[i] == '\r' || head[i] == '\n')) i++;
    if (i == n && n < sizeof head) {
        snprintf(err, cap, _("--prior %s: the file is empty: give last month's results (kaohe eval ... -o FILE)"), path);
        return true;
    }
    if (n >= 4 && memcmp(head, "PK\x03\x04", 4) == 0) {
        snprintf(err, cap, _("--prior %s: this is a workbook (XLSX): --prior reads last month's results as JSON or NDJSON "
                 "(kaohe eval ... -o FILE)"), path);
        return true;
    }
    if (i < n && head[i] != '[' && head[i] != '{') {
        size_t end = i;
        bool comma = false;
        while (end < n && head[end] != '\n' && head[end] != '\r') comma |= head[end++] == ',';
        char first[48];
        size_t len = end - i < 40 ? end - i : 40;
        while (len > 0 && len < end - i && (head[i + len] & 0xC0) == 0x80) len--; /* a whole character */
        snprintf(first, sizeof first, "%.*s%s", (int)len, (const char *)head + i, len < end - i ? "..." : "");
        if (comma)
            snprintf(err, cap, _("--prior %s: this looks like CSV ('%s'): --prior reads last month's results as JSON or "
                     "NDJSON (kaohe eval ... -o FILE)"), path, first);
        else
            snprintf(err, cap, _("--prior %s: this is not kaohe results (not JSON: it starts '%s')"), path, first);
        return true;
    }
    return false;
}

/* Does rec look like an input record (a roster) of this policy rather than
 * a result?  It names the chained group or an input field that is no
 * output. */
static bool looks_like_input(const program *prog, const cJSON *rec)
{
    const cJSON *j;
    cJSON_ArrayForEach(j, rec) {
        if (!j->string || strcmp(j->string, "id") == 0) continue;
        const symbol *s = program_lookup(prog, j->string);
        if (s && (s->kind == SYM_FIELD || s->kind == SYM_GROUP)) return true;
    }
    return false;
}

/* Checks that a carry has the fields of this policy's carry (true), or says
 * what differs in err. */
static bool carry_fits(const prior_map *m, const cJSON *carry, size_t record, const char *id, char *err, size_t cap)
{
    const ktype *t = m->p->prog->chain_output->type; /* a record (check.c, check_chain_carry) */
    buf extra = {0}, missing = {0}, has = {0};
    const cJSON *j;
    cJSON_ArrayForEach(j, carry) {
        bool known = false;
        for (int i = 0; i < t->nfields && !known; i++) known = strcmp(t->names[i], j->string) == 0;
        if (!known) buf_printf(&extra, "%s'%s'", extra.len ? ", " : "", j->string);
    }
    for (int i = 0; i < t->nfields; i++) {
        buf_printf(&has, "%s%s", i ? ", " : "", t->names[i]);
        if (!cJSON_GetObjectItemCaseSensitive(carry, t->names[i]))
            buf_printf(&missing, "%s'%s'", missing.len ? ", " : "", t->names[i]);
    }
    bool ok = !extra.len && !missing.len;
    if (!ok)
        snprintf(err, cap, _("--prior %s: record %zu (id \"%s\") was made by a policy whose %s has other fields (%s%s%s%s%s; "
                 "this policy's %s has %s)"), m->path, record, id, m->p->prog->chain_output->name,
                 extra.len ? "it has " : "", extra.len ? extra.data : "", extra.len && missing.len ? " and " : "",
                 missing.len ? "it lacks " : "", missing.len ? missing.data : "", m->p->prog->chain_output->name,
                 has.len ? has.data : "none");
    buf_free(&extra);
    buf_free(&missing);
    buf_free(&has);
    return ok;
}

/* Takes one record of the file into m; false with err set. */
static bool take_result(prior_map *m, cJSON *rec, size_t record, char *err, size_t cap)
{
    const program *prog = m->p->prog;
    const char *out = prog->chain_output->name;
    if (!cJSON_IsObject(rec)) {
        snprintf(err, cap, _("--prior %s: record %zu is not a result (a JSON object): this is not kaohe results"), m->path,
                 record);
        return false;
    }
    const cJSON *id = cJSON_GetObjectItemCaseSensitive(rec, "id");
    if (cJSON_GetObjectItemCaseSensitive(rec, "check_failed") && !id) return true; /* a failed roster check */
    const cJSON *error = cJSON_GetObjectItemCaseSensitive(rec, "error");
    if (cJSON_IsString(error)) { /* an error result */
        if (!cJSON_IsString(id)) return true; /* no id: it is no one's */
        char *key = entry_key(id->valuestring, '\x1e', "");
        put(m, key, NULL, error->valuestring, record);
        mem_free(key);
        return true;
    }
    cJSON *carry = cJSON_GetObjectItemCaseSensitive(rec, out);
    if (!carry) {
        if (looks_like_input(prog, rec))
            snprintf(err, cap, _("--prior %s: this is input records (a roster), not results: record %zu has no '%s'; "
                     "--prior reads last month's results (kaohe eval ... -o FILE)"), m->path, record, out);
        else
            snprintf(err, cap, _("--prior %s: record %zu has no '%s': these are not results of this policy"), m->path, record,
                     out);
        return false;
    }
    if (!cJSON_IsString(id) || !id->valuestring[0]) {
        snprintf(err, cap, _("--prior %s: record %zu has no id: results of a policy without a key cannot be chained"), m->path,
                 record);
        return false;
    }
    if (!cJSON_IsObject(carry)) {
        snprintf(err, cap, _("--prior %s: record %zu (id \"%s\"): '%s' is not an object: these are not results of this policy"),
                 m->path, record, id->valuestring, out);
        return false;
    }
    if (!carry_fits(m, carry, record, id->valuestring, err, cap)) return false;
    char period[16] = "";
    const field_spec *pf = prog->chain_period;
    if (pf) {
        int32_t mo;
        if (!period_of(rec, pf, &mo)) {
            snprintf(err, cap, _("--prior %s: record %zu (id \"%s\") has no '%s': results of an older kaohe, or of a "
                     "policy that is not chained by period; evaluate last month again to chain from it"), m->path, record,
                     id->valuestring, pf->path);
            return false;
        }
        month_format(mo, period);
        add_period(m, mo);
    }
    char *key = entry_key(id->valuestring, '\x1f', period);
    cJSON *kept = cJSON_DetachItemViaPointer(rec, carry);
    void *held = mem_hold(delete_json, kept); /* the map's from now on */
    prior_entry *twice = put(m, key, kept, NULL, record);
    if (!twice) find_slot(m, key)->carry_held = held;
    mem_free(key);
    if (twice) {
        mem_release(held);
        cJSON_Delete(kept);
        snprintf(err, cap, _("--prior %s: the id \"%s\" has two results%s%s (records %zu and %zu)"), m->path, id->valuestring,
                 pf ? " of " : "", period, twice->record, record);
        return false;
    }
    return true;
}

prior_map *prior_load(const kh_policy *p, const char *path, char *err, size_t cap)
{
    const program *prog = p->prog;
    if (!prog->chain_field) {
        snprintf(err, cap, _("--prior: the policy does not say what to chain (add e.g. 'chain prior from carry')"));
        return NULL;
    }
    FILE *f = fopen(path, "rb");
    if (!f) {
        snprintf(err, cap, _("--prior %s: cannot read it: %s"), path, strerror(errno));
        return NULL;
    }
    void *f_held = mem_hold(close_file, f); /* closed should the run fail for want of memory */
    if (not_json(f, path, err, cap)) {
        mem_release(f_held);
        fclose(f);
        return NULL;
    }
    prior_map *m = mem_calloc(1, sizeof *m);
    m->p = p;
    m->path = mem_strdup(path);
    pthread_mutex_init(&m->lock, NULL);
    jsonin *in = jsonin_open_stream(f, path);
    jsonin_record rec;
    jsonin_status s;
    size_t results = 0;
    bool ok = true;
    while (ok && (s = jsonin_next(in, &rec)) > 0) {
        if (s == JSONIN_BAD_RECORD) {
            snprintf(err, cap, "--prior %s: record %zu: %s", path, rec.index + 1, rec.error);
            ok = false;
            break;
        }
        void *held = mem_hold(delete_json, rec.json);
        ok = take_result(m, rec.json, rec.index + 1, err, cap);
        results++;
        mem_release(held);
        cJSON_Delete(rec.json);
    }
    if (ok && s == JSONIN_FATAL) {
        snprintf(err, cap, "--prior %s", jsonin_error(in));
        ok = false;
    }
    if (ok && m->n == 0) {
        snprintf(err, cap, _("--prior %s: the file holds no results%s: give last month's results"), path,
                 results ? " of any agent" : "");
        ok = false;
    }
    jsonin_close(in);
    mem_release(f_held);
    fclose(f);
    if (!ok) {
        prior_free(m);
        return NULL;
    }
    return m;
}

void prior_free(prior_map *m)
{
    if (!m) return;
    for (size_t i = 0; i < m->cap; i++)
        if (m->slots[i].key) {
            mem_free(m->slots[i].key);
            mem_free(m->slots[i].error);
            mem_release(m->slots[i].carry_held);
            cJSON_Delete(m->slots[i].carry);
        }
    for (int k = 0; k < NOTE_KINDS; k++) {
        for (size_t i = 0; i < m->notes[k].n; i++) mem_free(m->notes[k].v[i].id);
        mem_free(m->notes[k].v);
    }
    pthread_mutex_destroy(&m->lock);
    mem_free(m->slots);
    mem_free(m->periods);
    mem_free(m->path);
    mem_free(m);
}

/* ---- each record ---------------------------------------------------------------- */

/* The periods the file holds, for a message ("2014-03, 2014-05"). */
static void list_periods(const prior_map *m, char *out, size_t cap)
{
    size_t at = 0;
    out[0] = '\0';
    for (int i = 0; i < m->nperiods && i < 4 && at < cap; i++) {
        char t[16];
        month_format(m->periods[i], t);
        at += (size_t)snprintf(out + at, cap - at, "%s%s", i ? ", " : "", t);
    }
    if (m->nperiods > 4 && at < cap) snprintf(out + at, cap - at, ", ...");
}

/* (Workers call it: nothing is allocated while the lock is held, so an
 * allocation that fails — which leaves the thread, mem.h — never leaves
 * the lock taken.) */
static void add_note(prior_map *m, note_kind k, size_t index, const char *id)
{
    char *copy = mem_strdup(id);
    note_list *l = &m->notes[k];
    pthread_mutex_lock(&m->lock);
    while (l->n == l->cap) { /* grown outside the lock */
        size_t cap = l->cap;
        pthread_mutex_unlock(&m->lock);
        note *grown = NULL;
        VEC_RESERVE(grown, cap + 1, cap);
        pthread_mutex_lock(&m->lock);
        if (l->n == l->cap && cap > l->cap) {
            if (l->n) memcpy(grown, l->v, l->n * sizeof *grown);
            note *old_v = l->v;
            l->v = grown;
            l->cap = cap;
            grown = old_v;
        }
        pthread_mutex_unlock(&m->lock);
        mem_free(grown); /* the old array, or the one not needed */
        pthread_mutex_lock(&m->lock);
    }
    l->v[l->n].index = index;
    l->v[l->n].id = copy;
    l->n++;
    pthread_mutex_unlock(&m->lock);
}

read_status prior_fill_record(prior_map *m, size_t index, const char *id, const value *slots, bool own, prior_fill *f,
                              const cJSON **carry, char *err, size_t cap)
{
    const program *prog = m->p->prog;
    memset(f, 0, sizeof *f);
    f->index = index;
    *carry = NULL;
    if (!id || !id[0]) return READ_OK; /* reading the record says what is wrong */
    char period[16] = "";
    if (prog->chain_period) {
        const value *pv = &slots[prog->chain_period->slot];
        if (pv->kind != VK_MONTH) return READ_OK;
        int32_t mo = pv->month;
        int32_t before = mo - 1;
        if (!has_period(m, before)) {
            char want[16], mine[16], has[64];
            month_format(before, want);
            month_format(mo, mine);
            list_periods(m, has, sizeof has);
            if (!m->nperiods)
                snprintf(err, cap, _("--prior %s: every result there is an error: record %zu (id \"%s\") needs the results "
                         "of %s"), m->path, index + 1, id, want);
            else if (has_period(m, mo))
                snprintf(err, cap, _("--prior %s: these are the results of %s, the month of record %zu (id \"%s\") itself: "
                         "its records need the results of %s"), m->path, has, index + 1, id, want);
            else
                snprintf(err, cap, _("--prior %s: these are the results of %s, but record %zu (id \"%s\") is of %s and "
                         "needs the results of %s, the month before"), m->path, has, index + 1, id, mine, want);
            return READ_FATAL;
        }
        month_format(before, period);
    }
    f->id = id;
    f->own = own;
    char *key = entry_key(id, '\x1f', period);
    const prior_entry *e = lookup(m, key);
    mem_free(key);
    if (!e) {
        key = entry_key(id, '\x1e', "");
        const prior_entry *bad = lookup(m, key);
        mem_free(key);
        f->kind = FILL_MISSING;
        f->error = bad ? bad->error : NULL;
        return READ_OK;
    }
    f->kind = FILL_CARRY;
    *carry = e->carry; /* the chained group is a top-level field (the checker sees to it) */
    return READ_OK;
}

/* Is the record a new hire by the chain's `unless`?  1 yes, 0 no, -1 it
 * cannot be told (err). */
static int new_hire(const prior_map *m, arena *ar, const value *slots, const value *params, char *err, size_t cap)
{
    const symbol *s = m->p->prog->chain_unless;
    if (!s) return 0;
    value v;
    if (s->kind == SYM_FIELD) {
        v = slots[s->field->slot];
    } else {
        evalctx ctx;
        memset(&ctx, 0, sizeof ctx);
        ctx.no_trace = true;
        eval_begin(&ctx, m->p->plan, params, (value *)slots, ar);
        if (!eval_def(&ctx, s->index, &v)) {
            eval_error_message(&ctx, err, cap);
            return -1;
        }
    }
    if (v.kind != VK_BOOL) {
        snprintf(err, cap, _("'%s' has no value: --prior cannot tell whether the agent was hired this period"), s->name);
        return -1;
    }
    return v.b;
}

read_status prior_admit(prior_map *m, const prior_fill *f, arena *ar, const value *slots, const value *params, char *err,
                        size_t cap)
{
    if (f->kind == FILL_SKIP) return READ_OK;
    const char *cond = m->p->prog->chain_unless ? m->p->prog->chain_unless->name : NULL;
    const char *group = m->p->prog->chain_field->path;
    if (f->kind == FILL_CARRY) {
        int hired = new_hire(m, ar, slots, params, err, cap);
        if (hired < 0) return READ_REFUSED;
        if (hired) {
            snprintf(err, cap, _("hired this period (%s), yet --prior %s has a result for this id last month: a reused id, "
                     "or a wrong hire date?"), cond, m->path);
            return READ_REFUSED;
        }
        if (f->own) add_note(m, NOTE_REPLACED, f->index, f->id);
        return READ_OK;
    }
    if (f->own) {
        add_note(m, NOTE_OWN_PRIOR, f->index, f->id);
        return READ_OK;
    }
    int hired = new_hire(m, ar, slots, params, err, cap);
    if (hired < 0) return READ_REFUSED;
    if (hired) {
        add_note(m, NOTE_NEW_HIRE, f->index, f->id);
        return READ_OK;
    }
    char because[160] = "";
    if (cond) snprintf(because, sizeof because, _(", and it was not hired this period (%s is false)"), cond);
    if (f->error)
        snprintf(err, cap, _("no carry from last month: this agent's result in --prior %s is an error (\"%.80s%s\")%s; "
                 "correct last month, or give the record its own '%s'"), m->path, f->error,
                 strlen(f->error) > 80 ? "..." : "", because, group);
    else
        snprintf(err, cap, _("no carry from last month: --prior %s has no result for this agent%s; give the record its own "
                 "'%s' if this is its first month"), m->path, because, group);
    return READ_REFUSED;
}

/* The reader's chain hook for one record: prior_fill_record, its status
 * kept for prior_read. */
typedef struct fill_call {
    prior_map *m;
    size_t index;
    prior_fill *f;
    read_status status;
} fill_call;

static bool fill_hook(void *ud, const char *id, const value *slots, bool own, const cJSON **carry, char *err,
                      size_t cap)
{
    fill_call *c = ud;
    c->status = prior_fill_record(c->m, c->index, id, slots, own, c->f, carry, err, cap);
    return c->status == READ_OK;
}

read_status prior_read_with(prior_map *m, size_t index, input_reader *reader, const input_text *text, arena *ar,
                            value *slots, const value *params, prior_fill *f, char *err, size_t cap, const char **id)
{
    memset(f, 0, sizeof *f);
    fill_call c = {m, index, f, READ_OK};
    input_chain chain = {&c, fill_hook};
    if (!input_read_text(reader, text, ar, slots, params, &chain, err, cap, id))
        return input_read_refused_by_chain(reader) ? c.status : READ_REFUSED;
    return READ_OK;
}

read_status prior_read(void *map, size_t index, input_reader *reader, const input_text *text, arena *ar, value *slots,
                       const value *params, char *err, size_t cap, const char **id)
{
    prior_map *m = map;
    prior_fill f;
    read_status s = prior_read_with(m, index, reader, text, ar, slots, params, &f, err, cap, id);
    if (s != READ_OK) return s;
    return prior_admit(m, &f, ar, slots, params, err, cap);
}

/* ---- notes ---------------------------------------------------------------------- */

static int by_index(const void *a, const void *b)
{
    const note *x = a, *y = b;
    return x->index < y->index ? -1 : x->index > y->index;
}

void prior_notes(prior_map *m, char *out, size_t cap)
{
    pthread_mutex_lock(&m->lock);
    for (int k = 0; k < NOTE_KINDS; k++) {
        note_list *l = &m->notes[k];
        if (!l->n) continue;
        qsort(l->v, l->n, sizeof *l->v, by_index);
        size_t n = 0; /* distinct records */
        buf ids = {0};
        for (size_t i = 0; i < l->n; i++) {
            if (i && l->v[i].index == l->v[i - 1].index) continue;
            if (n < 5) buf_printf(&ids, "%s\"%s\"", n ? ", " : "", l->v[i].id);
            n++;
        }
        if (n > 5) buf_printf(&ids, " and %zu more", n - 5);
        const char *group = m->p->prog->chain_field->path;
        const char *cond = m->p->prog->chain_unless ? m->p->prog->chain_unless->name : "";
        char line[1024];
        bool one = n == 1;
        if (k == NOTE_REPLACED)
            snprintf(line, sizeof line, _("warning: --prior %s: %zu record%s %s own '%s', which last month's carry "
                     "replaces (%s)\n"), m->path, n, one ? "" : "s", one ? "gives its" : "give their", group, ids.data);
        else if (k == NOTE_OWN_PRIOR)
            snprintf(line, sizeof line, _("note: --prior %s has no carry for %zu agent%s whose record%s %s own '%s' "
                     "(%s)\n"), m->path, n, one ? "" : "s", one ? "" : "s", one ? "gives its" : "give their", group, ids.data);
        else
            snprintf(line, sizeof line, _("note: --prior %s has no carry for %zu agent%s hired this period (%s): '%s' "
                     "starts from its defaults (%s)\n"), m->path, n, n == 1 ? "" : "s", cond, group, ids.data);
        buf_free(&ids);
        notes_printf(out, cap, "%s", line);
    }
    pthread_mutex_unlock(&m->lock);
}
