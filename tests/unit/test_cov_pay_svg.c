/*
 * test_cov_pay_svg.c — the inline SVG charts of the report (src/svg.c).
 * Geometry worked out by hand from svg.c's constants: chart width 760,
 * bars 18 high with gaps of 6, text measured as (display width x 12 x 6
 * + 9) / 10 pixels ("a" 8, "10" 15, "down" 29, "+30" 22), coordinates with
 * one decimal.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <string.h>

#include "svg.h"

#define HAS(b, s) assert_non_null(strstr((b).data, (s)))

static int count(const char *hay, const char *needle)
{
    int n = 0;
    for (const char *p = hay; (p = strstr(p, needle)); p += strlen(needle)) n++;
    return n;
}

/* One bar: label 8 px, text 15 px, x0 = 20, plot 709 capped to 360,
 * width 20 + 360 + 15 + 16 = 411, height 24 + 6 = 30; 10 fills the plot. */
static void test_hbars_one(void **state)
{
    buf b = {0};
    svg_bar bars[] = {{"a", 10, "10", NULL}};
    svg_hbars(&b, bars, 1, "#123456", "t<&>");
    assert_string_equal(b.data,
        "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"411\" height=\"30\" viewBox=\"0 0 411 30\" role=\"img\" "
        "font-size=\"12\"><title>t&lt;&amp;&gt;</title>\n"
        "<text x=\"12.0\" y=\"19.0\" text-anchor=\"end\" fill=\"#222\">a</text>\n"
        "<rect x=\"20.0\" y=\"6.0\" width=\"360.0\" height=\"18\" fill=\"#123456\"><title>a: 10</title></rect>\n"
        "<text x=\"384.0\" y=\"19.0\" text-anchor=\"start\" fill=\"#444\">10</text>\n"
        "</svg>\n");
    buf_free(&b);
}

/* +30 and -10: label_w 29 ("down"), text_w 22, x0 41, plot 360; the
 * negative side takes text_w + 8 = 30 px more: zero = 41 + 30 + 10/40 x 330
 * = 153.5, scale 330/40 = 8.25: +30 is 247.5 long, -10 is 82.5 from 71.0. */
static void test_hbars_both_signs(void **state)
{
    buf b = {0};
    svg_bar bars[] = {{"up", 30, "+30", NULL}, {"down", -10, "-10", NULL}};
    svg_hbars(&b, bars, 2, "#4e79a7", "changes");
    HAS(b, "width=\"439\" height=\"54\"");
    HAS(b, "<rect x=\"153.5\" y=\"6.0\" width=\"247.5\" height=\"18\" fill=\"#4e79a7\"><title>up: +30</title></rect>");
    HAS(b, "<text x=\"405.0\" y=\"19.0\" text-anchor=\"start\" fill=\"#444\">+30</text>");
    /* a decrease is red, left of zero, its text before it */
    HAS(b, "<rect x=\"71.0\" y=\"30.0\" width=\"82.5\" height=\"18\" fill=\"#e15759\"><title>down: -10</title></rect>");
    HAS(b, "<text x=\"67.0\" y=\"43.0\" text-anchor=\"end\" fill=\"#444\">-10</text>");
    HAS(b, "<line x1=\"153.5\" y1=\"0\" x2=\"153.5\" y2=\"54\" stroke=\"#333\"/>");
    buf_free(&b);
}

/* All zero: the range is taken as 1 and every bar is 0 long (no line). */
static void test_hbars_all_zero_and_tiny(void **state)
{
    buf b = {0};
    svg_bar zero[] = {{"z", 0, "0", NULL}, {"y", 0, "0", NULL}};
    svg_hbars(&b, zero, 2, "#4e79a7", "zeros");
    assert_int_equal(count(b.data, "width=\"0.0\""), 2);
    assert_null(strstr(b.data, "<line"));
    buf_free(&b);
    /* a value too small to see still gets half a pixel: 0.1 x 360/1000 */
    buf c = {0};
    svg_bar tiny[] = {{"big", 1000, "1000", NULL}, {"tiny", 0.1, "0.1", NULL}};
    svg_hbars(&c, tiny, 2, "#4e79a7", "tiny");
    HAS(c, "width=\"360.0\" height=\"18\" fill=\"#4e79a7\"><title>big: 1000</title>");
    HAS(c, "width=\"0.5\" height=\"18\" fill=\"#4e79a7\"><title>tiny: 0.1</title>");
    buf_free(&c);
}

