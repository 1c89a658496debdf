import Foundation

/// One value in Ethereum's Recursive Length Prefix serialisation: a byte string or a list of items.
///
/// Integers are byte strings holding their minimal big-endian form (zero is the empty string).
/// (Not `indirect`: the list's array already stores its elements out of line, so no per-item box is needed.)
public enum RLPItem: Hashable, Sendable {
    /// A byte string (possibly empty).
    case bytes(Data)
    /// A list of items (possibly empty).
    case list([RLPItem])
}

extension RLPItem {
    /// The item for an unsigned integer: its minimal big-endian bytes (empty for 0).
    public static func uint(_ value: UInt64) -> RLPItem {
        guard value != 0 else { return .bytes(Data()) }
        let byteCount = 8 - value.leadingZeroBitCount / 8
        var bytes = Data(count: byteCount)
        for index in 0..<byteCount {
            bytes[index] = UInt8(truncatingIfNeeded: value >> (8 * (byteCount - 1 - index)))
        }
        return .bytes(bytes)
    }

    /// The byte string, or nil when the item is a list.
    public var bytesValue: Data? {
        if case .bytes(let data) = self { return data }
        return nil
    }

    /// The list elements, or nil when the item is a byte string.
    public var listValue: [RLPItem]? {
        if case .list(let items) = self { return items }
        return nil
    }
}
