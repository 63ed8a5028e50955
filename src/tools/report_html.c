/*
 * report_html.c — the roster report page: summary, money totals, the score
 * distribution, pay by component per group, counts of categorical and
 * yes/no outputs, the lowest-ranked, what-if deltas, errors, manifest.
 * Sums are exact (kh_num); doubles are used only for the lengths of bars.
 */
#include "report.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "html.h"
#include "manifest.h"
#include "present.h"
#include "svg.h"
#include "i18n.h"

#define MAX_BINS 20
#define LOWEST 10
#define MAX_DELTAS 30

static const char css[] =
    "body{font-family:\"Noto Sans CJK SC\",\"Source Han Sans SC\",\"PingFang SC\",\"Microsoft YaHei\",sans-serif;"
    "font-size:14px;line-height:1.5;color:#1d1d1f;background:#fff;max-width:1040px;margin:24px auto;padding:0 20px}"
    "h1{font-size:24px;margin:0 0 4px}h1+p{margin:0 0 16px;color:#555}"
    "h2{font-size:18px;margin:32px 0 8px;padding-bottom:4px;border-bottom:2px solid #4e79a7}"
    "h3{font-size:15px;margin:18px 0 6px}"
    ".cards{display:flex;flex-wrap:wrap;gap:10px}.card{border:1px solid #d8dde6;border-radius:6px;padding:8px 14px;"
    "min-width:120px;background:#f7f9fc}.card b{display:block;font-size:20px}.card span{color:#555;font-size:12px}"
    "table{border-collapse:collapse;margin:6px 0 10px}th,td{padding:4px 10px;border-bottom:1px solid #e2e6ee;"
    "text-align:left;vertical-align:top}th{background:#f0f3f8;font-weight:600}td.n,th.n{text-align:right;"
    "font-variant-numeric:tabular-nums;white-space:nowrap}td.neg{color:#c0392b}"
    ".grid{display:flex;flex-wrap:wrap;gap:8px 28px}.grid>div{flex:1 1 460px}"
    "svg{display:block;max-width:100%;height:auto;margin:4px 0 8px}svg text{font-family:inherit}"
    "p.note{color:#666;font-size:12px;margin:2px 0 8px}.none{color:#2e7d32}"
    "footer{margin-top:36px;padding-top:8px;border-top:1px solid #ccc;font-size:11px;color:#666;word-break:break-all}"
    "footer td{padding:1px 8px;border:none}"
    "@media print{body{max-width:none;margin:0}h2{break-after:avoid}svg,table{break-inside:avoid}}";

/* ---- small helpers ------------------------------------------------------ */

static const char *num_str(report *r, kh_num n, bool money)
{
    buf b = {0};
    present_num(&b, n, money, false);
    const char *s = arena_strdup(r->A, buf_text(&b));
    buf_free(&b);
    return s;
}

/* A mean for reading: rounded to 2 decimals (half away from zero). */
static const char *mean_str(report *r, kh_num total, size_t n, bool money)
{
    kh_num m, q;
    if (n == 0 || num_div(r->A, total, num_int((int64_t)n), &m) != NUM_OK ||
        num_round(r->A, m, 2, ROUND_HALF_UP, &q) != NUM_OK)
        return "-";
    return num_str(r, q, money);
}

static const char *signed_str(report *r, kh_num n, bool money)
{
    buf b = {0};
    present_num(&b, n, money, true);
    const char *s = arena_strdup(r->A, buf_text(&b));
    buf_free(&b);
    return s;
}

static void cell(buf *b, const char *tag, const char *cls, const char *text)
{
    buf_printf(b, "<%s%s%s%s>", tag, cls ? " class=\"" : "", cls ? cls : "", cls ? "\"" : "");
    html_text(b, text);
    buf_printf(b, "</%s>", tag);
}

static bool is_money(const plan *pl, int i) { return pl->def_syms[pl->outputs[i]]->type->kind == T_MONEY; }

static const char *out_label(const plan *pl, int i) { return present_label(pl, pl->outputs[i]); }

/* Exact sum of output i over the side's records (made in r's arena); false
 * past kaohe's bound (num.h). */
