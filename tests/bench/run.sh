#!/usr/bin/env bash
# run.sh — the batch benchmark (`make bench`, issue 7).
#
# Generates synthetic NDJSON rosters (100k and 1M records, cached outside the
# repo), builds the physical floor (tests/bench/bytes.c: a memchr pass over
# the file), the cJSON parse-only floor and the hand-written C baseline
# (tests/bench/floor.c, handwritten.c) with -O2, checks that the hand-written
# program, kaohe on tests/bench/per-record.rules and jq on core.jq agree on the
# 100k roster, then times each program with hyperfine (median of several runs)
# and its peak RSS with /usr/bin/time, and writes the table to
# tests/bench/RESULTS.md (quick mode: build/bench/RESULTS-quick.md).  Also
# times one record of 1,000,000 members the schema does not name (issue 20,
# item 2: the repeated-key check is linear).
#
# Environment:
#   BENCH_QUICK=1        100k records only, fewer runs (for development)
#   BENCH_RUNS=N         runs per program, or rounds (default 5; quick 3)
#   BENCH_JQ=0           leave jq out (it is the slowest row by far)
#   BENCH_RESULTS=FILE   where to write the table
#   KAOHE=PATH           the kaohe binary to measure (default ./kaohe; copied
#                        first, so a rebuild during the run does not change it)
#   BENCH_KAOHE_DESC     how RESULTS.md describes that binary
#   KAOHE_BENCH_CACHE    roster cache (default ~/.cache/kaohe-bench)
#   GEN_ROSTER=PATH      the generator (default ../shared/tools/gen_roster.py)
set -euo pipefail

cd "$(dirname "$0")/../.."
ROOT=$PWD
CACHE=${KAOHE_BENCH_CACHE:-$HOME/.cache/kaohe-bench}
GEN=${GEN_ROSTER:-$ROOT/../shared/tools/gen_roster.py}
# in a git worktree elsewhere, beside the main checkout instead
if [ -z "${GEN_ROSTER:-}" ] && [ ! -f "$GEN" ]; then
    common=$(git rev-parse --path-format=absolute --git-common-dir 2>/dev/null || true)
    [ -n "$common" ] && [ -f "$common/../../shared/tools/gen_roster.py" ] && GEN=$common/../../shared/tools/gen_roster.py
fi
WORK=$ROOT/build/bench
CC=${CC:-cc}
POLICY=rules/customer-service-2014.rules
PERREC=tests/bench/per-record.rules

if [ "${BENCH_QUICK:-0}" = 1 ]; then
    SIZES="100000"
    RESULTS=${BENCH_RESULTS:-$WORK/RESULTS-quick.md}
else
    SIZES="100000 1000000"
    RESULTS=${BENCH_RESULTS:-tests/bench/RESULTS.md}
fi

runs_for() {   # runs per program (rounds, for those timed in rounds)
    if [ -n "${BENCH_RUNS:-}" ]; then echo "$BENCH_RUNS"
    elif [ "${BENCH_QUICK:-0}" = 1 ]; then echo 3
    else echo 5
    fi
}

missing=""
for tool in hyperfine jq python3 "$CC"; do
    command -v "$tool" >/dev/null 2>&1 || missing="$missing $tool"
done
[ -x /usr/bin/time ] || missing="$missing time"
[ -f /usr/include/cjson/cJSON.h ] || missing="$missing libcjson-dev"
if [ -n "$missing" ]; then
    echo "bench: missing:$missing — install with: apt-get install -y${missing}" >&2
    exit 1
fi
if [ ! -f "$GEN" ]; then
    echo "bench: the roster generator is not at $GEN (set GEN_ROSTER)" >&2
    exit 1
fi

rm -rf "$WORK"
mkdir -p "$WORK" "$CACHE"
LOAD_START=$(cut -d' ' -f1-3 /proc/loadavg)

