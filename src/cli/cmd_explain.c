/*
 * cmd_explain.c — `kaohe explain POLICY INPUT --id ID [OUTPUT…]`.
 */
#include <errno.h>
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
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        if (strcmp(a, "--id") == 0) {
            if (++i >= argc) return cli_usage("explain", "--id needs a record id");
            o.id = argv[i];
        } else if (strcmp(a, "--format") == 0) {
            if (++i >= argc) return cli_usage("explain", "--format needs text or json");
            if (strcmp(argv[i], "json") == 0) o.json = true;
            else if (strcmp(argv[i], "text") != 0) return cli_usage("explain", "unknown format '%s' (text or json)", argv[i]);
        } else if (strcmp(a, "--all") == 0) {
            o.show_inactive = true;
        } else if (strcmp(a, "--depth") == 0) {
            if (++i >= argc) return cli_usage("explain", "--depth needs a number");
            char *end;
            errno = 0;
            long v = strtol(argv[i], &end, 10);
            if (end == argv[i] || *end || errno || v < 0 || v > 1000)
                return cli_usage("explain", "--depth needs a whole number from 0 (no limit) to 1000, not '%s'", argv[i]);
            o.max_depth = (int)v;
        } else if (strcmp(a, "--private") == 0) {
            o.private_view = true;
        } else if (strcmp(a, "--set") == 0) {
            if (++i >= argc) return cli_usage("explain", "--set needs name=value");
            cli_list_add(&sets, argv[i]);
        } else if (strcmp(a, "--prior") == 0) {
            if (++i >= argc) return cli_usage("explain", "--prior needs the previous period's results");
            o.prior_path = argv[i];
        } else if (strcmp(a, "--list") == 0) {
            if (++i >= argc) return cli_usage("explain", "--list needs NAME=FILE.csv");
            if (!cli_roster_list_arg(&cr, "explain", argv[i])) return KH_USAGE_ERROR;
        } else if (a[0] == '-' && a[1]) {
            return cli_usage("explain", "unknown option '%s'", a);
        } else if (!policy) {
            policy = a;
        } else if (!input) {
            input = a;
        } else {
            cli_list_add(&outputs, a);
        }
    }
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
    int rc = kh_explain(p, in, strcmp(input, "-") == 0 ? "stdin" : input, stdout, &o, &sum);
    cli_roster_close(&cr, in);
    if (sum.fatal[0]) cli_fail(rc, "%s", sum.fatal);
    if (rc == KH_OK || (rc == KH_RECORD_ERRORS && sum.records)) cli_print_summary(strcmp(input, "-") == 0 ? "stdin" : input, &sum);
    cli_list_free(&outputs);
    kh_policy_free(p);
    return rc;
}
