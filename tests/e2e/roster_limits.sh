#!/usr/bin/env bash
# Roster functions with no silent caps, and lazy on the shipped policy:
# - a chain of 130 roster functions, each reading the one before (the phase
#   was an 8-bit number that wrapped at 128: every record failed with an
#   internal error); the longest chain the nesting bound allows (499)
#   evaluates, and longer ones are located errors;
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
# The longest chain that can be evaluated is set by the nesting bound
# (KH_MAX_NEST = 1000 levels), not by the phases: each link
# m_i = max(m_(i-1) over roster) is two levels (the function, the value it
# reads) and the output one more: top = m499 is 999 levels deep and
# evaluates; top = m500 is 1001, a located error at the output (line 505 =
# 4 lines of schema + the blank line + m1..m500).
short() {
    printf 'input:\n    id: text, key\n    x:  integer\n\nm1 = max(x over roster)\n'
    for ((i = 2; i <= $1; i++)); do printf 'm%d = max(m%d over roster)\n' $i $((i - 1)); done
    printf 'output top = m%d\n' $1
}
short 499 > $T/c499.rules
$K eval $T/c499.rules $T/two.json --format ndjson > $T/out 2> $T/err || fail "chain of 499: exit $?: $(head -c 300 $T/err)"
[ "$(cat $T/out)" = $'{"id":"A","top":2}\n{"id":"B","top":2}' ] || fail "chain of 499: $(head -c 300 $T/out)"
short 500 > $T/c500.rules
set +e; $K check $T/c500.rules > /dev/null 2> $T/err; rc=$?; set -e
[ $rc = 3 ] || fail "chain of 500: exit status $rc, expected 3"
grep -q "c500.rules:505:8: error: definitions depend on each other too deeply: working out 'top' goes 1001 levels deep (at most 1000)" $T/err \
    || fail "chain of 500: $(head -c 300 $T/err)"
# A chain of more than 1000 phases is refused by its own message, at the
# function that ends it (line 1005), before the nesting is worked out.
short 1001 > $T/c1001.rules
set +e; $K check $T/c1001.rules > /dev/null 2> $T/err; rc=$?; set -e
[ $rc = 3 ] || fail "chain of 1001: exit status $rc, expected 3"
grep -q "c1001.rules:1005:9: error: this roster function ends a chain of more than 1000 roster functions" $T/err \
    || fail "chain of 1001: $(head -c 300 $T/err)"
[ "$(grep -c ': error: ' $T/err)" = 1 ] || fail "chain of 1001: one mistake, one message: $(head -c 600 $T/err)"

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
