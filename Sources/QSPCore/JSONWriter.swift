import Foundation

/// Writes ``JSONValue`` deterministically: members in their order, and in the byte form of Python's
/// `json.dumps(value, indent=2)` when `pretty` (2-space indentation, `": "` after keys, no trailing spaces,
/// `[]`/`{}` for empty containers) or with no whitespace at all otherwise. Output is ASCII: other characters are
/// written as `\uXXXX` (surrogate pairs above U+FFFF). Doubles use the shortest round-trip form with Python's
/// `.0` for integral values; there are no non-finite doubles in a ``JSONValue`` from ``JSONParser``, and any
/// built by hand are written as `null`.
public struct JSONWriter: Sendable {
    private var output: [UInt8] = []
    private let pretty: Bool

    private init(pretty: Bool) {
        self.pretty = pretty
    }

    /// The UTF-8 bytes of `value`.
    public static func bytes(_ value: JSONValue, pretty: Bool = false) -> [UInt8] {
        var writer = JSONWriter(pretty: pretty)
        writer.write(value, level: 0)
        return writer.output
    }

    /// `value` as `Data`.
    public static func write(_ value: JSONValue, pretty: Bool) -> Data {
        Data(bytes(value, pretty: pretty))
    }

    /// `value` as a string (compact unless `pretty`).
    public static func string(_ value: JSONValue, pretty: Bool = false) -> String {
        String(decoding: bytes(value, pretty: pretty), as: UTF8.self)
    }

    /// The number form used for doubles: shortest round trip, integral values with `.0`, non-finite as `null`.
    public static func format(_ value: Double) -> String {
        guard value.isFinite else { return "null" }
        return value.description
    }

    private mutating func append(_ text: String) { output.append(contentsOf: text.utf8) }

    private mutating func newline(_ level: Int) {
        guard pretty else { return }
        output.append(0x0A)
        output.append(contentsOf: repeatElement(0x20, count: level * 2))
    }

    private mutating func write(_ value: JSONValue, level: Int) {
        switch value {
        case .null: append("null")
        case .bool(let flag): append(flag ? "true" : "false")
        case .integer(let integer): append(String(integer))
        case .double(let double): append(Self.format(double))
        case .string(let text): writeString(text)
        case .array(let elements):
            guard !elements.isEmpty else { return append("[]") }
            output.append(UInt8(ascii: "["))
            for (position, element) in elements.enumerated() {
                if position > 0 { output.append(UInt8(ascii: ",")) }
                newline(level + 1)
                write(element, level: level + 1)
            }
            newline(level)
            output.append(UInt8(ascii: "]"))
        case .object(let members):
            guard !members.isEmpty else { return append("{}") }
            output.append(UInt8(ascii: "{"))
            for (position, (key, member)) in members.enumerated() {
                if position > 0 { output.append(UInt8(ascii: ",")) }
                newline(level + 1)
                writeString(key)
                append(pretty ? ": " : ":")
                write(member, level: level + 1)
            }
            newline(level)
            output.append(UInt8(ascii: "}"))
        }
    }

    private static let hexDigits = Array("0123456789abcdef".utf8)

    private mutating func writeString(_ text: String) {
        output.append(UInt8(ascii: "\""))
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": append("\\\"")
            case "\\": append("\\\\")
            case "\n": append("\\n")
            case "\r": append("\\r")
            case "\t": append("\\t")
            case "\u{08}": append("\\b")
            case "\u{0C}": append("\\f")
            default:
                if scalar.value >= 0x20 && scalar.value < 0x7F {
                    output.append(UInt8(scalar.value))
                } else if scalar.value < 0x10000 {
                    escape(UInt16(scalar.value))
                } else {
                    for unit in String(scalar).utf16 { escape(unit) }
                }
            }
        }
        output.append(UInt8(ascii: "\""))
    }

    private mutating func escape(_ unit: UInt16) {
        append("\\u")
        for shift in stride(from: 12, through: 0, by: -4) {
            output.append(Self.hexDigits[Int((unit >> UInt16(shift)) & 0xF)])
        }
    }
}
