# Writes tests/golden/hr-mistake-*/ : a planted HR mistake in a small policy,
# and the stderr expected, stated by hand as (line, col, span, message, hint).
import os, sys
root = sys.argv[1]
base = open(os.path.join(os.path.dirname(os.path.abspath(__file__)), 'base.rules')).read().split('\n')

def caret(line, col, span):
    pre = line[:col-1]
    out = ''
    for ch in pre:
        out += '\t' if ch == '\t' else (' ' * (2 if ord(ch) > 0x2e80 else 1))
    w = sum(2 if ord(ch) > 0x2e80 else 1 for ch in span) if span else 1
    return '    ' + out + '^' + '~' * (w - 1) + '\n'

def diag(lines, ln, col, span, msg, hint=None, level='error', show=True):
    line = lines[ln-1]
    assert span is None or line[col-1:col-1+len(span)] == span, (line, col, span)
    level = {'zh-error': '错误', 'zh-warning': '警告'}.get(level, level)
    s = 'policy.rules:%d:%d: %s: %s\n' % (ln, col, level, msg)
    if show:
        s += '    ' + line + '\n' + caret(line, col, span)
    if hint: s += '    ' + hint + '\n'
    return s

def case(name, edit, diags_fn, rc=3, args=('check', 'policy.rules'), extra=None, out='', zh=None):
    lines = list(base)
    edit(lines)
    d = os.path.join(root, 'hr-mistake-' + name)
    os.makedirs(d, exist_ok=True)
    text = '\n'.join(lines)
    open(os.path.join(d, 'policy.rules'), 'wb').write(text.encode('utf-8', 'surrogateescape') if isinstance(text, str) else text)
    open(os.path.join(d, 'args'), 'w').write('\n'.join(args) + '\n')
    open(os.path.join(d, 'expected.err'), 'w').write(diags_fn(lines))
    open(os.path.join(d, 'expected.out'), 'w').write(out)
    open(os.path.join(d, 'expected.rc'), 'w').write('%d\n' % rc)
    zh = zh or ZH.get(name)
    if zh: open(os.path.join(d, 'expected.zh.err'), 'w').write(zh(lines))
    if extra: extra(d)

def rep(n, new):
    def f(lines): lines[n-1] = new
    return f
def ins(n, new):
    def f(lines): lines.insert(n-1, new)
    return f
def both(*fs):
    def f(lines):
        for g in fs: g(lines)
    return f


# The same diagnostics in Chinese (--lang zh), for the cases whose every
# message is in po/zh_CN.po; written by hand from the translations.
E = 'zh-error'
ZH = {
 'indent-three-spaces': lambda L: diag(L, 14, 4, '300', '这一行缩进了3 个空格，和上面任何一行都对不齐：请缩进 4 个空格', level=E),
 'indent-tab': lambda L: diag(L, 14, 2, '300', '这一行用一个制表符缩进：请用空格缩进（和上一行一样 4 个）', level=E),
 'indent-five-spaces': lambda L: diag(L, 14, 6, '300', '这一行缩进了5 个空格，比上一行（4）多，而上一行并不开始一个块：请缩进 4 个空格', level=E),
 'indent-output-line': lambda L: diag(L, 17, 5, 'output', '这一行缩进了4 个空格，但上一行并不开始一个块：请从行首写起', level=E),
 'indent-one-space': lambda L: diag(L, 15, 2, 'otherwise', '这一行缩进了1 个空格，和上面任何一行都对不齐：请缩进 4 个空格', level=E),
 'indent-output-two-spaces': lambda L: diag(L, 16, 3, 'output', '这一行缩进了2 个空格，和上面任何一行都对不齐：请从行首写起', level=E),
 'unclosed-paren-last-line': lambda L: diag(L, 20, 26, '(', "这个 '(' 没有闭合：请在它所括内容的结尾加上 ')'", level=E),
 'unclosed-paren-mid-file': lambda L: diag(L, 16, 26, '(', "这个 '(' 没有闭合：请在它所括内容的结尾加上 ')'", level=E),
 'reserved-word-first': lambda L: diag(L, 8, 5, 'first', "'first' 是 kaohe 的保留字，不能用作名称",
                                      "请换一个名称，例如 'first_count' 或 'first_value'（输入数据中的字段也要同样改名）", level=E),
 'reserved-word-list': lambda L: diag(L, 8, 5, 'list', "'list' 是 kaohe 的保留字，不能用作名称",
                                     "请换一个名称，例如 'list_count' 或 'list_value'（输入数据中的字段也要同样改名）", level=E),
 'syntax-error-no-unused-warnings': lambda L: diag(L, 18, 47, 'and', "此处应为值，但遇到了'and'", level=E),
 'include-not-copied': lambda L: diag(L, 1, 9, '"fields.rules"', "无法读取 'fields.rules'：No such file or directory",
                                     "include 从引用它的文件所在的文件夹读取：请把被引用的文件和制度一起复制，"
                                     "或用 --include-path 目录 指明它们所在的文件夹", level=E),
 'policy-saved-as-gbk': lambda L: 'policy.rules:19:13: 错误: 文件此处不是有效的 UTF-8（字节 0xD5）\n'
                                  '    文件似乎是以 GBK（Windows 的 "ANSI"）保存的：请另存为 UTF-8（记事本：另存为，编码选 UTF-8）\n',
}

