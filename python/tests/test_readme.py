"""The README's "Embedding" examples, run as they are written: the C one
built against build/libkaohe.so and fed the June 2014 roster as NDJSON, the
Python one with python/ on the path; their output is what the README's
comments and examples/ROSTERS.md say (CS-0101 paid 4225.00 at a 10%
commission, 4100.00 at 8%; CS-0135 refused for its missing member_target)."""
import json
import os
import re
import subprocess
import sys


def embedding_block(root, lang):
    with open(os.path.join(root, "README.md"), encoding="utf-8") as f:
        text = f.read()
    section = text.split("\n## Embedding\n", 1)[1].split("\n## ", 1)[0]
    blocks = re.findall(r"```" + lang + r"\n(.*?)```", section, re.S)
    assert len(blocks) == 1, f"the Embedding section has {len(blocks)} {lang} blocks"
    return blocks[0]


def test_readme_c(root, tmp_path):
    src = tmp_path / "pay.c"
    src.write_text(embedding_block(root, "c"), encoding="utf-8")
    build = os.path.join(root, "build")
    exe = tmp_path / "pay"
    subprocess.run(["cc", "-std=c11", "-Wall", "-Wextra", "-Werror", "-I" + os.path.join(root, "src", "api"), "-o",
                    str(exe), str(src), "-L" + build, "-lkaohe", "-Wl,-rpath," + build], check=True)
    with open(os.path.join(root, "examples", "roster-2014-06.json"), encoding="utf-8") as f:
        ndjson = "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in json.load(f))
    run = subprocess.run([str(exe)], input=ndjson.encode(), capture_output=True, cwd=root, check=True)
    lines = run.stdout.decode().splitlines()
    assert len(lines) == 39
    assert lines[0] == "CS-0101 4100.00"
    assert lines[35] == "CS-0135 field 'member_target': missing"


def test_readme_python(root):
    env = dict(os.environ, PYTHONPATH=os.path.join(root, "python"))
    run = subprocess.run([sys.executable, "-c", embedding_block(root, "python")], capture_output=True, cwd=root,
                         env=env, check=True)
    assert run.stdout.decode().splitlines() == ["0.08", "CS-0101 4225.00", "1 unknown name 'rat'"]
