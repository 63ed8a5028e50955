/*
 * test_parser.c — the grammar (grammar/parser.y via src/parse.c): the tree
 * built for every construct, precedence and associativity, the spans on
 * nodes, syntax errors with what was expected, and recovery that reports
 * several errors in one run.  Trees are compared as s-expressions written
 * by hand; the printer below is the only code between tree and expectation.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "load.h"
#include "parse.h"
#include "mem.h"

/* ---- an s-expression printer for trees -------------------------------------- */

static void sx(buf *b, const ast *n);

static void sx_list(buf *b, const ast_list *l)
{
    for (int i = 0; i < l->n; i++) {
        buf_putc(b, ' ');
        sx(b, l->v[i]);
    }
}

static void sx_opt(buf *b, const ast *n)
{
    buf_putc(b, ' ');
    if (n) sx(b, n);
    else buf_putc(b, '-');
}

static const char *row_name(int op)
{
    switch (op) {
    case ROW_GE: return ">=";
    case ROW_GT: return ">";
    case ROW_LE: return "<=";
    case ROW_LT: return "<";
    case ROW_EQ: return "=";
    case ROW_OTHERWISE: return "otherwise";
    default: return "?";
    }
}

static const char *unit_name(lit_unit u)
{
    return u == UNIT_PERCENT ? "%" : u == UNIT_MONEY ? "yuan" : u == UNIT_POINTS ? "pt" : "";
}

