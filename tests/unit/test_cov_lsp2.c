/*
 * test_cov_lsp2.c — more of the language server (src/tools/lsp_*.c),
 * driven in the process message by message as test_cov_lsp.c does:
 * references, definition, rename and hover on each kind of name (groups
 * and their fields, a list's entry fields, params named in an include
 * that is open too), the outline's nested fields, and what each request
 * answers about a policy that does not parse or check.
 *
 * Positions are LSP lines and UTF-16 units, counted by hand over the
 * ASCII policies below (one unit a byte); the expectations come from the
 * protocol (3.17) and the messages lsp_*.c documents.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cjson/cJSON.h>

#include "lsp.h"
#include "lsp_internal.h"
#include "mem.h"

#include "lsp_client.h"

/* ---- groups and a list's entry fields ------------------------------------------- */

/* Lines (0-based):
 *  0 input:
 *  1     id: text, key
 *  2     pay.base "base pay": money, at least 0
 *  3     pay.bonus: money
 *  4     deals: list of record
 *  5         amount: money
 *  6 param rate = 8%
 *  7 output total = pay.base + pay.bonus + sum(amount over deals) * rate
 *  8 output n = count(deals)
 * Line 7: total 7..12, pay 15..18, base 19..23, pay 26..29, bonus 30..35,
 * sum 38..41, amount 42..48, deals 54..59, rate 63..67.
 * Line 8: count 11..16, deals 17..22. */
static const char GROUPS[] = "input:\n"
                             "    id: text, key\n"
                             "    pay.base \"base pay\": money, at least 0\n"
                             "    pay.bonus: money\n"
                             "    deals: list of record\n"
                             "        amount: money\n"
                             "param rate = 8%\n"
                             "output total = pay.base + pay.bonus + sum(amount over deals) * rate\n"
                             "output n = count(deals)\n";
#define G "file:///nowhere/groups.rules"
#define U "file:///nowhere/demo.rules"

static cJSON *refs_at(client *c, const char *uri, int line, int ch, bool with_decl)
{
    cJSON *p = params_at(uri, line, ch);
    cJSON_AddItemToObject(p, "context", cJSON_Parse(with_decl ? "{\"includeDeclaration\":true}"
                                                              : "{\"includeDeclaration\":false}"));
    return result(c, "textDocument/references", p);
}

static const cJSON *range_of(const cJSON *arr, int k)
{
    return cJSON_GetObjectItem(cJSON_GetArrayItem(arr, k), "range");
}

static const char *hover_text(client *c, const char *uri, int line, int ch)
{
    cJSON *h = result(c, "textDocument/hover", params_at(uri, line, ch));
    assert_true(cJSON_IsObject(h));
    return cJSON_GetObjectItem(cJSON_GetObjectItem(h, "contents"), "value")->valuestring;
}

/* References of a group, of a field in it and of a list's entry field, with
 * and without the declaration; definition of each; hover on each. */
static void test_groups_and_entries(void **state)
{
    client c;
    started(&c);
    open_doc(&c, G, GROUPS);
    assert_int_equal(cJSON_GetArraySize(diagnostics(&c, G)), 0);

    /* the group pay: declared by the first segment of its first field's
     * path (line 2 at 4..7); named again on line 3 and twice on line 7 */
    cJSON *r = refs_at(&c, G, 7, 16, true);
    assert_int_equal(cJSON_GetArraySize(r), 4);
    assert_range(range_of(r, 0), 2, 4, 2, 7);
    r = refs_at(&c, G, 7, 27, false);
    assert_int_equal(cJSON_GetArraySize(r), 3);
    cJSON *d = result(&c, "textDocument/definition", params_at(G, 7, 27));
    assert_range(cJSON_GetObjectItem(d, "range"), 2, 4, 2, 7);
    const char *h = hover_text(&c, G, 7, 16);
    assert_non_null(strstr(h, "**input group** `pay`"));
    assert_non_null(strstr(h, "fields: `base`, `bonus`"));

    /* pay.base: its own segment on line 2 (8..12) and line 7's (19..23) */
    r = refs_at(&c, G, 7, 21, true);
    assert_int_equal(cJSON_GetArraySize(r), 2);
    assert_range(range_of(r, 0), 2, 8, 2, 12);
    assert_range(range_of(r, 1), 7, 19, 7, 23);
    h = hover_text(&c, G, 2, 10);
    assert_non_null(strstr(h, "**input field** `pay.base`"));
    assert_non_null(strstr(h, "base pay"));
    assert_non_null(strstr(h, "```kaohe\n    pay.base \"base pay\": money, at least 0\n```"));

    /* amount, an entry field of deals: line 5 (8..14) and inside `over` */
    r = refs_at(&c, G, 5, 9, true);
    assert_int_equal(cJSON_GetArraySize(r), 2);
    assert_range(range_of(r, 0), 5, 8, 5, 14);
    assert_range(range_of(r, 1), 7, 42, 7, 48);
    d = result(&c, "textDocument/definition", params_at(G, 7, 45));
    assert_range(cJSON_GetObjectItem(d, "range"), 5, 8, 5, 14);

    /* deals: line 4 (4..9), line 7 (54..59), line 8 (17..22) */
    r = refs_at(&c, G, 8, 18, false);
    assert_int_equal(cJSON_GetArraySize(r), 2);
    assert_range(range_of(r, 0), 7, 54, 7, 59);
    assert_range(range_of(r, 1), 8, 17, 8, 22);

    /* a function's name references nothing; a field cannot be renamed */
    assert_true(cJSON_IsNull(refs_at(&c, G, 8, 12, true)));
    cJSON *p = params_at(G, 7, 27);
    cJSON_AddStringToObject(p, "newName", "wage");
    assert_non_null(strstr(error_of(&c, "textDocument/rename", p, RPC_REQUEST_FAILED), "'pay' is an input field"));
    finish(&c);
}

