#!/usr/bin/env bash
# Issue 17, item 1: the Chinese surface of the language.
#   - the 2014 policy in Chinese keywords (rules/customer-service-2014.zh.rules)
#     gives byte-identical results to the English one on the example rosters
#     (JSON, CSV, stderr, exit status);
#   - `kaohe fmt --lang zh|en` converts every shipped policy to the other
#     surface and back to the same bytes (comments kept);
#   - a policy written wholly in Chinese evaluates to results worked out by
#     hand; a name spelled as a Chinese keyword is named as reserved.
set -eu
. "$(dirname "$0")/lib/scratch.sh"
. "$(dirname "$0")/lib/exits.sh"

# ---- the twins give the same results ------------------------------------
for roster in examples/roster-2014-06.json examples/roster-2014-12.json; do
    for fmt in json csv; do
        rc_en=0; $K eval rules/customer-service-2014.rules "$roster" --format $fmt >$T/en.out 2>$T/en.err || rc_en=$?
        rc_zh=0; $K eval rules/customer-service-2014.zh.rules "$roster" --format $fmt >$T/zh.out 2>$T/zh.err || rc_zh=$?
        [ -s $T/en.out ] || { echo "zh_surface: no results from the English policy on $roster"; exit 1; }
        cmp $T/en.out $T/zh.out || { echo "zh_surface: $fmt results differ on $roster"; exit 1; }
        cmp $T/en.err $T/zh.err || { echo "zh_surface: stderr differs on $roster"; exit 1; }
        [ $rc_en = $rc_zh ] || { echo "zh_surface: exit status $rc_en (English) and $rc_zh (Chinese) on $roster"; exit 1; }
    done
done
# the Chinese twin is written in Chinese keywords: none of the English ones
if grep -v '^ *#' rules/customer-service-2014.zh.rules | sed 's/"[^"]*"//g; s/#.*//' |
        grep -qwE 'output|input|param|if|then|else|tier|ledger|when|otherwise|and|or|not|per|round|max|min|sum'; then
    echo "zh_surface: the Chinese twin still has English keywords"; exit 1
fi

# ---- every shipped policy converts there and back to the same bytes ------
files=$(find rules examples -name "*.rules" | sort)
mkdir -p $T/tree && cp -r rules examples $T/tree/
n=0
for f in $files; do
    $K fmt --lang en --stdout "$f" >$T/as-en
    $K fmt --lang zh --stdout "$f" >$T/as-zh
    if cmp -s $T/as-en "$f"; then other=zh; elif cmp -s $T/as-zh "$f"; then other=en; else
        echo "zh_surface: $f is in neither surface's canonical form (run kaohe fmt --lang en|zh)"; exit 1
    fi
    same=$([ $other = zh ] && echo en || echo zh)
    cp $T/as-$other $T/tree/$f   # in place in a copy of the tree: its includes resolve
    $K fmt --lang $same --stdout $T/tree/$f >$T/back
    cmp $T/back "$f" || { echo "zh_surface: $f -> $other -> $same is not the same bytes"; diff "$f" $T/back | head; exit 1; }
    # the converted policy means the same: its comments are all there
    a=$(grep -o '#.*' "$f" | sed 's/[[:space:]]*$//' | sort | md5sum)
    b=$(grep -o '#.*' $T/as-$other | sed 's/[[:space:]]*$//' | sort | md5sum)
    [ "$a" = "$b" ] || { echo "zh_surface: converting $f lost or changed a comment"; exit 1; }
    cp "$f" $T/tree/$f
    n=$((n + 1))
done
# the English policy, converted, is the Chinese twin but for its include,
# the comment that says what it is, and the display labels and per cents
# it adds (which change what slips show, never the results above)
$K fmt --lang zh --stdout rules/customer-service-2014.rules >$T/conv
sed -e 's/: 百分比 =/ =/; s/: 取值 .* = /: = /; s/: = / = /' rules/customer-service-2014.zh.rules | grep -v '^# \(It also gives\|slips and reports\|(JSON, CSV\)' >$T/twin
diff $T/conv $T/twin >$T/d || true
[ "$(grep -c '^[<>]' $T/d)" = 6 ] && grep -q '^> 引用 "customer-service-2014/input.zh.rules"' $T/d ||
    { echo "zh_surface: the Chinese twin is not the English policy converted:"; cat $T/d; exit 1; }

