"""readme_zh.py README WORKDIR — runs the commands README.zh.md shows (the
lines "$ command" in its code blocks), in WORKDIR, each after the edits its
recipe describes, and checks each one's standard output and error are what
the README shows after it.  The run summary line ("kaohe: …: 39 records: …")
is compared only where the README shows it (elsewhere it says it leaves it
out).  README_UPDATE=1 writes what the commands give into the README
instead (then read the changes before committing them)."""
import os
import json
import re
import subprocess
import sys

readme_path, work = sys.argv[1], sys.argv[2]
readme = open(readme_path, encoding="utf-8").read()
P = work + "/方案/customer-service-2014.zh.rules"
I = work + "/方案/customer-service-2014/input.zh.rules"


def edit(path, old, new):
    text = open(path, encoding="utf-8").read()
    if old not in text:
        sys.exit(f"readme_zh: cannot make the README's edit in {path}: {old!r} is not there")
    open(path, "w", encoding="utf-8").write(text.replace(old, new, 1))


def quiet(*args):
    subprocess.run(args, cwd=work, check=True, capture_output=True)


def recipe1(i):
    if i == 0:
        edit(P, '"§八.2 提成比例 commission rate" = 8%', '"§八.2 提成比例 commission rate" = 10%')


def recipe2(i):
    if i == 0:
        line = '    "§四 泄密 confidentiality"                       -5 每 incidents.confidentiality\n'
        edit(P, line, line + '    "§四 回访满意率低于90% low satisfaction" -2 当 satisfaction < 90%\n')


def recipe3(i):
    if i == 0:
        edit(P, "    150% 及以上 -> 200 元\n", "    150% 及以上 -> 200 元\n    130% 及以上 -> 180 元\n")


def recipe4(i):
    if i == 0:
        edit(I, '取值 "specialist" "专员", "supervisor"', '取值 "specialist" "专员", "senior_specialist" "资深专员", "supervisor"')
        edit(P, '取值 "supervisor" "主管",', '取值 "senior_specialist" "资深专员", "supervisor" "主管",')
        edit(P, '    "specialist" -> "supervisor"\n',
             '    "specialist" -> "senior_specialist"\n    "senior_specialist" -> "supervisor"\n')
        line = '    level = "specialist" -> telesales_years >= 1 并且 team_size >= 5\n'
        edit(P, line, line + '    level = "senior_specialist" -> telesales_years >= 2 并且 team_size >= 5\n')
        quiet("kaohe", "fmt", P)
        edit(P, '    "senior_specialist" -> "supervisor"', '    "senior_specalist"  -> "supervisor"')
    elif i == 1:
        edit(P, '    "senior_specalist"  -> "supervisor"', '    "senior_specialist" -> "supervisor"')


def recipe5(i):
    if i == 0:
        line = '    year_profit "年度利润 year profit":           金额, 至少 0, 默认 0\n'
        edit(I, line, line + '    overtime_hours "加班小时 overtime hours": 整数, 至少 0, 默认 0\n')
        line = '参数 first_week_days "§三.2 新员工首周不考核 first week (working days)" = 5\n'
        edit(P, line, line + '参数 overtime_rate "加班费 每小时 overtime rate" = 30 元\n')
        line = '输出 total_pay "实发合计 total pay" = 台账 从 0 元:\n'
        edit(P, line, '输出 overtime_pay "加班费 overtime pay" = overtime_rate * overtime_hours\n\n' + line)
        line = '    "§八.4 年终分红 dividend"              +dividend\n'
        edit(P, line, line + '    "加班费 overtime pay" +overtime_pay\n')


def recipe6(i):
    test = work + "/方案/tests/overtime.test.json"
    if i == 0:
        block = re.search(r"```json\n(.*?)```", readme, re.S).group(1)
        json.loads(block)  # the README's test file is valid JSON
        subprocess.run(["mkdir", "-p", work + "/方案/tests"], check=True)
        open(test, "w", encoding="utf-8").write(block)
    elif i == 1:
        edit(test, '"expect": {"A": {"overtime_pay": 300}}', '"expect": {"A": {"overtime_pay": 200}}')


hooks = {"做法 1": recipe1, "做法 2": recipe2, "做法 3": recipe3, "做法 4": recipe4,
         "做法 5": recipe5, "做法 6": recipe6}

section, index, ran, updated = "", {}, 0, False
lines = readme.split("\n")
in_block = False
k = 0
while k < len(lines):
    line = lines[k]
    if line.startswith("#"):
        m = re.match(r"#+ (?:做法 \d|[^ ]+)", line)
        section = re.match(r"#+ (做法 \d)?", line).group(1) or line
    if line.startswith("```"):
        in_block = not in_block
        k += 1
        continue
    if not (in_block and line.startswith("$ ")):
        k += 1
        continue
    cmd = line[2:]
    want = []
    k += 1
    start = k
    while k < len(lines) and not lines[k].startswith("$ ") and not lines[k].startswith("```"):
        want.append(lines[k])
        k += 1
    i = index.get(section, 0)
    index[section] = i + 1
    if section in hooks:
        hooks[section](i)
    if "--stdout" in cmd and not want:
        continue  # the whole policy, not shown
    r = subprocess.run(cmd, shell=True, cwd=work, capture_output=True, text=True)
    got = (r.stdout + r.stderr).split("\n")
    shows_summary = any(w.startswith("kaohe: examples/") for w in want)
    got = [g for g in got if shows_summary or not g.startswith("kaohe: examples/")]
    while got and got[-1] == "":
        got.pop()
    if got != want and os.environ.get("README_UPDATE") == "1":
        keep = [w for w in want if w.startswith("kaohe: examples/")] if not shows_summary else []
        lines[start:k] = got + keep
        k = start + len(got) + len(keep)
        updated = True
    elif got != want:
        print(f"readme_zh: '{cmd}' ({section}) does not give what README.zh.md shows:")
        for g, w in zip(got + [""] * len(want), want + [""] * len(got)):
            if g != w:
                print(f"  shown: {w}\n  got:   {g}")
                break
        sys.exit(1)
    ran += 1
if updated:
    open(readme_path, "w", encoding="utf-8").write("\n".join(lines))
    print("readme_zh: README updated")
print(f"readme_zh: ok ({ran} commands)")
