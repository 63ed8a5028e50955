/*
 * cmd_diff.c — `kaohe diff OLD.rules NEW.rules INPUT` and
 * `kaohe diff POLICY INPUT --set name=value…`: what a rule change costs.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "mem.h"
#include "i18n.h"

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
    static const char *const formats[] = {"text", "json", "csv", NULL}; /* kh_diff_format's order */
    int format = KH_DIFF_TEXT;
    const cli_arg args[] = {
        CLI_VALUE("--set", NULL, ARG_LIST, &sets, N_("name=value")),
        CLI_VALUE("--set-old", NULL, ARG_LIST, &old_sets, N_("name=value")),
        CLI_CHOICE("--format", NULL, &format, N_("text, json or csv"), formats, NULL),
        CLI_FLAG("--summary", &o.summary_only),
        CLI_NUMBER("--top", NULL, &o.top, N_("a number"), 1, 50, /* the summary keeps at most 50 */
                   N_("--top needs a whole number from 1 to 50, not '%s'")),
        CLI_VALUE("--prior", NULL, ARG_TEXT, &o.prior_path, N_("the previous period's results")),
        CLI_VALUE("-o", "--output", ARG_ONCE, &output, N_("a file name")),
        CLI_VALUE("--list", NULL, ARG_ROSTER_LIST, &cr, N_("NAME=FILE.csv")),
        CLI_END,
    };
    rc = cli_args("diff", argc, argv, args, pos, 3, NULL);
    if (rc != KH_OK) return rc;
    o.format = (kh_diff_format)format;
    while (npos < 3 && pos[npos]) npos++;
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
    FILE *of = cli_memstream(&old_name, &old_len), *nf = cli_memstream(&new_name, &new_len);
    fputs(old_path, of);
    fputs(new_path, nf);
    if (npos == 2) {
        if (sets.n) fputs(_(" with"), nf);
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
    cli_files_policy(fs, npos == 3 ? np : NULL, _("the new policy"));
    cli_roster_inputs(&cr, fs);
    cli_output out = {0};
    if (rc == KH_OK) rc = cli_files_output(fs, "-o", output ? output : "-");
    if (rc == KH_OK) rc = cli_output_begin(&out, output, "-o", fs);
    if (rc == KH_OK) {
        o.color = o.format == KH_DIFF_TEXT && !output && cli_color(stdout);
        kh_eval_summary sum;
        const char *input_name = strcmp(input, "-") == 0 ? "stdin" : input;
        rc = kh_diff(op, np, in, input_name, out.f, &o, &sum);
        /* records refused (either side): the report is whole, and written;
         * the status is eval's, 1 */
        bool whole = rc == KH_OK || rc == KH_RECORD_ERRORS;
        bool written = cli_output_close(&out, whole);
        /* kh_diff's own I/O error with no reason is its output's */
        if ((!written && whole) || (rc == KH_IO_ERROR && !sum.fatal[0]))
            rc = cli_fail(KH_IO_ERROR, "cannot write '%s'", cli_output_shown(output));
        if (rc == KH_OK || rc == KH_RECORD_ERRORS) cli_print_summary(input_name, &sum);
        cli_say_fatal(rc, input_name, output, &sum);
    }
    cli_roster_close(&cr, in);
    cli_files_free(fs);
    free(old_name); /* open_memstream's */
    free(new_name); /* open_memstream's */
    kh_policy_free(op);
    kh_policy_free(np);
    return rc;
}
