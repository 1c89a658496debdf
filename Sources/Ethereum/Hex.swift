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

/// Lookup helpers shared by the hex encoder and decoder.
@usableFromInline
enum HexDigits {
    /// Lowercase digits as ASCII bytes.
    @usableFromInline static let lower: [UInt8] = Array("0123456789abcdef".utf8)

    /// The value of an ASCII hex digit, or nil.
    @inlinable @inline(__always)
    static func value(_ c: UInt8) -> UInt8? {
        switch c {
        case 0x30...0x39: return c &- 0x30
        case 0x61...0x66: return c &- 0x61 &+ 10
        case 0x41...0x46: return c &- 0x41 &+ 10
        default: return nil
        }
    }

    /// Length of the `0x`/`0X` prefix at the start of `utf8`, 0 or 2.
    @inlinable
    static func prefixLength(_ utf8: some Collection<UInt8>) -> Int {
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

    /// Lowercase hex encoding, `0x`-prefixed unless `prefixed` is false.
    public func hexString(prefixed: Bool = true) -> String {
        let prefix = prefixed ? 2 : 0
        let length = prefix + count * 2
        return String(unsafeUninitializedCapacity: length) { buffer in
            if prefixed {
                buffer[0] = 0x30
                buffer[1] = 0x78
            }
            var o = prefix
            HexDigits.lower.withUnsafeBufferPointer { digits in
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
