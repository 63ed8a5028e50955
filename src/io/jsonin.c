/*
 * jsonin.c — reading agent records from a JSON array or NDJSON, in bounded memory.
 *
 * A window over the input (a growing buffer over a stream, or the caller's
 * memory) is checked by the strict scanner of jsonin_scan.c, and each
 * record's bytes then go to cJSON — or, in deferred mode, to the caller as
 * text, and an NDJSON line whose brackets balance goes out as it is, for
 * the record reader to check.  Positions are absolute byte offsets; lines
 * are counted only as bytes leave the window, or for a message.
 */
#include "jsonin.h"

#include <errno.h>
#include <locale.h>
#include <math.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/types.h>

#include "json_numtext.h"
#include "jsonin_scan.h"
#include "line_balance.h"
#include "sha256.h"
#include "mem.h"
#include "i18n.h"

#define JSONIN_CHUNK ((size_t)64 * 1024)

enum jsonin_phase {
    PH_START,  /* nothing read yet */
    PH_NDJSON, /* handing out lines */
    PH_ARRAY,  /* the array is valid; handing out its elements */
    PH_DONE,   /* JSONIN_END from now on */
    PH_FAILED  /* JSONIN_FATAL from now on */
};

struct jsonin {
    char *name;
    FILE *stream;             /* the caller's stream, or NULL for memory */
    FILE *src;                /* where bytes come from: stream or spill */
    FILE *spill;              /* copy of an array read from a pipe */
    void *spill_held;         /* its mem_hold token (closed should a call fail) */
    bool copying;             /* bytes read are also written to spill */
    off_t origin;             /* stream position of offset 0; -1: cannot seek */
    unsigned char *buf;       /* the window's storage (streams) */
    size_t cap;
    const unsigned char *win; /* the window: input bytes [base, end) */
    size_t base, end;
    bool eof;                 /* nothing follows end */
    enum jsonin_phase phase;
    bool is_array;
    size_t pos;               /* where the next record is looked for */
    size_t index;             /* records handed out */
    size_t line_pos;          /* line cursor: offset line_pos is on line */
    size_t line_no;           /* line_no, which starts at offset line_start */
    size_t line_start;
    size_t array_start, array_line, array_line_start;
    jsonin_scanner sc;
    char *scratch;            /* a record with numbers rewritten for cJSON */
    size_t scratch_cap;
    char error[512];
    sha256_ctx digest;        /* of the input bytes, each counted once */
    size_t digested;          /* offsets below this are in digest */
    bool hashing;             /* digest wanted (jsonin_hash_input) */
    bool deferred;            /* hand out checked text, not parsed records */
};

/* ---- opening and closing ------------------------------------------------- */

static jsonin *reader_new(const char *name)
{
    jsonin *in = mem_calloc(1, sizeof *in); /* mem_* never return NULL (mem.h) */
    in->name = mem_strdup(name ? name : "<input>");
    in->phase = PH_START;
    in->line_no = 1;
    in->origin = -1;
    sha256_init(&in->digest);
    return in;
}

jsonin *jsonin_open_stream(FILE *f, const char *name)
{
    jsonin *in = reader_new(name);
    in->stream = in->src = f;
    in->cap = JSONIN_CHUNK;
    in->buf = mem_alloc(in->cap);
    in->win = in->buf;
    /* Seeking back to here is how an array is read a second time. */
    in->origin = ftello(f);
    if (in->origin >= 0 && fseeko(f, in->origin, SEEK_SET) != 0)
        in->origin = -1;
    return in;
}

jsonin *jsonin_open_buffer(const char *buf, size_t len, const char *name)
{
    static const unsigned char empty[1];
    jsonin *in = reader_new(name);
    in->win = buf ? (const unsigned char *)buf : empty;
    in->end = buf ? len : 0;
    in->eof = true;
    return in;
}

void jsonin_hash_input(jsonin *in)
{
    if (!in || in->hashing) return;
    in->hashing = true;
    if (!in->stream) { /* a buffer: all of it is there already */
        sha256_update(&in->digest, in->win, in->end);
        in->digested = in->end;
    }
}

