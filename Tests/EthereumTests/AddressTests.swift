import Foundation
import Testing
import Ethereum

@Suite("Address (EIP-55)")
struct AddressTests {
    /// The test cases listed in EIP-55 itself.
    @Test(arguments: [
        "0x52908400098527886E0F7030069857D2E4169EE7",
        "0x8617E340B3D01FA5F11F306F4090FD50E238070D",
        "0xde709f2102306220921060314715629080e2fb77",
        "0x27b1fdb04752bbc536007a920d24acb045561c26",
        "0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed",
        "0xfB6916095ca1df60bB79Ce92cE3Ea74c37c5d359",
        "0xdbF03B407c01E7cD3CBea99509d93f8DDDC8C6FB",
        "0xD1220A0cf47c7B9Be7A2E6BA89F429762e7b9aDb",
    ])
    func eip55Vectors(checksummed: String) throws {
        let address = try Address(checksummed)
        #expect(address.checksummed == checksummed)
        #expect(try Address(checksummed.lowercased()) == address)
        #expect(try Address("0x" + checksummed.dropFirst(2).uppercased()) == address)
        #expect(address.description == checksummed)
        #expect(address.bytes.count == 20)
    }

    @Test func wrongChecksumIsAnError() {
        // One letter's case flipped in each of the mixed-case EIP-55 vectors.
        for wrong in [
            "0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAeD",
            "0xfb6916095ca1df60bB79Ce92cE3Ea74c37c5d359",
            "0xdbF03B407c01E7cD3CBea99509d93f8DDDC8C6Fb",
            "0xd1220A0cf47c7B9Be7A2E6BA89F429762e7b9aDb",
        ] {
            #expect(throws: AddressError.self) { try Address(wrong) }
            do {
                _ = try Address(wrong)
            } catch {
                guard case .invalidChecksum = error else { Issue.record("expected invalidChecksum, got \(error)"); continue }
            }
        }
    }

    @Test func malformedStrings() {
        #expect(throws: AddressError.missingPrefix) { try Address("5aaeb6053f3e94c9b9a09f33669435e7ef1beaed") }
        #expect(throws: AddressError.invalidLength(38)) { try Address("0x5aaeb6053f3e94c9b9a09f33669435e7ef1bea") }
        #expect(throws: AddressError.invalidLength(42)) { try Address("0x5aaeb6053f3e94c9b9a09f33669435e7ef1beaed00") }
        #expect(throws: AddressError.invalidCharacter(position: 41)) { try Address("0x5aaeb6053f3e94c9b9a09f33669435e7ef1beaeg") }
        #expect(throws: AddressError.invalidLength(0)) { try Address("") }
    }

    @Test func bytesInitializer() throws {
        let bytes = Data((1...20).map { UInt8($0) })
        #expect(try Address(bytes: bytes).bytes == bytes)
        #expect(try Address(bytes: (Data([0]) + bytes).dropFirst()).bytes.startIndex == 0)
        #expect(throws: AddressError.invalidLength(19)) { try Address(bytes: Data(count: 19)) }
        #expect(Address.zero.checksummed == "0x0000000000000000000000000000000000000000")
    }

    @Test func codableAsChecksummedString() throws {
        let address = try Address("0x5aaeb6053f3e94c9b9a09f33669435e7ef1beaed")
        let json = try JSONEncoder().encode([address])
        #expect(String(decoding: json, as: UTF8.self) == #"["0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed"]"#)
        #expect(try JSONDecoder().decode([Address].self, from: json) == [address])
        #expect(throws: DecodingError.self) {
            try JSONDecoder().decode([Address].self, from: Data(#"["0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAeD"]"#.utf8))
        }
    }
}
