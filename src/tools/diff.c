/*
 * diff.c — what-if: one input evaluated under two policies, compared
 * record by record, with a summary of what the change costs and who it hits.
 *
 * Both policies run over one read of the input through the driver eval
 * uses (run_eval_pair): a record's two results are compared as they come,
 * in input order, and forgotten — in bounded memory when neither policy
 * has roster functions, else in the memory of the rosters' stores (one,
 * when every roster value is the same on both sides: a --set that no
 * roster function reads).  What the two sides work out alike is worked out
 * once (run.h).
 */
#include <stdlib.h>
#include <string.h>

#include "jsonin.h"
#include "notes.h"
#include "eval_output.h"
#include "kaohe_tools.h"
#include "policy.h"
#include "outcome.h"
#include "prior.h"
#include "run.h"
#include "termtext.h"
#include "mem.h"
#include "i18n.h"

#define MAX_TOP 50

/* An output present in both policies. */
typedef struct out_pair {
    const char *name;
    int oi, ni;               /* output positions in the old / new plan */
    const ktype *ot, *nt;
    bool money, categorical;
    const pnode *old_ledger, *new_ledger; /* when the output is a ledger */
    long changed;
    num_acc old_acc, new_acc; /* money: totals over records valid on both sides */
    kh_num old_sum, new_sum;  /* the totals, once all are in */
    kh_num delta;             /* new_sum - old_sum */
    bool overflow;            /* a total is past kaohe's bound (num.h) */
    int nup, ndown;           /* largest increases / decreases */
    kh_num up[MAX_TOP], down[MAX_TOP];
    char *up_id[MAX_TOP], *down_id[MAX_TOP];
} out_pair;

typedef struct transition {
    int pair;
    char *from, *to;
    long count;
} transition;

typedef struct differ {
    const kh_policy *op, *np;
    const kh_diff_options *o;
    int top;
    out_pair *pairs;
    int npairs;
    transition *trans;
    int ntrans, cap_trans;
    FILE *f;
    buf b;
    bool failed;
    long records, changed, old_errors, new_errors, became_errors, recovered;
    int checks_failed;    /* the new side's roster checks */
    int old_checks_failed; /* the old side's */
    bool first_record;
    value *vals[2];               /* [npairs] one record's outputs: old, new side */
    const ledger_result **ledgers[2]; /* [npairs] and its ledgers */
    arena *A;                     /* numbers of the summary */
    const char *input_name;
    buf check_notes;              /* the roster checks that failed, a warning
                                     line each, old side's first */
} differ;

/* ---- output helpers --------------------------------------------------- */

static void flush(differ *d)
{
    if (d->b.len && fwrite(d->b.data, 1, d->b.len, d->f) != d->b.len) d->failed = true;
    d->b.len = 0;
}

static void put_value(buf *b, const value *v, const ktype *t)
{
    if (v->kind == VK_TEXT || v->kind == VK_ENUM) buf_put(b, v->s, value_text_len(v));
    else write_json_value(b, v, t);
}

static void put_num(buf *b, kh_num n, bool money, bool sign)
{
    if (sign && num_sign(n) >= 0) buf_putc(b, '+');
    num_write(b, n, money ? 2 : 0);
}

/* A value as a CSV cell: numbers and yes/no as they are, nothing for none,
 * text (and dates, lists...) as a cell. */
static void csv_value(buf *b, const value *v, const ktype *t)
{
    if (v->kind == VK_NONE) return;
    buf cell = {0};
    put_value(&cell, v, t);
    const char *s = cell.data ? cell.data : "";
    size_t n = cell.len;
    if (v->kind != VK_TEXT && v->kind != VK_ENUM && n >= 2 && s[0] == '"') { /* a date: its JSON string, unquoted */
        s++;
        n -= 2;
    }
    if (v->kind == VK_NUM || v->kind == VK_BOOL) buf_put(b, s, n);
    else writer_csv_cell(b, s, n, false);
    buf_free(&cell);
}

/* s padded with spaces to `width` terminal columns (CJK counts 2), made
 * safe for a terminal (text output). */
