#!/usr/bin/env bash
# Damaged and mistaken policies, one small file each in hostile/policies/:
# `kaohe check` must report each at the place and in the words written in
# the file's "# expect:" lines (worked out by hand from the text above them):
#   # expect: L:C: error: MESSAGE     the line "FILE:L:C: error: MESSAGE..."
#   # expect: L:C: warning: MESSAGE   the same, a warning
#   # expect: TEXT                    TEXT somewhere on stderr (a hint)
# The status is 3 when an error is expected, else 0; never a crash or a
# sanitizer report (under `make asan-test` this is the sanitizer build).
set -u
. tests/e2e/hostile/lib.bash
for f in tests/e2e/hostile/policies/*.rules; do
    name=$(basename "$f" .rules)
    want=0
    grep -q '^# expect: [0-9]*:[0-9]*: error: ' "$f" && want=3
    k "$name" $want 30 check "$f"
    while IFS= read -r e; do
        case $e in
        "nothing"*) ;;
        [0-9]*) err_has "$name" "$f:$e" ;;
        *) err_has "$name" "$e" ;;
        esac
    done < <(sed -n 's/^# expect: //p' "$f")
done
finish hostile_policies
