#!/usr/bin/env bash
# What a run does when the system fails it while it writes: every output
# is either written whole or not at all, and a run that could not write
# one says so and exits 4 (an I/O error).  Failures the command line cannot
# cause are made by tests/e2e/lib/failcall.c, an LD_PRELOAD library built
# here: FAILCALL=NAME makes every call of NAME after the first
# FAILCALL_AFTER ones fail (fsync, rename, fclose, fflush, fwrite, write,
# read, lseek, mkostemp, fdopen, tmpfile).  For each command and each call,
# the test lets 0, 1, 2, ... calls succeed until the run gets through, and
# requires of every run (from the README's "nothing half-written" and the
# exit statuses):
#   - exit status 4 with a message "kaohe: ..." naming an output, or 0;
#   - every output file present is the whole file a run without failures
#     writes (byte for byte): never a part of it;
#   - no temporary file is left, neither beside the outputs
#     (".NAME.kaohe-HASH-XXXXXX") nor in TMPDIR;
#   - a run that exits 0 wrote every output, and a run whose first fsync,
#     rename, mkostemp or fdopen fails does not exit 0 (every output file
#     goes through each);
#   - a run gets through when 8192 calls are let through (the sweep ends;
#     it lets 0 to 8, then 12, 16, 24, ... 8192 through).
# and exactly one such message (slips into a folder: one per slip).  Then standard output on /dev/full
# (ENOSPC): exit 4 and one message naming standard output; and -o /dev/full
# (a device, written directly): exit 4 and one message naming it.
# Under the ASan build the library goes before the ASan runtime, which
# ASAN_OPTIONS=verify_asan_link_order=0 allows.
set -u
. tests/e2e/lib/exits.sh
K=$(realpath "${KAOHE:-./kaohe}")
SRC=$(pwd)
T=$(mktemp -d); trap 'rm -rf "$T"' EXIT
export NO_COLOR=1 SOURCE_DATE_EPOCH=1400000000
failures=0
fail() { echo "cov_io_failures: FAIL: $*"; failures=$((failures + 1)); }

cc -shared -fPIC -Wall -Wextra -Werror -o "$T/failcall.so" "$SRC/tests/e2e/lib/failcall.c" -ldl ||
    { echo "cov_io_failures: FAIL: cannot build the failcall library"; exit 1; }
SHIM_ASAN="${ASAN_OPTIONS:+$ASAN_OPTIONS:}verify_asan_link_order=0"
# (under ASan: a leak of minizip's own when a workbook cannot be written,
# see the file)
export LSAN_OPTIONS="${LSAN_OPTIONS:+$LSAN_OPTIONS:}suppressions=$SRC/tests/e2e/lib/lsan-minizip.supp:print_suppressions=0"

mkdir -p "$T/ref" "$T/run" "$T/tmp"
for d in ref run; do
    cp tests/golden/_shared/pay.rules tests/golden/_shared/ok.json "$T/$d/"
done
export TMPDIR=$T/tmp

# the shim works: a run whose every fsync fails cannot write its output
(cd "$T/run" && FAILCALL=fsync LD_PRELOAD=$T/failcall.so ASAN_OPTIONS=$SHIM_ASAN \
    "$K" eval pay.rules ok.json -f csv -o probe.csv > /dev/null 2> "$T/err")
rc=$?
[ "$rc" = 4 ] && [ ! -e "$T/run/probe.csv" ] ||
    { echo "cov_io_failures: FAIL: the failcall library did not make fsync fail (exit $rc: $(cat "$T/err"))"; exit 1; }

