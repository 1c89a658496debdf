import Ethereum
import Foundation

/// `devchain/faultproxy` in front of a dev chain (loopback only): seeded random faults and one-shot targeted faults.
final class FaultProxy: @unchecked Sendable {
    let process: ChildProcess
    let port: Int
    var url: String { "http://127.0.0.1:\(port)" }

    /// Starts the proxy; `rate` of the calls get a random fault of `faults` (all kinds by default).
    init(upstream: String, dir: URL, seed: Int = 1, rate: Double = 0,
         faults: [String] = ["drop", "http500", "rpc_error", "delay", "truncate"]) async throws {
        let portFile = dir.appendingPathComponent("faultproxy-\(UUID().uuidString.prefix(6)).port").path
        process = try ChildProcess(Repo.root.appendingPathComponent("devchain/faultproxy").path,
                                   ["--upstream", upstream, "--port-file", portFile, "--seed", "\(seed)", "--rate", "\(rate)",
                                    "--faults", faults.joined(separator: ",")],
                                   logPath: dir.appendingPathComponent("faultproxy.log").path)
        var found: Int?
        _ = await eventually(timeout: .seconds(30), every: .milliseconds(100)) {
            found = (try? String(contentsOfFile: portFile, encoding: .utf8)).flatMap { Int($0) }
            return found != nil
        }
        guard let found else { throw HarnessError("faultproxy did not start: \(process.output.suffix(1000))") }
        port = found
    }

    /// Arms a one-shot fault for `method` (and, for eth_call / eth_sendRawTransaction, a 4-byte selector).
    func arm(_ fault: String, method: String, selector: Data? = nil, count: Int = 1) async throws {
        var rule: [String: Any] = ["fault": fault, "method": method, "count": count]
        if let selector { rule["selector"] = selector.hexString() }
        try await post("/_fault/arm", rule)
    }

    /// Drops every armed rule.
    func clear() async throws { try await post("/_fault/clear", [:]) }

    /// Sets the random fault rate.
    func setRate(_ rate: Double) async throws { try await post("/_fault/rate", ["rate": rate]) }

    /// Counters: requests, injected faults by kind (failures the client sees), delays.
    struct Stats: Decodable {
        let requests: Int
        let injected: [String: Int]
        let delayed: Int
        var failures: Int { injected.values.reduce(0, +) }
    }

    func stats() async throws -> Stats {
        let out = try await runCommand("/usr/bin/curl", ["-s", "-m", "10", url + "/_fault/stats"])
        return try JSONDecoder().decode(Stats.self, from: Data(out.utf8))
    }

    /// How many armed rules have not fired yet.
    func armedLeft() async throws -> Int {
        let out = try await runCommand("/usr/bin/curl", ["-s", "-m", "10", url + "/_fault/stats"])
        let object = try JSONSerialization.jsonObject(with: Data(out.utf8)) as? [String: Any]
        let rules = object?["armed"] as? [[String: Any]] ?? []
        return rules.reduce(0) { $0 + (($1["count"] as? Int) ?? 0) }
    }

    private func post(_ path: String, _ body: [String: Any]) async throws {
        let data = try JSONSerialization.data(withJSONObject: body)
        _ = try await runCommand("/usr/bin/curl", ["-s", "-m", "10", "-X", "POST", "--data-binary", String(decoding: data, as: UTF8.self), url + path])
    }

    deinit { process.signal(SIGKILL) }
}

/// The selector of a contract function by its signature.
func selector(_ signature: String) -> Data { Keccak256.hash(Data(signature.utf8)).prefix(4) }

/// The node's status server: port from the log, `/health` and `/metrics`.
struct StatusProbe {
    let node: NodeFixture

    var port: String? {
        node.logs.split(separator: "\n").reversed().first { $0.contains("status server listening") }.flatMap { line in
            (try? JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])?["port"] as? String
        }
    }

    func health() async -> [String: Any]? {
        guard let port, let out = try? await runCommand("/usr/bin/curl", ["-s", "-m", "5", "http://127.0.0.1:\(port)/health"]) else { return nil }
        return try? JSONSerialization.jsonObject(with: Data(out.utf8)) as? [String: Any]
    }

    /// Sample values of `/metrics` by their full series name, e.g. `qsp_requests_done_total{type="AU"}`.
    func metrics() async -> [String: Double] {
        guard let port, let out = try? await runCommand("/usr/bin/curl", ["-s", "-m", "5", "http://127.0.0.1:\(port)/metrics"]) else { return [:] }
        var values: [String: Double] = [:]
        for line in out.split(separator: "\n") where !line.hasPrefix("#") {
            guard let space = line.lastIndex(of: " "), let value = Double(line[line.index(after: space)...]) else { continue }
            values[String(line[..<space])] = value
        }
        return values
    }
}
