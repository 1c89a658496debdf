import Foundation

/// Decimal and hexadecimal text forms of `UInt256`.
extension UInt256: CustomStringConvertible, LosslessStringConvertible {
    /// 10^19, the largest power of ten that fits in a `UInt64`.
    @usableFromInline static let decimalChunk: UInt64 = 10_000_000_000_000_000_000

    /// Parses a non-empty string of decimal digits (no sign, no separators). Nil on any other character or overflow.
    public init?(decimalString: String) {
        let utf8 = decimalString.utf8
        guard !utf8.isEmpty, utf8.count <= 200 else { return nil }  // 2^256 has 78 digits; allow leading zeros
        var value = UInt256.zero
        var chunk: UInt64 = 0
        var chunkDigits = 0
        func flush() -> Bool {
            var scale: UInt64 = 1
            for _ in 0..<chunkDigits { scale *= 10 }
            let (m, o1) = value.multipliedReportingOverflow(by: UInt256(scale))
            let (s, o2) = m.addingReportingOverflow(UInt256(chunk))
            value = s
            chunk = 0
            chunkDigits = 0
            return !(o1 || o2)
        }
        for c in utf8 {
            guard c >= 0x30, c <= 0x39 else { return nil }
            chunk = chunk * 10 + UInt64(c - 0x30)
            chunkDigits += 1
            if chunkDigits == 19, !flush() { return nil }
        }
        if chunkDigits > 0, !flush() { return nil }
        self = value
    }

    /// Required by `LosslessStringConvertible`: decimal digits, or hex with a `0x` prefix.
    public init?(_ description: String) {
        if description.hasPrefix("0x") || description.hasPrefix("0X") {
            self.init(hexString: description)
        } else {
            self.init(decimalString: description)
        }
    }

    /// Parses hex digits with or without a `0x` prefix (upper or lower case). Leading zeros are allowed.
    /// Nil when there are no digits, a non-hex character, or the value does not fit in 256 bits.
    public init?(hexString: String) {
        let utf8 = Array(hexString.utf8)
        var i = HexDigits.prefixLength(utf8)
        guard i < utf8.count else { return nil }
        while i < utf8.count - 1, utf8[i] == 0x30 { i += 1 }  // skip leading zeros, keep the last digit
        guard utf8.count - i <= 64 else { return nil }
        var value = UInt256.zero
        var shift = 0
        var j = utf8.count - 1
        while j >= i {
            guard let d = HexDigits.value(utf8[j]) else { return nil }
            value[limb: shift / 64] |= UInt64(d) << UInt64(shift % 64)
            shift += 4
            j -= 1
        }
        self = value
    }

    /// Base-10 digits, e.g. `"0"`, `"1000000000000000000"`.
    public var decimalString: String {
        if let small = uint64 { return String(small) }
        var chunks: [UInt64] = []
        var rest = self
        while !rest.isZero {
            let (q, r) = rest.quotientAndRemainder(dividingBySmall: UInt256.decimalChunk)
            chunks.append(r)
            rest = q
        }
        var out = String(chunks.removeLast())
        for chunk in chunks.reversed() {
            let digits = String(chunk)
            out += String(repeating: "0", count: 19 - digits.count) + digits
        }
        return out
    }

    /// The JSON-RPC quantity form: `0x` + lowercase hex without leading zeros (`"0x0"` for zero).
    public var hexQuantity: String { "0x" + hexDigits }

    /// Lowercase hex without prefix or leading zeros (`"0"` for zero).
    public var hexDigits: String {
        if isZero { return "0" }
        var s = String(w3, radix: 16)
        var started = w3 != 0
        if !started { s = "" }
        for limb in [w2, w1, w0] {
            let part = String(limb, radix: 16)
            if started {
                s += String(repeating: "0", count: 16 - part.count) + part
            } else if limb != 0 {
                s = part
                started = true
            }
        }
        return s
    }

    public var description: String { decimalString }
}

/// JSON form of `UInt256`: encodes as a hex quantity; decodes a hex quantity, a decimal string or a JSON integer.
extension UInt256: Codable {
    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        if let string = try? container.decode(String.self) {
            let parsed = string.hasPrefix("0x") || string.hasPrefix("0X")
                ? UInt256(hexString: string) : UInt256(decimalString: string)
            guard let parsed else {
                throw DecodingError.dataCorruptedError(
                    in: container,
                    debugDescription: "expected a 256-bit unsigned integer as 0x-hex or decimal digits")
            }
            self = parsed
            return
        }
        if let small = try? container.decode(UInt64.self) {
            self.init(small)
            return
        }
        // Integers above UInt64 arrive as Decimal; exact only below 10^38 (Decimal keeps 38 digits).
        if let decimal = try? container.decode(Decimal.self), decimal >= 0, decimal < Decimal(string: "1e38")!,
           case let text = NSDecimalNumber(decimal: decimal).stringValue, let parsed = UInt256(decimalString: text) {
            self = parsed
            return
        }
        throw DecodingError.dataCorruptedError(
            in: container,
            debugDescription: "expected a non-negative integer (JSON numbers must be below 10^38; send larger values as strings)")
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(hexQuantity)
    }
}
