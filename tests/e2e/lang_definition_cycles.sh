#!/usr/bin/env bash
# Definitions that name each other in a circle longer than the checker
# follows (600 definitions: d0 reads d599, each other d(i) reads d(i-1)),
# written with arithmetic (each definition two levels deep) and as bare
# aliases (one level each, so the 512 definitions the checker holds in
# progress are reached first).  Either way `kaohe check` gives one error,
# "definitions depend on each other too deeply", at one of the circle's
# definitions, and exits 3: no crash, no cascade of messages.
set -u
. "$(dirname "$0")/lib/scratch.sh"
cd "$T"
failures=0
fail() { echo "lang_definition_cycles: FAIL: $*"; failures=$((failures + 1)); }

# circle NAME SUFFIX: writes NAME.rules (definitions on lines 4..603)
circle() {
    {
        printf 'input:\n    id: text, key\noutput o = d0\nd0 = d599%s\n' "$2"
        for i in $(seq 1 599); do printf 'd%d = d%d%s\n' "$i" $((i - 1)) "$2"; done
    } > "$1.rules"
}
for kind in sum alias; do
    if [ $kind = sum ]; then circle $kind ' + 1'; else circle $kind ''; fi
    "$K" check $kind.rules 2> err; rc=$?
    [ $rc = 3 ] || fail "$kind: exit status $rc, expected 3"
    [ "$(grep -c ': error: ' err)" = 1 ] || fail "$kind: not one error: $(head -c 600 err)"
    [ "$(grep -c ': warning: ' err)" = 0 ] || fail "$kind: warnings after the error: $(head -c 600 err)"
    line=$(sed -n "s/^$kind\.rules:\([0-9]*\):1: error: definitions depend on each other too deeply\$/\1/p" err)
    if [ -z "$line" ]; then
        fail "$kind: said: $(head -c 600 err)"
    elif [ "$line" -lt 4 ] || [ "$line" -gt 603 ]; then
        fail "$kind: the error is at line $line, not at a definition of the circle"
    fi
done

[ $failures -eq 0 ] || exit 1
echo "lang_definition_cycles: ok"
