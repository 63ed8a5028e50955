#!/usr/bin/env bash
# Terminal escape injection (issue 20 item 9): ids and names from the data
# that hold ESC/CSI/OSC sequences, C1 controls, line breaks or bidirectional
# overrides reach a terminal only as visible escapes (\x1B, \n, \u{009B},
# \u{202E}): in every message on stderr, text slips (on stdout and the
# files of --all), explain and diff text, and policy-test reports.  JSON
# outputs keep their own escaping (\u001b), byte for byte as before.
#
# The records (pay.rules: commission = round(max(sales x 8%, 100), 2)):
#   A ESC[2J ESC[H     valid: 1000 x 8% = 80 -> 100.00
#   B ESC]0;pwned BEL  sales -5: below the minimum 0
#   C CSI(U+009B)2K RLO evil   workdays missing
#   D LF "kaohe: all good"     days 30 above workdays 20
set -u
. tests/e2e/hostile/lib.bash
P=tests/golden/_shared/pay.rules
python3 - "$T" <<'PY'
import json, sys
recs = [
    {"id": "A\u001b[2J\u001b[H", "sales": 1000, "days": 20, "workdays": 20},
    {"id": "B\u001b]0;pwned\u0007", "sales": -5, "days": 20, "workdays": 20},
    {"id": "C\u009b2K\u202eevil", "sales": 100, "days": 20},
    {"id": "D\nkaohe: all good", "sales": 100, "days": 30, "workdays": 20},
]
open(sys.argv[1] + "/in.json", "w").write(json.dumps(recs, ensure_ascii=False))
PY
IN=$T/in.json
A=$(printf 'A\033[2J\033[H')

# raw FILE...: no byte a terminal would obey is in the files
raw() {
    python3 - "$@" <<'PY' || bad "raw control characters in: $*"
import re, sys
bad = re.compile(rb"[\x00-\x08\x0b-\x1f\x7f]|\xc2[\x80-\x9f]|\xe2\x80[\x8b-\x8f\xaa-\xae]|\xe2\x81[\xa0-\xa9]|\xef\xbb\xbf")
found = False
for f in sys.argv[1:]:
    data = open(f, "rb").read()
    m = bad.search(data)
    if m:
        print("%s: %r at byte %d" % (f, m.group(), m.start()))
        found = True
sys.exit(1 if found else 0)
PY
}

# ---- messages on stderr: one line per record, the id escaped -------------------
k eval 1 30 eval $P "$IN"
raw "$T/eval.err"
err_has eval "in.json: record 2 (id \"B\\x1B]0;pwned\\x07\"): error: field 'sales': -5 is less than the minimum 0"
err_has eval "in.json: record 3 (id \"C\\u{009B}2K\\u{202E}evil\"): error: field 'workdays': missing"
err_has eval "in.json: record 4 (id \"D\\nkaohe: all good\"): error: field 'days': 30 is more than the maximum workdays (20)"
grep -q '^kaohe: all good' "$T/eval.err" && bad "eval: a record forged a line of its own on stderr"
# JSON keeps JSON's escaping, exactly
out_has eval '{"id":"A\u001b[2J\u001b[H","commission":100.00,"attendance":1},'
out_has eval '{"id":"D\nkaohe: all good","record":4,"error":"field '"'"'days'"'"': 30 is more than the maximum workdays (20)"}'

k report 1 30 report $P "$IN" -o /dev/null
raw "$T/report.err"
k slip-all 1 30 slip $P "$IN" --all -o "$T/slips"
raw "$T/slip-all.err" "$T/slips/"*
# (B, C and D are refused on both sides: 1, as eval)
k diff 1 30 diff $P "$IN" --set rate=50%
raw "$T/diff.out" "$T/diff.err"
out_has diff 'A\x1B[2J\x1B[H  (record 1)'

# ---- a text slip and an explanation on stdout ------------------------------------
k slip 0 30 slip $P "$IN" --id "$A"
raw "$T/slip.out"
out_has slip '  工号  A\x1B[2J\x1B[H'
k explain 0 30 explain $P "$IN" --id "$A"
raw "$T/explain.out"
out_has explain 'A\x1B[2J\x1B[H  (record 1)'
k explain-json 0 30 explain $P "$IN" --id "$A" --format json
out_has explain-json '{"id":"A\u001b[2J\u001b[H","outputs":['

# ---- a message about the command line: the id given is escaped too -------------
k slip-missing 1 30 slip $P "$IN" --id "$(printf 'Z\033[2J')"
raw "$T/slip-missing.err"
err_has slip-missing 'no record has the id "Z\x1B[2J"'

# ---- a policy test's report ---------------------------------------------------------
cp $P "$T/pay.rules"
python3 - "$T" <<'PY'
import json, sys
json.dump({"policy": "pay.rules", "base": {"sales": 1000, "days": 20, "workdays": 20},
           "cases": [{"name": "case \u001b[2J\u009b", "records": [{"id": "X\u001b]0;t\u0007"}],
                      "expect": {"X\u001b]0;t\u0007": {"commission": "99"}}}]},
          open(sys.argv[1] + "/esc.test.json", "w"), ensure_ascii=False)
PY
k test 1 30 test "$T/esc.test.json"
raw "$T/test.out"
out_has test 'FAIL esc.test.json: case \x1B[2J\u{009B}'
out_has test 'X\x1B]0;t\x07.commission: expected "99", got 100.00'

finish terminal_escape
