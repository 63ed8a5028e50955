#!/usr/bin/env bash
# JSON records: every kind of JSON value in every kind of field, numbers at
# the 10^18 bound, keys found twice where the schema does not reach (their
# paths written so that they can be found again), expectations by hand from
# the README ("Types", "null counts as absent; money and decimal fields may
# also be JSON strings read exactly", numbers below 10^18 in magnitude).
#
# The matrix: a field of each type given a text, a number, true, a list, an
# object and null.  A field takes its own kind (text: a text; integer,
# money, decimal: a number; boolean: true; list: a list; record: an
# object), null (absent: every field is optional), and money and decimal
# also a text; dates, months and date-times are texts of their own form.
# Anything else is refused: "expected <what the field takes>, found <what
# was given>".
set -u
. "$(dirname "$0")/lib/scratch.sh"
. "$(dirname "$0")/lib/expect.sh"
. "$(dirname "$0")/lib/exits.sh"
cd "$T"

cat > m.rules <<'EOF'
input:
    id: text, key
    t: text, optional
    i: integer, optional
    m: money, optional
    d: decimal, optional
    b: boolean, optional
    day: date, optional
    mon: month, optional
    dt: datetime, optional
    c: one of "x", "y", optional
    l: list of integer, optional
    r: record, optional
        z: integer, optional
output ok = true
EOF
: > m.ndjson
for f in t i m d b day mon dt c l r; do
    for k in text:'"5"' number:5 bool:true list:'[]' object:'{}' null:null; do
        echo "{\"id\":\"$f:${k%%:*}\",\"$f\":${k#*:}}" >> m.ndjson
    done
done
# FIELD KIND: ok, or the reason it is refused
while read -r f k want; do
    if [ "$want" = ok ]; then printf '%s %s ok\n' "$f" "$k"; else printf '%s %s %s\n' "$f" "$k" "$want"; fi
done > want.txt <<'EOF'
t text ok
t number field 't': expected a text, found a number
t bool field 't': expected a text, found true/false
t list field 't': expected a text, found a list
t object field 't': expected a text, found an object
t null ok
i text field 'i': expected a number, found a text
i number ok
i bool field 'i': expected a number, found true/false
i list field 'i': expected a number, found a list
i object field 'i': expected a number, found an object
i null ok
m text ok
m number ok
m bool field 'm': expected a number, found true/false
m list field 'm': expected a number, found a list
m object field 'm': expected a number, found an object
m null ok
d text ok
d number ok
d bool field 'd': expected a number, found true/false
d list field 'd': expected a number, found a list
d object field 'd': expected a number, found an object
d null ok
b text field 'b': expected true or false, found a text
b number field 'b': expected true or false, found a number
b bool ok
b list field 'b': expected true or false, found a list
b object field 'b': expected true or false, found an object
b null ok
day text field 'day': expected YYYY-MM-DD
day number field 'day': expected a date in quotes, found a number
day bool field 'day': expected a date in quotes, found true/false
day list field 'day': expected a date in quotes, found a list
day object field 'day': expected a date in quotes, found an object
day null ok
mon text field 'mon': expected YYYY-MM
mon number field 'mon': expected a month in quotes, found a number
mon bool field 'mon': expected a month in quotes, found true/false
mon list field 'mon': expected a month in quotes, found a list
mon object field 'mon': expected a month in quotes, found an object
mon null ok
dt text field 'dt': expected YYYY-MM-DDThh:mm:ss
dt number field 'dt': expected a date-time in quotes, found a number
dt bool field 'dt': expected a date-time in quotes, found true/false
dt list field 'dt': expected a date-time in quotes, found a list
dt object field 'dt': expected a date-time in quotes, found an object
dt null ok
c text field 'c': "5" is not allowed (one of "x", "y")
c number field 'c': expected a text, found a number
c bool field 'c': expected a text, found true/false
c list field 'c': expected a text, found a list
c object field 'c': expected a text, found an object
c null ok
l text field 'l': expected a list, found a text
l number field 'l': expected a list, found a number
l bool field 'l': expected a list, found true/false
l list ok
l object field 'l': expected a list, found an object
l null ok
r text field 'r': expected an object, found a text
r number field 'r': expected an object, found a number
r bool field 'r': expected an object, found true/false
r list field 'r': expected an object, found a list
r object ok
r null ok
EOF
# 66 records, 20 taken: 11 nulls, and t, i, b, l, r of their own kind, m and d of a text or a number
exits 1 "$K" eval m.rules m.ndjson -f ndjson > o 2> e
while read -r f k want; do
    if [ "$want" = ok ]; then has o "{\"id\":\"$f:$k\",\"ok\":true}" "$f given a $k"
    else has e "(id \"$f:$k\"): error: $want" "$f given a $k"; fi
