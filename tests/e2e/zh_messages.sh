#!/usr/bin/env bash
# Issue 17, item 2: the tool speaks Chinese when asked (--lang zh, or
# LANG / LC_MESSAGES / LC_ALL = zh_CN.UTF-8): a run's summary and a record's
# error, `kaohe test` output, explain and diff text.  Every expectation is
# the English text of the same run (written beside it) put into Chinese by
# hand with the words of po/zh_CN.table.py; the numbers are worked out from
# the small policy below:
#   call_bonus 200 yuan from 500 calls, else 100; exam_bonus 200 yuan
#   (bonus_amount) for an exam score of 100; pay = call_bonus + exam_bonus.
#   A1: 600 calls, exam 100 -> 200 + 200 = 400;  A2: 300 calls -> 100 + 0
#   = 100;  A3 gives no calls -> refused (calls has no default).
set -u
. tests/e2e/lib/skip.sh
K=$(realpath "${KAOHE:-./kaohe}")
T=$(mktemp -d); trap 'rm -rf "$T"' EXIT
failures=0
fail() { echo "zh_messages: FAIL: $*"; failures=$((failures + 1)); }
# same NAME FILE WANT: FILE holds exactly WANT
same() { [ "$(cat "$2")" = "$3" ] || { fail "$1:"; diff <(cat "$2") <(printf '%s\n' "$3") | head -20; }; }

root=$(pwd)
cd "$T"
cat >policy.rules <<'P'
input:
    id: text, key
    calls: integer
    exam_score: integer, default 0

param bonus_amount = 200 yuan

output call_bonus = tier calls:
    500 or more -> 200 yuan
    otherwise -> 100 yuan
output exam_bonus = if exam_score = 100 then bonus_amount else 0 yuan
output pay = call_bonus + exam_bonus
P
cat >roster.json <<'R'
[{"id": "A1", "calls": 600, "exam_score": 100},
 {"id": "A2", "calls": 300},
 {"id": "A3"}]
R
cat >cases.test.json <<'C'
{"policy": "policy.rules",
 "base": {"calls": 0},
 "cases": [
  {"name": "full marks", "records": [{"id": "A1", "calls": 600, "exam_score": 100}],
   "expect": {"A1": {"pay": 400}}},
  {"name": "worked wrong", "records": [{"id": "A2", "calls": 300}], "expect": {"A2": {"pay": 200}}}
 ]}
C
export NO_COLOR=1
unset LC_ALL LC_MESSAGES LANGUAGE

# 1. eval: the record's error and the summary line.
#    English: roster.json: record 3 (id "A3"): error: field 'calls': missing
#             kaohe: roster.json: 3 records: 2 evaluated, 1 refused, 0 roster checks failed
#    ("field 'calls':" is the field's path and stays as it is)
LANG=C "$K" eval policy.rules roster.json --lang zh >eval.out 2>eval.err; rc=$?
[ $rc = 1 ] || fail "eval: exit status $rc, expected 1 (a refused record)"
same eval-stderr eval.err 'roster.json：第 3 条记录 (id "A3")：错误：field '\''calls'\'': 缺失
kaohe: roster.json：共 3 条记录：算出 2 条，拒绝 1 条，名册检查未通过 0 项'
# the results are data: the same in every language, but for the error text
grep -q '^{"id":"A1","call_bonus":200.00,"exam_bonus":200.00,"pay":400.00},$' eval.out || fail "eval: A1: $(head -2 eval.out)"
grep -q '^{"id":"A3","record":3,"error":"field '\''calls'\'': 缺失"}$' eval.out || fail "eval: A3: $(tail -2 eval.out)"

# 2. kaohe test: the failure line and the count (the case names are the
#    test file's own; ok/FAIL stay, as every test tool prints them).
#    English: A2.pay: expected 200, got 100.00 ... 1 passed, 1 failed;
#    the worked-out tree under it: "tier calls: 2 rows"
LANG=C "$K" test cases.test.json --lang zh >test.out 2>test.err; rc=$?
[ $rc = 1 ] || fail "test: exit status $rc, expected 1 (one case fails)"
same test-stdout test.out 'ok   cases.test.json: full marks
FAIL cases.test.json: worked wrong
    A2.pay：应为 200，实际为 100.00
      pay            100.00   = call_bonus + exam_bonus   [policy.rules:12]
      ├─ call_bonus  100.00   档位表 calls：2 行   [policy.rules:8]
      └─ exam_bonus  0.00   if exam_score = 100 then bonus_amount else 0 yuan   [policy.rules:11]
