/// Addition, subtraction, multiplication and division of `UInt256`.
extension UInt256 {
    /// Wrapping sum and whether it overflowed 2^256.
    @inlinable
    public func addingReportingOverflow(_ rhs: UInt256) -> (partialValue: UInt256, overflow: Bool) {
        let (r0, c0) = w0.addingReportingOverflow(rhs.w0)
        var (r1, c1) = w1.addingReportingOverflow(rhs.w1)
        if c0 { let (t, c) = r1.addingReportingOverflow(1); r1 = t; c1 = c1 || c }
        var (r2, c2) = w2.addingReportingOverflow(rhs.w2)
        if c1 { let (t, c) = r2.addingReportingOverflow(1); r2 = t; c2 = c2 || c }
        var (r3, c3) = w3.addingReportingOverflow(rhs.w3)
        if c2 { let (t, c) = r3.addingReportingOverflow(1); r3 = t; c3 = c3 || c }
        return (UInt256(limbs: (r0, r1, r2, r3)), c3)
    }

    /// Wrapping difference and whether it underflowed below zero.
    @inlinable
    public func subtractingReportingOverflow(_ rhs: UInt256) -> (partialValue: UInt256, overflow: Bool) {
        let (r0, b0) = w0.subtractingReportingOverflow(rhs.w0)
        var (r1, b1) = w1.subtractingReportingOverflow(rhs.w1)
        if b0 { let (t, b) = r1.subtractingReportingOverflow(1); r1 = t; b1 = b1 || b }
        var (r2, b2) = w2.subtractingReportingOverflow(rhs.w2)
        if b1 { let (t, b) = r2.subtractingReportingOverflow(1); r2 = t; b2 = b2 || b }
        var (r3, b3) = w3.subtractingReportingOverflow(rhs.w3)
        if b2 { let (t, b) = r3.subtractingReportingOverflow(1); r3 = t; b3 = b3 || b }
        return (UInt256(limbs: (r0, r1, r2, r3)), b3)
    }

    /// Wrapping product (mod 2^256) and whether the full product exceeded 2^256 - 1.
    @inlinable
    public func multipliedReportingOverflow(by rhs: UInt256) -> (partialValue: UInt256, overflow: Bool) {
        // Schoolbook multiplication into an 8-limb product on the stack (no heap allocation).
        withUnsafeTemporaryAllocation(of: UInt64.self, capacity: 8) { r in
            r.initialize(repeating: 0)
            for i in 0..<4 {
                let ai = self[limb: i]
                if ai == 0 { continue }
                var carry: UInt64 = 0
                for j in 0..<4 {
                    let (hi, lo) = ai.multipliedFullWidth(by: rhs[limb: j])
                    let (s1, o1) = lo.addingReportingOverflow(r[i + j])
                    let (s2, o2) = s1.addingReportingOverflow(carry)
                    r[i + j] = s2
                    carry = hi &+ (o1 ? 1 : 0) &+ (o2 ? 1 : 0)  // cannot overflow: hi <= 2^64 - 2
                }
                r[i + 4] = carry
            }
            let overflow = (r[4] | r[5] | r[6] | r[7]) != 0
            return (UInt256(limbs: (r[0], r[1], r[2], r[3])), overflow)
        }
    }

    /// Quotient and remainder; traps when `divisor` is zero.
    public func quotientAndRemainder(dividingBy divisor: UInt256) -> (quotient: UInt256, remainder: UInt256) {
        precondition(!divisor.isZero, "UInt256 division by zero")
        if self < divisor { return (.zero, self) }
        if let d = divisor.uint64 {
            let (q, r) = quotientAndRemainder(dividingBySmall: d)
            return (q, UInt256(r))
        }
        // Shift-subtract (restoring) division over the bits where the quotient can be non-zero.
        let shift = divisor.leadingZeroBitCount - leadingZeroBitCount
        var remainder = self
        var quotient = UInt256.zero
        var d = divisor << shift
        var i = shift
        while i >= 0 {
            if remainder >= d {
                remainder = remainder.subtractingReportingOverflow(d).partialValue
                quotient[limb: i / 64] |= 1 << UInt64(i % 64)
            }
            d = d >> 1
            i -= 1
        }
        return (quotient, remainder)
    }

    /// Division by a non-zero 64-bit divisor, limb by limb.
    @inlinable
    public func quotientAndRemainder(dividingBySmall divisor: UInt64) -> (quotient: UInt256, remainder: UInt64) {
        precondition(divisor != 0, "UInt256 division by zero")
        var q = UInt256.zero
        var r: UInt64 = 0
        for i in stride(from: 3, through: 0, by: -1) {
            let (qi, ri) = divisor.dividingFullWidth((high: r, low: self[limb: i]))
            q[limb: i] = qi
            r = ri
        }
        return (q, r)
    }

