import Foundation
import Testing
import Ethereum

/// Malformed or hostile ABI data must give an `ABIError` quickly: no crash, no hang, no huge allocation.
@Suite("ABI malformed data")
struct ABIMalformedDataTests {
    static func word(_ v: UInt256) -> Data { v.bigEndianBytes }
    static let two255 = UInt256.one << 255

    @Test func shortInput() {
        #expect(throws: ABIError.dataTooShort(needed: 32, available: 31, at: 0)) {
            try ABICodec.decode([.uint(256)], from: Data(count: 31))
        }
        #expect(throws: ABIError.self) { try ABICodec.decode([.uint(256), .bool], from: Data(count: 32)) }
        #expect(throws: ABIError.self) { try ABICodec.decode([.string], from: Data()) }
        // Offset ok, length word missing.
        #expect(throws: ABIError.self) { try ABICodec.decode([.string], from: Self.word(32)) }
        // Length says 5 bytes but only 3 follow.
        #expect(throws: ABIError.self) { try ABICodec.decode([.bytes], from: Self.word(32) + Self.word(5) + Data([1, 2, 3])) }
    }

    @Test func offsetsOutOfRange() {
        for offset: UInt256 in [64, 1 << 20, Self.two255, .max, UInt256(UInt64.max)] {
            #expect(throws: ABIError.self) { try ABICodec.decode([.bytes], from: Self.word(offset) + Self.word(0)) }
            #expect(throws: ABIError.self) { try ABICodec.decode([.array(.uint(256))], from: Self.word(offset) + Self.word(0)) }
        }
    }

    @Test func hugeLengths() throws {
        for length: UInt256 in [1 << 40, Self.two255, .max, UInt256(UInt64.max), UInt256(UInt64(Int.max))] {
            #expect(throws: ABIError.self) { try ABICodec.decode([.bytes], from: Self.word(32) + Self.word(length)) }
            #expect(throws: ABIError.self) { try ABICodec.decode([.string], from: Self.word(32) + Self.word(length)) }
            #expect(throws: ABIError.self) { try ABICodec.decode([.array(.uint(256))], from: Self.word(32) + Self.word(length)) }
            #expect(throws: ABIError.self) {
                try ABICodec.decode([.array(.array(.string))], from: Self.word(32) + Self.word(length) + Data(count: 64))
            }
        }
        // A length of exactly what remains is fine.
        #expect(try ABICodec.decode([.bytes], from: Self.word(32) + Self.word(3) + Data([7, 8, 9])) == [.bytes(Data([7, 8, 9]))])
    }

    @Test func dirtyWordsAreRejected() throws {
        #expect(throws: ABIError.invalidEncoding(type: "uint8", at: 0)) { try ABICodec.decode([.uint(8)], from: Self.word(256)) }
        #expect(throws: ABIError.invalidEncoding(type: "bool", at: 0)) { try ABICodec.decode([.bool], from: Self.word(2)) }
        #expect(throws: ABIError.invalidEncoding(type: "address", at: 0)) {
            try ABICodec.decode([.address], from: Self.word(UInt256.one << 160))
        }
        #expect(throws: ABIError.invalidEncoding(type: "int8", at: 0)) { try ABICodec.decode([.int(8)], from: Self.word(128)) }
        #expect(throws: ABIError.invalidEncoding(type: "bytes2", at: 0)) {
            try ABICodec.decode([.fixedBytes(2)], from: Data([1, 2, 3]) + Data(count: 29))
        }
        #expect(try ABICodec.decode([.int(8)], from: Self.word(.max)) == [.int(.max)])
    }

    @Test func invalidUTF8() {
        #expect(throws: ABIError.invalidUTF8(at: 64)) {
            try ABICodec.decode([.string], from: Self.word(32) + Self.word(2) + Data([0xc3, 0x28]) + Data(count: 30))
        }
    }

    /// Many array elements pointing at the same large string would decode to gigabytes; the budget stops it.
    @Test func aliasedOffsetsCannotAmplify() {
        let count = 2000
        var data = Self.word(32) + Self.word(UInt256(count))
        for _ in 0..<count { data += Self.word(UInt256(count * 32)) }  // every element -> the same string
        data += Self.word(100_000) + Data(repeating: 0x61, count: 100_000)
        #expect(throws: ABIError.self) { try ABICodec.decode([.array(.string)], from: data) }
    }

    @Test func selfReferencingOffsetsTerminate() throws {
        // string[][] whose inner offsets all point back at the offsets themselves (which read as length 0):
        // recursion follows the type, so this terminates, and it is a (strange but) valid encoding of empty arrays.
        var data = Self.word(32) + Self.word(3)
        for _ in 0..<3 { data += Self.word(0) }
        #expect(try ABICodec.decode([.array(.array(.string))], from: data) == [.array([.array([]), .array([]), .array([])])])
    }

    @Test func fixedArrayOfHugeStaticSize() throws {
        let type = try ABIType(canonical: "uint256[1048576][1048576][1048576]")
        #expect(throws: ABIError.self) { try ABICodec.decode([type], from: Data(count: 64)) }
    }

    @Test func randomGarbageNeverCrashes() throws {
        var generator = SystemRandomNumberGenerator()
        let types = try ["uint256", "string", "bytes", "uint8[]", "(string,uint256[])[]", "bytes32[2]", "string[][]"]
            .map { try ABIType(canonical: $0) }
        for _ in 0..<2000 {
            let words = Int.random(in: 0...12, using: &generator)
            var data = Data()
            for _ in 0..<words {
                // Mostly small numbers so offsets and lengths often land inside the data.
                let small = UInt256(UInt64.random(in: 0...320, using: &generator))
                let big = UInt256(limbs: (generator.next(), generator.next(), generator.next(), generator.next()))
                data += Self.word(Bool.random(using: &generator) ? small : big)
            }
            let subset = Array(types.shuffled(using: &generator).prefix(Int.random(in: 1...3, using: &generator)))
            _ = try? ABICodec.decode(subset, from: data)
        }
    }
}
