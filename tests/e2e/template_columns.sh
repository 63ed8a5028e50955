#!/usr/bin/env bash
# `kaohe template` (README, "kaohe template"; src/tools/kaohe_tools.h): the
# validation each column gets from its field (bounds that are plain numbers,
# negative ones too; a drop-down of the values of `one of`, kept in the
# hidden "_lists" sheet when too long to type in the rule, as Excel allows at
# most 255 characters there), CSV headers quoted as RFC 4180 wants, and what
# it refuses: a list with no key, a list whose name cannot name a sheet, an
# output it cannot write.  The workbook is read with Python's zipfile, as
# ECMA-376 lays it out (xl/workbook.xml, xl/worksheets/sheetN.xml).
set -eu
K=$(realpath "${KAOHE:-./kaohe}")
source "$(dirname "$0")/lib/exits.sh"
source "$(dirname "$0")/lib/expect.sh"
T=$(mktemp -d); trap 'rm -rf "$T"' EXIT
export NO_COLOR=1
# (under ASan: a leak of libxlsxwriter's own, see the file)
export LSAN_OPTIONS="${LSAN_OPTIONS:+$LSAN_OPTIONS:}suppressions=$(realpath "$(dirname "$0")")/lib/lsan-libxlsxwriter.supp:print_suppressions=0"
cd "$T"

# 30 codes of 10 characters: 30 x 11 = 330 characters, too long for a rule
codes=$(for i in $(seq -w 1 30); do printf '"category%s", ' $i; done)
cat > tpl.rules <<EOF
policy "template columns"
input:
    id "工号, agent id": text, key
    score "分数": decimal, at least -5
    calls "通次": integer, at most 100
    late "迟到": integer, less than 10
    rate: decimal
    grade "等级": one of ${codes%, }
    star: one of "none", "month"
    deals: list of record
        amt: money, within 0..1000
output n = count(deals)
EOF
exits 0 "$K" template tpl.rules -o tpl.xlsx 2> tpl.err
python3 - tpl.xlsx <<'PYEOF' || fail "the workbook's sheets and validations"
import re, sys, zipfile
z = zipfile.ZipFile(sys.argv[1])
wb = z.read("xl/workbook.xml").decode()
sheets = re.findall(r'<sheet name="([^"]*)"[^>]*?(state="hidden")?[^>]*/>', wb)
names = [s[0] for s in sheets]
assert names[0] == "roster" and sorted(names[1:]) == ["_lists", "deals"], names
assert "state=\"hidden\"" in re.search(r'<sheet name="_lists"[^>]*>', wb).group(0), wb
roster = z.read("xl/worksheets/sheet1.xml").decode()
def rule(col):
    m = re.search(r'<dataValidation ([^>]*)sqref="%s3:%s1048576"[^>]*>(.*?)</dataValidation>' % (col, col), roster)
    return (m.group(1), m.group(2)) if m else None
# B score >= -5, C calls <= 100, D late < 10 (whole numbers), E rate: none
a, f = rule("B"); assert 'type="decimal"' in a and 'operator="greaterThanOrEqual"' in a and "<formula1>-5</formula1>" in f, (a, f)
a, f = rule("C"); assert 'type="whole"' in a and 'operator="lessThanOrEqual"' in a and "<formula1>100</formula1>" in f, (a, f)
a, f = rule("D"); assert 'type="whole"' in a and 'operator="lessThan"' in a and "<formula1>10</formula1>" in f, (a, f)
assert rule("E") is None
# F grade: a range of _lists (its first column, 30 rows); G star: typed in the rule
a, f = rule("F"); assert 'type="list"' in a and "<formula1>_lists!$A$1:$A$30</formula1>" in f, (a, f)
a, f = rule("G"); assert 'type="list"' in a and '<formula1>"none,month"</formula1>' in f, (a, f)
sst = z.read("xl/sharedStrings.xml").decode()
assert "category01" in sst and "category30" in sst
# the deals sheet: its key first, then amt within 0..1000
deals = z.read("xl/worksheets/sheet%d.xml" % (names.index("deals") + 1)).decode()
# (no operator: "between" is the default)
m = re.search(r'<dataValidation ([^>]*)sqref="B3:B1048576"[^>]*><formula1>0</formula1><formula2>1000</formula2>', deals)
assert m and 'type="decimal"' in m.group(1) and 'operator=' not in m.group(1).replace('operator="between"', ''), deals
PYEOF

