#!/usr/bin/env bash
# Money overflow: arithmetic that leaves the representable range (a reduced
# fraction of two int64) is an error for that record — never a wrapped or
# partial value — and the other records are still evaluated.  Tested at the
# boundary: each failing case sits next to one that just fits.
#
# Amounts are given as JSON strings, which kaohe reads exactly.  The largest
# money is INT64_MAX cents = 92233720368547758.07 yuan; 9223372036854775807 is
# odd and not a multiple of 5, so n/100 cents stays unreduced, and a product
# or sum fits exactly when its cents (after reduction) are at most that.
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
k money 1 30 eval "$T/money.rules" "$T/money.ndjson" --format ndjson
# A: 30744573456182586.01 * 3 = 92233720368547758.03 (cents ...803 <= ...807)
# B: 30744573456182586.03 * 3 = 92233720368547758.09 (cents ...809: too large)
# C: 3037000499^2 = 9223372030926249001 <= 2^63-1, and 1/that fits as well
#    (1.08e-19: 15 decimals, the most a non-ending ratio prints, are all 0)
# D: 3037000500^2 = 9223372037000250000 >  2^63-1: squared overflows
# E: 92233720368547758.00 + 0.07 = INT64_MAX cents; F: + 0.02 more overflows
# G, H, I: the same on the negative side
R money n=9 \
    '1.scaled=92233720368547758.03' '1.squared=9' '1.total=0.00' \
    '2=err:the result is too large to represent exactly (overflow) in scaled (' '2.id="B"' \
    '3.squared=9223372030926249001' '3.tiny=0.000000000000000' '3.scaled=3037000499.00' \
    '4=err:(overflow) in squared (' \
    '5.total=92233720368547758.07' '6=err:(overflow) in total (' \
    '7.scaled=-92233720368547758.03' '7.total=-92233720368547758.07' \
    '8=err:(overflow) in scaled (' '9=err:(overflow) in total ('
# on stderr: B and H share their reason (one line), D, then F and I; the summary
err_lines money 4
err_has money 'money.ndjson: 2 records (#2 "B", #8 "H"): error: the result is too large to represent exactly (overflow) in scaled ('
err_has money 'money.rules:8:17)'
err_has money 'money.ndjson: record 4 (id "D"): error:'
err_has money 'money.ndjson: 2 records (#6 "F", #9 "I"): error: the result is too large to represent exactly (overflow) in total ('
err_has money 'money.ndjson: 9 records: 4 evaluated, 5 refused, 0 roster checks failed'

# ---- over a roster: a total that overflows fails every record reading it -------
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
k roster 1 30 eval "$T/roster.rules" "$T/roster.ndjson" --format ndjson
# June: the total overflows, so neither J1 (whose own pay fits) nor J2 may be
# given a part or a share.  July: thirds of 100.00 by largest remainder, the
# odd cent to the first id.  August: the total is exactly INT64_MAX cents;
# L1's part 0.99999999999999999924 prints as 1.000000000000000, and L1 takes
# 9999 cents and the odd one (remainder 0.99999..., L2's is 7.6e-15).
R roster n=7 \
    "1=err:the roster's total overflows" "2=err:the roster's total overflows" \
    '3.share=33.34' '4.share=33.33' '5.share=33.33' '3.part=0.333333333333333' \
    '6.part=1.000000000000000' '7.part=0.000000000000000' '6.share=100.00' '7.share=0.00'
err_has roster "roster.ndjson: 2 records (#1 \"J1\", #2 \"J2\"): error: the roster's total overflows"
err_has roster "roster.ndjson: 7 records: 5 evaluated, 2 refused, 0 roster checks failed; refused records are left out of the roster: once they are fixed, the others' part, share may change"

# apportion works out units * (w / W) exactly in 128 bits, and a share in
# cents must fit 64: at the largest pool, 92233720368547758.07 yuan =
# 9223372036854775807 cents, weights 9.000000000000000001 and 1e-18 split it
# 9223372036854775805.98... and 1.02...: M gets ...806 cents with the odd
# one, N 1 cent; weights 1 and 2 give ...602.33 and ...204.67: 602 and 205.
# A pool of 9000000000000000000 yuan is a share of more than INT64_MAX
# cents, or (with the first weights) a product beyond 128 bits: errors for
# the roster, never a wrapped share.
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
k weights-over 1 30 eval "$T/weights.rules" "$T/weights.ndjson" --format ndjson --set pool=9000000000000000000
R weights-over n=4 '1=err:the apportion is too large to work out exactly (overflow)' '2=err:(overflow)' \
    '3=err:a share is too large' '4=err:a share is too large'

finish hostile_money
