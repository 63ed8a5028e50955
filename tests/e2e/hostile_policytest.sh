#!/usr/bin/env bash
# `kaohe test` given broken test files and failing cases: every failure is
# reported as FAIL with its reason (worked out by hand from the files in
# hostile/policytest/ and below), the passing case as ok, the summary counts
# both, and the status is 1.  Files that are not test files at all (not
# JSON, an array, no policy, a broken policy, no cases) fail the same way.
set -u
. tests/e2e/hostile/lib.bash
D=tests/e2e/hostile/policytest
k wrong 1 60 test $D/wrong.test.json
for line in \
    'FAIL wrong.test.json: no records' '    the case has no "records" list' \
    '    --set cnt: "2.5" is not a whole number (cnt is integer)' \
    '    A.twice: expected 13, got 12' '    worked by hand: 6 * 2 = 12, not 13' \
    '    A: expected an error, but the record was evaluated (division)' \
    "    A: the policy has no output 'zz'" \
    '    A: unexpected error: division by zero in inv (tests/e2e/hostile/policytest/p.rules:17:14)' \
    '    A: expected an error mentioning "overflow", got: division by zero in inv' \
    '    B: no record with this id in the case' \
    '    the records could not be read: test records: line 1, column' \
    '    A.kind: expected "b", got "a"' '    A.both[2]: expected 4, got 3' \
    '    A.obj.b: expected false, got true' '    A.n: expected "x", got null' \
    '    A.third: expected "3/1", got 2' \
    'ok   wrong.test.json: all right' '1 passed, 10 failed'; do
    grep -qxF -- "$line" "$T/wrong.out" || grep -qF -- "$line" "$T/wrong.out" || bad "wrong: lacks: $line"
done

# not test files
mkdir -p "$T/t/sub" "$T/t/build"
printf '{ nope' >"$T/t/a-not-json.test.json"
printf '[]' >"$T/t/b-array.test.json"
printf '{"cases": []}' >"$T/t/c-no-policy.test.json"
printf 'output x = 1 +\n' >"$T/t/bad.rules"
printf '{"policy": "bad.rules", "cases": []}' >"$T/t/d-bad-policy.test.json"
cp $D/p.rules "$T/t/sub/"
printf '{"policy": "p.rules", "cases": []}' >"$T/t/sub/e-no-cases.test.json"
printf '{"policy": "p.rules", "cases": [{"name": "one", "records": [{"id": "A", "x": 3, "s": "b", "xs": []}], "expect": {"A": {"twice": 6}}}]}' \
    >"$T/t/sub/f-good.test.json"
printf '{ not even read' >"$T/t/build/g-skipped.test.json"
k files 1 60 test "$T/t"
for line in \
    'FAIL a-not-json.test.json: (the file)' '    the file is not a JSON object (see kaohe help test)' \
    'FAIL b-array.test.json: (the file)' \
    "FAIL c-no-policy.test.json: (the policy)" '    the file names no policy (give "policy": "x.rules", relative to the test file)' \
    'FAIL d-bad-policy.test.json: (the policy)' 'bad.rules:2:1: error: expected a value, but found the end of the file' \
    'FAIL e-no-cases.test.json: (the file)' '    the file has no "cases"' \
    'ok   f-good.test.json: one' '1 passed, 5 failed'; do
    grep -qF -- "$line" "$T/files.out" || bad "files: lacks: $line"
done
grep -q 'g-skipped' "$T/files.out" && bad "files: a test under build/ was run"
# with no PATH, the current directory; a missing PATH is a usage error
(cd "$T/t/sub" && "$K" test >"$T/here.out" 2>&1)
grep -qF '1 passed, 1 failed' "$T/here.out" || bad "test with no PATH: $(tail -1 "$T/here.out")"
k missing 2 30 test "$T/no-such-dir"
err_has missing "no such file or directory: $T/no-such-dir"
mkdir -p "$T/empty"
k none 2 30 test "$T/empty"
err_has none 'no *.test.json files found'
k option 2 30 test --frobnicate
err_has option "unknown option '--frobnicate'"
finish hostile_policytest
