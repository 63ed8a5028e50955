#!/usr/bin/env bash
# Standard output that cannot be written (a full disk: /dev/full) is named
# "standard output" in the reader's language, whether it was chosen by
# leaving -o out or by "-o -" (README: "-o -" is standard output); a bug
# once said "cannot write '-'" for eval --strict and slip --id with -o -,
# and English "standard output" in Chinese messages.  Status 4 each time.
set -u
. tests/e2e/lib/expect.sh
. tests/e2e/lib/exits.sh
. "$(dirname "$0")/lib/scratch.sh"
cp tests/golden/_shared/pay.rules tests/golden/_shared/ok.json "$T/"
cd "$T" || exit 1
EN="kaohe: cannot write 'standard output'"
ZH="kaohe: 无法写入 '标准输出'"
for dash in "" "-o -"; do
    # shellcheck disable=SC2086 # $dash: no option, or two words
    exits 4 "$K" eval pay.rules ok.json --strict $dash > /dev/full 2> err
    has err "$EN" "eval --strict $dash"
    # shellcheck disable=SC2086
    exits 4 "$K" slip pay.rules ok.json --id A-1 $dash > /dev/full 2> err
    has err "$EN" "slip --id $dash"
    # shellcheck disable=SC2086
    exits 4 "$K" --lang zh slip pay.rules ok.json --id A-1 $dash > /dev/full 2> err
    has err "$ZH" "slip --id $dash, in Chinese"
    # shellcheck disable=SC2086
    exits 4 "$K" --lang zh eval pay.rules ok.json --strict $dash > /dev/full 2> err
    has err "$ZH" "eval --strict $dash, in Chinese"
done
echo "cov_out_stdout: ok"