static void put_padded(buf *b, const char *s, int width)
{
    size_t from = b->len;
    term_texts(b, s);
    for (int w = utf8_display_width(b->data + from, b->len - from); w < width; w++) buf_putc(b, ' ');
}

/* A value in the text output: text from the data made safe for a terminal. */
static void put_value_text(buf *b, const value *v, const ktype *t)
{
    buf raw = {0};
    put_value(&raw, v, t);
    if (raw.data) term_text(b, raw.data, raw.len);
    buf_free(&raw);
}

static char *text_of(const value *v, const ktype *t)
{
    buf b = {0};
    put_value(&b, v, t);
    char *s = mem_strdup(b.data ? b.data : "");
    buf_free(&b);
    return s;
}

/* ---- pairing outputs --------------------------------------------------- */

static bool is_categorical(const ktype *t) { return t->kind == T_BOOL || t->kind == T_TEXT || t->kind == T_ENUM; }

static void pair_outputs(differ *d)
{
    const plan *po = d->op->plan, *pn = d->np->plan;
    d->pairs = mem_calloc((size_t)(pn->noutputs + 1), sizeof *d->pairs);
    for (int ni = 0; ni < pn->noutputs; ni++) {
        const symbol *ns = pn->def_syms[pn->outputs[ni]];
        for (int oi = 0; oi < po->noutputs; oi++) {
            const symbol *os = po->def_syms[po->outputs[oi]];
            if (strcmp(os->name, ns->name) != 0) continue;
            out_pair *p = &d->pairs[d->npairs++];
            p->name = ns->name;
            p->oi = oi;
            p->ni = ni;
            p->ot = os->type;
            p->nt = ns->type;
            p->money = os->type->kind == T_MONEY && ns->type->kind == T_MONEY;
            p->categorical = is_categorical(os->type) && is_categorical(ns->type);
            const pnode *ol = po->defs[po->outputs[oi]], *nl = pn->defs[pn->outputs[ni]];
            p->old_ledger = ol->op == P_LEDGER ? ol : NULL;
            p->new_ledger = nl->op == P_LEDGER ? nl : NULL;
            num_acc_init(&p->old_acc);
            num_acc_init(&p->new_acc);
            p->old_sum = p->new_sum = p->delta = num_int(0);
            break;
        }
    }
}

/* ---- accumulating the summary ------------------------------------------- */

/* A record without an id (a policy without a key) is named by its number. */
static void note_top(arena *A, kh_num *vals, char **ids, int *n, int cap, kh_num delta, const char *id, size_t index,
                     bool larger_first)
{
    int pos = *n;
    while (pos > 0) {
        int c = num_cmp(delta, vals[pos - 1]);
        if (larger_first ? c <= 0 : c >= 0) break;
        pos--;
    }
    if (pos >= cap) return;
    if (*n == cap) mem_free(ids[cap - 1]);
    else (*n)++;
    for (int i = *n - 1; i > pos; i--) {
        vals[i] = vals[i - 1];
        ids[i] = ids[i - 1];
    }
    vals[pos] = num_keep(A, delta);
    char name[32];
    snprintf(name, sizeof name, _("record %zu"), index + 1);
    ids[pos] = mem_strdup(id ? id : name);
}

static void note_transition(differ *d, int pair, const value *ov, const value *nv)
{
    char *from = text_of(ov, d->pairs[pair].ot), *to = text_of(nv, d->pairs[pair].nt);
    for (int i = 0; i < d->ntrans; i++) {
        transition *t = &d->trans[i];
        if (t->pair == pair && strcmp(t->from, from) == 0 && strcmp(t->to, to) == 0) {
            t->count++;
            mem_free(from);
            mem_free(to);
            return;
        }
    }
    if (d->ntrans == d->cap_trans) {
        d->cap_trans = d->cap_trans ? d->cap_trans * 2 : 16;
        d->trans = mem_realloc(d->trans, (size_t)d->cap_trans * sizeof *d->trans);
    }
    d->trans[d->ntrans++] = (transition){pair, from, to, 1};
}

/* ---- one record ----------------------------------------------------------- */

