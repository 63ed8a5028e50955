#!/usr/bin/env bash
# Where a policy's includes and tables may be read from (README: an include
# is read from the including file's folder; --include-path names another):
# an include or a table outside the policy's directory is refused with the
# way out, and read once that directory is named; a file that is not a
# .rules policy or not a .csv table is refused by its name; an include
# whose path runs through a file is "Not a directory", without the hint
# about copying included files (which is for a missing file only).
set -u
K=$(realpath "${KAOHE:-./kaohe}")
source "$(dirname "$(realpath "$0")")/lib/expect.sh"
T=$(mktemp -d); trap 'rm -rf "$T"' EXIT
export NO_COLOR=1
cd "$T"

mkdir pol
printf 'param shared = 7\n' > common.rules
printf 'include "../common.rules"\ninput:\n    id: text, key\noutput o = shared\n' > pol/main.rules

# 1. an include one directory up: refused (named as the path read), with the hint
"$K" check pol/main.rules 2> err; rc=$?
[ $rc = 3 ] || fail "include outside: exit status $rc, expected 3"
[ "$(cat err)" = "pol/main.rules:1:9: error: 'pol/../common.rules' is outside the policy's directory: an include reads files under $T/pol only
    include \"../common.rules\"
            ^~~~~~~~~~~~~~~~~
    to read files from another directory too, name it: --include-path DIR" ] || fail "include outside said: $(cat err)"

# 2. ... read once its directory is named: o = 7
out=$(echo '{"id":"A"}' | "$K" eval pol/main.rules - -f ndjson --include-path "$T" 2>/dev/null) || fail "--include-path: eval's exit status $?"
[ "$out" = '{"id":"A","o":7}' ] || fail "--include-path: got $out, expected o = 7"

# 4. an include that is no .rules file
printf 'x = 1\n' > pol/notes.txt
printf 'include "notes.txt"\ninput:\n    id: text, key\noutput o = 1\n' > pol/txt.rules
"$K" check pol/txt.rules 2> err; rc=$?
[ $rc = 3 ] || fail "include .txt: exit status $rc, expected 3"
[ "$(cat err)" = "pol/txt.rules:1:9: error: 'pol/notes.txt' is not a policy file (its name does not end in .rules)
    include \"notes.txt\"
            ^~~~~~~~~~~" ] || fail "include .txt said: $(cat err)"

# 5. an include through a file: not a directory, no hint about copying
printf 'include "txt.rules/x.rules"\ninput:\n    id: text, key\noutput o = 1\n' > pol/through.rules
"$K" check pol/through.rules 2> err; rc=$?
[ $rc = 3 ] || fail "include through a file: exit status $rc, expected 3"
[ "$(cat err)" = "pol/through.rules:1:9: error: cannot read 'pol/txt.rules/x.rules': Not a directory
    include \"txt.rules/x.rules\"
            ^~~~~~~~~~~~~~~~~~~" ] || fail "include through a file said: $(cat err)"

# 6. a table one directory up, and one that is no .csv file
printf 'name,n\na,5\n' > rows.csv
cp rows.csv pol/rows.txt
tbl() { printf 'table t from "%s" by name:\n    name: text\n    n: integer\ninput:\n    id: text, key\noutput o = t("a").n\n' "$1"; }
tbl ../rows.csv > pol/tup.rules
"$K" check pol/tup.rules 2> err; rc=$?
[ $rc = 3 ] || fail "table outside: exit status $rc, expected 3"
[ "$(cat err)" = "pol/tup.rules:1:14: error: '../rows.csv' is outside the policy's directory: a table reads files under $T/pol only
    table t from \"../rows.csv\" by name:
                 ^~~~~~~~~~~~~
    to read files from another directory too, name it: --include-path DIR" ] || fail "table outside said: $(cat err)"
out=$(echo '{"id":"A"}' | "$K" eval pol/tup.rules - -f ndjson --include-path . 2>/dev/null) || fail "table with --include-path: eval's exit status $?"
[ "$out" = '{"id":"A","o":5}' ] || fail "table with --include-path: got $out, expected o = 5"
tbl rows.txt > pol/ttxt.rules
"$K" check pol/ttxt.rules 2> err; rc=$?
[ $rc = 3 ] || fail "table .txt: exit status $rc, expected 3"
[ "$(cat err)" = "pol/ttxt.rules:1:14: error: 'rows.txt' is not a CSV file (its name does not end in .csv)
    table t from \"rows.txt\" by name:
                 ^~~~~~~~~~" ] || fail "table .txt said: $(cat err)"

echo "cov_lang_load: ok"