# ---- the programs -----------------------------------------------------------
# kaohe is copied so that a rebuild of ./kaohe during the run cannot change
# what is being measured.
cp "${KAOHE:-./kaohe}" "$WORK/kaohe"
K=$WORK/kaohe
BFLAGS="-std=c11 -D_GNU_SOURCE -O2 -Wall -Wextra -Werror -Wshadow -Wstrict-prototypes -Wmissing-prototypes"
# shellcheck disable=SC2086
$CC $BFLAGS -o "$WORK/bytes" tests/bench/bytes.c
# shellcheck disable=SC2086
$CC $BFLAGS -o "$WORK/floor" tests/bench/floor.c -lcjson
# shellcheck disable=SC2086
$CC $BFLAGS -o "$WORK/handwritten" tests/bench/handwritten.c -lcjson -lm
JOBS=0
if "$K" help eval 2>&1 | grep -q -- --jobs; then JOBS=1; fi

# ---- the rosters (cached; the name carries the generator's hash) -------------
GENHASH=$(sha1sum "$GEN" | cut -c1-8)
roster() {   # path of the roster of $1 records, generated when missing
    local f="$CACHE/roster-$1-s1-2014-06-$GENHASH.ndjson"
    if [ ! -s "$f" ]; then
        echo "bench: generating $1 records into $f" >&2
        python3 "$GEN" --n "$1" --seed 1 --period 2014-06 --format ndjson >"$f.tmp.$$"
        mv "$f.tmp.$$" "$f"
    fi
    echo "$f"
}
SMALL=$(roster 30)
# one record of the 30 with 1,000,000 members the schema does not name
WIDE="$CACHE/wide-1000000-$GENHASH.ndjson"
if [ ! -s "$WIDE" ]; then
    head -1 "$SMALL" | python3 -c 'import sys
r = sys.stdin.read().rstrip("\n")
sys.stdout.write(r[:-1] + "".join(",\"u%d\":%d" % (i, i) for i in range(1000000)) + "}\n")' >"$WIDE.tmp.$$"
    mv "$WIDE.tmp.$$" "$WIDE"
fi

# ---- the programs agree on the 100k roster -------------------------------------
R100=$(roster 100000)
echo "bench: checking that the programs agree on $R100" >&2
"$WORK/handwritten" "$R100" >"$WORK/out-handwritten.ndjson"
"$K" eval "$PERREC" "$R100" --format ndjson >"$WORK/out-per-record.ndjson"
python3 tests/bench/compare.py --null-id-ok "$WORK/out-handwritten.ndjson" "$WORK/out-per-record.ndjson"
if [ "${BENCH_JQ:-1}" != 0 ]; then
    jq -c -f tests/bench/core.jq "$R100" >"$WORK/out-jq.ndjson"
    python3 tests/bench/compare.py --tolerance 1e-12 "$WORK/out-handwritten.ndjson" "$WORK/out-jq.ndjson"
fi
if [ "$JOBS" = 1 ]; then
    "$K" eval "$POLICY" "$R100" --format ndjson >"$WORK/out-full.ndjson"
    "$K" eval "$POLICY" "$R100" --format ndjson --jobs 2 >"$WORK/out-full-jobs2.ndjson"
    cmp "$WORK/out-full.ndjson" "$WORK/out-full-jobs2.ndjson"
    echo "compare: kaohe --jobs 2 output is byte-identical to one job" >&2
fi
rm -f "$WORK"/out-*.ndjson

# ---- timings ----------------------------------------------------------------------
# the what-if copy of the policy (beside its include, which it shares by name)
WHATIF=$WORK/whatif/customer-service-2014.rules
rm -rf "$WORK/whatif"
mkdir -p "$WORK/whatif"
cp -r rules/customer-service-2014 "$WORK/whatif/"
sed 's/^    110% or more -> 120 yuan$/    115% or more -> 120 yuan/' "$POLICY" >"$WHATIF"
grep -q '^    115% or more -> 120 yuan$' "$WHATIF" || { echo "bench: FAIL: the 110% tier is not where the what-if expects it" >&2; exit 1; }
MANIFEST=$WORK/manifest.tsv
: >"$MANIFEST"

