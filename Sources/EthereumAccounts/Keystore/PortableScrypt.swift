import Crypto
import Dispatch
import Foundation
import _CryptoExtras

/// scrypt (RFC 7914) without the RFC's `N < 2^(16 r)` restriction.
///
/// BoringSSL (behind swift-crypto's `KDF.Scrypt`) enforces that restriction, but go-ethereum's scrypt does not,
/// and real keystores (including the Web3 Secret Storage test vector: n = 262144, r = 1, p = 8) break it.
/// `KeystoreKDF` uses BoringSSL whenever it can and this implementation only for such parameters.
enum PortableScrypt {
    /// Derives `outputByteCount` bytes. Parameters must already be range-checked by the caller.
    static func deriveKey(
        password: Data, salt: Data, n: Int, r: Int, p: Int, outputByteCount: Int
    ) throws -> SymmetricKey {
        let blockWords = 32 * r  // 128 * r bytes
        let initial = try KDF.Insecure.PBKDF2.deriveKey(
            from: password, salt: salt, using: .sha256, outputByteCount: p * 128 * r, unsafeUncheckedRounds: 1)
        var words = initial.withUnsafeBytes { raw in
            (0..<(p * blockWords)).map { UInt32(littleEndian: raw.loadUnaligned(fromByteOffset: $0 * 4, as: UInt32.self)) }
        }
        // The p blocks are independent (that is what scrypt's parallelism parameter is for): mix them on
        // several threads, each with its own table. Peak memory is at most 128 * n * r * p bytes.
        words.withUnsafeMutableBufferPointer { buffer in
            let base = DisjointBlocks(pointer: buffer.baseAddress!)
            DispatchQueue.concurrentPerform(iterations: p) { block in
                let table = UnsafeMutablePointer<UInt32>.allocate(capacity: n * blockWords)
                let scratch = UnsafeMutablePointer<UInt32>.allocate(capacity: 2 * blockWords + 16)
                defer {
                    table.update(repeating: 0, count: n * blockWords)
                    table.deallocate()
                    scratch.deallocate()
                }
                roMix(base.pointer + block * blockWords, r: r, n: n, table: table, scratch: scratch)
            }
        }
        var mixed = Data(count: words.count * 4)
        mixed.withUnsafeMutableBytes { raw in
            for (index, word) in words.enumerated() {
                raw.storeBytes(of: word.littleEndian, toByteOffset: index * 4, as: UInt32.self)
            }
        }
        defer { mixed.resetBytes(in: 0..<mixed.count) }
        return try KDF.Insecure.PBKDF2.deriveKey(
            from: password, salt: mixed, using: .sha256, outputByteCount: outputByteCount, unsafeUncheckedRounds: 1)
    }

    /// scryptROMix on one 128r-byte block `x`, in place.
    private static func roMix(
        _ x: UnsafeMutablePointer<UInt32>, r: Int, n: Int, table: UnsafeMutablePointer<UInt32>,
        scratch: UnsafeMutablePointer<UInt32>
    ) {
        let blockWords = 32 * r
        let y = scratch
        let temp = scratch + blockWords
        for i in 0..<n {
            (table + i * blockWords).update(from: x, count: blockWords)
            blockMix(x, output: y, r: r, temp: temp)
            x.update(from: y, count: blockWords)
        }
        for _ in 0..<n {
            let j = Int(x[(2 * r - 1) * 16]) & (n - 1)  // Integerify: first word of the last 64-byte block
            let row = table + j * blockWords
            var k = 0
            while k < blockWords { x[k] ^= row[k]; k += 1 }
            blockMix(x, output: y, r: r, temp: temp)
            x.update(from: y, count: blockWords)
        }
    }

    /// scryptBlockMix: output blocks in the order Y0, Y2, …, Y1, Y3, ….
    private static func blockMix(
        _ input: UnsafeMutablePointer<UInt32>, output: UnsafeMutablePointer<UInt32>, r: Int,
        temp: UnsafeMutablePointer<UInt32>
    ) {
        temp.update(from: input + (2 * r - 1) * 16, count: 16)
        for i in 0..<(2 * r) {
            let block = input + i * 16
            var k = 0
            while k < 16 { temp[k] ^= block[k]; k += 1 }
            salsa20_8(temp)
            let destination = output + ((i & 1) * r + (i >> 1)) * 16
            destination.update(from: temp, count: 16)
        }
    }

