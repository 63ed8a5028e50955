#!/bin/sh
# train.sh — what the profile-guided build of ./kaohe measures (Makefile,
# PGO=1): the 2014 policy over a month of 50,000 generated agents as NDJSON
# (one job and two, CSV too), the streaming per-record policy, diff with
# --set and of two files, explain --id, December's dividend, and the
# example roster (a JSON array with records refused on purpose).
#
#   tests/pgo/train.sh KAOHE     (KAOHE: the instrumented binary)
#
# The rosters are gen_roster.py's (shared/tools): --n 1000 --seed 7 --period
# 2014-06 and --n 200 --seed 8 --period 2014-12, both --format ndjson.  A run
# may end with status 1 (refused records); any other status fails the build.
set -u
K=$1
P=rules/customer-service-2014.rules
JUNE=tests/pgo/roster-2014-06.ndjson
DEC=tests/pgo/roster-2014-12.ndjson
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT
# the June month 50 times over, each copy's ids its own (CS-000001 becomes
# CS-7-000001 in copy 7): the per-record work then outweighs loading the
# policy, as it does in a real month's run
i=0
while [ "$i" -lt 50 ]; do
    sed "s/^{\"id\":\"CS-/{\"id\":\"CS-$i-/" "$JUNE"
    i=$((i + 1))
done >"$WORK/june.ndjson"
JUNE=$WORK/june.ndjson
sed 's/^    110% or more -> 120 yuan$/    115% or more -> 120 yuan/' "$P" >"$WORK/whatif.rules"
cp -r rules/customer-service-2014 "$WORK/"

run() {
    "$@" >/dev/null 2>&1
    rc=$?
    if [ "$rc" -gt 1 ]; then
        echo "train.sh: failed (status $rc): $*" >&2
        exit 1
    fi
}

run "$K" eval "$P" "$JUNE" --format ndjson
run "$K" eval "$P" "$JUNE" --format ndjson --jobs 2
run "$K" eval "$P" "$JUNE" --format csv -o "$WORK/june.csv"
run "$K" eval tests/bench/per-record.rules "$JUNE" --format ndjson
run "$K" eval "$P" "$DEC" --format ndjson --set company_profit=2500000
run "$K" diff "$P" "$JUNE" --set commission_rate=9% --summary
run "$K" diff "$P" "$WORK/whatif.rules" "$JUNE" --summary
run "$K" explain "$P" "$JUNE" --id CS-0-000001
run "$K" eval "$P" examples/roster-2014-06.json
exit 0
