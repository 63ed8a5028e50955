#!/usr/bin/env bash
# kaohe fmt, beyond the golden cases (tests/golden/io-fmt-*): formatting in
# place, formatting the expected output changes nothing (idempotence), an
# and-chain of 300 operands keeps every one of them, a policy larger than
# the 64 KB first read buffer, and files that are no policy at all.
set -eu
K=${KAOHE:-./kaohe}
G=tests/golden
T=$(mktemp -d); trap 'rm -rf "$T"' EXIT
fail() { echo "cov_io_fmt: $*"; exit 1; }

# 1. the expected output of every golden fmt case is itself formatted (the
#    formatter's layout cases, tests/unit/fmt/, are checked by test_fmt)
for f in io-fmt-crlf/expected.out io-fmt-check/tidy.rules; do
    c=${f%%/*}
    cp $G/$f $T/$c.rules
    out=$($K fmt --check $T/$c.rules) || fail "$c: the formatted text is not formatted: $out"
    [ -z "$out" ] || fail "$c: --check printed '$out'"
done

# 2. in place: the messy file becomes the tidy text; a formatted file is
#    left alone (same inode: not even rewritten)
cp $G/io-fmt-check/messy.rules $T/in-place.rules
out=$($K fmt $T/in-place.rules)
[ -z "$out" ] || fail "fmt in place printed '$out'"
cmp $T/in-place.rules $G/io-fmt-check/tidy.rules || fail "fmt in place wrote something else"
ino=$(stat -c %i $T/in-place.rules)
$K fmt $T/in-place.rules
[ "$(stat -c %i $T/in-place.rules)" = "$ino" ] || fail "a formatted file was rewritten"
[ -z "$(ls $T | grep -v '\.rules$')" ] || fail "temporary files left: $(ls $T)"

# 3. x = c0 and c1 and ... and c299 (far over 100 columns): "x =", then c0,
#    then one "and cN" line per operand, none dropped (fmt used to keep 256);
#    the 300 conditions are definitions, each on its line as written
defs() { for i in $(seq 0 299); do echo "c$i = true"; done; }
{ defs; printf 'output x = c0'; for i in $(seq 1 299); do printf ' and c%d' $i; done; printf '\n'; } > $T/chain.rules
{ defs; echo 'output x ='; echo '    c0'; for i in $(seq 1 299); do echo "    and c$i"; done; } > $T/chain.want
$K fmt --stdout $T/chain.rules > $T/chain.got
cmp $T/chain.got $T/chain.want || fail "the 300-operand chain: $(diff $T/chain.got $T/chain.want | head -5)"

# 4. 1000 params, 80 KB: written untidily, formatted in place to the tidy
#    text (the trailing comments of the run line up two columns after the
#    longest line, "param p1000 = 1000 yuan", 23 columns)
for i in $(seq 1 1000); do printf '%-25s# param number %d, a comment long enough to make the file larger\n' "param p$i = $i yuan" $i; done > $T/big.want
sed 's/ = /=/; s/ yuan/    yuan/' $T/big.want > $T/big.rules
[ $(stat -c %s $T/big.rules) -gt 65536 ] || fail "big.rules is too small to test the buffer growth"
if $K fmt --check $T/big.rules > $T/big.check; then fail "--check passed the untidy big.rules"; fi
[ "$(cat $T/big.check)" = "$T/big.rules: not formatted (run: kaohe fmt $T/big.rules)" ] || fail "--check said: $(cat $T/big.check)"
$K fmt $T/big.rules
cmp $T/big.rules $T/big.want || fail "big.rules: $(diff $T/big.rules $T/big.want | head -5)"
$K fmt --check $T/big.rules

# 5. nothing to format: an empty file, blank lines alone, comments alone
#    are not a policy ("the policy is empty", a check error): fmt refuses
#    them (exit status 3) and leaves them as they are
: > $T/empty.rules
printf '\n\n  \n' > $T/blank.rules
printf '# a\n\n\n   # b   \n' > $T/comments.rules
for f in empty blank comments; do
    cp $T/$f.rules $T/$f.orig
    rc=0; $K fmt $T/$f.rules 2> $T/err || rc=$?
    [ $rc = 3 ] && grep -q "^$T/$f.rules:1:1: error: the policy is empty" $T/err || fail "$f: rc $rc, $(cat $T/err)"
    cmp -s $T/$f.rules $T/$f.orig || fail "$f.rules was changed"
done

echo "cov_io_fmt: ok"
