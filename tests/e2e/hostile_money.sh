#!/usr/bin/env bash
# Money at the int64 edge: arithmetic that leaves int64/int64 (a reduced
# fraction of two int64) goes on exactly in arbitrary precision (num.h) —
# never a wrapped or partial value.  Tested at the boundary: each case past
# int64 sits next to one that just fits, and both are exact.
#
# Amounts are given as JSON strings, which kaohe reads exactly.  The largest
# int64 money is INT64_MAX cents = 92233720368547758.07 yuan;
# 9223372036854775807 is odd and not a multiple of 5, so n/100 cents stays
# unreduced, and a product or sum is small when its cents (after reduction)
# are at most that, big (and as exact) beyond.
set -u
. tests/e2e/hostile/lib.bash
R() { python3 tests/e2e/hostile/results.py "$T/$1.out" "${@:2}" || bad "$1: results differ (above)"; }

# ---- one record's arithmetic -------------------------------------------------
cat >"$T/money.rules" <<'EOF'
input:
    id: text, key
    base: money
    factor: integer
    items: list of record
        amount: money

output scaled = base * factor
output squared = factor * factor
output tiny = 1 / factor / factor
output total = sum(amount over items)
EOF
cat >"$T/money.ndjson" <<'EOF'
{"id":"A","base":"30744573456182586.01","factor":3,"items":[]}
{"id":"B","base":"30744573456182586.03","factor":3,"items":[]}
{"id":"C","base":"1","factor":3037000499,"items":[]}
{"id":"D","base":"1","factor":3037000500,"items":[]}
{"id":"E","base":"0","factor":1,"items":[{"amount":"92233720368547758.00"},{"amount":"0.07"}]}
{"id":"F","base":"0","factor":1,"items":[{"amount":"92233720368547758.00"},{"amount":"0.07"},{"amount":"0.02"}]}
{"id":"G","base":"-30744573456182586.01","factor":3,"items":[{"amount":"-92233720368547758.00"},{"amount":"-0.07"}]}
{"id":"H","base":"-30744573456182586.03","factor":3,"items":[]}
{"id":"I","base":"0","factor":1,"items":[{"amount":"-92233720368547758.00"},{"amount":"-0.07"},{"amount":"-0.02"}]}
EOF
k money 0 30 eval "$T/money.rules" "$T/money.ndjson" --format ndjson
# A: 30744573456182586.01 * 3 = 92233720368547758.03 (cents ...803 <= ...807); 1/9
# B: 30744573456182586.03 * 3 = 92233720368547758.09 (cents ...809: past int64, exact)
# C: 3037000499^2 = 9223372030926249001 <= 2^63-1, and 1/that fits as well
#    (1.08e-19: 15 decimals, the most a non-ending ratio prints, are all 0)
# D: 3037000500^2 = 9223372037000250000 >  2^63-1: squared is big, exact
# E: 92233720368547758.00 + 0.07 = INT64_MAX cents; F: + 0.02 more, exact
# G, H, I: the same on the negative side
R money n=9 \
    '1.scaled=92233720368547758.03' '1.squared=9' '1.total=0.00' '1.tiny=0.111111111111111' \
    '2.scaled=92233720368547758.09' '2.id="B"' \
    '3.squared=9223372030926249001' '3.tiny=0.000000000000000' '3.scaled=3037000499.00' \
    '4.squared=9223372037000250000' '4.tiny=0.000000000000000' '4.scaled=3037000500.00' \
    '5.total=92233720368547758.07' '6.total=92233720368547758.09' \
    '7.scaled=-92233720368547758.03' '7.total=-92233720368547758.07' \
    '8.scaled=-92233720368547758.09' '9.total=-92233720368547758.09'
# on stderr only the summary
err_lines money 1
err_has money 'money.ndjson: 9 records: 9 evaluated, 0 refused, 0 roster checks failed'

# ---- over a roster: a total past int64 is exact too --------------------------------
cat >"$T/roster.rules" <<'EOF'
input:
    id: text, key
    period: month
    pay: money

