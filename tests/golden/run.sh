#!/usr/bin/env bash
# Golden tests: each directory under tests/golden/ is one case, run from
# inside that directory; every expectation is written by hand.
#   args           the kaohe arguments, one per line (paths relative to the
#                  case); @TMP@ stands for an empty scratch directory
#   stdin          (optional) fed to standard input; otherwise /dev/null
#   expected.out   the exact standard output (the scratch directory's path
#                  written as @TMP@, here and in expected.err)
#   expected.err   (optional) the exact standard error; when absent, standard
#                  error must be empty
#   expected.rc    (optional) the exit status, 0 when absent
#   expected.files (optional) a directory: after the run the scratch
#                  directory must hold exactly these files, byte for byte;
#                  when absent it must be left empty (no stray output, no
#                  half-written temporary file)
#   expected.zh.err (optional) the exact standard error of the same run with
#                  --lang zh (messages in Chinese); the exit status as for the
#                  first run, and standard output too unless
#   expected.zh.out (optional) gives the exact standard output of that run
#                  (a report in Chinese: kaohe test, explain, diff)
#   README / *.md  notes (the working behind the expectations)
# Directories named known-bug-* pin a behaviour that is wrong today: they
# are listed but not run, unless KNOWN_BUGS=1.
# Usage: tests/golden/run.sh ./kaohe [CASE...]
set -u
kaohe=$(realpath "$1"); shift
cd "$(dirname "$0")"
cases=("$@")
[ ${#cases[@]} -eq 0 ] && cases=(*/)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
pass=0; fail=0; skipped=()
for c in "${cases[@]}"; do
    c=${c%/}
    [ -f "$c/args" ] || continue
    if [[ $c == known-bug-* && ${KNOWN_BUGS:-0} != 1 ]]; then skipped+=("$c"); continue; fi
    scratch="$work/$c.tmp"; mkdir -p "$scratch"
    args=()
    while IFS= read -r line || [ -n "$line" ]; do args+=("${line//@TMP@/$scratch}"); done < "$c/args"
    input=/dev/null; [ -f "$c/stdin" ] && input="$PWD/$c/stdin"
    rm -f "$work/out" "$work/err"
    (cd "$c" && NO_COLOR=1 timeout 60 "$kaohe" "${args[@]}" <"$input" >"$work/out" 2>"$work/err")
    rc=$?
    # the scratch directory's path is written @TMP@ in expectations
    sed -i "s|$scratch|@TMP@|g" "$work/out" "$work/err"
    want_rc=0; [ -f "$c/expected.rc" ] && want_rc=$(cat "$c/expected.rc")
    ok=1
    if ! cmp -s "$work/out" "$c/expected.out"; then
        ok=0; echo "FAIL $c: standard output differs (< got, > expected)"; diff "$work/out" "$c/expected.out" | head -20
    fi
    want_err=/dev/null; [ -f "$c/expected.err" ] && want_err="$c/expected.err"
    if ! cmp -s "$work/err" "$want_err"; then
        ok=0; echo "FAIL $c: standard error differs (< got, > expected)"; diff "$work/err" "$want_err" | head -20
    fi
    if [ "$rc" != "$want_rc" ]; then ok=0; echo "FAIL $c: exit status $rc, expected $want_rc"; fi
    if [ -f "$c/expected.zh.err" ]; then
        rm -rf "$scratch"; mkdir -p "$scratch"
        (cd "$c" && NO_COLOR=1 timeout 60 "$kaohe" "${args[@]}" --lang zh <"$input" >"$work/out.zh" 2>"$work/err.zh")
        rc_zh=$?
        sed -i "s|$scratch|@TMP@|g" "$work/out.zh" "$work/err.zh"
        want_out_zh="$c/expected.out"; [ -f "$c/expected.zh.out" ] && want_out_zh="$c/expected.zh.out"
        if ! cmp -s "$work/out.zh" "$want_out_zh"; then
            ok=0; echo "FAIL $c: standard output with --lang zh differs (< got, > expected)"; diff "$work/out.zh" "$want_out_zh" | head -20
        fi
        if ! cmp -s "$work/err.zh" "$c/expected.zh.err"; then
            ok=0; echo "FAIL $c: standard error in Chinese differs (< got, > expected)"; diff "$work/err.zh" "$c/expected.zh.err" | head -20
        fi
        [ "$rc_zh" = "$want_rc" ] || { ok=0; echo "FAIL $c: exit status $rc_zh with --lang zh, expected $want_rc"; }
    fi
    want_files="$c/expected.files"
    if [ -d "$want_files" ]; then
        if ! diff -r "$scratch" "$want_files" >/dev/null; then
            ok=0; echo "FAIL $c: the files written differ (< got, > expected)"; diff -r "$scratch" "$want_files" | head -20
        fi
    elif [ -n "$(ls -A "$scratch")" ]; then
        ok=0; echo "FAIL $c: files were left behind: $(ls -A "$scratch" | tr '\n' ' ')"
    fi
    if [ $ok = 1 ]; then pass=$((pass+1)); else fail=$((fail+1)); fi
done
echo "golden: $pass passed, $fail failed"
for c in "${skipped[@]}"; do echo "golden: not run (a known bug, KNOWN_BUGS=1 runs it): $c"; done
[ $fail = 0 ]
