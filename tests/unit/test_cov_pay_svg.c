/*
 * test_cov_pay_svg.c — the inline SVG charts of the report (src/tools/svg.c),
 * tested by what a reader of the chart sees, not by pixel strings: the marks
 * are read back (x, y, width, height, fill, tooltip, text) and checked for
 * what must hold whatever the layout constants are — bar lengths in
 * proportion to the values, decreases left of the zero line and in another
 * colour, every mark inside the picture, values written beside their bars,
 * counts over their columns, stacked parts side by side, legends that wrap
 * instead of running off, tooltips with the exact values, escaped titles.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "svg.h"

/* One element read back: a rect (a bar, a column, a legend box), a text or
 * a line. */
typedef struct mark {
    double x, y, w, h, x1, y1, x2, y2;
    char fill[16], anchor[8];
    char title[160];   /* a rect's tooltip; empty when it has none */
    char text[160];    /* a text's content */
} mark;

typedef struct chart {
    double width, height;
    char title[64];
    mark rects[64], texts[96], lines[4];
    int nrects, ntexts, nlines;
} chart;

static double attr_num(const char *tag, const char *end, const char *name)
{
    char key[16];
    snprintf(key, sizeof key, " %s=\"", name);
    const char *p = strstr(tag, key);
    if (!p || p > end) return NAN;
    return strtod(p + strlen(key), NULL);
}

static void attr_str(const char *tag, const char *end, const char *name, char *out, size_t cap)
{
    char key[16];
    snprintf(key, sizeof key, " %s=\"", name);
    const char *p = strstr(tag, key);
    out[0] = '\0';
    if (!p || p > end) return;
    p += strlen(key);
    size_t n = strcspn(p, "\"");
    if (n >= cap) n = cap - 1;
    memcpy(out, p, n);
    out[n] = '\0';
}

/* The text between open (just after it) and close, into out. */
static void between(const char *from, const char *close, char *out, size_t cap)
{
    const char *e = strstr(from, close);
    size_t n = e ? (size_t)(e - from) : 0;
    if (n >= cap) n = cap - 1;
    memcpy(out, from, n);
    out[n] = '\0';
}

/* Reads an SVG as svg.c writes it (one element per line); fails the test
 * when it is not one <svg> element with a viewBox matching its size. */
static chart read_chart(const char *svg)
{
    chart c;
    memset(&c, 0, sizeof c);
    assert_non_null(svg);
    assert_memory_equal(svg, "<svg xmlns=\"http://www.w3.org/2000/svg\" ", 40);
    const char *head_end = strchr(svg, '>');
    c.width = attr_num(svg, head_end, "width");
    c.height = attr_num(svg, head_end, "height");
    char vb[64], want[64];
    attr_str(svg, head_end, "viewBox", vb, sizeof vb);
    snprintf(want, sizeof want, "0 0 %g %g", c.width, c.height);
    assert_string_equal(vb, want);
    assert_true(strncmp(head_end + 1, "<title>", 7) == 0);
    between(head_end + 8, "</title>", c.title, sizeof c.title);
    size_t len = strlen(svg);
    assert_true(len > 7 && strcmp(svg + len - 7, "</svg>\n") == 0);
    assert_null(strstr(svg, "nan"));
    assert_null(strstr(svg, "inf"));
    for (const char *p = head_end; (p = strchr(p + 1, '<'));) {
        const char *end = strchr(p, '>');
        assert_non_null(end);
        mark *m = NULL;
        if (strncmp(p, "<rect ", 6) == 0) {
            assert_true(c.nrects < 64);
            m = &c.rects[c.nrects++];
            if (strncmp(end + 1, "<title>", 7) == 0) between(end + 8, "</title>", m->title, sizeof m->title);
        } else if (strncmp(p, "<text ", 6) == 0) {
            assert_true(c.ntexts < 96);
            m = &c.texts[c.ntexts++];
            between(end + 1, "</text>", m->text, sizeof m->text);
        } else if (strncmp(p, "<line ", 6) == 0) {
            assert_true(c.nlines < 4);
            m = &c.lines[c.nlines++];
        }
        if (!m) continue;
        m->x = attr_num(p, end, "x");
        m->y = attr_num(p, end, "y");
        m->w = attr_num(p, end, "width");
        m->h = attr_num(p, end, "height");
        m->x1 = attr_num(p, end, "x1");
        m->y1 = attr_num(p, end, "y1");
        m->x2 = attr_num(p, end, "x2");
        m->y2 = attr_num(p, end, "y2");
        attr_str(p, end, "fill", m->fill, sizeof m->fill);
        attr_str(p, end, "text-anchor", m->anchor, sizeof m->anchor);
    }
    return c;
}