通过 1 个，失败 1 个'
[ -s test.err ] && fail "test: stderr: $(cat test.err)"

# 3. explain A1, one output: the header, the tier row that matched, the
#    condition that holds, and where each value comes from.
#    English: A1  (record 1) / row "500 or more -> 200 yuan" matched /
#             exam_score = 100 is true / input / param.  The values line up
#    two columns after the widest label by display width: "├─ 档位表 calls"
#    is 15 columns (English "├─ tier calls" 13), so call_bonus's value
#    starts at column 17 where the English one starts at 15.
LANG=C "$K" explain policy.rules roster.json --id A1 exam_bonus call_bonus --lang zh >explain.out 2>explain.err; rc=$?
[ $rc = 0 ] || fail "explain: exit status $rc: $(cat explain.err)"
same explain-stdout explain.out 'A1  （第 1 条记录）

exam_bonus       200.00   = if exam_score = 100 then bonus_amount else 0 yuan   [policy.rules:11]
├─ if   exam_score = 100 成立
├─ exam_score    100   输入
└─ bonus_amount  200.00   参数

call_bonus       200.00   [policy.rules:8]
├─ 档位表 calls   匹配了 "500 or more -> 200 yuan" 这一行   [policy.rules:9]
└─ calls         600   输入'

# 4. diff with bonus_amount 300 yuan: only A1 has an exam bonus; it rises
#    by 100, and so does its pay.  Totals: call_bonus 200 + 100 = 300
#    both sides; exam_bonus 200 -> 300 (+50%); pay 500 -> 600 (+20%).
#    The header row is padded for the display width of Chinese (two
#    columns a character): 金额结果 fills 22 columns, 旧合计 / 新合计 / 变化
#    16 each, as "money output" / "old total" / "new total" / "change" do.
#    A3 has no calls, refused on both sides: exit status 1, as eval's.
LANG=C "$K" diff policy.rules roster.json --set 'bonus_amount=300 yuan' --lang zh >diff.out 2>diff.err; rc=$?
[ $rc = 1 ] || fail "diff: exit status $rc: $(cat diff.err)"
same diff-stdout diff.out 'A1  （第 1 条记录）
  exam_bonus             200.00 → 300.00   (+100.00)
  pay                    400.00 → 500.00   (+100.00)

小结：policy.rules → policy.rules 改用 bonus_amount=300 yuan
  记录：3，有变化：1，出错：1 → 1
  金额结果                         旧合计           新合计             变化
  call_bonus                       300.00           300.00            +0.00 (+0.00%)
  exam_bonus                       200.00           300.00          +100.00 (+50.00%)
  pay                              500.00           600.00          +100.00 (+20.00%)
  有变化的结果： exam_bonus 1, pay 1
  exam_bonus 增加最多的： A1 +100.00
  pay 增加最多的： A1 +100.00'
# the header's display width: 2 + 22 + 3 x (1 + 16) columns, as in English
python3 - diff.out <<'PY' || fail "diff: the Chinese header row is not 75 columns wide"
import sys, unicodedata
row = [l for l in open(sys.argv[1], encoding='utf-8') if '金额结果' in l][0].rstrip('\n')
w = sum(2 if unicodedata.east_asian_width(c) in 'WF' else 1 for c in row)
sys.exit(0 if w == 2 + 22 + 3 * 17 else 1)
PY

# 5. a slip's footer (what produced it): English "policy file", "input",
#    "params", "(* set for this run)"; the hashes are the files' own
LANG=C "$K" slip policy.rules roster.json --id A1 --set 'bonus_amount=300 yuan' --lang zh >slip.out 2>slip.err; rc=$?
[ $rc = 0 ] || fail "slip: exit status $rc, expected 0 (A1 is evaluated; A3, refused, is not the one asked for)"
same slip-footer <(tail -5 slip.out) "kaohe $("$K" --version | cut -d' ' -f2)
制度文件 policy.rules  sha256 $(sha256sum policy.rules | cut -d' ' -f1)
输入 roster.json  sha256 $(sha256sum roster.json | cut -d' ' -f1)
参数 bonus_amount=300.00*
（* 为本次运行设定）"

# 5b. a boolean shown to people (a slip) is 是/否 for a Chinese reader and
#     yes/no otherwise; the JSON keeps true/false.  A1's many_calls: 600 > 500.
printf 'output many_calls "多通次 many calls" = calls > 500\n' >>policy.rules
"$K" slip policy.rules roster.json --id A1 --lang zh >slip-zh.out 2>/dev/null
grep -qE '^ *多通次 many calls +是$' slip-zh.out || { fail "slip in Chinese: many_calls is not 是"; grep many slip-zh.out; }
"$K" slip policy.rules roster.json --id A1 --lang en >slip-en.out 2>/dev/null
grep -qE '^ *多通次 many calls +yes$' slip-en.out || { fail "slip in English: many_calls is not yes"; grep many slip-en.out; }
"$K" eval policy.rules roster.json --lang zh 2>/dev/null | grep -q '"many_calls": *true' || fail "eval --lang zh: the JSON keeps true"

