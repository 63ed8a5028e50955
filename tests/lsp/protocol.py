#!/usr/bin/env python3
"""protocol.py — `kaohe lsp` driven at the protocol level (issue 19).

Usage: tests/lsp/protocol.py ./kaohe

Each case starts a server, speaks JSON-RPC to it over Content-Length framing
and compares what comes back with expectations worked out by hand from the
fixtures (tests/lsp/fixtures/): positions are LSP's lines and UTF-16 code
units, counted by hand over the Chinese text.  Exits 1 on the first failure.
"""
import json, os, subprocess, sys, tempfile, time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from lspclient import Client, uri_of  # noqa: E402

KAOHE = os.path.abspath(sys.argv[1] if len(sys.argv) > 1 else "./kaohe")
HERE = os.path.dirname(os.path.abspath(__file__))
FIX = os.path.join(HERE, "fixtures")
BONUS = os.path.join(FIX, "bonus.rules")
SCHEMA = os.path.join(FIX, "part", "schema.rules")
BONUS_TEXT = open(BONUS, encoding="utf-8").read()
U = uri_of(BONUS)
failures = 0


def check(cond, what, got=None):
    global failures
    if not cond:
        failures += 1
        print(f"FAIL: {what}" + (f"\n  got: {json.dumps(got, ensure_ascii=False)[:2000]}" if got is not None else ""))


def rng(l1, c1, l2, c2):
    return {"start": {"line": l1, "character": c1}, "end": {"line": l2, "character": c2}}


def at(line, character):
    return {"textDocument": {"uri": U}, "position": {"line": line, "character": character}}


def started():
    c = Client(KAOHE)
    c.initialize()
    return c


def finish(c):
    check(c.result("shutdown") is None, "shutdown answers null")
    c.notify("exit")
    status = c.close()
    check(status == 0, "exit after shutdown: status 0", status)


def case(fn):
    print(f"== {fn.__name__}")
    fn()
    return fn


# ---------------------------------------------------------------- lifecycle
@case
def lifecycle():
    c = Client(KAOHE)
    r = c.request("textDocument/hover", at(0, 0))
    check(r.get("error", {}).get("code") == -32002, "a request before initialize: ServerNotInitialized", r)
    init = c.initialize()
    caps = init["capabilities"]
    check(caps["textDocumentSync"]["change"] == 1 and caps["hoverProvider"] and caps["definitionProvider"]
          and caps["referencesProvider"] and caps["documentFormattingProvider"]
          and caps["documentSymbolProvider"] and "." in caps["completionProvider"]["triggerCharacters"]
          and caps["renameProvider"]["prepareProvider"], "initialize lists the features", caps)
    check(init["serverInfo"]["name"] == "kaohe", "serverInfo names kaohe", init)
    r = c.request("initialize", {"capabilities": {}})
    check(r.get("error", {}).get("code") == -32600, "a second initialize is refused", r)
    check(c.result("shutdown") is None, "shutdown answers null")
    r = c.request("textDocument/hover", at(0, 0))
    check(r.get("error", {}).get("code") == -32600, "a request after shutdown is refused", r)
    c.notify("exit")
    check(c.close() == 0, "exit after shutdown: status 0")

    c = started()
    c.notify("exit")
    check(c.close() == 1, "exit without shutdown: status 1")

    c = started()
    check(c.close() == 1, "end of input without exit: the server stops, status 1")


