/*
 * cell_value.c — spreadsheet cells to exact JSON values, by field type.
 */
#include "cell_value.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <cjson/cJSON.h>

#include "dates.h"
#include "writer.h"
#include "mem.h"
#include "i18n.h"

#define MAX_EXCEL_DIGITS 15
#define EXCEL_LAST_SERIAL 2958465 /* 9999-12-31 */

/* ---- text ------------------------------------------------------------------ */

/* The code point of the UTF-8 sequence at s (n bytes left), its length in *k. */
static unsigned utf8_at(const unsigned char *s, size_t n, int *k)
{
    if (s[0] < 0x80 || n < 2) { *k = 1; return s[0]; }
    if ((s[0] & 0xE0) == 0xC0) { *k = 2; return (unsigned)(s[0] & 0x1F) << 6 | (s[1] & 0x3F); }
    if ((s[0] & 0xF0) == 0xE0 && n >= 3) {
        *k = 3;
        return (unsigned)(s[0] & 0x0F) << 12 | (unsigned)(s[1] & 0x3F) << 6 | (s[2] & 0x3F);
    }
    *k = (s[0] & 0xF8) == 0xF0 && n >= 4 ? 4 : 1;
    return 0xFFFD;
}

char *cell_normalize(const char *s, size_t len)
{
    buf b = {0};
    const unsigned char *u = (const unsigned char *)s;
    bool space = false;
    for (size_t i = 0; i < len;) {
        int k;
        unsigned cp = utf8_at(u + i, len - i, &k);
        char c = 0;
        if (cp == 0x3000 || cp == ' ' || cp == '\t' || cp == '\n' || cp == '\r' || cp == 0xA0) c = ' ';
        else if (cp >= 0xFF01 && cp <= 0xFF5E) c = (char)(cp - 0xFF01 + 0x21);
        else if (cp < 0x80) c = (char)cp;
        if (c == ' ') {
            space = b.len > 0;
            i += (size_t)k;
            continue;
        }
        if (space) buf_putc(&b, ' ');
        space = false;
        if (c) buf_putc(&b, c >= 'A' && c <= 'Z' ? (char)(c + 32) : c);
        else buf_put(&b, s + i, (size_t)k);
        i += (size_t)k;
    }
    buf_putc(&b, '\0');
    return b.data;
}

/* The cell's text for reading a number, a date or a yes/no: blanks around
 * it dropped, full-width forms as ASCII (letters kept as they are). */
static char *plain_text(const char *s, size_t len)
{
    buf b = {0};
    const unsigned char *u = (const unsigned char *)s;
    for (size_t i = 0; i < len;) {
        int k;
        unsigned cp = utf8_at(u + i, len - i, &k);
        if (cp >= 0xFF01 && cp <= 0xFF5E) buf_putc(&b, (char)(cp - 0xFF01 + 0x21));
        else if (cp == 0x3000) buf_putc(&b, ' ');
        else buf_put(&b, s + i, (size_t)k);
        i += (size_t)k;
    }
    buf_putc(&b, '\0');
    char *t = b.data;
    size_t a = 0, n = strlen(t);
    while (a < n && (t[a] == ' ' || t[a] == '\t')) a++;
    while (n > a && (t[n - 1] == ' ' || t[n - 1] == '\t')) n--;
    memmove(t, t + a, n - a);
    t[n - a] = '\0';
    return t;
}

/* ---- numbers ------------------------------------------------------------------- */

typedef struct plain_number {
    char *text;          /* canonical: -?digits(.digits)?, no needless zeros (malloc'd) */
    int significant;     /* significant digits as written */
    bool whole;
} plain_number;

/* An exponent past this is refused as no number (1E999999); any number of
 * digits is read, so the record reader, not this one, says when a number is
 * beyond what kaohe reads (10^18, 300,000 decimals), as it does for JSON. */
#define MAX_EXPONENT 1000000L

/* Reads -?digits[.digits][E[+-]digits][%] into canonical decimal text,
 * moving the point for the exponent and the per cent sign.  False when it
 * is not such a number.  round_to > 0: to that many significant digits,
 * half away from zero.  The caller frees out->text. */
