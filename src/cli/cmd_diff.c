/*
 * cmd_diff.c — `kaohe diff OLD.rules NEW.rules INPUT` and
 * `kaohe diff POLICY INPUT --set name=value…`: what a rule change costs.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"

/* A whole number of at least 1 (at most 1,000,000), all of s. */
static bool count_arg(const char *s, int *out)
{
    char *end;
    errno = 0;
    long v = strtol(s, &end, 10);
    if (end == s || *end || errno || v < 1 || v > 1000000) return false;
    *out = (int)v;
    return true;
}

int cmd_diff(int argc, char **argv)
{
    static cli_roster cr; /* static, like the lists */
    const char *pos[3];
    int npos = 0;
    static cli_list sets, old_sets; /* static: still reachable when a usage error returns early */
    int rc = KH_OK;
    kh_diff_options o;
    memset(&o, 0, sizeof o);
    const char *output = NULL;
    for (int i = 1; i < argc && rc == KH_OK; i++) {
        const char *a = argv[i];
        if (strcmp(a, "--set") == 0 || strcmp(a, "--set-old") == 0) {
            if (++i >= argc) return cli_usage("diff", "%s needs name=value", a);
            cli_list_add(a[5] == '-' ? &old_sets : &sets, argv[i]);
        } else if (strcmp(a, "--format") == 0) {
            if (++i >= argc) return cli_usage("diff", "--format needs text, json or csv");
            if (strcmp(argv[i], "json") == 0) o.format = KH_DIFF_JSON;
            else if (strcmp(argv[i], "csv") == 0) o.format = KH_DIFF_CSV;
            else if (strcmp(argv[i], "text") != 0) return cli_usage("diff", "unknown format '%s'", argv[i]);
        } else if (strcmp(a, "--summary") == 0) {
            o.summary_only = true;
        } else if (strcmp(a, "--top") == 0) {
            if (++i >= argc) return cli_usage("diff", "--top needs a number");
            if (!count_arg(argv[i], &o.top) || o.top > 50) /* the summary keeps at most 50 */
                return cli_usage("diff", "--top needs a whole number from 1 to 50, not '%s'", argv[i]);
        } else if (strcmp(a, "--prior") == 0) {
            if (++i >= argc) return cli_usage("diff", "--prior needs the previous period's results");
            o.prior_path = argv[i];
        } else if (strcmp(a, "-o") == 0) {
            if (++i >= argc) return cli_usage("diff", "-o needs a file name");
            rc = cli_option_once("diff", "-o", &output, argv[i]);
        } else if (strcmp(a, "--list") == 0) {
            if (++i >= argc) return cli_usage("diff", "--list needs NAME=FILE.csv");
            if (!cli_roster_list_arg(&cr, "diff", argv[i])) return KH_USAGE_ERROR;
        } else if (a[0] == '-' && a[1]) {
            return cli_usage("diff", "unknown option '%s'", a);
        } else if (npos < 3) {
            pos[npos++] = a;
        } else {
            return cli_usage("diff", "too many arguments ('%s')", a);
        }
    }
    if (rc != KH_OK) return rc;
    if (npos < 2) return cli_usage("diff", "diff needs OLD.rules NEW.rules INPUT, or POLICY INPUT --set NAME=VALUE");
    if (npos == 2 && sets.n == 0 && old_sets.n == 0)
        return cli_usage("diff", "comparing a policy with itself needs --set NAME=VALUE (the what-if)");
    const char *old_path = pos[0], *new_path = npos == 3 ? pos[1] : pos[0], *input = pos[npos - 1];
    kh_policy *op = cli_load_policy(old_path, true), *np = op ? cli_load_policy(new_path, true) : NULL;
    if (!op || !np) rc = KH_POLICY_ERROR;
    for (int i = 0; rc == KH_OK && i < old_sets.n; i++)
        if (!cli_set_param(op, old_sets.v[i])) rc = KH_USAGE_ERROR;
    for (int i = 0; rc == KH_OK && i < sets.n; i++)
        if (!cli_set_param(np, sets.v[i])) rc = KH_USAGE_ERROR;
    FILE *in = NULL;
    if (rc == KH_OK) {
        in = cli_open_input(input); /* read once, for both policies */
        if (!in) rc = cli_fail(KH_IO_ERROR, "cannot read '%s': %s", input, strerror(errno));
        /* a spreadsheet is read by the new policy's schema */
        else if ((rc = cli_roster_open(&cr, np, strcmp(input, "-") == 0 ? "stdin" : input, &in)) != KH_OK) {
            cli_roster_close(&cr, in);
            in = NULL;
        }
    }
    /* how the report names the two sides: the policies and their assignments */
    char *old_name = NULL, *new_name = NULL;
    size_t old_len = 0, new_len = 0;
    FILE *of = open_memstream(&old_name, &old_len), *nf = open_memstream(&new_name, &new_len);
    if (!of || !nf) abort();
    fputs(old_path, of);
    fputs(new_path, nf);
    if (npos == 2) {
        if (sets.n) fputs(" with", nf);
        for (int i = 0; i < sets.n; i++) fprintf(nf, " %s", sets.v[i]);
        for (int i = 0; i < old_sets.n; i++) fprintf(of, " %s", old_sets.v[i]);
    }
    fclose(of);
    fclose(nf);
    cli_list_free(&sets);
    cli_list_free(&old_sets);
    o.old_name = old_name;
    o.new_name = new_name;
    /* nothing the run reads may be replaced by what it writes */
    cli_files *fs = cli_files_run("diff", op, input, o.prior_path);
    cli_files_policy(fs, npos == 3 ? np : NULL, "the new policy");
    cli_roster_inputs(&cr, fs);
    cli_output out = {0};
    if (rc == KH_OK) rc = cli_files_output(fs, "-o", output ? output : "-");
    if (rc == KH_OK) rc = cli_output_begin(&out, output, "-o", fs);
    if (rc == KH_OK) {
        o.color = o.format == KH_DIFF_TEXT && !output && cli_color(stdout);
        kh_eval_summary sum;
        const char *input_name = strcmp(input, "-") == 0 ? "stdin" : input;
        rc = kh_diff(op, np, in, input_name, out.f, &o, &sum);
        if (!cli_output_close(&out, rc == KH_OK)) rc = KH_IO_ERROR;
        if (rc == KH_OK) cli_print_summary(input_name, &sum);
        if (sum.fatal[0]) {
            /* the JSON reader's messages, and --prior's, say what they are about */
            size_t n = strlen(input_name);
            if ((strncmp(sum.fatal, input_name, n) == 0 && sum.fatal[n] == ':') || strncmp(sum.fatal, "--prior", 7) == 0)
                cli_fail(rc, "%s", sum.fatal);
            else
                cli_fail(rc, "%s: %s", input_name, sum.fatal);
        }
    }
    cli_roster_close(&cr, in);
    cli_files_free(fs);
    free(old_name);
    free(new_name);
    kh_policy_free(op);
    kh_policy_free(np);
    return rc;
}
