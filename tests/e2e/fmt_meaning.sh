#!/usr/bin/env bash
# Issue 20: kaohe fmt must never change what a policy means.  For every
# shipped and test policy (rules/, examples/, tests/**/*.rules) that checks
# without errors, a copy of the tree is formatted in place (each file that
# checks, includes too), and then, policy by policy:
#   - `kaohe check` says the same things (every error, warning and note,
#     its level and message; the places move with the layout),
#   - `kaohe eval --explain` gives byte-identical results (with the
#     itemised ledgers: every entry's label and amount), record errors and
#     exit status on a fixed roster (the June 2014 roster, the language
#     tour's, a small one) and on every JSON/NDJSON file beside the policy,
#   - the formatted text formats to itself.
# A policy that does not check is refused by fmt (exit status 3) and left as
# it is (tests/e2e/hostile_fmt.sh); this test counts both kinds.
set -u
. "$(dirname "$0")/lib/scratch.sh"
failures=0
fail() { echo "fmt_meaning: FAIL: $*"; failures=$((failures + 1)); }

mkdir -p "$T/orig" "$T/fmt"
for d in rules examples tests; do cp -r "$d" "$T/orig/"; cp -r "$d" "$T/fmt/"; done
cd "$T/orig"
mapfile -t all < <(find rules examples tests -name '*.rules' | sort)
clean=()
for f in "${all[@]}"; do
    timeout 30 "$K" check "$f" >/dev/null 2>&1 && clean+=("$f")
done
[ ${#clean[@]} -ge 60 ] || fail "only ${#clean[@]} of ${#all[@]} policies check clean"

# format the copy in place
cd "$T/fmt"
for f in "${clean[@]}"; do
    timeout 30 "$K" fmt "$f" 2>"$T/fmt.err" || fail "fmt $f: exit status $?: $(head -3 "$T/fmt.err")"
done
changed=0
for f in "${clean[@]}"; do cmp -s "$T/orig/$f" "$T/fmt/$f" || changed=$((changed + 1)); done
[ $changed -ge 20 ] || fail "formatting changed only $changed files: the test would prove little"

# what check says, without the places: "level: message" and hints
said() { sed -n -E 's/^[^ ].*:[0-9]+:[0-9]+: (error|warning|note): /\1: /p; s/^kaohe: //p' "$1"; }

rosters=(examples/roster-2014-06.json examples/language-tour-roster.json tests/golden/_shared/ok.json)
runs=0
for f in "${clean[@]}"; do
    for side in orig fmt; do
        (cd "$T/$side" && timeout 30 "$K" check "$f" >/dev/null 2>"$T/$side.check")
        said "$T/$side.check" >"$T/$side.said"
    done
    cmp -s "$T/orig.said" "$T/fmt.said" || fail "$f: check says otherwise after fmt: $(diff "$T/orig.said" "$T/fmt.said" | head -4)"
    (cd "$T/fmt" && "$K" fmt --check "$f" >/dev/null 2>&1) || fail "$f: the formatted text is not formatted"
    dir=$(dirname "$f")
    mapfile -t own < <(cd "$T/orig" && find "$dir" -maxdepth 1 \( -name '*.json' -o -name '*.ndjson' \) ! -name '*.test.json' \
        ! -name 'expected*' | sort | head -8)
    for r in "${rosters[@]}" "${own[@]}"; do
        for side in orig fmt; do
            (cd "$T/$side" && timeout 30 "$K" eval "$f" "$r" --explain --format ndjson >"$T/$side.out" 2>"$T/$side.err"
             echo $? >"$T/$side.rc")
        done
        runs=$((runs + 1))
        for x in out err rc; do
            cmp -s "$T/orig.$x" "$T/fmt.$x" || fail "$f on $r: the $x differs after fmt: $(diff "$T/orig.$x" "$T/fmt.$x" | head -4)"
        done
    done
done
[ $runs -ge 250 ] || fail "only $runs evaluations compared"

[ $failures -eq 0 ] || exit 1
echo "fmt_meaning: ok (${#clean[@]} of ${#all[@]} policies check clean, $changed changed by fmt; $runs evaluations identical)"
