#!/usr/bin/env bash
# Records whose values need care, read as RFC 8259 and the README say:
# \b and \f escapes kept (and written back escaped), a surrogate pair
# joined into one character and a high surrogate followed by another escape
# refused, a list whose second entry is text (the entries after it skipped,
# the record refused by that entry), numbers kaohe cannot hold exactly (too
# large, too small, too many decimals: each said, a long one cut at 40
# characters with "...").  The results (NDJSON) are written out by hand.
set -u
. "$(dirname "$0")/lib/scratch.sh"
cd "$T"
cat > s.rules <<'PEOF'
input:
    id: text, key
    name: text
    xs: list of integer
    d: decimal, optional

output o = name
output k = count(xs)
PEOF
cat > s.json <<'JEOF'
{"id":"A","name":"a\bb\fc","xs":[1,2]}
{"id":"B","name":"\ud83d\ude00","xs":[]}
{"id":"C","name":"x","xs":[1,"2",3,4]}
{"id":"D","name":"x","xs":[],"d":1e400}
{"id":"E","name":"x","xs":[],"d":12345678901234567890123456789012345678901234567890e9}
{"id":"F","name":"\ud83d\u0041","xs":[]}
{"id":"G","name":"x","xs":[],"d":1e-400000}
JEOF
python3 -c "print('{\"id\":\"H\",\"name\":\"x\",\"xs\":[],\"d\":0.' + '1' * 300001 + '}')" >> s.json
# F: the lone high surrogate's escape is where the line breaks: line 6,
# column 19 (after {"id":"F","name":" , 18 bytes), and its byte offset in the
# file (0-based) is where that escape stands
off=$(python3 -c "d = open('s.json', 'rb').read(); print(d.index(b'\\\\ud83d\\\\u0041'))")
cat > want <<WEOF
{"id":"A","o":"a\u0008b\u000cc","k":2}
{"id":"B","o":"😀","k":0}
{"id":"C","record":3,"error":"field 'xs': entry 2: expected a number, found a text"}
{"id":"D","record":4,"error":"field 'd': the number 1e400 is too large (kaohe reads numbers below 10^18 in magnitude)"}
{"id":"E","record":5,"error":"field 'd': the number 1234567890123456789012345678901234567890... is too large (kaohe reads numbers below 10^18 in magnitude)"}
{"id":"F","record":6,"error":"line 6, column 19 (byte $off): unpaired surrogate \\\\uD83D in a string is not allowed"}
{"id":"G","record":7,"error":"field 'd': the number 1e-400000 is too small to hold (kaohe reads numbers down to 10^-300000; write 0 for none)"}
{"id":"H","record":8,"error":"field 'd': the number 0.11111111111111111111111111111111111111... has too many decimals (kaohe reads at most 300000)"}
WEOF
rc=0; "$K" eval s.rules s.json -f ndjson > out 2> err || rc=$?
failures=0
[ $rc = 1 ] || { echo "cov_input_edges: FAIL: exit status $rc, expected 1 (records refused)"; failures=1; }
if ! cmp -s out want; then
    echo "cov_input_edges: FAIL: results differ (< got, > expected)"; diff out want | cut -c1-200; failures=1
fi
grep -qF "kaohe: s.json: 8 records: 2 evaluated, 6 refused, 0 roster checks failed" err ||
    { echo "cov_input_edges: FAIL: summary: $(tail -1 err)"; failures=1; }

# NDJSON: a byte-order mark before line 2 (files joined?) makes that record an
# error at byte 17 (line 1 is 16 bytes and its newline); the value it began
# spans a line, so line 3 ("n":2}) is read on its own: a string, then ':' at
# its column 4, byte 14 + 17 + 3 = 34.  A and C are read.
cat > b.rules <<'PEOF'
input:
    id: text, key
    n: integer
    note: text, optional

output o = n
PEOF
printf '{"id":"A","n":1}\n\xEF\xBB\xBF{"id":"B",\n"n":2}\n{"id":"C","n":3}\n' > bom.ndjson
cat > want <<'WEOF'
{"id":"A","o":1}
{"id":null,"record":2,"error":"line 2, column 1 (byte 17): invalid JSON: a byte-order mark (bytes EF BB BF) before this record; only the start of the input may have one (were files joined?)"}
{"id":null,"record":3,"error":"line 3, column 4 (byte 34): invalid JSON: unexpected data after the value"}
{"id":"C","o":3}
WEOF
rc=0; "$K" eval b.rules bom.ndjson -f ndjson > out 2> err || rc=$?
[ $rc = 1 ] || { echo "cov_input_edges: FAIL: bom.ndjson: exit status $rc, expected 1"; failures=1; }
cmp -s out want || { echo "cov_input_edges: FAIL: bom.ndjson:"; diff out want; failures=1; }
# a record of 1.2 MB (its note) among small ones: read whole, and the ones after it too
python3 -c "print('{\"id\":\"A\",\"n\":1,\"note\":\"' + 'x' * 1200000 + '\"}'); print('{\"id\":\"B\",\"n\":2}'); print('{\"id\":\"C\",\"n\":3}')" > big.ndjson
printf '{"id":"A","o":1}\n{"id":"B","o":2}\n{"id":"C","o":3}\n' > want
rc=0; "$K" eval b.rules big.ndjson -f ndjson > out 2> err || rc=$?
[ $rc = 0 ] || { echo "cov_input_edges: FAIL: big.ndjson: exit status $rc ($(cat err))"; failures=1; }
cmp -s out want || { echo "cov_input_edges: FAIL: big.ndjson:"; diff out want; failures=1; }
[ $failures = 0 ] || exit 1
echo "cov_input_edges: ok"
