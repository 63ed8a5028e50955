#!/usr/bin/env bash
# CSV that Excel opens: the bytes of tests/golden/csv-excel-cells compared in
# full (byte-order mark, CRLF, quoting, formula guard — the golden runner
# drops the last newline, this does not), --csv-no-bom, and the June 2014
# roster read back with Python's csv module (values from examples/ROSTERS.md).
set -eu
. tests/e2e/lib/exits.sh
K=${KAOHE:-./kaohe}; P=rules/customer-service-2014.rules; IN=examples/roster-2014-06.json
G=tests/golden/csv-excel-cells
T=$(mktemp -d); trap 'rm -rf "$T"' EXIT

KA=$(cd "$(dirname "$K")" && pwd)/$(basename "$K")
# exit status 1: record 6 is refused (its date 2014-06-31 does not exist)
(cd $G && exits 1 "$KA" eval policy.rules roster.json --format csv 2>/dev/null) > $T/cells.csv
cmp $T/cells.csv $G/expected.out || { echo "csv: bytes differ from $G/expected.out"; exit 1; }

# exit status 1: the June roster has 4 refused records (examples/ROSTERS.md)
exits 1 $K eval $P $IN --format csv -o $T/june.csv 2>/dev/null
exits 1 $K eval $P $IN --format csv --csv-no-bom -o $T/june-nobom.csv 2>/dev/null
[ "$(head -c 3 $T/june.csv | od -An -tx1 | tr -d ' ')" = efbbbf ] || { echo "csv: no byte-order mark"; exit 1; }
[ "$(head -c 2 $T/june-nobom.csv)" = id ] || { echo "csv: --csv-no-bom still writes a mark"; exit 1; }
cmp <(tail -c +4 $T/june.csv) $T/june-nobom.csv || { echo "csv: the mark is not the only difference"; exit 1; }

python3 - $T/june.csv <<'PY'
import csv, sys
raw = open(sys.argv[1], "rb").read()
lines = raw.split(b"\r\n")
assert lines[-1] == b"", "the file ends with CRLF"
assert all(b"\n" not in l and b"\r" not in l for l in lines), "every line ends in CRLF, no bare LF or CR"
assert len(lines) - 1 == 1 + 39, "a header and 39 records: %d lines" % (len(lines) - 1)
rows = list(csv.DictReader(open(sys.argv[1], encoding="utf-8-sig", newline="")))
by = {r["id"]: r for r in rows if r["error"] == ""}
assert len(rows) == 39 and len(by) == 35, (len(rows), len(by))
# ROSTERS.md: CS-0126 1900.00 + 500 + 780.00 + 120 = 3300.00; CS-0102 commission 0.08 x 7149.50 = 571.96
assert (by["CS-0126"]["base_paid"], by["CS-0126"]["allowance_paid"], by["CS-0126"]["total_pay"]) == ("1900.00", "780.00", "3300.00")
assert by["CS-0102"]["commission"] == "571.96"
assert by["CS-0109"]["carry.contact_strikes"] == "4" and by["CS-0109"]["bottom_flag"] == "true"
errs = [r["id"] for r in rows if r["error"]]
assert sorted(errs) == ["CS-0131", "CS-0131", "CS-0135", "CS-0136"], errs
PY
echo "payroll_csv: ok"
