#!/usr/bin/env bash
# No silent caps where kaohe writes (issue 12 item 4, the command line part;
# issue 20): every repeated option is kept, however many, and no name or
# text is cut on its way out.
#
# The policy is tests/golden/_shared/pay.rules: commission =
# round(max(sales x rate, 100 yuan), 2).  Worked by hand for ok.json:
#   rate 1%:  A-1 max(10, 100) = 100.00; A-2 max(20.005, 100) = 100.00;
#             A-3 max(123.4567, 100) = 123.46                 total 323.46
#   rate 50%: A-1 500.00; A-2 1000.25; A-3 6172.835 -> 6172.84 total 7673.09
#   rate 8% (the default): 100.00 + 160.04 + 987.65 = 1247.69
# 299 times --set rate=1% and then rate=50%: the last one wins, so 50%
# (before, the 257th and later --set were dropped: 1%).
set -u
. tests/e2e/hostile/lib.bash
P=tests/golden/_shared/pay.rules
IN=tests/golden/_shared/ok.json

sets=()
for i in $(seq 299); do sets+=(--set rate=1%); done
sets+=(--set rate=50%)

k eval-sets 0 60 eval $P $IN --format csv --csv-no-bom "${sets[@]}"
[ "$(sed -n 3p "$T/eval-sets.out")" = "A-2,1000.25,0.9,"$'\r' ] || bad "eval: the 300th --set was not applied: $(sed -n 3p "$T/eval-sets.out")"

k slip-sets 0 60 slip $P $IN --id A-2 "${sets[@]}"
out_has slip-sets "1000.25"

k diff-sets 0 60 diff $P $IN --summary "${sets[@]}"
out_has diff-sets "commission                      1247.69          7673.09         +6425.40"

# --set-old too: the old side at 50% after 299 at 1%, the new side at 8%
old_sets=()
for i in $(seq 299); do old_sets+=(--set-old rate=1%); done
k diff-old-sets 0 60 diff $P $IN --summary "${old_sets[@]}" --set-old rate=50% --set rate=8%
out_has diff-old-sets "commission                      7673.09          1247.69         -6425.40"

k explain-sets 0 60 explain $P $IN --id A-2 commission "${sets[@]}"
out_has explain-sets "1000.25"

k report-sets 0 60 report $P $IN "${sets[@]}"
out_has report-sets "7673.09"

# 300 output names for explain: the last one is not an output, and says so
# (before, names after the 256th were dropped and the run succeeded)
names=()
for i in $(seq 299); do names+=(commission); done
k explain-names 2 60 explain $P $IN --id A-2 "${names[@]}" no_such_output
err_has explain-names "the policy defines no 'no_such_output'"

# --top: at most 50 largest changes are kept; more is refused, not cut
k diff-top-51 2 30 diff $P $IN --set rate=50% --top 51
err_has diff-top-51 "--top needs a whole number from 1 to 50, not '51'"

# names and texts are not cut: a nested output whose CSV/XLSX column name is
# longer than 512 bytes; a policy test's --set text of 400 bytes
long=$(printf 'f%.0s' $(seq 300))
cat >"$T/nested.rules" <<EOF
input:
    id: text, key
    n: integer
output a = { $long: { $long: n } }
EOF
echo '[{"id": "A", "n": 7}]' >"$T/one.json"
k csv-header 0 30 eval "$T/nested.rules" "$T/one.json" --format csv --csv-no-bom
[ "$(head -1 "$T/csv-header.out")" = "id,a.$long.$long,error"$'\r' ] || bad "csv: the nested header was cut: $(head -c 100 "$T/csv-header.out")"
k xlsx-header 0 30 eval "$T/nested.rules" "$T/one.json" --format xlsx -o "$T/nested.xlsx"
PYTHONPATH=tests/e2e/payroll python3 -c "
import sys
from xlsx_read import read_xlsx
v = read_xlsx('$T/nested.xlsx')['results'].cell('B1').value
sys.exit(0 if v == 'a.$long.$long' else 'B1 is %d bytes' % len(v))" || bad "xlsx: the nested header was cut"

cat >"$T/text.rules" <<'EOF'
input:
    id: text, key
param note: text = "x"
output o = note
EOF
python3 - "$T" <<'PY'
import json, sys
v = "长" * 100 + "x" * 100   # 400 bytes
json.dump({"policy": "text.rules", "base": {"id": "A"},
           "cases": [{"name": "a long text param", "set": {"note": v}, "records": [{}], "expect": {"A": {"o": v}}}]},
          open(sys.argv[1] + "/long.test.json", "w"), ensure_ascii=False)
PY
k test-long-set 0 30 test "$T/long.test.json"
out_has test-long-set "1 passed, 0 failed"

finish out_limits
