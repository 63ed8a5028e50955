#!/usr/bin/env bash
# kaohe diff, explain, test and the command table, at the command line:
# every usage error, policy error, unreadable input or output, and what
# each says, exactly (stderr compared whole, worked out by hand from the
# option and the files used).  Policies and inputs: tests/golden/xd-shared
# (see the README of each xd-* golden case for what they compute).
set -u
K=$(realpath "${KAOHE:-./kaohe}")
S=tests/golden/xd-shared
T=$(mktemp -d "${TMPDIR:-/tmp}/kaohe-xd-cli.XXXXXX")
trap 'rm -rf "$T"' EXIT
export NO_COLOR=1
fails=0 runs=0
fail() { echo "FAIL $*"; fails=$((fails + 1)); }
# run NAME STATUS ARGS...: stdout to $T/NAME.out, stderr to $T/NAME.err
run() {
    local n=$1 want=$2 rc
    shift 2
    runs=$((runs + 1))
    timeout -k 5 60 "$K" "$@" <"${STDIN:-/dev/null}" >"$T/$n.out" 2>"$T/$n.err"
    rc=$?
    [ "$rc" = "$want" ] || { fail "$n: exit status $rc, expected $want"; head -c 600 "$T/$n.err"; }
}
# err NAME TEXT / out NAME TEXT: the whole of stderr / stdout is TEXT and a newline
err() { printf '%s\n' "$2" | cmp -s - "$T/$1.err" || { fail "$1: stderr differs (< want, > got)"; diff <(printf '%s\n' "$2") "$T/$1.err" | head -8; }; }
out() { printf '%s\n' "$2" | cmp -s - "$T/$1.out" || { fail "$1: stdout differs (< want, > got)"; diff <(printf '%s\n' "$2") "$T/$1.out" | head -8; }; }
noout() { [ -s "$T/$1.out" ] && fail "$1: something on stdout: $(head -c 200 "$T/$1.out")"; }
usage() { err "$1" "kaohe: $2
try 'kaohe help $3'"; noout "$1"; }

printf 'output x = 1 +\n' >"$T/bad.rules"
printf '[{"id":' >"$T/cut.json"
: >"$T/empty.json"
R=$S/rate.rules
printf '[{"id":"P1","x":2}]\n' >"$T/p.json"
printf '[]' >"$T/none.json"

# ---- diff: the command line ------------------------------------------------
run d-none 2 diff;                             usage d-none "diff needs OLD.rules NEW.rules INPUT, or POLICY INPUT --set NAME=VALUE" diff
run d-self 2 diff $R "$T/p.json";              usage d-self "comparing a policy with itself needs --set NAME=VALUE (the what-if)" diff
run d-top-x 2 diff $R "$T/p.json" --set rate=2 --top x; usage d-top-x "--top needs a whole number from 1 to 50, not 'x'" diff
run d-top-0 2 diff $R "$T/p.json" --set rate=2 --top 0; usage d-top-0 "--top needs a whole number from 1 to 50, not '0'" diff
run d-top-3x 2 diff $R "$T/p.json" --set rate=2 --top 3x; usage d-top-3x "--top needs a whole number from 1 to 50, not '3x'" diff
run d-top 2 diff $R "$T/p.json" --set rate=2 --top; usage d-top "--top needs a number" diff
run d-top-big 2 diff $R "$T/p.json" --set rate=2 --top 99999999999999999999; usage d-top-big "--top needs a whole number from 1 to 50, not '99999999999999999999'" diff
run d-top-2m 2 diff $R "$T/p.json" --set rate=2 --top 2000000; usage d-top-2m "--top needs a whole number from 1 to 50, not '2000000'" diff
run d-format 2 diff $R "$T/p.json" --format;   usage d-format "--format needs text, json or csv" diff
run d-format-x 2 diff $R "$T/p.json" --format xml; usage d-format-x "unknown format 'xml' (text, json or csv)" diff
run d-prior 2 diff $R "$T/p.json" --prior;     usage d-prior "--prior needs the previous period's results" diff
run d-o 2 diff $R "$T/p.json" -o;              usage d-o "-o needs a file name" diff
run d-set 2 diff $R "$T/p.json" --set;         usage d-set "--set needs name=value" diff
run d-set-old 2 diff $R "$T/p.json" --set-old; usage d-set-old "--set-old needs name=value" diff
run d-option 2 diff $R "$T/p.json" --bogus;    usage d-option "unknown option '--bogus'" diff
run d-many 2 diff $R $R "$T/p.json" extra;     usage d-many "too many arguments ('extra')" diff
run d-assign 2 diff $R "$T/p.json" --set rate; err d-assign "kaohe: --set needs name=value, not 'rate'"
run d-old-param 2 diff $R "$T/p.json" --set-old rat=2 --set rate=3
err d-old-param "kaohe: --set rat: the policy has no param 'rat'; did you mean 'rate'?"
run d-new-type 2 diff $R "$T/p.json" --set rate=1.234
err d-new-type "kaohe: --set rate: \"1.234\": an amount of money has at most 2 decimals (rate is money)"
# a policy with errors, on either side: its diagnostics, status 3, no output
run d-old-bad 3 diff "$T/bad.rules" $R "$T/p.json"
head -1 "$T/d-old-bad.err" | grep -qxF "$T/bad.rules:2:1: error: expected a value, but found the end of the file" || fail "d-old-bad: $(head -1 "$T/d-old-bad.err")"
noout d-old-bad
run d-new-bad 3 diff $R "$T/bad.rules" "$T/p.json"
head -1 "$T/d-new-bad.err" | grep -qxF "$T/bad.rules:2:1: error: expected a value, but found the end of the file" || fail "d-new-bad: $(head -1 "$T/d-new-bad.err")"
# input and output that cannot be read or written
run d-missing 4 diff $R "$T/nope.json" --set rate=2; err d-missing "kaohe: cannot read '$T/nope.json': No such file or directory"
run d-outdir 4 diff $R "$T/p.json" --set rate=2 -o "$T"; err d-outdir "kaohe: cannot write '$T': Is a directory"
# the input's name once, before the JSON reader's message (roster and streaming)
run d-cut 4 diff $R "$T/cut.json" --set rate=2 -o "$T/d.txt"
err d-cut "kaohe: $T/cut.json: line 1, column 8 (byte 7): invalid JSON: unexpected end of input, expected a value"
[ -e "$T/d.txt" ] && fail "d-cut: -o file written although the input could not be read"
ls "$T" | grep -q '^d\.txt\.' && fail "d-cut: a temporary file was left behind"
run d-cut-stream 4 diff $S/diff.rules "$T/cut.json" --set limit=5
err d-cut-stream "kaohe: $T/cut.json: line 1, column 8 (byte 7): invalid JSON: unexpected end of input, expected a value"
run d-empty 4 diff $S/diff.rules "$T/empty.json" --set limit=5
err d-empty "kaohe: $T/empty.json: the input holds no records (write [] for an empty roster)"
STDIN="$T/empty.json" run d-empty-stdin 4 diff $S/diff.rules - --set limit=5
err d-empty-stdin "kaohe: stdin: the input holds no records (write [] for an empty roster)"
# --prior: said as --prior's problem, not the input's
run d-prior-nochain 4 diff $R "$T/p.json" --set rate=2 --prior "$T/p.json"
err d-prior-nochain "kaohe: --prior: the policy does not say what to chain (add e.g. 'chain prior from carry')"
run d-prior-missing 4 diff tests/golden/xd-diff-prior/chain.rules "$T/p.json" --set step=2 --prior "$T/nope.json"
err d-prior-missing "kaohe: --prior $T/nope.json: cannot read it: No such file or directory"
# an empty array: nothing changed (text, written with -o: no colour codes)
run d-none-o 0 diff $R "$T/none.json" --set rate=2 --format text -o "$T/none.txt"
noout d-none-o
printf '%s\n' "summary: $R → $R with rate=2" "  records: 0, changed: 0, errors: 0 → 0" \
    "  money output                  old total        new total           change" \
    "  pay                                0.00             0.00            +0.00" \
    "  extra                              0.00             0.00            +0.00" | cmp -s - "$T/none.txt" || fail "d-none-o: $(cat "$T/none.txt")"
# --set-old alone: the policy with that param against the policy as it is
run d-old-only 0 diff $R "$T/p.json" --set-old rate=3 --summary
out d-old-only "summary: $R rate=3 → $R
  records: 1, changed: 1, errors: 0 → 0
  money output                  old total        new total           change
  pay                                6.00             2.00            -4.00 (-66.67%)
  extra                              0.00             0.00            +0.00
  changed outputs: pay 1
  largest decreases of pay: P1 -4.00"
# an empty array of a streaming policy: no records, nothing changed
run d-stream-none 0 diff $S/diff.rules "$T/none.json" --set limit=5 --format json
out d-stream-none '{"records":[],"summary":{"records":0,"changed":0,"old_errors":0,"new_errors":0,"money":[{"output":"pay","old_total":0.00,"new_total":0.00,"delta":0.00,"largest_increases":[],"largest_decreases":[]},{"output":"bonus","old_total":0.00,"new_total":0.00,"delta":0.00,"largest_increases":[],"largest_decreases":[]}],"changed_outputs":{},"transitions":[]}}'
# a streaming policy against the same policy with a key (kept as a roster):
# the same values for A (x 7: low, 70.00, bonus 7.00), nothing changed
printf '{"id": "A", "x": 7, "grade": "a"}\n' >"$T/k.ndjson"
sed 's/^input:$/input:\n    id: text, key/' $S/diff.rules >"$T/keyed.rules"
run d-keyed 0 diff $S/diff.rules "$T/keyed.rules" "$T/k.ndjson"
out d-keyed "summary: $S/diff.rules → $T/keyed.rules
  records: 1, changed: 0, errors: 0 → 0
  money output                  old total        new total           change
  pay                               70.00            70.00            +0.00 (+0.00%)
  bonus                              7.00             7.00            +0.00 (+0.00%)"
# a roster read from stdin (spooled: the roster policy reads it twice)
STDIN="$T/p.json" run d-stdin 0 diff $R - --set rate=3 --summary
out d-stdin "summary: $R → $R with rate=3
  records: 1, changed: 1, errors: 0 → 0
  money output                  old total        new total           change
  pay                                2.00             6.00            +4.00 (+200.00%)
  extra                              0.00             0.00            +0.00
  changed outputs: pay 1
  largest increases of pay: P1 +4.00"

# ---- explain: the command line --------------------------------------------
E=$S/explain.rules
J=$S/explain.json
run x-none 2 explain $E $J;                   usage x-none "explain needs a POLICY, an INPUT and --id ID" explain
run x-id 2 explain $E $J --id;                usage x-id "--id needs a record id" explain
run x-format 2 explain $E $J --id A --format; usage x-format "--format needs text or json" explain
run x-format-x 2 explain $E $J --id A --format csv; usage x-format-x "unknown format 'csv' (text or json)" explain
run x-depth 2 explain $E $J --id A --depth;   usage x-depth "--depth needs a number" explain
run x-depth-x 2 explain $E $J --id A --depth x; usage x-depth-x "--depth needs a whole number from 0 (no limit) to 1000, not 'x'" explain
run x-depth-neg 2 explain $E $J --id A --depth -1; usage x-depth-neg "--depth needs a whole number from 0 (no limit) to 1000, not '-1'" explain
run x-set 2 explain $E $J --id A --set;       usage x-set "--set needs name=value" explain
run x-prior 2 explain $E $J --id A --prior;   usage x-prior "--prior needs the previous period's results" explain
run x-depth-big 2 explain $E $J --id A --depth 99999999999999999999; usage x-depth-big "--depth needs a whole number from 0 (no limit) to 1000, not '99999999999999999999'" explain
run x-depth-junk 2 explain $E $J --id A --depth 5x; usage x-depth-junk "--depth needs a whole number from 0 (no limit) to 1000, not '5x'" explain
run x-depth-1001 2 explain $E $J --id A --depth 1001; usage x-depth-1001 "--depth needs a whole number from 0 (no limit) to 1000, not '1001'" explain
run x-noinput 2 explain $E --id A;             usage x-noinput "explain needs a POLICY, an INPUT and --id ID" explain
run x-option 2 explain $E $J --id A --bogus;  usage x-option "unknown option '--bogus'" explain
run x-assign 2 explain $E $J --id A --set step; err x-assign "kaohe: --set needs name=value, not 'step'"
run x-bad 3 explain "$T/bad.rules" $J --id A
head -1 "$T/x-bad.err" | grep -qxF "$T/bad.rules:2:1: error: expected a value, but found the end of the file" || fail "x-bad: $(head -1 "$T/x-bad.err")"
run x-missing 4 explain $E "$T/nope.json" --id A; err x-missing "kaohe: cannot read '$T/nope.json': No such file or directory"
run x-cut 4 explain $E "$T/cut.json" --id A
err x-cut "kaohe: $T/cut.json: line 1, column 8 (byte 7): invalid JSON: unexpected end of input, expected a value"
run x-unknown 2 explain $E $J --id A zzzzqqq; err x-unknown "kaohe: the policy defines no 'zzzzqqq'"
run x-prior-nochain 4 explain $E $J --id A --prior "$T/p.json"
err x-prior-nochain "kaohe: --prior: the policy does not say what to chain (add e.g. 'chain prior from carry')"
# --set: step 2 -> 3 makes "per step" +1 x 3 and A's points 10 - 2 + 3 + 5 = 16
run x-set-step 0 explain $E $J --id A --set step=3 --depth 1 points --format text
grep -qE '^points +16   得分 points   \[explain.rules:51\]$' "$T/x-set-step.out" || fail "x-set-step: $(head -4 "$T/x-set-step.out")"
grep -qE '^├─ per step +\+3   \+1 × 3 \(step\)   \[explain.rules:54\]$' "$T/x-set-step.out" || fail "x-set-step: no +3 per step"
# a record that could not be evaluated, and one id in two rosters (the first explained);
# each roster has a year profit, so that its pool can be shared
cat >"$T/two.json" <<'JSON'
[{"id": "A", "period": "2014-06", "calls": 50, "scores": [], "deals": [], "quota": {"daily": 1}, "year_profit": 1},
 {"id": "E", "period": "2014-06", "calls": "many", "scores": [], "deals": [], "quota": {"daily": 1}},
 {"id": "A", "period": "2014-05", "calls": 7, "scores": [], "deals": [], "quota": {"daily": 1}, "year_profit": 1}]
JSON
run x-error 1 explain $E "$T/two.json" --id E third
err x-error "kaohe: record 2 (id \"E\") could not be evaluated: field 'calls': expected a number, found a text
kaohe: $T/two.json: 3 records: 2 evaluated, 1 refused, 0 roster checks failed; once the records in error are fixed, the others' share, credited, points, total_calls, nobig, blocks, combo may change"
noout x-error
# A is in two rosters (June and May): each record is explained, under its header
STDIN="$T/two.json" run x-twice 0 explain $E - --id A third
out x-twice "A  (record 1, roster \"2014-06\")
policy: explain cases 说明

third     16.666666666666667   = calls / 3   [explain.rules:64]
└─ calls  50   input

A  (record 3, roster \"2014-05\")
policy: explain cases 说明

third     2.333333333333333   = calls / 3   [explain.rules:64]
└─ calls  7   input
"

# a policy without a key: its records have no ids
run x-nokey 2 explain $S/diff.rules $S/diff.ndjson --id A
err x-nokey "kaohe: the policy's input has no key field, so no record has an id to explain (mark one 'key')"
noout x-nokey
# a record without an id is passed over; A is explained all the same
printf '[{"period": "2014-06", "calls": 1, "scores": [], "deals": [], "quota": {"daily": 1}},
 {"id": "A", "period": "2014-06", "calls": 9, "scores": [], "deals": [], "quota": {"daily": 1}, "year_profit": 1}]' >"$T/noid.json"
run x-noid 0 explain $E "$T/noid.json" --id A third
out x-noid "A  (record 2, roster \"2014-06\")
policy: explain cases 说明

third     3   = calls / 3   [explain.rules:64]
└─ calls  9   input
"
# chained from last month: A's carry n = 10, so total = 10 + 1 x 1 = 11
C=tests/golden/xd-diff-prior
run x-prior-ok 0 explain $C/chain.rules $C/in.json --id A --prior $C/prior.json total
out x-prior-ok "A  (record 1)

total       11   = prior.n + x * step   [chain.rules:11]
├─ prior.n  10   input
├─ x        1   input
└─ step     1   param
"

# ---- test: paths -------------------------------------------------------------
run t-dash 2 test -;  err t-dash "kaohe: no such file or directory: -"
mkdir -p "$T/none"
(cd "$T/none" && "$K" test >"$T/t-here.out" 2>"$T/t-here.err"; echo $? >"$T/t-here.rc")
[ "$(cat "$T/t-here.rc")" = 2 ] || fail "t-here: exit status $(cat "$T/t-here.rc"), expected 2"
err t-here "kaohe: no *.test.json files found"
# seventeen files (the list grows), found in name order; node_modules is
# passed over, a dangling link and anything deeper than 16 directories too,
# each named on stderr
mkdir -p "$T/many/node_modules" "$T/many/d/1/2/3/4/5/6/7/8/9/10/11/12/13/14/15/16"
printf 'input:\n    id: text, key\n    x: integer\noutput y = x * 2\n' >"$T/many/p.rules"
for i in $(seq -w 1 17); do
    printf '{"policy": "p.rules", "cases": [{"name": "x %s", "records": [{"id": "A", "x": %d}], "expect": {"A": {"y": %d}}}]}' \
        "$i" "$((10#$i))" "$((2 * 10#$i))" >"$T/many/t$i.test.json"
done
printf '{ not read' >"$T/many/node_modules/n.test.json"
printf '{ not read' >"$T/many/d/1/2/3/4/5/6/7/8/9/10/11/12/13/14/15/16/deep.test.json"
ln -s "$T/gone.test.json" "$T/many/dangling.test.json"
run t-many 0 test "$T/many"
out t-many "$(for i in $(seq -w 1 17); do echo "ok   t$i.test.json: x $i"; done; echo '17 passed, 0 failed')"
# (in the order the walk meets them)
sort "$T/t-many.err" -o "$T/t-many.err"
err t-many "kaohe: skipped '$T/many/d/1/2/3/4/5/6/7/8/9/10/11/12/13/14/15/16': directories nested more than 16 deep are not searched
kaohe: skipped '$T/many/dangling.test.json': No such file or directory"

# ---- test: files -------------------------------------------------------------
P=$(realpath tests/golden/xd-test-cases/p.rules)
mkdir -p "$T/files"
# a policy named by its absolute path; a file over 64 KiB (read in full)
long=$(head -c 70000 /dev/zero | tr '\0' 'a')
printf '{"policy": "%s", "note": "%s", "cases": [{"name": "absolute", "records": [{"id": "A", "x": 3, "s": "b", "t": "", "d": "2014-01-31"}], "expect": {"A": {"twice": 6, "kind": "b", "name": "", "day": "2014-01-31"}}}]}' \
    "$P" "$long" >"$T/files/a-abs.test.json"
# "cases" that is not a list; "policy" that is not a text
printf '{"policy": "%s", "cases": {"name": "x"}}' "$P" >"$T/files/b-cases.test.json"
printf '{"policy": 7, "cases": []}' >"$T/files/c-policy.test.json"
run t-files 1 test "$T/files"
out t-files "ok   a-abs.test.json: absolute
FAIL b-cases.test.json: (the file)
    the file has no \"cases\"
FAIL c-policy.test.json: (the policy)
    the file names no policy (give \"policy\": \"x.rules\", relative to the test file)
1 passed, 2 failed"
[ -s "$T/t-files.err" ] && fail "t-files: something on stderr: $(head -c 200 "$T/t-files.err")"

# ---- colour, on a terminal (script gives the command one) -------------------
if command -v script >/dev/null; then
    tty() { local n=$1; shift; runs=$((runs + 1)); env -u NO_COLOR script -qec "$(printf '%q ' "$K" "$@")" /dev/null </dev/null >"$T/$n.out" 2>&1; }
    tty c-diff diff $R "$T/p.json" --set rate=3 --summary
    head -1 "$T/c-diff.out" | grep -qF $'\033[1msummary\033[0m: ' || fail "c-diff: no bold summary: $(head -1 "$T/c-diff.out" | od -c | head -2)"
    tty c-diff-json diff $R "$T/p.json" --set rate=3 --summary --format json
    grep -qF $'\033[' "$T/c-diff-json.out" && fail "c-diff-json: colour in JSON"
    tty c-diff-o diff $R "$T/p.json" --set rate=3 --summary -o "$T/c.txt"
    grep -qF $'\033[' "$T/c.txt" && fail "c-diff-o: colour in a file"
    tty c-explain explain $E $J --id A third
    head -1 "$T/c-explain.out" | grep -qF $'\033[1mA\033[0m  (record 1, roster "2014-06")' || fail "c-explain: $(head -1 "$T/c-explain.out" | od -c | head -2)"
    tty c-explain-json explain $E $J --id A third --format json
    grep -qF $'\033[' "$T/c-explain-json.out" && fail "c-explain-json: colour in JSON"
    tty c-test test "$T/many/t01.test.json"
    head -1 "$T/c-test.out" | grep -qF $'\033[32mok\033[0m   t01.test.json: x 01' || fail "c-test: $(head -1 "$T/c-test.out" | od -c | head -2)"
else
    echo "cov_xd_cli: script(1) missing: colour on a terminal not checked"
fi

# ---- the command table -----------------------------------------------------
run m-h 0 -h
head -1 "$T/m-h.out" | grep -qxF "kaohe — pay and performance policies (.rules) evaluated against JSON records" || fail "m-h: $(head -1 "$T/m-h.out")"
grep -qxF "  diff      what-if: compare two policies (or one with other params) over a roster" "$T/m-h.out" || fail "m-h: no diff line"
run m-V 0 -V; out m-V "kaohe 0.1.0"
run m-diff-h 0 diff --frobnicate -h
head -2 "$T/m-diff-h.out" | cmp -s - <(printf '%s\n' "kaohe diff OLD.rules NEW.rules INPUT [options]" "kaohe diff POLICY INPUT --set NAME=VALUE... [options]") || fail "m-diff-h: $(head -2 "$T/m-diff-h.out")"

if [ "$fails" -ne 0 ]; then
    echo "cov_xd_cli: $fails of $runs runs failed"
    exit 1
fi
echo "cov_xd_cli: all $runs runs ended as required"