static bool total_of(report *r, const rep_side *s, int i, kh_num *sum, size_t *count, kh_num *lo, kh_num *hi)
{
    num_acc acc;
    num_acc_init(&acc);
    *count = 0;
    bool ok = true;
    for (size_t k = 0; k < s->n && ok; k++) {
        const rep_record *rr = &s->recs[k];
        if (!rr->has[i]) continue;
        ok = num_acc_add(&acc, rr->num[i]) == NUM_OK;
        if (lo && (*count == 0 || num_cmp(rr->num[i], *lo) < 0)) *lo = rr->num[i];
        if (hi && (*count == 0 || num_cmp(rr->num[i], *hi) > 0)) *hi = rr->num[i];
        (*count)++;
    }
    ok = ok && num_acc_value(&acc, r->A, sum) == NUM_OK;
    num_acc_free(&acc);
    return ok;
}

/* ---- sections -------------------------------------------------------------- */

static void summary(buf *b, report *r)
{
    const plan *pl = r->base.pl;
    const rep_side *s = &r->base;
    buf_puts(b, "<div class=\"cards\">\n");
    buf_printf(b, "<div class=\"card\"><b>%zu</b><span>记录 records</span></div>\n", s->st.records);
    buf_printf(b, "<div class=\"card\"><b>%zu</b><span>已计算 evaluated</span></div>\n", s->n);
    buf_printf(b, "<div class=\"card\"><b>%zu</b><span>错误 errors</span></div>\n", s->st.errors);
    buf_printf(b, "<div class=\"card\"><b>%d</b><span>检查未通过 checks failed</span></div>\n", s->st.checks_failed);
    if (r->pay_def >= 0) {
        kh_num sum;
        size_t n;
        if (total_of(r, s, r->pay_def, &sum, &n, NULL, NULL)) {
            buf_puts(b, "<div class=\"card\"><b>");
            html_text(b, num_str(r, sum, true));
            buf_puts(b, "</b><span>");
            html_text(b, out_label(pl, r->pay_def));
            buf_puts(b, "</span></div>\n");
        }
    }
    for (int i = 0; i < r->periods.n; i++) {
        buf_puts(b, "<div class=\"card\"><b>");
        html_text(b, r->periods.v[i]);
        buf_puts(b, "</b><span>");
        const field_spec *f = pl->prog->roster_by;
        html_text(b, f->label ? f->label : f->path);
        buf_puts(b, "</span></div>\n");
    }
    buf_puts(b, "</div>\n");
}

static void money_totals(buf *b, report *r)
{
    const plan *pl = r->base.pl;
    bool any = false;
    for (int i = 0; i < pl->noutputs; i++) any |= is_money(pl, i);
    if (!any) return;
    buf_puts(b, "<h2>金额合计 money totals</h2>\n<table>\n<tr><th>输出 output</th><th class=\"n\">合计 total</th>"
                "<th class=\"n\">人均 mean</th><th class=\"n\">最低 min</th><th class=\"n\">最高 max</th></tr>\n");
    svg_bar *bars = arena_zalloc(r->A, (size_t)(pl->noutputs + 1) * sizeof *bars);
    int nbars = 0;
    for (int i = 0; i < pl->noutputs; i++) {
        if (!is_money(pl, i)) continue;
        kh_num sum, lo = num_int(0), hi = num_int(0);
        size_t n;
        bool ok = total_of(r, &r->base, i, &sum, &n, &lo, &hi);
        buf_puts(b, "<tr>");
        cell(b, "td", NULL, out_label(pl, i));
        cell(b, "td", "n", ok ? num_str(r, sum, true) : _("overflow"));
        cell(b, "td", "n", ok ? mean_str(r, sum, n, true) : "-");
        cell(b, "td", "n", n ? num_str(r, lo, true) : "-");
        cell(b, "td", "n", n ? num_str(r, hi, true) : "-");
        buf_puts(b, "</tr>\n");
        if (ok && i != r->pay_def) bars[nbars++] = (svg_bar){out_label(pl, i), num_to_double(sum), num_str(r, sum, true), NULL};
    }
    buf_puts(b, "</table>\n");
    if (nbars) svg_hbars(b, bars, nbars, svg_color(0), "金额合计 money totals");
}

