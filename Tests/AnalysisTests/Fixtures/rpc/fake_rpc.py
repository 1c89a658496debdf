"""A minimal JSON-RPC endpoint for the `audit --address` test: eth_getCode returns the code given on the
command line, every other method returns "0x1". Usage: fake_rpc.py PORT CODE_HEX"""
import http.server
import json
import sys

CODE = sys.argv[2]


class Handler(http.server.BaseHTTPRequestHandler):
    def log_message(self, *args):
        pass

    def do_POST(self):
        request = json.loads(self.rfile.read(int(self.headers["Content-Length"])))

        def answer(call):
            return {"jsonrpc": "2.0", "id": call["id"], "result": CODE if call["method"] == "eth_getCode" else "0x1"}

        body = json.dumps([answer(c) for c in request] if isinstance(request, list) else answer(request)).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)


http.server.HTTPServer(("127.0.0.1", int(sys.argv[1])), Handler).serve_forever()
