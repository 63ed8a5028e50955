#!/usr/bin/env bash
# kaohe explain walking every kind of node it shows (README, the explain row of
# the command table), on one small policy whose values are worked out by hand:
# each row kind of a tier (N or more, N or less, above, below, equal to,
# otherwise), a when's first branch and its otherwise, an if, a ledger's
# plain, `per` and `when` entries (one that did not apply shown only with
# --all), a roster max held by more than ten records (the first ten named,
# "and 1 more"; --private names none), a roster min, a count over `this.`,
# apportion, `first in roster` (who entered a key first; --private names no
# one), a list of more than 50 entries (50 shown, the rest counted), a param
# with a label, --depth 1 (a tier, a when and a ledger named by their size),
# and --format json.
set -u
. "$(dirname "$0")/lib/expect.sh"
. "$(dirname "$0")/lib/exits.sh"
. "$(dirname "$0")/lib/scratch.sh"
cd "$T"

cat > p.rules <<'EOF'
policy "explain walk"

param bonus_rate "奖金比例" = 10%
param plain_amt = 5

input:
    id: text, key
    calls: integer
    deals: list of record
        customer: text
        amount: integer
        paid: boolean
    visits: list of integer

band = tier calls:
    100 or more -> 4
    80 or less  -> 1
    above 90    -> 3
    below 85    -> 2
    87          -> 5
    otherwise   -> 0

kind = when:
    calls >= 100 -> "big"
    calls >= 90  -> "mid"
    otherwise    -> "small"

half = if calls > 50 then 1 else 0

paid_sum = sum(amount over deals where paid)
visit_count = count(visits where each >= 3)
top_calls = max(calls over roster)
low_calls = min(calls over roster)
firsts = count(deals where first in roster for customer by (amount, id))
share = apportion(100 yuan, calls over roster, ties by id)
below_me = count(calls over roster where calls < this.calls)
mini = ledger from 0 points:
    "one" +1

output score = ledger from 10 points:
    "band"        +band
    "per visit"   +1 per visit_count
    "is big"      +5 when kind = "big"
    "half"        +half
    "top"         +2 when calls = top_calls
    "plain"       +plain_amt

output pay = round(paid_sum * bonus_rate, 2)
output fs = firsts
output knd = kind
output bd = band
output sh = share
output bm = below_me + low_calls + mini
EOF

# A01..A12 with these calls; each has a deal for C1 (amount 10 + its index
# from 0, so A01's is the smallest and A01 enters C1 first) and one for its own
# customer C<index+2>, paid on even indexes; visits 1, 3, 5, 2 (two of them 3
# or more).  A01 has 58 more deals X0..X57 (60 in all).  B00..B09: 120 calls,
# nothing else, so 120 is held by A01 and the ten B records.
calls=(120 95 87 83 70 88 91 60 61 62 63 64)
{
    echo '['
    for i in "${!calls[@]}"; do
        paid=false; [ $((i % 2)) = 0 ] && paid=true
        extra=
        if [ "$i" = 0 ]; then
            for j in $(seq 0 57); do
                p=false; [ $((j % 2)) = 0 ] && p=true
                extra="$extra, {\"customer\": \"X$j\", \"amount\": 1, \"paid\": $p}"
            done
        fi
        printf '{"id": "A%02d", "calls": %d, "deals": [{"customer": "C1", "amount": %d, "paid": true}, {"customer": "C%d", "amount": 5, "paid": %s}%s], "visits": [1, 3, 5, 2]},\n' \
            $((i + 1)) "${calls[$i]}" $((10 + i)) $((i + 2)) "$paid" "$extra"
    done
    for j in $(seq 0 9); do
        sep=,; [ "$j" = 9 ] && sep=
        printf '{"id": "B%02d", "calls": 120, "deals": [], "visits": []}%s\n' "$j" "$sep"
    done
    echo ']'
} > r.json

