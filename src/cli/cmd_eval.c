/*
 * cmd_eval.c — `kaohe eval POLICY INPUT`: evaluate every record.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "i18n.h"

int cmd_eval(int argc, char **argv)
{
    const char *policy = NULL, *input = NULL, *output = NULL, *prior = NULL, *manifest = NULL;
    bool strict = false;
    kh_eval_options opts;
    memset(&opts, 0, sizeof opts);
    static cli_list sets; /* static: still reachable when a usage error returns early */
    static cli_roster cr;
    int rc = KH_OK;
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        if (strcmp(a, "--format") == 0 || strcmp(a, "-f") == 0) {
            if (++i >= argc) return cli_usage("eval", "--format needs json, ndjson, csv or xlsx");
            if (strcmp(argv[i], "json") == 0) opts.format = KH_FORMAT_JSON;
            else if (strcmp(argv[i], "ndjson") == 0) opts.format = KH_FORMAT_NDJSON;
            else if (strcmp(argv[i], "csv") == 0) opts.format = KH_FORMAT_CSV;
            else if (strcmp(argv[i], "xlsx") == 0) opts.format = KH_FORMAT_XLSX;
            else return cli_usage("eval", "unknown format '%s' (json, ndjson, csv or xlsx)", argv[i]);
        } else if (strcmp(a, "-o") == 0 || strcmp(a, "--output") == 0) {
            if (++i >= argc) return cli_usage("eval", "-o needs a file name");
            if ((rc = cli_option_once("eval", "-o", &output, argv[i])) != KH_OK) break;
        } else if (strcmp(a, "--set") == 0) {
            if (++i >= argc) return cli_usage("eval", "--set needs name=value");
            cli_list_add(&sets, argv[i]);
        } else if (strncmp(a, "--set=", 6) == 0) {
            cli_list_add(&sets, a + 6);
        } else if (strcmp(a, "--prior") == 0) {
            if (++i >= argc) return cli_usage("eval", "--prior needs the previous period's results");
            prior = argv[i];
        } else if (strcmp(a, "--jobs") == 0 || strcmp(a, "-j") == 0 || strncmp(a, "--jobs=", 7) == 0) {
            const char *v = a[2] == '=' || strncmp(a, "--jobs=", 7) == 0 ? strchr(a, '=') + 1 : (++i < argc ? argv[i] : NULL);
            char *end = NULL;
            long n = v ? strtol(v, &end, 10) : -1;
            if (!v || *end || n < 0 || n > 256) return cli_usage("eval", "--jobs needs a number of threads (0: one per processor)");
            opts.jobs = n == 0 ? cli_cpus() : (int)n;
        } else if (strcmp(a, "--explain") == 0) {
            opts.explain = true;
        } else if (strcmp(a, "--manifest") == 0) {
            if (++i >= argc) return cli_usage("eval", "--manifest needs a file name");
            if ((rc = cli_option_once("eval", "--manifest", &manifest, argv[i])) != KH_OK) break;
        } else if (strcmp(a, "--csv-no-bom") == 0) {
            opts.csv_no_bom = true;
        } else if (strcmp(a, "--strict") == 0) {
            strict = true;
        } else if (strcmp(a, "--excel-text") == 0) {
            opts.csv_excel_text = true;
        } else if (strcmp(a, "--no-ledgers") == 0) {
            opts.no_ledgers = true;
        } else if (strcmp(a, "--list") == 0) {
            if (++i >= argc) return cli_usage("eval", "--list needs NAME=FILE.csv");
            if (!cli_roster_list_arg(&cr, "eval", argv[i])) return KH_USAGE_ERROR;
        } else if (a[0] == '-' && a[1] != '\0') {
            return cli_usage("eval", "unknown option '%s'", a);
        } else if (!policy) {
            policy = a;
        } else if (!input) {
            input = a;
        } else {
            return cli_usage("eval", "too many arguments ('%s')", a);
        }
    }
    if (rc == KH_OK && (!policy || !input)) rc = cli_usage("eval", "eval needs a POLICY and an INPUT");
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
        free(checks_path);
        return rc;
    }
    opts.checks_csv = checks.f;
    opts.prior_path = prior;
    opts.manifest = cli_roster_manifest(&cr, p, cli_manifest_new(p, manifest));
    cli_log *log = cli_log_new(input_name);
    if (cr.roster) {
        cli_log_set_roster(log, cr.roster);
        opts.locate_ud = cr.roster;
        opts.locate = cli_roster_locate;
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
        cli_fail(KH_IO_ERROR, "cannot write '%s'", output ? output : "standard output");
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
    free(checks_path);
    if (sum.fatal[0]) {
        /* the JSON reader's messages already start with the input's name;
         * --prior's are about another file */
        size_t n = strlen(input_name);
        if ((strncmp(sum.fatal, input_name, n) == 0 && sum.fatal[n] == ':') || strncmp(sum.fatal, "--prior", 7) == 0)
            cli_fail(rc, "%s", sum.fatal);
        else if (sum.output_failed) /* the output failed, not the input */
            cli_fail(rc, "%s (%s)", sum.fatal, output && strcmp(output, "-") != 0 ? output : "standard output");
        else cli_fail(rc, "%s: %s", input_name, sum.fatal);
    }
    if (keep && !cli_manifest_write(opts.manifest, manifest, fs)) rc = KH_IO_ERROR;
    kh_manifest_free(opts.manifest);
    cli_files_free(fs);
    kh_policy_free(p);
    return rc;
}