static const mark *rect_titled(const chart *c, const char *title)
{
    for (int i = 0; i < c->nrects; i++)
        if (strcmp(c->rects[i].title, title) == 0) return &c->rects[i];
    fail_msg("no bar with the tooltip '%s'", title);
    return NULL;
}

static const mark *text_of(const chart *c, const char *s)
{
    for (int i = 0; i < c->ntexts; i++)
        if (strcmp(c->texts[i].text, s) == 0) return &c->texts[i];
    return NULL;
}

/* every rect lies inside the picture */
static void all_inside(const chart *c)
{
    for (int i = 0; i < c->nrects; i++) {
        const mark *r = &c->rects[i];
        if (!(r->x >= 0 && r->y >= 0 && r->w >= 0 && r->h >= 0 && r->x + r->w <= c->width + 1e-9 &&
              r->y + r->h <= c->height + 1e-9))
            fail_msg("rect %d (%s) at %g,%g %gx%g is outside %gx%g", i, r->title, r->x, r->y, r->w, r->h, c->width,
                     c->height);
    }
    for (int i = 0; i < c->ntexts; i++)
        if (!(c->texts[i].x >= 0 && c->texts[i].x <= c->width && c->texts[i].y > 0 && c->texts[i].y <= c->height))
            fail_msg("text '%s' at %g,%g is outside %gx%g", c->texts[i].text, c->texts[i].x, c->texts[i].y, c->width,
                     c->height);
}

/* a / b == want, to the 0.1 px the coordinates are written with */
static void ratio(double a, double b, double want)
{
    if (!(b > 0 && fabs(a - want * b) <= 0.1 * (1 + want))) fail_msg("%g / %g is not %g", a, b, want);
}

static void test_hbars_one_bar(void **state)
{
    buf b = {0};
    svg_bar bars[] = {{"a", 10, "10", NULL}};
    svg_hbars(&b, bars, 1, "#123456", "t<&>");
    chart c = read_chart(b.data);
    assert_string_equal(c.title, "t&lt;&amp;&gt;"); /* the title is text, escaped */
    assert_int_equal(c.nrects, 1);
    const mark *r = rect_titled(&c, "a: 10");
    assert_string_equal(r->fill, "#123456");
    assert_true(r->w >= 100);                      /* the largest value has a long bar */
    const mark *label = text_of(&c, "a"), *value = text_of(&c, "10");
    assert_non_null(label);
    assert_non_null(value);
    assert_true(label->x <= r->x);                 /* the label before the bar */
    assert_string_equal(label->anchor, "end");
    assert_true(value->x >= r->x + r->w);          /* the value after it */
    assert_true(value->y > r->y && value->y <= r->y + r->h); /* on the bar's row */
    assert_int_equal(c.nlines, 0);                 /* no zero line without a negative value */
    all_inside(&c);
    buf_free(&b);
}

static void test_hbars_both_signs(void **state)
{
    buf b = {0};
    svg_bar bars[] = {{"up", 30, "+30", NULL}, {"down", -10, "-10", "fell"}};
    svg_hbars(&b, bars, 2, "#4e79a7", "changes");
    chart c = read_chart(b.data);
    const mark *up = rect_titled(&c, "up: +30"), *down = rect_titled(&c, "down: -10");
    /* one zero line across the chart; an increase starts on it and goes
     * right, a decrease ends on it, in red, three times shorter */
    assert_int_equal(c.nlines, 1);
    const mark *zero = &c.lines[0];
    assert_true(zero->x1 == zero->x2 && zero->y1 == 0 && zero->y2 == c.height);
    assert_true(fabs(up->x - zero->x1) < 0.05);
    assert_true(fabs(down->x + down->w - zero->x1) < 0.05);
    ratio(up->w, down->w, 3);
    assert_string_equal(up->fill, "#4e79a7");
    assert_string_not_equal(down->fill, "#4e79a7");
    assert_true(down->y >= up->y + up->h);         /* in the given order, not overlapping */
    /* each value on the outer side of its bar */
    const mark *tu = text_of(&c, "+30"), *td = text_of(&c, "-10");
    assert_true(tu->x >= up->x + up->w && strcmp(tu->anchor, "start") == 0);
    assert_true(td->x <= down->x && strcmp(td->anchor, "end") == 0);
    assert_true(text_of(&c, "down")->x < td->x);   /* the label left of the value */
    all_inside(&c);
    buf_free(&b);
}

