#!/usr/bin/env bash
# profile.sh — where `kaohe eval` spends its time (issue 7's before/after).
#
#   tests/bench/profile.sh [POLICY [RECORDS]]
#       (default rules/customer-service-2014.rules over 100000 records)
#
# Uses perf with the cpu-clock software event and DWARF call graphs (this VM
# has no hardware counters: `perf stat -e instructions` says "not
# supported", but cpu-clock sampling works), else valgrind --tool=callgrind.
# Prints the hottest functions by self time and the top of the inclusive
# (children) view; the raw data stays in build/bench/profile/.
# Same environment as run.sh: KAOHE, KAOHE_BENCH_CACHE, GEN_ROSTER.
set -euo pipefail

cd "$(dirname "$0")/../.."
ROOT=$PWD
POLICY=${1:-rules/customer-service-2014.rules}
N=${2:-100000}
CACHE=${KAOHE_BENCH_CACHE:-$HOME/.cache/kaohe-bench}
GEN=${GEN_ROSTER:-$ROOT/../shared/tools/gen_roster.py}
OUT=$ROOT/build/bench/profile
K=${KAOHE:-./kaohe}
mkdir -p "$OUT" "$CACHE"

R="$CACHE/roster-$N-s1-2014-06-$(sha1sum "$GEN" | cut -c1-8).ndjson"
if [ ! -s "$R" ]; then
    python3 "$GEN" --n "$N" --seed 1 --period 2014-06 --format ndjson >"$R.tmp.$$"
    mv "$R.tmp.$$" "$R"
fi

if command -v perf >/dev/null && perf record -q -e cpu-clock -o "$OUT/probe.data" true >/dev/null 2>&1; then
    data=$OUT/perf.data
    perf record -q -e cpu-clock -F 999 --call-graph dwarf,16384 -o "$data" \
        "$K" eval "$POLICY" "$R" --format ndjson >/dev/null
    echo "== hottest functions, self time (perf, cpu-clock, $N records, $POLICY)"
    perf report -i "$data" --no-children --sort symbol --stdio -g none 2>/dev/null | grep -E '^ +[0-9]' | head -20 || true
    echo
    echo "== inclusive time (children)"
    perf report -i "$data" --children --sort symbol --stdio -g none 2>/dev/null | grep -E '^ +[0-9]' | head -40 || true
else
    echo "profile: perf cannot sample here; using callgrind (slow: about 50x)" >&2
    data=$OUT/callgrind.out
    valgrind --tool=callgrind --callgrind-out-file="$data" \
        "$K" eval "$POLICY" "$R" --format ndjson >/dev/null 2>"$OUT/valgrind.log"
    echo "== hottest functions, self (callgrind Ir, $N records, $POLICY)"
    callgrind_annotate "$data" 2>/dev/null | sed -n '/^-* *$/,$p' | grep -E '^ *[0-9,]+ ' | head -20 || true
    echo
    echo "== inclusive"
    callgrind_annotate --inclusive=yes "$data" 2>/dev/null | grep -E '^ *[0-9,]+ ' | head -40 || true
fi
rm -f "$OUT/probe.data"
