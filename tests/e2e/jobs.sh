#!/usr/bin/env bash
# --jobs N gives exactly the results of one job, in the same order, for a
# roster policy and a streaming one, with bad records in the input, in every
# output format.
set -eu
K=${KAOHE:-./kaohe}
T=$(mktemp -d); trap 'rm -rf "$T"' EXIT
G=../shared/tools/gen_roster.py
if [ -f $G ] && command -v python3 >/dev/null; then
    python3 $G --n 3000 --seed 5 --period 2014-12 --format ndjson > $T/in.ndjson
else
    python3 -c "import json;[print(json.dumps(r,ensure_ascii=False)) for r in json.load(open('examples/roster-2014-12.json'))]" > $T/in.ndjson
fi
# damage a few lines: a syntax error, a missing field, a duplicate id
sed -i -e '7s/}$/,}/' -e '100s/"calls":[0-9]*,//' -e '250s/"id":"[^"]*"/"id":"CS-000001"/' $T/in.ndjson
for p in rules/customer-service-2014.rules tests/bench/per-record.rules; do
    for f in json ndjson csv; do
        set +e
        $K eval $p $T/in.ndjson --format $f --set company_profit=2500000 > $T/one 2> $T/one.err; a=$?
        for j in 2 3; do
            $K eval $p $T/in.ndjson --format $f --set company_profit=2500000 --jobs $j > $T/many 2> $T/many.err; b=$?
            [ $a = $b ] || { echo "jobs $j: exit status $b, one job $a ($p, $f)"; exit 1; }
            cmp -s $T/one $T/many || { echo "jobs $j: results differ ($p, $f)"; exit 1; }
            cmp -s $T/one.err $T/many.err || { echo "jobs $j: messages differ ($p, $f)"; exit 1; }
        done
        set -e
    done
done
echo "jobs: identical results with 1, 2 and 3 jobs"