roster by period
param pool = 100 yuan
total = sum(pay over roster)
output part = pay / total
output share = apportion(pool, pay over roster, ties by id)
EOF
cat >"$T/roster.ndjson" <<'EOF'
{"id":"J1","period":"2014-06","pay":"92233720368547758.07"}
{"id":"J2","period":"2014-06","pay":"0.02"}
{"id":"K1","period":"2014-07","pay":"100"}
{"id":"K2","period":"2014-07","pay":"100"}
{"id":"K3","period":"2014-07","pay":"100"}
{"id":"L1","period":"2014-08","pay":"92233720368547758.00"}
{"id":"L2","period":"2014-08","pay":"0.07"}
EOF
k roster 0 30 eval "$T/roster.rules" "$T/roster.ndjson" --format ndjson
# June: the total is 92233720368547758.09, one cent past INT64_MAX cents: big
# and exact.  J1's part 9223372036854775807/9223372036854775809 = 0.99999...78
# prints as 1.000000000000000, J2's 2.2e-19 as 0.000000000000000; of 10000
# cents J1's exact share is 9999.99...78 (floor 9999, remainder 0.99999...),
# J2's 2.2e-15: J1 takes the odd cent, 100.00.  July: thirds of 100.00 by
# largest remainder, the odd cent to the first id.  August: the total is
# exactly INT64_MAX cents; L1's part 0.99999999999999999924 prints as
# 1.000000000000000, and L1 takes 9999 cents and the odd one (remainder
# 0.99999..., L2's is 7.6e-15).
R roster n=7 \
    '1.part=1.000000000000000' '2.part=0.000000000000000' '1.share=100.00' '2.share=0.00' \
    '3.share=33.34' '4.share=33.33' '5.share=33.33' '3.part=0.333333333333333' \
    '6.part=1.000000000000000' '7.part=0.000000000000000' '6.share=100.00' '7.share=0.00'
err_lines roster 1
err_has roster 'roster.ndjson: 7 records: 7 evaluated, 0 refused, 0 roster checks failed'

# apportion works out units * (w / W) exactly: at the largest int64 pool,
# 92233720368547758.07 yuan = 9223372036854775807 cents, weights
# 9.000000000000000001 and 1e-18 split it 9223372036854775805.98... and
# 1.02...: M gets ...806 cents with the odd one, N 1 cent; weights 1 and 2
# give ...602.33 and ...204.67: 602 and 205.  A pool of 9 * 10^17 yuan (9 *
# 10^19 cents, past int64): M's exact share is 9 * 10^19 - 90/9.000000000000000002
# = 89999999999999999990.0000...0022 cents, N's 9.99999999999999999777...: N
# takes the odd cent (10 cents), M 899999999999999999.90 yuan; 1 and 2 give
# 3 * 10^19 and 6 * 10^19 cents.
cat >"$T/weights.rules" <<'EOF'
input:
    id: text, key
    period: month
    w: decimal

roster by period
param pool = 100 yuan
output share = apportion(pool, w over roster, ties by id)
EOF
cat >"$T/weights.ndjson" <<'EOF'
{"id":"M","period":"2014-06","w":"9.000000000000000001"}
{"id":"N","period":"2014-06","w":"0.000000000000000001"}
{"id":"O","period":"2014-07","w":"1"}
{"id":"P","period":"2014-07","w":"2"}
EOF
k weights 0 30 eval "$T/weights.rules" "$T/weights.ndjson" --format ndjson
R weights n=4 '1.share=100.00' '2.share=0.00' '3.share=33.33' '4.share=66.67'
k weights-max 0 30 eval "$T/weights.rules" "$T/weights.ndjson" --format ndjson --set pool=92233720368547758.07
R weights-max n=4 '1.share=92233720368547758.06' '2.share=0.01' \
    '3.share=30744573456182586.02' '4.share=61489146912365172.05'
k weights-over 0 30 eval "$T/weights.rules" "$T/weights.ndjson" --format ndjson --set pool=900000000000000000
R weights-over n=4 '1.share=899999999999999999.90' '2.share=0.10' \
    '3.share=300000000000000000.00' '4.share=600000000000000000.00'
# 10^18 yuan is out of range for a number read from text: a usage error
k weights-too-large 2 30 eval "$T/weights.rules" "$T/weights.ndjson" --format ndjson --set pool=1000000000000000000
err_has weights-too-large '--set pool: "1000000000000000000" is too large (kaohe reads numbers below 10^18 in magnitude)'

finish hostile_money
