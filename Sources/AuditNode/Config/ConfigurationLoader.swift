import Foundation
import Yams

/// Reads `config.yaml` (one top-level mapping per environment) into a validated `NodeConfiguration`.
public struct ConfigurationLoader: Sendable {
    /// Keys the reference used to accept and that are ignored (with a warning).
    public static let retiredKeys = [
        "heartbeat_allowed", "account", "default_gas", "min_price", "analyzer", "report_uploader",
        "internal_contract_src", "internal_contract_abi", "audit_data_contract",
    ]

    /// Environment variables used for substitution (`QSP_ETH_AUTH_TOKEN`, `${NAME}` in the endpoint).
    public var environment: [String: String]

    /// Creates a loader reading substitutions from `environment`.
    public init(environment: [String: String] = ProcessInfo.processInfo.environment) {
        self.environment = environment
    }

    /// The result of loading: the configuration and warnings about ignored keys.
    public struct Loaded: Sendable {
        /// The validated configuration.
        public var configuration: NodeConfiguration
        /// Human-readable warnings (retired keys).
        public var warnings: [String]
    }

    /// Loads environment `env` of the YAML file at `path`. Relative paths in the file are resolved against its folder.
    public func load(path: String, env: String) throws(ConfigurationError) -> Loaded {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw ConfigurationError(key: path, "cannot read the configuration file; pass --config FILE")
        }
        guard let text = String(data: data, encoding: .utf8) else {
            throw ConfigurationError(key: path, "the configuration file is not UTF-8")
        }
        let base = URL(fileURLWithPath: path).deletingLastPathComponent().path
        return try load(yaml: text, env: env, baseDirectory: base)
    }

    /// Loads environment `env` from YAML text.
    public func load(yaml text: String, env: String, baseDirectory: String) throws(ConfigurationError) -> Loaded {
        let root: Yams.Node?
        do { root = try Yams.compose(yaml: text) } catch {
            throw ConfigurationError(key: "config.yaml", "not valid YAML: \(error)")
        }
        guard let mapping = root?.mapping else {
            throw ConfigurationError(key: "config.yaml", "expected a mapping of environments (local, testnet, mainnet)")
        }
        guard let envNode = mapping.first(where: { $0.key.string == env })?.value else {
            let names = mapping.keys.compactMap(\.string).joined(separator: ", ")
            throw ConfigurationError(key: env, "no such environment in the configuration; available: \(names)")
        }
        guard envNode.mapping != nil else { throw ConfigurationError(key: env, "expected a mapping") }
        let s = YAMLSection(path: env, node: envNode)
        var warnings: [String] = []
        for retired in Self.retiredKeys where s.has(retired) {
            warnings.append("ignoring retired configuration key '\(s.key(retired))'")
        }
        let paths = PathResolver(base: baseDirectory)
        var config = try parse(s, paths: paths)
        config.metricCollection = try MetricCollectionSettings.parse(s)
        if !s.has("evt_db_path") {
            // One store per environment: a store is tied to one chain, contract and account (EventStore.Identity).
            config.databasePath = paths.resolve("~/.audit_node-\(env).db")
        }
        try Self.validateLocally(config, env: env)
        return Loaded(configuration: config, warnings: warnings)
    }

    private func parse(_ s: YAMLSection, paths: PathResolver) throws(ConfigurationError) -> NodeConfiguration {
        let ethNode = try s.section("eth_node")
        let provider = try ethNode.string("provider")
        guard provider == "HTTPProvider" else {
            throw ConfigurationError(key: ethNode.key("provider"), "expected HTTPProvider (IPC and tester providers are not supported), found '\(provider)'")
        }
        let ethArgs = try ethNode.section("args")
        let endpoint = try substitute(try ethArgs.string("endpoint_uri"), key: ethArgs.key("endpoint_uri"))
        do { _ = try ValidatedURL(endpoint) } catch {
            throw ConfigurationError(key: ethArgs.key("endpoint_uri"),
                                     "expected an http(s) URL: \(redactingSecrets(error.message))")
        }
        let abi = try s.section("audit_contract_abi")
        let abiPath = paths.resolve(try abi.string("uri").replacingOccurrences(of: "{major-version}", with: "2"))
        let metadataPath = paths.resolve(try abi.string("metadata").replacingOccurrences(of: "{major-version}", with: "2"))

        let minPrice = try s.int("min_price_in_qsp")
        guard minPrice >= 0 else { throw ConfigurationError(key: s.key("min_price_in_qsp"), "expected a whole number of QSP ≥ 0") }

        let gas = try s.section("gas_price")
        let strategyText = try gas.string("strategy")
        guard let strategy = GasPriceSettings.Strategy(rawValue: strategyText) else {
            throw ConfigurationError(key: gas.key("strategy"), "expected 'dynamic' or 'static', found '\(strategyText)'")
        }
        let defaultWei = try gas.int("default_gas_price_wei", default: 0)
        guard defaultWei >= 0 else { throw ConfigurationError(key: gas.key("default_gas_price_wei"), "expected an integer ≥ 0") }
        let maxWei = try gas.int("max_gas_price_wei", default: -1)

        var gasLimit: UInt64?
        if s.has("gas_limit") {
            let limit = try s.int("gas_limit")
            guard limit >= 0 else { throw ConfigurationError(key: s.key("gas_limit"), "expected an integer ≥ 0 (or remove it to estimate)") }
            gasLimit = limit == 0 ? nil : UInt64(limit)
        }
        let upload = try s.section("upload_provider")
        let fetch = try s.section("fetch")
        let status = try s.section("status_server")
        let txs = try s.section("transactions")
        let police = try s.section("police")
        let rewards = try s.section("rewards")
        let blockPolling = try s.double("block_mined_polling_interval_sec")
        let uploadArgs = try upload.stringMap("args").mapValues { paths.resolveIfPath($0) }

        return NodeConfiguration(
            endpointURI: endpoint,
            abiPath: abiPath,
            metadataPath: metadataPath,
            minPriceInQSP: UInt64(minPrice),
            txTimeoutSeconds: try s.int("tx_timeout_seconds"),
            maxAssignedRequests: try s.int("max_assigned_requests"),
            eventPollingSeconds: try s.double("evt_polling_sec"),
            blockPollingSeconds: blockPolling,
            blockDiscardOnRestart: try s.int("block_discard_on_restart", default: 0),
            startBlocksInThePast: try s.int("start_n_blocks_in_the_past", default: 0),
            submissionTimeoutLimitBlocks: try s.int("submission_timeout_limit_blocks", default: 10),
            confirmations: try s.int("n_blocks_confirmation", default: 6),
            analyzers: try parseAnalyzers(s, paths: paths),
            analyzerWrappersDirectory: s.has("analyzers_wrappers_dir") ? paths.resolve(try s.string("analyzers_wrappers_dir")) : nil,
            upload: UploadSettings(isEnabled: try upload.bool("is_enabled", default: false),
                                   name: try upload.string("name", default: ""), args: uploadArgs),
            keystoreFile: paths.resolve(try s.string("keystore_file")),
            gasLimit: gasLimit,
            gasPrice: GasPriceSettings(strategy: strategy, defaultWei: UInt64(defaultWei),
                                       capWei: maxWei > 0 ? UInt64(maxWei) : nil),
            databasePath: paths.resolve(try s.string("evt_db_path", default: "~/.audit_node.db")),  // per-env default: load(yaml:)
            policeAuditingEnabled: try police.bool("is_auditing_enabled", default: false),
            auditWorkers: try s.int("audit_workers", default: 2),
            fetch: FetchSettings(
                allowedSchemes: try fetch.stringList("allowed_schemes", default: ["http", "https"]).map { $0.lowercased() },
                allowPrivateAddresses: try fetch.bool("allow_private_addresses", default: false),
                maxBytes: try fetch.int("max_bytes", default: 1 << 20),
                timeoutSeconds: try fetch.double("timeout_seconds", default: 20),
                maxRedirects: try fetch.int("max_redirects", default: 3),
                allowLoopbackAddresses: try fetch.bool("allow_loopback_addresses", default: false)),
            statusServer: StatusServerSettings(isEnabled: try status.bool("is_enabled", default: true),
                                               host: try status.string("host", default: "127.0.0.1"),
                                               port: try status.int("port", default: 9464),
                                               stallAfterSeconds: try status.double("stall_after_seconds", default: 60)),
            transactions: TransactionSettings(replaceAfterBlocks: try txs.int("replace_after_blocks", default: 5),
                                              feeBumpPercent: try txs.int("fee_bump_percent", default: 12),
                                              receiptPollSeconds: try txs.double("receipt_poll_seconds", default: blockPolling)),
            rewardsClaimIntervalSeconds: try rewards.double("claim_interval_seconds", default: 86_400),
            shutdownDrainSeconds: try s.double("shutdown_drain_seconds", default: 60),
            maxAuditAttempts: try s.int("max_audit_attempts", default: 3)
        )
    }

    private func parseAnalyzers(_ s: YAMLSection, paths: PathResolver) throws(ConfigurationError) -> [AnalyzerSettings] {
        guard let node = s.child("analyzers") else {
            throw ConfigurationError(key: s.key("analyzers"), "missing; expected a list like '- builtin: {timeout_sec: 60}'")
        }
        guard let items = node.sequence, !items.isEmpty else {
            throw ConfigurationError(key: s.key("analyzers"), "expected a non-empty list of single-key mappings")
        }
        var result: [AnalyzerSettings] = []
        for (index, item) in items.enumerated() {
            let itemKey = "\(s.key("analyzers"))[\(index)]"
            guard let mapping = item.mapping, mapping.count == 1, let name = mapping.keys.first?.string, !name.isEmpty else {
                throw ConfigurationError(key: itemKey, "expected a single-key mapping '<name>: {args, storage_dir, timeout_sec}'")
            }
            guard name.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "-" || $0 == "_" }) else {
                throw ConfigurationError(key: itemKey, "analyzer names may only contain letters, digits, '-' and '_'")
            }
            let body = YAMLSection(path: "\(itemKey).\(name)", node: mapping.values.first)
            let timeout = try body.int("timeout_sec", default: 60)
            guard (1...86_400).contains(timeout) else {
                throw ConfigurationError(key: body.key("timeout_sec"), "expected seconds in 1…86400, found \(timeout)")
            }
            result.append(AnalyzerSettings(
                name: name, args: try body.string("args", default: ""),
                storageDir: paths.resolve(try body.string("storage_dir", default: NSTemporaryDirectory() + "qsp-\(name)")),
                timeoutSeconds: timeout))
        }
        return result
    }

    /// `text` with the values of the secret environment variables replaced by `<redacted>`.
    func redactingSecrets(_ text: String) -> String {
        var result = text
        for name in SecretRedactor.secretVariables {
            if let value = environment[name], value.count >= 4 { result = result.replacingOccurrences(of: value, with: "<redacted>") }
        }
        return result
    }

    /// `${token}` → `QSP_ETH_AUTH_TOKEN` (may be empty); `${NAME}` / `${NAME:-default}` → the environment variable.
    func substitute(_ text: String, key: String) throws(ConfigurationError) -> String {
        var output = ""
        var rest = Substring(text)
        while let open = rest.range(of: "${") {
            output += rest[..<open.lowerBound]
            guard let close = rest[open.upperBound...].firstIndex(of: "}") else {
                throw ConfigurationError(key: key, "unterminated '${' in the value")
            }
            let expression = String(rest[open.upperBound..<close])
            let parts = expression.components(separatedBy: ":-")
            let name = parts[0]
            if name == "token" {
                output += environment["QSP_ETH_AUTH_TOKEN"] ?? ""
            } else if let value = environment[name], !value.isEmpty {
                output += value
            } else if parts.count > 1 {
                output += parts.dropFirst().joined(separator: ":-")
            } else {
                throw ConfigurationError(key: key, "uses ${\(name)} but the environment variable \(name) is not set")
            }
            rest = rest[rest.index(after: close)...]
        }
        return output + rest
    }

    /// §7.2 checks that need no chain (1, 5, 6, 7) plus ours.
    static func validateLocally(_ c: NodeConfiguration, env: String) throws(ConfigurationError) {
        func key(_ k: String) -> String { "\(env).\(k)" }
        if c.startBlocksInThePast > c.submissionTimeoutLimitBlocks {
            throw ConfigurationError(key: key("start_n_blocks_in_the_past"), "must be ≤ submission_timeout_limit_blocks (\(c.submissionTimeoutLimitBlocks))")
        }
        if let cap = c.gasPrice.capWei, c.gasPrice.defaultWei > cap {
            throw ConfigurationError(key: key("gas_price.default_gas_price_wei"), "must be ≤ gas_price.max_gas_price_wei (\(cap)) when the cap is > 0")
        }
        if c.gasPrice.strategy == .static, c.gasPrice.defaultWei == 0 {
            throw ConfigurationError(key: key("gas_price.default_gas_price_wei"), "the static strategy needs a price > 0 wei")
        }
        guard (0...50).contains(c.confirmations) else {
            throw ConfigurationError(key: key("n_blocks_confirmation"), "expected an integer in 0…50, found \(c.confirmations)")
        }
        let positive: [(String, Double)] = [
            ("tx_timeout_seconds", Double(c.txTimeoutSeconds)), ("max_assigned_requests", Double(c.maxAssignedRequests)),
            ("evt_polling_sec", c.eventPollingSeconds), ("block_mined_polling_interval_sec", c.blockPollingSeconds),
            ("audit_workers", Double(c.auditWorkers)), ("fetch.max_bytes", Double(c.fetch.maxBytes)),
            ("fetch.timeout_seconds", c.fetch.timeoutSeconds), ("transactions.replace_after_blocks", Double(c.transactions.replaceAfterBlocks)),
            ("transactions.receipt_poll_seconds", c.transactions.receiptPollSeconds),
            ("rewards.claim_interval_seconds", c.rewardsClaimIntervalSeconds),
        ]
        for (name, value) in positive where !(value > 0) {
            throw ConfigurationError(key: key(name), "expected a value > 0, found \(value)")
        }
        for (name, value) in [("block_discard_on_restart", c.blockDiscardOnRestart), ("start_n_blocks_in_the_past", c.startBlocksInThePast),
                              ("submission_timeout_limit_blocks", c.submissionTimeoutLimitBlocks), ("fetch.max_redirects", c.fetch.maxRedirects)]
            where value < 0 {
            throw ConfigurationError(key: key(name), "expected an integer ≥ 0, found \(value)")
        }
        if c.fetch.timeoutSeconds > 3600 {
            throw ConfigurationError(key: key("fetch.timeout_seconds"), "expected at most 3600 seconds, found \(c.fetch.timeoutSeconds)")
        }
        if !(1...100).contains(c.maxAuditAttempts) {
            throw ConfigurationError(key: key("max_audit_attempts"), "expected 1…100, found \(c.maxAuditAttempts)")
        }
        if c.auditWorkers > 64 { throw ConfigurationError(key: key("audit_workers"), "expected 1…64") }
        if c.fetch.maxBytes > 64 << 20 { throw ConfigurationError(key: key("fetch.max_bytes"), "expected at most 64 MiB") }
        if c.transactions.feeBumpPercent < 10 || c.transactions.feeBumpPercent > 1000 {
            throw ConfigurationError(key: key("transactions.fee_bump_percent"), "expected 10…1000 (nodes reject replacements below +10 %)")
        }
        if c.fetch.allowedSchemes.isEmpty || c.fetch.allowedSchemes.contains(where: { !["http", "https"].contains($0) }) {
            throw ConfigurationError(key: key("fetch.allowed_schemes"), "expected a non-empty subset of [http, https]")
        }
        if !["127.0.0.1", "::1", "localhost"].contains(c.statusServer.host) {
            throw ConfigurationError(key: key("status_server.host"), "only loopback (127.0.0.1, ::1, localhost) is allowed")
        }
        if !(0...65535).contains(c.statusServer.port) {
            throw ConfigurationError(key: key("status_server.port"), "expected a TCP port 0…65535")
        }
        if c.upload.isEnabled, !["S3Provider", "LocalDirectoryProvider"].contains(c.upload.name) {
            throw ConfigurationError(key: key("upload_provider.name"), "expected S3Provider or LocalDirectoryProvider, found '\(c.upload.name)'")
        }
        if c.upload.isEnabled, c.upload.name == "S3Provider", (c.upload.args["bucket_name"] ?? "").isEmpty {
            throw ConfigurationError(key: key("upload_provider.args.bucket_name"), "required for S3Provider")
        }
        if c.upload.isEnabled, c.upload.name == "LocalDirectoryProvider", (c.upload.args["directory"] ?? "").isEmpty {
            throw ConfigurationError(key: key("upload_provider.args.directory"), "required for LocalDirectoryProvider")
        }
    }
}

/// Resolves `~` and paths relative to the configuration file's folder.
struct PathResolver {
    let base: String

    func resolve(_ path: String) -> String {
        var p = path
        if p.hasPrefix("file://") { p.removeFirst("file://".count) }
        if p == "~" || p.hasPrefix("~/") {
            p = FileManager.default.homeDirectoryForCurrentUser.path + p.dropFirst()
        }
        if p.hasPrefix("/") { return p }
        return URL(fileURLWithPath: base).appendingPathComponent(p).standardizedFileURL.path
    }

    func resolveIfPath(_ value: String) -> String {
        value.hasPrefix("./") || value.hasPrefix("../") || value.hasPrefix("~") ? resolve(value) : value
    }
}

extension ConfigurationLoader: CustomReflectable {
    /// Debug dumps never show the process environment (it holds the passphrase and the auth token).
    public var customMirror: Mirror { Mirror(self, children: ["environment": "<redacted>"], displayStyle: .struct) }
}
