"""A counting JSON-RPC pass-through for `bench_node.py --count-rpc`: forwards every POST to the chain and counts the
methods (batch items one by one, plus one "(batch)" per batch). Diagnostic only: it adds latency to every call."""
import http.client
import json
import threading
from collections import Counter
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import urlparse


class RpcCounter:
    def __init__(self, upstream: str):
        self.upstream = urlparse(upstream)
        self.counts: Counter = Counter()
        self.lock = threading.Lock()
        counter = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, *args):
                pass

            def do_POST(self):
                body = self.rfile.read(int(self.headers.get("Content-Length", 0)))
                try:
                    payload = json.loads(body)
                    with counter.lock:
                        if isinstance(payload, list):
                            counter.counts["(batch)"] += 1
                            counter.counts.update(item.get("method", "?") for item in payload)
                        else:
                            counter.counts[payload.get("method", "?")] += 1
                except ValueError:
                    pass
                conn = http.client.HTTPConnection(counter.upstream.hostname, counter.upstream.port, timeout=120)
                conn.request("POST", "/", body, {"Content-Type": "application/json"})
                answer = conn.getresponse()
                data = answer.read()
                conn.close()
                self.send_response(answer.status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def take(self) -> Counter:
        with self.lock:
            counts, self.counts = self.counts, Counter()
        return counts