# ---------------------------------------------------------------- diagnostics
@case
def diagnostics_utf16():
    c = started()
    c.open(U, BONUS_TEXT)
    check(c.diagnostics(U) == [], "the fixture checks clean", None)
    check(c.diagnostics(uri_of(SCHEMA)) == [], "its include gets (empty) diagnostics too")
    # line 5 (0-based): output 奖金 "§七 奖金 bonus" = pay.base * 提成比列   (列 for 例)
    # UTF-16 units before the name: 'output ' 7 + 奖金 2 + ' "' 2 + §七 2 + ' ' 1 + 奖金 2
    # + ' bonus"' 7 + ' = ' 3 + 'pay.base' 8 + ' * ' 3 = 37; the name is 4 units long
    bad = BONUS_TEXT.replace("pay.base * 提成比例", "pay.base * 提成比列")
    c.change(U, bad, 2)
    d = c.diagnostics(U)
    check(len(d) == 1, "one diagnostic for one mistake", d)
    if d:
        check(d[0]["range"] == rng(5, 37, 5, 41), "the unknown name's range in UTF-16 units", d[0])
        check(d[0]["severity"] == 1 and "unknown name '提成比列'" in d[0]["message"]
              and "did you mean '提成比例'?" in d[0]["message"], "error, message and hint", d[0])
    # a character outside the BMP (U+20000) is two UTF-16 units:
    # 'output x "' 10 + 𠀀 2 + '" = ' 4 = 16 (a byte count gives 18, a character count 14)
    astral = BONUS_TEXT + 'output x "\U00020000" = nope\n'
    c.change(U, astral, 3)
    d = c.diagnostics(U)
    check(len(d) == 1 and d[0]["range"] == rng(9, 16, 9, 20), "a name after U+20000: units, not bytes", d)
    c.change(U, BONUS_TEXT, 4)
    d = c.diagnostics(U)
    check(d == [], "fixed: the diagnostics are cleared", d)
    # a warning: a param never used
    c.change(U, BONUS_TEXT + "param 未用 = 3\n", 5)
    d = c.diagnostics(U)
    check(len(d) == 1 and d[0]["severity"] == 2 and d[0]["range"] == rng(9, 6, 9, 8)
          and "never used" in d[0]["message"], "a warning at the param's name", d)
    finish(c)


@case
def diagnostics_in_include():
    with tempfile.TemporaryDirectory() as tmp:
        main = os.path.join(tmp, "main.rules")
        inc = os.path.join(tmp, "inc.rules")
        with open(inc, "w", encoding="utf-8") as f:
            f.write('input:\n    calls "通次": integr\n')  # line 1: 'integr' at 4+5+1+4+2=16 .. 22
        c = started()
        c.open(uri_of(main), 'include "inc.rules"\noutput x = calls\n')
        d_inc = c.diagnostics(uri_of(inc))
        check(any(d["range"] == rng(1, 16, 1, 22) and "did you mean 'integer'?" in d["message"] for d in d_inc),
              "the included file's mistake is published under its own URI, at its line", d_inc)
        finish(c)


@case
def burst_of_changes():
    c = started()
    c.open(U, BONUS_TEXT)
    c.diagnostics(U)
    msgs = b""
    for v in range(2, 22):  # 20 edits in one write: the last one has no mistake
        text = BONUS_TEXT + ("output y = nope\n" if v < 21 else "")
        body = json.dumps({"jsonrpc": "2.0", "method": "textDocument/didChange",
                           "params": {"textDocument": {"uri": U, "version": v},
                                      "contentChanges": [{"text": text}]}}).encode()
        msgs += b"Content-Length: %d\r\n\r\n" % len(body) + body
    c.send_raw(msgs)
    r = c.request("textDocument/documentSymbol", {"textDocument": {"uri": U}})
    check("result" in r, "a request after the burst is answered", r)
    last = c.wait_for(lambda m: m.get("method") == "textDocument/publishDiagnostics"
                      and m["params"].get("version") == 21, "the diagnostics of the last version")
    check(last["params"]["diagnostics"] == [], "the last diagnostics are those of the last text", last)
    pubs = [m for m in c.pending if m.get("method") == "textDocument/publishDiagnostics" and m["params"]["uri"] == U]
    check(all(m["params"]["diagnostics"] for m in pubs), "every earlier version had its mistake", pubs)
    finish(c)


