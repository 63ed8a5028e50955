#!/usr/bin/env bash
# Where the output writers refuse, and what they leave behind:
# - an output in a directory that does not exist (or in a "directory" that
#   is a file) is an I/O error (4) naming the directory, for every command
#   that writes a file, and nothing is written;
# - an XLSX cell holds at most 32767 characters (Excel's limit): a longer
#   text fails the workbook (4), naming the sheet, the row (two header rows,
#   then one row per record), the column, the record and the start of its
#   id (40 bytes at most, cut at a character boundary, then "…"); no
#   workbook is written — nothing is cut silently;
# - the temporary files of an output left by killed runs
#   (".NAME.kaohe-HASH-XXXXXX", HASH the FNV-1a of NAME) are removed by the
#   next run of that output when they are regular files of ours, at least
#   two seconds old and not locked; a fresh one, a locked one (a live run),
#   a directory, a symbolic link, a name of another length and another
#   output's are left alone.
# Every expectation (exit status, message, files) is worked out by hand.
set -u
. "$(dirname "$0")/lib/scratch.sh"
cp tests/golden/_shared/pay.rules tests/golden/_shared/ok.json "$T/"
cd "$T" || exit 1
failures=0
fail() { echo "cov_out_writers: FAIL: $*"; failures=$((failures + 1)); }

# expect RC STDERR ARGS...: the exit status and standard error, the run's
# summary line left out (the golden cases pin it)
expect() {
    local want_rc=$1 want_err=$2 rc=0; shift 2
    "$K" "$@" > out 2> err < /dev/null || rc=$?
    sed -i -E '/^kaohe: [^ ]+: [0-9]+ records?: [0-9]+ evaluated, [0-9]+ refused, [0-9]+ roster checks? failed/d' err
    [ "$rc" = "$want_rc" ] || fail "$*: exit status $rc, expected $want_rc ($(cat err))"
    [ "$(cat err)" = "$want_err" ] || fail "$*: standard error
$(cat err)
expected
$want_err"
}
# only FILES... (and the inputs) are in the directory
only() {
    local got want
    got=$(ls -A | grep -v -x -e pay.rules -e ok.json -e out -e err | sort | tr '\n' ' ')
    want=$(printf '%s\n' "$@" | grep . | sort | tr '\n' ' ')
    [ "$got" = "$want" ] || fail "$WHAT: the directory holds '$got', expected '$want'"
}

# ---- a directory that does not exist -----------------------------------------
expect 4 "kaohe: cannot write 'nodir/r.csv': the directory 'nodir' does not exist" \
    eval pay.rules ok.json -f csv -o nodir/r.csv
expect 4 "kaohe: cannot write 'nodir/r.json': the directory 'nodir' does not exist" \
    eval pay.rules ok.json -o nodir/r.json
expect 4 "kaohe: cannot write 'nodir/r.xlsx': the directory 'nodir' does not exist" \
    eval pay.rules ok.json -f xlsx -o nodir/r.xlsx
expect 4 "kaohe: cannot write 'ok.json/r.csv': the directory 'ok.json' does not exist" \
    eval pay.rules ok.json -f csv -o ok.json/r.csv
expect 4 "kaohe: cannot write 'nodir/r.html': the directory 'nodir' does not exist" \
    report pay.rules ok.json -o nodir/r.html
expect 4 "kaohe: cannot write 'nodir/t.xlsx': the directory 'nodir' does not exist" \
    template pay.rules -o nodir/t.xlsx
expect 4 "kaohe: cannot write 'nodir/s.txt': the directory 'nodir' does not exist" \
    slip pay.rules ok.json --id A-1 -o nodir/s.txt
# slips --all makes its directory, but not the one above it
expect 4 "kaohe: cannot make the directory 'nodir/slips': the directory 'nodir' does not exist" \
    slip pay.rules ok.json --all -o nodir/slips
expect 4 "kaohe: cannot make the directory 'ok.json/slips': the directory 'ok.json' does not exist" \
    slip pay.rules ok.json --all -o ok.json/slips
WHAT="missing directories" only

# ---- a text longer than an Excel cell ------------------------------------------
python3 - <<'EOF'
import json
a = {"id": "A-1", "sales": 1000, "days": 20, "workdays": 20}
json.dump([a, {"id": "B" * 40000, "sales": 5, "days": 1, "workdays": 2}], open("long.json", "w"))
json.dump([a, {"id": "中" * 40000, "sales": 5, "days": 1, "workdays": 2}], open("longzh.json", "w"), ensure_ascii=False)
EOF
CUT="nothing is cut: use --format csv or json for this input"
# record 2 is on row 4 (two header rows); its id is shown by its first 40 characters
expect 4 "kaohe: the results sheet, row 4, column 'id' (record 2, id \"$(printf 'B%.0s' {1..40})…\"): the text is 40000 characters, more than the 32767 an Excel cell holds; $CUT (r.xlsx)" \
    eval pay.rules long.json -f xlsx -o r.xlsx
# 中 is three bytes: 40 bytes hold 13 of them whole
expect 4 "kaohe: the results sheet, row 4, column 'id' (record 2, id \"中中中中中中中中中中中中中…\"): the text is 40000 characters, more than the 32767 an Excel cell holds; $CUT (r.xlsx)" \
    eval pay.rules longzh.json -f xlsx -o r.xlsx
rm long.json longzh.json
WHAT="too long for a cell" only

# ---- temporary files left by killed runs -----------------------------------------
HASH=$(python3 -c '
h = 2166136261
for b in b"r.csv": h = ((h ^ b) * 16777619) % 2**32
print("%08x" % h)')
P=.r.csv.kaohe-$HASH-
old() { touch -d '1 hour ago' "$@"; }
echo stale > "${P}abc123"; old "${P}abc123"
echo fresh > "${P}new123"; touch -d '1 hour' "${P}new123" # young whatever the runs take (ASan, coverage)
mkdir "${P}dir123"; old "${P}dir123"
ln -s ok.json "${P}lnk123"
echo other > "${P}abc1234"; old "${P}abc1234"
echo other > .s.csv.kaohe-$HASH-abc123; old .s.csv.kaohe-$HASH-abc123
echo live > "${P}lck123"; old "${P}lck123"
( exec 8< "${P}lck123"; flock 8; exec sleep 30 ) & holder=$! # the lock dies with it
for _ in $(seq 50); do flock -n "${P}lck123" true || break; sleep 0.1; done
expect 0 "" eval pay.rules ok.json -f csv -o r.csv
kill $holder; wait $holder 2> /dev/null
WHAT="stale temporaries" only r.csv r.checks.csv "${P}new123" "${P}dir123" "${P}lnk123" "${P}abc1234" \
    .s.csv.kaohe-$HASH-abc123 "${P}lck123"
# once its run is gone, the locked one is stale too
expect 0 "" eval pay.rules ok.json -f csv -o r.csv
WHAT="stale once unlocked" only r.csv r.checks.csv "${P}new123" "${P}dir123" "${P}lnk123" "${P}abc1234" \
    .s.csv.kaohe-$HASH-abc123
grep -q '^A-1,' r.csv || fail "r.csv: no row for A-1: $(cat r.csv)"

[ "$failures" = 0 ] || exit 1
echo "cov_out_writers: ok"