void jsonin_close(jsonin *in)
{
    if (!in)
        return;
    if (in->spill) {
        mem_release(in->spill_held);
        fclose(in->spill);
    }
    mem_free(in->buf);
    mem_free(in->scratch);
    mem_free(in->name);
    mem_free(in);
}

bool jsonin_is_array(const jsonin *in)
{
    return in->is_array;
}

void jsonin_ndjson_only(jsonin *in)
{
    in->phase = PH_NDJSON;
}

const char *jsonin_error(const jsonin *in)
{
    return in->error;
}

bool jsonin_sha256(const jsonin *in, unsigned char out[32])
{
    if (!in->eof || in->digested < in->end)
        return false;
    if (!in->hashing) return false;
    sha256_ctx c = in->digest;
    sha256_final(&c, out);
    return true;
}

/* ---- failure ------------------------------------------------------------- */

__attribute__((format(printf, 2, 3)))
static jsonin_status reader_fatal(jsonin *in, const char *fmt, ...)
{
    int n = snprintf(in->error, sizeof in->error, "%s: ", in->name);
    if (n < 0 || (size_t)n >= sizeof in->error)
        n = 0;
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(in->error + n, sizeof in->error - (size_t)n, _(fmt), ap);
    va_end(ap);
    in->phase = PH_FAILED;
    return JSONIN_FATAL;
}

/* ---- lines --------------------------------------------------------------- */

/* Line and column (1-based, in bytes) of offset `at`, which must not lie
 * before the start of the cursor's line, nor past the window. */
static void lines_locate(const jsonin *in, size_t at, size_t *line, size_t *col)
{
    size_t no = in->line_no, start = in->line_start;
    if (at > in->line_pos) {
        const unsigned char *p = in->win + (in->line_pos - in->base);
        const unsigned char *e = in->win + (at - in->base), *nl;
        while ((nl = memchr(p, '\n', (size_t)(e - p))) != NULL) {
            no++;
            p = nl + 1;
            start = in->base + (size_t)(p - in->win);
        }
    }
    *line = no;
    *col = at - start + 1;
}

/* Moves the line cursor forward to offset `to` (a no-op when behind it). */
static void lines_advance(jsonin *in, size_t to)
{
    if (to <= in->line_pos)
        return;
    const unsigned char *p = in->win + (in->line_pos - in->base);
    const unsigned char *e = in->win + (to - in->base), *nl;
    while ((nl = memchr(p, '\n', (size_t)(e - p))) != NULL) {
        in->line_no++;
        p = nl + 1;
        in->line_start = in->base + (size_t)(p - in->win);
    }
    in->line_pos = to;
}

/* Offset of the first byte of the line holding `at`. */
static size_t lines_start_of(const jsonin *in, size_t at)
{
    size_t line, col;
    lines_locate(in, at, &line, &col);
    return at - (col - 1);
}

/* ---- the window ------------------------------------------------------------ */

/* Reads more input.  Bytes before `keep` may leave the window (their lines
 * are counted first); the buffer doubles when what is kept fills more than
 * half of it.  Sets in->eof at the end of input.  False on an error. */
