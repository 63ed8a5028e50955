/*
 * manifest.c — building run manifests and writing them as JSON.
 */
#include "manifest.h"

#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "policy.h"
#include "present.h"
#include "writer.h"
#include "i18n.h"
#include "mem.h"

static kh_manifest *manifest_new(const kh_policy *p, long long run_time);

kh_manifest *kh_manifest_new(const kh_policy *p, long long run_time)
{
    mem_scope sc;
    mem_open(&sc, p->al);
    if (setjmp(sc.jb)) {
        mem_unwind(&sc);
        return NULL;
    }
    kh_manifest *m = manifest_new(p, run_time);
    mem_close(&sc);
    return m;
}

static kh_manifest *manifest_new(const kh_policy *p, long long run_time)
{
    kh_manifest *m = mem_calloc(1, sizeof *m);
    m->A = arena_new(16 * 1024);
    m->run_time = run_time;
    m->title = p->prog->title ? arena_strdup(m->A, p->prog->title) : NULL;
    m->nfiles = p->nsources;
    m->files = arena_zalloc(m->A, (size_t)(p->nsources + 1) * sizeof *m->files);
    for (int i = 0; i < p->nsources; i++) {
        m->files[i].name = arena_strdup(m->A, p->sources[i]->name);
        sha256_hex(p->sources[i]->sha256, m->files[i].sha256);
    }
    const plan *pl = p->plan;
    m->nparams = pl->nparams;
    m->params = arena_zalloc(m->A, (size_t)(pl->nparams + 1) * sizeof *m->params);
    for (int i = 0; i < pl->nparams; i++) {
        const symbol *s = pl->param_syms[i];
        manifest_param *mp = &m->params[i];
        mp->name = arena_strdup(m->A, s->name);
        mp->label = s->decl && s->decl->label ? arena_strdup(m->A, s->decl->label) : NULL;
        buf b = {0};
        const char *dated = present_dated_param(m->A, pl, p->params, i);
        if (dated) { /* its values by month, as the policy gives them */
            value v = value_text(dated, (uint32_t)strlen(dated));
            write_json_value(&b, &v, &type_text);
        } else {
            write_json_value(&b, &p->params[i], s->type);
        }
        mp->value = arena_strdup(m->A, b.data ? b.data : "null");
        const char *pct = present_param_percent(m->A, pl, p->params, i);
        mp->display = dated ? dated : pct ? pct : mp->value;
        buf_free(&b);
        mp->overridden = p->param_set && p->param_set[i];
    }
    return m;
}

void kh_manifest_free(kh_manifest *m)
{
    if (!m) return;
    arena_free(m->A);
    mem_free(m);
}

manifest_saved manifest_save(kh_manifest *m)
{
    manifest_saved s = {m, {0}, {0}};
    if (m) {
        s.before = *m;
        s.at = arena_mark_now(m->A);
    }
    return s;
}

void manifest_restore(const manifest_saved *s)
{
    if (!s->m) return;
    *s->m = s->before;
    arena_rollback(s->m->A, s->at);
}

void manifest_set_input(kh_manifest *m, const char *name, const unsigned char *digest)
{
    m->input = arena_strdup(m->A, name ? name : "stdin");
    if (m->input_pinned) return;
    m->input_sha256[0] = '\0';
    if (digest) sha256_hex(digest, m->input_sha256);
}

void manifest_pin_input(kh_manifest *m, const unsigned char *digest)
{
    sha256_hex(digest, m->input_sha256);
    m->input_pinned = true;
}

void manifest_set_prior(kh_manifest *m, const char *path)
{
    m->prior = arena_strdup(m->A, path);
    m->prior_sha256[0] = '\0';
    FILE *f = fopen(path, "rb");
    if (!f) return;
    sha256_ctx c;
    sha256_init(&c);
    char chunk[1 << 14];
    size_t got;
    while ((got = fread(chunk, 1, sizeof chunk, f)) > 0) sha256_update(&c, chunk, got);
    bool ok = !ferror(f);
    fclose(f);
    unsigned char d[SHA256_BYTES];
    sha256_final(&c, d);
    if (ok) sha256_hex(d, m->prior_sha256);
}

void manifest_set_counts(kh_manifest *m, size_t records, size_t errors, int checks_failed)
{
    m->counted = true;
    m->records = records;
    m->errors = errors;
    m->checks_failed = checks_failed;
}

