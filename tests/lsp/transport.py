#!/usr/bin/env python3
"""transport.py — `kaohe lsp`'s transport (src/cli/cmd_lsp.c): the
Content-Length framing as editors and broken clients write it.

Usage: tests/lsp/transport.py ./kaohe

Headers ended by a bare LF, spelled in lower case with tabs and spaces; a
Content-Length that is negative or too large for a number; a header that
never ends within 8 KB; a body larger than 64 MB (skipped, then the next
message answered); a message larger than the read buffer; a burst of more
messages than one batch; the client gone mid-message; the client's end of
the output closed.  Each malformed frame is one JSON-RPC parse error
(id null) and the server goes on.  Exits 1 on the first failure.
"""
import json, os, subprocess, sys, time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from lspclient import Client, TIMEOUT  # noqa: E402

KAOHE = os.path.abspath(sys.argv[1] if len(sys.argv) > 1 else "./kaohe")
failures = 0


def check(cond, what, got=None):
    global failures
    if not cond:
        failures += 1
        print(f"FAIL: {what}" + (f"\n  got: {json.dumps(got, ensure_ascii=False)[:600]}" if got is not None else ""))


def body(msg):
    return json.dumps(msg).encode()


def parse_error(c, text):
    m = c.wait_for(lambda m: m.get("error", {}).get("code") == -32700, f"a parse error ({text})")
    check(m["id"] is None and text in m["error"]["message"], f"a parse error saying '{text}', id null", m)


def still_answers(c, what):
    r = c.request("workspace/nothing")
    check(r.get("error", {}).get("code") == -32601, f"still answering after {what}", r)


print("== usage")
p = subprocess.run([KAOHE, "lsp", "stray"], capture_output=True, timeout=TIMEOUT)
check(p.returncode == 2 and b"unknown argument 'stray'" in p.stderr, "an argument lsp does not take: usage error 2",
      p.stderr.decode(errors="replace"))
p = subprocess.run([KAOHE, "lsp", "--bogus"], capture_output=True, timeout=TIMEOUT)
check(p.returncode == 2 and b"--bogus" in p.stderr, "an option lsp does not take: usage error 2", p.stderr.decode(errors="replace"))

print("== headers")
c = Client(KAOHE, args=["--stdio"])
b = body({"jsonrpc": "2.0", "id": 1, "method": "initialize", "params": {"capabilities": {}}})
c.send_raw(b"Content-Length: %d\n\n" % len(b) + b)  # a bare LF ends the header
check("result" in c.response(1), "a header ended by LF LF")
b = body({"jsonrpc": "2.0", "id": 2, "method": "workspace/nothing"})
c.send_raw(b"content-length:\t%d \t\r\nContent-Type: application/vscode-jsonrpc\r\n\r\n" % len(b) + b)
check(c.response(2)["error"]["code"] == -32601, "Content-Length in lower case, tabs and spaces, another header after")
for bad in [b"Content-Length: -5", b"Content-Length: 99999999999999999999999", b"Content-Length: 12 x"]:
    c.send_raw(bad + b"\r\n\r\n")
    parse_error(c, "not a number")
c.send_raw(b"Content-Length:\r\n\r\n")  # the name alone, no value
parse_error(c, "without a Content-Length header")
c.send_raw(b"X" * 9000)  # no header end within 8 KB
parse_error(c, "longer than 8 KB")
still_answers(c, "a header that never ends")

print("== sizes")
# a body of 64 MB and one byte: refused, and its bytes skipped as they come
n = (64 << 20) + 1
c.send_raw(b"Content-Length: %d\r\n\r\n" % n)
parse_error(c, "larger than 64 MB")
chunk = b" " * (1 << 20)
for _ in range(64):
    c.send_raw(chunk)
c.send_raw(b" ")
still_answers(c, "a body larger than 64 MB")
# a message larger than the read buffer (128 KB): read whole
text = "# " + "x" * 300000 + "\noutput x = nope\n"
c.open("file:///tmp/kaohe-transport-big.rules", text)
d = c.diagnostics("file:///tmp/kaohe-transport-big.rules")
check(len(d) == 1 and d[0]["range"]["start"]["line"] == 1, "a 300 KB message is read whole", d)
# more messages in one write than one batch (256): all handled, in order
burst = b""
for v in range(2, 302):
    m = body({"jsonrpc": "2.0", "method": "textDocument/didChange",
              "params": {"textDocument": {"uri": "file:///tmp/kaohe-transport-big.rules", "version": v},
                         "contentChanges": [{"text": "output x = %d\n" % v}]}})
    burst += b"Content-Length: %d\r\n\r\n" % len(m) + m
c.send_raw(burst)
last = c.wait_for(lambda m: m.get("method") == "textDocument/publishDiagnostics" and m["params"].get("version") == 301,
                  "the diagnostics of the last of 300 changes")
check(last["params"]["diagnostics"] == [], "the last change is checked", last)
c.send_raw(b"Content-Length: 40\r\n\r\n{\"jsonrpc\"")  # the client goes mid-message
status = c.close()
check(status == 1, "the client gone (no exit): status 1", status)

print("== output closed")
proc = subprocess.Popen([KAOHE, "lsp"], stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)
proc.stdout.close()
msgs = b""
for i in range(1, 4):
    m = body({"jsonrpc": "2.0", "id": i, "method": "initialize" if i == 1 else "workspace/nothing"})
    msgs += b"Content-Length: %d\r\n\r\n" % len(m) + m
try:
    proc.stdin.write(msgs)
    proc.stdin.flush()
except BrokenPipeError:
    pass
try:
    status = proc.wait(timeout=TIMEOUT)  # stops without waiting for more input
except subprocess.TimeoutExpired:
    proc.kill()
    status = "hung"
check(status == 1, "the output cannot be written: the server stops, status 1", status)
try:
    proc.stdin.close()
except BrokenPipeError:
    pass

if failures:
    print(f"lsp transport: {failures} failed")
    sys.exit(1)
print("lsp transport: all passed")
