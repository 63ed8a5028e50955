#!/usr/bin/env bash
# XLSX (kaohe eval --format xlsx): read back with Python's zipfile + XML parser
# (tests/e2e/payroll/xlsx_read.py), checking typed cells against values worked
# out by hand in examples/ROSTERS.md, the ledgers, errors and manifest sheets,
# frozen header rows, column widths for Chinese labels, fixed document dates
# and byte-for-byte reproducibility; a workbook is never written to stdout.
set -eu
. tests/e2e/lib/exits.sh
K=${KAOHE:-./kaohe}; P=rules/customer-service-2014.rules; IN=examples/roster-2014-06.json
G=tests/golden/csv-excel-cells
T=$(mktemp -d); trap 'rm -rf "$T"' EXIT

rc=0; $K eval $P $IN --format xlsx -o $T/june.xlsx 2>/dev/null || rc=$?
[ $rc = 1 ] || { echo "xlsx: exit status $rc, expected 1 (4 records in error)"; exit 1; }
exits 1 $K eval $P $IN --format xlsx -o $T/again.xlsx 2>/dev/null
cmp $T/june.xlsx $T/again.xlsx || { echo "xlsx: two runs on the same input differ"; exit 1; }

# never to standard output (and nothing written)
rc=0; $K eval $P $IN --format xlsx > $T/stdout.bin 2> $T/err || rc=$?
[ $rc = 2 ] && [ ! -s $T/stdout.bin ] && grep -q "needs -o FILE" $T/err || { echo "xlsx: stdout not refused"; exit 1; }

rc=0; $K eval $G/policy.rules $G/roster.json --format xlsx -o $T/cells.xlsx 2>/dev/null || rc=$?
[ $rc = 1 ] || { echo "xlsx: cells exit status $rc"; exit 1; }

P_SHA=$(sha256sum $P | cut -d' ' -f1)
I_SHA=$(sha256sum rules/customer-service-2014/input.rules | cut -d' ' -f1)
IN_SHA=$(sha256sum $IN | cut -d' ' -f1)

PYTHONPATH=tests/e2e/payroll python3 - "$T/june.xlsx" "$T/cells.xlsx" "$IN" "$P_SHA" "$I_SHA" "$IN_SHA" <<'PY'
import json, sys
from xlsx_read import read_xlsx, core_dates, col_letter

june, cells, roster, p_sha, i_sha, in_sha = sys.argv[1:]
fails = []
def check(cond, what):
    if not cond:
        fails.append(what)

wb = read_xlsx(june)
check(list(wb) == ["results", "ledgers", "errors", "manifest"], "sheets: %s" % list(wb))
res = wb["results"]

# header: names in row 1, labels in row 2, both frozen with the id column
names = {c.value: col for col, c in res.row(1).items()}
check(res.row(1)["A"].value == "id" and "error" in names, "header row 1")
check(res.cell(names["total_pay"] + "2").value == "实发合计 total pay", "label of total_pay")
check(res.cell("A2").value == "工号 agent id", "label of id")
pane = res.pane()
check(pane and pane.get("state") == "frozen" and pane.get("ySplit") == "2" and pane.get("xSplit") == "1",
      "results pane %s" % pane)
check("carry.contact_strikes" in names and "carry.recent_scores" in names, "carry flattened")

rows = {}
for r, cells_ in res.rows.items():
    if r > 2 and "A" in cells_:
        rows.setdefault(cells_["A"].value, cells_)

def val(id_, name):
    return rows[id_].get(names[name])

def money(id_, name, want):
    c = val(id_, name)
    check(c is not None and c.kind == "num" and abs(c.value - want) < 1e-9 and c.fmt == "0.00",
          "%s %s: %s, expected %.2f in 0.00" % (id_, name, c, want))

def number(id_, name, want):
    c = val(id_, name)
    check(c is not None and c.kind == "num" and abs(c.value - want) < 1e-9 and c.fmt in (None, "General"),
          "%s %s: %s, expected %s" % (id_, name, c, want))

def boolean(id_, name, want):
    c = val(id_, name)
    check(c is not None and c.kind == "bool" and c.value is want, "%s %s: %s, expected %s" % (id_, name, c, want))

def text(id_, name, want):
    c = val(id_, name)
    check(c is not None and c.kind == "str" and c.value == want, "%s %s: %s, expected %r" % (id_, name, c, want))

# CS-0101 (ROSTERS.md): 2000 + 500 + 800 + 100 + 500 + 200 = 4100.00; score 100 - 1 = 99
money("CS-0101", "total_pay", 4100); money("CS-0101", "commission", 500); money("CS-0101", "quarter_bonus", 200)
money("CS-0101", "incentive_bonus", 100); number("CS-0101", "score", 99); boolean("CS-0101", "basic_met", True)
text("CS-0101", "contact_action", "none"); text("CS-0101", "confirmation", "n/a")
# CS-0126: basic_ratio 0.975, individual standard -> base 1900.00, bonus 120, allowance 780.00, total 3300.00
number("CS-0126", "basic_ratio", 0.975); boolean("CS-0126", "basic_met", False)
money("CS-0126", "base_paid", 1900); money("CS-0126", "incentive_bonus", 120)
money("CS-0126", "allowance_paid", 780); money("CS-0126", "total_pay", 3300)
# CS-0109: score 70, allowance 800 x 0.6 x 0.9 = 432.00, bottom of the quarter, 4th strike
number("CS-0109", "score", 70); money("CS-0109", "allowance_paid", 432); boolean("CS-0109", "bottom_flag", True)
text("CS-0109", "contact_action", "pending_dismissal"); number("CS-0109", "quarter_score", 63.67)
number("CS-0109", "carry.contact_strikes", 4)

