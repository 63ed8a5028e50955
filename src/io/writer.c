/*
 * writer.c — JSON, NDJSON and CSV writers for results.
 */
#include "writer.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "dates.h"
#include "eval.h"
#include "mem.h"

#define FLUSH_AT (256 * 1024)

void writer_init(writer *w, FILE *out, out_format fmt, const plan *pl)
{
    memset(w, 0, sizeof *w);
    w->out = out;
    w->format = fmt;
    w->pl = pl;
    w->csv_bom = true;
    w->key_end = mem_alloc((size_t)(pl->noutputs + 1) * sizeof *w->key_end);
    for (int i = 0; i < pl->noutputs; i++) {
        const char *name = pl->def_syms[pl->outputs[i]]->name;
        buf_putc(&w->keys, ',');
        write_json_string(&w->keys, name, strlen(name));
        buf_putc(&w->keys, ':');
        w->key_end[i] = (uint32_t)w->keys.len;
    }
}

static void flush(writer *w)
{
    if (!w->out) return; /* a worker's writer: its text is taken, not written */
    if (w->b.len && fwrite(w->b.data, 1, w->b.len, w->out) != w->b.len) w->failed = true;
    w->b.len = 0;
}

void write_json_string(buf *b, const char *s, size_t len)
{
    static const char hex[] = "0123456789abcdef";
    buf_putc(b, '"');
    size_t start = 0;
    for (size_t i = 0; i < len; i++) {
        unsigned char c = (unsigned char)s[i];
        if (c >= 0x20 && c != '"' && c != '\\') continue;
        buf_put(b, s + start, i - start);
        start = i + 1;
        switch (c) {
        case '"': buf_put(b, "\\\"", 2); break;
        case '\\': buf_put(b, "\\\\", 2); break;
        case '\n': buf_put(b, "\\n", 2); break;
        case '\t': buf_put(b, "\\t", 2); break;
        case '\r': buf_put(b, "\\r", 2); break;
        default: {
            char u[6] = {'\\', 'u', '0', '0', hex[c >> 4], hex[c & 15]};
            buf_put(b, u, 6);
        }
        }
    }
    buf_put(b, s + start, len - start);
    buf_putc(b, '"');
}

void write_json_value(buf *b, const value *v, const ktype *t)
{
    char tmp[32];
    switch (v->kind) {
    case VK_NONE: buf_put(b, "null", 4); break;
    case VK_BOOL: if (v->b) buf_put(b, "true", 4); else buf_put(b, "false", 5); break;
    case VK_NUM: num_write(b, v->n, t && t->kind == T_MONEY ? 2 : 0); break;
    case VK_TEXT: write_json_string(b, v->s, v->len); break;
    case VK_ENUM: write_json_string(b, v->s, strlen(v->s)); break;
    case VK_DATE: { int n = date_format(v->date, tmp); buf_putc(b, '"'); buf_put(b, tmp, (size_t)n); buf_putc(b, '"'); break; }
    case VK_DATETIME: { int n = datetime_format(v->dt, tmp); buf_putc(b, '"'); buf_put(b, tmp, (size_t)n); buf_putc(b, '"'); break; }
    case VK_MONTH: { int n = month_format(v->month, tmp); buf_putc(b, '"'); buf_put(b, tmp, (size_t)n); buf_putc(b, '"'); break; }
    case VK_LIST:
        buf_putc(b, '[');
        for (uint32_t i = 0; i < v->len; i++) {
            if (i) buf_putc(b, ',');
            write_json_value(b, &v->items[i], t && t->kind == T_LIST ? t->elem : NULL);
        }
        buf_putc(b, ']');
        break;
    case VK_RECORD:
        buf_putc(b, '{');
        for (uint32_t i = 0; i < v->len; i++) {
            if (i) buf_putc(b, ',');
            const char *name = t && t->kind == T_RECORD && (int)i < t->nfields ? t->names[i] : "?";
            write_json_string(b, name, strlen(name));
            buf_putc(b, ':');
            write_json_value(b, &v->items[i], t && t->kind == T_RECORD && (int)i < t->nfields ? t->fields[i] : NULL);
        }
        buf_putc(b, '}');
        break;
    }
}

/* ---- CSV -------------------------------------------------------------- */

