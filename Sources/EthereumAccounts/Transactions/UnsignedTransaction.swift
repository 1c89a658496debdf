import Ethereum
import Foundation

/// A transaction ready to be signed: legacy (optionally EIP-155) or EIP-1559.
public enum UnsignedTransaction: Hashable, Sendable {
    /// A legacy transaction.
    case legacy(LegacyTransaction)
    /// An EIP-1559 (type 2) transaction.
    case eip1559(EIP1559Transaction)

    /// The exact bytes whose Keccak-256 is signed.
    public func signingPayload() -> Data {
        switch self {
        case .legacy(let transaction): return transaction.signingPayload
        case .eip1559(let transaction): return transaction.signingPayload
        }
    }

    /// Keccak-256 of the signing payload: the 32-byte hash the sender signs.
    public func signingHash() -> Data {
        Keccak256.hash(signingPayload())
    }

    /// Signs with `key` and returns the transaction with its raw encoding, hash and sender.
    public func sign(with key: PrivateKey) throws(SigningError) -> SignedTransaction {
        let signature = try key.sign(hash: signingHash())
        return SignedTransaction(transaction: self, signature: signature, from: key.address)
    }
}
