#!/usr/bin/env bash
# kaohe slip from the command line (src/cli/cmd_slip.c, cli_manifest.c):
# every usage error word for word; --id (to stdout, to a file, of a record
# in error, of no record, other agents' errors and failed checks kept out);
# --all into a new or existing directory, one that cannot be made, a file
# in the way, ids with no file name; stdin; --set, --prior, --manifest
# (and SOURCE_DATE_EPOCH that is not a time); colour only for text on a
# terminal.  Fixtures: tests/e2e/cov_pay/ (A-1 190.00, A-2 100.00, A-3 in
# error, A-4 145.00; A-1 and A-4 are late: the roster check fails).
set -eu
K=${KAOHE:-./kaohe}; D=tests/e2e/cov_pay; P=$D/pay.rules; IN=$D/pay.json
T=$(mktemp -d); trap 'rm -rf "$T"' EXIT
fail() { echo "cov_pay_slip_cli: $*"; exit 1; }
sha() { sha256sum "$1" | cut -d' ' -f1; }
# expect RC STDERR ARGS...: the exit status and the whole standard error
expect() {
    local want_rc=$1 want_err=$2 rc=0; shift 2
    "$K" "$@" > $T/out 2> $T/err || rc=$?
    [ "$rc" = "$want_rc" ] || fail "$*: exit status $rc, expected $want_rc: $(cat $T/err)"
    [ "$(cat $T/err)" = "$want_err" ] || fail "$*: standard error
$(cat $T/err)
expected
$want_err"
}
usage() { expect 2 "kaohe: $1
try 'kaohe help slip'" "${@:2}"; }
# the summary of a run over pay.json (4 records, A-3 refused, the check
# failed): counts only, no other agent's id
SUM="kaohe: $IN: 4 records: 3 evaluated, 1 refused, 1 roster check failed"

# ---- usage errors: nothing is read, nothing written
usage "--id needs the agent's id" slip $P $IN --id
usage "-o needs a file or directory name" slip $P $IN --id A-1 -o
usage "--set needs name=value" slip $P $IN --id A-1 --set
usage "--prior needs the previous period's results" slip $P $IN --id A-1 --prior
usage "--manifest needs a file name" slip $P $IN --id A-1 --manifest
usage "unknown option '--bogus'" slip $P $IN --bogus
usage "too many arguments ('extra')" slip $P $IN extra --id A-1
usage "slip needs a POLICY and an INPUT" slip $P --id A-1
usage "slip needs a POLICY and an INPUT" slip
usage "give either --id ID (one agent) or --all -o DIR (every agent)" slip $P $IN --id A-1 --all -o $T/both
usage "--all needs -o DIR (one file per agent)" slip $P $IN --all
usage "--all needs -o DIR (one file per agent)" slip $P $IN --all -o -
[ ! -e $T/both ] || fail "a usage error made a directory"
expect 2 "kaohe: --set needs name=value, not 'bonus_rate'" slip $P $IN --id A-1 --set bonus_rate
expect 3 "$D/broken.rules:4:14: error: unknown name 'nosuch'
    output pay = nosuch
                 ^~~~~~" slip $D/broken.rules $IN --id A-1
[ ! -s $T/out ] || fail "a policy error wrote a slip"
expect 4 "kaohe: cannot read '$T/none.json': No such file or directory" slip $P $T/none.json --id A-1

# ---- --id: only that agent's business on stdout and stderr
expect 0 "$SUM" slip $P $IN --id A-1
head -1 $T/out | grep -qx '工资 pay' || fail "--id A-1: first line $(head -1 $T/out)"
grep -qx '  实发                       190.00' $T/out || fail "--id A-1: total"
! grep -Eq 'A-[234]|Wu|Ma|Xu' $T/out || fail "--id A-1 names another agent"
grep -qx "policy file $P  sha256 $(sha $P)" $T/out || fail "--id A-1: policy hash"
grep -qx "input $IN  sha256 $(sha $IN)" $T/out || fail "--id A-1: input hash"
grep -qx "params start_pay=100.00 bonus_rate=10%" $T/out || fail "--id A-1: params"
cp $T/out $T/a1.txt
expect 1 "$IN: record 3 (id \"A-3\"): error: field 'late': -1 is less than the minimum 0
$SUM" slip $P $IN --id A-3
[ ! -s $T/out ] || fail "--id A-3 (in error) wrote a slip"
expect 1 "$SUM
kaohe: $IN: no record has the id \"A-9\"" slip $P $IN --id A-9
expect 1 "kaohe: $D/nokey.json: 2 records: 1 evaluated, 1 refused, 0 roster checks failed
kaohe: $D/nokey.json: no record has the id \"A\"" slip $D/nokey.rules $D/nokey.json --id A
# to a file (atomically), to a file that cannot be made, to a full device
expect 0 "$SUM" slip $P $IN --id A-1 -o $T/a1-file.txt
cmp $T/a1-file.txt $T/a1.txt || fail "-o FILE differs from stdout"
expect 0 "$SUM" slip $P $IN --id A-1 --output $T/a1-long.txt
cmp $T/a1-long.txt $T/a1.txt || fail "--output FILE differs from stdout"
expect 4 "kaohe: cannot write '$T/none/x.txt': the directory '$T/none' does not exist
$SUM" slip $P $IN --id A-1 -o $T/none/x.txt
expect 4 "kaohe: cannot write '/dev/full'
$SUM" slip $P $IN --id A-1 -o /dev/full
# stdin: named "stdin" in the footer; JSON cut short fails with the reader's message
expect 0 "kaohe: stdin: 4 records: 3 evaluated, 1 refused, 1 roster check failed" slip $P - --id A-4 < $IN
grep -qx "input stdin  sha256 $(sha $IN)" $T/out || fail "stdin: footer"
grep -qx '  实发                       145.00' $T/out || fail "A-4: total 100 + 50 - 5"
rc=0; printf '[{"id": "A-1"' | "$K" slip $P - --id A-1 > $T/out 2> $T/err || rc=$?
[ $rc = 4 ] && [ ! -s $T/out ] && [ "$(wc -l < $T/err)" = 1 ] && grep -q '^kaohe: stdin:' $T/err \
    || fail "stdin cut short: rc $rc, $(cat $T/err)"

# ---- --set and --prior
expect 0 "$SUM" slip $P $IN --id A-1 --set bonus_rate=20%
grep -qx '  提成                       200.00' $T/out || fail "--set: 1000 x 20%"
grep -qx 'params start_pay=100.00 bonus_rate=20%\*' $T/out && grep -qx '(\* set for this run)' $T/out || fail "--set: footer"
expect 2 "kaohe: --set nosuch: the policy has no param 'nosuch'" slip $P $IN --id A-1 --set nosuch=1
[ ! -s $T/out ] || fail "--set nosuch=1 wrote a slip"
# A 5 + 1, B 0 + 2
expect 0 "kaohe: $D/chain.json: 2 records: 2 evaluated, 0 refused, 0 roster checks failed" slip $D/chain.rules $D/chain.json --id A --prior $D/chain-prior.json
grep -qx '    n       6' $T/out && grep -qx '  pay    6.00' $T/out || fail "--prior: carry 5 + 1"
grep -qx "prior $D/chain-prior.json  sha256 $(sha $D/chain-prior.json)" $T/out || fail "--prior: footer"
expect 4 "kaohe: --prior $T/nope.json: cannot read it: No such file or directory" slip $D/chain.rules $D/chain.json --id A --prior $T/nope.json
expect 4 "kaohe: --prior: the policy does not say what to chain (add e.g. 'chain prior from carry')" \
    slip $P $IN --id A-1 --prior $D/chain-prior.json

# ---- --all (the roster's check is reported before the records are: checks run first)
expect 1 "$IN: error: check failed: 最多一人迟到 at most one late (roster \"2014-06\"); records involved: A-1, A-4
$IN: record 3 (id \"A-3\"): error: field 'late': -1 is less than the minimum 0
$SUM" \
    slip $P $IN --all -o $T/all
[ "$(ls $T/all | tr '\n' ' ')" = "A-1.2014-06.txt A-2.2014-06.txt A-4.2014-06.txt " ] || fail "--all: $(ls $T/all)"
cmp $T/all/A-1.2014-06.txt $T/a1.txt || fail "--all: A-1.2014-06.txt differs from --id A-1"
[ ! -s $T/out ] || fail "--all wrote to stdout"
# into a directory that is there already (--replace), as HTML
expect 1 "$IN: error: check failed: 最多一人迟到 at most one late (roster \"2014-06\"); records involved: A-1, A-4
$IN: record 3 (id \"A-3\"): error: field 'late': -1 is less than the minimum 0
$SUM" \
    slip $P $IN --all --html -o $T/all --replace
[ "$(ls $T/all | tr '\n' ' ')" = "A-1.2014-06.html A-1.2014-06.txt A-2.2014-06.html A-2.2014-06.txt A-4.2014-06.html A-4.2014-06.txt " ] || fail "--all --html: $(ls $T/all)"
grep -q '<tr class="total"><td>实发</td><td class="d"></td><td class="n">145.00</td></tr>' $T/all/A-4.2014-06.html || fail "A-4.html"
# a directory that cannot be made; a file where the directory should be; a directory where a slip should be
expect 4 "kaohe: cannot make the directory '$T/none/sub': the directory '$T/none' does not exist" slip $P $IN --all -o $T/none/sub
touch $T/plain
rc=0; "$K" slip $P $IN --all -o $T/plain 2> $T/err || rc=$?
[ $rc = 4 ] && [ "$(cat $T/err)" = "kaohe: cannot write slips into '$T/plain': it is not a directory" ] \
    || fail "--all -o FILE: rc $rc $(cat $T/err)"
mkdir -p $T/blocked/A-2.2014-06.txt
rc=0; "$K" slip $P $IN --all -o $T/blocked --replace 2> $T/err || rc=$?
[ $rc = 4 ] && grep -qx "kaohe: cannot write '$T/blocked/A-2.2014-06.txt': Is a directory" $T/err || fail "blocked: rc $rc $(cat $T/err)"
[ -s $T/blocked/A-1.2014-06.txt ] && [ -s $T/blocked/A-4.2014-06.txt ] || fail "blocked: the other slips were not written"
# ids that give no file name: one of 250 bytes; records without an id: that
# record's error, named by its number and id (exit 1), the others written
python3 -c 'import json; print(json.dumps([{"id": "L" * 250, "name": "x", "period": "2014-06", "late": 0, "sales": 1, "info": {"city": "c"}},
  {"id": "S", "name": "y", "period": "2014-06", "late": 0, "sales": 1, "info": {"city": "c"}}]))' > $T/long.json
