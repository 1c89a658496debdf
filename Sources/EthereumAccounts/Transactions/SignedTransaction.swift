import Ethereum
import Foundation

/// A signed transaction: its fields, signature, raw network encoding, hash and sender.
public struct SignedTransaction: Hashable, Sendable {
    /// The signed fields.
    public let transaction: UnsignedTransaction
    /// The signature over `transaction.signingHash()`.
    public let signature: Signature
    /// The network encoding (what `eth_sendRawTransaction` takes): rlp([...v, r, s]) or 0x02 || rlp([..., yParity, r, s]).
    public let raw: Data
    /// The transaction hash: Keccak-256 of `raw`.
    public let hash: Data
    /// The sender.
    public let from: Address

    /// Assembles a signed transaction whose signature is already known to come from `from`.
    init(transaction: UnsignedTransaction, signature: Signature, from: Address) {
        self.transaction = transaction
        self.signature = signature
        self.from = from
        self.raw = Self.encode(transaction, signature)
        self.hash = Keccak256.hash(raw)
    }

    /// `raw` as 0x-prefixed lowercase hex.
    public var rawHex: String { raw.hexString() }

    private static func encode(_ transaction: UnsignedTransaction, _ signature: Signature) -> Data {
        let r = RLPItem.bytes(minimal(signature.r))
        let s = RLPItem.bytes(minimal(signature.s))
        switch transaction {
        case .legacy(let legacy):
            let v = RLPItem.uint256(legacy.v(recoveryID: signature.recoveryID))
            return RLP.encode(.list(legacy.baseFields + [v, r, s]))
        case .eip1559(let typed):
            var out = Data([EIP1559Transaction.typeByte])
            out.append(RLP.encode(.list(typed.fields + [.uint(UInt64(signature.recoveryID)), r, s])))
            return out
        }
    }

    /// Big-endian bytes without leading zeros (the RLP integer form of r and s).
    static func minimal(_ bytes: Data) -> Data {
        Data(bytes.drop(while: { $0 == 0 }))
    }
}
