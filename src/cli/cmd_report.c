/*
 * cmd_report.c — `kaohe report POLICY INPUT -o report.html`: the month at a
 * glance, in one self-contained HTML page; with --vs OTHER.rules or --set,
 * the what-if changes.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "mem.h"
#include "i18n.h"

int cmd_report(int argc, char **argv)
{
    static cli_roster cr; /* static, like the lists */
    const char *policy = NULL, *input = NULL, *output = NULL, *vs = NULL, *manifest = NULL;
    bool strict = false;
    kh_report_options o;
    memset(&o, 0, sizeof o);
    static cli_list sets, base_sets; /* static: still reachable when a usage error returns early */
    int rc = KH_OK;
    const cli_arg args[] = {
        CLI_VALUE("-o", "--output", ARG_ONCE, &output, N_("a file name")),
        CLI_VALUE("--vs", NULL, ARG_TEXT, &vs, N_("the other policy")),
        CLI_VALUE("--set", NULL, ARG_LIST, &sets, N_("name=value")),
        CLI_VALUE("--set-base", NULL, ARG_LIST, &base_sets, N_("name=value")),
        CLI_VALUE("--by", NULL, ARG_TEXT, &o.by, N_("an input field")),
        CLI_VALUE("--prior", NULL, ARG_TEXT, &o.prior_path, N_("the previous period's results")),
        CLI_VALUE("--manifest", NULL, ARG_ONCE, &manifest, N_("a file name")),
        CLI_FLAG("--strict", &strict),
        CLI_VALUE("--list", NULL, ARG_ROSTER_LIST, &cr, N_("NAME=FILE.csv")),
        CLI_END,
    };
    const char *pos[2];
    rc = cli_args("report", argc, argv, args, pos, 2, NULL);
    policy = pos[0];
    input = pos[1];
    if (rc != KH_OK) return rc;
    if (!policy || !input) return cli_usage("report", "report needs a POLICY and an INPUT");
    kh_policy *p = cli_load_policy(policy, true), *alt = NULL;
    if (!p) return KH_POLICY_ERROR;
    for (int i = 0; i < base_sets.n && rc == KH_OK; i++)
        if (!cli_set_param(p, base_sets.v[i])) rc = KH_USAGE_ERROR;
    if (rc == KH_OK && (vs || sets.n)) {
        alt = cli_load_policy(vs ? vs : policy, true);
        if (!alt) rc = KH_POLICY_ERROR;
        for (int i = 0; !vs && i < base_sets.n && rc == KH_OK; i++) /* the same policy: the same month */
            if (!cli_set_param(alt, base_sets.v[i])) rc = KH_USAGE_ERROR;
        for (int i = 0; i < sets.n && rc == KH_OK; i++)
            if (!cli_set_param(alt, sets.v[i])) rc = KH_USAGE_ERROR;
    }
    /* how the page names the what-if: the other policy and the assignments */
    char *name = NULL;
    size_t name_len = 0;
    FILE *nf = cli_memstream(&name, &name_len);
    if (alt && vs) fputs(vs, nf);
    for (int i = 0; alt && i < sets.n; i++) fprintf(nf, "%s%s", ftell(nf) ? " " : "", sets.v[i]);
    fclose(nf);
    cli_list_free(&sets);
    cli_list_free(&base_sets);
    FILE *in = NULL;
    if (rc == KH_OK && !(in = cli_open_input(input))) rc = cli_fail(KH_IO_ERROR, "cannot read '%s': %s", input, strerror(errno));
    /* nothing the run reads may be replaced by what it writes */
    cli_files *fs = cli_files_run("report", p, input, o.prior_path);
    cli_files_policy(fs, vs ? alt : NULL, _("the what-if policy (--vs)"));
    cli_roster_inputs(&cr, fs);
    if (rc == KH_OK && (rc = cli_files_output(fs, "-o", output ? output : "-")) == KH_OK) rc = cli_files_output(fs, "--manifest", manifest);
    if (rc == KH_OK && (rc = cli_roster_open(&cr, p, strcmp(input, "-") == 0 ? "stdin" : input, &in)) != KH_OK) {
        cli_roster_close(&cr, in);
        in = NULL;
    }
    cli_output out;
    memset(&out, 0, sizeof out);
    if (rc == KH_OK) rc = cli_output_begin(&out, output, "-o", fs);
    if (rc == KH_OK && strict && !cli_output_spool(&out)) {
        rc = cli_fail(KH_IO_ERROR, "--strict: cannot make a temporary file: %s", strerror(errno));
        cli_output_close(&out, false);
    }
    if (rc == KH_OK) {
        o.whatif = alt;
        o.whatif_name = name;
        o.manifest = cli_roster_manifest(&cr, p, cli_manifest_new(p, manifest));
        cli_log *log = cli_log_new(strcmp(input, "-") == 0 ? "stdin" : input);
        o.ud = log;
        o.record_error = cli_record_error;
        cli_log_set_roster(log, cr.roster);
        if (cr.roster) {
            o.locate_ud = cr.roster;
            o.locate = kh_roster_locate_for_eval;
        }
        o.check_failed = cli_check_failed;
        kh_eval_summary sum;
        rc = kh_report(p, in, strcmp(input, "-") == 0 ? "stdin" : input, out.f, &o, &sum);
        bool ok = rc != KH_IO_ERROR && rc != KH_USAGE_ERROR;
        cli_log_finish(log, &sum, ok);
        if (ok && cli_strict_failed(strict, &sum)) ok = false; /* the status stays 1 */
        if (!cli_output_close(&out, ok) && ok) {
            cli_fail(KH_IO_ERROR, "cannot write '%s'", cli_output_shown(output));
            rc = KH_IO_ERROR;
        }
        if (sum.output_failed) /* the output's fault, not the input's */
            cli_fail(rc, "cannot write '%s'", cli_output_shown(output));
        else
            cli_say_fatal(rc, strcmp(input, "-") == 0 ? "stdin" : input, output, &sum);
        if (ok && rc != KH_IO_ERROR && !cli_manifest_write(o.manifest, manifest, fs)) rc = KH_IO_ERROR;
        kh_manifest_free(o.manifest);
    }
    cli_roster_close(&cr, in);
    cli_files_free(fs);
    free(name); /* open_memstream's */
    kh_policy_free(alt);
    kh_policy_free(p);
    return rc;
}