static void record_open(differ *d, size_t index, const char *id, bool *opened)
{
    if (*opened) return;
    *opened = true;
    buf *b = &d->b;
    if (d->o->summary_only) return;
    if (d->o->format == KH_DIFF_JSON) {
        buf_puts(b, d->first_record ? "\n" : ",\n");
        d->first_record = false;
        buf_puts(b, "{\"id\":");
        if (id) write_json_string(b, id, strlen(id));
        else buf_puts(b, "null");
        buf_printf(b, ",\"record\":%zu,\"changes\":[", index + 1);
    } else if (d->o->format == KH_DIFF_TEXT) {
        buf_puts(b, d->o->color ? "\033[1m" : "");
        term_texts(b, id ? id : "(no id)");
        buf_printf(b, _("%s  (record %zu)\n"), d->o->color ? "\033[0m" : "", index + 1);
    }
}

static void record_close(differ *d, bool opened)
{
    if (!opened || d->o->summary_only) return;
    if (d->o->format == KH_DIFF_JSON) buf_puts(&d->b, "]}");
    if (d->b.len > 1 << 16) flush(d);
}

static void emit_change(differ *d, const char *id, const char *name, const char *label, const value *ov, const ktype *ot,
                        const value *nv, const ktype *nt, bool first)
{
    buf *b = &d->b;
    bool numeric = ov && nv && ov->kind == VK_NUM && nv->kind == VK_NUM;
    bool money = (ot && ot->kind == T_MONEY) || (nt && nt->kind == T_MONEY);
    kh_num delta = num_int(0);
    bool have_delta = numeric && num_sub(d->A, nv->n, ov->n, &delta) == NUM_OK;
    if (d->o->summary_only) return;
    switch (d->o->format) {
    case KH_DIFF_JSON:
        if (!first) buf_putc(b, ',');
        buf_puts(b, "{\"output\":");
        write_json_string(b, name, strlen(name));
        if (label) {
            buf_puts(b, ",\"entry\":");
            write_json_string(b, label, strlen(label));
        }
        buf_puts(b, ",\"old\":");
        if (ov) write_json_value(b, ov, ot);
        else buf_puts(b, "null");
        buf_puts(b, ",\"new\":");
        if (nv) write_json_value(b, nv, nt);
        else buf_puts(b, "null");
        if (have_delta) {
            buf_puts(b, ",\"delta\":");
            put_num(b, delta, money, false);
        }
        buf_putc(b, '}');
        break;
    case KH_DIFF_CSV: {
        if (id) writer_csv_cell(b, id, strlen(id), false);
        buf_printf(b, ",%s,", name);
        if (label) writer_csv_cell(b, label, strlen(label), true); /* quoted: labels may hold commas */
        buf_putc(b, ',');
        if (ov) csv_value(b, ov, ot);
        buf_putc(b, ',');
        if (nv) csv_value(b, nv, nt);
        buf_putc(b, ',');
        if (have_delta) put_num(b, delta, money, true);
        buf_puts(b, "\r\n");
        break;
    }
    default:
        buf_puts(b, label ? "      " : "  ");
        put_padded(b, label ? label : name, label ? 40 : 22);
        buf_putc(b, ' ');
        if (ov) put_value_text(b, ov, ot);
        else buf_puts(b, _("(none)"));
        buf_puts(b, " → ");
        if (nv) put_value_text(b, nv, nt);
        else buf_puts(b, _("(none)"));
        if (have_delta) {
            buf_puts(b, "   (");
            put_num(b, delta, money, true);
            buf_putc(b, ')');
        }
        buf_putc(b, '\n');
        break;
    }
}

