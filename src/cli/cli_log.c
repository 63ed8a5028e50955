/*
 * cli_log.c — what a run says on stderr: failed roster checks as they come,
 * record errors grouped by reason at the end, --prior's notes, and one
 * summary line.
 *
 * Grouping: two records share a reason when their messages are the same
 * once the record's own id, in quotes, is taken out ("the id \"A7\" is used
 * by 2 records" reads "the id is used by 2 records").  A reason of one
 * record is printed as it always was; a shared one once, with the count and
 * the first record numbers and ids ("39 records (#1 \"A01\", #2 \"A02\", #5
 * \"A05\" and 36 more): error: ...").  Groups come in the order of their
 * first record.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "cli.h"
#include "mem.h"
#include "text_index.h"
#include "vec.h"
#include "i18n.h"

#define SHOWN_IDS 3
/* What the groups may hold before they are printed and grouping starts
 * again (so a stream of different reasons cannot grow without bound). */
#define KEPT_MAX (4u << 20)

typedef struct err_group {
    char *reason;          /* the message, the id taken out */
    char *first;           /* the first record's message as it was */
    size_t count;
    size_t index[SHOWN_IDS];
    char *id[SHOWN_IDS];   /* may be NULL */
} err_group;

struct cli_log {
    const char *input;
    err_group *groups;
    size_t n, cap;
    text_index index;      /* the groups by reason */
    const kh_roster *roster; /* a spreadsheet: messages name sheet and cell */
    size_t kept;           /* bytes of text the groups hold */
    bool flushed;          /* groups were printed before the end */
};

cli_log *cli_log_new(const char *input)
{
    cli_log *l = mem_calloc(1, sizeof *l);
    l->input = input ? input : "input";
    return l;
}

/* message without ` "ID"` (and a bare `"ID"`). */
static char *strip_id(const char *message, const char *id)
{
    size_t n = strlen(message);
    char *out = mem_alloc(n + 1);
    size_t idn = id ? strlen(id) : 0, o = 0;
    for (size_t i = 0; i < n;) {
        if (idn && message[i] == '"' && i + idn + 1 < n && strncmp(message + i + 1, id, idn) == 0 &&
            message[i + idn + 1] == '"') {
            if (o > 0 && out[o - 1] == ' ') o--;
            i += idn + 2;
            continue;
        }
        out[o++] = message[i++];
    }
    out[o] = '\0';
    return out;
}

static const char *group_reason(const void *groups, size_t i) { return ((const err_group *)groups)[i].reason; }

static err_group *find_group(cli_log *l, const char *reason)
{
    size_t *slot = text_index_slot(&l->index, reason, l->n, true, group_reason, l->groups);
    if (*slot) return &l->groups[*slot - 1];
    VEC_RESERVE(l->groups, l->n + 1, l->cap);
    err_group *g = &l->groups[l->n];
    memset(g, 0, sizeof *g);
    *slot = ++l->n;
    return g;
}

void cli_log_set_roster(cli_log *l, const kh_roster *r) { l->roster = r; }

static void flush_groups(cli_log *l, size_t records);

void cli_record_error(void *ud, size_t index, const char *id, const char *message)
{
    cli_log *l = ud;
    char *located = NULL;
    if (l->roster) message = located = kh_roster_locate(l->roster, index, message, true);
    char *reason = strip_id(message, id);
    err_group *g = find_group(l, reason);
    if (g->reason) {
        mem_free(reason);
    } else {
        g->reason = reason;
        g->first = mem_strdup(message);
        l->kept += strlen(reason) + strlen(message) + sizeof *g;
    }
    if (g->count < SHOWN_IDS) {
        g->index[g->count] = index;
        g->id[g->count] = id ? mem_strdup(id) : NULL;
        l->kept += id ? strlen(id) : 0;
    }
    g->count++;
    mem_free(located);
    if (l->kept > KEPT_MAX) flush_groups(l, 0);
}

/* Text from the data (the input's name, ids, labels, messages) goes
 * through kh_fputs_terminal; each line is written in one call. */
void cli_check_failed(void *ud, const char *label, const char *roster, const char *const *ids, int nids)
{
    const cli_log *l = ud;
    char *text;
    size_t len;
    FILE *m = cli_line_start(&text, &len);
    kh_fputs_terminal(l->input, m);
    fputs(_(": error: check failed: "), m);
    kh_fputs_terminal(label, m);
    if (roster && roster[0]) {
        fputs(_(" (roster "), m);
        kh_fputs_terminal(roster, m);
        fputc(')', m);
    }
    if (nids) {
        fputs(_("; records involved: "), m);
        for (int i = 0; i < nids; i++) {
            if (i) fputs(", ", m);
            kh_fputs_terminal(ids[i], m);
        }
    }
    cli_line_end(m, &text, &len);
}

/* A field no record has: likely new in the policy. */
static bool missing_everywhere(const err_group *g, size_t records, char *field, size_t cap)
{
    const char *r = g->reason;
    size_t n = strlen(r);
    char tail[64]; /* the reason of a missing field, in the reader's language as the input said it */
    snprintf(tail, sizeof tail, "': %s", _("missing"));
    size_t tn = strlen(tail);
    if (g->count != records || strncmp(r, "field '", 7) != 0 || n <= 7 + tn || strcmp(r + n - tn, tail) != 0) return false;
    if (memchr(r + 7, '\'', n - 7 - tn)) return false; /* one field only */
    snprintf(field, cap, "%.*s", (int)(n - 7 - tn), r + 7);
    return true;
}

