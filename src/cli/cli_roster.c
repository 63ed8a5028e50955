/*
 * cli_roster.c — INPUT as HR keeps it: an XLSX workbook or a CSV file is
 * read through the policy's schema (kh_roster_open) into the records every
 * command reads; `--list NAME=FILE.csv` gives a list of records in a file
 * of its own.  The notes (columns not read) go to stderr.
 */
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "mem.h"
#include "vec.h"
#include "i18n.h"

bool cli_roster_list_arg(cli_roster *cr, const char *cmd, const char *arg)
{
    const char *eq = strchr(arg, '=');
    if (!eq || eq == arg || !eq[1]) {
        cli_usage(cmd, "--list needs NAME=FILE.csv (the list of records NAME, a row per entry), not '%s'", arg);
        return false;
    }
    VEC_RESERVE(cr->lists, cr->nlists + 1, cr->cap);
    char *name = mem_strndup(arg, (size_t)(eq - arg));
    cr->lists[cr->nlists].name = name;
    cr->lists[cr->nlists].path = eq + 1;
    cr->nlists++;
    return true;
}

void cli_roster_inputs(const cli_roster *cr, cli_files *fs)
{
    for (int i = 0; i < cr->nlists; i++) cli_files_input(fs, cr->lists[i].path, _("the --list file"));
}

int cli_roster_open(cli_roster *cr, const kh_policy *p, const char *input_name, FILE **in)
{
    char err[1024];
    FILE *records = NULL;
    cr->original = *in;
    int rc = kh_roster_open(p, *in, input_name, cr->lists, cr->nlists, &cr->roster, &records, err, sizeof err);
    if (rc != KH_OK) {
        if (rc == KH_USAGE_ERROR) return cli_usage(NULL, "%s", err);
        return cli_fail(rc, "%s", err);
    }
    fputs(kh_roster_notes(cr->roster), stderr);
    *in = records;
    return KH_OK;
}

kh_manifest *cli_roster_manifest(const cli_roster *cr, const kh_policy *p, kh_manifest *m)
{
    if (!cr->roster) return m;
    if (!m) m = kh_manifest_new(p, cli_run_time());
    kh_roster_pin_manifest(cr->roster, m);
    return m;
}

void cli_roster_close(cli_roster *cr, FILE *in)
{
    if (cr->roster) {
        kh_roster_free(cr->roster); /* closes its records */
    } else if (in && in != cr->original && in != stdin) {
        fclose(in); /* a stream replaying the first bytes of standard input */
    }
    if (cr->original && cr->original != stdin) fclose(cr->original);
    for (int i = 0; i < cr->nlists; i++) mem_free((char *)cr->lists[i].name);
    mem_free(cr->lists);
    memset(cr, 0, sizeof *cr);
}
