/*
 * cmd_template.c — `kaohe template POLICY -o roster.xlsx`: an empty roster
 * for HR to fill in and give back to `kaohe eval` as it is.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"

#define MAX_TEMPLATE_LISTS 32

/* roster.csv -> roster.deals.csv */
static char *list_file(const char *output, const char *list)
{
    size_t n = strlen(output);
    const char *dot = strrchr(output, '.'), *slash = strrchr(output, '/');
    if (dot && (!slash || dot > slash + 1) && strcasecmp(dot, ".csv") == 0) n = (size_t)(dot - output);
    size_t len = n + strlen(list) + 6;
    char *s = malloc(len);
    if (!s) abort();
    snprintf(s, len, "%.*s.%s.csv", (int)n, output, list);
    return s;
}

int cmd_template(int argc, char **argv)
{
    const char *policy = NULL, *output = NULL;
    kh_format format = KH_FORMAT_XLSX;
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        if (strcmp(a, "-o") == 0 || strcmp(a, "--output") == 0) {
            if (++i >= argc) return cli_usage("template", "-o needs a file name");
            output = argv[i];
        } else if (strcmp(a, "--format") == 0 || strcmp(a, "-f") == 0) {
            if (++i >= argc) return cli_usage("template", "--format needs xlsx or csv");
            if (strcmp(argv[i], "xlsx") == 0) format = KH_FORMAT_XLSX;
            else if (strcmp(argv[i], "csv") == 0) format = KH_FORMAT_CSV;
            else return cli_usage("template", "unknown format '%s' (xlsx or csv)", argv[i]);
        } else if (a[0] == '-' && a[1]) {
            return cli_usage("template", "unknown option '%s'", a);
        } else if (!policy) {
            policy = a;
        } else {
            return cli_usage("template", "too many arguments ('%s')", a);
        }
    }
    if (!policy) return cli_usage("template", "template needs a POLICY");
    if (format == KH_FORMAT_XLSX && (!output || strcmp(output, "-") == 0))
        return cli_usage("template", "an XLSX template needs -o FILE (a workbook is not written to standard output)");
    kh_policy *p = cli_load_policy(policy, true);
    if (!p) return KH_POLICY_ERROR;
    char *lists[MAX_TEMPLATE_LISTS];
    int nlists = format == KH_FORMAT_CSV ? kh_template_lists(p, lists, MAX_TEMPLATE_LISTS) : 0;
    if (nlists > MAX_TEMPLATE_LISTS) {
        for (int i = 0; i < MAX_TEMPLATE_LISTS; i++) free(lists[i]);
        kh_policy_free(p);
        return cli_fail(KH_USAGE_ERROR, "the policy has %d lists of records; a CSV template holds at most %d: use --format xlsx",
                        nlists, MAX_TEMPLATE_LISTS);
    }
    if (nlists && (!output || strcmp(output, "-") == 0)) {
        for (int i = 0; i < nlists; i++) free(lists[i]);
        kh_policy_free(p);
        return cli_usage("template", "the policy has lists of records (%s...): a CSV template needs -o FILE.csv "
                                     "(each list goes to FILE.LIST.csv)", nlists ? "" : "");
    }
    cli_output out, louts[MAX_TEMPLATE_LISTS];
    FILE *lf[MAX_TEMPLATE_LISTS];
    char *lpaths[MAX_TEMPLATE_LISTS];
    int opened = 0, rc = KH_OK;
    if (!cli_output_open(&out, output)) {
        rc = cli_fail(KH_IO_ERROR, "cannot write '%s': %s", output ? output : "standard output", strerror(errno));
    }
    for (int i = 0; rc == KH_OK && i < nlists; i++) {
        lpaths[i] = list_file(output, lists[i]);
        if (!cli_output_open(&louts[i], lpaths[i])) {
            rc = cli_fail(KH_IO_ERROR, "cannot write '%s': %s", lpaths[i], strerror(errno));
            free(lpaths[i]);
            break;
        }
        lf[i] = louts[i].f;
        opened++;
    }
    char err[512];
    bool ok = rc == KH_OK && kh_template(p, format, out.f, lf, err, sizeof err);
    if (rc == KH_OK && !ok) rc = cli_fail(KH_IO_ERROR, "%s", err);
    if (rc == KH_OK || out.f) {
        if (!cli_output_close(&out, ok) && ok) rc = cli_fail(KH_IO_ERROR, "cannot write '%s'", output);
    }
    for (int i = 0; i < opened; i++) {
        if (!cli_output_close(&louts[i], ok && rc == KH_OK) && ok) rc = cli_fail(KH_IO_ERROR, "cannot write '%s'", lpaths[i]);
        else if (ok && rc == KH_OK) fprintf(stderr, "kaohe: the list '%s' goes in %s\n", lists[i], lpaths[i]);
        free(lpaths[i]);
    }
    for (int i = 0; i < nlists; i++) free(lists[i]);
    kh_policy_free(p);
    return rc;
}
