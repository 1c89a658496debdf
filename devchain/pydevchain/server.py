"""HTTP transport: a threading HTTP server on 127.0.0.1 with TCP_NODELAY."""
from __future__ import annotations

import json
import socket
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from .rpc import Rpc

MAX_BODY = 16 * 1024 * 1024


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    timeout = 600  # idle keep-alive connections are closed after 10 minutes
    rpc: Rpc = None  # set on the subclass

    def setup(self):
        super().setup()
        self.connection.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)

    def log_message(self, fmt, *args):  # keep the log quiet
        pass

    def _send(self, code: int, body: bytes, ctype="application/json"):
        self.send_response(code)
        self.send_header("Content-Type", ctype)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def do_OPTIONS(self):
        self._send(200, b"")

    def do_GET(self):
        self._send(200, b'{"status":"ok"}')

    def _too_large(self):
        self._send(413, json.dumps({"jsonrpc": "2.0", "id": None, "error": {
            "code": -32600, "message": f"request body too large (max {MAX_BODY} bytes) or bad length"}}).encode())
        self.close_connection = True

    def _read_chunked(self) -> bytes | None:
        body = b""
        while True:
            line = self.rfile.readline(64)
            try:
                size = int(line.split(b";")[0].strip(), 16)
            except ValueError:
                return None
            if size == 0:
                while self.rfile.readline(1024) not in (b"\r\n", b"\n", b""):
                    pass
                return body
            if len(body) + size > MAX_BODY:
                return None
            body += self.rfile.read(size)
            self.rfile.readline(8)

    def do_POST(self):
        if "chunked" in self.headers.get("Transfer-Encoding", "").lower():
            body = self._read_chunked()
            if body is None:
                self._too_large()
                return
        else:
            try:
                length = int(self.headers.get("Content-Length", "0"))
            except ValueError:
                length = -1
            if length < 0 or length > MAX_BODY:
                self._too_large()
                return
            body = self.rfile.read(length)
        out = self.rpc.handle_body(body)
        self._send(200, out or b"")


class DevServer(ThreadingHTTPServer):
    daemon_threads = True
    allow_reuse_address = True
    request_queue_size = 128


def make_server(rpc: Rpc, port: int, host: str = "127.0.0.1") -> DevServer:
    handler = type("Handler", (_Handler,), {"rpc": rpc})
    return DevServer((host, port), handler)
