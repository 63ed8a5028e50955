/*
 * svg.h — small inline SVG charts for the HTML report: horizontal bars
 * (negative values to the left of zero), columns (a histogram) and stacked
 * bars with a legend.  Plain SVG with a <title> per mark (a tooltip), no
 * script; sizes in pixels; text measured by display width.
 */
#ifndef KH_SVG_H
#define KH_SVG_H

#include "buf.h"

typedef struct svg_bar {
    const char *label;   /* left of a bar / under a column */
    double value;        /* drawn length (display only, never a result) */
    const char *text;    /* the exact value written at the bar's end */
    const char *tip;     /* the tooltip's name for it (NULL: label) */
} svg_bar;

/* One bar per item; a zero line when values have both signs. */
void svg_hbars(buf *b, const svg_bar *bars, int n, const char *color, const char *title);
/* One column per item (bins of a histogram), labels below, counts above. */
void svg_columns(buf *b, const svg_bar *bins, int n, const char *color, const char *title);
/* rows x series values (row-major); negative parts are not drawn; texts
 * (row-major, may be NULL) are the exact values shown in tooltips. */
void svg_stacked(buf *b, const char *const *rows, int nrows, const char *const *series, int nseries, const double *v,
                 const char *const *texts, const char *title);

/* The i-th colour of the palette (cycles). */
const char *svg_color(int i);

#endif
