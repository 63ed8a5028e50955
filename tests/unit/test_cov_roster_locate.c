/*
 * test_cov_roster_locate.c — kh_roster_locate (kaohe_tools.h): a record's
 * error message, each "field 'PATH': reason" of it given the sheet (or
 * file) and cell it came from; the reader's own reason for a cell it could
 * not convert; with every_field, every field (a list entry's cell in its
 * list's file, the entry's row when the field has no column, the record's
 * row when the entry is not there) and "row N" for a message about no
 * field; a message located already left as it is.
 *
 * The roster, worked out by hand: r.csv rows 2-4 are records 0-2 (A1, A2,
 * A3); A1's calls cell C2 holds 12.5, no whole number; the deals file's
 * rows 2 (A1's), 3 and 4 (A2's first and second entries).
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "kaohe.h"
#include "kaohe_tools.h"
#include "streams.h"

static const char POLICY[] = "policy \"locate\"\n"
                             "input:\n"
                             "    id \"工号\": text, key\n"
                             "    name: text, optional\n"
                             "    calls \"通次\": integer, optional\n"
                             "    pay: record\n"
                             "        base \"底薪\": money\n"
                             "    deals: list of record, default []\n"
                             "        customer: text\n"
                             "        profit \"利润\": money\n"
                             "output total = pay.base + sum(profit over deals)\n";

static const char MAIN[] = "工号,pay.base,通次\r\nA1,100,12.5\r\nA2,200,3\r\nA3,300,\r\n";
static const char DEALS[] = "工号,customer,利润\r\nA1,C1,10\r\nA2,C2,20\r\nA2,C3,30\r\n";

typedef struct fixture {
    kh_policy *p;
    kh_roster *r;
    FILE *in;
    char dir[64], deals[96];
} fixture;

static int setup(void **state)
{
    fixture *f = calloc(1, sizeof *f);
    kh_diags *d = kh_diags_new();
    f->p = kh_policy_load_text("locate.rules", POLICY, strlen(POLICY), d);
    if (!f->p) kh_diags_print(d, stderr, false);
    kh_diags_free(d);
    assert_non_null(f->p);
    snprintf(f->dir, sizeof f->dir, "/tmp/kaohe-locate-XXXXXX");
    assert_non_null(mkdtemp(f->dir));
    snprintf(f->deals, sizeof f->deals, "%s/D.csv", f->dir);
    FILE *w = fopen(f->deals, "wb");
    assert_non_null(w);
    fputs(DEALS, w);
    fclose(w);
    f->in = temp_with(MAIN, sizeof MAIN - 1);
    kh_roster_list lists[] = {{"deals", f->deals}};
    FILE *records = NULL;
    char err[512];
    int rc = kh_roster_open(f->p, f->in, "r.csv", lists, 1, &f->r, &records, err, sizeof err);
    if (rc != KH_OK) fail_msg("%s", err);
    assert_non_null(f->r);
    assert_non_null(records);
    *state = f;
    return 0;
}

static int teardown(void **state)
{
    fixture *f = *state;
    kh_roster_free(f->r);
    fclose(f->in);
    kh_policy_free(f->p);
    unlink(f->deals);
    rmdir(f->dir);
    free(f);
    return 0;
}

static char got[1024];
static const char *locate(const fixture *f, size_t index, const char *message, bool every_field)
{
    char *s = kh_roster_locate(f->r, index, message, every_field);
    snprintf(got, sizeof got, "%s", s);
    kh_free(s);
    return got;
}

static void test_cells_the_reader_refused(void **state)
{
    fixture *f = *state;
    /* the reader's reason replaces the record reader's, with the cell */
    assert_string_equal(locate(f, 0, "field 'calls': not an integer", false),
                        "r.csv cell C2, field 'calls' (通次): 12.5 is not a whole number");
    /* a message that does not name the cell: the cell is added */
    assert_string_equal(locate(f, 0, "field 'id': used twice", false),
                        "field 'id': used twice; r.csv cell C2, field 'calls': 12.5 is not a whole number");
    /* the same through the callback kh_eval takes (malloc'd) */
    char *s = kh_roster_locate_for_eval(f->r, 0, "field 'calls': x");
    assert_string_equal(s, "r.csv cell C2, field 'calls' (通次): 12.5 is not a whole number");
    free(s);
}

