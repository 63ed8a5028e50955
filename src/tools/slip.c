/*
 * slip.c — pay slips: the slip's lines are gathered from one record's
 * evaluation, then written as text (aligned by display width) or HTML.
 */
#include "slip.h"

#include "outcome.h"
#include "policy.h"
#include "prior.h"
#include "run.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "html.h"
#include "dates.h"
#include "eval_output.h"
#include "manifest.h"
#include "present.h"
#include "source.h"
#include "termtext.h"
#include "mem.h"
#include "vec.h"
#include "i18n.h"

typedef struct line {
    const char *label;
    const char *detail;   /* "1 × -1", or NULL */
    const char *value;
    int depth;            /* 1: a field of the line above */
    bool total;           /* the sum of the section, under a rule */
    bool zero;            /* a pay line that is 0.00 (shown, but quiet) */
} line;

typedef struct section {
    const char *title;
    line *lines;
    int n, cap;
} section;

typedef struct slip {
    arena *A;
    const plan *pl;
    const char *title;
    section who;          /* id, name, period */
    section *secs;
    int nsecs, capsecs;
} slip;

static line *add_line(slip *s, section *sec, const char *label, const char *detail, const char *text)
{
    VEC_RESERVE_IN(s->A, sec->lines, sec->n, sec->n + 1, sec->cap);
    line *l = &sec->lines[sec->n++];
    memset(l, 0, sizeof *l);
    l->label = label;
    l->detail = detail;
    l->value = text;
    return l;
}

static section *add_section(slip *s, const char *title)
{
    VEC_RESERVE_IN(s->A, s->secs, s->nsecs, s->nsecs + 1, s->capsecs);
    section *sec = &s->secs[s->nsecs++];
    memset(sec, 0, sizeof *sec);
    sec->title = title;
    return sec;
}

/* ---- gathering ------------------------------------------------------------- */

static void gather_who(slip *s, const evalctx *ctx, const char *id)
{
    const program *prog = s->pl->prog;
    if (id) {
        const field_spec *k = prog->key;
        add_line(s, &s->who, k && k->label ? k->label : k ? k->path : "id", NULL, id);
    }
    for (int i = 0; i < prog->nleaves && ctx->slots; i++) {
        const field_spec *f = prog->leaves[i];
        if (!f->display || f == prog->key || f == prog->roster_by) continue;
        add_line(s, &s->who, f->label ? f->label : f->path, NULL, present_shown(s->A, s->pl->prog, &ctx->slots[f->slot], f->type));
    }
    const field_spec *r = prog->roster_by;
    if (r && r->slot >= 0 && ctx->slots)
        add_line(s, &s->who, r->label ? r->label : r->path, NULL, present_shown(s->A, s->pl->prog, &ctx->slots[r->slot], r->type));
}

/* The start of a ledger: the label of the param or definition it names. */
static const char *start_label(const slip *s, const pnode *start)
{
    if (start->op == P_PARAM) {
        const symbol *p = s->pl->param_syms[start->index];
        return p->decl && p->decl->label ? p->decl->label : p->name;
    }
    if (start->op == P_DEF) return present_label(s->pl, start->index);
    return "start";
}

/* One ledger output: money ledgers list every pay line, the others (the
 * score) the entries that applied, signed; then the total. */
