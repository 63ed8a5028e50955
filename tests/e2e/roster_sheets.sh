#!/usr/bin/env bash
# Rosters as HR keeps them (issue 18 item 1): the June 2014 example roster
# given as an XLSX workbook (written by openpyxl, not by kaohe) and as CSV
# files gives byte for byte the results of the JSON; every kind of cell
# kaohe refuses is named by sheet and cell; what stops a run (a list row no
# record owns, a missing column, GBK, a broken CSV, an .xls) says where.
# Expectations are worked out by hand from tests/e2e/roster_sheets/cells.rules.
set -eu
K=$(realpath "${KAOHE:-./kaohe}"); ROOT=$PWD
D=$ROOT/tests/e2e/roster_sheets
PY=/usr/bin/python3   # Debian's, with python3-openpyxl
T=$(mktemp -d); trap 'rm -rf "$T"' EXIT
export NO_COLOR=1
source "$(dirname "$0")/lib/exits.sh"
source "$(dirname "$0")/lib/expect.sh"
P=$ROOT/rules/customer-service-2014.rules
JUNE=$ROOT/examples/roster-2014-06.json

# ---- the June roster: XLSX and CSV give the JSON's results, byte for byte
$PY $D/june.py xlsx $T/june.xlsx
$PY $D/june.py csv $T/june.csv $T/deals.csv
for fmt in json ndjson csv; do
    set +e
    "$K" eval $P $JUNE --format $fmt -o $T/want.$fmt 2>/dev/null; want=$?
    "$K" eval $P $T/june.xlsx --format $fmt -o $T/xlsx.$fmt 2>$T/xlsx.err; got=$?
    "$K" eval $P $T/june.csv --list deals=$T/deals.csv --format $fmt -o $T/csv.$fmt 2>$T/csv.err; got2=$?
    set -e
    [ $want = 1 ] && [ $got = 1 ] && [ $got2 = 1 ] || fail "$fmt: exit statuses $want $got $got2 (1: 4 records refused)"
    cmp -s $T/want.$fmt $T/xlsx.$fmt || fail "$fmt: the workbook's results differ from the JSON's"
    cmp -s $T/want.$fmt $T/csv.$fmt || fail "$fmt: the CSV files' results differ from the JSON's"
done
# the refusals name sheet and cell on stderr
has $T/xlsx.err "june.xlsx: record 36 (id \"CS-0135\"): error: sheet 'roster' cell Q37, field 'member_target' (激励量 member target): missing" "missing cell"
has $T/xlsx.err "sheet 'roster' cell F38, field 'hire_date' (入职日期 hire date): 2014-06-31 is not a real date" "bad date"
has $T/xlsx.err "sheet 'roster' cell A32, field 'id' (工号 agent id): the id \"CS-0131\" is used by 2 records" "repeated id"
has $T/csv.err "june.csv cell Q37, field 'member_target'" "missing cell (CSV)"
# standard input: a workbook (copied to a temporary file for the zip) and CSV through a pipe
exits 1 "$K" eval $P - < $T/june.xlsx > $T/stdin.json 2>/dev/null
cmp -s $T/want.json $T/stdin.json || fail "the workbook on standard input"
exits 1 "$K" eval $P - --list deals=$T/deals.csv < <(cat $T/june.csv) > $T/pipe.json 2>/dev/null
cmp -s $T/want.json $T/pipe.json || fail "the CSV through a pipe"
# the other commands read it too
"$K" explain $P $T/june.xlsx --id CS-0102 commission > $T/ex.txt 2>/dev/null
"$K" explain $P $JUNE --id CS-0102 commission > $T/ex.want 2>/dev/null
cmp -s $T/ex.txt $T/ex.want || fail "explain on the workbook"
"$K" slip $P $T/june.csv --list deals=$T/deals.csv --id CS-0102 > $T/slip.txt 2>/dev/null
"$K" slip $P $JUNE --id CS-0102 2>/dev/null | grep -v "^input " > $T/slip.want
# the slip's manifest names the CSV file's own digest, not the records made from it
grep -q "^input $T/june.csv  sha256 $(sha256sum $T/june.csv | cut -c1-64)\$" $T/slip.txt || fail "the slip names the CSV's digest"
sed -i "/^input /d" $T/slip.txt
cmp -s $T/slip.txt $T/slip.want || fail "slip on the CSV"
set +e
"$K" diff $P $T/june.xlsx --set commission_rate=10% --summary > $T/diff.txt 2>/dev/null
"$K" diff $P $JUNE --set commission_rate=10% --summary > $T/diff.want 2>/dev/null
set -e
cmp -s $T/diff.txt $T/diff.want || fail "diff on the workbook"
exits 1 "$K" report $P $T/june.xlsx -o $T/r.html 2>/dev/null
grep -q 'CS-0135' $T/r.html || fail "the report lists the refused record"