static void test_only_those_cells_unless_every_field(void **state)
{
    fixture *f = *state;
    assert_string_equal(locate(f, 1, "field 'pay.base': too big", false), "field 'pay.base': too big");
    assert_string_equal(locate(f, 1, "the id is used twice", false), "the id is used twice");
    assert_string_equal(locate(f, 1, "field 'pay.base': too big", true), "r.csv cell B3, field 'pay.base' (底薪): too big");
}

static void test_every_field(void **state)
{
    fixture *f = *state;
    const char *D = f->deals;
    char want[512];
    /* A2's second entry is D.csv row 4; its profit is column C */
    snprintf(want, sizeof want, "%s cell C4, field 'deals[2].profit' (利润): bad", D);
    assert_string_equal(locate(f, 1, "field 'deals[2].profit': bad", true), want);
    /* the entry itself: its row */
    snprintf(want, sizeof want, "%s row 4, field 'deals[2]': bad", D);
    assert_string_equal(locate(f, 1, "field 'deals[2]': bad", true), want);
    /* a field of the entry that has no column: its row */
    snprintf(want, sizeof want, "%s row 3, field 'deals[1].note': bad", D);
    assert_string_equal(locate(f, 1, "field 'deals[1].note': bad", true), want);
    /* no third entry for A2, no entries for A3: the record's row */
    assert_string_equal(locate(f, 1, "field 'deals[3].profit': bad", true), "r.csv row 3, field 'deals[3].profit': bad");
    assert_string_equal(locate(f, 2, "field 'deals[1].profit': bad", true), "r.csv row 4, field 'deals[1].profit': bad");
    /* the whole list: the rows of the record's key, or the file */
    snprintf(want, sizeof want, "%s rows of \"A2\", field 'deals': bad", D);
    assert_string_equal(locate(f, 1, "field 'deals': bad", true), want);
    snprintf(want, sizeof want, "%s, field 'deals': bad", D);
    assert_string_equal(locate(f, 2, "field 'deals': bad", true), want);
    /* a field with no column, a list the policy does not have: the record's row */
    assert_string_equal(locate(f, 1, "field 'name': bad", true), "r.csv row 3, field 'name': bad");
    assert_string_equal(locate(f, 1, "field 'sales[1].x': bad", true), "r.csv row 3, field 'sales[1].x': bad");
    /* several fields, each located */
    assert_string_equal(locate(f, 1, "field 'pay.base': a; field 'name': b", true),
                        "r.csv cell B3, field 'pay.base' (底薪): a; r.csv row 3, field 'name': b");
}

static void test_messages_about_no_field(void **state)
{
    fixture *f = *state;
    assert_string_equal(locate(f, 1, "the id is used twice", true), "r.csv row 3: the id is used twice");
    assert_string_equal(locate(f, 1, "oops; field 'pay.base': a", true),
                        "r.csv row 3: oops; r.csv cell B3, field 'pay.base' (底薪): a");
    assert_string_equal(locate(f, 1, "field 'pay.base has no end", true), "r.csv row 3: field 'pay.base has no end");
    assert_string_equal(locate(f, 1, "", true), "");
    /* located already (the report hands on what its page lists): as it is */
    assert_string_equal(locate(f, 1, "r.csv cell B3, field 'pay.base': x", true), "r.csv cell B3, field 'pay.base': x");
    /* only a table's name followed by a space is a location */
    assert_string_equal(locate(f, 1, "r.csvx", true), "r.csv row 3: r.csvx");
}

static void test_json_and_nothing(void **state)
{
    fixture *f = *state;
    /* a JSON roster is left to the JSON reader: no kh_roster, the same stream */
    static const char json[] = "  [{\"id\": \"A1\"}]";
    FILE *in = temp_with(json, sizeof json - 1);
    kh_roster *r = (kh_roster *)1;
    FILE *records = NULL;
    char err[256];
    assert_int_equal(kh_roster_open(f->p, in, "r.txt", NULL, 0, &r, &records, err, sizeof err), KH_OK);
    assert_null(r);
    assert_ptr_equal(records, in);
    fclose(in);
    assert_string_equal(kh_roster_notes(NULL), "");
    assert_string_equal(kh_roster_notes(f->r), "");
    kh_roster_free(NULL);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_cells_the_reader_refused, setup, teardown),
        cmocka_unit_test_setup_teardown(test_only_those_cells_unless_every_field, setup, teardown),
        cmocka_unit_test_setup_teardown(test_every_field, setup, teardown),
        cmocka_unit_test_setup_teardown(test_messages_about_no_field, setup, teardown),
        cmocka_unit_test_setup_teardown(test_json_and_nothing, setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
