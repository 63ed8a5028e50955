#!/usr/bin/env bash
# The command line around eval and check: --set of every kind of param
# (valid, refused, unknown, badly written), eval's options (short and long
# forms, --jobs values, xlsx without a file, outputs that are a device or a
# directory, a manifest that cannot be written, too many or too few
# arguments), --prior edge cases, and check over several files.  Each
# expectation (exit status, standard output, standard error) is written out
# by hand below.
set -u
. "$(dirname "$0")/lib/scratch.sh"
cd "$T"
failures=0
fail() { echo "cov_io_cli: FAIL: $*"; failures=$((failures + 1)); }

# expect RC STDOUT STDERR ARGS... (standard input: the record {"id":"A"});
# the run's summary line is left out of STDERR (the golden cases pin it)
expect() {
    local want_rc=$1 want_out=$2 want_err=$3 rc=0; shift 3
    echo '{"id":"A"}' | "$K" "$@" > out 2> err || rc=$?
    sed -i -E '/^kaohe: [^ ]+: [0-9]+ records?: [0-9]+ evaluated, [0-9]+ refused, [0-9]+ roster checks? failed/d' err
    [ "$rc" = "$want_rc" ] || fail "$*: exit status $rc, expected $want_rc ($(cat err))"
    [ "$(cat out)" = "$want_out" ] || fail "$*: standard output
$(cat out)
expected
$want_out"
    [ "$(cat err)" = "$want_err" ] || fail "$*: standard error
$(cat err)
expected
$want_err"
}

cat > p.rules <<'EOF'
param n = 3
param r = 8%
param pay = 100 yuan
param on = true
param label = "x"
param xs = [1, 2]
input:
    id: text, key
output o = {n: n, r: r, pay: pay, on: on, label: label, xs: xs}
EOF
o() { echo "{\"id\":\"A\",\"o\":{\"n\":$1,\"r\":$2,\"pay\":$3,\"on\":$4,\"label\":\"$5\",\"xs\":[1,2]}}"; }
E="try 'kaohe help eval'"

# ---- --set, one kind of param at a time ---------------------------------------
expect 0 "$(o 4 0.08 100.00 true x)" "" eval p.rules - -f ndjson --set n=4
expect 2 "" "kaohe: --set n: \"4.5\" is not a whole number (n is integer)" eval p.rules - --set n=4.5
expect 0 "$(o 3 0.1 100.00 true x)" "" eval p.rules - -f ndjson --set r=10%
expect 0 "$(o 3 0.25 100.00 true x)" "" eval p.rules - -f ndjson --set=r=0.25
expect 2 "" "kaohe: --set r: \"%\" is not a number (such as 10% or 0.1) (r is decimal)" eval p.rules - --set r=%
# money: ¥ / ￥ before, yuan / 元 after, spaces around; at most 2 decimals
expect 0 "$(o 3 0.08 200.00 true x)" "" eval p.rules - -f ndjson --set 'pay=¥200'
expect 0 "$(o 3 0.08 200.50 true x)" "" eval p.rules - -f ndjson --set 'pay=￥ 200.5'
expect 0 "$(o 3 0.08 300.00 true x)" "" eval p.rules - -f ndjson --set 'pay=300yuan'
expect 0 "$(o 3 0.08 400.00 true x)" "" eval p.rules - -f ndjson --set 'pay= 400 元 '
expect 2 "" "kaohe: --set pay: \"1.234\": an amount of money has at most 2 decimals (pay is money)" eval p.rules - --set pay=1.234
expect 2 "" "kaohe: --set pay: \"lots\" is not an amount (such as 2500000 or 200.50) (pay is money)" eval p.rules - --set pay=lots
expect 2 "" "kaohe: --set pay: \" yuan \" is not an amount (such as 2500000 or 200.50) (pay is money)" eval p.rules - --set 'pay= yuan '
expect 2 "" "kaohe: --set pay: \"\" is not an amount (such as 2500000 or 200.50) (pay is money)" eval p.rules - --set pay=
expect 2 "" "kaohe: --set r: \"\" is not a number (such as 10% or 0.1) (r is decimal)" eval p.rules - --set r=
expect 0 "$(o 3 0.08 100.00 false x)" "" eval p.rules - -f ndjson --set on=false
expect 2 "" "kaohe: --set on: \"yes\" is not true or false (on is boolean)" eval p.rules - --set on=yes
expect 0 "$(o 3 0.08 100.00 true 'a b')" "" eval p.rules - -f ndjson --set 'label=a b'
expect 0 "$(o 3 0.08 100.00 true '')" "" eval p.rules - -f ndjson --set label=
expect 2 "" "kaohe: --set xs: this param cannot be set from the command line (xs is list of integer)" eval p.rules - --set xs=3
expect 2 "" "kaohe: --set nn: the policy has no param 'nn'; did you mean 'n'?" eval p.rules - --set nn=1
expect 2 "" "kaohe: --set zzzz: the policy has no param 'zzzz'" eval p.rules - --set zzzz=1
expect 2 "" "kaohe: --set needs name=value, not '=3'" eval p.rules - --set =3
expect 2 "" "kaohe: --set needs name=value, not 'noequals'" eval p.rules - --set noequals
# the last of two --set of one param wins
expect 0 "$(o 7 0.08 100.00 true x)" "" eval p.rules - -f ndjson --set n=5 --set n=7

