/*
 * test_cov_xlsx_read.c — xlsx_read.c on workbooks written here part by part
 * (libzip, hand-written XML), so that each thing a workbook may do, and each
 * way it may be damaged, is one small file.  Expectations follow ECMA-376
 * (SpreadsheetML): the package's _rels/.rels names the workbook part, the
 * workbook's own .rels each sheet's part (relative to the workbook's folder,
 * or absolute when it starts with '/'); a cell's t attribute gives its kind
 * (s shared string, str formula text, inlineStr, b, e, d, n the default);
 * a cell's s attribute indexes cellXfs, whose numFmtId is a built-in format
 * (14-22, 27-36, 45-47, 50-58 are dates and times; 0, 1 and 49 show the
 * value as typed) or one of styles.xml's numFmts.  A row or cell without r
 * follows the previous one.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <zip.h>

#include "buf.h"
#include "mem.h"
#include "xlsx_read.h"

#define NS "xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\""
#define NS_R "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
#define NS_PR "xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\""

static const char ROOT_RELS[] = "<Relationships " NS_PR "><Relationship Id=\"rId1\" Type=\"" NS_R
                                "/officeDocument\" Target=\"xl/workbook.xml\"/></Relationships>";
static const char WB_ONE[] = "<workbook " NS " xmlns:r=\"" NS_R "\"><sheets><sheet name=\"roster\" sheetId=\"1\" "
                             "r:id=\"rId1\"/></sheets></workbook>";
static const char WB_RELS_ONE[] = "<Relationships " NS_PR "><Relationship Id=\"rId1\" Type=\"" NS_R
                                  "/worksheet\" Target=\"worksheets/sheet1.xml\"/></Relationships>";

static char path[64];

/* Writes a zip of (name, text) pairs, NULL-terminated; stored (not
 * compressed) when stored is true.  Returns its path. */
static const char *make_zip(bool stored, const char *const *parts)
{
    snprintf(path, sizeof path, "/tmp/kaohe-xlsx-read-XXXXXX");
    int fd = mkstemp(path);
    assert_true(fd >= 0);
    close(fd);
    int zerr;
    zip_t *z = zip_open(path, ZIP_TRUNCATE, &zerr);
    assert_non_null(z);
    for (int i = 0; parts[i]; i += 2) {
        zip_source_t *s = zip_source_buffer(z, parts[i + 1], strlen(parts[i + 1]), 0);
        assert_non_null(s);
        zip_int64_t at = zip_file_add(z, parts[i], s, ZIP_FL_ENC_UTF_8);
        assert_true(at >= 0);
        if (stored) zip_set_file_compression(z, (zip_uint64_t)at, ZIP_CM_STORE, 0);
    }
    assert_int_equal(zip_close(z), 0);
    return path;
}

static xlsx_book *open_book(const char *p, char *err, size_t cap)
{
    int fd = open(p, O_RDONLY);
    assert_true(fd >= 0);
    xlsx_book *b = xlsx_book_open(fd, err, cap);
    unlink(p);
    return b;
}

/* A workbook of one sheet "roster" whose sheetData is `rows`, with shared
 * strings and styles as given (NULL: the part is left out). */
static xlsx_book *one_sheet(const char *rows, const char *sst, const char *styles, char *err, size_t cap)
{
    buf sheet = {0};
    buf_printf(&sheet, "<worksheet " NS "><sheetPr/><sheetData>%s</sheetData></worksheet>", rows);
    buf_putc(&sheet, '\0');
    const char *parts[16] = {"_rels/.rels", ROOT_RELS, "xl/workbook.xml", WB_ONE, "xl/_rels/workbook.xml.rels",
                             WB_RELS_ONE, "xl/worksheets/sheet1.xml", sheet.data};
    int n = 8;
    if (sst) parts[n++] = "xl/sharedStrings.xml", parts[n++] = sst;
    if (styles) parts[n++] = "xl/styles.xml", parts[n++] = styles;
    parts[n] = NULL;
    xlsx_book *b = open_book(make_zip(false, parts), err, cap);
    buf_free(&sheet);
    return b;
}