static bool reader_fill(jsonin *in, size_t keep)
{
    if (in->eof)
        return true;
    lines_advance(in, keep);
    size_t kept = in->end - keep;
    if (keep > in->base) {
        memmove(in->buf, in->buf + (keep - in->base), kept);
        in->base = keep;
    }
    if (kept > in->cap / 2) {
        unsigned char *grown = in->cap <= SIZE_MAX / 2 ? mem_realloc(in->buf, in->cap * 2) : NULL;
        if (!grown) {
            reader_fatal(in, "out of memory (a record of over %zu bytes)", kept);
            return false;
        }
        in->buf = grown;
        in->cap *= 2;
    } else if (in->cap > 16 * JSONIN_CHUNK && kept < JSONIN_CHUNK) {
        in->buf = mem_realloc(in->buf, 2 * JSONIN_CHUNK);  /* after a huge record */
        in->cap = 2 * JSONIN_CHUNK;
    }
    in->win = in->buf;
    size_t want = in->cap - kept;
    size_t got = fread(in->buf + kept, 1, want, in->src);
    if (got < want) {
        if (ferror(in->src)) {
            int err = errno;
            reader_fatal(in, "read error: %s", strerror(err ? err : EIO));
            return false;
        }
        in->eof = true;
    }
    if (in->hashing && in->end + got > in->digested) { /* a second pass re-reads bytes already counted */
        size_t skip = in->digested > in->end ? in->digested - in->end : 0;
        sha256_update(&in->digest, in->buf + kept + skip, got - skip);
        in->digested = in->end + got;
    }
    if (in->copying && got > 0 && fwrite(in->buf + kept, 1, got, in->spill) != got) {
        reader_fatal(in, "cannot copy the input to a temporary file: %s", strerror(errno));
        return false;
    }
    in->end += got;
    return true;
}

/* Makes sure at least n bytes from `at` are in the window, unless the input
 * ends sooner. */
static bool reader_ensure(jsonin *in, size_t at, size_t n)
{
    while (in->end - at < n && !in->eof)
        if (!reader_fill(in, at))
            return false;
    return true;
}

static unsigned char reader_byte(const jsonin *in, size_t at)
{
    return in->win[at - in->base];
}

static bool is_json_space(unsigned char c)
{
    return c == ' ' || c == '\n' || c == '\r' || c == '\t';
}

/* Moves in->pos past whitespace (and blank lines). */
static bool reader_skip_space(jsonin *in)
{
    for (;;) {
        while (in->pos < in->end && is_json_space(reader_byte(in, in->pos)))
            in->pos++;
        if (in->pos < in->end || in->eof)
            return true;
        if (!reader_fill(in, in->pos))
            return false;
    }
}

/* ---- records ---------------------------------------------------------------- */

/* Fills in the error of a bad record: where (`at`) and why. */
static jsonin_status record_bad(const jsonin *in, jsonin_record *rec, size_t at, const char *why)
{
    size_t line, col;
    lines_locate(in, at, &line, &col);
    snprintf(rec->error, sizeof rec->error, "line %zu, column %zu (byte %zu): %s", line, col, at,
             why);
    return JSONIN_BAD_RECORD;
}

static void scratch_reserve(jsonin *in, size_t n)
{
    if (n <= in->scratch_cap)
        return;
    in->scratch = mem_realloc(in->scratch, n);
    in->scratch_cap = n;
}

static bool is_number_byte(char c)
{
    return (c >= '0' && c <= '9') || c == '-' || c == '+' || c == '.' || c == 'e' || c == 'E';
}

/* The double nearest the JSON number text[0..n), read as cJSON reads it
 * (strtod with the locale's decimal point). */
static double number_value(const char *text, size_t n)
{
    char small[SCAN_CJSON_NUMBER_MAX + 2];
    char *copy = n < sizeof small ? small : mem_alloc(n + 1);
    char point = localeconv()->decimal_point[0];
    for (size_t i = 0; i < n; i++)
        copy[i] = text[i] == '.' ? point : text[i];
    copy[n] = '\0';
    double d = strtod(copy, NULL);
    if (copy != small)
        mem_free(copy);
    return d;
}

/* Writes d (finite) so that it reads back as the same double: "%.17g" with
 * '.' as the decimal point.  Returns the length (at most 24). */
static size_t number_write(char *out, double d)
{
    char point = localeconv()->decimal_point[0];
    int n = snprintf(out, 32, "%.17g", d);
    for (int i = 0; i < n; i++)
        if (out[i] == point)
            out[i] = '.';
    return (size_t)n;
}

/* Offset just past the string that starts (with its quote) at text[i]. */
static size_t string_skip(const char *text, size_t i, size_t n)
{
    for (i++; i < n && text[i] != '"'; i++)
        if (text[i] == '\\')
            i++;
    return i + 1;
}