/* The outline: a list's entry fields are the children of its field, whose
 * range runs to the end of its last entry field's line. */
static void test_outline_nested_fields(void **state)
{
    client c;
    started(&c);
    open_doc(&c, G, GROUPS);
    cJSON *syms = result(&c, "textDocument/documentSymbol", params_doc(G));
    /* input, rate, total, n */
    assert_int_equal(cJSON_GetArraySize(syms), 4);
    cJSON *input = cJSON_GetArrayItem(syms, 0);
    assert_string_equal(cJSON_GetObjectItem(input, "name")->valuestring, "input");
    cJSON *fields = cJSON_GetObjectItem(input, "children");
    assert_int_equal(cJSON_GetArraySize(fields), 4);
    cJSON *base = cJSON_GetArrayItem(fields, 1);
    assert_string_equal(cJSON_GetObjectItem(base, "name")->valuestring, "pay.base");
    assert_string_equal(cJSON_GetObjectItem(base, "detail")->valuestring, "base pay");
    cJSON *deals = cJSON_GetArrayItem(fields, 3);
    assert_string_equal(cJSON_GetObjectItem(deals, "name")->valuestring, "deals");
    assert_range(cJSON_GetObjectItem(deals, "range"), 4, 0, 5, 21);
    assert_range(cJSON_GetObjectItem(deals, "selectionRange"), 4, 4, 4, 9);
    cJSON *kids = cJSON_GetObjectItem(deals, "children");
    assert_int_equal(cJSON_GetArraySize(kids), 1);
    assert_string_equal(cJSON_GetObjectItem(cJSON_GetArrayItem(kids, 0), "name")->valuestring, "amount");
    assert_int_equal(cJSON_GetObjectItem(cJSON_GetArrayItem(syms, 1), "kind")->valueint, 14); /* Constant */
    assert_int_equal(cJSON_GetObjectItem(cJSON_GetArrayItem(syms, 2), "kind")->valueint, 7);  /* Property */
    finish(&c);
}

/* Renames: a plain definition (no note), a param to a name that an entry
 * field inside `over` would take (refused: the meaning changes), a
 * formatted policy (no edits) and one with errors (refused). */
static void test_edits(void **state)
{
    client c;
    started(&c);
    open_doc(&c, G, GROUPS);
    /* the param rate (line 6 at 6..10, line 7 at 63..67): both places, and
     * a note that --set options and policy tests name it too */
    cJSON *p = params_at(G, 6, 7);
    cJSON_AddStringToObject(p, "newName", "commission");
    cJSON *we = result(&c, "textDocument/rename", p);
    cJSON *edits = cJSON_GetObjectItem(cJSON_GetObjectItem(we, "changes"), G);
    assert_int_equal(cJSON_GetArraySize(edits), 2);
    assert_range(range_of(edits, 0), 6, 6, 6, 10);
    assert_range(range_of(edits, 1), 7, 63, 7, 67);
    assert_string_equal(cJSON_GetObjectItem(cJSON_GetArrayItem(edits, 1), "newText")->valuestring, "commission");
    assert_non_null(strstr(shown(&c), "renamed param 'rate' to 'commission'"));

    /* a plain definition inside an `over`: renaming it to the entry
     * field's name would read the field there instead */
    change_doc(&c, G,
               "input:\n    id: text, key\n    deals: list of record\n        amount: money\n"
               "unit = 1 yuan\noutput s = sum(amount + unit over deals)\n",
               2);
    p = params_at(G, 4, 1);
    cJSON_AddStringToObject(p, "newName", "amount");
    assert_non_null(strstr(error_of(&c, "textDocument/rename", p, RPC_REQUEST_FAILED),
                           "renaming to 'amount' would change what the policy means"));
    forget(&c);
    p = params_at(G, 4, 1);
    cJSON_AddStringToObject(p, "newName", "step");
    we = result(&c, "textDocument/rename", p);
    edits = cJSON_GetObjectItem(cJSON_GetObjectItem(we, "changes"), G);
    assert_int_equal(cJSON_GetArraySize(edits), 2);
    assert_range(range_of(edits, 1), 5, 24, 5, 28);
    assert_string_equal(shown(&c), ""); /* nothing outside the policy names a definition */

    /* formatting: the canonical layout gives no edit */
    change_doc(&c, G, "input:\n    id: text, key\noutput x = 1\n", 3);
    assert_int_equal(cJSON_GetArraySize(result(&c, "textDocument/formatting", params_doc(G))), 0);
    /* an error on line 3: refused, naming it */
    change_doc(&c, G, "input:\n    id: text, key\noutput x = y\n", 4);
    assert_non_null(strstr(error_of(&c, "textDocument/formatting", params_doc(G), RPC_REQUEST_FAILED),
                           "cannot format: the policy has errors (line 3"));
    finish(&c);
}

