import Crypto
import Foundation
import _CryptoExtras

/// A keystore key-derivation function with validated parameters.
enum KeystoreKDF: Equatable {
    /// scrypt with cost `n` (a power of two), block size `r`, parallelism `p`.
    case scrypt(n: Int, r: Int, p: Int, dkLength: Int, salt: Data)
    /// PBKDF2-HMAC-SHA256 with `c` iterations.
    case pbkdf2(c: Int, dkLength: Int, salt: Data)

    /// Largest scrypt cost accepted (2^20: 1 GiB of memory with r = 8).
    static let maximumScryptN = 1 << 20
    /// Largest scrypt memory use accepted, 128 * n * r * p bytes.
    static let maximumScryptMemory = 1 << 30
    /// Largest PBKDF2 iteration count accepted.
    static let maximumPBKDF2Iterations = 10_000_000
    /// Accepted salt sizes in bytes.
    static let saltLengths = 1...1024
    /// Accepted derived-key sizes: at least 32 (16 for the cipher key, 16 for the MAC key).
    static let derivedKeyLengths = 32...64

    /// Parses and range-checks `crypto.kdf` / `crypto.kdfparams` before any expensive work.
    init(crypto: KeystoreJSONObject) throws(KeystoreError) {
        let name = try crypto.string("kdf")
        guard ["scrypt", "pbkdf2"].contains(name.lowercased()) else {
            throw KeystoreError(.unsupported(field: crypto.name("kdf"), value: name))
        }
        let params = try crypto.object("kdfparams")
        let dkLength = try params.integer("dklen")
        guard Self.derivedKeyLengths.contains(dkLength) else {
            throw .outOfRange(params.name("dklen"), "must be 32...64 (got \(dkLength))")
        }
        let salt = try params.hexBytes("salt", lengths: Self.saltLengths)
        switch name.lowercased() {
        case "scrypt":
            let n = try params.integer("n"), r = try params.integer("r"), p = try params.integer("p")
            guard n >= 2, n <= Self.maximumScryptN, n & (n - 1) == 0 else {
                throw .outOfRange(params.name("n"), "must be a power of two in 2...\(Self.maximumScryptN) (got \(n))")
            }
            guard (1...64).contains(r) else { throw .outOfRange(params.name("r"), "must be 1...64 (got \(r))") }
            guard (1...64).contains(p) else { throw .outOfRange(params.name("p"), "must be 1...64 (got \(p))") }
            guard 128 * n * r * p <= Self.maximumScryptMemory else {
                throw .outOfRange(params.name("n"), "128 * n * r * p exceeds 1 GiB")
            }
            self = .scrypt(n: n, r: r, p: p, dkLength: dkLength, salt: salt)
        case "pbkdf2":
            let prf = try params.string("prf")
            guard prf.lowercased() == "hmac-sha256" else {
                throw KeystoreError(.unsupported(field: params.name("prf"), value: prf))
            }
            let c = try params.integer("c")
            guard (1...Self.maximumPBKDF2Iterations).contains(c) else {
                throw .outOfRange(params.name("c"), "must be 1...\(Self.maximumPBKDF2Iterations) (got \(c))")
            }
            self = .pbkdf2(c: c, dkLength: dkLength, salt: salt)
        default:
            throw KeystoreError(.unsupported(field: crypto.name("kdf"), value: name))
        }
    }

    /// Derives the key from the passphrase's UTF-8 bytes.
    func deriveKey(passphrase: String) throws(KeystoreError) -> SymmetricKey {
        let password = Data(passphrase.utf8)
        do {
            switch self {
            case .scrypt(let n, let r, let p, let dkLength, let salt):
                // BoringSSL enforces RFC 7914's N < 2^(16 r); keystores with r = 1 and N >= 65536 need the fallback.
                guard 16 * r > 62 || n < 1 << (16 * r) else {
                    return try PortableScrypt.deriveKey(
                        password: password, salt: salt, n: n, r: r, p: p, outputByteCount: dkLength)
                }
                return try KDF.Scrypt.deriveKey(
                    from: password, salt: salt, outputByteCount: dkLength, rounds: n, blockSize: r, parallelism: p)
            case .pbkdf2(let c, let dkLength, let salt):
                return try KDF.Insecure.PBKDF2.deriveKey(
                    from: password, salt: salt, using: .sha256, outputByteCount: dkLength, unsafeUncheckedRounds: c)
            }
        } catch {
            throw KeystoreError(.cryptoFailure("key derivation failed"))
        }
    }
}