# ---------------------------------------------------------------- hover
@case
def hover():
    c = started()
    c.open(U, BONUS_TEXT)
    # line 5: the use of 提成比例 starts at unit 37
    h = c.result("textDocument/hover", at(5, 38))
    v = h["contents"]["value"]
    check("**param** `提成比例` · decimal" in v and "value: `8%`" in v and "§八.2 提成比例" in v,
          "a param: kind, type, value and label", h)
    check(h["range"] == rng(5, 37, 5, 41), "the hover's range is the name", h)
    # line 8: output many_calls = calls > 100   ('calls' at 20)
    h = c.result("textDocument/hover", at(8, 21))
    v = h["contents"]["value"]
    check("**input field** `calls` · integer" in v and "通次" in v and "at least 0" in v,
          "an input field: type, label and its bounds", h)
    # line 5: pay.base — 'base' at 30..34
    h = c.result("textDocument/hover", at(5, 31))
    check("`pay.base` · money" in h["contents"]["value"] and "基本工资" in h["contents"]["value"],
          "a nested field by its whole path", h)
    # line 5: the output's own name 奖金 at 7..9
    h = c.result("textDocument/hover", at(5, 8))
    v = h["contents"]["value"]
    check("**output** `奖金` · money" in v and "§七 奖金 bonus" in v and "pay.base * 提成比例" in v,
          "an output: type, label and its definition", h)
    # line 7: hire_date.month — 'month' at 31
    h = c.result("textDocument/hover", at(7, 32))
    check("integer" in h["contents"]["value"], "a date part has its type", h)
    h = c.result("textDocument/hover", at(0, 3))
    check(h is None, "a comment has no hover", h)
    finish(c)


# ---------------------------------------------------------------- completion
def labels(items):
    return sorted(i["label"] for i in (items["items"] if isinstance(items, dict) else items))


@case
def completion():
    c = started()
    text = BONUS_TEXT + "output t1 = pay.\n"
    c.open(U, text)
    check(labels(c.result("textDocument/completion", at(9, 16))) == ["base"], "after 'pay.': its fields")
    text = BONUS_TEXT + "output t2 = hire_date.\n"
    c.change(U, text, 2)
    check(labels(c.result("textDocument/completion", at(9, 22))) == sorted(["year", "month", "day", "quarter", "weekday"]),
          "after a date's '.': its parts")
    text = BONUS_TEXT + 'output t3 = status = "\n'
    c.change(U, text, 3)
    check(labels(c.result("textDocument/completion", at(9, 22))) == ["probation", "regular"],
          "inside quotes after 'status =': the enum's values")
    text = BONUS_TEXT + "output t4 = 200 \n"
    c.change(U, text, 4)
    got = labels(c.result("textDocument/completion", at(9, 16)))
    check("yuan" in got and "元" in got and "points" in got, "after a number: units", got)
    text = BONUS_TEXT + "output t5 = \n"
    c.change(U, text, 5)
    got = labels(c.result("textDocument/completion", at(9, 12)))
    for want in ["提成比例", "奖金", "regular", "calls", "pay", "status", "round", "sum", "if", "tier"]:
        check(want in got, f"names in scope include {want}", got)
    for want in ["如果", "那么", "否则", "档位", "其他", "至少", "四舍五入", "合计"]:
        check(want in got, f"the Chinese surface's words include {want}", got)
    check("base" not in got, "a group's field is not offered bare", got)
    text = BONUS_TEXT + "output t6 = 1  # pay.\n"
    c.change(U, text, 6)
    check(labels(c.result("textDocument/completion", at(9, 21))) == [], "nothing inside a comment")
    finish(c)


