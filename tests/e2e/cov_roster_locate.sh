#!/usr/bin/env bash
# Where a refused record of a CSV roster went wrong, said by its cell (README
# "Rosters": errors name the sheet or file, the cell and the field), worked
# out by hand: a bad cell of a labelled field carries the label; every bad
# cell of a row is named, however many; a value out of bounds and a missing
# cell name their cells; an error of the rules (division by zero) names
# the row.  Then what kind of input a roster is: an empty zip archive is a
# workbook that is damaged (exit status 4); *.NDJSON in capitals is JSON; a
# CSV roster and JSON with a byte-order mark read through a pipe.
set -u
. "$(dirname "$0")/lib/scratch.sh"
. "$(dirname "$0")/lib/expect.sh"
. "$(dirname "$0")/lib/exits.sh"
cd "$T"

cat > loc.rules <<'EOF'
input:
    id "工号": text, key
    a "甲": integer
    b: integer
    c: integer
    d: integer
    e: integer
    f: integer
    g: integer, at least 1
output q = 100 / a
EOF
printf '%s\n' 'id,a,b,c,d,e,f,g' 'A,0,1,1,1,1,1,1' 'B,x,x,x,x,x,x,x' 'C,1,1,1,1,1,1,0' 'D,1,1,1,1,1,1,' 'E,4,1,1,1,1,1,1' > loc.csv
exits 1 "$K" eval loc.rules loc.csv -f ndjson > o 2> e
has e 'loc.csv: record 1 (id "A"): error: loc.csv row 2: division by zero in q (loc.rules:10:12)' "an error of the rules: the row"
w='"x" is not a whole number'
has e "loc.csv: record 2 (id \"B\"): error: loc.csv cell B3, field 'a' (甲): $w; loc.csv cell C3, field 'b': $w; loc.csv cell D3, field 'c': $w; loc.csv cell E3, field 'd': $w; loc.csv cell F3, field 'e': $w; loc.csv cell G3, field 'f': $w; loc.csv cell H3, field 'g': $w" "seven bad cells, each named"
has e "loc.csv: record 3 (id \"C\"): error: loc.csv cell H4, field 'g': 0 is less than the minimum 1" "a bound"
has e "loc.csv: record 4 (id \"D\"): error: loc.csv cell H5, field 'g': missing" "an empty cell"
has o '{"id":"E","q":25}' "E: 100 / 4"
has e 'loc.csv: 5 records: 1 evaluated, 4 refused' "the count"

# an empty zip archive (its end record alone) is taken for a workbook
printf 'PK\005\006\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0' > empty.zip
exits 4 "$K" eval loc.rules empty.zip -o out.json > o 2> e
has e "kaohe: empty.zip: the workbook has no part 'xl/workbook.xml' (it is not an Excel .xlsx workbook, or it is damaged)" "an empty zip"
[ -e out.json ] && fail "an empty zip: out.json was written"

# a name ending .NDJSON is JSON whatever its case (this one starts like a CSV
# header would not: it is refused by the JSON reader, not read as CSV)
printf 'id,a\n' > R.NDJSON
exits 1 "$K" eval loc.rules R.NDJSON -f ndjson > o 2> e
has e "R.NDJSON: record 1: error:" "*.NDJSON read as JSON"

# through a pipe: CSV, and JSON after a byte-order mark
printf 'id,a,b,c,d,e,f,g\nP,5,1,1,1,1,1,1\n' | exits 0 "$K" eval loc.rules - -f ndjson > o 2> e
has o '{"id":"P","q":20}' "CSV through a pipe"
printf '\357\273\277{"id":"Q","a":50,"b":1,"c":1,"d":1,"e":1,"f":1,"g":1}\n' | exits 0 "$K" eval loc.rules - -f ndjson > o 2> e
has o '{"id":"Q","q":2}' "JSON after a byte-order mark through a pipe"
echo "cov_roster_locate: ok"