static void gather_ledger(slip *s, const evalctx *ctx, int def, int k, const value *total, uint8_t *shown)
{
    const ledger_result *lr = ctx->ledgers ? ctx->ledgers[k] : NULL;
    if (!lr) return;
    const pnode *ln = s->pl->ledgers[k];
    const ast *decl = ln->src;
    bool money = ln->type && ln->type->kind == T_MONEY;
    section *sec = add_section(s, present_label(s->pl, def));
    if (!money || !num_is_zero(lr->start)) add_line(s, sec, start_label(s, ln->a), NULL, present_num_text(s->A, lr->start, money, false));
    for (int i = 0; i < lr->n; i++) {
        const ledger_item *it = &lr->items[i];
        if (!money && !it->applied) continue;
        const ast *en = decl->list.v[i];
        const char *detail = NULL;
        if (it->applied && en->op == ENTRY_PER && !num_is_zero(it->count)) {
            kh_num unit;
            if (num_div(s->A, it->amount, it->count, &unit) == NUM_OK)
                detail = arena_printf(s->A, "%s × %s", present_num_text(s->A, it->count, false, false),
                                      present_num_text(s->A, unit, money, !money));
        }
        line *l = add_line(s, sec, en->str, detail, present_num_text(s->A, it->amount, money, !money));
        l->zero = !it->applied;
        int shows = present_entry_def(s->pl, k, i);
        if (money && shows >= 0) shown[shows] = 1;
    }
    line *t = add_line(s, sec, present_label(s->pl, def), NULL, present_shown(s->A, s->pl->prog, total, s->pl->def_syms[def]->type));
    t->total = true;
}

static void gather_value(slip *s, section *sec, const char *label, const value *v, const ktype *t, int depth)
{
    if (t && t->kind == T_RECORD && v->kind == VK_RECORD) {
        line *l = add_line(s, sec, label, NULL, "");
        l->depth = depth;
        for (int i = 0; i < t->nfields && (uint32_t)i < v->len; i++)
            gather_value(s, sec, t->names[i], &v->items[i], t->fields[i], depth + 1);
        return;
    }
    line *l = add_line(s, sec, label, NULL, present_shown(s->A, s->pl->prog, v, t));
    l->depth = depth;
}

static void gather(slip *s, const evalctx *ctx, const char *id, const value *outputs)
{
    const plan *pl = s->pl;
    uint8_t *shown = arena_zalloc(s->A, (size_t)pl->ndefs + 1);
    gather_who(s, ctx, id);
    /* money ledgers first (the pay), then the other ledgers (the score) */
    for (int pass = 0; pass < 2; pass++)
        for (int i = 0; i < pl->noutputs; i++) {
            int def = pl->outputs[i], k = present_def_ledger(pl, def);
            if (k < 0) continue;
            bool money = pl->ledgers[k]->type && pl->ledgers[k]->type->kind == T_MONEY;
            if (money == (pass == 0)) {
                gather_ledger(s, ctx, def, k, &outputs[i], shown);
                shown[def] = 1;
            }
        }
    section *rest = NULL;
    for (int i = 0; i < pl->noutputs; i++) {
        int def = pl->outputs[i];
        if (shown[def]) continue;
        if (!rest) rest = add_section(s, "其他结果 other results");
        gather_value(s, rest, present_label(pl, def), &outputs[i], pl->def_syms[def]->type, 0);
    }
}

/* ---- text ---------------------------------------------------------------- */

static int width(const char *s) { return s ? utf8_display_width(s, strlen(s)) : 0; }

static void pad(buf *b, int n)
{
    for (int i = 0; i < n; i++) buf_putc(b, ' ');
}

static void footer_text(buf *b, kh_manifest *m, bool color)
{
    if (!m) return;
    if (color) buf_puts(b, "\033[2m");
    buf_puts(b, "kaohe " KAOHE_VERSION "\n");
    for (int i = 0; i < m->nfiles; i++) {
        buf_printf(b, "%s ", _("policy file"));
        term_texts(b, m->files[i].name);
        buf_printf(b, "  sha256 %s\n", m->files[i].sha256);
    }
    if (m->input) {
        buf_printf(b, "%s ", _("input"));
        term_texts(b, m->input);
        buf_printf(b, "  sha256 %s\n", m->input_sha256[0] ? m->input_sha256 : _("(unknown)"));
    }
    if (m->prior) {
        buf_printf(b, "%s ", _("prior"));
        term_texts(b, m->prior);
        buf_printf(b, "  sha256 %s\n", m->prior_sha256[0] ? m->prior_sha256 : _("(unknown)"));
    }
    if (m->nparams) {
        const char *params = _("params");
        int col = width(params);
        bool any_set = false;
        buf_puts(b, params);
        for (int i = 0; i < m->nparams; i++) {
            const manifest_param *p = &m->params[i];
            buf item = {0};
            term_texts(&item, p->name);
            buf_putc(&item, '=');
            term_texts(&item, p->display);
            if (p->overridden) buf_putc(&item, '*');
            any_set |= p->overridden;
            int w = width(item.data);
            if (col + 1 + w > 78) {
                buf_puts(b, "\n ");
                col = 1;
            }
            buf_putc(b, ' ');
            buf_puts(b, item.data);
            col += 1 + w;
            buf_free(&item);
        }
        if (any_set) buf_printf(b, "\n%s", _("(* set for this run)"));
        buf_putc(b, '\n');
    }
    if (color) buf_puts(b, "\033[0m");
}

