import Foundation

/// Why a JSON text was rejected by ``JSONParser``, with the byte offset of the offending input.
public struct JSONParseError: Error, Hashable, Sendable, CustomStringConvertible {
    /// 0-based byte offset in the input (a leading byte order mark counts) where parsing stopped.
    public let offset: Int
    /// What was wrong, e.g. "expected ',' or '}'".
    public let message: String

    /// Creates an error.
    public init(offset: Int, message: String) {
        self.offset = offset
        self.message = message
    }

    /// "invalid JSON at byte N: message".
    public var description: String { "invalid JSON at byte \(offset): \(message)" }
}

/// The project's one JSON parser: strict RFC 8259, one pass over the bytes, producing ``JSONValue`` with object
/// key order kept.
///
/// - Exactly one value, optionally surrounded by whitespace; anything after it is an error. A UTF-8 byte order
///   mark at the very start is skipped.
/// - Numbers: no leading zeros, `+`, `.5`, `1.`, `NaN` or infinities; integers that fit `Int64` become
///   ``JSONValue/integer(_:)``, all other numbers ``JSONValue/double(_:)`` (so integers beyond `Int64` become
///   doubles); a number too large for a finite `Double` is an error.
/// - Strings: control characters must be escaped; invalid UTF-8 is an error; `\uXXXX` surrogate pairs are joined
///   and a lone surrogate becomes U+FFFD (RFC 8259 §8.2 leaves it open).
/// - Objects: a repeated key keeps its first position and its last value (like Python's `json`).
/// - Nesting deeper than ``maxDepth`` arrays/objects is an error, so hostile input cannot exhaust the stack.
///
/// Whether this hand-written parser is worth keeping over `JSONDecoder` is measured by `scripts/bench json`
/// (README, Benchmarks).
public enum JSONParser {
    /// The deepest nesting of arrays and objects accepted (the outermost container is level 1).
    public static let maxDepth = 256

    /// Parses a JSON text given as raw bytes.
    public static func parse(_ bytes: UnsafeRawBufferPointer) throws(JSONParseError) -> JSONValue {
        var scanner = JSONScanner(bytes.bindMemory(to: UInt8.self))
        return try scanner.document()
    }

    /// Parses a JSON text given as bytes.
    public static func parse(_ bytes: [UInt8]) throws(JSONParseError) -> JSONValue {
        try bytes.withUnsafeBufferPointer { (buffer) throws(JSONParseError) -> JSONValue in
            var scanner = JSONScanner(buffer)
            return try scanner.document()
        }
    }

    /// Parses a JSON text given as `Data`.
    public static func parse(_ data: Data) throws(JSONParseError) -> JSONValue {
        try data.withUnsafeBytes { raw in Result { () throws(JSONParseError) in try parse(raw) } }.get()
    }

    /// Parses a JSON text given as a string (its UTF-8 form).
    public static func parse(_ text: String) throws(JSONParseError) -> JSONValue {
        var text = text
        return try text.withUTF8 { buffer in Result { () throws(JSONParseError) in try parse(UnsafeRawBufferPointer(buffer)) } }.get()
    }
}

/// The parser's state over one borrowed buffer (see ``JSONParser``); strings and numbers are in
/// `JSONScanner+Scalars.swift`.
struct JSONScanner {
    let bytes: UnsafeBufferPointer<UInt8>
    var index = 0

    init(_ bytes: UnsafeBufferPointer<UInt8>) {
        self.bytes = bytes
        if bytes.count >= 3, bytes[0] == 0xEF, bytes[1] == 0xBB, bytes[2] == 0xBF { index = 3 }
    }

    func failure(_ message: String, at offset: Int? = nil) -> JSONParseError {
        JSONParseError(offset: offset ?? index, message: message)
    }

    mutating func document() throws(JSONParseError) -> JSONValue {
        skipWhitespace()
        let value = try value(depth: 0)
        skipWhitespace()
        guard index == bytes.count else { throw failure("unexpected text after the JSON value") }
        return value
    }

    @inline(__always)
    mutating func skipWhitespace() {
        while index < bytes.count {
            switch bytes[index] {
            case 0x20, 0x0A, 0x0D, 0x09: index += 1
            default: return
            }
        }
    }

    /// One value starting at `index` (whitespace already skipped); `depth` counts the enclosing containers.
    mutating func value(depth: Int) throws(JSONParseError) -> JSONValue {
        guard index < bytes.count else { throw failure("unexpected end of input, expected a value") }
        switch bytes[index] {
        case UInt8(ascii: "\""): return .string(try string())
        case UInt8(ascii: "{"): return try object(depth: depth + 1)
        case UInt8(ascii: "["): return try array(depth: depth + 1)
        case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"): return try number()
        case UInt8(ascii: "t"): try literal("true"); return .bool(true)
        case UInt8(ascii: "f"): try literal("false"); return .bool(false)
        case UInt8(ascii: "n"): try literal("null"); return .null
        default: throw failure("unexpected character, expected a value")
        }
    }

    private mutating func literal(_ word: StaticString) throws(JSONParseError) {
        let count = word.utf8CodeUnitCount
        for offset in 0..<count {
            guard index + offset < bytes.count else { throw failure("unexpected end of input in a literal", at: bytes.count) }
            guard bytes[index + offset] == word.utf8Start[offset] else {
                throw failure("invalid literal, expected \(word)", at: index + offset)
            }
        }
        index += count
    }

    private mutating func object(depth: Int) throws(JSONParseError) -> JSONValue {
        guard depth <= JSONParser.maxDepth else { throw failure("nesting deeper than \(JSONParser.maxDepth) levels") }
        index += 1
        var object = JSONObject()
        skipWhitespace()
        if index < bytes.count, bytes[index] == UInt8(ascii: "}") {
            index += 1
            return .object(object)
        }
        while true {
            guard index < bytes.count else { throw failure("unexpected end of input in an object") }
            guard bytes[index] == UInt8(ascii: "\"") else { throw failure("expected a string key") }
            let key = try string()
            skipWhitespace()
            guard index < bytes.count else { throw failure("unexpected end of input in an object") }
            guard bytes[index] == UInt8(ascii: ":") else { throw failure("expected ':' after an object key") }
            index += 1
            skipWhitespace()
            let member = try value(depth: depth)
            if let position = object.position(of: key) {
                object.members[position].value = member  // the last duplicate wins, in the first one's place
            } else {
                object.append(uniqueKey: key, member)
            }
            skipWhitespace()
            guard index < bytes.count else { throw failure("unexpected end of input in an object") }
            switch bytes[index] {
            case UInt8(ascii: ","):
                index += 1
                skipWhitespace()
            case UInt8(ascii: "}"):
                index += 1
                return .object(object)
            default:
                throw failure("expected ',' or '}' in an object")
            }
        }
    }

    private mutating func array(depth: Int) throws(JSONParseError) -> JSONValue {
        guard depth <= JSONParser.maxDepth else { throw failure("nesting deeper than \(JSONParser.maxDepth) levels") }
        index += 1
        var elements: [JSONValue] = []
        skipWhitespace()
        if index < bytes.count, bytes[index] == UInt8(ascii: "]") {
            index += 1
            return .array(elements)
        }
        while true {
            elements.append(try value(depth: depth))
            skipWhitespace()
            guard index < bytes.count else { throw failure("unexpected end of input in an array") }
            switch bytes[index] {
            case UInt8(ascii: ","):
                index += 1
                skipWhitespace()
            case UInt8(ascii: "]"):
                index += 1
                return .array(elements)
            default:
                throw failure("expected ',' or ']' in an array")
            }
        }
    }
}