# 1-4 indentation
case('indent-three-spaces', rep(14, '   300 or more -> 100 yuan'),
     lambda L: diag(L, 14, 4, '300', 'this line is indented 3 spaces, which lines up with no line above: indent it 4 spaces'))
case('indent-tab', rep(14, '\t300 or more -> 100 yuan'),
     lambda L: diag(L, 14, 2, '300', 'this line is indented with a tab: indent with spaces (4, like the line above)'))
case('indent-five-spaces', rep(14, '     300 or more -> 100 yuan'),
     lambda L: diag(L, 14, 6, '300', 'this line is indented 5 spaces, more than the line above (4), which does not open a block: indent it 4 spaces'))
case('indent-output-line', rep(17, '    output senior_extra = if level = "senior" then 50 yuan else 0 yuan'),
     lambda L: diag(L, 17, 5, 'output', 'this line is indented 4 spaces, but the line above does not open a block: start it at the beginning of the line'))
# a tier's row one space in: the tier's rows are at 4 (the file's 0 cannot
# hold a row: it has an arrow); it was told "indent it 0 spaces"
case('indent-one-space', rep(15, ' otherwise   -> 0 yuan'),
     lambda L: diag(L, 15, 2, 'otherwise', 'this line is indented 1 space, which lines up with no line above: indent it 4 spaces'))
# an output two spaces in after a tier's rows (at 4): as near the file's 0 as
# the rows' 4, and an output belongs to the file; it was told "indent it 4 spaces"
case('indent-output-two-spaces', rep(16, '  output exam_bonus = if exam_score = 100 then bonus_amount else 0 yuan'),
     lambda L: diag(L, 16, 3, 'output', 'this line is indented 2 spaces, which lines up with no line above: start it at the beginning of the line'))
case('tier-without-colon', rep(12, 'output call_bonus = tier calls'),
     lambda L: diag(L, 12, 31, None, "expected an operator, '(' or ':', but found the end of the line")
             + diag(L, 19, 14, 'call_bonus', "unknown name 'call_bonus'"))
# 5-6 a param without its unit
case('param-without-unit', rep(9, 'param bonus_amount = 200'),
     lambda L: diag(L, 9, 22, '200', "param 'bonus_amount' is a plain number, but it is used as money (line 16)",
                    'write the amount with its unit: 200 yuan'))
case('param-without-unit-in-tier', both(rep(13, '    500 or more -> top_bonus'), ins(11, 'param top_bonus = 300')),
     lambda L: diag(L, 11, 19, '300', "param 'top_bonus' is a plain number, but it is used as money (line 14)",
                    'write the amount with its unit: 300 yuan'))
# 7-11 Excel habits
case('excel-if', rep(16, 'output exam_bonus = IF(exam_score >= 100, bonus_amount, 0 yuan)'),
     lambda L: diag(L, 16, 21, 'IF(exam_score >= 100, bonus_amount, 0 yuan)', "unknown function 'IF'",
                    'kaohe has no IF function: write `if condition then value else other`'))
case('excel-round', rep(20, 'output commission = ROUND(pay * commission_rate, 2)'),
     lambda L: diag(L, 20, 21, 'ROUND(pay * commission_rate, 2)', "unknown function 'ROUND'",
                    "did you mean 'round'? (names are written in lower case)"))
case('excel-sum', rep(19, 'output pay = Sum(call_bonus, exam_bonus, senior_extra)'),
     lambda L: diag(L, 19, 14, 'Sum(call_bonus, exam_bonus, senior_extra)', "unknown function 'Sum'",
                    "did you mean 'sum'? (names are written in lower case)"))
case('excel-and', rep(18, 'output good_service = AND(satisfaction >= 90%, minutes >= 1000)'),
     lambda L: diag(L, 18, 23, 'AND(satisfaction >= 90%, minutes >= 1000)', "unknown function 'AND'",
                    'kaohe has no AND function: write `a and b`'))
