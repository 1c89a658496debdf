import QSPCore

/// Which block a state query refers to.
public enum BlockTag: Hashable, Sendable, CustomStringConvertible {
    case number(UInt64)
    case latest
    case pending
    case safe
    case finalized
    case earliest

    /// The JSON-RPC parameter: a hex quantity or the tag's name.
    public var jsonValue: JSONValue {
        .string(description)
    }

    /// `0x1a`, `latest`, `pending`, ...
    public var description: String {
        switch self {
        case .number(let number): "0x" + String(number, radix: 16)
        case .latest: "latest"
        case .pending: "pending"
        case .safe: "safe"
        case .finalized: "finalized"
        case .earliest: "earliest"
        }
    }
}