static void sx(buf *b, const ast *n)
{
    if (!n) {
        buf_puts(b, "NULL");
        return;
    }
    switch ((ast_kind)n->kind) {
    case AST_NUMBER:
        if (n->num.value.den == 1) buf_printf(b, "%lld%s", (long long)n->num.value.num, unit_name(n->num.unit));
        else buf_printf(b, "%lld/%lld%s", (long long)n->num.value.num, (long long)n->num.value.den, unit_name(n->num.unit));
        break;
    case AST_STRING: buf_printf(b, "\"%s\"", n->str); break;
    case AST_BOOL: buf_puts(b, n->op ? "true" : "false"); break;
    case AST_NAME: buf_puts(b, n->str); break;
    case AST_EACH: buf_puts(b, "each"); break;
    case AST_ROSTER: buf_puts(b, "roster"); break;
    case AST_MEMBER: buf_puts(b, "(. "); sx(b, n->a); buf_printf(b, " %s)", n->str); break;
    case AST_UNARY: buf_printf(b, "(%s ", n->op == OP_NEG ? "neg" : n->op == OP_POS ? "pos" : "not"); sx(b, n->a); buf_putc(b, ')'); break;
    case AST_BINARY: buf_printf(b, "(%s ", ast_op_text((ast_op)n->op)); sx(b, n->a); buf_putc(b, ' '); sx(b, n->b); buf_putc(b, ')'); break;
    case AST_IN: buf_puts(b, "(in "); sx(b, n->a); buf_putc(b, ' '); sx(b, n->b); buf_putc(b, ')'); break;
    case AST_IF: buf_puts(b, "(if "); sx(b, n->a); buf_putc(b, ' '); sx(b, n->b); buf_putc(b, ' '); sx(b, n->c); buf_putc(b, ')'); break;
    case AST_WHEN: buf_puts(b, "(when"); sx_list(b, &n->list); buf_putc(b, ')'); break;
    case AST_ARM: buf_puts(b, "(arm"); sx_opt(b, n->a); buf_putc(b, ' '); sx(b, n->b); buf_putc(b, ')'); break;
    case AST_TIER: buf_puts(b, "(tier "); sx(b, n->a); sx_list(b, &n->list); buf_putc(b, ')'); break;
    case AST_ROW: buf_printf(b, "(%s", row_name(n->op)); sx_opt(b, n->a); buf_putc(b, ' '); sx(b, n->b); buf_putc(b, ')'); break;
    case AST_CALL: buf_printf(b, "(%s", n->str); sx_list(b, &n->list); buf_putc(b, ')'); break;
    case AST_COMPR: buf_puts(b, "(over"); sx_opt(b, n->a); sx_opt(b, n->b); sx_opt(b, n->c); buf_putc(b, ')'); break;
    case AST_NAMED: buf_printf(b, "(%s by ", n->str); sx(b, n->a); buf_putc(b, ')'); break;
    case AST_LIST: buf_putc(b, '['); for (int i = 0; i < n->list.n; i++) { if (i) buf_putc(b, ' '); sx(b, n->list.v[i]); } buf_putc(b, ']'); break;
    case AST_OBJECT: buf_puts(b, "{"); for (int i = 0; i < n->list.n; i++) { if (i) buf_putc(b, ' '); sx(b, n->list.v[i]); } buf_putc(b, '}'); break;
    case AST_FIELDVAL: buf_printf(b, "%s:", n->str); sx(b, n->a); break;
    case AST_LEDGER: buf_puts(b, "(ledger "); sx(b, n->a); sx_list(b, &n->list); buf_putc(b, ')'); break;
    case AST_ENTRY:
        buf_printf(b, "(\"%s\" %s ", n->str, n->op == ENTRY_PER ? "per" : n->op == ENTRY_WHEN ? "when" : "always");
        sx(b, n->a);
        if (n->b) { buf_putc(b, ' '); sx(b, n->b); }
        buf_putc(b, ')');
        break;
    case AST_FIRST: buf_puts(b, "(first "); sx(b, n->a); sx_list(b, &n->list); buf_putc(b, ')'); break;
    case AST_FILE: buf_puts(b, "(file"); sx_list(b, &n->list); buf_putc(b, ')'); break;
    case AST_POLICY: buf_printf(b, "(policy \"%s\")", n->str); break;
    case AST_INCLUDE: buf_printf(b, "(include \"%s\")", n->str); break;
    case AST_ROSTER_BY: buf_puts(b, "(roster-by "); sx(b, n->a); buf_putc(b, ')'); break;
    case AST_CHAIN: buf_puts(b, "(chain "); sx(b, n->a); buf_printf(b, " %s)", n->str); break;
    case AST_PARAM:
    case AST_DEF:
        buf_printf(b, "(%s %s", n->kind == AST_PARAM ? "param" : n->op ? "output" : "def", n->str);
        if (n->label) buf_printf(b, " \"%s\"", n->label);
        if (n->b) buf_printf(b, " :%s", n->b->str);
        buf_putc(b, ' ');
        sx(b, n->a);
        buf_putc(b, ')');
        break;
    case AST_INPUT: buf_puts(b, "(input"); sx_list(b, &n->list); buf_putc(b, ')'); break;
    case AST_FIELD:
        buf_puts(b, "(field ");
        sx(b, n->a);
        if (n->label) buf_printf(b, " \"%s\"", n->label);
        sx_list(b, &n->list);
        if (n->list2.n) { buf_puts(b, " /"); sx_list(b, &n->list2); }
        buf_putc(b, ')');
        break;
    case AST_SPEC:
        switch ((spec_op)n->op) {
        case SPEC_WORD: buf_puts(b, n->str); break;
        case SPEC_DEFAULT: buf_printf(b, "(%s ", n->str); sx(b, n->a); buf_putc(b, ')'); break;
        case SPEC_NOT_EMPTY: buf_printf(b, "(not %s)", n->str); break;
        case SPEC_ENUM: buf_printf(b, "\"%s\"", n->str); break;
        case SPEC_LIST_OF: buf_printf(b, "(list-of %s)", n->str); break;
        case SPEC_AT_LEAST: buf_puts(b, "(>= "); sx(b, n->a); buf_putc(b, ')'); break;
        case SPEC_AT_MOST: buf_puts(b, "(<= "); sx(b, n->a); buf_putc(b, ')'); break;
        case SPEC_MAX_ENTRIES: buf_puts(b, "(at-most "); sx(b, n->a); buf_printf(b, " %s)", n->str); break;
        case SPEC_MORE_THAN: buf_puts(b, "(> "); sx(b, n->a); buf_putc(b, ')'); break;
        case SPEC_LESS_THAN: buf_puts(b, "(< "); sx(b, n->a); buf_putc(b, ')'); break;
        case SPEC_WITHIN: buf_puts(b, "(within "); sx(b, n->a); buf_putc(b, ' '); sx(b, n->b); buf_putc(b, ')'); break;
        }
        break;
    case AST_CHECK: buf_printf(b, "(check \"%s\" ", n->str); sx(b, n->a); buf_putc(b, ')'); break;
    default: buf_printf(b, "(kind %d)", n->kind); break;
    }
}

