#!/usr/bin/env python3
"""`layerlens lsp` speed as an editor sees it (run by scripts/bench): the time from a `didChange`
to the `publishDiagnostics` that answers it, for a typical Dockerfile and the generated
2,000-line one, typing 40 characters at the end, over the real stdio pipe; and the server's
memory (VmRSS) holding 100 open Dockerfiles from ../shared/corpus. Standard library only.

    lsp_bench.py BINARY [SHARED_DIR]"""

import json
import pathlib
import statistics
import subprocess
import sys
import time

ROOT = pathlib.Path(__file__).resolve().parents[3]


class Server:
    def __init__(self, binary):
        self.p = subprocess.Popen([binary, "lsp"], stdin=subprocess.PIPE, stdout=subprocess.PIPE)
        self.next = 1

    def send(self, msg):
        body = json.dumps(msg).encode()
        self.p.stdin.write(b"Content-Length: %d\r\n\r\n" % len(body) + body)
        self.p.stdin.flush()

    def read(self):
        length = 0
        while True:
            line = self.p.stdout.readline()
            if line in (b"\r\n", b"\n"):
                break
            if line.lower().startswith(b"content-length:"):
                length = int(line.split(b":")[1])
        return json.loads(self.p.stdout.read(length))

    def request(self, method, params):
        i = self.next
        self.next += 1
        self.send({"jsonrpc": "2.0", "id": i, "method": method, "params": params})
        while True:
            m = self.read()
            if m.get("id") == i:
                return m

    def notify(self, method, params):
        self.send({"jsonrpc": "2.0", "method": method, "params": params})

    def diagnostics_for(self, uri, version):
        while True:
            m = self.read()
            if m.get("method") == "textDocument/publishDiagnostics" and m["params"]["uri"] == uri and m["params"].get("version") == version:
                return m

    def stop(self):
        self.request("shutdown", None)
        self.notify("exit", None)
        self.p.wait(timeout=10)


def typing(server, uri, text, rounds=5):
    server.notify("textDocument/didOpen", {"textDocument": {"uri": uri, "languageId": "dockerfile", "version": 1, "text": text}})
    server.diagnostics_for(uri, 1)
    typed = "\n# layerlens bench: one key at a time ......"
    times, version = [], 1
    for r in range(rounds + 1):
        for k in range(1, len(typed) + 1):
            version += 1
            t = time.perf_counter()
            server.notify("textDocument/didChange", {"textDocument": {"uri": uri, "version": version}, "contentChanges": [{"text": text + typed[:k]}]})
            server.diagnostics_for(uri, version)
            if r > 0:  # round 0 warms up
                times.append(time.perf_counter() - t)
    times.sort()
    return statistics.median(times) * 1000, times[int(len(times) * 0.95)] * 1000


def main():
    binary = sys.argv[1]
    shared = pathlib.Path(sys.argv[2] if len(sys.argv) > 2 else ROOT.parent / "shared")
    s = Server(binary)
    s.request("initialize", {"processId": None, "capabilities": {}, "rootUri": None, "initializationOptions": {"context": False}})
    s.notify("initialized", {})
    typical = (ROOT / "crates/layerlens-core/tests/fixtures/features.Dockerfile").read_text()
    med, p95 = typing(s, "file:///bench/typical/Dockerfile", typical)
    print(f"lsp: didChange → publishDiagnostics, typical file ({len(typical.splitlines())} lines): median {med:.2f} ms, p95 {p95:.2f} ms (goal ≤ 5 ms)")
    big = subprocess.run(["node", str(ROOT / "tests/e2e/big-dockerfile.mjs")], capture_output=True, text=True)
    if big.returncode == 0:
        med, p95 = typing(s, "file:///bench/big/Dockerfile", big.stdout, rounds=2)
        print(f"lsp: didChange → publishDiagnostics, {len(big.stdout.splitlines())}-line file: median {med:.2f} ms, p95 {p95:.2f} ms (goal ≤ 30 ms)")
    corpus = shared / "corpus" / "dockerfiles"
    if corpus.is_dir():
        files = sorted(corpus.iterdir())[:100]
        for i, f in enumerate(files):
            uri = f"file:///bench/corpus/{i}/Dockerfile"
            s.notify("textDocument/didOpen", {"textDocument": {"uri": uri, "languageId": "dockerfile", "version": 1, "text": f.read_text(errors="replace")}})
            s.diagnostics_for(uri, 1)
        rss = next(l for l in pathlib.Path(f"/proc/{s.p.pid}/status").read_text().splitlines() if l.startswith("VmRSS"))
        print(f"lsp: memory holding {len(files) + 2} open Dockerfiles (100 from the corpus, Debian's two tables loaded): {rss.split(':')[1].strip()}")
    s.stop()


if __name__ == "__main__":
    main()