# ---- eval's options ---------------------------------------------------------------
expect 0 "$(o 3 0.08 100.00 true x)" "" eval p.rules - --jobs=2 --format ndjson
expect 0 "$(o 3 0.08 100.00 true x)" "" eval p.rules - -j 2 -f ndjson
expect 0 "$(o 3 0.08 100.00 true x)" "" eval p.rules - --jobs 0 -f ndjson
J="kaohe: --jobs needs a number of threads (0: one per processor)"
expect 2 "" "$J, not 'x'
$E" eval p.rules - --jobs x
expect 2 "" "$J, not '300'
$E" eval p.rules - --jobs 300
expect 2 "" "$J, not '-1'
$E" eval p.rules - --jobs -1
expect 2 "" "$J
$E" eval p.rules - --jobs
expect 2 "" "kaohe: unknown option '-j=2'
$E" eval p.rules - -j=2
X="kaohe: --format xlsx needs -o FILE (a workbook is not written to standard output)
$E"
expect 2 "" "$X" eval p.rules - --format xlsx
expect 2 "" "$X" eval p.rules - --format xlsx -o -
expect 2 "" "kaohe: unknown format 'yaml' (json, ndjson, csv or xlsx)
$E" eval p.rules - -f yaml
expect 2 "" "kaohe: too many arguments ('extra')
$E" eval p.rules - extra
expect 2 "" "kaohe: eval needs a POLICY and an INPUT
$E" eval p.rules
for opt in -o --output --format --set --prior --manifest; do
    case $opt in
    -o|--output) msg="$opt needs a file name" ;; # named as it was typed
    --format) msg="--format needs json, ndjson, csv or xlsx" ;;
    --set) msg="--set needs name=value" ;;
    --prior) msg="--prior needs the previous period's results" ;;
    --manifest) msg="--manifest needs a file name" ;;
    esac
    expect 2 "" "kaohe: $msg
$E" eval p.rules - $opt
done
# -o to a device is written directly; to a directory, refused before anything
expect 0 "" "" eval p.rules - -o /dev/null
mkdir d
expect 4 "" "kaohe: cannot write 'd': Is a directory" eval p.rules - -o d
# a manifest that cannot be written is found before anything is written:
# status 4 and no results (they were written, then the run failed, before)
expect 4 "" "kaohe: cannot write 'd': Is a directory" eval p.rules - -f ndjson --manifest d
expect 4 "" "kaohe: cannot read 'missing.json': No such file or directory" eval p.rules missing.json
[ -z "$(ls | grep -v -e '^p.rules$' -e '^d$' -e '^out$' -e '^err$')" ] || fail "files left behind: $(ls)"

# ---- --prior --------------------------------------------------------------------------
cat > ch.rules <<'EOF'
chain prior from carry
input:
    id: text, key
    n: integer
    prior: record, optional
        total: integer, default 0
