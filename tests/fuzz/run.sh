#!/usr/bin/env bash
# Builds the libFuzzer harnesses (clang, ASan + UBSan) and runs each for a
# bounded time.  Run from the repository root (make fuzz does).
#
#   FUZZ_SECONDS=60   time per harness (default 60)
#   FUZZ_TARGETS="policy record fmt tools"   which harnesses
#   FUZZ_JOBS=1       parallel fuzzing processes per harness
#   FUZZ_RECORD_MAX_LEN=1048576   largest input of fuzz_record (bytes): big
#                     enough for a path quadratic in the input's size to take
#                     longer than -timeout (40,000 repeated-key checks of a
#                     pairwise search took 34 s in 429 KB); fuzz_policy keeps
#                     65536
#
# Seeds: tests/fuzz/corpus-<name>/ (committed).  What the fuzzer learns goes
# to build/fuzz/corpus-<name>/ (kept between runs, never committed); crashes
# to build/fuzz/artifacts/.  A crash fails the run: replay it with
#   build/fuzz/fuzz_<name> build/fuzz/artifacts/crash-...
# then fix it and add the file to tests/fuzz/regress-<name>/ (replayed by
# `make test` through tests/e2e/fuzz_regress.sh).
set -eu
cd "$(dirname "$0")/../.."
SECONDS_EACH=${FUZZ_SECONDS:-60}
TARGETS=${FUZZ_TARGETS:-policy record fmt tools}
JOBS=${FUZZ_JOBS:-1}
B=build/fuzz
# the libraries the Makefile links with (make fuzz passes them)
LIBS=${LDLIBS:-$(make -s --no-print-directory -f Makefile -f - print-ldlibs <<<'print-ldlibs: ; @echo $(LDLIBS)' 2>/dev/null || echo -lcjson -lm -lpthread)}
SAN="-fsanitize=address,undefined -fno-sanitize-recover=all"
command -v clang >/dev/null || { echo "fuzz: clang is needed (apt-get install clang libclang-rt-dev)"; exit 1; }

make --no-print-directory CC=clang BUILD=$B BIN=$B/kaohe \
    OPT="-O1 -g -fno-omit-frame-pointer -fsanitize=fuzzer-no-link $SAN" $B/libkaohe.a \
    $B/internal/libkaohe-tools.a $B/internal/libkaohe-core.a >/dev/null
for t in $TARGETS; do
    wrap=""
    # the policy harnesses keep the library inside their directory (sandbox.h)
    case $t in policy|fmt) wrap="-Wl,--wrap=fopen -Wl,--wrap=open -Wl,--wrap=realpath" ;; esac
    # the tools (kaohe_tools.h) are not in libkaohe.a: the internal archives
    libs=$B/libkaohe.a
    [ "$t" = tools ] && libs="$B/internal/libkaohe-tools.a $B/internal/libkaohe-core.a ${TOOLS_LDLIBS:--lxlsxwriter -lzip -lexpat}"
    src=tests/fuzz/fuzz_$t.c
    if [ ! -x $B/fuzz_$t ] || [ $src -nt $B/fuzz_$t ] || [ $B/libkaohe.a -nt $B/fuzz_$t ] ||
        [ $B/internal/libkaohe-tools.a -nt $B/fuzz_$t ] ||
        [ tests/fuzz/sandbox.h -nt $B/fuzz_$t ]; then
        clang -std=c11 -D_GNU_SOURCE -O1 -g -fno-omit-frame-pointer -fsanitize=fuzzer $SAN \
            -Wall -Wextra -Werror $(for l in base lang engine io api tools; do printf -- "-Isrc/%s " $l; done) -o $B/fuzz_$t $src $wrap $libs $LIBS
    fi
done

mkdir -p $B/artifacts
export KAOHE_ROOT=$PWD
export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1:allocator_may_return_null=0}
export UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}
status=0
for t in $TARGETS; do
    mkdir -p $B/corpus-$t
    dict=""
    [ -f tests/fuzz/$t.dict ] && dict="-dict=tests/fuzz/$t.dict"
    [ "$t" = fmt ] && dict="-dict=tests/fuzz/policy.dict" # the same words
    echo "== fuzz_$t for ${SECONDS_EACH}s"
    log=$B/fuzz_$t.log
    # -timeout: a single input taking longer than this is a hang (a crash);
    # -rss_limit_mb: memory beyond this is a crash too.
    if [ "$JOBS" -gt 1 ]; then par="-jobs=$JOBS -workers=$JOBS"; else par=""; fi
    maxlen=65536 lenctl=""
    # records: big inputs from the start (-len_control=0), not after hours
    [ "$t" = record ] && maxlen=${FUZZ_RECORD_MAX_LEN:-1048576} lenctl=-len_control=0
    if ! $B/fuzz_$t $B/corpus-$t tests/fuzz/corpus-$t $dict $par \
            -max_total_time=$SECONDS_EACH -timeout=10 -rss_limit_mb=2048 -max_len=$maxlen $lenctl \
            -artifact_prefix=$B/artifacts/$t- -print_final_stats=1 >$log 2>&1; then
        status=1
        echo "fuzz_$t FOUND A PROBLEM: see $log and $B/artifacts/"
        grep -E "ERROR|SUMMARY|Test unit written" $log | head -5 || true
    fi
    # execs and speed, from the final stats
    grep -E "stat::number_of_executed_units|stat::average_exec_per_sec|stat::peak_rss_mb" $log || tail -3 $log
done
exit $status