/* ---- a policy that does not parse or check --------------------------------------- */

static void test_broken_policies(void **state)
{
    client c;
    started(&c);
    /* a parse error on line 1: hover, definition, references find no name
     * there; the outline still has line 0's param */
    open_doc(&c, U, "param a = 1\noutput x = = a\n");
    assert_true(cJSON_GetArraySize(diagnostics(&c, U)) >= 1);
    assert_true(cJSON_IsNull(result(&c, "textDocument/hover", params_at(U, 1, 8))));
    assert_true(cJSON_IsNull(result(&c, "textDocument/definition", params_at(U, 1, 3))));
    cJSON *syms = result(&c, "textDocument/documentSymbol", params_doc(U));
    assert_true(cJSON_GetArraySize(syms) >= 1);
    assert_string_equal(cJSON_GetObjectItem(cJSON_GetArrayItem(syms, 0), "name")->valuestring, "a");
    /* a type error: the names still resolve (x declared on line 0 at 7..8) */
    change_doc(&c, U, "input:\n    id: text, key\noutput x = 1 + \"a\"\noutput y = x\n", 2);
    cJSON *d = result(&c, "textDocument/definition", params_at(U, 3, 11));
    assert_range(cJSON_GetObjectItem(d, "range"), 2, 7, 2, 8);
    /* an unknown name: nothing to go to, nothing to rename */
    change_doc(&c, U, "input:\n    id: text, key\noutput y = nope + 1\n", 3);
    assert_true(cJSON_IsNull(result(&c, "textDocument/definition", params_at(U, 2, 12))));
    cJSON *p = params_at(U, 2, 12);
    cJSON_AddStringToObject(p, "newName", "yes");
    assert_non_null(strstr(error_of(&c, "textDocument/rename", p, RPC_REQUEST_FAILED), "nothing to rename here"));
    finish(&c);
}

/* ---- an include that is open too ------------------------------------------------- */

static void test_include_open_too(void **state)
{
    write_file("main.rules", "include \"part.rules\"\noutput x = rate * 2\n");
    write_file("part.rules", "input:\n    id: text, key\nparam rate = 3\n");
    char *part = uri_in_tmp("part.rules"), *main_uri = uri_in_tmp("main.rules");
    client c;
    started(&c);
    open_doc(&c, U, "output other = 1\n"); /* open too, no part of this policy */
    open_doc(&c, part, "input:\n    id: text, key\nparam rate = 3\n");
    open_doc(&c, main_uri, "include \"part.rules\"\noutput x = rate * 2\n");
    /* rate from main.rules: declared in the part (open: its own URI),
     * line 2 at 6..10; named in main.rules line 1 at 11..15 */
    cJSON *r = refs_at(&c, main_uri, 1, 12, true);
    assert_int_equal(cJSON_GetArraySize(r), 2);
    assert_string_equal(cJSON_GetObjectItem(cJSON_GetArrayItem(r, 0), "uri")->valuestring, part);
    assert_range(range_of(r, 0), 2, 6, 2, 10);
    assert_string_equal(cJSON_GetObjectItem(cJSON_GetArrayItem(r, 1), "uri")->valuestring, main_uri);
    assert_range(range_of(r, 1), 1, 11, 1, 15);
    /* rename: an edit in each file */
    cJSON *p = params_at(main_uri, 1, 12);
    cJSON_AddStringToObject(p, "newName", "factor");
    cJSON *changes = cJSON_GetObjectItem(result(&c, "textDocument/rename", p), "changes");
    assert_int_equal(cJSON_GetArraySize(cJSON_GetObjectItem(changes, part)), 1);
    assert_int_equal(cJSON_GetArraySize(cJSON_GetObjectItem(changes, main_uri)), 1);
    /* the outline of main.rules: the include, then x */
    cJSON *syms = result(&c, "textDocument/documentSymbol", params_doc(main_uri));
    assert_int_equal(cJSON_GetArraySize(syms), 2);
    cJSON *inc = cJSON_GetArrayItem(syms, 0);
    assert_string_equal(cJSON_GetObjectItem(inc, "name")->valuestring, "part.rules");
    assert_string_equal(cJSON_GetObjectItem(inc, "detail")->valuestring, "include");
    assert_int_equal(cJSON_GetObjectItem(inc, "kind")->valueint, 1); /* File */
    /* hover on rate in main.rules: the param, its value and where */
    const char *h = hover_text(&c, main_uri, 1, 12);
    assert_non_null(strstr(h, "**param** `rate`"));
    assert_non_null(strstr(h, "value: `3`"));
    assert_non_null(strstr(h, "*part.rules:3*"));
    mem_free(part);
    mem_free(main_uri);
    finish(&c);
}

