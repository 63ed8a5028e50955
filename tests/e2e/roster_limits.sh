#!/usr/bin/env bash
# Roster functions with no silent caps, and lazy on the shipped policy:
# - a chain of 130 roster functions, each reading the one before (the phase
#   was an 8-bit number that wrapped at 128: every record failed with an
#   internal error); a chain of 1001 is a located error (the bound is 1000);
# - --set with a misspelt name offers the 600th param (the suggestions
#   looked at the first 512 only);
# - June under the shipped policy gives the same results whatever
#   company_profit is: the dividend pool is worked out only in December.
set -eu
K=${KAOHE:-./kaohe}; P=rules/customer-service-2014.rules
T=$(mktemp -d); trap 'rm -rf "$T"' EXIT
fail() { echo "roster_limits: $*"; exit 1; }

# m1 = the highest x; m_i = the highest x not above m_(i-1): all equal the
# highest x (2 for A = 1, B = 2).
chain() {
    printf 'input:\n    id: text, key\n    x:  integer\n\nm1 = max(x over roster)\n'
    for ((i = 2; i <= $1; i++)); do printf 'm%d = max(x over roster where x <= m%d)\n' $i $((i - 1)); done
    printf 'output top = m%d\n' $1
}
echo '[{"id": "A", "x": 1}, {"id": "B", "x": 2}]' > $T/two.json
chain 130 > $T/c130.rules
$K eval $T/c130.rules $T/two.json --format ndjson > $T/out 2> $T/err || fail "chain of 130: exit $?: $(head -c 300 $T/err)"
[ "$(cat $T/out)" = $'{"id":"A","top":2}\n{"id":"B","top":2}' ] || fail "chain of 130: $(head -c 300 $T/out)"
chain 1000 > $T/c1000.rules
$K eval $T/c1000.rules $T/two.json --format ndjson > $T/out 2> $T/err || fail "chain of 1000: exit $?"
[ "$(cat $T/out)" = $'{"id":"A","top":2}\n{"id":"B","top":2}' ] || fail "chain of 1000: $(head -c 300 $T/out)"
chain 1001 > $T/c1001.rules
set +e; $K check $T/c1001.rules > /dev/null 2> $T/err; rc=$?; set -e
[ $rc = 3 ] || fail "chain of 1001: exit status $rc, expected 3"
# line 1005 = 4 lines of schema + the blank line + m1..m1001
grep -q "c1001.rules:1005:9: error: this roster function ends a chain of more than 1000 roster functions" $T/err \
    || fail "chain of 1001: $(head -c 300 $T/err)"

{
    printf 'input:\n    id: text, key\n\n'
    for ((i = 1; i < 600; i++)); do printf 'param level_%03d = %d\n' $i $i; done
    printf 'param commission_rate = 8%%\n\noutput rate = commission_rate\n'
} > $T/params.rules
set +e; $K eval $T/params.rules $T/two.json --set comission_rate=10% > /dev/null 2> $T/err; rc=$?; set -e
[ $rc = 2 ] || fail "--set with a misspelt name: exit status $rc, expected 2"
grep -q "did you mean 'commission_rate'" $T/err || fail "no suggestion for the 600th param: $(cat $T/err)"

$K eval $P examples/roster-2014-06.json > $T/june 2> $T/june.err || [ $? = 1 ]
$K eval $P examples/roster-2014-06.json --set company_profit=92233720368547758.07 > $T/june2 2> $T/june2.err || [ $? = 1 ]
cmp -s $T/june $T/june2 || fail "June depends on company_profit: $(diff $T/june $T/june2 | head -5)"
cmp -s $T/june.err $T/june2.err || fail "June's messages depend on company_profit: $(diff $T/june.err $T/june2.err | head -5)"
echo "roster_limits: ok"
