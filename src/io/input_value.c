/*
 * input_value.c — one JSON value as a value of a schema type (input_reader.h):
 * numbers exactly (the usual form in the pass that checks it, any other
 * through num_parse_exact), texts, enumerations, dates, lists of plain values;
 * a value of the wrong kind is checked, skipped and named.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "dates.h"
#include "input_reader.h"
#include "i18n.h"

/* A value of the wrong kind: checked and skipped, and said so. */
static int mismatch(input_reader *r, const unsigned char **pp, scan_context ctx, char *why, size_t cap,
                    const char *fmt, const char *detail)
{
    const char *kind = rd_kind_of(**pp);
    if (!rd_skip(r, pp, ctx, NULL, false)) return -1;
    if (detail) snprintf(why, cap, fmt, detail, kind);
    else snprintf(why, cap, fmt, kind);
    return 0;
}

/* A list of plain values (its '[' at *pp).  After the first entry at
 * fault, the others are only checked. */
static int read_list(input_reader *r, const unsigned char **pp, const ktype *t, value *out, char *why, size_t cap)
{
    const unsigned char *p = *pp, *e = r->w.end;
    size_t base = r->sn;
    bool bad = false;
    rd_array_at st = rd_array_open(r, &p);
    scan_context ctx = SCAN_AT_ARRAY_FIRST;
    for (uint32_t n = 0; st == RD_ARRAY_ENTRY; n++, ctx = SCAN_AT_ARRAY_NEXT) {
        if (p == e) return rd_fault(r, ctx, p), -1;
        if (bad) {
            if (!rd_skip(r, &p, ctx, NULL, false)) return -1;
        } else if (!t->elem) {
            if (!rd_skip(r, &p, ctx, NULL, false)) return -1;
            snprintf(why, cap, _("entry %d: unexpected"), (int)n + 1);
            bad = true;
        } else if (type_is_numeric(t->elem) && !rd_number_start(*p)) {
            /* only money and decimal fields may be written as text, not list entries */
            const char *kind = rd_kind_of(*p);
            if (!rd_skip(r, &p, ctx, NULL, false)) return -1;
            snprintf(why, cap, _("entry %d: expected a number, found %s"), (int)n + 1, kind);
            bad = true;
        } else {
            char inner[200];
            value v;
            int rc = rd_typed(r, &p, t->elem, ctx, &v, inner, sizeof inner);
            if (rc < 0) return -1;
            if (rc == 0) {
                snprintf(why, cap, _("entry %d: %s"), (int)n + 1, inner);
                bad = true;
            } else {
                rd_push(r, v);
            }
        }
        st = rd_array_step(r, &p);
    }
    if (st == RD_ARRAY_FAULT) return -1;
    *pp = p;
    if (bad) {
        r->sn = base;
        return 0;
    }
    *out = rd_list(r, base);
    return 1;
}

/* Whether n may be a value of t (rd_number_fits); else why. */
static bool number_fits(const ktype *t, kh_num n, char *why, size_t cap)
{
    if (rd_number_fits(t, n)) return true;
    snprintf(why, cap, "%s", t->kind == T_INT ? _("expected a whole number") : _("an amount of money has at most 2 decimals"));
    return false;
}

static int read_number(input_reader *r, const unsigned char **pp, const ktype *t, scan_context ctx, value *out,
                       char *why, size_t cap)
{
    unsigned char c = **pp;
    kh_num n;
    if (rd_number_start(c) && rd_short_number(r, pp, &n)) {
        if (!number_fits(t, n, why, cap)) return 0;
        *out = value_num(n);
        return 1;
    }
    if (rd_number_start(c)) {
        if (!rd_number(r, pp)) return -1;
    } else if (c == '"' && t->kind != T_INT) {
        if (!rd_string(r, pp)) return -1;
    } else {
        return mismatch(r, pp, ctx, why, cap, _("expected a number, found %s"), NULL);
    }
    size_t len;
    const char *s = rd_text(r, &len);
    num_status st = num_parse_exact(r->ar, s, len, &n);
    if (st != NUM_OK) {
        int shown = (int)(len < 40 ? len : 40);
        if (st == NUM_SYNTAX) snprintf(why, cap, "\"%.*s\" is not a number", shown, s);
        else snprintf(why, cap, _("the number %.*s%s %s"), shown, s, len > 40 ? "..." : "", num_status_text(st));
        return 0;
    }
    if (!number_fits(t, n, why, cap)) return 0;
    *out = value_num(n);
    return 1;
}

