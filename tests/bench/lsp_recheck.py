#!/usr/bin/env python3
"""lsp_recheck.py — how long `kaohe lsp` takes to re-check a 2,000-line policy
after a keystroke (issue 19 asks for under 50 ms).  Run by `make bench`.

Usage: tests/bench/lsp_recheck.py ./kaohe [ROUNDS]

Builds the policy from the shipped one (rules/customer-service-2014.rules and
its input) and as many blocks of further definitions as make 2,000 lines —
tiers, ledgers, when chains and roster functions over the 2014 input — then
opens it in the server and, ROUNDS times, sends a one-character edit
(didChange, the whole text as editors send it with full sync) and times the
round trip until its publishDiagnostics arrives.  Prints the median, the 90th
percentile and the worst, and the server's own CPU time per re-check (which
other work on the machine does not inflate); fails when the median passes 50 ms.
"""
import os, shutil, statistics, sys, tempfile, time

ROOT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..")
sys.path.insert(0, os.path.join(ROOT, "tests", "lsp"))
from lspclient import Client, uri_of  # noqa: E402

BLOCK = '''
# ---- block {k}
b{k}_ratio "比率 {k}" = if assessed_days = 0 then 1 else min(1, calls / required_calls)
output b{k}_tier "§七 激励 {k}" = tier b{k}_ratio + incentive_ratio:
    150% or more -> 200 yuan
    120% or more -> 160 yuan
    otherwise    -> 0 yuan
output b{k}_score "§四 得分 {k}" = ledger from base_score:
    "§四 服务不规范 {k}" -1 per incidents.nonstandard_service
    "§四 禁用语 {k}"     -2 per incidents.forbidden_language
    "§四 最少 {k}"       -2 when calls = min(calls over roster where assessed)
output b{k}_flag "达成 {k}" = when:
    b{k}_ratio >= 100% and status = "regular" -> "met"
    otherwise                                 -> "missed"
'''


def build(tmp, lines=2000):
    shutil.copytree(os.path.join(ROOT, "rules"), os.path.join(tmp, "rules"))
    path = os.path.join(tmp, "rules", "customer-service-2014.rules")
    text = open(path, encoding="utf-8").read()
    k = 0
    while text.count("\n") < lines:
        text += BLOCK.format(k=k)
        k += 1
    return path, text


def cpu_ms(pid):
    """User + system CPU time of a process so far, in ms (Linux /proc)."""
    with open(f"/proc/{pid}/stat") as f:
        fields = f.read().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) * 1000 / os.sysconf("SC_CLK_TCK")


def main():
    kaohe = os.path.abspath(sys.argv[1] if len(sys.argv) > 1 else "./kaohe")
    rounds = int(sys.argv[2]) if len(sys.argv) > 2 else 40
    with tempfile.TemporaryDirectory() as tmp:
        path, text = build(tmp)
        uri = uri_of(path)
        c = Client(kaohe)
        c.initialize()
        c.open(uri, text)
        first = c.diagnostics(uri)
        errors = [d for d in first if d["severity"] == 1]
        if errors:
            sys.exit(f"lsp_recheck: the generated policy has errors: {errors[:3]}")
        times = []
        cpu0 = cpu_ms(c.proc.pid)
        for v in range(2, rounds + 2):
            edited = text + ("# edit %d\n" % v)  # one more character each round
            t0 = time.perf_counter()
            c.change(uri, edited, v)
            c.wait_for(lambda m: m.get("method") == "textDocument/publishDiagnostics"
                       and m["params"].get("version") == v, f"diagnostics of version {v}")
            times.append((time.perf_counter() - t0) * 1000)
        cpu = (cpu_ms(c.proc.pid) - cpu0) / rounds
        c.result("shutdown")
        c.notify("exit")
        c.close()
    times.sort()
    med = statistics.median(times)
    p90 = times[int(len(times) * 0.9) - 1]
    print(f"lsp re-check, {text.count(chr(10))}-line policy ({len(text.encode())} bytes), {rounds} edits: "
          f"median {med:.1f} ms, 90th percentile {p90:.1f} ms, worst {times[-1]:.1f} ms "
          f"(didChange to publishDiagnostics, round trip); the server's CPU time per re-check {cpu:.1f} ms")
    if med > 50:
        sys.exit("lsp_recheck: the median re-check passes 50 ms")


main()
