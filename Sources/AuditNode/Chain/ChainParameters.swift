import Ethereum
import Foundation

/// Contract parameters that change rarely (the audit timeout T, the on-chain cap of assigned requests, whether the
/// node's stake is enough), read at most once per `maximumAge` instead of once per block or per request — T at
/// most once per `timeoutAge` (1 s: it is "read live" by the protocol, and an owner's change must reach the next
/// deadline check). A failed read is never cached: the caller treats it as transient and tries again.
public actor ChainParameters {
    let chain: AuditChain
    let maximumAge: Duration
    let timeoutAge: Duration
    private var timeout: (value: Int64, at: ContinuousClock.Instant)?
    private var maxAssigned: (value: Int, at: ContinuousClock.Instant)?
    private var stake: (value: Bool, at: ContinuousClock.Instant)?

    /// Creates the cache over `chain` (10 s by default: the owner's changes are seen within that).
    public init(chain: AuditChain, maximumAge: Duration = .seconds(10), timeoutAge: Duration = .seconds(1)) {
        self.chain = chain
        self.maximumAge = maximumAge
        self.timeoutAge = timeoutAge
    }

    private func fresh<T>(_ entry: (value: T, at: ContinuousClock.Instant)?, age: Duration? = nil) -> T? {
        guard let entry, ContinuousClock.now - entry.at < (age ?? maximumAge) else { return nil }
        return entry.value
    }

    /// `getAuditTimeoutInBlocks()` (T).
    public func auditTimeout() async throws(ChainError) -> Int64 {
        if let value = fresh(timeout, age: timeoutAge) { return value }
        let value = Int64(try await chain.auditTimeout())
        timeout = (value, .now)
        return value
    }

    /// `getMaxAssignedRequests()`.
    public func maxAssignedRequests() async throws(ChainError) -> Int {
        if let value = fresh(maxAssigned) { return value }
        let value = try await chain.maxAssignedRequests()
        maxAssigned = (value, .now)
        return value
    }

    /// `hasEnoughStake(self)`; a "no" is not cached (the bidder waits for it to change).
    public func hasEnoughStake() async throws(ChainError) -> Bool {
        if let value = fresh(stake) { return value }
        let value = try await chain.hasEnoughStake()
        stake = value ? (value, .now) : nil
        return value
    }

    /// Forgets everything (a reload, a refused bid, a reorg).
    public func invalidate() {
        timeout = nil
        maxAssigned = nil
        stake = nil
    }
}

/// Counts detected reorgs, so a service knows whether chain facts it learned earlier (an assignment from its own
/// receipt) may have changed since and must be read again.
/// Also remembers which open requests' assignments were seen on chain in the current epoch (from the bid's own
/// receipt or a scan that read `getAuditState`): their submission needs no second read unless a reorg came between.
public actor ReorgEpoch {
    private(set) var value = 0
    private var verified: [RequestKey: Int] = [:]
    /// Creates the counter.
    public init() {}
    /// The current epoch.
    public func current() -> Int { value }
    /// A reorg was detected.
    func advance() { value += 1 }
    /// The assignment of `key` was seen on chain just now.
    func noteVerified(_ key: RequestKey) {
        if verified.count > 10_000 { verified.removeAll(keepingCapacity: true) }
        verified[key] = value
    }
    /// Whether `key`'s assignment was seen on chain since the last reorg (and is forgotten: one use).
    func takeVerified(_ key: RequestKey) -> Bool { verified.removeValue(forKey: key) == value }
}
