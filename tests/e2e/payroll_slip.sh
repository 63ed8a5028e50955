#!/usr/bin/env bash
# Pay slips: CS-0126's text slip equals tests/e2e/payroll/slip-CS-0126.txt,
# written by hand from the policy and the record (the footer's hashes are
# sha256sum's); colour only on a terminal and never with NO_COLOR; the HTML
# slip is self-contained and A4; --all writes one file per agent under a
# safe name, each naming no other agent; --id of a record in error or of no
# record fails without a word about the others.
set -eu
K=${KAOHE:-./kaohe}; P=rules/customer-service-2014.rules; IN=examples/roster-2014-06.json
S=tests/golden/slip-roster-fact
T=$(mktemp -d); trap 'rm -rf "$T"' EXIT
sha() { sha256sum "$1" | cut -d' ' -f1; }
fail() { echo "slip: $*"; exit 1; }

sed -e "s/@POLICY_SHA@/$(sha $P)/" -e "s/@INPUT_RULES_SHA@/$(sha rules/customer-service-2014/input.rules)/" \
    -e "s/@ROSTER_SHA@/$(sha $IN)/" tests/e2e/payroll/slip-CS-0126.txt > $T/want.txt
$K slip $P $IN --id CS-0126 > $T/got.txt 2> $T/err.txt || fail "CS-0126: exit status $?"
diff $T/got.txt $T/want.txt || fail "CS-0126 differs from the hand-written slip"
# on stderr only the run's summary: counts, no other agent's id or error
[ "$(cat $T/err.txt)" = "kaohe: $IN: 39 records: 35 evaluated, 4 refused, 0 roster checks failed; once the records in error are fixed, the others' score, perf_cut_rate, allowance_paid, commission, dividend, total_pay, quarter_score, bottom_flag, promotion_eligible, carry may change" ] \
    || fail "CS-0126: other agents' errors on stderr: $(cat $T/err.txt)"
$K slip $P $IN --id CS-0126 -o $T/file.txt && cmp $T/file.txt $T/want.txt || fail "-o FILE differs"

# colour: on a terminal (a pty from script(1)), never with NO_COLOR, never into a pipe
if command -v script >/dev/null; then
    script -qec "$K slip $S/policy.rules $S/roster.json --id A-01" /dev/null > $T/tty.txt
    grep -q $'\033\[1m' $T/tty.txt || fail "no colour on a terminal"
    NO_COLOR=1 script -qec "$K slip $S/policy.rules $S/roster.json --id A-01" /dev/null > $T/nc.txt
    ! grep -q $'\033' $T/nc.txt || fail "colour with NO_COLOR"
fi
! grep -q $'\033' $T/got.txt || fail "colour into a pipe"

# HTML: A4, self-contained (no script, no link, no url()), the same figures
$K slip $P $IN --id CS-0126 --html > $T/s.html
grep -q '@page{size:A4' $T/s.html || fail "html: no A4 page rule"
! grep -Eiq '<script|<link|src=|href=|url\(|@import' $T/s.html || fail "html: not self-contained"
for v in 1900.00 780.00 120.00 3300.00 '§七.5 激励奖 incentive bonus' '许静怡' '2014-06'; do
    grep -qF "$v" $T/s.html || fail "html: $v missing"
done
python3 -c 'import sys, html.parser; html.parser.HTMLParser().feed(open(sys.argv[1]).read())' $T/s.html

# --all: one file per valid agent (35), named by id and period; none names another agent
rc=0; $K slip $P $IN --all -o $T/all 2> $T/all.err || rc=$?
[ $rc = 1 ] || fail "--all: exit status $rc, expected 1 (4 records in error)"
[ "$(ls $T/all | wc -l)" = 35 ] || fail "--all: $(ls $T/all | wc -l) files"
cmp $T/all/CS-0126.2014-06.txt $T/want.txt || fail "--all: CS-0126.2014-06.txt differs"
python3 - $IN $T/all <<'PY'
import json, os, sys
recs = json.load(open(sys.argv[1]))
people = {(r["id"], r["name"]) for r in recs}
for f in os.listdir(sys.argv[2]):
    me = f[:-len(".2014-06.txt")]
    text = open(os.path.join(sys.argv[2], f)).read()
    assert me in text, f
    for pid, name in people:
        if pid != me:
            assert pid not in text and name not in text, "%s names %s %s" % (f, pid, name)
PY

# safe file names: no path, no hidden file, no two ids on one name
cat > $T/odd.json <<'J'
[{"id": "../evil", "name": "a", "calls": 1, "late": 0, "base": 1},
 {"id": ".hidden", "name": "b", "calls": 2, "late": 0, "base": 1},
 {"id": "a/b", "name": "c", "calls": 3, "late": 0, "base": 1},
 {"id": "a%2Fb", "name": "d", "calls": 4, "late": 0, "base": 1},
 {"id": "工号 01", "name": "e", "calls": 5, "late": 0, "base": 1}]
J
$K slip $S/policy.rules $T/odd.json --all -o $T/odd --html
[ "$(cd $T/odd && ls | LC_ALL=C sort | tr '\n' ' ')" = '%2E.%2Fevil.html %2Ehidden.html a%252Fb.html a%2Fb.html 工号%2001.html ' ] \
    || fail "file names: $(ls $T/odd)"
[ ! -e $T/evil.html ] || fail "wrote outside the directory"

# --id of a record in error: its own error only; of no record: a message
rc=0; $K slip $P $IN --id CS-0135 > $T/o 2> $T/e || rc=$?
[ $rc = 1 ] && [ ! -s $T/o ] && grep -q CS-0135 $T/e && ! grep -q CS-0131 $T/e || fail "--id CS-0135 (rc $rc)"
rc=0; $K slip $P $IN --id CS-9999 > $T/o 2> $T/e || rc=$?
[ $rc = 1 ] && grep -q 'no record has the id "CS-9999"' $T/e && ! grep -q CS-0131 $T/e || fail "--id CS-9999 (rc $rc)"
rc=0; $K slip $P $IN 2>/dev/null || rc=$?
[ $rc = 2 ] || fail "neither --id nor --all: exit status $rc"

# --manifest beside a slip
SOURCE_DATE_EPOCH=1404172800 $K slip $P $IN --id CS-0126 --manifest $T/m.json > /dev/null
python3 -c 'import json,sys; m=json.load(open(sys.argv[1])); assert m["input"]["sha256"]==sys.argv[2] and m["run_at"]=="2014-07-01T00:00:00Z" and m["records"]==39, m' \
    $T/m.json "$(sha $IN)"
echo "payroll_slip: ok"