static void score_histogram(buf *b, report *r)
{
    if (r->score_def < 0) return;
    const plan *pl = r->base.pl;
    const rep_side *s = &r->base;
    int i = r->score_def;
    kh_num sum, lo = num_int(0), hi = num_int(0);
    size_t n;
    if (!total_of(r, s, i, &sum, &n, &lo, &hi) || n == 0) return;
    buf_puts(b, "<h2>");
    html_text(b, out_label(pl, i));
    buf_puts(b, " 分布 distribution</h2>\n<p class=\"note\">");
    buf_printf(b, "%zu 人 agents · 最低 min ", n);
    html_text(b, num_str(r, lo, false));
    buf_puts(b, " · 平均 mean ");
    html_text(b, mean_str(r, sum, n, false));
    buf_puts(b, " · 最高 max ");
    html_text(b, num_str(r, hi, false));
    buf_puts(b, "</p>\n");
    /* bins of whole points: [lo, lo + width), width chosen for at most MAX_BINS */
    double dlo = floor(num_to_double(lo)), dhi = floor(num_to_double(hi));
    long points = (long)(dhi - dlo) + 1, width = (points + MAX_BINS - 1) / MAX_BINS;
    if (width < 1) width = 1;
    int nbins = (int)((points + width - 1) / width);
    long *count = arena_zalloc(r->A, (size_t)nbins * sizeof *count);
    for (size_t k = 0; k < s->n; k++) {
        if (!s->recs[k].has[i]) continue;
        long bin = ((long)floor(num_to_double(s->recs[k].num[i])) - (long)dlo) / width;
        if (bin >= 0 && bin < nbins) count[bin]++;
    }
    svg_bar *bins = arena_zalloc(r->A, (size_t)nbins * sizeof *bins);
    for (int k = 0; k < nbins; k++) {
        long from = (long)dlo + k * width, to = from + width - 1;
        bins[k].label = arena_printf(r->A, "%ld", from); /* the tooltip has the range */
        bins[k].value = (double)count[k];
        bins[k].text = arena_printf(r->A, "%ld", count[k]);
        bins[k].tip = width == 1 ? bins[k].label : arena_printf(r->A, "%ld–%ld", from, to);
    }
    if (width > 1) buf_printf(b, "<p class=\"note\">每柱 %ld 分 each column covers %ld points, from the value under it</p>\n", width, width);
    svg_columns(b, bins, nbins, svg_color(0), out_label(pl, i));
}

