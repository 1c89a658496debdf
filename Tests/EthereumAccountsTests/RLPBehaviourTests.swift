import Foundation
import Testing
@testable import EthereumAccounts

@Suite struct RLPBehaviourTests {
    @Test func lengthBoundaries() {
        func string(_ count: Int) -> RLPItem { .bytes(Data(repeating: 0x61, count: count)) }
        #expect(RLP.encode(string(0)) == Data([0x80]))
        #expect(RLP.encode(string(1)) == Data([0x61]))
        #expect(RLP.encode(.bytes(Data([0x80]))) == Data([0x81, 0x80]))
        #expect(RLP.encode(string(55)).prefix(1) == Data([0xb7]))
        #expect(RLP.encode(string(56)).prefix(2) == Data([0xb8, 0x38]))
        #expect(RLP.encode(string(256)).prefix(3) == Data([0xb9, 0x01, 0x00]))
        #expect(RLP.encode(.list([string(54)])).prefix(1) == Data([0xf7]))
        #expect(RLP.encode(.list([string(55)])).prefix(2) == Data([0xf8, 0x38]))
        #expect(RLP.encode(.uint(0)) == Data([0x80]))
        #expect(RLP.encode(.uint(1024)) == Data([0x82, 0x04, 0x00]))
        #expect(RLP.encode(.uint(.max)) == Data([0x88] + [UInt8](repeating: 0xff, count: 8)))
    }

    @Test func nestingDepthIsBounded() throws {
        var item = RLPItem.list([])
        for _ in 0..<200 { item = .list([item]) }
        let encoded = RLP.encode(item)
        #expect(throws: RLPError.self) { try RLP.decode(encoded) }
        do { _ = try RLP.decode(encoded) } catch { #expect(error.kind == .depthExceeded(limit: 64)) }
        #expect(try RLP.decode(encoded, maximumDepth: 512) == item)
    }

    @Test func randomStructuresRoundTripAndTruncationsAreRejected() throws {
        var generator = SplitMix64(seed: 0x5eed)
        func random(_ depth: Int) -> RLPItem {
            if depth == 0 || generator.next() % 100 < 45 {
                let length: Int
                switch generator.next() % 4 {
                case 0: length = 0
                case 1: length = 1
                case 2: length = Int(generator.next() % 60)
                default: length = Int(generator.next() % 400)
                }
                return .bytes(Data((0..<length).map { _ in UInt8(truncatingIfNeeded: generator.next()) }))
            }
            return .list((0..<Int(generator.next() % 6)).map { _ in random(depth - 1) })
        }
        for _ in 0..<500 {
            let item = random(4)
            let encoded = RLP.encode(item)
            #expect(try RLP.decode(encoded) == item)
            #expect(RLP.encodedLength(of: item) == encoded.count)
        }
        let sample = RLP.encode(.list([.bytes(Data([1, 2, 3])), .list([.bytes(Data(count: 70)), .bytes(Data())]), .bytes(Data(count: 200))]))
        for length in 0..<sample.count {
            #expect(throws: RLPError.self) { try RLP.decode(sample.prefix(length)) }
        }
    }

    @Test func decodesFromDataSlices() throws {
        let bytes = Data([0xff, 0x83, 0x64, 0x6f, 0x67])
        #expect(try RLP.decode(bytes.dropFirst()) == .bytes(Data("dog".utf8)))
    }

    @Test func errorMessagesSayWhereAndWhat() {
        let error = RLPError(.leadingZeroInLength, offset: 3)
        #expect(error.description.contains("byte 3"))
        #expect(error.description.contains("leading zero"))
    }
}

/// A small deterministic generator so random tests are reproducible.
struct SplitMix64: RandomNumberGenerator {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9e37_79b9_7f4a_7c15
        var z = state
        z = (z ^ (z >> 30)) &* 0xbf58_476d_1ce4_e5b9
        z = (z ^ (z >> 27)) &* 0x94d0_49bb_1331_11eb
        return z ^ (z >> 31)
    }
}
