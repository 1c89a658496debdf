import Ethereum
import Foundation
import Testing
@testable import EthereumAccounts

@Suite struct KeyTests {
    static let eip155Key = "0x4646464646464646464646464646464646464646464646464646464646464646"
    static let order = hex("fffffffffffffffffffffffffffffffebaaedce6af48a03bbfd25e8cd0364141")

    @Test func knownKeyGivesKnownAddress() throws {
        let key = try PrivateKey(hexString: Self.eip155Key)
        #expect(key.address == (try Address("0x9d8a62f656a8d1615c1294fd71e9cfb3e4855a4f")))
        #expect(key.publicKey.count == 64)
        // Web3 Secret Storage vector key → geth's published address for it.
        let other = try PrivateKey(hexString: "7a28b5ba57c53603b0b07b56bba752f7784bf506fa95edc395f5cf6c7514fe9d")
        #expect(other.address == (try Address("0x008aeeda4d805471df9b2a5b0f38a0c3bcba786b")))
    }

    @Test func outOfRangeKeysAreRejected() {
        var orderMinusOne = Self.order
        orderMinusOne[31] -= 1
        #expect(throws: SigningError(.invalidPrivateKey)) { try PrivateKey(bytes: Data(count: 32)) }
        #expect(throws: SigningError(.invalidPrivateKey)) { try PrivateKey(bytes: Self.order) }
        #expect(throws: SigningError(.invalidPrivateKey)) { try PrivateKey(bytes: Data(repeating: 0xff, count: 32)) }
        #expect(throws: SigningError(.invalidPrivateKey)) { try PrivateKey(bytes: Data(repeating: 1, count: 31)) }
        #expect(throws: SigningError(.invalidPrivateKey)) { try PrivateKey(bytes: Data(repeating: 1, count: 33)) }
        #expect(throws: SigningError(.invalidPrivateKey)) { try PrivateKey(hexString: "0xzz") }
        #expect(throws: Never.self) { try PrivateKey(bytes: orderMinusOne) }
        #expect(throws: Never.self) { try PrivateKey(bytes: Data(count: 31) + [1]) }
    }

    @Test func generatedKeysAreValidAndDistinct() throws {
        let keys = (0..<20).map { _ in PrivateKey.generate() }
        #expect(Set(keys.map(\.address)).count == 20)
        for key in keys {
            let hash = Keccak256.hash(Data("message".utf8))
            #expect(try key.sign(hash: hash).recoverAddress(hash: hash) == key.address)
        }
    }

    @Test func signaturesAreLowSDeterministicAndRecoverable() throws {
        let key = try PrivateKey(hexString: Self.eip155Key)
        for index in 0..<50 {
            let hash = Keccak256.hash(Data("message \(index)".utf8))
            let signature = try key.sign(hash: hash)
            #expect(signature.isLowS)
            #expect(signature.r.count == 32 && signature.s.count == 32)
            #expect(signature.recoveryID <= 1)
            #expect(try key.sign(hash: hash) == signature)  // RFC 6979
            #expect(try signature.recoverAddress(hash: hash) == key.address)
            #expect(try signature.recoverPublicKey(hash: hash) == key.publicKey)
            #expect(try Signature(compact: signature.compactRepresentation) == signature)
            var v27 = signature.compactRepresentation
            v27[64] += 27
            #expect(try Signature(compact: v27) == signature)
        }
    }

    @Test func wrongHashRecoversADifferentAddress() throws {
        let key = try PrivateKey(hexString: Self.eip155Key)
        let signature = try key.sign(hash: Keccak256.hash(Data("a".utf8)))
        let recovered = try? signature.recoverAddress(hash: Keccak256.hash(Data("b".utf8)))
        #expect(recovered != key.address)
    }

    @Test func badInputsAreTypedErrors() throws {
        let key = try PrivateKey(hexString: Self.eip155Key)
        #expect(throws: SigningError(.invalidHashLength(31))) { try key.sign(hash: Data(count: 31)) }
        #expect(throws: SigningError(.invalidSignature)) { try Signature(r: Data(count: 33), s: Data(), recoveryID: 0) }
        #expect(throws: SigningError(.invalidSignature)) { try Signature(r: Data(), s: Data(), recoveryID: 4) }
        #expect(throws: SigningError(.invalidSignature)) { try Signature(compact: Data(count: 64)) }
        let overflow = try Signature(r: Self.order, s: Data([1]), recoveryID: 0)
        #expect(throws: SigningError(.invalidSignature)) { try overflow.recoverAddress(hash: Data(count: 32)) }
        let zero = try Signature(r: Data([1]), s: Data(), recoveryID: 0)
        #expect(throws: SigningError.self) { try zero.recoverAddress(hash: Data(count: 32)) }
        #expect(throws: SigningError(.invalidHashLength(0))) { try zero.recoverAddress(hash: Data()) }
    }

    @Test func keyNeverAppearsInDescriptions() throws {
        let key = try PrivateKey(hexString: Self.eip155Key)
        let secretHex = "4646464646464646"
        for text in [key.description, key.debugDescription, "\(key)", String(reflecting: key), String(describing: [key])] {
            #expect(!text.contains(secretHex))
            #expect(!text.lowercased().contains(secretHex))
        }
        var dumped = ""
        dump(key, to: &dumped)
        #expect(!dumped.contains(secretHex))
        #expect(key.description.contains(key.address.checksummed))
    }

    @Test func concurrentSigningIsSafe() async throws {
        let key = PrivateKey.generate()
        try await withThrowingTaskGroup(of: Bool.self) { group in
            for index in 0..<32 {
                group.addTask {
                    let hash = Keccak256.hash(Data("task \(index)".utf8))
                    return try key.sign(hash: hash).recoverAddress(hash: hash) == key.address
                }
            }
            for try await ok in group { #expect(ok) }
        }
    }
}