static void pay_by_group(buf *b, report *r)
{
    if (r->pay_def < 0) return;
    const plan *pl = r->base.pl;
    const rep_side *s = &r->base;
    const pnode *ln = pl->ledgers[r->pay_ledger];
    const ast *decl = ln->src;
    int ne = ln->nkids / 2, ng = r->groups.n ? r->groups.n : 1;
    const char *by = r->by ? (r->by->label ? r->by->label : r->by->path) : NULL;
    buf_puts(b, "<h2>");
    html_text(b, out_label(pl, r->pay_def));
    buf_puts(b, " 构成 by component");
    if (by) {
        buf_puts(b, " · 按 per ");
        html_text(b, by);
    }
    buf_puts(b, "</h2>\n");
    /* exact totals per group and entry; the chart shows the mean per agent */
    kh_num *tot = arena_zalloc(r->A, (size_t)(ng * (ne + 1)) * sizeof *tot);
    for (int k = 0; k < ng * (ne + 1); k++) tot[k] = num_int(0); /* 0/1: a zeroed kh_num is not a number */
    size_t *agents = arena_zalloc(r->A, (size_t)ng * sizeof *agents);
    bool overflow = false;
    for (size_t k = 0; k < s->n; k++) {
        const rep_record *rr = &s->recs[k];
        if (!rr->entry) continue;
        int g = rr->group >= 0 ? rr->group : 0;
        agents[g]++;
        for (int e = 0; e < ne; e++)
            overflow |= num_add(r->A, tot[g * (ne + 1) + e], rr->entry[e], &tot[g * (ne + 1) + e]) != NUM_OK;
        if (rr->has[r->pay_def])
            overflow |= num_add(r->A, tot[g * (ne + 1) + ne], rr->num[r->pay_def], &tot[g * (ne + 1) + ne]) != NUM_OK;
    }
    if (overflow) {
        buf_puts(b, _("<p class=\"note\">the sums overflow</p>\n"));
        return;
    }
    /* groups in the order of the field's values when it is a one-of */
    int *order = arena_zalloc(r->A, (size_t)ng * sizeof *order), no = 0;
    bool *placed = arena_zalloc(r->A, (size_t)ng * sizeof *placed);
    if (r->by && r->by->type->kind == T_ENUM && r->groups.n)
        for (int v = 0; v < r->by->type->nvalues; v++) {
            int g = report_find(&r->groups, r->by->type->values[v]);
            if (g >= 0 && !placed[g]) {
                order[no++] = g;
                placed[g] = true;
            }
        }
    for (int g = 0; g < ng; g++)
        if (!placed[g]) order[no++] = g;
    const char **rows = arena_zalloc(r->A, (size_t)ng * sizeof *rows);
    const char **series = arena_zalloc(r->A, (size_t)(ne + 1) * sizeof *series);
    double *v = arena_zalloc(r->A, (size_t)(ng * ne + 1) * sizeof *v);
    const char **texts = arena_zalloc(r->A, (size_t)(ng * ne + 1) * sizeof *texts);
    for (int e = 0; e < ne; e++) series[e] = decl->list.v[e]->str;
    for (int k = 0; k < ng; k++) {
        int g = order[k];
        rows[k] = arena_printf(r->A, "%s (%zu)", r->groups.n ? r->groups.v[g] : "all", agents[g]);
        for (int e = 0; e < ne; e++) {
            kh_num m = num_int(0);
            if (agents[g]) num_div(r->A, tot[g * (ne + 1) + e], num_int((int64_t)agents[g]), &m);
            v[k * ne + e] = num_to_double(m);
            texts[k * ne + e] = mean_str(r, tot[g * (ne + 1) + e], agents[g], true);
        }
    }
    buf_puts(b, "<p class=\"note\">人均 mean per agent; the table has the exact totals</p>\n");
    svg_stacked(b, rows, ng, series, ne, v, texts, out_label(pl, r->pay_def));
    buf_puts(b, "<table>\n<tr><th>项目 line</th>");
    for (int k = 0; k < ng; k++) cell(b, "th", "n", rows[k]);
    buf_puts(b, "</tr>\n");
    for (int e = 0; e <= ne; e++) {
        buf_puts(b, e == ne ? "<tr><th>" : "<tr><td>");
        html_text(b, e == ne ? out_label(pl, r->pay_def) : series[e]);
        buf_puts(b, e == ne ? "</th>" : "</td>");
        for (int k = 0; k < ng; k++) {
            kh_num t = tot[order[k] * (ne + 1) + e];
            cell(b, "td", num_sign(t) < 0 ? "n neg" : "n", num_str(r, t, true));
        }
        buf_puts(b, "</tr>\n");
    }
    buf_puts(b, "<tr><td>人均 mean</td>");
    for (int k = 0; k < ng; k++) cell(b, "td", "n", mean_str(r, tot[order[k] * (ne + 1) + ne], agents[order[k]], true));
    buf_puts(b, "</tr>\n</table>\n");
}

