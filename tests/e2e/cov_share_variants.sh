#!/usr/bin/env bash
# kaohe diff OLD NEW on pairs of policies that differ in one thing each: an
# operator, a field read, a tier row, a when branch, a builtin, a constant's
# type, a param's value or dated values, a text, a roster function, an
# apportion's pool or weights, a check, the input schema, the numbering
# (definitions, params, trace slots, key, output order, names).  Where the
# two sides have the same shape, diff works out once what is alike on both
# (src/engine/pair_share.c): whatever it shares, each output's old and new
# value must be its own side's.  The old side is cov_share/base.rules (its
# values worked out by hand in its header); each case gives the sed edit
# that makes the new side and the rows of `diff --format csv` (outputs only,
# not ledger entries) worked out by hand from that edit.  An edit that
# changes nothing in the results must give no row.
set -eu
. tests/e2e/lib/exits.sh
. tests/e2e/lib/expect.sh
K=${KAOHE:-./kaohe}
D=tests/e2e/cov_share
T=$(mktemp -d); trap 'rm -rf "$T"' EXIT
n=0

# variant NAME SED-SCRIPT: the expected rows on standard input.  The edit
# is made to base.rules and to roster.rules: the new side includes its own
# copy of roster.rules only when the edit changes it (both sides include
# the one $T/roster.rules otherwise).
variant() {
    local name=$1 edit=$2
    cp $D/base.rules $D/roster.rules $T/
    sed -e "$edit" $D/base.rules > $T/new.rules
    sed -e "$edit" $D/roster.rules > $T/new-roster.rules
    if ! cmp -s $D/roster.rules $T/new-roster.rules; then
        sed -i 's/^include "roster.rules"/include "new-roster.rules"/' $T/new.rules
    elif cmp -s $D/base.rules $T/new.rules; then
        fail "$name: the edit changes nothing in the policy"
    fi
    cat > $T/want
    exits 0 $K diff $T/base.rules $T/new.rules $D/agents.json --format csv > $T/got.csv 2> $T/err
    # outputs only (an empty entry column), without the BOM and the header
    sed '1d' $T/got.csv | tr -d '\r' | awk -F, '$3 == ""' > $T/got
    cmp -s $T/got $T/want || { echo "--- $name: got"; cat $T/got; echo "--- expected"; cat $T/want; fail "$name: the changes differ"; }
    n=$((n + 1))
}

