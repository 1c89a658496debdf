import Foundation

/// Serializes ``JSONValue`` deterministically, in the byte form of Python's `json.dumps(value, indent=2)`:
/// keys in their given order, 2-space indentation, `", "`-free line ends, `": "` after keys, ASCII-only
/// output with `\uXXXX` escapes (surrogate pairs above U+FFFF), `[]`/`{}` for empty containers.
/// The compact form uses `,` and `:` without spaces.
struct JSONWriter {
    private(set) var output: [UInt8] = []
    let pretty: Bool

    static func write(_ value: JSONValue, pretty: Bool) -> Data {
        var writer = JSONWriter(pretty: pretty)
        writer.write(value, level: 0)
        return Data(writer.output)
    }

    private init(pretty: Bool) {
        self.pretty = pretty
    }

    private mutating func append(_ s: String) { output.append(contentsOf: s.utf8) }

    private mutating func newline(_ level: Int) {
        guard pretty else { return }
        output.append(0x0A)
        output.append(contentsOf: repeatElement(0x20, count: level * 2))
    }

    private mutating func write(_ value: JSONValue, level: Int) {
        switch value {
        case .null: append("null")
        case .bool(let b): append(b ? "true" : "false")
        case .int(let i): append(String(i))
        case .double(let d): append(Self.format(d))
        case .string(let s): writeString(s)
        case .array(let elements):
            guard !elements.isEmpty else { return append("[]") }
            output.append(UInt8(ascii: "["))
            for (i, element) in elements.enumerated() {
                if i > 0 { output.append(UInt8(ascii: ",")) }
                newline(level + 1)
                write(element, level: level + 1)
            }
            newline(level)
            output.append(UInt8(ascii: "]"))
        case .object(let members):
            guard !members.isEmpty else { return append("{}") }
            output.append(UInt8(ascii: "{"))
            for (i, (key, member)) in members.enumerated() {
                if i > 0 { output.append(UInt8(ascii: ",")) }
                newline(level + 1)
                writeString(key)
                append(pretty ? ": " : ":")
                write(member, level: level + 1)
            }
            newline(level)
            output.append(UInt8(ascii: "}"))
        }
    }

    /// Shortest round-trip form; integral values keep a ".0" like Python; non-finite values become null.
    static func format(_ d: Double) -> String {
        guard d.isFinite else { return "null" }
        return d.description
    }

    private static let hexDigits = Array("0123456789abcdef".utf8)

    private mutating func writeString(_ s: String) {
        output.append(UInt8(ascii: "\""))
        for scalar in s.unicodeScalars {
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