/* Checks the numbers of a valid record that the scanner flagged: one with an
 * exponent must not overflow a double; one longer than cJSON reads in full is
 * replaced (the record copied to in->scratch) by "%.17g" of its value, which
 * cJSON reads back as the same double.  True, or false with *bad the offset
 * of a number out of range. */
static bool record_fix_numbers(jsonin *in, const char **text, size_t *len, size_t *bad)
{
    const char *t = *text;
    size_t n = *len, out = 0;
    bool rewrite = (in->sc.flags & SCAN_F_LONG_NUMBER) != 0;
    if (rewrite)
        scratch_reserve(in, n + 1);
    for (size_t i = 0; i < n;) {
        size_t j = i;
        if (t[i] == '"') {
            j = string_skip(t, i, n);
        } else if (t[i] == '-' || (t[i] >= '0' && t[i] <= '9')) {
            bool exponent = false;
            for (; j < n && is_number_byte(t[j]); j++)
                if (t[j] == 'e' || t[j] == 'E')
                    exponent = true;
            bool too_long = j - i > SCAN_CJSON_NUMBER_MAX;
            if (exponent || too_long) {
                double d = number_value(t + i, j - i);
                if (!isfinite(d)) {
                    *bad = i;
                    return false;
                }
                if (too_long) {     /* out <= i and j - i > 63: room to spare */
                    out += number_write(in->scratch + out, d);
                    i = j;
                    continue;
                }
            }
        } else {
            j = i + 1;
        }
        if (rewrite)
            memcpy(in->scratch + out, t + i, j - i);
        out += j - i;
        i = j;
    }
    if (rewrite) {
        *text = in->scratch;
        *len = out;
    }
    return true;
}

/* Undoes a record's tree should a call fail while it is built (mem_hold). */
static void delete_json(void *j) { cJSON_Delete(j); }

/* Hands the checked bytes [start, stop) of the window to cJSON (or, in
 * deferred mode, to the caller, whose reader checks what the scanner only
 * noted). */
static jsonin_status record_parse(jsonin *in, jsonin_record *rec, size_t start, size_t stop)
{
    const char *text = (const char *)in->win + (start - in->base);
    size_t len = stop - start;
    const char *orig_text = text;
    size_t orig_len = len;
    if (in->deferred) {
        rec->text = text;
        rec->text_len = len;
        return JSONIN_RECORD;
    }
    if (in->sc.content_pos != SCAN_NO_POS)
        return record_bad(in, rec, in->sc.content_pos, in->sc.content_msg);
    if (in->sc.flags & (SCAN_F_EXPONENT | SCAN_F_LONG_NUMBER)) {
        size_t bad = 0;
        if (!record_fix_numbers(in, &text, &len, &bad))
            return record_bad(in, rec, start + bad, _("number out of range (it overflows a double)"));
    }
    cJSON *json = jsonin_parse(text, len, false);
    /* numbers a double may not hold keep their text, taken from the record
     * as written (not from the copy cJSON parsed), read exactly by input.c */
    if (json && (in->sc.flags & (SCAN_F_EXPONENT | SCAN_F_MANY_DIGITS))) {
        void *held = mem_hold(delete_json, json);
        json_keep_number_texts(json, orig_text, orig_len, false);
        mem_release(held);
    }
    if (!json)
        return record_bad(in, rec, start, _("out of memory while building the record"));
    rec->json = json;
    return JSONIN_RECORD;
}

cJSON *jsonin_parse(const char *text, size_t len, bool number_texts)
{
    const char *parse_end = NULL;
    cJSON *json = cJSON_ParseWithLengthOpts(text, len, &parse_end, false);
    if (json && parse_end != text + len) {
        cJSON_Delete(json);
        json = NULL;
    }
    /* numbers a double may not hold keep their text, read exactly (input.c) */
    if (json && number_texts) {
        void *held = mem_hold(delete_json, json);
        json_keep_number_texts(json, text, len, false);
        mem_release(held);
    }
    return json;
}

void jsonin_set_deferred(jsonin *in, bool deferred)
{
    in->deferred = deferred;
}

