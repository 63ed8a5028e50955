#!/usr/bin/env bash
# kaohe explain on what the README promises it shows, worked out by hand:
# the row a table lookup took (its line in the CSV file; "the row with the
# largest ... not above" for a banded last key), which dated value of a
# param a record's month chose (with and without a label), a roster count
# over `this.` (its own value, and a value still set apart from a label
# wider than the value column), and text from the data made safe for a
# terminal (a control character written \xHH).  Facts, not layout: each
# check looks for the line of one node.
set -u
K=$(realpath "${KAOHE:-./kaohe}")
R=$(cd "$(dirname "$0")/../../examples/revisions" && pwd)
T=$(mktemp -d); trap 'rm -rf "$T"' EXIT
export NO_COLOR=1
cd "$T"
failures=0
fail() { echo "cov_explain_edges: FAIL: $*"; failures=$((failures + 1)); }

# has WANT_RC FRAGMENT ARGS...: explain exits WANT_RC and a line of its
# standard output holds FRAGMENT
has() {
    local want_rc=$1 frag=$2 rc=0; shift 2
    "$K" explain "$@" > out 2> err < /dev/null || rc=$?
    [ "$rc" = "$want_rc" ] || fail "explain $*: exit status $rc, expected $want_rc ($(cat err))"
    grep -qF -- "$frag" out || fail "explain $*: no line holds
$frag
in
$(cat out)"
}

# ---- quota-table: quotas.csv (header on line 1) by level, tenure_from -----------
# T01 specialist, 0.5 years: the specialist rows start at 0, 1, 3: 0 (line 2)
has 0 "specialist, 0, 60   $R/quotas.csv line 2: the row with the largest tenure_from not above the value looked up" \
    "$R/quota-table.rules" "$R/quota-table-roster.json" --id T01
# T03 supervisor, 2.9 years: the row from 1 year (line 6), 45 calls
has 0 "supervisor, 1, 45   $R/quotas.csv line 6: the row with" "$R/quota-table.rules" "$R/quota-table-roster.json" --id T03
# T04 manager, 12 years: the last row (line 10)
has 0 "manager, 3, 30   $R/quotas.csv line 10:" "$R/quota-table.rules" "$R/quota-table-roster.json" --id T04

# ---- dated-commission: 8% until 2014-06, 10% from 2014-07 ---------------------
DATED="param: 提成比例, dated: 8% until 2014-06, 10% from 2014-07"
has 0 "$DATED; 8% until 2014-06 applies to 2014-06" "$R/dated-commission.rules" "$R/dated-commission-roster.json" --id D01
has 0 "$DATED; 10% from 2014-07 applies to 2014-07" "$R/dated-commission.rules" "$R/dated-commission-roster.json" --id D02
has 0 "$DATED; 10% from 2014-07 applies to 2014-12" "$R/dated-commission.rules" "$R/dated-commission-roster.json" --id D03
# 12345.67 × 10% = 1234.567, rounded to cents
has 0 "1234.57" "$R/dated-commission.rules" "$R/dated-commission-roster.json" --id D02

# the manifest lists a dated param's values as the policy gives them; --set
# gives every month one value, marked overridden (README, dated values)
"$K" eval "$R/dated-commission.rules" "$R/dated-commission-roster.json" --manifest m.json > /dev/null 2>&1
grep -qF '"commission_rate": {"value": "8% until 2014-06, 10% from 2014-07", "overridden": false, "label": "提成比例"}' m.json ||
    fail "manifest of a dated param: $(grep -A2 '"params"' m.json)"
"$K" eval "$R/dated-commission.rules" "$R/dated-commission-roster.json" --set commission_rate=9% --manifest m.json > /dev/null 2>&1
grep -qF '"commission_rate": {"value": 0.09, "overridden": true, "label": "提成比例"}' m.json ||
    fail "manifest of a dated param set to 9%: $(grep -A2 '"params"' m.json)"

# ---- a table by a text key (no band), an unlabelled dated param, text with a control character
cat > t.rules <<'EOF'
table rates from "rates.csv" by code:
    code: text
    rate: integer

roster by period

param bonus = 5 until 2014-06, 7 from 2014-07

input:
    id: text, key
    period: month
    code: text
    name: text

output r = rates(code).rate + bonus
output shown = name
EOF
printf 'code,rate\nA1,10\nB2,20\n' > rates.csv
cat > in.json <<'EOF'
[{"id":"X","period":"2014-06","code":"B2","name":"a\u001bb"},
 {"id":"Y","period":"2014-07","code":"A1","name":"y"},
 {"id":"Z","period":"2014-07","code":"ZZ","name":"z"}]
EOF
# X: B2 is on line 3; June's bonus is 5: 20 + 5 = 25; Y: A1 (line 2), July's 7: 17
has 0 "B2, 20   rates.csv line 3" t.rules in.json --id X
grep -q "line 3:" out && fail "a table by a text key has no band, but its row was explained as one"
has 0 "25   = rates(code).rate + bonus" t.rules in.json --id X
has 0 "5   param, dated: 5 until 2014-06, 7 from 2014-07; 5 until 2014-06 applies to 2014-06" t.rules in.json --id X
has 0 "A1, 10   rates.csv line 2" t.rules in.json --id Y
has 0 "17   = rates(code).rate + bonus" t.rules in.json --id Y
# the name holds ESC (0x1B): shown as \x1B, never sent to the terminal
has 0 'a\x1Bb   input' t.rules in.json --id X
grep -q $'\x1b' out && fail "explain wrote a raw ESC from the data"
# the explained record is fine (0) though another is refused; Z, whose code has no
# row, is that record's error (1), naming the table and the key
rc=0; "$K" explain t.rules in.json --id Z > out 2> err || rc=$?
[ $rc = 1 ] || fail "explain --id Z: exit status $rc, expected 1"
grep -qF "table 'rates' (rates.csv) has no row with code = \"ZZ\"" err || fail "explain --id Z: $(cat err)"

# ---- bottom-10-percent: S02 (72.5) is the lowest specialist, tied with S05 ---------
# lower = specialists scoring below 72.5 = 0; specialists = 11; ceil(11 × 10%) = 2
B=("$R/bottom-10-percent.rules" "$R/bottom-10-percent-roster.json")
has 0 "over the roster, each entry compared with this record's own values (this.)" "${B[@]}" --id S02
# that node's label (the whole count, 75 columns) is wider than the value column:
# its value 0 still stands apart from it
has 0 'quarter_score < this.quarter_score)  0   over the roster, each entry' "${B[@]}" --id S02
has 0 'count(roster where level = "specialist")             11   over the roster' "${B[@]}" --id S02
# S08 (95) is the highest: 10 specialists below it
has 0 'quarter_score < this.quarter_score)  10   over the roster' "${B[@]}" --id S08

if [ $failures -gt 0 ]; then echo "cov_explain_edges: $failures failure(s)"; exit 1; fi
echo "cov_explain_edges: ok"