# the outputs present in run/ are whole: each the same as in ref/
whole() {
    local p f
    for p in "$@"; do
        if [ -d "$T/run/$p" ]; then
            for f in "$T/run/$p"/*; do
                [ -e "$f" ] || continue
                cmp -s "$f" "$T/ref/$p/${f##*/}" || fail "$WHAT: $p/${f##*/} is not the whole file"
            done
        elif [ -e "$T/run/$p" ]; then
            cmp -s "$T/run/$p" "$T/ref/$p" || fail "$WHAT: $p is not the whole file"
        fi
    done
}
no_temporary() {
    local left
    left=$(cd "$T/run" && find . "$T/tmp" -name '.*.kaohe-*' -o -path "$T/tmp/*" -print | head -3)
    [ -z "$left" ] || fail "$WHAT: temporary files left: $left"
}

# kaohe's messages on standard error: its lines but the run's summary
messages() {
    grep '^kaohe: ' | grep -v -E '^kaohe: [^ ]+: [0-9]+ records?: [0-9]+ evaluated, [0-9]+ refused, [0-9]+ roster checks? failed'
}

# sweep CALL[:PATH] OUTPUTS -- ARGS...: as atop, for one call (on files
# whose name holds PATH)
sweep() {
    local call=${1%%:*} only= outs=() n rc
    case $1 in *:*) only=${1#*:} ;; esac
    shift
    while [ "$1" != -- ]; do outs+=("$1"); shift; done
    shift
    for n in 0 1 2 3 4 5 6 7 8 12 16 24 32 48 64 96 128 256 512 1024 2048 4096 8192; do
        WHAT="$call${only:+ on $only} after $n: kaohe $*"
        (cd "$T/run" && rm -rf "${outs[@]}" && FAILCALL=$call FAILCALL_AFTER=$n FAILCALL_PATH=$only LD_PRELOAD=$T/failcall.so \
            ASAN_OPTIONS=$SHIM_ASAN "$K" "$@" > "$T/out" 2> "$T/err" < /dev/null)
        rc=$?
        whole "${outs[@]}"
        no_temporary
        # every file output is made with mkostemp and fdopen, synced and
        # renamed: the first of these failing fails the run
        if [ "$rc" = 0 ] && [ "$n" = 0 ] && [ -z "$only" ]; then
            case $call in fsync | rename | mkostemp | fdopen)
                fail "$WHAT: exit 0, but the first $call failed" ;;
            esac
        fi
        if [ "$rc" = 0 ]; then
            local p
            for p in "${outs[@]}"; do
                [ -e "$T/run/$p" ] || fail "$WHAT: exit 0 but $p was not written"
                [ ! -d "$T/run/$p" ] || diff -r "$T/ref/$p" "$T/run/$p" > /dev/null || fail "$WHAT: $p/ is not whole"
            done
            return
        fi
        if [ "$rc" != 4 ]; then
            fail "$WHAT: exit status $rc, expected 4 or 0 ($(cat "$T/err"))"
            return
        fi
        local named=0 p
        for p in "${outs[@]}"; do grep -q "^kaohe: .*$p" "$T/err" && named=1; done
        [ "$named" = 1 ] || fail "$WHAT: no message 'kaohe: ...' naming an output: $(cat "$T/err")"
        # one message; slips into a folder: one per slip that failed, each
        # its own file (the file names it)
        [ "$1 ${outs[0]}" = "slip slips" ] || [ "$(messages < "$T/err" | wc -l)" = 1 ] ||
            fail "$WHAT: not one message: $(cat "$T/err")"
    done
    fail "kaohe $* with $call failing: still failing after 8192 calls let through"
}

# reference RC OUTPUTS -- ARGS...: the outputs of a run without failures
reference() {
    local want=$1 outs=()
    shift
    while [ "$1" != -- ]; do outs+=("$1"); shift; done
    shift
    (cd "$T/ref" && exits "$want" "$K" "$@" > /dev/null 2>&1 < /dev/null)
    local p
    for p in "${outs[@]}"; do [ -e "$T/ref/$p" ] || fail "reference run kaohe $*: $p not written"; done
}

