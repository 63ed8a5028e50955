#!/usr/bin/env bash
# kaohe test compares each expectation with the value as `kaohe help test`
# says: numbers exactly, written as JSON numbers, "1/4" or "25%"; lists
# entry by entry and in length; records by the keys given only (a key the
# output lacks is named).  Each mismatch is "ID.path: expected X, got Y";
# the explain trail under it is not checked here.  Worked by hand: n = 1,
# r = 1/4, xs = [1, 2], rec = {a: 1, b: "x"}.
set -u
. "$(dirname "$0")/lib/scratch.sh"
cd "$T"
failures=0
fail() { echo "cov_policytest_edges: FAIL: $*"; failures=$((failures + 1)); }
cat > e.rules <<'PEOF'
input:
    id: text, key
    n: integer

output r = n / 4
output xs = [n, n + 1]
output rec = {a: n, b: "x"}
PEOF
cat > e.test.json <<'JEOF'
{"policy": "e.rules", "base": {"id": "A", "n": 1}, "cases": [
 {"name": "per cent", "records": [{}], "expect": {"A": {"r": "25%"}}},
 {"name": "fraction", "records": [{}], "expect": {"A": {"r": "1/4", "xs": [1, 2], "rec": {"b": "x"}}}},
 {"name": "not a per cent", "records": [{}], "expect": {"A": {"r": "abc%"}}},
 {"name": "shorter list", "records": [{}], "expect": {"A": {"xs": [1]}}},
 {"name": "list entry", "records": [{}], "expect": {"A": {"xs": [1, 3]}}},
 {"name": "no such field", "records": [{}], "expect": {"A": {"rec": {"a": 1, "zz": 2}}}},
 {"name": "record as number", "records": [{}], "expect": {"A": {"rec": 5}}},
 {"name": "bool for number", "records": [{}], "expect": {"A": {"r": true}}}
]}
JEOF
rc=0; "$K" test e.test.json > out 2> err || rc=$?
[ $rc = 1 ] || fail "exit status $rc, expected 1 (cases failed)"
for line in "ok   e.test.json: per cent" "ok   e.test.json: fraction" \
    "FAIL e.test.json: not a per cent" '    A.r: expected "abc%", got 0.25' \
    "FAIL e.test.json: shorter list" "    A.xs: expected [1], got [1,2]" \
    "FAIL e.test.json: list entry" "    A.xs[2]: expected 3, got 2" \
    "FAIL e.test.json: no such field" "    A.rec.zz: there is no such output field" \
    "FAIL e.test.json: record as number" '    A.rec: expected 5, got {"a":1,"b":"x"}' \
    "FAIL e.test.json: bool for number" "    A.r: expected true, got 0.25" \
    "2 passed, 6 failed"; do
    grep -qxF -- "$line" out || fail "no line: $line"
done
[ $failures = 0 ] || { cat out; exit 1; }
echo "cov_policytest_edges: ok"