int rd_typed_any(input_reader *r, const unsigned char **pp, const ktype *t, scan_context ctx, value *out,
                 char *why, size_t cap)
{
    const unsigned char *p = *pp;
    if (p == r->w.end) return rd_fault(r, ctx, p), -1;
    unsigned char c = *p;
    switch (t->kind) {
    case T_BOOL:
        if (c == 't' || c == 'f') {
            if (!rd_literal(r, pp, c == 't' ? "true" : "false")) return -1;
            *out = value_bool(c == 't');
            return 1;
        }
        return mismatch(r, pp, ctx, why, cap, _("expected true or false, found %s"), NULL);
    case T_INT:
    case T_DEC:
    case T_MONEY:
        return read_number(r, pp, t, ctx, out, why, cap);
    case T_TEXT:
    case T_ENUM: {
        if (c != '"') return mismatch(r, pp, ctx, why, cap, _("expected a text, found %s"), NULL);
        if (!rd_string(r, pp)) return -1;
        size_t len;
        const char *s = rd_text(r, &len);
        if (t->kind == T_ENUM) {
            int k = type_enum_index(t, s, len);
            if (k < 0) {
                char vals[256];
                type_name(t, vals, sizeof vals);
                snprintf(why, cap, "\"%.*s\" is not allowed (%s)", (int)(len < 40 ? len : 40), s, vals);
                return 0;
            }
            *out = value_enum(t->values[k], (uint32_t)k);
            return 1;
        }
        if (!r->str_escaped) s = arena_strndup_bytes(r->ar, s, len);
        *out = value_text(s, (uint32_t)len);
        return 1;
    }
    case T_DATE:
    case T_DATETIME:
    case T_MONTH: {
        const char *name = t->kind == T_DATE ? "date" : t->kind == T_MONTH ? "month" : "date-time";
        if (c != '"') return mismatch(r, pp, ctx, why, cap, _("expected a %s in quotes, found %s"), name);
        if (!rd_string(r, pp)) return -1;
        size_t len;
        const char *s = rd_text(r, &len);
        char kind = t->kind == T_DATE ? 'd' : t->kind == T_MONTH ? 'm' : 't';
        bool ok;
        if (kind == 'd') { int32_t d; ok = date_parse(s, len, &d); *out = value_date(d); }
        else if (kind == 'm') { int32_t m; ok = month_parse(s, len, &m); *out = value_month(m); }
        else { int64_t x; ok = datetime_parse(s, len, &x); *out = value_datetime(x); }
        if (!ok) dates_explain_error(kind, s, len, why, cap);
        return ok ? 1 : 0;
    }
    case T_LIST:
        if (c != '[') return mismatch(r, pp, ctx, why, cap, _("expected a list, found %s"), NULL);
        return read_list(r, pp, t, out, why, cap);
    default:
        if (!rd_skip(r, pp, ctx, NULL, false)) return -1;
        snprintf(why, cap, _("this kind of value cannot be given here"));
        return 0;
    }
}


bool input_convert(const ktype *t, const cJSON *j, arena *ar, value *out, char *err, size_t cap)
{
    buf text = {0};
    input_cjson_text(&text, j);
    input_reader *r = input_reader_new(NULL);
    rd_begin(r, text.data, text.len, 0, ar, NULL, NULL);
    const unsigned char *p = r->w.start;
    int rc = rd_typed(r, &p, t, SCAN_AT_TOP, out, err, cap);
    if (rc < 0) snprintf(err, cap, "%s", r->sc.err_msg); /* the text was written from a tree: not expected */
    input_reader_free(r);
    buf_free(&text);
    return rc > 0;
}
