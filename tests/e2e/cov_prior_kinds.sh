#!/usr/bin/env bash
# --prior, every kind of file and of record it refuses, and every way a
# record of this month meets last month's carry.
#
# Part 1, on the quarter-to-date revision (examples/revisions, `chain prior
# from carry`, carry = {qtd_members, qtd_target}, roster by period) for two
# May 2014 records: each bad --prior file is refused before anything is
# evaluated (exit status 4, the file named, nothing written), with the
# reason the message texts of src/io/prior.c give for it.
#
# Part 2, on a policy whose chain has `unless hired` (hired = hired on or
# after 1 May 2014) and whose carry counts the months: n = prior.n + 1.
# April's results hold A (n 3), B (n 1), an error result for E, F (n 2) and
# G (n 9).  In May: A carries on (4); B is hired this month yet has April's
# carry (refused: a reused id?); C is hired and has none (starts at 0: 1,
# noted); D is not hired and has none (refused); E's April result is an
# error (refused, quoting it); F has no hire date, so `hired` cannot be
# worked out (refused); G gives its own prior, which the carry replaces
# (9 + 1 = 10, warned); H gives its own prior and has no carry (7 + 1 = 8,
# noted).  So 4 evaluated, 4 refused: exit status 1.
# Part 3: `unless` on an optional yes/no field left out.
set -u
K=$(realpath "${KAOHE:-./kaohe}")
P=$(cd "$(dirname "$0")/../../examples/revisions" && pwd)/quarter-to-date.rules
. "$(dirname "$0")/lib/expect.sh"
. "$(dirname "$0")/lib/exits.sh"
T=$(mktemp -d); trap 'rm -rf "$T"' EXIT
export NO_COLOR=1
cd "$T"

cat > may.json <<'EOF'
[{"id":"A","period":"2014-05","members":10,"member_target":12},
 {"id":"B","period":"2014-05","members":5,"member_target":6}]
EOF

# refuse NAME MESSAGE: f.json (already written) is refused with
# "kaohe: --prior f.json: MESSAGE"
refuse() {
    exits 4 "$K" eval "$P" may.json --prior f.json -o out.json > o 2> e
    [ "$(cat e)" = "kaohe: --prior f.json: $2" ] || fail "$1: standard error
$(cat e)
expected
kaohe: --prior f.json: $2"
    [ -s o ] && fail "$1: wrote to standard output"
    [ -e out.json ] && fail "$1: out.json was written"
    rm -f f.json
}

