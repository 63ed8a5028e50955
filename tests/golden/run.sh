#!/usr/bin/env bash
# Golden tests: each directory under tests/golden/ is one case.
#   args          the kaohe arguments, one per line (paths relative to the case)
#   expected.out  the exact standard output, written by hand
#   expected.err  (optional) the exact standard error
#   expected.rc   (optional) the exit status, 0 when absent
# Usage: tests/golden/run.sh ./kaohe [CASE...]
set -u
kaohe=$(realpath "$1"); shift
cd "$(dirname "$0")"
cases=("$@")
[ ${#cases[@]} -eq 0 ] && cases=(*/)
pass=0; fail=0
for c in "${cases[@]}"; do
    c=${c%/}
    [ -f "$c/args" ] || continue
    mapfile -t args < "$c/args"
    out=$(cd "$c" && NO_COLOR=1 timeout 60 "$kaohe" "${args[@]}" 2>/tmp/golden.err.$$; echo "rc=$?")
    rc=${out##*rc=}; out=${out%rc=*}; out=${out%$'\n'}
    want_rc=0; [ -f "$c/expected.rc" ] && want_rc=$(cat "$c/expected.rc")
    ok=1
    if [ "$out" != "$(cat "$c/expected.out")" ]; then
        ok=0; echo "FAIL $c: standard output differs"; diff <(echo "$out") "$c/expected.out" | head -20
    fi
    if [ -f "$c/expected.err" ] && ! diff -q /tmp/golden.err.$$ "$c/expected.err" >/dev/null; then
        ok=0; echo "FAIL $c: standard error differs"; diff /tmp/golden.err.$$ "$c/expected.err" | head -20
    fi
    if [ "$rc" != "$want_rc" ]; then ok=0; echo "FAIL $c: exit status $rc, expected $want_rc"; fi
    if [ $ok = 1 ]; then pass=$((pass+1)); else fail=$((fail+1)); fi
done
rm -f /tmp/golden.err.$$
echo "golden: $pass passed, $fail failed"
[ $fail = 0 ]