static void counts(buf *b, report *r)
{
    const plan *pl = r->base.pl;
    const rep_side *s = &r->base;
    int ncat = 0, nbool = 0;
    for (int i = 0; i < pl->noutputs; i++) {
        tkind k = pl->def_syms[pl->outputs[i]]->type->kind;
        ncat += k == T_ENUM || k == T_TEXT;
        nbool += k == T_BOOL;
    }
    if (!ncat && !nbool) return;
    buf_puts(b, "<h2>分类计数 counts</h2>\n<div class=\"grid\">\n");
    for (int i = 0; i < pl->noutputs; i++) {
        const ktype *t = pl->def_syms[pl->outputs[i]]->type;
        if (t->kind != T_ENUM && t->kind != T_TEXT) continue;
        rep_names vals = {0};
        if (t->kind == T_ENUM)
            for (int v = 0; v < t->nvalues; v++) {
                value code = {.kind = VK_ENUM, .s = t->values[v]};
                const char *label = present_value_label(pl->prog, &code); /* as the records' values are shown */
                report_intern(r, &vals, label ? label : t->values[v]);
            }
        long *count = NULL;
        for (size_t k = 0; k < s->n; k++) {
            if (!s->recs[k].cat[i]) continue;
            int v = report_intern(r, &vals, s->recs[k].cat[i]);
            if (v >= 40) continue; /* free text: the first 40 values */
            if (!count) count = arena_zalloc(r->A, 40 * sizeof *count);
            count[v]++;
        }
        int nv = vals.n > 40 ? 40 : vals.n;
        svg_bar *bars = arena_zalloc(r->A, (size_t)(nv + 1) * sizeof *bars);
        for (int v = 0; v < nv; v++) {
            long c = count ? count[v] : 0;
            bars[v] = (svg_bar){vals.v[v], (double)c, arena_printf(r->A, "%ld", c), NULL};
        }
        buf_puts(b, "<div>\n<h3>");
        html_text(b, out_label(pl, i));
        buf_puts(b, "</h3>\n");
        svg_hbars(b, bars, nv, svg_color(i), out_label(pl, i));
        buf_puts(b, "</div>\n");
    }
    buf_puts(b, "</div>\n");
    if (!nbool) return;
    buf_puts(b, "<table>\n<tr><th>是否 yes/no</th><th class=\"n\">yes</th><th class=\"n\">no</th></tr>\n");
    for (int i = 0; i < pl->noutputs; i++) {
        if (pl->def_syms[pl->outputs[i]]->type->kind != T_BOOL) continue;
        long yes = 0, no = 0;
        for (size_t k = 0; k < s->n; k++)
            if (s->recs[k].cat[i]) {
                yes += strcmp(s->recs[k].cat[i], "yes") == 0;
                no += strcmp(s->recs[k].cat[i], "no") == 0;
            }
        buf_puts(b, "<tr>");
        cell(b, "td", NULL, out_label(pl, i));
        cell(b, "td", "n", arena_printf(r->A, "%ld", yes));
        cell(b, "td", "n", arena_printf(r->A, "%ld", no));
        buf_puts(b, "</tr>\n");
    }
    buf_puts(b, "</table>\n");
}

static int cmp_score(const void *pa, const void *pb, void *ud)
{
    int i = *(const int *)ud;
    const rep_record *a = *(const rep_record *const *)pa, *b = *(const rep_record *const *)pb;
    int c = num_cmp(a->num[i], b->num[i]);
    if (c) return c;
    return strcmp(a->id ? a->id : "", b->id ? b->id : "");
}

static void lowest(buf *b, report *r)
{
    if (r->score_def < 0) return;
    const plan *pl = r->base.pl;
    const rep_side *s = &r->base;
    int i = r->score_def;
    const rep_record **v = arena_zalloc(r->A, (s->n + 1) * sizeof *v);
    size_t n = 0;
    for (size_t k = 0; k < s->n; k++)
        if (s->recs[k].has[i]) v[n++] = &s->recs[k];
    qsort_r(v, n, sizeof *v, cmp_score, &i);
    /* notable flags: yes/no outputs that hold for fewer than half the roster */
    bool *rare = arena_zalloc(r->A, (size_t)pl->noutputs + 1);
    for (int o = 0; o < pl->noutputs; o++) {
        if (pl->def_syms[pl->outputs[o]]->type->kind != T_BOOL) continue;
        size_t yes = 0;
        for (size_t k = 0; k < s->n; k++) yes += s->recs[k].cat[o] && strcmp(s->recs[k].cat[o], "yes") == 0;
        rare[o] = 2 * yes < s->n;
    }
    buf_puts(b, "<h2>末位 lowest ");
    html_text(b, out_label(pl, i));
    buf_puts(b, "</h2>\n<table>\n<tr><th class=\"n\">#</th><th>id</th><th>姓名 name</th>");
    if (r->by) cell(b, "th", NULL, r->by->label ? r->by->label : r->by->path);
    cell(b, "th", "n", out_label(pl, i));
    buf_puts(b, "<th>标记 flags (held by fewer than half)</th></tr>\n");
    for (size_t k = 0; k < n && k < LOWEST; k++) {
        const rep_record *rr = v[k];
        buf_printf(b, "<tr><td class=\"n\">%zu</td>", k + 1);
        cell(b, "td", NULL, rr->id ? rr->id : "-");
        cell(b, "td", NULL, rr->name ? rr->name : "");
        if (r->by) cell(b, "td", NULL, rr->group >= 0 ? r->groups.v[rr->group] : "");
        cell(b, "td", "n", num_str(r, rr->num[i], false));
        buf_puts(b, "<td>");
        bool first = true;
        for (int o = 0; o < pl->noutputs; o++)
            if (rare[o] && rr->cat[o] && strcmp(rr->cat[o], "yes") == 0) {
                if (!first) buf_puts(b, " · ");
                html_text(b, out_label(pl, o));
                first = false;
            }
        buf_puts(b, "</td></tr>\n");
    }
    buf_puts(b, "</table>\n");
}