static void render_text(buf *b, const slip *s, kh_manifest *m, bool color)
{
    const char *bold = color ? "\033[1m" : "", *dim = color ? "\033[2m" : "", *off = color ? "\033[0m" : "";
    int lw = 0, dw = 0, vw = 0, ww = 0;
    for (int i = 0; i < s->who.n; i++) ww = width(s->who.lines[i].label) > ww ? width(s->who.lines[i].label) : ww;
    for (int j = 0; j < s->nsecs; j++)
        for (int i = 0; i < s->secs[j].n; i++) {
            const line *l = &s->secs[j].lines[i];
            int w = width(l->label) + 2 * l->depth;
            if (w > lw) lw = w;
            if (width(l->detail) > dw) dw = width(l->detail);
            if (width(l->value) > vw) vw = width(l->value);
        }
    buf_printf(b, "%s%s%s\n工资单 pay slip\n\n", bold, s->title, off);
    for (int i = 0; i < s->who.n; i++) {
        const line *l = &s->who.lines[i];
        buf_puts(b, "  ");
        buf_puts(b, l->label);
        pad(b, ww - width(l->label) + 2);
        buf_printf(b, "%s%s%s\n", bold, l->value, off);
    }
    int full = lw + (dw ? dw + 2 : 0) + 2 + vw;
    for (int j = 0; j < s->nsecs; j++) {
        const section *sec = &s->secs[j];
        buf_printf(b, "\n%s%s%s\n", bold, sec->title, off);
        for (int i = 0; i < sec->n; i++) {
            const line *l = &sec->lines[i];
            if (l->total) {
                buf_puts(b, "  ");
                for (int k = 0; k < full; k++) buf_putc(b, '-');
                buf_putc(b, '\n');
            }
            buf_puts(b, l->total ? bold : l->zero ? dim : "");
            pad(b, 2 + 2 * l->depth);
            buf_puts(b, l->label);
            pad(b, lw - width(l->label) - 2 * l->depth + 2);
            if (dw) {
                if (l->detail) buf_puts(b, l->detail);
                pad(b, dw - width(l->detail) + 2);
            }
            pad(b, vw - width(l->value));
            buf_puts(b, l->value);
            buf_puts(b, l->total || l->zero ? off : "");
            /* no trailing spaces: a line with no value ends at its label */
            while (b->len && b->data[b->len - 1] == ' ') b->data[--b->len] = '\0';
            buf_putc(b, '\n');
        }
    }
    buf_putc(b, '\n');
    footer_text(b, m, color);
}

/* ---- HTML ---------------------------------------------------------------- */

static const char slip_css[] =
    "@page{size:A4;margin:16mm 18mm}"
    "body{font-family:\"Noto Sans CJK SC\",\"Source Han Sans SC\",\"PingFang SC\",\"Microsoft YaHei\",sans-serif;"
    "font-size:10.5pt;line-height:1.45;color:#111;max-width:174mm;margin:12mm auto}"
    "h1{font-size:15pt;margin:0 0 2mm}h1 small{display:block;font-size:10pt;font-weight:normal;color:#555}"
    "h2{font-size:11.5pt;margin:6mm 0 1.5mm;border-bottom:1.5px solid #333;padding-bottom:1mm}"
    "table{border-collapse:collapse;width:100%}td{padding:1.2mm 2mm;border-bottom:1px solid #e3e3e3;vertical-align:top}"
    "td.d{color:#555;white-space:nowrap}td.n{text-align:right;white-space:nowrap;font-variant-numeric:tabular-nums}"
    "tr.zero td{color:#999}tr.total td{font-weight:bold;border-top:1.5px solid #333;border-bottom:none}"
    "td.sub{padding-left:7mm}table.who td{border:none;padding:0.5mm 2mm}table.who td:first-child{color:#555;width:35%}"
    "section{break-inside:avoid}"
    "footer{margin-top:8mm;font-size:7.5pt;color:#666;word-break:break-all;border-top:1px solid #ccc;padding-top:2mm}"
    "footer p{margin:0.6mm 0}";

