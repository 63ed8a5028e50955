#!/usr/bin/env bash
# Scale where kaohe writes (issue 20 item 14).
#
# 1. `report --by id` is linear: 200,000 agents, one group each, and a text
#    output with 200,000 different values.  Before, three parts of the
#    report were quadratic (finding a group's name, ordering the groups,
#    counting a text output's values): hours for this roster.  The time
#    limit only tells a hang from an answer; speed itself is measured in
#    `make bench`.
# 2. Refused records under a roster policy cost memory only for their place
#    in the store: their ids and messages beyond 8 MB wait in a temporary
#    file and come back in order.  On stderr, refusals that share a reason
#    are one line; the reasons kept for grouping are bounded too (past the
#    bound the groups so far are printed and grouping starts again).  Checked: every result in input order with
#    its own id and message when more than 8 MB of them were refused; and
#    (not under the sanitizers, whose allocator keeps freed memory) peak
#    memory grows by less than 64 bytes per further refused line (it was
#    about 137).
set -u
. tests/e2e/hostile/lib.bash

cat >"$T/tiny.rules" <<'EOF'
input:
    id: text, key
    name: text, display
    pay: money
output total = ledger from 0 yuan:
    "base" +pay
output tag = name
EOF
python3 - "$T" <<'PY'
import sys
with open(sys.argv[1] + "/200k.ndjson", "w") as f:
    for i in range(200000):
        f.write('{"id": "E%06d", "name": "N%06d", "pay": 1}\n' % (i, i))
PY
k by-id 0 300 report "$T/tiny.rules" "$T/200k.ndjson" --by id -o "$T/by-id.html"
# the total of `total` over 200,000 agents at 1.00 each, and the last agent's group
grep -q '200000.00' "$T/by-id.html" || bad "by-id: the total 200000.00 is not on the page"
grep -q 'E199999 (1)' "$T/by-id.html" || bad "by-id: the last agent's group is not on the page"
rm -f "$T/by-id.html" "$T/200k.ndjson"

# ---- refused records: 300,000 refused (each "field 'pay': missing", about 30
# bytes with its id: more than 8 MB) between valid ones
python3 - "$T" <<'PY'
import sys
with open(sys.argv[1] + "/mixed.ndjson", "w") as f:
    for i in range(330000):
        if i % 11 == 0:
            f.write('{"id": "V%06d", "name": "v", "pay": 2}\n' % i)
        else:
            f.write('{"id": "R%06d", "name": "r"}\n' % i)
PY
k mixed 1 300 eval "$T/tiny.rules" "$T/mixed.ndjson" --format ndjson
python3 - "$T/mixed.out" <<'PY' || bad "mixed: the results are not every record in order with its own id and message"
import json, sys
n = 0
for n, line in enumerate(open(sys.argv[1]), 0):
    r = json.loads(line)
    if n % 11 == 0:
        assert r == {"id": "V%06d" % n, "total": 2.0, "tag": "v"}, (n, r)
    else:
        assert r == {"id": "R%06d" % n, "record": n + 1, "error": "field 'pay': missing"}, (n, r)
assert n == 329999, n
PY
# the 300,000 refusals share one reason: one grouped line names the count
# and the first three (records 2, 3, 4: every 11th record is valid)
grep -qx "$T/mixed.ndjson: 300000 records (#2 \"R000001\", #3 \"R000002\", #4 \"R000003\" and 299997 more): error: field 'pay': missing" \
    "$T/mixed.err" || bad "mixed: the grouped message for the refused records is wrong"
rm -f "$T/mixed.ndjson" "$T/mixed.out" "$T/mixed.err"

# ---- memory per refused line (lines that are not JSON: id null, ~85-byte message)
if grep -q __asan_init "$K"; then
    echo "out_scale: peak memory not measured under the sanitizers (their allocator keeps freed memory)"
else
    python3 - "$T" <<'PY'
import sys
for n in (100000, 500000):
    with open("%s/bad-%d.ndjson" % (sys.argv[1], n), "w") as f:
        for i in range(n):
            f.write('{"id": "A%d", bad\n' % i)
PY
    for n in 100000 500000; do
        checks=$((checks + 1))
        /usr/bin/time -o "$T/rss-$n" -f %M "$K" eval "$T/tiny.rules" "$T/bad-$n.ndjson" -o /dev/null 2>/dev/null
    done
    per=$(( ($(tail -1 "$T/rss-500000") - $(tail -1 "$T/rss-100000")) * 1024 / 400000 ))
    [ "$per" -lt 64 ] || bad "memory: $per bytes more per refused line (at most 64)"
fi

finish out_scale
