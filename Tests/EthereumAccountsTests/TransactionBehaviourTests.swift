import Ethereum
import Foundation
import Testing
@testable import EthereumAccounts

@Suite struct TransactionBehaviourTests {
    static let key = try! PrivateKey(hexString: "0x4646464646464646464646464646464646464646464646464646464646464646")

    static func sampleEIP1559(accessList: [AccessListEntry] = [], to: Address? = nil) -> UnsignedTransaction {
        .eip1559(EIP1559Transaction(
            chainID: 31337, nonce: 7, maxPriorityFeePerGas: UInt256(2_000_000_000), maxFeePerGas: UInt256(90_000_000_000),
            gasLimit: 300_000, to: to, value: UInt256.max, data: Data(repeating: 0x5a, count: 300), accessList: accessList))
    }

    @Test func preEIP155LegacyRoundTrips() throws {
        let transaction = UnsignedTransaction.legacy(LegacyTransaction(
            nonce: 0, gasPrice: UInt256(1), gasLimit: 53000, to: nil, data: Data([0x60, 0x00]), chainID: nil))
        let signed = try transaction.sign(with: Self.key)
        let fields = try RLP.decode(signed.raw).listValue!
        let v = fields[6].bytesValue!
        #expect(v == Data([27]) || v == Data([28]))
        #expect(fields[3] == .bytes(Data()))  // contract creation: empty "to"
        #expect(try SignedTransaction.decode(raw: signed.raw) == signed)
    }

    @Test func largeChainIDsRoundTrip() throws {
        for chainID: UInt64 in [1, 56, 137, 11_155_111, 4_294_967_295, UInt64.max / 2 - 18] {
            let legacy = UnsignedTransaction.legacy(LegacyTransaction(
                nonce: 1, gasPrice: UInt256(5), gasLimit: 21000, to: Address.zero, chainID: chainID))
            let signed = try legacy.sign(with: Self.key)
            #expect(try SignedTransaction.decode(raw: signed.raw) == signed)
        }
    }

    @Test func accessListsAndCreationRoundTrip() throws {
        let entries = [
            AccessListEntry(address: try Address("0x000000000000000000000000000000000000aaaa"),
                            storageKeys: [Data(count: 32), Data(repeating: 0xff, count: 32)]),
            AccessListEntry(address: try Address("0x000000000000000000000000000000000000bbbb")),
        ]
        for transaction in [Self.sampleEIP1559(accessList: entries), Self.sampleEIP1559()] {
            let signed = try transaction.sign(with: Self.key)
            #expect(signed.raw.first == 0x02)
            #expect(signed.hash == Keccak256.hash(signed.raw))
            #expect(signed.signingHashMatchesSignature)
            let decoded = try SignedTransaction.decode(raw: signed.raw)
            #expect(decoded == signed)
        }
    }

    static func expectDecodeError(_ raw: Data, _ check: (TransactionError.Kind) -> Bool, _ comment: Comment) {
        do {
            _ = try SignedTransaction.decode(raw: raw)
            Issue.record("decoded but should have failed: \(comment)")
        } catch {
            #expect(check(error.kind), "\(comment): \(error)")
        }
    }

    /// Re-encodes a signed EIP-1559 transaction with one field replaced.
    static func tamperedEIP1559(_ index: Int, _ replacement: RLPItem) throws -> Data {
        let signed = try sampleEIP1559().sign(with: key)
        var fields = try RLP.decode(signed.raw.dropFirst()).listValue!
        fields[index] = replacement
        return Data([0x02]) + RLP.encode(.list(fields))
    }

    @Test func malformedTransactionsAreRejected() throws {
        let good = try Self.sampleEIP1559().sign(with: Self.key).raw
        Self.expectDecodeError(Data(), { $0 == .empty }, "empty")
        Self.expectDecodeError(Data([0x01]) + good.dropFirst(), { $0 == .unsupportedType(1) }, "type 1")
        Self.expectDecodeError(Data([0x03]) + good.dropFirst(), { $0 == .unsupportedType(3) }, "type 3")
        Self.expectDecodeError(Data([0x80]), { $0 == .unsupportedType(0x80) }, "a byte string is not a transaction")
        Self.expectDecodeError(good.dropLast(), { if case .rlp = $0 { true } else { false } }, "truncated")
        Self.expectDecodeError(good + [0x00], { if case .rlp = $0 { true } else { false } }, "trailing byte")
        Self.expectDecodeError(Data([0x02, 0xc0]), { $0 == .wrongFieldCount(expected: 12, actual: 0) }, "empty list")
        Self.expectDecodeError(Data([0x02, 0x80]), { if case .invalidField(field: "transaction", _) = $0 { true } else { false } }, "string payload")

        let cases: [(Int, RLPItem, String)] = [
            (1, .bytes(Data([0x00, 0x07])), "nonce"),           // leading zero
            (1, .bytes(Data(repeating: 1, count: 9)), "nonce"),  // > 64 bits
            (2, .bytes(Data(repeating: 1, count: 33)), "maxPriorityFeePerGas"),
            (5, .bytes(Data(count: 19)), "to"),
            (5, .list([]), "to"),
            (8, .bytes(Data()), "accessList"),
            (8, .list([.list([.bytes(Data(count: 20))])]), "accessList[0]"),
            (8, .list([.list([.bytes(Data(count: 20)), .list([.bytes(Data(count: 31))])])]), "accessList[0].storageKeys[0]"),
            (9, .bytes(Data([2])), "yParity"),
        ]
        for (index, replacement, field) in cases {
            Self.expectDecodeError(try Self.tamperedEIP1559(index, replacement), {
                if case .invalidField(let name, _) = $0 { name == field } else { false }
            }, "field \(field)")
        }
    }

    @Test func badSignaturesAreRejected() throws {
        let signed = try Self.sampleEIP1559().sign(with: Self.key)
        let order = hex("fffffffffffffffffffffffffffffffebaaedce6af48a03bbfd25e8cd0364141")
        // s' = n - s is the same signature in high-s form (EIP-2 forbids it).
        let s = UInt256(bigEndian: signed.signature.s)!, n = UInt256(bigEndian: order)!
        let highS = (n - s).minimalBigEndianBytes
        let isSignatureError: (TransactionError.Kind) -> Bool = { if case .invalidSignature = $0 { true } else { false } }
        Self.expectDecodeError(try Self.tamperedEIP1559(11, .bytes(highS)), isSignatureError, "high s")
        Self.expectDecodeError(try Self.tamperedEIP1559(10, .bytes(Data())), isSignatureError, "r = 0")
        Self.expectDecodeError(try Self.tamperedEIP1559(10, .bytes(order)), isSignatureError, "r = n")

        let legacy = try UnsignedTransaction.legacy(LegacyTransaction(
            nonce: 1, gasPrice: UInt256(1), gasLimit: 21000, to: Address.zero, chainID: 1)).sign(with: Self.key)
        var fields = try RLP.decode(legacy.raw).listValue!
        fields[6] = .uint(30)
        Self.expectDecodeError(RLP.encode(.list(fields)), {
            if case .invalidField(field: "v", _) = $0 { true } else { false }
        }, "v = 30")
    }

    @Test func errorsDescribeTheProblem() {
        #expect(TransactionError(.unsupportedType(1)).description.contains("0x1"))
        #expect(TransactionError.field("to", "bad").description.contains("'to'"))
    }
}

extension SignedTransaction {
    /// The signature recovers to `from` over the transaction's signing hash.
    var signingHashMatchesSignature: Bool {
        (try? signature.recoverAddress(hash: transaction.signingHash())) == from
    }
}