@case
def schema_completion():
    # after ':' in the input schema: the types and field options, each in
    # both surfaces (money 金额, key 唯一, at least 至少)
    c = started()
    u = "file:///tmp/kaohe-schema-completion.rules"
    c.open(u, "input:\n    id: text, key\n    calls: \n\noutput x = 1\n")
    got = labels(c.result("textDocument/completion", {"textDocument": {"uri": u}, "position": {"line": 2, "character": 11}}))
    for want in ["money", "金额", "integer", "整数", "key", "唯一", "at least", "至少", "one of", "取值", "default", "默认"]:
        check(want in got, f"schema completion offers {want}", got)
    check("if" not in got and "如果" not in got, "no expression keywords in the schema", got)
    finish(c)


# ---------------------------------------------------------------- navigation and edits
@case
def definition_references():
    c = started()
    c.open(U, BONUS_TEXT)
    d = c.result("textDocument/definition", at(5, 38))
    check(d == {"uri": U, "range": rng(3, 6, 3, 10)}, "go to a param's declaration", d)
    d = c.result("textDocument/definition", at(8, 21))
    check(d == {"uri": uri_of(SCHEMA), "range": rng(3, 4, 3, 9)}, "go to a field in an included file", d)
    d = c.result("textDocument/definition", at(5, 26))  # 'pay' of pay.base: the group
    check(d == {"uri": uri_of(SCHEMA), "range": rng(4, 4, 4, 7)}, "a group declared by a dotted path", d)
    r = c.result("textDocument/references", dict(at(3, 7), context={"includeDeclaration": True}))
    check(r == [{"uri": U, "range": rng(3, 6, 3, 10)}, {"uri": U, "range": rng(5, 37, 5, 41)}],
          "references with the declaration", r)
    r = c.result("textDocument/references", dict(at(3, 7), context={"includeDeclaration": False}))
    check(r == [{"uri": U, "range": rng(5, 37, 5, 41)}], "references without the declaration", r)
    syms = c.result("textDocument/documentSymbol", {"textDocument": {"uri": U}})
    names = [(s["name"], s["kind"]) for s in syms]
    check(names == [("part/schema.rules", 1), ("提成比例", 14), ("奖金", 7), ("regular", 7), ("hired_month", 7),
                    ("many_calls", 7)], "the outline", names)
    finish(c)


@case
def rename():
    c = started()
    c.open(U, BONUS_TEXT)
    p = c.result("textDocument/prepareRename", at(5, 38))
    check(p == rng(5, 37, 5, 41), "prepareRename gives the name's range", p)
    e = c.result("textDocument/rename", dict(at(5, 38), newName="佣金比例"))
    check(e == {"changes": {U: [{"range": rng(3, 6, 3, 10), "newText": "佣金比例"},
                                {"range": rng(5, 37, 5, 41), "newText": "佣金比例"}]}}, "rename a param", e)
    note = c.wait_for(lambda m: m.get("method") == "window/showMessage", "the note about --set")
    check("--set" in note["params"]["message"], "renaming a param says what else names it", note)
    for bad, why in [("then", "not a name"), ("calls", "already the name"), ("round", "function"), ("a b", "not a name")]:
        r = c.request("textDocument/rename", dict(at(5, 38), newName=bad))
        check("error" in r and why in r["error"]["message"], f"rename to '{bad}' is refused", r)
    # a name a list's entries have: inside `over deals` it would read the
    # entry's field instead (no error would say so): refused
    shadow = ("input:\n    id: text, key\n    deals: list of record\n        profit: money\n"
              "bonus = 10 yuan\noutput total = sum(profit + bonus over deals)\n")
    su = "file:///tmp/kaohe-lsp-shadow.rules"
    c.open(su, shadow)
    c.diagnostics(su)
    where = {"textDocument": {"uri": su}, "position": {"line": 4, "character": 1}}
    r = c.request("textDocument/rename", dict(where, newName="profit"))
    check("error" in r and "would change what the policy means" in r["error"]["message"],
          "a rename that a list's field would shadow is refused", r)
    e = c.result("textDocument/rename", dict(where, newName="奖励"))
    check(e == {"changes": {su: [{"range": rng(4, 0, 4, 5), "newText": "奖励"},
                                 {"range": rng(5, 28, 5, 33), "newText": "奖励"}]}}, "the same rename to a free name", e)
    r = c.request("textDocument/rename", dict(at(8, 21), newName="calls2"))
    check("error" in r and "input field" in r["error"]["message"], "an input field is not renamed", r)
    finish(c)


