#!/usr/bin/env bash
# §七.4: at most one month, one quarter and one year star per period.  Two month
# stars in one period: the check fails naming both records (exit status 1),
# on stderr and after the results, and both are still evaluated; one star of
# each kind passes.
set -eu
K=${KAOHE:-./kaohe}; P=rules/customer-service-2014.rules
T=$(mktemp -d); trap 'rm -rf "$T"' EXIT
python3 - > $T/in.json <<'PY'
import json
base = json.load(open("examples/roster-2014-06.json"))[0]
recs = []
for i, star in enumerate(["month", "none", "month", "quarter", "year"]):
    r = json.loads(json.dumps(base)); r["id"] = f"S{i}"; r["merits"]["service_star"] = star; r["deals"] = []
    recs.append(r)
other = json.loads(json.dumps(recs[0])); other["id"] = "T0"; other["period"] = "2014-07"   # another roster
recs.append(other)
json.dump(recs, open("/dev/stdout", "w"), ensure_ascii=False)
PY
set +e; $K eval $P $T/in.json > $T/out.json 2> $T/err; rc=$?; set -e
[ $rc = 1 ] || { echo "star check: exit status $rc, expected 1"; exit 1; }
grep -q 'check failed: §七.4 月度服务之星只能产生一名 at most one month star per period (roster "2014-06"); records involved: S0, S2' $T/err \
    || { echo "star check: message missing"; cat $T/err; exit 1; }
[ "$(grep -c 'error: check failed' $T/err)" = 1 ] || { echo "star check: only the month check of 2014-06 should fail"; cat $T/err; exit 1; }
grep -qxF "kaohe: $T/in.json: 6 records: 6 evaluated, 0 refused, 1 roster check failed" $T/err \
    || { echo "star check: the summary"; cat $T/err; exit 1; }
# the results say so too: the failed check after the records
python3 -c "
import json; r = json.load(open('$T/out.json'))
assert r[-1] == {'check_failed': '§七.4 月度服务之星只能产生一名 at most one month star per period', 'roster': '2014-06', 'ids': ['S0', 'S2']}, r[-1]
r = r[:-1]
assert [x['id'] for x in r] == ['S0','S1','S2','S3','S4','T0'], r
assert all('error' not in x for x in r), 'every record is still evaluated'
assert r[0]['star_reward'] == 200 and r[3]['star_reward'] == 500 and r[4]['star_reward'] == 1000
"
echo "star check: ok"
