/*
 * test_checker.c — the checker (src/check.c, src/typecheck.c): the static
 * type of each kind of expression, roster phases, dependency cycles, and the
 * exact diagnostics (place, message, hint) for each kind of mistake.
 * Every expectation is read off the language rules by hand.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <string.h>

#include "buf.h"
#include "load.h"
#include "program.h"

/* Every snippet is checked after this schema (lines 1-17), so a snippet's
 * first line is line 18. */
static const char SCHEMA[] =
    "input:\n"
    "    id: text, key\n"
    "    pay: money\n"
    "    n: integer\n"
    "    r: decimal\n"
    "    ok: boolean\n"
    "    d: date\n"
    "    t: datetime\n"
    "    m: month\n"
    "    lvl: one of \"a\", \"b\"\n"
    "    xs: list of integer\n"
    "    deals: list of record\n"
    "        amt: money\n"
    "        paid: boolean\n"
    "        cust: text\n"
    "        signed: datetime\n"
    "param rate = 8%\n";

typedef struct checked {
    arena *A;
    diag_list d;
    program *p;
    const source *src;
} checked;

static void check_text(checked *C, const char *snippet, bool with_schema)
{
    static char text[8192];
    snprintf(text, sizeof text, "%s%s", with_schema ? SCHEMA : "", snippet);
    C->A = arena_new(16384);
    diag_init(&C->d);
    loaded L;
    load_policy(C->A, "t.rules", text, strlen(text), &C->d, &L);
    assert_int_equal(L.n, 1);
    C->src = L.sources[0];
    C->p = check_program(C->A, L.files, L.sources, L.n, 0, &C->d);
    assert_non_null(C->p);
}

static void checked_free(checked *C)
{
    diag_free(&C->d);
    arena_free(C->A);
}

/* Diagnostics of one level (or all when level < 0) as
 * "line:col: message [hint]", joined with " | ". */
static void render(const checked *C, int level, buf *b)
{
    buf_puts(b, "");
    int k = 0;
    for (int i = 0; i < C->d.n; i++) {
        const diag *g = &C->d.items[i];
        if (level >= 0 && (int)g->level != level) continue;
        int line = 0, col = 0;
        if (g->at.src) source_position(g->at.src, g->at.start, &line, &col);
        buf_printf(b, "%s%d:%d: %s", k++ ? " | " : "", line, col, g->message);
        if (g->hint) buf_printf(b, " [%s]", g->hint);
    }
}

/* The type of definition `x = EXPR` (no errors allowed). */
static void expect_type(const char *expr, const char *want)
{
    char snippet[1024];
    snprintf(snippet, sizeof snippet, "output x = %s\n", expr);
    checked C;
    check_text(&C, snippet, true);
    buf b = {0};
    render(&C, DIAG_ERROR, &b);
    if (C.d.errors) fail_msg("%s: unexpected errors: %s", expr, b.data);
    const symbol *s = program_lookup(C.p, "x");
    assert_non_null(s);
    char tn[256];
    type_name(s->type, tn, sizeof tn);
    if (strcmp(tn, want) != 0) fail_msg("%s: got type %s, expected %s", expr, tn, want);
    buf_free(&b);
    checked_free(&C);
}

/* The errors of a snippet (after the schema). */
static void expect_errors(const char *snippet, const char *want)
{
    checked C;
    check_text(&C, snippet, true);
    buf b = {0};
    render(&C, DIAG_ERROR, &b);
    if (strcmp(b.data, want) != 0) fail_msg("for:\n%s\n  got:      %s\n  expected: %s", snippet, b.data, want);
    buf_free(&b);
    checked_free(&C);
}

static void expect_warnings(const char *text, const char *want)
{
    checked C;
    check_text(&C, text, false);
    buf b = {0};
    render(&C, DIAG_WARNING, &b);
    if (strcmp(b.data, want) != 0) fail_msg("for:\n%s\n  got:      %s\n  expected: %s", text, b.data, want);
    assert_int_equal(C.d.errors, 0);
    buf_free(&b);
    checked_free(&C);
}

/* ---- types ------------------------------------------------------------------ */

