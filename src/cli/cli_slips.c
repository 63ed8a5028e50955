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
#include "mem.h"
#include "vec.h"
#include "i18n.h"

/* s ends with tail, in any case (exact: byte for byte). */
static bool ends_with(const char *s, const char *tail, bool exact)
{
    size_t n = strlen(s), t = strlen(tail);
    return n >= t && (exact ? strcmp(s + n - t, tail) : strcasecmp(s + n - t, tail)) == 0;
}

static int by_name(const void *a, const void *b) { return strcmp(*(char *const *)a, *(char *const *)b); }

int cli_slips_begin(cli_slips *s, const char *output, bool html, bool replace, cli_files *fs)
{
    memset(s, 0, sizeof *s);
    s->html = html;
    s->replace = replace;
    s->fs = fs;
    struct stat st;
    bool is_dir = stat(output, &st) == 0 && S_ISDIR(st.st_mode);
    if (html && !is_dir && ends_with(output, ".html", false)) {
        s->is_book = true;
        s->book_name = output;
        int rc = cli_files_output(fs, "-o", output);
        if (rc == KH_OK) rc = cli_output_begin(&s->book, output, "-o", fs);
        return rc;
    }
    s->dir = output;
    int rc = cli_files_output_dir(fs, "-o", output);
    if (rc != KH_OK || !is_dir) return rc; /* made just now: empty */
    DIR *d = opendir(output);
    if (!d) return cli_fail(KH_IO_ERROR, "cannot read the directory '%s': %s", output, strerror(errno));
    size_t n = 0;
    char *first = NULL;
    for (struct dirent *e; (e = readdir(d));) {
        if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0) continue;
        if (!n++) first = mem_strdup(e->d_name);
    }
    closedir(d);
    if (n && !replace) {
        /* a name from the folder, as a terminal shows it safely */
        char *shown = NULL;
        size_t len = 0;
        FILE *m = cli_memstream(&shown, &len);
        kh_fputs_terminal(first, m);
        fclose(m);
        rc = cli_usage("slip", "the directory '%s' is not empty (%zu file%s, such as '%s'): give --replace to write this "
                               "run's slips over it, or an empty directory",
                       output, n, n == 1 ? "" : "s", shown);
        free(shown); /* open_memstream's */
    }
    mem_free(first);
    return rc;
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

/* The file name of id's slip (malloc'd), or NULL when id makes none. */
static char *slip_name(const cli_slips *s, const char *id, const char *period)
{
    char ext[48];
    snprintf(ext, sizeof ext, "%s%s%s", period ? "." : "", period ? period : "", s->html ? ".html" : ".txt");
    return id ? kh_slip_file_name(id, ext) : NULL;
}

bool cli_slips_named(const cli_slips *s, const char *id, const char *period)
{
    if (s->is_book) return true;
    char *name = slip_name(s, id, period);
    bool ok = name != NULL;
    mem_free(name);
    return ok;
}

int cli_slips_put(cli_slips *s, const char *id, const char *period, const char *text, size_t len)
{
    if (s->is_book) {
        if (!book_put(s, text, len)) {
            if (!s->failed) cli_fail(KH_IO_ERROR, "cannot write '%s'", s->book_name); /* once, not per slip */
            s->failed = true;
            return KH_IO_ERROR;
        }
        s->written++;
        return KH_OK;
    }
    char *name = slip_name(s, id, period);
    if (!name) return KH_RECORD_ERRORS;
    size_t n = strlen(s->dir) + strlen(name) + 2;
    char *path = mem_alloc(n);
    snprintf(path, n, "%s/%s", s->dir, name);
    cli_output o;
    int rc = cli_output_begin(&o, path, "the slip", s->fs);
    if (rc == KH_OK) {
        bool ok = fwrite(text, 1, len, o.f) == len;
        if (!cli_output_close(&o, ok) || !ok) rc = cli_fail(KH_IO_ERROR, "cannot write '%s'", path);
    }
    if (rc != KH_OK) {
        s->failed = true;
        mem_free(name);
    } else {
        s->written++;
        VEC_RESERVE(s->names, s->nnames + 1, s->capnames);
        s->names[s->nnames++] = name;
        if (period) {
            char ext[48];
            snprintf(ext, sizeof ext, ".%s%s", period, s->html ? ".html" : ".txt");
            bool seen = false;
            for (size_t k = 0; k < s->nkinds && !seen; k++) seen = strcmp(s->kinds[k], ext) == 0;
            if (!seen) {
                s->kinds = mem_realloc(s->kinds, (s->nkinds + 1) * sizeof *s->kinds);
                s->kinds[s->nkinds++] = mem_strdup(ext);
            }
        }
    }
    mem_free(path);
    return rc;
}

bool cli_slips_end(cli_slips *s, bool ok)
{
    bool done = true;
    if (s->is_book) {
        if (s->book_started) fputs("</body>\n</html>\n", s->book.f);
        done = cli_output_close(&s->book, ok && !s->failed && s->book_started);
        if (ok && !s->book_started) {
            cli_fail(KH_IO_ERROR, "no slip to write: '%s' was not written", s->book_name);
            done = false;
        } else if (!done && ok && !s->failed) { /* a full disk, say: found when the file is closed */
            cli_fail(KH_IO_ERROR, "cannot write '%s'", s->book_name);
        }
    } else if (ok && !s->failed && s->replace && s->nkinds) {
        /* --replace: this period's slips that this run did not write */
        qsort(s->names, s->nnames, sizeof *s->names, by_name); /* nkinds > 0: a slip was written */
        DIR *d = opendir(s->dir);
        for (struct dirent *e; d && (e = readdir(d));) {
            bool ours = false;
            for (size_t k = 0; k < s->nkinds && !ours; k++) ours = ends_with(e->d_name, s->kinds[k], true);
            const char *key = e->d_name;
            if (!ours || bsearch(&key, s->names, s->nnames, sizeof *s->names, by_name)) continue;
            size_t n = strlen(s->dir) + strlen(e->d_name) + 2;
            char *path = mem_alloc(n);
            snprintf(path, n, "%s/%s", s->dir, e->d_name);
            /* a regular file only, and never one the run reads */
            struct stat st;
            if (lstat(path, &st) == 0 && S_ISREG(st.st_mode) && !cli_files_reads(s->fs, path) && unlink(path) == 0) {
                fputs(_("kaohe: --replace: removed "), stderr);
                kh_fputs_terminal(path, stderr);
                fputs(_(" (no slip of it this run)\n"), stderr);
            }
            mem_free(path);
        }
        if (d) closedir(d);
    }
    for (size_t i = 0; i < s->nnames; i++) mem_free(s->names[i]);
    for (size_t i = 0; i < s->nkinds; i++) mem_free(s->kinds[i]);
    mem_free(s->names);
    mem_free(s->kinds);
    return done;
}