/* Long labels are capped at 280 px; a long value text squeezes the plot,
 * never below 100 px. */
static void test_hbars_wide_texts(void **state)
{
    char label[61], text40[41], text60[61];
    memset(label, 'x', 60); label[60] = '\0';   /* 432 px -> 280 */
    memset(text40, 'y', 40); text40[40] = '\0'; /* 288 px */
    memset(text60, 'y', 60); text60[60] = '\0'; /* 432 px */
    buf b = {0};
    svg_bar one[] = {{label, 5, text40, NULL}};
    svg_hbars(&b, one, 1, "#4e79a7", "w");
    /* x0 = 292, plot = 760 - 292 - 288 - 16 = 164: width 292 + 164 + 288 + 16 */
    HAS(b, "width=\"760\" height=\"30\"");
    HAS(b, "<rect x=\"292.0\" y=\"6.0\" width=\"164.0\"");
    buf_free(&b);
    buf c = {0};
    svg_bar two[] = {{label, 5, text60, NULL}};
    svg_hbars(&c, two, 1, "#4e79a7", "w");
    /* plot = 760 - 292 - 432 - 16 = 20, raised to 100: 292 + 100 + 432 + 16 */
    HAS(c, "width=\"840\" height=\"30\"");
    HAS(c, "<rect x=\"292.0\" y=\"6.0\" width=\"100.0\"");
    buf_free(&c);
    /* no text at all (NULL): measured as 0 px and written as nothing */
    buf e = {0};
    svg_bar none[] = {{"a", 1, NULL, NULL}};
    svg_hbars(&e, none, 1, "#4e79a7", "n");
    HAS(e, "width=\"396\""); /* 20 + 360 + 0 + 16 */
    HAS(e, "<title>a: </title>");
    buf_free(&e);
}

/* Columns: 2 bins, cw = 740/2 capped to 60; the highest fills 184 - 20. */
static void test_columns(void **state)
{
    buf b = {0};
    svg_bar bins[] = {{"70", 2, "2", "70–74"}, {"75", 0, "0", NULL}};
    svg_columns(&b, bins, 2, "#4e79a7", "score");
    HAS(b, "width=\"140\" height=\"220\"");
    HAS(b, "<rect x=\"12.0\" y=\"20.0\" width=\"56\" height=\"164.0\" fill=\"#4e79a7\"><title>70–74: 2</title></rect>");
    HAS(b, "<text x=\"40.0\" y=\"16.0\" text-anchor=\"middle\" fill=\"#333\">2</text>");
    HAS(b, "<text x=\"40.0\" y=\"200.0\" text-anchor=\"middle\" fill=\"#333\">70</text>");
    /* an empty bin: no height, no count over it, the tooltip named by its label */
    HAS(b, "<rect x=\"72.0\" y=\"184.0\" width=\"56\" height=\"0.0\" fill=\"#4e79a7\"><title>75: 0</title></rect>");
    assert_null(strstr(b.data, ">0</text>"));
    HAS(b, "<line x1=\"10\" y1=\"184\" x2=\"130\" y2=\"184\" stroke=\"#333\"/>");
    buf_free(&b);
}

static void test_columns_edges(void **state)
{
    /* 20 bins: 740 / 20 = 37 px each (under the 60 cap): 20 + 37 x 20 = 760 */
    svg_bar many[20];
    for (int i = 0; i < 20; i++) many[i] = (svg_bar){"x", 1, "1", NULL};
    buf b = {0};
    svg_columns(&b, many, 20, "#4e79a7", "m");
    HAS(b, "width=\"760\" height=\"220\"");
    HAS(b, "<rect x=\"12.0\" y=\"20.0\" width=\"33\"");
    assert_int_equal(count(b.data, "<rect"), 20);
    buf_free(&b);
    /* all empty: nothing is divided by zero, every column is flat */
    svg_bar empty[] = {{"1", 0, "0", NULL}, {"2", 0, "0", NULL}};
    buf c = {0};
    svg_columns(&c, empty, 2, "#4e79a7", "e");
    assert_int_equal(count(c.data, "height=\"0.0\""), 2);
    buf_free(&c);
    /* none at all: an empty chart 20 wide, the axis a point */
    buf e = {0};
    svg_columns(&e, NULL, 0, "#4e79a7", "none");
    HAS(e, "width=\"20\" height=\"220\"");
    HAS(e, "<line x1=\"10\" y1=\"184\" x2=\"10\" y2=\"184\" stroke=\"#333\"/>");
    assert_null(strstr(e.data, "<rect"));
    buf_free(&e);
}