static void test_types_of_arithmetic(void **state)
{
    expect_type("pay * rate", "money");   /* money times a rate stays money */
    expect_type("rate * pay", "money");
    expect_type("pay / 2", "money");
    expect_type("pay / pay", "decimal");  /* a ratio of amounts */
    expect_type("pay + 5 yuan", "money");
    expect_type("-pay", "money");
    expect_type("n + n", "integer");
    expect_type("n * 3", "integer");
    expect_type("n / n", "decimal");      /* division is exact: 7/2 is not 3 */
    expect_type("n + r", "decimal");
    expect_type("8%", "decimal");
    expect_type("1.0", "decimal");        /* written with a point */
    expect_type("3 points", "integer");
}

static void test_types_of_functions(void **state)
{
    expect_type("round(r, 0)", "integer");
    expect_type("round(r, 2)", "decimal");
    expect_type("round(pay, 2)", "money");
    expect_type("round_half_even(n / 3, 1)", "decimal");
    expect_type("truncate(pay, 0)", "money");
    expect_type("floor(r)", "integer");
    expect_type("ceil(n / 2)", "integer");
    expect_type("abs(pay)", "money");
    expect_type("min(pay, 5 yuan)", "money");
    expect_type("max(n, r)", "decimal");
    expect_type("max(d, date(\"2014-01-01\"))", "date");
}

static void test_types_of_lists(void **state)
{
    expect_type("count(deals where paid)", "integer");
    expect_type("count(xs)", "integer");
    expect_type("sum(amt over deals)", "money");
    expect_type("sum(xs)", "integer");
    expect_type("mean(xs)", "decimal");
    expect_type("mean(amt over deals)", "money");
    expect_type("max(xs)", "integer");
    expect_type("min(signed over deals)", "datetime");
    expect_type("any(paid over deals)", "boolean");
    expect_type("all(each > 1 over xs)", "boolean");
    expect_type("last(xs, 2)", "list of integer");
    expect_type("append(xs, 1.5)", "list of decimal");
    expect_type("[1, 2.5]", "list of decimal");
    expect_type("[]", "list of anything");
    expect_type("[pay, 1 yuan]", "list of money");
}

static void test_types_of_dates_and_conditions(void **state)
{
    expect_type("d.year", "integer");
    expect_type("t.date", "date");
    expect_type("t.hour", "integer");
    expect_type("m.quarter", "integer");
    expect_type("month_of(d)", "month");
    expect_type("month_of(t)", "month");
    expect_type("date_of(t)", "date");
    expect_type("days_between(d, d)", "integer");
    expect_type("months_between(m, month(\"2014-01\"))", "integer");
    expect_type("lvl = \"a\"", "boolean");
    expect_type("n in [1, 2]", "boolean");
    expect_type("not ok or pay > 0 yuan", "boolean");
    expect_type("d < date(\"2020-01-01\")", "boolean");
}

static void test_types_of_blocks(void **state)
{
    expect_type("if ok then 1 else 2.5", "decimal");
    expect_type("if ok then \"x\" else \"y\"", "one of \"x\", \"y\"");
    expect_type("when:\n    ok -> pay\n    otherwise -> 0 yuan", "money");
    expect_type("tier n:\n    10 or more -> 1\n    otherwise -> 0.5", "decimal");
    expect_type("ledger from 100 points:\n    \"a\" -1 per n\n    \"b\" +0.5 when ok", "decimal");
    expect_type("ledger from 0 yuan:\n    \"a\" +pay\n    \"b\" -5 yuan per n", "money");
    expect_type("{a: 1, b: pay}", "record");
}

static void test_object_fields(void **state)
{
    checked C;
    check_text(&C, "output x = {streak: n + 1, recent: last(xs, 2), inner: {p: pay}}\n", true);
    assert_int_equal(C.d.errors, 0);
    const ktype *t = program_lookup(C.p, "x")->type;
    assert_int_equal(t->kind, T_RECORD);
    assert_int_equal(t->nfields, 3);
    assert_string_equal(t->names[0], "streak");
    assert_int_equal(t->fields[0]->kind, T_INT);
    assert_string_equal(t->names[1], "recent");
    assert_int_equal(t->fields[1]->kind, T_LIST);
    assert_string_equal(t->names[2], "inner");
    assert_int_equal(t->fields[2]->kind, T_RECORD);
    assert_int_equal(t->fields[2]->fields[0]->kind, T_MONEY);
    checked_free(&C);
}

/* ---- phases -------------------------------------------------------------------- */