/* ---- NDJSON -------------------------------------------------------------- */

/* Whether the fault at `at` is the first thing on a line after the one the
 * record started on (a line cut short, then a good line whose start shows
 * the fault). */
static bool fault_starts_line(const jsonin *in, size_t start, size_t at)
{
    if (at >= in->end)
        return false;
    size_t line_start = lines_start_of(in, at);
    if (line_start <= start)
        return false;
    size_t p = line_start;
    while (p < at && is_json_space(reader_byte(in, p)))
        p++;
    return p == at;
}

/* After a bad record that started at `start`, with its fault at `at`: where
 * to look for the next one.  Normally after the end of the line holding the
 * fault.  But when the fault is the first thing on a later line than the
 * start (a line cut short, then a good line), that line starts afresh. */
static bool ndjson_resume(jsonin *in, size_t start, size_t at)
{
    if (fault_starts_line(in, start, at)) {
        in->pos = lines_start_of(in, at);
        return true;
    }
    size_t p = at;
    for (;;) {
        const unsigned char *from = in->win + (p - in->base);
        const unsigned char *nl = memchr(from, '\n', in->end - p);
        if (nl) {
            in->pos = in->base + (size_t)(nl - in->win) + 1;
            return true;
        }
        p = in->end;
        if (in->eof) {
            in->pos = p;
            return true;
        }
        if (!reader_fill(in, p))
            return false;
    }
}

/* Deferred mode: a bad record's bytes [start, at), kept (they may leave
 * the window) for the key that the caller may find in them. */
static void bad_prefix(jsonin *in, jsonin_record *rec, size_t start, size_t at)
{
    if (!in->deferred || at <= start)
        return;
    scratch_reserve(in, at - start + 1);
    memcpy(in->scratch, in->win + (start - in->base), at - start);
    rec->text = in->scratch;
    rec->text_len = at - start;
}

static jsonin_status ndjson_bad(jsonin *in, jsonin_record *rec, size_t start, size_t at,
                                const char *why)
{
    /* A bad value that ran on past the end of its first line is, in NDJSON,
     * that line cut short: the error is there, and the next line starts
     * afresh, so that a line cut short never costs the lines after it.
     * (When the fault is the very start of the next line, it is reported
     * there, as before: no line is lost either way.) */
    const unsigned char *first = in->win + (start - in->base);
    const unsigned char *nl = at > start ? memchr(first, '\n', at - start) : NULL;
    if (nl) {
        size_t eol = in->base + (size_t)(nl - in->win);
        if (!(fault_starts_line(in, start, at) && lines_start_of(in, at) == eol + 1)) {
            record_bad(in, rec, eol, _("invalid JSON: unexpected end of the line"));
            bad_prefix(in, rec, start, eol);
            in->pos = eol + 1;
            return JSONIN_BAD_RECORD;
        }
    }
    record_bad(in, rec, at, why);
    bad_prefix(in, rec, start, at);
    if (!ndjson_resume(in, start, at))
        return JSONIN_FATAL;
    return JSONIN_BAD_RECORD;
}

/* Deferred mode: hands out the line starting at `start` as it is, when its
 * brackets balance (true, with *st set); the record reader checks it.
 * False sends the line to the strict scanner. */
static bool ndjson_line(jsonin *in, jsonin_record *rec, size_t start, jsonin_status *st)
{
    size_t p = start, eol;
    for (;;) {
        const unsigned char *from = in->win + (p - in->base);
        const unsigned char *nl = memchr(from, '\n', in->end - p);
        if (nl) {
            eol = in->base + (size_t)(nl - in->win);
            break;
        }
        p = in->end;
        if (in->eof) {
            eol = in->end;
            break;
        }
        if (!reader_fill(in, start)) {
            *st = JSONIN_FATAL;
            return true;
        }
    }
    const unsigned char *s = in->win + (start - in->base);
    if (!line_balanced(s, in->win + (eol - in->base)))
        return false;
    size_t stop = eol < in->end ? eol + 1 : eol;
    rec->text = (const char *)s;
    rec->text_len = stop - start;
    in->pos = in->line_pos = stop;
    if (stop > eol) {               /* the line break: the next line */
        in->line_no++;
        in->line_start = stop;
    }
    *st = JSONIN_RECORD;
    return true;
}