/* The rows a sheet gives, one line each: "ROW: COL=KIND/FMT:TEXT ..." with
 * KIND t(ext) n(umber) b(ool) e(rror) -(no value) d(ate), FMT 0 none,
 * D date, O other. */
typedef struct seen {
    buf out;
    int stop_after;      /* the callback says stop after this many rows (0: never) */
    int rows;
} seen;

static bool collect(void *ud, uint32_t row, const sheet_cell *cells, int n)
{
    seen *s = ud;
    buf_printf(&s->out, "%u:", (unsigned)row);
    for (int i = 0; i < n; i++) {
        static const char kinds[] = "tnbe-d", fmts[] = "0DO";
        buf_printf(&s->out, " %u=%c/%c:%.*s", (unsigned)cells[i].col, kinds[cells[i].kind], fmts[cells[i].numfmt],
                   (int)cells[i].len, cells[i].text);
    }
    buf_putc(&s->out, '\n');
    s->rows++;
    return !(s->stop_after && s->rows >= s->stop_after);
}

static const char *read_all(xlsx_book *b, seen *s, bool *ok, char *err, size_t cap)
{
    *ok = xlsx_book_read(b, 0, collect, s, err, cap);
    buf_putc(&s->out, '\0');
    return s->out.data ? s->out.data : "";
}

/* ---- the package ------------------------------------------------------------- */

static void test_not_a_zip(void **state)
{
    (void)state;
    snprintf(path, sizeof path, "/tmp/kaohe-xlsx-read-XXXXXX");
    int fd = mkstemp(path);
    assert_true(fd >= 0);
    assert_int_equal(write(fd, "id,name\n1,x\n", 12), 12);
    close(fd);
    char err[256];
    assert_null(open_book(path, err, sizeof err));
    assert_non_null(strstr(err, "not a readable .xlsx workbook"));
}

static void test_no_workbook_part(void **state)
{
    (void)state;
    /* no _rels/.rels (optional: the workbook is then xl/workbook.xml), and no xl/workbook.xml */
    const char *parts[] = {"docProps/app.xml", "<Properties/>", NULL};
    char err[256];
    assert_null(open_book(make_zip(false, parts), err, sizeof err));
    assert_non_null(strstr(err, "the workbook has no part 'xl/workbook.xml'"));
}

static void test_workbook_found_whatever_its_case(void **state)
{
    (void)state;
    /* zip names are case-sensitive, Excel's are not: xl/Workbook.xml is the workbook */
    const char *parts[] = {"xl/Workbook.xml", WB_ONE, "xl/_rels/workbook.xml.rels", WB_RELS_ONE, "xl/worksheets/sheet1.xml",
                           "<worksheet " NS "><sheetData><row r=\"1\"><c r=\"A1\"><v>7</v></c></row></sheetData></worksheet>",
                           NULL};
    char err[256];
    xlsx_book *b = open_book(make_zip(false, parts), err, sizeof err);
    assert_non_null(b);
    assert_int_equal(xlsx_book_nsheets(b), 1);
    assert_false(xlsx_book_date1904(b));
    seen s = {0};
    bool ok;
    assert_string_equal(read_all(b, &s, &ok, err, sizeof err), "1: 0=n/0:7\n");
    assert_true(ok);
    buf_free(&s.out);
    xlsx_book_close(b);
}

static void test_workbook_without_sheets(void **state)
{
    (void)state;
    const char *parts[] = {"_rels/.rels", ROOT_RELS, "xl/workbook.xml",
                           /* a sheet without r:id is no sheet */
                           "<workbook " NS "><sheets><sheet name=\"x\" sheetId=\"1\"/></sheets></workbook>", NULL};
    char err[256];
    assert_null(open_book(make_zip(false, parts), err, sizeof err));
    assert_string_equal(err, "the workbook has no sheets");
}

