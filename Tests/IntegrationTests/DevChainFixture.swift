import Foundation

/// A private dev chain (`devchain/serve` on a free port) for one test.
final class DevChain: @unchecked Sendable {
    let process: ChildProcess
    let port: Int
    let url: String
    let accountsFile: String
    let dir: URL

    init() async throws {
        dir = temporaryDirectory("qsp-devchain")
        port = freePort()
        url = "http://127.0.0.1:\(port)"
        accountsFile = dir.appendingPathComponent("accounts.json").path
        process = try ChildProcess(Repo.root.appendingPathComponent("devchain/serve").path,
                                   ["--port", "\(port)", "--accounts-file", accountsFile],
                                   logPath: dir.appendingPathComponent("devchain.log").path)
        let up = await eventually(timeout: .seconds(60), every: .milliseconds(200)) {
            (try? await rpc("eth_chainId")) != nil
        }
        guard up else { throw HarnessError("devchain did not start: \(process.output.suffix(2000))") }
    }

    /// A raw JSON-RPC call (via curl, awaited without blocking a thread).
    @discardableResult
    func rpc(_ method: String, _ params: [Any] = []) async throws -> Any {
        try await jsonRPC(url: url, method: method, params: params)
    }

    func mine(_ blocks: Int) async throws { for _ in 0..<blocks { try await rpc("evm_mine") } }

    func blockNumber() async throws -> Int {
        guard let hex = try await rpc("eth_blockNumber") as? String, let n = Int(hex.dropFirst(2), radix: 16) else { throw HarnessError("bad block number") }
        return n
    }

    deinit { process.signal(SIGKILL) }
}

/// JSON-RPC through curl (tests only).
func jsonRPC(url: String, method: String, params: [Any]) async throws -> Any {
    let body = try JSONSerialization.data(withJSONObject: ["jsonrpc": "2.0", "id": 1, "method": method, "params": params])
    let out = try await runCommand("/usr/bin/curl", ["-s", "-m", "10", "-X", "POST", "-H", "content-type: application/json",
                                               "--data-binary", String(decoding: body, as: UTF8.self), url])
    guard let object = try JSONSerialization.jsonObject(with: Data(out.utf8)) as? [String: Any] else {
        throw HarnessError("\(method): not a JSON object: \(out.prefix(200))")
    }
    if let error = object["error"] { throw HarnessError("\(method): \(error)") }
    return object["result"] ?? NSNull()
}

/// The scenario tool's output.
struct Scenario: Decodable {
    struct Account: Decodable { let address: String; let private_key: String }
    struct Request: Decodable { let id: Int; let uri: String; let price: String }
    struct Config: Decodable { let audit_timeout: Int; let max_assigned: Int }
    let audit: String
    let token: String
    let owner: Account
    let requestor: Account?
    let nodes: [Account]
    let police: [Account]
    let requests: [Request]
    let config: Config

    /// Deploys a fresh scenario on `chain`.
    static func deploy(on chain: DevChain, nodes: Int = 1, police: Int = 0, auditTimeout: Int = 50, maxAssigned: Int = 10,
                       requests: [String] = [], extra: [String] = []) async throws -> Scenario {
        let out = chain.dir.appendingPathComponent("scenario-\(UUID().uuidString.prefix(6)).json").path
        var args = ["--rpc", chain.url, "--nodes", "\(nodes)", "--police", "\(police)", "--audit-timeout", "\(auditTimeout)",
                    "--max-assigned", "\(maxAssigned)", "--min-stake", "1000", "--accounts-file", chain.accountsFile, "--out", out]
        for r in requests { args += ["--request", "\(r):1"] }
        args += extra
        _ = try await runCommand(Repo.root.appendingPathComponent("devchain/scenario").path, args)
        return try JSONDecoder().decode(Scenario.self, from: Data(contentsOf: URL(fileURLWithPath: out)))
    }

    /// Queues more requests on this deployment.
    func queue(on chain: DevChain, uris: [String]) async throws {
        var args = ["--queue-only", "--rpc", chain.url, "--audit", audit, "--token", token,
                    "--requestor-key", requestor?.private_key ?? "", "--owner-key", owner.private_key,
                    "--accounts-file", chain.accountsFile]
        for u in uris { args += ["--request", "\(u):1"] }
        _ = try await runCommand(Repo.root.appendingPathComponent("devchain/scenario").path, args)
    }
}

/// `python3 -m http.server` on loopback serving `directory`.
final class ContractServer: @unchecked Sendable {
    let process: ChildProcess
    let baseURL: String

    init(directory: URL, logDir: URL) async throws {
        let port = freePort()
        baseURL = "http://127.0.0.1:\(port)"
        process = try ChildProcess("/usr/bin/env", ["python3", "-m", "http.server", "--bind", "127.0.0.1", "--directory", directory.path, "\(port)"],
                                   logPath: logDir.appendingPathComponent("http.log").path)
        let base = baseURL
        let up = await eventually(timeout: .seconds(20), every: .milliseconds(100)) {
            (try? await runCommand("/usr/bin/curl", ["-s", "-o", "/dev/null", "-m", "2", base + "/"])) != nil
        }
        guard up else { throw HarnessError("http.server did not start") }
    }

    static var sampleContracts: URL { Repo.root.appendingPathComponent("examples/contracts") }

    deinit { process.signal(SIGKILL) }
}

/// A TCP proxy (python) in front of the dev chain that a test can cut and restore.
final class TCPProxy: @unchecked Sendable {
    let port: Int
    let target: Int
    let dir: URL
    private var process: ChildProcess?

    init(target: Int, dir: URL) async throws {
        self.port = freePort()
        self.target = target
        self.dir = dir
        try await start()
    }

    static let script = """
    import socket, sys, threading
    lp, tp = int(sys.argv[1]), int(sys.argv[2])
    s = socket.socket(); s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1); s.bind(("127.0.0.1", lp)); s.listen(64)
    def pipe(a, b):
        try:
            while True:
                d = a.recv(65536)
                if not d: break
                b.sendall(d)
        except OSError: pass
        finally:
            for x in (a, b):
                try: x.close()
                except OSError: pass
    while True:
        c, _ = s.accept()
        try: u = socket.create_connection(("127.0.0.1", tp))
        except OSError: c.close(); continue
        threading.Thread(target=pipe, args=(c, u), daemon=True).start()
        threading.Thread(target=pipe, args=(u, c), daemon=True).start()
    """

    func start() async throws {
        process = try ChildProcess("/usr/bin/env", ["python3", "-c", Self.script, "\(port)", "\(target)"],
                                   logPath: dir.appendingPathComponent("proxy.log").path)
        try await Task.sleep(for: .milliseconds(500))
    }

    func cut() async { await process?.stop(); process = nil }

    deinit { process?.signal(SIGKILL) }
}