# 6. the environment asks for Chinese: LANG, LC_MESSAGES or LC_ALL =
#    zh_CN.UTF-8, with no --lang.  kaohe needs no zh_CN locale installed
#    (it takes C.UTF-8 and LANGUAGE when zh_CN.UTF-8 is missing), but it does
#    need one of the two: without either, messages would stay English.
if ! locale -a 2>/dev/null | grep -qiE '^(zh_CN\.utf-?8|C\.utf-?8)$'; then
    skip_or_fail zh_messages "neither zh_CN.UTF-8 nor C.UTF-8 is installed (locale -a)" "apt-get install locales (C.UTF-8 comes with libc)"
fi
printf 'output x = 1 +\n' >bad.rules
want_zh="bad.rules:2:1: 错误: 此处应为值，但遇到了文件结尾"
want_en="bad.rules:2:1: error: expected a value, but found the end of the file"
for env in "LANG=zh_CN.UTF-8" "LC_MESSAGES=zh_CN.UTF-8" "LC_ALL=zh_CN.UTF-8" "LANG=C LC_MESSAGES=zh_CN.UTF-8"; do
    env $env "$K" check bad.rules >/dev/null 2>check.err
    [ "$(head -1 check.err)" = "$want_zh" ] || fail "$env: $(head -1 check.err)"
done
# English where the environment does not ask for Chinese, and --lang en
# wins over the environment
for env in "LANG=C" "LANG=en_US.UTF-8" "LC_ALL=C LANG=zh_CN.UTF-8"; do
    env $env "$K" check bad.rules >/dev/null 2>check.err
    [ "$(head -1 check.err)" = "$want_en" ] || fail "$env: $(head -1 check.err)"
done
LANG=zh_CN.UTF-8 "$K" check bad.rules --lang en >/dev/null 2>check.err
[ "$(head -1 check.err)" = "$want_en" ] || fail "--lang en over LANG=zh_CN.UTF-8: $(head -1 check.err)"
# a policy without errors (English "policy.rules: ok")
LANG=zh_CN.UTF-8 "$K" check policy.rules 2>check.err || fail "check policy.rules: exit status $?"
[ "$(cat check.err)" = "policy.rules：没有问题" ] || fail "check ok: $(cat check.err)"
# fmt's --lang is the policy's keywords, never the messages' language: its
# messages follow the environment (English "--lang takes zh (Chinese
# keywords) or en (English keywords), not 'fr'")
LANG=zh_CN.UTF-8 "$K" fmt --lang fr bad.rules >/dev/null 2>fmt.err; rc=$?
[ $rc = 2 ] || fail "fmt --lang fr: exit status $rc, expected 2"
[ "$(head -1 fmt.err)" = "kaohe: --lang 只接受 zh（中文关键字）或 en（英文关键字），不能是 'fr'" ] || fail "fmt --lang fr: $(head -1 fmt.err)"
printf 'output x = if true then 1 else 2\n' >ok.rules
LANG=C "$K" fmt --lang zh --stdout ok.rules >fmt.out 2>&1
[ "$(cat fmt.out)" = "输出 x = 如果 是 那么 1 否则 2" ] || fail "fmt --lang zh: $(cat fmt.out)"
# the help in Chinese
LANG=zh_CN.UTF-8 "$K" help check >help.out
same help-check help.out 'kaohe check 制度... [--werror]
  解析并检查每个制度，把每个错误和警告按 文件:行:列 列出。
  --werror  把警告当作错误
退出状态：0 没有错误，3 发现错误，2 用法错误。'

# the project's policy tests hold in Chinese too: an expected error names a
# field ("error": "calls"), and field names are the same in every language
(cd "$root" && LANG=zh_CN.UTF-8 "$K" test tests/policy >"$T/policy.out" 2>&1) ||
    fail "tests/policy in Chinese: $(grep -v '^ok' "$T/policy.out" | head -5)"
tail -1 "$T/policy.out" | grep -qE '^通过 [0-9]+ 个，失败 0 个$' || fail "tests/policy in Chinese: $(tail -1 "$T/policy.out")"

[ $failures = 0 ] || exit 1
echo "zh_messages: ok"