static void test_sheet_without_relationship(void **state)
{
    (void)state;
    const char *parts[] = {"_rels/.rels", ROOT_RELS, "xl/workbook.xml", WB_ONE, "xl/_rels/workbook.xml.rels",
                           "<Relationships " NS_PR "><Relationship Id=\"rId9\" Target=\"worksheets/sheet9.xml\"/>"
                           "<Relationship Id=\"rId1\"/></Relationships>",
                           NULL};
    char err[256];
    assert_null(open_book(make_zip(false, parts), err, sizeof err));
    assert_non_null(strstr(err, "does not say where its sheet 'roster' is"));
}

static void test_workbook_not_xml(void **state)
{
    (void)state;
    const char *parts[] = {"_rels/.rels", ROOT_RELS, "xl/workbook.xml", "<workbook " NS ">\n<sheets>\n</workbook>", NULL};
    char err[256];
    assert_null(open_book(make_zip(false, parts), err, sizeof err));
    assert_non_null(strstr(err, "the part 'xl/workbook.xml' of the workbook is not valid XML (line 3"));
}

static void test_workbook_elsewhere_absolute_targets_1904(void **state)
{
    (void)state;
    /* the officeDocument at /book/main.xml (absolute), its rels at
     * book/_rels/main.xml.rels; a second sheet at an absolute target; the
     * 1904 date system given as "true"; other relationships ignored */
    const char *parts[] = {
        "_rels/.rels",
        "<Relationships " NS_PR "><Relationship Id=\"rId2\" Type=\"" NS_R "/extended-properties\" Target=\"docProps/app.xml\"/>"
        "<Relationship Id=\"rId1\" Type=\"" NS_R "/officeDocument\" Target=\"/book/main.xml\"/></Relationships>",
        "book/main.xml",
        "<workbook " NS " xmlns:r=\"" NS_R "\"><workbookPr date1904=\"true\"/><sheets>"
        "<sheet name=\"roster\" sheetId=\"1\" r:id=\"rId1\"/><sheet name=\"deals\" sheetId=\"2\" r:id=\"rId2\"/></sheets></workbook>",
        "book/_rels/main.xml.rels",
        "<Relationships " NS_PR "><Relationship Id=\"rId1\" Target=\"s1.xml\"/>"
        "<Relationship Id=\"rId2\" Target=\"/other/s2.xml\"/></Relationships>",
        "book/s1.xml",
        "<worksheet " NS "><sheetData><row><c><v>1</v></c></row></sheetData></worksheet>",
        "other/s2.xml",
        "<worksheet " NS "><sheetData><row><c><v>2</v></c></row></sheetData></worksheet>",
        NULL};
    char err[256];
    xlsx_book *b = open_book(make_zip(false, parts), err, sizeof err);
    assert_non_null(b);
    assert_int_equal(xlsx_book_nsheets(b), 2);
    assert_string_equal(xlsx_book_sheet_name(b, 1), "deals");
    assert_true(xlsx_book_date1904(b));
    seen s = {0};
    assert_true(xlsx_book_read(b, 1, collect, &s, err, sizeof err));
    buf_putc(&s.out, '\0');
    assert_string_equal(s.out.data, "1: 0=n/0:2\n");
    buf_free(&s.out);
    xlsx_book_close(b);
}

