R = [[0,36,3,41,18],[1,44,10,45,2],[62,6,43,15,61],[28,55,25,21,56],[27,20,39,8,14]]  # R[x][y]
RC = [0x0000000000000001,0x0000000000008082,0x800000000000808A,0x8000000080008000,0x000000000000808B,0x0000000080000001,0x8000000080008081,0x8000000000008009,0x000000000000008A,0x0000000000000088,0x0000000080008009,0x000000008000000A,0x000000008000808B,0x800000000000008B,0x8000000000008089,0x8000000000008003,0x8000000000008002,0x8000000000000080,0x000000000000800A,0x800000008000000A,0x8000000080008081,0x8000000000008080,0x0000000080000001,0x8000000080008008]
def a(x,y): return f"a{x%5}{y%5}"
def b(x,y): return f"b{x%5}{y%5}"
L=[]
w=L.append
w("// Straight-line code generated from the round description of FIPS 202 §3.2 (theta, rho, pi, chi, iota); regenerate rather than hand-edit.")
w("// keccak-f[1600] permutation, fully unrolled within a round, state held in 25 local UInt64 lanes.")
w("")
w("extension KeccakState {")
w("    /// Applies the 24-round keccak-f[1600] permutation in place.")
w("    @inlinable")
w("    mutating func permute() {")
for y in range(5):
    for x in range(5):
        w(f"        var {a(x,y)} = lanes.{a(x,y)}")
w("        for rc in keccakRoundConstants {")
for x in range(5):
    w(f"            let c{x} = {a(x,0)} ^ {a(x,1)} ^ {a(x,2)} ^ {a(x,3)} ^ {a(x,4)}")
for x in range(5):
    w(f"            let d{x} = c{(x-1)%5} ^ ((c{(x+1)%5} << 1) | (c{(x+1)%5} >> 63))")
for x in range(5):
    for y in range(5):
        r = R[x][y]
        nx, ny = y, (2*x+3*y)%5
        if r == 0:
            w(f"            let {b(nx,ny)} = {a(x,y)} ^ d{x}")
        else:
            w(f"            let {b(nx,ny)} = rotl({a(x,y)} ^ d{x}, {r})")
for y in range(5):
    for x in range(5):
        w(f"            {a(x,y)} = {b(x,y)} ^ (~{b(x+1,y)} & {b(x+2,y)})")
w("            a00 ^= rc")
w("        }")
for y in range(5):
    for x in range(5):
        w(f"        lanes.{a(x,y)} = {a(x,y)}")
w("    }")
w("")
w("    /// XORs one 136-byte block (17 little-endian lanes) from `p` into the state.")
w("    @inlinable")
w("    mutating func absorbBlock(_ p: UnsafeRawPointer) {")
for i in range(17):
    x, y = i % 5, i // 5
    w(f"        lanes.{a(x,y)} ^= UInt64(littleEndian: p.loadUnaligned(fromByteOffset: {i*8}, as: UInt64.self))")
w("    }")
w("}")
w("")
w("/// The 24 iota round constants of keccak-f[1600].")
w("@usableFromInline")
w("let keccakRoundConstants: [UInt64] = [")
for i in range(0,24,4):
    w("    " + ", ".join(f"0x{c:016X}" for c in RC[i:i+4]) + ",")
w("]")
w("")
w("/// Rotate left by a constant amount.")
w("@inlinable @inline(__always)")
w("func rotl(_ v: UInt64, _ n: UInt64) -> UInt64 { (v << n) | (v >> (64 &- n)) }")
w("")
w("/// The 25 lanes of the Keccak state as stored properties (no heap allocation).")
w("@usableFromInline")
w("struct KeccakLanes: Sendable {")
for y in range(5):
    w("    @usableFromInline var " + ", ".join(f"{a(x,y)}: UInt64 = 0" for x in range(5)))
w("    @inlinable init() {}")
w("}")
open("/work/main/Sources/Ethereum/KeccakPermutation.swift","w").write("\n".join(L)+"\n")