static bool read_plain_number(const char *s, bool allow_percent, int round_to, plain_number *out)
{
    out->text = NULL;
    const char *p = s;
    bool neg = false;
    if (*p == '-' || *p == '+') neg = *p++ == '-';
    buf dg = {0}; /* the significant digits, from the first that is not 0 */
    /* point: how many of the digits come before the point (negative for
     * zeros after it: 0.05 is digits "5", point -1) */
    long nd = 0, point = 0;
    bool any = false, seen_point = false;
    for (; (*p >= '0' && *p <= '9') || *p == '.'; p++) {
        if (*p == '.') {
            if (seen_point) {
                buf_free(&dg);
                return false;
            }
            seen_point = true;
            point = nd;
            continue;
        }
        any = true;
        if (nd == 0 && *p == '0') { /* leading zeros (the point stays where it is) */
            if (seen_point) point--;
            continue;
        }
        buf_putc(&dg, *p);
        nd++;
    }
    if (!any) {
        buf_free(&dg);
        return false;
    }
    buf_putc(&dg, '0'); /* room for a carry, and never NULL */
    char *digits = dg.data;
    if (!seen_point) point = nd;
    long exp = 0;
    bool bad = false;
    if (*p == 'e' || *p == 'E') {
        p++;
        bool eneg = false;
        if (*p == '-' || *p == '+') eneg = *p++ == '-';
        if (!(*p >= '0' && *p <= '9')) bad = true;
        while (!bad && *p >= '0' && *p <= '9') {
            exp = exp * 10 + (*p++ - '0');
            if (exp > MAX_EXPONENT) bad = true;
        }
        if (eneg) exp = -exp;
    }
    if (!bad && allow_percent && *p == '%') {
        exp -= 2;
        p++;
    }
    if (bad || *p) {
        mem_free(digits);
        return false;
    }
    /* trailing zeros of the digits do not count as significant */
    long sig = nd;
    while (sig > 0 && digits[sig - 1] == '0') sig--;
    out->significant = sig > 1000000 ? 1000000 : (int)sig;
    long pos = point + exp; /* digits before the point */
    if (round_to > 0 && sig > round_to) {
        /* half away from zero, on the digits */
        bool up = digits[round_to] >= '5';
        sig = round_to;
        for (long i = sig - 1; up && i >= 0; i--) {
            if (digits[i] == '9') {
                digits[i] = '0';
            } else {
                digits[i]++;
                up = false;
            }
        }
        if (up) { /* 9.99... -> 10.0 */
            memmove(digits + 1, digits, (size_t)sig);
            digits[0] = '1';
            pos++;
        }
        while (sig > 0 && digits[sig - 1] == '0') sig--;
    }
    buf t = {0};
    if (sig == 0) {
        buf_puts(&t, "0");
        out->whole = true;
    } else {
        if (neg) buf_putc(&t, '-');
        if (pos <= 0) {
            buf_puts(&t, "0.");
            for (long i = 0; i < -pos; i++) buf_putc(&t, '0');
            buf_put(&t, digits, (size_t)sig);
            out->whole = false;
        } else {
            for (long i = 0; i < pos; i++) buf_putc(&t, i < sig ? digits[i] : '0');
            out->whole = sig <= pos;
            if (!out->whole) {
                buf_putc(&t, '.');
                buf_put(&t, digits + pos, (size_t)(sig - pos));
            }
        }
    }
    buf_putc(&t, '\0');
    mem_free(digits);
    out->text = t.data;
    return true;
}

/* At most 40 characters of s for a message, "…" when there are more. */
static void quote_start(const char *s, char *out, size_t cap)
{
    size_t n = strlen(s), k = n > 40 ? 40 : n;
    while (k < n && k > 0 && ((unsigned char)s[k] & 0xC0) == 0x80) k--; /* a whole character */
    snprintf(out, cap, "%.*s%s", (int)k, s, k < n ? "…" : "");
}

