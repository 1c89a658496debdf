/// A Solidity ABI type (see the "Contract ABI Specification").
public indirect enum ABIType: Hashable, Sendable, CustomStringConvertible {
    /// `uintN`, N in 8…256 step 8.
    case uint(Int)
    /// `intN`, N in 8…256 step 8 (values in two's complement).
    case int(Int)
    /// `address` (20 bytes).
    case address
    /// `bool`.
    case bool
    /// `bytesN`, N in 1…32.
    case fixedBytes(Int)
    /// Dynamic `bytes`.
    case bytes
    /// Dynamic UTF-8 `string`.
    case string
    /// Dynamic array `T[]`.
    case array(ABIType)
    /// Fixed-size array `T[k]`.
    case fixedArray(ABIType, Int)
    /// Tuple `(T1,T2,…)` (a struct).
    case tuple([ABIType])

    /// Maximum nesting depth accepted by the parser and the codec.
    public static let maxDepth = 32
    /// Largest `k` accepted in `T[k]`.
    public static let maxFixedArrayLength = 1 << 20

    /// The canonical type string used in signatures, e.g. `uint256`, `(uint256,bool)[]`.
    public var canonicalName: String {
        switch self {
        case .uint(let n): return "uint\(n)"
        case .int(let n): return "int\(n)"
        case .address: return "address"
        case .bool: return "bool"
        case .fixedBytes(let n): return "bytes\(n)"
        case .bytes: return "bytes"
        case .string: return "string"
        case .array(let t): return t.canonicalName + "[]"
        case .fixedArray(let t, let k): return t.canonicalName + "[\(k)]"
        case .tuple(let ts): return "(" + ts.map(\.canonicalName).joined(separator: ",") + ")"
        }
    }

    public var description: String { canonicalName }

    /// Whether the encoding is dynamic (uses an offset in the head).
    public var isDynamic: Bool {
        switch self {
        case .bytes, .string, .array: return true
        case .fixedArray(let t, _): return t.isDynamic
        case .tuple(let ts): return ts.contains { $0.isDynamic }
        default: return false
        }
    }

    /// Bytes this type occupies in the head of an enclosing tuple (32 for dynamic types).
    public var headSize: Int {
        switch self {
        case .fixedArray(let t, let k) where !t.isDynamic:
            let (size, overflow) = t.headSize.multipliedReportingOverflow(by: k)
            return overflow ? Int.max : size  // saturates; no real data is that long
        case .tuple(let ts) where !isDynamic:
            return ts.reduce(0) { sum, t in
                let (size, overflow) = sum.addingReportingOverflow(t.headSize)
                return overflow ? Int.max : size
            }
        default: return 32
        }
    }

    /// Whether values of this type fit in one 32-byte word (stored directly as an indexed event topic).
    public var isElementary: Bool {
        switch self {
        case .uint, .int, .address, .bool, .fixedBytes: return true
        default: return false
        }
    }

    /// Parses a canonical type string such as `uint256`, `bytes32[2]`, `(address,uint256)[]`.
    /// The aliases `uint`, `int` (256 bits) and `byte` (`bytes1`) are accepted.
    public init(canonical: String) throws(ABIError) {
        guard canonical.utf8.count <= 4096 else { throw .invalidType(String(canonical.prefix(40)) + "…", reason: "type string longer than 4096 characters") }
        var parser = ABITypeParser(text: Array(canonical.utf8), original: canonical)
        let type = try parser.parseType(depth: 0)
        guard parser.position == parser.text.count else {
            throw .invalidType(canonical, reason: "unexpected character at position \(parser.position)")
        }
        self = type
    }
}

/// Recursive-descent parser for ABI type strings.
struct ABITypeParser {
    let text: [UInt8]
    let original: String
    var position = 0

    init(text: [UInt8], original: String) {
        self.text = text
        self.original = original
    }

    func fail(_ reason: String) -> ABIError { .invalidType(original, reason: reason) }

    mutating func parseType(depth: Int) throws(ABIError) -> ABIType {
        guard depth < ABIType.maxDepth else { throw fail("nested deeper than \(ABIType.maxDepth) levels") }
        var type: ABIType
        if position < text.count, text[position] == UInt8(ascii: "(") {
            position += 1
            var members: [ABIType] = []
            if position < text.count, text[position] == UInt8(ascii: ")") {
                throw fail("empty tuple '()' is not a valid ABI type")
            }
            while true {
                members.append(try parseType(depth: depth + 1))
                guard position < text.count else { throw fail("missing ')'") }
                let c = text[position]
                position += 1
                if c == UInt8(ascii: ")") { break }
                guard c == UInt8(ascii: ",") else { throw fail("expected ',' or ')' at position \(position - 1)") }
            }
            type = .tuple(members)
        } else {
            let start = position
            while position < text.count, isIdentifierByte(text[position]) { position += 1 }
            type = try elementary(String(decoding: text[start..<position], as: UTF8.self))
        }
        var arrayDepth = 0
        while position < text.count, text[position] == UInt8(ascii: "[") {
            arrayDepth += 1
            guard depth + arrayDepth < ABIType.maxDepth else { throw fail("nested deeper than \(ABIType.maxDepth) levels") }
            position += 1
            let start = position
            while position < text.count, text[position] >= 0x30, text[position] <= 0x39 { position += 1 }
            guard position < text.count, text[position] == UInt8(ascii: "]") else { throw fail("expected digits and ']' after '['") }
            let digits = String(decoding: text[start..<position], as: UTF8.self)
            position += 1
            if digits.isEmpty {
                type = .array(type)
            } else {
                guard digits.count <= 8, let k = Int(digits), k >= 1, k <= ABIType.maxFixedArrayLength, digits.first != "0" else {
                    throw fail("fixed array length must be 1…\(ABIType.maxFixedArrayLength) without leading zeros")
                }
                type = .fixedArray(type, k)
            }
        }
        return type
    }

    func isIdentifierByte(_ c: UInt8) -> Bool {
        (c >= 0x61 && c <= 0x7a) || (c >= 0x30 && c <= 0x39)
    }

    func elementary(_ name: String) throws(ABIError) -> ABIType {
        switch name {
        case "address": return .address
        case "bool": return .bool
        case "string": return .string
        case "bytes": return .bytes
        case "uint": return .uint(256)
        case "int": return .int(256)
        case "byte": return .fixedBytes(1)
        case "": throw fail("missing type name at position \(position)")
        default: break
        }
        for (prefix, make) in [("uint", ABIType.uint), ("int", ABIType.int)] where name.hasPrefix(prefix) {
            let digits = name.dropFirst(prefix.count)
            guard digits.first != "0", let bits = Int(digits), bits >= 8, bits <= 256, bits % 8 == 0 else {
                throw fail("\(prefix)N needs N in 8…256 and a multiple of 8")
            }
            return make(bits)
        }
        if name.hasPrefix("bytes") {
            let digits = name.dropFirst(5)
            guard digits.first != "0", let n = Int(digits), n >= 1, n <= 32 else { throw fail("bytesN needs N in 1…32") }
            return .fixedBytes(n)
        }
        throw fail("unknown or unsupported type name '\(name)' (fixed/ufixed/function are not supported)")
    }
}
