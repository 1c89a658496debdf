import AuditNode
import Foundation

/// One audit node process: its own folder with config.yaml, keystore, metadata and event store.
final class NodeFixture: @unchecked Sendable {
    let dir: URL
    let binary: String
    let account: Scenario.Account
    let configPath: String
    let dbPath: String
    private(set) var process: ChildProcess?
    private var runs = 0
    private let environment: [String: String]

    /// Options that shape the generated configuration.
    struct Options {
        var analyzer = "builtin"
        var analyzerTimeout = 60
        var wrappersDir: String?
        var workers = 2
        var maxAssigned = 5
        var confirmations = 0
        var drainSeconds = 30
        var replaceAfterBlocks = 5
        var rewardsInterval = 3600
        var extra = ""
        var stallAfterSeconds: Int?
        /// Extra environment of the node process (overrides the defaults below).
        var environment: [String: String] = [:]
        /// Log level of the node process.
        var logLevel = "DEBUG"
    }

    init(binary: String, chainURL: String, scenario: Scenario, account: Scenario.Account, options: Options = Options()) async throws {
        self.binary = binary
        self.account = account
        environment = ["QSP_ETH_PASSPHRASE": "test-pass", "QSP_LOGGING_LEVEL": options.logLevel]
            .merging(options.environment) { _, new in new }
        dir = temporaryDirectory("qsp-node")
        configPath = dir.appendingPathComponent("config.yaml").path
        dbPath = dir.appendingPathComponent("events.db").path
        let keystore = dir.appendingPathComponent("keystore.json").path
        _ = try await runCommand("/usr/bin/env", ["python3", "-c", """
            import json, sys
            from eth_account import Account
            ks = Account.encrypt(sys.argv[1], "test-pass", kdf="scrypt", iterations=1024)
            open(sys.argv[2], "w").write(json.dumps(ks))
            """, account.private_key, keystore])
        try #"{"contractAddress": "\#(scenario.audit)", "version": "2.9.1"}"#.write(toFile: dir.appendingPathComponent("meta.json").path, atomically: true, encoding: .utf8)
        let abi = Repo.root.appendingPathComponent("config/abi/QuantstampAudit-v2.abi.json").path
        let wrappers = options.wrappersDir.map { "  analyzers_wrappers_dir: \($0)\n" } ?? ""
        let yaml = """
        test:
          eth_node:
            provider: HTTPProvider
            args:
              endpoint_uri: "\(chainURL)"
          audit_contract_abi:
            uri: \(abi)
            metadata: ./meta.json
          keystore_file: ./keystore.json
          min_price_in_qsp: 0
          tx_timeout_seconds: 120
          max_assigned_requests: \(options.maxAssigned)
          evt_polling_sec: 0.2
          block_mined_polling_interval_sec: 0.2
          n_blocks_confirmation: \(options.confirmations)
          analyzers:
            - \(options.analyzer):
                timeout_sec: \(options.analyzerTimeout)
                storage_dir: \(dir.appendingPathComponent("storage").path)
        \(wrappers)  gas_price:
            strategy: dynamic
            max_gas_price_wei: 0
          evt_db_path: ./events.db
          audit_workers: \(options.workers)
          fetch:
            allow_private_addresses: true
            timeout_seconds: 10
          status_server:
            port: 0\(options.stallAfterSeconds.map { "\n    stall_after_seconds: \($0)" } ?? "")
          transactions:
            replace_after_blocks: \(options.replaceAfterBlocks)
          rewards:
            claim_interval_seconds: \(options.rewardsInterval)
          shutdown_drain_seconds: \(options.drainSeconds)
        \(options.extra)
        """
        try yaml.write(toFile: configPath, atomically: true, encoding: .utf8)
    }

    /// Starts (or restarts) the node process.
    @discardableResult
    func start() throws -> ChildProcess {
        runs += 1
        let p = try ChildProcess(binary, ["run", "--config", configPath, "--env", "test"],
                                 environment: environment,
                                 logPath: dir.appendingPathComponent("node-\(runs).log").path)
        process = p
        return p
    }

    /// All node output so far (every run).
    /// The log of the latest run only.
    var currentRunLog: String {
        (try? String(contentsOfFile: dir.appendingPathComponent("node-\(max(1, runs)).log").path, encoding: .utf8)) ?? ""
    }

    var logs: String {
        (1...max(1, runs)).map { (try? String(contentsOfFile: dir.appendingPathComponent("node-\($0).log").path, encoding: .utf8)) ?? "" }
            .joined(separator: "\n")
    }

    /// The event store's rows (read-only; works while the node runs).
    func rows() -> [AuditRecord] {
        guard let store = try? EventStore(readOnlyPath: dbPath) else { return [] }
        return (try? store.records()) ?? []
    }

    func transactions() -> [TransactionRecord] {
        guard let store = try? EventStore(readOnlyPath: dbPath) else { return [] }
        return (try? store.allTransactions()) ?? []
    }

    deinit { process?.signal(SIGKILL) }
}
