import Foundation

/// A 256-bit unsigned integer of fixed width: four 64-bit limbs, least significant first.
///
/// Arithmetic operators trap on overflow like `Int`; the `…ReportingOverflow` variants wrap and report.
/// The ABI's `intN` values use this type in two's complement (see `UInt256+Signed.swift`).
public struct UInt256: Hashable, Sendable {
    /// Limb 0 (bits 0–63, least significant).
    public var w0: UInt64
    /// Limb 1 (bits 64–127).
    public var w1: UInt64
    /// Limb 2 (bits 128–191).
    public var w2: UInt64
    /// Limb 3 (bits 192–255, most significant).
    public var w3: UInt64

    /// Creates a value from its four limbs, least significant first.
    @inlinable
    public init(limbs: (UInt64, UInt64, UInt64, UInt64)) {
        (w0, w1, w2, w3) = limbs
    }

    /// The four limbs, least significant first.
    @inlinable
    public var limbs: (UInt64, UInt64, UInt64, UInt64) { (w0, w1, w2, w3) }

    /// Creates a value from a `UInt64`.
    @inlinable
    public init(_ v: UInt64) { self.init(limbs: (v, 0, 0, 0)) }

    /// Creates a value from a non-negative `Int`; traps on a negative value like `UInt(_:)` does.
    @inlinable
    public init(_ v: Int) {
        precondition(v >= 0, "UInt256 cannot represent a negative value")
        self.init(UInt64(v))
    }

    /// 0.
    public static let zero = UInt256(limbs: (0, 0, 0, 0))
    /// 1.
    public static let one = UInt256(limbs: (1, 0, 0, 0))
    /// 2^256 - 1.
    public static let max = UInt256(limbs: (.max, .max, .max, .max))
    /// 0 (for symmetry with the standard integer types).
    public static let min = zero
    /// 256.
    public static let bitWidth = 256

    /// Whether the value is zero.
    @inlinable
    public var isZero: Bool { (w0 | w1 | w2 | w3) == 0 }

    /// The value as a `UInt64`, or nil when it does not fit.
    @inlinable
    public var uint64: UInt64? { (w1 | w2 | w3) == 0 ? w0 : nil }

    /// The value as an `Int`, or nil when it does not fit.
    @inlinable
    public var int: Int? {
        guard let v = uint64, v <= UInt64(Int.max) else { return nil }
        return Int(v)
    }

    /// Number of leading zero bits (256 for zero).
    @inlinable
    public var leadingZeroBitCount: Int {
        if w3 != 0 { return w3.leadingZeroBitCount }
        if w2 != 0 { return 64 + w2.leadingZeroBitCount }
        if w1 != 0 { return 128 + w1.leadingZeroBitCount }
        return 192 + w0.leadingZeroBitCount
    }

    /// Number of significant bits (0 for zero).
    @inlinable
    public var bitLength: Int { 256 - leadingZeroBitCount }

    /// Limb `i` (0 = least significant).
    @inlinable
    subscript(limb i: Int) -> UInt64 {
        get {
            switch i {
            case 0: return w0
            case 1: return w1
            case 2: return w2
            default: return w3
            }
        }
        set {
            switch i {
            case 0: w0 = newValue
            case 1: w1 = newValue
            case 2: w2 = newValue
            default: w3 = newValue
            }
        }
    }
}

extension UInt256: Comparable {
    @inlinable
    public static func < (lhs: UInt256, rhs: UInt256) -> Bool {
        if lhs.w3 != rhs.w3 { return lhs.w3 < rhs.w3 }
        if lhs.w2 != rhs.w2 { return lhs.w2 < rhs.w2 }
        if lhs.w1 != rhs.w1 { return lhs.w1 < rhs.w1 }
        return lhs.w0 < rhs.w0
    }
}

extension UInt256: ExpressibleByIntegerLiteral {
    @inlinable
    public init(integerLiteral value: UInt64) { self.init(value) }
}

extension UInt256 {
    /// Reads a big-endian unsigned integer of at most 32 bytes (leading zero bytes beyond 32 are also accepted).
    /// Returns nil when the value does not fit in 256 bits.
    @inlinable
    public init?(bigEndian bytes: some DataProtocol) {
        if let data = bytes as? Data {
            guard let v = data.withUnsafeBytes({ UInt256(bigEndianBuffer: $0) }) else { return nil }
            self = v
        } else {
            guard let v = Array(bytes).withUnsafeBytes({ UInt256(bigEndianBuffer: $0) }) else { return nil }
            self = v
        }
    }

    /// Reads a big-endian unsigned integer from raw memory; nil when it does not fit in 256 bits.
    @inlinable
    public init?(bigEndianBuffer raw: UnsafeRawBufferPointer) {
        var start = 0
        let count = raw.count
        while count - start > 32 {
            guard raw[start] == 0 else { return nil }
            start += 1
        }
        if count - start == 32, let base = raw.baseAddress {
            self.init(word32At: base + start)
            return
        }
        var v = UInt256.zero
        var shift = 0
        var i = count - 1
        while i >= start {
            v[limb: shift / 64] |= UInt64(raw[i]) << UInt64(shift % 64)
            shift += 8
            i -= 1
        }
        self = v
    }

    /// Reads exactly 32 big-endian bytes at `p` (the ABI word layout).
    @inlinable
    public init(word32At p: UnsafeRawPointer) {
        self.init(limbs: (
            UInt64(bigEndian: p.loadUnaligned(fromByteOffset: 24, as: UInt64.self)),
            UInt64(bigEndian: p.loadUnaligned(fromByteOffset: 16, as: UInt64.self)),
            UInt64(bigEndian: p.loadUnaligned(fromByteOffset: 8, as: UInt64.self)),
            UInt64(bigEndian: p.loadUnaligned(fromByteOffset: 0, as: UInt64.self))
        ))
    }

    /// Writes the value as 32 big-endian bytes at `p`.
    @inlinable
    public func storeWord32(to p: UnsafeMutableRawPointer) {
        p.storeBytes(of: w3.bigEndian, toByteOffset: 0, as: UInt64.self)
        p.storeBytes(of: w2.bigEndian, toByteOffset: 8, as: UInt64.self)
        p.storeBytes(of: w1.bigEndian, toByteOffset: 16, as: UInt64.self)
        p.storeBytes(of: w0.bigEndian, toByteOffset: 24, as: UInt64.self)
    }

    /// The value as exactly 32 big-endian bytes.
    public var bigEndianBytes: Data {
        var out = Data(count: 32)
        out.withUnsafeMutableBytes { storeWord32(to: $0.baseAddress!) }
        return out
    }

    /// The value as big-endian bytes without leading zeros; empty for zero (the RLP form).
    public var minimalBigEndianBytes: Data {
        Data(bigEndianBytes.dropFirst(leadingZeroBitCount / 8))
    }
}
