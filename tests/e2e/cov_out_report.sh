#!/usr/bin/env bash
# kaohe report's breakdown of pay "by component · per GROUP" (README, report.c
# find_by): the group is --by FIELD, else `level`, else the first top-level
# one-of field; a policy with roster functions keeps only the fields it
# reads (and display ones), so a field it does not read is never chosen,
# and --by naming it is a usage error (2) that says to mark it display.
# Pay here: 100 yuan base, plus sales when grade is "a":
#   A (junior, a, team x) 100 + 1000 = 1100;  B (senior, b, y) 100;
#   C (senior, a, y) 100 + 3000 = 3100;  total 4300.00.
# - level not read, grade read: per 等级: a (2) 200 base, 4000 commission,
#   4200 pay, 2100 mean; b (1) 100, 0, 100, 100;
# - level and team marked display: per level: junior (1) 100, 1000, 1100;
#   senior (2) 200, 3000, 3200, mean 1600; --by team: x (1) as junior,
#   y (2) as senior;
# - --by level or --by team where they are not read: refused, nothing written.
set -u
. tests/e2e/lib/expect.sh
. tests/e2e/lib/exits.sh
K=$(realpath "${KAOHE:-./kaohe}")
R=$PWD
T=$(mktemp -d); trap 'rm -rf "$T"' EXIT
export NO_COLOR=1
cd "$T" || exit 1
cat > r.rules <<'EOF'
input:
    id: text, key
    team: text
    level: one of "junior", "senior"
    grade "等级": one of "a", "b"
    sales: money
output pay "应发" = ledger from 0 yuan:
    "底薪 base"   +100 yuan
    "提成 commission"   +sales when grade = "a"
output big = count(roster where sales > 1500 yuan)
EOF
sed 's/level: one of "junior", "senior"/&, display/; s/team: text/team "组": text, display/' r.rules > shown.rules
cat > r.json <<'EOF'
[
  {"id": "A", "team": "x", "level": "junior", "grade": "a", "sales": 1000},
  {"id": "B", "team": "y", "level": "senior", "grade": "b", "sales": 20},
  {"id": "C", "team": "y", "level": "senior", "grade": "a", "sales": 3000}
]
EOF
# the page's text, tags and styles and charts left out, spaces squeezed
text() { python3 -c '
import re, sys
s = open(sys.argv[1]).read()
s = re.sub(r"<(style|svg)\b.*?</\1>", " ", s, flags=re.S)
print(re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", s)))' "$1" > "$1.txt"; }

exits 0 "$K" report r.rules r.json -o r.html 2> err
text r.html
has r.html.txt "应发 4300.00" "the pay total"
has r.html.txt "按 per 等级" "grouped by grade"
has r.html.txt "a (2) b (1) 底薪 base 200.00 100.00 提成 commission 4000.00 0.00 应发 4200.00 100.00 人均 mean 2100.00 100.00" "per grade"

exits 0 "$K" report shown.rules r.json -o shown.html 2> err
text shown.html
has shown.html.txt "按 per level" "grouped by level"
has shown.html.txt "junior (1) senior (2) 底薪 base 100.00 200.00 提成 commission 1000.00 3000.00 应发 1100.00 3200.00 人均 mean 1100.00 1600.00" "per level"
exits 0 "$K" report shown.rules r.json --by team -o team.html 2> err
text team.html
has team.html.txt "x (1) y (2) 底薪 base 100.00 200.00 提成 commission 1000.00 3000.00 应发 1100.00 3200.00" "per team"

for f in level team; do
    exits 2 "$K" report r.rules r.json --by $f -o no.html 2> err
    has err "kaohe: --by: the policy does not read the field '$f' (mark it display in the input to report by it)" "--by $f"
    [ ! -e no.html ] || fail "--by $f: a page was written"
done
# what-if (--set on the same policy): the base's --set-base values hold on
# both sides, "the same month".  pay.rules: commission = round(max(sales
# × rate, floor_pay), 2) over sales 1000, 2000.5, 12345.67:
#   rate 5%:  100 + 100.03 + 617.28 = 817.31;  rate 10%: 100 + 200.05 +
#   1234.57 = 1534.62 (+717.31);  floor 200 yuan, rate 8%: 200 + 200 +
#   987.65 = 1387.65, and at 10%: 200 + 200.05 + 1234.57 = 1634.62 (+246.97)
cp "$R/tests/golden/_shared/pay.rules" "$R/tests/golden/_shared/ok.json" .
exits 0 "$K" report pay.rules ok.json --set-base rate=5% --set rate=10% -o w.html 2> err
text w.html
has w.html.txt "假设 what-if: rate=10%" "the what-if named"
has w.html.txt "提成 817.31 1534.62 +717.31" "rate 5% against 10%"
exits 0 "$K" report pay.rules ok.json --set-base "floor_pay=200 yuan" --set rate=10% -o w2.html 2> err
text w2.html
has w2.html.txt "提成 1387.65 1634.62 +246.97" "floor 200 yuan on both sides"
echo "cov_out_report: ok"