void writer_csv_cell(buf *b, const char *s, size_t len, bool quote)
{
    /* a cell Excel would read as a formula gets a leading ' (OWASP: = + - @,
     * and a tab or carriage return before one) */
    bool guard = len > 0 && (s[0] == '=' || s[0] == '+' || s[0] == '-' || s[0] == '@' || s[0] == '\t' || s[0] == '\r');
    for (size_t i = 0; i < len && !quote; i++)
        if (s[i] == ',' || s[i] == '"' || s[i] == '\n' || s[i] == '\r') quote = true;
    if (!quote && !guard) {
        buf_put(b, s, len);
        return;
    }
    buf_putc(b, '"');
    if (guard) buf_putc(b, '\'');
    for (size_t i = 0; i < len; i++) {
        if (s[i] == '"') buf_putc(b, '"');
        buf_putc(b, s[i]);
    }
    buf_putc(b, '"');
}

static void csv_cell(buf *b, const char *s, size_t len) { writer_csv_cell(b, s, len, false); }

bool writer_excel_reads_otherwise(const char *s, size_t len)
{
    if (len == 0) return false;
    if (s[0] == '=' || s[0] == '+' || s[0] == '-' || s[0] == '@' || s[0] == '\t' || s[0] == '\r') return true;
    if ((len == 4 && strncasecmp(s, "true", 4) == 0) || (len == 5 && strncasecmp(s, "false", 5) == 0)) return true;
    bool digit = false, other = false;
    int letters = 0;
    for (size_t i = 0; i < len; i++) {
        unsigned char c = (unsigned char)s[i];
        if (c >= '0' && c <= '9') digit = true;
        else if (c && strchr(" +-.,/:%$()Ee", c)) continue;
        else if (c == 0xC2 && i + 1 < len && (unsigned char)s[i + 1] == 0xA5) i++;            /* ¥ */
        else if (c == 0xEF && i + 2 < len && (unsigned char)s[i + 1] == 0xBF && (unsigned char)s[i + 2] == 0xA5) i += 2; /* ￥ */
        else if ((c | 0x20) >= 'a' && (c | 0x20) <= 'z') letters++;
        else other = true;
    }
    if (!digit || other) return false;
    if (letters == 0) return true;
    /* a day and an English month name: 3-Jun, Jun 14, 14-June-2014 */
    static const char *const months[] = {"jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"};
    for (size_t i = 0; i + 3 <= len; i++) {
        bool word_start = i == 0 || !((((unsigned char)s[i - 1]) | 0x20) >= 'a' && (((unsigned char)s[i - 1]) | 0x20) <= 'z');
        for (int m = 0; m < 12 && word_start; m++)
            if (strncasecmp(s + i, months[m], 3) == 0) return letters <= 9;
    }
    return false;
}

void writer_csv_text(buf *b, const char *s, size_t len, bool excel_text)
{
    if (!excel_text || !writer_excel_reads_otherwise(s, len)) {
        writer_csv_cell(b, s, len, false);
        return;
    }
    /* the cell ="text", its quotes doubled for the formula and again for CSV */
    buf_puts(b, "\"=\"\"");
    for (size_t i = 0; i < len; i++) {
        if (s[i] == '"') buf_puts(b, "\"\"\"");
        buf_putc(b, s[i]);
    }
    buf_puts(b, "\"\"\"");
}

/* Column headers: nested records flatten to carry.contact_strikes. */
static void csv_header_of(buf *b, const char *prefix, const ktype *t, bool *first)
{
    if (t && t->kind == T_RECORD) {
        for (int i = 0; i < t->nfields; i++) {
            buf name = {0}; /* whole, however deep the nesting */
            buf_printf(&name, "%s.%s", prefix, t->names[i]);
            csv_header_of(b, name.data, t->fields[i], first);
            buf_free(&name);
        }
        return;
    }
    if (!*first) buf_putc(b, ',');
    *first = false;
    csv_cell(b, prefix, strlen(prefix));
}

static void csv_value(buf *b, const value *v, const ktype *t, bool *first, bool excel)
{
    if (t && t->kind == T_RECORD) {
        for (int i = 0; i < t->nfields; i++) {
            value none = {.kind = VK_NONE};
            csv_value(b, v->kind == VK_RECORD && (uint32_t)i < v->len ? &v->items[i] : &none, t->fields[i], first, excel);
        }
        return;
    }
    if (!*first) buf_putc(b, ',');
    *first = false;
    buf cell = {0};
    switch (v->kind) {
    case VK_NONE: break;
    case VK_TEXT: writer_csv_text(b, v->s, v->len, excel); return;
    case VK_ENUM: writer_csv_text(b, v->s, strlen(v->s), excel); return;
    case VK_BOOL: buf_puts(b, v->b ? "true" : "false"); return;
    case VK_NUM: num_write(b, v->n, t && t->kind == T_MONEY ? 2 : 0); return;
    default:
        write_json_value(&cell, v, t);
        if (cell.len && cell.data[0] == '"') csv_cell(b, cell.data + 1, cell.len - 2);
        else if (cell.len) csv_cell(b, cell.data, cell.len);
        buf_free(&cell);
        return;
    }
}

