import Ethereum
import Foundation

/// A pre-typed ("legacy") transaction; with `chainID` set it is signed with EIP-155 replay protection.
public struct LegacyTransaction: Hashable, Sendable {
    /// The sender's transaction count.
    public var nonce: UInt64
    /// Wei per gas.
    public var gasPrice: UInt256
    /// Gas limit.
    public var gasLimit: UInt64
    /// The recipient, or nil for contract creation.
    public var to: Address?
    /// Wei transferred.
    public var value: UInt256
    /// Call data or init code.
    public var data: Data
    /// The chain id for EIP-155 signing; nil signs the original (replayable, pre-EIP-155) way.
    public var chainID: UInt64?

    /// Creates a transaction.
    public init(
        nonce: UInt64, gasPrice: UInt256, gasLimit: UInt64, to: Address?, value: UInt256 = .zero,
        data: Data = Data(), chainID: UInt64?
    ) {
        self.nonce = nonce
        self.gasPrice = gasPrice
        self.gasLimit = gasLimit
        self.to = to
        self.value = value
        self.data = data
        self.chainID = chainID
    }

    /// The six fields shared by the signing payload and the signed form.
    var baseFields: [RLPItem] {
        [.uint(nonce), .uint256(gasPrice), .uint(gasLimit), .address(to), .uint256(value), .bytes(data)]
    }

    /// rlp([nonce, gasPrice, gasLimit, to, value, data]) or, with EIP-155, the same plus [chainId, 0, 0].
    var signingPayload: Data {
        guard let chainID else { return RLP.encode(.list(baseFields)) }
        return RLP.encode(.list(baseFields + [.uint(chainID), .uint(0), .uint(0)]))
    }

    /// The v value for a recovery id: 27 + id, or with EIP-155 chainId * 2 + 35 + id.
    func v(recoveryID: UInt8) -> UInt256 {
        guard let chainID else { return UInt256(27 + UInt64(recoveryID)) }
        return UInt256(chainID) * 2 + UInt256(35 + UInt64(recoveryID))
    }
}

extension RLPItem {
    /// A 256-bit integer as its minimal big-endian bytes.
    static func uint256(_ value: UInt256) -> RLPItem {
        if let small = value.uint64 { return .uint(small) }  // common case, avoids two 32-byte buffers
        return .bytes(value.minimalBigEndianBytes)
    }

    /// A recipient: 20 bytes, or the empty string for contract creation.
    static func address(_ address: Address?) -> RLPItem { .bytes(address?.bytes ?? Data()) }
}
