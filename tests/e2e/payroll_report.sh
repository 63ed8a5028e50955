#!/usr/bin/env bash
# The HTML roster report: self-contained (no script, no link, no url(), no
# fetch), figures checked against examples/ROSTERS.md and against counts
# taken from the input by Python, the what-if deltas (--set and --vs agree),
# December's dividend pool, --by; then rendered in headless Chromium: the
# screenshot is not blank and the page logs nothing to the console (without
# chromium or a Chinese font: skipped loudly, a failure under CI=true).
set -eu
. tests/e2e/lib/exits.sh
. tests/e2e/lib/skip.sh
K=${KAOHE:-./kaohe}; P=rules/customer-service-2014.rules; IN=examples/roster-2014-06.json
T=$(mktemp -d); trap 'rm -rf "$T"' EXIT
fail() { echo "report: $*"; exit 1; }

rc=0; $K report $P $IN -o $T/june.html --set commission_rate=10% 2> $T/err || rc=$?
[ $rc = 1 ] || fail "exit status $rc, expected 1 (4 records in error)"
# the 4 record errors on stderr: CS-0131's two records share a reason (one
# line), CS-0135 and CS-0136; then the summary
[ "$(grep -c 'error:' $T/err)" = 3 ] && grep -qF 'examples/roster-2014-06.json: 2 records (#31 "CS-0131", #32 "CS-0131"): error:' $T/err \
    || fail "expected the 4 record errors on stderr: $(cat $T/err)"
grep -qF 'kaohe: examples/roster-2014-06.json: 39 records: 35 evaluated, 4 refused, 0 roster checks failed; refused records are left out of the roster' $T/err \
    || fail "expected the summary: $(tail -1 $T/err)"
exits 1 $K report $P $IN --set commission_rate=10% 2>/dev/null > $T/again.html
cmp $T/june.html $T/again.html || fail "two runs on the same input differ (or -o FILE and stdout do)"
# --vs a copy of the policy with 10% written in: the same what-if
cp -r rules $T/rules
sed -i 's/^param commission_rate \(.*\) = 8%$/param commission_rate \1 = 10%/' $T/rules/customer-service-2014.rules
grep -q '= 10%$' $T/rules/customer-service-2014.rules || fail "could not make the --vs policy"
exits 1 $K report $P $IN -o $T/vs.html --vs $T/rules/customer-service-2014.rules 2>/dev/null
# December: 3 records refused (CS-0231, CS-0232, CS-0233; examples/ROSTERS.md)
exits 1 $K report $P examples/roster-2014-12.json --set-base company_profit=2500000 --by status -o $T/dec.html 2>/dev/null
rc=0; $K report $P $IN --by nosuchfield -o $T/x.html 2>/dev/null || rc=$?
[ $rc = 2 ] && [ ! -e $T/x.html ] || fail "--by nosuchfield: exit status $rc"
# any policy: no ledgers, no one-of fields (record 6 is refused: 2014-06-31)
exits 1 $K report tests/golden/csv-excel-cells/policy.rules tests/golden/csv-excel-cells/roster.json -o $T/cells.html 2>/dev/null

for f in june vs dec cells; do
    ! grep -Eiq '<script|<link|<img|<iframe|src=|href=|url\(|@import' $T/$f.html || fail "$f.html is not self-contained"
    [ "$(grep -o 'https\?://[^"]*' $T/$f.html | sort -u)" = "http://www.w3.org/2000/svg" ] || fail "$f.html names a URL"
done

PYTHONPATH=tests/e2e/payroll python3 - $T $IN "$(sha256sum $IN | cut -d' ' -f1)" <<'PY'
import json, sys
from html.parser import HTMLParser

class Tables(HTMLParser):
    """Every table as rows of cell texts; h2 titles; svg count."""
    def __init__(self):
        super().__init__()
        self.tables, self.h2, self.svgs, self.cards, self.cur, self.text = [], [], 0, [], None, None
        self.tag = []
    def handle_starttag(self, tag, attrs):
        self.tag.append(tag)
        if tag == "table": self.tables.append([])
        elif tag == "tr": self.tables[-1].append([])
        elif tag in ("td", "th", "h2") or (tag == "div" and ("class", "card") in attrs): self.text = ""
        elif tag == "svg": self.svgs += 1
    def handle_endtag(self, tag):
        self.tag.pop()
        if tag in ("td", "th") and self.text is not None:
            self.tables[-1][-1].append(self.text.strip()); self.text = None
        elif tag == "h2": self.h2.append(self.text.strip()); self.text = None
        elif tag == "div" and self.text is not None: self.cards.append(self.text.strip()); self.text = None
    def handle_data(self, d):
        if self.text is not None and "title" not in self.tag: self.text += d

def page(name):
    p = Tables(); p.feed(open("%s/%s.html" % (sys.argv[1], name), encoding="utf-8").read()); return p

def table_with(p, first_header):
    return next(t for t in p.tables if t and t[0] and t[0][0] == first_header)

fails = []
def check(cond, what):
    if not cond: fails.append(what)

june, vs, dec = page("june"), page("vs"), page("dec")
recs = json.load(open(sys.argv[2]))
check(june.cards[:4] == ["39记录 records", "35已计算 evaluated", "4错误 errors", "0检查未通过 checks failed"], june.cards)
check(june.svgs >= 6, "svg charts: %d" % june.svgs)
# money totals: commission 500 + 571.96 + 1024 + 768 + 240 (ROSTERS.md: the only paid, credited deals)
totals = {r[0]: r[1:] for r in table_with(june, "输出 output")[1:]}
check(totals["§八.2 佣金 commission"][0] == "3103.96", totals.get("§八.2 佣金 commission"))
check(totals["§八.4 年终分红 dividend"][0] == "0.00", "June has no dividend")
# contact ladder: one agent on each rung (CS-0106, 0107, 0108, 0109), the rest none
html = open(sys.argv[1] + "/june.html", encoding="utf-8").read()
for rung, n in [("none", 31), ("verbal_warning", 1), ("data_paused_one_week", 1), ("data_reassigned", 1), ("pending_dismissal", 1)]:
    check("<title>%s: %d</title>" % (rung, n) in html, "contact action %s: %d" % (rung, n))
