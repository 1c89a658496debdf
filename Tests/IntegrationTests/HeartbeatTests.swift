#if canImport(Glibc)
import Glibc
#endif
import Ethereum
import Foundation
import Testing

/// The signed metrics heartbeat (PROTOCOL.md §3.11) of a running node, received by a local dashboard stand-in that
/// recovers the signer with an independent implementation (Python eth_keys) and records every field in order.
@Suite(.serialized) struct HeartbeatTests {
    /// A loopback receiver: answers 500 to the first POST (the node must only log it), 200 afterwards.
    static let receiver = """
    import json, sys
    from http.server import BaseHTTPRequestHandler, HTTPServer
    from eth_keys import keys
    from eth_utils import keccak
    out, count = sys.argv[2], [0]
    class H(BaseHTTPRequestHandler):
        def do_POST(self):
            body = self.rfile.read(int(self.headers.get("content-length", "0")))
            record = {"path": self.path, "headers": {k.lower(): v for k, v in self.headers.items()}, "body": body.decode("utf-8")}
            try:
                pairs = json.loads(body, object_pairs_hook=lambda p: p)
                record["keys"] = [k for k, _ in pairs]
                record["fields"] = dict(pairs)
                auth = self.headers.get("authorization", "")
                assert auth.startswith("Digest: 0x"), auth
                sig = bytes.fromhex(auth[len("Digest: 0x"):])
                record["v"] = sig[64]
                s = keys.Signature(vrs=(sig[64] - 27, int.from_bytes(sig[:32], "big"), int.from_bytes(sig[32:64], "big")))
                record["signer"] = s.recover_public_key_from_msg_hash(keccak(body)).to_checksum_address()
            except Exception as e:
                record["error"] = repr(e)
            with open(out, "a") as f:
                f.write(json.dumps(record) + "\\n")
            count[0] += 1
            self.send_response(500 if count[0] == 1 else 200)
            self.send_header("content-length", "0")
            self.end_headers()
        def log_message(self, *a):
            pass
    HTTPServer(("127.0.0.1", int(sys.argv[1])), H).serve_forever()
    """

    @Test func heartbeatIsSignedByTheNodeAndCarriesEveryField() async throws {
        guard let e2e = try await E2E.make() else { return }
        let port = freePort()
        let records = e2e.chain.dir.appendingPathComponent("heartbeats.jsonl").path
        let receiver = try ChildProcess("/usr/bin/env", ["python3", "-c", Self.receiver, "\(port)", records],
                                        logPath: e2e.chain.dir.appendingPathComponent("receiver.log").path)
        var options = NodeFixture.Options()
        options.extra = """
          metric_collection:
            is_enabled: true
            interval_seconds: 1
            destination_endpoint: "http://127.0.0.1:\(port)/node-metrics"
        """
        let node = try await e2e.node(options: options)
        let process = try node.start()
        func received() -> [[String: Any]] {
            ((try? String(contentsOfFile: records, encoding: .utf8)) ?? "").split(separator: "\n").compactMap {
                try? JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any]
            }
        }
        let arrived = await eventually(timeout: .seconds(60), every: .milliseconds(300)) { received().count >= 3 }
        #expect(arrived, "heartbeats: \(received().count); receiver: \(receiver.output.suffix(1000)); node: \(node.logs.suffix(2000))")
        // The rejected first heartbeat was only logged; the node kept running and kept sending.
        #expect(process.isRunning)
        #expect(node.logs.contains("heartbeat rejected"))

        let account = try Address(e2e.scenario.nodes[0].address).checksummed
        let version = try await runCommand(node.binary, ["--version"]).trimmingCharacters(in: .whitespacesAndNewlines)
        var hostname = [CChar](repeating: 0, count: 256)
        gethostname(&hostname, hostname.count)
        let host = String(decoding: hostname.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
        let head = try await e2e.chain.blockNumber()
        for record in received().prefix(3) {
            #expect(record["error"] == nil, "\(record)")
            #expect(record["path"] as? String == "/node-metrics")
            let headers = try #require(record["headers"] as? [String: String])
            #expect(headers["content-type"] == "application/json")
            #expect(headers["user-agent"] == "Mozilla/5.0")
            let authorization = try #require(headers["authorization"])
            #expect(authorization.hasPrefix("Digest: 0x") && authorization.count == "Digest: 0x".count + 130)
            #expect([27, 28].contains(record["v"] as? Int ?? 0))
            #expect(record["signer"] as? String == account, "recovered \(record["signer"] ?? "nil"), expected \(account)")
            #expect(record["keys"] as? [String] == [
                "processIdentifier", "ethBlockNumber", "ethNodeVersion", "ethProtocolVersion", "contractVersion",
                "nodeVersion", "hostCpu", "hostMemory", "hostDisk", "minPrice", "account",
            ])
            let fields = try #require(record["fields"] as? [String: Any])
            #expect(fields["processIdentifier"] as? String == "\(host)-\(process.pid)")
            let block = try #require(fields["ethBlockNumber"] as? Int)
            #expect(block >= 1 && block <= head)
            #expect((fields["ethNodeVersion"] as? String)?.isEmpty == false)
            #expect(fields["ethProtocolVersion"] is NSNull)  // the dev chain, like geth ≥ 1.10, does not serve it
            #expect(fields["contractVersion"] as? String == "2.9.1")
            #expect(fields["nodeVersion"] as? String == version)
            let body = try #require(record["body"] as? String)
            for key in ["hostCpu", "hostMemory", "hostDisk"] {
                let value = try #require(fields[key] as? Double, "\(key) in \(body)")
                #expect((0...100).contains(value), "\(key) = \(value)")
                #expect(body.range(of: "\"\(key)\": [0-9]+\\.[0-9]", options: .regularExpression) != nil, "\(key) is not a float in \(body)")
            }
            #expect(fields["minPrice"] as? Int == 0)
            #expect(fields["account"] as? String == account)
        }
        process.signal(SIGTERM)
        #expect(await process.wait(timeout: .seconds(30)) == 0)
        await receiver.stop()
    }
}
