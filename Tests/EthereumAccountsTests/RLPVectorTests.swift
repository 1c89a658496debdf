import Ethereum
import Foundation
import Testing
@testable import EthereumAccounts

/// ethereum/tests RLPTests: rlptest.json (valid) and invalidRLPTest.json (+ later upstream additions).
@Suite struct RLPVectorTests {
    /// Converts an rlptest.json "in" value: strings starting with '#' are big integers, "0x…" strings are hex
    /// bytes (only `listofbinaries` uses them), other strings are their bytes, numbers are integers.
    static func item(fromTestInput value: Any) throws -> RLPItem {
        if let list = value as? [Any] { return .list(try list.map { try item(fromTestInput: $0) }) }
        if let string = value as? String {
            if string.hasPrefix("#") {
                guard let big = UInt256(decimalString: String(string.dropFirst())) else {
                    // 2^256 in "bigint" does not fit UInt256: build it from its decimal digits by hand.
                    return .bytes(try bigDecimalBytes(String(string.dropFirst())))
                }
                return .bytes(big.minimalBigEndianBytes)
            }
            if string.hasPrefix("0x") { return .bytes(hex(string)) }
            return .bytes(Data(string.utf8))
        }
        if let number = value as? NSNumber { return .uint(number.uint64Value) }
        throw VectorMissing(name: "unsupported input \(value)")
    }

    /// Minimal big-endian bytes of an arbitrary-size decimal string.
    static func bigDecimalBytes(_ decimal: String) throws -> Data {
        var bytes: [UInt8] = []  // little-endian base-256 digits
        for character in decimal {
            guard let digit = character.wholeNumberValue else { throw VectorMissing(name: decimal) }
            var carry = digit
            for index in bytes.indices {
                let value = Int(bytes[index]) * 10 + carry
                bytes[index] = UInt8(value & 0xff)
                carry = value >> 8
            }
            while carry > 0 { bytes.append(UInt8(carry & 0xff)); carry >>= 8 }
        }
        return Data(bytes.reversed())
    }

    static func validCases() throws -> [(String, Any, Data)] {
        let json = try vectorJSON("rlptest.json") as! [String: [String: Any]]
        return json.keys.sorted().map { name in (name, json[name]!["in"]!, hex(json[name]!["out"] as! String)) }
    }

    @Test func validVectorsEncodeAndDecode() throws {
        let cases = try Self.validCases()
        #expect(cases.count == 29)
        var checked = 0
        for (name, input, output) in cases where name != "listofbinaries" {
            let item = try Self.item(fromTestInput: input)
            #expect(RLP.encode(item) == output, "encode \(name)")
            #expect(try RLP.decode(output) == item, "decode \(name)")
            checked += 1
        }
        #expect(checked == 28)
    }

    /// `listofbinaries` is inconsistent upstream: its list header 0xf8a7 covers only the first four elements
    /// (167 bytes) and 153 zero bytes follow the list, while "in" lists those zeros as elements. A strict
    /// decoder must reject "out" (trailing bytes); encoding "in" gives the canonical 0xf90140… form instead.
    @Test func listOfBinariesIsRejectedAsTrailingBytes() throws {
        let (_, input, output) = try Self.validCases().first { $0.0 == "listofbinaries" }!
        #expect(throws: RLPError(.trailingBytes, offset: 169)) { try RLP.decode(output) }
        let item = try Self.item(fromTestInput: input)
        let canonical = RLP.encode(item)
        #expect(canonical.prefix(3) == hex("f90140"))
        #expect(try RLP.decode(canonical) == item)
        #expect(canonical.dropFirst(3) == output.dropFirst(2))  // same element bytes, correct header
    }

    @Test(arguments: ["invalidRLPTest.json", "invalidRLPTest-later-additions.json"])
    func invalidVectorsAreRejected(file: String) throws {
        let json = try vectorJSON(file) as! [String: Any]
        var rejected = 0
        for (name, value) in json where !name.hasPrefix("_") {
            let output = hex((value as! [String: Any])["out"] as! String)
            #expect(throws: RLPError.self, "\(name) must be rejected") { try RLP.decode(output) }
            rejected += 1
        }
        #expect(rejected == (file == "invalidRLPTest.json" ? 17 : 9))
    }

    @Test func invalidVectorsFailForTheRightReason() {
        let expectations: [(String, RLPError.Kind)] = [
            ("8100", .nonCanonicalSingleByte), ("817f", .nonCanonicalSingleByte),
            ("b800", .leadingZeroInLength), ("f800", .leadingZeroInLength),
            ("b90040" + String(repeating: "00", count: 64), .leadingZeroInLength),
            ("b801ff", .longFormForShortLength), ("f803112233", .longFormForShortLength),
            ("f80180", .longFormForShortLength),
            ("", .emptyInput), ("81", .truncated), ("c5010203", .truncated), ("f90180", .truncated),
            ("bf0f000000000000021111", .truncated), ("ffffffffffffffffff0001020304050607", .truncated),
            ("83646f6700", .trailingBytes), ("c0c0", .trailingBytes), ("c283646f67", .truncated),
            ("b8", .truncated), ("f8", .truncated),
        ]
        for (input, kind) in expectations {
            #expect(throws: RLPError.self) { try RLP.decode(hex(input)) }
            do {
                _ = try RLP.decode(hex(input))
            } catch {
                #expect(error.kind == kind, "\(input)")
            }
        }
    }
}
