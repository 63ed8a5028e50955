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
echo "display_values: ok"
