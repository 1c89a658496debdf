import CSecp256k1
import Ethereum
import Foundation

/// A recoverable secp256k1 ECDSA signature: r, s (32 bytes each, big-endian) and the recovery id (0...3).
public struct Signature: Sendable, Hashable, CustomStringConvertible {
    /// The r value, 32 bytes big-endian.
    public let r: Data
    /// The s value, 32 bytes big-endian.
    public let s: Data
    /// Which of the candidate public keys signed (0 or 1 in practice; 2 and 3 are astronomically rare).
    public let recoveryID: UInt8

    /// Half the secp256k1 group order; EIP-2 requires transaction signatures to have s <= this.
    static let halfOrder: [UInt8] = [
        0x7f, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff,
        0x5d, 0x57, 0x6e, 0x73, 0x57, 0xa4, 0x50, 0x1d, 0xdf, 0xe9, 0x2f, 0x46, 0x68, 0x1b, 0x20, 0xa0,
    ]

    /// Creates a signature; r and s may be shorter than 32 bytes (left-padded), never longer.
    public init(r: Data, s: Data, recoveryID: UInt8) throws(SigningError) {
        guard r.count <= 32, s.count <= 32, recoveryID <= 3 else { throw SigningError(.invalidSignature) }
        self.r = Data(count: 32 - r.count) + r
        self.s = Data(count: 32 - s.count) + s
        self.recoveryID = recoveryID
    }

    /// Creates a signature from the 65-byte form r || s || v with v in 0...3 or 27...30.
    public init(compact: Data) throws(SigningError) {
        guard compact.count == 65 else { throw SigningError(.invalidSignature) }
        let bytes = [UInt8](compact)
        let v = bytes[64] >= 27 ? bytes[64] &- 27 : bytes[64]
        try self.init(r: Data(bytes[0..<32]), s: Data(bytes[32..<64]), recoveryID: v)
    }

    init(unchecked compact: [UInt8], recoveryID: UInt8) {
        self.r = Data(compact[0..<32])
        self.s = Data(compact[32..<64])
        self.recoveryID = recoveryID
    }

    /// r || s || recoveryID (65 bytes, v in 0...3).
    public var compactRepresentation: Data { r + s + [recoveryID] }

    /// Whether s is in the lower half of the group order (EIP-2); libsecp256k1 always signs this way.
    public var isLowS: Bool { s.lexicographicallyPrecedes(Self.halfOrder) || s.elementsEqual(Self.halfOrder) }

    /// Recovers the signer's 64-byte uncompressed public key (no 0x04 prefix) from the 32-byte hash it signed.
    public func recoverPublicKey(hash: Data) throws(SigningError) -> Data {
        guard hash.count == 32 else { throw SigningError(.invalidHashLength(hash.count)) }
        let context = Secp256k1Context.shared.pointer
        var parsed = secp256k1_ecdsa_recoverable_signature()
        let compact = [UInt8](r + s)
        guard secp256k1_ecdsa_recoverable_signature_parse_compact(context, &parsed, compact, Int32(recoveryID)) == 1
        else { throw SigningError(.invalidSignature) }
        var publicKey = secp256k1_pubkey()
        let recovered = hash.withUnsafeBytes { raw in
            secp256k1_ecdsa_recover(context, &publicKey, &parsed, raw.bindMemory(to: UInt8.self).baseAddress!)
        }
        guard recovered == 1 else { throw SigningError(.recoveryFailed) }
        return Secp256k1Context.shared.serializeUncompressed(publicKey)
    }

    /// Recovers the address of the key that signed `hash`.
    public func recoverAddress(hash: Data) throws(SigningError) -> Address {
        PrivateKey.address(ofPublicKey: try recoverPublicKey(hash: hash))
    }

    public var description: String {
        "Signature(r: \(r.hexString()), s: \(s.hexString()), recoveryID: \(recoveryID))"
    }
}