/* ---- helpers ------------------------------------------------------------------- */

typedef struct parsed {
    arena *A;
    diag_list d;
    source *src;
    ast *root;
} parsed;

static void parse_text(parsed *P, const char *text)
{
    P->A = arena_new(4096);
    diag_init(&P->d);
    P->src = source_from_text(P->A, "t.rules", NULL, text, strlen(text));
    P->root = kh_parse(P->src, P->A, &P->d);
    assert_non_null(P->root);
}

static void parsed_free(parsed *P)
{
    diag_free(&P->d);
    arena_free(P->A);
}

/* The whole file's tree, which must parse without errors. */
static void expect_tree(const char *text, const char *want)
{
    parsed P;
    parse_text(&P, text);
    for (int i = 0; i < P.d.n; i++) print_error("unexpected diagnostic: %s\n", P.d.items[i].message);
    assert_int_equal(P.d.errors, 0);
    buf b = {0};
    sx(&b, P.root);
    if (strcmp(b.data, want) != 0) fail_msg("for:\n%s\n  got:      %s\n  expected: %s", text, b.data, want);
    buf_free(&b);
    parsed_free(&P);
}

/* The tree of one expression (as `x = EXPR`). */
static void expect_expr(const char *expr, const char *want)
{
    char text[1024], tree[1200];
    snprintf(text, sizeof text, "x = %s\n", expr);
    snprintf(tree, sizeof tree, "(file (def x %s))", want);
    expect_tree(text, tree);
}

/* Every diagnostic, as "line:col: message" joined with " | ". */
static void expect_errors(const char *text, const char *want)
{
    parsed P;
    parse_text(&P, text);
    buf b = {0};
    buf_puts(&b, "");
    for (int i = 0; i < P.d.n; i++) {
        int line, col;
        source_position(P.src, P.d.items[i].at.start, &line, &col);
        buf_printf(&b, "%s%d:%d: %s", i ? " | " : "", line, col, P.d.items[i].message);
    }
    if (strcmp(b.data, want) != 0) fail_msg("for:\n%s\n  got:      %s\n  expected: %s", text, b.data, want);
    buf_free(&b);
    parsed_free(&P);
}

/* ---- expressions ------------------------------------------------------------- */

static void test_arithmetic_precedence(void **state)
{
    expect_expr("1 + 2 * 3", "(+ 1 (* 2 3))");
    expect_expr("(1 + 2) * 3", "(* (+ 1 2) 3)");
    expect_expr("1 - 2 - 3", "(- (- 1 2) 3)");        /* left-associative */
    expect_expr("8 / 4 / 2", "(/ (/ 8 4) 2)");
    expect_expr("-a * b", "(* (neg a) b)");           /* unary minus binds tighter */
    expect_expr("- -a", "(neg (neg a))");
    expect_expr("+a", "(pos a)");
    expect_expr("a × b ÷ c − d", "(- (/ (* a b) c) d)");
}