/* A number cell or text for a numeric field. */
static bool number_json(const sheet_cell *c, const ktype *t, bool as_number, buf *out, char *why, size_t cap)
{
    const char *kind = t->kind == T_INT ? "a whole number" : t->kind == T_MONEY ? "an amount" : "a number";
    if (c->kind == CELL_NUMBER && c->numfmt == NUMFMT_DATE) {
        snprintf(why, cap, _("the cell is formatted as a date, but the field is %s: format it as a number"), kind);
        return false;
    }
    char *s = plain_text(c->text, c->len);
    plain_number n;
    /* an XLSX number reads as Excel shows it: to 15 significant digits */
    bool ok = read_plain_number(s, t->kind == T_DEC && c->kind == CELL_TEXT, c->kind == CELL_NUMBER ? MAX_EXCEL_DIGITS : 0, &n);
    if (!ok && c->kind == CELL_TEXT && t->kind != T_INT && !as_number) {
        /* as in JSON: the record reader says what is wrong with the text */
        mem_free(s);
        write_json_string(out, c->text, c->len);
        return true;
    }
    if (!ok) {
        char shown[64];
        quote_start(s, shown, sizeof shown);
        snprintf(why, cap, "\"%s\" is not %s%s", shown, kind,
                 strchr(s, ',') ? _(" (write it without thousands separators)")
                 : strchr(s, '%') ? (t->kind == T_DEC ? "" : _(" (a per cent is not allowed here)"))
                                  : "");
        mem_free(s);
        return false;
    }
    mem_free(s);
    bool done = true;
    if (t->kind == T_INT && !n.whole) {
        char shown[64];
        quote_start(n.text, shown, sizeof shown);
        snprintf(why, cap, _("%s is not a whole number"), shown);
        done = false;
    } else if (t->kind == T_INT || as_number) {
        buf_puts(out, n.text);
    } else {
        write_json_string(out, n.text, strlen(n.text));
    }
    mem_free(n.text);
    return done;
}

/* ---- dates ------------------------------------------------------------------- */

/* An Excel serial's date: 1 is 1900-01-01, 60 the 1900-02-29 Excel counts
 * that never was, 61 is 1900-03-01; from 1904: 0 is 1904-01-01. */
static bool serial_date(long serial, bool date1904, int32_t *days, char *why, size_t cap)
{
    if (date1904) {
        if (serial > EXCEL_LAST_SERIAL - 1462) goto out_of_range; /* serial_parts gives none below 0 */
        *days = date_from_ymd(1904, 1, 1) + (int32_t)serial;
        return true;
    }
    if (serial == 60) {
        snprintf(why, cap, _("the date serial 60 is 1900-02-29, a day that never was (an old Excel mistake): type the date"));
        return false;
    }
    if (serial < 1 || serial > EXCEL_LAST_SERIAL) goto out_of_range;
    *days = date_from_ymd(1899, 12, 31) + (int32_t)serial - (serial > 60 ? 1 : 0);
    return true;
out_of_range:
    snprintf(why, cap, _("the number %ld is not a date Excel can show"), serial);
    return false;
}

/* A serial's whole days and the seconds of its fraction (rounded to the
 * second when within a millisecond of one, as Excel's binary times are). */
static bool serial_parts(const char *text, long *whole, long *secs, bool *has_time)
{
    plain_number n;
    if (!read_plain_number(text, false, 0, &n)) return false;
    if (n.text[0] == '-' || strcspn(n.text, ".") > 9) { /* no serial of a day before 10000 */
        mem_free(n.text);
        return false;
    }
    const char *dot = strchr(n.text, '.');
    *whole = strtol(n.text, NULL, 10);
    *secs = 0;
    *has_time = dot != NULL;
    if (!dot) {
        mem_free(n.text);
        return true;
    }
    /* fraction f (up to 18 digits) * 86400, in integers */
    __int128 f = 0, scale = 1;
    int k = 0;
    for (const char *p = dot + 1; *p && k < 18; p++, k++) {
        f = f * 10 + (*p - '0');
        scale *= 10;
    }
    __int128 ms = (f * 86400000 + scale / 2) / scale;   /* milliseconds, rounded */
    __int128 exact_ms_x = f * 86400000;                 /* ms * scale, exactly */
    __int128 s = (ms + 500) / 1000;
    /* within a millisecond of a whole second */
    __int128 diff = exact_ms_x - s * 1000 * scale;
    if (diff < 0) diff = -diff;
    mem_free(n.text);
    if (diff >= scale) return false;
    *secs = (long)s;
    if (*secs >= 86400) { *whole += 1; *secs -= 86400; }
    return true;
}

