#!/usr/bin/env bash
# XLSX roster cells of other kinds than text, for each kind of field (the
# workbooks written by hand with tests/e2e/roster_sheets/book.py), values
# and refusals worked out by hand:
# - a 1904 workbook: serial 0 is 1904-01-01, 40329 is 2014-06-01 (its
#   1900 serial 41791 less 1462) and so the month 2014-06; 40329.5 (noon) is
#   no month; 2957004 is past 9999-12-31 (2958465 - 1462); a boolean cell
#   for yes/no; a number cell in a list of whole numbers; a JSON list over
#   two lines; a boolean, a date-formatted or a "000"-formatted number where
#   text is wanted; a number for yes/no; a number for a list of text; a
#   "000"-formatted number for a date;
# - a 1900 workbook: 61 is 1900-03-01, 60 the 1900-02-29 that never was,
#   0 no date, 41793 with no format 2014-06-03.
set -u
K=$(realpath "${KAOHE:-./kaohe}")
BOOK=$(realpath "$(dirname "$0")/roster_sheets/book.py")
. "$(dirname "$0")/lib/expect.sh"
. "$(dirname "$0")/lib/exits.sh"
T=$(mktemp -d); trap 'rm -rf "$T"' EXIT
export NO_COLOR=1
cd "$T"

cat > x.rules <<'EOF'
input:
    id: text, key
    name: text, optional
    ok: boolean, optional
    day: date, optional
    mon: month, optional
    counts: list of integer, optional
    tags: list of text, optional
output echo = {name: name, ok: ok, day: day, mon: mon, counts: counts, tags: tags}
EOF
cat > x.json <<'EOF'
{"date1904": true, "sheets": [{"name": "roster", "rows": [
 ["id", "name", "ok", "day", "mon", "counts", "tags"],
 ["A", null, {"b": 1}, {"n": "0", "s": 1}, {"n": "40329", "s": 1}, {"n": "5"}, "[\"x\",\n\"y\"]"],
 ["B", {"b": 0}],
 ["C", {"n": "3802", "s": 1}],
 ["D", null, {"n": "1"}],
 ["E", null, null, {"n": "2957004", "s": 1}],
 ["F", null, null, null, {"n": "40329.5", "s": 3}],
 ["G", null, null, null, null, null, {"n": "5"}],
 ["H", null, null, {"n": "3802", "s": 2}],
 ["I", {"n": "3802", "s": 2}]
]}]}
EOF
python3 "$BOOK" x.xlsx x.json || fail "book.py"
exits 1 "$K" eval x.rules x.xlsx -f ndjson > o 2> e
has o '{"id":"A","echo":{"name":null,"ok":true,"day":"1904-01-01","mon":"2014-06","counts":[5],"tags":["x","y"]}}' "row A"
r() { has e "x.xlsx: record $1 (id \"$2\"): error: sheet 'roster' cell $3, field '$4': $5" "$2's $4"; }
r 2 B B3 name 'the cell holds TRUE or FALSE, where text is wanted: type the text'
r 3 C B4 name 'the cell holds the number 3802 shown as a date, where text is wanted: format the column as Text (文本) and type it again (an id such as 007 typed as a number loses its zeros)'
r 4 D C5 ok 'the cell holds the number 1, not yes or no (write TRUE or FALSE, 是 or 否)'
r 5 E D6 day 'the number 2957004 is not a date Excel can show'
r 6 F E7 mon 'the cell is the date 2014-06-01, but the field is a month: write 2014-06 (as text)'
r 7 G G8 tags 'expected a list (values separated by commas, or a JSON list such as [true, false])'
r 8 H D9 day 'the cell holds the number 3802 shown through a number format: for a date, format the cell as a date (or type 2014-06-03 as text)'
r 9 I B10 name 'the cell holds the number 3802 shown through a number format, where text is wanted: format the column as Text (文本) and type it again (an id such as 007 typed as a number loses its zeros)'
has e 'x.xlsx: 9 records: 1 evaluated, 8 refused' "the count"

cat > y.json <<'EOF'
{"sheets": [{"name": "roster", "rows": [
 ["id", "day"],
 ["A", {"n": "61", "s": 1}],
 ["B", {"n": "60", "s": 1}],
 ["C", {"n": "0", "s": 1}],
 ["D", {"n": "41793"}]
]}]}
EOF
python3 "$BOOK" y.xlsx y.json || fail "book.py"
exits 1 "$K" eval x.rules y.xlsx -f ndjson > o 2> e
has o '{"id":"A","echo":{"name":null,"ok":null,"day":"1900-03-01",' "serial 61"
has o '{"id":"D","echo":{"name":null,"ok":null,"day":"2014-06-03",' "serial 41793"
has e "y.xlsx: record 2 (id \"B\"): error: sheet 'roster' cell B3, field 'day': the date serial 60 is 1900-02-29, a day that never was (an old Excel mistake): type the date" "serial 60"
has e "y.xlsx: record 3 (id \"C\"): error: sheet 'roster' cell B4, field 'day': the number 0 is not a date Excel can show" "serial 0"
echo "cov_xlsx_cells: ok"