@case
def formatting():
    c = started()
    # worked out by hand from fmt.c's rules: single spaces around operators, at
    # most one blank line kept, the arrows of tier rows aligned
    messy = ('input:\n    calls:   integer\n\n\n'
             'output   many   =   calls >   100\n'
             'output t = tier calls:\n    100 or more -> 2\n    otherwise -> 1\n')
    want = ('input:\n    calls: integer\n\n'
            'output many = calls > 100\n'
            'output t = tier calls:\n    100 or more -> 2\n    otherwise   -> 1\n')
    c.open(U, messy)
    c.diagnostics(U)
    e = c.result("textDocument/formatting", {"textDocument": {"uri": U}, "options": {"tabSize": 4, "insertSpaces": True}})
    check(len(e) == 1 and e[0]["range"] == rng(0, 0, 8, 0) and e[0]["newText"] == want, "formatting: one whole edit", e)
    c.change(U, want, 2)
    e = c.result("textDocument/formatting", {"textDocument": {"uri": U}, "options": {}})
    check(e == [], "a formatted text needs no edit", e)
    c.change(U, "output x = (\n", 3)
    r = c.request("textDocument/formatting", {"textDocument": {"uri": U}, "options": {}})
    check("error" in r and "cannot format" in r["error"]["message"], "a text that does not parse is not formatted", r)
    c.change(U, "output   x = nope\n", 4)  # parses, but has an error: its meaning is not known (as kaohe fmt)
    r = c.request("textDocument/formatting", {"textDocument": {"uri": U}, "options": {}})
    check("error" in r and "the policy has errors" in r["error"]["message"] and "unknown name 'nope'" in r["error"]["message"],
          "a policy with errors is not formatted", r)
    # the shipped policy: the same text as `kaohe fmt`
    shipped = os.path.join(HERE, "..", "..", "rules", "customer-service-2014.rules")
    text = open(shipped, encoding="utf-8").read().replace("    ", "      ", 3)
    su = uri_of(shipped)
    c.open(su, text)
    e = c.result("textDocument/formatting", {"textDocument": {"uri": su}, "options": {}})
    cli = subprocess.run([KAOHE, "fmt", "-"], input=text.encode(), capture_output=True, cwd=os.path.dirname(shipped))
    check(len(e) == 1 and e[0]["newText"].encode() == cli.stdout, "the LSP formats as `kaohe fmt` does")
    finish(c)


# ---------------------------------------------------------------- a file that a policy includes
@case
def included_file():
    SU = uri_of(SCHEMA)
    schema = open(SCHEMA, encoding="utf-8").read()
    c = started()
    # alone, part/schema.rules is all "never used" warnings; it is checked as
    # part of ../bonus.rules, which includes it
    c.open(SU, schema)
    d = c.diagnostics(SU)
    check(d == [], "an included file is checked as part of the policy that includes it", d)
    h = c.result("textDocument/hover", {"textDocument": {"uri": SU}, "position": {"line": 3, "character": 6}})
    check(h and "**input field** `calls` · integer" in h["contents"]["value"], "hover in the included file", h)
    refs = c.result("textDocument/references", {"textDocument": {"uri": SU}, "position": {"line": 3, "character": 6},
                                                "context": {"includeDeclaration": True}})
    check(refs == [{"uri": SU, "range": rng(3, 4, 3, 9)}, {"uri": U, "range": rng(8, 20, 8, 25)}],
          "references reach the policy that includes it", refs)
    # both open; the field renamed in the include's buffer (not saved): the
    # policy is checked again with the buffer's text
    c.open(U, BONUS_TEXT)
    check(c.diagnostics(U) == [], "the policy checks clean")
    c.change(SU, schema.replace("    calls ", "    calls2 "), 2)
    d = c.diagnostics(U)
    d = d if d else c.diagnostics(U)
    check(len(d) == 1 and d[0]["range"] == rng(8, 20, 8, 25) and "unknown name 'calls'" in d[0]["message"]
          and "did you mean 'calls2'?" in d[0]["message"], "the policy sees the include's unsaved text", d)
    finish(c)


