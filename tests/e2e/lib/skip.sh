# skip.sh — what an e2e test does when something it needs is missing
# (a program, or a test input kept outside the repository).  Source it
# (POSIX sh and bash alike), then call
#
#   skip_or_fail NAME WHAT-IS-MISSING HOW-TO-GET-IT
#
# Under CI (CI set to anything but "", "false" or "0": CI services set
# CI=true, and so does .ci/run) a missing input is a failure: the test exits
# 1.  Elsewhere the test is skipped, loudly: a banner, and a line appended to
# $KAOHE_SKIPPED when that is set (`make test` lists them at the end instead
# of a plain "all tests passed").
skip_or_fail() {
    case ${CI:-} in
    "" | false | 0)
        printf '\n!!!!!! SKIPPED %s: %s\n!!!!!! %s\n!!!!!! (under CI=true this is a failure)\n\n' "$1" "$2" "$3"
        if [ -n "${KAOHE_SKIPPED:-}" ]; then printf '%s: %s (%s)\n' "$1" "$2" "$3" >>"$KAOHE_SKIPPED"; fi
        exit 0 ;;
    *)
        printf '%s: FAIL: %s (CI=%s: a skip is a failure)\n%s: %s\n' "$1" "$2" "$CI" "$1" "$3"
        exit 1 ;;
    esac
}
