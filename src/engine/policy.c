/*
 * policy.c — params from the command line (--set name=value).
 */
#include "policy.h"

#include <ctype.h>
#include <stdio.h>
#include <string.h>

#include "i18n.h"

/* Strips spaces and one unit (yuan, 元, ¥, ￥) around a money amount. */
static void strip_money(const char **s, size_t *len)
{
    const char *p = *s;
    size_t n = *len;
    while (n && isspace((unsigned char)*p)) { p++; n--; }
    while (n && isspace((unsigned char)p[n - 1])) n--;
    if (n >= 2 && memcmp(p, "\xC2\xA5", 2) == 0) { p += 2; n -= 2; }          /* ¥ */
    else if (n >= 3 && memcmp(p, "\xEF\xBF\xA5", 3) == 0) { p += 3; n -= 3; } /* ￥ */
    if (n >= 4 && memcmp(p + n - 4, "yuan", 4) == 0) n -= 4;
    else if (n >= 3 && memcmp(p + n - 3, "\xE5\x85\x83", 3) == 0) n -= 3;     /* 元 */
    while (n && isspace((unsigned char)*p)) { p++; n--; }
    while (n && isspace((unsigned char)p[n - 1])) n--;
    *s = p;
    *len = n;
}

/* Strips a trailing per cent sign, % or full-width ％; says whether there
 * was one. */
static bool strip_percent(const char *s, size_t *len)
{
    if (*len >= 1 && s[*len - 1] == '%') {
        *len -= 1;
        return true;
    }
    if (*len >= 3 && memcmp(s + *len - 3, "\xEF\xBC\x85", 3) == 0) { /* ％ */
        *len -= 3;
        return true;
    }
    return false;
}

bool policy_parse_value(arena *A, const ktype *t, const char *text, value *out, char *err, size_t cap)
{
    size_t len = strlen(text);
    const char *s = text;
    switch (t->kind) {
    case T_INT:
    case T_DEC:
    case T_MONEY: {
        bool percent = false;
        if (t->kind == T_MONEY) strip_money(&s, &len);
        else percent = strip_percent(s, &len);
        kh_num n;
        num_status st = num_parse_exact(A, s, len, &n);
        if (st == NUM_OK && percent) st = num_div(A, n, num_int(100), &n);
        if (st == NUM_SYNTAX || (st == NUM_OK && t->kind == T_INT && !num_is_int(n))) {
            snprintf(err, cap, _("\"%s\" is not %s"), text,
                     t->kind == T_INT ? _("a whole number") : t->kind == T_MONEY ? _("an amount (such as 2500000 or 200.50)")
                                                                          /* xgettext:no-c-format (a value, not a format) */
                                                                          : _("a number (such as 10% or 0.1)"));
            return false;
        }
        if (st != NUM_OK) {
            snprintf(err, cap, "\"%s\" %s", text, num_status_text(st));
            return false;
        }
        if (t->kind == T_MONEY && !num_is_cents(n)) { /* as for money in a record */
            snprintf(err, cap, "\"%s\": an amount of money has at most 2 decimals", text);
            return false;
        }
        *out = value_num(n);
        return true;
    }
    case T_BOOL:
        if (strcmp(text, "true") == 0 || strcmp(text, "false") == 0) {
            *out = value_bool(text[0] == 't');
            return true;
        }
        snprintf(err, cap, "\"%s\" is not true or false", text);
        return false;
    case T_TEXT:
        *out = value_text(arena_strdup(A, text), (uint32_t)len);
        return true;
    default: /* a list (a param's value is a literal: never a date or a month) */
        snprintf(err, cap, _("this param cannot be set from the command line"));
        return false;
    }
}

/* A param declared as a per cent (`param rate = 8%`) takes, from the
 * command line, a per cent ("10%", "10％", "0.5%") or a fraction of one
 * written with a decimal point or an exponent ("0.1" for 10%, "1.0" for
 * 100%, "-0.25", "1e-3"), or
 * 0.  Any other number is refused with the per cent it was likely meant as:
 * "10" would be 1000%, and "1" could be 1% or 100%.  (README, "--set".) */