/* ---- what-if ------------------------------------------------------------------ */

static int cmp_id(const void *pa, const void *pb)
{
    const rep_record *a = pa, *b = pb;
    return strcmp(a->id ? a->id : "", b->id ? b->id : "");
}

static int out_index(const plan *pl, const char *name)
{
    for (int i = 0; i < pl->noutputs; i++)
        if (strcmp(pl->def_syms[pl->outputs[i]]->name, name) == 0) return i;
    return -1;
}

typedef struct delta {
    const char *id;
    kh_num d;
} delta;

static int cmp_delta(const void *pa, const void *pb)
{
    const delta *a = pa, *b = pb;
    int c = num_cmp(b->d, a->d);
    return c ? c : strcmp(a->id, b->id);
}

static int cmp_abs_delta(const void *pa, const void *pb)
{
    const delta *a = pa, *b = pb;
    int c = num_cmp_abs(b->d, a->d);
    return c ? c : strcmp(a->id, b->id);
}

static void whatif(buf *b, report *r)
{
    if (!r->has_alt) return;
    const plan *pl = r->base.pl, *apl = r->alt.pl;
    rep_side *alt = &r->alt;
    /* (no record evaluated on that side: recs is NULL, which qsort and
     * bsearch must not be given even with a count of 0) */
    if (alt->n > 1) qsort(alt->recs, alt->n, sizeof *alt->recs, cmp_id);
    buf_puts(b, "<h2>假设 what-if: ");
    html_text(b, r->alt_name);
    buf_puts(b, "</h2>\n<table>\n<tr><th>输出 output</th><th class=\"n\">现行 as is</th><th class=\"n\">假设 what-if</th>"
                "<th class=\"n\">差额 change</th></tr>\n");
    for (int i = 0; i < pl->noutputs; i++) {
        if (!is_money(pl, i)) continue;
        int j = out_index(apl, pl->def_syms[pl->outputs[i]]->name);
        if (j < 0 || apl->def_syms[apl->outputs[j]]->type->kind != T_MONEY) continue;
        kh_num s1, s2, d;
        size_t n1, n2;
        bool ok = total_of(r, &r->base, i, &s1, &n1, NULL, NULL) && total_of(r, alt, j, &s2, &n2, NULL, NULL) &&
                  num_sub(r->A, s2, s1, &d) == NUM_OK;
        buf_puts(b, "<tr>");
        cell(b, "td", NULL, out_label(pl, i));
        cell(b, "td", "n", ok ? num_str(r, s1, true) : _("overflow"));
        cell(b, "td", "n", ok ? num_str(r, s2, true) : _("overflow"));
        cell(b, "td", ok && num_sign(d) < 0 ? "n neg" : "n", ok ? signed_str(r, d, true) : "-");
        buf_puts(b, "</tr>\n");
    }
    buf_puts(b, "</table>\n");
    if (r->pay_def < 0) return;
    int j = out_index(apl, pl->def_syms[pl->outputs[r->pay_def]]->name);
    if (j < 0) return;
    delta *ds = arena_zalloc(r->A, (r->base.n + 1) * sizeof *ds);
    size_t nd = 0, up = 0, down = 0, same = 0, missing = 0;
    for (size_t k = 0; k < r->base.n; k++) {
        const rep_record *rr = &r->base.recs[k];
        if (!rr->id || !rr->has[r->pay_def]) continue;
        rep_record key = {.id = rr->id};
        const rep_record *other = alt->n ? bsearch(&key, alt->recs, alt->n, sizeof *alt->recs, cmp_id) : NULL;
        if (!other || !other->has[j]) {
            missing++;
            continue;
        }
        kh_num d;
        if (num_sub(r->A, other->num[j], rr->num[r->pay_def], &d) != NUM_OK) continue;
        if (num_is_zero(d)) {
            same++;
            continue;
        }
        if (num_sign(d) > 0) up++;
        else down++;
        ds[nd++] = (delta){rr->id, d};
    }
    buf_puts(b, "<p class=\"note\">");
    html_text(b, out_label(pl, r->pay_def));
    buf_printf(b, " by id: %zu 增 up · %zu 减 down · %zu 不变 unchanged · %zu 仅一方 on one side only</p>\n", up, down,
               same, missing);
    if (!nd) return;
    /* the largest changes, drawn from the largest increase to the largest decrease */
    qsort(ds, nd, sizeof *ds, cmp_abs_delta);
    if (nd > MAX_DELTAS) nd = MAX_DELTAS;
    qsort(ds, nd, sizeof *ds, cmp_delta);
    svg_bar *bars = arena_zalloc(r->A, nd * sizeof *bars);
    for (size_t k = 0; k < nd; k++) bars[k] = (svg_bar){ds[k].id, num_to_double(ds[k].d), signed_str(r, ds[k].d, true), NULL};
    svg_hbars(b, bars, (int)nd, svg_color(2), "what-if changes by id");
}

