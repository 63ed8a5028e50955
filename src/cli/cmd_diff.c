/*
 * cmd_diff.c — `kaohe diff OLD.rules NEW.rules INPUT` and
 * `kaohe diff POLICY INPUT --set name=value…`: what a rule change costs.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"

/* A seekable copy of stdin (the input is read once per policy). */
static FILE *spool_stdin(void)
{
    FILE *t = tmpfile();
    if (!t) return NULL;
    char buf[1 << 16];
    size_t n;
    while ((n = fread(buf, 1, sizeof buf, stdin)) > 0)
        if (fwrite(buf, 1, n, t) != n) {
            fclose(t);
            return NULL;
        }
    rewind(t);
    return t;
}

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
    cli_roster cr = {0};
    const char *pos[3];
    int npos = 0;
    const char *sets[256], *old_sets[256];
    int nsets = 0, nold = 0;
    kh_diff_options o;
    memset(&o, 0, sizeof o);
    const char *output = NULL;
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        if (strcmp(a, "--set") == 0 || strcmp(a, "--set-old") == 0) {
            if (++i >= argc) return cli_usage("diff", "%s needs name=value", a);
            if (a[5] == '-') { if (nold < 256) old_sets[nold++] = argv[i]; }
            else if (nsets < 256) sets[nsets++] = argv[i];
        } else if (strcmp(a, "--format") == 0) {
            if (++i >= argc) return cli_usage("diff", "--format needs text, json or csv");
            if (strcmp(argv[i], "json") == 0) o.format = KH_DIFF_JSON;
            else if (strcmp(argv[i], "csv") == 0) o.format = KH_DIFF_CSV;
            else if (strcmp(argv[i], "text") != 0) return cli_usage("diff", "unknown format '%s'", argv[i]);
        } else if (strcmp(a, "--summary") == 0) {
            o.summary_only = true;
        } else if (strcmp(a, "--top") == 0) {
            if (++i >= argc) return cli_usage("diff", "--top needs a number");
            if (!count_arg(argv[i], &o.top)) return cli_usage("diff", "--top needs a whole number of at least 1, not '%s'", argv[i]);
        } else if (strcmp(a, "--prior") == 0) {
            if (++i >= argc) return cli_usage("diff", "--prior needs the previous period's results");
            o.prior_path = argv[i];
        } else if (strcmp(a, "-o") == 0) {
            if (++i >= argc) return cli_usage("diff", "-o needs a file name");
            output = argv[i];
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
    if (npos < 2) return cli_usage("diff", "diff needs OLD.rules NEW.rules INPUT, or POLICY INPUT --set NAME=VALUE");
    if (npos == 2 && nsets == 0 && nold == 0)
        return cli_usage("diff", "comparing a policy with itself needs --set NAME=VALUE (the what-if)");
    const char *old_path = pos[0], *new_path = npos == 3 ? pos[1] : pos[0], *input = pos[npos - 1];
    kh_policy *op = cli_load_policy(old_path, true), *np = op ? cli_load_policy(new_path, true) : NULL;
    int rc = KH_OK;
    if (!op || !np) rc = KH_POLICY_ERROR;
    for (int i = 0; rc == KH_OK && i < nold; i++)
        if (!cli_set_param(op, old_sets[i])) rc = KH_USAGE_ERROR;
    for (int i = 0; rc == KH_OK && i < nsets; i++)
        if (!cli_set_param(np, sets[i])) rc = KH_USAGE_ERROR;
    FILE *in = NULL;
    if (rc == KH_OK) {
        in = strcmp(input, "-") == 0 ? spool_stdin() : fopen(input, "rb");
        if (!in) rc = cli_fail(KH_IO_ERROR, "cannot read '%s': %s", input, strerror(errno));
        /* a spreadsheet is read by the new policy's schema */
        else if ((rc = cli_roster_open(&cr, np, strcmp(input, "-") == 0 ? "stdin" : input, &in)) != KH_OK) {
            cli_roster_close(&cr, in);
            in = NULL;
        }
    }
    char old_name[1024], new_name[1024];
    if (npos == 3) {
        snprintf(old_name, sizeof old_name, "%s", old_path);
        snprintf(new_name, sizeof new_name, "%s", new_path);
    } else {
        size_t n = (size_t)snprintf(new_name, sizeof new_name, "%s%s", old_path, nsets ? " with" : "");
        for (int i = 0; i < nsets && n < sizeof new_name; i++) n += (size_t)snprintf(new_name + n, sizeof new_name - n, " %s", sets[i]);
        n = (size_t)snprintf(old_name, sizeof old_name, "%s", old_path);
        for (int i = 0; i < nold && n < sizeof old_name; i++) n += (size_t)snprintf(old_name + n, sizeof old_name - n, " %s", old_sets[i]);
    }
    o.old_name = old_name;
    o.new_name = new_name;
    cli_output out = {0};
    if (rc == KH_OK && !cli_output_open(&out, output)) rc = cli_fail(KH_IO_ERROR, "cannot write '%s': %s", output, strerror(errno));
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
    if (in) cli_roster_close(&cr, in);
    kh_policy_free(op);
    kh_policy_free(np);
    return rc;
}