static void test_damaged_compressed_data(void **state)
{
    (void)state;
    /* a stored sheet part with one byte changed: its CRC no longer matches */
    const char *parts[] = {"_rels/.rels", ROOT_RELS, "xl/workbook.xml", WB_ONE, "xl/_rels/workbook.xml.rels", WB_RELS_ONE,
                           "xl/worksheets/sheet1.xml",
                           "<worksheet " NS "><sheetData><row r=\"1\"><c r=\"A1\"><v>12345</v></c></row></sheetData></worksheet>",
                           NULL};
    const char *p = make_zip(true, parts);
    FILE *f = fopen(p, "r+b");
    assert_non_null(f);
    char data[8192];
    size_t n = fread(data, 1, sizeof data, f);
    char *at = memmem(data, n, "12345", 5);
    assert_non_null(at);
    fseek(f, at - data, SEEK_SET);
    fputc('9', f);
    fclose(f);
    char err[256];
    xlsx_book *b = open_book(p, err, sizeof err);
    assert_non_null(b); /* the sheet is read on demand */
    seen s = {0};
    assert_false(xlsx_book_read(b, 0, collect, &s, err, sizeof err));
    assert_non_null(strstr(err, "cannot read the part 'xl/worksheets/sheet1.xml' of the workbook"));
    buf_free(&s.out);
    xlsx_book_close(b);
}

/* ---- cells ------------------------------------------------------------------ */

static const char STYLES[] =
    "<styleSheet " NS "><numFmts>"
    "<numFmt numFmtId=\"164\" formatCode=\"yyyy/m/d\"/>"          /* 1: date */
    "<numFmt numFmtId=\"165\" formatCode=\"&quot;day &quot;0\"/>" /* 2: d in quotes only */
    "<numFmt numFmtId=\"166\" formatCode=\"\\d0_)\"/>"             /* 3: an escaped d */
    "<numFmt numFmtId=\"167\" formatCode=\"[Red]0.00\"/>"          /* 4: a colour */
    "<numFmt numFmtId=\"168\" formatCode=\"[hh]:mm\"/>"            /* 5: elapsed hours */
    "<numFmt numFmtId=\"169\" formatCode=\"0年\"/>"                /* 6: a CJK year */
    "<numFmt numFmtId=\"170\" formatCode=\"0€\"/>"                 /* 7: not a date character */
    "<numFmt numFmtId=\"171\" formatCode=\"&quot;open\"/>"         /* 8: an unclosed quote */
    "<numFmt numFmtId=\"172\" formatCode=\"0[\"/>"                 /* 9: an unclosed bracket */
    "<numFmt numFmtId=\"173\" formatCode=\"0\\\"/>"                /* 10: a trailing backslash */
    "<numFmt numFmtId=\"174\" formatCode=\"General\"/>"            /* 11: as typed */
    "<numFmt numFmtId=\"175\"/>"                                   /* no code: ignored */
    "<numFmt numFmtId=\"176\" formatCode=\"[Magenta]0.0\"/>"       /* 12: a colour that starts with m */
    "</numFmts><cellStyleXfs><xf numFmtId=\"14\"/></cellStyleXfs><cellXfs>"
    "<xf/><xf numFmtId=\"164\"/><xf numFmtId=\"165\"/><xf numFmtId=\"166\"/><xf numFmtId=\"167\"/><xf numFmtId=\"168\"/>"
    "<xf numFmtId=\"169\"/><xf numFmtId=\"170\"/><xf numFmtId=\"171\"/><xf numFmtId=\"172\"/><xf numFmtId=\"173\"/>"
    "<xf numFmtId=\"174\"/><xf numFmtId=\"176\"/>"
    "<xf numFmtId=\"14\"/><xf numFmtId=\"2\"/><xf numFmtId=\"49\"/><xf numFmtId=\"200\"/><xf numFmtId=\"46\"/>"
    "</cellXfs></styleSheet>";

