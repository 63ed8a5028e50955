# expect.sh — the checks of an e2e test that reads its outputs from files
# (source it in a bash e2e test):
#
#   fail MESSAGE...            the test fails at once (exit 1), naming itself
#   has FILE TEXT WHAT         FILE holds TEXT, else the test fails, showing
#                              FILE and naming WHAT was expected
fail() { local name=${0##*/}; echo "${name%.sh}: FAIL: $*"; exit 1; }
has() { grep -qF -- "$2" "$1" || { echo "--- $1:"; cat "$1"; fail "$3: expected: $2"; }; }
