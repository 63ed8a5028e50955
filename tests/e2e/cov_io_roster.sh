#!/usr/bin/env bash
# Roster functions and evaluation edge cases, each a small policy and roster
# with its results worked out by hand: `first in roster` over keys of every
# kind (and an absent key, which belongs to no one), apportion of whole
# numbers and of money with ties (by id) and its refusals, totals that
# overflow, min/max over nothing, the parts of a date-time, a tier threshold
# or ledger amount that cannot be worked out; then one roster policy through
# --jobs 1 and --jobs 3 in every format, which must agree byte for byte.
set -u
K=$(realpath "${KAOHE:-./kaohe}")
T=$(mktemp -d); trap 'rm -rf "$T"' EXIT
export NO_COLOR=1
cd "$T"
failures=0
fail() { echo "cov_io_roster: FAIL: $*"; failures=$((failures + 1)); }

# run NAME POLICY INPUT WANT [ARGS...]: eval --format ndjson; standard output
# must be WANT, failed roster checks after the results (record messages on
# stderr are not compared here)
run() {
    local name=$1 want=$4
    printf '%s' "$2" > "$name.rules"
    printf '%s' "$3" > "$name.json"
    shift 4
    "$K" eval "$name.rules" "$name.json" --format ndjson "$@" > "$name.out" 2> "$name.err"
    # the run's summary line is pinned by the golden cases, not here
    sed -i -E '/^kaohe: [^ ]+: [0-9]+ records?: [0-9]+ evaluated, [0-9]+ refused, [0-9]+ roster checks? failed/d' "$name.err"
    [ "$(cat "$name.out")" = "$want" ] || fail "$name: got
$(cat "$name.out")
expected
$want"
}

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
# nothing to share out (0 or less): everyone 0
run ap-zero "$AP" "$APIN" '{"id":"C","share":0}
{"id":"A","share":0}
{"id":"B","share":0}
{"id":"D","share":0}' --set pool=0
run ap-negative-pool "$AP" "$APIN" '{"id":"C","share":0}
{"id":"A","share":0}
{"id":"B","share":0}
{"id":"D","share":0}' --set pool=-3
# all weights 0: everyone 0
run ap-no-weight "$AP" '[{"id":"C","w":0},{"id":"A","w":0}]' '{"id":"C","share":0}
{"id":"A","share":0}'
# a negative weight refuses that record; C has the whole pool
run ap-negative-weight "$AP" '[{"id":"C","w":1},{"id":"A","w":-1}]' '{"id":"C","share":5}
{"id":"A","record":2,"error":"a weight for apportion is negative (ap-negative-weight.rules:5:32)"}'
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
# a pool that differs from record to record refuses the record that differs
run ap-pools-differ "$APM" '[{"id":"C","w":1,"p":10},{"id":"A","w":1,"p":11}]' '{"id":"C","share":10.00}
{"id":"A","record":2,"error":"the pool to apportion differs between records of one roster"}'
# a pool of a tenth of a cent cannot be shared out to the cent
run ap-not-cents "param pool = 10.005 yuan
input:
    id: text, key
    w: integer
output share = apportion(pool, w over roster, ties by id)
" '[{"id":"C","w":1}]' '{"id":"C","record":1,"error":"the pool to apportion (10.005) is not a whole number of cents in share (ap-not-cents.rules:5:16)"}'

# ---- totals, empty selections ------------------------------------------------------------------
OV="input:
    id: text, key
    w: integer
