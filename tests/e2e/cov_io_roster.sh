#!/usr/bin/env bash
# Roster functions and evaluation edge cases, each a small policy and roster
# with its results worked out by hand: `first in roster` over keys of every
# kind (and an absent key, which belongs to no one), apportion of whole
# numbers and of money with ties (by id) and its refusals, totals past
# int64 and past the bound of exact numbers, min/max over nothing, the parts of a date-time, a tier threshold
# or ledger amount that cannot be worked out; then one roster policy through
# --jobs 1 and --jobs 3 in every format, which must agree byte for byte.
set -u
. "$(dirname "$0")/lib/scratch.sh"
cd "$T"
failures=0
fail() { echo "cov_io_roster: FAIL: $*"; failures=$((failures + 1)); }

# run NAME POLICY INPUT WANT [ARGS...]: eval --format ndjson; standard output
# must be WANT, failed roster checks after the results (record messages on
# stderr are not compared here), and the exit status 1 when WANT holds a
# refused record or CHECK_FAILS=1 is set (README: some records failed, or a
# roster check failed), else 0
run() {
    local name=$1 want=$4 rc=0 want_rc=${CHECK_FAILS:-0}
    printf '%s' "$2" > "$name.rules"
    printf '%s' "$3" > "$name.json"
    shift 4
    case $want in *'"error":'*) want_rc=1 ;; esac
    "$K" eval "$name.rules" "$name.json" --format ndjson "$@" > "$name.out" 2> "$name.err" || rc=$?
    [ $rc = $want_rc ] || fail "$name: exit status $rc, expected $want_rc: $(head -3 "$name.err")"
    # the run's summary line is pinned by the golden cases, not here
    sed -i -E '/^kaohe: [^ ]+: [0-9]+ records?: [0-9]+ evaluated, [0-9]+ refused, [0-9]+ roster checks? failed/d' "$name.err"
    [ "$(cat "$name.out")" = "$want" ] || fail "$name: got
$(cat "$name.out")
expected
$want"
}

# the roster check every apportion carries (its shares add up to the pool)
# fails when no share can be worked out: after the results comes
# {"check_failed":"the shares of EXPR (AT) add up to the pool: none is paid (WHY)",...}
# naming the records behind WHY (IDS, a JSON list body)
apfail() { printf '\n{"check_failed":"the shares of %s (%s) add up to the pool: none is paid (%s)","roster":null,"ids":[%s]}' "$1" "$2" "$3" "${4-}"; }

# ---- first in roster, keys of every kind ------------------------------------------
# B's and A's first deals share key a (seq 5 both: the tie goes to id A);
# their second deals share key b, and B's (seq 1) comes before A's (seq 2).
# So A is credited 100, B 10.
for kind in date month integer boolean datetime; do
    case $kind in
    date) a='"2014-06-01"' b='"2014-06-02"' ;;
    month) a='"2014-06"' b='"2014-07"' ;;
    integer) a=1 b=2 ;;
    boolean) a=true b=false ;;
    datetime) a='"2014-06-01T10:00:00"' b='"2014-06-01T10:00:01"' ;;
    esac
    run "first-$kind" "input:
    id: text, key
    deals: list of record
        c: $kind
        seq: integer
        amt: integer
