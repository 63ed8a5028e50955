/*
 * svg.c — bar, column and stacked-bar charts as inline SVG.
 */
#include "svg.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "html.h"
#include "source.h"

#define W 760          /* chart width */
#define BAR_H 18
#define GAP 6
#define FONT 12

static const char *const palette[] = {"#4e79a7", "#f28e2b", "#59a14f", "#e15759", "#76b7b2",
                                      "#edc948", "#b07aa1", "#ff9da7", "#9c755f", "#bab0ac"};

const char *svg_color(int i) { return palette[(i < 0 ? -i : i) % 10]; }

/* A coordinate with one decimal, without printf's locale-dependent point. */
typedef struct coord { char s[32]; } coord;
static coord c1(double v)
{
    coord c;
    long t = lround(v * 10);
    snprintf(c.s, sizeof c.s, "%s%ld.%ld", t < 0 ? "-" : "", labs(t) / 10, labs(t) % 10);
    return c;
}
#define C(v) (c1(v).s)

/* Approximate width of text in pixels at FONT px (CJK 1 em, others ~0.6 em). */
static int text_px(const char *s)
{
    return s ? (utf8_display_width(s, strlen(s)) * FONT * 6 + 9) / 10 : 0;
}

static void open_svg(buf *b, int w, int h, const char *title)
{
    buf_printf(b, "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\" viewBox=\"0 0 %d %d\" "
                  "role=\"img\" font-size=\"%d\"><title>", w, h, w, h, FONT);
    html_text(b, title);
    buf_puts(b, "</title>\n");
}

static void text_at(buf *b, double x, double y, const char *anchor, const char *fill, const char *s)
{
    buf_printf(b, "<text x=\"%s\" y=\"%s\" text-anchor=\"%s\" fill=\"%s\">", C(x), C(y), anchor, fill);
    html_text(b, s);
    buf_puts(b, "</text>\n");
}

void svg_hbars(buf *b, const svg_bar *bars, int n, const char *color, const char *title)
{
    int label_w = 0, text_w = 0;
    double lo = 0, hi = 0;
    for (int i = 0; i < n; i++) {
        if (text_px(bars[i].label) > label_w) label_w = text_px(bars[i].label);
        if (text_px(bars[i].text) > text_w) text_w = text_px(bars[i].text);
        if (bars[i].value < lo) lo = bars[i].value;
        if (bars[i].value > hi) hi = bars[i].value;
    }
    if (label_w > 280) label_w = 280;
    int x0 = label_w + 12, plot = W - x0 - text_w - 16;
    if (plot > 360) plot = 360; /* compact: fits half a page beside another */
    if (plot < 100) plot = 100;
    int width = x0 + plot + text_w + 16;
    double range = hi - lo > 0 ? hi - lo : 1;
    double zero = x0 + (text_w + 8) * (lo < 0) + (-lo) / range * (plot - (text_w + 8) * (lo < 0));
    double scale = (plot - (text_w + 8) * (lo < 0)) / range;
    int h = n * (BAR_H + GAP) + GAP;
    open_svg(b, width, h, title);
    for (int i = 0; i < n; i++) {
        double y = GAP + i * (BAR_H + GAP), len = fabs(bars[i].value) * scale;
        double x = bars[i].value < 0 ? zero - len : zero;
        text_at(b, x0 - 8, y + BAR_H - 5, "end", "#222", bars[i].label);
        buf_printf(b, "<rect x=\"%s\" y=\"%s\" width=\"%s\" height=\"%d\" fill=\"%s\"><title>", C(x), C(y),
                   C(len < 0.5 && bars[i].value != 0 ? 0.5 : len), BAR_H, bars[i].value < 0 ? "#e15759" : color);
        html_text(b, bars[i].label);
        buf_puts(b, ": ");
        html_text(b, bars[i].text);
        buf_puts(b, "</title></rect>\n");
        if (bars[i].value < 0) text_at(b, x - 4, y + BAR_H - 5, "end", "#444", bars[i].text);
        else text_at(b, x + len + 4, y + BAR_H - 5, "start", "#444", bars[i].text);
    }
    if (lo < 0) buf_printf(b, "<line x1=\"%s\" y1=\"0\" x2=\"%s\" y2=\"%d\" stroke=\"#333\"/>\n", C(zero), C(zero), h);
    buf_puts(b, "</svg>\n");
}

