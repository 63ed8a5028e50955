#!/usr/bin/env bash
# How a roster's header names its fields (README, "Rosters as HR keeps
# them"; src/tools/roster_table.c): a column is headed by the field's path,
# its label, or the label's first word when no other field's label starts
# with that word and no other field is called so; a second header row of
# paths (as the template writes) is not data; a list of records is named
# (by --list or a sheet) by its path, its name or its label; a list inside
# a list cannot be held by a spreadsheet.  Expectations worked out by hand.
set -eu
K=$(realpath "${KAOHE:-./kaohe}"); ROOT=$PWD
BOOK=$ROOT/tests/e2e/roster_sheets/book.py
source "$(dirname "$0")/lib/exits.sh"
source "$(dirname "$0")/lib/expect.sh"
T=$(mktemp -d); trap 'rm -rf "$T"' EXIT
export NO_COLOR=1
cd "$T"

# score's label starts with "rate", which is another field's name: "rate"
# heads the field rate; "通次" starts two labels: it heads neither
cat > w.rules <<'EOF'
policy "words"
input:
    id "工号 agent id": text, key
    score "rate points": integer, default 0
    a "通次 calls": integer, default 0
    b "通次 target": integer, default 0
    rate: decimal
    pay: record
        deals "成交 deals": list of record, default []
            profit: money
output rate_out = rate
output s = score
output a_out = a
output n = count(pay.deals)
output total = sum(profit over pay.deals)
EOF
printf '工号,rate,通次,通次 calls\r\nA1,0.5,7,3\r\n' > w.csv
exits 0 "$K" eval w.rules w.csv --format ndjson > w.out 2> w.err
[ "$(cat w.out)" = '{"id":"A1","rate_out":0.5,"s":0,"a_out":3,"n":0,"total":0.00}' ] || fail "header words: $(cat w.out)"
has w.err "warning: w.csv cell C1: no field is called \"通次\": the column is not read" "a shared first word"
# the nested list by its name, its path and its label's first word; the
# second header row (paths: the key's, then the field's whole path) is no entry
printf 'id,profit\r\nA1,1\r\nA1,2\r\n' > two.csv
printf '工号,profit\r\nid,pay.deals.profit\r\nA1,5\r\n' > paths.csv
for name in deals pay.deals 成交; do
    exits 0 "$K" eval w.rules w.csv --list $name=two.csv --format ndjson > l.out 2>/dev/null
    [ "$(cat l.out)" = '{"id":"A1","rate_out":0.5,"s":0,"a_out":3,"n":2,"total":3.00}' ] || fail "--list $name: $(cat l.out)"
done
exits 0 "$K" eval w.rules w.csv --list 成交=paths.csv --format ndjson > p.out 2>/dev/null
[ "$(cat p.out)" = '{"id":"A1","rate_out":0.5,"s":0,"a_out":3,"n":1,"total":5.00}' ] || fail "a second header row in a list: $(cat p.out)"
# the main table's second header row of paths, and a label heading score
printf '工号 agent id,rate points,rate\r\nid,score,rate\r\nA1,4,0.5\r\n' > w2.csv
exits 0 "$K" eval w.rules w2.csv --format ndjson > w2.out 2>/dev/null
[ "$(cat w2.out)" = '{"id":"A1","rate_out":0.5,"s":4,"a_out":0,"n":0,"total":0.00}' ] || fail "a second header row: $(cat w2.out)"
# a row after the header that is not all paths is data: here a record "id"
printf '工号,rate\r\nid,0.25\r\n' > notpaths.csv
exits 0 "$K" eval w.rules notpaths.csv --format ndjson > np.out 2>/dev/null
[ "$(cat np.out)" = '{"id":"id","rate_out":0.25,"s":0,"a_out":0,"n":0,"total":0.00}' ] || fail "a row of data after the header: $(cat np.out)"
# in a workbook, the sheet "deals" holds the list pay.deals
printf '{"sheets": [{"name": "roster", "rows": [["工号", "rate"], ["A1", 0.5]]}, {"name": "deals", "rows": [["工号", "profit"], ["A1", 7]]}]}' > b.json
python3 $BOOK b.xlsx b.json
exits 0 "$K" eval w.rules b.xlsx --format ndjson > b.out 2>/dev/null
[ "$(cat b.out)" = '{"id":"A1","rate_out":0.5,"s":0,"a_out":0,"n":1,"total":7.00}' ] || fail "a sheet named after the list: $(cat b.out)"

# a list inside a list: refused for a spreadsheet (status 4), and for a template
printf 'policy "n"\ninput:\n    id: text, key\n    deals: list of record\n        items: list of record\n            x: integer\noutput n = count(deals)\n' > nested.rules
printf 'id\r\nA\r\n' > a.csv
want="the list 'deals.items' is inside the list 'deals': a spreadsheet cannot hold it (give the roster as JSON)"
exits 4 "$K" eval nested.rules a.csv > /dev/null 2> n.err
has n.err "$want" "a list in a list"
exits 4 "$K" template nested.rules -o n.xlsx 2> t.err
has t.err "$want" "a template of a list in a list"
[ ! -e n.xlsx ] || fail "a refused template was written"
# ... while the same roster as JSON is read
printf '{"id": "A", "deals": [{"items": [{"x": 1}]}, {"items": []}]}\n' > a.ndjson
exits 0 "$K" eval nested.rules a.ndjson --format ndjson > j.out 2>/dev/null
[ "$(cat j.out)" = '{"id":"A","n":2}' ] || fail "nested lists as JSON: $(cat j.out)"
# a header cell of blanks heads nothing (and is not noted); an empty row
# right after the header is neither a second header nor a record
printf '工号,\xe3\x80\x80 ,rate\r\n\r\nA1,,0.5\r\n' > blank.csv
exits 0 "$K" eval w.rules blank.csv --format ndjson > blank.out 2> blank.err
[ "$(cat blank.out)" = '{"id":"A1","rate_out":0.5,"s":0,"a_out":0,"n":0,"total":0.00}' ] || fail "a blank header cell: $(cat blank.out)"
grep -q "warning" blank.err && fail "a blank header cell is noted: $(cat blank.err)"
# fields without a label and without a column: named by path, all of them
printf 'policy "p"\ninput:\n    id: text, key\n    a: integer\n    b: integer\noutput s = a + b\n' > ab.rules
printf 'id\r\nA\r\n' > ab.csv
exits 4 "$K" eval ab.rules ab.csv > /dev/null 2> ab.err
has ab.err "ab.csv has no column for the fields 'a', 'b': add columns headed by the field's label or path" "two missing columns"
# the manifest names the CSV file's own digest as the input's (not the records made from it)
exits 0 "$K" eval w.rules w.csv --manifest m.json > /dev/null 2>/dev/null
python3 - m.json w.csv <<'PYEOF' || fail "the manifest's input digest"
import hashlib, json, sys
m = json.load(open(sys.argv[1]))
assert m["input"]["sha256"] == hashlib.sha256(open(sys.argv[2], "rb").read()).hexdigest(), m["input"]
PYEOF
echo "roster_headers: ok"