/* Ledger entries whose amount changed, matched by label. */
static int ledger_changes(differ *d, const char *id, const out_pair *p, const ledger_result *ol, const ledger_result *nl,
                          int emitted)
{
    if (!ol || !nl || !p->old_ledger || !p->new_ledger) return emitted;
    const ast *oa = p->old_ledger->src, *na = p->new_ledger->src;
    bool money = p->money;
    const ktype *t = money ? &type_money : &type_dec;
    for (int i = 0; i < nl->n; i++) {
        const char *label = na->list.v[i]->str;
        int k = -1;
        for (int j = 0; j < ol->n && k < 0; j++)
            if (strcmp(oa->list.v[j]->str, label) == 0) k = j;
        value nv = value_num(nl->items[i].amount);
        if (k < 0) {
            if (nl->items[i].applied) emit_change(d, id, p->name, label, NULL, t, &nv, t, emitted++ == 0);
            continue;
        }
        value ov = value_num(ol->items[k].amount);
        if (!num_eq(ov.n, nv.n)) emit_change(d, id, p->name, label, &ov, t, &nv, t, emitted++ == 0);
    }
    for (int j = 0; j < ol->n; j++) {
        const char *label = oa->list.v[j]->str;
        bool found = false;
        for (int i = 0; i < nl->n && !found; i++) found = strcmp(na->list.v[i]->str, label) == 0;
        if (!found && ol->items[j].applied) {
            value ov = value_num(ol->items[j].amount);
            emit_change(d, id, p->name, label, &ov, t, NULL, t, emitted++ == 0);
        }
    }
    return emitted;
}

static void compare_record(differ *d, size_t index, const char *id, const char *old_err, const value *ov,
                           const ledger_result *const *ol, const char *new_err, const value *nv, const ledger_result *const *nl)
{
    d->records++;
    bool opened = false;
    if (old_err) d->old_errors++;
    if (new_err) d->new_errors++;
    if (old_err || new_err) {
        if ((old_err != NULL) != (new_err != NULL)) {
            if (new_err) d->became_errors++;
            else d->recovered++;
            d->changed++;
            record_open(d, index, id, &opened);
            value a = value_text(old_err ? old_err : "evaluated", (uint32_t)strlen(old_err ? old_err : "evaluated"));
            value b = value_text(new_err ? new_err : "evaluated", (uint32_t)strlen(new_err ? new_err : "evaluated"));
            emit_change(d, id, "error", NULL, &a, NULL, &b, NULL, true);
            record_close(d, opened);
        }
        return;
    }
    int emitted = 0;
    for (int i = 0; i < d->npairs; i++) {
        out_pair *p = &d->pairs[i];
        const value *a = &ov[i], *b = &nv[i];
        if (p->money && a->kind == VK_NUM && b->kind == VK_NUM) {
            if (num_acc_add(&p->old_acc, a->n) != NUM_OK || num_acc_add(&p->new_acc, b->n) != NUM_OK) p->overflow = true;
        }
        if (value_equal(a, b) && value_compare(a, b) == 0) continue;
        p->changed++;
        record_open(d, index, id, &opened);
        emit_change(d, id, p->name, NULL, a, p->ot, b, p->nt, emitted++ == 0);
        emitted = ledger_changes(d, id, p, ol[i], nl[i], emitted);
        if (p->money && a->kind == VK_NUM && b->kind == VK_NUM) {
            kh_num delta;
            if (num_sub(d->A, b->n, a->n, &delta) == NUM_OK) {
                if (num_sign(delta) > 0) note_top(d->A, p->up, p->up_id, &p->nup, d->top, delta, id, index, true);
                if (num_sign(delta) < 0) note_top(d->A, p->down, p->down_id, &p->ndown, d->top, delta, id, index, false);
            }
        }
        if (p->categorical) note_transition(d, i, a, b);
    }
    if (opened) d->changed++;
    record_close(d, opened);
}

/* ---- one side of a record: its outputs and ledgers that both policies have -- */

static void gather(const plan *pl, const out_pair *pairs, int npairs, bool new_side, const value *outs, const evalctx *ctx,
                   value *vals, const ledger_result **ledgers)
{
    for (int i = 0; i < npairs; i++) {
        int k = new_side ? pairs[i].ni : pairs[i].oi;
        vals[i] = outs[k];
        const pnode *n = pl->defs[pl->outputs[k]];
        ledgers[i] = n->op == P_LEDGER && ctx && ctx->ledgers ? ctx->ledgers[n->index] : NULL;
    }
}

/* ---- both policies over one read of the input (run.h's pair run) ------- */

