#!/usr/bin/env bash
# Bounds of input fields (README "Types": `at least`, `at most`, `within
# A..B`, bounds over other fields of the same record), values worked out by
# hand: a month below its minimum, an empty text that must not be, a date-
# time below another field's value (the other field named with its value),
# a whole number above another field, a field of a record above an
# expression over its sibling (team.size * 2 = 4).  A bound that reads an
# optional field the record leaves out does not apply, whether the bound is
# that field (within 0..days, as tests/golden/io-roster-optional-fields
# has it for 'at least lo') or an expression over it (days * 2): no value
# stands in for the field (before the fix days * 2 was taken as 0, and a
# record with extra 1 was refused: "1 is more than the maximum 0"); given
# as 0, days bounds extra at 0.
set -u
. "$(dirname "$0")/lib/scratch.sh"
. "$(dirname "$0")/lib/expect.sh"
. "$(dirname "$0")/lib/exits.sh"
cd "$T"

cat > bd.rules <<'EOF'
input:
    id: text, key
    name: text, nonempty, optional
    start: datetime, optional
    finish: datetime, at least start, optional
    mon: month, at least month("2014-01"), optional
    days: integer, optional
    worked: integer, within 0..days, optional
    extra: integer, at most days * 2, optional
    team: record, optional
        size: integer, default 1
        lead: integer, at most team.size * 2, optional
output ok = true
EOF
cat > bd.ndjson <<'EOF'
{"id":"A","name":"","mon":"2013-12"}
{"id":"B","start":"2014-06-03T10:00:00","finish":"2014-06-03T09:59:59"}
{"id":"C","days":3,"worked":4,"team":{"size":2,"lead":5}}
{"id":"D","name":"x","start":"2014-06-03T10:00:00","finish":"2014-06-03T10:00:00","mon":"2014-01","days":3,"worked":3,"extra":6,"team":{"lead":2}}
{"id":"E","worked":4}
{"id":"F","extra":1}
{"id":"G","days":0,"extra":1}
EOF
exits 1 "$K" eval bd.rules bd.ndjson -f ndjson > o 2> e
has e "(id \"A\"): error: field 'name': must not be empty; field 'mon': 2013-12 is less than the minimum 2014-01" "A"
has e "(id \"B\"): error: field 'finish': 2014-06-03T09:59:59 is less than the minimum start (2014-06-03T10:00:00)" "B"
has e "(id \"C\"): error: field 'worked': 4 is more than the maximum days (3); field 'team.lead': 5 is more than the maximum 4" "C"
has o '{"id":"D","ok":true}' "D: every value at its bound"
has o '{"id":"E","ok":true}' "E: the bound is a field left out"
has o '{"id":"F","ok":true}' "F: the bound reads a field left out"
has e "(id \"G\"): error: field 'extra': 1 is more than the maximum 0" "G: days given as 0"
has e "bd.ndjson: 7 records: 3 evaluated, 4 refused" "the count"
echo "cov_input_bounds: ok"
