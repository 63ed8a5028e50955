#!/bin/sh
# jsontestsuite.sh — feeds every file of JSONTestSuite's test_parsing/ to
# `kaohe eval` as input and checks the outcome the suite's README demands:
# exit status 0, 1 or 4 only (no crash, no hang, no sanitizer report), never 0
# for an n_* file with any content, never 4 (input error) for a y_* file.
#
# Environment: KAOHE (default ./kaohe), JSONTESTSUITE (the test_parsing
# directory), JSONTESTSUITE_TIMEOUT (seconds per file, default 10).
#
# The suite is not in the repository: tests/e2e/lib/jsontestsuite_dir.sh
# finds it (shared/ beside the checkout, where CI has it).  When it is not
# found the test is skipped loudly, and under CI=true it fails
# (tests/e2e/lib/skip.sh).

root=$(cd "$(dirname "$0")/../.." && pwd)
. "$root/tests/e2e/lib/skip.sh"
kaohe=${KAOHE:-./kaohe}
policy=rules/customer-service-2014.rules
limit=${JSONTESTSUITE_TIMEOUT:-10}
suite=$("$root/tests/e2e/lib/jsontestsuite_dir.sh")

cd "$root" || exit 1
case $kaohe in
    /*) ;;
    */*) kaohe=$root/${kaohe#./} ;;
    *) kaohe=$(command -v "$kaohe" || echo "$kaohe") ;;
esac
if [ ! -x "$kaohe" ]; then
    echo "jsontestsuite: FAIL: no kaohe binary at $kaohe (build it, or set KAOHE)"
    exit 1
fi
if [ -z "$suite" ] || [ ! -d "$suite" ]; then
    skip_or_fail jsontestsuite "no JSONTestSuite${suite:+ at $suite}" \
        "set JSONTESTSUITE to its test_parsing directory, or put shared/testsuites/JSONTestSuite beside the checkout"
fi

# A sanitizer report must not pass for an ordinary exit status 1.
ASAN_OPTIONS="${ASAN_OPTIONS:+$ASAN_OPTIONS:}exitcode=86"
UBSAN_OPTIONS="${UBSAN_OPTIONS:+$UBSAN_OPTIONS:}exitcode=87"
export ASAN_OPTIONS UBSAN_OPTIONS

out=$(mktemp -d) || exit 1
trap 'rm -rf "$out"' EXIT

total=0
failed=0
for file in "$suite"/[yni]_*; do
    [ -f "$file" ] || continue
    name=${file##*/}
    total=$((total + 1))
    timeout "$limit" "$kaohe" eval "$policy" "$file" >"$out/stdout" 2>"$out/stderr" </dev/null
    status=$?
    problem=
    case $status in
        0 | 1 | 4) ;;
        124) problem="no result within ${limit}s (hang?)" ;;
        86 | 87) problem="sanitizer report" ;;
        *) problem="exit status $status (0, 1 or 4 expected)" ;;
    esac
    if [ -z "$problem" ]; then
        case $name in
            y_*) [ "$status" -eq 4 ] && problem="valid JSON treated as an input error (exit 4)" ;;
            n_*) [ "$status" -eq 0 ] && [ -s "$file" ] && problem="invalid JSON accepted (exit 0)" ;;
        esac
    fi
    if [ -n "$problem" ]; then
        failed=$((failed + 1))
        echo "FAIL $name: $problem"
        sed -n '1,5s/^/    | /p' "$out/stderr"
    fi
done

if [ "$total" -ne 318 ]; then
    echo "jsontestsuite: FAIL: $total y_/n_/i_ files in $suite; the suite has 318"
    exit 1
fi
if [ "$failed" -ne 0 ]; then
    echo "jsontestsuite: $failed of $total files failed"
    exit 1
fi
echo "jsontestsuite: all $total files ended as required"
exit 0