void manifest_set_outcome(kh_manifest *m, const run_outcome *o, const plan *pl, size_t refused)
{
    m->nchecks = o->nchecks;
    m->checks = arena_zalloc(m->A, (size_t)(o->nchecks + 1) * sizeof *m->checks);
    for (int k = 0; k < o->nchecks; k++) {
        const failed_check *c = &o->checks[k];
        failed_check *d = &m->checks[k];
        d->label = arena_strdup(m->A, c->label);
        d->roster = arena_strdup(m->A, c->roster);
        d->nids = c->nids;
        d->ids = arena_alloc(m->A, (size_t)(c->nids + 1) * sizeof *d->ids);
        for (int i = 0; i < c->nids; i++) d->ids[i] = arena_strdup(m->A, c->ids[i]);
    }
    m->nmay_change = 0;
    m->may_change = arena_alloc(m->A, (size_t)(pl->noutputs + 1) * sizeof *m->may_change);
    for (int i = 0; refused && i < pl->noutputs; i++) {
        const symbol *s = pl->def_syms[pl->outputs[i]];
        if (s->phase > 0) m->may_change[m->nmay_change++] = arena_strdup(m->A, s->name);
    }
}

void manifest_record(kh_manifest *m, const jsonin *in, const char *input_name, const char *prior, const run_stats *st)
{
    unsigned char d[SHA256_BYTES];
    manifest_set_input(m, input_name, jsonin_sha256(in, d) ? d : NULL);
    if (prior) manifest_set_prior(m, prior);
    manifest_set_counts(m, st->records, st->errors, st->checks_failed);
}

void manifest_time(long long t, char out[32])
{
    time_t tt = (time_t)t;
    struct tm tm;
    if (!gmtime_r(&tt, &tm) || strftime(out, 32, "%Y-%m-%dT%H:%M:%SZ", &tm) == 0) snprintf(out, 32, "@%lld", t);
}

static void json_str(buf *b, const char *s)
{
    if (s) write_json_string(b, s, strlen(s));
    else buf_puts(b, "null");
}

static void json_file(buf *b, const char *name, const char *sha)
{
    buf_puts(b, "{\"path\": ");
    json_str(b, name);
    buf_puts(b, ", \"sha256\": ");
    json_str(b, sha[0] ? sha : NULL);
    buf_putc(b, '}');
}

bool kh_manifest_write(const kh_manifest *m, FILE *out)
{
    mem_scope sc;
    mem_open(&sc, NULL);
    if (setjmp(sc.jb)) { /* out of memory: nothing written */
        mem_unwind(&sc);
        return false;
    }
    buf b = {0};
    manifest_json(&b, m);
    bool ok = fwrite(b.data, 1, b.len, out) == b.len;
    buf_free(&b);
    mem_close(&sc);
    return ok && fflush(out) == 0;
}

void manifest_json(buf *b, const kh_manifest *m)
{
    buf_puts(b, "{\n  \"kaohe\": \"" KAOHE_VERSION "\",\n  \"policy\": ");
    json_str(b, m->title);
    buf_puts(b, ",\n  \"policy_files\": [");
    for (int i = 0; i < m->nfiles; i++) {
        buf_puts(b, i ? ",\n    " : "\n    ");
        json_file(b, m->files[i].name, m->files[i].sha256);
    }
    buf_puts(b, m->nfiles ? "\n  ],\n  \"params\": {" : "],\n  \"params\": {");
    for (int i = 0; i < m->nparams; i++) {
        const manifest_param *p = &m->params[i];
        buf_puts(b, i ? ",\n    " : "\n    ");
        json_str(b, p->name);
        buf_puts(b, ": {\"value\": ");
        buf_puts(b, p->value);
        buf_puts(b, ", \"overridden\": ");
        buf_puts(b, p->overridden ? "true" : "false");
        buf_puts(b, ", \"label\": ");
        json_str(b, p->label);
        buf_putc(b, '}');
    }
    buf_puts(b, m->nparams ? "\n  },\n  \"input\": " : "},\n  \"input\": ");
    if (m->input) json_file(b, m->input, m->input_sha256);
    else buf_puts(b, "null");
    buf_puts(b, ",\n  \"prior\": ");
    if (m->prior) json_file(b, m->prior, m->prior_sha256);
    else buf_puts(b, "null");
    if (m->counted) {
        buf_printf(b, ",\n  \"records\": %zu,\n  \"errors\": %zu,\n  \"checks_failed\": %d", m->records, m->errors,
                   m->checks_failed);
        buf_puts(b, ",\n  \"failed_checks\": [");
        for (int k = 0; k < m->nchecks; k++) {
            const failed_check *c = &m->checks[k];
            buf_puts(b, k ? ",\n    {\"check\": " : "\n    {\"check\": ");
            json_str(b, c->label);
            buf_puts(b, ", \"roster\": ");
            buf_puts(b, c->roster[0] ? c->roster : "null");
            buf_puts(b, ", \"ids\": [");
            for (int i = 0; i < c->nids; i++) {
                if (i) buf_puts(b, ", ");
                json_str(b, c->ids[i]);
            }
            buf_puts(b, "]}");
        }
        buf_puts(b, m->nchecks ? "\n  ],\n  \"may_change\": [" : "],\n  \"may_change\": [");
        for (int i = 0; i < m->nmay_change; i++) {
            if (i) buf_puts(b, ", ");
            json_str(b, m->may_change[i]);
        }
        buf_putc(b, ']');
    }
    char when[32];
    manifest_time(m->run_time, when);
    buf_printf(b, ",\n  \"run_at\": \"%s\"\n}\n", when);
}

