#!/usr/bin/env bash
# Hostile input: damaged records and damaged policies never crash, hang or
# leak; each has a defined outcome, asserted here.
#
#   records  a clear error naming the record (its number, and its line and
#            column or its id and field), the other records still evaluated
#            (status 1); an input that is unusable as a whole (an array that
#            is not valid JSON, an empty file) is status 4 with a located
#            message; a valid record is evaluated, however big.
#   policies a located error (file:line:col) and status 3, or, where the text
#            is in fact valid (a byte-order mark, brackets 10,000 deep, a tier
#            table of 100,000 rows), a correct result.
#
# The inputs (up to 100 MB) are generated at test time by hostile/gen.py into
# a temporary directory.  Every run has a time limit and is checked for
# sanitizer reports; under `make asan-test` KAOHE is build/asan/kaohe, whose
# LeakSanitizer reports any leak at exit.  Truncation of an array and of a
# policy at every byte is in tests/unit/test_hostile.c (in process, faster).
set -u
H=tests/e2e/hostile
. $H/lib.bash
P=rules/customer-service-2014.rules
python3 $H/gen.py "$T" || { echo "hostile: cannot generate the inputs"; exit 1; }
R() { python3 $H/results.py "$T/$1.out" "${@:2}" || bad "$1: results differ (above)"; }

# ---- records: NDJSON, every kind of damage between two good records -------
k mixed 1 60 eval $P "$T/mixed.ndjson" --format ndjson
R mixed n=20 '1=ok:H-01' '20=ok:H-20' \
    '2=err:line 2, column 513 (byte' '2=err:nesting deeper than 512 levels' \
    '3=err:line 3, column 532 (byte' '3=err:nesting deeper than 512 levels' \
    '4=err:line 4, column' '4=err:number out of range (it overflows a double)' \
    '5~20' '5=ok:H-05' \
    '6=err:field '"'"'calls'"'"': the number 123456789012345678901234567890 is too large (kaohe reads numbers below 10^18' '6.id="H-06"' \
    '7=err:field '"'"'pay.base'"'"': the number 1e400 is too large (kaohe reads numbers below 10^18' \
    '8=err:line 8, column 22 (byte' '8=err:invalid UTF-8' \
    '9=err:line 9, column 1 (byte' \
    '10=err:line 10, column 25 (byte' '10=err:control character 0x00' \
    '11=err:line 11, column 23 (byte' '11=err:\u0000 (NUL)' \
    '12=err:line 12, column 1 (byte' \
    '13=err:field '"'"'calls'"'"' is given twice' '13.id="H-13"' \
    '14=err:field '"'"'quota.calls_per_day'"'"' is given twice' \
    '15=err:not a number' '16=err:not a text' '17=err:not null' '18=err:not a list' '19=err:not true/false'
err_lines mixed 18  # 17 record errors, then the summary of the run
err_has mixed 'mixed.ndjson: 20 records: 3 evaluated, 17 refused, 0 roster checks failed; refused records are left out'
err_has mixed 'mixed.ndjson: record 2: error: line 2, column 513'
err_has mixed 'mixed.ndjson: record 6 (id "H-06"): error: field '"'"'calls'"'"
err_has mixed 'mixed.ndjson: record 19: error: a record must be a JSON object'

# the reference record cut after every byte: each cut line is one bad record
# named by its number and line, the whole record (last) is evaluated
n=$(cat "$T/cut.len")
k cut 1 120 eval $P "$T/cut.ndjson" --format ndjson
R cut n=$n "all-err:1-$((n - 1))" "$n=ok:CUT"
err_lines cut $n  # the n - 1 cut records, then the summary
err_has cut "cut.ndjson: $n records: 1 evaluated, $((n - 1)) refused, 0 roster checks failed"
err_has cut "cut.ndjson: record $((n - 1)): error: line "

# ---- records: arrays ---------------------------------------------------------
# nested 100,000 deep inside an array: the array is not usable JSON (status 4)
k deep 4 60 eval $P "$T/deep.json" --format ndjson
err_has deep 'deep.json: line 2, column 512 (byte'
err_has deep 'nesting deeper than 512 levels'
k notobj 1 30 eval $P "$T/notobj.json" --format ndjson
R notobj n=7 '1=ok:A-1' '7=ok:A-2' '2=err:a record must be a JSON object, not a number' \
    '3=err:not a text' '4=err:not null' '5=err:not a list' '6=err:not true/false'
k bom 0 30 eval $P "$T/bom.json" --format ndjson
R bom n=1 '1=ok:A-1'
k empty 4 30 eval $P "$T/empty.json"
err_has empty 'empty.json: the input holds no records'
k blank 4 30 eval $P "$T/blank.json"
err_has blank 'blank.json: the input holds no records'
k emptyarr 0 30 eval $P "$T/emptyarr.json"
[ "$(cat "$T/emptyarr.out")" = "[]" ] || bad "emptyarr: output is not []"
k dup 1 30 eval $P "$T/dup.json" --format ndjson
R dup n=2 '1=ok:A-1' "2=err:field 'pay.base' is given twice"
# a 100 MB text in a display field: a valid record, evaluated like the others
k big 0 120 eval $P "$T/big.json" --format ndjson
R big n=3 '1=ok:A-1' '2=ok:A-BIG' '3=ok:A-2' '1~2'

