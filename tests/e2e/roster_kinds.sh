#!/usr/bin/env bash
# What kind of roster an input is, told from its first bytes (README: "an
# XLSX workbook or a CSV file, detected from the first bytes"; roster_read.c:
# a zip is a workbook, an OLE file an old .xls, a first line that is one
# JSON value JSON, anything else CSV), through files and through pipes; a
# roster of many records with a list in its own file gives what the same
# roster as JSON gives, byte for byte; rows with nothing in the columns
# read are no records; a damaged sheet stops the run.  Worked out by hand.
set -eu
K=$(realpath "${KAOHE:-./kaohe}"); ROOT=$PWD
BOOK=$ROOT/tests/e2e/roster_sheets/book.py
source "$(dirname "$0")/lib/exits.sh"
source "$(dirname "$0")/lib/expect.sh"
T=$(mktemp -d); trap 'rm -rf "$T"' EXIT
export NO_COLOR=1
cd "$T"

cat > two.rules <<'EOF'
policy "two lists"
input:
    id "工号": text, key
    base: money
    deals "成交": list of record, default []
        profit: money
    calls "通话": list of record, default []
        minutes: integer
output total = base + sum(profit over deals)
output talked = sum(minutes over calls)
EOF

# ---- 70 records, each with one deal (profit = its number) and A05 with two calls
{ printf '工号,base\r\n'; for i in $(seq -w 1 70); do printf 'A%s,100\r\n' $i; done; } > many.csv
{ printf '工号,profit\r\n'; for i in $(seq -w 70 -1 1); do printf 'A%s,%d\r\n' $i $((10#$i)); done; } > deals.csv
printf '工号,minutes\r\nA05,3\r\nA05,4\r\n' > calls.csv
{ printf '['; for i in $(seq -w 1 70); do
    c='[]'; [ $i = 05 ] && c='[{"minutes": 3}, {"minutes": 4}]'
    printf '%s{"id": "A%s", "base": 100, "deals": [{"profit": %d}], "calls": %s}' "$([ $i = 01 ] || echo ,)" $i $((10#$i)) "$c"
done; printf ']\n'; } > many.json
exits 0 "$K" eval two.rules many.json --format ndjson > want.ndjson 2>/dev/null
grep -qxF '{"id":"A05","total":105.00,"talked":7}' want.ndjson || fail "the JSON roster: $(sed -n 5p want.ndjson)"
exits 0 "$K" eval two.rules many.csv --list calls=calls.csv --list deals=deals.csv --format ndjson > got.ndjson 2>/dev/null
cmp -s want.ndjson got.ndjson || fail "70 records from CSV differ from the JSON's"
# the list through a pipe (read once: its first bytes replayed)
exits 0 "$K" eval two.rules many.csv --list deals=<(cat deals.csv) --list 通话=<(cat calls.csv) --format ndjson > pipe.ndjson 2>/dev/null
cmp -s want.ndjson pipe.ndjson || fail "--list through a pipe"

# ---- --list misuse with two lists
set +e; "$K" eval two.rules many.csv --list sales=deals.csv --list other=calls.csv > /dev/null 2> u.err; rc=$?; set -e
[ $rc = 2 ] || fail "unknown --list: status $rc"
has u.err "--list sales: the policy has no list of records called so ('deals', 'calls')" "unknown --list, two lists"
grep -q "other" u.err && fail "only the first mistake is said"

# ---- kinds of input
P=two.rules
printf '\xef\xbb\xbf\r\n\t [{"id": "B1", "base": 1}]\n' > bom.txt
exits 0 "$K" eval $P bom.txt --format ndjson > bom.out 2>/dev/null
[ "$(cat bom.out)" = '{"id":"B1","total":1.00,"talked":0}' ] || fail "JSON after a byte-order mark and blanks: $(cat bom.out)"
printf '"just text"\n' > text.txt
set +e; "$K" eval $P text.txt > /dev/null 2> text.err; rc=$?; set -e
[ $rc = 1 ] && ! grep -q "cell\|CSV" text.err || fail "a first line that is one JSON value is JSON: status $rc: $(cat text.err)"
# a first line longer than is looked at is not one JSON value: CSV
{ printf '"工号",base,"'; head -c 5000 /dev/zero | tr '\0' n; printf '"\r\nB1,2,x\r\n'; } > long.csv
exits 0 "$K" eval $P long.csv --format ndjson > long.out 2> long.err
[ "$(cat long.out)" = '{"id":"B1","total":2.00,"talked":0}' ] || fail "a long first line: $(cat long.out)"
has long.err "warning: long.csv cell C1: no field is called" "the long header cell"
# an empty zip is a workbook, with no workbook part
printf 'PK\x05\x06\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0' > empty.xlsx
exits 4 "$K" eval $P empty.xlsx > /dev/null 2> empty.err
has empty.err "empty.xlsx: the workbook has no part 'xl/workbook.xml'" "an empty zip"
# "PK" not followed by a zip signature, 0xD0CF11 not followed by E0: CSV
printf 'PKid,base\r\nB1,1\r\n' > pk.csv
exits 4 "$K" eval $P pk.csv > /dev/null 2> pk.err
has pk.err "pk.csv has no column for the field 'id' (工号)" "PK text"
# (D0 CF reads as a GBK character)
printf '\xd0\xcf\x11A\r\n' > ole.csv
exits 4 "$K" eval $P ole.csv > /dev/null 2> ole.err
has ole.err "ole.csv: cell A1: the file is not UTF-8 (it reads as GBK" "half an OLE signature"
# a file named .json is JSON whatever it holds: the JSON reader says what is wrong
cp many.csv csv.json
set +e; "$K" eval $P csv.json > /dev/null 2> cj.err; rc=$?; set -e
[ $rc != 0 ] && ! grep -q "cell" cj.err || fail "CSV named .json: status $rc: $(head -3 cj.err)"
# through a pipe: an old .xls, JSON with --list, a schema no spreadsheet can hold
printf '\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1rest' > old.xls
set +e; cat old.xls | "$K" eval $P - > /dev/null 2> xls.err; rc=$?; set -e
[ $rc = 4 ] && grep -qF "is an Excel 97-2003 workbook (.xls)" xls.err || fail "an .xls through a pipe: status $rc: $(cat xls.err)"
set +e; cat many.json | "$K" eval $P - --list deals=deals.csv > /dev/null 2> jl.err; rc=$?; set -e
[ $rc = 2 ] && grep -qF -- "--list is for a roster given as CSV or XLSX" jl.err || fail "JSON with --list through a pipe: status $rc"
printf 'policy "n"\ninput:\n    id: text, key\n    deals: list of record\n        items: list of record\n            x: integer\noutput n = count(deals)\n' > nested.rules
set +e; cat many.csv | "$K" eval nested.rules - > /dev/null 2> n.err; rc=$?; set -e
[ $rc = 4 ] && grep -qF "is inside the list 'deals'" n.err || fail "nested lists through a pipe: status $rc"

# ---- rows with nothing in the columns read
printf '工号,base,,\r\nB1,5,,\r\n,,note,\r\nB2,6,,\r\n' > sparse.csv
printf '工号,profit\r\nB1,1\r\n,,x\r\n' > sd.csv
exits 0 "$K" eval $P sparse.csv --list deals=sd.csv --format ndjson > sparse.out 2> sparse.err
[ "$(cat sparse.out)" = $'{"id":"B1","total":6.00,"talked":0}\n{"id":"B2","total":6.00,"talked":0}' ] || fail "empty rows: $(cat sparse.out)"
has sparse.err "warning: sparse.csv cell C3: the column has no header: it is not read" "a note in a headerless column"
has sparse.err "warning: sd.csv cell C3: the column has no header: it is not read" "a note in a list file"

# ---- XLSX: a list row whose key and another cell cannot be read: the key is what matters
printf '{"sheets": [{"name": "roster", "rows": [["工号", "base"], ["B1", 1]]}, {"name": "deals", "rows": [["工号", "profit"], [{"e": "#REF!"}, {"e": "#N/A"}]]}]}' > bk.json
python3 $BOOK bk.xlsx bk.json
exits 4 "$K" eval $P bk.xlsx > /dev/null 2> bk.err
has bk.err "sheet 'deals' cell A2: the cell holds the error #REF!" "the key cell"
grep -q "#N/A" bk.err && fail "the other cell is not the reason"
# a damaged sheet: rows out of order
printf '{"sheets": [{"name": "roster", "rows": [["工号", "base"], ["B1", 1]]}, {"name": "deals", "rows": [["工号", "profit"], ["B1", 2]]}]}' > good.json
python3 $BOOK good.xlsx good.json
exits 0 "$K" eval $P good.xlsx > /dev/null 2>&1
python3 - good.xlsx bad.xlsx <<'EOF'
import sys, zipfile
src, dst = zipfile.ZipFile(sys.argv[1]), zipfile.ZipFile(sys.argv[2], "w")
for item in src.infolist():
    data = src.read(item.filename)
    if item.filename == "xl/worksheets/sheet1.xml":
        data = data.replace(b'<row r="2">', b'<row r="9">', 1)
        data = data.replace(b"</sheetData>", b'<row r="3"><c r="A3" t="inlineStr"><is><t>B3</t></is></c></row></sheetData>')
    dst.writestr(item, data)
dst.close()
EOF
exits 4 "$K" eval $P bad.xlsx > /dev/null 2> bad.err
has bad.err "sheet 'roster': row 3 comes after row 9 (the sheet is damaged)" "a damaged sheet"
# ---- zeros after the point, typed (CSV) or kept by Excel (a number cell): 0.05
# is 0.05 (they were read as 5 once: the point was lost after a zero)
printf 'policy "small"\ninput:\n    id: text, key\n    rate: decimal\n    pay: money\noutput r = rate\noutput p = pay\n' > small.rules
printf 'id,rate,pay\r\nA,0.05,0.07\r\n' > small.csv
exits 0 "$K" eval small.rules small.csv --format ndjson > small.out 2>/dev/null
[ "$(cat small.out)" = '{"id":"A","r":0.05,"p":0.07}' ] || fail "0.05 in a CSV: $(cat small.out)"
printf '{"sheets": [{"name": "roster", "rows": [["id", "rate", "pay"], ["A", {"n": "0.05"}, {"n": "0.007E1"}]]}]}' > small.json
python3 $BOOK small.xlsx small.json
exits 0 "$K" eval small.rules small.xlsx --format ndjson > smallx.out 2>/dev/null
[ "$(cat smallx.out)" = '{"id":"A","r":0.05,"p":0.07}' ] || fail "0.05 in a workbook: $(cat smallx.out)"
echo "roster_kinds: ok"