/* ---- errors and footer ----------------------------------------------------------- */

static void errors(buf *b, report *r)
{
    const rep_side *s = &r->base;
    buf_puts(b, "<h2>错误 errors</h2>\n");
    if (!s->nerr && !s->nchecks) {
        buf_puts(b, "<p class=\"none\">无 none: every record was evaluated and every roster check held.</p>\n");
        return;
    }
    if (s->nerr) {
        buf_puts(b, "<table>\n<tr><th class=\"n\">记录 record</th><th>id</th><th>原因 reason</th></tr>\n");
        for (size_t k = 0; k < s->nerr; k++) {
            buf_printf(b, "<tr><td class=\"n\">%zu</td>", s->errs[k].record);
            cell(b, "td", NULL, s->errs[k].id ? s->errs[k].id : "-");
            cell(b, "td", NULL, s->errs[k].message);
            buf_puts(b, "</tr>\n");
        }
        buf_puts(b, "</table>\n");
        if (r->may_change[0]) {
            buf_puts(b, "<p>出错记录改正后，其他记录的结果可能变化 once the records in error are fixed, "
                        "the other records' <b>");
            html_text(b, r->may_change);
            buf_puts(b, "</b> may change.</p>\n");
        }
    }
    for (int k = 0; k < s->nchecks; k++) {
        buf_puts(b, "<p>检查未通过 check failed: <b>");
        html_text(b, s->checks[k].label);
        buf_puts(b, "</b>");
        if (s->checks[k].roster[0]) {
            buf_puts(b, " (");
            html_text(b, s->checks[k].roster);
            buf_puts(b, ")");
        }
        if (s->checks[k].ids[0]) {
            buf_puts(b, ": ");
            html_text(b, s->checks[k].ids);
        }
        buf_puts(b, "</p>\n");
    }
}

static void footer_items(buf *b, kh_manifest *m, const char *side)
{
    manifest_item *it;
    int n = manifest_items(m, false, &it);
    for (int k = 0; k < n; k++) {
        if (side && strcmp(it[k].what, _("policy file")) != 0 && strcmp(it[k].what, _("param")) != 0) continue;
        buf_puts(b, "<tr>");
        cell(b, "td", NULL, side ? arena_printf(m->A, "%s %s", side, it[k].what) : it[k].what);
        cell(b, "td", NULL, it[k].which);
        cell(b, "td", NULL, it[k].value);
        buf_puts(b, "</tr>\n");
    }
}

void report_render(buf *b, report *r)
{
    const plan *pl = r->base.pl;
    const char *title = pl->prog->title ? pl->prog->title : "kaohe";
    buf_puts(b, "<!DOCTYPE html>\n<html lang=\"zh-CN\">\n<head>\n<meta charset=\"utf-8\">\n"
                "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<title>考核报告 roster report · ");
    html_text(b, title);
    buf_printf(b, "</title>\n<style>%s</style>\n</head>\n<body>\n<h1>考核报告 roster report</h1>\n<p>", css);
    html_text(b, title);
    buf_puts(b, " · ");
    html_text(b, r->m->input);
    buf_puts(b, "</p>\n");
    summary(b, r);
    money_totals(b, r);
    score_histogram(b, r);
    pay_by_group(b, r);
    counts(b, r);
    lowest(b, r);
    whatif(b, r);
    errors(b, r);
    buf_puts(b, "<footer>\n<table>\n");
    footer_items(b, r->m, NULL);
    if (r->alt_m) footer_items(b, r->alt_m, "what-if");
    buf_puts(b, "</table>\n</footer>\n</body>\n</html>\n");
}
