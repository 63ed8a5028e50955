/*
 * jsonin_scan.c — the strict JSON scanner behind jsonin.
 *
 * An iterative state machine (nesting is a bit stack, never recursion) that
 * checks RFC 8259 syntax and UTF-8 over a window of bytes, and stops when the
 * window ends so the reader can slide in more.  Strings, where most bytes
 * are, go eight bytes at a time while they are plain ASCII.
 */
#include "jsonin_scan.h"
#include "source.h"
#include "i18n.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

enum scan_state {
    ST_TOP,          /* the top-level value */
    ST_ARRAY_FIRST,  /* after '[': a value or ']' */
    ST_ARRAY_NEXT,   /* after ',' in an array: a value */
    ST_MEMBER_VALUE, /* after ':': a value */
    ST_OBJECT_FIRST, /* after '{': a key or '}' */
    ST_OBJECT_NEXT,  /* after ',' in an object: a key */
    ST_COLON,        /* after a key: ':' */
    ST_AFTER_VALUE,  /* after a value in a container: ',' or its closer */
    ST_STRING,       /* inside a string; s->string_is_key says which kind */
    ST_DONE          /* the top-level value is complete */
};

/* What a sub-scanner (string, number, literal) made of its token. */
enum { SUB_ERROR = SCAN_SUB_ERROR, SUB_MORE = SCAN_SUB_MORE, SUB_DONE = SCAN_SUB_DONE };

static size_t win_offset(const scan_window *w, const unsigned char *p)
{
    return w->base + (size_t)(p - w->start);
}

/* ---- errors ------------------------------------------------------------ */

static int scan_fail(jsonin_scanner *s, size_t pos, const char *msg)
{
    s->err_pos = pos;
    snprintf(s->err_msg, sizeof s->err_msg, "%s", _(msg)); /* looked up here: callers give the English */
    return SUB_ERROR;
}

__attribute__((format(printf, 3, 4)))
static int scan_failf(jsonin_scanner *s, size_t pos, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    s->err_pos = pos;
    vsnprintf(s->err_msg, sizeof s->err_msg, _(fmt), ap);
    va_end(ap);
    return SUB_ERROR;
}

/* Notes valid JSON that a record may not hold (the first such spot only). */
__attribute__((format(printf, 3, 4)))
static void scan_refuse(jsonin_scanner *s, size_t pos, const char *fmt, ...)
{
    if (s->content_pos != SCAN_NO_POS)
        return;
    va_list ap;
    va_start(ap, fmt);
    s->content_pos = pos;
    vsnprintf(s->content_msg, sizeof s->content_msg, _(fmt), ap);
    va_end(ap);
}

/* The window ended inside a token: wait for more, or fail at end of input. */
static int scan_need_more(jsonin_scanner *s, const scan_window *w, const char *msg)
{
    if (!w->eof)
        return SUB_MORE;
    return scan_fail(s, win_offset(w, w->end), msg);
}

/* ---- nesting ----------------------------------------------------------- */

static bool scan_in_object(const jsonin_scanner *s)
{
    int d = s->depth - 1;
    return (s->objects[d >> 6] >> (d & 63)) & 1u;
}

static void scan_push_at(jsonin_scanner *s, int d, bool object)
{
    uint64_t bit = (uint64_t)1 << (d & 63);
    if (object)
        s->objects[d >> 6] |= bit;
    else
        s->objects[d >> 6] &= ~bit;
}

static void scan_push(jsonin_scanner *s, bool object)
{
    scan_push_at(s, s->depth++, object);
}

/* ---- UTF-8 ------------------------------------------------------------- */

/* Checks the multi-byte sequence whose lead byte (>= 0x80) is at p, by the
 * table of RFC 3629 section 4.  Returns its length, SUB_MORE when the window
 * ends inside it, or SUB_ERROR. */
static int scan_utf8_strict(jsonin_scanner *s, const unsigned char *p, const scan_window *w);

/* As scan_utf8_strict; where UTF-8 breaks on what looks like a GBK
 * character, the message says how to save the file. */
static int scan_utf8(jsonin_scanner *s, const unsigned char *p, const scan_window *w)
{
    int n = scan_utf8_strict(s, p, w);
    if (n == SUB_ERROR && p + 1 < w->end && looks_like_gbk((const char *)p, 2))
    {
        size_t len = strlen(s->err_msg);
        snprintf(s->err_msg + len, sizeof s->err_msg - len, _("; saved as GBK? save it as UTF-8"));
    }
    return n;
}

