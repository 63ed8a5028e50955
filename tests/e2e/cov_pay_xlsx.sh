#!/usr/bin/env bash
# kaohe eval --format xlsx (src/xlsx.c), read back with Python's zipfile and
# XML parser (tests/e2e/payroll/xlsx_read.py): every kind of cell (a
# datetime and a date as Excel serials, a month, a one-of and a list as
# text, absent money as no cell, nested objects flattened), a text of more
# than 32,767 bytes but fewer characters (written whole: Excel's limit is
# 32,767 characters), a text longer than a cell holds (the workbook is
# refused with where the cell is; nothing is cut), the ledgers and errors sheets, a policy without key or title, the
# temporary file's directory (TMPDIR), and outputs that cannot be written.
# Fixtures: tests/e2e/cov_pay/cells.rules, cells.json, nokey.rules.
set -eu
K=${KAOHE:-./kaohe}; D=tests/e2e/cov_pay
T=$(mktemp -d); trap 'rm -rf "$T"' EXIT
fail() { echo "cov_pay_xlsx: $*"; exit 1; }

# B's note: 13334 x 汉 (3 bytes each, 40002 bytes); a cell holds 32767
# characters: all 13334 of them
python3 - $D/cells.json $T/cells.json <<'PY'
import json, sys
recs = json.load(open(sys.argv[1]))
recs[1]["note"] = "汉" * 13334
json.dump(recs, open(sys.argv[2], "w"), ensure_ascii=False)
PY
rc=0; "$K" eval $D/cells.rules $T/cells.json --format xlsx -o $T/cells.xlsx 2> $T/err || rc=$?
[ $rc = 1 ] || fail "cells: exit status $rc (C is in error): $(cat $T/err)"
mkdir $T/tmp
rc=0; TMPDIR=$T/tmp "$K" eval $D/nokey.rules $D/nokey.json --format xlsx -o $T/nokey.xlsx 2>/dev/null || rc=$?
[ $rc = 1 ] || fail "nokey: exit status $rc"
[ -z "$(ls -A $T/tmp)" ] || fail "TMPDIR: left $(ls $T/tmp)"
rc=0; TMPDIR= "$K" eval $D/nokey.rules $D/nokey.json --format xlsx -o $T/nokey2.xlsx 2>/dev/null || rc=$?
[ $rc = 1 ] && cmp $T/nokey.xlsx $T/nokey2.xlsx || fail "TMPDIR empty: exit status $rc, or a different workbook"
# a key without a label; a ledger no output needs (never evaluated: no rows)
"$K" eval $D/chain.rules $D/chain.json --format xlsx -o $T/chain.xlsx

PYTHONPATH=tests/e2e/payroll python3 - $T/cells.xlsx $T/nokey.xlsx $T/chain.xlsx <<'PY'
import sys, zipfile
from xlsx_read import read_xlsx
fails = []
def check(cond, what):
    if not cond: fails.append(what)

wb = read_xlsx(sys.argv[1])   # parses every sheet: fails on a cut character
check(list(wb) == ["results", "ledgers", "errors", "manifest"], list(wb))
res = wb["results"]
head = [c.value for _, c in sorted(res.row(1).items(), key=lambda kv: (len(kv[0]), kv[0]))]
check(head == ["id", "stamp_out", "m_out", "lvl_out", "tags_out", "extra_out", "long_out", "day",
               "nested.a.b", "nested.a.c", "nested.d", "pr.n", "score", "error"], head)
check({k: c.value for k, c in res.row(2).items()} == {"A": "工号"}, res.row(2))   # only id has a label
def cell(ref): return res.cell(ref)
def want(ref, kind, value, fmt):
    c = cell(ref)
    ok = c is not None and c.kind == kind and (abs(c.value - value) < 1e-9 if kind == "num" else c.value == value) and c.fmt == fmt
    check(ok, "%s: %s, expected %s %r %s" % (ref, c, kind, value, fmt))
