#!/bin/sh
# jsontestsuite_dir.sh — prints where JSONTestSuite's test_parsing/ is, or
# nothing.  The suite is not in the repository (Nicolas Seriot's, MIT): it
# lives in shared/testsuites/ beside the checkout, as CI has it, or, in a git
# worktree, beside the main checkout.  $JSONTESTSUITE, when set, wins.
# Used by the Makefile (for the unit test) and tests/e2e/jsontestsuite.sh.
if [ -n "${JSONTESTSUITE:-}" ]; then
    printf '%s\n' "$JSONTESTSUITE"
    exit 0
fi
root=$(cd "$(dirname "$0")/../../.." && pwd)
in_shared=shared/testsuites/JSONTestSuite/test_parsing
if [ -d "$root/../$in_shared" ]; then
    (cd "$root/../$in_shared" && pwd)
    exit 0
fi
main_git=$(git -C "$root" rev-parse --path-format=absolute --git-common-dir 2>/dev/null) || exit 0
if [ -d "$(dirname "$main_git")/../$in_shared" ]; then
    (cd "$(dirname "$main_git")/../$in_shared" && pwd)
fi