# ---- one node differs: the definitions that read it change ----------------
# an operator: base = sales + 2 (12, 22, 32): pay 13, 24, 40
variant operator 's/^base = sales \* 2$/base = sales + 2/' <<'E'
A,pay,,21,13,-8
B,pay,,42,24,-18
C,pay,,68,40,-28
E
# another field: base = calls * 2 (2, 6, 10): pay 3, 8, 18
variant field 's/^base = sales \* 2$/base = calls * 2/' <<'E'
A,pay,,21,3,-18
B,pay,,42,8,-34
C,pay,,68,18,-50
E
# a constant of another type: base = sales * 2.5 (25, 50, 75): pay 26, 52, 83
variant constant-type 's/^base = sales \* 2$/base = sales * 2.5/' <<'E'
A,pay,,21,26,+5
B,pay,,42,52,+10
C,pay,,68,83,+15
E
# a tier row's comparison: C's 30 is not above 30, level 2: pay 67
variant tier-row-op 's/^    30 or more -> 3$/    above 30 -> 3/' <<'E'
C,pay,,68,67,-1
E
# a tier row's threshold: A's 10 is 10 or more, level 2: pay 22
variant tier-threshold 's/^    20 or more -> 2$/    10 or more -> 2/' <<'E'
A,pay,,21,22,+1
E
# one more when branch: team y is 3 (B)
variant when-branch '/^    otherwise -> 2$/i\    team = "y" -> 3' <<'E'
B,kind,,2,3,+1
E
# a when condition written otherwise, true for the same records: nothing
variant when-same-meaning 's/^    team = "x" -> 1$/    team != "y" -> 1/' <<'E'
E
# another builtin over a list: count of the paid deals (1, 1, 0)
variant builtin 's/^output paid = sum(amount over deals where paid)$/output paid = count(deals where paid)/' <<'E'
A,paid,,5,1,-4
B,paid,,4,1,-3
E
# a param's value: the top seller's bonus 7 (C)
variant param 's/^param bonus = 5$/param bonus = 7/' <<'E'
C,pay,,68,70,+2
E
# a dated param's change a month earlier: June takes 20%
variant dated-from 's/10% until 2014-06, 20% from 2014-07/10% until 2014-05, 20% from 2014-06/' <<'E'
A,commission,,1,2,+1
B,commission,,2,4,+2
C,commission,,3,6,+3
E
# a dated param's later value (July): June's records keep 10%
variant dated-later-value 's/20% from 2014-07/30% from 2014-07/' <<'E'
E
# one more dated value, from 2015: June keeps 10%
variant dated-one-more 's/20% from 2014-07$/20% from 2014-07, 30% from 2015-01/' <<'E'
E
# one value for every month (June's 10%): nothing
variant dated-to-plain 's/^param rate = .*$/param rate = 10%/' <<'E'
E
# a text of another length, and one of the same length
variant text-length 's/"busy"/"active"/' <<'E'
B,flag,,busy,active,
C,flag,,busy,active,
E
variant text-same-length 's/"calm"/"cool"/' <<'E'
A,flag,,calm,cool,
E
# rounding to 1 place: 5/3 is 1.7
variant round-places 's/^output mix = round(abs(sales - 25) \/ 3, 2)$/output mix = round(abs(sales - 25) \/ 3, 1)/' <<'E'
B,mix,,1.67,1.7,+0.03
C,mix,,1.67,1.7,+0.03
E
# truncating instead: 5/3 is 1.66
variant round-mode 's/^output mix = round(/output mix = truncate(/' <<'E'
B,mix,,1.67,1.66,-0.01
C,mix,,1.67,1.66,-0.01
E
# without abs: A -15/3 = -5, B -5/3 = -1.67 (half away from zero)
variant no-abs 's/round(abs(sales - 25) \/ 3, 2)/round((sales - 25) \/ 3, 2)/' <<'E'
A,mix,,5,-5,-10
B,mix,,1.67,-1.67,-3.34
E

