import Foundation
import QSPCore
import Testing

/// RFC 8259 vectors for ``JSONParser``: what it accepts, what it rejects and where.
@Suite("JSON parser")
struct JSONParserTests {
    func parse(_ text: String) throws(JSONParseError) -> JSONValue { try JSONParser.parse(text) }

    /// The error for `text`, or nil when it parses.
    func error(_ text: String) -> JSONParseError? {
        do {
            _ = try parse(text)
            return nil
        } catch {
            return error
        }
    }

    @Test func valuesOfEveryType() throws {
        let value = try parse(#" {"a": [1, -2, 3.5, 1e3, true, false, null, "x"], "b": {}, "c": []} "#)
        #expect(value == ["a": [1, -2, 3.5, .double(1000), true, false, nil, "x"], "b": [:], "c": []])
        #expect(try parse("-0") == .integer(0))
        #expect(try parse("0") == .integer(0))
        #expect(try parse("1E+2") == .double(100))
        #expect(try parse("-1.5e-3") == .double(-0.0015))
        #expect(try parse("\t\r\n 7 \n") == .integer(7))
    }

    @Test func integersAndDoublesStayApart() throws {
        #expect(try parse("9223372036854775807") == .integer(Int64.max))
        #expect(try parse("-9223372036854775808") == .integer(Int64.min))
        guard case .double(let big) = try parse("9223372036854775808") else { Issue.record("not a double"); return }
        #expect(big == 9223372036854775808.0)
        guard case .double(let huge) = try parse("18446744073709551616123") else { Issue.record("not a double"); return }
        #expect(huge == 18446744073709551616123.0)
        guard case .double(let small) = try parse("-9223372036854775809") else { Issue.record("not a double"); return }
        #expect(small == -9223372036854775809.0)
        guard case .double = try parse("1.0") else { Issue.record("1.0 must stay a double"); return }
        #expect(JSONValue.integer(1) == .double(1.0))  // JSON equality, as JSON Schema's enum needs
        #expect(JSONValue.integer(1).hashValue == JSONValue.double(1.0).hashValue)
        #expect(JSONValue.integer(9007199254740993) != .double(9007199254740992))
    }

    @Test func stringEscapes() throws {
        #expect(try parse(#""a\"b\\c\/d\b\f\n\r\t""#) == .string("a\"b\\c/d\u{08}\u{0C}\n\r\t"))
        #expect(try parse(#""\u00e9\u4E2D\ud83d\ude00""#) == .string("é中😀"))
        #expect(try parse(#""\u0000""#) == .string("\u{0}"))
        #expect(try parse(#""héllo 😀""#) == .string("héllo 😀"))
        #expect(try parse(#""""#) == .string(""))
    }

    @Test func loneSurrogatesBecomeReplacementCharacters() throws {
        #expect(try parse(#""\ud83d x""#) == .string("\u{FFFD} x"))
        #expect(try parse(#""\ude00""#) == .string("\u{FFFD}"))
        #expect(try parse(#""\ud83d\u0041""#) == .string("\u{FFFD}A"))
        #expect(try parse(#""\ud83d\ud83d\ude00""#) == .string("\u{FFFD}😀"))
        #expect(try parse(#""\ud83d""#) == .string("\u{FFFD}"))
    }

    @Test(arguments: [
        "", " ", "{", "[", "[1,]", "[1 2]", "{\"a\" 1}", "{\"a\":1,}", "{a:1}", "{\"a\":}", "{,}", "[,1]",
        "01", "-01", "00", "1.", ".5", "-", "1e", "1e+", "+1", "0x10", "1.e3", "Infinity", "-Infinity", "NaN",
        "1e400", "-1e400", "tru", "nul", "True", "'a'", "\"abc", "\"a\u{01}b\"", "\"a\nb\"", "\"a\tb\"",
        "\"\\x\"", "\"\\u12\"", "\"\\u12G4\"", "\"\\", "[1] x", "{} {}", "1 2", "\u{0}", "[1]\u{0}",
    ])
    func invalidInputIsRejected(text: String) {
        #expect(throws: JSONParseError.self) { try parse(text) }
    }

    @Test func invalidUTF8IsRejected() {
        for bytes: [UInt8] in [[0x22, 0xFF, 0x22], [0x22, 0xC3, 0x22], [0x22, 0xED, 0xA0, 0x80, 0x22], [0xFF]] {
            #expect(throws: JSONParseError.self) { try JSONParser.parse(bytes) }
        }
    }

    @Test func errorOffsetsAndMessages() {
        #expect(error("[1,]") == JSONParseError(offset: 3, message: "unexpected character, expected a value"))
        #expect(error("[1 2]") == JSONParseError(offset: 3, message: "expected ',' or ']' in an array"))
        #expect(error(#"{"a":1,}"#) == JSONParseError(offset: 7, message: "expected a string key"))
        #expect(error(#"{"a" 1}"#) == JSONParseError(offset: 5, message: "expected ':' after an object key"))
        #expect(error(#"{"a":1 "b":2}"#) == JSONParseError(offset: 7, message: "expected ',' or '}' in an object"))
        #expect(error("01") == JSONParseError(offset: 1, message: "leading zero in a number"))
        #expect(error("1.x") == JSONParseError(offset: 2, message: "expected a digit after '.'"))
        #expect(error("[1] x") == JSONParseError(offset: 4, message: "unexpected text after the JSON value"))
        #expect(error("[tru]") == JSONParseError(offset: 4, message: "invalid literal, expected true"))
        #expect(error("[1,") == JSONParseError(offset: 3, message: "unexpected end of input, expected a value"))
        #expect(error("  \"abc") == JSONParseError(offset: 2, message: "unterminated string"))
        #expect(error("\"a\u{01}\"") == JSONParseError(offset: 2, message: "unescaped control character in a string"))
        #expect(error(#""\q""#) == JSONParseError(offset: 1, message: "invalid escape sequence"))
        #expect(error("[1e999]") == JSONParseError(offset: 1, message: "number out of range"))
        #expect(error("[1,]")?.description == "invalid JSON at byte 3: unexpected character, expected a value")
    }

    @Test func nestingLimit() throws {
        let limit = JSONParser.maxDepth
        #expect(limit == 256)
        let ok = String(repeating: "[", count: limit) + "1" + String(repeating: "]", count: limit)
        #expect(throws: Never.self) { try parse(ok) }
        let objects = String(repeating: #"{"a":"#, count: limit) + "1" + String(repeating: "}", count: limit)
        #expect(throws: Never.self) { try parse(objects) }
        let deep = String(repeating: "[", count: limit + 1) + String(repeating: "]", count: limit + 1)
        #expect(error(deep) == JSONParseError(offset: limit, message: "nesting deeper than 256 levels"))
        // Far deeper input is rejected without recursing further (no stack overflow).
        #expect(throws: JSONParseError.self) { try parse(String(repeating: "[", count: 1_000_000)) }
    }

    @Test func byteOrderMarkIsSkippedAndCounted() throws {
        let bom: [UInt8] = [0xEF, 0xBB, 0xBF]
        #expect(try JSONParser.parse(bom + Array(#"{"a":1}"#.utf8)) == ["a": 1])
        #expect(throws: JSONParseError(offset: 6, message: "expected ',' or ']' in an array")) {
            try JSONParser.parse(bom + Array("[1 2]".utf8))
        }
        #expect(throws: JSONParseError.self) { try JSONParser.parse(Array(" ".utf8) + bom + Array("1".utf8)) }
        #expect(throws: JSONParseError.self) { try JSONParser.parse(bom) }
    }

    @Test func inputForms() throws {
        let text = #"{"k":[1,"v"]}"#
        let expected: JSONValue = ["k": [1, "v"]]
        #expect(try JSONParser.parse(Data(text.utf8)) == expected)
        #expect(try JSONParser.parse(Array(text.utf8)) == expected)
        let viaPointer = try Array(text.utf8).withUnsafeBytes { try JSONParser.parse($0) }
        #expect(viaPointer == expected)
    }
}
