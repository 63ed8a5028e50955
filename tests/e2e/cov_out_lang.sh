#!/usr/bin/env bash
# The language of kaohe's messages and where their catalogues are found
# (src/cli/main.c): $KAOHE_LOCALEDIR, else build/locale or locale beside the
# program, else ../share/locale from it (an installed program); --lang zh|en
# anywhere on the line, or --lang=VALUE; after `fmt` it is fmt's own option
# (the keywords the policy is written with), before it only the messages'.
# Every expectation is worked out by hand from README's keyword table and
# the messages' translations (po/zh_CN.table.py).
set -u
. tests/e2e/lib/expect.sh
. tests/e2e/lib/exits.sh
K=$(realpath "${KAOHE:-./kaohe}")
L=$(dirname "$K")/build/locale; [ -d "$L" ] || L=$(dirname "$K")/locale
[ -d "$L/zh_CN" ] || fail "no message catalogues beside $K (looked in $L)"
T=$(mktemp -d); trap 'rm -rf "$T"' EXIT
export NO_COLOR=1
cp tests/golden/_shared/pay.rules "$T/"
cd "$T" || exit 1
ZH="kaohe: 没有这个文件或文件夹：nowhere"
EN="kaohe: no such file or directory: nowhere"

# fmt's own --lang=zh: Chinese keywords; before fmt: the messages only
exits 0 "$K" fmt --stdout pay.rules --lang=zh > out 2> err
has out "输入:" "fmt --lang=zh: input in Chinese"
has out "输出 commission \"提成\" = 四舍五入(最大(sales * rate, floor_pay), 2)" "fmt --lang=zh: an output in Chinese"
exits 0 "$K" --lang=zh fmt --stdout pay.rules > out 2> err
has out "output commission" "--lang=zh before fmt: English keywords kept"
grep -q "输入" out && fail "--lang=zh before fmt rewrote the keywords"
exits 2 "$K" fmt --stdout pay.rules --lang=fr > out 2> err
has err "kaohe: --lang takes zh (Chinese keywords) or en (English keywords), not 'fr'" "fmt --lang=fr"

# no language in the environment at all: English
exits 2 env -u LANG -u LC_ALL -u LC_MESSAGES "$K" test nowhere > out 2> err
[ "$(cat err)" = "$EN" ] || fail "no locale: $(cat err)"

# the catalogues: named by KAOHE_LOCALEDIR, for a program with none beside it
mkdir -p bin loc prefix/bin prefix/share
cp "$K" bin/kaohe
cp -r "$L/zh_CN" loc/
exits 2 env KAOHE_LOCALEDIR="$T/loc" bin/kaohe --lang zh test nowhere > out 2> err
[ "$(cat err)" = "$ZH" ] || fail "KAOHE_LOCALEDIR: $(cat err)"
# an installed program: PREFIX/bin/kaohe finds PREFIX/share/locale
cp "$K" prefix/bin/kaohe
cp -r loc prefix/share/locale
exits 2 env KAOHE_LOCALEDIR= prefix/bin/kaohe --lang zh test nowhere > out 2> err
[ "$(cat err)" = "$ZH" ] || fail "installed: $(cat err)"
echo "cov_out_lang: ok"
