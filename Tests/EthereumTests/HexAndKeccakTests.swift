import Foundation
import Testing
import Ethereum

@Suite("Hex")
struct HexTests {
    @Test func decodesWithAndWithoutPrefix() throws {
        #expect(try Data(hexString: "0xDEADbeef00") == Data([0xde, 0xad, 0xbe, 0xef, 0x00]))
        #expect(try Data(hexString: "deadbeef") == Data([0xde, 0xad, 0xbe, 0xef]))
        #expect(try Data(hexString: "0XFF") == Data([0xff]))
        #expect(try Data(hexString: "") == Data())
        #expect(try Data(hexString: "0x") == Data())
    }

    @Test func encodesLowercase() {
        let data = Data([0xde, 0xad, 0xbe, 0xef, 0x00, 0x0a])
        #expect(data.hexString() == "0xdeadbeef000a")
        #expect(data.hexString(prefixed: false) == "deadbeef000a")
        #expect(Data().hexString() == "0x")
    }

    @Test func rejectsOddLengthAndBadCharacters() {
        #expect(throws: HexError.oddLength(digits: 3)) { try Data(hexString: "0xabc") }
        #expect(throws: HexError.oddLength(digits: 1)) { try Data(hexString: "a") }
        #expect(throws: HexError.invalidCharacter(position: 3)) { try Data(hexString: "0xaz") }
        #expect(throws: HexError.invalidCharacter(position: 0)) { try Data(hexString: "g0") }
        #expect(throws: HexError.invalidCharacter(position: 2)) { try Data(hexString: "0x 0") }
        #expect(throws: HexError.invalidCharacter(position: 4)) { try Data(hexString: "abcdé0") }
        #expect(HexError.invalidCharacter(position: 7).description.contains("position 7"))
    }

    @Test func roundTripsAllByteValues() throws {
        let all = Data((0...255).map { UInt8($0) })
        #expect(try Data(hexString: all.hexString()) == all)
        #expect(try Data(hexString: all.hexString().uppercased().replacingOccurrences(of: "0X", with: "0x")) == all)
    }

    @Test func decodesSlicesAndOffsets() throws {
        let data = try Data(hexString: "0x00112233")
        #expect(data.dropFirst(2).hexString() == "0x2233")
    }
}

@Suite("Keccak-256")
struct KeccakTests {
    /// `i % 256` for `i` in `0..<n`.
    static func message(_ n: Int) -> Data { Data((0..<n).map { UInt8(truncatingIfNeeded: $0) }) }

    @Test func knownVectors() {
        #expect(Keccak256.hash(Data()).hexString(prefixed: false)
            == "c5d2460186f7233c927e7db2dcc703c0e500b653ca82273b7bfad8045d85a470")
        #expect(Keccak256.hash(Data("abc".utf8)).hexString(prefixed: false)
            == "4e03657aea45a94fc7d47ba826c8d667c0d1e6e33a64a036ec44f58fa12d6c45")
        #expect(Keccak256.hash(utf8: "").hexString(prefixed: false)
            == "c5d2460186f7233c927e7db2dcc703c0e500b653ca82273b7bfad8045d85a470")
    }

    /// Expected values computed with pycryptodome `keccak.new(digest_bits=256)` on `bytes(i % 256 for i in range(n))`.
    @Test(arguments: [
        (135, "cbdfd9dee5faad3818d6b06f95a219fd290b0e1706f6a82e5a595b9ce9faca62"),
        (136, "7ce759f1ab7f9ce437719970c26b0a66ff11fe3e38e17df89cf5d29c7d7f807e"),
        (137, "ac73d4fae68b8453f764007c1a20ce95994187861f0c3227a3a8e99a73a3b1db"),
        (272, "fdf2ec49e749960d3c8521a0219af8d03e30e2b3bf19bd16150ee0eaf133d66e"),
        (1000, "aca79e4146e30eb1c733f6d6060d72471c36ea4e01ebf45d7f4916249c2bbd82"),
    ])
    func rateBoundaryMessages(length: Int, expected: String) {
        let message = Self.message(length)
        #expect(Keccak256.hash(message).hexString(prefixed: false) == expected)
        // The same digest through every entry point: [UInt8], a Data slice not starting at 0, raw memory.
        #expect(Keccak256.hash(Array(message)).hexString(prefixed: false) == expected)
        let padded = Data([0xff, 0xff]) + message
        #expect(Keccak256.hash(padded.dropFirst(2)).hexString(prefixed: false) == expected)
        #expect(message.withUnsafeBytes { Keccak256.hash($0) }.hexString(prefixed: false) == expected)
    }

    @Test func selectorsAndTopics() {
        #expect(Keccak256.hash(utf8: "transfer(address,uint256)").prefix(4).hexString() == "0xa9059cbb")
        #expect(Keccak256.hash(utf8: "Transfer(address,address,uint256)").hexString()
            == "0xddf252ad1be2c89b69c2b068fc378daa952ba7f163c4a11628f55a4df523b3ef")
    }

    @Test func incrementalHasherMatchesOneShot() {
        let message = Self.message(1000)
        for chunk in [1, 7, 64, 135, 136, 137, 500, 1000] {
            var hasher = Keccak256.Hasher()
            var offset = 0
            while offset < message.count {
                let end = min(offset + chunk, message.count)
                hasher.update(message[offset..<end])
                offset = end
            }
            #expect(hasher.finalize().hexString(prefixed: false)
                == "aca79e4146e30eb1c733f6d6060d72471c36ea4e01ebf45d7f4916249c2bbd82", "chunk \(chunk)")
        }
        #expect(Keccak256.Hasher().finalize() == Keccak256.hash(Data()))
    }

    @Test func digestIsAlways32BytesAndIndexedFromZero() {
        let digest = Keccak256.hash(Data([1, 2, 3]))
        #expect(digest.count == 32)
        #expect(digest.startIndex == 0)
    }
}
