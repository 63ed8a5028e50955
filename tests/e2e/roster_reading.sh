#!/usr/bin/env bash
# Reading a roster given as CSV or XLSX (README, "Rosters as HR keeps them";
# src/tools/roster_read.c's header): what is noticed and not read (columns
# without a header, sheets that are not the roster or a list), what stops a
# run (status 4) and where it says the fault is, the usage errors of
# --list NAME=FILE.csv (status 2), and where a record's error is located
# (the cell of the field, a list entry's cell on its own sheet or file, the
# row for a message about no field).  Every expectation is worked out by
# hand from the small policy below.
set -eu
K=$(realpath "${KAOHE:-./kaohe}"); ROOT=$PWD
BOOK=$ROOT/tests/e2e/roster_sheets/book.py
source "$(dirname "$0")/lib/exits.sh"
source "$(dirname "$0")/lib/expect.sh"
T=$(mktemp -d); trap 'rm -rf "$T"' EXIT
export NO_COLOR=1
cd "$T"
# run WANT-STATUS NAME ARGS...: kaohe with ARGS, stdout to NAME.out, stderr to NAME.err
run() {
    local want=$1 name=$2 rc=0
    shift 2
    "$K" "$@" > $name.out 2> $name.err || rc=$?
    [ $rc = $want ] || { cat $name.err; fail "$name: exit status $rc, expected $want"; }
}
book() { printf '%s' "$2" > $1.json; python3 $BOOK $1.xlsx $1.json; }

cat > r.rules <<'EOF'
policy "roster reading"
input:
    id "工号 agent id": text, key
    name "姓名 name": text, optional
    pay: record
        base "底薪 base": money, at least 0
    deals "成交 deals": list of record, optional
        customer "客户": text
        profit "利润": money, at least 0
output total = pay.base + sum(profit over deals)
EOF
printf 'policy "flat"\ninput:\n    id: text, key\n    pay: money\noutput pay_out = pay\n' > flat.rules
printf 'policy "no key"\ninput:\n    id: text\n    deals: list of record\n        profit: money\noutput n = count(deals)\n' > nokey.rules

# ---- CSV: columns without a header are noted once each, and not read
# B has no header (a gap), E is past the last header; A2 has no deals (an
# empty list: total 5.00), A1's deal is 20: total 120.00
printf '工号,,pay.base\r\nA1,x,100,,extra\r\nA2,y,5,,more\r\n' > h.csv
printf '工号,客户,利润\r\nA1,C,20\r\n' > d.csv
run 0 h eval r.rules h.csv --list deals=d.csv --format ndjson
[ "$(cat h.out)" = $'{"id":"A1","total":120.00}\n{"id":"A2","total":5.00}' ] || fail "headerless columns: $(cat h.out)"
has h.err "warning: h.csv cell B2: the column has no header: it is not read" "a gap column"
has h.err "warning: h.csv cell E2: the column has no header: it is not read" "a column past the header"
[ "$(grep -c 'has no header' h.err)" = 2 ] || fail "each headerless column is noted once: $(cat h.err)"

# ---- a record's error, located: the list entry's cell in its own file, the
# main table's cell, and the row for a message about no field in particular
printf '工号,客户,利润\r\nA1,C,20\r\nA1,D,-5\r\n' > neg.csv
run 1 neg eval r.rules h.csv --list 成交=neg.csv --format ndjson
has neg.err "record 1 (id \"A1\"): error: neg.csv cell C3, field 'deals[2].profit' (利润): -5 is less than the minimum 0" "a list entry's cell"
printf '工号,pay.base\r\nA1,-1\r\nA2,\r\n' > m.csv
run 1 m eval r.rules m.csv --list deals=d.csv --format ndjson
has m.err "record 1 (id \"A1\"): error: m.csv cell B2, field 'pay.base' (底薪 base): -1 is less than the minimum 0" "a main cell"
has m.err "record 2 (id \"A2\"): error: m.csv cell B3, field 'pay.base' (底薪 base): missing" "an empty cell"
# without --list the optional list is not given: the error is the run's, at the record's row
printf '工号,pay.base\r\nA1,1\r\n' > nolist.csv
run 1 nolist eval r.rules nolist.csv --format ndjson
has nolist.err "record 1 (id \"A1\"): error: nolist.csv row 2: 'deals' is not given" "a message about no field"
# the output itself keeps the message as the reader gives it (the same whatever the format of the roster)
has neg.out "\"error\":\"field 'deals[2].profit': -5 is less than the minimum 0\"" "the output's message"

