/*
 * cli_manifest.c — the --manifest option shared by eval, slip and report:
 * the time of the run and writing the manifest file atomically.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "cli.h"

long long cli_run_time(void)
{
    /* SOURCE_DATE_EPOCH (reproducible-builds.org) pins the time, e.g. to
     * reproduce a manifest byte for byte */
    const char *e = getenv("SOURCE_DATE_EPOCH");
    if (e && e[0]) {
        char *end;
        errno = 0;
        long long t = strtoll(e, &end, 10);
        if (errno == 0 && *end == '\0' && t >= 0) return t;
    }
    return (long long)time(NULL);
}

kh_manifest *cli_manifest_new(const kh_policy *p, const char *path)
{
    return path ? kh_manifest_new(p, cli_run_time()) : NULL;
}

bool cli_manifest_write(const kh_manifest *m, const char *path, const cli_files *fs)
{
    if (!m || !path) return true;
    cli_output o;
    if (cli_output_begin(&o, path, "--manifest", fs) != KH_OK) return false;
    bool ok = kh_manifest_write(m, o.f);
    if (!cli_output_close(&o, ok) || !ok) {
        cli_fail(KH_IO_ERROR, "cannot write '%s'", path);
        return false;
    }
    return true;
}