done < want.txt
has e "m.ndjson: 66 records: 20 evaluated, 46 refused" "the matrix's count"

# numbers at the bound: below 10^18 in magnitude read exactly, 10^18 and
# more refused, whatever their spelling
cat > n.rules <<'EOF'
input:
    id: text, key
    n: integer, optional
    pay: money, optional
    rate: decimal, optional
output echo = {n: n, pay: pay, rate: rate}
EOF
cat > n.ndjson <<'EOF'
{"id":"A","n":999999999999999999,"pay":"12.50","rate":1e2}
{"id":"B","n":-999999999999999999,"pay":-999999999999999999.99,"rate":"0.000000000000000001"}
{"id":"C","n":1.5e1,"pay":1E+2,"rate":-0.0}
{"id":"D","pay":"1e18"}
{"id":"E","n":12345678901234567890}
{"id":"F","n":-1000000000000000000}
{"id":"G","rate":1e-30}
EOF
exits 1 "$K" eval n.rules n.ndjson -f ndjson > o 2> e
has o '{"id":"A","echo":{"n":999999999999999999,"pay":12.50,"rate":100}}' "A at the bound"
has o '{"id":"B","echo":{"n":-999999999999999999,"pay":-999999999999999999.99,"rate":0.000000000000000001}}' "B at the bound"
has o '{"id":"C","echo":{"n":15,"pay":100.00,"rate":0}}' "C: exponents, -0"
has o '{"id":"G","echo":{"n":null,"pay":null,"rate":0.000000000000000000000000000001}}' "G: 1e-30 exactly"
too="is too large (kaohe reads numbers below 10^18 in magnitude)"
has e "(id \"D\"): error: field 'pay': the number 1e18 $too" "D: 1e18 as a text"
has e "(id \"E\"): error: field 'n': the number 12345678901234567890 $too" "E: 20 digits"
has e "(id \"F\"): error: field 'n': the number -1000000000000000000 $too" "F: -10^18"

# keys given twice inside values the schema does not describe: the path of
# the second, plain names after a dot, others quoted in brackets
cat > k.ndjson <<'EOF'
{"id":"A","extra":{"a b":1,"a b":2}}
{"id":"B","extra":{"k_1-é":1,"k_1-é":2}}
{"id":"C","extra":[{"q\"\\":1,"q\"\\":2}]}
{"id":"D","extra":{"\u0001":1,"\u0001":2}}
{"id":"E","extra":{"":1,"":2}}
{"id":"F","extra":{"\ud83d\ude00":1,"\ud83d\ude00":2}}
{"id":"H","r":{"z":1,"z":2}}
{"id":"I","ok":1,"id":"I"}
EOF
exits 1 "$K" eval m.rules k.ndjson -f ndjson > o 2> e
has e "(id \"A\"): error: field 'extra[\"a b\"]' is given twice" "a blank in a key"
has e "(id \"B\"): error: field 'extra.k_1-é' is given twice" "a plain key"
has e "(id \"C\"): error: field 'extra[1][\"q\\\"\\\\\"]' is given twice" "a quote and a backslash in a key"
has e "(id \"D\"): error: field 'extra[\"\\u0001\"]' is given twice" "a control character in a key"
has e "(id \"E\"): error: field 'extra[\"\"]' is given twice" "an empty key"
has e "(id \"F\"): error: field 'extra.😀' is given twice" "a surrogate pair in a key"
has e "(id \"H\"): error: field 'r.z' is given twice" "a field of a record"
has e "(id \"I\"): error: field 'id' is given twice" "the id"
has e "k.ndjson: 8 records: 0 evaluated, 8 refused" "every record with a key twice refused"
echo "cov_json_kinds: ok"
