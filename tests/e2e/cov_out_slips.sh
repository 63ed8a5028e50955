#!/usr/bin/env bash
# Slips of a roster that spans two months (README, slip_folders.sh: slip
# file names carry the `roster by` period; --replace removes only the
# periods' slips the run did not write, and only regular files):
# - one slip per agent and month, each with that agent-month's own pay;
# - a folder holding one file is refused in the singular ("1 file");
# - --replace over two periods removes a stale slip of each, and keeps a
#   directory and a symbolic link named like slips of those periods (and
#   the link's target), and another month's slip;
# - a folder that is a symbolic link to a directory is written into; one to
#   nothing is refused once, before any slip (it once failed each slip in
#   turn, one message per agent);
# - the printable book (--html -o FILE.html): one page per slip.
# Every expectation is worked out by hand from the four records below.
set -u
. tests/e2e/lib/expect.sh
. tests/e2e/lib/exits.sh
. "$(dirname "$0")/lib/scratch.sh"
cd "$T" || exit 1
cat > m.rules <<'EOF'
input:
    id: text, key
    period: month
    sales: money
roster by period
output pay "应发" = sales
EOF
cat > m.json <<'EOF'
[
  {"id": "A", "period": "2014-06", "sales": 10},
  {"id": "B", "period": "2014-06", "sales": 20},
  {"id": "A", "period": "2014-07", "sales": 30}
]
EOF
cp m.json m.json.orig

exits 0 "$K" slip m.rules m.json --all -o s 2> err
[ "$(ls s | tr '\n' ' ')" = "A.2014-06.txt A.2014-07.txt B.2014-06.txt " ] || fail "slips: $(ls s | tr '\n' ' ')"
has s/A.2014-06.txt "应发  10.00" "A's June pay"
has s/A.2014-07.txt "应发  30.00" "A's July pay"
has s/B.2014-06.txt "应发  20.00" "B's June pay"
grep -q "10.00" s/A.2014-07.txt && fail "A's July slip shows June's pay"
grep -qw "A" s/B.2014-06.txt && fail "B's slip names A"

# one file in the folder: refused, in the singular, nothing written
mkdir one; touch one/x
exits 2 "$K" slip m.rules m.json --all -o one 2> err
has err "kaohe: the directory 'one' is not empty (1 file, such as 'x'): give --replace to write this run's slips over it, or an empty directory" "one file"
[ "$(ls one)" = x ] || fail "a refused run wrote: $(ls one | tr '\n' ' ')"

# --replace over June and July
touch s/E.2014-06.txt s/F.2014-07.txt s/G.2014-05.txt
mkdir s/C.2014-07.txt
ln -s ../m.json s/D.2014-06.txt
exits 0 "$K" slip m.rules m.json --all -o s --replace 2> err
has err "kaohe: --replace: removed s/E.2014-06.txt (no slip of it this run)" "June's stale slip named"
has err "kaohe: --replace: removed s/F.2014-07.txt (no slip of it this run)" "July's stale slip named"
[ ! -e s/E.2014-06.txt ] && [ ! -e s/F.2014-07.txt ] || fail "--replace left a stale slip: $(ls s | tr '\n' ' ')"
[ -d s/C.2014-07.txt ] || fail "--replace removed a directory"
[ -L s/D.2014-06.txt ] || fail "--replace removed a symbolic link"
[ -e s/G.2014-05.txt ] || fail "--replace removed May's slip"
cmp -s m.json m.json.orig || fail "the input (a link's target) was changed"
[ "$(grep -c removed err)" = 2 ] || fail "--replace removed more: $(cat err)"

# the book: one page per slip, titled for the whole book
exits 0 "$K" slip m.rules m.json --all --html -o book.html 2> err
[ "$(grep -o 'class="page"' book.html | wc -l)" = 3 ] || fail "book: $(grep -o 'class="page"' book.html | wc -l) pages, expected 3"
has book.html "<title>工资单 pay slips</title>" "the book's title"
# a folder that is a symbolic link: to a directory, written into; to
# nothing, refused once (4), not once per slip, and nothing is made
mkdir real; ln -s real via
exits 0 "$K" slip m.rules m.json --all -o via 2> err
[ "$(ls real | wc -l)" = 3 ] || fail "through a link: $(ls real | tr '\n' ' ')"
ln -s nowhere dangling
exits 4 "$K" slip m.rules m.json --all -o dangling 2> err
[ "$(cat err)" = "kaohe: cannot write slips into 'dangling': it is a symbolic link to nothing; make the directory it names or give another" ] \
    || fail "a dangling link as the folder: $(cat err)"
[ -L dangling ] && [ ! -e nowhere ] || fail "a dangling link as the folder: something was made"
echo "cov_out_slips: ok"