void svg_columns(buf *b, const svg_bar *bins, int n, const char *color, const char *title)
{
    double hi = 0;
    for (int i = 0; i < n; i++)
        if (bins[i].value > hi) hi = bins[i].value;
    if (hi <= 0) hi = 1;
    int h = 220, top = 20, base = h - 36, left = 10;
    int cw = n ? (W - 2 * left) / n : W;
    if (cw > 60) cw = 60;
    open_svg(b, left * 2 + cw * n, h, title);
    for (int i = 0; i < n; i++) {
        double ch = bins[i].value / hi * (base - top), x = left + i * cw;
        buf_printf(b, "<rect x=\"%s\" y=\"%s\" width=\"%d\" height=\"%s\" fill=\"%s\"><title>", C(x + 2), C(base - ch),
                   cw - 4, C(ch), color);
        html_text(b, bins[i].tip ? bins[i].tip : bins[i].label);
        buf_puts(b, ": ");
        html_text(b, bins[i].text);
        buf_puts(b, "</title></rect>\n");
        if (bins[i].value > 0) text_at(b, x + cw / 2.0, base - ch - 4, "middle", "#333", bins[i].text);
        text_at(b, x + cw / 2.0, base + 16, "middle", "#333", bins[i].label);
    }
    buf_printf(b, "<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" stroke=\"#333\"/>\n", left, base, left + cw * n, base);
    buf_puts(b, "</svg>\n");
}

void svg_stacked(buf *b, const char *const *rows, int nrows, const char *const *series, int nseries, const double *v,
                 const char *const *texts, const char *title)
{
    int label_w = 0;
    double hi = 0;
    for (int r = 0; r < nrows; r++) {
        if (text_px(rows[r]) > label_w) label_w = text_px(rows[r]);
        double sum = 0;
        for (int s = 0; s < nseries; s++) sum += v[r * nseries + s] > 0 ? v[r * nseries + s] : 0;
        if (sum > hi) hi = sum;
    }
    if (label_w > 200) label_w = 200;
    if (hi <= 0) hi = 1;
    int x0 = label_w + 12, plot = W - x0 - 20;
    /* the legend: series names in rows of boxes */
    int lx = 0, ly = 0, legend_h = 20;
    for (int s = 0; s < nseries; s++) {
        int w = 16 + text_px(series[s]) + 14;
        if (lx + w > W) { lx = 0; legend_h += 18; }
        lx += w;
    }
    int h = legend_h + 8 + nrows * (BAR_H + GAP) + GAP;
    open_svg(b, W, h, title);
    lx = 0;
    for (int s = 0; s < nseries; s++) {
        int w = 16 + text_px(series[s]) + 14;
        if (lx + w > W) { lx = 0; ly += 18; }
        buf_printf(b, "<rect x=\"%d\" y=\"%d\" width=\"12\" height=\"12\" fill=\"%s\"/>\n", lx, ly + 3, svg_color(s));
        text_at(b, lx + 16, ly + 13, "start", "#222", series[s]);
        lx += w;
    }
    for (int r = 0; r < nrows; r++) {
        double y = legend_h + 8 + GAP + r * (BAR_H + GAP), x = x0;
        text_at(b, x0 - 8, y + BAR_H - 5, "end", "#222", rows[r]);
        for (int s = 0; s < nseries; s++) {
            double val = v[r * nseries + s];
            if (val <= 0) continue;
            double len = val / hi * plot;
            buf_printf(b, "<rect x=\"%s\" y=\"%s\" width=\"%s\" height=\"%d\" fill=\"%s\"><title>", C(x), C(y), C(len),
                       BAR_H, svg_color(s));
            html_text(b, rows[r]);
            buf_puts(b, " · ");
            html_text(b, series[s]);
            if (texts) {
                buf_puts(b, ": ");
                html_text(b, texts[r * nseries + s]);
            }
            buf_puts(b, "</title></rect>\n");
            x += len;
        }
    }
    buf_puts(b, "</svg>\n");
}