static void test_logic_precedence(void **state)
{
    expect_expr("a or b and c", "(or a (and b c))");
    expect_expr("not a and b", "(and (not a) b)");
    expect_expr("not a = b", "(not (= a b))");        /* not takes a whole comparison */
    expect_expr("a + 1 > b * 2", "(> (+ a 1) (* b 2))");
    expect_expr("a = 1 or b != 2", "(or (= a 1) (!= b 2))");
    expect_expr("a <= 1 and b >= 2 and c < 3 and d > 4",
                "(and (and (and (<= a 1) (>= b 2)) (< c 3)) (> d 4))");
    expect_expr("a ≥ 1 and b ≤ 2 and c ≠ 3", "(and (and (>= a 1) (<= b 2)) (!= c 3))");
}

static void test_literals(void **state)
{
    expect_expr("[8%, 200 yuan, ¥5, 5元, 3 points, 1.5, \"t\", true, false]",
                "[2/25% 200yuan 5yuan 5yuan 3pt 3/2 \"t\" true false]");
    expect_expr("[]", "[]");
    expect_expr("[1, 2,]", "[1 2]"); /* a trailing comma */
    expect_expr("{a: 1, b: {c: \"x\"},}", "{a:1 b:{c:\"x\"}}");
    expect_expr("{}", "{}");
}

static void test_if_and_in(void **state)
{
    expect_expr("if a then 1 else 2", "(if a 1 2)");
    expect_expr("if a then 1 else if b then 2 else 3", "(if a 1 (if b 2 3))");
    expect_expr("if a > 1 then b + 1 else c", "(if (> a 1) (+ b 1) c)");
    expect_expr("p.month in [3, 6, 9, 12]", "(in (. p month) [3 6 9 12])");
    expect_expr("a in l and b", "(and (in a l) b)");
}

static void test_members_and_calls(void **state)
{
    expect_expr("pay.base", "(. pay base)");
    expect_expr("a.b.c", "(. (. a b) c)");
    expect_expr("carry.in", "(. carry in)"); /* a keyword after '.' is a field */
    expect_expr("round(x, 2)", "(round x 2)");
    expect_expr("f()", "(f)");
    expect_expr("max(a, b).year", "(. (max a b) year)");
}

static void test_comprehensions(void **state)
{
    expect_expr("sum(profit over deals where paid)", "(sum (over profit deals paid))");
    expect_expr("sum(profit over deals)", "(sum (over profit deals -))");
    expect_expr("count(deals where paid)", "(count (over - deals paid))");
    expect_expr("min(calls over roster where assessed)", "(min (over calls roster assessed))");
    expect_expr("all(each > 0 over xs)", "(all (over (> each 0) xs -))");
    expect_expr("apportion(pool, w over roster, ties by id)",
                "(apportion pool (over w roster -) (ties by id))");
    expect_expr("sum(p over d where paid and first in roster for c by (t, id))",
                "(sum (over p d (and paid (first c t id))))");
}

static void test_block_expressions(void **state)
{
    expect_tree("x = when:\n"
                "    a -> 1\n"
                "    b → 2\n"
                "    otherwise -> 3\n",
                "(file (def x (when (arm a 1) (arm b 2) (arm - 3))))");
    expect_tree("x = tier s:\n"
                "    150% or more -> 1\n"
                "    10 or less -> 2\n"
                "    at least 5 -> 3\n"
                "    at most 4 -> 4\n"
                "    more than 3 -> 5\n"
                "    above 2 -> 6\n"
                "    less than 1 -> 7\n"
                "    below 0 -> 8\n"
                "    \"x\" -> 9\n"
                "    otherwise -> 10\n",
                "(file (def x (tier s (>= 3/2% 1) (<= 10 2) (>= 5 3) (<= 4 4) (> 3 5) (> 2 6) (< 1 7) (< 0 8) "
                "(= \"x\" 9) (otherwise - 10))))");
    expect_tree("x = ledger from 100 points:\n"
                "    \"a\" -1 per n\n"
                "    \"b\" +3 when c\n"
                "    \"c\" +base\n",
                "(file (def x (ledger 100pt (\"a\" per (neg 1) n) (\"b\" when (pos 3) c) (\"c\" always (pos base)))))");
}

