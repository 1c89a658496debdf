#if canImport(Glibc)
import Glibc
#endif
import AuditNode
import Ethereum
import Foundation
import Subprocess
import Testing

#if canImport(System)
import System
#else
import SystemPackage
#endif

/// `qsp-audit-node doctor` against node set-ups on a private dev chain: it passes on a working set-up and prints a
/// clear ✗ line (with what to do) for each broken item.
@Suite(.serialized) struct DoctorTests {
    static let checkIDs = ["config", "keystore", "endpoint", "contract", "limits", "stake", "price", "balance",
                           "analyzers", "database", "status_port"]

    /// One doctor run: exit status, the JSON report's checks by id, and the text output.
    struct Run {
        let status: Int32
        let checks: [String: [String: Any]]
        let order: [String]
        let ok: Bool

        func status(_ id: String) -> String? { checks[id]?["status"] as? String }
        func detail(_ id: String) -> String { checks[id]?["detail"] as? String ?? "" }
        func fix(_ id: String) -> String { checks[id]?["fix"] as? String ?? "" }
    }

    static func doctor(_ node: NodeFixture, environment: [String: String?] = ["QSP_ETH_PASSPHRASE": "test-pass"]) async throws -> (Run, String) {
        let args = ["doctor", "--config", node.configPath, "--env", "test"]
        let json = try await run(node.binary, args + ["--json"], environment: environment)
        let text = try await run(node.binary, args, environment: environment)
        #expect(json.status == text.status)
        let object = try #require(try JSONSerialization.jsonObject(with: Data(json.output.utf8)) as? [String: Any], "\(json.output)")
        let list = try #require(object["checks"] as? [[String: Any]])
        var checks: [String: [String: Any]] = [:]
        for check in list { checks[check["id"] as? String ?? "?"] = check }
        return (Run(status: json.status, checks: checks, order: list.compactMap { $0["id"] as? String }, ok: object["ok"] as? Bool ?? false),
                text.output)
    }

    /// Runs a command to its end and returns its exit status and standard output (stderr appended on failure).
    static func run(_ executable: String, _ arguments: [String], environment: [String: String?]) async throws -> (status: Int32, output: String) {
        var overrides: [Environment.Key: String?] = [:]
        for (key, value) in environment { overrides[Environment.Key(stringLiteral: key)] = value }
        let result = try await Subprocess.run(
            .path(FilePath(executable)), arguments: Arguments(arguments), environment: .inherit.updating(overrides),
            input: .none, output: .string(limit: 1 << 20), error: .string(limit: 1 << 20))
        let status: Int32
        switch result.terminationStatus {
        case .exited(let code): status = Int32(code)
        case .signaled(let signal): status = 128 + Int32(signal)
        }
        return (status, result.standardOutput + (status == 0 ? "" : result.standardError))
    }

    static func edit(_ node: NodeFixture, _ replacements: [(String, String)]) throws {
        var text = try String(contentsOfFile: node.configPath, encoding: .utf8)
        for (old, new) in replacements {
            #expect(text.contains(old), "config has no '\(old)'")
            text = text.replacingOccurrences(of: old, with: new)
        }
        try text.write(toFile: node.configPath, atomically: true, encoding: .utf8)
    }

    /// The line of `id` in the text output.
    static func line(_ text: String, _ id: String) -> String {
        text.split(separator: "\n").first { $0.dropFirst(2).hasPrefix(id + " ") }.map(String.init) ?? ""
    }

    /// A working set-up (the one the end-to-end tests run): every check passes, exit status 0.
    @Test func passesOnAWorkingNode() async throws {
        guard let e2e = try await E2E.make() else { return }
        let node = try await e2e.node()
        let (run, text) = try await Self.doctor(node)
        #expect(run.status == 0, "\(text)")
        #expect(run.ok)
        #expect(run.order == Self.checkIDs)
        for id in Self.checkIDs {
            #expect(run.status(id) == "pass", "\(id): \(run.detail(id)) \(run.fix(id))")
            #expect(Self.line(text, id).hasPrefix("✓ "), "\(text)")
        }
        #expect(run.detail("keystore").contains(try Address(e2e.scenario.nodes[0].address).checksummed))
        #expect(run.detail("endpoint").contains("chain id"))
        #expect(run.detail("contract").contains("2.9.1"))
        #expect(text.contains("all 11 checks passed"))
        #expect(!text.contains("test-pass"))
    }

