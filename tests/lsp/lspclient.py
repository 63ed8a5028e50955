"""lspclient.py — a small Language Server Protocol client for the tests:
starts `kaohe lsp`, frames messages (Content-Length), reads the server's
messages on a thread, and waits for responses and notifications with a
timeout (a server that hangs fails the test instead of hanging it)."""
import json, os, queue, subprocess, threading, time

TIMEOUT = float(os.environ.get("LSP_TEST_TIMEOUT", "20"))


class Client:
    def __init__(self, kaohe, cwd=None, args=()):
        self.proc = subprocess.Popen([kaohe, "lsp", *args], stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                                     stderr=None, cwd=cwd)  # the server says nothing there but a sanitizer might
        self.inbox = queue.Queue()
        self.pending = []          # messages read but not yet claimed
        self.next_id = 1
        self.reader = threading.Thread(target=self._read, daemon=True)
        self.reader.start()

    def _read(self):
        out = self.proc.stdout
        while True:
            headers = {}
            while True:
                line = out.readline()
                if not line:
                    self.inbox.put(None)
                    return
                line = line.decode("ascii").rstrip("\r\n")
                if not line:
                    break
                k, _, v = line.partition(":")
                headers[k.strip().lower()] = v.strip()
            n = int(headers["content-length"])
            body = out.read(n)
            self.inbox.put(json.loads(body.decode("utf-8")))

    # ---- sending
    def send_raw(self, data: bytes):
        self.proc.stdin.write(data)
        self.proc.stdin.flush()

    def send(self, msg):
        body = json.dumps(msg, ensure_ascii=False).encode("utf-8")
        self.send_raw(b"Content-Length: %d\r\n\r\n" % len(body) + body)

    def notify(self, method, params=None):
        m = {"jsonrpc": "2.0", "method": method}
        if params is not None:
            m["params"] = params
        self.send(m)

    def request_async(self, method, params=None):
        i = self.next_id
        self.next_id += 1
        m = {"jsonrpc": "2.0", "id": i, "method": method}
        if params is not None:
            m["params"] = params
        self.send(m)
        return i

    # ---- receiving
    def wait_for(self, pred, what):
        deadline = time.time() + TIMEOUT
        while True:
            for k, m in enumerate(self.pending):
                if pred(m):
                    return self.pending.pop(k)
            left = deadline - time.time()
            if left <= 0:
                raise AssertionError(f"timed out waiting for {what}; got {self.pending}")
            try:
                m = self.inbox.get(timeout=left)
            except queue.Empty:
                continue
            if m is None:
                raise AssertionError(f"the server closed its output while waiting for {what}")
            self.pending.append(m)

    def response(self, i):
        return self.wait_for(lambda m: m.get("id") == i and "method" not in m, f"the response to request {i}")

    def request(self, method, params=None):
        return self.response(self.request_async(method, params))

    def result(self, method, params=None):
        r = self.request(method, params)
        if "error" in r:
            raise AssertionError(f"{method} failed: {r['error']}")
        return r["result"]

    def diagnostics(self, uri):
        m = self.wait_for(lambda m: m.get("method") == "textDocument/publishDiagnostics"
                          and m["params"]["uri"] == uri, f"diagnostics for {uri}")
        return m["params"]["diagnostics"]

    def initialize(self, root=None):
        r = self.result("initialize", {"processId": os.getpid(), "rootUri": root, "capabilities": {}})
        self.notify("initialized", {})
        return r

    def open(self, uri, text, version=1):
        self.notify("textDocument/didOpen", {"textDocument": {"uri": uri, "languageId": "kaohe",
                                                              "version": version, "text": text}})

    def change(self, uri, text, version):
        self.notify("textDocument/didChange", {"textDocument": {"uri": uri, "version": version},
                                               "contentChanges": [{"text": text}]})

    def close(self):
        try:
            self.proc.stdin.close()
        except BrokenPipeError:
            pass
        try:
            return self.proc.wait(timeout=TIMEOUT)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            raise AssertionError("the server did not exit")


def uri_of(path):
    from urllib.parse import quote
    return "file://" + quote(os.path.abspath(path))