# ---- roster values ----------------------------------------------------------
# the smallest sales is the top: A takes the bonus, C loses it
variant roster-function 's/^top = max(sales over roster)$/top = min(sales over roster)/' <<'E'
A,pay,,21,26,+5
C,pay,,68,63,-5
E
# a pool of 120 yuan: 20, 40, 60 (net follows for B and C)
variant apportion-pool 's/^param pool = 90 yuan$/param pool = 120 yuan/' <<'E'
A,bonus_pay,,16.00,21.00,+5.00
A,share,,15.00,20.00,+5.00
B,bonus_pay,,33.00,43.00,+10.00
B,net,,30.00,40.00,+10.00
B,share,,30.00,40.00,+10.00
C,bonus_pay,,50.00,65.00,+15.00
C,net,,45.00,60.00,+15.00
C,share,,45.00,60.00,+15.00
E
# shared by calls 1:3:5: 10, 30, 50
variant apportion-weights 's/apportion(pool, sales over roster/apportion(pool, calls over roster/' <<'E'
A,bonus_pay,,16.00,11.00,-5.00
A,share,,15.00,10.00,-5.00
C,bonus_pay,,50.00,55.00,+5.00
C,net,,45.00,50.00,+5.00
C,share,,45.00,50.00,+5.00
E
# who reads a share: calls > 0 takes A in
variant share-reader-condition 's/^output net = if calls > 2 then/output net = if calls > 0 then/' <<'E'
A,net,,0.00,15.00,+15.00
E
# what a share is worked into: one yuan more for B and C
variant share-reader-value 's/max(share, 0 yuan)/max(share + 1 yuan, 0 yuan)/' <<'E'
B,net,,30.00,31.00,+1.00
C,net,,45.00,46.00,+1.00
E
# twice the share: B 60.00, C 90.00
variant share-reader-operator 's/max(share, 0 yuan)/max(share * 2, 0 yuan)/' <<'E'
B,net,,30.00,60.00,+30.00
C,net,,45.00,90.00,+45.00
E
# the shares are whole yuan: truncated, rounded to 1 place or floored at
# 1 yuan they are the same
variant share-reader-round-mode 's/round(max(share/truncate(max(share/' <<'E'
E
variant share-reader-round-places 's/max(share, 0 yuan), 2)/max(share, 0 yuan), 1)/' <<'E'
E
variant share-reader-one-more-term 's/max(share, 0 yuan)/max(share, 0 yuan, 1 yuan)/' <<'E'
E
# no longer reading the share: 15 yuan for B and C
variant share-not-read 's/max(share, 0 yuan)/max(15 yuan, 0 yuan)/' <<'E'
B,net,,30.00,15.00,-15.00
C,net,,45.00,15.00,-30.00
E
# a ledger that reads the share: an entry's sign (A 14, B 27, C 40) and its
# amount (A 17, B 36, C 55)
variant share-ledger-entry-op 's/^    "calls" +1 yuan per calls$/    "calls" -1 yuan per calls/' <<'E'
A,bonus_pay,,16.00,14.00,-2.00
B,bonus_pay,,33.00,27.00,-6.00
C,bonus_pay,,50.00,40.00,-10.00
E
variant share-ledger-entry-amount 's/^    "calls" +1 yuan per calls$/    "calls" +2 yuan per calls/' <<'E'
A,bonus_pay,,16.00,17.00,+1.00
B,bonus_pay,,33.00,36.00,+3.00
C,bonus_pay,,50.00,55.00,+5.00
E
# a first in roster ordered by id alone: the amounts all differ, the same firsts
variant first-order 's/first in roster for amount by (amount, id))$/first in roster for amount by (id))/' <<'E'
E
# unpaid deals counted too: A's 7 is first of its amount (2)
variant first-filter 's/^output newc = count(deals where paid and first in roster/output newc = count(deals where first in roster/' <<'E'
A,newc,,1,2,+1
E
# mix shown as a per cent: the same values
variant percent-output 's/^output mix = /output mix: percent = /' <<'E'
E
# a check's name and its bound: every result the same
variant check-name 's/^check "one top"/check "a single top"/' <<'E'
E
variant check-bound 's/count(roster where is_top) <= 1$/count(roster where is_top) <= 2/' <<'E'
E

# a check of the params alone, its name and its bound: every result the same
variant params-check-name 's/^check "a bonus for the top"/check "some bonus for the top"/' <<'E'
E
variant params-check-bound 's/bonus > 0$/bonus > 1/' <<'E'
E

# ---- the input schema, read alike --------------------------------------------
variant field-label 's/^    sales: integer/    sales "销售额": integer/' <<'E'
E
variant field-bound 's/^    sales: integer, at least 0$/    sales: integer, at least 1/' <<'E'
E
variant field-default 's/default 0$/default 1/' <<'E'
E
variant enum-values 's/one of "x", "y"$/one of "x", "y", "z"/' <<'E'
E
variant nested-field 's/^        amount: integer$/        amount: integer, at least 0/' <<'E'
E
variant field-type 's/^    sales: integer, at least 0$/    sales: decimal, at least 0/' <<'E'
E
variant field-strict-bound 's/^    sales: integer, at least 0$/    sales: integer, more than -1/' <<'E'
E
variant field-upper-bound 's/^    sales: integer, at least 0$/    sales: integer, within 0..100/' <<'E'
E
variant list-entries 's/^    deals: list of record$/    deals: list of record, at most 5 entries/' <<'E'
E
variant one-more-field '/^    team:/a\    spare: integer, default 0' <<'E'
E
variant nested-one-more-field '/^        paid: boolean$/a\        note: text, default ""' <<'E'
E
# a comprehension inside another: true wherever the outer one looks
variant nested-comprehension 's/^output paid = sum(amount over deals where paid)$/output paid = sum(amount over deals where paid and count(deals where paid) > 0)/' <<'E'
E
variant field-optional 's/^    calls: integer, at least 0, default 0$/    calls: integer, at least 0, optional/' <<'E'
E
variant field-strict-upper-bound 's/^    sales: integer, at least 0$/    sales: integer, at least 0, less than 1000/' <<'E'
E
variant field-order '/^    sales:/{h;d};/^    calls:/G' <<'E'
E
variant key-position '/^    id: text, key$/{h;d};/^    period: month$/G' <<'E'
E

