/// Gas limits learned from `eth_estimateGas`, one per (purpose, calldata length in 32-byte words): a node sends the
/// same few calls over and over, and an estimate costs the chain a binary search of EVM runs (on the dev chain ~120 ms
/// against ~20 ms for the transaction itself). A learned limit is the estimate doubled plus 50,000 gas — only the gas
/// used is paid, so the headroom is free and covers state-dependent paths; an out-of-gas receipt forgets the
/// purpose's limits and the next send estimates again. Reports are stored on chain, so their gas grows with their
/// length: the word count keeps a longer report from reusing a shorter one's limit.
struct GasLimitCache: Sendable {
    struct Key: Hashable, Sendable {
        var purpose: TransactionPurpose
        var words: Int
    }

    private var limits: [Key: UInt64] = [:]
    /// Entries kept at most (the least useful are simply dropped; an estimate refills them).
    let capacity = 256

    static func key(_ purpose: TransactionPurpose, calldataBytes: Int) -> Key {
        Key(purpose: purpose, words: (calldataBytes + 31) / 32)
    }

    func limit(for key: Key) -> UInt64? { limits[key] }

    /// Remembers the limit for `key` learned from `estimate`; returns the limit to use now.
    mutating func learn(_ key: Key, estimate: UInt64) -> UInt64 {
        let (doubled, overflow) = estimate.multipliedReportingOverflow(by: 2)
        let limit = overflow ? UInt64.max : doubled &+ 50_000
        if limits.count >= capacity { limits.removeAll(keepingCapacity: true) }
        limits[key] = limit
        return limit
    }

    /// Forgets every limit of `purpose` (a transaction ran out of gas).
    mutating func forget(_ purpose: TransactionPurpose) {
        limits = limits.filter { $0.key.purpose != purpose }
    }
}