# A: 2014-06-03 is serial 41793 (2014-06-01 is 41791); 14:05:09 is 50709/86400 of a day
want("A3", "str", "A", "General")
want("B3", "num", 41793 + 50709 / 86400, "yyyy-mm-dd hh:mm:ss")
want("C3", "str", "2014-06", "General")
want("D3", "str", "b", "General")
want("E3", "str", '["x","y"]', "General")
want("F3", "num", 5, "0.00")
want("G3", "str", "hi", "General")
want("H3", "num", 41793, "yyyy-mm-dd")
want("I3", "str", "2014-06", "General"); want("J3", "str", "b", "General"); want("K3", "num", 5, "0.00")
want("L3", "num", 0, "General")           # no prior: its default
want("M3", "num", 8, "General")           # 10 - 1 x 2 tags
# B: midnight is a whole day; no extra: no cell; the long note whole (13334 characters)
want("B4", "num", 41794, "yyyy-mm-dd hh:mm:ss")
want("E4", "str", "[]", "General")
check(cell("F4") is None and cell("K4") is None, "absent money: %s %s" % (cell("F4"), cell("K4")))
g4 = cell("G4")
check(g4 is not None and g4.value == "汉" * 13334 and g4.fmt == "General",
      "G4: %s characters, expected 13334" % (len(g4.value) if g4 else None))
want("L4", "num", 3, "General")
want("M4", "num", 10, "General")
# C: refused; its id and the reason in the last column, and on the errors sheet
want("A5", "str", "C", "General")
want("N5", "str", "field 'stamp': expected YYYY-MM-DDThh:mm:ss", "General")
check(sorted(res.row(5)) == ["A", "N"], res.row(5))
err = wb["errors"]
check([(c.kind, c.value) for _, c in sorted(err.row(2).items())] ==
      [("num", 3), ("str", "C"), ("str", "field 'stamp': expected YYYY-MM-DDThh:mm:ss")], err.row(2))
# widths: the long text is capped at 60; id (header 工号 = 4 columns) has the
# minimum 8; a datetime is 19 + 2
w = res.widths()
check(int(w[7]) == 60 and int(w[1]) == 8 and int(w[2]) == 21, w)  # stored with Excel's padding (+0.71)
# ledgers: the score, not money (General), start and entries, applied or not
led = wb["ledgers"]
rows = [[(c.value, c.fmt) if k == "D" else c.value for k, c in sorted(r.items())] for n, r in sorted(led.rows.items()) if n > 1]
check(rows == [["A", "score", "(start)", (10, "General"), True], ["A", "score", "x", (-2, "General"), True],
               ["B", "score", "(start)", (10, "General"), True], ["B", "score", "x", (0, "General"), False]], rows)
core = zipfile.ZipFile(sys.argv[1]).read("docProps/core.xml").decode()
check("<dc:title>表 cells</dc:title>" in core, core)

# without a key or a title: no id cells anywhere, the error in the last column
nk = read_xlsx(sys.argv[2])
r = nk["results"]
check([c.value for _, c in sorted(r.row(1).items())] == ["id", "pay", "error"], r.row(1))
check(r.row(2) == {}, "no labels: %s" % r.row(2))
check(sorted(r.row(3)) == ["B"] and r.cell("B3").value == 2.5 and r.cell("B3").fmt == "0.00", r.row(3))
check(sorted(r.row(4)) == ["C"] and r.cell("C4").value == "field 'n': expected a number, found a text", r.row(4))
e = nk["errors"]
check(sorted(e.row(2)) == ["A", "C"] and e.cell("A2").value == 2, e.row(2))
led = [[c.value for _, c in sorted(row.items())] for n, row in sorted(nk["ledgers"].rows.items()) if n > 1]
check(led == [["pay", "(start)", 0, True], ["pay", "base", 2.5, True]], led)
core = zipfile.ZipFile(sys.argv[2]).read("docProps/core.xml").decode()
check("<dc:title>kaohe results</dc:title>" in core, core)
# a key without a label: no label in A2; the unused ledger has no rows
ch = read_xlsx(sys.argv[3])
check(ch["results"].row(2) == {}, "chain labels: %s" % ch["results"].row(2))
check(len(ch["ledgers"].rows) == 1, "chain ledgers: %s" % ch["ledgers"].rows)
check(ch["results"].cell("B3").value == 1 and ch["results"].cell("C3") == ("num", 1, "0.00"), ch["results"].row(3))  # carry.n, pay
if fails:
    print("cov_pay_xlsx: FAIL\n  " + "\n  ".join(map(str, fails))); sys.exit(1)
PY