/* The period a chained policy's results give (prog->chain_period), or NULL. */
static const field_spec *result_period(const writer *w)
{
    const field_spec *f = w->pl->prog->chain_period;
    return f && f->slot >= 0 ? f : NULL;
}

static void csv_header(writer *w)
{
    if (w->csv_bom) buf_put(&w->b, "\xEF\xBB\xBF", 3);
    bool first = true;
    csv_header_of(&w->b, "id", NULL, &first);
    if (result_period(w)) csv_header_of(&w->b, result_period(w)->path, NULL, &first);
    for (int i = 0; i < w->pl->noutputs; i++) {
        const symbol *s = w->pl->def_syms[w->pl->outputs[i]];
        csv_header_of(&w->b, s->name, s->type, &first);
    }
    csv_header_of(&w->b, "error", NULL, &first);
    buf_put(&w->b, "\r\n", 2);
}

/* ---- records --------------------------------------------------------- */

static void begin_record(writer *w)
{
    if (!w->started) {
        w->started = true;
        if (w->format == FMT_JSON) buf_put(&w->b, "[\n", 2);
        if (w->format == FMT_CSV) csv_header(w);
    } else if (w->format == FMT_JSON) {
        buf_put(&w->b, ",\n", 2);
    }
    w->records++;
}

static void end_record(writer *w)
{
    if (w->format == FMT_NDJSON) buf_putc(&w->b, '\n');
    if (w->format == FMT_CSV) buf_put(&w->b, "\r\n", 2);
    if (w->b.len >= FLUSH_AT) flush(w);
}

/* "ledgers": the entries of each ledger output, applied or not. */
static void write_ledgers(buf *b, const plan *pl, const evalctx *ctx)
{
    buf_puts(b, ",\"ledgers\":{");
    bool first = true;
    for (int i = 0; i < pl->noutputs; i++) {
        int d = pl->outputs[i];
        const pnode *n = pl->defs[d];
        if (n->op != P_LEDGER || !ctx->ledgers[n->index]) continue;
        const ledger_result *lr = ctx->ledgers[n->index];
        bool money = n->type && n->type->kind == T_MONEY;
        if (!first) buf_putc(b, ',');
        first = false;
        const char *name = pl->def_syms[d]->name;
        write_json_string(b, name, strlen(name));
        buf_puts(b, ":{\"from\":");
        num_write(b, lr->start, money ? 2 : 0);
        buf_puts(b, ",\"entries\":[");
        for (int k = 0; k < lr->n; k++) {
            const ast *en = n->src->list.v[k];
            if (k) buf_putc(b, ',');
            buf_puts(b, "{\"label\":");
            write_json_string(b, en->str, en->str_len);
            buf_puts(b, ",\"amount\":");
            num_write(b, lr->items[k].amount, money ? 2 : 0);
            if (en->op == ENTRY_PER) {
                buf_puts(b, ",\"count\":");
                num_write(b, lr->items[k].count, 0);
            }
            buf_puts(b, lr->items[k].applied ? ",\"applied\":true}" : ",\"applied\":false}");
        }
        buf_puts(b, "]}");
    }
    buf_putc(b, '}');
}

void writer_result(writer *w, const char *id, const value *outputs, const evalctx *ctx)
{
    begin_record(w);
    buf *b = &w->b;
    /* a chained policy's results say their period, for the next --prior */
    const field_spec *pf = result_period(w);
    value none = {.kind = VK_NONE};
    const value *period = pf ? (ctx && ctx->slots ? &ctx->slots[pf->slot] : &none) : NULL;
    if (w->format == FMT_CSV) {
        bool first = true;
        value idv = id ? value_text(id, (uint32_t)strlen(id)) : (value){.kind = VK_NONE};
        csv_value(b, &idv, NULL, &first, w->csv_excel_text);
        if (period) csv_value(b, period, pf->type, &first, w->csv_excel_text);
        for (int i = 0; i < w->pl->noutputs; i++)
            csv_value(b, &outputs[i], w->pl->def_syms[w->pl->outputs[i]]->type, &first, w->csv_excel_text);
        csv_value(b, &none, NULL, &first, w->csv_excel_text);
    } else {
        buf_put(b, "{\"id\":", 6);
        if (id) write_json_string(b, id, strlen(id));
        else buf_put(b, "null", 4);
        if (period) {
            buf_putc(b, ',');
            write_json_string(b, pf->path, strlen(pf->path));
            buf_putc(b, ':');
            write_json_value(b, period, pf->type);
        }
        for (int i = 0; i < w->pl->noutputs; i++) {
            uint32_t from = i ? w->key_end[i - 1] : 0;
            buf_put(b, w->keys.data + from, w->key_end[i] - from);
            write_json_value(b, &outputs[i], w->pl->def_syms[w->pl->outputs[i]]->type);
        }
        if (w->explain && ctx && ctx->ledgers) write_ledgers(b, w->pl, ctx);
        buf_putc(b, '}');
    }
    end_record(w);
}