    /// Sum; traps on overflow.
    @inlinable
    public static func + (lhs: UInt256, rhs: UInt256) -> UInt256 {
        let (v, o) = lhs.addingReportingOverflow(rhs)
        precondition(!o, "UInt256 addition overflow")
        return v
    }

    /// Difference; traps on underflow.
    @inlinable
    public static func - (lhs: UInt256, rhs: UInt256) -> UInt256 {
        let (v, o) = lhs.subtractingReportingOverflow(rhs)
        precondition(!o, "UInt256 subtraction underflow")
        return v
    }

    /// Product; traps on overflow.
    @inlinable
    public static func * (lhs: UInt256, rhs: UInt256) -> UInt256 {
        let (v, o) = lhs.multipliedReportingOverflow(by: rhs)
        precondition(!o, "UInt256 multiplication overflow")
        return v
    }

    /// Quotient; traps on division by zero.
    public static func / (lhs: UInt256, rhs: UInt256) -> UInt256 { lhs.quotientAndRemainder(dividingBy: rhs).quotient }

    /// Remainder; traps on division by zero.
    public static func % (lhs: UInt256, rhs: UInt256) -> UInt256 { lhs.quotientAndRemainder(dividingBy: rhs).remainder }

    /// Wrapping sum.
    @inlinable
    public static func &+ (lhs: UInt256, rhs: UInt256) -> UInt256 { lhs.addingReportingOverflow(rhs).partialValue }
    /// Wrapping difference.
    @inlinable
    public static func &- (lhs: UInt256, rhs: UInt256) -> UInt256 { lhs.subtractingReportingOverflow(rhs).partialValue }
    /// Wrapping product.
    @inlinable
    public static func &* (lhs: UInt256, rhs: UInt256) -> UInt256 { lhs.multipliedReportingOverflow(by: rhs).partialValue }

    @inlinable public static func += (lhs: inout UInt256, rhs: UInt256) { lhs = lhs + rhs }
    @inlinable public static func -= (lhs: inout UInt256, rhs: UInt256) { lhs = lhs - rhs }
    @inlinable public static func *= (lhs: inout UInt256, rhs: UInt256) { lhs = lhs * rhs }
    public static func /= (lhs: inout UInt256, rhs: UInt256) { lhs = lhs / rhs }
    public static func %= (lhs: inout UInt256, rhs: UInt256) { lhs = lhs % rhs }
}

/// Bitwise operations and shifts of `UInt256`.
extension UInt256 {
    @inlinable public static func & (l: UInt256, r: UInt256) -> UInt256 { UInt256(limbs: (l.w0 & r.w0, l.w1 & r.w1, l.w2 & r.w2, l.w3 & r.w3)) }
    @inlinable public static func | (l: UInt256, r: UInt256) -> UInt256 { UInt256(limbs: (l.w0 | r.w0, l.w1 | r.w1, l.w2 | r.w2, l.w3 | r.w3)) }
    @inlinable public static func ^ (l: UInt256, r: UInt256) -> UInt256 { UInt256(limbs: (l.w0 ^ r.w0, l.w1 ^ r.w1, l.w2 ^ r.w2, l.w3 ^ r.w3)) }
    @inlinable public static prefix func ~ (v: UInt256) -> UInt256 { UInt256(limbs: (~v.w0, ~v.w1, ~v.w2, ~v.w3)) }

    /// Logical left shift; shifts of 256 or more (or negative) give zero.
    @inlinable
    public static func << (lhs: UInt256, rhs: Int) -> UInt256 {
        guard rhs > 0 else { return rhs == 0 ? lhs : lhs >> -rhs }
        guard rhs < 256 else { return .zero }
        let limbShift = rhs / 64, bitShift = UInt64(rhs % 64)
        var out = UInt256.zero
        for i in stride(from: 3, through: limbShift, by: -1) {
            var v = lhs[limb: i - limbShift] << bitShift
            if bitShift > 0 && i - limbShift - 1 >= 0 { v |= lhs[limb: i - limbShift - 1] >> (64 - bitShift) }
            out[limb: i] = v
        }
        return out
    }

    /// Logical right shift; shifts of 256 or more (or negative) give zero.
    @inlinable
    public static func >> (lhs: UInt256, rhs: Int) -> UInt256 {
        guard rhs > 0 else { return rhs == 0 ? lhs : lhs << -rhs }
        guard rhs < 256 else { return .zero }
        let limbShift = rhs / 64, bitShift = UInt64(rhs % 64)
        var out = UInt256.zero
        for i in 0..<(4 - limbShift) {
            var v = lhs[limb: i + limbShift] >> bitShift
            if bitShift > 0 && i + limbShift + 1 < 4 { v |= lhs[limb: i + limbShift + 1] << (64 - bitShift) }
            out[limb: i] = v
        }
        return out
    }

    @inlinable public static func <<= (lhs: inout UInt256, rhs: Int) { lhs = lhs << rhs }
    @inlinable public static func >>= (lhs: inout UInt256, rhs: Int) { lhs = lhs >> rhs }
}