static void test_roster_phases(void **state)
{
    checked C;
    check_text(&C,
               "a = pay * 2\n"
               "b = max(pay over roster)\n"
               "c = pay = b\n"
               "output e = count(roster where c)\n"
               "f = sum(amt over deals where first in roster for cust by (signed, id))\n"
               "g = apportion(100 yuan, pay over roster, ties by id)\n"
               "h = apportion(100 yuan, f over roster, ties by id)\n"
               "output all = {a: a, c: c, f: f, g: g, h: h}\n",
               true);
    buf b = {0};
    render(&C, DIAG_ERROR, &b);
    assert_string_equal(b.data, "");
    buf_free(&b);
    const char *names[] = {"a", "b", "c", "e", "f", "g", "h"};
    const int phases[] = {0, 1, 1, 2, 1, 1, 2};
    for (int i = 0; i < 7; i++) {
        const symbol *s = program_lookup(C.p, names[i]);
        if (s->phase != phases[i]) fail_msg("%s: phase %d, expected %d", names[i], s->phase, phases[i]);
    }
    assert_int_equal(C.p->max_phase, 2);
    assert_true(C.p->has_roster);
    checked_free(&C);
}

static void test_no_roster_without_key_or_roster_functions(void **state)
{
    checked C;
    check_text(&C, "input:\n    x: integer\noutput y = x * 2\n", false);
    assert_int_equal(C.d.errors, 0);
    assert_int_equal(C.p->max_phase, 0);
    assert_false(C.p->has_roster);
    checked_free(&C);
}

/* ---- cycles ------------------------------------------------------------------ */

static void test_cycles_name_the_chain(void **state)
{
    expect_errors("output a = b + 1\nb = c\nc = a\n",
                  "18:8: 'a' depends on itself: a → b → c → a [a value cannot be worked out from itself; one of "
                  "these definitions must use something else]");
    expect_errors("x = x + 1\noutput y = x\n",
                  "18:1: 'x' depends on itself: x → x [a value cannot be worked out from itself; one of these "
                  "definitions must use something else]");
    /* a cycle through a roster function, across phases */
    expect_errors("output a = max(b over roster)\nb = a + 1\n",
                  "18:8: 'a' depends on itself: a → b → a [a value cannot be worked out from itself; one of these "
                  "definitions must use something else]");
    /* definitions may come in any order: this is no cycle */
    expect_errors("output a = b + c\nb = c * 2\nc = 1\n", "");
}

static void test_cycle_members_are_marked(void **state)
{
    checked C;
    check_text(&C, "output a = b\nb = c\nc = a\noutput z = 1\n", true);
    assert_int_equal(C.d.errors, 1);
    assert_true(program_lookup(C.p, "a")->cyclic);
    assert_true(program_lookup(C.p, "b")->cyclic);
    assert_true(program_lookup(C.p, "c")->cyclic);
    assert_false(program_lookup(C.p, "z")->cyclic);
    checked_free(&C);
}

/* ---- diagnostics ----------------------------------------------------------------- */

static void test_money_rules(void **state)
{
    expect_errors("output x = pay * pay\n", "18:12: cannot multiply money by money");
    expect_errors("output x = 2 / pay\n", "18:12: cannot divide a plain number by money");
    expect_errors("output x = pay + 5\n", "18:12: cannot add money and integer [write the amount with its unit, e.g. 100 yuan]");
    expect_errors("output x = pay - n\n", "18:12: cannot subtract money and integer");
    expect_errors("output x = pay > 0\n", "18:12: cannot compare money with integer [write the amount with its unit, e.g. 0 yuan]");
    expect_errors("output x = pay + ok\n", "18:12: '+' needs numbers, not money and boolean");
}

static void test_condition_rules(void **state)
{
    expect_errors("output x = not n\n", "18:12: 'not' needs a condition, not integer");
    expect_errors("output x = n and ok\n", "18:12: 'and' needs two conditions, not integer and boolean");
    expect_errors("output x = if n then 1 else 2\n", "18:15: the condition after 'if' must be a condition (true or false), not integer");
    expect_errors("output x = d > 3\n", "18:12: cannot compare date with integer");
    expect_errors("output x = n in 5\n", "18:17: 'in' needs a list on its right, such as [3, 6, 9, 12]");
    expect_errors("output x = lvl = \"c\"\n", "18:18: \"c\" is not a value lvl can have (one of \"a\", \"b\") [did you mean \"a\"?]");
    expect_errors("output x = lvl in [\"a\", \"z\"]\n", "18:25: \"z\" is not a value lvl can have (one of \"a\", \"b\") [did you mean \"a\"?]");
    expect_errors("output x = if ok then 1 else \"no\"\n",
                  "18:30: this 'else' branch gives one of \"no\", but the ones before give integer");
}

