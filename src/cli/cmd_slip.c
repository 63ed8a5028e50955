/*
 * cmd_slip.c — `kaohe slip POLICY INPUT --id ID | --all -o DIR`: pay slips.
 */
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "mem.h"
#include "vec.h"
#include "i18n.h"

typedef struct slip_cli {
    const char *input;
    const char *id;        /* --id, or NULL for --all */
    const char *output;    /* --id: a file (NULL: stdout); --all: a directory */
    bool html;
    const cli_files *fs;   /* what the run reads and writes */
    size_t written;
    int write_failed;      /* a slip could not be written: the worst status */
    bool id_failed;        /* --id: that record is in error */
    size_t name_failed;    /* --all: records whose id makes no file name */
    cli_log *log;
    bool holding;          /* --strict: slips wait for the end of the run */
    cli_slips *slips;      /* --all: where they go */
    struct held_slip { size_t index; char *id, *period, *text; size_t len; } *held;
    size_t nheld, capheld;
} slip_cli;

/* --strict: keeps a slip until the run is known to be complete. */
static void hold_slip(slip_cli *c, size_t index, const char *id, const char *period, const char *text, size_t len)
{
    VEC_RESERVE(c->held, c->nheld + 1, c->capheld);
    struct held_slip *h = &c->held[c->nheld++];
    h->index = index;
    h->id = id ? mem_strdup(id) : NULL;
    h->period = period ? mem_strdup(period) : NULL;
    h->text = mem_alloc(len + 1);
    memcpy(h->text, text, len);
    h->len = len;
}

/* The slip to path (a file, atomically; NULL: stdout); option names it in
 * messages. */
static void write_slip(slip_cli *c, const char *path, const char *option, const char *text, size_t len)
{
    cli_output o;
    int rc = cli_output_begin(&o, path, option, c->fs);
    if (rc != KH_OK) {
        if (rc > c->write_failed) c->write_failed = rc;
        return;
    }
    bool ok = fwrite(text, 1, len, o.f) == len;
    if (!cli_output_close(&o, ok) || !ok) {
        cli_fail(KH_IO_ERROR, "cannot write '%s'", cli_output_shown(path));
        c->write_failed = KH_IO_ERROR;
        return;
    }
    c->written++;
}

/* --id: the one slip to the output. */
static void one_slip(void *ud, size_t index, const char *id, const char *text, size_t len)
{
    slip_cli *c = ud;
    if (c->holding) {
        hold_slip(c, index, id, NULL, text, len);
        return;
    }
    write_slip(c, c->output, "-o", text, len);
}

/* --all: DIR/<id>.<period>.txt or .html, each file atomically, or a page
 * of one HTML file (cli_slips.c).  An id that makes no file name is that
 * record's error. */
static void refuse_name(slip_cli *c, size_t index, const char *id)
{
    cli_record_error(c->log, index, id,
                     id ? _("the id is too long for a slip's file name (more than 200 bytes once written as a "
                          "file name): shorten it")
                        : _("a record without an id has no file name for its slip"));
    c->name_failed++;
}

static void all_slip(void *ud, size_t index, const char *id, const char *period, const char *text, size_t len)
{
    slip_cli *c = ud;
    if (c->holding) { /* a slip without a name is refused now: --strict then writes none */
        if (cli_slips_named(c->slips, id, period)) hold_slip(c, index, id, period, text, len);
        else refuse_name(c, index, id);
        return;
    }
    int rc = cli_slips_put(c->slips, id, period, text, len);
    if (rc == KH_OK) {
        c->written++;
    } else if (rc == KH_RECORD_ERRORS) {
        refuse_name(c, index, id);
    } else if (rc > c->write_failed) {
        c->write_failed = rc;
    }
}

/* With --id, other agents' problems are not this slip's business: only the
 * requested record's error is shown. */
static void slip_record_error(void *ud, size_t index, const char *id, const char *message)
{
    slip_cli *c = ud;
    if (c->id && (!id || strcmp(id, c->id) != 0)) return;
    cli_record_error(c->log, index, id, message);
    if (c->id) c->id_failed = true;
}

static void slip_check_failed(void *ud, const char *label, const char *roster, const char *const *ids, int nids)
{
    slip_cli *c = ud;
    if (c->id) return;
    cli_check_failed(c->log, label, roster, ids, nids);
}