ex() { local id=$1; shift; exits 0 "$K" explain p.rules r.json --id "$id" "$@" > out 2> err; }

# ---- each row kind of the tier, the when's branches, the if ------------------
ex A01 score;  has out 'row "100 or more -> 4" matched' 'A01 (120 calls): the first row'
               has out 'branch "calls >= 100" applies (the first that does)' 'A01: the first branch'
ex A05 score;  has out 'row "80 or less -> 1" matched' 'A05 (70): 80 or less'
ex A07 score knd;  has out 'row "above 90 -> 3" matched' 'A07 (91): above 90'
               has out 'branch "calls >= 90" applies' 'A07: the second branch'
ex A04 score;  has out 'row "below 85 -> 2" matched' 'A04 (83): below 85'
ex A03 score;  has out 'row "equal to 87 -> 5" matched' 'A03 (87): equal to 87'
               has out 'calls > 50 is true' 'A03: the if'
ex A06 score knd bd;  has out 'row "otherwise -> 0" matched' 'A06 (88): none of the rows above'
               has out 'no branch above applies: otherwise' 'A06: the when falls to otherwise'
# ---- the ledger: 10 + band 0 + 2 visits + 0 + half 1 + top 0 + plain 5 = 18
has out '+1 × 2 (visit_count)' 'A06: a per entry, 2 visits of 3 or more'
has out 'entry 2         counted   3' 'A06: a visit of 3 counted'
has out 'entry 1         not counted   1' 'A06: a visit of 1 not counted'
grep -q 'is big' out && fail "A06: the entry 'is big' did not apply, shown without --all"
ex A06 score --all
has out '+5 when kind = "big" — no' 'A06 --all: the when entry that did not apply'
grep -qE '^score +18 ' out || fail "A06: score 18 (10 + 0 + 2 + 0 + 1 + 0 + 5): $(head -5 out)"

# ---- a roster max held by 11 records, a min held by one; --private -----------
ex A01 score
has out 'the highest in the roster, held by A01, B00, B01, B02, B03, B04, B05, B06, B07, B08 and 1 more' 'A01: the max of 120'
ex A01 score --private
has out 'the highest in the roster; this record holds it: yes' 'A01 --private: the max, no one named'
grep -q 'B00' out && fail "A01 --private: another agent's id shown"
# min over 120, 95, 87, 83, 70, 88, 91, 60, 61, 62, 63, 64, 120...: 60, A08's
# A03 (87): below it 83, 70, 60, 61, 62, 63, 64: 7; bm = 7 + 60 + 1 = 68
ex A03 bm
has out 'the lowest in the roster, held by A08' 'A03: the min of 60'
has out "each entry compared with this record's own values (this.)" 'A03: a count over this.'
grep -qE '^bm +68 ' out || fail "A03: bm = 7 + 60 + 1 = 68: $(head -5 out)"
ex A03 bm --private
has out 'the lowest in the roster; this record holds it: no' 'A03 --private: the min, not its own'

# ---- apportion, first in roster ---------------------------------------------
ex A03 sh
has out "this record's share; cents left over go to the largest remainders" 'A03: apportion'
ex A03 fs
has out 'entered first by A01' 'A03: C1 entered first by A01 (amount 10, the smallest)'
has out 'this record entered it first' "A03: C4 is its own"
ex A03 fs --private
has out 'another record entered it first' 'A03 --private: C1 entered by another, unnamed'
grep -q 'A01' out && fail "A03 --private: A01 named"
# A01's 60 deals: 50 entries shown, then the 10 more; its keys are all its own
ex A01 fs
has out 'entry 50 ' 'A01: the 50th entry shown'
grep -q 'entry 51 ' out && fail 'A01: a 51st entry shown'
has out '... and 10 more entries' 'A01: the 10 entries past 50 counted'
has out 'deals                                         60 entries   input' 'A01: 60 deals'

