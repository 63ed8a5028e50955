/*
 * cmd_template.c — `kaohe template POLICY -o roster.xlsx`: an empty roster
 * for HR to fill in and give back to `kaohe eval` as it is.
 */
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "i18n.h"

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
            int rc = cli_option_once("template", "-o", &output, argv[i]);
            if (rc != KH_OK) return rc;
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
    int nlists = format == KH_FORMAT_CSV ? kh_template_lists(p, NULL, 0) : 0;
    char **lists = calloc((size_t)nlists + 1, sizeof *lists), **lpaths = calloc((size_t)nlists + 1, sizeof *lpaths);
    cli_output *louts = calloc((size_t)nlists + 1, sizeof *louts);
    FILE **lf = calloc((size_t)nlists + 1, sizeof *lf);
    if (!lists || !lpaths || !louts || !lf) abort();
    if (nlists) kh_template_lists(p, lists, nlists);
    int rc = KH_OK;
    if (nlists && (!output || strcmp(output, "-") == 0))
        rc = cli_usage("template", "the policy has lists of records ('%s'%s): a CSV template needs -o FILE.csv (each "
                                   "list goes to FILE.LIST.csv)", lists[0], nlists > 1 ? "..." : "");
    /* no output replaces the policy, a file it includes, or another output */
    cli_files *fs = cli_files_run("template", p, NULL, NULL);
    if (rc == KH_OK) rc = cli_files_output(fs, "-o", output ? output : "-");
    for (int i = 0; i < nlists; i++) lpaths[i] = list_file(output ? output : "-", lists[i]);
    for (int i = 0; rc == KH_OK && i < nlists; i++) rc = cli_files_output(fs, _("the list's file"), lpaths[i]);
    cli_output out = {0};
    int opened = 0;
    if (rc == KH_OK) rc = cli_output_begin(&out, output, "-o", fs);
    for (; rc == KH_OK && opened < nlists; opened++) {
        if ((rc = cli_output_begin(&louts[opened], lpaths[opened], _("the list's file"), fs)) != KH_OK) break;
        lf[opened] = louts[opened].f;
    }
    char err[512];
    bool ok = rc == KH_OK && kh_template(p, format, out.f, lf, err, sizeof err);
    if (rc == KH_OK && !ok) rc = cli_fail(KH_IO_ERROR, "%s", err);
    if (out.f && !cli_output_close(&out, ok) && ok) {
        rc = cli_fail(KH_IO_ERROR, "cannot write '%s'", output ? output : "standard output");
        ok = false;
    }
    for (int i = 0; i < opened; i++) {
        if (!cli_output_close(&louts[i], ok) && ok) {
            rc = cli_fail(KH_IO_ERROR, "cannot write '%s'", lpaths[i]);
            ok = false;
        }
    }
    for (int i = 0; ok && i < nlists; i++) fprintf(stderr, _("kaohe: the list '%s' goes in %s\n"), lists[i], lpaths[i]);
    for (int i = 0; i < nlists; i++) {
        free(lists[i]);
        free(lpaths[i]);
    }
    free(lists);
    free(lpaths);
    free(louts);
    free(lf);
    cli_files_free(fs);
    kh_policy_free(p);
    return rc;
}
