# exits.sh — a run whose exit status is checked (source it in a bash e2e test)
#
#   exits WANT CMD [ARGS...]   run CMD (redirections apply as to any command);
#                              unless it exits with status WANT the test
#                              fails at once (exit 1), naming the command
#
# For the set-up runs of a test, whose status is worked out by hand like any
# other expectation (the June 2014 example roster has 4 refused records, so
# `kaohe eval` on it exits 1), instead of `|| true`.  The message goes to
# the test's own standard output (fd 9, kept when this file is sourced), not
# to where the command's output is redirected.
exec 9>&1
exits() {
    local want=$1 rc=0
    shift
    "$@" || rc=$?
    [ "$rc" = "$want" ] && return 0
    echo "${0##*/}: FAIL: exit status $rc, expected $want: $*" >&9
    exit 1
}
