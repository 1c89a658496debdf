import Foundation

/// Why a call reverted, decoded from its revert data.
public enum RevertReason: Hashable, Sendable, CustomStringConvertible {
    /// `require(cond, "message")` / `revert("message")`: `Error(string)`, selector `0x08c379a0`.
    case error(String)
    /// A Solidity panic (`assert`, overflow, division by zero, …): `Panic(uint256)`, selector `0x4e487b71`.
    case panic(UInt256)
    /// Any other 4-byte selector (a custom error) and the data after it.
    case custom(selector: Data, data: Data)

    /// Selector of `Error(string)`.
    public static let errorSelector = Data([0x08, 0xc3, 0x79, 0xa0])
    /// Selector of `Panic(uint256)`.
    public static let panicSelector = Data([0x4e, 0x48, 0x7b, 0x71])

    /// Decodes revert data; nil when it is shorter than a selector (a bare `revert()`).
    /// `Error`/`Panic` data that does not decode is returned as `.custom`.
    public static func decode(_ data: Data) -> RevertReason? {
        guard data.count >= 4 else { return nil }
        let selector = Data(data.prefix(4))
        let body = Data(data.dropFirst(4))
        if selector == errorSelector, let v = try? ABICodec.decode([.string], from: body), let s = v[0].stringValue {
            return .error(s)
        }
        if selector == panicSelector, let v = try? ABICodec.decode([.uint(256)], from: body), let code = v[0].uintValue {
            return .panic(code)
        }
        return .custom(selector: selector, data: body)
    }

    /// The meaning of a Solidity panic code, if known.
    public static func panicMeaning(_ code: UInt256) -> String? {
        switch code.uint64 {
        case 0x00: return "generic compiler panic"
        case 0x01: return "assert failed"
        case 0x11: return "arithmetic overflow or underflow"
        case 0x12: return "division or modulo by zero"
        case 0x21: return "invalid enum value"
        case 0x22: return "corrupt storage byte array"
        case 0x31: return "pop() on an empty array"
        case 0x32: return "array index out of bounds"
        case 0x41: return "out of memory"
        case 0x51: return "call to an uninitialized internal function"
        default: return nil
        }
    }

    public var description: String {
        switch self {
        case .error(let message): return "reverted: \(message)"
        case .panic(let code):
            return "panic \(code.hexQuantity)" + (RevertReason.panicMeaning(code).map { " (\($0))" } ?? "")
        case .custom(let selector, let data): return "custom error \(selector.hexString()) with \(data.count) bytes of data"
        }
    }
}