/* ---- declarations ------------------------------------------------------------- */

static void test_declarations(void **state)
{
    expect_tree("policy \"p 2014\"\n"
                "include \"x.rules\"\n"
                "roster by period\n"
                "chain prior from carry\n"
                "param rate \"提成\" = 8%\n"
                "param floor: money = 0 yuan\n"
                "output o \"输出\": decimal = a\n"
                "d = b\n",
                "(file (policy \"p 2014\") (include \"x.rules\") (roster-by period) (chain prior carry) "
                "(param rate \"提成\" 2/25%) (param floor :money 0yuan) (output o \"输出\" :decimal a) (def d b))");
}

static void test_checks(void **state)
{
    expect_tree("check \"one star\": count(roster where star) <= 1\n"
                "check \"two\":\n"
                "    a and b\n",
                "(file (check \"one star\" (<= (count (over - roster star)) 1)) (check \"two\" (and a b)))");
}

static void test_input_schema(void **state)
{
    expect_tree("input:\n"
                "    id \"工号\": text, key\n"
                "    pay.base: money, at least 0\n"
                "    days: integer, within 0..workdays\n"
                "    status: one of \"a\", \"b\"\n"
                "    x: decimal, more than 0, less than 1, at most 5\n"
                "    y: money, default 0, not empty\n"
                "    q: record\n"
                "        n: integer\n"
                "    deals: list of record\n"
                "        paid: boolean\n"
                "    bs: list of boolean, at most 2 entries, default []\n",
                "(file (input (field id \"工号\" text key) (field (. pay base) money (>= 0)) "
                "(field days integer (within 0 workdays)) (field status \"a\" \"b\") "
                "(field x decimal (> 0) (< 1) (<= 5)) (field y money (default 0) (not empty)) "
                "(field q record / (field n integer)) (field deals (list-of record) / (field paid boolean)) "
                "(field bs (list-of boolean) (at-most 2 entries) (default []))))");
}

static void test_spans(void **state)
{
    parsed P;
    parse_text(&P, "x = a + b * c\ny = p.q.r\n");
    const ast *x = P.root->list.v[0]->a, *y = P.root->list.v[1]->a;
    assert_int_equal(x->at.start, 4); /* the whole of a + b * c */
    assert_int_equal(x->at.end, 13);
    assert_int_equal(x->b->at.start, 8); /* b * c */
    assert_int_equal(x->b->at.end, 13);
    assert_int_equal(y->at.start, 18); /* p.q.r from its base */
    assert_int_equal(y->at.end, 23);
    assert_int_equal(P.root->list.v[1]->at.start, 14); /* a definition's span is its name */
    assert_int_equal(P.root->list.v[1]->at.end, 15);
    parsed_free(&P);
}

/* ---- what the scanner records for the formatter and the checker --------------------- */

static void test_scanner_records_comments(void **state)
{
    const char *text = "# head\n"                   /* 0..6 */
                       "x = \"a#b\"  # tail  \n"    /* 7..26: a # in a text is not a comment */
                       "y = \u201cc#d\u201d\n"      /* 27..40: nor in Chinese quotes */
                       "    # indented\r\n"          /* 41..56 */
                       "z = 1 # last";                 /* 57..69, no line break at the end */
    arena *A = arena_new(4096);
    diag_list d;
    diag_init(&d);
    source *src = source_from_text(A, "t.rules", NULL, text, strlen(text));
    lex_comments c;
    kh_parse_with_comments(src, A, &d, &c);
    assert_int_equal(d.errors, 0);
    assert_int_equal(c.n, 4);
    static const struct { uint32_t start, end; bool own_line; } want[] = {
        {0, 6, true}, {18, 24, false}, {45, 55, true}, {63, 69, false}};
    for (int i = 0; i < 4; i++) {
        assert_int_equal(c.v[i].at.start, want[i].start); /* from the '#' */
        assert_int_equal(c.v[i].at.end, want[i].end);     /* trailing spaces and \r dropped */
        assert_int_equal(c.v[i].own_line, want[i].own_line);
    }
    diag_free(&d);
    arena_free(A);
}

