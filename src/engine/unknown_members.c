/*
 * unknown_members.c — members no field is called: counted per name while
 * reading, merged across the readers of a run, said as warnings.
 */
#include "unknown_members.h"
#include "notes.h"

#include <stdbool.h>
#include <stdio.h>
#include <string.h>

#include "i18n.h"
#include "mem.h"
#include "program.h"

/* The entry of path, a new one while there is room, or -1. */
static int entry(unknown_members *u, const char *path, const char *const *best)
{
    for (int i = 0; i < u->n; i++)
        if (strcmp(u->path[i], path) == 0) return i;
    if (u->n == UNKNOWN_SHOWN) return -1;
    int i = u->n++;
    snprintf(u->path[i], sizeof u->path[i], "%s", path);
    u->best[i] = best ? *best : NULL;
    u->times[i] = 0;
    return i;
}

/* Is path "group.name" (or "name" when group is NULL)? */
static bool is_path(const char *path, const char *group, const char *name, size_t len)
{
    if (group) {
        size_t g = strlen(group);
        if (strncmp(path, group, g) != 0 || path[g] != '.') return false;
        path += g + 1;
    }
    return strlen(path) == len && memcmp(path, name, len) == 0;
}

void unknown_members_add(unknown_members *u, const in_field *g, const in_field *root, const char *name, size_t len)
{
    const char *group = g != root && g->spec ? g->spec->path : NULL;
    if (len > 80) len = 80; /* (a path is shown cut there) */
    for (int i = 0; i < u->n; i++) {
        if (is_path(u->path[i], group, name, len)) {
            u->times[i]++;
            return;
        }
    }
    if (u->n == UNKNOWN_SHOWN) {
        u->others++;
        return;
    }
    /* a name not seen before: the field of g it may have meant */
    char path[192], own[96];
    snprintf(path, sizeof path, "%s%s%.*s", group ? group : "", group ? "." : "", (int)len, name);
    snprintf(own, sizeof own, "%.*s", (int)len, name);
    const char **names = mem_alloc((size_t)(g->nchildren + 1) * sizeof *names);
    for (int i = 0; i < g->nchildren; i++) names[i] = g->children[i].name;
    const char *best = suggest_name(own, names, g->nchildren);
    mem_free(names);
    u->times[entry(u, path, &best)]++;
}

void unknown_members_merge(unknown_members *into, const unknown_members *from)
{
    for (int i = 0; i < from->n; i++) {
        int k = entry(into, from->path[i], &from->best[i]);
        if (k < 0) into->others += from->times[i];
        else into->times[k] += from->times[i];
    }
    into->others += from->others;
}

void unknown_members_notes(const unknown_members *u, const char *input, char *notes, size_t cap)
{
    size_t others = u->others;
    char line[512];
    for (int i = 0; i < u->n; i++) {
        char also[160] = "";
        if (u->best[i]) snprintf(also, sizeof also, _("; did you mean '%s'?"), u->best[i]);
        if (u->times[i] == 1)
            snprintf(line, sizeof line, _("warning: %s: no field is called \"%s\": the member is not read (met once%s)\n"),
                     input, u->path[i], also);
        else
            snprintf(line, sizeof line,
                     _("warning: %s: no field is called \"%s\": the member is not read (met %zu times%s)\n"), input,
                     u->path[i], u->times[i], also);
        if (!notes_add(notes, cap, 160, line, strlen(line))) others += u->times[i]; /* (room kept for the others) */
    }
    if (others == 1)
        notes_printf(notes, cap, _("warning: %s: one more member that no field is called is not read\n"), input);
    else if (others)
        notes_printf(notes, cap, _("warning: %s: %zu more members that no field is called are not read\n"), input, others);
}
