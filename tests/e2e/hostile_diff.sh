#!/usr/bin/env bash
# kaohe diff with records that fail on one side or both, in every format,
# with -o, and an input that cannot be read.  hostile/diff/old.rules: level
# is "high" when x >= limit (10), pay = x * 100 yuan, bonus = 50 yuan when
# x >= limit plus 1 yuan per x; new.rules adds ratio = 100 / x, an error when
# x = 0.  Records A..E: x = 5, 12, 10, 0 and "bad" (an error on both sides).
# Worked by hand: pay totals 2700.00 always; bonus A 5, B 62, C 60, D 0 =
# 127.00 at limit 10; at limit 11 C drops to 10 (-50.00) = 77.00; at limit 3
# A rises to 55 (+50.00) = 177.00.
# Exit status as eval's: E is refused on both sides, so every run that
# reads the input exits 1 (its report written all the same); the old side
# refusing other counts than the new (D) is a note.
set -u
. tests/e2e/hostile/lib.bash
D=tests/e2e/hostile/diff
printf '{"id":"A","x":5}\n{"id":"B","x":12}\n{"id":"C","x":10}\n{"id":"D","x":0}\n{"id":"E","x":"bad"}\n' >"$T/in.ndjson"
k text 1 30 diff $D/old.rules "$T/in.ndjson" --set limit=11
for line in 'C  (record 3)' '  level                  high → low' '  bonus                  60.00 → 10.00   (-50.00)' \
    'above the limit                          50.00 → 0.00   (-50.00)' '  records: 5, changed: 1, errors: 1 → 1' \
    '127.00            77.00           -50.00 (-39.37%)' '  largest decreases of bonus: C -50.00' '  level high → low: 1'; do
    out_has text "$line"
done
# (CSV for Excel: a byte-order mark, CRLF line ends)
k csv 1 30 diff $D/old.rules "$T/in.ndjson" --set limit=11 --format csv
printf '\xef\xbb\xbfid,output,entry,old,new,delta\r\nC,level,,high,low,\r\nC,bonus,,60.00,10.00,-50.00\r\nC,bonus,"above the limit",50.00,0.00,-50.00\r\n' >"$T/csv.want"
cmp -s "$T/csv.out" "$T/csv.want" || bad "csv: not the three changes of C"
k json 1 30 diff $D/old.rules "$T/in.ndjson" --set limit=3 --format json -o "$T/d.json"
python3 - "$T/d.json" <<'PY' || bad "json: the results differ (above)"
import json, sys
from decimal import Decimal as D
d = json.load(open(sys.argv[1]), parse_float=D)
assert [r["id"] for r in d["records"]] == ["A"], d["records"]
s = d["summary"]
assert (s["records"], s["changed"], s["old_errors"], s["new_errors"]) == (5, 1, 1, 1), s
b = [m for m in s["money"] if m["output"] == "bonus"][0]
assert (b["old_total"], b["new_total"], b["delta"]) == (D("127.00"), D("177.00"), D("50.00")), b
assert s["transitions"] == [{"output": "level", "from": "low", "to": "high", "count": 1}], s["transitions"]
PY
# two policies: D becomes an error on the new side only
k sides 1 30 diff $D/old.rules $D/new.rules "$T/in.ndjson" --set limit=11 --set-old limit=11
out_has sides 'D  (record 4)'
out_has sides '  error                  evaluated → division by zero in ratio'
out_has sides '  records: 5, changed: 1, errors: 1 → 2'
err_has sides "note: $T/in.ndjson: under $D/old.rules (the old side) 1 record refused and 0 roster checks failed"
k summary 1 30 diff $D/old.rules $D/new.rules "$T/in.ndjson" --set limit=3 --top 1 --summary
grep -q '(record' "$T/summary.out" && bad "summary: records listed with --summary"
out_has summary '  records: 5, changed: 2, errors: 1 → 2'
out_has summary '  largest increases of bonus: A +50.00'
printf '[{"id":' >"$T/bad.json"
k unreadable 4 30 diff $D/old.rules "$T/bad.json" --set limit=3
err_has unreadable 'line 1, column 8 (byte 7): invalid JSON'
finish hostile_diff