@case
def include_path():
    with tempfile.TemporaryDirectory() as tmp:
        os.makedirs(os.path.join(tmp, "policy"))
        os.makedirs(os.path.join(tmp, "shared"))
        with open(os.path.join(tmp, "shared", "schema.rules"), "w") as f:
            f.write("input:\n    calls: integer\n")
        main = os.path.join(tmp, "policy", "main.rules")
        text = 'include "../shared/schema.rules"\noutput x = calls\n'
        c = started()  # outside the policy's directory tree: refused without --include-path
        c.open(uri_of(main), text)
        d = c.diagnostics(uri_of(main))
        check(d and d[0]["range"]["start"]["line"] == 0 and d[0]["severity"] == 1,
              "an include outside the policy's tree is an error at the include", d)
        finish(c)
        c = Client(KAOHE, args=["--include-path", os.path.join(tmp, "shared")])
        c.initialize()
        c.open(uri_of(main), text)
        d = c.diagnostics(uri_of(main))
        check(d == [], "with --include-path it is read", d)
        finish(c)


# ---------------------------------------------------------------- live values
@case
def live_values():
    import shutil
    with tempfile.TemporaryDirectory() as tmp:
        shutil.copytree(FIX, os.path.join(tmp, "p"))
        main = os.path.join(tmp, "p", "bonus.rules")
        roster = [  # 奖金 = pay.base × 8%: B1 1000 -> 80.00, B2 1250 -> 100.00; B3 is refused (calls < 0)
            {"id": "B1", "status": "regular", "calls": 150, "pay": {"base": 1000}, "hire_date": "2014-03-05"},
            {"id": "B2", "status": "probation", "calls": 50, "pay": {"base": 1250}, "hire_date": "2014-06-01"},
            {"id": "B3", "status": "regular", "calls": -1, "pay": {"base": 900}, "hire_date": "2014-01-01"}]
        with open(os.path.join(tmp, "roster.json"), "w") as f:
            json.dump(roster, f)
        cfg = os.path.join(tmp, ".kaohe.json")  # found above the policy's directory
        with open(cfg, "w") as f:
            json.dump({"roster": "roster.json", "record": "B2"}, f)
        u = uri_of(main)
        c = started()
        c.open(u, BONUS_TEXT)
        c.diagnostics(u)
        h = c.result("textDocument/hover", {"textDocument": {"uri": u}, "position": {"line": 5, "character": 8}})
        check("sample value (record B2): **100.00**" in h["contents"]["value"], "hover shows the sample's value", h)
        lenses = c.result("textDocument/codeLens", {"textDocument": {"uri": u}})
        titles = {(l["range"]["start"]["line"]): l["command"]["title"] for l in lenses}
        check(titles == {5: "B2: 100.00 · total 180.00 over 2 records, 1 refused", 6: "B2: no", 7: "B2: 6",
                         8: "B2: no"}, "code lenses: the sample's values and the money total", titles)
        c.change(u, BONUS_TEXT.replace("= 8%", "= 10%"), 2)
        c.diagnostics(u)
        lenses = c.result("textDocument/codeLens", {"textDocument": {"uri": u}})
        check(lenses and lenses[0]["command"]["title"] == "B2: 125.00 · total 225.00 over 2 records, 1 refused",
              "the values follow the edit (10%: 125.00, total 225.00)", lenses[:1])
        with open(cfg, "w") as f:
            json.dump({"roster": "roster.json", "record": "B3"}, f)
        c.change(u, BONUS_TEXT, 3)
        c.diagnostics(u)
        lenses = c.result("textDocument/codeLens", {"textDocument": {"uri": u}})
        check(len(lenses) == 1 and lenses[0]["command"]["title"].startswith("live values: record 'B3' is refused")
              and "calls" in lenses[0]["command"]["title"], "a refused sample record is said, not skipped", lenses)
        with open(cfg, "w") as f:
            json.dump({"roster": "nowhere.json", "recrod": "B1"}, f)
        c.change(u, BONUS_TEXT, 4)
        c.diagnostics(u)
        lenses = c.result("textDocument/codeLens", {"textDocument": {"uri": u}})
        check(len(lenses) == 1 and "'recrod' is not a known key" in lenses[0]["command"]["title"],
              "a mistaken key in .kaohe.json is said", lenses)
        finish(c)