int manifest_items(kh_manifest *m, bool private_view, manifest_item **out)
{
    int cap = 8 + m->nfiles + m->nparams + m->nchecks, n = 0;
    manifest_item *it = arena_zalloc(m->A, (size_t)cap * sizeof *it);
    it[n++] = (manifest_item){"kaohe", "", KAOHE_VERSION};
    if (m->title) it[n++] = (manifest_item){_("policy"), "", m->title};
    for (int i = 0; i < m->nfiles; i++)
        it[n++] = (manifest_item){_("policy file"), m->files[i].name, arena_printf(m->A, "sha256 %s", m->files[i].sha256)};
    for (int i = 0; i < m->nparams; i++) {
        const manifest_param *p = &m->params[i];
        it[n++] = (manifest_item){_("param"), p->name,
                                  p->overridden ? arena_printf(m->A, _("%s (set for this run)"), p->display) : p->display};
    }
    if (m->input)
        it[n++] = (manifest_item){_("input"), m->input,
                                  m->input_sha256[0] ? arena_printf(m->A, "sha256 %s", m->input_sha256) : _("(not read in full)")};
    if (m->prior)
        it[n++] = (manifest_item){_("prior"), m->prior,
                                  m->prior_sha256[0] ? arena_printf(m->A, "sha256 %s", m->prior_sha256) : _("(unreadable)")};
    if (m->counted && !private_view)
        it[n++] = (manifest_item){_("records"), "",
                                  arena_printf(m->A, _("%zu (%zu in error, %d roster checks failed)"), m->records, m->errors,
                                               m->checks_failed)};
    for (int k = 0; k < m->nchecks && m->counted && !private_view; k++) {
        const failed_check *c = &m->checks[k];
        buf ids = {0};
        const char *roster = outcome_roster_text(m->A, c->roster);
        if (roster[0]) buf_printf(&ids, _("roster %s"), roster);
        for (int i = 0; i < c->nids; i++) buf_printf(&ids, "%s%s", i ? ", " : roster[0] ? ": " : "", c->ids[i]);
        it[n++] = (manifest_item){_("check failed"), c->label, arena_strdup(m->A, buf_text(&ids))};
        buf_free(&ids);
    }
    if (m->nmay_change && m->counted && !private_view) {
        buf names = {0};
        for (int i = 0; i < m->nmay_change; i++) buf_printf(&names, "%s%s", i ? ", " : "", m->may_change[i]);
        it[n++] = (manifest_item){_("may change"), "",
                                  arena_printf(m->A, _("%s of the other records, once the %zu refused record%s fixed"),
                                               names.data, m->errors, m->errors == 1 ? " is" : "s are")};
        buf_free(&names);
    }
    *out = it;
    return n;
}

char *manifest_slurp(FILE *f, size_t *len, char *err, size_t cap)
{
    size_t n = 0, size = 1 << 16;
    char *data = mem_alloc(size);
    for (;;) {
        if (n == size) {
            if (size > SIZE_MAX / 2) {
                mem_free(data);
                snprintf(err, cap, _("the input is too large"));
                return NULL;
            }
            size *= 2;
            data = mem_realloc(data, size);
        }
        size_t got = fread(data + n, 1, size - n, f);
        n += got;
        if (got == 0) break;
    }
    if (ferror(f)) {
        mem_free(data);
        snprintf(err, cap, _("read error: %s"), strerror(errno));
        return NULL;
    }
    *len = n;
    return data;
}