# ---- what stops a run
printf '工号,客户,利润\r\nZZ,C,1\r\nZZ,D,2\r\n' > orphan.csv
run 4 orphan eval r.rules h.csv --list deals=orphan.csv
has orphan.err "orphan.csv cell A2: no record in h.csv has the id \"ZZ\" (nor do the other rows with it): whose entry is the row?" "orphan rows"
run 4 nofile eval r.rules h.csv --list deals=nope.csv
has nofile.err "cannot read 'nope.csv': No such file or directory" "a missing --list file"
echo '[{"id": "A1"}]' > json.csv
run 4 json eval r.rules h.csv --list deals=json.csv
has json.err "json.csv: --list takes a CSV file (UTF-8) with a row per entry" "a JSON --list file"
printf '工号,客户,利润\r\nA1,"C,1\r\n' > open.csv
run 4 open eval r.rules h.csv --list deals=open.csv
has open.err "open.csv: cell B2: a quoted cell is never closed" "a broken --list file"
printf ',,\r\n,\r\n' > empty.csv
run 4 empty eval r.rules empty.csv
has empty.err "empty.csv is empty: its first row names the columns (kaohe template POLICY -o roster.xlsx writes one)" "no header"
# a key column named twice, a field named twice
printf '工号,客户,id,利润\r\n' > twokeys.csv
run 4 twokeys eval r.rules h.csv --list deals=twokeys.csv
has twokeys.err "twokeys.csv: cells A1 and C1 both name the key 'id'" "two key columns"
printf '工号,pay.base,底薪\r\nA1,1,2\r\n' > twice.csv
run 4 twice eval r.rules twice.csv --list deals=d.csv
has twice.err "twice.csv: cells B1 and C1 both name the field 'pay.base' (底薪 base): keep one column" "a field named twice"
printf '客户,利润\r\nC,1\r\n' > nokeycol.csv
run 4 nokeycol eval r.rules h.csv --list deals=nokeycol.csv
has nokeycol.err "nokeycol.csv has no column for the key 'id' (工号 agent id) that says whose entry each row is" "no key column"

# ---- --list, used wrongly: usage errors (status 2)
run 2 twice-list eval r.rules h.csv --list deals=d.csv --list 成交=d.csv
has twice-list.err "--list 成交 is given twice" "--list twice"
run 2 nolists eval flat.rules h.csv --list deals=d.csv
has nolists.err "--list deals: the policy has no list of records called so (it has none)" "--list without lists"
for bad in deals =d.csv deals=; do
    run 2 badarg eval r.rules h.csv --list "$bad"
    has badarg.err "--list needs NAME=FILE.csv (the list of records NAME, a row per entry), not '$bad'" "--list $bad"
done