    /// The Salsa20/8 core, in place on 16 words. Written out flat (no closures or ranges) so that even
    /// unoptimized debug builds run it at a usable speed.
    private static func salsa20_8(_ b: UnsafeMutablePointer<UInt32>) {
        var x0 = b[0], x1 = b[1], x2 = b[2], x3 = b[3], x4 = b[4], x5 = b[5], x6 = b[6], x7 = b[7]
        var x8 = b[8], x9 = b[9], x10 = b[10], x11 = b[11], x12 = b[12], x13 = b[13], x14 = b[14], x15 = b[15]
        var t: UInt32 = 0
        var round = 0
        while round < 4 {
            t = x0 &+ x12; x4 ^= (t &<< 7) | (t &>> 25)
            t = x4 &+ x0; x8 ^= (t &<< 9) | (t &>> 23)
            t = x8 &+ x4; x12 ^= (t &<< 13) | (t &>> 19)
            t = x12 &+ x8; x0 ^= (t &<< 18) | (t &>> 14)
            t = x5 &+ x1; x9 ^= (t &<< 7) | (t &>> 25)
            t = x9 &+ x5; x13 ^= (t &<< 9) | (t &>> 23)
            t = x13 &+ x9; x1 ^= (t &<< 13) | (t &>> 19)
            t = x1 &+ x13; x5 ^= (t &<< 18) | (t &>> 14)
            t = x10 &+ x6; x14 ^= (t &<< 7) | (t &>> 25)
            t = x14 &+ x10; x2 ^= (t &<< 9) | (t &>> 23)
            t = x2 &+ x14; x6 ^= (t &<< 13) | (t &>> 19)
            t = x6 &+ x2; x10 ^= (t &<< 18) | (t &>> 14)
            t = x15 &+ x11; x3 ^= (t &<< 7) | (t &>> 25)
            t = x3 &+ x15; x7 ^= (t &<< 9) | (t &>> 23)
            t = x7 &+ x3; x11 ^= (t &<< 13) | (t &>> 19)
            t = x11 &+ x7; x15 ^= (t &<< 18) | (t &>> 14)
            t = x0 &+ x3; x1 ^= (t &<< 7) | (t &>> 25)
            t = x1 &+ x0; x2 ^= (t &<< 9) | (t &>> 23)
            t = x2 &+ x1; x3 ^= (t &<< 13) | (t &>> 19)
            t = x3 &+ x2; x0 ^= (t &<< 18) | (t &>> 14)
            t = x5 &+ x4; x6 ^= (t &<< 7) | (t &>> 25)
            t = x6 &+ x5; x7 ^= (t &<< 9) | (t &>> 23)
            t = x7 &+ x6; x4 ^= (t &<< 13) | (t &>> 19)
            t = x4 &+ x7; x5 ^= (t &<< 18) | (t &>> 14)
            t = x10 &+ x9; x11 ^= (t &<< 7) | (t &>> 25)
            t = x11 &+ x10; x8 ^= (t &<< 9) | (t &>> 23)
            t = x8 &+ x11; x9 ^= (t &<< 13) | (t &>> 19)
            t = x9 &+ x8; x10 ^= (t &<< 18) | (t &>> 14)
            t = x15 &+ x14; x12 ^= (t &<< 7) | (t &>> 25)
            t = x12 &+ x15; x13 ^= (t &<< 9) | (t &>> 23)
            t = x13 &+ x12; x14 ^= (t &<< 13) | (t &>> 19)
            t = x14 &+ x13; x15 ^= (t &<< 18) | (t &>> 14)
            round += 1
        }
        b[0] &+= x0; b[1] &+= x1; b[2] &+= x2; b[3] &+= x3; b[4] &+= x4; b[5] &+= x5; b[6] &+= x6; b[7] &+= x7
        b[8] &+= x8; b[9] &+= x9; b[10] &+= x10; b[11] &+= x11; b[12] &+= x12; b[13] &+= x13; b[14] &+= x14
        b[15] &+= x15
    }
}

/// The mixing buffer shared by the `concurrentPerform` workers; each worker touches only its own block,
/// and the buffer outlives them all, so the shared pointer is safe to send.
private struct DisjointBlocks: @unchecked Sendable {
    let pointer: UnsafeMutablePointer<UInt32>
}
