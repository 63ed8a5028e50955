#!/usr/bin/env bash
# kaohe fmt: every shipped policy is formatted; formatting is idempotent and
# keeps every comment; the formatted policy means the same (same results).
set -eu
K=${KAOHE:-./kaohe}
T=$(mktemp -d); trap 'rm -rf "$T"' EXIT
files=$(find rules examples -name "*.rules" | sort)
$K fmt --check $files
# (the formatted text is put in place of the file in a copy of the tree, so
# that its includes resolve: fmt formats only a policy that checks)
mkdir -p $T/tree && cp -r rules examples $T/tree/
for f in $files; do
    $K fmt --stdout "$f" > $T/once
    cp $T/once $T/tree/$f
    $K fmt --stdout $T/tree/$f > $T/twice
    cmp $T/once $T/twice || { echo "fmt is not idempotent on $f"; exit 1; }
    a=$(grep -o '#.*' "$f" | sed 's/[[:space:]]*$//' | sort | md5sum)
    b=$(grep -o '#.*' $T/once | sed 's/[[:space:]]*$//' | sort | md5sum)
    [ "$a" = "$b" ] || { echo "fmt lost or changed a comment in $f"; exit 1; }
done
# a messy copy of the shipped policy formats back to the shipped text, and
# evaluates the same
mkdir -p $T/p/customer-service-2014
sed -e '/#/!{s/ = / =   /; s/, / ,/g; s/ -> /  ->    /}' rules/customer-service-2014.rules > $T/p/customer-service-2014.rules
cp rules/customer-service-2014/input.rules $T/p/customer-service-2014/
if $K fmt --check $T/p/customer-service-2014.rules > /dev/null; then echo "the messy copy should not pass --check"; exit 1; fi
$K fmt $T/p/customer-service-2014.rules
cmp $T/p/customer-service-2014.rules rules/customer-service-2014.rules
# `-`: standard input, formatted to standard output (the messy text above
# comes out as the shipped one); --check names it, and nothing is written.
# Its includes are relative to the current directory.
K=$(realpath $K)
sed -e '/#/!{s/ = / =   /; s/, / ,/g; s/ -> /  ->    /}' rules/customer-service-2014.rules > $T/messy.rules
(cd rules && $K fmt - < $T/messy.rules > $T/from-stdin)
cmp $T/from-stdin rules/customer-service-2014.rules
rc=0; (cd rules && $K fmt --check - < $T/messy.rules > $T/check-out) || rc=$?
[ $rc = 1 ] && [ "$(cat $T/check-out)" = "<stdin>: not formatted" ] || { echo "fmt --check -: rc $rc, $(cat $T/check-out)"; exit 1; }
(cd rules && $K fmt --check - < customer-service-2014.rules)
rc=0; $K fmt --check - < rules/customer-service-2014.rules 2> $T/err || rc=$?
[ $rc = 3 ] && grep -q "^<stdin>:11:9: error: cannot read 'customer-service-2014/input.rules'" $T/err ||
    { echo "fmt - with includes not found from here: rc $rc, $(head -3 $T/err)"; exit 1; }
# a syntax error: exit status 3 (a policy error), nothing on standard output
rc=0; printf 'output x = \n' | $K fmt - > $T/out 2> $T/err || rc=$?
[ $rc = 3 ] && [ ! -s $T/out ] || { echo "fmt - of a syntax error: exit status $rc, expected 3"; exit 1; }
grep -q '^<stdin>:2:1: error: ' $T/err || { echo "fmt - error not located: $(cat $T/err)"; exit 1; }
# standard output that cannot take the text (a full device): status 4 and a
# message, never a silent success with nothing written
for how in "--stdout customer-service-2014.rules" "-"; do
    rc=0; (cd rules && $K fmt $how < customer-service-2014.rules > /dev/full 2> $T/err) || rc=$?
    [ $rc = 4 ] && [ "$(cat $T/err)" = "kaohe: cannot write the formatted policy (standard output)" ] \
        || { echo "fmt $how > /dev/full: exit status $rc, said: $(cat $T/err)"; exit 1; }
done
echo "fmt: ok ($(echo $files | wc -w) files)"