L=$(printf 'L%.0s' $(seq 250))
expect 1 "$T/long.json: record 1 (id \"$L\"): error: the id is too long for a slip's file name (more than 200 bytes once written as a file name): shorten it
kaohe: $T/long.json: 2 records: 1 evaluated, 1 refused, 0 roster checks failed" slip $P $T/long.json --all -o $T/long
[ "$(ls $T/long)" = "S.2014-06.txt" ] || fail "long: $(ls $T/long)"
expect 1 "$D/nokey.json: record 1: error: a record without an id has no file name for its slip
$D/nokey.json: record 2: error: field 'n': expected a number, found a text
kaohe: $D/nokey.json: 2 records: 0 evaluated, 2 refused, 0 roster checks failed" slip $D/nokey.rules $D/nokey.json --all -o $T/nokey
[ -z "$(ls $T/nokey)" ] || fail "nokey: $(ls $T/nokey)"

# ---- --manifest
SOURCE_DATE_EPOCH=1404172800 "$K" slip $P $IN --id A-1 --manifest $T/m.json > /dev/null 2>&1
python3 - $T/m.json "$(sha $P)" "$(sha $IN)" <<'PY'
import json, sys
m = json.load(open(sys.argv[1]))
assert m["run_at"] == "2014-07-01T00:00:00Z", m["run_at"]
assert m["policy"] == "工资 pay" and m["policy_files"] == [{"path": "tests/e2e/cov_pay/pay.rules", "sha256": sys.argv[2]}], m
assert m["input"] == {"path": "tests/e2e/cov_pay/pay.json", "sha256": sys.argv[3]}, m["input"]
assert (m["records"], m["errors"], m["checks_failed"]) == (4, 1, 1), m
assert m["params"]["start_pay"] == {"value": 100.00, "overridden": False, "label": "起薪 start pay"}, m["params"]
assert m["prior"] is None
PY
# a SOURCE_DATE_EPOCH that is not a time (not a number, negative, empty, too
# large for one): the clock's time
for e in abc -5 12x "" 99999999999999999999; do
    SOURCE_DATE_EPOCH=$e "$K" slip $P $IN --id A-1 --manifest $T/m2.json > /dev/null 2>&1
    python3 -c 'import json, sys, datetime as d
