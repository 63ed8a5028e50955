#!/usr/bin/env bash
# kaohe report from the command line (src/cli/cmd_report.c): every usage
# error word for word; policies, params and inputs that fail; outputs that
# cannot be written (nothing half-written); stdin; the what-if made from
# --vs, --set and --set-base (which side gets which); --prior; --manifest;
# the records in error and the failed check listed in the page (read with
# Python's html.parser).  Fixtures: tests/e2e/cov_pay/; pay by hand:
# A-1 100 + 1000 x rate - 2 x 5, A-2 100, A-4 100 + 500 x rate - 5, A-3 in
# error, the check (at most one late) fails on A-1 and A-4.
set -eu
K=${KAOHE:-./kaohe}; D=tests/e2e/cov_pay; P=$D/pay.rules; IN=$D/pay.json
T=$(mktemp -d); trap 'rm -rf "$T"' EXIT
fail() { echo "cov_pay_report_cli: $*"; exit 1; }
sha() { sha256sum "$1" | cut -d' ' -f1; }
expect() { # expect RC STDERR ARGS...: the exit status and the whole standard error
    local want_rc=$1 want_err=$2 rc=0; shift 2
    "$K" "$@" > $T/out 2> $T/err || rc=$?
    [ "$rc" = "$want_rc" ] || fail "$*: exit status $rc, expected $want_rc: $(cat $T/err)"
    [ "$(cat $T/err)" = "$want_err" ] || fail "$*: standard error
$(cat $T/err)
expected
$want_err"
}
usage() { expect 2 "kaohe: $1
try 'kaohe help report'" "${@:2}"; [ ! -s $T/out ] || fail "$1: wrote something"; }
ERRS="$IN: error: check failed: 最多一人迟到 at most one late (roster \"2014-06\"); records involved: A-1, A-4
$IN: record 3 (id \"A-3\"): error: field 'late': -1 is less than the minimum 0"
# the summary of a run: 4 records, A-3 refused, the check failed
SUM="kaohe: $IN: 4 records: 3 evaluated, 1 refused, 1 roster check failed"

# ---- usage errors
usage "-o needs a file name" report $P $IN -o
usage "--vs needs the other policy" report $P $IN --vs
usage "--set needs name=value" report $P $IN --set
usage "--set-base needs name=value" report $P $IN --set-base
usage "--by needs an input field" report $P $IN --by
usage "--prior needs the previous period's results" report $P $IN --prior
usage "--manifest needs a file name" report $P $IN --manifest
usage "unknown option '--bogus'" report $P $IN --bogus
usage "too many arguments ('extra')" report $P $IN extra
usage "report needs a POLICY and an INPUT" report $P
usage "report needs a POLICY and an INPUT" report
expect 2 "kaohe: --by: the input has no field 'nosuch'" report $P $IN --by nosuch -o $T/by.html
[ ! -e $T/by.html ] || fail "--by nosuch left a page"

# ---- policies and params that fail: nothing is written
BROKEN="$D/broken.rules:4:14: error: unknown name 'nosuch'
    output pay = nosuch
                 ^~~~~~"
expect 3 "$BROKEN" report $D/broken.rules $IN -o $T/r.html
expect 3 "$BROKEN" report $P $IN --vs $D/broken.rules -o $T/r.html
expect 2 "kaohe: --set bonus_rate: \"abc\" is not a number (such as 10% or 0.1) (bonus_rate is decimal)" \
    report $P $IN --set-base bonus_rate=abc -o $T/r.html
expect 2 "kaohe: --set nosuch: the policy has no param 'nosuch'" report $P $IN --set nosuch=1 -o $T/r.html
# the first wrong assignment stops the run (one message, not two)
expect 2 "kaohe: --set nosuch: the policy has no param 'nosuch'" report $P $IN --set nosuch=1 --set other=2 -o $T/r.html
expect 2 "kaohe: --set nosuch: the policy has no param 'nosuch'" report $P $IN --set-base nosuch=1 --set-base other=2 -o $T/r.html
expect 2 "kaohe: --set needs name=value, not 'bonus_rate'" report $P $IN --vs $P --set bonus_rate -o $T/r.html
[ ! -e $T/r.html ] || fail "a failed run left a page"

# ---- inputs that cannot be read, outputs that cannot be written
expect 4 "kaohe: cannot read '$T/none.json': No such file or directory" report $P $T/none.json -o $T/r.html
expect 4 "kaohe: $T: read error: Is a directory" report $P $T -o $T/r.html
expect 4 "kaohe: cannot write '$T/none/r.html': the directory '$T/none' does not exist" report $P $IN -o $T/none/r.html
expect 4 "$ERRS
kaohe: cannot write '/dev/full'" report $P $IN -o /dev/full
rc=0; "$K" report $P $IN > /dev/full 2> $T/err || rc=$?
[ $rc = 4 ] && [ "$(tail -1 $T/err)" = "kaohe: cannot write 'standard output'" ] || fail "stdout full: rc $rc $(cat $T/err)"
rc=0; printf '[{"id": ' | "$K" report $P - -o $T/r.html 2> $T/err || rc=$?
[ $rc = 4 ] && [ "$(wc -l < $T/err)" = 1 ] && grep -q '^kaohe: stdin:' $T/err || fail "stdin cut short: rc $rc $(cat $T/err)"
expect 4 "kaohe: --prior $T/nope.json: cannot read it: No such file or directory" report $D/chain.rules $D/chain.json --prior $T/nope.json -o $T/r.html
[ ! -e $T/r.html ] || fail "a failed run left a page"

# ---- the month: errors and the failed check on stderr and in the page; stdin
expect 1 "$ERRS
$SUM" report $P $IN --output $T/june.html
expect 1 "$(printf '%s\n%s' "$ERRS" "$SUM" | sed 's|^tests/e2e/cov_pay/pay.json:|stdin:|; s|^kaohe: tests/e2e/cov_pay/pay.json:|kaohe: stdin:|')" report $P - -o $T/stdin.html < $IN
grep -qF "<tr><td>input</td><td>stdin</td><td>sha256 $(sha $IN)</td></tr>" $T/stdin.html || fail "stdin: footer"
# --set-base: this month under 20%; the what-if (--vs the same file) at 10%:
# 290 + 100 + 195 = 585.00 as is, 190 + 100 + 145 = 435.00 in the what-if
expect 1 "$ERRS
$SUM" report $P $IN --set-base bonus_rate=20% --vs $P -o $T/vs.html
# --set-base and --set on the same policy: the what-if gets both (start_pay 0)
# 190 + 0 + 95 = 285.00
expect 1 "$ERRS
$SUM" report $P $IN --set-base bonus_rate=20% --set start_pay=0 -o $T/set.html
# --vs and --set together name the what-if by both
expect 1 "$ERRS
$SUM" report $P $IN --vs $P --set bonus_rate=20% --set start_pay=50 -o $T/both.html
# --prior: A 5 + 1 = 6, B 0 + 2 = 2
expect 0 "kaohe: $D/chain.json: 2 records: 2 evaluated, 0 refused, 0 roster checks failed" report $D/chain.rules $D/chain.json --prior $D/chain-prior.json -o $T/chain.html
# --manifest beside the page; a manifest that cannot be written fails the run, the page stays
SOURCE_DATE_EPOCH=1404172800 expect 1 "$ERRS
$SUM" report $P $IN -o $T/m.html --manifest $T/m.json
expect 4 "$ERRS
$SUM
kaohe: cannot write '/dev/full'" report $P $IN -o $T/m2.html --manifest /dev/full
[ -s $T/m2.html ] || fail "--manifest /dev/full: the page was not written"
# a page that cannot be written (the device is full): status 4, said
expect 4 "$ERRS
kaohe: cannot write '/dev/full'" report $P $IN -o /dev/full

python3 - $T $IN "$(sha $IN)" "$(sha $D/chain-prior.json)" <<'PY'
import json, sys
from html.parser import HTMLParser

class Page(HTMLParser):
    """Tables as rows of cell texts; h2 titles; paragraphs."""
    def __init__(self):
        super().__init__()
        self.tables, self.h2, self.p, self.text, self.intitle = [], [], [], None, 0
    def handle_starttag(self, tag, attrs):
        if tag == "table": self.tables.append([])
        elif tag == "tr": self.tables[-1].append([])
        elif tag in ("td", "th", "h2", "p"): self.text = ""
        elif tag == "title": self.intitle += 1
    def handle_endtag(self, tag):
        if tag == "title": self.intitle -= 1
        elif tag in ("td", "th") and self.text is not None:
            self.tables[-1][-1].append(self.text.strip()); self.text = None
        elif tag == "h2": self.h2.append(self.text.strip()); self.text = None
        elif tag == "p" and self.text is not None: self.p.append(self.text.strip()); self.text = None
    def handle_data(self, d):
        if self.text is not None and not self.intitle: self.text += d

T, IN, IN_SHA, PRIOR_SHA = sys.argv[1:]
def page(name):
    p = Page(); p.feed(open("%s/%s.html" % (T, name), encoding="utf-8").read()); return p
def table(p, first):
    return next(t for t in p.tables if t and t[0] and t[0][0] == first)
fails = []
def check(cond, what):
    if not cond: fails.append(what)

june = page("june")
check(table(june, "记录 record")[1:] == [["3", "A-3", "field 'late': -1 is less than the minimum 0"]], table(june, "记录 record"))
check("检查未通过 check failed: 最多一人迟到 at most one late (\"2014-06\"): A-1, A-4" in june.p, june.p)
tot = {r[0]: r[1:] for r in table(june, "输出 output")[1:]}
check(tot["实发"] == ["435.00", "145.00", "100.00", "190.00"], tot)          # 435 / 3 = 145
check(not any(h.startswith("假设") for h in june.h2), june.h2)

vs = page("vs")
wt = next(t for t in vs.tables if t and t[0][:2] == ["输出 output", "现行 as is"])
check(wt[1:] == [["实发", "585.00", "435.00", "-150.00"]], wt)
check("假设 what-if: tests/e2e/cov_pay/pay.rules" in vs.h2, vs.h2)
check("实发 by id: 0 增 up · 2 减 down · 1 不变 unchanged · 0 仅一方 on one side only" in vs.p, vs.p)
foot = table(vs, "kaohe")
check(["param", "bonus_rate", "20% (set for this run)"] in foot and ["what-if param", "bonus_rate", "10%"] in foot, foot)

st = page("set")
wt = next(t for t in st.tables if t and t[0][:2] == ["输出 output", "现行 as is"])
check(wt[1:] == [["实发", "585.00", "285.00", "-300.00"]], wt)
check("假设 what-if: start_pay=0" in st.h2, st.h2)
check(["what-if param", "start_pay", "0.00 (set for this run)"] in table(st, "kaohe"), table(st, "kaohe"))

both = page("both")
check("假设 what-if: tests/e2e/cov_pay/pay.rules bonus_rate=20% start_pay=50" in both.h2, both.h2)
wt = next(t for t in both.tables if t and t[0][:2] == ["输出 output", "现行 as is"])
# as is 190, 100, 145; what-if 50 + 200 - 10 = 240 (up), 50 (down), 50 + 100 - 5 = 145 (the same)
check(wt[1:] == [["实发", "435.00", "435.00", "+0.00"]], wt)
check("实发 by id: 1 增 up · 1 减 down · 1 不变 unchanged · 0 仅一方 on one side only" in both.p, both.p)

ch = page("chain")
check({r[0]: r[1:] for r in table(ch, "输出 output")[1:]}["pay"] == ["8.00", "4.00", "2.00", "6.00"], table(ch, "输出 output"))
check(["prior", "tests/e2e/cov_pay/chain-prior.json", "sha256 " + PRIOR_SHA] in table(ch, "kaohe"), table(ch, "kaohe"))

m = json.load(open(T + "/m.json"))
check(m["run_at"] == "2014-07-01T00:00:00Z" and m["input"] == {"path": IN, "sha256": IN_SHA}, m)
check((m["records"], m["errors"], m["checks_failed"]) == (4, 1, 1), m)
check(["records", "", "4 (1 in error, 1 roster checks failed)"] in table(page("m"), "kaohe"), "footer counts")
if fails:
    print("cov_pay_report_cli: FAIL\n  " + "\n  ".join(map(str, fails))); sys.exit(1)
PY
echo "cov_pay_report_cli: ok"
