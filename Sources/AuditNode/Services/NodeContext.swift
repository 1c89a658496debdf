import Ethereum
import EthereumRPC
import Foundation
import Logging

/// Everything the services share: chain reader, store, transaction manager, settings, status and metrics.
public struct NodeContext: Sendable {
    /// Chain reads.
    public let chain: AuditChain
    /// Event store.
    public let store: EventStore
    /// Transactions.
    public let transactions: TransactionManager
    /// Live (reloadable) settings.
    public let settings: SettingsHolder
    /// The static configuration.
    public let configuration: NodeConfiguration
    /// Heads.
    public let heads: HeadBroadcaster
    /// Status for the health server.
    public let status: NodeStatus
    /// Metrics.
    public let metrics: NodeMetrics
    /// Root logger.
    public let logger: Logger
    /// The data contract (`auditData()`).
    public let dataContract: Address
    /// The police contract (`police()`).
    public let policeContract: Address
    /// Whether this account is on the police list (checked at start).
    public let isPoliceNode: Bool

    /// The account as text.
    public var account: Address { chain.account }

    /// Creates the context.
    public init(chain: AuditChain, store: EventStore, transactions: TransactionManager, settings: SettingsHolder,
                configuration: NodeConfiguration, heads: HeadBroadcaster, status: NodeStatus, metrics: NodeMetrics,
                logger: Logger, dataContract: Address, policeContract: Address, isPoliceNode: Bool) {
        self.chain = chain
        self.store = store
        self.transactions = transactions
        self.settings = settings
        self.configuration = configuration
        self.heads = heads
        self.status = status
        self.metrics = metrics
        self.logger = logger
        self.dataContract = dataContract
        self.policeContract = policeContract
        self.isPoliceNode = isPoliceNode
    }

    /// A logger with request metadata.
    func logger(request id: String, type: RequestType) -> Logger {
        var l = logger
        l[metadataKey: "request_id"] = "\(id)"
        l[metadataKey: "request_type"] = "\(type.rawValue)"
        return l
    }

    /// T for an audit about to start, or nil (logged) when the read failed: a failed chain read is never a reason to
    /// finish a request, the caller leaves the row as it is and tries again on a later pass.
    func auditTimeoutOrRetryLater(head: Int64, log: Logger) async -> Int64? {
        do { return try await auditTimeout(head: head) } catch {
            log.warning("cannot read the audit timeout; will retry", metadata: ["error": "\(error)", "block": "\(head)"])
            return nil
        }
    }

    /// Audit timeout T, read live and cached per head block (§3.1 DO: bound RPC load).
    func auditTimeout(head: Int64) async throws(ChainError) -> Int64 {
        if let cached = await settings.cachedTimeout(head: head) { return cached }
        let t = Int64(try await chain.auditTimeout())
        await settings.cacheTimeout(t, head: head)
        return t
    }
}

/// The reloadable settings and per-block caches.
public actor SettingsHolder {
    private(set) var reloadable: ReloadableSettings
    private var timeoutCache: (head: Int64, value: Int64)?
    /// Set when the minimum price must be synced on chain (start-up and after a reload).
    var priceSyncNeeded = true
    private var listeners: [@Sendable (ReloadableSettings) async -> Void] = []

    /// Creates the holder.
    public init(_ settings: ReloadableSettings) { reloadable = settings }

    /// The current settings.
    public func current() -> ReloadableSettings { reloadable }

    /// Replaces the settings (SIGHUP) and notifies listeners.
    public func update(_ settings: ReloadableSettings) async {
        if settings.minPriceInQSP != reloadable.minPriceInQSP { priceSyncNeeded = true }
        reloadable = settings
        for listener in listeners { await listener(settings) }
    }

    /// Registers a reload listener.
    public func onReload(_ listener: @escaping @Sendable (ReloadableSettings) async -> Void) { listeners.append(listener) }

    func cachedTimeout(head: Int64) -> Int64? { timeoutCache.flatMap { $0.head == head ? $0.value : nil } }
    func cacheTimeout(_ value: Int64, head: Int64) { timeoutCache = (head, value) }
    func priceSynced() { priceSyncNeeded = false }
}
