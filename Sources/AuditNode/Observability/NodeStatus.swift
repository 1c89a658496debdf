import Foundation

/// Live facts for `/health` and the status page, updated by the services.
public actor NodeStatus {
    /// Snapshot for rendering.
    public struct Snapshot: Sendable, Codable {
        /// Node account (checksummed).
        public var account: String
        /// Audit contract address.
        public var contract: String
        /// Latest head block seen.
        public var headBlock: Int64?
        /// Unix seconds of the last successful head poll.
        public var lastHeadAt: Double?
        /// Whether the stake check passed.
        public var stakeOK: Bool?
        /// The last availability answer (`anyRequestAvailable`).
        public var availability: String?
        /// Last RPC error text (classification only; no secrets).
        public var lastRPCError: String?
        /// Whether a graceful shutdown is draining work.
        public var draining: Bool
        /// Process start (Unix seconds).
        public var startedAt: Double
        /// "starting" until the services run, then "running".
        public var phase: String = "starting"
        /// Why start-up is blocked right now (nil when it is not), e.g. the endpoint is unreachable.
        public var startupBlockedReason: String?
        /// Unix seconds since when start-up has been blocked.
        public var startupBlockedSince: Double?
        /// Whether held or queued work has made no progress for `stall_after_seconds`.
        public var stalled: Bool = false
        /// Why the node is stalled (nil when it is not).
        public var stalledReason: String?
        /// Unix seconds of the last progress (a request or transaction changed).
        public var lastProgressAt: Double?
        /// Open (AS/TS/SB) requests.
        public var openRequests: Int = 0
        /// Seconds since the oldest open request was registered (nil when none is open).
        public var oldestOpenAssignmentAgeSeconds: Double?
        /// Blocks since the oldest open request's assignment block (nil when none is open).
        public var oldestOpenAssignmentAgeBlocks: Int64?
    }

    private var snapshot: Snapshot

    /// Creates the status holder.
    public init(account: String, contract: String) {
        snapshot = Snapshot(account: account, contract: contract, draining: false, startedAt: Date().timeIntervalSince1970)
    }

    /// The current snapshot.
    public func current() -> Snapshot { snapshot }

    func head(_ number: Int64) {
        snapshot.headBlock = number
        snapshot.lastHeadAt = Date().timeIntervalSince1970
    }

    func stake(_ ok: Bool) { snapshot.stakeOK = ok }
    func availability(_ text: String) { snapshot.availability = text }
    func rpcError(_ text: String) { snapshot.lastRPCError = String(text.prefix(300)) }
    func setDraining() { snapshot.draining = true }

    func startupBlocked(_ reason: String?) {
        if let reason {
            if snapshot.startupBlockedReason == nil { snapshot.startupBlockedSince = Date().timeIntervalSince1970 }
            snapshot.startupBlockedReason = String(reason.prefix(300))
        } else {
            snapshot.startupBlockedReason = nil
            snapshot.startupBlockedSince = nil
        }
    }

    func running() {
        snapshot.phase = "running"
        startupBlocked(nil)
    }

    func progress(open: Int, lastProgressAt: Double, oldestAgeSeconds: Double?, oldestAgeBlocks: Int64?,
                  stalledReason: String?) {
        snapshot.openRequests = open
        snapshot.lastProgressAt = lastProgressAt
        snapshot.oldestOpenAssignmentAgeSeconds = oldestAgeSeconds
        snapshot.oldestOpenAssignmentAgeBlocks = oldestAgeBlocks
        snapshot.stalled = stalledReason != nil
        snapshot.stalledReason = stalledReason
    }
}