static int scan_utf8_strict(jsonin_scanner *s, const unsigned char *p, const scan_window *w)
{
    unsigned char lead = p[0], lo = 0x80, hi = 0xBF;
    size_t at = win_offset(w, p);
    int n;
    if (lead < 0xC0)
        return scan_failf(s, at, "invalid UTF-8 (unexpected continuation byte 0x%02X)", lead);
    if (lead < 0xC2)
        return scan_failf(s, at, "invalid UTF-8 (overlong encoding, lead byte 0x%02X)", lead);
    if (lead < 0xE0) {
        n = 2;
    } else if (lead < 0xF0) {
        n = 3;
        lo = lead == 0xE0 ? 0xA0 : 0x80;
        hi = lead == 0xED ? 0x9F : 0xBF;
    } else if (lead < 0xF5) {
        n = 4;
        lo = lead == 0xF0 ? 0x90 : 0x80;
        hi = lead == 0xF4 ? 0x8F : 0xBF;
    } else {
        return scan_failf(s, at, "invalid UTF-8 (byte 0x%02X never occurs in UTF-8)", lead);
    }
    for (int i = 1; i < n; i++) {
        if (p + i == w->end) {
            if (!w->eof)
                return SUB_MORE;
            return scan_failf(s, at, "invalid UTF-8 (sequence starting 0x%02X cut off by the end of input)",
                              lead);
        }
        unsigned char c = p[i];
        if (c < 0x80 || c > 0xBF) {
            if (i == 1)
                return scan_failf(s, at, "invalid UTF-8 (byte 0x%02X not followed by a continuation byte)",
                                  lead);
            return scan_failf(s, at, "invalid UTF-8 (sequence starting 0x%02X cut short by byte 0x%02X)",
                              lead, c);
        }
        if (i == 1 && (c < lo || c > hi)) {
            if (lead == 0xED)
                return scan_failf(s, at, "invalid UTF-8 (UTF-16 surrogate encoded as 0xED 0x%02X)", c);
            if (lead == 0xF4)
                return scan_failf(s, at, "invalid UTF-8 (code point above U+10FFFF, 0xF4 0x%02X)", c);
            return scan_failf(s, at, "invalid UTF-8 (overlong encoding 0x%02X 0x%02X)", lead, c);
        }
    }
    return n;
}

/* ---- strings ----------------------------------------------------------- */

#define SWAR_ONES  0x0101010101010101ULL
#define SWAR_HIGHS 0x8080808080808080ULL

static inline bool string_byte_plain(unsigned char c)
{
    return c >= 0x20 && c < 0x80 && c != '"' && c != '\\';
}

/* A mask with the high bit set in each of the 8 bytes of v that needs a
 * closer look: a quote, a backslash, a control character or a non-ASCII
 * byte.  Borrows can flag bytes above a true match, never below one, so the
 * lowest flagged byte is exact. */
static inline uint64_t string_word_special(uint64_t v)
{
    uint64_t quote = v ^ (SWAR_ONES * '"'), slash = v ^ (SWAR_ONES * '\\');
    uint64_t found = v;                                    /* high bit: >= 0x80 */
    found |= (v - SWAR_ONES * 0x20) & ~v;                  /* < 0x20 */
    found |= (quote - SWAR_ONES) & ~quote;                 /* == '"' */
    found |= (slash - SWAR_ONES) & ~slash;                 /* == '\\' */
    return found & SWAR_HIGHS;
}

/* Moves p to the first byte of [p, e) that is not plain string text. */
static inline const unsigned char *string_skip_plain(const unsigned char *p, const unsigned char *e)
{
    while (e - p >= 8) {
        uint64_t v, special;
        memcpy(&v, p, 8);
        special = string_word_special(v);
        if (special) {
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
            return p + (__builtin_ctzll(special) >> 3);
#else
            break;
#endif
        }
        p += 8;
    }
    while (p < e && string_byte_plain(*p))
        p++;
    return p;
}

static int hex_digit(unsigned char c)
{
    if (c >= '0' && c <= '9')
        return c - '0';
    if (c >= 'a' && c <= 'f')
        return c - 'a' + 10;
    if (c >= 'A' && c <= 'F')
        return c - 'A' + 10;
    return -1;
}

