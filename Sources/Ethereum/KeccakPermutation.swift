// Straight-line code generated from the round description of FIPS 202 §3.2 (theta, rho, pi, chi, iota); regenerate rather than hand-edit.
// keccak-f[1600] permutation, fully unrolled within a round, state held in 25 local UInt64 lanes.

extension KeccakState {
    /// Applies the 24-round keccak-f[1600] permutation in place.
    @inlinable
    mutating func permute() {
        var a00 = lanes.a00
        var a10 = lanes.a10
        var a20 = lanes.a20
        var a30 = lanes.a30
        var a40 = lanes.a40
        var a01 = lanes.a01
        var a11 = lanes.a11
        var a21 = lanes.a21
        var a31 = lanes.a31
        var a41 = lanes.a41
        var a02 = lanes.a02
        var a12 = lanes.a12
        var a22 = lanes.a22
        var a32 = lanes.a32
        var a42 = lanes.a42
        var a03 = lanes.a03
        var a13 = lanes.a13
        var a23 = lanes.a23
        var a33 = lanes.a33
        var a43 = lanes.a43
        var a04 = lanes.a04
        var a14 = lanes.a14
        var a24 = lanes.a24
        var a34 = lanes.a34
        var a44 = lanes.a44
        for rc in keccakRoundConstants {
            let c0 = a00 ^ a01 ^ a02 ^ a03 ^ a04
            let c1 = a10 ^ a11 ^ a12 ^ a13 ^ a14
            let c2 = a20 ^ a21 ^ a22 ^ a23 ^ a24
            let c3 = a30 ^ a31 ^ a32 ^ a33 ^ a34
            let c4 = a40 ^ a41 ^ a42 ^ a43 ^ a44
            let d0 = c4 ^ ((c1 << 1) | (c1 >> 63))
            let d1 = c0 ^ ((c2 << 1) | (c2 >> 63))
            let d2 = c1 ^ ((c3 << 1) | (c3 >> 63))
            let d3 = c2 ^ ((c4 << 1) | (c4 >> 63))
            let d4 = c3 ^ ((c0 << 1) | (c0 >> 63))
            let b00 = a00 ^ d0
            let b13 = rotl(a01 ^ d0, 36)
            let b21 = rotl(a02 ^ d0, 3)
            let b34 = rotl(a03 ^ d0, 41)
            let b42 = rotl(a04 ^ d0, 18)
            let b02 = rotl(a10 ^ d1, 1)
            let b10 = rotl(a11 ^ d1, 44)
            let b23 = rotl(a12 ^ d1, 10)
            let b31 = rotl(a13 ^ d1, 45)
            let b44 = rotl(a14 ^ d1, 2)
            let b04 = rotl(a20 ^ d2, 62)
            let b12 = rotl(a21 ^ d2, 6)
            let b20 = rotl(a22 ^ d2, 43)
            let b33 = rotl(a23 ^ d2, 15)
            let b41 = rotl(a24 ^ d2, 61)
            let b01 = rotl(a30 ^ d3, 28)
            let b14 = rotl(a31 ^ d3, 55)
            let b22 = rotl(a32 ^ d3, 25)
            let b30 = rotl(a33 ^ d3, 21)
            let b43 = rotl(a34 ^ d3, 56)
            let b03 = rotl(a40 ^ d4, 27)
            let b11 = rotl(a41 ^ d4, 20)
            let b24 = rotl(a42 ^ d4, 39)
            let b32 = rotl(a43 ^ d4, 8)
            let b40 = rotl(a44 ^ d4, 14)
            a00 = b00 ^ (~b10 & b20)
            a10 = b10 ^ (~b20 & b30)
            a20 = b20 ^ (~b30 & b40)
            a30 = b30 ^ (~b40 & b00)
            a40 = b40 ^ (~b00 & b10)
            a01 = b01 ^ (~b11 & b21)
            a11 = b11 ^ (~b21 & b31)
            a21 = b21 ^ (~b31 & b41)
            a31 = b31 ^ (~b41 & b01)
            a41 = b41 ^ (~b01 & b11)
            a02 = b02 ^ (~b12 & b22)
            a12 = b12 ^ (~b22 & b32)
            a22 = b22 ^ (~b32 & b42)
            a32 = b32 ^ (~b42 & b02)
            a42 = b42 ^ (~b02 & b12)
            a03 = b03 ^ (~b13 & b23)
            a13 = b13 ^ (~b23 & b33)
            a23 = b23 ^ (~b33 & b43)
            a33 = b33 ^ (~b43 & b03)
            a43 = b43 ^ (~b03 & b13)
            a04 = b04 ^ (~b14 & b24)
            a14 = b14 ^ (~b24 & b34)
            a24 = b24 ^ (~b34 & b44)
            a34 = b34 ^ (~b44 & b04)
            a44 = b44 ^ (~b04 & b14)
            a00 ^= rc
        }
        lanes.a00 = a00
        lanes.a10 = a10
        lanes.a20 = a20
        lanes.a30 = a30
        lanes.a40 = a40
        lanes.a01 = a01
        lanes.a11 = a11
        lanes.a21 = a21
        lanes.a31 = a31
        lanes.a41 = a41
        lanes.a02 = a02
        lanes.a12 = a12
        lanes.a22 = a22
        lanes.a32 = a32
        lanes.a42 = a42
        lanes.a03 = a03
        lanes.a13 = a13
        lanes.a23 = a23
        lanes.a33 = a33
        lanes.a43 = a43
        lanes.a04 = a04
        lanes.a14 = a14
        lanes.a24 = a24
        lanes.a34 = a34
        lanes.a44 = a44
    }