# ---- policies ----------------------------------------------------------------
k p-bom 0 30 eval "$T/bom.rules" "$T/small.ndjson" --format ndjson
R p-bom n=1 '1.y=42'
k p-utf8 3 30 check "$T/badutf8.rules"
err_has p-utf8 'badutf8.rules:5:11: error: the file is not valid UTF-8 here'
k p-nul 3 30 check "$T/nul.rules"
err_has p-nul 'nul.rules:5:25: error: the file holds a NUL byte here: policy text cannot contain one'
k p-empty 3 30 eval "$T/empty.rules" "$T/small.ndjson"
err_has p-empty 'empty.rules:1:1: error: the policy is empty'
[ -s "$T/p-empty.out" ] && bad "p-empty: results were written for an empty policy"
k p-comment 3 30 check "$T/comment.rules"
err_has p-comment 'comment.rules:1:1: error: the policy is empty'
k p-dup 3 30 check "$T/dup.rules"
err_has p-dup "dup.rules:4:5: error: the field 'x' is declared twice"
err_has p-dup "dup.rules:6:7: error: 'r' is declared twice"
err_has p-dup "dup.rules:8:1: error: 'y' is declared twice"
k p-json 3 30 check "$T/json.rules"
err_has p-json "json.rules:1:1: error: '[' is not expected here"
k p-cycle 3 30 check "$T/cycle-a.rules"
err_has p-cycle 'cycle-b.rules:1:9: error: include cycle: '
err_has p-cycle 'cycle-a.rules → '
k p-self 3 30 check "$T/self.rules"
err_has p-self 'self.rules:1:9: error: include cycle: '
k p-incdir 3 30 check "$T/incdir.rules"
err_has p-incdir "incdir.rules:1:9: error: '$T/.' is not a policy file (its name does not end in .rules)"
k p-incmissing 3 30 check "$T/incmissing.rules"
err_has p-incmissing "incmissing.rules:1:9: error: cannot read '"
k p-numbers 3 30 check "$T/numbers.rules"
err_has p-numbers 'numbers.rules:1:12: error: a number runs into a name'
err_has p-numbers 'numbers.rules:2:12: error: this number is too large (kaohe reads numbers below 10^18 in magnitude)'
k p-negzero 0 30 eval "$T/negzero.rules" "$T/one.ndjson" --format ndjson
R p-negzero n=1 '1.z=0' '1.w=0'
k p-big 3 60 check "$T/big.rules"
err_has p-big "cannot read '$T/big.rules': the file is larger than 64 MB"

# nesting: 10,000 brackets are fine (x + 1 = 42); 10,000 operators, calls,
# lists, conditionals, 100,000 additions and 10,000 chained definitions are
# located errors; so are records nested 1,000 deep in the input schema
k p-paren 0 60 eval "$T/deep-paren.rules" "$T/small.ndjson" --format ndjson
R p-paren n=1 '1.y=42'
for d in neg:5:1012 not:5:4012 list:5:1012; do
    f=${d%%:*}
    k p-deep-$f 3 60 check "$T/deep-$f.rules"
    err_has p-deep-$f "deep-$f.rules:${d#*:}: error: this expression is nested too deeply"
done
# a flat sum is not nested: it is too long (at its 1001st term, column
# 4012 of "output y = x + 1 + 1 ..."), one message
k p-deep-sum 3 60 check "$T/deep-sum.rules"
err_has p-deep-sum "deep-sum.rules:5:4012: error: this sum has more than 1000 terms (this is the 1001st)"
err_lines p-deep-sum 4
for f in if call; do
    k p-deep-$f 3 60 check "$T/deep-$f.rules"
    err_has p-deep-$f "deep-$f.rules:1:1: error: the policy is nested too deeply to read"
done
k p-deep-defs 3 60 check "$T/deep-defs.rules"
err_has p-deep-defs 'deep-defs.rules:'
err_has p-deep-defs ': error: definitions depend on each other too deeply'
k p-deep-indent 3 60 check "$T/deep-indent.rules"
err_has p-deep-indent 'deep-indent.rules:65:257: error: blocks are nested too deeply (at most 63 levels)'

# a tier table of 100,000 rows "K or more -> K": x itself, capped at 100000
k p-tier 0 120 eval "$T/tier.rules" "$T/tier.ndjson" --format ndjson
R p-tier n=5 '1.t=50000' '2.t=0' '3.t=100000' '4.t=1' '5.t=0'

# ---- the per-record evaluation limit ------------------------------------------
# m = sum(count(append(xs, each)) over xs): [1,2,3] gives 3 * 4 = 12, [7]
# gives 2; n = four nested sums: 6*3*3*3 = 162 and 7.  "huge" (200 entries)
# has m = 200 * 201 = 40200 but n needs 200^4 steps; "wide" (5000 entries)
# copies 5000 * 5000 list entries for m: both stop at the step limit.
k steps 1 60 eval "$T/steps.rules" "$T/steps.ndjson" --format ndjson
R steps n=4 '1.m=12' '1.n=162' '3.m=2' '3.n=7' \
    '2=err:evaluation stopped: more than 5000000 steps for one record in n (' \
    '4=err:evaluation stopped: more than 5000000 steps for one record in m ('
err_has steps 'record 2 (id "huge"): error: evaluation stopped'

finish hostile