void writer_error(writer *w, const char *id, size_t index, const char *message)
{
    begin_record(w);
    buf *b = &w->b;
    if (w->format == FMT_CSV) {
        bool first = true;
        value idv = id ? value_text(id, (uint32_t)strlen(id)) : (value){.kind = VK_NONE};
        csv_value(b, &idv, NULL, &first, w->csv_excel_text);
        value none = {.kind = VK_NONE};
        if (result_period(w)) csv_value(b, &none, NULL, &first, w->csv_excel_text);
        for (int i = 0; i < w->pl->noutputs; i++)
            csv_value(b, &none, w->pl->def_syms[w->pl->outputs[i]]->type, &first, w->csv_excel_text);
        value msg = value_text(message, (uint32_t)strlen(message));
        csv_value(b, &msg, NULL, &first, w->csv_excel_text);
    } else {
        buf_put(b, "{\"id\":", 6);
        if (id) write_json_string(b, id, strlen(id));
        else buf_put(b, "null", 4);
        buf_printf(b, ",\"record\":%zu,\"error\":", index + 1);
        write_json_string(b, message, strlen(message));
        buf_putc(b, '}');
    }
    end_record(w);
}

void writer_check_failed(writer *w, const failed_check *c)
{
    if (w->format == FMT_CSV) return; /* the CSV's companion file holds them */
    if (!w->started) {
        w->started = true;
        if (w->format == FMT_JSON) buf_put(&w->b, "[\n", 2);
    } else if (w->format == FMT_JSON) {
        buf_put(&w->b, ",\n", 2);
    }
    buf *b = &w->b;
    buf_puts(b, "{\"check_failed\":");
    write_json_string(b, c->label, strlen(c->label));
    buf_puts(b, ",\"roster\":");
    buf_puts(b, c->roster[0] ? c->roster : "null");
    buf_puts(b, ",\"ids\":[");
    for (int i = 0; i < c->nids; i++) {
        if (i) buf_putc(b, ',');
        write_json_string(b, c->ids[i], strlen(c->ids[i]));
    }
    buf_puts(b, "]}");
    if (w->format == FMT_NDJSON) buf_putc(b, '\n');
}

void writer_checks_csv(buf *b, const failed_check *checks, int n, bool bom, arena *A)
{
    if (bom) buf_put(b, "\xEF\xBB\xBF", 3);
    buf_puts(b, "check,roster,ids\r\n");
    for (int k = 0; k < n; k++) {
        const failed_check *c = &checks[k];
        const char *roster = outcome_roster_text(A, c->roster);
        buf ids = {0};
        for (int i = 0; i < c->nids; i++) buf_printf(&ids, "%s%s", i ? ", " : "", c->ids[i]);
        csv_cell(b, c->label, strlen(c->label));
        buf_putc(b, ',');
        csv_cell(b, roster, strlen(roster));
        buf_putc(b, ',');
        csv_cell(b, buf_text(&ids), ids.len);
        buf_puts(b, "\r\n");
        buf_free(&ids);
    }
}

void writer_flush_if_full(writer *w)
{
    if (w->b.len >= FLUSH_AT) flush(w);
}

void writer_put_formatted(writer *w, const char *text, size_t len, unsigned long records)
{
    if (w->out && len >= FLUSH_AT / 4) { /* a big block goes out as it is */
        flush(w);
        if (len && fwrite(text, 1, len, w->out) != len) w->failed = true;
    } else {
        buf_put(&w->b, text, len);
        writer_flush_if_full(w);
    }
    if (records) w->started = true;
    w->records += records;
}

void writer_discard(writer *w)
{
    buf_free(&w->b);
    buf_free(&w->keys);
    mem_free(w->key_end);
    w->key_end = NULL;
}

bool writer_finish(writer *w)
{
    if (w->format == FMT_JSON) buf_put(&w->b, w->started ? "\n]\n" : "[]\n", w->started ? 3 : 3);
    if (w->format == FMT_CSV && !w->started) csv_header(w);
    flush(w);
    if (fflush(w->out) != 0) w->failed = true;
    writer_discard(w);
    return !w->failed;
}