static void compare_pair(void *ud, size_t index, const side_result *old_side, const side_result *new_side)
{
    differ *d = ud;
    value *vo = d->vals[0], *vn = d->vals[1];
    const ledger_result **lo = d->ledgers[0], **ln = d->ledgers[1];
    if (old_side->outputs) gather(d->op->plan, d->pairs, d->npairs, false, old_side->outputs, old_side->ctx, vo, lo);
    if (new_side->outputs) gather(d->np->plan, d->pairs, d->npairs, true, new_side->outputs, new_side->ctx, vn, ln);
    compare_record(d, index, new_side->id, old_side->error, vo, lo, new_side->error, vn, ln);
}

/* The ids of a failed check's records a note names at the most. */
#define CHECK_IDS_SHOWN 10

typedef struct side_of_run {
    differ *d;
    bool new_side;
} side_of_run;

/* A roster check that failed on one side: a warning line, as eval says it
 * (which check, which roster, the records involved), naming the side. */
static void check_failed(void *ud, const char *label, const char *roster, const char *const *ids, int nids)
{
    const side_of_run *s = ud;
    differ *d = s->d;
    buf *b = &d->check_notes;
    const char *name = s->new_side ? d->o->new_name : d->o->old_name;
    if (s->new_side)
        buf_printf(b, _("warning: %s: under %s (the new side) the roster check \"%s\" failed"), d->input_name,
                   name ? name : _("the new policy"), label);
    else
        buf_printf(b, _("warning: %s: under %s (the old side) the roster check \"%s\" failed"), d->input_name,
                   name ? name : _("the old policy"), label);
    if (roster && roster[0]) buf_printf(b, _(" (roster %s)"), roster);
    for (int i = 0; i < nids && i < CHECK_IDS_SHOWN; i++) buf_printf(b, "%s%s", i ? ", " : _("; records involved: "), ids[i]);
    if (nids > CHECK_IDS_SHOWN) buf_printf(b, _(" and %d more"), nids - CHECK_IDS_SHOWN);
    buf_putc(b, '\n');
}

/* Runs both sides over input; notes: the members no field is called. */
static int diff_run(differ *d, FILE *input, const char *name, prior_map **prior, char *fatal, size_t cap, char *notes,
                    size_t notes_cap)
{
    side_of_run old_side = {d, false}, new_side = {d, true};
    run_hooks old_hooks = {.ud = &old_side, .check_failed = check_failed, .read_ud = prior[0],
                           .read = prior[0] ? prior_read : NULL};
    run_hooks new_hooks = {.ud = &new_side, .check_failed = check_failed, .read_ud = prior[1],
                           .read = prior[1] ? prior_read : NULL};
    for (int side = 0; side < 2; side++) {
        d->vals[side] = mem_alloc((size_t)(d->npairs + 1) * sizeof(value));
        d->ledgers[side] = mem_calloc((size_t)(d->npairs + 1), sizeof(ledger_result *));
    }
    pair_sink sink = {d, compare_pair, false};
    run_stats old_st, new_st;
    jsonin *in = jsonin_open_stream(input, name);
    int rc = run_eval_pair(d->op->plan, d->op->params, &old_hooks, d->np->plan, d->np->params, &new_hooks, in, &sink,
                           &old_st, &new_st);
    jsonin_close(in);
    d->checks_failed = new_st.checks_failed;
    d->old_checks_failed = old_st.checks_failed;
    /* (read by one side, or by both alike) */
    unknown_members_notes(new_st.unknown.n || new_st.unknown.others ? &new_st.unknown : &old_st.unknown, name, notes,
                          notes_cap);
    if (rc == KH_IO_ERROR) {
        snprintf(fatal, cap, "%s", new_st.fatal);
        return rc;
    }
    return 0;
}

/* ---- the summary ------------------------------------------------------- */

static void put_percent(arena *A, buf *b, kh_num delta, kh_num base)
{
    kh_num r;
    if (num_is_zero(base) || num_div(A, delta, base, &r) != NUM_OK || num_mul(A, r, num_int(100), &r) != NUM_OK ||
        num_round(A, r, 2, ROUND_HALF_UP, &r) != NUM_OK)
        return;
    buf_puts(b, " (");
    put_num(b, r, true, true);
    buf_puts(b, "%)");
}

