/*
 * xlsx_stub.c — the playground's stand-in for src/tools/xlsx_read.c, which
 * needs libzip and expat (not built for WebAssembly): an XLSX workbook is
 * refused with a reason, so a roster read from a spreadsheet (roster_read.c)
 * can still be CSV text.
 */
#include <stdio.h>
#include <unistd.h>

#include "xlsx_read.h"

xlsx_book *xlsx_book_open(int fd, char *err, size_t cap)
{
    if (fd >= 0) close(fd);
    snprintf(err, cap, "the playground does not read XLSX workbooks: save the roster sheet as CSV, or use kaohe itself");
    return NULL;
}

void xlsx_book_close(xlsx_book *b) { (void)b; }

int xlsx_book_nsheets(const xlsx_book *b)
{
    (void)b;
    return 0;
}

const char *xlsx_book_sheet_name(const xlsx_book *b, int i)
{
    (void)b;
    (void)i;
    return "";
}

bool xlsx_book_date1904(const xlsx_book *b)
{
    (void)b;
    return false;
}

bool xlsx_book_read(xlsx_book *b, int i, sheet_row_fn fn, void *ud, char *err, size_t cap)
{
    (void)b, (void)i, (void)fn, (void)ud;
    snprintf(err, cap, "the playground does not read XLSX workbooks");
    return false;
}
