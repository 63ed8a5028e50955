#!/usr/bin/env bash
# kaohe diff's exit status follows eval's rule (README "Exit status", kaohe
# diff --help): 0 when every record is evaluated and every roster check
# holds, 1 when a record is refused or a roster check fails -- under either
# policy -- with the report written all the same; 2 usage, 3 policy error,
# 4 input unreadable.  Before, diff said 0 whatever either side refused.
#
# old.rules: calls at least 0, pay = calls * 2, the check "team calls within
# the cap" sum(calls) <= cap (100).  new.rules: calls at least 1, pay =
# calls * 3, the same check.  By hand:
#   ok.json    A 40, B 50: both sides evaluate both (sum 90 <= 100)    -> 0
#   zero.json  A 40, B 0: the new side refuses B (0 < 1), the old not  -> 1
#              (swapped, the old side refuses it: a note says so)      -> 1
#   neg.json   A 40, C -1: both sides refuse C                         -> 1
#   ok.json with --set cap=80 (the new side): 90 > 80, its check fails -> 1
#              with --set-old cap=80 instead: the old side's fails      -> 1
set -eu
. tests/e2e/lib/exits.sh
. tests/e2e/lib/expect.sh
K=${KAOHE:-./kaohe}
T=$(mktemp -d); trap 'rm -rf "$T"' EXIT
cat >"$T/old.rules" <<'EOF'
input:
    id: text, key
    calls: integer, at least 0

param cap = 100
output pay: integer = calls * 2
check "team calls within the cap": sum(calls over roster) <= cap
EOF
sed -e 's/at least 0/at least 1/' -e 's/calls \* 2/calls * 3/' "$T/old.rules" >"$T/new.rules"
echo '[{"id":"A","calls":40},{"id":"B","calls":50}]' >"$T/ok.json"
echo '[{"id":"A","calls":40},{"id":"B","calls":0}]' >"$T/zero.json"
echo '[{"id":"A","calls":40},{"id":"C","calls":-1}]' >"$T/neg.json"

# all evaluated on both sides: 0; A 80 -> 120 (+40), B 100 -> 150 (+50)
exits 0 "$K" diff "$T/old.rules" "$T/new.rules" "$T/ok.json" >"$T/ok.out" 2>"$T/ok.err"
has "$T/ok.out" "records: 2, changed: 2, errors: 0 → 0" "ok: the summary"
has "$T/ok.err" "2 records: 2 evaluated, 0 refused, 0 roster checks failed" "ok: the summary line"

# the new side refuses B: 1, and the report is whole (A's change, B's error)
exits 1 "$K" diff "$T/old.rules" "$T/new.rules" "$T/zero.json" >"$T/zero.out" 2>"$T/zero.err"
has "$T/zero.out" "  pay                    80 → 120   (+40)" "zero: A's change"
has "$T/zero.out" "error                  evaluated → field 'calls': 0 is less than the minimum 1" "zero: B's error"
has "$T/zero.out" "records: 2, changed: 2, errors: 0 → 1" "zero: the summary"
has "$T/zero.err" "2 records: 1 evaluated, 1 refused, 0 roster checks failed" "zero: the summary line"
has "$T/zero.err" "kaohe: note: $T/zero.json: under $T/old.rules (the old side) 0 records refused and 0 roster checks failed" \
    "zero: the old side's counts, which differ"

# the old side refuses B, the new side nothing: still 1, and a note says so
exits 1 "$K" diff "$T/new.rules" "$T/old.rules" "$T/zero.json" >"$T/swap.out" 2>"$T/swap.err"
has "$T/swap.out" "records: 2, changed: 2, errors: 1 → 0" "swap: the summary"
has "$T/swap.err" "kaohe: note: $T/zero.json: under $T/new.rules (the old side) 1 record refused and 0 roster checks failed" \
    "swap: the old side's refusal"
has "$T/swap.err" "2 records: 2 evaluated, 0 refused, 0 roster checks failed" "swap: the summary line (the new side)"

# both sides refuse C: 1, the same counts, no note
exits 1 "$K" diff "$T/old.rules" "$T/new.rules" "$T/neg.json" >"$T/neg.out" 2>"$T/neg.err"
has "$T/neg.out" "records: 2, changed: 1, errors: 1 → 1" "neg: the summary"
grep -q "note:" "$T/neg.err" && fail "neg: a note though both sides refused the same: $(cat "$T/neg.err")"

# a roster check fails on the new side, then on the old side only: 1
exits 1 "$K" diff "$T/old.rules" "$T/ok.json" --set cap=80 >"$T/cap.out" 2>"$T/cap.err"
has "$T/cap.err" "2 records: 2 evaluated, 0 refused, 1 roster check failed" "cap: the new side's failed check"
exits 1 "$K" diff "$T/old.rules" "$T/ok.json" --set-old cap=80 >"$T/capold.out" 2>"$T/capold.err"
has "$T/capold.err" "under $T/old.rules cap=80 (the old side) 0 records refused and 1 roster check failed" \
    "capold: the old side's failed check"

# with -o the report is written although the status is 1 (as eval writes its results)
exits 1 "$K" diff "$T/old.rules" "$T/new.rules" "$T/zero.json" --format json -o "$T/zero.diff.json" 2>/dev/null
has "$T/zero.diff.json" '"old_errors":0,"new_errors":1' "-o: the report written"

# the other statuses, as eval's: usage 2, policy error 3, input unreadable 4
exits 2 "$K" diff "$T/old.rules" "$T/ok.json" 2>/dev/null
echo 'output x = nope + 1' >"$T/bad.rules"
exits 3 "$K" diff "$T/old.rules" "$T/bad.rules" "$T/ok.json" 2>/dev/null
printf '[{"id":' >"$T/cut.json"
exits 4 "$K" diff "$T/old.rules" "$T/new.rules" "$T/cut.json" 2>/dev/null

# kaohe diff --help says so
exits 0 "$K" diff --help >"$T/help"
has "$T/help" "Exit status: 0 all evaluated on both sides, 1 some records failed or a roster check failed" "--help"
has "$T/help" "(on either side; the report is written all the same), 2 usage, 3 policy error, 4 I/O error." "--help"
echo "diff_exit_status: ok"
