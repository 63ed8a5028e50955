# skip.sh — what an e2e test does when something it needs is missing
# (a program, or a test input kept outside the repository).  Source it
# (POSIX sh and bash alike), then call
#
#   skip_or_fail NAME WHAT-IS-MISSING HOW-TO-GET-IT
#
# Under CI (CI set to anything but "" / "false" / "0", as CI services set
# CI=true, and .ci/run exports it) a missing input is a failure: the test
# exits 1.  Elsewhere the test is skipped, loudly: a banner on stdout and on
# stderr, and a line appended to $KAOHE_SKIPPED when that is set (`make test`
# prints the list at the end instead of a plain "all tests passed").
skip_or_fail() {
    case ${CI:-} in
    "" | false | 0)
        printf '\n!!!!!! SKIPPED %s: %s\n!!!!!! %s\n!!!!!! (under CI=true this is a failure)\n\n' "$1" "$2" "$3"
        printf 'SKIPPED %s: %s\n' "$1" "$2" >&2
        [ -n "${KAOHE_SKIPPED:-}" ] && printf '%s: %s (%s)\n' "$1" "$2" "$3" >>"$KAOHE_SKIPPED"
        exit 0 ;;
    *)
        printf '%s: FAIL: %s\n%s: %s\n' "$1" "$2" "$1" "$3" >&2
        printf '%s: FAIL: %s (CI=%s: a missing test input is a failure)\n' "$1" "$2" "$CI"
        exit 1 ;;
    esac
}