static void test_number_formats(void **state)
{
    (void)state;
    /* the number 1 in each style 0..17, then style 99 (no such style) */
    buf rows = {0};
    buf_puts(&rows, "<row r=\"1\">");
    for (int st = 0; st <= 17; st++) buf_printf(&rows, "<c s=\"%d\"><v>1</v></c>", st);
    buf_puts(&rows, "<c s=\"99\"><v>1</v></c></row>");
    buf_putc(&rows, '\0');
    char err[256];
    xlsx_book *b = one_sheet(rows.data, NULL, STYLES, err, sizeof err);
    assert_non_null(b);
    seen s = {0};
    bool ok;
    const char *got = read_all(b, &s, &ok, err, sizeof err);
    assert_true(ok);
    /* styles: 0 General; 1 date; 2-4 other; 5-6 date; 7-10 other; 11 General;
     * 12 other; 13 built-in 14 (date); 14 built-in 2 (0.00); 15 built-in 49
     * (@); 16 an id >= 164 not defined (other); 17 built-in 46 ([h]:mm:ss) */
    assert_string_equal(got, "1: 0=n/0:1 1=n/D:1 2=n/O:1 3=n/O:1 4=n/O:1 5=n/D:1 6=n/D:1 7=n/O:1 8=n/O:1 9=n/O:1 "
                             "10=n/O:1 11=n/0:1 12=n/O:1 13=n/D:1 14=n/O:1 15=n/0:1 16=n/O:1 17=n/D:1 18=n/0:1\n");
    buf_free(&s.out);
    buf_free(&rows);
    xlsx_book_close(b);
}

static void test_kinds_of_cells(void **state)
{
    (void)state;
    const char *sst = "<sst " NS "><si><t>工号</t></si>"
                      /* rich text: its runs make the text; the phonetic guide is not part of it */
                      "<si><r><t>王</t></r><r><t>芳</t></r><rPh sb=\"0\" eb=\"1\"><t>ワン</t></rPh></si>"
                      "<si><t/></si></sst>";
    const char *rows =
        /* cells out of order are handed over by column; a style-only cell is no cell */
        "<row r=\"2\"><c r=\"C2\" t=\"s\"><v>1</v></c><c r=\"A2\" t=\"s\"><v>0</v></c><c r=\"B2\" s=\"1\"/></row>"
        /* no r: the row after 2, cells after each other */
        "<row><c t=\"b\"><v>1</v></c><c t=\"e\"><v>#N/A</v></c><c t=\"d\"><v>2014-06-03</v></c>"
        "<c t=\"inlineStr\"><is><r><t>李</t></r><rPh><t>リ</t></rPh><r><t>娜</t></r></is></c>"
        "<c t=\"str\"><f>A1&amp;\"x\"</f></c><c><f>1+1</f></c><c t=\"str\"><f>\"\"</f><v>ok</v></c>"
        "<c r=\"XFD3\"><v>4.1E-2</v></c></row>"
        /* an empty shared string is an empty cell */
        "<row r=\"7\"><c r=\"B7\" t=\"s\"><v>2</v></c></row>";
    char err[256];
    xlsx_book *b = one_sheet(rows, sst, NULL, err, sizeof err);
    assert_non_null(b);
    seen s = {0};
    bool ok;
    const char *got = read_all(b, &s, &ok, err, sizeof err);
    assert_true(ok);
    assert_string_equal(got, "2: 0=t/0:工号 2=t/0:王芳\n"
                             "3: 0=b/0:1 1=e/0:#N/A 2=d/0:2014-06-03 3=t/0:李娜 4=-/0: 5=-/0: 6=t/0:ok 16383=n/0:4.1E-2\n"
                             "7:\n");
    buf_free(&s.out);
    xlsx_book_close(b);
}

static void test_callback_stops_the_sheet(void **state)
{
    (void)state;
    char err[256];
    xlsx_book *b = one_sheet("<row r=\"1\"><c><v>1</v></c></row><row r=\"2\"><c><v>2</v></c></row>"
                             "<row r=\"3\"><c><v>3</v></c></row>",
                             NULL, NULL, err, sizeof err);
    assert_non_null(b);
    seen s = {.stop_after = 2};
    bool ok;
    assert_string_equal(read_all(b, &s, &ok, err, sizeof err), "1: 0=n/0:1\n2: 0=n/0:2\n");
    assert_true(ok); /* a stop asked for is no failure */
    buf_free(&s.out);
    xlsx_book_close(b);
}

