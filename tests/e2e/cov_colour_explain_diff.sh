#!/usr/bin/env bash
# kaohe explain and kaohe diff on a terminal (README: "colour only on a
# terminal, never with NO_COLOR").  explain: for every agent of tests/e2e/cov_share (a ledger with an
# entry that did not apply, a tier, a when, roster values, an apportion) and
# with --all (the entries that did not apply shown too), the coloured tree
# is the plain one with colour added: the escapes taken out, it is the same
# text as written to a pipe; on the terminal some colour is used (the agent's
# id in bold), and with NO_COLOR none.  diff (text, the records and the
# summary): the same, each record's id and the summary's heading in bold.
# script(1) gives the terminal.
set -eu
. tests/e2e/lib/exits.sh
. tests/e2e/lib/expect.sh
K=${KAOHE:-./kaohe}
D=tests/e2e/cov_share
T=$(mktemp -d); trap 'rm -rf "$T"' EXIT
command -v script >/dev/null || fail "script(1) is missing (apt-get install bsdutils)"
n=0
for id in A B C; do
    for all in "" --all; do
        args=(explain $D/base.rules $D/agents.json --id $id $all)
        exits 0 env NO_COLOR=1 $K "${args[@]}" > $T/plain 2> $T/err
        exits 0 env -u NO_COLOR script -qec "$(printf '%q ' "$K" "${args[@]}") 2>/dev/null" /dev/null < /dev/null > $T/tty
        exits 0 env NO_COLOR=1 script -qec "$(printf '%q ' "$K" "${args[@]}") 2>/dev/null" /dev/null < /dev/null > $T/nc
        tr -d '\r' < $T/tty > $T/tty.lf
        tr -d '\r' < $T/nc > $T/nc.lf
        grep -qF $'\033[1m'"$id"$'\033[0m' $T/tty.lf || fail "explain --id $id $all on a terminal: the id not in bold"
        sed 's/\x1b\[[0-9;]*m//g' $T/tty.lf > $T/stripped
        cmp -s $T/stripped $T/plain || { diff $T/stripped $T/plain | head; fail "explain --id $id $all: the coloured tree is not the plain one"; }
        ! grep -qF $'\033[' $T/nc.lf || fail "explain --id $id $all: colour with NO_COLOR"
        cmp -s $T/nc.lf $T/plain || fail "explain --id $id $all: NO_COLOR on a terminal is not the plain tree"
        n=$((n + 1))
    done
done
# the entries that did not apply are shown, and set apart (A is not the top seller)
exits 0 env NO_COLOR=1 $K explain $D/base.rules $D/agents.json --id A pay --all > $T/plain 2> $T/err
has $T/plain '+bonus when is_top — no' "explain --all: A's entry that did not apply"
exits 0 env -u NO_COLOR script -qec "$(printf '%q ' "$K" explain $D/base.rules $D/agents.json --id A pay --all) 2>/dev/null" /dev/null < /dev/null > $T/tty
grep -F 'when is_top' $T/tty | grep -qF $'\033[2m' || fail "explain --all on a terminal: the entry that did not apply is not dimmed: $(grep -F 'when is_top' $T/tty | od -c | head -3)"

# diff: base.rules against its operator variant (tests/e2e/cov_share_variants.sh)
cp $D/base.rules $D/roster.rules $T/
sed 's/^base = sales \* 2$/base = sales + 2/' $D/base.rules > $T/new.rules
for summary in "" --summary; do
    args=(diff $T/base.rules $T/new.rules $D/agents.json $summary)
    exits 0 env NO_COLOR=1 $K "${args[@]}" > $T/plain 2> $T/err
    exits 0 env -u NO_COLOR script -qec "$(printf '%q ' "$K" "${args[@]}") 2>/dev/null" /dev/null < /dev/null > $T/tty
    exits 0 env NO_COLOR=1 script -qec "$(printf '%q ' "$K" "${args[@]}") 2>/dev/null" /dev/null < /dev/null > $T/nc
    tr -d '\r' < $T/tty > $T/tty.lf
    tr -d '\r' < $T/nc > $T/nc.lf
    grep -qF $'\033[1msummary' $T/tty.lf || fail "diff $summary on a terminal: the summary's heading not in bold"
    if [ -z "$summary" ]; then
        for id in A B C; do
            grep -qF $'\033[1m'"$id"$'\033[0m  (record' $T/tty.lf || fail "diff on a terminal: record $id not in bold"
        done
    fi
    sed 's/\x1b\[[0-9;]*m//g' $T/tty.lf > $T/stripped
    cmp -s $T/stripped $T/plain || { diff $T/stripped $T/plain | head; fail "diff $summary: the coloured text is not the plain one"; }
    ! grep -qF $'\033[' $T/nc.lf || fail "diff $summary: colour with NO_COLOR"
    cmp -s $T/nc.lf $T/plain || fail "diff $summary: NO_COLOR on a terminal is not the plain text"
    n=$((n + 1))
done
echo "cov_colour_explain_diff: $n trees and diffs alike with and without colour"
