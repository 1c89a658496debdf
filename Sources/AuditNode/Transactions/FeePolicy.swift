import Ethereum
import GRDB

/// The fees of one transaction: legacy `gasPrice`, or EIP-1559 `maxFeePerGas`/`maxPriorityFeePerGas`.
public enum Fees: Sendable, Equatable {
    case legacy(gasPrice: UInt256)
    case eip1559(maxFee: UInt256, priority: UInt256)

    /// Legacy gas price or EIP-1559 max fee.
    public var maxFee: UInt256 {
        switch self {
        case .legacy(let p): p
        case .eip1559(let m, _): m
        }
    }

    /// Legacy gas price or EIP-1559 priority fee.
    public var priority: UInt256 {
        switch self {
        case .legacy(let p): p
        case .eip1559(_, let p): p
        }
    }

    /// Which kind of fee fields the transaction carries.
    public var kind: FeeKind {
        switch self {
        case .legacy: .legacy
        case .eip1559: .eip1559
        }
    }

    /// The fees stored with a transaction (`maxFee` is the gas price of a legacy one).
    public init(kind: FeeKind, maxFee: UInt256, priority: UInt256) {
        switch kind {
        case .legacy: self = .legacy(gasPrice: maxFee)
        case .eip1559: self = .eip1559(maxFee: maxFee, priority: priority)
        }
    }
}

/// The transaction type by its fee fields, as stored in `transactions.tx_type`.
public enum FeeKind: String, Sendable, Codable, CaseIterable, DatabaseValueConvertible {
    /// A type-0 transaction with a `gasPrice`.
    case legacy
    /// A type-2 (EIP-1559) transaction with `maxFeePerGas` and `maxPriorityFeePerGas`.
    case eip1559
}

/// Gas-price rules (PROTOCOL.md §3.10 with the defects fixed): static = `default_gas_price_wei`; dynamic = the node's
/// suggestion; a cap ≤ 0 means no cap; never a negative price; EIP-1559 when the latest block has a base fee.
public struct FeePolicy: Sendable {
    /// The configured strategy.
    public let settings: GasPriceSettings
    /// Replacement bump in percent (≥ 10).
    public let bumpPercent: Int

    /// Creates the policy.
    public init(settings: GasPriceSettings, bumpPercent: Int) {
        self.settings = settings
        self.bumpPercent = max(10, bumpPercent)
    }

    func capped(_ value: UInt256) -> UInt256 {
        guard let cap = settings.capWei else { return value }
        return min(value, UInt256(cap))
    }

    /// Fees for a new transaction. `baseFee` is the latest block's base fee (nil on pre-London chains);
    /// `suggestedGasPrice`/`suggestedPriority` are the node's answers (nil when the call failed).
    public func initial(baseFee: UInt256?, suggestedGasPrice: UInt256?, suggestedPriority: UInt256?) -> Fees {
        let fallbackPrice = UInt256(max(settings.defaultWei, 1))
        if let baseFee {
            switch settings.strategy {
            case .static:
                let price = UInt256(settings.defaultWei)
                return .eip1559(maxFee: price, priority: price)
            case .dynamic:
                let priority = capped(suggestedPriority ?? UInt256(1_000_000_000))
                let (doubled, o1) = baseFee.multipliedReportingOverflow(by: 2)
                let (sum, o2) = doubled.addingReportingOverflow(priority)
                let maxFee = capped(o1 || o2 ? UInt256.max : sum)
                return .eip1559(maxFee: maxFee, priority: min(priority, maxFee))
            }
        }
        switch settings.strategy {
        case .static: return .legacy(gasPrice: UInt256(settings.defaultWei))
        case .dynamic: return .legacy(gasPrice: capped(suggestedGasPrice ?? fallbackPrice))
        }
    }

    /// The fees of a same-nonce replacement: every field raised by at least `bumpPercent` (rounded up), then capped.
    /// Returns nil when the cap does not leave room for the minimum 10 % bump (then only re-broadcast).
    public func bumped(_ fees: Fees) -> Fees? {
        func bump(_ v: UInt256, percent: Int) -> UInt256 {
            let (product, overflow) = v.multipliedReportingOverflow(by: UInt256(UInt64(100 + percent)))
            if overflow { return .max }
            let (q, r) = product.quotientAndRemainder(dividingBy: 100)
            return r.isZero ? q : q + 1
        }
        func minimum(_ v: UInt256) -> UInt256 { bump(v, percent: 10) }
        switch fees {
        case .legacy(let price):
            let next = capped(max(bump(price, percent: bumpPercent), price + 1))
            return next >= minimum(price) && next > price ? .legacy(gasPrice: next) : nil
        case .eip1559(let maxFee, let priority):
            let nextMax = capped(max(bump(maxFee, percent: bumpPercent), maxFee + 1))
            let nextPriority = min(max(bump(priority, percent: bumpPercent), priority + 1), nextMax)
            guard nextMax >= minimum(maxFee), nextPriority >= minimum(priority), nextMax > maxFee else { return nil }
            return .eip1559(maxFee: nextMax, priority: nextPriority)
        }
    }
}
