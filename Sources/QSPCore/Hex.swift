import Foundation

/// Why a hexadecimal string could not be decoded into bytes.
public enum HexError: Error, Hashable, Sendable, CustomStringConvertible {
    /// The number of hex digits (after any `0x` prefix) is odd; every byte needs two digits.
    case oddLength(digits: Int)
    /// A character that is not `0-9`, `a-f` or `A-F` was found at `position` (0-based UTF-8 byte offset in the whole string).
    case invalidCharacter(position: Int)

    public var description: String {
        switch self {
        case .oddLength(let digits):
            return "hex string has an odd number of digits (\(digits)); pad it with a leading 0 so every byte has two digits"
        case .invalidCharacter(let position):
            return "hex string has a non-hex character at position \(position); use only 0-9, a-f, A-F after an optional 0x prefix"
        }
    }
}

/// Lookup helpers shared by the hex encoder and decoder (the project's only hex implementation: Ethereum values,
/// RPC payloads, the compressed report codec and the analysis pipeline all use it).
public enum HexDigits {
    /// Lowercase digits as ASCII bytes.
    public static let lower: [UInt8] = Array("0123456789abcdef".utf8)
    /// Uppercase digits as ASCII bytes.
    public static let upper: [UInt8] = Array("0123456789ABCDEF".utf8)

    /// The value of an ASCII hex digit, or nil.
    @inlinable @inline(__always)
    public static func value(_ c: UInt8) -> UInt8? {
        switch c {
        case 0x30...0x39: return c &- 0x30
        case 0x61...0x66: return c &- 0x61 &+ 10
        case 0x41...0x46: return c &- 0x41 &+ 10
        default: return nil
        }
    }

    /// Length of the `0x`/`0X` prefix at the start of `utf8`, 0 or 2.
    @inlinable
    public static func prefixLength(_ utf8: some Collection<UInt8>) -> Int {
        var it = utf8.makeIterator()
        if it.next() == 0x30, let x = it.next(), x == 0x78 || x == 0x58 { return 2 }
        return 0
    }
}

extension Data {
    /// Decodes a hex string, with or without a `0x` prefix, upper or lower case. An empty string (or `0x`) is empty data.
    public init(hexString: String) throws(HexError) {
        var string = hexString
        let result: Result<Data, HexError> = string.withUTF8 { utf8 in
            let start = HexDigits.prefixLength(utf8)
            let digits = utf8.count - start
            for i in start..<utf8.count where HexDigits.value(utf8[i]) == nil {
                return .failure(.invalidCharacter(position: i))
            }
            guard digits % 2 == 0 else { return .failure(.oddLength(digits: digits)) }
            var out = Data(count: digits / 2)
            out.withUnsafeMutableBytes { (raw: UnsafeMutableRawBufferPointer) in
                var i = start
                var o = 0
                while i < utf8.count {
                    // Both digits were validated above.
                    raw[o] = (HexDigits.value(utf8[i]) ?? 0) << 4 | (HexDigits.value(utf8[i + 1]) ?? 0)
                    i += 2
                    o += 1
                }
            }
            return .success(out)
        }
        self = try result.get()
    }

    /// Hex encoding, lowercase and `0x`-prefixed unless told otherwise (the compressed report is uppercase
    /// without a prefix, as the reference writes it).
    public func hexString(prefixed: Bool = true, uppercase: Bool = false) -> String {
        let prefix = prefixed ? 2 : 0
        let length = prefix + count * 2
        return String(unsafeUninitializedCapacity: length) { buffer in
            if prefixed {
                buffer[0] = 0x30
                buffer[1] = 0x78
            }
            var o = prefix
            (uppercase ? HexDigits.upper : HexDigits.lower).withUnsafeBufferPointer { digits in
                for byte in self {
                    buffer[o] = digits[Int(byte >> 4)]
                    buffer[o + 1] = digits[Int(byte & 0x0f)]
                    o += 2
                }
            }
            return length
        }
    }
}

/// Checks on hex text without decoding it.
public enum HexText {
    /// True when `text` is exactly `count` hex digits (either case, no prefix).
    public static func isDigits(_ text: String, count: Int) -> Bool {
        text.utf8.count == count && text.utf8.allSatisfy { HexDigits.value($0) != nil }
    }
}

extension Data {
    /// Decodes exactly an even number of hex digits (either case) with no prefix and nothing else; nil otherwise.
    public init?(hexDigits text: some StringProtocol) {
        guard text.utf8.count % 2 == 0, HexDigits.prefixLength(text.utf8) == 0 || text.utf8.isEmpty,
              let data = try? Data(hexString: String(text)) else { return nil }
        self = data
    }
}

extension HexText {
    /// The value of one ASCII hex digit, or nil.
    public static func value(ofDigit byte: UInt8) -> UInt8? { HexDigits.value(byte) }
}
