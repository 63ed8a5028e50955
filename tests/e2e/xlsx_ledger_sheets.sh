#!/usr/bin/env bash
# XLSX output that scales (issue 18 item 3): past a sheet's last row
# (1,048,576) the ledgers go on on "ledgers 2", one agent's rows never split
# across two sheets, and the manifest sheet says where they are; with
# --no-ledgers they are left out, and the ledgers and manifest sheets say so.
# 10,600 agents with a 99-entry ledger: 100 rows each, 1,060,000 in all.
set -eu
K=$(realpath "${KAOHE:-./kaohe}")
T=$(mktemp -d); trap 'rm -rf "$T"' EXIT
fail() { echo "xlsx_ledger_sheets: FAIL: $*"; exit 1; }
python3 - "$T" <<'PYEOF'
import sys
t = sys.argv[1]
lines = ['policy "wide ledger"', 'input:', '    id: text, key', '    n: integer', 'output total = ledger from 0 yuan:']
lines += [f'    "entry {i}"  +{i} yuan when n > {i % 7}' for i in range(99)]
open(f"{t}/wide.rules", "w").write("\n".join(lines) + "\n")
with open(f"{t}/wide.ndjson", "w") as f:
    for i in range(10600):
        f.write('{"id": "A%05d", "n": %d}\n' % (i, i % 9))
PYEOF
"$K" eval $T/wide.rules $T/wide.ndjson --format xlsx -o $T/wide.xlsx 2>$T/err || { cat $T/err; fail "status $?"; }
python3 - "$T/wide.xlsx" <<'PYEOF' || fail "the workbook"
import re, sys, zipfile
z = zipfile.ZipFile(sys.argv[1])
wb = z.read("xl/workbook.xml").decode()
names = re.findall(r'<sheet name="([^"]+)"', wb)
assert names == ["results", "ledgers", "errors", "ledgers 2", "manifest"], names

def rows(part):
    n, tail = 0, b""
    with z.open(part) as f:
        while True:
            chunk = f.read(1 << 20)
            if not chunk:
                return n
            n += (tail + chunk).count(b"<row ") - tail.count(b"<row ")
            tail = chunk[-8:]

def first_cells(part, k):
    with z.open(part) as f:
        head = f.read(1 << 16).decode()
    return re.findall(r'<c r="([A-Z]+\d+)"[^>]*t="inlineStr"><is><t>([^<]*)</t>', head)[:k]

led1, led2 = rows("xl/worksheets/sheet2.xml") - 1, rows("xl/worksheets/sheet4.xml") - 1  # less the header
assert led1 + led2 == 10600 * 100, (led1, led2)
assert led1 == 10485 * 100, led1          # 10,485 agents fit under row 1,048,576; no agent is split
cells = dict(first_cells("xl/worksheets/sheet4.xml", 8))
assert cells.get("A2") == "A10485" and cells.get("C2") == "(start)", cells
man = z.read("xl/worksheets/sheet5.xml").decode()
assert "sheets ledgers to ledgers 2" in man
PYEOF
"$K" eval $T/wide.rules $T/wide.ndjson --format xlsx --no-ledgers -o $T/none.xlsx 2>$T/err || fail "--no-ledgers: status $?"
python3 - "$T/none.xlsx" <<'PYEOF' || fail "--no-ledgers workbook"
import re, sys, zipfile
z = zipfile.ZipFile(sys.argv[1])
names = re.findall(r'<sheet name="([^"]+)"', z.read("xl/workbook.xml").decode())
assert names == ["results", "ledgers", "errors", "manifest"], names
led = z.read("xl/worksheets/sheet2.xml").decode()
assert led.count("<row ") == 2 and "left out: --no-ledgers" in led
assert "left out (--no-ledgers)" in z.read("xl/worksheets/sheet4.xml").decode()
PYEOF
set +e; "$K" eval $T/wide.rules $T/wide.ndjson --no-ledgers > /dev/null 2>$T/err; rc=$?; set -e
[ $rc = 2 ] && grep -q -- "--no-ledgers is for --format xlsx" $T/err || fail "--no-ledgers without xlsx: status $rc"
echo "xlsx_ledger_sheets: ok"