# ---- kaohe template: filled in by openpyxl, it evaluates as the JSON does
"$K" template $P -o $T/template.xlsx
$PY $D/fill.py $T/template.xlsx $T/filled.xlsx
exits 1 "$K" eval $P $T/filled.xlsx > $T/filled.json 2>/dev/null
cmp -s $T/want.json $T/filled.json || fail "the filled-in template's results differ from the JSON's"
# the CSV template: two header rows (labels, paths), a file per list; filled with the June rows
"$K" template $P --format csv -o $T/tpl.csv 2>/dev/null
head -c 3 $T/tpl.csv | od -An -tx1 | grep -q 'ef bb bf' || fail "CSV template without its byte-order mark"
sed -n 1p $T/tpl.csv | grep -q '^.工号 agent id,姓名 name,考核月份 period,状态 status,' || fail "CSV template labels"
sed -n 2p $T/tpl.csv | grep -q '^id,name,period,status,level,hire_date,.*,prior.recent_scores.$' || fail "CSV template paths"
sed -n 2p $T/tpl.deals.csv | grep -q '^id,customer,entered,profit,paid.$' || fail "CSV template of the deals"
{ cat $T/tpl.csv; tail -n +2 $T/june.csv; } > $T/tplfilled.csv
{ cat $T/tpl.deals.csv; tail -n +2 $T/deals.csv; } > $T/tpldeals.csv
exits 1 "$K" eval $P $T/tplfilled.csv --list deals=$T/tpldeals.csv > $T/tplfilled.json 2>/dev/null
cmp -s $T/want.json $T/tplfilled.json || fail "the filled-in CSV template's results differ from the JSON's"
set +e; "$K" template $P > /dev/null 2>$T/u.err; rc=$?; set -e
[ $rc = 2 ] || fail "an XLSX template needs -o: status $rc"
# the template never replaces the policy it is made from (nor a list's file)
cp $D/cells.rules $T/own.rules
set +e; "$K" template $T/own.rules -o $T/own.rules > /dev/null 2>$T/u.err; rc=$?; set -e
[ $rc = 2 ] && grep -qF -- "-o '$T/own.rules' is the same file as the policy '$T/own.rules'" $T/u.err || fail "template -o POLICY: status $rc: $(cat $T/u.err)"
cmp -s $D/cells.rules $T/own.rules || fail "template -o POLICY changed the policy"
cp $D/cells.rules $T/t.deals.csv
set +e; "$K" template $T/t.deals.csv --format csv -o $T/t.csv > /dev/null 2>$T/u.err; rc=$?; set -e
[ $rc = 2 ] && grep -qF -- "the list's file '$T/t.deals.csv' is the same file as the policy" $T/u.err || fail "template over its policy as a list's file: status $rc: $(cat $T/u.err)"
[ ! -e $T/t.csv ] && cmp -s $D/cells.rules $T/t.deals.csv || fail "template wrote over its policy as a list's file"

# ---- every kind of cell: one good row, then one refused cell per row
C=$D/cells.rules
HEAD='["工号", "月份", "入职日期", "通次", "工资", "比例", "星级", "已到款", "时间", "分数", "备注"]'
# A01: 2014-06-01 (41791) as a date cell for the month, 2014-06-03 (41793), 10:30 (.4375),
# 007 typed as text for the count, 0.1+0.2 as Excel stores it, 95% as text, 是, "99, 100.5"
GOOD='"A01", {"n": "41791", "s": 1}, {"n": "41793", "s": 1}, "007", {"n": "0.30000000000000004"}, "95%", "none", "是", {"n": "41793.4375", "s": 3}, "99, 100.5", "a note"'

