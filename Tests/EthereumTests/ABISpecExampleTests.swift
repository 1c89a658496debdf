import Foundation
import Testing
import Ethereum

/// The worked examples of the Solidity "Contract ABI Specification" (expected hex cross-checked with eth-abi 6.0.0).
@Suite("ABI spec examples")
struct ABISpecExampleTests {
    static func words(_ hex: String) throws -> Data { try Data(hexString: hex) }

    /// Encodes, checks selector + encoding, decodes back, and checks the decoded values.
    func check(_ signature: String, _ types: [String], _ values: [ABIValue], selector: String, encoded: String) throws {
        let abiTypes = try types.map { try ABIType(canonical: $0) }
        let name = String(signature.prefix { $0 != "(" })
        let function = ABIFunction(name: name, inputs: abiTypes)
        #expect(function.signature == signature)
        #expect(function.selector.hexString() == selector)
        let calldata = try function.encodeCall(values)
        #expect(calldata.hexString() == selector + encoded)
        #expect(try ABICodec.decode(abiTypes, from: Data(hexString: encoded)) == values)
        #expect(try function.decodeCall(calldata) == values)
    }

    @Test func baz() throws {
        try check("baz(uint32,bool)", ["uint32", "bool"], [.uint(69), .bool(true)], selector: "0xcdcd77c0", encoded:
            "0000000000000000000000000000000000000000000000000000000000000045"
            + "0000000000000000000000000000000000000000000000000000000000000001")
    }

    @Test func bar() throws {
        try check("bar(bytes3[2])", ["bytes3[2]"], [.array([.fixedBytes(Data("abc".utf8)), .fixedBytes(Data("def".utf8))])],
                  selector: "0xfce353f6", encoded:
            "6162630000000000000000000000000000000000000000000000000000000000"
            + "6465660000000000000000000000000000000000000000000000000000000000")
    }

    @Test func sam() throws {
        try check("sam(bytes,bool,uint256[])", ["bytes", "bool", "uint256[]"],
                  [.bytes(Data("dave".utf8)), .bool(true), .array([.uint(1), .uint(2), .uint(3)])],
                  selector: "0xa5643bf2", encoded:
            "0000000000000000000000000000000000000000000000000000000000000060"
            + "0000000000000000000000000000000000000000000000000000000000000001"
            + "00000000000000000000000000000000000000000000000000000000000000a0"
            + "0000000000000000000000000000000000000000000000000000000000000004"
            + "6461766500000000000000000000000000000000000000000000000000000000"
            + "0000000000000000000000000000000000000000000000000000000000000003"
            + "0000000000000000000000000000000000000000000000000000000000000001"
            + "0000000000000000000000000000000000000000000000000000000000000002"
            + "0000000000000000000000000000000000000000000000000000000000000003")
    }

    @Test func f() throws {
        try check("f(uint256,uint32[],bytes10,bytes)", ["uint256", "uint32[]", "bytes10", "bytes"],
                  [.uint(0x123), .array([.uint(0x456), .uint(0x789)]), .fixedBytes(Data("1234567890".utf8)),
                   .bytes(Data("Hello, world!".utf8))],
                  selector: "0x8be65246", encoded:
            "0000000000000000000000000000000000000000000000000000000000000123"
            + "0000000000000000000000000000000000000000000000000000000000000080"
            + "3132333435363738393000000000000000000000000000000000000000000000"
            + "00000000000000000000000000000000000000000000000000000000000000e0"
            + "0000000000000000000000000000000000000000000000000000000000000002"
            + "0000000000000000000000000000000000000000000000000000000000000456"
            + "0000000000000000000000000000000000000000000000000000000000000789"
            + "000000000000000000000000000000000000000000000000000000000000000d"
            + "48656c6c6f2c20776f726c642100000000000000000000000000000000000000")
    }

    @Test func g() throws {
        try check("g(uint256[][],string[])", ["uint256[][]", "string[]"],
                  [.array([.array([.uint(1), .uint(2)]), .array([.uint(3)])]),
                   .array([.string("one"), .string("two"), .string("three")])],
                  selector: "0x2289b18c", encoded:
            "0000000000000000000000000000000000000000000000000000000000000040"
            + "0000000000000000000000000000000000000000000000000000000000000140"
            + "0000000000000000000000000000000000000000000000000000000000000002"
            + "0000000000000000000000000000000000000000000000000000000000000040"
            + "00000000000000000000000000000000000000000000000000000000000000a0"
            + "0000000000000000000000000000000000000000000000000000000000000002"
            + "0000000000000000000000000000000000000000000000000000000000000001"
            + "0000000000000000000000000000000000000000000000000000000000000002"
            + "0000000000000000000000000000000000000000000000000000000000000001"
            + "0000000000000000000000000000000000000000000000000000000000000003"
            + "0000000000000000000000000000000000000000000000000000000000000003"
            + "0000000000000000000000000000000000000000000000000000000000000060"
            + "00000000000000000000000000000000000000000000000000000000000000a0"
            + "00000000000000000000000000000000000000000000000000000000000000e0"
            + "0000000000000000000000000000000000000000000000000000000000000003"
            + "6f6e650000000000000000000000000000000000000000000000000000000000"
            + "0000000000000000000000000000000000000000000000000000000000000003"
            + "74776f0000000000000000000000000000000000000000000000000000000000"
            + "0000000000000000000000000000000000000000000000000000000000000005"
            + "7468726565000000000000000000000000000000000000000000000000000000")
    }

    @Test func erc20Transfer() throws {
        let transfer = ABIFunction(name: "transfer", inputs: [.address, .uint(256)], outputs: [.bool])
        #expect(transfer.selector.hexString() == "0xa9059cbb")
        let to = try Address("0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed")
        let calldata = try transfer.encodeCall([.address(to), .uint(1000)])
        #expect(calldata.hexString() == "0xa9059cbb"
            + "0000000000000000000000005aaeb6053f3e94c9b9a09f33669435e7ef1beaed"
            + "00000000000000000000000000000000000000000000000000000000000003e8")
        #expect(try transfer.decodeOutput(UInt256.one.bigEndianBytes) == [.bool(true)])
        let event = ABIEvent(name: "Transfer", inputs: [
            ABIParameter(name: "from", type: .address, indexed: true),
            ABIParameter(name: "to", type: .address, indexed: true),
            ABIParameter(name: "value", type: .uint(256)),
        ])
        #expect(event.topic0.hexString() == "0xddf252ad1be2c89b69c2b068fc378daa952ba7f163c4a11628f55a4df523b3ef")
    }
}