output carry = {total: prior.total + n}
EOF
printf '[{"id":"A","n":1},{"id":"B","n":2},{"id":"C","n":3}]' > may.json
# A's carry (10 + 1); B's carry of the wrong type (B is refused); C's result
# an error (C is refused: no carry); a failed roster check (skipped)
printf '[{"id":"A","carry":{"total":10}},{"id":"B","carry":{"total":"x"}},{"id":"C","record":3,"error":"e"},{"check_failed":"c","roster":null,"ids":[]}]\n' > april.json
expect 1 '{"id":"A","carry":{"total":11}}
{"id":"B","record":2,"error":"field '"'prior.total'"': expected a number, found a text"}
{"id":"C","record":3,"error":"no carry from last month: this agent'"'"'s result in --prior april.json is an error (\"e\"); correct last month, or give the record its own '"'prior'"'"}' "may.json: record 2 (id \"B\"): error: field 'prior.total': expected a number, found a text
may.json: record 3 (id \"C\"): error: no carry from last month: this agent's result in --prior april.json is an error (\"e\"); correct last month, or give the record its own 'prior'" \
    eval ch.rules may.json --prior april.json -f ndjson
# what is not last month's results of this policy: status 4, the file named
: > empty.json
expect 4 "" "kaohe: --prior empty.json: the file is empty: give last month's results (kaohe eval ... -o FILE)" \
    eval ch.rules may.json --prior empty.json -f ndjson
printf '[{"id":"A","carry":{"total":10}},{"id":"A","carry":{"total":20}}]' > twice.json
expect 4 "" "kaohe: --prior twice.json: the id \"A\" has two results (records 1 and 2)" eval ch.rules may.json --prior twice.json
printf '[{"carry":{"total":5}}]' > noid.json
expect 4 "" "kaohe: --prior noid.json: record 1 has no id: results of a policy without a key cannot be chained" \
    eval ch.rules may.json --prior noid.json
printf '{"id":"C","carry":7}\n' > scalar.json
expect 4 "" "kaohe: --prior scalar.json: record 1 (id \"C\"): 'carry' is not an object: these are not results of this policy" \
    eval ch.rules may.json --prior scalar.json
printf '{"id":"A","carry":{"total":1}}\n{"id":\n' > badline.json
expect 4 "" "kaohe: --prior badline.json: record 2: line 2, column 7 (byte 37): invalid JSON: unexpected end of the line" \
    eval ch.rules may.json --prior badline.json
printf '[1]' > number.json
expect 4 "" "kaohe: --prior number.json: record 1 is not a result (a JSON object): this is not kaohe results" \
    eval ch.rules may.json --prior number.json
# the messages are about the prior file, not may.json
expect 4 "" "kaohe: --prior nope.json: cannot read it: No such file or directory" eval ch.rules may.json --prior nope.json
printf '[{"id":"A",}]' > badprior.json
expect 4 "" "kaohe: --prior badprior.json: line 1, column 12 (byte 11): invalid JSON: trailing comma before '}'" \
    eval ch.rules may.json --prior badprior.json
expect 4 "" "kaohe: --prior: the policy does not say what to chain (add e.g. 'chain prior from carry')" \
    eval p.rules may.json --prior april.json

# ---- writing results ----------------------------------------------------------------------
printf 'input:\n    n: integer\n    s: text\noutput o = n\noutput t = s\n' > nokey.rules
# no key: the id column is empty; an empty text is an empty cell; the
# message holding a comma is quoted
printf '{"n":1,"s":""}\n{"n":"x","s":"=1"}\n' > nokey.json
rc=0; "$K" eval nokey.rules nokey.json -f csv --csv-no-bom > out 2> err || rc=$?
[ $rc = 1 ] || fail "keyless csv: exit status $rc, expected 1 (the second record is refused)"
[ "$(cat out)" = "$(printf 'id,o,t,error\r\n,1,,\r\n,,,"field '"'"'n'"'"': expected a number, found a text"\r')" ] || fail "keyless csv: $(cat -A out)"
# --explain with no ledger in the policy: an empty "ledgers"
printf '{"n":1,"s":""}\n' > one.json
expect 0 '[
{"id":null,"o":1,"t":"","ledgers":{}}
]' "" eval nokey.rules one.json --explain
# a device that is full: status 4, and the message names the output
expect 4 "" "kaohe: cannot write the results (/dev/full)" eval nokey.rules one.json -o /dev/full
"$K" eval nokey.rules one.json > /dev/full 2> err; rc=$?
[ $rc = 4 ] && [ "$(cat err)" = "kaohe: cannot write the results (standard output)" ] || fail "stdout full: $rc $(cat err)"
# 6000 results of about 90 bytes: more than the 256 KB the writer buffers
big=$(printf 'y%.0s' $(seq 1 60))
for i in $(seq 1 6000); do echo "{\"n\":$i,\"s\":\"$big\"}"; done > many.json
"$K" eval nokey.rules many.json -f ndjson > out 2>/dev/null || fail "many: exit status $?"
[ "$(wc -l < out)" = 6000 ] && [ $(stat -c %s out) -gt 262144 ] || fail "many: $(wc -l < out) lines, $(stat -c %s out) bytes"
[ "$(sed -n 6000p out)" = "{\"id\":null,\"o\":6000,\"t\":\"$big\"}" ] || fail "many: the last line is $(tail -1 out)"
"$K" eval nokey.rules many.json -f csv -o many.csv 2>/dev/null || fail "many csv: exit status $?"
[ "$(wc -l < many.csv)" = 6001 ] || fail "many csv: $(wc -l < many.csv) lines"

# -o through a symbolic link: the file it points to is replaced, the link stays
echo old > target.json
ln -s target.json link.json
expect 0 "" "" eval p.rules - -f ndjson -o link.json
[ -L link.json ] && [ "$(cat target.json)" = "$(o 3 0.08 100.00 true x)" ] || fail "-o link.json: $(ls -l link.json) $(cat target.json)"
rm -f link.json target.json

# ---- colour on a terminal ------------------------------------------------------------------
# (script(1), of Debian's essential bsdutils, gives kaohe a terminal; its
# lines end in CR LF; -e passes on kaohe's exit status, 3 for a syntax error)
printf 'x = = 1\n' > bad.rules
if ! command -v script > /dev/null; then
    fail "script(1) is missing (apt-get install bsdutils): colour on a terminal cannot be tested"
else
    B=$'\033[1m' R=$'\033[1;31m' Z=$'\033[0m'
    want="${B}bad.rules:1:5:${Z} ${R}error:${Z} ${B}expected a value, 'when', 'tier' or 'ledger', but found '='${Z}"$'\r'"
    x = = 1"$'\r'"
        ${R}^${Z}"$'\r'
    for cmd in check fmt; do
        rc=0; got=$(env -u NO_COLOR script -qec "'$K' $cmd bad.rules" /dev/null) || rc=$?
        [ $rc = 3 ] && [ "$got" = "$want" ] || fail "$cmd in colour: exit status $rc, $(printf '%s' "$got" | cat -A)"
        # NO_COLOR=1 turns it off; set but empty, it does not (no-color.org)
        rc=0; got=$(NO_COLOR=1 script -qec "'$K' $cmd bad.rules" /dev/null) || rc=$?
        [ $rc = 3 ] && [ "$got" = "$(printf '%s' "$want" | sed 's/\x1b\[[0-9;]*m//g')" ] || fail "$cmd with NO_COLOR: exit status $rc, $(printf '%s' "$got" | cat -A)"
        rc=0; got=$(NO_COLOR= script -qec "'$K' $cmd bad.rules" /dev/null) || rc=$?
        [ $rc = 3 ] && [ "$got" = "$want" ] || fail "$cmd with NO_COLOR empty: exit status $rc, $(printf '%s' "$got" | cat -A)"
    done
fi

# ---- a 100 KB policy line in a message ---------------------------------------------------------
# "x = [1, 1, ... ?, 1, ...]" (25000 "1, " before the ?, at byte 75005; a
# list, since a sum of more than 1000 terms is an error of its own): 200
# characters of the line are shown, 60 before the caret ("1, " x 20), the ?,
# then 139 (", 1" x 46 and ","), with … at both ends
{ printf 'x = ['; printf '1, %.0s' $(seq 1 25000); printf '?'; printf ', 1%.0s' $(seq 1 25000); echo ']'; } > long.rules
"$K" check long.rules 2> err; rc=$?
want="long.rules:1:75006: error: unexpected character '?'
    …$(printf '1, %.0s' $(seq 1 20))?$(printf ', 1%.0s' $(seq 1 46)),…
     $(printf ' %.0s' $(seq 1 60))^"
[ $rc = 3 ] && [ "$(cat err)" = "$want" ] || fail "the long line: $rc
$(cat err)"

# ---- check ---------------------------------------------------------------------------------
printf 'param unused = 1\ninput:\n    id: text, key\noutput o = 1\n' > warn.rules
W="warn.rules:1:7: warning: the param 'unused' is never used
    param unused = 1
          ^~~~~~"
expect 0 "" "p.rules: ok" check p.rules
expect 0 "" "p.rules: ok" check --werror p.rules
# several policies: only what is wrong is said; --werror fails on a warning
expect 0 "" "$W" check p.rules warn.rules
expect 3 "" "$W" check --werror p.rules warn.rules
expect 3 "" "kaohe: error: cannot read 'nope.rules': No such file or directory" check p.rules nope.rules
expect 2 "" "kaohe: unknown option '--bogus'
try 'kaohe help check'" check --bogus p.rules
expect 2 "" "kaohe: check needs a POLICY
try 'kaohe help check'" check --werror

[ $failures -eq 0 ] || exit 1
echo "cov_io_cli: ok"
