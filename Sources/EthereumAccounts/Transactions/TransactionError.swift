/// Why a raw transaction could not be decoded, or a transaction not signed.
public struct TransactionError: Error, Hashable, Sendable, CustomStringConvertible {
    /// What went wrong.
    public enum Kind: Hashable, Sendable {
        /// The raw transaction has no bytes.
        case empty
        /// The envelope type byte is not one this library handles (legacy and type 2 only).
        case unsupportedType(UInt8)
        /// The bytes are not canonical RLP.
        case rlp(RLPError)
        /// The RLP payload is not a list of the expected number of fields.
        case wrongFieldCount(expected: Int, actual: Int)
        /// A field has the wrong shape; `field` names it (e.g. `to`, `accessList[0].storageKeys[1]`).
        case invalidField(field: String, reason: String)
        /// The signature values are out of range, high-s (EIP-2) or do not recover to a public key.
        case invalidSignature(String)
    }

    /// What went wrong.
    public let kind: Kind

    /// Creates an error of `kind`.
    public init(_ kind: Kind) { self.kind = kind }

    static func field(_ name: String, _ reason: String) -> TransactionError {
        TransactionError(.invalidField(field: name, reason: reason))
    }

    public var description: String {
        switch kind {
        case .empty:
            return "raw transaction is empty"
        case .unsupportedType(let type):
            return "unsupported transaction type 0x\(String(type, radix: 16)); only legacy and EIP-1559 (0x02) are supported"
        case .rlp(let error):
            return "raw transaction is not valid RLP: \(error)"
        case .wrongFieldCount(let expected, let actual):
            return "transaction must have \(expected) RLP fields, found \(actual)"
        case .invalidField(let field, let reason):
            return "transaction field '\(field)' is invalid: \(reason)"
        case .invalidSignature(let reason):
            return "transaction signature is invalid: \(reason)"
        }
    }
}