static void render_html(buf *b, const slip *s, kh_manifest *m)
{
    const char *id = s->who.n ? s->who.lines[0].value : "";
    buf_puts(b, "<!DOCTYPE html>\n<html lang=\"zh-CN\">\n<head>\n<meta charset=\"utf-8\">\n<title>工资单 pay slip · ");
    html_text(b, id);
    buf_printf(b, "</title>\n<style>%s</style>\n</head>\n<body>\n<h1>", slip_css);
    html_text(b, s->title);
    buf_puts(b, "<small>工资单 pay slip</small></h1>\n<table class=\"who\">\n");
    for (int i = 0; i < s->who.n; i++) {
        buf_puts(b, "<tr><td>");
        html_text(b, s->who.lines[i].label);
        buf_puts(b, "</td><td>");
        html_text(b, s->who.lines[i].value);
        buf_puts(b, "</td></tr>\n");
    }
    buf_puts(b, "</table>\n");
    for (int j = 0; j < s->nsecs; j++) {
        const section *sec = &s->secs[j];
        buf_puts(b, "<section>\n<h2>");
        html_text(b, sec->title);
        buf_puts(b, "</h2>\n<table>\n");
        for (int i = 0; i < sec->n; i++) {
            const line *l = &sec->lines[i];
            buf_puts(b, l->total ? "<tr class=\"total\">" : l->zero ? "<tr class=\"zero\">" : "<tr>");
            buf_puts(b, l->depth ? "<td class=\"sub\">" : "<td>");
            html_text(b, l->label);
            buf_puts(b, "</td><td class=\"d\">");
            if (l->detail) html_text(b, l->detail);
            buf_puts(b, "</td><td class=\"n\">");
            html_text(b, l->value);
            buf_puts(b, "</td></tr>\n");
        }
        buf_puts(b, "</table>\n</section>\n");
    }
    if (m) {
        buf foot = {0};
        footer_text(&foot, m, false);
        buf_puts(b, "<footer>\n");
        const char *p = foot.data;
        while (p && *p) {
            const char *nl = strchr(p, '\n');
            size_t n = nl ? (size_t)(nl - p) : strlen(p);
            buf_puts(b, "<p>");
            html_textn(b, p, n);
            buf_puts(b, "</p>\n");
            p += n + (nl ? 1 : 0);
        }
        buf_puts(b, "</footer>\n");
        buf_free(&foot);
    }
    buf_puts(b, "</body>\n</html>\n");
}

/* t, or a copy with what a terminal would obey written as escapes. */
static const char *term_safe(arena *A, const char *t)
{
    if (!t || !term_text_needs_escape(t, strlen(t))) return t;
    buf e = {0};
    term_texts(&e, t);
    const char *c = arena_strdup(A, e.data);
    buf_free(&e);
    return c;
}

/* A text slip is read on a terminal (or printed from one): ids, names and
 * labels are made safe before they are aligned. */
static void make_terminal_safe(slip *s)
{
    s->title = term_safe(s->A, s->title);
    for (int j = -1; j < s->nsecs; j++) {
        section *sec = j < 0 ? &s->who : &s->secs[j];
        sec->title = term_safe(s->A, sec->title);
        for (int i = 0; i < sec->n; i++) {
            line *l = &sec->lines[i];
            l->label = term_safe(s->A, l->label);
            l->detail = term_safe(s->A, l->detail);
            l->value = term_safe(s->A, l->value);
        }
    }
}