# ---------------------------------------------------------------- robustness
@case
def malformed():
    c = started()
    c.open(U, BONUS_TEXT)
    c.send_raw(b"Content-Length: 8\r\n\r\nnot json")
    r = c.wait_for(lambda m: m.get("error", {}).get("code") == -32700, "a parse error")
    check(r["id"] is None, "a body that is not JSON: ParseError with id null", r)
    c.send_raw(b"Content-Type: x\r\n\r\n")
    c.wait_for(lambda m: "Content-Length" in m.get("error", {}).get("message", ""), "a header without Content-Length")
    c.send_raw(b"Content-Length: 12x\r\n\r\n")
    c.wait_for(lambda m: "not a number" in m.get("error", {}).get("message", ""), "a bad Content-Length")
    for body, code in [(b"[1,2]", -32600), (b'{"jsonrpc":"2.0","id":{"a":1},"method":"x"}', -32600),
                       (b'{"jsonrpc":"2.0","id":7}', -32600), (b"\xff\xfe{", -32700)]:
        c.send_raw(b"Content-Length: %d\r\n\r\n" % len(body) + body)
        r = c.wait_for(lambda m: "error" in m, f"an error for {body!r}")
        check(r["error"]["code"] == code, f"{body!r} is answered {code}", r)
    r = c.request("textDocument/unknownThing", at(0, 0))
    check(r.get("error", {}).get("code") == -32601, "an unknown method: MethodNotFound", r)
    r = c.request("textDocument/hover", {"textDocument": {"uri": U}})
    check(r.get("error", {}).get("code") == -32602, "a hover without a position: InvalidParams", r)
    r = c.request("textDocument/hover", {"textDocument": {"uri": "file:///not/open.rules"}, "position": {"line": 0, "character": 0}})
    check(r.get("error", {}).get("code") == -32602, "a document that is not open: InvalidParams", r)
    r = c.request("textDocument/hover", at(10000, 10000))
    check(r.get("result", 1) is None, "a position past the end is clamped", r)
    c.open("file:///tmp/ranged.rules", "output x = 1\n")
    c.diagnostics("file:///tmp/ranged.rules")
    c.notify("textDocument/didChange", {"textDocument": {"uri": "file:///tmp/ranged.rules", "version": 2},
                                        "contentChanges": [{"range": rng(0, 11, 0, 12), "text": "2 + \u00e9t\u00e9"}]})
    d = c.diagnostics("file:///tmp/ranged.rules")
    check(len(d) == 1 and "été" in d[0]["message"], "a ranged change is applied", d)
    c.open("file:///tmp/nul.rules", "output x = 1\u0000 + 2\n")
    m = c.wait_for(lambda m: m.get("method") == "window/showMessage", "a warning about the NUL character")
    check("NUL character" in m["params"]["message"], "a text with a NUL character is said to be cut there", m)
    # cancellation: the request and its cancel arrive together
    body = json.dumps({"jsonrpc": "2.0", "id": 999, "method": "textDocument/hover", "params": at(5, 38)}).encode()
    cancel = json.dumps({"jsonrpc": "2.0", "method": "$/cancelRequest", "params": {"id": 999}}).encode()
    c.send_raw(b"Content-Length: %d\r\n\r\n" % len(body) + body + b"Content-Length: %d\r\n\r\n" % len(cancel) + cancel)
    r = c.response(999)
    check(r.get("error", {}).get("code") == -32800, "a cancelled request: RequestCancelled", r)
    # still answering
    h = c.result("textDocument/hover", at(5, 38))
    check(h and "提成比例" in h["contents"]["value"], "the server still answers after all that", h)
    finish(c)


