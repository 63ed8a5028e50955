/*
 * cmd_fmt.c — `kaohe fmt FILE…`: rewrite policies in the canonical layout;
 * `--check` only names the files that are not formatted; `-` formats
 * standard input to standard output; `--lang zh|en` writes the keywords in
 * Chinese or English (the policy converted, comments and names kept).
 */
#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"
#include "readall.h"
#include "mem.h"
#include "i18n.h"

/* The bytes of the file at path as they are now (NULL when it cannot be
 * read: it is then written as formatted). */
static char *current_text(const char *path, size_t *len)
{
    int fd = open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK);
    if (fd < 0) return NULL;
    char *d = read_all(fd, SIZE_MAX, len);
    close(fd);
    return d;
}

int cmd_fmt(int argc, char **argv)
{
    bool check = false, to_stdout = false;
    int files = 0, unformatted = 0, errors = 0;
    kh_load_options opts = *cli_load_options();
    static const char *const langs[] = {"en", "zh", NULL};
    static cli_list paths;
    int lang = -1; /* as written */
    const cli_arg args[] = {
        CLI_FLAG("--check", &check),
        CLI_FLAG("--stdout", &to_stdout),
        CLI_CHOICE("--lang", NULL, &lang, N_("zh or en"), langs,
                   N_("--lang takes zh (Chinese keywords) or en (English keywords), not '%s'")),
        CLI_END,
    };
    int rc = cli_args("fmt", argc, argv, args, NULL, 0, &paths);
    if (rc != KH_OK) return rc;
    opts.fmt_lang = lang < 0 ? KH_LANG_SAME : lang == 0 ? KH_LANG_EN : KH_LANG_ZH;
    for (int i = 0; i < paths.n; i++) {
        const char *path = paths.v[i];
        files++;
        kh_diags *d = kh_diags_new();
        char *out, *old = NULL;
        size_t len, olen = 0;
        bool from_stdin = strcmp(path, "-") == 0; /* formatted to standard output */
        if (from_stdin) {
            path = "<stdin>";
            old = read_all(STDIN_FILENO, SIZE_MAX, &olen);
            if (!old) {
                cli_fail(KH_IO_ERROR, "cannot read standard input: %s", strerror(errno));
                kh_diags_free(d);
                errors++;
                continue;
            }
        }
        if (from_stdin ? !kh_fmt_text_with(path, old, olen, &opts, &out, &len, d)
                       : !kh_fmt_file_with(path, &opts, &out, &len, d)) {
            mem_free(old);
            kh_diags_print(d, stderr, cli_color(stderr));
            kh_diags_free(d);
            errors++;
            continue;
        }
        kh_diags_free(d);
        if (!from_stdin) old = current_text(path, &olen);
        bool same = old && olen == len && memcmp(old, out, len) == 0;
        mem_free(old);
        if (to_stdout || (from_stdin && !check)) {
            fwrite(out, 1, len, stdout);
        } else if (check) {
            if (!same) {
                if (from_stdin) printf(_("%s: not formatted\n"), path);
                else printf(_("%s: not formatted (run: kaohe fmt %s)\n"), path, path);
                unformatted++;
            }
        } else if (!same) {
            cli_output o;
            if (!cli_output_open(&o, path) || fwrite(out, 1, len, o.f) != len || !cli_output_close(&o, true)) {
                cli_fail(KH_IO_ERROR, "cannot write '%s': %s", path, strerror(errno));
                errors++;
            }
        }
        free(out); /* kh_fmt_*: malloc'd */
    }
    cli_list_free(&paths);
    if (!files) return cli_usage("fmt", "fmt needs one or more policy files");
    /* text that did not all reach standard output is a failure, never a
     * silent cut (an earlier write that failed, or the last one) */
    bool lost = ferror(stdout) != 0;
    lost |= fflush(stdout) != 0;
    if (lost) {
        cli_fail(KH_IO_ERROR, "cannot write the formatted policy (standard output)");
        return KH_IO_ERROR;
    }
    if (errors) return KH_POLICY_ERROR;
    return unformatted ? 1 : KH_OK;
}
