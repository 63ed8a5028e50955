#!/usr/bin/env bash
# kaohe diff with more output than it holds in memory at once (64 KiB): 5000
# records r1..r5000 with n = 1..5000, pay 2n on the old side and 3n on the
# new, so every record changes by +n: each row is written, in order, none
# lost or doubled where the output is flushed, as CSV and as JSON.
set -eu
. tests/e2e/lib/exits.sh
. tests/e2e/lib/expect.sh
K=${KAOHE:-./kaohe}
D=tests/e2e/cov_diff_large
T=$(mktemp -d); trap 'rm -rf "$T"' EXIT
awk 'BEGIN { printf "["; for (i = 1; i <= 5000; i++) printf "%s{\"id\":\"r%d\",\"n\":%d}\n", (i > 1 ? "," : ""), i, i; print "]" }' > $T/in.json
awk 'BEGIN { for (i = 1; i <= 5000; i++) printf "r%d,pay,,%d,%d,+%d\n", i, 2 * i, 3 * i, i }' > $T/want.csv
exits 0 $K diff $D/old.rules $D/new.rules $T/in.json --format csv > $T/got.csv 2> $T/err
sed '1d' $T/got.csv | tr -d '\r' > $T/rows.csv
cmp -s $T/rows.csv $T/want.csv || { diff $T/rows.csv $T/want.csv | head; fail "the 5000 rows of the CSV diff"; }
[ "$(wc -c < $T/got.csv)" -gt 65536 ] || fail "the CSV diff is not larger than 64 KiB: $(wc -c < $T/got.csv) bytes"
exits 0 $K diff $D/old.rules $D/new.rules $T/in.json --format json > $T/got.json 2> $T/err
[ "$(grep -c '"output":"pay"' $T/got.json)" = 5000 ] || fail "JSON: not 5000 records: $(grep -c '"output":"pay"' $T/got.json)"
has $T/got.json '{"id":"r1","record":1,"changes":[{"output":"pay","old":2,"new":3,"delta":1}]}' "JSON: the first record"
has $T/got.json '{"id":"r5000","record":5000,"changes":[{"output":"pay","old":10000,"new":15000,"delta":5000}]}' "JSON: the last record"
has $T/got.json '"summary":{"records":5000,"changed":5000,' "JSON: the summary"
echo "cov_diff_large: 5000 changed records, none lost"
