#!/usr/bin/env bash
# Issue 20, item 3: `kaohe test DIR` followed symbolic links to directories
# without remembering them — three links back to the directory ran past
# 120 s, /proc/self/fd never ended, one such link ran every test 17 times
# ("255 passed" for 15) — and a FIFO named x.test.json blocked forever.
# Now each directory is searched once (device and inode), only regular
# files are tests, and what is skipped is named on stderr.
set -u
. "$(dirname "$0")/lib/scratch.sh"
failures=0
fail() { echo "test_walk: FAIL: $*"; failures=$((failures + 1)); }
# run NAME WANT_RC ARGS...: kaohe test with a 20 s limit
run() {
    local name=$1 want=$2; shift 2
    timeout -k 5 20 "$K" test "$@" >"$T/$name.out" 2>"$T/$name.err"
    local rc=$?
    [ $rc = 124 ] || [ $rc = 137 ] && { fail "$name: no answer within 20 s"; return; }
    [ $rc = "$want" ] || fail "$name: exit status $rc, expected $want: $(head -c 300 "$T/$name.err") $(tail -2 "$T/$name.out")"
}
out_is() { [ "$(cat "$T/$1.out")" = "$2" ] || fail "$1: stdout is $(cat "$T/$1.out"), expected $2"; }
err_is() { [ "$(cat "$T/$1.err")" = "$2" ] || fail "$1: stderr is:
$(cat "$T/$1.err")
expected:
$2"; }

# three test files, one case each, in w/ and w/sub/
mkdir -p "$T/w/sub/deeper"
printf 'input:\n    id: text, key\n    x: integer\noutput y = x * 2\n' >"$T/w/p.rules"
for t in a sub/b sub/deeper/c; do
    rel=$(dirname "$t" | sed 's|[^/.][^/]*|..|g; s|^\.$||'); rel=${rel:+$rel/}
    printf '{"policy": "%sp.rules", "cases": [{"name": "%s", "records": [{"id": "A", "x": 2}], "expect": {"A": {"y": 4}}}]}\n' \
        "$rel" "$t" >"$T/w/$t.test.json"
done
run plain 0 "$T/w"
out_is plain "ok   a.test.json: a
ok   b.test.json: sub/b
ok   c.test.json: sub/deeper/c
3 passed, 0 failed"
err_is plain ""

# three links back up the tree: each test still runs once, and each link
# is named as a directory searched already
ln -s . "$T/w/self"
ln -s .. "$T/w/sub/up"
ln -s ../.. "$T/w/sub/deeper/top"
run links 0 "$T/w"
out_is links "ok   a.test.json: a
ok   b.test.json: sub/b
ok   c.test.json: sub/deeper/c
3 passed, 0 failed"
for l in self sub/up sub/deeper/top; do
    grep -qxF "kaohe: skipped '$T/w/$l': this directory was searched already (a symbolic link leads back to it)" "$T/links.err" ||
        fail "links: $l is not named: $(cat "$T/links.err")"
done
[ "$(wc -l <"$T/links.err")" = 3 ] || fail "links: stderr has other lines: $(cat "$T/links.err")"

# a FIFO, a dangling link and a directory named *.test.json: skipped, named
mkfifo "$T/w/sub/fifo.test.json"
ln -s "$T/nowhere" "$T/w/dangling.test.json"
mkdir "$T/w/dir.test.json"
run odd 0 "$T/w"
grep -qxF "kaohe: skipped '$T/w/sub/fifo.test.json': it is a FIFO, not a test file" "$T/odd.err" ||
    fail "odd: the FIFO is not named: $(cat "$T/odd.err")"
grep -qxF "kaohe: skipped '$T/w/dangling.test.json': No such file or directory" "$T/odd.err" ||
    fail "odd: the dangling link is not named: $(cat "$T/odd.err")"
grep -q "3 passed, 0 failed" "$T/odd.out" || fail "odd: $(tail -1 "$T/odd.out")"
# a FIFO named on the command line is a failed file, at once
run fifo-arg 1 "$T/w/sub/fifo.test.json"
out_is fifo-arg "FAIL fifo.test.json: (the file)
    the file is not a regular file (a FIFO)
0 passed, 1 failed"

# a directory of fixtures (it holds .kaohe-fixtures): its tests are meant to
# fail (y = 5 is wrong: 2 * 2 = 4) and are left out of a walk, named on
# stderr; named as a PATH, they run (and fail)
mkdir -p "$T/f/fx"
printf 'input:\n    id: text, key\n    x: integer\noutput y = x * 2\n' >"$T/f/p.rules"
printf '{"policy": "p.rules", "cases": [{"name": "good", "records": [{"id": "A", "x": 2}], "expect": {"A": {"y": 4}}}]}\n' >"$T/f/good.test.json"
printf '{"policy": "../p.rules", "cases": [{"name": "bad", "records": [{"id": "A", "x": 2}], "expect": {"A": {"y": 5}}}]}\n' >"$T/f/fx/bad.test.json"
: >"$T/f/fx/.kaohe-fixtures"
run fixtures 0 "$T/f"
out_is fixtures "ok   good.test.json: good
1 passed, 0 failed"
err_is fixtures "kaohe: left out '$T/f/fx': its tests are fixtures (it holds .kaohe-fixtures); name it to run them"
run fixtures-named 1 "$T/f/fx"
grep -q "^FAIL bad.test.json: bad" "$T/fixtures-named.out" && tail -1 "$T/fixtures-named.out" | grep -qx "0 passed, 1 failed" ||
    fail "fixtures-named: $(cat "$T/fixtures-named.out")"
# at the top of the project, `kaohe test` runs the project's own policy
# tests: the files under tests/policy and examples, none of the fixtures
# of tests/golden and tests/e2e/hostile
root=$(cd "$(dirname "$0")/../.." && pwd)
want=$(cd "$root" && find tests/policy examples -name '*.test.json' | wc -l)
(cd "$root" && timeout 120 "$K" test >"$T/top.out" 2>"$T/top.err") || fail "top: exit status $?: $(tail -3 "$T/top.out")"
files=$(grep -E '^(ok|FAIL) ' "$T/top.out" | sed -E 's/^(ok|FAIL) +([^:]*):.*/\2/' | sort -u | wc -l)
[ "$files" = "$want" ] || fail "top: $files test files ran, expected the $want of tests/policy and examples"
[ "$(sort "$T/top.err")" = "kaohe: left out './tests/e2e/hostile': its tests are fixtures (it holds .kaohe-fixtures); name it to run them
kaohe: left out './tests/golden': its tests are fixtures (it holds .kaohe-fixtures); name it to run them" ] ||
    fail "top: stderr: $(cat "$T/top.err")"

# /proc/self/fd: every entry is a link, one of them to the directory being
# read (a new one for each level): the walk ends, having found nothing
if [ -d /proc/self/fd ]; then
    run proc 2 /proc/self/fd
    grep -q "no \*.test.json files found" "$T/proc.err" || fail "proc: $(tail -2 "$T/proc.err")"
fi

[ $failures -eq 0 ] || exit 1
echo "test_walk: ok"