/* The totals and their change, or overflow past kaohe's bound. */
static void settle_totals(differ *d)
{
    for (int i = 0; i < d->npairs; i++) {
        out_pair *p = &d->pairs[i];
        if (!p->money || p->overflow) continue;
        if (num_acc_value(&p->old_acc, d->A, &p->old_sum) != NUM_OK || num_acc_value(&p->new_acc, d->A, &p->new_sum) != NUM_OK ||
            num_sub(d->A, p->new_sum, p->old_sum, &p->delta) != NUM_OK)
            p->overflow = true;
    }
}

static void summary_text(differ *d)
{
    buf *b = &d->b;
    const char *bold = d->o->color ? "\033[1m" : "", *reset = d->o->color ? "\033[0m" : "";
    buf_printf(b, _("%ssummary%s: "), bold, reset);
    term_texts(b, d->o->old_name ? d->o->old_name : "old");
    buf_puts(b, " → ");
    term_texts(b, d->o->new_name ? d->o->new_name : "new");
    buf_putc(b, '\n');
    buf_printf(b, _("  records: %ld, changed: %ld, errors: %ld → %ld\n"), d->records, d->changed, d->old_errors, d->new_errors);
    bool any_money = false;
    for (int i = 0; i < d->npairs; i++) any_money |= d->pairs[i].money;
    if (any_money) {
        buf_printf(b, _("  %-22s %16s %16s %16s\n"), _("money output"), _("old total"), _("new total"), _("change"));
        for (int i = 0; i < d->npairs; i++) {
            out_pair *p = &d->pairs[i];
            if (!p->money) continue;
            if (p->overflow) {
                buf_printf(b, _("  %-22s (the totals overflow)\n"), p->name);
                continue;
            }
            buf t = {0};
            put_num(&t, p->old_sum, true, false);
            buf_printf(b, "  %-22s %16s", p->name, t.data);
            t.len = 0;
            put_num(&t, p->new_sum, true, false);
            buf_printf(b, " %16s", t.data);
            t.len = 0;
            put_num(&t, p->delta, true, true);
            buf_printf(b, " %16s", t.data);
            buf_free(&t);
            put_percent(d->A, b, p->delta, p->old_sum);
            buf_putc(b, '\n');
        }
    }
    bool header = false;
    for (int i = 0; i < d->npairs; i++) {
        if (!d->pairs[i].changed) continue;
        if (!header) buf_puts(b, _("  changed outputs:"));
        buf_printf(b, "%s %s %ld", header ? "," : "", d->pairs[i].name, d->pairs[i].changed);
        header = true;
    }
    if (header) buf_putc(b, '\n');
    for (int i = 0; i < d->npairs; i++) {
        out_pair *p = &d->pairs[i];
        if (p->nup) {
            buf_printf(b, _("  largest increases of %s:"), p->name);
            for (int k = 0; k < p->nup; k++) {
                buf_puts(b, k ? ", " : " ");
                term_texts(b, p->up_id[k]);
                buf_putc(b, ' ');
                put_num(b, p->up[k], p->money, true);
            }
            buf_putc(b, '\n');
        }
        if (p->ndown) {
            buf_printf(b, _("  largest decreases of %s:"), p->name);
            for (int k = 0; k < p->ndown; k++) {
                buf_puts(b, k ? ", " : " ");
                term_texts(b, p->down_id[k]);
                buf_putc(b, ' ');
                put_num(b, p->down[k], p->money, true);
            }
            buf_putc(b, '\n');
        }
    }
    for (int i = 0; i < d->ntrans; i++) {
        transition *t = &d->trans[i];
        buf_printf(b, "  %s ", d->pairs[t->pair].name);
        term_texts(b, t->from);
        buf_puts(b, " → ");
        term_texts(b, t->to);
        buf_printf(b, ": %ld\n", t->count);
    }
}