    /// Local breakage: wrong passphrase, unknown analyzer, locked event store, taken status port.
    @Test func failsOnLocalProblems() async throws {
        guard let e2e = try await E2E.make() else { return }
        let node = try await e2e.node()
        let listener = try LoopbackListener()
        try Self.edit(node, [("- builtin:", "- no-such-analyzer:"), ("    port: 0", "    port: \(listener.port)")])
        let holder = try EventStore(path: node.dbPath)  // takes the instance lock, as a running node does
        let (run, text) = try await Self.doctor(node, environment: ["QSP_ETH_PASSPHRASE": "wrong-passphrase"])
        _ = holder
        #expect(run.status == 1)
        #expect(!run.ok)
        #expect(run.status("config") == "pass" && run.status("endpoint") == "pass" && run.status("contract") == "pass")
        #expect(run.status("keystore") == "fail")
        #expect(run.fix("keystore").contains("QSP_ETH_PASSPHRASE"))
        #expect(run.detail("keystore").contains("with the passphrase from QSP_ETH_PASSPHRASE:"), "\(text)")
        #expect(run.status("stake") == "skip" && run.status("balance") == "skip")
        #expect(run.status("analyzers") == "fail" && run.detail("analyzers").contains("no-such-analyzer"))
        #expect(run.status("database") == "fail" && run.detail("database").contains("locked by another qsp-audit-node process"))
        #expect(run.detail("database").contains("pid \(getpid())"))
        #expect(run.status("status_port") == "fail" && run.detail("status_port").contains("\(listener.port)"))
        for id in ["keystore", "analyzers", "database", "status_port"] {
            #expect(Self.line(text, id).hasPrefix("✗ "), "\(id): \(text)")
        }
        #expect(text.contains("→ "))
        #expect(!text.contains("wrong-passphrase"))
        // Without any passphrase the keystore line says how to give one.
        let (noPass, _) = try await Self.doctor(node, environment: ["QSP_ETH_PASSPHRASE": nil, "QSP_ETH_PASSPHRASE_FILE": nil])
        #expect(noPass.status("keystore") == "fail" && noPass.detail("keystore").contains("not set"))
    }

    /// Chain-side breakage: an account without stake or ETH, a price below the floor, more assignments than allowed.
    @Test func failsOnChainProblems() async throws {
        guard let e2e = try await E2E.make(extra: ["--lower-cap", "5", "--node-price", "5", "--max-assigned", "3"]) else { return }
        let stranger = Scenario.Account(address: "", private_key: "0x" + (0..<32).map { _ in String(format: "%02x", UInt8.random(in: 1...255)) }.joined())
        let node = try await NodeFixture(binary: e2e.binary, chainURL: e2e.chain.url, scenario: e2e.scenario, account: stranger)
        let (run, text) = try await Self.doctor(node)
        #expect(run.status == 1)
        #expect(run.status("keystore") == "pass")
        #expect(run.status("stake") == "fail" && run.detail("stake").contains("staked 0 QSP, minimum 1000 QSP"), "\(text)")
        #expect(run.status("price") == "fail" && run.fix("price").contains("min_price_in_qsp to at least 5"), "\(text)")
        #expect(run.status("balance") == "fail" && run.detail("balance").contains("0 ETH"), "\(text)")
        #expect(run.status("limits") == "fail" && run.fix("limits").contains("max_assigned_requests to at most 3"), "\(text)")
        for id in ["stake", "price", "balance", "limits"] { #expect(Self.line(text, id).hasPrefix("✗ "), "\(text)") }
    }

    /// No endpoint, no contract at the address, an unreadable configuration.
    @Test func failsOnEndpointContractAndConfig() async throws {
        guard let e2e = try await E2E.make() else { return }
        let dead = try await e2e.node()
        try Self.edit(dead, [(e2e.chain.url, "http://127.0.0.1:\(freePort())")])
        let (deadRun, deadText) = try await Self.doctor(dead)
        #expect(deadRun.status == 1)
        #expect(deadRun.status("endpoint") == "fail" && deadRun.fix("endpoint").contains("endpoint_uri"), "\(deadText)")
        for id in ["contract", "limits", "stake", "price", "balance"] { #expect(deadRun.status(id) == "skip") }
        #expect(deadRun.status("database") == "pass")

        let empty = try await e2e.node()
        let meta = empty.dir.appendingPathComponent("meta.json").path
        try #"{"contractAddress": "0x00000000000000000000000000000000000000aa", "version": "2.9.1"}"#.write(toFile: meta, atomically: true, encoding: .utf8)
        let (emptyRun, emptyText) = try await Self.doctor(empty)
        #expect(emptyRun.status("endpoint") == "pass")
        #expect(emptyRun.status("contract") == "fail" && emptyRun.detail("contract").contains("no contract code"), "\(emptyText)")

        // Code at the address, but another contract (the QSP token): it does not answer as QuantstampAudit.
        try #"{"contractAddress": "\#(e2e.scenario.token)", "version": "2.9.1"}"#.write(toFile: meta, atomically: true, encoding: .utf8)
        let (tokenRun, tokenText) = try await Self.doctor(empty)
        #expect(tokenRun.status("contract") == "fail" && tokenRun.detail("contract").contains("does not answer as QuantstampAudit"), "\(tokenText)")
        #expect(tokenRun.fix("contract").contains("contractAddress"))
        for id in ["limits", "stake", "price", "balance"] { #expect(tokenRun.status(id) == "skip") }

        let broken = try await e2e.node()
        try Self.edit(broken, [("  gas_price:\n    strategy: dynamic", "  gas_price:\n    strategy: sometimes")])
        let (brokenRun, brokenText) = try await Self.doctor(broken)
        #expect(brokenRun.status == 1)
        #expect(brokenRun.status("config") == "fail" && brokenRun.detail("config").contains("gas_price.strategy"), "\(brokenText)")
        #expect(brokenRun.order == Self.checkIDs)
        #expect(Self.checkIDs.dropFirst().allSatisfy { brokenRun.status($0) == "skip" })
    }
}

/// A TCP listener on a free loopback port (held until deinit), to occupy the status port.
final class LoopbackListener: @unchecked Sendable {
    let fd: Int32
    let port: Int

    init() throws {
        port = freePort()
        fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = in_port_t(UInt16(port).bigEndian)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        let bound = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard bound == 0, listen(fd, 4) == 0 else { throw HarnessError("cannot listen on 127.0.0.1:\(port)") }
    }

    deinit { close(fd) }
}