/* The value of four hex digits at p, or -1. */
static long hex4(const unsigned char *p)
{
    long v = 0;
    for (int i = 0; i < 4; i++) {
        int d = hex_digit(p[i]);
        if (d < 0)
            return -1;
        v = v * 16 + d;
    }
    return v;
}

/* An escape at *pp (the backslash).  A \u escape of NUL or of half a
 * surrogate pair is valid JSON but no record may hold it: noted, not an
 * error. */
static int scan_escape(jsonin_scanner *s, const unsigned char **pp, const scan_window *w)
{
    const unsigned char *p = *pp;
    size_t avail = (size_t)(w->end - p), at = win_offset(w, p);
    s->flags |= SCAN_F_ESCAPE;
    if (avail < 2)
        return scan_need_more(s, w, "invalid JSON: unterminated string");
    switch (p[1]) {
    case '"': case '\\': case '/': case 'b': case 'f': case 'n': case 'r': case 't':
        *pp = p + 2;
        return SUB_DONE;
    case 'u':
        break;
    default:
        if (p[1] > 0x20 && p[1] < 0x7F)
            return scan_failf(s, at, "invalid JSON: invalid escape '\\%c' in a string", p[1]);
        return scan_fail(s, at, "invalid JSON: invalid escape in a string");
    }
    if (avail < 6 && !w->eof)
        return SUB_MORE;
    long v = avail < 6 ? -1 : hex4(p + 2);
    if (v < 0)
        return scan_fail(s, at, "invalid JSON: \\u not followed by four hex digits");
    if (v >= 0xD800 && v <= 0xDBFF) {
        if (avail < 12 && !w->eof)
            return SUB_MORE;
        if (avail >= 12 && p[6] == '\\' && p[7] == 'u') {
            long low = hex4(p + 8);
            if (low >= 0xDC00 && low <= 0xDFFF) {
                *pp = p + 12;
                return SUB_DONE;
            }
        }
        scan_refuse(s, at, "unpaired surrogate \\u%04lX in a string is not allowed", v);
    } else if (v >= 0xDC00 && v <= 0xDFFF) {
        scan_refuse(s, at, "unpaired surrogate \\u%04lX in a string is not allowed", v);
    } else if (v == 0) {
        scan_refuse(s, at, "\\u0000 (NUL) in a string is not allowed");
    }
    *pp = p + 6;
    return SUB_DONE;
}

/* The rest of a string, from *pp (just after the opening quote, or where the
 * last window ended) through its closing quote.  On SUB_MORE, *pp is the start
 * of the character or escape that the window cut. */
static int scan_string(jsonin_scanner *s, const unsigned char **pp, const scan_window *w)
{
    const unsigned char *p = *pp, *e = w->end;
    for (;;) {
        p = string_skip_plain(p, e);
        if (p == e) {
            *pp = p;
            return scan_need_more(s, w, "invalid JSON: unterminated string");
        }
        unsigned char c = *p;
        if (c == '"') {
            *pp = p + 1;
            return SUB_DONE;
        }
        if (c == '\\') {
            int r = scan_escape(s, &p, w);
            if (r != SUB_DONE) {
                *pp = p;
                return r;
            }
            continue;
        }
        if (c < 0x20) {
            if (c == '\n')
                return scan_fail(s, win_offset(w, p), "invalid JSON: line break inside a string");
            return scan_failf(s, win_offset(w, p),
                              "invalid JSON: control character 0x%02X inside a string", c);
        }
        /* the common well-formed two- and three-byte forms (Chinese text is
           E4..E9 xx xx) need no more than this */
        if (c >= 0xC2 && c < 0xE0 && e - p >= 2 && (p[1] & 0xC0) == 0x80) {
            p += 2;
            continue;
        }
        if (c >= 0xE1 && c < 0xF0 && c != 0xED && e - p >= 3 && (p[1] & 0xC0) == 0x80 &&
            (p[2] & 0xC0) == 0x80) {
            p += 3;
            continue;
        }
        int n = scan_utf8(s, p, w);
        if (n <= 0) {
            *pp = p;
            return n;
        }
        p += n;
    }
}

/* ---- numbers and literals ---------------------------------------------- */

static inline bool is_digit(unsigned char c)
{
    return c >= '0' && c <= '9';
}

static const unsigned char *skip_digits(const unsigned char *p, const unsigned char *e)
{
    while (p < e && is_digit(*p))
        p++;
    return p;
}

