#!/usr/bin/env bash
# Atomic output: `eval -o FILE` writes .FILE.kaohe-HASH-XXXXXX beside FILE and renames it
# into place only on success.  Asserted: success replaces the previous file
# (keeping its mode; a new file gets 0666 less the umask); every failure —
# an unreadable or invalid input (status 4), a policy error (3), a usage
# error (2), a missing directory (4) — leaves the previous file byte for byte
# and no temporary file; SIGINT and SIGTERM in the middle of a large run do
# the same, and the process dies of the signal (status 130 / 143).
#
# The "middle" is made certain, not timed: the roster comes through a FIFO,
# 20,000 records (tools/gen_roster.py), then the writer stops; kaohe is then
# blocked reading, its temporary file open, when the signal is sent.
set -u
. tests/e2e/hostile/lib.bash
P=rules/customer-service-2014.rules
GEN=${GEN_ROSTER:-../shared/tools/gen_roster.py}
[ -f "$GEN" ] || GEN=/work/shared/tools/gen_roster.py
O=$T/out
mkdir "$O"
umask 022

printf 'previous results\n' >"$T/previous"
reset_out() { cp "$T/previous" "$O/results.json"; chmod 0640 "$O/results.json"; }
# the previous file is intact and nothing else is in the directory
untouched() {
    cmp -s "$T/previous" "$O/results.json" || bad "$1: the previous results.json was changed"
    local left
    left=$(cd "$O" && ls -A | grep -v '^results\.json$')
    [ -z "$left" ] || bad "$1: left behind: $left"
}
mode_of() { stat -c %a "$1"; }

# ---- success replaces (and keeps the mode); a new file gets 0644 ------------
reset_out
k ok 1 60 eval $P examples/roster-2014-06.json -o "$O/results.json"
[ -s "$T/ok.out" ] && bad "ok: results went to stdout as well"
cmp -s "$T/previous" "$O/results.json" && bad "ok: results.json was not replaced"
head -c 1 "$O/results.json" | grep -q '\[' || bad "ok: results.json is not the JSON results"
grep -q '"id":"CS-0101"' "$O/results.json" || bad "ok: results.json lacks CS-0101"
[ "$(mode_of "$O/results.json")" = 640 ] || bad "ok: mode $(mode_of "$O/results.json"), expected 640 (kept)"
[ -z "$(cd "$O" && ls -A | grep -v '^results\.json$')" ] || bad "ok: a temporary file was left"
# the same results as on stdout
k stdout 1 60 eval $P examples/roster-2014-06.json
cp "$T/stdout.out" "$T/stdout.json"
cmp -s "$T/stdout.json" "$O/results.json" || bad "ok: -o and stdout differ"
k new 1 60 eval $P examples/roster-2014-06.json -o "$O/new.json"
[ "$(mode_of "$O/new.json")" = 644 ] || bad "new: mode $(mode_of "$O/new.json"), expected 644"
rm -f "$O/new.json"

# ---- failures leave the previous file and no temporary file -----------------
printf '[{"id": "A"},\n {"id": "B",]\n' >"$T/bad-array.json"
reset_out
k bad-array 4 30 eval $P "$T/bad-array.json" -o "$O/results.json"
untouched bad-array
reset_out
k input-dir 4 30 eval $P "$T" -o "$O/results.json"
untouched input-dir
reset_out
k no-input 4 30 eval $P "$T/no-such-input.json" -o "$O/results.json"
untouched no-input
printf 'output x = 1 +\n' >"$T/bad.rules"
reset_out
k policy 3 30 eval "$T/bad.rules" examples/roster-2014-06.json -o "$O/results.json"
untouched policy
reset_out
k usage 2 30 eval $P examples/roster-2014-06.json -o "$O/results.json" --no-such-option
untouched usage
k no-dir 4 30 eval $P examples/roster-2014-06.json -o "$O/no-such-dir/results.json"
[ -e "$O/no-such-dir" ] && bad "no-dir: a directory was made"
untouched no-dir

# ---- a signal in the middle of a large run -----------------------------------
python3 "$GEN" --n 20000 --seed 6 --format ndjson >"$T/first.ndjson" || bad "cannot run $GEN"
printf 'input:\n    calls: integer\noutput twice = calls * 2\n' >"$T/stream.rules"
set -m # background jobs get their own process group, and SIGINT is not ignored in them

# signal NAME SIGNAL STATUS POLICY: feed the first 20,000 records, then stall
signal() {
    local name=$1 sig=$2 want=$3 policy=$4 i rc writer pid tmp
    checks=$((checks + 1))
    reset_out
    rm -f "$T/fifo" "$T/half"
    mkfifo "$T/fifo"
    "$K" eval "$policy" - -o "$O/results.json" <"$T/fifo" >"$T/$name.out" 2>"$T/$name.err" &
    pid=$!
    { cat "$T/first.ndjson"; touch "$T/half"; sleep 300; } >"$T/fifo" &
    writer=$!
    for i in $(seq 600); do [ -e "$T/half" ] && break; sleep 0.1; done
    sleep 0.3 # let kaohe take in the last bytes in the pipe
    tmp=$(cd "$O" && ls -A | grep '^\.results\.json\.kaohe-' | head -1)
    if [ ! -e "$T/half" ] || [ -z "$tmp" ] || ! kill -0 $pid 2>/dev/null; then
        bad "$name: kaohe is not in the middle of the run (fed: $([ -e "$T/half" ] && echo yes || echo no), temporary file: ${tmp:-none})"
    fi
    [ "$name" = sigterm-streaming ] && [ ! -s "$O/$tmp" ] && bad "$name: the temporary file holds nothing yet"
    kill -s "$sig" $pid
    { wait $pid; } 2>/dev/null # (and no job-control notice)
    rc=$?
    kill -- -$writer 2>/dev/null
    { wait $writer; } 2>/dev/null
    [ $rc -eq "$want" ] || bad "$name: exit status $rc, expected $want (killed by $sig)"
    grep -qE "Sanitizer|runtime error:" "$T/$name.err" && bad "$name: sanitizer report"
    untouched "$name"
}
signal sigint-roster INT 130 $P
signal sigterm-roster TERM 143 $P
signal sigint-streaming INT 130 "$T/stream.rules"
signal sigterm-streaming TERM 143 "$T/stream.rules"
set +m

finish atomic
