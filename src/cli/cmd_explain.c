/*
 * cmd_explain.c — `kaohe explain POLICY INPUT --id ID [OUTPUT…]`.
 */
#include <stdlib.h>
#include <string.h>

#include "cli.h"

int cmd_explain(int argc, char **argv)
{
    static cli_roster cr;
    const char *policy = NULL, *input = NULL;
    kh_explain_options o;
    memset(&o, 0, sizeof o);
    static cli_list outputs, sets; /* static: still reachable when a usage error returns early */
    static const char *const formats[] = {"text", "json", NULL};
    int format = 0;
    const cli_arg args[] = {
        CLI_VALUE("--id", NULL, ARG_TEXT, &o.id, N_("a record id")),
        CLI_CHOICE("--format", NULL, &format, N_("text or json"), formats, NULL),
        CLI_FLAG("--all", &o.show_inactive),
        CLI_NUMBER("--depth", NULL, &o.max_depth, N_("a number"), 0, 1000,
                   N_("--depth needs a whole number from 0 (no limit) to 1000, not '%s'")),
        CLI_FLAG("--private", &o.private_view),
        CLI_VALUE("--set", NULL, ARG_LIST, &sets, N_("name=value")),
        CLI_VALUE("--prior", NULL, ARG_TEXT, &o.prior_path, N_("the previous period's results")),
        CLI_VALUE("--list", NULL, ARG_ROSTER_LIST, &cr, N_("NAME=FILE.csv")),
        CLI_END,
    };
    const char *pos[2];
    int rc = cli_args("explain", argc, argv, args, pos, 2, &outputs);
    if (rc != KH_OK) return rc;
    o.json = format == 1;
    policy = pos[0];
    input = pos[1];
    if (!policy || !input || !o.id) return cli_usage("explain", "explain needs a POLICY, an INPUT and --id ID");
    o.outputs = outputs.n ? outputs.v : NULL;
    o.noutputs = outputs.n;
    o.color = !o.json && cli_color(stdout);
    kh_policy *p;
    FILE *in;
    int opened = cli_open_run(policy, &sets, input, &p, &in);
    cli_list_free(&sets);
    if (opened == KH_OK && (opened = cli_roster_open(&cr, p, strcmp(input, "-") == 0 ? "stdin" : input, &in)) != KH_OK) {
        cli_roster_close(&cr, in);
        kh_policy_free(p);
    } else if (opened != KH_OK) {
        cli_roster_close(&cr, NULL);
    }
    if (opened != KH_OK) {
        cli_list_free(&outputs);
        return opened;
    }
    kh_eval_summary sum;
    rc = kh_explain(p, in, strcmp(input, "-") == 0 ? "stdin" : input, stdout, &o, &sum);
    cli_roster_close(&cr, in);
    cli_output out;
    cli_output_open(&out, NULL); /* standard output: a full disk is found when it is flushed */
    if (sum.fatal[0]) cli_fail(rc, "%s", sum.fatal);
    else if (!cli_output_close(&out, true)) rc = cli_fail(KH_IO_ERROR, "cannot write '%s'", cli_output_shown(NULL));
    if (rc == KH_OK || (rc == KH_RECORD_ERRORS && sum.records)) cli_print_summary(strcmp(input, "-") == 0 ? "stdin" : input, &sum);
    cli_list_free(&outputs);
    kh_policy_free(p);
    return rc;
}
