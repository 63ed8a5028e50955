#!/usr/bin/env bash
# Issue 20, item 8 (and the include half of item 3): what an include, and
# the "policy" of a policy test, may read.
#   - a path longer than PATH_MAX was cut short silently and another file
#     read: now an error naming the length;
#   - include "/etc/shadow" read any file and printed its lines: an include
#     reads only *.rules files inside the policy's directory tree (symbolic
#     links resolved), or inside a --include-path DIR;
#   - a policy test's "policy" may be anywhere, but must be a regular
#     *.rules file, and a file that is no policy at all is not echoed;
#   - an include of a FIFO blocked forever: refused at once.
set -u
. "$(dirname "$0")/lib/scratch.sh"
failures=0
fail() { echo "includes: FAIL: $*"; failures=$((failures + 1)); }
# run NAME WANT_RC ARGS...: kaohe in $T/p with a 20 s limit
run() {
    local name=$1 want=$2; shift 2
    (cd "$T/p" && timeout -k 5 20 "$K" "$@" >"$T/$name.out" 2>"$T/$name.err")
    local rc=$?
    [ $rc = "$want" ] || fail "$name: exit status $rc, expected $want: $(head -c 400 "$T/$name.err")"
}
has() { grep -qF -- "$2" "$T/$1.err" || fail "$1: stderr lacks: $2 — it says: $(head -c 600 "$T/$1.err")"; }
lacks() { grep -qF -- "$2" "$T/$1.err" "$T/$1.out" && fail "$1: the output shows: $2"; }

mkdir -p "$T/p/sub" "$T/outside" "$T/lib"
printf 'input:\n    id: text, key\n' >"$T/p/schema.rules"
printf 'param rate = 2\n' >"$T/p/sub/rate.rules"
printf 'param far = 3\n' >"$T/outside/far.rules"
printf 'param lib = 5\n' >"$T/lib/lib.rules"
printf 'param evil = 666\n' >"$T/p/evil.rules"
secret='root:$6$salt$SECRETHASH:19000:0:99999:7:::'
printf '%s\ndaemon:*:19000:0:99999:7:::\n' "$secret" >"$T/outside/shadow"
printf '%s\n' "$secret" >"$T/outside/shadow.rules"

# 1. inside the tree, by relative and absolute path, and through ".." that
#    stays inside: read
printf 'include "schema.rules"\ninclude "sub/rate.rules"\ninclude "%s/p/sub/../sub/rate.rules"\noutput o = rate\n' "$T" >"$T/p/ok.rules"
run ok 0 check ok.rules
has ok "ok.rules: ok"

# 2. an absolute path outside the tree, and one that is not *.rules
printf 'include "schema.rules"\ninclude "%s/outside/far.rules"\noutput o = far\n' "$T" >"$T/p/far.rules"
run far 3 check far.rules
has far "far.rules:2:9: error: '$T/outside/far.rules' is outside the policy's directory: an include reads files under $T/p only"
has far "to read files from another directory too, name it: --include-path DIR"
printf 'include "schema.rules"\ninclude "/etc/shadow"\ninclude "/etc/passwd"\ninclude "%s/outside/shadow"\noutput o = 1\n' "$T" >"$T/p/shadow.rules"
run shadow 3 check shadow.rules
has shadow "shadow.rules:2:9: error: '/etc/shadow' is not a policy file (its name does not end in .rules)"
has shadow "shadow.rules:3:9: error: '/etc/passwd' is not a policy file (its name does not end in .rules)"
has shadow "shadow.rules:4:9: error: '$T/outside/shadow' is not a policy file"
lacks shadow "SECRETHASH"
lacks shadow "root:"
# a *.rules file outside, named through "..": refused, its lines not shown
printf 'include "schema.rules"\ninclude "../outside/shadow.rules"\noutput o = 1\n' >"$T/p/dotdot.rules"
run dotdot 3 check dotdot.rules
has dotdot "dotdot.rules:2:9: error: '../outside/shadow.rules' is outside the policy's directory"
lacks dotdot "SECRETHASH"

# 3. symbolic links are resolved: a link inside the tree to a file outside
#    is outside; a link named *.rules to a file that is not is no policy
ln -s "$T/outside/far.rules" "$T/p/link-far.rules"
ln -s "$T/outside/shadow" "$T/p/link-shadow.rules"
ln -s /etc/passwd "$T/p/passwd.rules"
printf 'include "schema.rules"\ninclude "link-far.rules"\ninclude "link-shadow.rules"\ninclude "passwd.rules"\noutput o = 1\n' >"$T/p/links.rules"
run links 3 check links.rules
has links "links.rules:2:9: error: 'link-far.rules' is outside the policy's directory"
has links "links.rules:3:9: error: 'link-shadow.rules' is not a policy file"
has links "links.rules:4:9: error: 'passwd.rules' is not a policy file"
lacks links "SECRETHASH"
lacks links "root:"

