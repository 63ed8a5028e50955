#!/usr/bin/env bash
# Edges of the command line that a user meets rarely but must be told about:
# --lang=VALUE (the joined form, and a language kaohe does not have), an
# output that cannot be written (a full disk: /dev/full) for every command
# that writes, a book of slips with no slip in it, kaohe test over files
# named *.test.json that are not regular files, an output that is a
# symbolic link to a file that does not exist yet (README: "a link whose
# target does not exist yet creates that target, as a shell's '>' does").
# Every expectation (exit status, output, message) is written out by hand.
set -u
. "$(dirname "$0")/lib/scratch.sh"
cd "$T"
failures=0
fail() { echo "cov_cli_edges: FAIL: $*"; failures=$((failures + 1)); }

# expect RC STDOUT STDERR ARGS...; the run's summary line is left out of
# STDERR (the golden cases pin it).  KPRE="env NAME=VALUE..." runs kaohe so.
expect() {
    local want_rc=$1 want_out=$2 want_err=$3 rc=0; shift 3
    ${KPRE:-} "$K" "$@" > out 2> err < /dev/null || rc=$?
    sed -i -E '/^kaohe: [^ ]+: [0-9]+ records?: [0-9]+ evaluated, [0-9]+ refused, [0-9]+ roster checks? failed/d' err
    [ "$rc" = "$want_rc" ] || fail "$*: exit status $rc, expected $want_rc ($(cat err))"
    [ "$(cat out)" = "$want_out" ] || fail "$*: standard output
$(cat out)
expected
$want_out"
    [ "$(cat err)" = "$want_err" ] || fail "$*: standard error
$(cat err)
expected
$want_err"
}

cat > p.rules <<'EOF'
input:
    id: text, key
    n: integer
output o = n + 1
EOF
echo '[{"id":"A","n":1}]' > a.json
echo '[]' > empty.json
RESULT='[
{"id":"A","o":2}
]'

# ---- --lang=VALUE ---------------------------------------------------------------
# a language kaohe has no messages in is a usage error (2), before anything runs
expect 2 "" "kaohe: --lang takes zh or en, not 'xx'" --lang=xx check p.rules
expect 2 "" "kaohe: --lang takes zh or en, not 'fr'" check p.rules --lang=fr
# the joined form chooses the language as the separate one does
expect 2 "" "kaohe: 没有这个文件或文件夹：nowhere" --lang=zh test nowhere
expect 2 "" "kaohe: no such file or directory: nowhere" test nowhere --lang=en
expect 0 "$RESULT" "" --lang=en eval p.rules a.json

# the language from the environment: LC_ALL, then LC_MESSAGES, then LANG
# (README: "LANG, LC_MESSAGES or LC_ALL set to zh_CN.UTF-8")
ZH="kaohe: 没有这个文件或文件夹：nowhere"
EN="kaohe: no such file or directory: nowhere"
KPRE="env LC_ALL= LC_MESSAGES=zh_CN.UTF-8 LANG=" expect 2 "" "$ZH" test nowhere
KPRE="env LC_ALL= LC_MESSAGES= LANG=zh_CN.UTF-8" expect 2 "" "$ZH" test nowhere
KPRE="env LC_ALL=C LANG=zh_CN.UTF-8" expect 2 "" "$EN" test nowhere
KPRE="env LC_ALL=zh_CN.UTF-8" expect 2 "" "$EN" --lang en test nowhere
# the catalogues: from $KAOHE_LOCALEDIR (none there: English), or for an
# installed program PREFIX/bin/kaohe, from PREFIX/share/locale
KPRE="env KAOHE_LOCALEDIR=/nonexistent" expect 2 "" "$EN" --lang zh test nowhere
# (as kaohe looks: build/locale beside it, or locale beside it)
loc=$(dirname "$K")/build/locale
[ -d "$loc" ] || loc=$(dirname "$K")/locale
if [ -d "$loc" ]; then
    mkdir -p prefix/bin prefix/share
    cp "$K" prefix/bin/kaohe
    cp -r "$loc" prefix/share/locale
    rc=0; prefix/bin/kaohe --lang zh test nowhere > out 2> err || rc=$?
    [ $rc = 2 ] && [ "$(cat err)" = "$ZH" ] || fail "an installed kaohe (PREFIX/share/locale): $rc $(cat err)"
    KPRE="env KAOHE_LOCALEDIR=$PWD/prefix/share/locale" expect 2 "" "$ZH" --lang zh test nowhere
else
    fail "no message catalogues beside $K ($loc)"
fi