/* Y-M-D or Y/M/D (month and day of one or two digits); the rest after it in *rest. */
static bool read_ymd(const char *s, int *y, int *m, int *d, const char **rest)
{
    const char *p = s;
    int v[3] = {0, 0, 0};
    char sep = 0;
    for (int part = 0; part < 3; part++) {
        int nd = 0;
        while (*p >= '0' && *p <= '9' && nd < 5) v[part] = v[part] * 10 + (*p++ - '0'), nd++;
        if (part == 0 ? nd != 4 : nd < 1 || nd > 2) return false;
        if (part < 2) {
            if (*p != '-' && *p != '/') return false;
            if (part == 0) sep = *p;
            else if (*p != sep) return false;
            p++;
        }
    }
    *y = v[0];
    *m = v[1];
    *d = v[2];
    *rest = p;
    return true;
}

static bool read_hms(const char *p, int *h, int *mi, int *sec)
{
    int v[3] = {0, 0, 0}, parts = 0;
    while (parts < 3) {
        int nd = 0;
        while (*p >= '0' && *p <= '9' && nd < 3) v[parts] = v[parts] * 10 + (*p++ - '0'), nd++;
        if (nd < 1 || nd > 2) return false;
        parts++;
        if (*p != ':') break;
        p++;
    }
    if (*p || parts < 2 || v[0] > 23 || v[1] > 59 || v[2] > 59) return false;
    *h = v[0];
    *mi = v[1];
    *sec = v[2];
    return true;
}