/* The message of reading a sheet of these rows (with sst), which must fail. */
static void damaged(const char *rows, const char *sst, const char *want)
{
    char err[256] = "";
    xlsx_book *b = one_sheet(rows, sst, NULL, err, sizeof err);
    assert_non_null(b);
    seen s = {0};
    bool ok;
    read_all(b, &s, &ok, err, sizeof err);
    assert_false(ok);
    if (!strstr(err, want)) fail_msg("got '%s', expected '%s'", err, want);
    buf_free(&s.out);
    xlsx_book_close(b);
}

static void test_damaged_sheets(void **state)
{
    (void)state;
    const char *sst = "<sst " NS "><si><t>a</t></si></sst>";
    damaged("<row r=\"3\"/><row r=\"2\"/>", NULL, "sheet 'roster': row 2 comes after row 3 (the sheet is damaged)");
    damaged("<row r=\"0\"/>", NULL, "sheet 'roster': row 0 comes after row 0");
    damaged("<row r=\"1\"><c r=\"1A\"><v>1</v></c></row>", NULL, "sheet 'roster': a cell named '1A' (the sheet is damaged)");
    damaged("<row r=\"1\"><c r=\"XFE1\"><v>1</v></c></row>", NULL, "sheet 'roster': a cell past column XFD");
    damaged("<row r=\"1\"><c r=\"B1\" t=\"s\"><v>1</v></c></row>", sst,
            "sheet 'roster' cell B1: refers to a shared string the workbook does not have");
    damaged("<row r=\"1\"><c r=\"B1\" t=\"s\"><v>x</v></c></row>", sst, "cell B1: refers to a shared string");
    damaged("<row r=\"1\"><c r=\"B1\" t=\"s\"></c></row>", sst, "cell B1: refers to a shared string");
    damaged("<row r=\"1\"><c r=\"B1\"><v>1</v></c></row></sheetData>", NULL,
            "the part 'xl/worksheets/sheet1.xml' of the workbook is not valid XML");
}


/* More format codes and built-in formats, one style each: the number 1 in
 * style i gives the kind want[i] (0 as typed, D date, O other). */
static void test_more_number_formats(void **state)
{
    (void)state;
    static const struct { const char *code; int id; char want; } cases[] = {
        {"@", 0, '0'}, {"0", 0, '0'}, {"#,##0_);[Red](#,##0)", 0, 'O'}, {"* #,##0", 0, 'O'},
        {"[H]:mm", 0, 'D'}, {"[S]", 0, 'D'}, {"[ss]", 0, 'D'}, {"[h", 0, 'O'}, {"[M]", 0, 'D'},
        {"d", 0, 'D'}, {"h", 0, 'D'}, {"ss", 0, 'D'}, {"yy", 0, 'D'}, {"m", 0, 'D'}, {"0日", 0, 'D'}, {"時0", 0, 'D'},
        {NULL, 22, 'D'}, {NULL, 23, 'O'}, {NULL, 27, 'D'}, {NULL, 36, 'D'}, {NULL, 37, 'O'}, {NULL, 45, 'D'},
        {NULL, 47, 'D'}, {NULL, 48, 'O'}, {NULL, 50, 'D'}, {NULL, 58, 'D'}, {NULL, 59, 'O'}, {NULL, 13, 'O'},
    };
    enum { N = sizeof cases / sizeof cases[0] };
    buf st = {0}, rows = {0}, want = {0};
    buf_printf(&st, "<styleSheet " NS "><numFmts><numFmt formatCode=\"yyyy\"/>"); /* no id: ignored */
    for (int i = 0; i < N; i++)
        if (cases[i].code) buf_printf(&st, "<numFmt numFmtId=\"%d\" formatCode=\"%s\"/>", 164 + i, cases[i].code);
    buf_puts(&st, "</numFmts><cellXfs>");
    for (int i = 0; i < N; i++) buf_printf(&st, "<xf numFmtId=\"%d\"/>", cases[i].code ? 164 + i : cases[i].id);
    buf_puts(&st, "</cellXfs></styleSheet>");
    buf_putc(&st, '\0');
    buf_puts(&rows, "<row r=\"1\">");
    buf_puts(&want, "1:");
    for (int i = 0; i < N; i++) {
        buf_printf(&rows, "<c s=\"%d\"><v>1</v></c>", i);
        buf_printf(&want, " %d=n/%c:1", i, cases[i].want);
    }
    buf_puts(&rows, "</row>");
    buf_putc(&rows, '\0');
    buf_puts(&want, "\n");
    buf_putc(&want, '\0');
    char err[256];
    xlsx_book *b = one_sheet(rows.data, NULL, st.data, err, sizeof err);
    assert_non_null(b);
    seen s = {0};
    bool ok;
    assert_string_equal(read_all(b, &s, &ok, err, sizeof err), want.data);
    assert_true(ok);
    buf_free(&s.out);
    buf_free(&st);
    buf_free(&rows);
    buf_free(&want);
    xlsx_book_close(b);
}