output credited = sum(amt over deals where first in roster for c by (seq, id))
" "[{\"id\":\"B\",\"deals\":[{\"c\":$a,\"seq\":5,\"amt\":1},{\"c\":$b,\"seq\":1,\"amt\":10}]},
 {\"id\":\"A\",\"deals\":[{\"c\":$a,\"seq\":5,\"amt\":100},{\"c\":$b,\"seq\":2,\"amt\":1000}]}]" \
        '{"id":"B","credited":10}
{"id":"A","credited":100}'
done
# an optional key left out (null) belongs to no one: neither second deal counts
run first-absent "input:
    id: text, key
    deals: list of record
        c: text, optional
        seq: integer
        amt: integer
output credited = sum(amt over deals where first in roster for c by (seq, id))
" '[{"id":"B","deals":[{"c":"x","seq":5,"amt":1},{"c":null,"seq":1,"amt":10}]},
 {"id":"A","deals":[{"c":"x","seq":5,"amt":100},{"seq":2,"amt":1000}]}]' \
    '{"id":"B","credited":0}
{"id":"A","credited":100}'

# ---- apportion -------------------------------------------------------------------------
AP="input:
    id: text, key
    w: integer
param pool = 5
output share = apportion(pool, w over roster, ties by id)
"
APIN='[{"id":"C","w":1},{"id":"A","w":1},{"id":"B","w":1},{"id":"D","w":0}]'
# 5 over weights 1, 1, 1, 0: 5/3 each = 1 and 2/3; 2 units are left; the
# three remainders are equal, so ids decide: A and B get 2, C 1, D 0
run ap-int "$AP" "$APIN" '{"id":"C","share":1}
{"id":"A","share":2}
{"id":"B","share":2}
{"id":"D","share":0}'
# 10: 3 and 1/3 each, one unit left: A gets 4
run ap-int10 "$AP" "$APIN" '{"id":"C","share":3}
{"id":"A","share":4}
{"id":"B","share":3}
{"id":"D","share":0}' --set pool=10
# nothing to share out: everyone 0
run ap-zero "$AP" "$APIN" '{"id":"C","share":0}
{"id":"A","share":0}
{"id":"B","share":0}
{"id":"D","share":0}' --set pool=0
# a pool below 0 cannot be shared (never a silent 0): every record reading a
# share is an error naming the apportion (line 5, column 16) and the pool
NEG="apportion(pool, w over roster, ties by id) cannot be worked out for this roster (the pool to share is below 0 (-3): say in the policy what a negative pool means, e.g. 'if pool > 0 then apportion(...) else 0') in share (ap-negative-pool.rules:5:16)"
run ap-negative-pool "$AP" "$APIN" "{\"id\":\"C\",\"record\":1,\"error\":\"$NEG\"}
{\"id\":\"A\",\"record\":2,\"error\":\"$NEG\"}
{\"id\":\"B\",\"record\":3,\"error\":\"$NEG\"}
{\"id\":\"D\",\"record\":4,\"error\":\"$NEG\"}$(apfail "apportion(pool, w over roster, ties by id)" ap-negative-pool.rules:5:16 "the pool to share is below 0 (-3): say in the policy what a negative pool means, e.g. 'if pool > 0 then apportion(...) else 0'")" --set pool=-3
# all weights 0: the pool of 5 cannot be shared (each share would be 5 x 0 / 0)
NOW="apportion(pool, w over roster, ties by id) cannot be worked out for this roster (every weight is 0, so the pool of 5 cannot be shared: say in the policy what happens then, e.g. 'if sum(weight over roster) > 0 then apportion(...) else 0') in share (ap-no-weight.rules:5:16)"
run ap-no-weight "$AP" '[{"id":"C","w":0},{"id":"A","w":0}]' "{\"id\":\"C\",\"record\":1,\"error\":\"$NOW\"}
{\"id\":\"A\",\"record\":2,\"error\":\"$NOW\"}$(apfail "apportion(pool, w over roster, ties by id)" ap-no-weight.rules:5:16 "every weight is 0, so the pool of 5 cannot be shared: say in the policy what happens then, e.g. 'if sum(weight over roster) > 0 then apportion(...) else 0'")"
# a negative weight (A's, the weight at column 32) makes the shares
# impossible to work out: both records read one, both fail, naming A
NW='apportion(pool, w over roster, ties by id) cannot be worked out for this roster (record \"A\": its weight (-1) is below 0: apportion shares by weights of 0 or more (ap-negative-weight.rules:5:32)) in share (ap-negative-weight.rules:5:16)'
run ap-negative-weight "$AP" '[{"id":"C","w":1},{"id":"A","w":-1}]' "{\"id\":\"C\",\"record\":1,\"error\":\"$NW\"}
{\"id\":\"A\",\"record\":2,\"error\":\"$NW\"}$(apfail "apportion(pool, w over roster, ties by id)" ap-negative-weight.rules:5:16 'record \"A\": its weight (-1) is below 0: apportion shares by weights of 0 or more (ap-negative-weight.rules:5:32)' '"A"')"
# money to the cent: 10 yuan = 1000 cents over three: 333 each, A gets the cent left
APM="input:
    id: text, key
    w: integer
    p: money
output share = apportion(p, w over roster, ties by id)
"
run ap-money "$APM" '[{"id":"C","w":1,"p":10},{"id":"A","w":1,"p":10},{"id":"B","w":1,"p":10}]' '{"id":"C","share":3.33}
{"id":"A","share":3.34}
{"id":"B","share":3.33}'
# a pool that differs from record to record (A sees 11.00 after C's 10.00):
# no share can be worked out; both records read one and fail, naming A
PD='apportion(p, w over roster, ties by id) cannot be worked out for this roster (record \"A\": the pool as it sees it (11.00) differs from the pool of the records before it (10.00)) in share (ap-pools-differ.rules:5:16)'
run ap-pools-differ "$APM" '[{"id":"C","w":1,"p":10},{"id":"A","w":1,"p":11}]' "{\"id\":\"C\",\"record\":1,\"error\":\"$PD\"}
{\"id\":\"A\",\"record\":2,\"error\":\"$PD\"}$(apfail "apportion(p, w over roster, ties by id)" ap-pools-differ.rules:5:16 'record \"A\": the pool as it sees it (11.00) differs from the pool of the records before it (10.00)' '"A"')"
# only the records that read a share must agree on the pool: A (p = 0) takes
# the `then` branch, so its view (0.00) does not count; C reads its share of
# 10.00 and, with weights 1 and 0, gets all of it (A's share is 0.00)
run ap-pool-non-reader "input:
    id: text, key
    w: integer
    p: money
output share = if p = 0 yuan then 0 yuan else apportion(p, w over roster, ties by id)
" '[{"id":"C","w":1,"p":10},{"id":"A","w":0,"p":0}]' '{"id":"C","share":10.00}
{"id":"A","share":0.00}'
[ ! -s ap-pool-non-reader.err ] || fail "ap-pool-non-reader: $(cat ap-pool-non-reader.err)"
# a pool of a tenth of a cent cannot be shared out to the cent
run ap-not-cents "param pool = 10.005 yuan
input:
    id: text, key
    w: integer
output share = apportion(pool, w over roster, ties by id)
" '[{"id":"C","w":1}]' '{"id":"C","record":1,"error":"apportion(pool, w over roster, ties by id) cannot be worked out for this roster (the pool to apportion (10.005) is not a whole number of cents) in share (ap-not-cents.rules:5:16)"}'"$(apfail "apportion(pool, w over roster, ties by id)" ap-not-cents.rules:5:16 "the pool to apportion (10.005) is not a whole number of cents")"

# ---- totals, empty selections ------------------------------------------------------------------
# 9e18 + 9e18 = 1.8e19 does not fit int64: it goes on exactly (num.h)
run sum-past-int64 "input:
    id: text, key
    w: integer
output s = sum(w * 10 over roster)
" '[{"id":"C","w":900000000000000000},{"id":"A","w":900000000000000000}]' \
    '{"id":"C","s":18000000000000000000}
{"id":"A","s":18000000000000000000}'
# past the bound: x^(2^14) has about 979,700 bits for x = 10^18 - 1 (log2 = 59.79) and for
# x = 10^18 - 3; the two are coprime (their difference is 2, both odd), so 1/s14 + 1/s14'
# has a denominator of about 1,959,400 bits, past 2^20: every record that reads the total fails,
# naming A, whose value tipped it over
run sum-overflow "input:
    id: text, key
    x: integer
output s = sum(1 / s14 over roster)
s1 = x * x
s2 = s1 * s1
s3 = s2 * s2
s4 = s3 * s3
s5 = s4 * s4
s6 = s5 * s5
s7 = s6 * s6
s8 = s7 * s7
s9 = s8 * s8
s10 = s9 * s9
s11 = s10 * s10
s12 = s11 * s11
s13 = s12 * s12
s14 = s13 * s13
" '[{"id":"C","x":999999999999999999},{"id":"A","x":999999999999999997}]' \
    '{"id":"C","record":1,"error":"sum(1 / s14 over roster) cannot be worked out for this roster (record \"A\": the roster'"'"'s total overflows when its value is added) in s (sum-overflow.rules:4:12)"}
{"id":"A","record":2,"error":"sum(1 / s14 over roster) cannot be worked out for this roster (record \"A\": the roster'"'"'s total overflows when its value is added) in s (sum-overflow.rules:4:12)"}'
for fn in min max; do
    word=$([ $fn = min ] && echo minimum || echo maximum)
    run "$fn-of-nothing" "input:
    id: text, key
    x: integer
    late: integer
output v = $fn(x over roster where late > 5)
" '{"id":"A","x":1,"late":0}' "{\"id\":\"A\",\"record\":1,\"error\":\"the $word over the roster has no values to look at in v ($fn-of-nothing.rules:5:12)\"}"
done

# ---- a record whose part in a roster function cannot be worked out ----------------------------
# A (x = 0) cannot give its part where 10 / x is needed: the roster function
# cannot be worked out for the roster, and every record that reads it (A and
# B) fails with a message naming the function and A (a record that does not
# read it would be evaluated: tests/golden/roster-lazy-chain)
XB='{"id":"A","x":0}
{"id":"B","x":2}'
XP="input:
    id: text, key
    x: integer
"
# both lines of expected output for message $1
both() { printf '{"id":"A","record":1,"error":"%s"}\n{"id":"B","record":2,"error":"%s"}' "$1" "$1"; }
run pass-filter "${XP}output c = count(roster where 10 / x > 1)
" "$XB" "$(both 'count(roster where 10 / x > 1) cannot be worked out for this roster (record \"A\": division by zero (pass-filter.rules:4:31)) in c (pass-filter.rules:4:12)')"
run pass-value "${XP}output s = sum(10 / x over roster)
" "$XB" "$(both 'sum(10 / x over roster) cannot be worked out for this roster (record \"A\": division by zero (pass-value.rules:4:16)) in s (pass-value.rules:4:12)')"
run pass-pool "${XP}output s = apportion(floor(10 / x), 1 over roster, ties by id)
" "$XB" "$(both 'apportion(floor(10 / x), 1 over roster, ties by id) cannot be worked out for this roster (record \"A\": division by zero (pass-pool.rules:4:28)) in s (pass-pool.rules:4:12)')$(apfail "apportion(floor(10 / x), 1 over roster, ties by id)" pass-pool.rules:4:12 'record \"A\": division by zero (pass-pool.rules:4:28)' '"A"')"
# a tie key that cannot be worked out (A's: 10 over three equal weights leaves
# a unit for one of three equal remainders, so every tie key is needed): the
# apportion fails for all, naming A
TK='apportion(10, 1 over roster, ties by floor(10 / x)) cannot be worked out for this roster (record \"A\": its tie-break key cannot be worked out: division by zero (pass-tie.rules:4:55)) in s (pass-tie.rules:4:12)'
run pass-tie "${XP}output s = apportion(10, 1 over roster, ties by floor(10 / x))
" '{"id":"A","x":0}
{"id":"B","x":2}
{"id":"C","x":2}' "{\"id\":\"A\",\"record\":1,\"error\":\"$TK\"}
{\"id\":\"B\",\"record\":2,\"error\":\"$TK\"}
{\"id\":\"C\",\"record\":3,\"error\":\"$TK\"}$(apfail "apportion(10, 1 over roster, ties by floor(10 / x))" pass-tie.rules:4:12 'record \"A\": its tie-break key cannot be worked out: division by zero (pass-tie.rules:4:55)' '"A"')"
DP="input:
    id: text, key
    deals: list of record
        c: integer
        seq: integer
"
run pass-first-key "${DP}output n = count(deals where first in roster for 10 / c by (seq, id))
" '{"id":"A","deals":[{"c":0,"seq":1}]}
{"id":"B","deals":[{"c":1,"seq":1}]}' "$(both 'first in roster for 10 / c by (seq, id) cannot be worked out for this roster (record \"A\": division by zero (pass-first-key.rules:6:50)) in n (pass-first-key.rules:6:30)')"
run pass-first-order "${DP}output n = count(deals where first in roster for c by (10 / seq, id))
" '{"id":"A","deals":[{"c":1,"seq":0}]}
{"id":"B","deals":[{"c":1,"seq":1}]}' "$(both 'first in roster for c by (10 / seq, id) cannot be worked out for this roster (record \"A\": division by zero (pass-first-order.rules:6:56)) in n (pass-first-order.rules:6:30)')"

# ---- checks ----------------------------------------------------------------------------------------
# a check that cannot be worked out (the mean of nothing) counts as failed
CHECK_FAILS=1 run check-unworkable "${XP}output o = x
check \"mean above 1\": mean(x over roster where x > 5) > 1
" '{"id":"A","x":0}' '{"id":"A","o":0}
{"check_failed":"mean above 1","roster":null,"ids":[]}'
[ "$(cat check-unworkable.err)" = "check-unworkable.json: error: check failed: mean above 1" ] || fail "check-unworkable: $(cat check-unworkable.err)"
# two counts in one check: the records each one counts, each named once
LP="input:
    id: text, key
    late: integer
output o = late
check \"few late\": count(roster where late > 0) <= 1 and count(roster where late > 1) = 0
"
CHECK_FAILS=1 run check-two-counts "$LP" '{"id":"A","late":2}
{"id":"B","late":3}
{"id":"C","late":1}' '{"id":"A","o":2}
{"id":"B","o":3}
{"id":"C","o":1}
{"check_failed":"few late","roster":null,"ids":["A","B","C"]}'
[ "$(cat check-two-counts.err)" = "check-two-counts.json: error: check failed: few late; records involved: A, B, C" ] || fail "check-two-counts: $(cat check-two-counts.err)"
# records without a key: none can be named
CHECK_FAILS=1 run check-no-key "roster by t
input:
    t: text
    late: integer
output o = late
check \"few late\": count(roster where late > 0) <= 1
" '{"t":"a","late":2}
{"t":"a","late":3}' '{"id":null,"o":2}
{"id":null,"o":3}
{"check_failed":"few late","roster":"a","ids":[]}'
[ "$(cat check-no-key.err)" = 'check-no-key.json: error: check failed: few late (roster "a")' ] || fail "check-no-key: $(cat check-no-key.err)"
# 20 records in 10 rosters (more than the group table starts with): 2 each
run many-rosters "roster by t
input:
    id: text, key
    t: integer
output n = count(roster where true)
" "$(for i in $(seq 1 20); do echo "{\"id\":\"R$i\",\"t\":$((i % 10))}"; done)" \
    "$(for i in $(seq 1 20); do echo "{\"id\":\"R$i\",\"n\":2}"; done)"

# ---- evaluation edge cases ---------------------------------------------------------------------------
# 2014-06-03 was a Tuesday (ISO weekday 2), in the second quarter
run datetime-parts "input:
    id: text, key
    t: datetime
output p = {y: t.year, mo: t.month, d: t.day, h: t.hour, mi: t.minute, s: t.second, q: t.quarter, w: t.weekday, day: t.date}
" '{"id":"A","t":"2014-06-03T14:05:09"}' '{"id":"A","p":{"y":2014,"mo":6,"d":3,"h":14,"mi":5,"s":9,"q":2,"w":2,"day":"2014-06-03"}}'
run tier-threshold "input:
    id: text, key
    x: integer
    n: integer
output g = tier x:
    10 / n or more -> 1
    otherwise -> 0
" '{"id":"A","x":1,"n":0}
{"id":"B","x":5,"n":2}' '{"id":"A","record":1,"error":"division by zero in g (tier-threshold.rules:6:5)"}
{"id":"B","g":1}'
# big numbers in packed records (kept between the roster passes): 10^-19, 3 * 10^-20 and
# 12345678901234567.891 (numerator 12345678901234567891: past int64) each need one; their
# sum 12345678901234567.89100000000000000013 and their minimum 0.00000000000000000003
# are exact, and each record's own value comes back as it went in, with 1 and 2 jobs
for jobs in 1 2; do
run "big-packed-$jobs" "input:
    id: text, key
    v: decimal
output s = sum(v over roster)
output lo = min(v over roster)
output mine = v
" '[{"id":"A","v":1e-19},{"id":"B","v":"0.00000000000000000003"},{"id":"C","v":12345678901234567.891}]' \
    '{"id":"A","s":12345678901234567.89100000000000000013,"lo":0.00000000000000000003,"mine":0.0000000000000000001}
{"id":"B","s":12345678901234567.89100000000000000013,"lo":0.00000000000000000003,"mine":0.00000000000000000003}
{"id":"C","s":12345678901234567.89100000000000000013,"lo":0.00000000000000000003,"mine":12345678901234567.891}' --jobs $jobs
done
# rosters grouped by a big number: A and B have the same v (10^-19, written two ways),
# C another (2 * 10^-19): sums 1 + 2 = 3 and 4
for jobs in 1 2; do
run "big-group-key-$jobs" "roster by v
input:
    id: text, key
    v: decimal
    x: integer
output s = sum(x over roster)
" '[{"id":"A","v":1e-19,"x":1},{"id":"C","v":2e-19,"x":4},{"id":"B","v":"0.0000000000000000001","x":2}]' \
    '{"id":"A","s":3}
{"id":"C","s":4}
{"id":"B","s":3}' --jobs $jobs
done
# 9e17 per n: 20 of them (1.8e19) is past int64, exact all the same
run ledger-past-int64 "input:
    id: text, key
    n: integer
output l = ledger from 0:
    \"a\" +900000000000000000 per n
" '{"id":"A","n":20}
{"id":"B","n":1}' '{"id":"A","l":18000000000000000000}
{"id":"B","l":900000000000000000}'
run list-compare "input:
    id: text, key
    xs: list of integer
output same = xs = [1, 2]
output has = 2 in xs
" '{"id":"A","xs":[1,2]}
{"id":"B","xs":[1]}' '{"id":"A","same":true,"has":true}
{"id":"B","same":false,"has":false}'
# 11 entries of 9e17: 9.9e18 is past int64, exact all the same
run list-sum-past-int64 "input:
    id: text, key
    xs: list of integer
output s = sum(xs)
" '{"id":"A","xs":[900000000000000000,900000000000000000,900000000000000000,900000000000000000,900000000000000000,900000000000000000,900000000000000000,900000000000000000,900000000000000000,900000000000000000,900000000000000000]}' \
    '{"id":"A","s":9900000000000000000}'

# ---- --jobs in every format ------------------------------------------------------------------------
# a roster policy (two phases: the team total, then each share of it), with
# a refused record and a failed check; 40 records in two teams
cat > jobs.rules <<'EOF'
roster by team
input:
    id: text, key
    team: one of "x", "y"
    sales: integer, at least 0
total = sum(sales over roster)
output share = if total = 0 then 0 else sales / total
output top = max(share over roster) = share
check "one top per team": count(roster where top) <= 1
EOF
{ echo '['
  for i in $(seq 1 40); do
      t=$([ $((i % 2)) = 0 ] && echo x || echo y)
      s=$([ $i = 7 ] && echo -1 || echo $((i % 5)))
      printf '{"id":"R%02d","team":"%s","sales":%s}%s\n' $i $t $s "$([ $i = 40 ] || echo ,)"
  done
  echo ']'; } > jobs.json
for f in json ndjson csv; do
    rc1=0; "$K" eval jobs.rules jobs.json --format $f > one.$f 2> one.err || rc1=$?
    rc3=0; "$K" eval jobs.rules jobs.json --format $f --jobs 3 > three.$f 2> three.err || rc3=$?
    [ $rc1 = 1 ] && [ $rc3 = 1 ] || fail "jobs $f: exit status $rc1 and $rc3, expected 1"
    cmp -s one.$f three.$f || fail "jobs $f: --jobs 3 wrote other results"
    cmp -s one.err three.err || fail "jobs $f: --jobs 3 said other things"
done
# by hand: team x holds R02..R40 even (sales i % 5: 2 4 1 3 0 2 4 1 3 0 ...),
# 4 rounds of 2+4+1+3+0 = 40; R07 (team y) is refused (sales -1); team y
# (odd, without R07) totals 1+3+0+2+4 x4 = 40 less R07's 2 = 38.  R04 has
# 4/40 = 0.1; top is shared by R04, R14, R24, R34 (and R09, R19, R29, R39 in
# y): the check fails in both teams.
grep -q '^{"id":"R04","share":0.1,"top":true}$' one.ndjson || fail "jobs: R04 should be 0.1, top"
grep -q '^{"id":"R09","share":0.105263157894737,"top":true}$' one.ndjson || fail "jobs: R09 should be 4/38"
grep -q '^{"id":"R07","record":7,"error":"field '"'"'sales'"'"': -1 is less than the minimum 0"}$' one.ndjson || fail "jobs: R07 refused"
[ "$(grep -c 'check failed: one top per team' one.err)" = 2 ] || fail "jobs: the check should fail in both teams"

[ $failures -eq 0 ] || exit 1
echo "cov_io_roster: ok"
