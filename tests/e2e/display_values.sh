#!/usr/bin/env bash
# Issue 17 item 3: the report counts categorical outputs under their display
# labels (the policy and roster of tests/golden/display-values-slip: A has
# 48 calls, B 100, neither below 40, so both actions are "none", shown as
# 无; A is "regular" 正式, B "probation" 试用); the codes are not shown.
set -eu
K=$(realpath "${KAOHE:-./kaohe}")
T=$(mktemp -d); trap 'rm -rf "$T"' EXIT
. "$(dirname "$0")/lib/exits.sh"
G=tests/golden/display-values-slip
exits 0 $K report $G/p.rules $G/r.json -o $T/r.html 2>/dev/null
for want in '<title>无: 2</title>' '<title>待辞退: 0</title>' '<title>试用: 1</title>' '<title>正式: 1</title>'; do
    grep -qF "$want" $T/r.html || { echo "display_values: the report lacks $want"; exit 1; }
done
if grep -qE 'pending_dismissal|probation|regular' $T/r.html; then
    echo "display_values: the report shows a code instead of its label:"; grep -oE '.{40}(pending_dismissal|probation|regular).{20}' $T/r.html | head -3; exit 1
fi
# The Chinese twin of the 2014 policy labels its codes.  CS-0109 in June
# 2014 (examples/roster-2014-06.json): 960 calls of 1600 required, 1850
# minutes of 3000: basic_ratio = min(1, 0.6, 0.6167) = 0.6, shown 60%, not
# met (否); contact_rate 0.66 below 70% (a fourth strike), with the
# incentive (12 of 30) unmet: a strike (是), action pending_dismissal (待辞退);
# a regular agent: confirmation n/a (不适用); a specialist: next level
# supervisor (主管).
exits 0 $K slip rules/customer-service-2014.zh.rules examples/roster-2014-06.json --id CS-0109 >$T/slip 2>/dev/null
for want in '基本量达成率 basic quota ratio +60%$' '基本量达成 basic quota met +否$' '接触量不足 contact shortfall +是$' \
            '接触量处理 contact action +待辞退$' '§六 转正 confirmation +不适用$' '下一职级 next level +主管$'; do
    grep -qE "$want" $T/slip || { echo "display_values: the slip lacks /$want/:"; cat $T/slip; exit 1; }
done
# ... and its results keep the codes
exits 1 $K eval rules/customer-service-2014.zh.rules examples/roster-2014-06.json >$T/r.json 2>/dev/null
grep -F '"id":"CS-0109"' $T/r.json | grep -qF '"basic_ratio":0.6,"basic_met":false' &&
    grep -F '"id":"CS-0109"' $T/r.json | grep -qF '"contact_action":"pending_dismissal"' ||
    { echo "display_values: the results do not keep the codes"; exit 1; }
echo "display_values: ok"