# ---- a policy wholly in Chinese, results by hand -------------------------
mkdir -p $T/p && cd $T/p
cat >p.rules <<'EOF'
# 全中文的小制度
输入:
    id "工号":        文本, 唯一
    calls "通次":     整数, 至少 0
    late "迟到次数":  整数, 默认 0
    regular "已转正": 是否

参数 rate "上浮" = 10%

档 = 档位 calls:
    100 及以上 -> 200元
    50 及以上  -> 100元
    其他       -> 0元

输出 bonus "奖金" = 如果 regular 那么 档 否则 0元
输出 score "得分" = 台账 从 100:
    "迟到" -2 每 late
    "达标" +3 当 calls >= 100
输出 pay "实发" = 四舍五入(bonus * (1 + rate), 2)
EOF
cat >r.json <<'EOF'
[{"id": "A", "calls": 120, "late": 2, "regular": true},
 {"id": "B", "calls": 60, "regular": false},
 {"id": "C", "calls": 50, "late": 1, "regular": true}]
EOF
exits 0 $K fmt --check p.rules
exits 0 $K eval p.rules r.json >out.json 2>/dev/null
# A: 120 calls, 200 yuan row; 100 - 2*2 + 3 = 99; 200 * 1.1 = 220.00
# B: not regular, 0; 100 (late defaults to 0, 60 < 100); 0
# C: 50 calls, 100 yuan row; 100 - 2 = 98; 110.00
cat >want.json <<'EOF'
[
{"id":"A","bonus":200.00,"score":99,"pay":220.00},
{"id":"B","bonus":0.00,"score":100,"pay":0.00},
{"id":"C","bonus":100.00,"score":98,"pay":110.00}
]
EOF
cmp out.json want.json || { echo "zh_surface: the Chinese policy's results:"; cat out.json; exit 1; }
# `fmt --lang en` of it evaluates the same
exits 0 $K fmt --lang en --stdout p.rules >en.rules
grep -q '^output pay "实发" = round(bonus \* (1 + rate), 2)$' en.rules || { echo "zh_surface: fmt --lang en:"; cat en.rules; exit 1; }
exits 0 $K eval en.rules r.json >out-en.json 2>/dev/null
cmp out-en.json want.json

# ---- a name spelled as a Chinese keyword ---------------------------------
printf '输入:\n    其他: 整数\n' >reserved.rules
exits 3 $K check reserved.rules 2>err
grep -qF "reserved.rules:2:5: error: '其他' is a reserved word of kaohe (the Chinese keyword 'otherwise') and cannot be a name" err &&
    grep -qF "choose another name, e.g. '其他_count'" err && [ "$(grep -c error: err)" = 1 ] ||
    { echo "zh_surface: a reserved name:"; cat err; exit 1; }
# joined to other letters a keyword is part of a name: 其他扣款 is a name
printf '输入:\n    其他扣款: 整数\n输出 x = 其他扣款 + 1\n' >joined.rules
exits 0 $K check joined.rules 2>/dev/null
# --lang takes zh or en
exits 2 $K fmt --lang fr p.rules 2>err
grep -qF -- "--lang takes zh (Chinese keywords) or en (English keywords), not 'fr'" err
# ---- the README's tables are the word table -------------------------------
cd "$OLDPWD"
python3 - <<'PY' || exit 1
import re, sys
readme = open("README.md", encoding="utf-8").read()
table = open("src/lang/lex.c", encoding="utf-8").read()
section = readme[readme.index("### 中文关键字"):readme.index("## Speed and memory")]
shown = set(re.findall(r"\| `([^`]+)` \| `([^`]+)` ", section))
rows = set(re.findall(r'\b(?:KW|PHRASE|CTX|FN|UNIT)\("([^"]+)", "([^"]+)"', table))
if shown != rows:
    print("zh_surface: README's Chinese keywords differ from src/lang/lex.c:",
          "missing", sorted(rows - shown), "not in the table", sorted(shown - rows))
    sys.exit(1)
PY
echo "zh_surface: ok ($n policies converted both ways)"
