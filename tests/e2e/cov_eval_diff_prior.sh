#!/usr/bin/env bash
# kaohe diff --prior: both sides chain from last month's results (README,
# "Chaining months").  The same policy on both sides with May's roster and
# April's results changes nothing; given May's own results as --prior, the
# run stops as eval does (status 4, the file and the reason named, nothing
# written, no output file).
set -eu
. "$(dirname "$0")/lib/expect.sh"
. "$(dirname "$0")/lib/exits.sh"
K=${KAOHE:-./kaohe}; P=rules/customer-service-2014.rules; D=tests/policy/customer-service-2014/chain
T=$(mktemp -d); trap 'rm -rf "$T"' EXIT
# the April roster has no refused record: status 0 (chain.sh compares these
# results with the months filled in by hand)
exits 0 $K eval $P $D/2014-04.json -o $T/04.json 2>/dev/null
exits 0 $K eval $P $D/2014-05.json --prior $T/04.json -o $T/05.json 2>/dev/null

# chained from April on both sides: the 4 May records, none changed
exits 0 $K diff $P $P $D/2014-05.json --prior $T/04.json > $T/same.txt 2>$T/same.err
has $T/same.txt "records: 4, changed: 0, errors: 0 → 0" "the same policy on both sides"

# May's own results as May's prior: refused before anything is written
exits 4 $K diff $P $P $D/2014-05.json --prior $T/05.json -o $T/out.txt > $T/o 2> $T/e
want="kaohe: --prior $T/05.json: these are the results of 2014-05, the month of record 1 (id \"A01\") itself: its records need the results of 2014-04"
[ "$(cat $T/e)" = "$want" ] || fail "stderr: $(cat $T/e)
  expected: $want"
[ ! -s $T/o ] || fail "something was written on standard output"
[ ! -e $T/out.txt ] || fail "an output file was written"
echo "cov_eval_diff_prior: ok"
