import Ethereum
import Foundation
import Testing
@testable import EthereumAccounts

@Suite struct KeystoreTests {
    static func vector(_ name: String) throws -> (json: Data, password: String, key: Data) {
        let all = try vectorJSON("web3-secret-storage.json") as! [String: Any]
        let entry = all[name] as! [String: Any]
        let json = try JSONSerialization.data(withJSONObject: entry["json"]!)
        return (json, entry["password"] as! String, hex(entry["priv"] as! String))
    }

    /// Rewrites one field of a keystore JSON object given as a dictionary path.
    static func edited(_ json: Data, _ edit: (inout [String: Any]) -> Void) throws -> Data {
        var object = try JSONSerialization.jsonObject(with: json) as! [String: Any]
        edit(&object)
        return try JSONSerialization.data(withJSONObject: object)
    }

    static func expectError(_ json: Data, passphrase: String = "testpassword", _ expected: KeystoreError.Kind) {
        #expect(throws: KeystoreError(expected)) { try Keystore.decrypt(json: json, passphrase: passphrase) }
    }

    @Test func pbkdf2VectorDecrypts() throws {
        let (json, password, key) = try Self.vector("pbkdf2")
        let decrypted = try Keystore.decrypt(json: json, passphrase: password)
        #expect(decrypted.address == (try PrivateKey(bytes: key)).address)
    }

    @Test func scryptVectorDecrypts() async throws {
        let (json, password, key) = try Self.vector("scrypt")
        let start = ContinuousClock.now
        let decrypted = try await Self.onOwnThread { try Keystore.decrypt(json: json, passphrase: password) }
        let elapsed = ContinuousClock.now - start
        #expect(decrypted.address == (try PrivateKey(bytes: key)).address)
        // Seconds in a debug build on an idle machine, 15 s seen in a loaded full parallel run: 60 s still
        // catches a hang or a runaway slow path.
        #expect(elapsed < .seconds(60), "scrypt n=262144 took \(elapsed)")
    }

    /// Runs CPU-heavy synchronous work on a thread of its own, so it does not hold one of the few cooperative
    /// threads that the whole parallel test run shares.
    static func onOwnThread<T: Sendable>(_ work: @escaping @Sendable () throws -> T) async throws -> T {
        try await withCheckedThrowingContinuation { continuation in
            Thread { continuation.resume(with: Result { try work() }) }.start()
        }
    }

    @Test func wrongPassphraseIsReportedAsSuch() throws {
        let (json, _, _) = try Self.vector("pbkdf2")
        Self.expectError(json, passphrase: "wrong", .wrongPassphrase)
        #expect(KeystoreError(.wrongPassphrase).description.contains("wrong passphrase"))
    }

    @Test func encryptThenDecryptRoundTrips() throws {
        let key = PrivateKey.generate()
        let json = try Keystore.encrypt(key, passphrase: "correct horse ✓", scryptN: 1024)
        let object = try JSONSerialization.jsonObject(with: json) as! [String: Any]
        #expect(object["version"] as? Int == 3)
        #expect(object["address"] as? String == key.address.bytes.hexString(prefixed: false))
        let id = object["id"] as! String
        #expect(UUID(uuidString: id) != nil && id == id.lowercased())
        #expect(Array(id)[14] == "4")  // version 4 UUID
        let crypto = object["crypto"] as! [String: Any]
        let params = crypto["kdfparams"] as! [String: Any]
        #expect(crypto["kdf"] as? String == "scrypt" && crypto["cipher"] as? String == "aes-128-ctr")
        #expect(params["n"] as? Int == 1024 && params["r"] as? Int == 8 && params["p"] as? Int == 1)
        #expect((params["salt"] as! String).count == 64)
        #expect(((crypto["cipherparams"] as! [String: Any])["iv"] as! String).count == 32)

        #expect(try Keystore.decrypt(json: json, passphrase: "correct horse ✓").address == key.address)
        Self.expectError(json, passphrase: "correct horse", .wrongPassphrase)

        let second = try Keystore.encrypt(key, passphrase: "correct horse ✓", scryptN: 1024)
        let secondObject = try JSONSerialization.jsonObject(with: second) as! [String: Any]
        #expect((secondObject["crypto"] as! [String: Any])["ciphertext"] as? String != crypto["ciphertext"] as? String)
        #expect(!String(decoding: json, as: UTF8.self).contains("correct horse"))
    }

