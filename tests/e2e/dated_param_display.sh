#!/usr/bin/env bash
# A param's dated values as the user sees them (README, "dated values":
# `kaohe explain` shows the dated values and which applied, the manifest
# lists them; `--set` gives every month one value).  The example policy
# examples/revisions/dated-commission.rules: 8% until 2014-06, 10% from
# 2014-07, chosen by each record's period.  Worked out by hand: D01 (June)
# earns round(8% x 12345.67, 2) = 987.65, D02 (July) 1234.57.  A money param
# shows its amounts with two decimals (200.00), as money is shown everywhere.
set -eu
K=$(realpath "${KAOHE:-./kaohe}"); ROOT=$PWD
source "$(dirname "$0")/lib/exits.sh"
source "$(dirname "$0")/lib/expect.sh"
T=$(mktemp -d); trap 'rm -rf "$T"' EXIT
export NO_COLOR=1
P=$ROOT/examples/revisions/dated-commission.rules
R=$ROOT/examples/revisions/dated-commission-roster.json

# explain: the value that applied, the dated values, and which one applied to the record's month
exits 0 "$K" explain $P $R --id D02 > $T/d02.txt 2>/dev/null
has $T/d02.txt "1234.57" "D02's commission"
grep -E '^├─ commission_rate +10% ' $T/d02.txt > /dev/null || { cat $T/d02.txt; fail "D02's rate is July's 10%"; }
has $T/d02.txt "dated: 8% until 2014-06, 10% from 2014-07; 10% from 2014-07 applies to 2014-07" "D02's dated values"
exits 0 "$K" explain $P $R --id D01 commission > $T/d01.txt 2>/dev/null
has $T/d01.txt "987.65" "D01's commission"
has $T/d01.txt "8% until 2014-06 applies to 2014-06" "D01's dated value"

# the manifest lists the dated values as the policy gives them ...
exits 0 "$K" eval $P $R --manifest $T/m.json > /dev/null 2>/dev/null
python3 - $T/m.json <<'EOF' || fail "the manifest's dated param"
import json, sys
p = json.load(open(sys.argv[1]))["params"]["commission_rate"]
assert p["value"] == "8% until 2014-06, 10% from 2014-07", p
assert p["overridden"] is False, p
EOF
# ... and --set gives every month one value: no dated values shown
exits 0 "$K" eval $P $R --set commission_rate=9% --manifest $T/m9.json --format ndjson > $T/r9.ndjson 2>/dev/null
python3 - $T/m9.json $T/r9.ndjson <<'EOF' || fail "--set over a dated param"
import json, sys
p = json.load(open(sys.argv[1]))["params"]["commission_rate"]
assert p["overridden"] is True and "until" not in json.dumps(p), p
rows = [json.loads(l) for l in open(sys.argv[2])]
# 9% of 12345.67 = 1111.1103 -> 1111.11 in June and July alike
assert [r["commission"] for r in rows[:2]] == [1111.11, 1111.11], rows
EOF
exits 0 "$K" explain $P $R --id D02 --set commission_rate=9% > $T/d02s.txt 2>/dev/null
grep -q "dated:" $T/d02s.txt && fail "--set: explain still shows dated values"
grep -E '^├─ commission_rate +9% ' $T/d02s.txt > /dev/null || { cat $T/d02s.txt; fail "--set: the rate shown"; }

# a money param with dated values: its amounts with two decimals
cat > $T/floor.rules <<'EOF'
policy "floor"
roster by period
param floor "保底" = 200 yuan until 2014-06, 250.5 yuan from 2014-07
input:
    id: text, key
    period: month
output pay = floor
EOF
printf '{"id": "A", "period": "2014-06"}\n{"id": "B", "period": "2014-08"}\n' > $T/floor.ndjson
exits 0 "$K" explain $T/floor.rules $T/floor.ndjson --id B > $T/b.txt 2>/dev/null
has $T/b.txt "dated: 200.00 until 2014-06, 250.50 from 2014-07; 250.5 yuan from 2014-07 applies to 2014-08" "a money param's dated values"
exits 0 "$K" explain $T/floor.rules $T/floor.ndjson --id A > $T/a.txt 2>/dev/null
grep -E '^pay +200\.00 ' $T/a.txt > /dev/null || { cat $T/a.txt; fail "A's floor is June's 200.00"; }
echo "dated_param_display: ok"
