import Ethereum
import Foundation

/// The audit timeout T, read at most once per `maximumAge` (1 s) instead of once per request: the protocol reads it
/// "live", so an owner's change must reach the next deadline check, but several audits and submissions in the same
/// second share one read, and callers arriving while a read is in flight wait for that read instead of starting their
/// own. A failed read is never cached: the caller treats it as transient and tries again.
public actor ChainParameters {
    let chain: AuditChain
    let maximumAge: Duration
    private var timeout: (value: Int64, at: ContinuousClock.Instant)?
    private var reading: Task<Int64, any Error>?
    private var generation = 0

    /// Creates the cache over `chain`.
    public init(chain: AuditChain, maximumAge: Duration = .seconds(1)) {
        self.chain = chain
        self.maximumAge = maximumAge
    }

    /// `getAuditTimeoutInBlocks()` (T).
    public func auditTimeout() async throws(ChainError) -> Int64 {
        if let timeout, ContinuousClock.now - timeout.at < maximumAge { return timeout.value }
        let read: Task<Int64, any Error>
        if let reading {
            read = reading
        } else {
            let chain = self.chain
            read = Task { Int64(try await chain.auditTimeout()) }
            reading = read
        }
        let started = generation
        let result = await read.result
        if started == generation { reading = nil }
        switch result {
        case .success(let value):
            if started == generation { timeout = (value, .now) }
            return value
        case .failure(let error as ChainError):
            throw error
        case .failure(let error):
            throw ChainError(.rpc, "getAuditTimeoutInBlocks: \(error)", retriable: true)
        }
    }

    /// Forgets the cached value (a reorg); a read in flight is not shared with later callers.
    public func invalidate() {
        timeout = nil
        reading = nil
        generation += 1
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