/* ---- completion -------------------------------------------------------------------- */

/* Completion at the end of one more line appended to GROUPS (line 9). */
static cJSON *complete_line(client *c, const char *line, int version)
{
    char text[4096];
    snprintf(text, sizeof text, "%s%s\n", GROUPS, line);
    change_doc(c, G, text, version);
    return result(c, "textDocument/completion", params_at(G, 9, (int)strlen(line)));
}

static const cJSON *item_labelled(const cJSON *items, const char *label)
{
    const cJSON *i;
    cJSON_ArrayForEach(i, items) if (strcmp(cJSON_GetObjectItem(i, "label")->valuestring, label) == 0) return i;
    return NULL;
}

static void test_completion_more(void **state)
{
    client c;
    started(&c);
    open_doc(&c, G, GROUPS);
    /* after `pay.`: the group's two fields, base with its label */
    cJSON *items = complete_line(&c, "output t = pay.", 2);
    assert_int_equal(cJSON_GetArraySize(items), 2);
    const cJSON *base = item_labelled(items, "base");
    assert_non_null(base);
    assert_string_equal(cJSON_GetObjectItem(base, "documentation")->valuestring, "base pay");
    assert_true(has_label(items, "bonus"));
    /* after a param's dot (a per cent has no parts), an unknown name's,
     * and a dot with no name before it: nothing */
    assert_int_equal(cJSON_GetArraySize(complete_line(&c, "output t = rate.", 3)), 0);
    assert_int_equal(cJSON_GetArraySize(complete_line(&c, "output t = nope.", 4)), 0);
    assert_int_equal(cJSON_GetArraySize(complete_line(&c, "output t = (1).", 5)), 0);
    /* a name ending in a digit (ASCII, then Chinese before the digit) is a
     * name, not a number: names, not units */
    items = complete_line(&c, "output t = rate2", 6);
    assert_true(has_label(items, "rate"));
    assert_false(has_label(items, "yuan"));
    items = complete_line(&c, "output t = \xe6\x95\xb0" "2", 7);
    assert_true(has_label(items, "total"));
    assert_false(has_label(items, "yuan"));
    /* inside `over` with a tab before the list: its entry fields; over a
     * group, or over nothing named, adds none */
    items = complete_line(&c, "output s = sum(amount over\tdeals) + a", 8);
    assert_true(has_label(items, "amount"));
    items = complete_line(&c, "output s = count(over pay) + a", 9);
    assert_false(has_label(items, "amount"));
    items = complete_line(&c, "output s = count(over (deals)) + a", 10);
    assert_false(has_label(items, "amount"));
    /* a policy that does not parse: no names of its own, the functions still */
    change_doc(&c, G, "output x = = \nparam r = \n", 11);
    items = result(&c, "textDocument/completion", params_at(G, 1, 10));
    assert_true(has_label(items, "round"));
    assert_false(has_label(items, "x"));
    finish(&c);
}

/* ---- more kinds of names, and completion's contexts ----------------------------------- */

/* Lines (0-based):
 *  0 input:
 *  1     id: text, key
 *  2     hired: date
 *  3     team: one of "north", "south"
 *  4 unit = 1 yuan
 *  5 output y = hired.year
 *  6 output pay = unit * 2
 * Line 5: hired 11..16, year 17..21; line 6: pay 7..10, unit 13..17. */
static const char KINDS[] = "input:\n"
                            "    id: text, key\n"
                            "    hired: date\n"
                            "    team: one of \"north\", \"south\"\n"
                            "unit = 1 yuan\n"
                            "output y = hired.year\n"
                            "output pay = unit * 2\n";

