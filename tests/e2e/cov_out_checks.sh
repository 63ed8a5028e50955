#!/usr/bin/env bash
# Where a CSV's failed roster checks go (README: "a CSV written with
# -o june.csv has a companion june.checks.csv (check,roster,ids, written on
# every run, with only the header when every check held; a CSV on standard
# output cannot hold them, and stderr says so)"), and --strict's message:
# - the companion's name: the output's ".csv" (in any case) is replaced by
#   ".checks.csv"; a name without that extension — none, another one, a
#   dot only in a directory's name, a file named just ".csv" (in the
#   current directory or another: a bug once made that one ".checks.csv")
#   — gets ".checks.csv" added;
# - the companion holds the header and one row per failed check, the ids
#   of the records involved in one field;
# - --strict with one refused record and one failed check says so in the
#   singular, exits 1 and writes neither the CSV nor its companion.
# Every expectation (exit status, message, files, rows) is worked out by hand.
set -u
. tests/e2e/lib/expect.sh
. tests/e2e/lib/exits.sh
. "$(dirname "$0")/lib/scratch.sh"
cp tests/golden/_shared/pay.rules "$T/chk.rules"
cd "$T" || exit 1
cat >> chk.rules <<'EOF'

check "at most one big seller": count(roster where sales > 1500 yuan) <= 1
EOF
# A-2 and A-3 sell more than 1500 yuan: the check fails with both; A-4 is
# refused (sales at least 0)
cat > chk.json <<'EOF'
[
  {"id": "A-1", "sales": 1000, "days": 20, "workdays": 20},
  {"id": "A-2", "sales": 2000, "days": 18, "workdays": 20},
  {"id": "A-3", "sales": 3000, "days": 7, "workdays": 21},
  {"id": "A-4", "sales": -1, "days": 7, "workdays": 21}
]
EOF
# the companion: a BOM (the CSV's own default), the header, the one failed check
companion() { # FILE
    [ -f "$1" ] || fail "no companion $1: $(ls -A | tr '\n' ' ')"
    [ "$(sed -n 1p "$1" | tr -d "\r")" = $'\xef\xbb\xbfcheck,roster,ids' ] || fail "$1: header: $(sed -n 1p "$1")"
    [ "$(sed -n 2p "$1" | tr -d "\r")" = 'at most one big seller,,"A-2, A-3"' ] || fail "$1: row: $(sed -n 2p "$1")"
    [ "$(wc -l < "$1")" = 2 ] || fail "$1: $(wc -l < "$1") lines, expected 2"
}

exits 1 "$K" eval chk.rules chk.json -f csv -o r.CSV 2> err
has r.CSV "A-3,240.00," "r.CSV: A-3's commission"
companion r.checks.csv
exits 1 "$K" eval chk.rules chk.json -f csv -o plain 2> err
companion plain.checks.csv
exits 1 "$K" eval chk.rules chk.json -f csv -o r.txt 2> err
companion r.txt.checks.csv
mkdir d.x
exits 1 "$K" eval chk.rules chk.json -f csv -o d.x/r 2> err
companion d.x/r.checks.csv
exits 1 "$K" eval chk.rules chk.json -f csv -o .csv 2> err
companion .csv.checks.csv
[ -s .csv ] || fail "-o .csv: the results were not written"
exits 1 "$K" eval chk.rules chk.json -f csv -o d.x/.csv 2> err
companion d.x/.csv.checks.csv

# on standard output: the rows, and a warning where the checks went
exits 1 "$K" eval chk.rules chk.json -f csv > out 2> err
has out "A-3,240.00," "stdout: A-3's commission"
has err "kaohe: warning: a CSV on standard output cannot hold the failed roster checks: give -o FILE (they go to a companion FILE.checks.csv)" "stdout: the warning"

# --strict: one refused, one failed check, in the singular; nothing written
exits 1 "$K" eval chk.rules chk.json -f csv --strict -o s.csv 2> err
has err "kaohe: --strict: 1 record refused and 1 roster check failed: nothing written" "--strict message"
[ ! -e s.csv ] && [ ! -e s.checks.csv ] || fail "--strict: wrote $(ls s.* | tr '\n' ' ')"
echo "cov_out_checks: ok"
