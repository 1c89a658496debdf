import Foundation

/// The validated configuration of one environment of `config.yaml` (the reference's keys, PROTOCOL.md §7, plus ours).
///
/// Every field is already checked for its local form; checks against the chain (§7.2 steps 2–4, floor, stake)
/// happen at start-up in `NodeStartup`.
public struct NodeConfiguration: Sendable, Equatable {
    /// `eth_node.*`: the JSON-RPC endpoint (with `${token}` already substituted).
    public var endpointURI: String
    /// `audit_contract_abi.uri`: path of the ABI JSON (`{major-version}` replaced by `2`).
    public var abiPath: String
    /// `audit_contract_abi.metadata`: path of the metadata JSON (`contractAddress`, `version`).
    public var metadataPath: String
    /// `min_price_in_qsp`: whole QSP; multiplied by 10^18 on chain.
    public var minPriceInQSP: UInt64
    /// `tx_timeout_seconds`: how long a waited transaction may take before it is reported as slow.
    public var txTimeoutSeconds: Int
    /// `max_assigned_requests`: local bid cap.
    public var maxAssignedRequests: Int
    /// `evt_polling_sec`: interval of the submit and monitor loops.
    public var eventPollingSeconds: Double
    /// `block_mined_polling_interval_sec`: interval of `eth_blockNumber` polls.
    public var blockPollingSeconds: Double
    /// `block_discard_on_restart`: safety margin in blocks when resuming work after a restart.
    public var blockDiscardOnRestart: Int
    /// `start_n_blocks_in_the_past`: look-back for own assignments on an empty database.
    public var startBlocksInThePast: Int
    /// `submission_timeout_limit_blocks`: validated ≤ T (reference semantics).
    public var submissionTimeoutLimitBlocks: Int
    /// `n_blocks_confirmation`: 0…50.
    public var confirmations: Int
    /// `analyzers`: in configuration order.
    public var analyzers: [AnalyzerSettings]
    /// `analyzers_wrappers_dir` (ours): root of the wrapper-plugin directories; nil = the built-in default.
    public var analyzerWrappersDirectory: String?
    /// `upload_provider.*`.
    public var upload: UploadSettings
    /// `keystore_file`: V3 keystore of the node account.
    public var keystoreFile: String
    /// `gas_limit`: fixed gas of every transaction; nil = estimate.
    public var gasLimit: UInt64?
    /// `gas_price.*`.
    public var gasPrice: GasPriceSettings
    /// `evt_db_path`: SQLite event store (`~` expanded).
    public var databasePath: String
    /// `police.is_auditing_enabled`.
    public var policeAuditingEnabled: Bool
    /// `audit_workers` (ours): concurrent audits.
    public var auditWorkers: Int
    /// `fetch.*` (ours): the contract fetcher's limits.
    public var fetch: FetchSettings
    /// `status_server.*` (ours): health, metrics and status page.
    public var statusServer: StatusServerSettings
    /// `transactions.*` (ours): replacement policy.
    public var transactions: TransactionSettings
    /// `rewards.claim_interval_seconds` (ours; reference: 24 h).
    public var rewardsClaimIntervalSeconds: Double
    /// `shutdown_drain_seconds` (ours): the longest graceful drain on SIGTERM/SIGINT.
    public var shutdownDrainSeconds: Double
    /// `metric_collection.*`: the signed metrics heartbeat (§3.11).
    public var metricCollection: MetricCollectionSettings = .disabled
    /// `max_audit_attempts` (ours, default 3): a request whose audit was started this many times without finishing
    /// (the node crashed or was killed during it) is quarantined: finished with an Error report, not retried.
    public var maxAuditAttempts: Int = 3
}

/// One entry of `analyzers`.
public struct AnalyzerSettings: Sendable, Equatable {
    /// The analyzer name (selects the wrapper directory, or `builtin`).
    public var name: String
    /// `args`: extra arguments passed as `ANALYZER_ARGS`.
    public var args: String
    /// `storage_dir`.
    public var storageDir: String
    /// `timeout_sec` (default 60).
    public var timeoutSeconds: Int

    /// Creates analyzer settings.
    public init(name: String, args: String = "", storageDir: String, timeoutSeconds: Int = 60) {
        self.name = name
        self.args = args
        self.storageDir = storageDir
        self.timeoutSeconds = timeoutSeconds
    }
}

/// `upload_provider.*`.
public struct UploadSettings: Sendable, Equatable {
    /// `is_enabled`.
    public var isEnabled: Bool
    /// `name`: `S3Provider` or `LocalDirectoryProvider` (ours).
    public var name: String
    /// `args`: provider arguments (`bucket_name`, `contract_bucket_name`, `directory`, …).
    public var args: [String: String]
}