static void test_odd_relationships(void **state)
{
    (void)state;
    /* a relationship without Id, Target or Type is none; the first
     * officeDocument counts; a workbook part at the package's root has its
     * relationships in _rels/; a sheet without a name is none; of two
     * relationships with one Id the first counts; date1904="0" is 1900 */
    const char *parts[] = {
        "_rels/.rels",
        "<Relationships " NS_PR "><Relationship Type=\"" NS_R "/officeDocument\" Target=\"nowhere.xml\"/>"
        "<Relationship Id=\"rId7\" Type=\"" NS_R "/officeDocument\"/><Relationship Id=\"rId8\" Target=\"x.xml\"/>"
        "<Relationship Id=\"rId1\" Type=\"" NS_R "/officeDocument\" Target=\"book.xml\"/>"
        "<Relationship Id=\"rId2\" Type=\"" NS_R "/officeDocument\" Target=\"other.xml\"/><Other/></Relationships>",
        "book.xml",
        "<workbook " NS " xmlns:r=\"" NS_R "\"><workbookPr date1904=\"0\"/><sheets><sheet r:id=\"rId3\"/>"
        "<sheet name=\"a\" r:id=\"rId1\"/><sheet name=\"b\" r:id=\"rId2\"/></sheets></workbook>",
        "_rels/book.xml.rels",
        "<Relationships " NS_PR "><Relationship Id=\"rId1\" Target=\"s1.xml\"/><Relationship Id=\"rId1\" Target=\"s9.xml\"/>"
        "<Relationship Id=\"rId2\" Target=\"s2.xml\"/></Relationships>",
        "s1.xml", "<worksheet " NS "><sheetData><row><c><v>1</v></c></row></sheetData></worksheet>",
        "s2.xml", "<worksheet " NS "><sheetData><row><c><v>2</v></c></row></sheetData></worksheet>",
        NULL};
    char err[256];
    xlsx_book *b = open_book(make_zip(false, parts), err, sizeof err);
    if (!b) fail_msg("%s", err);
    assert_int_equal(xlsx_book_nsheets(b), 2);
    assert_string_equal(xlsx_book_sheet_name(b, 0), "a");
    assert_false(xlsx_book_date1904(b));
    seen s = {0};
    bool ok;
    assert_string_equal(read_all(b, &s, &ok, err, sizeof err), "1: 0=n/0:1\n");
    buf_free(&s.out);
    xlsx_book_close(b);
}

