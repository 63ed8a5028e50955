/*
 * cmd_check.c — `kaohe check POLICY…`: parse and check, reporting every
 * error and warning found.
 */
#include <string.h>

#include "cli.h"
#include "i18n.h"

int cmd_check(int argc, char **argv)
{
    int files = 0, failed = 0, nfiles = 0;
    bool werror = false;
    for (int i = 1; i < argc; i++) {
        if (strcmp(argv[i], "--werror") == 0) { werror = true; continue; }
        if (argv[i][0] == '-' && argv[i][1]) return cli_usage("check", "unknown option '%s'", argv[i]);
        nfiles++;
    }
    for (int i = 1; i < argc; i++) {
        if (argv[i][0] == '-' && argv[i][1]) continue;
        files++;
        kh_diags *d = kh_diags_new();
        kh_policy *p = kh_policy_load_with(argv[i], cli_load_options(), d);
        kh_diags_print(d, stderr, cli_color(stderr));
        if (!p || (werror && kh_diags_warnings(d) > 0)) failed++;
        /* "ok" for a single policy (with or without --werror); with
         * several, only what is wrong is said */
        if (p && kh_diags_warnings(d) == 0 && nfiles == 1) fprintf(stderr, _("%s: ok\n"), argv[i]);
        kh_diags_free(d);
        kh_policy_free(p);
    }
    if (!files) return cli_usage("check", "check needs a POLICY");
    return failed ? KH_POLICY_ERROR : KH_OK;
}
