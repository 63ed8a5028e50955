#!/usr/bin/env bash
# kaohe test (README: `kaohe test [PATH…]`, "ok/FAIL per case (with expected,
# actual and the explain trail), then `N passed, M failed`") on every kind of
# expected value: a date, a month, a number, a boolean, a list, a record;
# each right and each wrong (the path of the value that differs, the
# expected and actual values), a record field the output lacks, a record
# expected as a number; "set" with a number and a boolean, and with a list
# (refused: give the value as text); a "base" with a misspelt field; a file
# that is not JSON (the line and column), one that is not an object.
set -u
. "$(dirname "$0")/lib/expect.sh"
. "$(dirname "$0")/lib/exits.sh"
. "$(dirname "$0")/lib/scratch.sh"
cd "$T"
cat > w.rules <<'EOF'
policy "test walk"

param bonus = 2
param strict = false

input:
    id: text, key
    hired: date
    period: month
    calls: integer
    visits: list of integer
    q: record
        score: integer

output hd = hired
output pm = period
output n = calls * bonus
output big = calls > 5 or strict
output vs = visits
output qq = q
EOF
cat > w.test.json <<'EOF'
{
  "policy": "w.rules",
  "base": {"hired": "2014-01-02", "period": "2014-06", "visits": [1, 2], "q": {"score": 3}},
  "cases": [
    {"name": "all as expected", "records": [{"id": "A", "calls": 7}],
     "expect": {"A": {"hd": "2014-01-02", "pm": "2014-06", "n": 14, "big": true, "vs": [1, 2], "qq": {"score": 3}}}},
    {"name": "set by number and boolean", "set": {"bonus": 3, "strict": true}, "records": [{"id": "A", "calls": 1}],
     "expect": {"A": {"n": 3, "big": true}}},
    {"name": "a wrong date", "records": [{"id": "A", "calls": 7}], "expect": {"A": {"hd": "2014-01-03"}}},
    {"name": "a wrong month", "records": [{"id": "A", "calls": 7}], "expect": {"A": {"pm": "2014-07"}}},
    {"name": "a wrong number", "records": [{"id": "A", "calls": 7}], "expect": {"A": {"n": 15}}},
    {"name": "a wrong list entry", "records": [{"id": "A", "calls": 7}], "expect": {"A": {"vs": [1, 3]}}},
    {"name": "a record field it lacks", "records": [{"id": "A", "calls": 7}], "expect": {"A": {"qq": {"scor": 3}}}},
    {"name": "a record expected as a number", "records": [{"id": "A", "calls": 7}], "expect": {"A": {"qq": 3}}},
    {"name": "a set given as a list", "set": {"bonus": [1]}, "records": [{"id": "A", "calls": 7}], "expect": {"A": {"n": 14}}},
    {"name": "numbers as text", "records": [{"id": "A", "calls": 7}, {"id": "B", "calls": 7}, {"id": "C", "calls": 7}],
     "expect": {"A": {"n": "14"}, "B": {"n": "28/2"}, "C": {"n": "1400%"}}},
    {"name": "a per cent that is not a number", "records": [{"id": "A", "calls": 7}], "expect": {"A": {"n": "abc%"}}},
    {"name": "a number expected as true", "records": [{"id": "A", "calls": 7}], "expect": {"A": {"n": true}}}
  ]
}
EOF
exits 1 "$K" test w.test.json > out 2> err
# 7 × 2 = 14; with bonus 3, 1 × 3 = 3 and big by strict
has out 'ok   w.test.json: all as expected' 'every kind of value as expected'
has out 'ok   w.test.json: set by number and boolean' 'set by a JSON number and boolean'
has out 'A.hd: expected "2014-01-03", got "2014-01-02"' 'a date'
has out 'A.pm: expected "2014-07", got "2014-06"' 'a month'
has out 'A.n: expected 15, got 14' 'a number'
has out 'A.vs[2]: expected 3, got 2' 'the second entry of a list'
has out 'A.qq.scor: there is no such output field' 'a field the record lacks'
has out 'A.qq: expected 3, got {"score":3}' 'a record expected as a number'
has out 'set bonus: give the value as text' 'a set given as a list'
has out '└─ bonus  2   param' 'the explain trail under a failed case'
# 14 as the text "14", as 28/2 and as 1400%
has out 'ok   w.test.json: numbers as text' 'numbers given as text'
has out 'A.n: expected "abc%", got 14' 'a per cent that is not a number'
has out 'A.n: expected true, got 14' 'a boolean for a number'
has out '3 passed, 9 failed' 'the count'
# ---- files that are not tests
printf '{\n  "policy": "w.rules"\n  "cases": []\n}\n' > bad.test.json
exits 1 "$K" test bad.test.json > out 2> err
has out 'invalid JSON at line 3, column 3 (a missing comma or quote just before?)' 'the comma missing at the end of line 2'
echo '[1, 2]' > arr.test.json
exits 1 "$K" test arr.test.json > out 2> err
has out 'the file is not a JSON object (see kaohe help test)' 'a JSON array'
printf '{"policy": "w.rules", "base": {"calss": 1}, "cases": [{"name": "c", "records": [{"id": "A", "hired": "2014-01-02", "period": "2014-06", "calls": 1, "visits": [], "q": {"score": 1}}], "expect": {"A": {"n": 2}}}]}\n' > base.test.json
exits 1 "$K" test base.test.json > out 2> err
has out "base: the input has no field 'calss' (did you mean 'calls'?)" 'a misspelt field in base'
echo "cov_policytest_walk: ok"
