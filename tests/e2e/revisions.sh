#!/usr/bin/env bash
# The revisions of issue 16 (examples/revisions/): each policy's hand-worked
# cases pass, each checks clean and is formatted, and each evaluates its
# shipped roster with the same results on one thread and on several.
set -eu
K=${KAOHE:-./kaohe}
dir=examples/revisions
out=$($K test $dir) || { echo "$out" | grep -v '^ok'; exit 1; }
echo "$out" | tail -1
for p in $dir/*.rules; do
    $K check "$p" 2>/dev/null || { echo "FAIL: $p does not check clean"; $K check "$p"; exit 1; }
    $K fmt --check "$p" || { echo "FAIL: $p is not formatted"; exit 1; }
    roster=${p%.rules}-roster.json
    [ -f "$roster" ] || { echo "FAIL: $p has no roster $roster"; exit 1; }
    one=$($K eval "$p" "$roster" --jobs 1 2>/dev/null) || { echo "FAIL: eval $p $roster"; exit 1; }
    two=$($K eval "$p" "$roster" --jobs 2 2>/dev/null) || { echo "FAIL: eval --jobs 2 $p $roster"; exit 1; }
    [ "$one" = "$two" ] || { echo "FAIL: $p: --jobs 2 differs from --jobs 1"; exit 1; }
done
echo "revisions: ok"
