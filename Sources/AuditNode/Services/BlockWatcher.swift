import Ethereum
import EthereumRPC
import Foundation
import Logging
import ServiceLifecycle

/// Polls the head, publishes each new head to the other services (`HeadBroadcaster`), scans confirmed blocks for
/// the node's assignments (audit and police), keeps the block cursor with its hash, and rolls back when a block hash
/// changes (reorg): transactions un-mined, finished requests above the ancestor re-opened, cached chain facts dropped.
public struct BlockWatcher: Service {
    /// What the watcher is told by the configuration.
    public struct Settings: Sendable {
        /// Seconds between head polls.
        public var pollSeconds: Double
        /// Blocks on top before a block is scanned.
        public var confirmations: Int
        /// How far back the first scan starts (at least T).
        public var startBlocksInThePast: Int

        /// Creates the settings.
        public init(pollSeconds: Double, confirmations: Int, startBlocksInThePast: Int) {
            self.pollSeconds = pollSeconds
            self.confirmations = confirmations
            self.startBlocksInThePast = startBlocksInThePast
        }
    }

    let settings: Settings
    let client: EthereumClient
    let store: EventStore
    let discovery: AssignmentDiscovery
    let heads: HeadBroadcaster
    let parameters: ChainParameters
    let reorgs: ReorgEpoch
    let status: NodeStatus
    let metrics: NodeMetrics
    let logger: Logger
    /// Told the ancestor block after a rewind (the transaction manager forgets receipts above it).
    let onRewind: @Sendable (Int64) async -> Void

    /// Creates the watcher.
    public init(settings: Settings, client: EthereumClient, store: EventStore, discovery: AssignmentDiscovery,
                heads: HeadBroadcaster, parameters: ChainParameters, reorgs: ReorgEpoch, status: NodeStatus,
                metrics: NodeMetrics, logger: Logger, onRewind: @escaping @Sendable (Int64) async -> Void = { _ in }) {
        self.onRewind = onRewind
        self.settings = settings
        self.client = client
        self.store = store
        self.discovery = discovery
        self.heads = heads
        self.parameters = parameters
        self.reorgs = reorgs
        self.status = status
        self.metrics = metrics
        self.logger = logger
    }

    public func run() async throws {
        let interval = Duration.seconds(fractional: settings.pollSeconds)
        let scanInterval = max(interval, .seconds(1))
        var lastHead: Int64 = -1
        var failures = 0
        var idlePolls = 0
        var lastScan = ContinuousClock.now - .seconds(60)
        var scanDue = false
        while !Task.isCancelled && !Task.isShuttingDownGracefully {
            do {
                let head = Int64(try await client.blockNumber())
                failures = 0
                await status.head(head)
                metrics.headBlock.record(head)
                let newHead = head != lastHead
                if newHead {
                    lastHead = head
                    await heads.publish(head)
                }
                // Scan (and check the cursor's hash) after a new head — at most once per `scanInterval`, since the
                // bids' own receipts register assignments at once; a head inside the interval is scanned at the first
                // poll after it — and now and then on an idle chain.
                idlePolls = newHead ? 0 : idlePolls + 1
                scanDue = scanDue || newHead
                if (scanDue && ContinuousClock.now - lastScan >= scanInterval) || (!newHead && idlePolls % 10 == 0) {
                    lastScan = .now
                    try await scan(head: head)
                    scanDue = false
                }
            } catch {
                failures += 1
                await status.rpcError("\(error)")
                if failures == 1 || failures % 20 == 0 {
                    logger.warning("head poll failed; retrying", metadata: ["error": "\(error)", "failures": "\(failures)"])
                }
            }
            let backoff = failures == 0 ? interval : min(interval * (1 << min(failures, 4)), .seconds(10))
            try? await Task.sleep(for: backoff)
        }
        await heads.finish()
    }

    /// Processes confirmed blocks after the cursor.
    func scan(head: Int64) async throws {
        let confirmed = head - Int64(settings.confirmations)
        guard confirmed >= 0 else { return }
        var cursor = try await store.cursorAsync()
        if let current = cursor, try await reorged(current) {
            cursor = try await rollBack(from: current)
        }
        if cursor == nil {
            let t = (try? await parameters.auditTimeout()) ?? 50
            let lookBack = max(Int64(settings.startBlocksInThePast), t)
            let start = max(0, confirmed - lookBack)
            cursor = BlockCursor(number: start - 1, hash: "")
        }
        guard var from = cursor.map({ $0.number + 1 }), from <= confirmed else { return }
        while from <= confirmed {
            let to = min(confirmed, from + 999)
            let logs = try await discovery.chain.discoveryLogs(from: UInt64(from), to: UInt64(to), policeContract: discovery.policeContract)
            for log in logs where !log.removed {
                // A failed read throws: the cursor stays put and the range is scanned again (never skipped).
                try await discovery.handle(log)
            }
            guard let block = try await client.block(.number(UInt64(to))), let hash = block.hash else {
                throw ChainError(.rpc, "block \(to) not available", retriable: true)
            }
            try await store.setCursorAsync(BlockCursor(number: to, hash: hash.hexString()))
            from = to + 1
        }
    }

    private func reorged(_ cursor: BlockCursor) async throws -> Bool {
        guard !cursor.hash.isEmpty, cursor.number >= 0 else { return false }
        guard let block = try await client.block(.number(UInt64(cursor.number))), let hash = block.hash else { return false }
        return hash.hexString() != cursor.hash
    }

    /// Rewinds the store to `ancestor`: transactions above it un-mined, finished requests above it re-opened (their
    /// receipts are judged again), and every cached chain fact dropped.
    private func rewind(to ancestor: BlockCursor) async throws {
        try await store.rewindAsync(to: ancestor)
        try await store.unmineTransactionsAsync(above: ancestor.number)
        await onRewind(ancestor.number)
        for id in try await store.reopenDoneAsync(above: ancestor.number) {
            logger.warning("reorg removed a finished submission; re-checking", metadata: ["request_id": "\(id)", "ancestor": "\(ancestor.number)"])
        }
        await reorgs.advance()
        await parameters.invalidate()
    }

    /// Walks back to the newest remembered block whose hash still matches and rewinds to it.
    private func rollBack(from cursor: BlockCursor) async throws -> BlockCursor? {
        metrics.reorgs.increment()
        var number = cursor.number - 1
        while number >= 0 && number > cursor.number - 256 {
            if let remembered = try await store.seenBlockHashAsync(number),
               let block = try await client.block(.number(UInt64(number))), block.hash?.hexString() == remembered {
                let ancestor = BlockCursor(number: number, hash: remembered)
                try await rewind(to: ancestor)
                logger.warning("reorg detected; rolled back", metadata: ["block": "\(cursor.number)", "ancestor": "\(number)"])
                return ancestor
            }
            number -= 1
        }
        let fallback = BlockCursor(number: max(0, cursor.number - 256), hash: "")
        try await rewind(to: fallback)
        logger.warning("deep reorg detected; rescanning", metadata: ["block": "\(cursor.number)"])
        return fallback
    }
}
