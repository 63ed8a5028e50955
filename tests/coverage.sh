#!/usr/bin/env bash
# Line and branch coverage of src/ by the test suite (unit, golden, e2e),
# measured with gcc --coverage in its own build directory (build/coverage)
# and reported by gcovr.  Run from anywhere; `make coverage` runs it.
#
#   COVERAGE_HTML=1   also write build/coverage/html/index.html (per file)
#
# Branches are counted as gcc emits them, less those gcovr can prove
# unreachable (--exclude-unreachable-branches).
set -eu
cd "$(dirname "$0")/.."
B=${COVERAGE_BUILD:-build/coverage}
command -v gcovr >/dev/null || { echo "coverage: gcovr is needed (apt-get install gcovr)"; exit 1; }
mkdir -p "$B"
find "$B" -name '*.gcda' -delete
# -O0 so that lines and branches map to the source; no sanitizers; atomic
# counters, as kaohe evaluates with several threads (--jobs)
# (-k: a failing test is reported, and the coverage of the rest still counts)
status=0
make -k --no-print-directory BUILD=$B BIN=$B/kaohe OPT="-O0 -g --coverage -fprofile-update=atomic" ${LDLIBS:+LDLIBS="$LDLIBS"} \
    unit golden e2e >"$B.log" 2>&1 || status=$?
opts=(--root . --filter 'src/' --exclude-unreachable-branches --object-directory "$B" "$B")
gcovr "${opts[@]}" --txt "$B/coverage.txt" --print-summary | tee "$B/summary.txt"
if [ "${COVERAGE_HTML:-0}" = 1 ]; then
    mkdir -p "$B/html"
    gcovr "${opts[@]}" --html-details "$B/html/index.html" >/dev/null
    echo "coverage: per-file report in $B/html/index.html"
fi
echo "coverage: per-file lines in $B/coverage.txt"
if [ $status -ne 0 ]; then
    grep -E "^FAIL|FAILED|Error [0-9]" "$B.log" | head -20
    echo "coverage: some tests failed (log: $B.log); the figures above count what ran"
    exit 1
fi
