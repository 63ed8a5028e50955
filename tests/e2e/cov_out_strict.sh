#!/usr/bin/env bash
# slip --strict (README: "any refused record or failed roster check fails
# the run with status 1 and nothing written — no slip"):
# - --all into a folder, with one id too long for a file name (more than
#   200 bytes): that record is refused with its message, the summary counts
#   it, and no slip is written, not even the other agent's (a bug once
#   wrote A-1's slip and lost the message: the name was tried only after the
#   run had been judged complete and its log closed);
# - --all --html into one file: an id needs no file name there, so both
#   pages are written;
# - --id A-1 --strict: written when every record is evaluated (commission
#   max(1000 × 8%, 100) = 100.00, attendance 20/20 = 1), nothing written
#   and status 1 when another record is refused.
set -u
. tests/e2e/lib/expect.sh
. tests/e2e/lib/exits.sh
. "$(dirname "$0")/lib/scratch.sh"
cp tests/golden/_shared/pay.rules "$T/"
cd "$T" || exit 1
LONG=$(printf 'L%.0s' {1..300})
echo "[{\"id\":\"A-1\",\"sales\":1000,\"days\":20,\"workdays\":20},{\"id\":\"$LONG\",\"sales\":5,\"days\":1,\"workdays\":2}]" > lid.json
echo '[{"id":"A-1","sales":1000,"days":20,"workdays":20},{"id":"B","sales":-5,"days":1,"workdays":2}]' > bad.json

exits 1 "$K" slip pay.rules lid.json --all --strict -o d 2> err
has err "lid.json: record 2 (id \"$LONG\"): error: the id is too long for a slip's file name (more than 200 bytes once written as a file name): shorten it" "the long id's error"
has err "kaohe: lid.json: 2 records: 1 evaluated, 1 refused, 0 roster checks failed" "the summary"
has err "kaohe: --strict: 1 record refused and 0 roster checks failed: nothing written" "--strict's message"
[ -z "$(ls -A d 2> /dev/null)" ] || fail "--strict wrote slips: $(ls d | tr '\n' ' ')"
# without --strict: A-1's slip, the same error
exits 1 "$K" slip pay.rules lid.json --all -o d2 2> err
has err "shorten it" "the long id's error without --strict"
[ "$(ls d2)" = A-1.txt ] || fail "without --strict: $(ls d2 | tr '\n' ' ')"

exits 0 "$K" slip pay.rules lid.json --all --html --strict -o book.html 2> err
[ "$(grep -o 'class="page"' book.html | wc -l)" = 2 ] || fail "the book: $(grep -o 'class="page"' book.html | wc -l) pages, expected 2"

exits 0 "$K" slip pay.rules lid.json --id A-1 --strict -o s.txt 2> err
has s.txt "A-1" "A-1's slip"
grep -Eq '^ *提成 +100\.00$' s.txt || fail "A-1's commission: $(cat s.txt)"
grep -Eq '^ *出勤率 +1$' s.txt || fail "A-1's attendance: $(cat s.txt)"
exits 1 "$K" slip pay.rules bad.json --id A-1 --strict -o s2.txt 2> err
has err "kaohe: --strict: 1 record refused and 0 roster checks failed: nothing written" "--id --strict, B refused"
[ ! -e s2.txt ] || fail "--id --strict wrote the slip though B was refused"
echo "cov_out_strict: ok"