# Excel's limit, counted as Excel does (UTF-16 units): 32767 x 汉 fit; one
# more, or 32766 of them and one character beyond the BMP (two units), do
# not: exit 4, no workbook, and the message says where the cell is
long_note() { # NAME TEXT-EXPRESSION
    python3 - $D/cells.json $T/$1.json "$2" <<'PY'
import json, sys
recs = json.load(open(sys.argv[1]))
recs[1]["note"] = eval(sys.argv[3])
json.dump(recs, open(sys.argv[2], "w"), ensure_ascii=False)
PY
}
long_note fits '"汉" * 32767'
rc=0; "$K" eval $D/cells.rules $T/fits.json --format xlsx -o $T/fits.xlsx 2> $T/err || rc=$?
[ $rc = 1 ] || fail "32767 characters: exit status $rc: $(cat $T/err)"
PYTHONPATH=tests/e2e/payroll python3 -c "
import sys
from xlsx_read import read_xlsx
v = read_xlsx('$T/fits.xlsx')['results'].cell('G4').value
sys.exit(0 if v == '汉' * 32767 else 'G4 holds %d characters' % len(v))" || fail "32767 characters were not written whole"
rm -f $T/fits.json $T/fits.xlsx
for t in '"汉" * 32768' '"汉" * 32766 + "\U00020000"'; do
    long_note over "$t"
    rc=0; "$K" eval $D/cells.rules $T/over.json --format xlsx -o $T/over.xlsx 2> $T/err || rc=$?
    n=32768
    [ $rc = 4 ] && [ ! -e $T/over.xlsx ] && [ "$(tail -1 $T/err)" = "kaohe: the results sheet, row 4, column 'long_out' (record 2, id \"B\"): the text is $n characters, more than the 32767 an Excel cell holds; nothing is cut: use --format csv or json for this input ($T/over.xlsx)" ] \
        || fail "over the limit ($t): rc $rc $(tail -1 $T/err)"
    rm -f $T/over.json
done
# numbers past int64 (num.h): a cell's double cannot hold them, so each is
# its exact decimal as text; a number that fits stays a number cell
printf 'input:\n    id: text, key\n    pay: money\n    r: decimal\noutput big = pay * 100000000000000000 * 100\noutput small = pay\noutput tiny = r\n' > $T/big.rules
echo '[{"id":"A","pay":"12.34","r":1e-19}]' > $T/big.json
"$K" eval $T/big.rules $T/big.json --format xlsx -o $T/big.xlsx
PYTHONPATH=tests/e2e/payroll python3 - $T/big.xlsx <<'PY'
import sys
from xlsx_read import read_xlsx
res = read_xlsx(sys.argv[1])["results"]
got = [res.cell(r) for r in ("B3", "C3", "D3")]
want = [("str", "123400000000000000000.00", "General"), ("num", 12.34, "0.00"), ("str", "0.0000000000000000001", "General")]
if [tuple(c) for c in got] != want:
    print("cov_pay_xlsx: FAIL big numbers: %s, expected %s" % (got, want)); sys.exit(1)
PY
rm $T/big.rules $T/big.json $T/big.xlsx

# a temporary directory that is not there; an output that cannot be made;
# a full device: exit status 4, a message naming the output (not the
# input), and nothing left behind
rc=0; TMPDIR=$T/none "$K" eval $D/nokey.rules $D/nokey.json --format xlsx -o $T/x.xlsx 2> $T/err || rc=$?
[ $rc = 4 ] && [ ! -e $T/x.xlsx ] && [ "$(tail -1 $T/err)" = \
    "kaohe: cannot create a temporary file for the workbook: No such file or directory ($T/x.xlsx)" ] \
    || fail "TMPDIR missing: rc $rc $(cat $T/err)"
rc=0; "$K" eval $D/nokey.rules $D/nokey.json --format xlsx -o $T/none/x.xlsx 2> $T/err || rc=$?
[ $rc = 4 ] && [ "$(cat $T/err)" = "kaohe: cannot write '$T/none/x.xlsx': the directory '$T/none' does not exist" ] \
    || fail "unwritable path: rc $rc $(cat $T/err)"
rc=0; "$K" eval $D/nokey.rules $D/nokey.json --format xlsx -o /dev/full 2> $T/err || rc=$?
[ $rc = 4 ] && grep -q "cannot write the workbook.*(/dev/full)" $T/err || fail "/dev/full: rc $rc $(cat $T/err)"
[ "$(ls -A $T | sort | tr '\n' ' ')" = "cells.json cells.xlsx chain.xlsx err nokey.xlsx nokey2.xlsx tmp " ] || fail "left behind: $(ls -A $T)"
echo "cov_pay_xlsx: ok"