# ---------------------------------------------------------------- hostile input
@case
def hostile():
    """Random edits of the policy (cut, doubled and foreign characters) with
    every request at random places, and requests whose params have the
    wrong shapes: every request is answered (a result or an error), nothing
    crashes (under ASan too: `make asan-test` runs this with the ASan build)."""
    import random
    rnd = random.Random(int(os.environ.get("LSP_HOSTILE_SEED", "19")))
    c = started()
    c.open(U, BONUS_TEXT)
    c.diagnostics(U)
    methods = ["textDocument/hover", "textDocument/completion", "textDocument/definition",
               "textDocument/references", "textDocument/prepareRename", "textDocument/rename",
               "textDocument/documentSymbol", "textDocument/formatting", "textDocument/codeLens"]
    junk = ["\u0000", "\"", "“", "：", "（", "\n    ", "\n", "#", ".", "..", "->", "tier x:\n    ", "when:\n",
            "\U00020000", "\ud7ff", "é", "¥", "%", "∑", "if", "over roster where", "(((", "]]", "\r\n", "\t"]
    text = BONUS_TEXT
    pending = []
    for v in range(2, 302):
        if rnd.random() < 0.5:
            i, j = sorted(rnd.randrange(len(text) + 1) for _ in range(2))
            if j - i > 40:
                j = i + 40
            text = text[:i] + rnd.choice(junk + [text[i:j] * 2, ""]) + text[j:]
            if len(text) > 20000:
                text = BONUS_TEXT
            c.change(U, text, v)
        m = rnd.choice(methods)
        lines = text.split("\n")
        line = rnd.randrange(len(lines) + 2)
        ch = rnd.randrange(len(lines[line]) + 3) if line < len(lines) else rnd.randrange(5)
        params = {"textDocument": {"uri": U}, "position": {"line": line, "character": ch},
                  "context": {"includeDeclaration": rnd.random() < 0.5}, "newName": rnd.choice(["x", "新名", "if", ""]),
                  "options": {}}
        pending.append(c.request_async(m, params))
        if rnd.random() < 0.1:  # a request with its params in the wrong shape
            bad = rnd.choice([None, [], 1, "x", {"textDocument": 5}, {"textDocument": {"uri": U}, "position": []},
                              {"textDocument": {"uri": U}, "position": {"line": -5, "character": 1e300}},
                              {"textDocument": {"uri": U}, "position": {"line": "a", "character": None}}])
            pending.append(c.request_async(rnd.choice(methods), bad))
        if rnd.random() < 0.05:
            c.notify("textDocument/didChange", rnd.choice([None, {}, {"textDocument": {"uri": U}, "contentChanges": 3},
                                                           {"textDocument": {"uri": U}, "contentChanges": [{"range": {}, "text": "x"}]}]))
            c.wait_for(lambda m: m.get("method") == "window/showMessage", "the note about a bad didChange")
        if len(pending) > 20:
            for i in pending:
                r = c.response(i)
                check("result" in r or "error" in r, f"request {i} answered", r)
            pending = []
    for i in pending:
        c.response(i)
    h = c.request("textDocument/hover", at(0, 0))
    check("result" in h, "still answering after the hostile round", h)
    finish(c)


if failures:
    print(f"lsp protocol: {failures} failed")
    sys.exit(1)
print("lsp protocol: all passed")
