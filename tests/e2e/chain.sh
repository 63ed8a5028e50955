#!/usr/bin/env bash
# Period chaining: evaluating 2014-04, then 05 with --prior the 04 results, then
# 06 with --prior the 05 results gives exactly the results of the files whose
# prior was filled in by hand (tests/policy/customer-service-2014/chain/).
# Then every way of mis-chaining a month (issue 12): what --prior refuses
# (status 4, the file named, nothing written), the agents it refuses (an error
# in their place, by id), and what it lets through with a word.
set -eu
K=${KAOHE:-./kaohe}; P=rules/customer-service-2014.rules; D=tests/policy/customer-service-2014/chain
T=$(mktemp -d); trap 'rm -rf "$T"' EXIT
fail() { echo "chain: FAIL: $*"; exit 1; }
$K eval $P $D/2014-04.json > $T/04.json 2>/dev/null
$K eval $P $D/2014-05.json --prior $T/04.json > $T/05.json 2>/dev/null
$K eval $P $D/2014-06.json --prior $T/05.json > $T/06.json 2>/dev/null
$K eval $P $D/2014-05-with-prior.json > $T/05h.json 2>/dev/null
$K eval $P $D/2014-06-with-prior.json > $T/06h.json 2>/dev/null
cmp $T/05.json $T/05h.json
cmp $T/06.json $T/06h.json
# and without chaining, June differs (the months really depend on each other)
$K eval $P $D/2014-06.json > $T/06n.json 2>/dev/null
if cmp -s $T/06n.json $T/06h.json; then fail "June without --prior should differ"; fi
# the results say their period, after the id
grep -q '^{"id":"A01","period":"2014-04",' $T/04.json || fail "the April results do not say their period"

# refused (NAME: what is given as --prior; FILE; the message after "kaohe: --prior FILE: ";
# then the input, if not May): status 4, the message, no output file
refuse() {
    local name=$1 file=$2 want=$3 input=${4:-$D/2014-05.json}
    set +e; $K eval $P $input --prior $file -o $T/out.json > $T/o 2> $T/e; local rc=$?; set -e
    [ $rc = 4 ] || fail "$name: status $rc, expected 4"
    [ "$(cat $T/e)" = "kaohe: --prior $file: $want" ] || fail "$name: stderr: $(cat $T/e)
  expected: kaohe: --prior $file: $want"
    [ ! -s $T/o ] && [ ! -e $T/out.json ] || fail "$name: something was written"
}
$K eval $P $D/2014-04.json -f csv -o $T/04.csv 2>/dev/null
refuse "last month's CSV" $T/04.csv "this looks like CSV ('id,period,assessed_days,required_calls,r...'): --prior reads last month's results as JSON or NDJSON (kaohe eval ... -o FILE)"
$K eval $P $D/2014-04.json -f xlsx -o $T/04.xlsx 2>/dev/null
refuse "last month's XLSX" $T/04.xlsx "this is a workbook (XLSX): --prior reads last month's results as JSON or NDJSON (kaohe eval ... -o FILE)"
refuse "the roster instead of the results" $D/2014-04.json "this is input records (a roster), not results: record 1 has no 'carry'; --prior reads last month's results (kaohe eval ... -o FILE)"
echo 'hello world' > $T/hello.txt
refuse "hello world" $T/hello.txt "this is not kaohe results (not JSON: it starts 'hello world')"
echo '[]' > $T/none.json
refuse "[]" $T/none.json "the file holds no results: give last month's results"
: > $T/empty.json
refuse "an empty file" $T/empty.json "the file is empty: give last month's results (kaohe eval ... -o FILE)"
refuse "the same month's results" $T/05.json "these are the results of 2014-05, the month of record 1 (id \"A01\") itself: its records need the results of 2014-04"
refuse "results two months back" $T/04.json "these are the results of 2014-04, but record 1 (id \"A01\") is of 2014-06 and needs the results of 2014-05, the month before" $D/2014-06.json
# results of a policy whose carry has other fields (incentive_streak renamed)
sed 's/"incentive_streak"/"streak"/g' $T/04.json > $T/other.json
refuse "another policy's carry" $T/other.json "record 1 (id \"A01\") was made by a policy whose carry has other fields (it has 'streak' and it lacks 'incentive_streak'; this policy's carry has contact_strikes, probation_months, incentive_streak, recent_passes, recent_scores)"
# results of an older kaohe (no period)
sed 's/"period":"2014-04",//' $T/04.json > $T/noperiod.json
refuse "results without their period" $T/noperiod.json "record 1 (id \"A01\") has no 'period': results of an older kaohe, or of a policy that is not chained by period; evaluate last month again to chain from it"
# an id with two results of one month
{ head -2 $T/04.json; sed -n 2p $T/04.json; echo '{"id":"Z","record":9,"error":"x"}'; echo ']'; } > $T/twice.json
refuse "two results for one id" $T/twice.json "the id \"A01\" has two results of 2014-04 (records 1 and 2)"