static void test_more_kinds(void **state)
{
    client c;
    started(&c);
    open_doc(&c, U, KINDS);
    /* a date's part: its name and type; a plain definition */
    assert_non_null(strstr(hover_text(&c, U, 5, 18), "`.year` · integer"));
    assert_non_null(strstr(hover_text(&c, U, 6, 14), "**definition** `unit`"));
    /* an input field cannot be renamed, nor prepared for it */
    assert_non_null(strstr(error_of(&c, "textDocument/prepareRename", params_at(U, 5, 12), RPC_REQUEST_FAILED),
                           "'hired' is an input field"));
    /* an output renamed: a note that results, --prior files and tests name it */
    cJSON *p = params_at(U, 6, 8);
    cJSON_AddStringToObject(p, "newName", "wage");
    cJSON *edits = cJSON_GetObjectItem(cJSON_GetObjectItem(result(&c, "textDocument/rename", p), "changes"), U);
    assert_int_equal(cJSON_GetArraySize(edits), 1);
    assert_range(range_of(edits, 0), 6, 7, 6, 10);
    assert_non_null(strstr(shown(&c), "renamed output 'pay' to 'wage': the results, --prior files and policy tests"));

    /* completion: a comment, enum values after a string holding '#',
     * names after punctuation that is no part of a name */
    char text[2048];
    const char *lines[] = {"output z = 1 # u", "output z = team = \"#\" or team = \"", "output z = team\xe2\x80\x94",
                           "output z = team\xe3\x80\x81", "output z = team\xef\xbc\x8c"};
    for (int k = 0; k < 5; k++) {
        snprintf(text, sizeof text, "%s%s\n", KINDS, lines[k]);
        change_doc(&c, U, text, 2 + k);
        /* the line's length in UTF-16 units: each 3-byte character is one */
        int units = 0;
        for (const char *q = lines[k]; *q; q++) units += ((unsigned char)*q & 0xC0) != 0x80;
        cJSON *items = result(&c, "textDocument/completion", params_at(U, 7, units));
        if (k == 0) assert_int_equal(cJSON_GetArraySize(items), 0);
        if (k == 1) {
            assert_int_equal(cJSON_GetArraySize(items), 2);
            assert_true(has_label(items, "north") && has_label(items, "south"));
        }
        if (k >= 2) assert_true(has_label(items, "unit") && has_label(items, "round"));
    }
    /* in the input block after a field's colon: types and field options */
    change_doc(&c, U, "input:\n    id: text, key\n    extra: \noutput x = 1\n", 10);
    cJSON *items = result(&c, "textDocument/completion", params_at(U, 2, 11));
    assert_true(has_label(items, "integer") && has_label(items, "one of") && has_label(items, "at least"));
    assert_false(has_label(items, "round"));

    /* formatting a policy out of the canonical layout: one edit, all of it */
    change_doc(&c, U, "input:\n    id: text, key\noutput x=1\n", 11);
    edits = result(&c, "textDocument/formatting", params_doc(U));
    assert_int_equal(cJSON_GetArraySize(edits), 1);
    assert_range(range_of(edits, 0), 0, 0, 3, 0);
    assert_string_equal(cJSON_GetObjectItem(cJSON_GetArrayItem(edits, 0), "newText")->valuestring,
                        "input:\n    id: text, key\noutput x = 1\n");
    finish(&c);
}

/* ---- live values in hover ------------------------------------------------------------- */

/* Lines 4..6: plain (a definition), pay and bonus (outputs, at 7). */
static const char LIVE2[] = "input:\n"
                            "    id: text, key\n"
                            "    calls: integer, at least 0\n"
                            "    extra: money, optional\n"
                            "plain = calls + 1\n"
                            "output pay = plain * 2 yuan\n"
                            "output bonus = extra\n";

static void test_live_values_in_hover(void **state)
{
    char dir[300];
    snprintf(dir, sizeof dir, "%s/lv", tmp);
    mkdir(dir, 0755);
    write_file("lv/p.rules", LIVE2);
    /* A: calls 10 -> plain 11 -> pay 22.00, bonus 5.00; B: calls 1 -> pay 4.00, no bonus */
    write_file("lv/r.json", "[{\"id\":\"A\",\"calls\":10,\"extra\":5},{\"id\":\"B\",\"calls\":1}]");
    write_file("lv/.kaohe.json", "{\"roster\":\"r.json\",\"record\":\"B\"}");
    char *u = uri_in_tmp("lv/p.rules");
    client c;
    started(&c);
    open_doc(&c, u, LIVE2);
    const char *h = hover_text(&c, u, 5, 8);
    assert_non_null(strstr(h, "sample value (record B): **4.00**"));
    /* B has no bonus: said as kaohe presents an absent value (`-`,
     * present.c), never left out; a plain definition has no sample */
    assert_non_null(strstr(hover_text(&c, u, 6, 8), "sample value (record B): **-**"));
    h = hover_text(&c, u, 4, 1);
    assert_non_null(strstr(h, "**definition** `plain`"));
    assert_null(strstr(h, "sample"));
    /* the roster's first record when none is named */
    write_file("lv/.kaohe.json", "{\"roster\":\"r.json\"}");
    change_doc(&c, u, LIVE2, 2);
    assert_non_null(strstr(hover_text(&c, u, 6, 8), "sample value (record A): **5.00**"));
    assert_non_null(strstr(hover_text(&c, u, 5, 8), "sample value (record A): **22.00**"));
    mem_free(u);
    finish(&c);
}

/* ---- diagnostics of an include ------------------------------------------------------- */

/* An error in an include that is not open is published under the include's
 * own URI (where the client shows it), at its place there; once the include
 * is open it publishes its own, and the including file's no longer does (never twice). */