# ---- the numbering differs: each side its own --------------------------------
variant one-more-definition 's/^base = sales \* 2$/twice = sales * 2\nbase = twice/' <<'E'
E
variant one-more-param 's/^param bonus = 5$/param bonus = 5\nparam spare = 1\ncheck "spare": spare = 1/' <<'E'
E
variant one-more-check '$a\check "some sales": count(roster where sales > 0) > 0' <<'E'
E
variant one-more-roster-value 's/^top = max(sales over roster)$/top = max(sales over roster) + min(sales over roster) - min(sales over roster)/' <<'E'
E
# a second first in roster: A's 5 and B's 4 are first of their amounts
variant one-more-first 's/^output paid = sum(amount over deals where paid)$/output paid = sum(amount over deals where paid and first in roster for amount by (amount, id))/' <<'E'
E
# the apportion's weights read a roster value (sales + top - top: the same)
variant roster-value-phase 's/apportion(pool, sales over roster/apportion(pool, sales + top - top over roster/' <<'E'
E
# level as a ledger (1, plus 1 from 20, plus 1 from 30) instead of a tier
variant tier-to-ledger '/^level = tier sales:$/,/^    otherwise -> 1$/c\level = ledger from 1:\n    "from 20" +1 when sales >= 20\n    "from 30" +1 when sales >= 30' <<'E'
E
variant one-more-branch-taken 's/^base = sales \* 2$/base = if sales > 100 then sales else sales * 2/' <<'E'
E
variant output-order '/^output kind = when:$/,/^    otherwise -> 2$/{H;d};/^output flag/{p;x;s/^\n//}' <<'E'
E
variant param-name 's/\bbonus\b/prize/g' <<'E'
E
variant definition-name 's/\btop\b/best/g' <<'E'
E
# both sides given the same value (--set for the new side, --set-old for the
# old): a bonus of 7 on the new side is overridden as the old 5 is, so
# nothing changes
cp $D/base.rules $D/roster.rules $T/
sed 's/^param bonus = 5$/param bonus = 7/' $D/base.rules > $T/new.rules
exits 0 $K diff $T/base.rules $T/new.rules $D/agents.json --set bonus=6 --set-old bonus=6 --format csv > $T/got.csv 2> $T/err
[ "$(sed 1d $T/got.csv | wc -l)" = 0 ] || fail "--set bonus=6 on both sides: $(cat $T/got.csv)"
# the other way round: one value for every month (old), dated values (new)
sed 's/^param rate = .*$/param rate = 10%/' $D/base.rules > $T/plain.rules
exits 0 $K diff $T/plain.rules $T/base.rules $D/agents.json --format csv > $T/got.csv 2> $T/err
[ "$(sed 1d $T/got.csv | wc -l)" = 0 ] || fail "plain to dated rate: $(cat $T/got.csv)"

# --summary (no ledgers itemised): the operator variant changes pay for all three
sed 's/^base = sales \* 2$/base = sales + 2/' $D/base.rules > $T/new.rules
cp $D/base.rules $D/roster.rules $T/
exits 0 $K diff $T/base.rules $T/new.rules $D/agents.json --summary --format json > $T/sum.json 2> $T/err
has $T/sum.json '"changed":3,' "--summary: three records changed"
has $T/sum.json '"changed_outputs":{"pay":3}' "--summary: pay changed for three"
echo "cov_share_variants: $n variants diffed as worked out"