bench() {   # bench N KEY LABEL COMMAND...: hyperfine, with peak RSS per run
    local n=$1 key=$2 label=$3
    shift 3
    local json="$WORK/t-$n-$key.json" rss="$WORK/rss-$n-$key.txt" warm=1
    [ "$n" -ge 1000000 ] && warm=0
    echo "bench: $n records: $label" >&2
    hyperfine -N --style basic --warmup "$warm" --runs "$(runs_for)" -n "$label" \
        --export-json "$json" "/usr/bin/time -a -o $rss -f %M $*" >&2
    printf '%s\t%s\t%s\t%s\t%s\n' "$n" "$key" "$label" "$json" "$rss" >>"$MANIFEST"
}

# rounds N ROUNDS KEY LABEL COMMAND [KEY LABEL COMMAND]...: like bench, but
# the programs take turns, one run of each per round, so that the hand-written
# program and kaohe are timed side by side whatever else the machine is doing
# meanwhile (on a shared machine a run can take 1.5 times another of the same
# program): report.py gives their ratio as the median of the rounds' ratios.
# A COMMAND is one word list, split as hyperfine -N splits it.
rounds() {
    local n=$1 nrounds=$2 r i
    shift 2
    local keys=() labels=() cmds=()
    while [ $# -gt 0 ]; do keys+=("$1"); labels+=("$2"); cmds+=("$3"); shift 3; done
    for ((r = 1; r <= nrounds; r++)); do
        for i in "${!keys[@]}"; do
            echo "bench: $n records, round $r of $nrounds: ${labels[i]}" >&2
            hyperfine -N --style basic --runs 1 -n "${labels[i]}" --export-json "$WORK/t-$n-${keys[i]}.r$r.json" \
                "/usr/bin/time -a -o $WORK/rss-$n-${keys[i]}.txt -f %M ${cmds[i]}" >&2
        done
    done
    for i in "${!keys[@]}"; do
        local files=""
        for ((r = 1; r <= nrounds; r++)); do files="$files${files:+,}$WORK/t-$n-${keys[i]}.r$r.json"; done
        printf '%s\t%s\t%s\t%s\t%s\n' "$n" "${keys[i]}" "${labels[i]}" "$files" "$WORK/rss-$n-${keys[i]}.txt" >>"$MANIFEST"
    done
}

first_id() {   # the id of the first record of roster $1
    head -1 "$1" | python3 -c 'import json, sys; print(json.load(sys.stdin)["id"])'
}

for n in $SIZES; do
    R=$(roster "$n")
    cat "$R" >/dev/null   # into the page cache before the first timed run
    bench "$n" bytes "memchr pass over the file (bytes.c)" "$WORK/bytes" "$R"
    bench "$n" floor "cJSON parse only (floor.c)" "$WORK/floor" "$R"
    # issue 15's targets, in rounds: the hand-written program and kaohe's
    # full policy (one job and two), the streaming policy, and against one
    # eval: explain --id of one record (100k), diff of two policies in one
    # read of the input (--set, and two files: a copy of the policy with the
    # 110% tier at 115%, a change --set cannot make: the analyst's "raise the
    # 110% tier to 115%")
    targets=(handwritten "hand-written C + cJSON (handwritten.c)" "$WORK/handwritten $R"
             full "kaohe eval, 2014 policy (roster functions)" "$K eval $POLICY $R --format ndjson")
    if [ "$JOBS" = 1 ]; then
        targets+=(full-jobs2 "kaohe eval, 2014 policy, --jobs 2" "$K eval $POLICY $R --format ndjson --jobs 2")
    fi
    targets+=(per-record "kaohe eval, per-record.rules (streams)" "$K eval $PERREC $R --format ndjson")
    if [ "$n" -le 100000 ]; then
        targets+=(explain-id "kaohe explain --id (first record), 2014 policy" "$K explain $POLICY $R --id $(first_id "$R")")
    fi
    targets+=(diff "kaohe diff, 2014 policy vs --set commission_rate=9%, --summary" "$K diff $POLICY $R --set commission_rate=9% --summary"
              diff-files "kaohe diff, 2014 policy vs a copy with the 110% tier at 115%, --summary" "$K diff $POLICY $WHATIF $R --summary")
    rounds "$n" "$(runs_for)" "${targets[@]}"
    if [ "$n" -le 100000 ]; then # one group per agent (issue 20: quadratic before, 32 s at 100k)
        bench "$n" report-by-id "kaohe report --by id, 2014 policy (one group per agent)" "$K" report "$POLICY" "$R" --by id -o /dev/null
    fi
    if [ "${BENCH_JQ:-1}" != 0 ]; then
        bench "$n" jq "jq 1.6, core.jq" jq -c -f tests/bench/core.jq "$R"
    fi
done

# ---- XLSX output that scales (issue 18 item 3): 200,000 agents, the ledgers
# going on over several sheets, in the memory of the JSON run + 64 MiB
if [ "${BENCH_XLSX:-1}" != 0 ]; then
    R200=$(roster 200000)
    cat "$R200" >/dev/null
    XRUNS=${BENCH_RUNS:-1}
    bench 200000 full-json "kaohe eval, 2014 policy, JSON to /dev/null" "$K" eval "$POLICY" "$R200" -o /dev/null
    BENCH_RUNS=$XRUNS bench 200000 full-xlsx "kaohe eval, 2014 policy, --format xlsx (ledgers over several sheets)" \
        "$K" eval "$POLICY" "$R200" --format xlsx -o "$WORK/200k.xlsx"
    sheets=$(python3 -c "import sys, zipfile; print(sum(n.startswith('xl/worksheets/sheet') for n in zipfile.ZipFile(sys.argv[1]).namelist()))" "$WORK/200k.xlsx")
    # the ledgers must span sheets ('ledgers', 'ledgers 2', ...), as issue 18 asks
    ledger_sheets=$(python3 -c "import re, sys, zipfile; print(len(re.findall(r'name=\"ledgers( [0-9]+)?\"', zipfile.ZipFile(sys.argv[1]).read('xl/workbook.xml').decode())))" "$WORK/200k.xlsx")
    json_kb=$(sort -n "$WORK/rss-200000-full-json.txt" | tail -1)
    xlsx_kb=$(sort -n "$WORK/rss-200000-full-xlsx.txt" | tail -1)
    echo "bench: 200,000-agent workbook: $sheets sheets ($ledger_sheets of ledgers); peak RSS $((xlsx_kb / 1024)) MiB (JSON run: $((json_kb / 1024)) MiB)" >&2
    rm -f "$WORK/200k.xlsx"
    if [ "$ledger_sheets" -lt 2 ]; then
        echo "bench: FAIL: the 200,000-agent workbook's ledgers are on $ledger_sheets sheet(s), not spread over several" >&2
        exit 1
    fi
    if [ "$xlsx_kb" -gt $((json_kb + 65536)) ]; then
        echo "bench: FAIL: the XLSX run's peak RSS is more than the JSON run's + 64 MiB" >&2
        exit 1
    fi
    printf 'xlsx\t%s\t%s\t%s\n' "$json_kb" "$xlsx_kb" "$sheets" >"$WORK/xlsx.tsv"
fi

small() {   # small KEY LABEL RUNS COMMAND...: many runs, no wrapper
    local key=$1 label=$2 runs=$3
    shift 3
    echo "bench: $label" >&2
    hyperfine -N --style basic --warmup 1 --runs "$runs" -n "$label" --export-json "$WORK/s-$key.json" "$*" >&2
    printf 'startup\t%s\t%s\n' "$label" "$WORK/s-$key.json" >>"$MANIFEST"
}
small check "kaohe check, 2014 policy" 30 "$K" check "$POLICY"
small eval30 "kaohe eval, 2014 policy, 30 records (startup)" 30 "$K" eval "$POLICY" "$SMALL" --format ndjson
small eval30pr "kaohe eval, per-record.rules, 30 records" 30 "$K" eval "$PERREC" "$SMALL" --format ndjson
small wide "kaohe eval, 2014 policy, 1 record of 1,000,000 members the schema does not name" 5 "$K" eval "$POLICY" "$WIDE" --format ndjson

# ---- the machine, and the report ------------------------------------------------
commit=$(git rev-parse --short HEAD 2>/dev/null || echo unknown)
dirty=$(git status --porcelain -- src grammar 2>/dev/null | wc -l)
{
    echo "# Benchmark results (make bench)"
    echo
    echo "Produced by \`tests/bench/run.sh\` on $(date -u +%Y-%m-%d). Synthetic rosters from"
    echo "\`shared/tools/gen_roster.py --seed 1 --period 2014-06 --format ndjson\`; every program reads the"
    echo "NDJSON file and writes NDJSON to /dev/null. Wall time is hyperfine's median; peak RSS is the"
    echo "largest \`/usr/bin/time\` maximum resident set size over the runs. The programs the targets compare"
    echo "(the hand-written program, kaohe's full policy with one job and two, the streaming policy, explain"
    echo "and diff) are timed in rounds, one run of each in turn, so that they share whatever else the machine"
    echo "does meanwhile; their × hand-written and the targets are the median of the rounds' ratios (CPU: of"
    echo "the rounds' user+sys), the other columns medians of their runs. The hand-written program,"
    if [ "${BENCH_JQ:-1}" != 0 ]; then
        echo "kaohe on \`per-record.rules\` and jq on \`core.jq\` were checked to agree on the 100k roster"
    else
        echo "and kaohe on \`per-record.rules\` were checked to agree on the 100k roster (jq was left out: BENCH_JQ=0)"
    fi
    echo "(\`compare.py\`) before timing."
    echo
    echo "- memchr: \`bytes.c\`, reading the file and finding its lines (the physical floor)"
    echo "- floor: \`floor.c\`, a cJSON parse of each line and nothing else"
    echo "- hand-written: \`handwritten.c\`, the per-record core in C + cJSON, int64 cents, output formatted by hand, built here with \`-O2\` (1.00×)"
    echo "- full: \`kaohe eval rules/customer-service-2014.rules --format ndjson\` (roster functions, key uniqueness, checks)"
    echo "- per-record: \`kaohe eval tests/bench/per-record.rules --format ndjson\` (the same core as handwritten.c; no key, so it streams)"
    echo
    echo "## Machine"
    echo
    echo "- CPU: $(lscpu | sed -n 's/^Model name: *//p'), $(nproc) CPUs ($(lscpu | sed -n 's/^Thread(s) per core: *//p') thread(s) per core), $(lscpu | sed -n 's/^Hypervisor vendor: *//p' | sed 's/^\(.\)/hypervisor \1/')"
    echo "- memory: $(free -h | awk '/^Mem:/ {print $2 " total, " $7 " available"}'); load average $LOAD_START at start, $(cut -d' ' -f1-3 /proc/loadavg) at the end"
    echo "- system: $(uname -sr), $(. /etc/os-release 2>/dev/null && echo "$PRETTY_NAME")"
    echo "- compiler: $($CC --version | head -1); cJSON $(dpkg-query -W -f '${Version}' libcjson-dev 2>/dev/null || echo '?'); $(jq --version); $(hyperfine --version)"
    if [ -n "${BENCH_KAOHE_DESC:-}" ]; then echo "- kaohe: $BENCH_KAOHE_DESC"
    elif [ -n "${KAOHE:-}" ]; then echo "- kaohe: the binary $KAOHE (repository at commit $commit)"
    else echo "- kaohe: ./kaohe at commit $commit$([ "$dirty" -gt 0 ] && echo " + $dirty uncommitted file(s) in src/ grammar/"), built by \`make\`: \`-O2 -g\`$([ -d build/pgo ] && echo ", profile-guided (gcc, trained by tests/pgo/train.sh on rosters of another seed)")"
    fi
    echo
    if awk -v a="${LOAD_START%% *}" -v b="$(cut -d' ' -f1 /proc/loadavg)" -v n="$(nproc)" 'BEGIN { exit !(a > n || b > n) }'; then
        echo "The load average was above the $(nproc) CPUs: other work shared the machine, so wall times"
        echo "include waiting for a CPU, and the CPU (user+sys) column is the steadier comparison."
        echo
    fi
    echo "## Results"
    echo
} >"$WORK/machine.md"

mkdir -p "$(dirname "$RESULTS")"
python3 tests/bench/report.py "$WORK" "$RESULTS"
echo "bench: wrote $RESULTS" >&2
