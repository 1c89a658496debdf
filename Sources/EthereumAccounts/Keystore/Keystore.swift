import Crypto
import Ethereum
import Foundation
import _CryptoExtras

/// Web3 Secret Storage (keystore version 3): decrypt and encrypt private keys.
///
/// Decryption accepts scrypt or PBKDF2-HMAC-SHA256 with AES-128-CTR; the MAC is
/// Keccak-256(derivedKey[16..<32] ++ ciphertext). Encryption always uses scrypt with fresh random salt and IV.
public enum Keystore {
    /// geth's "standard" scrypt cost.
    public static let standardScryptN = 262_144

    /// Decrypts a keystore file, checking the MAC (wrong passphrase) and, when present, the address.
    public static func decrypt(json: Data, passphrase: String) throws(KeystoreError) -> PrivateKey {
        let root = try KeystoreJSONObject(json: json)
        let version = try root.integer("version")
        guard version == 3 else { throw KeystoreError(.unsupported(field: "version", value: "\(version)")) }
        let crypto = try root.object("crypto")
        let cipher = try crypto.string("cipher")
        guard cipher.lowercased() == "aes-128-ctr" else {
            throw KeystoreError(.unsupported(field: crypto.name("cipher"), value: cipher))
        }
        let iv = try crypto.object("cipherparams").hexBytes("iv", lengths: 16...16)
        let ciphertext = try crypto.hexBytes("ciphertext", lengths: 32...32)
        let mac = try crypto.hexBytes("mac", lengths: 32...32)
        let kdf = try KeystoreKDF(crypto: crypto)

        let derived = try kdf.deriveKey(passphrase: passphrase)
        let (cipherKey, macKey) = derived.withUnsafeBytes { raw in
            (SymmetricKey(data: raw[0..<16]), Data(raw[16..<32]))
        }
        let computed = Keccak256.hash(macKey + ciphertext)
        // Constant-time comparison: no early exit that would reveal how many MAC bytes matched.
        guard computed.count == mac.count, zip(computed, mac).reduce(0, { $0 | ($1.0 ^ $1.1) }) == 0 else {
            throw KeystoreError(.wrongPassphrase)
        }

        var plaintext = try aesCTR(ciphertext, key: cipherKey, iv: iv)
        defer { plaintext.resetBytes(in: 0..<plaintext.count) }
        guard let key = try? PrivateKey(bytes: plaintext) else { throw KeystoreError(.invalidPrivateKey) }
        if let stated = root.value("address") as? String, let address = try? Data(hexString: stated), address.count == 20 {
            guard address == key.address.bytes else { throw KeystoreError(.addressMismatch) }
        }
        return key
    }

    /// Encrypts `key` with scrypt (cost `scryptN`, r = 8, p = 1), a fresh 32-byte salt and 16-byte IV.
    ///
    /// Returns pretty-printed JSON with a random (v4) UUID `id` and the lowercase address without 0x.
    public static func encrypt(
        _ key: PrivateKey, passphrase: String, scryptN: Int = standardScryptN
    ) throws(KeystoreError) -> Data {
        guard scryptN >= 2, scryptN <= KeystoreKDF.maximumScryptN, scryptN & (scryptN - 1) == 0 else {
            throw .outOfRange("scryptN", "must be a power of two in 2...\(KeystoreKDF.maximumScryptN) (got \(scryptN))")
        }
        let salt = randomBytes(32)
        let iv = randomBytes(16)
        let kdf = KeystoreKDF.scrypt(n: scryptN, r: 8, p: 1, dkLength: 32, salt: salt)
        let derived = try kdf.deriveKey(passphrase: passphrase)
        let (cipherKey, macKey) = derived.withUnsafeBytes { raw in
            (SymmetricKey(data: raw[0..<16]), Data(raw[16..<32]))
        }
        let ciphertext = try key.withUnsafeSecretBytes { secret throws(KeystoreError) in
            var plaintext = Data(secret)
            defer { plaintext.resetBytes(in: 0..<plaintext.count) }
            return try aesCTR(plaintext, key: cipherKey, iv: iv)
        }
        let file = KeystoreFile(
            address: key.address.bytes.hexString(prefixed: false),
            crypto: .init(
                cipher: "aes-128-ctr", cipherparams: .init(iv: iv.hexString(prefixed: false)),
                ciphertext: ciphertext.hexString(prefixed: false), kdf: "scrypt",
                kdfparams: .init(dklen: 32, n: scryptN, p: 1, r: 8, salt: salt.hexString(prefixed: false)),
                mac: Keccak256.hash(macKey + ciphertext).hexString(prefixed: false)),
            id: UUID().uuidString.lowercased(), version: 3)
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        do { return try encoder.encode(file) } catch { throw KeystoreError(.cryptoFailure("JSON encoding failed")) }
    }

    private static func aesCTR(_ input: Data, key: SymmetricKey, iv: Data) throws(KeystoreError) -> Data {
        do {
            return try AES._CTR.encrypt(input, using: key, nonce: AES._CTR.Nonce(nonceBytes: iv))
        } catch {
            throw KeystoreError(.cryptoFailure("AES-128-CTR failed"))
        }
    }

    private static func randomBytes(_ count: Int) -> Data {
        var generator = SystemRandomNumberGenerator()
        return Data((0..<count).map { _ in UInt8.random(in: .min ... .max, using: &generator) })
    }
}

/// The JSON layout written by `Keystore.encrypt`.
private struct KeystoreFile: Encodable {
    struct Crypto: Encodable {
        struct CipherParams: Encodable { var iv: String }
        struct KDFParams: Encodable { var dklen: Int; var n: Int; var p: Int; var r: Int; var salt: String }
        var cipher: String
        var cipherparams: CipherParams
        var ciphertext: String
        var kdf: String
        var kdfparams: KDFParams
        var mac: String
    }
    var address: String
    var crypto: Crypto
    var id: String
    var version: Int
}
