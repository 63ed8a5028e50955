#!/usr/bin/env bash
# `kaohe eval --format xlsx` (README: sheets of results, ledgers, errors and
# the manifest): a failed roster check is a row of the errors sheet naming
# the check, its roster and the records involved, as on stderr and in JSON;
# --no-ledgers leaves the ledgers out and the ledgers sheet says so.
# Worked out by hand: A and B (June) both have a star, one at most is
# allowed; July's C has none.  The sheets are read as ECMA-376 lays them out.
set -eu
K=$(realpath "${KAOHE:-./kaohe}")
source "$(dirname "$0")/lib/exits.sh"
T=$(mktemp -d); trap 'rm -rf "$T"' EXIT
export NO_COLOR=1
cd "$T"
fail() { echo "xlsx_checks: FAIL: $*"; exit 1; }

cat > chk.rules <<'EOF'
policy "checks"
roster by period
input:
    id: text, key
    period: month
    star: boolean
    calls: integer
check "at most one star": count(roster where star) <= 1
output s = star
output pay "工资" = ledger from 0 yuan:
    "通次 calls"  +1 yuan per calls
EOF
cat > all.rules <<'EOF'
input:
    id: text, key
    calls: integer
check "few calls in all": sum(calls over roster) < 5
output c = calls
EOF
printf '[{"id":"A","period":"2014-06","star":true,"calls":2},{"id":"B","period":"2014-06","star":true,"calls":3},{"id":"C","period":"2014-07","star":false,"calls":4}]' > chk.json
exits 1 "$K" eval chk.rules chk.json --format xlsx -o chk.xlsx 2>/dev/null
exits 1 "$K" eval chk.rules chk.json --format xlsx --no-ledgers -o nol.xlsx 2>/dev/null
exits 1 "$K" eval all.rules chk.json --format xlsx -o all.xlsx 2>/dev/null
python3 - <<'PYEOF' || fail "the sheets"
import re, zipfile
def sheets(path):
    z = zipfile.ZipFile(path)
    names = re.findall(r'<sheet name="([^"]*)"', z.read("xl/workbook.xml").decode())
    out = {}
    for i, n in enumerate(names):
        xml = z.read("xl/worksheets/sheet%d.xml" % (i + 1)).decode()
        rows = []
        for row in re.findall(r"<row [^>]*>(.*?)</row>", xml):
            rows.append([t for t in re.findall(r"<t[^>]*>(.*?)</t>|<v>(.*?)</v>", row)])
        out[n] = [[a or b for a, b in r] for r in rows]
    return out
s = sheets("chk.xlsx")
errs = s["errors"]
rows = [r for r in errs if any("roster check failed: at most one star" in c for c in r)]
assert len(rows) == 1, errs
assert "A, B" in rows[0] and "2014-06" in rows[0][-1], rows
# the ledgers: A's pay is 2 calls x 1 yuan
assert any(r[:2] == ["A", "pay"] or r[:2] == ["A", "工资"] for r in s["ledgers"]), s["ledgers"]
n = sheets("nol.xlsx")
assert any("--no-ledgers" in c for r in n["ledgers"] for c in r), n["ledgers"]
assert not any(r and r[0] == "A" for r in n["ledgers"]), n["ledgers"]
# a check over the whole input: no roster named; 2 + 3 + 4 = 9 is not below 5
a = sheets("all.xlsx")["errors"]
rows = [r for r in a if any("roster check failed: few calls in all" in c for c in r)]
assert len(rows) == 1 and "roster" not in rows[0][-1].replace("roster check failed", ""), a
PYEOF
echo "xlsx_checks: ok"
