/// Why a key, hash or signature was rejected. Messages never contain key material.
public struct SigningError: Error, Hashable, Sendable, CustomStringConvertible {
    /// What went wrong.
    public enum Kind: Hashable, Sendable {
        /// A private key that is not 32 bytes, or is 0 or not below the secp256k1 group order.
        case invalidPrivateKey
        /// A message hash that is not exactly 32 bytes.
        case invalidHashLength(Int)
        /// r or s not 32 bytes, zero or not below the group order, or a recovery id outside 0...3.
        case invalidSignature
        /// No public key can be recovered from the signature and hash.
        case recoveryFailed
        /// libsecp256k1 refused to sign (practically unreachable with a valid key).
        case signingFailed
    }

    /// What went wrong.
    public let kind: Kind

    /// Creates an error of `kind`.
    public init(_ kind: Kind) { self.kind = kind }

    public var description: String {
        switch kind {
        case .invalidPrivateKey:
            return "invalid private key: it must be 32 bytes, non-zero and below the secp256k1 group order"
        case .invalidHashLength(let count):
            return "message hash must be exactly 32 bytes, got \(count); hash the message with Keccak-256 first"
        case .invalidSignature:
            return "invalid signature: r and s must be 32-byte values in 1..<n and the recovery id in 0...3"
        case .recoveryFailed:
            return "no public key can be recovered from this signature and hash; the signature or hash is wrong"
        case .signingFailed:
            return "libsecp256k1 failed to produce a signature"
        }
    }
}
