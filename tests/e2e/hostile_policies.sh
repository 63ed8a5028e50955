#!/usr/bin/env bash
# Damaged and mistaken policies, one small file each in hostile/policies/:
# `kaohe check NAME.rules` (run in that directory) must print exactly
# NAME.err on standard error — every diagnostic with its place, words, source
# line, caret and hint, and nothing else (a cascade or a false warning is a
# failure) — and nothing on standard output; the exit status is 3 when
# NAME.err holds an error, else 0; never a crash or a sanitizer report (under
# `make asan-test` this is the sanitizer build).  Each NAME.err was worked
# out by hand from the text of NAME.rules.
#
# A case that kaohe gets wrong today is marked in NAME.rules with a line
#   # known failure: WHAT IS WRONG
# It is reported as a KNOWN FAILURE (neither a pass nor a failure of the
# run); once it passes it fails the run, so that the mark is removed.
set -u
. tests/e2e/hostile/lib.bash
D=tests/e2e/hostile/policies
known=0
for f in $D/*.rules; do
    name=$(basename "$f" .rules)
    want=0
    [ -f "$D/$name.err" ] || { bad "$name: no $name.err beside it"; continue; }
    grep -qE '^[^ ]+:[0-9]+:[0-9]+: error: ' "$D/$name.err" && want=3
    why=$(sed -n 's/^# known failure: //p' "$f")
    checks=$((checks + 1))
    (cd $D && timeout -k 5 30 "$K" check "$name.rules" >"$T/$name.out" 2>"$T/$name.err")
    rc=$?
    problem=
    if grep -qE "Sanitizer|runtime error:" "$T/$name.err"; then problem="a sanitizer report"
    elif [ $rc -eq 124 ] || [ $rc -eq 137 ]; then problem="no answer within 30s (a hang)"
    elif [ $rc -ne $want ]; then problem="exit status $rc, expected $want"
    elif [ -s "$T/$name.out" ]; then problem="wrote to standard output"
    elif ! cmp -s "$T/$name.err" "$D/$name.err"; then problem="standard error differs from $name.err"
    fi
    if [ -n "$why" ]; then
        if [ -z "$problem" ]; then
            bad "$name: passes, but is marked a known failure: remove the '# known failure' line"
        elif [ "$problem" = "standard error differs from $name.err" ] || [ "${problem#exit status}" != "$problem" ]; then
            known=$((known + 1))
            echo "KNOWN FAILURE $name: $why"
        else
            bad "$name: $problem"
        fi
    elif [ -n "$problem" ]; then
        bad "$name: $problem (< got, > expected)"
        diff "$T/$name.err" "$D/$name.err" | head -20
    fi
done
checks=$((checks - known))
[ $known -eq 0 ] || echo "hostile_policies: $known known failures (not counted as passes)"
finish hostile_policies
