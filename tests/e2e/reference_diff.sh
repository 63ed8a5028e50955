#!/usr/bin/env bash
# Differential test: kaohe and the independent Python reference
# (tests/reference/cs2014_reference.py, written from the spec alone) agree on
# every output of generated rosters (tests/reference/gen_roster.py: records
# on the policy's edges, schema breakages, ties, a roster check), for several
# periods and seeds, as JSON and NDJSON, and two months chained with --prior;
# kaohe's exit status is 1 exactly when the reference has an error record or
# a failed roster check, and both name the same records in that check.
# Needs python3 (skipped loudly without it; a failure under CI=true).
set -eu
. tests/e2e/lib/skip.sh
K=${KAOHE:-./kaohe}; P=rules/customer-service-2014.rules
G=tests/reference/gen_roster.py; R=tests/reference/cs2014_reference.py; C=tests/reference/compare_results.py
command -v python3 >/dev/null || skip_or_fail reference_diff "python3 is missing" "apt-get install python3"
T=$(mktemp -d); trap 'rm -rf "$T"' EXIT
fail() { echo "reference_diff: FAIL: $*"; exit 1; }

# evaluate NAME INPUT [ARGS...]: kaohe to $T/NAME.k.json, the reference to
# $T/NAME.r.json (an argument @PRIOR@NAME gives each its own results of NAME
# as --prior); kaohe's status and its roster check are compared here
evaluate() {
    local name=$1 in=$2 kargs=() rargs=() a rc want
    shift 2
    for a in "$@"; do
        case $a in
        @PRIOR@*) kargs+=(--prior "$T/${a#@PRIOR@}.k.json"); rargs+=(--prior "$T/${a#@PRIOR@}.r.json") ;;
        *) kargs+=("$a"); rargs+=("$a") ;;
        esac
    done
    rc=0; $K eval $P "$in" "${kargs[@]}" > "$T/$name.k.json" 2> "$T/$name.k.err" || rc=$?
    python3 $R "$in" "${rargs[@]}" > "$T/$name.r.json" 2> "$T/$name.r.err" \
        || fail "$name: the reference failed: $(head -3 "$T/$name.r.err")"
    want=$(python3 -c 'import json, sys; print(int(any("error" in r for r in json.load(open(sys.argv[1]))) or sys.argv[2] != "0"))' \
        "$T/$name.r.json" "$(grep -c 'service stars' "$T/$name.r.err" || true)")
    [ "$rc" = "$want" ] || fail "$name: kaohe's exit status $rc, expected $want; $(grep -v ': record ' "$T/$name.k.err" | head -3)"
    # the §七.4 check: the same records named (kaohe: "records involved: ...")
    [ "$(grep 'check failed' "$T/$name.k.err" | grep -o 'CS-[0-9]*' | sort | tr '\n' ' ')" = \
      "$(grep 'service stars' "$T/$name.r.err" | grep -o 'CS-[0-9]*' | sort | tr '\n' ' ')" ] \
        || fail "$name: the star check names other records: $(grep 'check failed' "$T/$name.k.err") / $(cat "$T/$name.r.err")"
}

# agree NAME: the results are the same, value by value
agree() {
    python3 $C "$T/$1.k.json" "$T/$1.r.json" > "$T/$1.cmp" || { head -20 "$T/$1.cmp"; fail "$1: the results differ"; }
    echo "reference_diff: $1: $(tail -1 "$T/$1.cmp")"
}

#     name      seed period  n    generator options
for spec in "jun 11 2014-06 400 --broken 16" "dec 12 2014-12 400 --broken 16" "mar 13 2014-03 300" \
            "aug 14 2014-08 300 --broken 16" "sep-nd 15 2014-09 300 --broken 8 --format ndjson"; do
    set -- $spec
    name=$1 seed=$2 period=$3 n=$4; shift 4
    python3 $G --n $n --seed $seed --period $period "$@" > "$T/$name.in"
    evaluate $name "$T/$name.in" --set company_profit=2500000
    agree $name
done
# two months chained: July's prior is each one's own June results
python3 $G --n 300 --seed 21 --period 2014-06 --broken 6 > "$T/jun2.in"
python3 $G --n 300 --seed 22 --period 2014-07 > "$T/jul.in"
# (July's generated hire dates are independent of June: agents hired in July
# with a June result, and June's error records, are refused alike by both)
evaluate jun2 "$T/jun2.in"; agree jun2
evaluate jul "$T/jul.in" @PRIOR@jun2; agree jul
for f in examples/roster-2014-06.json examples/roster-2014-12.json; do
    name=$(basename $f .json)
    evaluate $name $f --set company_profit=2500000
    agree $name
done

# numbers exactly as written (the spec): 10^18 refused, 0.59999999999999999 kept
python3 $G --n 200 --seed 31 --period 2014-06 --exact-numbers > "$T/exact.in"
evaluate exact "$T/exact.in"; agree exact
echo "reference_diff: ok"