/* The next record: a value starting on a fresh line, after which its line
 * must be blank.  (A value may span lines, as a pretty-printed object does.) */
static jsonin_status ndjson_next(jsonin *in, jsonin_record *rec)
{
    if (!reader_skip_space(in))
        return JSONIN_FATAL;
    if (in->pos == in->end) {
        in->phase = PH_DONE;
        return JSONIN_END;
    }
    size_t start = in->pos;
    lines_advance(in, start);
    rec->index = in->index++;
    rec->line = in->line_no;
    rec->offset = start;
    rec->column = start - in->line_start + 1;
    jsonin_status fast;
    if (in->deferred && ndjson_line(in, rec, start, &fast))
        return fast;

    jsonin_scan_reset(&in->sc, start, false);
    scan_status r;
    while ((r = jsonin_scan_run(&in->sc, in->win, in->base, in->end, in->eof)) == SCAN_MORE)
        if (!reader_fill(in, start))
            return JSONIN_FATAL;
    if (r == SCAN_ERROR)
        return ndjson_bad(in, rec, start, in->sc.err_pos, in->sc.err_msg);

    size_t stop = in->sc.pos, q = stop;
    for (;;) {
        if (q == in->end) {
            if (in->eof)
                break;
            if (!reader_fill(in, start))
                return JSONIN_FATAL;
            continue;
        }
        unsigned char c = reader_byte(in, q);
        if (c == '\n') {
            q++;
            break;
        }
        if (c != ' ' && c != '\t' && c != '\r')
            return ndjson_bad(in, rec, start, q, "invalid JSON: unexpected data after the value");
        q++;
    }
    jsonin_status st = record_parse(in, rec, start, stop);
    in->pos = q;
    return st;
}

/* ---- arrays -------------------------------------------------------------------- */

/* Where the array starts, for the second pass. */
static void array_mark_start(jsonin *in)
{
    in->is_array = true;
    in->array_start = in->pos;
    lines_advance(in, in->pos);
    in->array_line = in->line_no;
    in->array_line_start = in->line_start;
}

static void close_file(void *f) { fclose(f); }

/* A pipe cannot be read twice: from the '[' on, copy what is read. */
static jsonin_status array_start_copy(jsonin *in)
{
    in->spill = tmpfile();
    if (!in->spill)
        return reader_fatal(in, "cannot create a temporary file: %s", strerror(errno));
    in->spill_held = mem_hold(close_file, in->spill);
    size_t n = in->end - in->array_start;
    if (fwrite(in->win + (in->array_start - in->base), 1, n, in->spill) != n)
        return reader_fatal(in, "cannot copy the input to a temporary file: %s", strerror(errno));
    in->copying = true;
    return JSONIN_RECORD;
}

static jsonin_status array_fatal_at(jsonin *in, size_t at, const char *why)
{
    size_t line, col;
    lines_locate(in, at, &line, &col);
    return reader_fatal(in, "line %zu, column %zu (byte %zu): %s", line, col, at, why);
}

/* First pass: the whole array must be valid, with nothing but whitespace
 * after it.  Only the token being scanned stays in the window. */
static jsonin_status array_validate(jsonin *in)
{
    jsonin_scan_reset(&in->sc, in->array_start, false);
    scan_status r;
    while ((r = jsonin_scan_run(&in->sc, in->win, in->base, in->end, in->eof)) == SCAN_MORE)
        if (!reader_fill(in, in->sc.pos))
            return JSONIN_FATAL;
    if (r == SCAN_ERROR)
        return array_fatal_at(in, in->sc.err_pos, in->sc.err_msg);
    in->pos = in->sc.pos;
    if (!reader_skip_space(in))
        return JSONIN_FATAL;
    if (in->pos != in->end)
        return array_fatal_at(in, in->pos, _("invalid JSON: unexpected data after the array"));
    return JSONIN_RECORD;
}