# a Chinese label fits its column (display width: 2 per CJK character)
w = res.widths()
lab = "接触量处理 contact action"
disp = sum(2 if ord(ch) > 0x2E80 else 1 for ch in lab)
check(w[list(names).index("contact_action") + 1] >= disp, "width of contact_action %s < %d" % (w, disp))

# ledgers: every entry of CS-0109's score, applied or not; the applied ones sum to 70
led = wb["ledgers"]
check(led.pane() and led.pane().get("ySplit") == "1", "ledgers pane")
head = [c.value for _, c in sorted(led.row(1).items())]
check(head == ["id", "output", "entry", "amount", "applied"], "ledgers header %s" % head)
score_rows = [r for n, r in sorted(led.rows.items()) if n > 1 and r["A"].value == "CS-0109" and r["B"].value == "score"]
check(len(score_rows) == 14, "CS-0109 score rows: %d, expected the start + 13 entries" % len(score_rows))
applied = {r["C"].value: r["D"].value for r in score_rows if r["E"].value}
want = {"(start)": 100, "§四 服务不规范 nonstandard service": -3, "§四 月度通时通次量最少 fewest calls or minutes": -2,
        "§四 禁用语 forbidden language": -4, "§四 投诉 complaint": -9, "§四 泄密 confidentiality": -5,
        "§三.4.3 接触量不足 contact shortfall": -5, "§四 酌情奖励 discretionary": -2}
check(applied == want, "CS-0109 applied score entries %s" % applied)
pay_rows = [r for n, r in sorted(led.rows.items()) if n > 1 and r["A"].value == "CS-0101" and r["B"].value == "total_pay"]
check(len(pay_rows) == 10 and all(r["D"].fmt == "0.00" for r in pay_rows), "CS-0101 pay lines")
check(abs(sum(r["D"].value for r in pay_rows) - 4100) < 1e-9, "CS-0101 pay lines sum")

# errors: record numbers as they are in the input
recs = json.load(open(roster))
bad = {"CS-0131", "CS-0135", "CS-0136"}
want_err = [(i + 1, r["id"]) for i, r in enumerate(recs) if r["id"] in bad]
err = wb["errors"]
got_err = [(int(r["A"].value), r["B"].value) for n, r in sorted(err.rows.items()) if n > 1]
check(got_err == want_err, "errors %s, expected %s" % (got_err, want_err))
check(any("member_target" in r["C"].value for n, r in err.rows.items() if n > 1), "error message")

# manifest: the hashes sha256sum gives, and no time of the run
man = wb["manifest"]
items = [(r["A"].value, r.get("B").value if r.get("B") else "", r["C"].value) for n, r in sorted(man.rows.items()) if n > 1]
check(("kaohe", "", "0.1.0") in items or any(a == "kaohe" for a, _, _ in items), "manifest kaohe")
check(("policy file", "rules/customer-service-2014.rules", "sha256 " + p_sha) in items, "manifest policy sha")
check(("policy file", "rules/customer-service-2014/input.rules", "sha256 " + i_sha) in items, "manifest include sha")
check(("input", "examples/roster-2014-06.json", "sha256 " + in_sha) in items, "manifest input sha")
check(("param", "commission_rate", "8%") in items, "manifest param")
check(("records", "", "39 (4 in error, 0 roster checks failed)") in items, "manifest counts")
check(not any("20" in v and "T" in v and v.endswith("Z") for _, _, v in items), "manifest has no run time")
check(core_dates(june) == [("created", "1980-01-01T00:00:00Z"), ("modified", "1980-01-01T00:00:00Z")],
      "document dates %s" % core_dates(june))

# every kind of cell (tests/golden/csv-excel-cells): dates as dates, text never a formula
wc = read_xlsx(cells)
r = wc["results"]
n2 = {c.value: col for col, c in r.row(1).items()}
c = r.cell(n2["joined_out"] + "3")
check(c.kind == "num" and c.value == 41791 and c.fmt == "yyyy-mm-dd", "date cell %s (2014-06-01 is 41791)" % (c,))
c = r.cell(n2["half"] + "3")
check(c.kind == "num" and c.value == 617.25 and c.fmt == "0.00", "half %s" % (c,))
check(r.cell(n2["positive"] + "4") == ("bool", False, "General") or r.cell(n2["positive"] + "4").value is False, "bool")
check(r.cell(n2["info.tags"] + "3").value == '["plain","王芳"]', "list as JSON text")
check(r.cell("A5").kind == "str" and r.cell("A5").value == '=HYPERLINK("x")', "formula-looking id stays text")
check(r.cell(n2["amount_out"] + "4").value == -78.4, "negative money")
check(r.cell(n2["note_out"] + "6").value == "two\nlines", "newline kept")
import zipfile
check(b"<f>" not in zipfile.ZipFile(cells).read("xl/worksheets/sheet1.xml"), "no formula anywhere")
e = wc["errors"]
check((e.cell("A2").value, e.cell("B2").value) == (6, "-6"), "error row %s" % e.row(2))

if fails:
    print("xlsx: FAIL\n  " + "\n  ".join(fails))
    sys.exit(1)
PY
echo "payroll_xlsx: ok"