# ---- a full disk: every writing command says so and exits 4 ----------------------
# (a device is written to directly; /dev/full refuses every write)
expect 4 "" "kaohe: cannot write the results (/dev/full)" eval p.rules a.json -o /dev/full
expect 4 "" "kaohe: cannot write the results (/dev/full)" eval p.rules a.json -f csv -o /dev/full
# --strict keeps the results aside until the run is known good: the copy fails
expect 4 "" "kaohe: cannot write '/dev/full'" eval p.rules a.json --strict -o /dev/full
# the results are written; the manifest is not, and the run says so
expect 4 "$RESULT" "kaohe: cannot write '/dev/full'" eval p.rules a.json --manifest /dev/full
expect 4 "" "kaohe: cannot write '/dev/full'" report p.rules a.json -o /dev/full
expect 4 "" "kaohe: cannot write '/dev/full'" slip p.rules a.json --id A -o /dev/full
# a book of slips (one .html file) that is a link to a full disk
ln -s /dev/full full.html
expect 4 "" "kaohe: cannot write 'full.html'" slip p.rules a.json --all --html -o full.html

# ---- a book of slips with no slip: nothing written, and the file is named -------
expect 4 "" "kaohe: no slip to write: 'book.html' was not written" slip p.rules empty.json --all --html -o book.html
[ -e book.html ] && fail "slip --all -o book.html over no record left a book.html"

# ---- kaohe test: a *.test.json that is not a regular file is skipped, by kind ------
mkdir d
mkfifo d/f.test.json
ln -s /dev/null d/n.test.json
python3 -c "import socket; socket.socket(socket.AF_UNIX).bind('d/s.test.json')"
# (the order of a directory's entries is the file system's: compared sorted)
rc=0; "$K" test d > out 2> err || rc=$?
[ $rc = 2 ] || fail "test d: exit status $rc, expected 2"
[ -s out ] && fail "test d: wrote to standard output: $(cat out)"
sort err > err.sorted
printf '%s\n' "kaohe: no *.test.json files found" \
    "kaohe: skipped 'd/f.test.json': it is a FIFO, not a test file" \
    "kaohe: skipped 'd/n.test.json': it is a device, not a test file" \
    "kaohe: skipped 'd/s.test.json': it is a socket, not a test file" | sort > want.sorted
cmp -s err.sorted want.sorted || fail "test d: standard error (sorted)
$(cat err.sorted)
expected
$(cat want.sorted)"

# a test file named on the command line is run whatever it is: one that is
# not a regular file fails as a file, by kind
mkfifo ff.test.json
expect 1 "FAIL ff.test.json: (the file)
    the file is not a regular file (a FIFO)
FAIL null: (the file)
    the file is not a regular file (a device)
0 passed, 2 failed" "" test ff.test.json /dev/null
# where the JSON of a test file breaks, in characters (名字 is 2 of them, 6 bytes):
# line 2, the '2' after "[1 " is column 12
printf '{"policy": "p.rules",\n  "名字": [1 2]}' > bad.test.json
expect 1 "FAIL bad.test.json: (the file)
    invalid JSON at line 2, column 12 (a missing comma or quote just before?)
0 passed, 1 failed" "" test bad.test.json

# ---- a CSV's failed roster checks go to a companion FILE.checks.csv (README) --------
cat > c.rules <<'EOF2'
input:
    id: text, key
    n: integer

check "at most one big": count(roster where n > 5) <= 1

output o = n
EOF2
echo '[{"id":"A","n":9},{"id":"B","n":7}]' > c.json
# A and B are both above 5: the check fails with both ids; the results are kept (1)
companion() { # companion OUTPUT CHECKS-FILE
    local rc=0
    "$K" eval c.rules c.json -f csv -o "$1" > out 2> err || rc=$?
    [ $rc = 1 ] || fail "-o $1: exit status $rc, expected 1"
    [ -f "$1" ] || fail "-o $1: the results were not written"
    [ "$(tr -d '\r' < "$2" 2>/dev/null)" = $'\xEF\xBB\xBFcheck,roster,ids\nat most one big,,"A, B"' ] ||
        fail "-o $1: $2 holds: $(cat "$2" 2>&1)"
}
mkdir -p d.v dot
companion d.v/x.CSV d.v/x.checks.csv   # .csv in any case is replaced; the folder's dot is not an extension
companion plain plain.checks.csv       # no extension: added to
companion dot/.csv dot/.csv.checks.csv # a name that is only ".csv" keeps it
# --strict: a failed check (said as a data error is: FILE: error: ...) writes nothing
rm -f s.csv s.checks.csv
expect 1 "" "c.json: error: check failed: at most one big; records involved: A, B
kaohe: --strict: 0 records refused and 1 roster check failed: nothing written" eval c.rules c.json -f csv -o s.csv --strict
[ -e s.csv ] || [ -e s.checks.csv ] && fail "--strict wrote s.csv or s.checks.csv"

# ---- -o through a link to a file that does not exist yet: the target is made --------
mkdir sub
ln -s "$T/sub/new.json" link.json
expect 0 "" "" eval p.rules a.json -o link.json
[ -L link.json ] || fail "-o link.json: the link was replaced"
[ "$(cat sub/new.json 2>/dev/null)" = "$RESULT" ] || fail "-o link.json: sub/new.json does not hold the results"

if [ $failures -gt 0 ]; then echo "cov_cli_edges: $failures failure(s)"; exit 1; fi
echo "cov_cli_edges: ok"