static bool percent_written_clearly(arena *A, const char *text, kh_num v, char *why, size_t cap)
{
    size_t len = strlen(text);
    if (strip_percent(text, &len) || num_is_zero(v)) return true;
    kh_num mag, h, f;
    /* written as a fraction: with a decimal point or an exponent (0.1, 1e-3) */
    bool point = memchr(text, '.', len) || memchr(text, 'e', len) || memchr(text, 'E', len);
    if (num_abs(A, v, &mag) != NUM_OK || num_mul(A, v, num_int(100), &h) != NUM_OK || num_div(A, v, num_int(100), &f) != NUM_OK) {
        snprintf(why, cap, "\"%s\" is not a per cent: write it with %%", text);
        return false;
    }
    int against_one = num_cmp(mag, num_int(1));
    if (point && against_one <= 0) return true; /* a fraction of one */
    char pct[96], as_is[96], frac[96];
    num_to_chars(h, 0, pct, sizeof pct);
    num_to_chars(v, 0, as_is, sizeof as_is);
    num_to_chars(f, 0, frac, sizeof frac);
    if (against_one == 0)
        snprintf(why, cap, "\"%s\" could be %s%% or %s%%: write the %% sign", text, as_is, pct);
    else if (point)
        snprintf(why, cap, "\"%s\" without %% would be %s%%: write %s%% or %s%%", text, pct, pct, as_is);
    else if (num_cmp(mag, num_int(100)) < 0)
        snprintf(why, cap, "\"%s\" would be %s%%: write %s%% (or %s)", text, pct, as_is, frac);
    else if (num_cmp(mag, num_int(100)) == 0)
        snprintf(why, cap, "\"%s\" would be %s%%: write %s%% (or %s.0)", text, pct, as_is, frac);
    else
        snprintf(why, cap, "\"%s\" would be %s%%: write %s%%", text, pct, as_is);
    return false;
}

bool policy_set_param(kh_policy *p, const char *name, const char *text, char *err, size_t cap)
{
    const plan *pl = p->plan;
    for (int i = 0; i < pl->nparams; i++) {
        const symbol *s = pl->param_syms[i];
        if (strcmp(s->name, name) != 0) continue;
        char why[1024];
        value v;
        bool percent = param_declared_percent(s) && s->type->kind == T_DEC;
        if (percent && policy_parse_value(p->A, s->type, text, &v, why, sizeof why) &&
            !percent_written_clearly(p->A, text, v.n, why, sizeof why)) {
            const ast *lit = s->decl->a; /* as written: 8%, -1.5%, 8％ */
            snprintf(err, cap, _("--set %s: %s (%s is a per cent: %.*s in the policy)"), name, why, name,
                     (int)(lit->at.end - lit->at.start), lit->at.src->text + lit->at.start);
            return false;
        }
        value nv = p->params[i]; /* the policy changes once nothing more can fail */
        if (!policy_parse_value(p->A, s->type, text, &nv, why, sizeof why)) {
            char tn[64];
            snprintf(err, cap, "--set %s: %s (%s is %s)", name, why, name, type_name(s->type, tn, sizeof tn));
            return false;
        }
        bool *set = p->param_set ? p->param_set : arena_zalloc(p->A, (size_t)(pl->nparams + 1));
        p->params[i] = nv;
        p->param_set = set;
        p->param_set[i] = true;
        return true;
    }
    const char **names = arena_alloc(p->A, ((size_t)pl->nparams + 1) * sizeof *names);
    for (int i = 0; i < pl->nparams; i++) names[i] = pl->param_syms[i]->name;
    const char *best = suggest_name(name, names, pl->nparams);
    if (best) snprintf(err, cap, _("--set %s: the policy has no param '%s'; did you mean '%s'?"), name, name, best);
    else snprintf(err, cap, _("--set %s: the policy has no param '%s'"), name, name);
    return false;
}
