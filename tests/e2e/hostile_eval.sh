#!/usr/bin/env bash
# Run-time errors inside every kind of expression: hostile/errors.rules has
# one output per construct (negation, comparison, and/or, in, if, round, abs,
# min/max, sum/count over, append, objects, when, tier subject and value,
# ledger start, amount, condition and count, date parts and functions, list
# literals), each reading `bad = 1 / z` only when the record's `sel` picks
# it.  Record E<k> (sel = k, z = 0) must fail with the division by zero,
# named in `bad` at its place (errors.rules:12:7, the "1 / z"); record E00
# picks nothing and is evaluated, division by zero and all.  E37-E41 meet the
# other run-time errors: the minimum / mean of no values, a `when` or a tier
# with nothing that applies, last() with a negative count.
set -u
. tests/e2e/hostile/lib.bash
R() { python3 tests/e2e/hostile/results.py "$T/$1.out" "${@:2}" || bad "$1: results differ (above)"; }
E=tests/e2e/hostile/errors.rules
bad_ks="1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16 17 18 19 21 22 23 24 26 27 28 29 30 31 32 33 34 35 36"
for s in 0 $bad_ks 37 38 39 40 41; do
    rs='[{"v":3}]'
    [ "$s" = 37 ] || [ "$s" = 38 ] && rs='[]'
    printf '{"id":"E%02d","sel":%d,"z":0,"d":"2014-06-15","t":"2014-06-15T10:00:00","xs":[1,2],"ys":[1.5],"rs":%s}\n' \
        "$s" "$s" "$rs"
done >"$T/errors.ndjson"
k errors 1 60 eval $E "$T/errors.ndjson" --format ndjson
claims=(n=40 '1=ok:E00' '1.o1=0' '1.o2=false' '1.o12=false' '1.o24=2' '1.o26=0' '1.o27=0' '1.o36=0' '1.o41=0')
i=2
for s in $bad_ks; do
    claims+=("$i=err:division by zero in bad (tests/e2e/hostile/errors.rules:12:7)" "$i.id=\"$(printf 'E%02d' "$s")\"")
    i=$((i + 1))
done
claims+=("36=err:the minimum of no values in o37 (" "37=err:the mean of no values in o38 ("
    "38=err:no branch of this 'when' applies in w2 (tests/e2e/hostile/errors.rules:18:6)"
    "39=err:no row of this tier table matches the value 40 in t2 (tests/e2e/hostile/errors.rules:26:6)"
    "40=err:last(list, n) needs n of 0 or more in o41 (")
R errors "${claims[@]}"
# on stderr the 34 identical divisions by zero are one line (grouped), then
# the other 5 errors, then the summary
err_lines errors 7
err_has errors "errors.ndjson: 34 records (#2 \"E01\", #3 \"E02\", #4 \"E03\" and 31 more): error: division by zero in bad (tests/e2e/hostile/errors.rules:12:7)"
err_has errors "errors.ndjson: 40 records: 1 evaluated, 39 refused, 0 roster checks failed"
finish hostile_eval
