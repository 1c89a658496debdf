import Ethereum
import Foundation
import Testing
@testable import EthereumAccounts

/// Published transaction vectors.
@Suite struct TransactionVectorTests {
    /// EIP-155 "Example" section (eips.ethereum.org/EIPS/eip-155).
    @Test func eip155Example() throws {
        let legacy = LegacyTransaction(
            nonce: 9, gasPrice: UInt256(20_000_000_000), gasLimit: 21000,
            to: try Address("0x3535353535353535353535353535353535353535"),
            value: UInt256(1_000_000_000_000_000_000), chainID: 1)
        let transaction = UnsignedTransaction.legacy(legacy)
        #expect(transaction.signingPayload()
            == hex("0xec098504a817c800825208943535353535353535353535353535353535353535880de0b6b3a764000080018080"))
        #expect(transaction.signingHash() == hex("0xdaf5a779ae972f972197303d7b574746c7ef83eadac0f2791ad23db92e4c8e53"))

        let key = try PrivateKey(hexString: "0x4646464646464646464646464646464646464646464646464646464646464646")
        let signed = try transaction.sign(with: key)
        #expect(signed.signature.r == UInt256(decimalString: "18515461264373351373200002665853028612451056578545711640558177340181847433846")!.bigEndianBytes)
        #expect(signed.signature.s == UInt256(decimalString: "46948507304638947509940763649030358759909902576025900602547168820602576006531")!.bigEndianBytes)
        #expect(legacy.v(recoveryID: signed.signature.recoveryID) == 37)
        let expectedRaw = hex("0xf86c098504a817c800825208943535353535353535353535353535353535353535880de0b6b3a76400008025a028ef61340bd939bc2195fe537567866003e1a15d3c71ff63e1590620aa636276a067cbe9d8997f761aecb703304b3800ccf555c9f3dc64214b297fb1966a3b6d83")
        #expect(signed.raw == expectedRaw)
        #expect(signed.hash == Keccak256.hash(expectedRaw))
        #expect(signed.from == key.address)

        let decoded = try SignedTransaction.decode(raw: expectedRaw)
        #expect(decoded == signed)
        #expect(decoded.from == (try Address("0x9d8a62f656a8d1615c1294fd71e9cfb3e4855a4f")))
    }

    /// ethereumjs-monorepo packages/tx/test/json/eip1559.json: ten signed type-2 transactions (chain id 7822,
    /// empty data and access list); "signedTransactionRLP" wraps the raw transaction in an RLP string.
    @Test func ethereumjsEIP1559Vectors() throws {
        let vectors = try vectorJSON("eip1559-ethereumjs.json") as! [[String: Any]]
        #expect(vectors.count == 10)
        for vector in vectors {
            let key = try PrivateKey(hexString: vector["privateKey"] as! String)
            let wrapped = hex(vector["signedTransactionRLP"] as! String)
            guard case .bytes(let expectedRaw) = try RLP.decode(wrapped) else {
                Issue.record("vector is not an RLP string")
                continue
            }
            func number(_ name: String) -> UInt64 { (vector[name] as! NSNumber).uint64Value }
            let transaction = UnsignedTransaction.eip1559(EIP1559Transaction(
                chainID: 7822, nonce: number("nonce"),
                maxPriorityFeePerGas: UInt256(number("maxInclusionFeePerGas")),
                maxFeePerGas: UInt256(number("maxFeePerGas")), gasLimit: number("gasLimit"),
                to: try Address(vector["to"] as! String), value: UInt256(number("value"))))
            let signed = try transaction.sign(with: key)
            #expect(signed.raw == expectedRaw, "nonce \(number("nonce"))")
            #expect(signed.hash == Keccak256.hash(expectedRaw))

            let decoded = try SignedTransaction.decode(raw: expectedRaw)
            #expect(decoded.transaction == transaction)
            #expect(decoded.from == key.address)
            #expect(decoded.hash == signed.hash)
        }
    }

    /// Mainnet transaction 0x0ec0b6a2…2ee0 as used in the alloy and reth EIP-1559 tests
    /// (alloy-rs examples `encode_decode_eip1559`, reth `recover_signer_eip1559`): fields, signature, hash, signer.
    @Test func mainnetEIP1559Transaction() throws {
        let transaction = UnsignedTransaction.eip1559(EIP1559Transaction(
            chainID: 1, nonce: 0x42, maxPriorityFeePerGas: UInt256(0x3b9a_ca00), maxFeePerGas: UInt256(0x4_a817_c800),
            gasLimit: 44386, to: try Address("0x6069a6c32cf691f5982febae4faf8a6f3ab2f0f6"), value: .zero,
            data: hex("a22cb4650000000000000000000000005eee75727d804a2b13038928d36f8b188945a57a0000000000000000000000000000000000000000000000000000000000000000")))
        let signature = try Signature(
            r: hex("840cfc572845f5786e702984c2a582528cad4b49b2a10b9db1be7fca90058565"),
            s: hex("25e7109ceb98168d95b09b18bbf6b685130e0562f233877d492b94eee0c5b6d1"), recoveryID: 0)
        let signer = try Address("0xDD6B8b3dC6B7AD97db52F08a275FF4483e024CEa")
        #expect(try signature.recoverAddress(hash: transaction.signingHash()) == signer)

        let signed = SignedTransaction(transaction: transaction, signature: signature, from: signer)
        #expect(signed.hash == hex("0x0ec0b6a2df4d87424e5f6ad2a654e27aaeb7dac20ae9e8385cc09087ad532ee0"))
        let decoded = try SignedTransaction.decode(raw: signed.raw)
        #expect(decoded == signed)
        #expect(decoded.from == signer)
    }
}