static void summary_json(differ *d)
{
    buf *b = &d->b;
    buf_printf(b, "%s],\"summary\":{\"records\":%ld,\"changed\":%ld,\"old_errors\":%ld,\"new_errors\":%ld,\"money\":[",
               d->first_record ? "" : "\n", d->records, d->changed, d->old_errors, d->new_errors);
    bool first = true;
    for (int i = 0; i < d->npairs; i++) {
        out_pair *p = &d->pairs[i];
        if (!p->money) continue;
        buf_printf(b, "%s{\"output\":", first ? "" : ",");
        first = false;
        write_json_string(b, p->name, strlen(p->name));
        if (p->overflow) { /* said, not left out: the totals do not fit */
            buf_puts(b, ",\"overflow\":true}");
            continue;
        }
        buf_puts(b, ",\"old_total\":");
        put_num(b, p->old_sum, true, false);
        buf_puts(b, ",\"new_total\":");
        put_num(b, p->new_sum, true, false);
        buf_puts(b, ",\"delta\":");
        put_num(b, p->delta, true, false);
        buf_puts(b, ",\"largest_increases\":[");
        for (int k = 0; k < p->nup; k++) {
            buf_printf(b, "%s{\"id\":", k ? "," : "");
            write_json_string(b, p->up_id[k], strlen(p->up_id[k]));
            buf_puts(b, ",\"delta\":");
            put_num(b, p->up[k], true, false);
            buf_putc(b, '}');
        }
        buf_puts(b, "],\"largest_decreases\":[");
        for (int k = 0; k < p->ndown; k++) {
            buf_printf(b, "%s{\"id\":", k ? "," : "");
            write_json_string(b, p->down_id[k], strlen(p->down_id[k]));
            buf_puts(b, ",\"delta\":");
            put_num(b, p->down[k], true, false);
            buf_putc(b, '}');
        }
        buf_puts(b, "]}");
    }
    buf_puts(b, "],\"changed_outputs\":{");
    first = true;
    for (int i = 0; i < d->npairs; i++) {
        if (!d->pairs[i].changed) continue;
        if (!first) buf_putc(b, ',');
        first = false;
        write_json_string(b, d->pairs[i].name, strlen(d->pairs[i].name));
        buf_printf(b, ":%ld", d->pairs[i].changed);
    }
    buf_puts(b, "},\"transitions\":[");
    for (int i = 0; i < d->ntrans; i++) {
        transition *t = &d->trans[i];
        buf_printf(b, "%s{\"output\":", i ? "," : "");
        write_json_string(b, d->pairs[t->pair].name, strlen(d->pairs[t->pair].name));
        buf_puts(b, ",\"from\":");
        write_json_string(b, t->from, strlen(t->from));
        buf_puts(b, ",\"to\":");
        write_json_string(b, t->to, strlen(t->to));
        buf_printf(b, ",\"count\":%ld}", t->count);
    }
    buf_puts(b, "]}}\n");
}

static void differ_free(differ *d)
{
    for (int i = 0; i < d->npairs; i++) {
        num_acc_free(&d->pairs[i].old_acc);
        num_acc_free(&d->pairs[i].new_acc);
        for (int k = 0; k < d->pairs[i].nup; k++) mem_free(d->pairs[i].up_id[k]);
        for (int k = 0; k < d->pairs[i].ndown; k++) mem_free(d->pairs[i].down_id[k]);
    }
    for (int i = 0; i < d->ntrans; i++) {
        mem_free(d->trans[i].from);
        mem_free(d->trans[i].to);
    }
    mem_free(d->trans);
    mem_free(d->pairs);
    for (int side = 0; side < 2; side++) {
        mem_free(d->vals[side]);
        mem_free(d->ledgers[side]);
    }
    arena_free(d->A);
    buf_free(&d->b);
    buf_free(&d->check_notes);
}

/* The summary line counts the new side; when the old side refused other
 * counts, they are said in a note of their own (the exit status counts
 * both sides). */
static void old_side_note(const differ *d, const char *input, char *notes, size_t cap)
{
    if (d->old_errors == d->new_errors && d->old_checks_failed == d->checks_failed) return;
    const char *old_name = d->o->old_name ? d->o->old_name : _("the old policy");
    notes_printf(notes, cap, _("note: %s: under %s (the old side) %ld record%s refused and %d roster check%s failed\n"),
             input, old_name, d->old_errors, d->old_errors == 1 ? "" : "s", d->old_checks_failed,
             d->old_checks_failed == 1 ? "" : "s");
}

/* The failed checks' lines after the notes, as many whole lines as fit,
 * then how many were left out. */