static void test_include_diagnostics(void **state)
{
    char dir[300];
    snprintf(dir, sizeof dir, "%s/dg", tmp);
    mkdir(dir, 0755);
    const char *main_text = "include \"part.rules\"\ninput:\n    id: text, key\noutput x = r\n";
    write_file("dg/main.rules", main_text);
    write_file("dg/part.rules", "param r = nope\n");
    char *part = uri_in_tmp("dg/part.rules"), *main_uri = uri_in_tmp("dg/main.rules");
    client c;
    started(&c);
    open_doc(&c, main_uri, main_text);
    cJSON *d = diagnostics(&c, part);
    assert_non_null(d);
    assert_int_equal(cJSON_GetArraySize(d), 1);
    cJSON *g = cJSON_GetArrayItem(d, 0);
    assert_int_equal(cJSON_GetObjectItem(g, "severity")->valueint, 1); /* Error */
    /* a param is a plain value, never a name */
    assert_non_null(strstr(cJSON_GetObjectItem(g, "message")->valuestring, "a param must be a plain value"));
    assert_range(cJSON_GetObjectItem(g, "range"), 0, 10, 0, 14);
    assert_int_equal(cJSON_GetArraySize(diagnostics(&c, main_uri)), 0);
    /* the include opened: its own diagnostics; main.rules's leave it out */
    forget(&c);
    open_doc(&c, part, "param r = nope\n");
    d = diagnostics(&c, part);
    assert_int_equal(cJSON_GetArraySize(d), 1);
    forget(&c);
    change_doc(&c, main_uri, main_text, 2);
    /* the part's error, once (its own), never a second time from main.rules */
    cJSON *m;
    cJSON_ArrayForEach(m, c.inbox) {
        cJSON *pp = cJSON_GetObjectItem(m, "params"), *uu = cJSON_GetObjectItem(pp, "uri");
        if (cJSON_IsString(uu) && strcmp(uu->valuestring, part) == 0)
            assert_true(cJSON_GetArraySize(cJSON_GetObjectItem(pp, "diagnostics")) <= 1);
    }
    assert_int_equal(cJSON_GetArraySize(diagnostics(&c, main_uri)), 0);
    mem_free(part);
    mem_free(main_uri);
    finish(&c);
}

/* ---- corners: names that are not names, use before declaration, formatting, empty labels ---- */

static void test_corners(void **state)
{
    client c;
    started(&c);
    open_doc(&c, U, "input:\n    id: text, key\noutput y = 1\n");
    /* a new name that parses as a declaration but not a plain one */
    change_doc(&c, U, "input:\n    id: text, key\noutput y = x\nx = 2\n", 2);
    cJSON *p = params_at(U, 3, 0);
    cJSON_AddStringToObject(p, "newName", "output w");
    assert_non_null(strstr(error_of(&c, "textDocument/rename", p, RPC_REQUEST_FAILED), "not a name a policy can declare"));
    /* x named before it is declared: both places, line 3's first */
    p = params_at(U, 3, 0);
    cJSON_AddStringToObject(p, "newName", "w");
    cJSON *edits = cJSON_GetObjectItem(cJSON_GetObjectItem(result(&c, "textDocument/rename", p), "changes"), U);
    assert_int_equal(cJSON_GetArraySize(edits), 2);
    assert_range(range_of(edits, 0), 3, 0, 3, 1);
    assert_range(range_of(edits, 1), 2, 11, 2, 12);
    /* formatting that keeps the length but not the text: one edit */
    change_doc(&c, U, "input:\n    id: text, key\noutput  x =1\n", 3);
    edits = result(&c, "textDocument/formatting", params_doc(U));
    assert_int_equal(cJSON_GetArraySize(edits), 1);
    assert_string_equal(cJSON_GetObjectItem(cJSON_GetArrayItem(edits, 0), "newText")->valuestring,
                        "input:\n    id: text, key\noutput x = 1\n");
    /* a warning (line 1's param never used) before the error (line 4's
     * unknown name): formatting names the error */
    change_doc(&c, U, "param unused = 1\ninput:\n    id: text, key\noutput x = nope\n", 5);
    assert_non_null(strstr(error_of(&c, "textDocument/formatting", params_doc(U), RPC_REQUEST_FAILED),
                           "cannot format: the policy has errors (line 4: "));
    /* a check with an empty label: the outline names it "?" */
    change_doc(&c, U, "input:\n    id: text, key\ncheck \"\": 1 = 1\n", 6);
    cJSON *syms = result(&c, "textDocument/documentSymbol", params_doc(U));
    cJSON *last = cJSON_GetArrayItem(syms, cJSON_GetArraySize(syms) - 1);
    assert_string_equal(cJSON_GetObjectItem(last, "name")->valuestring, "?");
    assert_string_equal(cJSON_GetObjectItem(last, "detail")->valuestring, "check");
    finish(&c);
}

/* A policy with a table of quotas read from quotas.csv (the text `csv`),
 * written as SUB/p.rules in the scratch directory and opened in c (started
 * here); its URI. */
