#!/usr/bin/env bash
# Run manifests (--manifest FILE): every field checked against sha256sum and
# the command line; SOURCE_DATE_EPOCH pins the time; the input's digest is
# the same read from a file, a pipe (the array is copied aside and read
# twice) or as NDJSON; the results do not change because of --manifest; no
# manifest is left when the run fails.
set -eu
. tests/e2e/lib/exits.sh
K=${KAOHE:-./kaohe}; P=rules/customer-service-2014.rules; IN=examples/roster-2014-06.json
T=$(mktemp -d); trap 'rm -rf "$T"' EXIT
sha() { sha256sum "$1" | cut -d' ' -f1; }

# every run exits 1: the June roster has 4 refused records (examples/ROSTERS.md),
# as an array, from a pipe, as NDJSON and with last month's carry alike
SOURCE_DATE_EPOCH=1404172800 exits 1 $K eval $P $IN --set commission_rate=10% --manifest $T/m.json -o $T/r.json 2>/dev/null
exits 1 $K eval $P $IN --set commission_rate=10% -o $T/r-plain.json 2>/dev/null
cmp $T/r.json $T/r-plain.json || { echo "manifest: --manifest changed the results"; exit 1; }
cat $IN | exits 1 $K eval $P - --manifest $T/pipe.json > /dev/null 2>&1
python3 -c 'import json,sys; [print(json.dumps(r, ensure_ascii=False)) for r in json.load(open(sys.argv[1]))]' $IN > $T/roster.ndjson
exits 1 $K eval $P $T/roster.ndjson --manifest $T/nd.json > /dev/null 2>&1
# a chained month: May with April's results (tests/policy/.../chain: every
# record of both months is valid)
D=tests/policy/customer-service-2014/chain
exits 0 $K eval $P $D/2014-04.json -o $T/04.json 2>/dev/null
exits 0 $K eval $P $D/2014-05.json --prior $T/04.json --manifest $T/prior.json > /dev/null 2>&1
before=$(date -u +%s)
exits 1 $K eval $P $IN --manifest $T/now.json > /dev/null 2>&1
after=$(date -u +%s)

python3 - "$T" "$($K --version)" "$(sha $P)" "$(sha rules/customer-service-2014/input.rules)" "$(sha $IN)" \
    "$(sha $T/roster.ndjson)" "$(sha $T/04.json)" "$before" "$after" <<'PY'
import json, sys, datetime
t, version, p_sha, i_sha, in_sha, nd_sha, prior_sha, before, after = sys.argv[1:]
m = json.load(open(t + "/m.json"))
assert "kaohe " + m["kaohe"] == version, (m["kaohe"], version)
assert m["policy"] == "客服部员工考核制度KPI(试行) 2014"
assert m["policy_files"] == [{"path": "rules/customer-service-2014.rules", "sha256": p_sha},
                             {"path": "rules/customer-service-2014/input.rules", "sha256": i_sha}], m["policy_files"]
assert m["input"] == {"path": "examples/roster-2014-06.json", "sha256": in_sha}, m["input"]
assert m["prior"] is None
assert len(m["params"]) == 12
assert m["params"]["commission_rate"]["value"] == 0.1 and m["params"]["commission_rate"]["overridden"] is True
assert [n for n, p in m["params"].items() if p["overridden"]] == ["commission_rate"]
assert m["params"]["base_penalty"] == {"value": 100.0, "overridden": False, "label": "§三.3 基本量未达成扣款 base pay cut"}
assert (m["records"], m["errors"], m["checks_failed"]) == (39, 4, 0)
assert m["run_at"] == "2014-07-01T00:00:00Z", m["run_at"]
assert json.load(open(t + "/pipe.json"))["input"] == {"path": "stdin", "sha256": in_sha}
assert json.load(open(t + "/nd.json"))["input"]["sha256"] == nd_sha
assert json.load(open(t + "/prior.json"))["prior"] == {"path": t + "/04.json", "sha256": prior_sha}
now = json.load(open(t + "/now.json"))["run_at"]
ts = datetime.datetime.strptime(now, "%Y-%m-%dT%H:%M:%SZ").replace(tzinfo=datetime.timezone.utc).timestamp()
assert int(before) <= ts <= int(after), (now, before, after)
PY

# a failed run leaves no manifest (and no output)
echo '[{"id": 1,]' > $T/bad.json
rc=0; $K eval $P $T/bad.json --manifest $T/bad-m.json -o $T/bad-out.json 2>/dev/null || rc=$?
[ $rc = 4 ] && [ ! -e $T/bad-m.json ] && [ ! -e $T/bad-out.json ] || { echo "manifest: written for a failed run (rc $rc)"; exit 1; }
echo "payroll_manifest: ok"
