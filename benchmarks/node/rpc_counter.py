"""A counting JSON-RPC pass-through for `bench_node.py --count-rpc`: forwards every POST to the chain and counts the
methods (batch items one by one, plus one "(batch)" per batch). Diagnostic only: it adds latency to every call."""
import http.client
import json
import threading
import time
from collections import Counter
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import urlparse


class RpcCounter:
    def __init__(self, upstream: str):
        self.upstream = urlparse(upstream)
        self.counts: Counter = Counter()
        self.calls: list = []  # (start, end, method or "batch:<methods>") for `take_calls`
        self.lock = threading.Lock()
        counter = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, *args):
                pass

            def do_POST(self):
                body = self.rfile.read(int(self.headers.get("Content-Length", 0)))
                started = time.monotonic()
                name = "?"
                try:
                    payload = json.loads(body)
                    with counter.lock:
                        for item in payload if isinstance(payload, list) else [payload]:
                            counter.counts.update(detail(item))
                        if isinstance(payload, list):
                            counter.counts["(batch)"] += 1
                            counter.counts.update(item.get("method", "?") for item in payload)
                            name = "batch:" + ",".join(sorted({item.get("method", "?") for item in payload}))
                        else:
                            counter.counts[payload.get("method", "?")] += 1
                            name = payload.get("method", "?")
                except ValueError:
                    pass
                conn = http.client.HTTPConnection(counter.upstream.hostname, counter.upstream.port, timeout=120)
                conn.request("POST", "/", body, {"Content-Type": "application/json"})
                answer = conn.getresponse()
                data = answer.read()
                conn.close()
                with counter.lock:
                    counter.calls.append((started, time.monotonic(), name))
                self.send_response(answer.status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()

    def take(self) -> Counter:
        with self.lock:
            counts, self.counts = self.counts, Counter()
        return counts

    def take_calls(self) -> list:
        """The calls forwarded since the last `take_calls`: (monotonic start, end, method)."""
        with self.lock:
            calls, self.calls = self.calls, []
        return calls


def detail(item: dict) -> list:
    """Finer names for diagnosis: `eth_call 0x1234abcd` (the selector) and `eth_getLogs ×N topics`."""
    method, params = item.get("method"), item.get("params") or []
    if method == "eth_call" and params and isinstance(params[0], dict):
        return [f"  eth_call {str(params[0].get('data', params[0].get('input', '')))[:10]}"]
    if method == "eth_getLogs" and params and isinstance(params[0], dict):
        topics = (params[0].get("topics") or [None])[0]
        return [f"  eth_getLogs {len(topics) if isinstance(topics, list) else 1} topic(s)"]
    return []


def idle_gaps(calls: list) -> dict:
    """Where the chain waited: total time with no call in flight, split by (method before → method after)."""
    calls = sorted(calls)
    gaps: Counter = Counter()
    busy_until, last = None, None
    for start, end, name in calls:
        if busy_until is not None and start > busy_until:
            gaps[f"{last} → {name}"] += start - busy_until
        if busy_until is None or end > busy_until:
            busy_until, last = end, name
    total = calls[-1][1] - calls[0][0] if calls else 0
    return {"span": total, "idle": sum(gaps.values()), "by_pair": gaps.most_common(12)}
