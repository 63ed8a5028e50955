/*
 * kh_diag_data.c — diagnostics as data: each one's severity, place,
 * message and hint, for programs that show them their own way.
 */
#include "kaohe.h"

#include "diag.h"
#include "policy.h"

/* Diagnostic i of d, or NULL when out of range. */
static const diag *diag_at(const kh_diags *d, int i)
{
    const diag_list *l = d ? kh_diags_list((kh_diags *)d) : NULL;
    return l && i >= 0 && i < l->n ? &l->items[i] : NULL;
}

int kh_diags_count(const kh_diags *d) { return d ? kh_diags_list((kh_diags *)d)->n : 0; }

kh_severity kh_diag_severity(const kh_diags *d, int i)
{
    const diag *g = diag_at(d, i);
    if (!g) return KH_SEVERITY_NOTE;
    return g->level == DIAG_ERROR ? KH_SEVERITY_ERROR : g->level == DIAG_WARNING ? KH_SEVERITY_WARNING : KH_SEVERITY_NOTE;
}

const char *kh_diag_file(const kh_diags *d, int i)
{
    const diag *g = diag_at(d, i);
    return g && g->at.src ? g->at.src->name : NULL;
}

/* The 1-based line and column of the start (end == false) or the end of
 * diagnostic i's span; 0 when it has no place. */
static void position(const kh_diags *d, int i, bool end, int *line, int *col)
{
    const diag *g = diag_at(d, i);
    *line = *col = 0;
    if (!g || !g->at.src) return;
    source_position(g->at.src, end && g->at.end > g->at.start ? g->at.end : g->at.start, line, col);
}

int kh_diag_line(const kh_diags *d, int i)
{
    int line, col;
    position(d, i, false, &line, &col);
    return line;
}

int kh_diag_column(const kh_diags *d, int i)
{
    int line, col;
    position(d, i, false, &line, &col);
    return col;
}

int kh_diag_end_line(const kh_diags *d, int i)
{
    int line, col;
    position(d, i, true, &line, &col);
    return line;
}

int kh_diag_end_column(const kh_diags *d, int i)
{
    int line, col;
    position(d, i, true, &line, &col);
    return col;
}

const char *kh_diag_message(const kh_diags *d, int i)
{
    const diag *g = diag_at(d, i);
    return g ? g->message : NULL;
}

const char *kh_diag_hint(const kh_diags *d, int i)
{
    const diag *g = diag_at(d, i);
    return g ? g->hint : NULL;
}