static bool date_json(const sheet_cell *c, const ktype *t, bool date1904, buf *out, char *why, size_t cap)
{
    const char *what = t->kind == T_DATE ? "a date" : t->kind == T_MONTH ? "a month" : "a date and time";
    const char *example = t->kind == T_DATE ? "2014-06-03" : t->kind == T_MONTH ? "2014-06" : "2014-06-03 10:30:00";
    char tmp[40];
    int32_t days = 0;
    long secs = 0;
    bool has_time = false, has_date = false;
    if (c->kind == CELL_NUMBER) {
        if (c->numfmt == NUMFMT_OTHER) {
            snprintf(why, cap, _("the cell holds the number %.30s shown through a number format: for %s, format the "
                               "cell as a date (or type %s as text)"), c->text, what, example);
            return false;
        }
        long whole;
        if (!serial_parts(c->text, &whole, &secs, &has_time)) {
            snprintf(why, cap, _("the number %.30s is not %s (type it as %s)"), c->text, what, example);
            return false;
        }
        if (!serial_date(whole, date1904, &days, why, cap)) return false;
        has_date = true;
        has_time = has_time && secs != 0;
    } else if (c->kind == CELL_TEXT || c->kind == CELL_ISO_DATE) {
        char *s = plain_text(c->text, c->len);
        int y, m, d = 1, h = 0, mi = 0, sec = 0;
        const char *rest;
        bool ok;
        if (t->kind == T_MONTH && strlen(s) <= 7) {
            /* 2014-06, 2014/6 */
            char sep = strlen(s) > 4 ? s[4] : 0;
            char *end;
            y = (int)strtol(s, &end, 10);
            ok = end == s + 4 && (sep == '-' || sep == '/') && s[5] >= '0' && s[5] <= '9';
            if (ok) {
                m = (int)strtol(s + 5, &end, 10);
                ok = !*end && end - (s + 5) <= 2 && m >= 1 && m <= 12;
            }
            if (ok) {
                month_format(month_from_ym(y, m), tmp);
                write_json_string(out, tmp, strlen(tmp));
            } else {
                write_json_string(out, c->text, c->len); /* the record reader says what is wrong */
            }
            mem_free(s);
            return true;
        }
        ok = read_ymd(s, &y, &m, &d, &rest);
        if (ok && *rest) {
            ok = (*rest == ' ' || *rest == 'T') && read_hms(rest + 1, &h, &mi, &sec);
            has_time = true;
        }
        if (!ok || !date_valid_ymd(y, m, d)) {
            /* as in JSON: the record reader says what is wrong with the text */
            mem_free(s);
            write_json_string(out, c->text, c->len);
            return true;
        }
        mem_free(s);
        days = date_from_ymd(y, m, d);
        secs = (long)h * 3600 + mi * 60 + sec;
        has_time = has_time && secs != 0;
        has_date = true;
    }
    if (!has_date) {
        snprintf(why, cap, _("the cell is not %s (write %s)"), what, example);
        return false;
    }
    if (t->kind == T_DATE) {
        if (has_time) {
            snprintf(why, cap, _("the cell has a time of day, but the field is a date: give the date alone"));
            return false;
        }
        date_format(days, tmp);
    } else if (t->kind == T_MONTH) {
        int y, m, d;
        date_to_ymd(days, &y, &m, &d);
        if (d != 1 || has_time) {
            date_format(days, tmp);
            snprintf(why, cap, _("the cell is the date %s, but the field is a month: write %04d-%02d (as text)"), tmp, y, m);
            return false;
        }
        month_format(month_from_ym(y, m), tmp);
    } else {
        datetime_format(datetime_from_parts(days, (int)(secs / 3600), (int)(secs / 60 % 60), (int)(secs % 60)), tmp);
    }
    write_json_string(out, tmp, strlen(tmp));
    return true;
}

/* ---- booleans and text -------------------------------------------------------------- */

static bool bool_json(const sheet_cell *c, buf *out, char *why, size_t cap)
{
    if (c->kind == CELL_BOOL) {
        buf_puts(out, strcmp(c->text, "1") == 0 ? "true" : "false");
        return true;
    }
    if (c->kind == CELL_TEXT) {
        char *s = plain_text(c->text, c->len);
        int v = strcasecmp(s, "true") == 0 || strcmp(s, "是") == 0 ? 1 : strcasecmp(s, "false") == 0 || strcmp(s, "否") == 0 ? 0 : -1;
        if (v >= 0) {
            buf_puts(out, v ? "true" : "false");
            mem_free(s);
            return true;
        }
        snprintf(why, cap, _("\"%.40s\" is not yes or no (write TRUE or FALSE, 是 or 否)"), s);
        mem_free(s);
        return false;
    }
    snprintf(why, cap, _("the cell holds %s%.30s%s, not yes or no (write TRUE or FALSE, 是 or 否)"),
             c->kind == CELL_NUMBER ? _("the number ") : "", c->kind == CELL_NUMBER ? c->text : _("a value of another kind"), "");
    return false;
}

static bool text_json(const sheet_cell *c, buf *out, char *why, size_t cap)
{
    if (c->kind == CELL_TEXT) {
        write_json_string(out, c->text, c->len);
        return true;
    }
    if (c->kind == CELL_NUMBER && c->numfmt == NUMFMT_NONE) {
        plain_number n;
        if (read_plain_number(c->text, false, MAX_EXCEL_DIGITS, &n)) {
            write_json_string(out, n.text, strlen(n.text));
            mem_free(n.text);
            return true;
        }
    }
    if (c->kind == CELL_NUMBER)
        snprintf(why, cap,
                 _("the cell holds the number %.30s%s, where text is wanted: format the column as Text (文本) and type "
                 "it again (an id such as 007 typed as a number loses its zeros)"),
                 c->text, c->numfmt == NUMFMT_DATE ? _(" shown as a date") : c->numfmt == NUMFMT_OTHER ? _(" shown through a number format") : "");
    else
        snprintf(why, cap, _("the cell holds %s, where text is wanted: type the text"),
                 c->kind == CELL_BOOL ? "TRUE or FALSE" : "a date");
    return false;
}