static void test_hbars_zero_and_tiny_values(void **state)
{
    buf b = {0};
    svg_bar zero[] = {{"z", 0, "0", NULL}, {"y", 0, "0", NULL}};
    svg_hbars(&b, zero, 2, "#4e79a7", "zeros");
    chart c = read_chart(b.data);
    assert_int_equal(c.nrects, 2);
    assert_true(c.rects[0].w == 0 && c.rects[1].w == 0); /* nothing to draw, nothing divided by 0 */
    assert_int_equal(c.nlines, 0);
    all_inside(&c);
    buf_free(&b);
    /* a value too small to see at this scale is still visible; the largest
     * is not shortened for it */
    buf d = {0};
    svg_bar tiny[] = {{"big", 1000, "1000", NULL}, {"tiny", 0.1, "0.1", NULL}};
    svg_hbars(&d, tiny, 2, "#4e79a7", "tiny");
    chart t = read_chart(d.data);
    const mark *big = rect_titled(&t, "big: 1000"), *small = rect_titled(&t, "tiny: 0.1");
    assert_true(small->w > 0 && small->w <= 1);
    assert_true(big->w >= 100);
    buf_free(&d);
}

static void test_hbars_long_texts(void **state)
{
    char label[61], text40[41], text60[61];
    memset(label, 'x', 60);
    label[60] = '\0';
    memset(text40, 'y', 40);
    text40[40] = '\0';
    memset(text60, 'y', 60);
    text60[60] = '\0';
    /* a very long label does not squeeze the bar: the bars keep most of
     * the width and the label is cut at the bar's start */
    for (int k = 0; k < 2; k++) {
        buf b = {0};
        svg_bar one[] = {{label, 5, k ? text60 : text40, NULL}};
        svg_hbars(&b, one, 1, "#4e79a7", "w");
        chart c = read_chart(b.data);
        const mark *r = &c.rects[0];
        assert_true(r->w >= 100);                  /* a long value text never squeezes the bar away */
        assert_true(r->x < c.width / 2);
        assert_true(text_of(&c, label)->x < r->x);
        assert_true(text_of(&c, one[0].text)->x >= r->x + r->w);
        all_inside(&c);
        buf_free(&b);
    }
    /* no value text at all: nothing shows beside the bar, the tooltip still
     * names it */
    buf e = {0};
    svg_bar none[] = {{"a", 1, NULL, NULL}};
    svg_hbars(&e, none, 1, "#4e79a7", "n");
    chart c = read_chart(e.data);
    for (int i = 0; i < c.ntexts; i++) assert_true(strcmp(c.texts[i].text, "a") == 0 || !c.texts[i].text[0]);
    rect_titled(&c, "a: ");
    buf_free(&e);
}

static void test_columns(void **state)
{
    buf b = {0};
    svg_bar bins[] = {{"70", 4, "4", "70–74"}, {"75", 0, "0", NULL}, {"80", 1, "1", NULL}};
    svg_columns(&b, bins, 3, "#4e79a7", "score");
    chart c = read_chart(b.data);
    assert_int_equal(c.nrects, 3);
    const mark *a = rect_titled(&c, "70–74: 4"), *empty = rect_titled(&c, "75: 0"), *one = rect_titled(&c, "80: 1");
    /* heights in proportion to the counts, on one baseline (the axis) */
    ratio(a->h, one->h, 4);
    assert_true(empty->h == 0);
    double base = a->y + a->h;
    assert_true(fabs(one->y + one->h - base) < 0.05 && fabs(empty->y - base) < 0.05);
    assert_int_equal(c.nlines, 1);
    assert_true(c.lines[0].y1 == c.lines[0].y2 && fabs(c.lines[0].y1 - base) < 0.5);
    assert_true(c.lines[0].x1 <= a->x && c.lines[0].x2 >= one->x + one->w);
    /* left to right in order, equal widths, not touching */
    assert_true(a->x + a->w < empty->x && empty->x + empty->w < one->x);
    assert_true(a->w == empty->w && a->w == one->w);
    /* counts over the columns that have any, labels under every one */
    const mark *n4 = text_of(&c, "4");
    assert_true(n4->y < a->y && n4->x > a->x && n4->x < a->x + a->w);
    assert_null(text_of(&c, "0"));
    assert_true(text_of(&c, "70")->y > base && text_of(&c, "75")->y > base);
    all_inside(&c);
    buf_free(&b);
}

static void test_columns_many_empty_and_none(void **state)
{
    svg_bar many[20];
    for (int i = 0; i < 20; i++) many[i] = (svg_bar){"x", 1 + i % 2, "n", NULL};
    buf b = {0};
    svg_columns(&b, many, 20, "#4e79a7", "m");
    chart c = read_chart(b.data);
    assert_int_equal(c.nrects, 20);
    for (int i = 1; i < 20; i++) {
        assert_true(c.rects[i - 1].x + c.rects[i - 1].w < c.rects[i].x);
        assert_true(c.rects[i].w == c.rects[0].w && c.rects[i].w >= 10);
    }
    ratio(c.rects[1].h, c.rects[0].h, 2);
    all_inside(&c);
    buf_free(&b);
    /* all empty: every column flat, nothing divided by zero */
    svg_bar empty[] = {{"1", 0, "0", NULL}, {"2", 0, "0", NULL}};
    buf d = {0};
    svg_columns(&d, empty, 2, "#4e79a7", "e");
    chart e = read_chart(d.data);
    assert_true(e.nrects == 2 && e.rects[0].h == 0 && e.rects[1].h == 0);
    buf_free(&d);
    /* no bins at all: an empty chart, still a picture */
    buf f = {0};
    svg_columns(&f, NULL, 0, "#4e79a7", "none");
    chart g = read_chart(f.data);
    assert_int_equal(g.nrects, 0);
    assert_true(g.width > 0 && g.height > 0);
    buf_free(&f);
}