/* How a number was written: decimals (3 is whole, 3.0 decimal), the
 * numeral, and its unit word (kept or converted by fmt). */
static void test_numbers_keep_their_spelling(void **state)
{
    parsed P;
    parse_text(&P, "x = [3, 3.0, 3.25, 2.50 yuan, \u00a51.5, 8%, 1.5%, 3\u5206, 10.000 points, 200 \u5143, 5yuan]\n");
    assert_int_equal(P.d.errors, 0);
    const ast *l = P.root->list.v[0]->a;
    static const struct { uint32_t decimals, numeral_len; lit_unit_word word; } want[] = {
        {0, 1, UNIT_WORD_AS_IS}, {1, 3, UNIT_WORD_AS_IS}, {2, 4, UNIT_WORD_AS_IS}, {2, 4, UNIT_WORD_EN},
        {1, 3, UNIT_WORD_AS_IS}, {0, 1, UNIT_WORD_AS_IS}, {1, 3, UNIT_WORD_AS_IS}, {0, 1, UNIT_WORD_AS_IS},
        {3, 6, UNIT_WORD_EN}, {0, 3, UNIT_WORD_ZH}, {0, 1, UNIT_WORD_EN}};
    assert_int_equal(l->list.n, 11);
    for (int i = 0; i < 11; i++) {
        assert_int_equal(l->list.v[i]->num.decimals, want[i].decimals);
        assert_int_equal(l->list.v[i]->num.numeral_len, want[i].numeral_len);
        assert_int_equal(l->list.v[i]->num.unit_word, want[i].word);
    }
    parsed_free(&P);
}

/* ---- syntax errors ------------------------------------------------------------- */

static void test_error_says_what_was_expected(void **state)
{
    expect_errors("x = if a then 1\n", "1:16: expected an operator or 'else', but found the end of the line");
    expect_errors("param p 5\n", "1:9: expected a text in quotes, '=' or ':', but found the number 5");
    expect_errors("x = )\n", "1:5: expected a value, 'when', 'tier' or 'ledger', but found ')'");
    expect_errors("x = 1 2\n", "1:7: expected an operator or the end of the line, but found the number 2");
    expect_errors("x = f(a b)\n", "1:9: expected an operator, 'over', 'where', 'by', '(', ')' or ',', but found the name 'b'");
    expect_errors("x = tier s:\n    1 => 2\n", "2:8: expected a value, but found '>'"); /* 1 = > */
    expect_errors("x = tier s:\n    1 2\n", "2:7: expected an operator or '->', but found the number 2");
    expect_errors("x = tier s:\n    1 2\n", "2:7: expected an operator or '->', but found the number 2");
}

static void test_error_at_the_end_of_the_file(void **state)
{
    expect_errors("x = 1 +", "1:8: expected a value, but found the end of the file");
    /* an unclosed bracket is named where it opened (the line to change), once */
    expect_errors("x = (1 + 2", "1:5: this '(' is never closed: add ')' where what it encloses ends");
    expect_errors("x = max(1,\n  2\noutput y = 3\n", "1:8: this '(' is never closed: add ')' where what it encloses ends");
}

static void test_errors_in_blocks(void **state)
{
    expect_errors("x = 1\n    y = 2\nz = 3\n",
                  "2:5: this line is indented 4 spaces, but the line above does not open a block: start it at the "
                  "beginning of the line");
    /* a bad row is skipped; the rows after it are read */
    parsed P;
    parse_text(&P, "x = tier s:\n    1 -> 2\n    -> 3\n    otherwise -> 4\ny = 5\n");
    assert_int_equal(P.d.errors, 1);
    buf b = {0};
    sx(&b, P.root);
    assert_string_equal(b.data, "(file (def x (tier s (= 1 2) (otherwise - 4))) (def y 5))");
    buf_free(&b);
    parsed_free(&P);
}

