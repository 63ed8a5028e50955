#!/usr/bin/env bash
# Replays what the fuzzers found (tests/fuzz/regress-*/) and their seed
# corpora through the command line: every policy ends with status 0 or 3,
# every input with 0, 1 or 4 (a tools input through eval, slips, the report
# and diff with its --set line: 2 when the line is no assignment; diff, as
# eval, 1 when a record is refused), in time,
# with no sanitizer report (under
# `make asan-test` this is the sanitizer build).  A file FILE.expect holds
# text that must appear on stderr (the defined outcome of that case).
set -u
. tests/e2e/hostile/lib.bash
P=rules/customer-service-2014.rules
replay() { # NAME FILE OK-STATUSES ARGS...
    local name=$1 file=$2 ok=$3 rc
    shift 3
    checks=$((checks + 1))
    timeout -k 5 30 "$K" "$@" >"$T/out" 2>"$T/err"
    rc=$?
    if grep -qE "Sanitizer|runtime error:" "$T/err"; then
        bad "$name: sanitizer report"
        grep -m3 -E "ERROR|SUMMARY|runtime error" "$T/err"
    elif [[ " $ok " != *" $rc "* ]]; then
        bad "$name: exit status $rc, expected one of: $ok"
        head -c 400 "$T/err"
    elif [ -f "$file.expect" ] && ! grep -qF -f "$file.expect" "$T/err"; then
        bad "$name: stderr lacks: $(cat "$file.expect")"
    fi
}
for f in tests/fuzz/regress-policy/* tests/fuzz/corpus-policy/*; do
    [[ $f == *.expect ]] && continue
    replay "$f" "$f" "0 3" check "$f"
done
# fmt's seeds and findings: formatted (0) or refused (3: their includes are
# not beside them here), in time, with no sanitizer report
for f in tests/fuzz/regress-fmt/* tests/fuzz/corpus-fmt/*; do
    [[ $f == *.expect ]] || [ ! -f "$f" ] && continue
    replay "$f" "$f" "0 3" fmt --stdout "$f"
done
for f in tests/fuzz/regress-record/* tests/fuzz/corpus-record/*; do
    [[ $f == *.expect ]] || [ ! -f "$f" ] && continue
    replay "$f" "$f" "0 1 4" eval $P "$f" --format ndjson
done
# the tools harness's inputs: a --set line, then a roster
for f in tests/fuzz/regress-tools/* tests/fuzz/corpus-tools/*; do
    [[ $f == *.expect ]] || [ ! -f "$f" ] && continue
    set_line=$(head -n 1 "$f")
    tail -n +2 "$f" >"$T/roster"
    replay "$f eval" "$f" "0 1 4" eval $P "$T/roster" --format ndjson
    rm -rf "$T/slips"
    replay "$f slip" "$f" "0 1 4" slip $P "$T/roster" --all -o "$T/slips"
    replay "$f report" "$f" "0 1 2 4" report $P "$T/roster" --set "$set_line" -o /dev/null
    replay "$f diff" "$f" "0 1 2 4" diff $P "$T/roster" --set "$set_line" --format json
done
finish hostile_fuzz