# ---- XLSX: which sheet holds what
HEAD='["工号", "姓名", "底薪"]'
DEALS='[["工号", "客户", "利润"], ["A1", "C", 20]]'
# '_' sheets are kaohe's own; the first other sheet not named after a list
# is the roster; a second sheet for the same list, and another sheet, are noted
book wb "{\"sheets\": [{\"name\": \"_notes\", \"rows\": [[\"x\"]]}, {\"name\": \"deals\", \"rows\": $DEALS},
  {\"name\": \"roster\", \"rows\": [$HEAD, [\"A1\", \"Wang\", 100]]}, {\"name\": \"成交\", \"rows\": [[\"nothing\"]]},
  {\"name\": \"summary\", \"rows\": [[\"nothing\"]]}]}"
run 0 wb eval r.rules wb.xlsx --format ndjson
[ "$(cat wb.out)" = '{"id":"A1","total":120.00}' ] || fail "sheets: $(cat wb.out)"
has wb.err "warning: sheet '成交' is not read: sheet 'deals' already holds the list 'deals'" "a second sheet for a list"
has wb.err "warning: sheet 'summary' is not read: the roster is sheet 'roster' (the first), and no list of the policy is called so" "another sheet"
grep -q "_notes" wb.err && fail "a '_' sheet is kaohe's own: not noted"
# --list takes the list from its file: the workbook's sheet for it is noted, not read
printf '工号,客户,利润\r\nA1,C,7\r\n' > seven.csv
run 0 wbl eval r.rules wb.xlsx --list deals=seven.csv --format ndjson
[ "$(cat wbl.out)" = '{"id":"A1","total":107.00}' ] || fail "--list over a sheet: $(cat wbl.out)"
has wbl.err "warning: sheet 'deals' is not read: --list gives the list 'deals' from seven.csv" "--list over a sheet"
# a list row whose key cell cannot be read belongs to no one
book badkey "{\"sheets\": [{\"name\": \"roster\", \"rows\": [$HEAD, [\"A1\", \"Wang\", 100]]},
  {\"name\": \"deals\", \"rows\": [[\"工号\", \"客户\", \"利润\"], [{\"e\": \"#N/A\"}, \"C\", 1]]}]}"
run 4 badkey eval r.rules badkey.xlsx
has badkey.err "sheet 'deals' cell A2: the cell holds the error #N/A" "a bad key cell"
has badkey.err "(it says whose entry the row is)" "a bad key cell: why it matters"
# only lists and kaohe's own sheets: no roster
book noroster "{\"sheets\": [{\"name\": \"_x\", \"rows\": [[\"x\"]]}, {\"name\": \"deals\", \"rows\": $DEALS}]}"
run 4 noroster eval r.rules noroster.xlsx
has noroster.err "noroster.xlsx: the workbook has no sheet for the roster (a sheet with a row per record)" "no roster sheet"
# a list without a key field to give its entries to their records
book nokey "{\"sheets\": [{\"name\": \"roster\", \"rows\": [[\"id\"], [\"A\"]]}, {\"name\": \"deals\", \"rows\": [[\"id\", \"profit\"], [\"A\", 1]]}]}"
run 4 nokey eval nokey.rules nokey.xlsx
has nokey.err "the policy has no key field: the entries of the list 'deals' cannot be given to their records (give the roster as JSON)" "no key"
# ... which is said first, before asking for the list (a sheet or --list could not help)
printf 'id\r\nA\r\n' > a.csv
run 4 nokeycsv eval nokey.rules a.csv
has nokeycsv.err "the policy has no key field: the entries of the list 'deals' cannot be given" "no key, no --list"
book nokeybook "{\"sheets\": [{\"name\": \"roster\", \"rows\": [[\"id\"], [\"A\"]]}]}"
run 4 nokeybook eval nokey.rules nokeybook.xlsx
has nokeybook.err "the policy has no key field: the entries of the list 'deals' cannot be given" "no key, no sheet"
# a required list without a label, and no sheet for it
printf 'policy "plain"\ninput:\n    id: text, key\n    deals: list of record\n        profit: money\noutput n = count(deals)\n' > plain.rules
run 4 plain eval plain.rules nokeybook.xlsx
has plain.err "nokeybook.xlsx: the workbook has no sheet for the list 'deals': add a sheet named 'deals' with a row per entry and a column for the key 'id'" "no sheet for a list without a label"
echo "roster_reading: ok"