case('excel-vlookup', rep(16, 'output exam_bonus = vlookup(exam_score, 100, bonus_amount)'),
     lambda L: diag(L, 16, 21, 'vlookup(exam_score, 100, bonus_amount)', "unknown function 'vlookup'",
                    'kaohe has no VLOOKUP: write a `tier value:` table, one `N or more -> result` per row'))
# 12-13 keyword and name typos
case('keyword-typo-mroe', rep(13, '    500 or mroe -> 200 yuan'),
     lambda L: diag(L, 13, 12, 'mroe', "unknown name 'mroe'", "did you mean the word 'more'?"))
case('name-typo', rep(16, 'output exam_bonus = if exam_scroe = 100 then bonus_amount else 0 yuan'),
     lambda L: diag(L, 16, 24, 'exam_scroe', "unknown name 'exam_scroe'", "did you mean 'exam_score'?"))
case('enum-typo', rep(17, 'output senior_extra = if level = "senoir" then 50 yuan else 0 yuan'),
     lambda L: diag(L, 17, 34, '"senoir"', '"senoir" is not a value level can have (one of "junior", "senior")',
                    'did you mean "senior"?'))
# 15-16 brackets
case('unclosed-paren-last-line', rep(20, 'output commission = round(pay * commission_rate, 2'),
     lambda L: diag(L, 20, 26, '(', "this '(' is never closed: add ')' where what it encloses ends"))
case('unclosed-paren-mid-file', rep(16, 'output exam_bonus = round(bonus_amount, 2'),
     lambda L: diag(L, 16, 26, '(', "this '(' is never closed: add ')' where what it encloses ends"))
# 17-18 reserved words
case('reserved-word-first', ins(8, '    first: integer'),
     lambda L: diag(L, 8, 5, 'first', "'first' is a reserved word of kaohe and cannot be a name",
                    "choose another name, e.g. 'first_count' or 'first_value' (and name the field so in the input too)"))
case('reserved-word-list', ins(8, '    list: text'),
     lambda L: diag(L, 8, 5, 'list', "'list' is a reserved word of kaohe and cannot be a name",
                    "choose another name, e.g. 'list_count' or 'list_value' (and name the field so in the input too)"))
# 19 a syntax error: no "never used" for the fields only that line reads
case('syntax-error-no-unused-warnings', rep(18, 'output good_service = satisfaction >= 90% and and minutes >= 1000'),
     lambda L: diag(L, 18, 47, 'and', "expected a value, but found 'and'"))
# 20-22 types
case('type-ratio', rep(6, '    satisfaction: ratio'),
     lambda L: diag(L, 6, 19, 'ratio', "unknown word 'ratio' in the description of field 'satisfaction'",
                    "a ratio is written 'decimal' (its values 0.95 or 95%)"))
case('type-float', rep(7, '    exam_score: float, default 0'),
     lambda L: diag(L, 7, 17, 'float', "unknown word 'float' in the description of field 'exam_score'",
                    "did you mean 'decimal'?"))
case('money-plus-number', rep(19, 'output pay = call_bonus + exam_bonus + 50'),
     lambda L: diag(L, 19, 14, 'call_bonus + exam_bonus + 50', 'cannot add money and integer',
                    'write the amount with its unit, e.g. 100 yuan'))
case('fullwidth-plus', rep(19, 'output pay = call_bonus ＋ exam_bonus + senior_extra'),
     lambda L: diag(L, 19, 25, '＋', "unexpected full-width character '＋' (U+FF0B): write the ASCII '+' instead")
             + diag(L, 20, 27, 'pay', "unknown name 'pay'"))

case('keyword-typo-otherwise', rep(15, '    otherwize   -> 0 yuan'),
     lambda L: diag(L, 15, 5, 'otherwize', "unknown name 'otherwize'", "did you mean the word 'otherwise'?"))

# a copied policy whose include is not there: one error, not one per name it defines
def no_include(lines):
    lines[:] = ['include "fields.rules"', ''] + lines[8:]
case('include-not-copied', no_include,
     lambda L: diag(L, 1, 9, '"fields.rules"', "cannot read 'fields.rules': No such file or directory",
                    "an include is read from the including file's folder: copy the included file(s) along with the policy, "
                    "or name their folder with --include-path DIR"))

# a policy saved as GBK: 张三 in a label is D5 C5 C8 FD
def gbk_policy(d):
    p = os.path.join(d, 'policy.rules')
    t = open(p, 'rb').read().replace(b'output pay =', b'output pay "\xd5\xc5\xc8\xfd" =')
    open(p, 'wb').write(t)