# reading and seeking fail only in TMPDIR (the workbook read back): a
# policy or input that cannot be read is another test's
CALLS="fsync rename fclose fflush fwrite write read:$T/tmp/ lseek:$T/tmp/ mkostemp fdopen tmpfile"
while read -r outs args; do
    [ -n "$outs" ] || continue
    # shellcheck disable=SC2086
    reference 0 ${outs//,/ } -- $args
    for call in $CALLS; do
        # shellcheck disable=SC2086
        sweep "$call" ${outs//,/ } -- $args
    done
done <<'RUNS'
r.csv,r.checks.csv eval pay.rules ok.json -f csv -o r.csv
r.json eval pay.rules ok.json -o r.json
r.json eval pay.rules ok.json --strict -o r.json
r.xlsx eval pay.rules ok.json -f xlsx -o r.xlsx
m.json,m.manifest.json eval pay.rules ok.json -o m.json --manifest m.manifest.json
r.html report pay.rules ok.json -o r.html
r.html report pay.rules ok.json --strict -o r.html
s.txt slip pay.rules ok.json --id A-1 -o s.txt
s.txt slip pay.rules ok.json --id A-1 --strict -o s.txt
slips slip pay.rules ok.json --all -o slips
book.html slip pay.rules ok.json --all --html -o book.html
t.xlsx template pay.rules -o t.xlsx
t.csv template pay.rules -f csv -o t.csv
d.txt diff pay.rules pay.rules ok.json -o d.txt
RUNS

# Each run on standard input (kaohe's arguments, a line each), its standard
# output to OUT: exit status 4 and one message, "kaohe: cannot write"
# naming WHERE.
cannot_write_runs() { # OUT WHERE
    local out=$1 where=$2 args
    while read -r args; do
        [ -n "$args" ] || continue
        WHAT="kaohe $args$([ "$out" = /dev/null ] || echo " > $out")"
        # shellcheck disable=SC2086
        (cd "$T/run" && "$K" $args > "$out" 2> "$T/err" < /dev/null)
        rc=$?
        [ "$rc" = 4 ] || fail "$WHAT: exit status $rc, expected 4 ($(cat "$T/err"))"
        [ "$(messages < "$T/err" | wc -l)" = 1 ] && messages < "$T/err" | grep -q "^kaohe: cannot write .*$where" ||
            fail "$WHAT: not one message 'kaohe: cannot write ...$where...': $(cat "$T/err")"
    done
}

# ---- standard output on a full device (/dev/full: ENOSPC) ---------------------
# Every command that writes to standard output says, once, that it could not
# ("standard output" named), and exits 4.
cannot_write_runs /dev/full "standard output" <<'RUNS'
eval pay.rules ok.json -f csv
eval pay.rules ok.json
eval pay.rules ok.json --strict
eval pay.rules ok.json -f csv --strict
report pay.rules ok.json
report pay.rules ok.json --strict
slip pay.rules ok.json --id A-1
slip pay.rules ok.json --id A-1 --strict
template pay.rules -f csv
fmt --stdout pay.rules
explain pay.rules ok.json --id A-1
diff pay.rules pay.rules ok.json
RUNS

# ---- a device that is full, named as the output (-o /dev/full) ---------------
# A device is written directly (not through a temporary file): the failure
# is found when it is flushed, and said once, naming it; exit 4.
cannot_write_runs /dev/null /dev/full <<'RUNS'
eval pay.rules ok.json -f csv -o /dev/full
eval pay.rules ok.json --strict -o /dev/full
eval pay.rules ok.json -f xlsx -o /dev/full
eval pay.rules ok.json -o r.json --manifest /dev/full
report pay.rules ok.json -o /dev/full
report pay.rules ok.json --strict -o /dev/full
slip pay.rules ok.json --id A-1 -o /dev/full
slip pay.rules ok.json --id A-1 --strict -o /dev/full
template pay.rules -f csv -o /dev/full
template pay.rules -o /dev/full
diff pay.rules pay.rules ok.json -o /dev/full
RUNS

[ "$failures" = 0 ] || exit 1
echo "cov_io_failures: ok"