static const char TABLE_POLICY[] = "table quotas from \"quotas.csv\" by level:\n"
                                   "    level: one of \"a\", \"b\"\n"
                                   "    calls: integer, at least 0\n"
                                   "input:\n"
                                   "    id: text, key\n"
                                   "    level: one of \"a\", \"b\"\n"
                                   "output q = quotas(level).calls\n";

static char *open_table_policy(client *c, const char *sub, const char *csv)
{
    char dir[300], path[64], csv_path[64];
    snprintf(dir, sizeof dir, "%s/%s", tmp, sub);
    mkdir(dir, 0755);
    snprintf(path, sizeof path, "%.40s/p.rules", sub);
    snprintf(csv_path, sizeof csv_path, "%.40s/quotas.csv", sub);
    write_file(path, TABLE_POLICY);
    write_file(csv_path, csv);
    char *u = uri_in_tmp(path);
    started(c);
    open_doc(c, u, TABLE_POLICY);
    return u;
}

/* A table's CSV with a bad value: the error is published under the CSV
 * file's URI, at the value (line 3 "b,sixty": 2..7), as `kaohe check`
 * says quotas.csv:3:3; the policy itself has none. */
static void test_table_error_in_policy(void **state)
{
    client c;
    char *u = open_table_policy(&c, "tb", "level,calls\na,10\nb,sixty\n");
    char *csv = uri_in_tmp("tb/quotas.csv");
    cJSON *d = diagnostics(&c, csv), *g = NULL, *x;
    assert_non_null(d);
    cJSON_ArrayForEach(x, d) if (strstr(cJSON_GetObjectItem(x, "message")->valuestring, "sixty")) g = x;
    if (!g) fail_msg("no error naming 'sixty': %s", cJSON_PrintUnformatted(d));
    assert_int_equal(cJSON_GetObjectItem(g, "severity")->valueint, 1);
    assert_range(cJSON_GetObjectItem(g, "range"), 2, 2, 2, 7);
    assert_int_equal(cJSON_GetArraySize(diagnostics(&c, u)), 0);
    mem_free(csv);
    mem_free(u);
    finish(&c);
}

/* Live values of a policy whose include declares an output too: lenses only
 * on the outputs of the open file (line 1), the include's have none here;
 * a document at the root of the file system has no policy above it. */
static void test_live_with_include(void **state)
{
    char dir[300];
    snprintf(dir, sizeof dir, "%s/li", tmp);
    mkdir(dir, 0755);
    const char *main_text = "include \"part.rules\"\noutput pay = doubled * 1 yuan\n";
    write_file("li/main.rules", main_text);
    write_file("li/part.rules", "input:\n    id: text, key\n    calls: integer\noutput doubled = calls * 2\n");
    /* A: calls 3 -> doubled 6 -> pay 6.00 */
    write_file("li/r.json", "[{\"id\":\"A\",\"calls\":3}]");
    write_file("li/.kaohe.json", "{\"roster\":\"r.json\"}");
    char *u = uri_in_tmp("li/main.rules");
    client c;
    started(&c);
    open_doc(&c, u, main_text);
    cJSON *lenses = result(&c, "textDocument/codeLens", params_doc(u));
    assert_int_equal(cJSON_GetArraySize(lenses), 1);
    cJSON *l = cJSON_GetArrayItem(lenses, 0);
    assert_int_equal(cJSON_GetObjectItem(cJSON_GetObjectItem(cJSON_GetObjectItem(l, "range"), "start"), "line")->valueint, 1);
    const char *title = cJSON_GetObjectItem(cJSON_GetObjectItem(l, "command"), "title")->valuestring;
    assert_true(strncmp(title, "A: 6.00", 7) == 0);
    mem_free(u);
    open_doc(&c, "file:///top.rules", "input:\n    id: text, key\noutput x = 1\n");
    assert_int_equal(cJSON_GetArraySize(diagnostics(&c, "file:///top.rules")), 0);
    finish(&c);
}

/* Completion's lengths and edges: a quote with nothing before it, `= "`
 * with no name, names and paths longer than any field's (1,001 letters),
 * `over` with a space and a tab or a 300-letter name after it, a name of
 * capitals and underscores. */
static void test_completion_edges(void **state)
{
    client c;
    started(&c);
    open_doc(&c, G, GROUPS);
    char longname[1002];
    memset(longname, 'a', 1001);
    longname[1001] = '\0';
    char line[2048];
    int v = 2;
    assert_int_equal(cJSON_GetArraySize(complete_line(&c, "\"", v++)), 0);
    assert_int_equal(cJSON_GetArraySize(complete_line(&c, "= \"", v++)), 0);
    snprintf(line, sizeof line, "output t = %s = \"", longname);
    assert_int_equal(cJSON_GetArraySize(complete_line(&c, line, v++)), 0);
    snprintf(line, sizeof line, "output t = %s.", longname);
    assert_int_equal(cJSON_GetArraySize(complete_line(&c, line, v++)), 0);
    cJSON *items = complete_line(&c, "output s = sum(amount over \tdeals) + a", v++);
    assert_true(has_label(items, "amount"));
    snprintf(line, sizeof line, "output s = count(over %.300s) + a", longname);
    items = complete_line(&c, line, v++);
    assert_false(has_label(items, "amount"));
    assert_true(has_label(items, "rate"));
    items = complete_line(&c, "output t = A_Z", v++);
    assert_true(has_label(items, "rate") && !has_label(items, "yuan"));
    finish(&c);
}