static void test_recovery_reports_several_errors(void **state)
{
    parsed P;
    parse_text(&P, "a = 1 +\n"
                   "\n"
                   "b = = 2\n"
                   "c = 3\n"
                   "param p\n"
                   "d = [1, 2\n"
                   "e = 5\n");
    /* line 1 goes on after '+'; 'b' is then the value, the second '=' is wrong */
    assert_int_equal(P.d.errors, 3);
    buf b = {0};
    sx(&b, P.root);
    /* the good declarations are all there */
    assert_string_equal(b.data, "(file (def c 3))");
    buf_free(&b);
    parsed_free(&P);
    expect_errors("a = 1 +\n\nb = = 2\nc = 3\nparam p\nd = [1, 2\ne = 5\n",
                  "3:5: expected a value, but found '=' | "
                  "5:8: expected a text in quotes, '=' or ':', but found the end of the line | "
                  "6:5: this '[' is never closed: add ']' where what it encloses ends");
}

/* A reserved word as a name is said once, where it is named: its uses, which
 * fail on the keyword, say nothing more; another mistake still does. */
static void test_reserved_word_name_said_once(void **state)
{
    const char *first = "1:1: 'first' is a reserved word of kaohe and cannot be a name";
    expect_errors("first = 1\nx = first + 2\ny = max(first, 3)\nz = first\n", first);
    expect_errors("first = 1\nx = first + 2\ny = = 2\n",
                  "1:1: 'first' is a reserved word of kaohe and cannot be a name | "
                  "3:5: expected a value, 'when', 'tier' or 'ledger', but found '='");
    /* only that word: other_first is another name, and a param line ending after it is incomplete */
    expect_errors("first = 1\nparam other_first\n",
                  "1:1: 'first' is a reserved word of kaohe and cannot be a name | "
                  "2:18: expected a text in quotes, '=' or ':', but found the end of the line");
    /* a word that starts a declaration, then '=': said at the word, not at the '=' */
    expect_errors("roster = 1\nchain = 2\n",
                  "1:1: 'roster' is a reserved word of kaohe and cannot be a name | "
                  "2:1: 'chain' is a reserved word of kaohe and cannot be a name");
    /* Chinese: the use just after the word, and the word as the token found */
    expect_errors("\xE9\xA6\x96\xE4\xB8\xAA = 1\nx = \xE9\xA6\x96\xE4\xB8\xAA * 2\n"
                  "\xE5\x85\xB6\xE4\xBB\x96 = 1\ny = \xE5\x85\xB6\xE4\xBB\x96\n",
                  "1:1: '\xE9\xA6\x96\xE4\xB8\xAA' is a reserved word of kaohe (the Chinese keyword 'first') and cannot be a name | "
                  "3:1: '\xE5\x85\xB6\xE4\xBB\x96' is a reserved word of kaohe (the Chinese keyword 'otherwise') and cannot be a name");
}

static void test_lexical_errors_are_reported_once(void **state)
{
    /* the scanner reports the bad token; the parser does not add to it */
    expect_errors("x = \"abc\ny = 2\n", "1:5: this text has no closing quote (\")");
    expect_errors("x = when:\n    a -> 1\n  b -> 2\n",
                  "3:3: this line is indented 2 spaces, which lines up with no line above: indent it 4 spaces");
}

static void test_deep_nesting_is_an_error_not_a_crash(void **state)
{
    size_t n = 60000;
    char *text = mem_alloc(n + 16);
    assert_non_null(text);
    memcpy(text, "x = ", 4);
    memset(text + 4, '-', n);
    memcpy(text + 4 + n, "1\n", 3);
    expect_errors(text, "1:1: the policy is nested too deeply to read (brackets or operators thousands of levels deep)");
    mem_free(text);
}