static void print_group(const cli_log *l, const err_group *g, size_t records)
{
    char *text;
    size_t len;
    FILE *m = cli_line_start(&text, &len);
    kh_fputs_terminal(l->input, m);
    if (g->count == 1) {
        fprintf(m, _(": record %zu"), g->index[0] + 1);
        if (g->id[0]) {
            fputs(" (id \"", m);
            kh_fputs_terminal(g->id[0], m);
            fputs("\")", m);
        }
        fputs(_(": error: "), m);
        kh_fputs_terminal(g->first, m);
        cli_line_end(m, &text, &len);
        return;
    }
    fprintf(m, _(": %zu records ("), g->count);
    for (size_t i = 0; i < g->count && i < SHOWN_IDS; i++) {
        fprintf(m, "%s#%zu", i ? ", " : "", g->index[i] + 1);
        if (g->id[i]) {
            fputs(" \"", m);
            kh_fputs_terminal(g->id[i], m);
            fputc('"', m);
        }
    }
    if (g->count > SHOWN_IDS) fprintf(m, _(" and %zu more"), g->count - SHOWN_IDS);
    fputs(_("): error: "), m);
    kh_fputs_terminal(g->reason, m);
    char field[256];
    if (missing_everywhere(g, records, field, sizeof field)) {
        fputs(_(" — no record has it: if '"), m);
        kh_fputs_terminal(field, m);
        fputs(_("' is new in the policy, give it a default"), m);
    }
    cli_line_end(m, &text, &len);
}

/* Prints the groups so far and forgets them.  records: how many records
 * the run has in all (0 while it is still going: no "no record has it"). */
static void flush_groups(cli_log *l, size_t records)
{
    for (size_t k = 0; k < l->n; k++) {
        err_group *g = &l->groups[k];
        print_group(l, g, records);
        mem_free(g->reason);
        mem_free(g->first);
        for (size_t i = 0; i < g->count && i < SHOWN_IDS; i++) mem_free(g->id[i]);
    }
    l->n = 0;
    l->kept = 0;
    if (records == 0) l->flushed = true;
    text_index_clear(&l->index);
}

void cli_log_finish(cli_log *l, const kh_eval_summary *sum, bool print)
{
    if (!l) return;
    flush_groups(l, l->flushed ? 0 : sum->records);
    if (print) cli_print_summary(l->input, sum);
    mem_free(l->groups);
    text_index_free(&l->index);
    mem_free(l);
}

void cli_say_fatal(int rc, const char *input_name, const char *output, const kh_eval_summary *sum)
{
    if (!sum->fatal[0]) return;
    size_t n = strlen(input_name);
    if ((strncmp(sum->fatal, input_name, n) == 0 && sum->fatal[n] == ':') || strncmp(sum->fatal, "--prior", 7) == 0 ||
        strncmp(sum->fatal, "--by", 4) == 0)
        cli_fail(rc, "%s", sum->fatal);
    else if (sum->output_failed)
        cli_fail(rc, "%s (%s)", sum->fatal, cli_output_shown(output));
    else
        cli_fail(rc, "%s: %s", input_name, sum->fatal);
}

void cli_print_summary(const char *input, const kh_eval_summary *sum)
{
    char *text;
    size_t len;
    for (const char *p = sum->notes; *p;) {
        const char *nl = strchr(p, '\n');
        size_t n = nl ? (size_t)(nl - p) : strlen(p);
        char *note = mem_strndup(p, n);
        FILE *m = cli_line_start(&text, &len);
        fputs("kaohe: ", m);
        kh_fputs_terminal(note, m);
        cli_line_end(m, &text, &len);
        mem_free(note);
        p += n + (nl ? 1 : 0);
    }
    size_t ok = sum->records - sum->errors;
    FILE *m = cli_line_start(&text, &len);
    fputs("kaohe: ", m);
    kh_fputs_terminal(input, m);
    fprintf(m, _(": %zu record%s: %zu evaluated, %zu refused, %d roster check%s failed"), sum->records,
            sum->records == 1 ? "" : "s", ok, sum->errors, sum->checks_failed, sum->checks_failed == 1 ? "" : "s");
    if (sum->errors && sum->may_change[0]) {
        fputs(_("; once the records in error are fixed, the others' "), m);
        kh_fputs_terminal(sum->may_change, m);
        fputs(_(" may change"), m);
    }
    cli_line_end(m, &text, &len);
}

bool cli_strict_failed(bool strict, const kh_eval_summary *sum)
{
    if (!strict || (!sum->errors && !sum->checks_failed)) return false;
    fprintf(stderr, _("kaohe: --strict: %zu record%s refused and %d roster check%s failed: nothing written\n"), sum->errors,
            sum->errors == 1 ? "" : "s", sum->checks_failed, sum->checks_failed == 1 ? "" : "s");
    return true;
}

char *cli_checks_path(const char *output)
{
    if (!output || strcmp(output, "-") == 0) return NULL;
    size_t n = strlen(output);
    const char *slash = strrchr(output, '/');
    const char *dot = strrchr(output, '.');
    /* a name that only starts with a dot (".csv") has no extension */
    if (dot && dot > (slash ? slash + 1 : output) && strcasecmp(dot, ".csv") == 0) n = (size_t)(dot - output);
    char *path = mem_alloc(n + sizeof ".checks.csv");
    memcpy(path, output, n);
    memcpy(path + n, ".checks.csv", sizeof ".checks.csv");
    return path;
}