case('policy-saved-as-gbk', lambda L: None,
     lambda L: 'policy.rules:19:13: error: the file is not valid UTF-8 here (byte 0xD5)\n'
               '    the file looks saved as GBK (Windows "ANSI"): save it as UTF-8 (in Notepad: Save As, Encoding: UTF-8)\n',
     extra=gbk_policy)

# a roster saved as GBK: the id 张三
def gbk_roster(d):
    open(os.path.join(d, 'roster.json'), 'wb').write(
        b'[{"id":"\xd5\xc5\xc8\xfd","level":"junior","calls":3,"minutes":1200,"satisfaction":0.95}]')
case('roster-saved-as-gbk', lambda L: None,
     lambda L: 'kaohe: roster.json: line 1, column 9 (byte 8): invalid UTF-8 (byte 0xD5 not followed by a continuation byte); '
               'saved as GBK? save it as UTF-8\n', rc=4, args=('eval', 'policy.rules', 'roster.json'), extra=gbk_roster)

# a tier with a gap: at run time the record's error names the value in the gap (400)
def gap(lines):
    lines[13] = '    300 or less -> 100 yuan'
    del lines[14]
def gap_roster(d):
    open(os.path.join(d, 'roster.json'), 'w').write(
        '[{"id":"A1","level":"junior","calls":400,"minutes":1200,"satisfaction":0.95}]\n')
case('tier-gap-names-the-value', gap,
     lambda L: 'roster.json: record 1 (id "A1"): error: no row of this tier table matches the value 400 in call_bonus (policy.rules:12:21)\n'
             + 'kaohe: roster.json: 1 record: 0 evaluated, 1 refused, 0 roster checks failed\n',
     rc=1, args=('eval', 'policy.rules', 'roster.json'), extra=gap_roster,
     out='[\n{"id":"A1","record":1,"error":"no row of this tier table matches the value 400 in call_bonus (policy.rules:12:21)"}\n]\n')

# policy tests: a misspelt record field, a misspelt output, "100%", a JSON error
def tests(d):
    open(os.path.join(d, 'cases.test.json'), 'w').write(
        '{"policy": "policy.rules",\n'
        ' "base": {"level": "junior", "calls": 0, "minutes": 0, "satisfaction": 0.5},\n'
        ' "cases": [\n'
        '  {"name": "a ratio as HR writes it", "records": [{"id": "A", "satisfaction": 0.95, "minutes": 1000}],\n'
        '   "expect": {"A": {"good_service": true, "call_bonus": "0"}}},\n'
        '  {"name": "exam field misspelt", "records": [{"id": "A", "exam_scroe": 100}], "expect": {"A": {"exam_bonus": 200}}},\n'
        '  {"name": "output misspelt", "records": [{"id": "A"}], "expect": {"A": {"exam_bouns": 0}}}\n'
        ' ]}\n')
    open(os.path.join(d, 'broken.test.json'), 'w').write(
        '{"policy": "policy.rules",\n "cases": [\n  {"name": "x" "records": []}\n ]}\n')
    open(os.path.join(d, 'ratio.rules'), 'w').write(
        'input:\n    id: text, key\n    calls: integer\n    quota: integer\n\noutput quota_ratio = calls / quota\n')
    open(os.path.join(d, 'ratio.test.json'), 'w').write(
        '{"policy": "ratio.rules",\n'
        ' "cases": [{"name": "quota met exactly", "records": [{"id": "A", "calls": 300, "quota": 300}],\n'
        '            "expect": {"A": {"quota_ratio": "100%"}}},\n'
        '           {"name": "one and a half", "records": [{"id": "A", "calls": 450, "quota": 300}],\n'
        '            "expect": {"A": {"quota_ratio": "150%"}}}]}\n')
case('policy-test-mistakes', lambda L: None, lambda L: '', rc=1,
     args=('test', 'broken.test.json', 'cases.test.json', 'ratio.test.json'), extra=tests,
     out='FAIL broken.test.json: (the file)\n'
         '    invalid JSON at line 3, column 16 (a missing comma or quote just before?)\n'
         'ok   cases.test.json: a ratio as HR writes it\n'
         'FAIL cases.test.json: exam field misspelt\n'
         "    record 1: the input has no field 'exam_scroe' (did you mean 'exam_score'?)\n"
         'FAIL cases.test.json: output misspelt\n'
         "    A: the policy has no output 'exam_bouns' (did you mean 'exam_bonus'?)\n"
         'ok   ratio.test.json: quota met exactly\n'
         'ok   ratio.test.json: one and a half\n'
         '3 passed, 3 failed\n')