static void test_stacked(void **state)
{
    const char *rows[] = {"a", "b"};
    const char *series[] = {"s1", "s2"};
    double v[] = {10, -5, 3, 2};
    buf b = {0};
    svg_stacked(&b, rows, 2, series, 2, v, NULL, "pay");
    chart c = read_chart(b.data);
    /* a legend box per series, in the palette's colours, named */
    int boxes = 0;
    for (int i = 0; i < c.nrects; i++)
        if (!c.rects[i].title[0]) {
            assert_string_equal(c.rects[i].fill, svg_color(boxes));
            boxes++;
        }
    assert_int_equal(boxes, 2);
    assert_non_null(text_of(&c, "s1"));
    assert_non_null(text_of(&c, "s2"));
    /* row a: 10 (its -5 is not drawn); row b: 3 and 2 side by side; the
     * lengths in proportion: a's bar is twice b's two parts together */
    const mark *a1 = rect_titled(&c, "a · s1"), *b1 = rect_titled(&c, "b · s1"), *b2 = rect_titled(&c, "b · s2");
    for (int i = 0; i < c.nrects; i++) assert_string_not_equal(c.rects[i].title, "a · s2");
    assert_true(fabs(b2->x - (b1->x + b1->w)) < 0.05 && b1->y == b2->y);
    ratio(b1->w, b2->w, 1.5);
    ratio(a1->w, b1->w + b2->w, 2);
    assert_true(a1->x == b1->x && b1->y > a1->y);
    assert_string_equal(a1->fill, svg_color(0));
    assert_string_equal(b2->fill, svg_color(1));
    assert_true(text_of(&c, "b")->x <= b1->x);
    all_inside(&c);
    buf_free(&b);
}

static void test_stacked_long_names_and_zero(void **state)
{
    /* series names too long for one line: the legend wraps (the second box
     * below the first) instead of running off the picture; a long row label
     * is cut; all values 0: no bars, only the legend */
    char longrow[41], s1[51], s2[51];
    memset(longrow, 'r', 40);
    longrow[40] = '\0';
    memset(s1, 'n', 50);
    s1[50] = '\0';
    memset(s2, 'm', 50);
    s2[50] = '\0';
    const char *rows[] = {longrow};
    const char *series[] = {s1, s2};
    double v[] = {0, 0};
    const char *texts[] = {"0.00", "0.00"};
    buf b = {0};
    svg_stacked(&b, rows, 1, series, 2, v, texts, "zero");
    chart c = read_chart(b.data);
    assert_int_equal(c.nrects, 2);
    assert_true(c.rects[1].y > c.rects[0].y);
    assert_true(c.rects[1].x <= c.rects[0].x);
    assert_true(text_of(&c, longrow)->x < c.width / 2);
    all_inside(&c);
    buf_free(&b);
    /* exact values given: the tooltip shows them */
    const char *rows2[] = {"a"};
    const char *series2[] = {"s"};
    double v2[] = {2.5};
    const char *texts2[] = {"2.50"};
    buf d = {0};
    svg_stacked(&d, rows2, 1, series2, 1, v2, texts2, "t");
    chart e = read_chart(d.data);
    rect_titled(&e, "a · s: 2.50");
    buf_free(&d);
}

/* The palette: ten distinct colours, then the same again. */
static void test_palette(void **state)
{
    for (int i = 0; i < 10; i++) {
        for (int j = 0; j < i; j++) assert_string_not_equal(svg_color(i), svg_color(j));
        assert_string_equal(svg_color(i + 10), svg_color(i));
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_hbars_one_bar),
        cmocka_unit_test(test_hbars_both_signs),
        cmocka_unit_test(test_hbars_zero_and_tiny_values),
        cmocka_unit_test(test_hbars_long_texts),
        cmocka_unit_test(test_columns),
        cmocka_unit_test(test_columns_many_empty_and_none),
        cmocka_unit_test(test_stacked),
        cmocka_unit_test(test_stacked_long_names_and_zero),
        cmocka_unit_test(test_palette),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