cat > $T/cells.json <<EOF
{"sheets": [
 {"name": "roster", "rows": [$HEAD,
  [$GOOD],
  ["A02", "2014-06", "2014/6/3", 5, {"e": "#N/A"}, "0.5", "none", "TRUE", "2014-06-03T10:30:00", null],
  ["A03", "2014-06", "2014-06-03", 5, {"f": "B4*2"}, "0.5", "none", "TRUE", "2014-06-03T10:30:00", null],
  ["A04", "2014-06", "2014-06-03", {"n": "41796", "s": 1}, "100", "0.5", "none", "TRUE", "2014-06-03T10:30:00", null],
  [{"n": "7", "s": 2}, "2014-06", "2014-06-03", "5", "100", "0.5", "none", "TRUE", "2014-06-03T10:30:00", null],
  ["A06", "2014-06", "2014-06-03", "5", "100", "0.5", "none", "maybe", "2014-06-03T10:30:00", null],
  ["A07", "2014-06", {"n": "41796.5", "s": 1}, "5", "100", "0.5", "none", "TRUE", "2014-06-03T10:30:00", null],
  ["A08", "2014-06", {"n": "60"}, "5", "100", "0.5", "none", "TRUE", "2014-06-03T10:30:00", null],
  ["A09", "2014-06", "2014-06-03", "5", "12.345", "0.5", "none", "TRUE", "2014-06-03T10:30:00", null],
  ["A10", "2014-06", "2014-06-03", "5", "100", "0.5", "none", "TRUE", "2014-06-03T10:30:00", "99, x"],
  ["A11", "2014-06", "2014-06-03", "12.5", "100", "0.5", "none", "TRUE", "2014-06-03T10:30:00", null],
  ["A12", {"n": "41793", "s": 1}, "2014-06-03", "5", "100", "0.5", "none", "TRUE", "2014-06-03T10:30:00", null],
  ["A13", "2014-06", "2014-06-03", "5", "100", "0.5", "none", "TRUE", {"n": "41793.123456789", "s": 3}, null],
  ["A14", "2014-06", "2014-06-03", "5", "100", "0.5", "gold", "TRUE", "2014-06-03T10:30:00", null],
  ["A15", "2014-06", "2014-06-03", "5", "100", "0.5", "none", {"n": "1"}, "2014-06-03T10:30:00", null],
  ["A16", "2014-06", "2014-06-03", "5", "100", "0.5", "none", "TRUE", "2014-06-03T10:30:00", null],
  ["A17", "2014-06", {"n": "41793", "s": 2}, "5", "100", "0.5", "none", "TRUE", "2014-06-03T10:30:00", null],
  ["A18", "2014-06", {"n": "3000000"}, "5", "100", "0.5", "none", "TRUE", "2014-06-03T10:30:00", null],
  ["A19", "2014-06", "2014-06-03", "5", "100", "0.5", {"b": 1}, "TRUE", "2014-06-03T10:30:00", null],
  ["A20", "2014-06", "2014-06-03", "5", "100", "0.5", {"n": "41793", "s": 1}, "TRUE", "2014-06-03T10:30:00", null],
  ["A21", "2014-06", "2014-06-03", "5", "100", "0.5", "none", "TRUE", "2014-06-03T10:30:00", {"b": 0}],
  ["A22", "2014-06", "2014-06-03", "5", "100", "0.5", "none", "TRUE", "2014-06-03T10:30:00", "[1, 2"],
  ["A23", "2014-06", "2014-06-03", "1,234", "100", "0.5", "none", "TRUE", "2014-06-03T10:30:00", null],
  ["A24", "2014-06", "2014-06-03", "50%", "100", "0.5", "none", "TRUE", "2014-06-03T10:30:00", null]
 ]},
 {"name": "成交", "rows": [["工号", "客户", "利润"],
  ["A01", "C-1", {"n": "6250"}], ["A01", {"is": "C-2"}, "-1250.5"],
  ["A16", "C-3", {"e": "#DIV/0!"}]
 ]}
]}
EOF
python3 $D/book.py $T/cells.xlsx $T/cells.json
set +e; "$K" eval $C $T/cells.xlsx > $T/cells.out 2>$T/cells.err; rc=$?; set -e
[ $rc = 1 ] || { cat $T/cells.err; fail "cells: status $rc, expected 1"; }
E=$T/cells.err
has $E "warning: sheet 'roster' cell K1: no field is called \"备注\": the column is not read" "unknown column"
has $E "sheet 'roster' cell E3, field 'pay' (工资): the cell holds the error #N/A" "error value"
has $E "sheet 'roster' cell E4, field 'pay' (工资): the cell has a formula whose value the file does not keep" "formula without value"
has $E "sheet 'roster' cell D5, field 'calls' (通次): the cell is formatted as a date, but the field is a whole number" "date in a count"
has $E "sheet 'roster' cell A6, field 'id' (工号 agent id): the cell holds the number 7 shown through a number format" "id as a formatted number"
has $E "sheet 'roster' cell H7, field 'paid' (已到款): \"maybe\" is not yes or no (write TRUE or FALSE, 是 or 否)" "yes/no"
has $E "sheet 'roster' cell C8, field 'hired' (入职日期): the cell has a time of day, but the field is a date" "time in a date"
has $E "sheet 'roster' cell C9, field 'hired' (入职日期): the date serial 60 is 1900-02-29, a day that never was" "serial 60"
has $E "sheet 'roster' cell E10, field 'pay' (工资): an amount of money has at most 2 decimals" "three decimals"
has $E "sheet 'roster' cell J11, field 'scores' (分数): entry 2: \"x\" is not a number" "list entry"
has $E "sheet 'roster' cell D12, field 'calls' (通次): 12.5 is not a whole number" "fraction in a count"
has $E "sheet 'roster' cell B13, field 'period' (月份): the cell is the date 2014-06-03, but the field is a month: write 2014-06" "date in a month"
has $E "sheet 'roster' cell I14, field 'seen' (时间): the number 41793.123456789 is not a date and time" "fraction of a second"
has $E "sheet 'roster' cell G15, field 'star' (星级): \"gold\" is not allowed" "enum"
has $E "sheet 'roster' cell H16, field 'paid' (已到款): the cell holds the number 1, not yes or no" "number in yes/no"
has $E "sheet '成交' cell C4, field 'deals[1].profit' (利润): the cell holds the error #DIV/0!" "list entry cell"
has $E "sheet 'roster' cell C18, field 'hired' (入职日期): the cell holds the number 41793 shown through a number format: for a date, format the cell as a date (or type 2014-06-03 as text)" "date shown through a number format"
has $E "sheet 'roster' cell C19, field 'hired' (入职日期): the number 3000000 is not a date Excel can show" "serial past 9999-12-31"
has $E "sheet 'roster' cell G20, field 'star' (星级): the cell holds TRUE or FALSE, where text is wanted: type the text" "yes/no where text is wanted"
has $E "sheet 'roster' cell G21, field 'star' (星级): the cell holds the number 41793 shown as a date, where text is wanted" "a date where text is wanted"
has $E "sheet 'roster' cell J22, field 'scores' (分数): expected a list (values separated by commas, or a JSON list such as [true, false])" "yes/no where a list is wanted"
has $E "sheet 'roster' cell J23, field 'scores' (分数): \"[1, 2\" is not a JSON list" "a broken JSON list"
has $E "sheet 'roster' cell D24, field 'calls' (通次): \"1,234\" is not a whole number (write it without thousands separators)" "thousands separators"
has $E "sheet 'roster' cell D25, field 'calls' (通次): \"50%\" is not a whole number (a per cent is not allowed here)" "a per cent in a count"
grep -q '"record": *3' $T/cells.out || fail "A02 is an error in its place"
# the output's message names the cell the reader could not convert (and is the core's otherwise)
grep -qF "sheet 'roster' cell E3, field 'pay' (工资): the cell holds the error #N/A" $T/cells.out || fail "output names the cell"
grep -qF "\"field 'pay': an amount of money has at most 2 decimals" $T/cells.out || fail "output keeps the reader's message"
# the report lists the reader's refusal with its cell, once (not located twice)
exits 1 "$K" report $C $T/cells.xlsx -o $T/cells.html 2>$T/rep.err
grep -q "cell E3, field &#39;pay&#39; (工资): the cell holds the error #N/A\|cell E3, field 'pay' (工资): the cell holds the error #N/A" $T/cells.html || fail "the report names the cell"
grep -qF "record 2 (id \"A02\"): error: sheet 'roster' cell E3, field 'pay' (工资): the cell holds the error #N/A" $T/rep.err || fail "report's stderr"
grep -q "row 3: sheet" $T/rep.err && fail "a message located twice"
# a workbook cut short, at any point: refused (status 4), never a crash
size=$(stat -c %s $T/cells.xlsx)
for cut in 10 100 $((size / 3)) $((size / 2)) $((size - 30)) $((size - 1)); do
    head -c $cut $T/cells.xlsx > $T/cut.xlsx
    set +e; "$K" eval $C $T/cut.xlsx > /dev/null 2> $T/cut.err; rc=$?; set -e
    [ $rc = 4 ] || { cat $T/cut.err; fail "a workbook cut at $cut bytes: status $rc"; }
