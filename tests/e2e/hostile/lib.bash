# lib.bash — helpers for the hostile-input scripts (tests/e2e/hostile*.sh).
#
#   k NAME STATUS SECONDS ARGS...   run $KAOHE ARGS with a time limit; stdout to
#                                   $T/NAME.out, stderr to $T/NAME.err.  Fails
#                                   unless the exit status is STATUS and stderr
#                                   holds no sanitizer report (ASan, UBSan,
#                                   LeakSanitizer: the asan-test pass runs
#                                   build/asan/kaohe, so leaks are caught there)
#   err_has NAME TEXT / out_has NAME TEXT   a fixed string is in stderr / stdout
#   err_lines NAME N / out_lines NAME N     stderr / stdout has N lines
#   bad MESSAGE                     record a failure
#   finish LABEL                    print the summary; exit 1 on failures
K=$(realpath "${KAOHE:-./kaohe}")
T=$(mktemp -d "${TMPDIR:-/tmp}/kaohe-hostile.XXXXXX")
trap 'rm -rf "$T"' EXIT
# A sanitizer report must never look like one of kaohe's own statuses (0-4).
export ASAN_OPTIONS="${ASAN_OPTIONS:+$ASAN_OPTIONS:}exitcode=86"
export UBSAN_OPTIONS="${UBSAN_OPTIONS:+$UBSAN_OPTIONS:}exitcode=86:halt_on_error=1:print_stacktrace=1"
export NO_COLOR=1
failures=0
checks=0

bad() {
    echo "FAIL: $*"
    failures=$((failures + 1))
}

k() {
    local name=$1 want=$2 secs=$3 rc
    shift 3
    checks=$((checks + 1))
    timeout -k 5 "$secs" "$K" "$@" >"$T/$name.out" 2>"$T/$name.err"
    rc=$?
    if grep -qE "Sanitizer|runtime error:" "$T/$name.err"; then
        bad "$name: sanitizer report"
        grep -m3 -E "ERROR|SUMMARY|runtime error" "$T/$name.err"
    elif [ "$rc" -eq 124 ] || [ "$rc" -eq 137 ]; then
        bad "$name: no answer within ${secs}s (a hang)"
    elif [ "$rc" -ne "$want" ]; then
        bad "$name: exit status $rc, expected $want"
        head -c 600 "$T/$name.err"
    fi
}

err_has() { grep -qF -- "$2" "$T/$1.err" || { bad "$1: stderr lacks: $2"; head -c 600 "$T/$1.err"; }; }
out_has() { grep -qF -- "$2" "$T/$1.out" || { bad "$1: stdout lacks: $2"; head -c 600 "$T/$1.out"; }; }
err_lines() { local n; n=$(wc -l <"$T/$1.err"); [ "$n" -eq "$2" ] || bad "$1: $n lines on stderr, expected $2"; }
out_lines() { local n; n=$(wc -l <"$T/$1.out"); [ "$n" -eq "$2" ] || bad "$1: $n lines on stdout, expected $2"; }

finish() {
    if [ "$failures" -ne 0 ]; then
        echo "$1: $failures of $checks runs failed"
        exit 1
    fi
    echo "$1: all $checks runs ended as required"
}
