#!/usr/bin/env bash
# Loading a policy made of several files: a file included twice by way of two
# others is read once (its param is not defined twice), an include by an
# absolute path, a chain of includes deeper than 32 (the include in the 32nd
# file is refused), and an include that names a directory.
set -u
. "$(dirname "$0")/lib/scratch.sh"
cd "$T"
failures=0
fail() { echo "cov_io_load: FAIL: $*"; failures=$((failures + 1)); }

# main -> sub/b -> sub/d, main -> sub/c -> sub/d, main -> $T/abs.rules:
# rate 1 + other 2 + absv 3 = 6
mkdir sub
printf 'include "sub/b.rules"\ninclude "sub/c.rules"\ninclude "%s/abs.rules"\ninput:\n    id: text, key\noutput o = rate + other + absv\n' "$T" > main.rules
printf 'include "d.rules"\n' > sub/b.rules
printf 'include "d.rules"\nparam other = 2\n' > sub/c.rules
printf 'param rate = 1\n' > sub/d.rules
printf 'param absv = 3\n' > abs.rules
"$K" check main.rules 2> err || fail "main.rules does not check: $(cat err)"
[ "$(cat err)" = "main.rules: ok" ] || fail "check main.rules said: $(cat err)"
out=$(echo '{"id":"A"}' | "$K" eval main.rules - -f ndjson) || fail "main.rules: eval's exit status $?, expected 0"
[ "$out" = '{"id":"A","o":6}' ] || fail "main.rules: o is not 6"

# i0 includes i1, which includes i2, ... i41: loading i32 (32 deep) is refused
for i in $(seq 0 40); do printf 'include "i%d.rules"\n' $((i + 1)) > i$i.rules; done
printf 'param z = 1\n' > i41.rules
"$K" check i0.rules 2> err; rc=$?
[ $rc = 3 ] || fail "the deep chain: exit status $rc"
[ "$(cat err)" = 'i31.rules:1:9: error: too many nested includes (at most 32 files, each including the next)
    include "i32.rules"
            ^~~~~~~~~~~' ] || fail "the deep chain said: $(cat err)"

# an include that names a directory
mkdir dir.rules
printf 'include "dir.rules"\n' > incdir.rules
"$K" check incdir.rules 2> err; rc=$?
[ $rc = 3 ] && [ "$(cat err)" = "incdir.rules:1:9: error: cannot read 'dir.rules': Is a directory
    include \"dir.rules\"
            ^~~~~~~~~~~" ] || fail "include of a directory: $rc $(cat err)"

[ $failures -eq 0 ] || exit 1
echo "cov_io_load: ok"
