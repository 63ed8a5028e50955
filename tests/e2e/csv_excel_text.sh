#!/usr/bin/env bash
# The CSV keeps text as text for Excel (issue 18 item 5): with --excel-text a
# text cell that Excel or LibreOffice would read as a number, date, time,
# per cent, yes/no or formula is written ="..." and shows exactly as the
# text; every other cell is written as always.  Checked in LibreOffice Calc,
# headless: the CSV is opened and saved again as CSV (the values as Calc
# shows them), and every cell is read back.  Without --excel-text Calc turns
# 007 into 7 (why the option exists: the CSV is for programs, XLSX is exact).
set -eu
K=$(realpath "${KAOHE:-./kaohe}")
T=$(mktemp -d); trap 'rm -rf "$T"' EXIT
fail() { echo "csv_excel_text: FAIL: $*"; exit 1; }
command -v soffice >/dev/null || fail "LibreOffice Calc is needed (apt-get install libreoffice-calc)"
printf 'policy "ids"\ninput:\n    id: text, key\n    note: text\n    pay: money\noutput note_out = note\noutput total_pay = pay\n' > $T/p.rules
python3 - $T/in.json <<'PYEOF'
import json, sys
texts = ["007", "0012", "1E5", "2014-06", "2014/6/3", "3-Jun", "Jun 14", "10:30", "5%", "12.50", "1,234",
         "-5", "+86 138", "=1+1", "@sum", "TRUE", "false", "¥100", "(12)", "A,B", 'say "hi"', "普通文本",
         "CS-0101", "June bonus", "Room 101"]
recs = [{"id": f"R{i:02d}", "note": t, "pay": f"{i}.5"} for i, t in enumerate(texts)]
recs += [{"id": t, "note": "id " + t, "pay": 1} for t in ["007", "1E5", "2014-06"]]
json.dump(recs, open(sys.argv[1], "w"), ensure_ascii=False)
PYEOF
"$K" eval $T/p.rules $T/in.json --format csv --excel-text -o $T/excel.csv 2>/dev/null
"$K" eval $T/p.rules $T/in.json --format csv -o $T/plain.csv 2>/dev/null
# the rule itself, by hand: which cells are written ="..."
grep -qF '"=""007""",' $T/excel.csv || fail "007 as =\"007\""
grep -qF 'R21,普通文本,' $T/excel.csv || fail "plain text as it is"
grep -qF 'R23,June bonus,' $T/excel.csv || fail "a month name without a day stays as it is"
grep -qF 'R19,"A,B",' $T/excel.csv || fail "a comma: quoted only"
soffice_csv() { # convert $1 (CSV) to $2 (CSV of the values Calc shows)
    mkdir -p $T/lo-out
    soffice -env:UserInstallation=file://$T/lo-profile --headless --infilter="CSV:44,34,76,1" \
        --convert-to csv:"Text - txt - csv (StarCalc)":44,34,76,1 --outdir $T/lo-out "$1" > $T/lo.log 2>&1 \
        || { cat $T/lo.log; fail "LibreOffice could not convert $1"; }
    mv $T/lo-out/$(basename "$1") "$2"
}
soffice_csv $T/excel.csv $T/excel.back.csv
soffice_csv $T/plain.csv $T/plain.back.csv
python3 - $T/in.json $T/excel.back.csv $T/plain.back.csv <<'PYEOF' || fail "the cells read back"
import csv, json, sys
from decimal import Decimal
recs = json.load(open(sys.argv[1]))
rows = list(csv.reader(open(sys.argv[2], encoding="utf-8-sig")))
assert rows[0] == ["id", "note_out", "total_pay", "error"], rows[0]
assert len(rows) == len(recs) + 1, len(rows)
bad = []
for r, row in zip(recs, rows[1:]):
    row += [""] * (4 - len(row))
    if row[0] != r["id"]: bad.append(f"id {r['id']!r} shows {row[0]!r}")
    if row[1] != r["note"]: bad.append(f"note {r['note']!r} shows {row[1]!r}")
    if Decimal(row[2]) != Decimal(str(r["pay"])): bad.append(f"pay {r['pay']} shows {row[2]!r}")
    if row[3] != "": bad.append(f"error cell {row[3]!r}")
if bad:
    print("\n".join(bad)); sys.exit(1)
# without --excel-text, Calc reads 007 as the number 7: the option is needed
plain = list(csv.reader(open(sys.argv[3], encoding="utf-8-sig")))
assert plain[1][1] == "7", plain[1]
PYEOF
set +e; "$K" eval $T/p.rules $T/in.json --excel-text > /dev/null 2>&1; rc=$?; set -e
[ $rc = 2 ] || fail "--excel-text without CSV: status $rc"
echo "csv_excel_text: ok"