t = d.datetime.strptime(json.load(open(sys.argv[1]))["run_at"], "%Y-%m-%dT%H:%M:%SZ")
assert abs((d.datetime.utcnow() - t).total_seconds()) < 3600, (sys.argv[2], t)' $T/m2.json "$e" || fail "SOURCE_DATE_EPOCH=$e"
done
expect 4 "$SUM
kaohe: cannot write '/dev/full'" slip $P $IN --id A-1 --manifest /dev/full
expect 4 "$SUM
kaohe: cannot write '$T/none/m.json': the directory '$T/none' does not exist" slip $P $IN --id A-1 --manifest $T/none/m.json

# ---- colour: text on a terminal only (not into a file, not HTML)
if command -v script >/dev/null; then
    env -u NO_COLOR script -qec "$K slip $P $IN --id A-1" /dev/null > $T/tty.txt
    grep -q $'\033\[1m工资 pay\033\[0m' $T/tty.txt || fail "no colour on a terminal"
    env -u NO_COLOR script -qec "$K slip $P $IN --id A-1 -o $T/tty-file.txt" /dev/null > /dev/null
    cmp $T/tty-file.txt $T/a1.txt || fail "colour in a file written from a terminal"
    env -u NO_COLOR script -qec "$K slip $P $IN --id A-1 --html" /dev/null > $T/tty.html
    ! grep -q $'\033' $T/tty.html || fail "colour in HTML"
fi
echo "cov_pay_slip_cli: ok"