/* "x = a OP a OP ... a" with n terms, malloc'd. */
static char *chain_text(const char *op, int n)
{
    buf b = {0};
    buf_puts(&b, "x = a");
    for (int i = 1; i < n; i++) buf_printf(&b, " %s a", op);
    buf_puts(&b, "\ny = 1\n");
    return b.data;
}

/* Issue 20: a flat sum of 100,000 terms was "nested too deeply".  A chain
 * of one operator class is one tree level per term; at most 1000 terms are
 * taken, and the 1001st is the one error (columns: "x = a" then 4 or 6
 * characters per term), the rest of the chain dropped without more errors;
 * the next declaration is read as usual. */
static void test_long_chains_say_they_are_long(void **state)
{
    static const struct { const char *op; int width; const char *what; } chains[] = {
        {"+", 4, "sum has more than 1000 terms"},
        {"-", 4, "sum has more than 1000 terms"},
        {"*", 4, "product has more than 1000 factors"},
        {"/", 4, "product has more than 1000 factors"},
        {"and", 6, "condition joins more than 1000 parts with 'and'"},
        {"or", 5, "condition joins more than 1000 parts with 'or'"},
    };
    for (size_t i = 0; i < sizeof chains / sizeof chains[0]; i++) {
        char *ok = chain_text(chains[i].op, 1000);
        parsed P;
        parse_text(&P, ok);
        assert_int_equal(P.d.n, 0);
        /* the top of the chain counts its terms */
        assert_int_equal(P.root->list.v[0]->a->kind, AST_BINARY);
        assert_int_equal(P.root->list.v[0]->a->id, 1000);
        parsed_free(&P);
        mem_free(ok);
        for (int n = 1001; n <= 100000; n += 98999) {
            char *text = chain_text(chains[i].op, n);
            char want[200];
            /* the 1001st term: after "x = a" (5 columns) and 1000 " OP a" */
            snprintf(want, sizeof want, "1:%d: this %s (this is the 1001st)", 5 + 1000 * chains[i].width, chains[i].what);
            expect_errors(text, want);
            parse_text(&P, text);
            assert_int_equal(P.root->list.n, 2); /* x (its first term) and y */
            assert_int_equal(P.root->list.v[0]->a->kind, AST_NAME);
            assert_non_null(P.d.items[0].hint);
            assert_string_equal(P.d.items[0].hint, "split it into parts of at most 1000, each its own definition, and combine those");
            parsed_free(&P);
            mem_free(text);
        }
    }
    /* a + b * c + ...: the products inside are terms of the sum */
    buf b = {0};
    buf_puts(&b, "x = a");
    for (int i = 1; i < 1001; i++) buf_puts(&b, " + a * a");
    buf_puts(&b, "\n");
    expect_errors(b.data, "1:8001: this sum has more than 1000 terms (this is the 1001st)");
    buf_free(&b);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_long_chains_say_they_are_long),
        cmocka_unit_test(test_arithmetic_precedence),
        cmocka_unit_test(test_scanner_records_comments),
        cmocka_unit_test(test_numbers_keep_their_spelling),
        cmocka_unit_test(test_logic_precedence),
        cmocka_unit_test(test_literals),
        cmocka_unit_test(test_if_and_in),
        cmocka_unit_test(test_members_and_calls),
        cmocka_unit_test(test_comprehensions),
        cmocka_unit_test(test_block_expressions),
        cmocka_unit_test(test_declarations),
        cmocka_unit_test(test_checks),
        cmocka_unit_test(test_input_schema),
        cmocka_unit_test(test_spans),
        cmocka_unit_test(test_error_says_what_was_expected),
        cmocka_unit_test(test_error_at_the_end_of_the_file),
        cmocka_unit_test(test_errors_in_blocks),
        cmocka_unit_test(test_recovery_reports_several_errors),
        cmocka_unit_test(test_reserved_word_name_said_once),
        cmocka_unit_test(test_lexical_errors_are_reported_once),
        cmocka_unit_test(test_deep_nesting_is_an_error_not_a_crash),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
