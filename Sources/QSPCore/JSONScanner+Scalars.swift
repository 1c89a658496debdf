/// Strings and numbers of ``JSONParser``.
extension JSONScanner {
    /// A string starting at the opening quote.
    mutating func string() throws(JSONParseError) -> String {
        let opening = index
        index += 1
        let start = index
        var ascii = true
        // Fast path: no escapes; the text is the bytes themselves.
        while index < bytes.count {
            let byte = bytes[index]
            if byte == UInt8(ascii: "\"") {
                let text = try makeString(UnsafeBufferPointer(rebasing: bytes[start..<index]), ascii: ascii, opening: opening)
                index += 1
                return text
            }
            if byte == UInt8(ascii: "\\") { break }
            guard byte >= 0x20 else { throw failure("unescaped control character in a string") }
            if byte >= 0x80 { ascii = false }
            index += 1
        }
        var buffer = Array(bytes[start..<index])
        while index < bytes.count {
            let byte = bytes[index]
            switch byte {
            case UInt8(ascii: "\""):
                index += 1
                return try buffer.withUnsafeBufferPointer { (utf8) throws(JSONParseError) in
                    try makeString(utf8, ascii: false, opening: opening)
                }
            case UInt8(ascii: "\\"):
                try escape(into: &buffer)
            default:
                guard byte >= 0x20 else { throw failure("unescaped control character in a string") }
                buffer.append(byte)
                index += 1
            }
        }
        throw failure("unterminated string", at: opening)
    }

    private func makeString(_ utf8: UnsafeBufferPointer<UInt8>, ascii: Bool, opening: Int) throws(JSONParseError) -> String {
        if ascii { return String(decoding: utf8, as: UTF8.self) }
        guard let text = String(validating: utf8, as: UTF8.self) else {
            throw failure("invalid UTF-8 in the string", at: opening)
        }
        return text
    }

    /// One escape sequence at `index` (the backslash), appended as UTF-8.
    private mutating func escape(into buffer: inout [UInt8]) throws(JSONParseError) {
        guard index + 1 < bytes.count else { throw failure("unterminated escape sequence") }
        let escape = bytes[index + 1]
        switch escape {
        case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"): buffer.append(escape)
        case UInt8(ascii: "b"): buffer.append(0x08)
        case UInt8(ascii: "f"): buffer.append(0x0C)
        case UInt8(ascii: "n"): buffer.append(0x0A)
        case UInt8(ascii: "r"): buffer.append(0x0D)
        case UInt8(ascii: "t"): buffer.append(0x09)
        case UInt8(ascii: "u"):
            index += 2
            let scalar = try unicodeEscape()
            buffer.append(contentsOf: String(Character(scalar)).utf8)
            return
        default: throw failure("invalid escape sequence")
        }
        index += 2
    }

    /// The scalar of `XXXX` at `index` (after `\u`), joining a following low surrogate escape; lone surrogates
    /// become U+FFFD.
    private mutating func unicodeEscape() throws(JSONParseError) -> Unicode.Scalar {
        let first = try hex4()
        let replacement: Unicode.Scalar = "\u{FFFD}"
        guard (0xD800...0xDFFF).contains(first) else { return Unicode.Scalar(first) ?? replacement }
        guard first <= 0xDBFF, index + 1 < bytes.count, bytes[index] == UInt8(ascii: "\\"),
            bytes[index + 1] == UInt8(ascii: "u")
        else { return replacement }
        let saved = index
        index += 2
        let second = try hex4()
        guard (0xDC00...0xDFFF).contains(second) else {
            index = saved  // the next escape is read on its own
            return replacement
        }
        return Unicode.Scalar(0x10000 + ((first - 0xD800) << 10) + (second - 0xDC00)) ?? replacement
    }

    private mutating func hex4() throws(JSONParseError) -> UInt32 {
        var value: UInt32 = 0
        for _ in 0..<4 {
            guard index < bytes.count else { throw failure("unterminated \\u escape") }
            guard let digit = HexText.value(ofDigit: bytes[index]) else { throw failure("invalid hex digit in a \\u escape") }
            value = value << 4 | UInt32(digit)
            index += 1
        }
        return value
    }

    /// A number starting at `index` (a `-` or a digit).
    mutating func number() throws(JSONParseError) -> JSONValue {
        let start = index
        let negative = bytes[index] == UInt8(ascii: "-")
        if negative { index += 1 }
        guard index < bytes.count, isDigit(bytes[index]) else { throw failure("expected a digit") }
        var magnitude: UInt64 = 0
        var overflow = false
        if bytes[index] == UInt8(ascii: "0") {
            index += 1
            if index < bytes.count, isDigit(bytes[index]) { throw failure("leading zero in a number") }
        } else {
            while index < bytes.count, isDigit(bytes[index]) {
                let (times10, o1) = magnitude.multipliedReportingOverflow(by: 10)
                let (sum, o2) = times10.addingReportingOverflow(UInt64(bytes[index] &- UInt8(ascii: "0")))
                overflow = overflow || o1 || o2
                magnitude = sum
                index += 1
            }
        }
        var isInteger = true
        if index < bytes.count, bytes[index] == UInt8(ascii: ".") {
            isInteger = false
            index += 1
            guard index < bytes.count, isDigit(bytes[index]) else { throw failure("expected a digit after '.'") }
            while index < bytes.count, isDigit(bytes[index]) { index += 1 }
        }
        if index < bytes.count, bytes[index] | 0x20 == UInt8(ascii: "e") {
            isInteger = false
            index += 1
            if index < bytes.count, bytes[index] == UInt8(ascii: "+") || bytes[index] == UInt8(ascii: "-") { index += 1 }
            guard index < bytes.count, isDigit(bytes[index]) else { throw failure("expected a digit in the exponent") }
            while index < bytes.count, isDigit(bytes[index]) { index += 1 }
        }
        if isInteger, !overflow {
            if !negative, magnitude <= UInt64(Int64.max) { return .integer(Int64(magnitude)) }
            if negative, magnitude <= UInt64(Int64.max) + 1 { return .integer(0 &- Int64(truncatingIfNeeded: magnitude)) }
        }
        let text = String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<index]), as: UTF8.self)
        guard let double = Double(text), double.isFinite else { throw failure("number out of range", at: start) }
        return .double(double)
    }

    @inline(__always)
    private func isDigit(_ byte: UInt8) -> Bool { byte &- UInt8(ascii: "0") < 10 }
}