# ---- a labelled param, --depth 1, --format json ------------------------------
# A02: paid deals C1 (11); C3 unpaid: 11 × 10% = 1.1
ex A02 pay
has out 'param: 奖金比例' 'A02: the label of bonus_rate'
ex A01 score bm --depth 1
has out 'tier calls: 6 rows' 'A01 --depth 1: a tier by its size'
has out 'when: 3 branches' 'A01 --depth 1: a when by its size'
has out 'ledger from 0 points: 1 entry' 'A01 --depth 1: a ledger by its size'
grep -q 'matched' out && fail 'A01 --depth 1: a row shown below depth 1'
ex A02 pay --format json
has out '{"id":"A02","outputs":[{"name":"pay","value":"1.1"' 'A02 json: pay 1.1'
has out '"value":"not counted","note":"customer=C3, amount=5, paid=false","applied":false' 'A02 json: the unpaid deal'

# ---- a second policy: roster values no record reads, a money ledger whose
# entry compares with a roster max, an unlabelled param and dated param, an
# empty list, --depth 0 (no limit)
cat > q.rules <<'EOF'
policy "explain walk 2"

roster by period

param plain_amt = 5
param rate = 5% from 2014-07

input:
    id: text, key
    period: month
    calls: integer
    deals: list of record
        customer: text
        amount: integer

none_max = max(calls over roster where calls > 1000)
unused_min = min(calls over roster)
unused_first = count(deals where first in roster for customer by (amount, id))

output nm = if calls > 1000 then none_max else 0
output bonus = ledger from 0 yuan:
    "top" +2 yuan when calls = max(calls over roster)
output pay2 = calls * plain_amt
output dsum = sum(amount over deals)
output rated = calls * rate
EOF
cat > q.json <<'EOF'
[{"id": "Q1", "period": "2014-07", "calls": 10, "deals": [{"customer": "C1", "amount": 3}]},
 {"id": "Q2", "period": "2014-07", "calls": 1, "deals": []}]
EOF
qx() { local id=$1; shift; exits 0 "$K" explain q.rules q.json --id "$id" "$@" > out 2> err; }
# no record has more than 1000 calls, so none reads none_max; no output reads
# unused_min or unused_first: each is named, not worked out
qx Q1 none_max unused_min unused_first
n=$(grep -c '(not needed)   no record of the roster reads it: not worked out' out)
[ "$n" = 3 ] || fail "Q1: none_max, unused_min, unused_first not worked out: $n of 3: $(cat out)"
# Q1 holds the max of 10 and 1: +2 yuan, money in cents
qx Q1 bonus
has out 'from 0 yuan                0.00' 'Q1: a money ledger starts at 0.00'
has out '+2.00   +2 yuan when calls = max(calls over roster)' 'Q1: the entry'
has out 'the highest in the roster, held by Q1' 'Q1: the roster max under the entry'
# 10 × 5 = 50; 10 × 5% = 0.5
qx Q1 pay2 rated
grep -qE '^pay2 +50 ' out || fail "Q1: pay2 = 10 × 5 = 50: $(cat out)"
grep -qE '^├─ calls +10 +input' out || fail "Q1: calls 10: $(cat out)"
grep -qE '└─ plain_amt +5 +param$' out || fail "Q1: an unlabelled param, named as a param only: $(cat out)"
has out 'param, dated: 5% from 2014-07; 5% from 2014-07 applies to 2014-07' 'Q1: an unlabelled dated param'
# Q2 has no deals: its sum is 0 and no entries are listed
qx Q2 dsum
grep -qE '^dsum +0 ' out || fail "Q2: the sum over no deals: $(cat out)"
grep -q 'entries of' out && fail "Q2: entries of an empty list listed: $(cat out)"
# --depth 0: no limit, the roster max below the ledger entry shown
qx Q1 bonus --depth 0
has out 'held by Q1' 'Q1 --depth 0: the whole tree'
echo "cov_explain_walk: ok"
