/*
 * cli_args.c — the one option parser of the commands: each command lists
 * its options in a table (cli_arg) and cli_args reads argv against it.
 * Options may stand anywhere among the arguments, a value follows its
 * option (`--format json`) or is joined to it (`--format=json`); `-` alone
 * is an argument (standard input); the arguments that are not options fill
 * the command's named places (POLICY INPUT), then a list, in order.  Every mistake is a usage error naming the option.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "i18n.h"

/* The table's entry for argument a ("--format", "-f", "--format=json":
 * *joined is then "json"), or NULL. */
static const cli_arg *find_arg(const cli_arg *args, const char *a, const char **joined)
{
    *joined = NULL;
    for (const cli_arg *o = args; o->name; o++) {
        const char *names[2] = {o->name, o->alias};
        for (int k = 0; k < 2; k++) {
            if (!names[k]) continue;
            size_t n = strlen(names[k]);
            if (strncmp(a, names[k], n) != 0) continue;
            if (a[n] == '\0') return o;
            if (a[n] == '=' && o->kind != ARG_FLAG && names[k][1] == '-') {
                *joined = a + n + 1;
                return o;
            }
        }
    }
    return NULL;
}

/* A whole number from o->min to o->max, all of s. */
static bool number_in_range(const cli_arg *o, const char *s, int *out)
{
    char *end;
    errno = 0;
    long v = strtol(s, &end, 10);
    if (end == s || *end || errno || v < o->min || v > o->max) return false;
    *out = (int)v;
    return true;
}

/* Stores the value of option o; KH_OK or the usage error's status. */
static int take_value(const char *cmd, const cli_arg *o, const char *v)
{
    switch (o->kind) {
    case ARG_FLAG: break;
    case ARG_TEXT: *(const char **)o->slot = v; break;
    case ARG_ONCE: return cli_option_once(cmd, o->name, (const char **)o->slot, v);
    case ARG_LIST: cli_list_add((cli_list *)o->slot, v); break;
    case ARG_CHOICE:
        for (int i = 0; o->choices[i]; i++)
            if (strcmp(v, o->choices[i]) == 0) {
                *(int *)o->slot = i;
                return KH_OK;
            }
        if (o->bad) return cli_usage(cmd, o->bad, v);
        return cli_usage(cmd, "unknown %s '%s' (%s)", o->name + 2, v, _(o->needs));
    case ARG_NUMBER:
        if (!number_in_range(o, v, (int *)o->slot)) return cli_usage(cmd, o->bad, v);
        break;
    case ARG_ROSTER_LIST:
        if (!cli_roster_list_arg((cli_roster *)o->slot, cmd, v)) return KH_USAGE_ERROR;
        break;
    }
    return KH_OK;
}

int cli_args(const char *cmd, int argc, char **argv, const cli_arg *args, const char **pos, int npos, cli_list *rest)
{
    int given = 0;
    for (int k = 0; k < npos; k++) pos[k] = NULL;
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i], *v;
        const cli_arg *o = find_arg(args, a, &v);
        if (!o) {
            if (a[0] == '-' && a[1] != '\0') return cli_usage(cmd, "unknown option '%s'", a);
            if (given < npos) pos[given++] = a;
            else if (rest) cli_list_add(rest, a);
            else return cli_usage(cmd, "too many arguments ('%s')", a);
            continue;
        }
        if (o->kind == ARG_FLAG) {
            *(bool *)o->slot = true;
            continue;
        }
        if (!v) {
            if (i + 1 >= argc) return cli_usage(cmd, "%s needs %s", a, _(o->needs));
            v = argv[++i];
        }
        int rc = take_value(cmd, o, v);
        if (rc != KH_OK) return rc;
    }
    return KH_OK;
}