    /// XORs one 136-byte block (17 little-endian lanes) from `p` into the state.
    @inlinable
    mutating func absorbBlock(_ p: UnsafeRawPointer) {
        lanes.a00 ^= UInt64(littleEndian: p.loadUnaligned(fromByteOffset: 0, as: UInt64.self))
        lanes.a10 ^= UInt64(littleEndian: p.loadUnaligned(fromByteOffset: 8, as: UInt64.self))
        lanes.a20 ^= UInt64(littleEndian: p.loadUnaligned(fromByteOffset: 16, as: UInt64.self))
        lanes.a30 ^= UInt64(littleEndian: p.loadUnaligned(fromByteOffset: 24, as: UInt64.self))
        lanes.a40 ^= UInt64(littleEndian: p.loadUnaligned(fromByteOffset: 32, as: UInt64.self))
        lanes.a01 ^= UInt64(littleEndian: p.loadUnaligned(fromByteOffset: 40, as: UInt64.self))
        lanes.a11 ^= UInt64(littleEndian: p.loadUnaligned(fromByteOffset: 48, as: UInt64.self))
        lanes.a21 ^= UInt64(littleEndian: p.loadUnaligned(fromByteOffset: 56, as: UInt64.self))
        lanes.a31 ^= UInt64(littleEndian: p.loadUnaligned(fromByteOffset: 64, as: UInt64.self))
        lanes.a41 ^= UInt64(littleEndian: p.loadUnaligned(fromByteOffset: 72, as: UInt64.self))
        lanes.a02 ^= UInt64(littleEndian: p.loadUnaligned(fromByteOffset: 80, as: UInt64.self))
        lanes.a12 ^= UInt64(littleEndian: p.loadUnaligned(fromByteOffset: 88, as: UInt64.self))
        lanes.a22 ^= UInt64(littleEndian: p.loadUnaligned(fromByteOffset: 96, as: UInt64.self))
        lanes.a32 ^= UInt64(littleEndian: p.loadUnaligned(fromByteOffset: 104, as: UInt64.self))
        lanes.a42 ^= UInt64(littleEndian: p.loadUnaligned(fromByteOffset: 112, as: UInt64.self))
        lanes.a03 ^= UInt64(littleEndian: p.loadUnaligned(fromByteOffset: 120, as: UInt64.self))
        lanes.a13 ^= UInt64(littleEndian: p.loadUnaligned(fromByteOffset: 128, as: UInt64.self))
    }
}

/// The 24 iota round constants of keccak-f[1600].
@usableFromInline
let keccakRoundConstants: [UInt64] = [
    0x0000000000000001, 0x0000000000008082, 0x800000000000808A, 0x8000000080008000,
    0x000000000000808B, 0x0000000080000001, 0x8000000080008081, 0x8000000000008009,
    0x000000000000008A, 0x0000000000000088, 0x0000000080008009, 0x000000008000000A,
    0x000000008000808B, 0x800000000000008B, 0x8000000000008089, 0x8000000000008003,
    0x8000000000008002, 0x8000000000000080, 0x000000000000800A, 0x800000008000000A,
    0x8000000080008081, 0x8000000000008080, 0x0000000080000001, 0x8000000080008008,
]

/// Rotate left by a constant amount.
@inlinable @inline(__always)
func rotl(_ v: UInt64, _ n: UInt64) -> UInt64 { (v << n) | (v >> (64 &- n)) }

/// The 25 lanes of the Keccak state as stored properties (no heap allocation).
@usableFromInline
struct KeccakLanes: Sendable {
    @usableFromInline var a00: UInt64 = 0, a10: UInt64 = 0, a20: UInt64 = 0, a30: UInt64 = 0, a40: UInt64 = 0
    @usableFromInline var a01: UInt64 = 0, a11: UInt64 = 0, a21: UInt64 = 0, a31: UInt64 = 0, a41: UInt64 = 0
    @usableFromInline var a02: UInt64 = 0, a12: UInt64 = 0, a22: UInt64 = 0, a32: UInt64 = 0, a42: UInt64 = 0
    @usableFromInline var a03: UInt64 = 0, a13: UInt64 = 0, a23: UInt64 = 0, a33: UInt64 = 0, a43: UInt64 = 0
    @usableFromInline var a04: UInt64 = 0, a14: UInt64 = 0, a24: UInt64 = 0, a34: UInt64 = 0, a44: UInt64 = 0
    @inlinable init() {}
}
