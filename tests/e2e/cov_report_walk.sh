#!/usr/bin/env bash
# kaohe report on a small roster whose sums are worked out by hand (README,
# the report row of the command table): the money totals, pay by component
# per grade (the first one-of field, chosen by itself) and per team (--by, a
# display field: 20 groups, more than the first table of names holds), the
# yes/no counts and the flags held by fewer than half, the failed check with
# its records, a what-if (--set) in which one record is refused (on one side
# only) and two go down, and --by naming a field the input lacks or the policy
# does not keep.
set -u
. "$(dirname "$0")/lib/expect.sh"
. "$(dirname "$0")/lib/exits.sh"
. "$(dirname "$0")/lib/scratch.sh"
cd "$T"
cat > r.rules <<'EOF'
policy "report walk"

param cut = 0

input:
    id: text, key
    name: text, display
    grade: one of "junior", "senior"
    team: text, display
    other: text
    calls: integer, at least 0

late = calls < 10

output pay = ledger from 100 yuan:
    "calls" +1 yuan per calls
    "ratio" +1 yuan when 100 / (calls - cut) > 0
    "senior" +5 yuan when grade = "senior"
output score = ledger from 10 points:
    "late" -1 when late
output flagged = late
output many = ledger from 0 points:
    "many calls" +1 when calls > 100

