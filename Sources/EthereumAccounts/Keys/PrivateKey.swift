import CSecp256k1
import Ethereum
import Foundation

/// A secp256k1 private key with its public key and Ethereum address.
///
/// The secret lives in zero-on-free storage; `description`, `debugDescription` and reflection show only the
/// address, so the key cannot leak into logs by interpolation.
public struct PrivateKey: Sendable, CustomStringConvertible, CustomDebugStringConvertible, CustomReflectable {
    let secret: SecretBytes
    /// The uncompressed public key without its 0x04 prefix: X || Y, 64 bytes.
    public let publicKey: Data
    /// The Ethereum address: the last 20 bytes of Keccak-256(publicKey).
    public let address: Address

    /// Creates a key from 32 big-endian bytes; throws unless 0 < key < n (the secp256k1 group order).
    public init(bytes: Data) throws(SigningError) {
        guard bytes.count == 32 else { throw SigningError(.invalidPrivateKey) }
        let secret = SecretBytes(bytes)
        let context = Secp256k1Context.shared.pointer
        var publicKey = secp256k1_pubkey()
        let valid = secret.withUnsafeBytes { raw in
            let key = raw.bindMemory(to: UInt8.self).baseAddress!
            return secp256k1_ec_seckey_verify(context, key) == 1
                && secp256k1_ec_pubkey_create(context, &publicKey, key) == 1
        }
        guard valid else { throw SigningError(.invalidPrivateKey) }
        self.secret = secret
        self.publicKey = Secp256k1Context.shared.serializeUncompressed(publicKey)
        self.address = PrivateKey.address(ofPublicKey: self.publicKey)
    }

    /// Creates a key from hex (with or without 0x). The error never echoes the input.
    public init(hexString: String) throws(SigningError) {
        guard let bytes = try? Data(hexString: hexString) else { throw SigningError(.invalidPrivateKey) }
        try self.init(bytes: bytes)
    }

    /// A fresh key from the operating system's CSPRNG (`SystemRandomNumberGenerator`), retried until in range.
    public static func generate() -> PrivateKey {
        var generator = SystemRandomNumberGenerator()
        while true {
            var candidate = Data(count: 32)
            candidate.withUnsafeMutableBytes { raw in
                for index in 0..<4 { raw.storeBytes(of: generator.next() as UInt64, toByteOffset: index * 8, as: UInt64.self) }
            }
            defer { candidate.resetBytes(in: 0..<32) }
            // Fails only for 0 or >= n: probability about 2^-128 per attempt.
            if let key = try? PrivateKey(bytes: candidate) { return key }
        }
    }

    /// Signs a 32-byte hash with RFC 6979 deterministic nonces; the signature is low-s and recoverable.
    public func sign(hash: Data) throws(SigningError) -> Signature {
        guard hash.count == 32 else { throw SigningError(.invalidHashLength(hash.count)) }
        let context = Secp256k1Context.shared.pointer
        var signature = secp256k1_ecdsa_recoverable_signature()
        let signed = secret.withUnsafeBytes { raw in
            hash.withUnsafeBytes { hashRaw in
                secp256k1_ecdsa_sign_recoverable(
                    context, &signature,
                    hashRaw.bindMemory(to: UInt8.self).baseAddress!,
                    raw.bindMemory(to: UInt8.self).baseAddress!,
                    nil, nil)
            }
        }
        guard signed == 1 else { throw SigningError(.signingFailed) }
        var compact = [UInt8](repeating: 0, count: 64)
        var recoveryID: Int32 = 0
        _ = secp256k1_ecdsa_recoverable_signature_serialize_compact(context, &compact, &recoveryID, &signature)
        return Signature(unchecked: compact, recoveryID: UInt8(recoveryID))
    }

    /// Calls `body` with the 32 secret bytes (for keystore encryption); keep any copy short-lived.
    func withUnsafeSecretBytes<Result, Failure: Error>(
        _ body: (UnsafeRawBufferPointer) throws(Failure) -> Result
    ) throws(Failure) -> Result {
        try secret.withUnsafeBytes(body)
    }

    /// The address for a 64-byte uncompressed public key (without the 0x04 prefix).
    static func address(ofPublicKey publicKey: Data) -> Address {
        let digest = Keccak256.hash(publicKey)
        // A Keccak-256 digest always has 32 bytes, so its last 20 always form a valid address.
        return try! Address(bytes: Data(digest.suffix(20)))
    }

    public var description: String { "PrivateKey(address: \(address.checksummed), secret: <redacted>)" }
    public var debugDescription: String { description }
    public var customMirror: Mirror { Mirror(self, children: ["address": address.checksummed]) }
}

extension Secp256k1Context {
    /// Serializes a parsed public key as 64 bytes X || Y (the uncompressed form without its 0x04 prefix).
    func serializeUncompressed(_ key: secp256k1_pubkey) -> Data {
        var key = key
        var output = [UInt8](repeating: 0, count: 65)
        var length = 65
        _ = secp256k1_ec_pubkey_serialize(pointer, &output, &length, &key, UInt32(SECP256K1_EC_UNCOMPRESSED))
        return Data(output[1..<65])
    }
}
