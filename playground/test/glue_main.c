/*
 * glue_main.c — playground/wasm/play.c built natively (with ASan and UBSan
 * by tests/e2e/playground_glue.sh) and called as the page calls it, so that
 * the glue is tested where emscripten is not installed.  Expectations by
 * hand from the June roster (examples/roster-2014-06.json): CS-0101 has one
 * paid deal of profit 6250 that no other record shares, and commission is
 * round(commission_rate * credited_paid_profit, 2), 8% in the policy.
 *
 *   glue_main POLICY ROSTER TMPDIR
 */
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "play.h"

static int failures;

static void expect(bool ok, const char *what, const char *got)
{
    printf("%s %s\n", ok ? "ok  " : "FAIL", what);
    if (!ok) {
        printf("     got: %.400s\n", got);
        failures++;
    }
}

static bool has(const char *text, const char *part) { return strstr(text, part) != NULL; }

static void write_file(const char *path, const char *text)
{
    FILE *f = fopen(path, "w");
    if (!f || fputs(text, f) < 0 || fclose(f) != 0) {
        perror(path);
        exit(2);
    }
}

int main(int argc, char **argv)
{
    if (argc != 4) {
        fprintf(stderr, "usage: glue_main POLICY ROSTER TMPDIR\n");
        return 2;
    }
    const char *policy = argv[1], *roster = argv[2];
    const char *r = play_words();
    expect(has(r, "\"keyword\":[") && has(r, "\"if\"") && has(r, "\"如果\""), "play_words: the keywords of both surfaces", r);

    r = play_run(policy, roster, "");
    expect(has(r, "\"loaded\":true") && has(r, "\"diags\":[]"), "play_run: the 2014 policy loads clean", r);
    /* CS-0101's row (up to the next one): commission 500.00 (6250 x 8%) as
     * the exact text; no other output of that row is 500 */
    const char *from = strstr(r, "{\"id\":\"CS-0101\""), *to = from ? strstr(from + 1, "{\"id\":") : NULL;
    char row[4096] = "";
    if (from && to && (size_t)(to - from) < sizeof row) memcpy(row, from, (size_t)(to - from));
    expect(has(row, "\"500.00\""), "play_run: CS-0101's commission 500.00, as text", from ? from : r);
    expect(!has(r, "\"diff\""), "play_run: no what-if, no diff", r);

    r = play_run(policy, roster, "# a comment\n commission_rate = 10% \n\nno_such=1\n");
    expect(has(r, "\"set_errors\":[\"--set no_such: the policy has no param 'no_such'\"]"),
           "play_run: an unknown param in the what-if is refused, by name", r);
    r = play_run(policy, roster, "commission_rate=10%");
    expect(has(r, "\"whatif_rows\":[") && has(r, "500.00 → 625.00"), "play_run: what-if 10%: 500.00 → 625.00 in the diff", r);

    r = play_explain(policy, roster, "commission_rate=12%", "CS-0101", "commission");
    expect(has(r, "750.00") && has(r, "6250.00") && has(r, "C-000218374"),
           "play_explain: 12% of 6250.00 is 750.00, from the deal with C-000218374", r);
    r = play_explain(policy, roster, "", "CS-9999", "commission");
    expect(has(r, "CS-9999"), "play_explain: an unknown id is said so", r);
    r = play_explain(policy, "/nonexistent/roster.json", "", "CS-0101", "");
    expect(has(r, "cannot read the roster roster.json"), "play_explain: a missing roster is said so", r);

    /* a policy with an error: located, with the hint */
    char path[4096];
    snprintf(path, sizeof path, "%s/bad.rules", argv[3]);
    write_file(path, "input:\n    id: text, key\n    sales: money\n\noutput bonus = round(sale * 10%, 2)\n");
    r = play_run(path, roster, "");
    expect(has(r, "\"loaded\":false") && has(r, "\"line\":5,\"col\":22") && has(r, "unknown name 'sale'") &&
               has(r, "did you mean 'sales'?"),
           "play_run: an unknown name at 5:22 with its hint", r);

    /* a CSV roster: 12.35 x 10% = 1.235, 1.24 half away from zero; "abc" refused at its cell */
    snprintf(path, sizeof path, "%s/tiny.rules", argv[3]);
    write_file(path, "input:\n    id: text, key\n    sales: money\n\noutput bonus = round(sales * 10%, 2)\n");
    char csv[4096];
    snprintf(csv, sizeof csv, "%s/sales.csv", argv[3]);
    write_file(csv, "id,sales\nA-1,100\nA-2,12.35\nA-3,abc\n");
    r = play_run(path, csv, "");
    expect(has(r, "{\"id\":\"A-1\",\"error\":null,\"values\":[\"10.00\"]}") &&
               has(r, "{\"id\":\"A-2\",\"error\":null,\"values\":[\"1.24\"]}"),
           "play_run: a CSV roster, A-1 10.00 and A-2 1.24", r);
    expect(has(r, "sales.csv cell B4, field 'sales'"), "play_run: the refused CSV record names its cell", r);
    r = play_eval(path, csv, "", "ndjson");
    expect(has(r, "{\"id\":\"A-2\",\"bonus\":1.24}\n"), "play_eval: kaohe eval's NDJSON", r);

    printf("%s\n", failures ? "glue: FAILED" : "glue: ok");
    return failures ? 1 : 0;
}