done
# A01 is evaluated: 0.30 (0.30000000000000004 as Excel shows it) + 6250 - 1250.50
$PY - $T/cells.out <<'PYEOF' || fail "A01's values"
import json, sys
r = json.load(open(sys.argv[1]))[0]
want = {"id": "A01", "total": "4999.80", "calls_out": 7, "rate_out": 0.95, "hired_out": "2014-06-03",
        "seen_out": "2014-06-03T10:30:00", "period_out": "2014-06", "scores_out": [99, 100.5], "paid_out": True}
got = {k: (f"{r[k]:.2f}" if k == "total" else r.get(k)) for k in want}
if got != want:
    print("got ", got); print("want", want); sys.exit(1)
PYEOF

# ---- what stops a run (status 4), each naming where
stop() { # name, expected text, command...
    local name=$1 want=$2; shift 2
    set +e; "$@" > $T/stop.out 2> $T/stop.err; local rc=$?; set -e
    [ $rc = 4 ] || { cat $T/stop.err; fail "$name: status $rc, expected 4"; }
    has $T/stop.err "$want" "$name"
    [ ! -s $T/stop.out ] || fail "$name: wrote results"
}
bookof() { python3 -c "import json,sys; print(json.dumps({'sheets': json.loads(sys.argv[1])}))" "$1" > $T/b.json; python3 $D/book.py $T/b.xlsx $T/b.json; }
OKROW='["B01", "2014-06", "2014-06-03", "5", "100", "0.5", "none", "TRUE", "2014-06-03 10:30", null]'
bookof "[{\"name\": \"roster\", \"rows\": [$HEAD, $OKROW]}, {\"name\": \"deals\", \"rows\": [[\"id\", \"customer\", \"profit\"], [\"B01\", \"C\", \"1\"], [\"ZZ\", \"C\", \"1\"]]}]"
stop orphan "sheet 'deals' cell A3: no record in sheet 'roster' has the id \"ZZ\"" "$K" eval $C $T/b.xlsx
bookof "[{\"name\": \"roster\", \"rows\": [$HEAD, $OKROW, $OKROW]}, {\"name\": \"deals\", \"rows\": [[\"id\", \"customer\", \"profit\"], [\"B01\", \"C\", \"1\"]]}]"
stop shared-key "sheet 'deals' cell A2: 2 records in sheet 'roster' have the id \"B01\"" "$K" eval $C $T/b.xlsx
bookof "[{\"name\": \"roster\", \"rows\": [[\"id\", \"period\", \"hired\", \"calls\", \"rate\", \"star\", \"paid\", \"seen\"], [\"B01\"]]}, {\"name\": \"deals\", \"rows\": [[\"id\", \"customer\", \"profit\"]]}]"
stop missing-column "sheet 'roster' has no column for the field 'pay' (工资)" "$K" eval $C $T/b.xlsx
bookof "[{\"name\": \"roster\", \"rows\": [$HEAD, $OKROW]}]"
stop no-list-sheet "the workbook has no sheet for the list 'deals' (成交)" "$K" eval $C $T/b.xlsx
bookof "[{\"name\": \"roster\", \"rows\": [$HEAD]}, {\"name\": \"deals\", \"rows\": [[\"id\", \"customer\", \"profit\"]]}]"
stop header-only "sheet 'roster' has no records below its header" "$K" eval $C $T/b.xlsx
bookof "[{\"name\": \"roster\", \"rows\": [$HEAD, $OKROW]}, {\"name\": \"deals\", \"rows\": [[\"id\", \"customer\", \"profit\"], [null, \"C\", \"1\"]]}]"
stop empty-key "sheet 'deals' cell A2: the key 'id' is empty" "$K" eval $C $T/b.xlsx
printf 'policy "flat"\ninput:\n    id "工号": text, key\n    pay: money\noutput pay_out = pay\n' > $T/flat.rules
# CSV or JSON, told from the first line: a quoted header is CSV; a first line
# that is one JSON value (42) is JSON, refused by the JSON reader as no record
printf '"工号","pay"\r\nA,1\r\n' > $T/quoted.csv
exits 0 "$K" eval $T/flat.rules $T/quoted.csv > $T/q.json 2>/dev/null
grep -q '"pay_out":1' $T/q.json || fail "a quoted CSV header: $(cat $T/q.json)"
# a long message is never cut: a 9,000-character id used twice gives the JSON's
# results byte for byte, and stderr names both cells with the whole id
L=$(head -c 9000 /dev/zero | tr '\0' L)
printf '工号,pay\r\n%s,1\r\n%s,2\r\n' "$L" "$L" > $T/dup.csv
printf '{"id": "%s", "pay": 1}\n{"id": "%s", "pay": 2}\n' "$L" "$L" > $T/dup.ndjson
exits 1 "$K" eval $T/flat.rules $T/dup.ndjson > $T/dup.want 2>/dev/null
exits 1 "$K" eval $T/flat.rules $T/dup.csv > $T/dup.got 2>$T/dup.err
cmp -s $T/dup.want $T/dup.got || fail "a long id: the CSV's results differ from the JSON's"
for cell in A2 A3; do
    has $T/dup.err "dup.csv cell $cell, field 'id' (工号): the id \"$L\" is used by 2 records of this roster; each of them is left out" "a long message, $cell"