/* number = [ "-" ] ( "0" / digit1-9 *digit ) [ "." 1*digit ] [ ("e"/"E") ["+"/"-"] 1*digit ]
 * A number is rescanned from its first byte when the window cuts it. */
static int scan_number(jsonin_scanner *s, const unsigned char **pp, const scan_window *w)
{
    const unsigned char *start = *pp, *p = start, *e = w->end;
    const char *eoi = N_("invalid JSON: unexpected end of input inside a number");
    if (*p == '-' && ++p == e)
        return scan_need_more(s, w, eoi);
    if (*p == '0') {
        p++;
        if (p < e && is_digit(*p))
            return scan_fail(s, win_offset(w, p - 1), "invalid JSON: leading zero in a number");
    } else if (is_digit(*p)) {
        p = skip_digits(p, e);
    } else {
        return scan_fail(s, win_offset(w, p), "invalid JSON: expected a digit after '-'");
    }
    if (p < e && *p == '.') {
        if (++p == e)
            return scan_need_more(s, w, eoi);
        if (!is_digit(*p))
            return scan_fail(s, win_offset(w, p), "invalid JSON: expected a digit after '.'");
        p = skip_digits(p, e);
    }
    if (p < e && (*p == 'e' || *p == 'E')) {
        s->flags |= SCAN_F_EXPONENT;
        if (++p < e && (*p == '+' || *p == '-'))
            p++;
        if (p == e)
            return scan_need_more(s, w, eoi);
        if (!is_digit(*p))
            return scan_fail(s, win_offset(w, p), "invalid JSON: expected a digit in the exponent");
        p = skip_digits(p, e);
    }
    if (p == e && !w->eof)
        return SUB_MORE;                    /* more digits may follow */
    if (p - start > 15) {
        s->flags |= SCAN_F_MANY_DIGITS;
        if (p - start > SCAN_CJSON_NUMBER_MAX)
            s->flags |= SCAN_F_LONG_NUMBER;
    }
    *pp = p;
    return SUB_DONE;
}

static int scan_literal(jsonin_scanner *s, const unsigned char **pp, const scan_window *w,
                        const char *word)
{
    const unsigned char *p = *pp;
    size_t n = strlen(word), avail = (size_t)(w->end - p), k = avail < n ? avail : n;
    if (memcmp(p, word, k) != 0 || (k < n && w->eof))
        return scan_fail(s, win_offset(w, p),
                         "invalid JSON: expected a value (true, false, null, a number, a string, '[' or '{')");
    if (k < n)
        return SUB_MORE;
    *pp = p + n;
    return SUB_DONE;
}

/* ---- the state machine --------------------------------------------------- */

static const char *scan_expected(const jsonin_scanner *s, int state)
{
    switch (state) {
    case ST_ARRAY_FIRST:
        return _("a value or ']'");
    case ST_OBJECT_FIRST:
        return _("a string key or '}'");
    case ST_OBJECT_NEXT:
        return _("a string key");
    case ST_COLON:
        return "':'";
    case ST_AFTER_VALUE:
        return scan_in_object(s) ? "',' or '}'" : "',' or ']'";
    default:
        return _("a value");
    }
}

static int scan_fail_at_end(jsonin_scanner *s, int state, size_t pos)
{
    return scan_failf(s, pos, "invalid JSON: unexpected end of input, expected %s",
                      scan_expected(s, state));
}

/* A byte-order mark where a record should start (a later line of NDJSON
 * made by joining files, say) is named as such. */
static bool scan_is_bom(const unsigned char *p, const scan_window *w)
{
    return w->end - p >= 3 && p[0] == 0xEF && p[1] == 0xBB && p[2] == 0xBF;
}

static const char BOM_HERE[] = N_("invalid JSON: a byte-order mark (bytes EF BB BF) before this record; only the start of "
                               "the input may have one (were files joined?)");

