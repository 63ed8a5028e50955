#!/usr/bin/env bash
# Differential test: kaohe and the independent Python reference
# (tests/reference/cs2014_reference.py, written from the spec alone) agree on
# every output of generated rosters, for several periods and seeds.
set -eu
K=${KAOHE:-./kaohe}; P=rules/customer-service-2014.rules
G=../shared/tools/gen_roster.py; R=tests/reference/cs2014_reference.py
command -v python3 >/dev/null || { echo "reference_diff: python3 missing, skipped"; exit 0; }
[ -f $G ] || G=tests/reference/gen_roster_fallback.py
[ -f $G ] || { echo "reference_diff: no roster generator, skipped"; exit 0; }
T=$(mktemp -d); trap 'rm -rf "$T"' EXIT
for spec in "11 2014-06 400" "12 2014-12 400" "13 2014-03 300" "14 2014-08 300"; do
    set -- $spec
    python3 $G --n $3 --seed $1 --period $2 > $T/in.json
    $K eval $P $T/in.json --set company_profit=2500000 > $T/k.json 2>/dev/null || [ $? = 1 ]
    python3 $R $T/in.json --set company_profit=2500000 > $T/r.json 2>/dev/null
    python3 tests/reference/compare_results.py $T/k.json $T/r.json | tail -1
    python3 tests/reference/compare_results.py $T/k.json $T/r.json > /dev/null
done
for f in examples/roster-2014-06.json examples/roster-2014-12.json; do
    $K eval $P $f --set company_profit=2500000 > $T/k.json 2>/dev/null || [ $? = 1 ]
    python3 $R $f --set company_profit=2500000 > $T/r.json 2>/dev/null
    python3 tests/reference/compare_results.py $T/k.json $T/r.json
done