done
printf '42\n' > $T/lone.json
set +e; "$K" eval $T/flat.rules $T/lone.json > /dev/null 2>$T/u.err; rc=$?; set -e
[ $rc = 1 ] && ! grep -q "CSV\|cell" $T/u.err || fail "a lone JSON value is JSON (a record error, status 1): status $rc: $(cat $T/u.err)"
printf '\xb9\xa4\xba\xc5,pay\r\nA,1\r\n' > $T/gbk.csv   # 工号 in GBK
stop gbk "gbk.csv: cell A1: the file is not UTF-8 (it reads as GBK, which Excel's \"CSV\" format writes on a Chinese Windows): save it as \"CSV UTF-8" "$K" eval $T/flat.rules $T/gbk.csv
printf 'id,pay\r\nA,1"0\r\n' > $T/quote.csv
stop quote "quote.csv: cell B2: a double quote inside a cell that does not start with one" "$K" eval $T/flat.rules $T/quote.csv
printf 'id,pay\r\nA,"10\r\n' > $T/open.csv
stop open-quote "open.csv: cell B2: a quoted cell is never closed" "$K" eval $T/flat.rules $T/open.csv
printf '\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1rest' > $T/old.xls
stop xls "old.xls is an Excel 97-2003 workbook (.xls): save it as an Excel Workbook (.xlsx)" "$K" eval $C $T/old.xls
printf 'PK\x03\x04 not a zip at all' > $T/bad.xlsx
stop bad-zip "bad.xlsx: not a readable .xlsx workbook" "$K" eval $C $T/bad.xlsx
printf '工号,月份\r\nB01,2014-06\r\n' > $T/nolist.csv
stop csv-needs-list "the list 'deals' is given in a file of its own: add --list deals=FILE.csv" "$K" eval $C $T/nolist.csv
# a --list file is read by the run: no output replaces it
cp $T/deals.csv $T/deals.keep
set +e; "$K" eval $P $T/june.csv --list deals=$T/deals.csv -o $T/deals.csv > /dev/null 2> $T/u.err; rc=$?; set -e
[ $rc = 2 ] && grep -qF -- "-o '$T/deals.csv' is the same file as the --list file '$T/deals.csv'" $T/u.err || fail "-o over a --list file: status $rc: $(cat $T/u.err)"
cmp -s $T/deals.csv $T/deals.keep || fail "the --list file was changed"
set +e; "$K" eval $C $JUNE --list deals=$T/deals.csv > /dev/null 2> $T/u.err; rc=$?; set -e
[ $rc = 2 ] && grep -qF -- "--list is for a roster given as CSV or XLSX" $T/u.err || fail "--list with JSON: status $rc"
set +e; "$K" eval $C $T/nolist.csv --list sales=$T/deals.csv > /dev/null 2> $T/u.err; rc=$?; set -e
[ $rc = 2 ] && grep -qF -- "--list sales: the policy has no list of records called so ('deals')" $T/u.err || fail "--list unknown: status $rc"
echo "roster_sheets: ok"
