#!/usr/bin/env bash
# Slip folders that cannot mix months (issue 18 item 4): slip file names
# carry the period (the `roster by` month); `slip --all -o DIR` refuses a
# folder that holds files unless --replace, which writes over this run's
# slips and removes only this period's slips the run did not write; `slip
# --all --html -o slips.html` writes one printable file, a page per agent.
# June 2014: 39 records, 4 refused (a repeated id twice, a missing field, a
# bad date): 35 slips.
set -eu
K=$(realpath "${KAOHE:-./kaohe}")
P=rules/customer-service-2014.rules; J=examples/roster-2014-06.json
T=$(mktemp -d); trap 'rm -rf "$T"' EXIT
source "$(dirname "$0")/lib/exits.sh"
fail() { echo "slip_folders: FAIL: $*"; exit 1; }
exits 1 "$K" slip $P $J --all -o $T/june 2>/dev/null
[ "$(ls $T/june | wc -l)" = 35 ] || fail "35 slips: $(ls $T/june | wc -l)"
[ -f $T/june/CS-0101.2014-06.txt ] || fail "the period in the name: $(ls $T/june | head -1)"
ls $T/june | grep -qv '\.2014-06\.txt$' && fail "a slip without the period"
# a folder that holds files: refused (status 2), nothing written
touch -d '2000-01-01' $T/june/CS-0101.2014-06.txt
set +e; "$K" slip $P $J --all -o $T/june > /dev/null 2>$T/err; rc=$?; set -e
[ $rc = 2 ] || fail "non-empty folder: status $rc"
grep -q "the directory '$T/june' is not empty (35 files" $T/err || fail "the message: $(cat $T/err)"
[ "$(stat -c %Y $T/june/CS-0101.2014-06.txt)" = "$(date -d 2000-01-01 +%s)" ] || fail "a refused run wrote"
# --replace: this run's slips written over; a stale June slip removed; May's and other files kept
touch $T/june/CS-0999.2014-06.txt $T/june/CS-0101.2014-05.txt $T/june/readme.txt $T/june/CS-0999.2014-06.html
exits 1 "$K" slip $P $J --all -o $T/june --replace 2>$T/err
grep -q "removed $T/june/CS-0999.2014-06.txt" $T/err || fail "the stale slip is named"
[ ! -e $T/june/CS-0999.2014-06.txt ] || fail "the stale June slip stays"
for f in CS-0101.2014-05.txt readme.txt CS-0999.2014-06.html; do [ -e $T/june/$f ] || fail "--replace removed $f"; done
[ "$(stat -c %Y $T/june/CS-0101.2014-06.txt)" != "$(date -d 2000-01-01 +%s)" ] || fail "not written over"
# --replace never removes a file the run reads, though it is named like a
# stale slip of this period (the input kept in the folder as CS-0998.2014-06.txt)
cp $J $T/june/CS-0998.2014-06.txt
exits 1 "$K" slip $P $T/june/CS-0998.2014-06.txt --all -o $T/june --replace 2>$T/err
cmp -s $J $T/june/CS-0998.2014-06.txt || fail "--replace removed or changed the input"
grep -q "removed" $T/err && fail "--replace removed something: $(grep removed $T/err)"
set +e; "$K" slip $P $J --id CS-0101 --replace > /dev/null 2>&1; rc=$?; set -e
[ $rc = 2 ] || fail "--replace without --all: status $rc"
# a policy without a period: names without one
printf 'policy "p"\ninput:\n    id: text, key\n    pay: money\noutput total_pay = pay\n' > $T/p.rules
printf '{"id": "A", "pay": 1}\n{"id": "B", "pay": 2}\n' > $T/in.ndjson
"$K" slip $T/p.rules $T/in.ndjson --all -o $T/plain 2>/dev/null
[ "$(ls $T/plain | tr '\n' ' ')" = "A.txt B.txt " ] || fail "names without a period: $(ls $T/plain)"
# one HTML file, a page per agent
exits 1 "$K" slip $P $J --all --html -o $T/slips.html 2>/dev/null
[ "$(grep -c '<div class="page">' $T/slips.html)" = 35 ] || fail "35 pages"
[ "$(grep -c '<html' $T/slips.html)" = 1 ] || fail "one document"
grep -q 'break-after:page' $T/slips.html || fail "a page break per agent"
grep -q '<title>工资单 pay slips</title>' $T/slips.html || fail "the book's title"
echo "slip_folders: ok"