    @Test func capitalisedCryptoKeyIsAccepted() throws {
        let (json, password, key) = try Self.vector("pbkdf2")
        let geth = try Self.edited(json) { object in
            object["Crypto"] = object.removeValue(forKey: "crypto")
            object["address"] = "008aeeda4d805471df9b2a5b0f38a0c3bcba786b"
        }
        #expect(try Keystore.decrypt(json: geth, passphrase: password).address == (try PrivateKey(bytes: key)).address)
        let wrongAddress = try Self.edited(json) { $0["address"] = String(repeating: "11", count: 20) }
        Self.expectError(wrongAddress, .addressMismatch)
    }

    @Test func malformedFilesNameTheField() throws {
        let (json, _, _) = try Self.vector("pbkdf2")
        func crypto(_ edit: @escaping (inout [String: Any]) -> Void) throws -> Data {
            try Self.edited(json) { object in
                var crypto = object["crypto"] as! [String: Any]
                edit(&crypto)
                object["crypto"] = crypto
            }
        }
        func params(_ edit: @escaping (inout [String: Any]) -> Void) throws -> Data {
            try crypto { crypto in
                var params = crypto["kdfparams"] as! [String: Any]
                edit(&params)
                crypto["kdfparams"] = params
            }
        }
        Self.expectError(Data("not json".utf8), .notJSON)
        Self.expectError(Data("[1]".utf8), .notJSON)
        Self.expectError(try Self.edited(json) { $0.removeValue(forKey: "crypto") }, .malformedField(field: "crypto", reason: "missing"))
        Self.expectError(try Self.edited(json) { $0["version"] = 1 }, .unsupported(field: "version", value: "1"))
        Self.expectError(try params { $0.removeValue(forKey: "salt") }, .malformedField(field: "crypto.kdfparams.salt", reason: "missing"))
        Self.expectError(try params { $0["salt"] = "xyz" }, .malformedField(field: "crypto.kdfparams.salt", reason: "expected hex"))
        Self.expectError(try params { $0["c"] = "many" }, .malformedField(field: "crypto.kdfparams.c", reason: "expected an integer"))
        Self.expectError(try crypto { $0["ciphertext"] = "abcd" }, .malformedField(field: "crypto.ciphertext", reason: "expected 32 bytes, found 2"))
        Self.expectError(try crypto { $0["cipherparams"] = ["iv": "00"] }, .malformedField(field: "crypto.cipherparams.iv", reason: "expected 16 bytes, found 1"))
        Self.expectError(try crypto { $0["mac"] = 5 }, .malformedField(field: "crypto.mac", reason: "expected a string"))
        Self.expectError(try crypto { $0["cipher"] = "aes-128-cbc" }, .unsupported(field: "crypto.cipher", value: "aes-128-cbc"))
        Self.expectError(try crypto { $0["kdf"] = "argon2" }, .unsupported(field: "crypto.kdf", value: "argon2"))
        Self.expectError(try params { $0["prf"] = "hmac-sha512" }, .unsupported(field: "crypto.kdfparams.prf", value: "hmac-sha512"))
    }

    @Test func absurdParametersAreRejectedBeforeWork() throws {
        let (json, _, _) = try Self.vector("scrypt")
        func scrypt(_ edit: @escaping (inout [String: Any]) -> Void) throws -> Data {
            try Self.edited(json) { object in
                var crypto = object["crypto"] as! [String: Any]
                var params = crypto["kdfparams"] as! [String: Any]
                edit(&params)
                crypto["kdfparams"] = params
                object["crypto"] = crypto
            }
        }
        let start = ContinuousClock.now
        for (edit, field) in [
            ({ (p: inout [String: Any]) in p["n"] = 1 << 40 }, "crypto.kdfparams.n"),
            ({ (p: inout [String: Any]) in p["n"] = 1000 }, "crypto.kdfparams.n"),
            ({ (p: inout [String: Any]) in p["dklen"] = 16 }, "crypto.kdfparams.dklen"),
            ({ (p: inout [String: Any]) in p["r"] = 1000 }, "crypto.kdfparams.r"),
            ({ (p: inout [String: Any]) in p["p"] = 0 }, "crypto.kdfparams.p"),
            ({ (p: inout [String: Any]) in p["n"] = 1 << 20; p["p"] = 64 }, "crypto.kdfparams.n"),
        ] as [((inout [String: Any]) -> Void, String)] {
            let bad = try scrypt(edit)
            do {
                _ = try Keystore.decrypt(json: bad, passphrase: "testpassword")
                Issue.record("accepted absurd \(field)")
            } catch {
                guard case .parameterOutOfRange(let name, _) = error.kind else {
                    Issue.record("wrong error \(error)")
                    continue
                }
                #expect(name == field)
            }
        }
        // Rejected before any key derivation: accepting them would take minutes or gigabytes. 10 s leaves room for a
        // loaded CI machine.
        #expect(ContinuousClock.now - start < .seconds(10))
        let (pbkdf2, _, _) = try Self.vector("pbkdf2")
        let hugeC = try Self.edited(pbkdf2) { object in
            var crypto = object["crypto"] as! [String: Any]
            var params = crypto["kdfparams"] as! [String: Any]
            params["c"] = 1 << 40
            crypto["kdfparams"] = params
            object["crypto"] = crypto
        }
        #expect(throws: KeystoreError.self) { try Keystore.decrypt(json: hugeC, passphrase: "x") }
        #expect(throws: KeystoreError.self) { try Keystore.encrypt(PrivateKey.generate(), passphrase: "x", scryptN: 3) }
        #expect(throws: KeystoreError.self) { try Keystore.encrypt(PrivateKey.generate(), passphrase: "x", scryptN: 1 << 21) }
    }

