#!/usr/bin/env bash
# kaohe fmt over every policy the hostile suites use (and the shipped ones):
# fmt never crashes nor touches the file with --stdout; a policy that does
# not check is refused; a valid policy is formatted into one that still
# checks, that formatting again leaves unchanged, and (the 2014 policy on
# the June roster) that evaluates to exactly the same results.
set -u
. tests/e2e/hostile/lib.bash
mkdir -p "$T/f"
n=0
for f in tests/e2e/hostile/policies/*.rules tests/e2e/hostile/errors.rules tests/e2e/hostile/cli/*.rules \
    tests/e2e/hostile/policytest/p.rules tests/fuzz/corpus-policy/*.rules rules/*.rules rules/*/*.rules; do
    n=$((n + 1))
    name=fmt-$n
    if ! "$K" check "$f" >/dev/null 2>&1; then
        # fmt formats only a policy that checks: one with errors (of syntax
        # or of meaning) is refused (3), with nothing on standard output,
        # the file untouched, and no crash
        cp "$f" "$T/orig"
        checks=$((checks + 1))
        timeout 30 "$K" fmt --stdout "$f" >"$T/$name.out" 2>"$T/$name.err"
        rc=$?
        [ $rc -eq 3 ] || bad "$name: fmt of $f (which does not check): exit status $rc"
        [ -s "$T/$name.out" ] && bad "$name: fmt of $f (which does not check) printed a policy"
        grep -qE "Sanitizer|runtime error:" "$T/$name.err" && bad "$name: sanitizer report"
        cmp -s "$f" "$T/orig" || bad "$name: $f was changed"
        continue
    fi
    k "$name" 0 30 fmt --stdout "$f"
    # the formatted text in the scratch directory, or beside the original
    # when it includes another file (so that the include resolves)
    g="$T/f/$n.rules"
    grep -qE '^(include|引用) ' "$f" && g="$(dirname "$f")/.hostile-fmt-$$.rules"
    cp "$T/$name.out" "$g"
    "$K" check "$g" >"$T/check.out" 2>&1 || { bad "$name: the formatted $f does not check:"; head -5 "$T/check.out"; }
    "$K" fmt --stdout "$g" >"$T/again" 2>/dev/null || bad "$name: fmt of the formatted $f: exit status $?"
    cmp -s "$g" "$T/again" || bad "$name: formatting the formatted $f changes it again"
    case $f in
    rules/customer-service-2014.rules)
        # exit status 1 both: 4 refused records (examples/ROSTERS.md)
        k eval-orig 1 60 eval "$f" examples/roster-2014-06.json
        k eval-formatted 1 60 eval "$g" examples/roster-2014-06.json
        cp "$T/eval-orig.out" "$T/a.json"; cp "$T/eval-formatted.out" "$T/b.json"
        cmp -s "$T/a.json" "$T/b.json" || bad "$name: the formatted $f gives other results" ;;
    esac
    rm -f "$g"
done
[ $n -gt 50 ] || bad "only $n policies were formatted"
finish hostile_fmt