/// `gas_price.*` with the reference semantics (cap ≤ 0 means no cap; never a negative price).
public struct GasPriceSettings: Sendable, Equatable {
    /// The price strategy.
    public enum Strategy: String, Sendable, Equatable { case dynamic, `static` }
    /// `strategy`.
    public var strategy: Strategy
    /// `default_gas_price_wei`: the static price and the initial dynamic one.
    public var defaultWei: UInt64
    /// `max_gas_price_wei`: cap; nil when ≤ 0.
    public var capWei: UInt64?

    /// Creates gas-price settings.
    public init(strategy: Strategy, defaultWei: UInt64, capWei: UInt64?) {
        self.strategy = strategy
        self.defaultWei = defaultWei
        self.capWei = capWei
    }
}

/// `fetch.*` (ours): bounds of the safe contract fetcher.
public struct FetchSettings: Sendable, Equatable {
    /// `allowed_schemes` (default http, https).
    public var allowedSchemes: [String]
    /// `allow_private_addresses`: loopback and private (RFC 1918, unique-local, CGNAT) targets. Link-local
    /// (169.254.0.0/16 with the cloud metadata service, fe80::/10), unspecified and multicast targets are never
    /// fetched.
    public var allowPrivateAddresses: Bool
    /// `allow_loopback_addresses`: loopback targets only (127.0.0.0/8, ::1); true in the shipped `local` environment.
    public var allowLoopbackAddresses: Bool
    /// `max_bytes` (default 1 MiB).
    public var maxBytes: Int
    /// `timeout_seconds` (default 20).
    public var timeoutSeconds: Double
    /// `max_redirects` (default 3).
    public var maxRedirects: Int

    /// Creates fetch settings.
    public init(allowedSchemes: [String] = ["http", "https"], allowPrivateAddresses: Bool = false, maxBytes: Int = 1 << 20,
                timeoutSeconds: Double = 20, maxRedirects: Int = 3, allowLoopbackAddresses: Bool = false) {
        self.allowedSchemes = allowedSchemes
        self.allowPrivateAddresses = allowPrivateAddresses
        self.allowLoopbackAddresses = allowLoopbackAddresses
        self.maxBytes = maxBytes
        self.timeoutSeconds = timeoutSeconds
        self.maxRedirects = maxRedirects
    }
}

/// `status_server.*` (ours).
public struct StatusServerSettings: Sendable, Equatable {
    /// `is_enabled` (default true).
    public var isEnabled: Bool
    /// `host` (default 127.0.0.1; only loopback addresses are accepted).
    public var host: String
    /// `port` (default 9464; 0 picks a free port).
    public var port: Int
    /// `stall_after_seconds` (default 60): `/health` says "stalled" when work is held or queued and nothing has
    /// progressed for this long (an audit in its analyzer time is not counted as held).
    public var stallAfterSeconds: Double = 60
}

/// `transactions.*` (ours): when and how a stuck transaction is replaced.
public struct TransactionSettings: Sendable, Equatable {
    /// `replace_after_blocks`: blocks unmined before a same-nonce replacement (default 5).
    public var replaceAfterBlocks: Int
    /// `fee_bump_percent`: ≥ 10 (geth's minimum); default 12.
    public var feeBumpPercent: Int
    /// `receipt_poll_seconds` (default = block polling interval).
    public var receiptPollSeconds: Double
}

/// The settings that `SIGHUP` may change without a restart.
public struct ReloadableSettings: Sendable, Equatable {
    /// `min_price_in_qsp`.
    public var minPriceInQSP: UInt64
    /// `max_assigned_requests`.
    public var maxAssignedRequests: Int
    /// `analyzers`.
    public var analyzers: [AnalyzerSettings]
    /// `fetch.*`.
    public var fetch: FetchSettings
}

extension NodeConfiguration {
    /// The part of this configuration that a reload may change.
    public var reloadable: ReloadableSettings {
        ReloadableSettings(minPriceInQSP: minPriceInQSP, maxAssignedRequests: maxAssignedRequests,
                           analyzers: analyzers, fetch: fetch)
    }
}

extension NodeConfiguration: CustomReflectable {
    /// Debug dumps (swift-service-lifecycle logs its services at DEBUG) never show the endpoint: it may carry the
    /// auth token in its path or query.
    public var customMirror: Mirror {
        Mirror(self, children: ["endpointURI": "<redacted>", "databasePath": databasePath], displayStyle: .struct)
    }
}
