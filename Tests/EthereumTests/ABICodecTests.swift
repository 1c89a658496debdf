import Foundation
import Testing
import Ethereum

@Suite("ABI types and codec")
struct ABICodecTests {
    @Test(arguments: [
        "uint8", "uint256", "int8", "int256", "address", "bool", "bytes1", "bytes32", "bytes", "string",
        "uint256[]", "uint256[3]", "bytes3[2]", "uint256[][]", "string[2][]", "(uint256,bool)", "(uint256,bool)[]",
        "((address,bytes)[2],int24)[]", "(uint256,(string,(bool)[]))",
    ])
    func canonicalRoundTrip(type: String) throws {
        #expect(try ABIType(canonical: type).canonicalName == type)
    }

    @Test func aliasesAndStructure() throws {
        #expect(try ABIType(canonical: "uint") == .uint(256))
        #expect(try ABIType(canonical: "int") == .int(256))
        #expect(try ABIType(canonical: "byte") == .fixedBytes(1))
        #expect(try ABIType(canonical: "uint8[2][]") == .array(.fixedArray(.uint(8), 2)))
        #expect(try ABIType(canonical: "(uint256,bool)[]") == .array(.tuple([.uint(256), .bool])))
        #expect(try ABIType(canonical: "(uint256,bool)[]").isDynamic)
        #expect(try !ABIType(canonical: "(uint256,bool)[3]").isDynamic)
        #expect(try ABIType(canonical: "(uint256,bool)[3]").headSize == 192)
    }

    @Test(arguments: [
        "uint7", "uint264", "uint0", "uint08", "int9", "bytes0", "bytes33", "bytes01", "fixed128x18", "function",
        "uint256[0]", "uint256[01]", "uint256[", "uint256]", "(uint256", "(uint256,)", "()", "", "address payable",
        "Uint256", "uint256[2x]", "(uint256)(bool)", "tuple", "uint256[99999999999999999999]",
    ])
    func invalidTypes(type: String) {
        #expect(throws: ABIError.self) { try ABIType(canonical: type) }
    }

    @Test func deepNestingIsRefused() {
        let deep = String(repeating: "(", count: 40) + "uint256" + String(repeating: ")", count: 40)
        #expect(throws: ABIError.self) { try ABIType(canonical: deep) }
        let deepArray = "uint256" + String(repeating: "[]", count: 40)
        #expect(throws: ABIError.self) { try ABIType(canonical: deepArray) }
        let huge = String(repeating: "(", count: 100_000)
        #expect(throws: ABIError.self) { try ABIType(canonical: huge) }
    }

    /// Expected encodings produced by eth-abi 6.0.0 (`eth_abi.encode`).
    @Test func complexRoundTrips() throws {
        let address = try Address("0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed")
        let cases: [([String], [ABIValue], String)] = [
            (["(uint256,bool)[]", "int8", "int256"],
             [.array([.tuple([.uint(1), .bool(true)]), .tuple([.uint(2), .bool(false)])]),
              .int(UInt256(twosComplementOf: -1)), .int(UInt256.one << 255)],
             "0000000000000000000000000000000000000000000000000000000000000060ffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff800000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000020000000000000000000000000000000000000000000000000000000000000001000000000000000000000000000000000000000000000000000000000000000100000000000000000000000000000000000000000000000000000000000000020000000000000000000000000000000000000000000000000000000000000000"),
            (["(string,uint8[2])[2]", "address"],
             [.array([.tuple([.string("hi"), .array([.uint(1), .uint(2)])]), .tuple([.string(""), .array([.uint(3), .uint(4)])])]),
              .address(address)],
             "00000000000000000000000000000000000000000000000000000000000000400000000000000000000000005aaeb6053f3e94c9b9a09f33669435e7ef1beaed000000000000000000000000000000000000000000000000000000000000004000000000000000000000000000000000000000000000000000000000000000e0000000000000000000000000000000000000000000000000000000000000006000000000000000000000000000000000000000000000000000000000000000010000000000000000000000000000000000000000000000000000000000000002000000000000000000000000000000000000000000000000000000000000000268690000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000060000000000000000000000000000000000000000000000000000000000000000300000000000000000000000000000000000000000000000000000000000000040000000000000000000000000000000000000000000000000000000000000000"),
            (["string[2]", "bytes32", "(uint16,(bytes,int24))"],
             [.array([.string("a"), .string("bc")]), .fixedBytes(Data(repeating: 1, count: 32)),
              .tuple([.uint(7), .tuple([.bytes(Data([0xff])), .int(UInt256(twosComplementOf: -5))])])],
             "000000000000000000000000000000000000000000000000000000000000006001010101010101010101010101010101010101010101010101010101010101010000000000000000000000000000000000000000000000000000000000000120000000000000000000000000000000000000000000000000000000000000004000000000000000000000000000000000000000000000000000000000000000800000000000000000000000000000000000000000000000000000000000000001610000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000026263000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000700000000000000000000000000000000000000000000000000000000000000400000000000000000000000000000000000000000000000000000000000000040fffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffb0000000000000000000000000000000000000000000000000000000000000001ff00000000000000000000000000000000000000000000000000000000000000"),
            (["string"], [.string("héllo ✓")],
             "0000000000000000000000000000000000000000000000000000000000000020000000000000000000000000000000000000000000000000000000000000000a68c3a96c6c6f20e29c9300000000000000000000000000000000000000000000"),
        ]
        for (typeNames, values, hex) in cases {
            let types = try typeNames.map { try ABIType(canonical: $0) }
            #expect(try ABICodec.encode(values, as: types).hexString(prefixed: false) == hex, "\(typeNames)")
            #expect(try ABICodec.decode(types, from: Data(hexString: hex)) == values, "\(typeNames)")
        }
    }

    @Test func encodingRejectsBadValues() throws {
        #expect(throws: ABIError.self) { try ABICodec.encode([.uint(256)], as: [.uint(8)]) }
        #expect(throws: ABIError.self) { try ABICodec.encode([.int(128)], as: [.int(8)]) }
        #expect(throws: ABIError.self) { try ABICodec.encode([.int(UInt256(twosComplementOf: -129))], as: [.int(8)]) }
        #expect(throws: ABIError.self) { try ABICodec.encode([.fixedBytes(Data([1, 2]))], as: [.fixedBytes(3)]) }
        #expect(throws: ABIError.self) { try ABICodec.encode([.string("x")], as: [.bytes]) }
        #expect(throws: ABIError.self) { try ABICodec.encode([.array([.uint(1)])], as: [.fixedArray(.uint(8), 2)]) }
        #expect(throws: ABIError.valueCountMismatch(expected: 2, got: 1)) { try ABICodec.encode([.uint(1)], as: [.uint(8), .bool]) }
        #expect(throws: ABIError.self) { try ABICodec.encode([.tuple([.uint(1)])], as: [.tuple([.uint(8), .bool])]) }
        // A non-negative .uint is accepted for an int type when it fits.
        #expect(try ABICodec.encode([.uint(127)], as: [.int(8)]) == UInt256(127).bigEndianBytes)
    }

    @Test func emptyAndZeroValues() throws {
        let types: [ABIType] = [.bytes, .string, .array(.uint(256)), .uint(256)]
        let values: [ABIValue] = [.bytes(Data()), .string(""), .array([]), .uint(0)]
        let encoded = try ABICodec.encode(values, as: types)
        #expect(encoded.count == 32 * 7)
        #expect(try ABICodec.decode(types, from: encoded) == values)
        #expect(try ABICodec.decode([], from: Data()) == [])
    }
}