/* ---- the walk over names: tables, `roster by` a path, blocks at the end ------------------ */

static void test_find_edges(void **state)
{
    /* lines 5 and 6: the input field level (4..9), read at 18..23; the
     * table's own column level (line 1) is another thing */
    client c;
    char *u = open_table_policy(&c, "tf", "level,calls\na,10\nb,20\n");
    assert_int_equal(cJSON_GetArraySize(diagnostics(&c, u)), 0);
    cJSON *r = refs_at(&c, u, 6, 19, true);
    if (cJSON_GetArraySize(r) != 2) fail_msg("%s", cJSON_PrintUnformatted(r));
    assert_range(range_of(r, 0), 5, 4, 5, 9);
    assert_range(range_of(r, 1), 6, 18, 6, 23);
    /* a row's column: its name and type (calls at 25..30) */
    assert_non_null(strstr(hover_text(&c, u, 6, 26), "`.calls` \xC2\xB7 integer"));
    mem_free(u);

    /* `roster by` a group's field: the field; a path that is not one: nothing */
    open_doc(&c, U, "roster by pay.base\ninput:\n    id: text, key\n    pay.base: money\noutput x = pay.base\n");
    cJSON *d = result(&c, "textDocument/definition", params_at(U, 0, 15));
    assert_range(cJSON_GetObjectItem(d, "range"), 3, 8, 3, 12);
    change_doc(&c, U, "roster by pay.nope\ninput:\n    id: text, key\n    pay.base: money\noutput x = pay.base\n", 2);
    assert_true(cJSON_IsNull(result(&c, "textDocument/definition", params_at(U, 0, 15))));

    /* a last declaration followed by a line of spaces only (no newline):
     * its block is its own line */
    change_doc(&c, U, "param a = 1\n   ", 3);
    assert_non_null(strstr(hover_text(&c, U, 0, 6), "```kaohe\nparam a = 1\n```"));
    /* completion on a blank line after every declaration's block: names */
    change_doc(&c, U, "param a = 1\n\n\n", 4);
    assert_true(has_label(result(&c, "textDocument/completion", params_at(U, 2, 0)), "a"));
    finish(&c);
}

/* ---- the policy a file belongs to, searched on disk ----------------------------------- */

/* A part in a directory of 201 other .rules files that include nothing and
 * a dangling link named like one: the search reads at most 200, skips what
 * it cannot open, and finds no policy: the part stands alone, so its field
 * calls is never used. */
static void test_root_search_limits(void **state)
{
    char dir[300], path[400];
    snprintf(dir, sizeof dir, "%s/many", tmp);
    mkdir(dir, 0755);
    for (int i = 0; i < 201; i++) {
        snprintf(path, sizeof path, "many/f%03d.rules", i);
        write_file(path, "output x = 1\n");
    }
    snprintf(path, sizeof path, "%s/many/gone.rules", tmp);
    assert_int_equal(symlink("/nonexistent/kaohe/gone.rules", path), 0);
    const char *text = "input:\n    id: text, key\n    calls: integer\n";
    write_file("many/p.rules", text);
    char *u = uri_in_tmp("many/p.rules");
    client c;
    started(&c);
    open_doc(&c, u, text);
    cJSON *d = diagnostics(&c, u);
    assert_int_equal(cJSON_GetArraySize(d), 1);
    assert_non_null(strstr(cJSON_GetObjectItem(cJSON_GetArrayItem(d, 0), "message")->valuestring,
                           "the input field 'calls' is never used"));
    mem_free(u);
    finish(&c);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_groups_and_entries),
        cmocka_unit_test(test_outline_nested_fields),
        cmocka_unit_test(test_edits),
        cmocka_unit_test(test_broken_policies),
        cmocka_unit_test(test_include_open_too),
        cmocka_unit_test(test_completion_more),
        cmocka_unit_test(test_more_kinds),
        cmocka_unit_test(test_live_values_in_hover),
        cmocka_unit_test(test_include_diagnostics),
        cmocka_unit_test(test_corners),
        cmocka_unit_test(test_table_error_in_policy),
        cmocka_unit_test(test_live_with_include),
        cmocka_unit_test(test_completion_edges),
        cmocka_unit_test(test_find_edges),
        cmocka_unit_test(test_root_search_limits),
    };
    return cmocka_run_group_tests(tests, setup_tmp, teardown_tmp);
}
