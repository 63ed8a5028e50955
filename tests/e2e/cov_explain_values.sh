#!/usr/bin/env bash
# kaohe explain on what the README promises, worked out by hand for
# tests/e2e/cov_explain_values (A: senior, visits 12, 5, 10, deals c1..c55
# of amounts 1..55; B: junior, no visits, one deal c1 of amount 0):
# - display values beside the code: `senior (高级)`, `0.5 (50%)` (busy 2 / 4);
# - each entry of a count over a list of numbers, counted or not (12 and 10
#   are >= 10, 5 is not);
# - first in roster by (amount, id): B's c1 (amount 0) comes before A's (1),
#   so A enters 54 of its 55 customers first, B its one; c1 is "entered
#   first by B" for A, but with --private no other agent's id is shown;
#   explain lists 50 entries and says how many more (5);
# - a count over the roster (one senior).
set -eu
. tests/e2e/lib/exits.sh
. tests/e2e/lib/expect.sh
K=${KAOHE:-./kaohe}
D=tests/e2e/cov_explain_values
T=$(mktemp -d); trap 'rm -rf "$T"' EXIT
export NO_COLOR=1

# line FILE REGEX WHAT: a line of FILE matches REGEX (extended)
line() { grep -qE -- "$2" "$1" || { echo "--- $1:"; cat "$1"; fail "$3: no line matches $2"; }; }

exits 0 $K explain $D/policy.rules $D/agents.json --id A > $T/a 2> $T/err
line $T/a '^level +senior \(高级\) ' "A's grade shown with its label"
line $T/a '^ratio +0\.5 \(50%\) ' "A's ratio shown as a per cent"
line $T/a '^busy +2 ' "A's busy weeks"
line $T/a 'entry 1 +counted +12$' "visits: 12 counted"
line $T/a 'entry 2 +not counted +5$' "visits: 5 not counted"
line $T/a 'entry 3 +counted +10$' "visits: 10 counted"
line $T/a '^firsts +54 ' "A enters 54 customers first"
line $T/a 'entry 1 +not counted +customer=c1, amount=1$' "deals: c1 not A's"
line $T/a 'entry 2 +counted +customer=c2, amount=2$' "deals: c2 A's"
line $T/a '─ c1 +no +entered first by B$' "c1 entered first by B"
line $T/a '─ c2 +yes +this record entered it first$' "c2 entered first by A"
[ "$(grep -c -- '... and 5 more entries' $T/a)" = 2 ] || fail "A: 50 entries of 55 listed, twice (the deals, their keys), then 5 more: $(grep -c -- 'more entries' $T/a)"
grep -qE '─ c51 ' $T/a && fail "A: more than 50 keys listed"
line $T/a '^seniors +1 ' "one senior"
line $T/a 'count\(roster where grade = "senior"\) +1 +over the roster$' "the roster count"

exits 0 $K explain $D/policy.rules $D/agents.json --id A firsts --private > $T/p 2> $T/err
line $T/p '─ c1 +no +another record entered it first$' "--private: c1 another's"
grep -qw B $T/p && fail "--private: B named: $(grep -w B $T/p)"

exits 0 $K explain $D/policy.rules $D/agents.json --id B > $T/b 2> $T/err
line $T/b '^level +junior \(初级\) ' "B's grade shown with its label"
line $T/b '^ratio +0 \(0%\) ' "B's ratio"
line $T/b '^firsts +1 ' "B enters its one customer first"
line $T/b '─ c1 +yes +this record entered it first$' "c1 entered first by B"
grep -q 'entries of visits' $T/b && fail "B: entries listed for an empty list"
echo "cov_explain_values: display values, list entries and first-in-roster keys explained as worked out"
