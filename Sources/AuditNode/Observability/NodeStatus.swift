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
}