int cmd_slip(int argc, char **argv)
{
    const char *policy = NULL, *input = NULL, *output = NULL, *prior = NULL, *manifest = NULL, *id = NULL;
    bool all = false, html = false, strict = false, replace = false;
    static cli_list sets; /* static: still reachable when a usage error returns early */
    static cli_roster cr;
    int rc = KH_OK;
    const cli_arg args[] = {
        CLI_VALUE("--id", NULL, ARG_TEXT, &id, N_("the agent's id")),
        CLI_FLAG("--all", &all),
        CLI_FLAG("--html", &html),
        CLI_FLAG("--strict", &strict),
        CLI_FLAG("--replace", &replace),
        CLI_VALUE("--list", NULL, ARG_ROSTER_LIST, &cr, N_("NAME=FILE.csv")),
        CLI_VALUE("-o", "--output", ARG_ONCE, &output, N_("a file or directory name")),
        CLI_VALUE("--set", NULL, ARG_LIST, &sets, N_("name=value")),
        CLI_VALUE("--prior", NULL, ARG_TEXT, &prior, N_("the previous period's results")),
        CLI_VALUE("--manifest", NULL, ARG_ONCE, &manifest, N_("a file name")),
        CLI_END,
    };
    const char *pos[2];
    rc = cli_args("slip", argc, argv, args, pos, 2, NULL);
    policy = pos[0];
    input = pos[1];
    if (rc != KH_OK) return rc;
    if (!policy || !input) return cli_usage("slip", "slip needs a POLICY and an INPUT");
    if (!id == !all) return cli_usage("slip", "give either --id ID (one agent) or --all -o DIR (every agent)");
    if (all && (!output || strcmp(output, "-") == 0)) return cli_usage("slip", "--all needs -o DIR (one file per agent)");
    if (replace && !all) return cli_usage("slip", "--replace is for --all -o DIR");
    const char *input_name = strcmp(input, "-") == 0 ? "stdin" : input;
    kh_policy *p;
    FILE *in;
    rc = cli_open_run(policy, &sets, input, &p, &in);
    cli_list_free(&sets);
    if (rc != KH_OK) {
        cli_roster_close(&cr, NULL);
        return rc;
    }
    /* nothing the run reads may be replaced by what it writes */
    cli_files *fs = cli_files_run("slip", p, input, prior);
    cli_roster_inputs(&cr, fs);
    cli_slips slips;
    rc = all ? cli_slips_begin(&slips, output, html, replace, fs) : cli_files_output(fs, "-o", output ? output : "-");
    if (rc == KH_OK) rc = cli_files_output(fs, "--manifest", manifest);
    if (rc == KH_OK) rc = cli_roster_open(&cr, p, input_name, &in);
    if (rc != KH_OK) {
        if (all) cli_slips_end(&slips, false);
        cli_roster_close(&cr, in);
        cli_files_free(fs);
        kh_policy_free(p);
        return rc;
    }
    slip_cli c = {input, id, output, html, fs, 0, KH_OK, false, 0, cli_log_new(input_name), strict,
                  all ? &slips : NULL, NULL, 0, 0};
    kh_slip_options o;
    memset(&o, 0, sizeof o);
    o.html = html;
    o.color = !html && !output && cli_color(stdout);
    o.id = id;
    o.prior_path = prior;
    o.manifest = cli_roster_manifest(&cr, p, cli_manifest_new(p, manifest));
    o.ud = &c;
    o.slip = all ? NULL : one_slip;
    o.slip_in_period = all ? all_slip : NULL;
    o.record_error = slip_record_error;
    o.check_failed = slip_check_failed;
    cli_log_set_roster(c.log, cr.roster);
    kh_eval_summary sum;
    rc = kh_slip(p, in, input_name, &o, &sum);
    cli_roster_close(&cr, in);
    sum.errors += c.name_failed; /* evaluated, but refused a slip */
    cli_log_finish(c.log, &sum, rc != KH_IO_ERROR);
    /* --strict: the slips are written only when every record was evaluated
     * and every roster check held */
    bool keep = rc != KH_IO_ERROR && !cli_strict_failed(strict, &sum);
    c.holding = false;
    for (size_t i = 0; i < c.nheld; i++) {
        if (keep && all) all_slip(&c, c.held[i].index, c.held[i].id, c.held[i].period, c.held[i].text, c.held[i].len);
        else if (keep) one_slip(&c, c.held[i].index, c.held[i].id, c.held[i].text, c.held[i].len);
        mem_free(c.held[i].id);
        mem_free(c.held[i].period);
        mem_free(c.held[i].text);
    }
    mem_free(c.held);
    if (!keep && rc != KH_IO_ERROR) rc = KH_RECORD_ERRORS;
    cli_say_fatal(rc, input_name, output, &sum);
    if (rc != KH_IO_ERROR && id && keep) { /* other agents' errors are not this slip's business */
        if (!c.written && !c.id_failed && !c.write_failed)
            cli_fail(KH_RECORD_ERRORS, "%s: no record has the id \"%s\"", input, id);
        rc = c.written ? KH_OK : KH_RECORD_ERRORS;
    }
    if (c.name_failed && rc == KH_OK) rc = KH_RECORD_ERRORS;
    if (all && !cli_slips_end(&slips, keep && rc != KH_IO_ERROR && !c.write_failed) && !c.write_failed)
        c.write_failed = KH_IO_ERROR;
    if (c.write_failed) rc = c.write_failed;
    if (keep && rc != KH_IO_ERROR && rc != KH_USAGE_ERROR && !cli_manifest_write(o.manifest, manifest, fs))
        rc = KH_IO_ERROR;
    kh_manifest_free(o.manifest);
    cli_files_free(fs);
    kh_policy_free(p);
    return rc;
}
