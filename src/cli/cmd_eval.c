/*
 * cmd_eval.c — `kaohe eval POLICY INPUT`: evaluate every record.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "mem.h"
#include "i18n.h"

int cmd_eval(int argc, char **argv)
{
    const char *policy = NULL, *input = NULL, *output = NULL, *prior = NULL, *manifest = NULL;
    bool strict = false;
    kh_eval_options opts;
    memset(&opts, 0, sizeof opts);
    static cli_list sets; /* static: still reachable when a usage error returns early */
    static cli_roster cr;
    static const char *const formats[] = {"json", "ndjson", "csv", "xlsx", NULL}; /* kh_format's order */
    int format = KH_FORMAT_JSON, jobs = -1;
    const cli_arg args[] = {
        CLI_CHOICE("--format", "-f", &format, N_("json, ndjson, csv or xlsx"), formats, NULL),
        CLI_VALUE("-o", "--output", ARG_ONCE, &output, N_("a file name")),
        CLI_VALUE("--set", NULL, ARG_LIST, &sets, N_("name=value")),
        CLI_VALUE("--prior", NULL, ARG_TEXT, &prior, N_("the previous period's results")),
        CLI_NUMBER("--jobs", "-j", &jobs, N_("a number of threads (0: one per processor)"), 0, 256,
                   N_("--jobs needs a number of threads (0: one per processor), not '%s'")),
        CLI_FLAG("--explain", &opts.explain),
        CLI_VALUE("--manifest", NULL, ARG_ONCE, &manifest, N_("a file name")),
        CLI_FLAG("--csv-no-bom", &opts.csv_no_bom),
        CLI_FLAG("--strict", &strict),
        CLI_FLAG("--excel-text", &opts.csv_excel_text),
        CLI_FLAG("--no-ledgers", &opts.no_ledgers),
        CLI_VALUE("--list", NULL, ARG_ROSTER_LIST, &cr, N_("NAME=FILE.csv")),
        CLI_END,
    };
    const char *pos[2];
    int rc = cli_args("eval", argc, argv, args, pos, 2, NULL);
    if (rc != KH_OK) return rc;
    opts.format = (kh_format)format;
    if (jobs >= 0) opts.jobs = jobs == 0 ? cli_cpus() : jobs;
    policy = pos[0];
    input = pos[1];
    if (!policy || !input) rc = cli_usage("eval", "eval needs a POLICY and an INPUT");
    if (rc == KH_OK && opts.format == KH_FORMAT_XLSX && (!output || strcmp(output, "-") == 0))
        rc = cli_usage("eval", "--format xlsx needs -o FILE (a workbook is not written to standard output)");
    if (rc == KH_OK && opts.explain && opts.format == KH_FORMAT_CSV)
        rc = cli_usage("eval", "--explain --format csv: a CSV row has no place for the ledgers; use --format xlsx (its "
                               "ledgers sheet) or --format json or ndjson with --explain");
    if (rc == KH_OK && opts.csv_excel_text && opts.format != KH_FORMAT_CSV)
        rc = cli_usage("eval", "--excel-text is for --format csv (XLSX keeps every value as it is)");
    if (rc == KH_OK && opts.no_ledgers && opts.format != KH_FORMAT_XLSX)
        rc = cli_usage("eval", "--no-ledgers is for --format xlsx (the other formats itemise ledgers only with --explain)");
    kh_policy *p = NULL;
    FILE *in = NULL;
    const char *input_name = input && strcmp(input, "-") == 0 ? "stdin" : input;
    if (rc == KH_OK) rc = cli_open_run(policy, &sets, input, &p, &in);
    cli_list_free(&sets);
    if (rc != KH_OK) {
        cli_roster_close(&cr, NULL);
        return rc;
    }
    /* nothing the run reads may be replaced by what it writes; a CSV file's
     * failed roster checks go to a companion file beside it */
    cli_files *fs = cli_files_run("eval", p, input, prior);
    cli_roster_inputs(&cr, fs);
    char *checks_path = opts.format == KH_FORMAT_CSV ? cli_checks_path(output) : NULL;
    cli_output out = {0}, checks = {0};
    if ((rc = cli_files_output(fs, "-o", output ? output : "-")) != KH_OK ||
        (rc = cli_files_output(fs, "--manifest", manifest)) != KH_OK ||
        (rc = cli_files_output(fs, _("the checks file"), checks_path)) != KH_OK ||
        (rc = cli_roster_open(&cr, p, input_name, &in)) != KH_OK ||
        (rc = cli_output_begin(&out, output, "-o", fs)) != KH_OK ||
        (strict && !cli_output_spool(&out) && (rc = cli_fail(KH_IO_ERROR, "--strict: cannot make a temporary file: %s",
                                                             strerror(errno))) != KH_OK) ||
        (checks_path && (rc = cli_output_begin(&checks, checks_path, _("the checks file"), fs)) != KH_OK)) {
        if (out.f) cli_output_close(&out, false);
        cli_roster_close(&cr, in);
        cli_files_free(fs);
        kh_policy_free(p);
        mem_free(checks_path);
        return rc;
    }
    opts.checks_csv = checks.f;
    opts.prior_path = prior;
    opts.manifest = cli_roster_manifest(&cr, p, cli_manifest_new(p, manifest));
    cli_log *log = cli_log_new(input_name);
    if (cr.roster) {
        cli_log_set_roster(log, cr.roster);
        opts.locate_ud = cr.roster;
        opts.locate = kh_roster_locate_for_eval;
    }
    opts.ud = log;
    opts.record_error = cli_record_error;
    opts.check_failed = cli_check_failed;
    kh_eval_summary sum;
    rc = opts.format == KH_FORMAT_XLSX ? kh_eval_xlsx(p, in, input_name, out.f, &opts, &sum)
                                           : kh_eval(p, in, input_name, out.f, &opts, &sum);
    cli_log_finish(log, &sum, rc != KH_IO_ERROR);
    cli_roster_close(&cr, in);
    bool keep = rc != KH_IO_ERROR && !cli_strict_failed(strict, &sum);
    if (!cli_output_close(&out, keep) && keep) {
        cli_fail(KH_IO_ERROR, "cannot write '%s'", cli_output_shown(output));
        rc = KH_IO_ERROR;
        keep = false;
    }
    if (checks.f && !cli_output_close(&checks, keep) && keep) {
        cli_fail(KH_IO_ERROR, "cannot write '%s'", checks_path);
        rc = KH_IO_ERROR;
        keep = false;
    }
    if (keep && sum.checks_failed && opts.format == KH_FORMAT_CSV && !checks_path)
        fprintf(stderr, _("kaohe: warning: a CSV on standard output cannot hold the failed roster checks: give -o FILE "
                        "(they go to a companion FILE.checks.csv)\n"));
    mem_free(checks_path);
    cli_say_fatal(rc, input_name, output, &sum);
    if (keep && !cli_manifest_write(opts.manifest, manifest, fs)) rc = KH_IO_ERROR;
    kh_manifest_free(opts.manifest);
    cli_files_free(fs);
    kh_policy_free(p);
    return rc;
}
