import Ethereum
import Foundation

/// An EIP-1559 (type 2) fee-market transaction.
public struct EIP1559Transaction: Hashable, Sendable {
    /// The EIP-2718 type byte.
    public static let typeByte: UInt8 = 0x02

    /// The chain id (always part of the signature).
    public var chainID: UInt64
    /// The sender's transaction count.
    public var nonce: UInt64
    /// Tip per gas to the block producer.
    public var maxPriorityFeePerGas: UInt256
    /// Cap on base fee plus tip per gas.
    public var maxFeePerGas: UInt256
    /// Gas limit.
    public var gasLimit: UInt64
    /// The recipient, or nil for contract creation.
    public var to: Address?
    /// Wei transferred.
    public var value: UInt256
    /// Call data or init code.
    public var data: Data
    /// Pre-declared accessed addresses and storage slots.
    public var accessList: [AccessListEntry]

    /// Creates a transaction.
    public init(
        chainID: UInt64, nonce: UInt64, maxPriorityFeePerGas: UInt256, maxFeePerGas: UInt256, gasLimit: UInt64,
        to: Address?, value: UInt256 = .zero, data: Data = Data(), accessList: [AccessListEntry] = []
    ) {
        self.chainID = chainID
        self.nonce = nonce
        self.maxPriorityFeePerGas = maxPriorityFeePerGas
        self.maxFeePerGas = maxFeePerGas
        self.gasLimit = gasLimit
        self.to = to
        self.value = value
        self.data = data
        self.accessList = accessList
    }

    /// The nine unsigned fields in order.
    var fields: [RLPItem] {
        [
            .uint(chainID), .uint(nonce), .uint256(maxPriorityFeePerGas), .uint256(maxFeePerGas), .uint(gasLimit),
            .address(to), .uint256(value), .bytes(data), .list(accessList.map(\.rlpItem)),
        ]
    }

    /// 0x02 || rlp([chainId, nonce, maxPriorityFeePerGas, maxFeePerGas, gasLimit, to, value, data, accessList]).
    var signingPayload: Data {
        var payload = Data([Self.typeByte])
        payload.append(RLP.encode(.list(fields)))
        return payload
    }
}
