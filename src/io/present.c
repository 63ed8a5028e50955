/*
 * present.c — labels, ledgers of outputs and display text of values.
 */
#include "present.h"

#include <string.h>

#include "dates.h"
#include "i18n.h"
#include "parser.h"
#include "writer.h"
#include "lex.h"

static void find_ledgers(const pnode *n, int def, int *owner)
{
    if (!n || n->op == P_DEF) return;
    if (n->op == P_LEDGER && owner[n->index] < 0) owner[n->index] = def;
    find_ledgers(n->a, def, owner);
    find_ledgers(n->b, def, owner);
    find_ledgers(n->c, def, owner);
    for (int i = 0; i < n->nkids; i++) find_ledgers(n->kids[i], def, owner);
}

void present_ledger_owners(const plan *pl, int *owner)
{
    for (int k = 0; k < pl->nledgers; k++) owner[k] = -1;
    for (int d = 0; d < pl->ndefs; d++) find_ledgers(pl->defs[d], d, owner);
}

static int first_ledger(const pnode *n)
{
    if (!n || n->op == P_DEF) return -1;
    if (n->op == P_LEDGER) return n->index;
    int k = first_ledger(n->a);
    if (k < 0) k = first_ledger(n->b);
    if (k < 0) k = first_ledger(n->c);
    for (int i = 0; k < 0 && i < n->nkids; i++) k = first_ledger(n->kids[i]);
    return k;
}

int present_def_ledger(const plan *pl, int def) { return first_ledger(pl->defs[def]); }

int present_entry_def(const plan *pl, int ledger, int entry)
{
    const pnode *ln = pl->ledgers[ledger];
    if (2 * entry >= ln->nkids) return -1;
    const pnode *amount = ln->kids[2 * entry];
    if (amount && amount->op == P_PRESENT) amount = amount->a;
    return amount && amount->op == P_DEF ? amount->index : -1;
}

const char *present_label(const plan *pl, int def)
{
    const symbol *s = pl->def_syms[def];
    return s->decl && s->decl->label ? s->decl->label : s->name;
}

void present_num(buf *b, kh_num n, bool money, bool sign)
{
    if (sign && num_sign(n) >= 0) buf_putc(b, '+');
    num_write(b, n, money ? 2 : 0);
}

const char *present_value_label(const program *prog, const value *v)
{
    if (!prog || (v->kind != VK_TEXT && v->kind != VK_ENUM)) return NULL;
    size_t len = value_text_len(v);
    for (int i = 0; i < prog->nvalue_labels; i++)
        if (strlen(prog->value_codes[i]) == len && memcmp(prog->value_codes[i], v->s, len) == 0) return prog->value_labels[i];
    return NULL;
}

/* A ratio as a per cent, exactly: 0.6 is 60%, 1/3 is 33.33333333333333%. */
static bool put_percent(buf *b, kh_num n)
{
    kh_num pct;
    char space[64];
    arena *A = arena_new(sizeof space * 16);
    bool ok = num_mul(A, n, num_int(100), &pct) == NUM_OK;
    if (ok) {
        num_write(b, pct, 0);
        buf_putc(b, '%');
    }
    arena_free(A);
    return ok;
}

void present_value(buf *b, const value *v, const ktype *t) { present_value_for(b, NULL, v, t); }