/* Stacked: one row "a" (8 px): x0 = 20, plot = 720; legend boxes 16 + 15 +
 * 14 = 45 apart; the row's bars start at y = 20 + 8 + 6 = 34. */
static void test_stacked(void **state)
{
    const char *rows[] = {"a", "b"};
    const char *series[] = {"s1", "s2"};
    double v[] = {10, -5, 3, 2};
    buf b = {0};
    svg_stacked(&b, rows, 2, series, 2, v, NULL, "pay");
    HAS(b, "width=\"760\" height=\"82\""); /* 20 + 8 + 2 x 24 + 6 */
    HAS(b, "<rect x=\"0\" y=\"3\" width=\"12\" height=\"12\" fill=\"#4e79a7\"/>");
    HAS(b, "<rect x=\"45\" y=\"3\" width=\"12\" height=\"12\" fill=\"#f28e2b\"/>");
    HAS(b, "<text x=\"61.0\" y=\"13.0\" text-anchor=\"start\" fill=\"#222\">s2</text>");
    /* row a: 10 of a highest sum of 10 fills the plot; its -5 is not drawn */
    HAS(b, "<rect x=\"20.0\" y=\"34.0\" width=\"720.0\" height=\"18\" fill=\"#4e79a7\"><title>a · s1</title></rect>");
    assert_null(strstr(b.data, "a · s2"));
    /* row b: 3 then 2, side by side: 216 and 144 */
    HAS(b, "<rect x=\"20.0\" y=\"58.0\" width=\"216.0\" height=\"18\" fill=\"#4e79a7\"><title>b · s1</title></rect>");
    HAS(b, "<rect x=\"236.0\" y=\"58.0\" width=\"144.0\" height=\"18\" fill=\"#f28e2b\"><title>b · s2</title></rect>");
    buf_free(&b);
}

static void test_stacked_edges(void **state)
{
    /* a long row label is capped at 200 px; series names that do not fit
     * one line wrap the legend (50 'n' = 360 px: 390 per box) */
    char longrow[41], s1[51], s2[51];
    memset(longrow, 'r', 40); longrow[40] = '\0';
    memset(s1, 'n', 50); s1[50] = '\0';
    memset(s2, 'm', 50); s2[50] = '\0';
    const char *rows[] = {longrow};
    const char *series[] = {s1, s2};
    double v[] = {0, 0};
    const char *texts[] = {"0.00", "0.00"};
    buf b = {0};
    svg_stacked(&b, rows, 1, series, 2, v, texts, "zero");
    HAS(b, "<rect x=\"0\" y=\"21\" width=\"12\" height=\"12\" fill=\"#f28e2b\"/>"); /* the second box, next line */
    HAS(b, "width=\"760\" height=\"76\"");                                      /* legend 38 + 8 + 24 + 6 */
    HAS(b, "<text x=\"204.0\" y=\"65.0\" text-anchor=\"end\" fill=\"#222\">rrrr");   /* x0 = 212 */
    assert_int_equal(count(b.data, "<rect"), 2);                                /* only the legend: all zero */
    buf_free(&b);
    /* texts given: the tooltip has the exact value */
    const char *rows2[] = {"a"};
    const char *series2[] = {"s"};
    double v2[] = {2.5};
    const char *texts2[] = {"2.50"};
    buf c = {0};
    svg_stacked(&c, rows2, 1, series2, 1, v2, texts2, "t");
    HAS(c, "<title>a · s: 2.50</title>");
    buf_free(&c);
}

static void test_palette(void **state)
{
    assert_string_equal(svg_color(0), "#4e79a7");
    assert_string_equal(svg_color(2), "#59a14f");
    assert_string_equal(svg_color(12), "#59a14f"); /* cycles after 10 */
    assert_string_equal(svg_color(-3), "#e15759"); /* a negative index counts as its magnitude */
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_hbars_one),      cmocka_unit_test(test_hbars_both_signs),
        cmocka_unit_test(test_hbars_all_zero_and_tiny), cmocka_unit_test(test_hbars_wide_texts),
        cmocka_unit_test(test_columns),        cmocka_unit_test(test_columns_edges),
        cmocka_unit_test(test_stacked),        cmocka_unit_test(test_stacked_edges),
        cmocka_unit_test(test_palette),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
