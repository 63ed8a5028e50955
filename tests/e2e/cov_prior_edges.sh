#!/usr/bin/env bash
# --prior files that are not last month's results, each refused with the
# reason (exit status 4, the file named, nothing written), on the
# quarter-to-date revision (examples/revisions, `chain prior from carry`,
# carry = {qtd_members, qtd_target}) for two May 2014 records: a file of
# blanks, a text file whose first line is cut at a whole character, a carry
# with other fields, records of another policy, a file of errors only,
# results of other months (more than four of them listed as "...").  Then a
# good file: A and B carry on.  The messages are the issue 12 texts.
set -u
K=$(realpath "${KAOHE:-./kaohe}")
P=$(cd "$(dirname "$0")/../../examples/revisions" && pwd)/quarter-to-date.rules
T=$(mktemp -d); trap 'rm -rf "$T"' EXIT
export NO_COLOR=1
cd "$T"
failures=0
fail() { echo "cov_prior_edges: FAIL: $*"; failures=$((failures + 1)); }

cat > may.json <<'EOF'
[{"id":"A","period":"2014-05","members":10,"member_target":12},
 {"id":"B","period":"2014-05","members":5,"member_target":6}]
EOF

# refuse NAME FILE MESSAGE: the message after "kaohe: --prior FILE: "
refuse() {
    local name=$1 file=$2 want=$3 rc=0
    "$K" eval "$P" may.json --prior "$file" -o out.json > o 2> e || rc=$?
    [ $rc = 4 ] || fail "$name: exit status $rc, expected 4"
    [ "$(cat e)" = "kaohe: --prior $file: $want" ] || fail "$name: standard error
$(cat e)
expected
kaohe: --prior $file: $want"
    [ -s o ] && fail "$name: wrote to standard output"
    [ -e out.json ] && fail "$name: out.json was written"
    rm -f out.json
}

printf '\t\r\n \t\n' > blanks.json
refuse "tabs, CR and spaces only" blanks.json "the file is empty: give last month's results (kaohe eval ... -o FILE)"

# 考 is 3 bytes: 40 bytes would end inside the 14th character, so 13 are shown
printf '考核结果考核结果考核结果考核结果考核结果\n' > text.json
refuse "a text file" text.json "this is not kaohe results (not JSON: it starts '考核结果考核结果考核结果考...')"

echo '[{"id":"A","period":"2014-04","carry":{"qtd_members":1,"x":2}}]' > other.json
refuse "a carry with other fields" other.json \
    "record 1 (id \"A\") was made by a policy whose carry has other fields (it has 'x' and it lacks 'qtd_target'; this policy's carry has qtd_members, qtd_target)"
echo '[{"id":"A","period":"2014-04","carry":{"qtd_members":1,"qtd_target":2,"y":3}}]' > extra.json
refuse "a carry with one field more" extra.json \
    "record 1 (id \"A\") was made by a policy whose carry has other fields (it has 'y'; this policy's carry has qtd_members, qtd_target)"

echo '[{"id":"A","score":1}]' > foreign.json
refuse "results of another policy" foreign.json "record 1 has no 'carry': these are not results of this policy"

# an error result with an id counts as that agent's; one without an id and a
# failed roster check are no one's
echo '[{"check_failed":"c","message":"m"},{"error":"no id"},{"id":"A","error":"bad"}]' > errors.json
refuse "errors only" errors.json "every result there is an error: record 1 (id \"A\") needs the results of 2014-04"

c='"carry":{"qtd_members":1,"qtd_target":1}'
cat > months.json <<EOF
[{"id":"A","period":"2014-01",$c},{"id":"A","period":"2014-02",$c},{"id":"A","period":"2014-03",$c},
 {"id":"A","period":"2014-06",$c},{"id":"A","period":"2014-07",$c}]
EOF
refuse "five other months" months.json \
    "these are the results of 2014-01, 2014-02, 2014-03, 2014-06, ..., but record 1 (id \"A\") is of 2014-05 and needs the results of 2014-04, the month before"

# April's results for both: May adds to them (May is not a quarter's first month)
cat > april.json <<'EOF'
[{"id":"A","period":"2014-04","carry":{"qtd_members":20,"qtd_target":24}},
 {"id":"B","period":"2014-04","carry":{"qtd_members":3,"qtd_target":6}}]
EOF
rc=0; "$K" eval "$P" may.json --prior april.json -f ndjson > o 2> e || rc=$?
[ $rc = 0 ] || fail "a good --prior: exit status $rc ($(cat e))"
# A: 20 + 10 = 30 of 24 + 12 = 36, not met; B: 3 + 5 = 8 of 6 + 6 = 12, not met
grep -qF '"id":"A","period":"2014-05","qtd_members":30,"qtd_target":36,"qtd_met":false' o || fail "A's May: $(cat o)"
grep -qF '"id":"B","period":"2014-05","qtd_members":8,"qtd_target":12,"qtd_met":false' o || fail "B's May: $(cat o)"

if [ $failures -gt 0 ]; then echo "cov_prior_edges: $failures failure(s)"; exit 1; fi
echo "cov_prior_edges: ok"
