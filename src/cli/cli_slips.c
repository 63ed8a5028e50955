/*
 * cli_slips.c — where `slip --all` puts the slips: a folder of files named
 * by id and period (CS-0101.2014-06.txt), or one printable HTML file with a
 * page per agent (-o slips.html).
 *
 * A folder that already holds files is refused unless --replace is given:
 * last month's slips never sit unnoticed beside this month's.  With
 * --replace, files are written over, and once the run is done the slips of
 * the same period and kind that this run did not write (an agent who has
 * left since) are removed; nothing else in the folder is touched (a policy
 * without a period: nothing is removed, only written over).
 */
#include <dirent.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cli.h"

static bool ends_with(const char *s, const char *tail)
{
    size_t n = strlen(s), t = strlen(tail);
    return n >= t && strcasecmp(s + n - t, tail) == 0;
}

static void keep(char ***v, size_t *n, const char *s)
{
    for (size_t i = 0; i < *n; i++)
        if (strcmp((*v)[i], s) == 0) return;
    *v = realloc(*v, (*n + 1) * sizeof **v);
    if (!*v || !((*v)[*n] = strdup(s))) abort();
    (*n)++;
}

int cli_slips_begin(cli_slips *s, const char *output, bool html, bool replace)
{
    memset(s, 0, sizeof *s);
    s->html = html;
    s->replace = replace;
    struct stat st;
    bool is_dir = stat(output, &st) == 0 && S_ISDIR(st.st_mode);
    if (html && !is_dir && ends_with(output, ".html")) {
        s->is_book = true;
        if (!cli_output_open(&s->book, output))
            return cli_fail(KH_IO_ERROR, "cannot write '%s': %s", output, strerror(errno));
        return KH_OK;
    }
    s->dir = output;
    if (!is_dir) {
        if (mkdir(output, 0777) != 0) return cli_fail(KH_IO_ERROR, "cannot make the directory '%s': %s", output, strerror(errno));
        return KH_OK;
    }
    DIR *d = opendir(output);
    if (!d) return cli_fail(KH_IO_ERROR, "cannot read the directory '%s': %s", output, strerror(errno));
    size_t n = 0;
    char first[256] = "";
    for (struct dirent *e; (e = readdir(d));) {
        if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0) continue;
        if (!n++) snprintf(first, sizeof first, "%s", e->d_name);
    }
    closedir(d);
    if (n && !replace)
        return cli_usage("slip", "the directory '%s' is not empty (%zu file%s, such as '%s'): give --replace to write this "
                                 "run's slips over it, or an empty directory",
                         output, n, n == 1 ? "" : "s", first);
    return KH_OK;
}

/* The book's head (from the first slip, titled for the whole book), and each
 * slip's body as a page of its own. */
static bool book_put(cli_slips *s, const char *text, size_t len)
{
    const char *body = strstr(text, "<body>"), *end = body ? strstr(body, "</body>") : NULL;
    if (!body || !end) return false;
    FILE *f = s->book.f;
    if (!s->book_started) {
        const char *t1 = strstr(text, "<title>"), *t2 = t1 ? strstr(t1, "</title>") : NULL;
        if (t1 && t2 && t2 < body) {
            fwrite(text, 1, (size_t)(t1 - text), f);
            fputs("<title>工资单 pay slips</title>", f);
            const char *after = t2 + strlen("</title>");
            fwrite(after, 1, (size_t)(body - after), f);
        } else {
            fwrite(text, 1, (size_t)(body - text), f);
        }
        fputs("<body>\n<style>div.page{break-after:page;page-break-after:always}div.page:last-child{break-after:auto}</style>\n", f);
        s->book_started = true;
    }
    const char *inner = body + strlen("<body>");
    fputs("<div class=\"page\">", f);
    fwrite(inner, 1, (size_t)(end - inner), f);
    fputs("</div>\n", f);
    (void)len;
    return !ferror(f);
}

bool cli_slips_put(cli_slips *s, const char *input, const char *id, const char *period, const char *text, size_t len)
{
    if (s->is_book) {
        if (!book_put(s, text, len)) {
            cli_fail(KH_IO_ERROR, "cannot write '%s'", s->book.path ? s->book.path : "the slips");
            s->failed = true;
            return false;
        }
        s->written++;
        return true;
    }
    char ext[48];
    snprintf(ext, sizeof ext, "%s%s%s", period ? "." : "", period ? period : "", s->html ? ".html" : ".txt");
    char *name = id ? kh_slip_file_name(id, ext) : NULL;
    if (!name) {
        cli_fail(KH_IO_ERROR, "%s: a record %s: no file name for its slip", input, id ? "with a very long id" : "without an id");
        s->failed = true;
        return false;
    }
    size_t n = strlen(s->dir) + strlen(name) + 2;
    char *path = malloc(n);
    if (!path) abort();
    snprintf(path, n, "%s/%s", s->dir, name);
    cli_output o;
    bool ok = cli_output_open(&o, path);
    if (ok) {
        ok = fwrite(text, 1, len, o.f) == len;
        ok = cli_output_close(&o, ok) && ok;
    }
    if (!ok) {
        cli_fail(KH_IO_ERROR, "cannot write '%s': %s", path, strerror(errno));
        s->failed = true;
    } else {
        s->written++;
        keep(&s->names, &s->nnames, name);
        if (period) {
            snprintf(ext, sizeof ext, ".%s%s", period, s->html ? ".html" : ".txt");
            keep(&s->kinds, &s->nkinds, ext);
        }
    }
    free(path);
    free(name);
    return ok;
}

bool cli_slips_end(cli_slips *s, bool ok)
{
    bool done = true;
    if (s->is_book) {
        if (s->book_started) fputs("</body>\n</html>\n", s->book.f);
        done = cli_output_close(&s->book, ok && !s->failed && s->book_started);
        if (ok && !s->book_started) {
            cli_fail(KH_IO_ERROR, "no slip to write: '%s' was not written", s->book.path ? s->book.path : "");
            done = false;
        }
    } else if (ok && !s->failed && s->replace && s->nkinds) {
        /* --replace: this period's slips that this run did not write */
        DIR *d = opendir(s->dir);
        for (struct dirent *e; d && (e = readdir(d));) {
            bool ours = false, written = false;
            for (size_t k = 0; k < s->nkinds && !ours; k++) ours = ends_with(e->d_name, s->kinds[k]);
            for (size_t k = 0; k < s->nnames && ours && !written; k++) written = strcmp(e->d_name, s->names[k]) == 0;
            if (!ours || written) continue;
            size_t n = strlen(s->dir) + strlen(e->d_name) + 2;
            char *path = malloc(n);
            if (!path) abort();
            snprintf(path, n, "%s/%s", s->dir, e->d_name);
            if (unlink(path) == 0) fprintf(stderr, "kaohe: --replace: removed %s (no slip of it this run)\n", path);
            free(path);
        }
        if (d) closedir(d);
    }
    for (size_t i = 0; i < s->nnames; i++) free(s->names[i]);
    for (size_t i = 0; i < s->nkinds; i++) free(s->kinds[i]);
    free(s->names);
    free(s->kinds);
    return done;
}
