/// Two's-complement helpers so a `UInt256` can carry an ABI `int256` (or narrower `intN`) value.
extension UInt256 {
    /// The two's-complement bit pattern of `v` sign-extended to 256 bits.
    @inlinable
    public init(twosComplementOf v: Int64) {
        let fill: UInt64 = v < 0 ? .max : 0
        self.init(limbs: (UInt64(bitPattern: v), fill, fill, fill))
    }

    /// Whether the top bit is set, i.e. the value is negative when read as `int256`.
    @inlinable
    public var isNegativeInTwosComplement: Bool { w3 >> 63 == 1 }

    /// The two's-complement negation (`0 - self` modulo 2^256).
    @inlinable
    public var twosComplementNegated: UInt256 { UInt256.zero &- self }

    /// The value read as `int256`, as a signed decimal string, e.g. `"-1"` for `2^256 - 1`.
    public var signedDecimalString: String {
        isNegativeInTwosComplement ? "-" + twosComplementNegated.decimalString : decimalString
    }

    /// Parses an optionally `-`-signed decimal into its 256-bit two's-complement pattern.
    /// Nil when the magnitude does not fit in `int256` (−2^255 … 2^255−1).
    public init?(signedDecimalString string: String) {
        let negative = string.hasPrefix("-")
        guard let magnitude = UInt256(decimalString: negative ? String(string.dropFirst()) : string) else { return nil }
        let limit = UInt256.one << 255
        if negative {
            guard magnitude <= limit else { return nil }
            self = magnitude.twosComplementNegated
        } else {
            guard magnitude < limit else { return nil }
            self = magnitude
        }
    }

    /// The value as `Int64` when read as `int256`, or nil when it does not fit.
    public var int64InTwosComplement: Int64? {
        let fill: UInt64 = isNegativeInTwosComplement ? .max : 0
        guard w1 == fill, w2 == fill, w3 == fill else { return nil }
        let v = Int64(bitPattern: w0)
        guard (v < 0) == isNegativeInTwosComplement else { return nil }
        return v
    }

    /// Whether the value, read as `int256`, fits in a signed integer of `bits` bits (8…256).
    public func fitsSigned(bits: Int) -> Bool {
        guard bits < 256 else { return true }
        let shifted = self >> (bits - 1)  // must be all zeros or all ones
        if isNegativeInTwosComplement {
            return shifted == (UInt256.max >> (bits - 1))
        }
        return shifted.isZero
    }

    /// Whether the value fits in an unsigned integer of `bits` bits (8…256).
    public func fitsUnsigned(bits: Int) -> Bool {
        bits >= 256 || (self >> bits).isZero
    }
}
