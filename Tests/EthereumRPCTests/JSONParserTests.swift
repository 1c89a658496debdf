import Foundation
import Testing

@testable import EthereumRPC

@Suite("JSON parser")
struct JSONParserTests {
    func parse(_ text: String) throws -> JSONValue { try JSONParser.parse(Array(text.utf8)) }

    @Test func valuesOfEveryType() throws {
        let value = try parse(#" {"a": [1, -2, 3.5, 1e3, true, false, null, "x"], "b": {}, "c": [], "big": 18446744073709551616} "#)
        #expect(value == [
            "a": [1, -2, .double(3.5), .double(1000), true, false, nil, "x"], "b": [:], "c": [],
            "big": .double(18446744073709551616),
        ])
        #expect(try parse("-0") == .integer(0))
        #expect(try parse("9223372036854775807") == .integer(Int64.max))
    }

    @Test func stringEscapes() throws {
        #expect(try parse(#""a\"b\\c\/d\b\f\n\r\t""#) == .string("a\"b\\c/d\u{08}\u{0C}\n\r\t"))
        #expect(try parse(#""\u00e9\u4e2d\ud83d\ude00""#) == .string("é中😀"))
        #expect(try parse(#""\ud83d x""#) == .string("\u{FFFD} x"))
        #expect(try parse(#""héllo""#) == .string("héllo"))
    }

    @Test(arguments: [
        "", " ", "{", "[1,]", "[1 2]", "{\"a\" 1}", "{\"a\":1,}", "{a:1}", "01", "1.", ".5", "-", "1e", "+1",
        "tru", "nul", "\"abc", "\"a\u{01}b\"", "\"\\x\"", "\"\\u12\"", "[1] x", "NaN", "1e400",
    ])
    func invalidInputIsRejected(text: String) {
        #expect(throws: JSONParser.Failure.self) { try parse(text) }
    }

    @Test func nestingLimit() throws {
        let ok = String(repeating: "[", count: JSONParser.maxDepth) + String(repeating: "]", count: JSONParser.maxDepth)
        #expect(throws: Never.self) { try parse(ok) }
        let deep = String(repeating: "[", count: JSONParser.maxDepth + 1) + String(repeating: "]", count: JSONParser.maxDepth + 1)
        #expect(throws: JSONParser.Failure.self) { try parse(deep) }
    }

    @Test func agreesWithFoundation() throws {
        let text = "[" + Fixtures.block + "," + Fixtures.receipt + "," + Fixtures.feeHistory + "]"
        let ours = try parse(text)
        let foundation = try JSONDecoder().decode(JSONValue.self, from: Data(text.utf8))
        #expect(ours == foundation)
    }
}