static void test_names_and_functions(void **state)
{
    expect_errors("output x = ratee\n", "18:12: unknown name 'ratee' [did you mean 'rate'?]");
    expect_errors("output x = rount(r, 2)\n", "18:12: unknown function 'rount' [did you mean 'round'?]");
    expect_errors("output x = round\n", "18:12: 'round' is a function: write round(x, places)");
    expect_errors("output x = pay(1)\n", "18:12: 'pay' is not a function");
    expect_errors("output x = round(r)\n", "18:12: round takes two values; write round(x, places)");
    expect_errors("output x = round(r, n)\n", "18:21: the number of decimal places must be a whole number from 0 to 18");
    expect_errors("output x = m.day\n", "18:12: a month has no part 'day' (it has year, month and quarter)");
    expect_errors("output x = sum(ok over deals)\n", "18:16: sum needs numbers, not boolean");
    expect_errors("output x = any(amt over deals)\n", "18:16: any needs conditions (true or false), not money");
    expect_errors("output x = last(xs, r)\n", "18:12: last takes a list and a whole number: last(list, n)");
    expect_errors("output x = days_between(m, m)\n", "18:12: days_between needs two dates, not month and month");
    expect_errors("output x = date(\"2014-02-30\")\n", "18:17: 2014-02-30 is not a real date (February 2014 has 28 days)");
    expect_errors("output x = apportion(r, pay over roster, ties by id)\n",
                  "18:22: apportion shares out money (to the cent) or a whole number, not decimal");
}

static void test_scopes(void **state)
{
    expect_errors("output x = each\n", "18:12: 'each' means the current entry of a list, and is used after 'over' or 'where'");
    expect_errors("output x = roster\n", "18:12: 'roster' is used as 'x over roster' or 'roster where ...' inside a function");
    expect_errors("output x = first in roster for n by (id)\n",
                  "18:12: 'first in roster' is about the entries of a list: use it inside 'over' "
                  "[e.g. sum(profit over deals where first in roster for customer by (entered, id))]");
    expect_errors("output x = sum(amt over deals where cust = \"c\")\ncheck \"c\": pay > 0 yuan\n",
                  "19:12: a check is about the whole roster; 'pay' belongs to one record "
                  "[count or compare over the roster, e.g. count(roster where pay ...) <= 1]");
    expect_errors("output x = sum(amt over deals where paud)\n", "18:37: unknown name 'paud' [did you mean 'paid'?]");
}

static void test_declaration_rules(void **state)
{
    expect_errors("output x = 1\nx = 2\n", "19:1: 'x' is declared twice [the first declaration is at t.rules:18:8]");
    expect_errors("param p = n + 1\noutput x = p\n", "18:11: a param must be a plain value (such as 8%, 200 yuan or 65)");
    expect_errors("output x: money = 5\n", "18:19: 'x' is declared money but its value is integer");
    expect_errors("output x = ledger from 0 yuan:\n    \"a\" +5\n",
                  "19:9: this entry is integer but the ledger adds up money [write the amount with its unit, e.g. 50 yuan]");
    expect_errors("output x = ledger from 0 yuan:\n    \"a\" +5 yuan per pay\n",
                  "19:21: 'per' needs a count (a plain number), not money");
    expect_errors("output x = when:\n    otherwise -> 1\n    ok -> 2\n",
                  "20:5: this branch comes after 'otherwise' and can never be taken");
    expect_errors("output x = tier pay:\n    100 -> 1\n    otherwise -> 0\n",
                  "19:5: this threshold is integer but the tier compares money");
}

static void test_schema_rules(void **state)
{
    checked C;
    check_text(&C,
               "input:\n"
               "    id: integer, key\n"
               "    a: interger\n"
               "    b: integer, at most lim\n"
               "    c: integer, default a\n"
               "    a2: money\n"
               "    a2: money\n"
               "    g: record\n"
               "lim = 5\n"
               "output o = [b, c, lim]\n"
               "output o2 = a2\n",
               false);
    buf b = {0};
    render(&C, DIAG_ERROR, &b);
    assert_string_equal(b.data,
                        "3:8: unknown word 'interger' in the description of field 'a' [did you mean 'integer'?] | "
                        "7:5: the field 'a2' is declared twice | "
                        "8:5: a record needs its fields, indented on the lines below | "
                        "2:5: a key field must be text | "
                        "4:25: a bound can only name input fields, not 'lim' | "
                        "5:25: a default must be a plain value (a number, a text, true/false or a list of them)");
    buf_free(&b);
    checked_free(&C);
}