# CSV: a header with a comma is quoted
exits 0 "$K" template tpl.rules --format csv -o tpl.csv 2> csv.err
first=$(head -1 tpl.csv | tr -d '\r')
[ "$first" = $'\xef\xbb\xbf"工号, agent id",分数,通次,迟到,rate,等级,star' ] || fail "CSV header: $first"
has csv.err "the list 'deals' goes in tpl.deals.csv" "the list's file named"
[ "$(head -1 tpl.deals.csv | tr -d '\r')" = $'\xef\xbb\xbf"工号, agent id",amt' ] || fail "the list's CSV header"

# refused
printf 'policy "no key"\ninput:\n    id: text\n    deals: list of record\n        profit: money\noutput n = count(deals)\n' > nokey.rules
set +e; "$K" template nokey.rules -o x.xlsx 2> nokey.err; rc=$?; set -e
[ $rc = 4 ] || fail "a list without a key: status $rc"
has nokey.err "the policy has no key field: the rows of the list 'deals' could not say whose entries they are" "no key"
long=a_list_name_longer_than_31_characters
printf 'policy "long"\ninput:\n    id: text, key\n    %s: list of record\n        a: integer\noutput n = count(%s)\n' $long $long > long.rules
set +e; "$K" template long.rules -o x.xlsx 2> long.err; rc=$?; set -e
[ $rc = 4 ] || fail "a list name too long for a sheet: status $rc"
has long.err "the list '$long' cannot name a sheet (at most 31 characters, none of []:*?/\\)" "a long list name"
[ ! -e x.xlsx ] || fail "a refused template was written"
# a list called Roster: Excel's sheet names ignore case, so it would be the roster's sheet
printf 'policy "r"\ninput:\n    id: text, key\n    Roster: list of record\n        a: integer\noutput n = count(Roster)\n' > clash.rules
set +e; "$K" template clash.rules -o x.xlsx > /dev/null 2> clash.err; rc=$?; set -e
[ $rc = 4 ] || fail "a list called Roster: status $rc"
has clash.err "cannot add the sheet 'Roster'" "a list called Roster"
# the CSV template of a policy with lists needs -o (a file per list)
set +e; "$K" template tpl.rules --format csv > /dev/null 2> nolist.err; rc=$?; set -e
[ $rc = 2 ] || fail "CSV template with lists to standard output: status $rc"
has nolist.err "the policy has lists of records ('deals'): a CSV template needs -o FILE.csv" "CSV lists without -o"
# a policy with no input has nothing to fill in
printf 'policy "x"\nparam a = 1\noutput o = a\n' > noin.rules
set +e; "$K" template noin.rules -o x.xlsx 2> noin.err; rc=$?; set -e
[ $rc = 4 ] || fail "no input: status $rc"
has noin.err "the policy has no input schema: there is nothing to fill in" "no input"
[ ! -e x.xlsx ] || fail "an empty template was written"
# what cannot be written is an error, never a short file
printf 'policy "flat"\ninput:\n    id: text, key\n    pay: money\noutput pay_out = pay\n' > flat.rules
set +e; "$K" template flat.rules --format csv -o /dev/full 2> full.err; rc=$?; set -e
[ $rc = 4 ] && grep -qF "cannot write the headers" full.err || fail "CSV to a full device: status $rc: $(cat full.err)"
set +e; "$K" template flat.rules -o /dev/full 2> full.err; rc=$?; set -e
[ $rc = 4 ] && grep -qF "cannot write the workbook" full.err || fail "XLSX to a full device: status $rc: $(cat full.err)"
set +e; TMPDIR=$T/none "$K" template flat.rules -o x.xlsx 2> tmp.err; rc=$?; set -e
[ $rc = 4 ] && grep -qF "cannot make a temporary file for the workbook" tmp.err || fail "no temporary directory: status $rc: $(cat tmp.err)"
# ---- more columns: a strict lower bound, a bound that names a field (no
# number to check against: any whole number), a second long list (28 x 9 =
# 252 characters: the next
# column of _lists), a label too long for a column (at most 40 wide); a
# policy without a title is "kaohe roster"
codes2=$(for i in $(seq -w 1 28); do printf '"region%s", ' $i; done)
cat > more.rules <<EOF
input:
    id: text, key
    calls: integer
    paid "到款": money, more than 0
    extra: integer, at least -calls
    grade: one of ${codes%, }
    region: one of ${codes2%, }
    note "这是一个非常长的标签, a label far longer than any column is wide": text, optional
