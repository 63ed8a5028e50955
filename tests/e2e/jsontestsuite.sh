#!/bin/sh
# jsontestsuite.sh — feeds every file of JSONTestSuite's test_parsing/ to
# `kaohe eval` as input and checks the outcome the suite's README demands:
# exit status 0, 1 or 4 only (no crash, no hang, no sanitizer report), never 0
# for an n_* file with any content, never 4 (input error) for a y_* file.
#
# Environment: KAOHE (default ./kaohe), JSONTESTSUITE (the test_parsing
# directory), JSONTESTSUITE_TIMEOUT (seconds per file, default 10).
# Skips (exit 0) when kaohe, the policy or the suite is missing.

root=$(cd "$(dirname "$0")/../.." && pwd)
kaohe=${KAOHE:-./kaohe}
policy=rules/customer-service-2014.rules
suite=${JSONTESTSUITE:-$root/../shared/testsuites/JSONTestSuite/test_parsing}
limit=${JSONTESTSUITE_TIMEOUT:-10}

cd "$root" || exit 1
case $kaohe in
    /*) ;;
    */*) kaohe=$root/${kaohe#./} ;;
    *) kaohe=$(command -v "$kaohe" || echo "$kaohe") ;;
esac
if [ ! -x "$kaohe" ]; then
    echo "jsontestsuite: SKIP: no kaohe binary at $kaohe (set KAOHE)"
    exit 0
fi
if [ ! -f "$policy" ]; then
    echo "jsontestsuite: SKIP: no policy at $policy yet"
    exit 0
fi
if [ ! -d "$suite" ]; then
    echo "jsontestsuite: SKIP: no JSONTestSuite at $suite (set JSONTESTSUITE)"
    exit 0
fi
if ! command -v timeout >/dev/null 2>&1; then
    echo "jsontestsuite: SKIP: the timeout command is missing"
    exit 0
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

if [ "$total" -eq 0 ]; then
    echo "jsontestsuite: no y_/n_/i_ files in $suite"
    exit 1
fi
if [ "$failed" -ne 0 ]; then
    echo "jsontestsuite: $failed of $total files failed"
    exit 1
fi
echo "jsontestsuite: all $total files ended as required"
exit 0