/* A byte that cannot start what `state` expects. */
static int scan_fail_unexpected(jsonin_scanner *s, int state, unsigned char c, size_t pos)
{
    switch (state) {
    case ST_ARRAY_NEXT:
        if (c == ']')
            return scan_fail(s, pos, "invalid JSON: trailing comma before ']'");
        return scan_fail(s, pos, "invalid JSON: expected a value after ','");
    case ST_OBJECT_NEXT:
        if (c == '}')
            return scan_fail(s, pos, "invalid JSON: trailing comma before '}'");
        return scan_fail(s, pos, "invalid JSON: expected a string key after ','");
    case ST_OBJECT_FIRST:
        return scan_fail(s, pos, "invalid JSON: expected a string key or '}' after '{'");
    case ST_COLON:
        return scan_fail(s, pos, "invalid JSON: expected ':' after an object key");
    case ST_AFTER_VALUE:
        return scan_fail(s, pos, scan_in_object(s)
                                     ? "invalid JSON: expected ',' or '}' after an object member"
                                     : N_("invalid JSON: expected ',' or ']' after an array element"));
    case ST_MEMBER_VALUE:
        return scan_fail(s, pos, "invalid JSON: expected a value after ':'");
    case ST_ARRAY_FIRST:
        return scan_fail(s, pos, "invalid JSON: expected a value or ']' after '['");
    default:
        return scan_fail(s, pos,
                         "invalid JSON: expected a value (true, false, null, a number, a string, '[' or '{')");
    }
}

void jsonin_scan_reset(jsonin_scanner *s, size_t pos, bool elements)
{
    s->pos = pos;
    s->elem_start = pos;
    s->err_pos = SCAN_NO_POS;
    s->err_msg[0] = '\0';
    s->state = ST_TOP;
    s->depth = 0;
    s->elements = elements;
    s->in_element = false;
    s->string_is_key = false;
    jsonin_scan_clear(s);
}

void jsonin_scan_clear(jsonin_scanner *s)
{
    s->flags = 0;
    s->content_pos = SCAN_NO_POS;
    s->content_msg[0] = '\0';
}

/* A value starts at *pp (not whitespace).  Opens a container, enters a
 * string, or scans a whole number or literal; sets *state for what follows
 * (ST_AFTER_VALUE meaning "a scalar just ended"). */
static int scan_value_start(jsonin_scanner *s, const unsigned char **pp, const scan_window *w, int *state)
{
    unsigned char c = **pp;
    int r;
    switch (c) {
    case '{':
    case '[':
        if (s->depth == JSONIN_MAX_DEPTH)
            return scan_failf(s, win_offset(w, *pp), "invalid JSON: nesting deeper than %d levels",
                              JSONIN_MAX_DEPTH);
        scan_push(s, c == '{');
        ++*pp;
        *state = c == '{' ? ST_OBJECT_FIRST : ST_ARRAY_FIRST;
        return SUB_DONE;
    case '"':
        ++*pp;
        s->string_is_key = false;
        *state = ST_STRING;
        return SUB_DONE;
    case 't':
        r = scan_literal(s, pp, w, "true");
        break;
    case 'f':
        r = scan_literal(s, pp, w, "false");
        break;
    case 'n':
        r = scan_literal(s, pp, w, "null");
        break;
    default:
        if (c == '-' || is_digit(c))
            r = scan_number(s, pp, w);
        else if (*state == ST_TOP && c == 0xEF && w->end - *pp < 3 && !w->eof)
            return SUB_MORE;                /* a byte-order mark, perhaps */
        else if (*state == ST_TOP && scan_is_bom(*pp, w))
            return scan_fail(s, win_offset(w, *pp), BOM_HERE);
        else
            return scan_fail_unexpected(s, *state, c, win_offset(w, *pp));
    }
    if (r == SUB_DONE)
        *state = ST_AFTER_VALUE;
    return r;
}