check "at most one late": count(roster where late) <= 1
EOF
# R00..R19: odd ones senior; team T<i>; calls 5, 8, then 20 + 5i (30, 35 ... 115)
{
    echo '['
    for i in $(seq 0 19); do
        g=junior; [ $((i % 2)) = 1 ] && g=senior
        c=$((20 + 5 * i)); [ "$i" = 0 ] && c=5; [ "$i" = 1 ] && c=8
        sep=,; [ "$i" = 19 ] && sep=
        printf '{"id": "R%02d", "name": "N%d", "grade": "%s", "team": "T%02d", "other": "o", "calls": %d}%s\n' \
            "$i" "$i" "$g" "$i" "$c" "$sep"
    done
    echo ']'
} > r.json
# the page as text: tags out, each cell's text followed by " | "
text() {
    python3 - "$1" > "$2" <<'PY'
import re, sys, html
t = open(sys.argv[1], encoding="utf-8").read()
t = re.sub(r"<style>.*?</style>|<svg.*?</svg>", "", t, flags=re.S)
t = re.sub(r"</t[dh]>", " | ", t)
t = re.sub(r"<tr[^>]*>", "\n", t)
t = re.sub(r"<[^>]+>", "", t)
print(html.unescape(t))
PY
}
# R00, R01 late (5 and 8 calls): the check fails, status 1
exits 1 "$K" report r.rules r.json -o a.html 2> err
has err 'error: check failed: at most one late; records involved: R00, R01' 'the failed check on stderr'
text a.html a.txt
# calls: 5 + 8 + (20 × 18 + 5 × (2 + ... + 19 = 189)) = 13 + 360 + 945 = 1318
# pay: 20 × (100 + 1) + 1318 + 10 seniors × 5 = 3388; mean 169.40;
# lowest R00 100 + 5 + 1 = 106, highest R19 100 + 115 + 1 + 5 = 221
has a.txt 'pay | 3388.00 | 169.40 | 106.00 | 221.00 |' 'the money totals'
# juniors (even): 5 + 9 × 20 + 5 × (2 + 4 + ... + 18 = 90) = 635, pay 10 × 101 + 635 = 1645
# seniors: 1318 - 635 = 683, pay 1010 + 683 + 50 = 1743
has a.txt 'junior (10) | senior (10) |' 'pay by grade, the one-of field'
has a.txt 'calls | 635.00 | 683.00 |' 'calls by grade'
has a.txt 'senior | 0.00 | 50.00 |' 'the senior entry by grade'
has a.txt 'pay | 1645.00 | 1743.00 |' 'pay by grade'
has a.txt '人均 mean | 164.50 | 174.30 |' 'the mean by grade'
has a.txt 'flagged | 2 | 18 |' 'flagged: yes for R00 and R01'
has a.txt 'R00 | N0 | junior | 9 | flagged |' 'R00 lowest, flagged'
has a.txt 'R01 | N1 | senior | 9 | flagged |' 'R01 lowest, flagged'
has a.txt 'at most one late' 'the failed check in the page'
# --by team: 20 teams of one each
exits 1 "$K" report r.rules r.json --by team -o b.html 2> err
text b.html b.txt
has b.txt 'T00 (1) |' 'the first team'
has b.txt 'T19 (1) |' 'the twentieth team'
# R19 alone: 100 + 115 + 1 + 5 = 221
grep -qE '^pay \| 106\.00 \|.* 221\.00 \| $' b.txt || fail "pay by team, R00 106 first and R19 221 last: $(grep '^pay |' b.txt)"
# the what-if cut=30: R02 (30 calls) divides by zero there, R00 and R01
# (100 / negative) lose their +1: 3388 - 131 - 2 = 3255, change -133
exits 1 "$K" report r.rules r.json --set cut=30 -o d.html 2> err
text d.html d.txt
has d.txt 'pay | 3388.00 | 3255.00 | -133.00 |' 'the what-if totals'
has d.txt '0 增 up · 2 减 down · 17 不变 unchanged · 1 仅一方 on one side only' 'the what-if by id'
# --by a field the input lacks; one it has but the policy does not read
exits 2 "$K" report r.rules r.json --by nosuch -o c.html 2> err
has err "kaohe: --by: the input has no field 'nosuch'" '--by nosuch'
exits 2 "$K" report r.rules r.json --by other -o c.html 2> err
has err "kaohe: --by: the policy does not read the field 'other' (mark it display in the input to report by it)" '--by other'
# ---- a refused record (calls -1) beside the 20: not counted in any sum
python3 -c '
import json; r = json.load(open("r.json"))
r.append({"id": "R20", "name": "N20", "grade": "junior", "team": "T20", "other": "o", "calls": -1})
json.dump(r, open("e.json", "w"))'
exits 1 "$K" report r.rules e.json -o e.html 2> err
has err 'record 21 (id "R20")' 'the refused record on stderr'
text e.html e.txt
has e.txt 'pay | 3388.00 | 169.40 | 106.00 | 221.00 |' 'the totals without the refused record'
has e.txt 'R20' 'the refused record listed in the page'
has e.txt "is less than the minimum 0" 'why R20 was refused'
# the what-if over it: R20 refused on both sides, R02 in the what-if only
exits 1 "$K" report r.rules e.json --set cut=30 -o f.html 2> err
text f.html f.txt
has f.txt 'pay | 3388.00 | 3255.00 | -133.00 |' 'the what-if totals, R20 on neither side'
# ---- every record refused: nothing to total
printf '[{"id": "Z1", "name": "z", "grade": "junior", "team": "T", "other": "o", "calls": -1},\n {"id": "Z2", "name": "z", "grade": "senior", "team": "T", "other": "o", "calls": -2}]\n' > z.json
exits 1 "$K" report r.rules z.json -o z.html 2> err
text z.html z.txt
has z.txt '0已计算 evaluated' 'no record evaluated'
has z.txt '2错误 errors' 'both refused'
has z.txt 'pay | 0.00 | - | - | - |' 'a total of nothing, no mean, min or max'
has z.txt '2 | Z2 | field '"'"'calls'"'"': -2 is less than the minimum 0 |' 'Z2 listed'
# ---- three records of 50 calls: every score 10, one bar; pay 151 each
printf '[{"id": "S1", "name": "s", "grade": "junior", "team": "T", "other": "o", "calls": 50},\n {"id": "S2", "name": "s", "grade": "junior", "team": "T", "other": "o", "calls": 50},\n {"id": "S3", "name": "s", "grade": "junior", "team": "T", "other": "o", "calls": 50}]\n' > s.json
exits 0 "$K" report r.rules s.json -o s.html 2> err
text s.html s.txt
has s.txt '3 人 agents · 最低 min 10 · 平均 mean 10 · 最高 max 10' 'one score, 10'
has s.txt 'pay | 453.00 | 151.00 | 151.00 | 151.00 |' '3 × (100 + 50 + 1)'
# ---- a field named level is the one pay is broken down by
sed 's/^    grade: one of/    level: one of/; s/when grade = /when level = /' r.rules > l.rules
sed 's/"grade"/"level"/g' r.json > l.json
exits 1 "$K" report l.rules l.json -o l.html 2> err
text l.html l.txt
has l.txt 'pay | 1645.00 | 1743.00 |' 'pay by level'
# ---- --vs a policy whose money output has another name: nothing to compare
sed 's/^output pay = /output pay_b = /' r.rules > v.rules
exits 1 "$K" report r.rules r.json --vs v.rules -o v.html 2> err
text v.html v.txt
has v.txt '假设 what-if: v.rules' 'the what-if named by its policy'
grep -q 'pay by id' v.txt && fail "--vs without a pay output: pay compared by id: $(grep 'pay by id' v.txt)"
grep -q '^pay | 3388.00 | 3388.00' v.txt && fail '--vs without a pay output: pay compared'
# ---- a check that fails with no record involved (no one has 1000 calls)
sed 's/^check .*/check "someone has 1000 calls": count(roster where calls >= 1000) >= 1/' r.rules > n.rules
exits 1 "$K" report n.rules r.json -o n.html 2> err
has err 'r.json: error: check failed: someone has 1000 calls' 'the check on stderr'
grep -q 'records involved' err && fail "a check with no record involved names records: $(cat err)"
text n.html n.txt
has n.txt 'someone has 1000 calls' 'the check in the page'
echo "cov_report_walk: ok"