static void checks_note(const differ *d, char *notes, size_t cap)
{
    if (!d->check_notes.len) return;
    const char *p = d->check_notes.data, *end = p + d->check_notes.len;
    int left = 0;
    for (const char *nl; p < end; p = nl + 1) { /* each line ends in '\n' (check_failed) */
        nl = strchr(p, '\n');
        if (left || !notes_add(notes, cap, 64, p, (size_t)(nl + 1 - p))) left++; /* room kept for the count */
    }
    if (left)
        notes_printf(notes, cap, _("warning: %s: and %d more roster check%s failed\n"), d->input_name, left,
                     left == 1 ? "" : "s");
}

static int diff_policies(void *arg);

int kh_diff(const kh_policy *old_p, const kh_policy *new_p, FILE *input, const char *input_name, FILE *out,
            const kh_diff_options *o, kh_eval_summary *summary)
{
    tool_call c = {new_p, old_p, input, out, input_name, o, summary};
    return tool_call_guarded(diff_policies, &c, NULL);
}

static int diff_policies(void *arg)
{
    const tool_call *c = arg;
    const kh_policy *old_p = c->old_p, *new_p = c->p;
    const kh_diff_options *o = c->o;
    FILE *input = c->input, *out = c->out;
    const char *input_name = c->input_name;
    kh_eval_summary *summary = c->summary;
    memset(summary, 0, sizeof *summary);
    differ d;
    memset(&d, 0, sizeof d);
    d.op = old_p;
    d.np = new_p;
    d.o = o;
    d.f = out;
    d.top = o->top > 0 ? (o->top < MAX_TOP ? o->top : MAX_TOP) : 5;
    d.first_record = true;
    d.A = arena_new(1 << 20);
    d.input_name = input_name;
    pair_outputs(&d);
    /* each side chains as its own policy says (a side that does not chain
     * reads no prior) */
    prior_map *prior[2] = {NULL, NULL};
    if (o->prior_path) {
        prior[1] = prior_load(new_p, o->prior_path, summary->fatal, sizeof summary->fatal);
        if (prior[1] && old_p->prog->chain_field)
            prior[0] = prior_load(old_p, o->prior_path, summary->fatal, sizeof summary->fatal);
        if (!prior[1] || (old_p->prog->chain_field && !prior[0])) {
            prior_free(prior[0]);
            prior_free(prior[1]);
            differ_free(&d);
            return KH_IO_ERROR;
        }
    }
    if (o->format == KH_DIFF_JSON) buf_puts(&d.b, "{\"records\":[");
    if (o->format == KH_DIFF_CSV) buf_puts(&d.b, "\xEF\xBB\xBFid,output,entry,old,new,delta\r\n");
    char unknown[sizeof summary->notes] = "";
    int rc = diff_run(&d, input, input_name, prior, summary->fatal, sizeof summary->fatal, unknown, sizeof unknown);
    if (prior[1]) prior_notes(prior[1], summary->notes, sizeof summary->notes);
    notes_printf(summary->notes, sizeof summary->notes, "%s", unknown);
    prior_free(prior[0]);
    prior_free(prior[1]);
    if (rc == KH_IO_ERROR) {
        differ_free(&d);
        return rc;
    }
    settle_totals(&d);
    if (o->format == KH_DIFF_TEXT) {
        if (d.changed && !o->summary_only) buf_putc(&d.b, '\n');
        summary_text(&d);
    } else if (o->format == KH_DIFF_JSON) {
        summary_json(&d);
    }
    flush(&d);
    summary->records = (size_t)d.records;
    summary->errors = (size_t)d.new_errors;
    summary->checks_failed = d.checks_failed;
    outcome_may_change(new_p->plan, summary->errors, summary->may_change, sizeof summary->may_change);
    old_side_note(&d, input_name, summary->notes, sizeof summary->notes);
    checks_note(&d, summary->notes, sizeof summary->notes);
    bool failed = d.failed || fflush(out) != 0;
    /* as kh_eval: a record refused or a roster check failed, on either side */
    bool refused = d.old_errors || d.new_errors || d.old_checks_failed || d.checks_failed;
    differ_free(&d);
    return failed ? KH_IO_ERROR : refused ? KH_RECORD_ERRORS : KH_OK;
}
