import Ethereum
import EthereumRPC
import Foundation

/// Chain facts for the status page (stake, price, floor, balance, chain head, gas spent), read on demand and cached
/// for `maxAge`, so viewing the page costs a handful of reads at most every `maxAge` and never blocks it for long.
public actor ChainFacts {
    /// One read of the facts.
    public struct Snapshot: Sendable, Equatable {
        /// `eth_chainId`.
        public var chainID: UInt64?
        /// The chain's head when read.
        public var chainHead: UInt64?
        /// `totalStakedFor(self)`.
        public var staked: UInt256?
        /// `getMinAuditStake()`.
        public var minStake: UInt256?
        /// `getMinAuditPrice(self)`.
        public var price: UInt256?
        /// `getMinAuditPriceLowerCap()`.
        public var floor: UInt256?
        /// The account's ETH.
        public var balance: UInt256?
        /// Unix seconds of the read.
        public var readAt: Double
        /// The last failure (redacted RPC error), if the read was incomplete.
        public var error: String?
    }

    /// Gas paid by the node's mined transactions (receipts are read once per transaction).
    public struct GasSpent: Sendable, Equatable {
        /// Sum of gasUsed × effectiveGasPrice, wei.
        public var wei: UInt256
        /// Sum of gasUsed.
        public var gas: UInt64
        /// Transactions counted.
        public var transactions: Int
        /// Mined transactions whose receipt is not read yet.
        public var pending: Int
    }

    private let chain: AuditChain
    private let maxAge: Double
    private var latest: Snapshot?
    private var refreshing: Task<Void, Never>?
    private var receipts: [String: (gas: UInt64, wei: UInt256)] = [:]

    /// Creates the cache over `chain` (the node's reader for its account).
    public init(chain: AuditChain, maxAge: Double = 15) {
        self.chain = chain
        self.maxAge = maxAge
    }

    /// The freshest facts available within `maxWait`: starts a refresh when the cache is older than `maxAge` and
    /// returns the previous facts (or nil) when the refresh takes longer.
    public func snapshot(maxWait: Duration = .seconds(2)) async -> Snapshot? {
        if let latest, Date().timeIntervalSince1970 - latest.readAt < maxAge { return latest }
        if refreshing == nil { refreshing = startRefresh() }
        // Wait for the refresh (the actor stays free meanwhile), but never longer than `maxWait`.
        let deadline = ContinuousClock.now + maxWait
        while refreshing != nil && ContinuousClock.now < deadline && !Task.isCancelled {
            try? await Task.sleep(for: .milliseconds(25))
        }
        return latest
    }

    private func startRefresh() -> Task<Void, Never> {
        let chain = self.chain
        return Task {
            let snapshot = await Self.read(chain)
            self.store(snapshot)
        }
    }

    private func store(_ snapshot: Snapshot) {
        latest = snapshot
        refreshing = nil
    }

    private static func read(_ chain: AuditChain) async -> Snapshot {
        var s = Snapshot(readAt: Date().timeIntervalSince1970)
        do {
            s.chainID = try await chain.client.chainID()
            s.chainHead = try await chain.client.blockNumber()
            s.balance = try await chain.client.balance(chain.account)
            s.staked = try await chain.totalStaked()
            s.minStake = try await chain.minAuditStake()
            s.price = try await chain.minAuditPrice()
            s.floor = try await chain.priceFloor()
        } catch {
            s.error = String("\(error)".prefix(300))
        }
        return s
    }

    /// Gas spent by `transactions` (mined ones), reading at most `maxNewReceipts` receipts this call.
    public func gasSpent(minedHashes: [String], maxNewReceipts: Int = 20) async -> GasSpent {
        var result = GasSpent(wei: 0, gas: 0, transactions: 0, pending: 0)
        var budget = maxNewReceipts
        for txHash in minedHashes {
            if receipts[txHash] == nil, budget > 0, let hash = try? Data(hexString: txHash) {
                budget -= 1
                if let receipt = try? await chain.client.transactionReceipt(hash) {
                    receipts[txHash] = (receipt.gasUsed, UInt256(receipt.gasUsed) * (receipt.effectiveGasPrice ?? 0))
                }
            }
            if let paid = receipts[txHash] {
                result.wei = result.wei + paid.wei
                result.gas += paid.gas
                result.transactions += 1
            } else {
                result.pending += 1
            }
        }
        return result
    }
}
