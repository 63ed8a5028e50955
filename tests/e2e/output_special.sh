#!/usr/bin/env bash
# -o to something that is not a regular file: a FIFO or /dev/stdout is
# written to directly (renaming a temporary file over it would replace the
# device or pipe itself); a symbolic link is followed, so the file it points
# to is replaced and the link stays a link.  Every run on the June roster
# exits 1 (4 refused records, examples/ROSTERS.md).
set -eu
. tests/e2e/lib/exits.sh
K=$(realpath "${KAOHE:-./kaohe}"); P=$(realpath rules/customer-service-2014.rules); IN=$(realpath examples/roster-2014-06.json)
T=$(mktemp -d); trap 'rm -rf "$T"' EXIT
cd "$T"
# a symbolic link
echo old > target.json; ln -s target.json link.json
exits 1 "$K" eval "$P" "$IN" -o link.json 2>/dev/null
[ -L link.json ] || { echo "the link was replaced"; exit 1; }
head -c 1 target.json | grep -q '\[' || { echo "the target was not written"; exit 1; }
# a FIFO
mkfifo pipe; (wc -c < pipe > count) & sleep 0.2
exits 1 "$K" eval "$P" "$IN" -o pipe 2>/dev/null
wait
[ -p pipe ] || { echo "the FIFO was replaced"; exit 1; }
[ "$(cat count)" -gt 1000 ] || { echo "nothing came through the FIFO"; exit 1; }
# /dev/stdout (a link to the pipe below)
rc=0; n=$("$K" eval "$P" "$IN" -o /dev/stdout 2>/dev/null | wc -c; exit "${PIPESTATUS[0]}") || rc=$?
[ $rc = 1 ] || { echo "-o /dev/stdout: exit status $rc, expected 1"; exit 1; }
[ "$n" -gt 1000 ] || { echo "-o /dev/stdout wrote nothing"; exit 1; }
# a directory is refused, not replaced
mkdir dir
set +e; "$K" eval "$P" "$IN" -o dir 2>err; rc=$?; set -e
[ $rc = 4 ] && [ -d dir ] || { echo "-o DIR: exit $rc"; exit 1; }
echo "output_special: ok"
