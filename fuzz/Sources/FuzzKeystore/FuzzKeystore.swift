import CFuzzerDriver
@testable import EthereumAccounts
import Foundation

/// libFuzzer entry point for keystore (Web3 Secret Storage v3) JSON. The whole input is the keystore file.
///
/// The JSON and the KDF parameters are always parsed (`KeystoreKDF(crypto:)` range-checks them before any
/// expensive work). Full decryption (key derivation, MAC check, AES-CTR, key and address checks) runs only when
/// the parameters are cheap: scrypt with 128·n·r·p ≤ 256 KiB or PBKDF2 with ≤ 256 iterations, so that each input
/// stays in the millisecond range; the expensive-but-valid range is covered by the KDF bounds themselves.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzKeystore(_ start: UnsafePointer<UInt8>, _ count: Int) -> CInt {
    let json = Data(UnsafeBufferPointer(start: start, count: count))
    guard let root = try? KeystoreJSONObject(json: json),
        let crypto = try? root.object("crypto"),
        let kdf = try? KeystoreKDF(crypto: crypto)
    else {
        // Still exercise the public entry point on inputs rejected before the KDF.
        _ = try? Keystore.decrypt(json: json, passphrase: "fuzz")
        return 0
    }
    switch kdf {
    case .scrypt(let n, let r, let p, _, _) where 128 * n * r * p <= 256 << 10:
        break
    case .pbkdf2(let c, _, _) where c <= 256:
        break
    default:
        return 0
    }
    _ = try? Keystore.decrypt(json: json, passphrase: "fuzz")
    return 0
}

/// The executable's entry point (see CFuzzerDriver): libFuzzer's driver with ``fuzzKeystore(_:_:)`` as the target.
@_cdecl("FuzzKeystore_main")
public func fuzzKeystoreMain(_ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>) -> CInt {
    var argc = argc
    var argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>? = argv
    return LLVMFuzzerRunDriver(&argc, &argv) { data, size in
        guard let data else { return 0 }
        return fuzzKeystore(data, size)
    }
}
