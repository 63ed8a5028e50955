/*
 * cmd_template.c — `kaohe template POLICY -o roster.xlsx`: an empty roster
 * for HR to fill in and give back to `kaohe eval` as it is.
 */
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "mem.h"
#include "i18n.h"

/* roster.csv -> roster.deals.csv */
static char *list_file(const char *output, const char *list)
{
    size_t n = strlen(output);
    const char *dot = strrchr(output, '.'), *slash = strrchr(output, '/');
    if (dot && (!slash || dot > slash + 1) && strcasecmp(dot, ".csv") == 0) n = (size_t)(dot - output);
    size_t len = n + strlen(list) + 6;
    char *s = mem_alloc(len);
    snprintf(s, len, "%.*s.%s.csv", (int)n, output, list);
    return s;
}

int cmd_template(int argc, char **argv)
{
    const char *policy = NULL, *output = NULL;
    kh_format format = KH_FORMAT_XLSX;
    static const char *const formats[] = {"xlsx", "csv", NULL};
    int fmt = 0;
    const cli_arg args[] = {
        CLI_VALUE("-o", "--output", ARG_ONCE, &output, N_("a file name")),
        CLI_CHOICE("--format", "-f", &fmt, N_("xlsx or csv"), formats, NULL),
        CLI_END,
    };
    int rc = cli_args("template", argc, argv, args, &policy, 1, NULL);
    if (rc != KH_OK) return rc;
    format = fmt == 0 ? KH_FORMAT_XLSX : KH_FORMAT_CSV;
    if (!policy) return cli_usage("template", "template needs a POLICY");
    if (format == KH_FORMAT_XLSX && (!output || strcmp(output, "-") == 0))
        return cli_usage("template", "an XLSX template needs -o FILE (a workbook is not written to standard output)");
    kh_policy *p = cli_load_policy(policy, true);
    if (!p) return KH_POLICY_ERROR;
    int nlists = format == KH_FORMAT_CSV ? kh_template_lists(p, NULL, 0) : 0;
    char **lists = mem_calloc((size_t)nlists + 1, sizeof *lists), **lpaths = mem_calloc((size_t)nlists + 1, sizeof *lpaths);
    cli_output *louts = mem_calloc((size_t)nlists + 1, sizeof *louts);
    FILE **lf = mem_calloc((size_t)nlists + 1, sizeof *lf);
    if (nlists) kh_template_lists(p, lists, nlists);
    rc = KH_OK;
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
    if (rc == KH_OK && !ok) rc = cli_fail(KH_IO_ERROR, "%s (%s)", err, cli_output_shown(output));
    if (out.f && !cli_output_close(&out, ok) && ok) {
        rc = cli_fail(KH_IO_ERROR, "cannot write '%s'", cli_output_shown(output));
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
        mem_free(lists[i]);
        mem_free(lpaths[i]);
    }
    mem_free(lists);
    mem_free(lpaths);
    mem_free(louts);
    mem_free(lf);
    cli_files_free(fs);
    kh_policy_free(p);
    return rc;
}