static void test_parts_not_xml(void **state)
{
    (void)state;
    const char *bad = "<x><y></x>";
    const char *rels[] = {"_rels/.rels", bad, NULL};
    char err[256];
    assert_null(open_book(make_zip(false, rels), err, sizeof err));
    assert_non_null(strstr(err, "the part '_rels/.rels' of the workbook is not valid XML"));
    assert_null(one_sheet("", bad, NULL, err, sizeof err));
    assert_non_null(strstr(err, "the part 'xl/sharedStrings.xml' of the workbook is not valid XML"));
    assert_null(one_sheet("", NULL, bad, err, sizeof err));
    assert_non_null(strstr(err, "the part 'xl/styles.xml' of the workbook is not valid XML"));
}

static void test_stray_elements(void **state)
{
    (void)state;
    /* elements out of their place are not cells' text: a <t> outside <si>,
     * a <v>, <f> or <is> before any cell, a <t> or <rPh> outside <is>,
     * text between <is> and its <t> */
    const char *sst = "<sst " NS "><t>stray</t><si><t>a</t></si></sst>";
    const char *rows = "<row r=\"1\"><v>9</v><f>1</f><is><t>x</t></is><t>y</t><rPh/>"
                       "<c r=\"A1\" t=\"inlineStr\"><is>zz<t>b</t></is></c><c r=\"B1\" t=\"s\"><v>0</v></c></row>";
    char err[256];
    xlsx_book *b = one_sheet(rows, sst, NULL, err, sizeof err);
    if (!b) fail_msg("%s", err);
    seen s = {0};
    bool ok;
    assert_string_equal(read_all(b, &s, &ok, err, sizeof err), "1: 0=t/0:b 1=t/0:a\n");
    assert_true(ok);
    buf_free(&s.out);
    xlsx_book_close(b);
    /* a shared string index past any number */
    damaged("<row r=\"1\"><c r=\"A1\" t=\"s\"><v>99999999999999999999999</v></c></row>", sst,
            "cell A1: refers to a shared string the workbook does not have");
    /* the row after the last row a 32-bit number holds */
    damaged("<row r=\"4294967295\"/><row/>", NULL, "sheet 'roster': row ? comes after row 4294967295");
}

static void test_row_text_limit(void **state)
{
    (void)state;
    /* one row's cells hold at most 64 MiB of text */
    size_t big = (64u << 20) + 1;
    buf rows = {0};
    buf_puts(&rows, "<row r=\"5\"><c t=\"str\"><v>");
    char *fill = mem_alloc(big + 1);
    memset(fill, 'x', big);
    fill[big] = '\0';
    buf_put(&rows, fill, big);
    mem_free(fill);
    buf_puts(&rows, "</v></c></row>");
    buf_putc(&rows, '\0');
    char err[256];
    xlsx_book *b = one_sheet(rows.data, NULL, NULL, err, sizeof err);
    buf_free(&rows);
    assert_non_null(b);
    seen s = {0};
    bool ok;
    read_all(b, &s, &ok, err, sizeof err);
    assert_false(ok);
    assert_string_equal(err, "sheet 'roster' row 5: more than 64 MiB of text in one row");
    assert_int_equal(s.rows, 0);
    buf_free(&s.out);
    xlsx_book_close(b);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_not_a_zip),
        cmocka_unit_test(test_no_workbook_part),
        cmocka_unit_test(test_workbook_found_whatever_its_case),
        cmocka_unit_test(test_workbook_without_sheets),
        cmocka_unit_test(test_sheet_without_relationship),
        cmocka_unit_test(test_workbook_not_xml),
        cmocka_unit_test(test_workbook_elsewhere_absolute_targets_1904),
        cmocka_unit_test(test_damaged_compressed_data),
        cmocka_unit_test(test_number_formats),
        cmocka_unit_test(test_kinds_of_cells),
        cmocka_unit_test(test_callback_stops_the_sheet),
        cmocka_unit_test(test_damaged_sheets),
        cmocka_unit_test(test_more_number_formats),
        cmocka_unit_test(test_odd_relationships),
        cmocka_unit_test(test_parts_not_xml),
        cmocka_unit_test(test_stray_elements),
        cmocka_unit_test(test_row_text_limit),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
