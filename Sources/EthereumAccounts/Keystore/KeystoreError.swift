/// Why a keystore file could not be decrypted or written. Messages never contain the passphrase or key.
public struct KeystoreError: Error, Hashable, Sendable, CustomStringConvertible {
    /// What went wrong.
    public enum Kind: Hashable, Sendable {
        /// The MAC does not match: the passphrase is wrong (or the file was altered).
        case wrongPassphrase
        /// The input is not a JSON object.
        case notJSON
        /// A field is missing or has the wrong type or size; `field` is its path, e.g. `crypto.kdfparams.salt`.
        case malformedField(field: String, reason: String)
        /// A field names an algorithm or version this library does not implement.
        case unsupported(field: String, value: String)
        /// A KDF parameter is outside the accepted range (rejected before any work is done).
        case parameterOutOfRange(field: String, reason: String)
        /// The decrypted bytes are not a valid secp256k1 private key.
        case invalidPrivateKey
        /// The `address` field does not match the decrypted key.
        case addressMismatch
        /// The key derivation or cipher failed inside swift-crypto.
        case cryptoFailure(String)
        /// A keystore file could not be read (missing, unreadable, or larger than the 1 MiB limit).
        case fileUnreadable(path: String, reason: String)
        /// `writeNewFile` refuses to replace an existing file.
        case fileExists(path: String)
        /// Writing the keystore file failed.
        case fileWriteFailed(path: String, reason: String)
    }

    /// What went wrong.
    public let kind: Kind

    /// Creates an error of `kind`.
    public init(_ kind: Kind) { self.kind = kind }

    static func malformed(_ field: String, _ reason: String) -> KeystoreError {
        KeystoreError(.malformedField(field: field, reason: reason))
    }

    static func outOfRange(_ field: String, _ reason: String) -> KeystoreError {
        KeystoreError(.parameterOutOfRange(field: field, reason: reason))
    }

    public var description: String {
        switch kind {
        case .wrongPassphrase:
            return "wrong passphrase: the keystore MAC does not match (check the passphrase; the file may also be corrupt)"
        case .notJSON:
            return "keystore is not a JSON object; pass a Web3 Secret Storage (version 3) file"
        case .malformedField(let field, let reason):
            return "keystore field '\(field)' is malformed: \(reason)"
        case .unsupported(let field, let value):
            return "keystore field '\(field)' has unsupported value '\(value)'"
        case .parameterOutOfRange(let field, let reason):
            return "keystore parameter '\(field)' is out of range: \(reason)"
        case .invalidPrivateKey:
            return "keystore decrypted to bytes that are not a valid secp256k1 private key"
        case .addressMismatch:
            return "keystore 'address' does not match the decrypted key; the file was altered"
        case .cryptoFailure(let what):
            return "keystore cryptography failed: \(what)"
        case .fileUnreadable(let path, let reason):
            return "cannot read keystore file \(path): \(reason)"
        case .fileExists(let path):
            return "\(path) already exists; choose another --output path (keystore files are never overwritten)"
        case .fileWriteFailed(let path, let reason):
            return "cannot write keystore file \(path): \(reason)"
        }
    }
}