output n = calls
EOF
exits 0 "$K" template more.rules -o more.xlsx 2>/dev/null
python3 - more.xlsx <<'PYEOF' || fail "more columns"
import re, sys, zipfile
z = zipfile.ZipFile(sys.argv[1])
ws = z.read("xl/worksheets/sheet1.xml").decode()
def rule(col):
    m = re.search(r'<dataValidation ([^>]*)sqref="%s3:%s1048576"[^>]*>(.*?)</dataValidation>' % (col, col), ws)
    return (m.group(1), m.group(2)) if m else None
a, f = rule("C"); assert 'type="decimal"' in a and 'operator="greaterThan"' in a and "<formula1>0</formula1>" in f, (a, f)
a, f = rule("D"); assert 'type="whole"' in a and "<formula1>-1000000000000000</formula1><formula2>1000000000000000</formula2>" in f, (a, f)
a, f = rule("E"); assert "<formula1>_lists!$A$1:$A$30</formula1>" in f, f
a, f = rule("F"); assert "<formula1>_lists!$B$1:$B$28</formula1>" in f, f
widths = [float(w) for w in re.findall(r'<col [^>]*width="([0-9.]+)"', ws)]
assert widths and max(widths) <= 41, widths
core = z.read("docProps/core.xml").decode()
assert "<dc:title>kaohe roster</dc:title>" in core, core
PYEOF
# an empty TMPDIR is /tmp
set +e; TMPDIR= "$K" template flat.rules -o empty-tmpdir.xlsx 2> et.err; rc=$?; set -e
[ $rc = 0 ] && [ -s empty-tmpdir.xlsx ] || fail "TMPDIR empty: status $rc: $(cat et.err)"

# ---- the command line
# the list's file is named after the output: FILE.csv -> FILE.LIST.csv, any other name gets .LIST.csv
exits 0 "$K" template tpl.rules --format csv -o tpl.txt 2>/dev/null
[ -s tpl.txt ] && [ -s tpl.txt.deals.csv ] || fail "-o tpl.txt: $(ls)"
mkdir -p dir.x
exits 0 "$K" template tpl.rules --format csv -o dir.x/tpl 2>/dev/null
[ -s dir.x/tpl ] && [ -s dir.x/tpl.deals.csv ] || fail "-o dir.x/tpl: $(ls dir.x)"
# a list's file that cannot be written: nothing is written
mkdir -p blk/t.deals.csv
set +e; "$K" template tpl.rules --format csv -o blk/t.csv 2> blk.err; rc=$?; set -e
[ $rc = 4 ] && grep -qF "cannot write 'blk/t.deals.csv'" blk.err || fail "an unwritable list file: status $rc: $(cat blk.err)"
[ ! -e blk/t.csv ] || fail "the template was written though its list's file was not"
# a CSV template without lists goes to standard output
exits 0 "$K" template flat.rules --format csv > flat.out 2>/dev/null
[ "$(tr -d '\r' < flat.out)" = $'\xef\xbb\xbfid,pay\nid,pay' ] || fail "CSV template on standard output: $(cat flat.out)"
# usage errors (status 2) and a policy with errors (status 3)
for args in "--bogus" "" "flat.rules -o -"; do
    set +e; "$K" template $args > /dev/null 2> u.err; rc=$?; set -e
    [ $rc = 2 ] || fail "template $args: status $rc"
done
has u.err "an XLSX template needs -o FILE" "-o - for a workbook"
set +e; "$K" template tpl.rules --format csv -o - > /dev/null 2> u.err; rc=$?; set -e
[ $rc = 2 ] && grep -qF "a CSV template needs -o FILE.csv" u.err || fail "CSV lists to -o -: status $rc"
printf 'input:\n    id: text, key\n    x: nosuchtype\n' > broken.rules
set +e; "$K" template broken.rules -o b.xlsx > /dev/null 2>&1; rc=$?; set -e
[ $rc = 3 ] && [ ! -e b.xlsx ] || fail "a policy with errors: status $rc"
# a CSV template of a list in a list: refused as the workbook is
printf 'policy "n"\ninput:\n    id: text, key\n    deals: list of record\n        items: list of record\n            x: integer\noutput n = count(deals)\n' > nested.rules
set +e; "$K" template nested.rules --format csv -o n.csv > /dev/null 2> n.err; rc=$?; set -e
[ $rc = 4 ] && grep -qF "is inside the list 'deals'" n.err || fail "CSV template of nested lists: status $rc: $(cat n.err)"
echo "template_columns: ok"
