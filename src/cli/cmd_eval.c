/*
 * cmd_eval.c — `kaohe eval POLICY INPUT`: evaluate every record.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"

int cmd_eval(int argc, char **argv)
{
    const char *policy = NULL, *input = NULL, *output = NULL, *prior = NULL, *manifest = NULL;
    bool strict = false;
    kh_eval_options opts;
    memset(&opts, 0, sizeof opts);
    const char *sets[256];
    int nsets = 0;
    cli_roster cr = {0};
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
            output = argv[i];
        } else if (strcmp(a, "--set") == 0) {
            if (++i >= argc) return cli_usage("eval", "--set needs name=value");
            if (nsets < 256) sets[nsets++] = argv[i];
        } else if (strncmp(a, "--set=", 6) == 0) {
            if (nsets < 256) sets[nsets++] = a + 6;
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
            manifest = argv[i];
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
    if (!policy || !input) return cli_usage("eval", "eval needs a POLICY and an INPUT");
    if (opts.format == KH_FORMAT_XLSX && (!output || strcmp(output, "-") == 0))
        return cli_usage("eval", "--format xlsx needs -o FILE (a workbook is not written to standard output)");
    if (opts.csv_excel_text && opts.format != KH_FORMAT_CSV)
        return cli_usage("eval", "--excel-text is for --format csv (XLSX keeps every value as it is)");
    if (opts.no_ledgers && opts.format != KH_FORMAT_XLSX)
        return cli_usage("eval", "--no-ledgers is for --format xlsx (the other formats itemise ledgers only with --explain)");
    kh_policy *p;
    FILE *in;
    const char *input_name = strcmp(input, "-") == 0 ? "stdin" : input;
    int opened = cli_open_run(policy, sets, nsets, input, &p, &in);
    if (opened == KH_OK && (opened = cli_roster_open(&cr, p, input_name, &in)) != KH_OK) {
        cli_roster_close(&cr, in);
        kh_policy_free(p);
    }
    if (opened != KH_OK) return opened;
    /* a CSV file's failed roster checks go to a companion file beside it */
    char *checks_path = opts.format == KH_FORMAT_CSV ? cli_checks_path(output) : NULL;
    cli_output out, checks = {0};
    if (!cli_output_open(&out, output) || (strict && !cli_output_spool(&out)) ||
        (checks_path && !cli_output_open(&checks, checks_path))) {
        int err = errno;
        const char *what = out.f && checks_path ? checks_path : output ? output : "standard output";
        if (out.f) cli_output_close(&out, false);
        cli_roster_close(&cr, in);
        kh_policy_free(p);
        free(checks_path);
        return cli_fail(KH_IO_ERROR, "cannot write '%s': %s", what, strerror(err));
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
    int rc = kh_eval(p, in, input_name, out.f, &opts, &sum);
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
        fprintf(stderr, "kaohe: warning: a CSV on standard output cannot hold the failed roster checks: give -o FILE "
                        "(they go to a companion FILE.checks.csv)\n");
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
    if (keep && !cli_manifest_write(opts.manifest, manifest)) rc = KH_IO_ERROR;
    kh_manifest_free(opts.manifest);
    kh_policy_free(p);
    return rc;
}
