#!/usr/bin/env bash
# A CSV roster's cells read for every kind of field (README "Rosters":
# numbers, dates, months, yes/no and lists typed as Excel users type them),
# with the values and the refusals worked out by hand:
# - good cells: full-width digits (１２ = 12), blanks and tabs around a
#   number, exponents (1.5e2 = 150, 2.5E-1 = 0.25), a per cent for a
#   decimal (50% = 0.5), 是/否 and TRUE/FALSE, dates with / or -, a date
#   with a time of 00:00:00 for a date, months as 2014/6 or 2014-06-01, a
#   date and time with T or a blank and an hour of one digit, lists
#   separated by , ， 、 or ; and JSON lists;
# - bad cells, one per record, each refused with the cell and the field:
#   1e, 50% and 2.5 and 1e-2 for a whole number, text of more than 40
#   characters (cut at a whole character, "…"), maybe for yes/no, a day
#   other than the 1st (or a time) for a month, month 13, a time for a
#   date, 25 o'clock, a list that is not closed, a bad entry of a list;
# - the file itself: a quoted header cell and lines ended by CR alone; GBK
#   text (the GBK advice), other bytes that are not UTF-8, text after a
#   closing quote: the whole file refused (exit status 4).
set -u
. "$(dirname "$0")/lib/scratch.sh"
. "$(dirname "$0")/lib/expect.sh"
. "$(dirname "$0")/lib/exits.sh"
cd "$T"

cat > cells.rules <<'EOF'
input:
    id: text, key
    n: integer, optional
    pay: money, optional
    rate: decimal, optional
    ok: boolean, optional
    day: date, optional
    mon: month, optional
    stamp: datetime, optional
    counts: list of integer, optional
    days: list of date, optional
    months: list of month, optional
    flags: list of boolean, optional
output echo = {n: n, pay: pay, rate: rate, ok: ok, day: day, mon: mon, stamp: stamp, counts: counts, days: days, months: months, flags: flags}
EOF

printf '%s\n' 'id,n,pay,rate,ok,day,mon,stamp,counts,days,months,flags' \
 'A,１２,1.5e2,50%,是,2014-06-03 00:00:00,2014/6,2014-06-03T10:30:00,"1，2、3;4",2014-06-03、2014/6/4,"2014-06,2014/7","TRUE,否"' \
 $'B,\t7\t, 3 ,2.5E-1,FALSE,2014/6/3,2014-06-01,2014-06-03 9:05,"[1, 2]",2014-6-3,2014-6,"是;false"' > good.csv
exits 0 "$K" eval cells.rules good.csv -f ndjson > o 2> e
has o '{"id":"A","echo":{"n":12,"pay":150.00,"rate":0.5,"ok":true,"day":"2014-06-03","mon":"2014-06","stamp":"2014-06-03T10:30:00","counts":[1,2,3,4],"days":["2014-06-03","2014-06-04"],"months":["2014-06","2014-07"],"flags":[true,false]}}' "row A"
has o '{"id":"B","echo":{"n":7,"pay":3.00,"rate":0.25,"ok":false,"day":"2014-06-03","mon":"2014-06","stamp":"2014-06-03T09:05:00","counts":[1,2],"days":["2014-06-03"],"months":["2014-06"],"flags":[true,false]}}' "row B"

printf '%s\n' 'id,n,pay,rate,ok,day,mon,stamp,counts,days,months,flags' \
 'C,1e,,,,,,,,,,' \
 'D,50%,,,,,,,,,,' \
 'G,考核考核考核考核考核考核考核考核考核考核,,,,,,,,,,' \
 'H,,,,maybe,,,,,,,' \
 'I,,,,,,2014-06-15,,,,,' \
 'J,,,,,,2014-13,,,,,' \
 'K,,,,,2014-06-03 10:30,,,,,,' \
 'L,,,,,,,2014-06-03 25:00,,,,' \
 'M,,,,,,,,"[1,",,,' \
 'N,,,,,,,,"1,x",,,' \
 'O,2.5,,,,,,,,,,' \
 'P,,,,,,2014-06-01 08:00,,,,,' \
 'R,,,,,,,,,,,"是,perhaps"' \
 'S,1e-2,,,,,,,,,,' > bad.csv
exits 1 "$K" eval cells.rules bad.csv -f ndjson > o 2> e
r() { has e "bad.csv: record $1 (id \"$2\"): error: bad.csv cell $3, field '$4': $5" "$2's $4"; }
r 1 C B2 n '"1e" is not a whole number'
r 2 D B3 n '"50%" is not a whole number (a per cent is not allowed here)'
# 40 bytes end inside the 14th character: 13 are shown
r 3 G B4 n '"考核考核考核考核考核考核考…" is not a whole number'
r 4 H E5 ok '"maybe" is not yes or no (write TRUE or FALSE, 是 or 否)'
r 5 I G6 mon 'the cell is the date 2014-06-15, but the field is a month: write 2014-06 (as text)'
r 6 J G7 mon 'month 13 does not exist'
r 7 K F8 day 'the cell has a time of day, but the field is a date: give the date alone'
r 8 L H9 stamp 'expected YYYY-MM-DDThh:mm:ss'
r 9 M I10 counts '"[1," is not a JSON list'
r 10 N I11 counts 'entry 2: "x" is not a whole number'
r 11 O B12 n '2.5 is not a whole number'
r 12 P G13 mon 'the cell is the date 2014-06-01, but the field is a month: write 2014-06 (as text)'
r 13 R L14 flags 'entry 2: "perhaps" is not yes or no (write TRUE or FALSE, 是 or 否)'
r 14 S B15 n '0.01 is not a whole number'
has e 'bad.csv: 14 records: 0 evaluated, 14 refused' "every bad row refused"

# a quoted first header cell, lines ended by CR alone, a quoted last cell
printf '"id",n\rA,1\rB,"2"\r' > cr.csv
exits 0 "$K" eval cells.rules cr.csv -f ndjson > o 2> e
has o '{"id":"A","echo":{"n":1,' "CR lines: A"
has o '{"id":"B","echo":{"n":2,' "CR lines: B"

# whole files refused: file CONTENT MESSAGE
refused() {
    printf "$2" > "$1"
    exits 4 "$K" eval cells.rules "$1" -o out.json > o 2> e
    [ "$(cat e)" = "kaohe: $1: $3" ] || fail "$1: standard error
$(cat e)
expected
kaohe: $1: $3"
    [ -e out.json ] && fail "$1: out.json was written"
}
# 考 in GBK is BF BC
refused gbk.csv 'id,n\nA,\xbf\xbc\n' "cell B2: the file is not UTF-8 (it reads as GBK, which Excel's \"CSV\" format writes on a Chinese Windows): save it as \"CSV UTF-8 (逗号分隔)(*.csv)\", or convert it with iconv -f GBK -t UTF-8"
# BF 7F is no GBK pair, nor is a lead byte at the end of a cell
refused bad7f.csv 'id,n\nA,\xbf\x7f\n' 'cell B2: the file is not UTF-8 (byte 0xBF): save it as "CSV UTF-8"'
refused lead.csv 'id,n\nA,a\xbf\n' 'cell B2: the file is not UTF-8 (byte 0xBF): save it as "CSV UTF-8"'
refused after.csv 'id,n\nA,"1"x\n' 'cell B2: text after the closing quote of a quoted cell'
echo "cov_csv_cells: ok"