scan_status jsonin_scan_run(jsonin_scanner *s, const unsigned char *window, size_t base, size_t end,
                     bool eof)
{
    scan_window w = {window, window + (end - base), base, eof};
    const unsigned char *p = window + (s->pos - base);
    int st = s->state, r;

    if (st == ST_DONE)
        return SCAN_VALUE;
    for (;;) {
        if (st == ST_STRING) {
            r = scan_string(s, &p, &w);
            if (r != SUB_DONE)
                goto stop;
            if (s->string_is_key) {
                st = ST_COLON;
                continue;
            }
            goto value_done;
        }
        if (p < w.end && *p <= ' ')     /* records are mostly without space */
            while (p < w.end && (*p == ' ' || *p == '\n' || *p == '\r' || *p == '\t'))
                p++;
        if (p == w.end) {
            if (eof) {
                scan_fail_at_end(s, st, end);
                return SCAN_ERROR;
            }
            r = SUB_MORE;
            goto stop;
        }
        unsigned char c = *p;
        switch (st) {
        case ST_COLON:
            if (c != ':')
                goto unexpected;
            p++;
            st = ST_MEMBER_VALUE;
            continue;
        case ST_AFTER_VALUE:
            if (c == ',') {
                p++;
                st = scan_in_object(s) ? ST_OBJECT_NEXT : ST_ARRAY_NEXT;
                continue;
            }
            if (c != (scan_in_object(s) ? '}' : ']'))
                goto unexpected;
            p++;
            s->depth--;
            goto value_done;
        case ST_OBJECT_FIRST:
            if (c == '}') {
                p++;
                s->depth--;
                goto value_done;
            }
            /* fall through */
        case ST_OBJECT_NEXT:
            if (c != '"')
                goto unexpected;
            p++;
            s->string_is_key = true;
            st = ST_STRING;
            continue;
        case ST_ARRAY_FIRST:
            if (c == ']') {
                p++;
                s->depth--;
                goto value_done;
            }
            break;
        default:
            break;
        }
        /* a value starts at p */
        if (s->elements && s->depth == 1) {
            s->elem_start = win_offset(&w, p);
            s->in_element = true;
        }
        /* On SUB_MORE a number or literal leaves p at its start, to be
           scanned again whole. */
        r = scan_value_start(s, &p, &w, &st);
        if (r != SUB_DONE)
            goto stop;
        if (st != ST_AFTER_VALUE)
            continue;                       /* opened a container or a string */
    value_done:
        if (s->depth == 0) {
            s->state = ST_DONE;
            s->pos = win_offset(&w, p);
            return SCAN_VALUE;
        }
        st = ST_AFTER_VALUE;
        if (s->elements && s->depth == 1) {
            s->in_element = false;
            s->state = st;
            s->pos = win_offset(&w, p);
            return SCAN_ELEMENT;
        }
        continue;
    unexpected:
        scan_fail_unexpected(s, st, c, win_offset(&w, p));
        return SCAN_ERROR;
    }
stop:
    if (r == SUB_ERROR)
        return SCAN_ERROR;
    s->state = st;
    s->pos = win_offset(&w, p);
    return SCAN_MORE;
}

/* ---- single tokens ------------------------------------------------------- */

int jsonin_scan_string(jsonin_scanner *s, const unsigned char **pp, const scan_window *w)
{
    return scan_string(s, pp, w);
}

int jsonin_scan_number(jsonin_scanner *s, const unsigned char **pp, const scan_window *w)
{
    return scan_number(s, pp, w);
}

int jsonin_scan_literal(jsonin_scanner *s, const unsigned char **pp, const scan_window *w, const char *word)
{
    return scan_literal(s, pp, w, word);
}

/* The scanner's state for a context (the object/array bit of the two
 * "after" contexts is the innermost level's). */
static int scan_state_of(jsonin_scanner *s, scan_context ctx)
{
    switch (ctx) {
    case SCAN_AT_ARRAY_FIRST: return ST_ARRAY_FIRST;
    case SCAN_AT_ARRAY_NEXT: return ST_ARRAY_NEXT;
    case SCAN_AT_MEMBER_VALUE: return ST_MEMBER_VALUE;
    case SCAN_AT_OBJECT_FIRST: return ST_OBJECT_FIRST;
    case SCAN_AT_OBJECT_NEXT: return ST_OBJECT_NEXT;
    case SCAN_AT_COLON: return ST_COLON;
    case SCAN_AT_AFTER_MEMBER:
    case SCAN_AT_AFTER_ELEMENT:
        s->depth = 1;
        scan_push_at(s, 0, ctx == SCAN_AT_AFTER_MEMBER);
        return ST_AFTER_VALUE;
    case SCAN_AT_TOP:
    default: return ST_TOP;
    }
}

void jsonin_scan_unexpected(jsonin_scanner *s, scan_context ctx, const unsigned char *p, const scan_window *w)
{
    int state = scan_state_of(s, ctx);
    size_t pos = win_offset(w, p);
    if (p == w->end) {
        scan_fail_at_end(s, state, pos);
        return;
    }
    if (state == ST_TOP && scan_is_bom(p, w)) {
        scan_fail(s, pos, BOM_HERE);
        return;
    }
    scan_fail_unexpected(s, state, *p, pos);
}

void jsonin_scan_too_deep(jsonin_scanner *s, size_t pos)
{
    scan_failf(s, pos, "invalid JSON: nesting deeper than %d levels", JSONIN_MAX_DEPTH);
}