/* ---- warnings ------------------------------------------------------------------ */

static void test_unused_warnings(void **state)
{
    expect_warnings("input:\n"
                    "    id: text, key\n"
                    "    used: integer\n"
                    "    spare: integer\n"
                    "    shown: text, display\n"
                    "param p = 1\n"
                    "param q = 2\n"
                    "helper = used + p\n"
                    "unused_def = 3\n"
                    "output o = helper\n",
                    /* in the order the checker finds them: params, definitions, fields
                     * (kh_policy_load sorts them by place afterwards) */
                    "7:7: the param 'q' is never used | "
                    "9:1: 'unused_def' is defined but never used (and is not an output) | "
                    "4:5: the input field 'spare' is never used [mark it 'display' if it is only shown on slips and reports]");
}

static void test_missing_otherwise_warnings(void **state)
{
    expect_warnings("input:\n"
                    "    lvl: one of \"a\", \"b\"\n"
                    "output x = when:\n"
                    "    lvl = \"a\" -> 1\n"
                    "output y = tier lvl:\n"
                    "    \"a\" -> 1\n",
                    "3:12: this 'when' has no 'otherwise' branch [a record that matches no branch is an error; "
                    "add 'otherwise -> ...' as the last line] | "
                    "5:12: this tier table has no 'otherwise' row [a record that matches no row is an error; "
                    "add 'otherwise -> ...' as the last row]");
}

static void test_no_outputs_warning(void **state)
{
    expect_warnings("x = 1\n",
                    "1:1: the policy has no outputs: mark the results with 'output' | "
                    "1:1: 'x' is defined but never used (and is not an output)");
}

/* A syntax error hides the uses in what did not parse: no "never used"
 * warnings then.  Errors a list held before the files were loaded (another
 * policy's) do not hide this policy's warnings. */
static void test_no_warnings_after_a_syntax_error(void **state)
{
    static const char broken[] = "input:\n    id: text, key\n    n: integer\nparam p = 1\noutput y = n * p +* 2\n";
    static const char spare[] = "param q = 1\ninput:\n    id: text, key\noutput o = 1\n";
    arena *A = arena_new(16384);
    diag_list d;
    diag_init(&d);
    loaded L;
    assert_false(load_policy(A, "broken.rules", broken, strlen(broken), &d, &L));
    assert_non_null(check_program(A, L.files, L.sources, L.n, 0, &d));
    assert_int_equal(d.errors, 1);
    assert_int_equal(d.warnings, 0);
    int errors_at_load = d.errors;
    assert_true(load_policy(A, "spare.rules", spare, strlen(spare), &d, &L));
    assert_non_null(check_program(A, L.files, L.sources, L.n, errors_at_load, &d));
    assert_int_equal(d.errors, 1);
    assert_int_equal(d.warnings, 1);
    assert_string_equal(d.items[d.n - 1].message, "the param 'q' is never used");
    diag_free(&d);
    arena_free(A);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_types_of_arithmetic),
        cmocka_unit_test(test_types_of_functions),
        cmocka_unit_test(test_types_of_lists),
        cmocka_unit_test(test_types_of_dates_and_conditions),
        cmocka_unit_test(test_types_of_blocks),
        cmocka_unit_test(test_object_fields),
        cmocka_unit_test(test_roster_phases),
        cmocka_unit_test(test_no_roster_without_key_or_roster_functions),
        cmocka_unit_test(test_cycles_name_the_chain),
        cmocka_unit_test(test_cycle_members_are_marked),
        cmocka_unit_test(test_money_rules),
        cmocka_unit_test(test_condition_rules),
        cmocka_unit_test(test_names_and_functions),
        cmocka_unit_test(test_scopes),
        cmocka_unit_test(test_declaration_rules),
        cmocka_unit_test(test_schema_rules),
        cmocka_unit_test(test_unused_warnings),
        cmocka_unit_test(test_missing_otherwise_warnings),
        cmocka_unit_test(test_no_outputs_warning),
        cmocka_unit_test(test_no_warnings_after_a_syntax_error),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