output s = sum(w * 10 over roster)
"
# 9e18 + 9e18 does not fit: every record of the roster is refused (the input
# holds 9e17, within the spec's range of numbers below 10^18)
run sum-overflow "$OV" '[{"id":"C","w":900000000000000000},{"id":"A","w":900000000000000000}]' \
    '{"id":"C","record":1,"error":"the roster'"'"'s total overflows in s (sum-overflow.rules:4:12)"}
{"id":"A","record":2,"error":"the roster'"'"'s total overflows in s (sum-overflow.rules:4:12)"}'
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
# A (x = 0) is refused where 10 / x is needed; B is evaluated without it
XB='{"id":"A","x":0}
{"id":"B","x":2}'
XP="input:
    id: text, key
    x: integer
"
run pass-filter "${XP}output c = count(roster where 10 / x > 1)
" "$XB" '{"id":"A","record":1,"error":"division by zero (pass-filter.rules:4:31)"}
{"id":"B","c":1}'
run pass-value "${XP}output s = sum(10 / x over roster)
" "$XB" '{"id":"A","record":1,"error":"division by zero (pass-value.rules:4:16)"}
{"id":"B","s":5}'
run pass-pool "${XP}output s = apportion(floor(10 / x), 1 over roster, ties by id)
" "$XB" '{"id":"A","record":1,"error":"division by zero (pass-pool.rules:4:28)"}
{"id":"B","s":5}'
# a tie key that cannot be worked out (A's): the apportion fails for all
run pass-tie "${XP}output s = apportion(10, 1 over roster, ties by floor(10 / x))
" '{"id":"A","x":0}
{"id":"B","x":2}
{"id":"C","x":2}' '{"id":"A","record":1,"error":"the tie-break key of an apportion could not be worked out in s (pass-tie.rules:4:12)"}
{"id":"B","record":2,"error":"the tie-break key of an apportion could not be worked out in s (pass-tie.rules:4:12)"}
{"id":"C","record":3,"error":"the tie-break key of an apportion could not be worked out in s (pass-tie.rules:4:12)"}'
DP="input:
    id: text, key
    deals: list of record
        c: integer
        seq: integer
"
run pass-first-key "${DP}output n = count(deals where first in roster for 10 / c by (seq, id))
" '{"id":"A","deals":[{"c":0,"seq":1}]}
{"id":"B","deals":[{"c":1,"seq":1}]}' '{"id":"A","record":1,"error":"division by zero (pass-first-key.rules:6:50)"}
{"id":"B","n":1}'
run pass-first-order "${DP}output n = count(deals where first in roster for c by (10 / seq, id))
" '{"id":"A","deals":[{"c":1,"seq":0}]}
{"id":"B","deals":[{"c":1,"seq":1}]}' '{"id":"A","record":1,"error":"division by zero (pass-first-order.rules:6:56)"}
{"id":"B","n":1}'

# ---- checks ----------------------------------------------------------------------------------------
# a check that cannot be worked out (the mean of nothing) counts as failed
run check-unworkable "${XP}output o = x
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
run check-two-counts "$LP" '{"id":"A","late":2}
{"id":"B","late":3}
{"id":"C","late":1}' '{"id":"A","o":2}
{"id":"B","o":3}
{"id":"C","o":1}
{"check_failed":"few late","roster":null,"ids":["A","B","C"]}'
[ "$(cat check-two-counts.err)" = "check-two-counts.json: error: check failed: few late; records involved: A, B, C" ] || fail "check-two-counts: $(cat check-two-counts.err)"
# records without a key: none can be named
run check-no-key "roster by t
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
run ledger-overflow "input:
    id: text, key
    n: integer
output l = ledger from 0:
    \"a\" +9000000000000000000 per n
" '{"id":"A","n":2}
{"id":"B","n":1}' '{"id":"A","record":1,"error":"the result is too large to represent exactly (overflow) in l (ledger-overflow.rules:5:10)"}
{"id":"B","l":9000000000000000000}'
run list-compare "input:
    id: text, key
    xs: list of integer
output same = xs = [1, 2]
output has = 2 in xs
" '{"id":"A","xs":[1,2]}
{"id":"B","xs":[1]}' '{"id":"A","same":true,"has":true}
{"id":"B","same":false,"has":false}'
run list-sum-overflow "input:
    id: text, key
    xs: list of integer
output s = sum(xs)
" '{"id":"A","xs":[999999999999999999,999999999999999999,999999999999999999,999999999999999999,999999999999999999,999999999999999999,999999999999999999,999999999999999999,999999999999999999,999999999999999999]}' \
    '{"id":"A","record":1,"error":"the result is too large to represent exactly (overflow) in s (list-sum-overflow.rules:4:12)"}'

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
    "$K" eval jobs.rules jobs.json --format $f > one.$f 2> one.err
    rc1=$?
    "$K" eval jobs.rules jobs.json --format $f --jobs 3 > three.$f 2> three.err
    rc3=$?
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
