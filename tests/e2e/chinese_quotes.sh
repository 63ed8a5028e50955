#!/usr/bin/env bash
# Issue 12: the Chinese input method types “…” for quotes, ％ for % and a
# full-width space (U+3000) for a space.  The shipped policy retyped that
# way — every quoted text (labels, clause names, enum values, the include)
# in “…”, every percentage with ％, and a full-width space after every '='
# of a definition — checks and gives byte-identical results, slips and
# explanations on the June and December rosters.  Before the fix, 33 of its
# texts broke ("no closing quote", a false "invalid UTF-8 (byte 0x80)")
# and 150％ was an unexpected character.
set -u
. "$(dirname "$0")/lib/scratch.sh"
failures=0
fail() { echo "chinese_quotes: FAIL: $*"; failures=$((failures + 1)); }

mkdir -p "$T/ime"
cp -r rules/. "$T/ime/"
# "text" -> “text” (no text of the policy holds an escape or a quote);
# 8% -> 8％; "x = " -> "x =　" (U+3000) on definition lines
for f in $(cd "$T/ime" && find . -name '*.rules'); do
    sed -i -E 's/"([^"\\]*)"/“\1”/g; s/([0-9])%/\1％/g; s/^((output )?[a-z_]+( “[^”]*”)?) = /\1 =　/' "$T/ime/$f"
done
ime=$T/ime/customer-service-2014.rules
n_quotes=$(grep -o '“' "$ime" "$T/ime/customer-service-2014/input.rules" | wc -l)
n_pct=$(grep -o '％' "$ime" | wc -l)
n_sp=$(grep -o '　' "$ime" | wc -l)
[ "$n_quotes" -ge 150 ] && [ "$n_pct" -ge 20 ] && [ "$n_sp" -ge 20 ] ||
    fail "the retyped policy has only $n_quotes “…”, $n_pct ％ and $n_sp full-width spaces"
grep -q '"' "$ime" && fail "a text in ASCII quotes is left: $(grep -m1 '"' "$ime")"

"$K" check "$ime" >"$T/check.out" 2>&1 || fail "the retyped policy does not check: $(head -12 "$T/check.out")"
for roster in examples/roster-2014-06.json examples/roster-2014-12.json; do
    set_profit=(); case $roster in *12.json) set_profit=(--set company_profit=2500000) ;; esac
    "$K" eval rules/customer-service-2014.rules "$roster" "${set_profit[@]}" >"$T/a.json" 2>"$T/a.err"
    "$K" eval "$ime" "$roster" "${set_profit[@]}" >"$T/b.json" 2>"$T/b.err"
    cmp -s "$T/a.json" "$T/b.json" || fail "results differ on $roster: $(diff "$T/a.json" "$T/b.json" | head -4)"
    [ -s "$T/a.json" ] || fail "no results on $roster"
    id=$(grep -o '"id": *"[^"]*"' "$T/a.json" | head -1 | sed 's/.*"\([^"]*\)"$/\1/')
    "$K" slip rules/customer-service-2014.rules "$roster" "${set_profit[@]}" --id "$id" >"$T/a.slip" 2>/dev/null
    "$K" slip "$ime" "$roster" "${set_profit[@]}" --id "$id" 2>/dev/null |
        sed "s|$T/ime/|rules/|g" >"$T/b.slip"
    # the slip's footer names the policy files and their SHA-256: those differ
    grep -v -E 'sha256|SHA-256|rules' "$T/a.slip" >"$T/a.body"; grep -v -E 'sha256|SHA-256|rules' "$T/b.slip" >"$T/b.body"
    [ "$(wc -l <"$T/a.body")" -gt 10 ] || fail "the slip of $id is short: $(cat "$T/a.slip")"
    cmp -s "$T/a.body" "$T/b.body" || fail "the slip of $id differs: $(diff "$T/a.body" "$T/b.body" | head -4)"
    "$K" explain rules/customer-service-2014.rules "$roster" "${set_profit[@]}" --id "$id" --format json >"$T/a.x" 2>/dev/null
    "$K" explain "$ime" "$roster" "${set_profit[@]}" --id "$id" --format json 2>/dev/null >"$T/b.x"
    # the explanation quotes the policy's own text: compare the labels and values
    for x in a b; do grep -o -E '"(label|value)": *("[^"]*"|[0-9.-]+)' "$T/$x.x" >"$T/$x.lv"; done
    [ -s "$T/a.lv" ] && cmp -s "$T/a.lv" "$T/b.lv" || fail "the explanation of $id differs: $(diff "$T/a.lv" "$T/b.lv" | head -4)"
done

# every distinct non-ASCII character of the shipped policy, one text each
# in “…”, is read back as itself
chars=$(cat rules/*.rules rules/*/*.rules | grep -o -P '[^\x00-\x7F]' | sort -u | grep -v '[“”]')
[ "$(echo "$chars" | wc -l)" -ge 150 ] || fail "only $(echo "$chars" | wc -l) distinct characters found"
{
    printf 'input:\n    id: text, key\n'
    i=0
    for c in $chars; do
        i=$((i + 1))
        printf 'output t%d = “%s” + “”\n' "$i" "$c" | sed 's/ + “”//'
    done
} >"$T/chars.rules"
"$K" check "$T/chars.rules" >"$T/chars.err" 2>&1 || fail "the characters policy does not check: $(head -6 "$T/chars.err")"
echo '{"id":"A"}' | "$K" eval "$T/chars.rules" - -f ndjson >"$T/chars.out" 2>"$T/chars.eval-err"
want=$(i=0; printf '{"id":"A"'; for c in $chars; do i=$((i + 1)); printf ',"t%d":"%s"' "$i" "$c"; done; printf '}')
[ "$(cat "$T/chars.out")" = "$want" ] || fail "the characters come back otherwise: $(head -c 300 "$T/chars.out")"

[ $failures -eq 0 ] || exit 1
echo "chinese_quotes: ok ($n_quotes texts in “…”, $n_pct ％, $n_sp full-width spaces; $(echo "$chars" | wc -l) characters)"