    @Test func errorsNeverContainThePassphrase() throws {
        let (json, _, _) = try Self.vector("pbkdf2")
        do {
            _ = try Keystore.decrypt(json: json, passphrase: "hunter2-secret")
        } catch {
            #expect(!error.description.contains("hunter2"))
        }
    }
}

/// The portable scrypt used when BoringSSL refuses N >= 2^(16 r), checked against RFC 7914 section 12.
@Suite struct PortableScryptTests {
    @Test(arguments: [
        ("", "", 16, 1, 1, "77d6576238657b203b19ca42c18a0497f16b4844e3074ae8dfdffa3fede21442fcd0069ded0948f8326a753a0fc81f17e8d3e0fb2e0d3628cf35e20c38d18906"),
        ("password", "NaCl", 1024, 8, 16, "fdbabe1c9d3472007856e7190d01e9fe7c6ad7cbc8237830e77376634b3731622eaf30d92e22a3886ff109279d9830dac727afb94a83ee6d8360cbdfa2cc0640"),
    ])
    func rfc7914Vectors(password: String, salt: String, n: Int, r: Int, p: Int, expected: String) throws {
        let key = try PortableScrypt.deriveKey(
            password: Data(password.utf8), salt: Data(salt.utf8), n: n, r: r, p: p, outputByteCount: 64)
        #expect(key.withUnsafeBytes { Data($0) } == hex(expected))
    }
}

@Suite struct KeystoreFileTests {
    static func temporaryPath(_ name: String) -> String {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("eth-accounts-\(UUID().uuidString)")
        try! FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        return directory.appendingPathComponent(name).path
    }

    @Test func newFilesAreOwnerOnlyAndNeverOverwritten() throws {
        let path = Self.temporaryPath("key.json")
        let key = PrivateKey.generate()
        let json = try Keystore.encrypt(key, passphrase: "pw", scryptN: 16)
        try Keystore.writeNewFile(json, to: path)
        let attributes = try FileManager.default.attributesOfItem(atPath: path)
        #expect((attributes[.posixPermissions] as? NSNumber)?.intValue == 0o600)
        #expect(try Keystore.decrypt(fileAt: path, passphrase: "pw").address == key.address)
        #expect(throws: KeystoreError(.fileExists(path: path))) { try Keystore.writeNewFile(json, to: path) }
        #expect(try Keystore.readFile(path) == json)  // untouched
    }

    @Test func unreadableFilesAreClearErrors() throws {
        let missing = Self.temporaryPath("missing.json")
        #expect(throws: KeystoreError.self) { try Keystore.decrypt(fileAt: missing, passphrase: "x") }
        let directory = (missing as NSString).deletingLastPathComponent
        #expect(throws: KeystoreError(.fileUnreadable(path: directory, reason: "not a regular file"))) {
            try Keystore.readFile(directory)
        }
        let big = Self.temporaryPath("big.json")
        _ = FileManager.default.createFile(atPath: big, contents: Data(count: Keystore.maximumFileSize + 1))
        #expect(throws: KeystoreError.self) { try Keystore.readFile(big) }
        #expect(throws: KeystoreError.self) { try Keystore.writeNewFile(Data(), to: "/nonexistent-dir/x.json") }
    }

    @Test func defaultFileNameFollowsGeth() throws {
        let address = try Address("0x008aeeda4d805471df9b2a5b0f38a0c3bcba786b")
        let name = Keystore.defaultFileName(for: address, date: Date(timeIntervalSince1970: 0))
        #expect(name == "UTC--1970-01-01T00-00-00.000Z--008aeeda4d805471df9b2a5b0f38a0c3bcba786b")
    }
}
