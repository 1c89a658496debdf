/// Why an ABI type string, value, JSON file or byte string could not be processed.
public enum ABIError: Error, Hashable, Sendable, CustomStringConvertible {
    /// A type string is not a canonical (or aliased) Solidity ABI type.
    case invalidType(String, reason: String)
    /// The number of values does not match the number of types.
    case valueCountMismatch(expected: Int, got: Int)
    /// A value does not have the shape its type requires.
    case typeMismatch(expected: String, got: String)
    /// A value does not fit its type (e.g. 300 as `uint8`, 4 bytes as `bytes3`).
    case valueOutOfRange(type: String, reason: String)
    /// The data ended before a value could be read.
    case dataTooShort(needed: Int, available: Int, at: Int)
    /// An offset word points outside the data.
    case offsetOutOfRange(offset: String, at: Int)
    /// A length word is larger than the data that follows it could hold.
    case lengthOutOfRange(length: String, at: Int)
    /// A decoded word has bits set that its type does not allow (dirty padding, bool not 0/1, …).
    case invalidEncoding(type: String, at: Int)
    /// A `string` value is not valid UTF-8.
    case invalidUTF8(at: Int)
    /// Types are nested deeper than the decoder allows.
    case nestingTooDeep(limit: Int)
    /// Decoding would produce far more output than the input can honestly encode (aliased offsets).
    case outputTooLarge(limit: Int)
    /// An event log does not match the event (topic0 or topic count).
    case logMismatch(String)
    /// A JSON ABI file is malformed.
    case invalidJSON(String)

    public var description: String {
        switch self {
        case .invalidType(let t, let reason):
            return "invalid ABI type '\(t)': \(reason)"
        case .valueCountMismatch(let expected, let got):
            return "expected \(expected) ABI values but got \(got); pass one value per parameter"
        case .typeMismatch(let expected, let got):
            return "ABI value of kind \(got) cannot be encoded as \(expected)"
        case .valueOutOfRange(let type, let reason):
            return "value does not fit ABI type \(type): \(reason)"
        case .dataTooShort(let needed, let available, let at):
            return "ABI data too short: need \(needed) bytes at offset \(at) but only \(available) remain (truncated or wrong types?)"
        case .offsetOutOfRange(let offset, let at):
            return "ABI offset \(offset) read at byte \(at) points outside the data (malformed or wrong types?)"
        case .lengthOutOfRange(let length, let at):
            return "ABI length \(length) read at byte \(at) exceeds the remaining data (malformed or wrong types?)"
        case .invalidEncoding(let type, let at):
            return "ABI word at byte \(at) is not a valid \(type) (non-zero padding or out-of-range value)"
        case .invalidUTF8(let at):
            return "ABI string at byte \(at) is not valid UTF-8; decode it as bytes instead"
        case .nestingTooDeep(let limit):
            return "ABI types nested deeper than \(limit) levels are refused"
        case .outputTooLarge(let limit):
            return "ABI data would decode to more than \(limit) bytes (offsets reuse the same data); refusing malformed input"
        case .logMismatch(let reason):
            return "log does not match the event: \(reason)"
        case .invalidJSON(let reason):
            return "invalid JSON ABI: \(reason)"
        }
    }
}