/* ---- lists of plain values ------------------------------------------------------------ */

static bool list_json(const sheet_cell *c, const ktype *t, bool date1904, buf *out, char *why, size_t cap)
{
    if (c->kind != CELL_TEXT && !(c->kind == CELL_NUMBER && t->elem && type_is_numeric(t->elem))) {
        snprintf(why, cap, _("expected a list (values separated by commas, or a JSON list such as [true, false])"));
        return false;
    }
    char *s = plain_text(c->text, c->len);
    if (s[0] == '[') {
        cJSON *j = cJSON_ParseWithOpts(s, NULL, true);
        bool ok = cJSON_IsArray(j);
        cJSON_Delete(j);
        if (!ok) {
            snprintf(why, cap, "\"%.40s\" is not a JSON list", s);
            mem_free(s);
            return false;
        }
        for (char *p = s; *p; p++)
            if (*p == '\n' || *p == '\r' || *p == '\t') *p = ' ';
        buf_puts(out, s);
        mem_free(s);
        return true;
    }
    /* values separated by , ， 、 or ; */
    buf items = {0};
    buf_putc(&items, '[');
    size_t i = 0, n = strlen(s);
    int count = 0;
    bool ok = true;
    while (ok && i <= n && n > 0) {
        size_t j = i;
        int sep = 0;
        while (j < n) {
            if (s[j] == ',' || s[j] == ';') { sep = 1; break; }
            if (strncmp(s + j, "，", 3) == 0 || strncmp(s + j, "、", 3) == 0) { sep = 3; break; }
            j++;
        }
        sheet_cell part = {.col = c->col, .kind = CELL_TEXT, .text = s + i, .len = j - i, .numfmt = NUMFMT_NONE};
        if (count++) buf_putc(&items, ',');
        char inner[200];
        const ktype *et = t->elem ? t->elem : &type_text;
        ok = et->kind == T_BOOL ? bool_json(&part, &items, inner, sizeof inner)
             : type_is_numeric(et) ? number_json(&part, et, true, &items, inner, sizeof inner)
             : (et->kind == T_DATE || et->kind == T_MONTH || et->kind == T_DATETIME)
                 ? date_json(&part, et, date1904, &items, inner, sizeof inner)
                 : text_json(&part, &items, inner, sizeof inner);
        if (!ok) snprintf(why, cap, "entry %d: %s", count, inner);
        if (!sep) break;
        i = j + (size_t)sep;
    }
    buf_putc(&items, ']');
    if (ok) buf_put(out, items.data, items.len);
    buf_free(&items);
    mem_free(s);
    return ok;
}

bool cell_to_json(const sheet_cell *c, const ktype *t, bool date1904, buf *out, char *why, size_t cap)
{
    if (c->kind == CELL_ERROR) {
        snprintf(why, cap, _("the cell holds the error %.20s (a formula that failed): fix the formula or type the value"),
                 c->text);
        return false;
    }
    if (c->kind == CELL_NO_VALUE) {
        snprintf(why, cap, _("the cell has a formula whose value the file does not keep: open the workbook in Excel or "
                           "LibreOffice and save it again, or type the value"));
        return false;
    }
    switch (t->kind) {
    case T_INT:
    case T_DEC:
    case T_MONEY: return number_json(c, t, false, out, why, cap);
    case T_BOOL: return bool_json(c, out, why, cap);
    case T_DATE:
    case T_DATETIME:
    case T_MONTH: return date_json(c, t, date1904, out, why, cap);
    case T_LIST: return list_json(c, t, date1904, out, why, cap);
    case T_TEXT:
    case T_ENUM: return text_json(c, out, why, cap);
    default:
        snprintf(why, cap, _("this kind of field cannot be given in a cell"));
        return false;
    }
}