# confirmation n/a: the regular agents among the valid records (counted from the input)
bad = {"CS-0131", "CS-0135", "CS-0136"}
regular = sum(1 for r in recs if r["id"] not in bad and r.get("status") == "regular")
check("<title>n/a: %d</title>" % regular in html, "confirmation n/a: %d" % regular)
# the lowest: CS-0109 with 70, flagged the bottom of the quarter
low = table_with(june, "#")
check(low[1][1:3] == ["CS-0109", "吴强"] and low[1][4] == "70" and "末位 bottom of the quarter" in low[1][5], low[1])
# errors: record numbers and ids as in the input
errs = [(int(r[0]), r[1]) for r in table_with(june, "记录 record")[1:]]
check(errs == [(i + 1, r["id"]) for i, r in enumerate(recs) if r["id"] in bad], errs)
# what-if 10%: commission +25% = +775.99; CS-0103 12800 x 2% = +256.00 ... CS-0111 3000 x 2% = +60.00
for p, name in ((june, "--set"), (vs, "--vs")):
    wt = [t for t in p.tables if t and t[0][:2] == ["输出 output", "现行 as is"]]
    check(len(wt) == 1, "%s: what-if table" % name)
    if wt:
        rows = {r[0]: r[1:] for r in wt[0][1:]}
        check(rows["§八.2 佣金 commission"] == ["3103.96", "3879.95", "+775.99"], (name, rows["§八.2 佣金 commission"]))
        check(rows["实发合计 total pay"][2] == "+775.99", (name, rows["实发合计 total pay"]))
    page_html = open("%s/%s.html" % (sys.argv[1], "june" if p is june else "vs"), encoding="utf-8").read()
    for id_, d in [("CS-0103", "+256.00"), ("CS-0104", "+192.00"), ("CS-0102", "+142.99"), ("CS-0101", "+125.00"), ("CS-0111", "+60.00")]:
        check("<title>%s: %s</title>" % (id_, d) in page_html, "%s: %s %s" % (name, id_, d))
# December, company profit 2 500 000: the pool 750 000.00 is shared out in full; by status
dt = {r[0]: r[1:] for r in table_with(dec, "输出 output")[1:]}
check(dt["§八.4 年终分红 dividend"][0] == "750000.00", dt.get("§八.4 年终分红 dividend"))
drecs = json.load(open("examples/roster-2014-12.json"))
dbad = {"CS-0231", "CS-0232", "CS-0233"}
nprob = sum(1 for r in drecs if r["id"] not in dbad and r["status"] == "probation")
line = table_with(dec, "项目 line")[0]
check(line[1:] == ["probation (%d)" % nprob, "regular (%d)" % (35 - nprob)], line)
# the footer: what produced it, without the time of the run
foot = [t for t in june.tables if t and t[0] and t[0][0] == "kaohe"][0]
check(["input", sys.argv[2], "sha256 " + sys.argv[3]] in foot, "footer input hash")
check(["what-if param", "commission_rate", "10% (set for this run)"] in foot, "footer what-if param")
check(not any("run" in r[0] for r in foot), "no time of the run in the page")
if fails:
    print("report: FAIL\n  " + "\n  ".join(map(str, fails))); sys.exit(1)
PY

# ---- headless Chromium ---------------------------------------------------
CHROME=$(command -v chromium || command -v chromium-browser || command -v google-chrome) \
    || skip_or_fail payroll_report "the browser test: no chromium (the rest passed)" "apt-get install chromium fonts-noto-cjk"
fc-list :lang=zh family | grep -q . \
    || skip_or_fail payroll_report "the browser test: no Chinese font (the rest passed)" "apt-get install fonts-noto-cjk fontconfig"
render() { # render FILE.html PNG -> the console lines on stdout
    timeout 120 "$CHROME" --headless --no-sandbox --disable-gpu --no-first-run --disable-background-networking \
        --disable-component-update --disable-sync --user-data-dir="$T/profile" --host-resolver-rules="MAP * ~NOTFOUND" \
        --enable-logging=stderr --v=0 --hide-scrollbars --window-size=1000,1400 --screenshot="$2" "file://$1" 2>&1 \
        | grep -E 'CONSOLE|Failed to load|ERR_' || true
}
# the check itself can fail: a page that logs an error is caught
printf '<!DOCTYPE html><meta charset="utf-8"><p>x</p><script>console.error("kaohe-probe")</script>\n' > $T/probe.html
render $T/probe.html $T/probe.png | grep -q kaohe-probe || fail "chromium: a console error went unnoticed (is logging on?)"
for f in june dec; do
    log=$(render $T/$f.html $T/$f.png)
    [ -z "$log" ] || fail "$f.html logs to the console: $log"
    [ -s $T/$f.png ] || fail "$f.html: no screenshot"
    read -r w h colours nonwhite <<< "$(python3 tests/e2e/payroll/png_stats.py $T/$f.png)"
    [ "$w" = 1000 ] && [ "$colours" -ge 50 ] && [ "$nonwhite" -ge 30 ] \
        || fail "$f.png looks blank: ${w}x$h, $colours colours, $nonwhite‰ not white"
done
echo "payroll_report: ok (chromium: $colours colours, $nonwhite‰ of the page drawn)"
