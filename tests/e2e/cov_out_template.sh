#!/usr/bin/env bash
# kaohe template (README: a blank roster to fill in, XLSX with a sheet per
# list of records and checks on each column, or a CSV header):
# - a list whose name starts with '_' cannot name a sheet: the roster
#   reader skips '_' sheets (kaohe's own), so a roster filled in from such
#   a template would lose the list; refused (4) with that reason, nothing
#   written;
# - CSV header cells that hold a quote or a comma are quoted, quotes
#   doubled (RFC 4180);
# - a range with negative bounds (within -5..-1) becomes the column's
#   whole-number check from -5 to -1 (read from the workbook's XML).
# Every expectation is worked out by hand.
set -u
. tests/e2e/lib/expect.sh
. tests/e2e/lib/exits.sh
. "$(dirname "$0")/lib/scratch.sh"
cd "$T" || exit 1

printf 'policy "u"\ninput:\n    id: text, key\n    _deals: list of record\n        a: integer\noutput n = count(_deals)\n' > u.rules
exits 4 "$K" template u.rules -o u.xlsx 2> err
has err "kaohe: the list '_deals' cannot name a sheet: sheets starting with '_' are kaohe's own, which the roster reader skips; rename the list" "a '_' list"
[ ! -e u.xlsx ] || fail "a refused template was written"
exits 4 "$K" --lang zh template u.rules -o u.xlsx 2> err
has err "kaohe: 列表 '_deals' 不能用作工作表名：以 '_' 开头的工作表是 kaohe 自己的，读取名册时会跳过；请给列表改名" "a '_' list, in Chinese"

cat > q.rules <<'EOF'
policy "q"
input:
    id "工\"号": text, key
    n "a \"b\", c": integer, within -5..-1
output m = n
EOF
exits 0 "$K" template q.rules -f csv -o q.csv 2> err
[ "$(sed -n 1p q.csv | tr -d '\r')" = $'\xef\xbb\xbf"工""号","a ""b"", c"' ] || fail "CSV labels: $(sed -n 1p q.csv)"
[ "$(sed -n 2p q.csv | tr -d '\r')" = 'id,n' ] || fail "CSV names: $(sed -n 2p q.csv)"
exits 0 "$K" template q.rules -o q.xlsx 2> err
python3 - q.xlsx <<'EOF' || fail "the workbook's check of column n"
import re, sys, zipfile
sheet = zipfile.ZipFile(sys.argv[1]).read("xl/worksheets/sheet1.xml").decode()
checks = re.findall(r'<dataValidation [^>]*type="whole"[^>]*sqref="B3:[^"]*"><formula1>(.*?)</formula1><formula2>(.*?)</formula2>', sheet)
sys.exit(0 if checks == [("-5", "-1")] else 1)
EOF
echo "cov_out_template: ok"