# 4. --include-path DIR adds a directory (and everything below it), for
#    every command that reads a policy; without it the same policy fails
printf 'include "schema.rules"\ninclude "%s/lib/lib.rules"\ninclude "../outside/far.rules"\noutput o = lib + far\n' "$T" >"$T/p/lib.rules"
run nolib 3 check lib.rules
run lib 0 check lib.rules --include-path "$T/lib" --include-path="$T/outside"
echo '{"id":"A"}' >"$T/p/a.json"
run lib-eval 0 eval --include-path "$T/lib" lib.rules a.json --include-path "$T/outside" -f ndjson
[ "$(cat "$T/lib-eval.out")" = '{"id":"A","o":8}' ] || fail "lib-eval: $(cat "$T/lib-eval.out")"
run lib-fmt 0 fmt --check lib.rules --include-path "$T/lib" --include-path "$T/outside"
run lib-missing 2 check lib.rules --include-path "$T/no-such-dir"
has lib-missing "kaohe: --include-path '$T/no-such-dir': No such file or directory"
run lib-file 2 check lib.rules --include-path "$T/lib/lib.rules"
has lib-file "kaohe: --include-path '$T/lib/lib.rules' is not a directory"
run lib-none 2 check lib.rules --include-path
has lib-none "kaohe: --include-path needs a directory"

# 5. a path longer than PATH_MAX (4096): "././.../" then "/evil.rules" is
#    4095 bytes, so the old 4096-byte buffer cut "_not_read.rules" off and
#    read evil.rules; now the length is the error and evil is never read
pad=$(printf './%.0s' $(seq 2042))
printf 'include "schema.rules"\ninclude "%s/evil.rules_not_read.rules"\noutput o = evil\n' "$pad" >"$T/p/long.rules"
run long 3 check long.rules
has long "long.rules:2:9: error: this include's path is 4110 bytes long: the system allows at most 4095"
grep -q "unknown name 'evil'" "$T/long.err" || fail "long: evil.rules was read: $(head -c 300 "$T/long.err")"

# 6. a FIFO: an include of one, and a policy test naming one, are refused
#    at once (they used to wait for a writer forever)
mkfifo "$T/p/fifo.rules"
printf 'include "schema.rules"\ninclude "fifo.rules"\noutput o = 1\n' >"$T/p/fifo-inc.rules"
run fifo 3 check fifo-inc.rules
has fifo "fifo-inc.rules:2:9: error: cannot read 'fifo.rules': it is a FIFO, not a policy file"

# 7. a policy test's "policy": anywhere, but a regular *.rules file; a file
#    that is no policy (not one declaration parses) is not shown
printf 'include "schema.rules"\noutput o = 1\n' >"$T/p/one.rules"
case_json='"cases": [{"name": "c", "records": [{"id": "A"}], "expect": {"A": {"o": 1}}}]'
printf '{"policy": "%s/p/one.rules", %s}\n' "$T" "$case_json" >"$T/outside/abs.test.json"
printf '{"policy": "/etc/shadow", %s}\n' "$case_json" >"$T/p/etc.test.json"
printf '{"policy": "../outside/shadow.rules", %s}\n' "$case_json" >"$T/p/junk.test.json"
printf '{"policy": "fifo.rules", %s}\n' "$case_json" >"$T/p/fifo.test.json"
long_policy=$(printf 'x%.0s' $(seq 5000))
printf '{"policy": "%s.rules", %s}\n' "$long_policy" "$case_json" >"$T/p/long.test.json"
(cd "$T/p" && timeout 20 "$K" test "$T/outside/abs.test.json" etc.test.json junk.test.json fifo.test.json long.test.json \
    >"$T/tests.out" 2>"$T/tests.err")
rc=$?
[ $rc = 1 ] || fail "tests: exit status $rc"
for want in "ok   abs.test.json: c" \
    "    the policy '/etc/shadow' could not be loaded:" \
    "kaohe: error: '/etc/shadow' is not a policy file (its name does not end in .rules)" \
    "    the policy '../outside/shadow.rules' could not be loaded:" \
    "../outside/shadow.rules:1:6: error: unexpected character '$'" \
    "kaohe: error: cannot read 'fifo.rules': it is a FIFO, not a policy file" \
    "File name too long" \
    "1 passed, 4 failed"; do
    grep -qF -- "$want" "$T/tests.out" || fail "tests: lacks: $want — got: $(cat "$T/tests.out" | head -c 1500)"
done
grep -qF "SECRETHASH" "$T/tests.out" && fail "tests: the junk policy's line is shown"
grep -qF "root:" "$T/tests.out" && fail "tests: the junk policy's line is shown"

# 8. many includes side by side are not nesting: 300 siblings load (the
#    255th used to be "too many nested includes"); a policy of more than
#    4096 files is refused at the include that would be the 4097th
mkdir -p "$T/p/many"
{ printf 'include "schema.rules"\n'; for i in $(seq 1 300); do printf 'include "many/m%d.rules"\n' $i; done
  printf 'output o = m1 + m300\n'; } >"$T/p/siblings.rules"
for i in $(seq 1 4100); do printf 'param m%d = %d\n' $i $i >"$T/p/many/m$i.rules"; done
run siblings 0 eval siblings.rules a.json -f ndjson
[ "$(cat "$T/siblings.out")" = '{"id":"A","o":301}' ] || fail "siblings: $(cat "$T/siblings.out")"
{ printf 'include "schema.rules"\n'; for i in $(seq 1 4100); do printf 'include "many/m%d.rules"\n' $i; done
  printf 'output o = 1\n'; } >"$T/p/toomany.rules"
run toomany 3 check toomany.rules
# toomany.rules and schema.rules are two of the 4096: m4095 is the 4097th
has toomany "toomany.rules:4096:9: error: too many files in one policy (at most 4096): this include and the ones after it are not read"
[ "$(grep -c 'error:' "$T/toomany.err")" = 1 ] || fail "toomany: more than one error: $(grep 'error:' "$T/toomany.err" | head -3)"

[ $failures -eq 0 ] || exit 1
echo "includes: ok"