void slip_render(buf *b, const plan *pl, const evalctx *ctx, const char *id, const value *outputs, kh_manifest *m,
                 const slip_style *st)
{
    slip s;
    memset(&s, 0, sizeof s);
    s.A = arena_new(16 * 1024);
    s.pl = pl;
    s.title = pl->prog->title ? pl->prog->title : "kaohe";
    gather(&s, ctx, id, outputs);
    if (st && st->html) {
        render_html(b, &s, m);
    } else {
        make_terminal_safe(&s);
        render_text(b, &s, m, st && st->color);
    }
    arena_free(s.A);
}

/* Characters beyond ASCII that a slip's file name keeps: precomposed Latin
 * letters (Latin-1 and Latin Extended A/B without × ÷, Latin Extended
 * Additional), CJK ideographs (not the compatibility ones, which NFC turns
 * into others), kana without the combining sound marks, the iteration marks
 * 々〆〇, Hangul syllables.  Each is its own NFC form.  Everything else —
 * combining marks (NFD spellings), zero-width and bidirectional controls,
 * spaces, look-alike scripts and symbols — is written %XX, so no name hides
 * or reorders text and two names that look alike are the same name. */
static bool name_keeps(long cp)
{
    return (cp >= 0x00C0 && cp <= 0x024F && cp != 0x00D7 && cp != 0x00F7) || (cp >= 0x1E00 && cp <= 0x1EFF) ||
           (cp >= 0x3005 && cp <= 0x3007) || (cp >= 0x3041 && cp <= 0x3096) || (cp >= 0x309D && cp <= 0x309F) ||
           (cp >= 0x30A1 && cp <= 0x30FA) || (cp >= 0x30FC && cp <= 0x30FF) || (cp >= 0x3400 && cp <= 0x4DBF) ||
           (cp >= 0x4E00 && cp <= 0x9FFF) || (cp >= 0xAC00 && cp <= 0xD7A3) || (cp >= 0x20000 && cp <= 0x2EBEF) ||
           (cp >= 0x30000 && cp <= 0x3134F);
}

/* A name Windows takes for a device whatever follows its first dot: CON,
 * PRN, AUX, NUL, COM0-9, LPT0-9 in any case. */
static bool device_name(const char *id)
{
    size_t n = strcspn(id, ".");
    char up[5] = {0};
    if (n != 3 && n != 4) return false;
    for (size_t i = 0; i < n; i++) up[i] = (char)(id[i] >= 'a' && id[i] <= 'z' ? id[i] - 32 : id[i]);
    if (n == 3) return !strcmp(up, "CON") || !strcmp(up, "PRN") || !strcmp(up, "AUX") || !strcmp(up, "NUL");
    return (!strncmp(up, "COM", 3) || !strncmp(up, "LPT", 3)) && up[3] >= '0' && up[3] <= '9';
}

char *kh_slip_file_name(const char *id, const char *ext)
{
    static const char hex[] = "0123456789ABCDEF";
    buf b = {0};
    size_t n = strlen(id);
    bool device = device_name(id);
    for (size_t i = 0; i < n;) {
        unsigned char c = (unsigned char)id[i];
        /* a first '.' would hide the file, a first '-' read as an option,
         * a device name's first letter make it a device */
        bool keep = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' ||
                    ((c == '-' || c == '.') && i > 0);
        if (i == 0 && device) keep = false;
        int len = 1;
        if (c >= 0x80) {
            long cp;
            len = utf8_decode(id + i, n - i, &cp);
            keep = cp >= 0 && name_keeps(cp);
        }
        if (keep) {
            buf_put(&b, id + i, (size_t)len);
        } else {
            for (int k = 0; k < len; k++) {
                unsigned char e = (unsigned char)id[i + (size_t)k];
                char esc[3] = {'%', hex[e >> 4], hex[e & 15]};
                buf_put(&b, esc, 3);
            }
        }
        i += (size_t)len;
    }
    if (n == 0) buf_puts(&b, "%");
    buf_puts(&b, ext);
    if (b.len > 200) {
        buf_free(&b);
        return NULL;
    }
    return b.data;
}

