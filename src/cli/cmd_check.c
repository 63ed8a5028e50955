/*
 * cmd_check.c — `kaohe check POLICY…`: parse and check, reporting every
 * error and warning found.
 */
#include <string.h>

#include "cli.h"
#include "i18n.h"

int cmd_check(int argc, char **argv)
{
    int failed = 0;
    bool werror = false;
    static cli_list files;
    const cli_arg args[] = {CLI_FLAG("--werror", &werror), CLI_END};
    int rc = cli_args("check", argc, argv, args, NULL, 0, &files);
    if (rc != KH_OK) return rc;
    for (int i = 0; i < files.n; i++) {
        kh_diags *d = kh_diags_new();
        kh_policy *p = kh_policy_load_with(files.v[i], cli_load_options(), d);
        kh_diags_print(d, stderr, cli_color(stderr));
        if (!p || (werror && kh_diags_warnings(d) > 0)) failed++;
        /* "ok" for a single policy (with or without --werror); with
         * several, only what is wrong is said */
        if (p && kh_diags_warnings(d) == 0 && files.n == 1) fprintf(stderr, _("%s: ok\n"), files.v[i]);
        kh_diags_free(d);
        kh_policy_free(p);
    }
    int nfiles = files.n;
    cli_list_free(&files);
    if (!nfiles) return cli_usage("check", "check needs a POLICY");
    return failed ? KH_POLICY_ERROR : KH_OK;
}
