import Foundation

/// A value to encode with, or decoded from, the ABI codec.
public indirect enum ABIValue: Hashable, Sendable, CustomStringConvertible {
    /// `uintN`.
    case uint(UInt256)
    /// `intN` as a 256-bit two's-complement pattern (see `UInt256(twosComplementOf:)`).
    case int(UInt256)
    /// `address`.
    case address(Address)
    /// `bool`.
    case bool(Bool)
    /// `bytesN`: exactly N bytes.
    case fixedBytes(Data)
    /// `bytes`.
    case bytes(Data)
    /// `string`.
    case string(String)
    /// `T[]` or `T[k]`.
    case array([ABIValue])
    /// A tuple / struct.
    case tuple([ABIValue])

    /// A short name of the value's kind, used in error messages.
    public var kind: String {
        switch self {
        case .uint: return "uint"
        case .int: return "int"
        case .address: return "address"
        case .bool: return "bool"
        case .fixedBytes(let d): return "bytes\(d.count)"
        case .bytes: return "bytes"
        case .string: return "string"
        case .array(let a): return "array[\(a.count)]"
        case .tuple(let t): return "tuple(\(t.count))"
        }
    }

    public var description: String {
        switch self {
        case .uint(let v): return v.decimalString
        case .int(let v): return v.signedDecimalString
        case .address(let a): return a.checksummed
        case .bool(let b): return b ? "true" : "false"
        case .fixedBytes(let d), .bytes(let d): return d.hexString()
        case .string(let s): return "\"\(s)\""
        case .array(let a): return "[" + a.map(\.description).joined(separator: ", ") + "]"
        case .tuple(let t): return "(" + t.map(\.description).joined(separator: ", ") + ")"
        }
    }

    /// The unsigned integer, or nil for other kinds.
    public var uintValue: UInt256? { if case .uint(let v) = self { v } else { nil } }
    /// The signed integer's two's-complement pattern, or nil for other kinds.
    public var intValue: UInt256? { if case .int(let v) = self { v } else { nil } }
    /// The address, or nil for other kinds.
    public var addressValue: Address? { if case .address(let v) = self { v } else { nil } }
    /// The bool, or nil for other kinds.
    public var boolValue: Bool? { if case .bool(let v) = self { v } else { nil } }
    /// The string, or nil for other kinds.
    public var stringValue: String? { if case .string(let v) = self { v } else { nil } }
    /// The bytes of a `bytes` or `bytesN` value, or nil for other kinds.
    public var bytesValue: Data? {
        switch self {
        case .bytes(let d), .fixedBytes(let d): return d
        default: return nil
        }
    }
    /// The elements of an array or the members of a tuple, or nil for other kinds.
    public var elements: [ABIValue]? {
        switch self {
        case .array(let a), .tuple(let a): return a
        default: return nil
        }
    }
    /// A `uint` that fits in `UInt64`, or nil.
    public var uint64Value: UInt64? { uintValue?.uint64 }
}