/* ---- kh_slip ----------------------------------------------------------------- */

typedef struct slip_run {
    const kh_slip_options *o;
    kh_manifest *m;
    slip_style st;
    size_t made;
} slip_run;

static void on_result(void *ud, size_t index, const char *id, const value *outputs, const evalctx *ctx)
{
    slip_run *r = ud;
    if (r->o->id && (!id || strcmp(id, r->o->id) != 0)) return;
    buf b = {0};
    slip_render(&b, ctx->pl, ctx, id, outputs, r->m, &r->st);
    r->made++;
    if (r->o->slip_in_period) {
        const field_spec *pf = ctx->pl->prog->roster_by;
        char period[16];
        bool has = pf && pf->slot >= 0 && ctx->slots && ctx->slots[pf->slot].kind == VK_MONTH;
        if (has) month_format(ctx->slots[pf->slot].month, period);
        r->o->slip_in_period(r->o->ud, index, id, has ? period : NULL, buf_text(&b), b.len);
    } else if (r->o->slip) {
        r->o->slip(r->o->ud, index, id, buf_text(&b), b.len);
    }
    buf_free(&b);
}

static void on_error(void *ud, size_t index, const char *id, const char *message) {}

static int slip_records(void *arg);

int kh_slip(const kh_policy *p, FILE *input, const char *input_name, const kh_slip_options *o, kh_eval_summary *summary)
{
    tool_call c = {p, NULL, input, NULL, input_name, o, summary};
    return tool_call_guarded(slip_records, &c, o->manifest);
}

static int slip_records(void *arg)
{
    const tool_call *c = arg;
    const kh_policy *p = c->p;
    const kh_slip_options *o = c->o;
    FILE *input = c->input;
    const char *input_name = c->input_name;
    kh_eval_summary *summary = c->summary;
    memset(summary, 0, sizeof *summary);
    size_t len;
    char *data = manifest_slurp(input, &len, summary->fatal, sizeof summary->fatal);
    if (!data) return KH_IO_ERROR;
    prior_map *prior = NULL;
    if (o->prior_path && !(prior = prior_load(p, o->prior_path, summary->fatal, sizeof summary->fatal))) {
        mem_free(data);
        return KH_IO_ERROR;
    }
    slip_run r = {o, o->manifest ? o->manifest : kh_manifest_new(p, 0), {o->html, o->color}, 0};
    unsigned char digest[SHA256_BYTES];
    sha256(data, len, digest);
    manifest_set_input(r.m, input_name, digest);
    if (o->prior_path) manifest_set_prior(r.m, o->prior_path);
    jsonin *in = jsonin_open_buffer(data, len, input_name);
    run_outcome oc;
    outcome_init(&oc, o->ud, o->record_error, o->check_failed);
    run_hooks hooks = {.ud = &oc, .record_error = outcome_record_error, .check_failed = outcome_check_failed,
                       .read_ud = prior, .read = prior ? prior_read : NULL};
    result_sink sink = {&r, on_result, on_error, false};
    run_stats st;
    int rc = run_eval(p->plan, p->params, in, &sink, &hooks, &st);
    manifest_set_counts(r.m, st.records, st.errors, st.checks_failed);
    manifest_set_outcome(r.m, &oc, p->plan, st.errors);
    if (rc != KH_IO_ERROR) outcome_may_change(p->plan, st.errors, summary->may_change, sizeof summary->may_change);
    outcome_free(&oc);
    jsonin_close(in);
    if (prior) prior_notes(prior, summary->notes, sizeof summary->notes);
    unknown_members_notes(&st.unknown, input_name, summary->notes, sizeof summary->notes);
    prior_free(prior);
    mem_free(data);
    if (r.m != o->manifest) kh_manifest_free(r.m);
    summary->records = st.records;
    summary->errors = st.errors;
    summary->checks_failed = st.checks_failed;
    snprintf(summary->fatal, sizeof summary->fatal, "%s", st.fatal);
    return rc;
}