# refused agents: an error in the record's place, by id; the others evaluated
agent() { # NAME PRIOR INPUT STATUS: runs, checks the status, leaves stdout/stderr in $T/o, $T/e
    set +e; $K eval $P $3 --prior $2 -f ndjson > $T/o 2> $T/e; local rc=$?; set -e
    [ $rc = $4 ] || fail "$1: status $rc, expected $4: $(cat $T/e)"
}
python3 - $T/04.json $T/04-noA03.json $T/04-errA03.json <<'PY'
import json, sys
rs = json.load(open(sys.argv[1]))
json.dump([r for r in rs if r["id"] != "A03"], open(sys.argv[2], "w"))
json.dump([{"id": "A03", "record": 3, "error": "field 'calls': -1 is below 0"} if r["id"] == "A03" else r for r in rs],
          open(sys.argv[3], "w"))
PY
agent "an agent absent last month" $T/04-noA03.json $D/2014-05.json 1
grep -qxF "$D/2014-05.json: record 3 (id \"A03\"): error: no carry from last month: --prior $T/04-noA03.json has no result for this agent, and it was not hired this period (hired_this_month is false); give the record its own 'prior' if this is its first month" $T/e || fail "absent: $(cat $T/e)"
sed -n 3p $T/o | grep -q '^{"id":"A03","record":3,"error":"no carry from last month' || fail "absent: A03 is not an error"
[ "$(grep -c '"error"' $T/o)" = 1 ] || fail "absent: the others should be evaluated"
agent "an agent whose last month was an error" $T/04-errA03.json $D/2014-05.json 1
grep -qxF "$D/2014-05.json: record 3 (id \"A03\"): error: no carry from last month: this agent's result in --prior $T/04-errA03.json is an error (\"field 'calls': -1 is below 0\"), and it was not hired this period (hired_this_month is false); correct last month, or give the record its own 'prior'" $T/e || fail "error last month: $(cat $T/e)"
# a new hire for whom last month has a carry: a reused id, or a wrong hire date
sed 's/"id": "A01", "name": "李娜", "period": "2014-05", "status": "regular", "level": "specialist", "hire_date": "2012-08-06"/"id": "A01", "name": "李娜", "period": "2014-05", "status": "regular", "level": "specialist", "hire_date": "2014-05-05"/' $D/2014-05.json > $T/05-reused.json
cmp -s $T/05-reused.json $D/2014-05.json && fail "reused: the fixture did not change"
agent "a new hire with a carry" $T/04.json $T/05-reused.json 1
grep -qxF "$T/05-reused.json: record 1 (id \"A01\"): error: hired this period (hired_this_month), yet --prior $T/04.json has a result for this id last month: a reused id, or a wrong hire date?" $T/e || fail "reused: $(cat $T/e)"

# let through, with a word: A03 absent but its record gives its own prior
# (May by hand), the others' own priors replaced by their (equal) carries
agent "own priors" $T/04-noA03.json $D/2014-05-with-prior.json 0
grep -qxF "kaohe: warning: --prior $T/04-noA03.json: 3 records give their own 'prior', which last month's carry replaces (\"A01\", \"A02\", \"B01\")" $T/e || fail "own priors: $(cat $T/e)"
grep -qxF "kaohe: note: --prior $T/04-noA03.json has no carry for 1 agent whose record gives its own 'prior' (\"A03\")" $T/e || fail "own prior: $(cat $T/e)"
$K eval $P $D/2014-05-with-prior.json -f ndjson 2>/dev/null | cmp - $T/o || fail "own priors: results differ from the hand-filled month"
# records are read by worker threads: with 3 the same results, notes and refusals
cp $T/o $T/o1; cp $T/e $T/e1
$K eval $P $D/2014-05-with-prior.json --prior $T/04-noA03.json -f ndjson --jobs 3 > $T/o 2> $T/e
cmp $T/o $T/o1 && cmp $T/e $T/e1 || fail "--jobs 3 differs: $(cat $T/e)"
set +e; $K eval $P $D/2014-05.json --prior $T/05.json --jobs 3 > $T/o 2> $T/e; rc=$?; set -e
[ $rc = 4 ] && [ ! -s $T/o ] && grep -qF "kaohe: --prior $T/05.json: these are the results of 2014-05" $T/e || fail "--jobs 3, the same month: $rc $(cat $T/e)"
# a new hire (A05, hired 2014-05-12) absent last month starts from the defaults
python3 - $D/2014-05.json $D/2014-05-with-prior.json $T/05-new.json $T/05h-new.json <<'PY'
import json, sys
new = dict(json.load(open(sys.argv[1]))[1], id="A05", hire_date="2014-05-12", status="probation")
for src, dst in ((sys.argv[1], sys.argv[3]), (sys.argv[2], sys.argv[4])):
    json.dump(json.load(open(src)) + [new], open(dst, "w"), ensure_ascii=False)
PY
agent "a new hire" $T/04.json $T/05-new.json 0
grep -qxF "kaohe: note: --prior $T/04.json has no carry for 1 agent hired this period (hired_this_month): 'prior' starts from its defaults (\"A05\")" $T/e || fail "new hire: $(cat $T/e)"
$K eval $P $T/05h-new.json -f ndjson 2>/dev/null | cmp - $T/o || fail "new hire: results differ from the hand-filled month"
echo "chain: ok"