void present_value_for(buf *b, const program *prog, const value *v, const ktype *t)
{
    char tmp[32];
    const char *label = present_value_label(prog, v);
    bool zh = prog && prog->surface == SURFACE_ZH;
    switch (v->kind) {
    case VK_NONE: buf_puts(b, "-"); break;
    case VK_BOOL: /* shown: 是/否 for a Chinese policy or reader; the codes without prog */
        buf_puts(b, !prog ? (v->b ? "yes" : "no") : zh ? (v->b ? "是" : "否") : v->b ? _("yes") : _("no"));
        break;
    case VK_NUM:
        if (prog && t && t->percent && put_percent(b, v->n)) break;
        present_num(b, v->n, t && t->kind == T_MONEY, false);
        break;
    case VK_TEXT: if (label) buf_puts(b, label); else buf_put(b, v->s, v->len); break;
    case VK_ENUM: buf_puts(b, label ? label : v->s); break;
    case VK_DATE: buf_put(b, tmp, (size_t)date_format(v->date, tmp)); break;
    case VK_DATETIME: buf_put(b, tmp, (size_t)datetime_format(v->dt, tmp)); break;
    case VK_MONTH: buf_put(b, tmp, (size_t)month_format(v->month, tmp)); break;
    case VK_LIST:
        buf_putc(b, '[');
        for (uint32_t i = 0; i < v->len; i++) {
            if (i) buf_puts(b, ", ");
            present_value_for(b, prog, &v->items[i], t && t->kind == T_LIST ? t->elem : NULL);
        }
        buf_putc(b, ']');
        break;
    case VK_RECORD:
        buf_putc(b, '{');
        for (uint32_t i = 0; i < v->len; i++) {
            bool named = t && t->kind == T_RECORD && (int)i < t->nfields;
            buf_printf(b, "%s%s: ", i ? ", " : "", named ? t->names[i] : "?");
            present_value_for(b, prog, &v->items[i], named ? t->fields[i] : NULL);
        }
        buf_putc(b, '}');
        break;
    }
}

const char *present_shown(arena *A, const program *prog, const value *v, const ktype *t)
{
    buf b = {0};
    present_value_for(&b, prog, v, t);
    const char *s = arena_strdup(A, buf_text(&b));
    buf_free(&b);
    return s;
}

const char *present_display_only(arena *A, const program *prog, const value *v, const ktype *t)
{
    bool differs = present_value_label(prog, v) || (v->kind == VK_NUM && t && t->percent) ||
                   (v->kind == VK_BOOL && prog && prog->surface == SURFACE_ZH);
    return differs ? present_shown(A, prog, v, t) : NULL;
}

const char *present_text(arena *A, const value *v, const ktype *t)
{
    buf b = {0};
    present_value(&b, v, t);
    const char *s = arena_strdup(A, buf_text(&b));
    buf_free(&b);
    return s;
}

const char *present_num_text(arena *A, kh_num n, bool money, bool sign)
{
    buf b = {0};
    present_num(&b, n, money, sign);
    const char *s = arena_strdup(A, buf_text(&b));
    buf_free(&b);
    return s;
}

const char *present_param_value(arena *A, const plan *pl, int i, const value *v)
{
    const symbol *s = pl->param_syms[i];
    kh_num pct;
    buf b = {0};
    if (v->kind == VK_NUM && param_declared_percent(s) && num_mul(A, v->n, num_int(100), &pct) == NUM_OK) {
        num_write(&b, pct, 0);
        buf_putc(&b, '%');
        const char *text = arena_strdup(A, b.data);
        buf_free(&b);
        return text;
    }
    write_json_value(&b, v, pl->param_syms[i]->type);
    const char *text = arena_strdup(A, buf_text(&b));
    buf_free(&b);
    return text;
}

const char *present_dated_param(arena *A, const plan *pl, const value *params, int i)
{
    const dated_param *d = pl->dated ? pl->dated[i] : NULL;
    if (!d || params[i].kind != VK_NONE) return NULL;
    buf b = {0};
    for (int k = 0; k < d->n; k++) {
        char m[8];
        month_format(d->src[k]->index, m);
        buf_printf(&b, "%s%s %s %s", k ? ", " : "", present_param_value(A, pl, i, &d->values[k]),
                   keyword_spelling(d->src[k]->op == DATED_UNTIL ? TOK_UNTIL : TOK_FROM, 0, SURFACE_EN), m);
    }
    const char *text = arena_strdup(A, buf_text(&b));
    buf_free(&b);
    return text;
}

const char *present_param_percent(arena *A, const plan *pl, const value *params, int i)
{
    const symbol *s = pl->param_syms[i];
    const value *v = &params[i];
    kh_num pct;
    if (v->kind == VK_NUM && param_declared_percent(s) && num_mul(A, v->n, num_int(100), &pct) == NUM_OK) {
        buf b = {0};
        num_write(&b, pct, 0);
        buf_putc(&b, '%');
        const char *text = arena_strdup(A, b.data);
        buf_free(&b);
        return text;
    }
    return NULL;
}