# more blanks than the first look at the file reads: empty all the same
printf '%1000s\n' '' > f.json
refuse "1000 blanks" "the file holds no results: give last month's results"
echo '[]' > f.json
refuse "an empty array" "the file holds no results: give last month's results"
printf 'id,period\r\nA,2014-04\r\n' > f.json
refuse "CSV with CRLF lines" "this looks like CSV ('id,period'): --prior reads last month's results as JSON or NDJSON (kaohe eval ... -o FILE)"
# the first line is cut after 40 characters
echo 'this is a plain text file with a long first line and no comma' > f.json
refuse "a long line of text" "this is not kaohe results (not JSON: it starts 'this is a plain text file with a long fi...')"
cp may.json f.json
refuse "this month's roster" "this is input records (a roster), not results: record 1 has no 'carry'; --prior reads last month's results (kaohe eval ... -o FILE)"
# qtd_met is an output of this policy, zzz nothing: not a roster either
echo '[{"id":"A","qtd_met":true,"zzz":1}]' > f.json
refuse "an output and an unknown name, no carry" "record 1 has no 'carry': these are not results of this policy"
echo '[{"id":"A","period":"2014-04","carry":{}}]' > f.json
refuse "an empty carry" "record 1 (id \"A\") was made by a policy whose carry has other fields (it lacks 'qtd_members', 'qtd_target'; this policy's carry has qtd_members, qtd_target)"
c='"carry":{"qtd_members":1,"qtd_target":2}'
echo "[{\"id\":\"\",\"period\":\"2014-04\",$c}]" > f.json
refuse "an empty id" "record 1 has no id: results of a policy without a key cannot be chained"
echo '[{"id":"A","period":"2014-04","carry":5}]' > f.json
refuse "a carry that is a number" "record 1 (id \"A\"): 'carry' is not an object: these are not results of this policy"
older="has no 'period': results of an older kaohe, or of a policy that is not chained by period; evaluate last month again to chain from it"
echo "[{\"id\":\"A\",$c}]" > f.json
refuse "no period" "record 1 (id \"A\") $older"
echo "[{\"id\":\"A\",\"period\":\"April\",$c}]" > f.json
refuse "a period that is no month" "record 1 (id \"A\") $older"
echo "[{\"id\":\"B\",\"period\":\"2014-04\",$c},{\"id\":\"A\",\"period\":\"2014-04\",$c},{\"id\":\"A\",\"period\":\"2014-04\",$c}]" > f.json
refuse "one id twice in a month" "the id \"A\" has two results of 2014-04 (records 2 and 3)"
# four other months are all listed (five would end in "...")
echo "[{\"id\":\"A\",\"period\":\"2014-01\",$c},{\"id\":\"A\",\"period\":\"2014-02\",$c},
 {\"id\":\"A\",\"period\":\"2014-03\",$c},{\"id\":\"A\",\"period\":\"2014-06\",$c}]" > f.json
refuse "four other months" "these are the results of 2014-01, 2014-02, 2014-03, 2014-06, but record 1 (id \"A\") is of 2014-05 and needs the results of 2014-04, the month before"
echo "[{\"id\":\"A\",\"period\":\"2014-05\",$c}]" > f.json
refuse "this month's results" "these are the results of 2014-05, the month of record 1 (id \"A\") itself: its records need the results of 2014-04"
echo '[5]' > f.json
refuse "a number for a record" "record 1 is not a result (a JSON object): this is not kaohe results"
# bad JSON: the place and the reason (the reader's words)
echo '[{"id":"A",}]' > f.json
exits 4 "$K" eval "$P" may.json --prior f.json -o out.json > o 2> e
has e "kaohe: --prior f.json: line 1, column 12" "bad JSON in --prior, located"
[ -e out.json ] && fail "bad JSON: out.json was written"

# NDJSON results of April: A 1 + 10 of 2 + 12, B 1 + 5 of 2 + 6
printf '{"id":"A","period":"2014-04",%s}\n{"id":"B","period":"2014-04",%s}\n' "$c" "$c" > f.json
exits 0 "$K" eval "$P" may.json --prior f.json -f ndjson > o 2> e
has o '"id":"A","period":"2014-05","qtd_members":11,"qtd_target":14,"qtd_met":false' "A from NDJSON results"
has o '"id":"B","period":"2014-05","qtd_members":6,"qtd_target":8,"qtd_met":false' "B from NDJSON results"

# ---- part 2: unless hired ----
cat > hire.rules <<'EOF'
input:
    id: text, key
    period: month
    hire_date: date, optional
    prior: record, optional
        n: integer, default 0
roster by period
hired = hire_date >= date(2014, 5, 1)
chain prior from carry unless hired
output carry = { n: prior.n + 1 }
EOF
cat > hmay.json <<'EOF'
[{"id":"A","period":"2014-05","hire_date":"2010-01-01"},
 {"id":"B","period":"2014-05","hire_date":"2014-05-10"},
 {"id":"C","period":"2014-05","hire_date":"2014-05-12"},
 {"id":"D","period":"2014-05","hire_date":"2012-01-01"},
 {"id":"E","period":"2014-05","hire_date":"2012-01-01"},
 {"id":"F","period":"2014-05"},
 {"id":"G","period":"2014-05","hire_date":"2012-01-01","prior":{"n":5}},
 {"id":"H","period":"2014-05","hire_date":"2012-01-01","prior":{"n":7}}]
EOF
cat > april.json <<'EOF'
[{"id":"A","period":"2014-04","carry":{"n":3}},
 {"id":"B","period":"2014-04","carry":{"n":1}},
 {"id":"E","error":"a bad record"},
 {"id":"F","period":"2014-04","carry":{"n":2}},
 {"id":"G","period":"2014-04","carry":{"n":9}}]
EOF
exits 1 "$K" eval hire.rules hmay.json --prior april.json -f ndjson > o 2> e
has o '{"id":"A","period":"2014-05","carry":{"n":4}}' "A carries on"
has o '{"id":"C","period":"2014-05","carry":{"n":1}}' "C, hired in May, starts from 0"
has o '{"id":"G","period":"2014-05","carry":{"n":10}}' "G: April's carry replaces its own"
has o '{"id":"H","period":"2014-05","carry":{"n":8}}' "H: its own prior, no carry"
has e 'record 2 (id "B"): error: hired this period (hired), yet --prior april.json has a result for this id last month: a reused id, or a wrong hire date?' "B hired with a carry"
has e "record 4 (id \"D\"): error: no carry from last month: --prior april.json has no result for this agent, and it was not hired this period (hired is false); give the record its own 'prior' if this is its first month" "D: no carry, not hired"
has e "record 5 (id \"E\"): error: no carry from last month: this agent's result in --prior april.json is an error (\"a bad record\"), and it was not hired this period (hired is false); correct last month, or give the record its own 'prior'" "E: last month an error"
has e 'record 6 (id "F"): error: ' "F: hired cannot be worked out"
has e "kaohe: warning: --prior april.json: 1 record gives its own 'prior', which last month's carry replaces (\"G\")" "G warned"
has e "kaohe: note: --prior april.json has no carry for 1 agent whose record gives its own 'prior' (\"H\")" "H noted"
has e "kaohe: note: --prior april.json has no carry for 1 agent hired this period (hired): 'prior' starts from its defaults (\"C\")" "C noted"
has e "8 records: 4 evaluated, 4 refused" "the count"
grep -q '"id":"[BDEF]","period"' o && fail "a refused record has a result: $(cat o)"

# ---- part 3: unless on an optional yes/no field ----
cat > field.rules <<'EOF'
input:
    id: text, key
    period: month
    new_hire: boolean, optional
    prior: record, optional
        n: integer, default 0
roster by period
chain prior from carry unless new_hire
output carry = { n: prior.n + 1 }
EOF
echo '[{"id":"A","period":"2014-05"},{"id":"B","period":"2014-05","new_hire":false}]' > fmay.json
exits 1 "$K" eval field.rules fmay.json --prior april.json -f ndjson > o 2> e
has e "record 1 (id \"A\"): error: 'new_hire' has no value: --prior cannot tell whether the agent was hired this period" "an absent unless field"
has o '{"id":"B","period":"2014-05","carry":{"n":2}}' "B, not hired, carries on"
echo "cov_prior_kinds: ok"
