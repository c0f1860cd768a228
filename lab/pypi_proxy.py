#!/usr/bin/env python3
"""A tiny PyPI pass-through that puts back the HTTP cache headers PyPI normally sends.

On these machines the egress proxy strips Cache-Control/ETag from files.pythonhosted.org, so
pip's HTTP cache stays empty and `pip install` without `--no-cache-dir` *looks* free. Cases
whose case.json says "pip_proxy": true get PIP_INDEX_URL pointing here (as a build arg), so
pip's cache fills exactly as it would against the real PyPI.

    pypi_proxy.py PORT        (listens on 127.0.0.1 only)
"""
import http.server
import socketserver
import sys
import urllib.error
import urllib.request

PORT = int(sys.argv[1]) if len(sys.argv) > 1 else 8765
SELF = f"http://127.0.0.1:{PORT}"
HOP = {"connection", "keep-alive", "transfer-encoding", "content-encoding", "content-length",
       "cache-control", "etag", "x-cache-status"}


class Handler(http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def log_message(self, fmt, *args):
        sys.stderr.write("pypi_proxy: " + fmt % args + "\n")

    def do_GET(self):
        if self.path.startswith("/simple"):
            upstream, rewrite = "https://pypi.org" + self.path, True
            cache = "max-age=600, public"          # what pypi.org sends for index pages
        elif self.path.startswith("/files/"):
            upstream, rewrite = "https://files.pythonhosted.org/" + self.path[len("/files/"):], False
            cache = "max-age=365000000, immutable, public"   # what files.pythonhosted.org sends
        else:
            self.send_error(404)
            return
        req = urllib.request.Request(upstream, headers={
            "Accept": self.headers.get("Accept", "*/*"), "User-Agent": self.headers.get("User-Agent", "pip")})
        try:
            with urllib.request.urlopen(req, timeout=120) as r:
                body = r.read()
                headers = [(k, v) for k, v in r.getheaders() if k.lower() not in HOP]
                status = r.status
        except urllib.error.HTTPError as e:
            self.send_error(e.code)
            return
        if rewrite:
            body = body.replace(b"https://files.pythonhosted.org/", (SELF + "/files/").encode())
        self.send_response(status)
        for k, v in headers:
            self.send_header(k, v)
        self.send_header("Cache-Control", cache)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)


class Server(socketserver.ThreadingMixIn, http.server.HTTPServer):
    daemon_threads = True
    allow_reuse_address = True


if __name__ == "__main__":
    Server(("127.0.0.1", PORT), Handler).serve_forever()
