#!/usr/bin/env bash
# A table's CSV file is read as an include is (README, "tables"): a regular
# *.csv file inside the policy's directory tree or an --include-path one.
# Each refusal is one error at the file name in the policy: a file that does
# not exist, one outside the tree (and the same file accepted once its
# directory is named with --include-path), a directory, a FIFO (refused at
# once, never waited on), a symbolic link leading out of the tree; and an
# include whose path is longer than the system allows; a table of more
# than 100,000 rows (README: at most 100,000); and an include past
# the nesting limit is one error, not also an unknown name for each name the
# files it would have read define.
set -u
. "$(dirname "$0")/lib/scratch.sh"
cd "$T"
failures=0
fail() { echo "lang_table_files: FAIL: $*"; failures=$((failures + 1)); }

mkdir pol outside
# one policy per file name: table t from "NAME" by name (columns name, n)
policy() {
    printf 'table t from "%s" by name:\n    name: text\n    n:    integer\ninput:\n    id: text, key\noutput o = t(id).n\n' "$1" > pol/p.rules
}
caret() { printf '    table t from "%s" by name:\n                 ^%s' "$1" "$(printf '%*s' $((${#1} + 1)) '' | tr ' ' '~')"; }
printf 'name,n\nA,7\n' > outside/rows.csv

# a file that does not exist
policy missing.csv
"$K" check pol/p.rules 2> err; rc=$?
[ $rc = 3 ] || fail "missing file: exit status $rc, expected 3"
[ "$(cat err)" = "pol/p.rules:1:14: error: cannot read 'pol/missing.csv': No such file or directory
$(caret missing.csv)" ] || fail "missing file said: $(cat err)"

# a file outside the policy's directory: refused, then read with --include-path
policy ../outside/rows.csv
"$K" check pol/p.rules 2> err; rc=$?
[ $rc = 3 ] || fail "outside file: exit status $rc, expected 3"
[ "$(cat err)" = "pol/p.rules:1:14: error: '../outside/rows.csv' is outside the policy's directory: a table reads files under $T/pol only
$(caret ../outside/rows.csv)
    to read files from another directory too, name it: --include-path DIR" ] || fail "outside file said: $(cat err)"
out=$(echo '{"id":"A"}' | "$K" eval pol/p.rules - -f ndjson --include-path outside 2>err); rc=$?
[ $rc = 0 ] || fail "--include-path: exit status $rc ($(cat err))"
[ "$out" = '{"id":"A","o":7}' ] || fail "--include-path: the row of A is not read: $out"

# a symbolic link inside the tree to the file outside it: where it leads counts
ln -s ../outside/rows.csv pol/link.csv
policy link.csv
"$K" check pol/p.rules 2> err; rc=$?
[ $rc = 3 ] || fail "link out of the tree: exit status $rc, expected 3"
grep -q "^pol/p.rules:1:14: error: 'link.csv' is outside the policy's directory" err || fail "link out of the tree said: $(cat err)"

# a directory whose name ends in .csv
mkdir pol/dir.csv
policy dir.csv
"$K" check pol/p.rules 2> err; rc=$?
[ $rc = 3 ] || fail "directory: exit status $rc, expected 3"
[ "$(cat err)" = "pol/p.rules:1:14: error: cannot read 'pol/dir.csv': Is a directory
$(caret dir.csv)" ] || fail "directory said: $(cat err)"

# a FIFO: refused without waiting for a writer
mkfifo pol/pipe.csv
policy pipe.csv
timeout 10 "$K" check pol/p.rules 2> err; rc=$?
[ $rc = 3 ] || fail "FIFO: exit status $rc, expected 3 (124: it waited)"
grep -q "^pol/p.rules:1:14: error: cannot read 'pol/pipe.csv': it is a FIFO" err || fail "FIFO said: $(cat err)"

# a table of 100,001 rows: one error at the first row past the limit (line
# 100,002 of the file, after the header); 100,000 rows are read
policy big.csv
{ echo 'name,n'; seq 1 100001 | sed 's/.*/r&,&/'; } > pol/big.csv
"$K" check pol/p.rules 2> err; rc=$?
[ $rc = 3 ] || fail "100,001 rows: exit status $rc, expected 3"
[ "$(head -1 err)" = "pol/big.csv:100002:1: error: table 't' has more than 100000 rows: the rows from here on are not read" ] ||
    fail "100,001 rows said: $(head -c 300 err)"
[ "$(grep -c ': error: ' err)" = 1 ] || fail "100,001 rows: not one error"
sed -i '$d' pol/big.csv
out=$(echo '{"id":"r100000"}' | "$K" eval pol/p.rules - -f ndjson 2>err); rc=$?
[ $rc = 0 ] || fail "100,000 rows: exit status $rc ($(head -c 300 err))"
[ "$out" = '{"id":"r100000","o":100000}' ] || fail "100,000 rows: the last row is not read: $out"

# an include path longer than PATH_MAX (4096 on Linux): one error, no attempt
# (the path is the including file's directory "pol/" and the name: 4 + 4106 bytes)
long=$(printf '%*s' 4100 '' | tr ' ' 'a').rules
printf 'include "%s"\ninput:\n    id: text, key\noutput o = 1\n' "$long" > pol/long.rules
"$K" check pol/long.rules 2> err; rc=$?
[ $rc = 3 ] || fail "long include: exit status $rc, expected 3"
grep -q "^pol/long.rules:1:9: error: this include's path is 4110 bytes long: the system allows at most 4095$" err ||
    fail "long include said: $(head -c 300 err)"

# deep includes d0, d0 d1 ... d39 d40; z is defined in d40, never read (the
# include in d30, the 32nd file, is refused): that is the one error
for i in $(seq 0 39); do printf 'include "d%d.rules"\n' $((i + 1)) > pol/d$i.rules; done
printf 'param z = 1\n' > pol/d40.rules
printf 'include "d0.rules"\ninput:\n    id: text, key\noutput o = z\n' > pol/deep.rules
"$K" check pol/deep.rules 2> err; rc=$?
[ $rc = 3 ] || fail "deep includes: exit status $rc, expected 3"
[ "$(cat err)" = 'pol/d30.rules:1:9: error: too many nested includes (at most 32 files, each including the next)
    include "d31.rules"
            ^~~~~~~~~~~' ] || fail "deep includes said: $(cat err)"

[ $failures -eq 0 ] || exit 1
echo "lang_table_files: ok"