/* Second pass: back to the '['. */
static jsonin_status array_rewind(jsonin *in)
{
    in->copying = false;
    if (in->stream) {
        if (in->spill) {
            if (fflush(in->spill) != 0 || fseeko(in->spill, 0, SEEK_SET) != 0)
                return reader_fatal(in, "cannot read back the temporary file: %s", strerror(errno));
            in->src = in->spill;
        } else if (fseeko(in->stream, in->origin + (off_t)in->array_start, SEEK_SET) != 0) {
            return reader_fatal(in, "cannot seek back to the start of the array: %s", strerror(errno));
        }
        in->base = in->end = in->array_start;
        in->eof = false;
    }
    in->line_pos = in->array_start;
    in->line_no = in->array_line;
    in->line_start = in->array_line_start;
    jsonin_scan_reset(&in->sc, in->array_start, true);
    in->phase = PH_ARRAY;
    return JSONIN_RECORD;
}

static jsonin_status array_begin(jsonin *in)
{
    array_mark_start(in);
    if (in->stream && in->origin < 0 && array_start_copy(in) == JSONIN_FATAL)
        return JSONIN_FATAL;
    if (array_validate(in) == JSONIN_FATAL)
        return JSONIN_FATAL;
    return array_rewind(in);
}

/* The next element of the (valid) array. */
static jsonin_status array_next(jsonin *in, jsonin_record *rec)
{
    jsonin_scan_clear(&in->sc);
    for (;;) {
        scan_status r = jsonin_scan_run(&in->sc, in->win, in->base, in->end, in->eof);
        if (r == SCAN_MORE) {
            if (!reader_fill(in, in->sc.in_element ? in->sc.elem_start : in->sc.pos))
                return JSONIN_FATAL;
            continue;
        }
        if (r == SCAN_ERROR)    /* the input changed under us */
            return array_fatal_at(in, in->sc.err_pos, in->sc.err_msg);
        if (r == SCAN_VALUE) {
            in->phase = PH_DONE;
            return JSONIN_END;
        }
        size_t start = in->sc.elem_start;
        lines_advance(in, start);
        rec->index = in->index++;
        rec->line = in->line_no;
        rec->offset = start;
        rec->column = start - in->line_start + 1;
        return record_parse(in, rec, start, in->sc.pos);
    }
}

/* ---- the entry point ----------------------------------------------------- */

/* Skips a byte-order mark and blank space, then decides: '[' is an array. */
static jsonin_status reader_start(jsonin *in, jsonin_record *rec)
{
    if (!reader_ensure(in, 0, 3))
        return JSONIN_FATAL;
    if (in->end >= 3 && memcmp(in->win, "\xEF\xBB\xBF", 3) == 0)
        in->pos = in->line_pos = in->line_start = 3;
    if (!reader_skip_space(in))
        return JSONIN_FATAL;
    if (in->pos == in->end) {
        in->phase = PH_DONE;
        return JSONIN_END;
    }
    if (reader_byte(in, in->pos) == '[') {
        if (array_begin(in) == JSONIN_FATAL)
            return JSONIN_FATAL;
        return array_next(in, rec);
    }
    in->phase = PH_NDJSON;
    return ndjson_next(in, rec);
}

jsonin_status jsonin_next(jsonin *in, jsonin_record *rec)
{
    rec->index = in->index;
    rec->line = 0;
    rec->offset = 0;
    rec->column = 0;
    rec->json = NULL;
    rec->text = NULL;
    rec->text_len = 0;
    rec->error[0] = '\0';
    switch (in->phase) {
    case PH_START:
        return reader_start(in, rec);
    case PH_NDJSON:
        return ndjson_next(in, rec);
    case PH_ARRAY:
        return array_next(in, rec);
    case PH_DONE:
        return JSONIN_END;
    case PH_FAILED:
    default:
        return JSONIN_FATAL;
    }
}
