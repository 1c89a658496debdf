import Foundation

/// Why a string or byte buffer is not a valid Ethereum address.
public enum AddressError: Error, Hashable, Sendable, CustomStringConvertible {
    /// The input was not `0x` followed by exactly 40 hex digits (or not exactly 20 bytes).
    case invalidLength(Int)
    /// The string is missing the `0x` prefix.
    case missingPrefix
    /// A non-hex character was found at `position`.
    case invalidCharacter(position: Int)
    /// The string mixes upper and lower case but is not the EIP-55 checksum of the address.
    case invalidChecksum(expected: String)

    public var description: String {
        switch self {
        case .invalidLength(let n):
            return "address must be 0x followed by 40 hex digits (20 bytes); got \(n) digits/bytes"
        case .missingPrefix:
            return "address must start with 0x"
        case .invalidCharacter(let position):
            return "address has a non-hex character at position \(position)"
        case .invalidChecksum(let expected):
            return "address has mixed case but an invalid EIP-55 checksum; check for a typo (checksummed form would be \(expected))"
        }
    }
}

/// A 20-byte Ethereum account address. Prints and encodes (Codable) as its EIP-55 checksummed string.
public struct Address: Hashable, Sendable, Codable, CustomStringConvertible {
    /// The 20 raw bytes.
    public let bytes: Data

    /// The zero address `0x0000000000000000000000000000000000000000`.
    public static let zero = Address(unchecked: Data(count: 20))

    /// Creates an address from exactly 20 bytes.
    public init(bytes: Data) throws(AddressError) {
        guard bytes.count == 20 else { throw .invalidLength(bytes.count) }
        self.bytes = Data(bytes)  // re-base any slice to index 0
    }

    /// Internal initializer for bytes already known to be 20 long.
    init(unchecked bytes: Data) { self.bytes = bytes }

    /// Parses `0x` + 40 hex digits. All-lowercase and all-uppercase are accepted; mixed case must be a valid EIP-55 checksum.
    public init(_ string: String) throws(AddressError) {
        let utf8 = Array(string.utf8)
        guard utf8.count >= 2, utf8[0] == 0x30, utf8[1] == 0x78 || utf8[1] == 0x58 else {
            if utf8.count == 40 { throw .missingPrefix }
            throw .invalidLength(max(0, utf8.count - 2))
        }
        guard utf8.count == 42 else { throw .invalidLength(utf8.count - 2) }
        var raw = Data(count: 20)
        var hasUpper = false
        var hasLower = false
        for i in 0..<20 {
            let c1 = utf8[2 + 2 * i], c2 = utf8[3 + 2 * i]
            guard let hi = HexDigits.value(c1) else { throw .invalidCharacter(position: 2 + 2 * i) }
            guard let lo = HexDigits.value(c2) else { throw .invalidCharacter(position: 3 + 2 * i) }
            raw[i] = hi << 4 | lo
            for c in [c1, c2] {
                if c >= 0x41 && c <= 0x46 { hasUpper = true }
                if c >= 0x61 && c <= 0x66 { hasLower = true }
            }
        }
        let address = Address(unchecked: raw)
        if hasUpper && hasLower {
            let expected = address.checksummed
            guard expected == string.replacingOccurrences(of: "0X", with: "0x") else {
                throw .invalidChecksum(expected: expected)
            }
        }
        self = address
    }

    /// The EIP-55 mixed-case checksummed form, e.g. `0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed`.
    public var checksummed: String {
        let lower = Array(bytes.hexString(prefixed: false).utf8)
        let hash = Keccak256.hash(lower)
        var out: [UInt8] = [0x30, 0x78]
        out.reserveCapacity(42)
        for (i, c) in lower.enumerated() {
            let nibble = i % 2 == 0 ? hash[i / 2] >> 4 : hash[i / 2] & 0x0f
            out.append(c >= 0x61 && nibble >= 8 ? c - 0x20 : c)
        }
        return String(decoding: out, as: UTF8.self)
    }

    /// Lowercase `0x`-prefixed hex.
    public var lowercased: String { bytes.hexString() }

    public var description: String { checksummed }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        let string = try container.decode(String.self)
        do {
            self = try Address(string)
        } catch {
            throw DecodingError.dataCorruptedError(in: container, debugDescription: error.description)
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(checksummed)
    }
}
