import Foundation

/// The Keccak sponge state: 25 lanes of 64 bits.
@usableFromInline
struct KeccakState: Sendable {
    @usableFromInline var lanes = KeccakLanes()
    @inlinable init() {}

    /// The first 32 bytes of the state (the Keccak-256 digest after the final permutation).
    @inlinable
    func digest() -> Data {
        var out = Data(count: 32)
        out.withUnsafeMutableBytes { raw in
            raw.storeBytes(of: lanes.a00.littleEndian, toByteOffset: 0, as: UInt64.self)
            raw.storeBytes(of: lanes.a10.littleEndian, toByteOffset: 8, as: UInt64.self)
            raw.storeBytes(of: lanes.a20.littleEndian, toByteOffset: 16, as: UInt64.self)
            raw.storeBytes(of: lanes.a30.littleEndian, toByteOffset: 24, as: UInt64.self)
        }
        return out
    }
}

/// Keccak-256 as used by Ethereum (original Keccak padding `0x01`, not the FIPS-202 SHA3-256 padding `0x06`).
public enum Keccak256 {
    /// The rate of Keccak-256 in bytes (1600 - 2·256 bits).
    public static let blockSize = 136

    /// Hashes `data` and returns the 32-byte digest.
    @inlinable
    public static func hash(_ data: some DataProtocol) -> Data {
        if let data = data as? Data {
            return data.withUnsafeBytes { hash($0) }
        }
        if data.regions.count == 1, let region = data.regions.first {
            return region.withUnsafeBytes { hash($0) }
        }
        return Array(data).withUnsafeBytes { hash($0) }
    }

    /// Hashes the UTF-8 bytes of `string` (handy for signatures such as `transfer(address,uint256)`).
    public static func hash(utf8 string: String) -> Data {
        var string = string
        return string.withUTF8 { hash(UnsafeRawBufferPointer($0)) }
    }

    /// Fast path: hashes raw memory without copying it.
    @inlinable
    public static func hash(_ bytes: UnsafeRawBufferPointer) -> Data {
        var state = KeccakState()
        var offset = 0
        let count = bytes.count
        if let base = bytes.baseAddress {
            while count - offset >= blockSize {
                state.absorbBlock(base + offset)
                state.permute()
                offset += blockSize
            }
        }
        // Final block: copy the remainder, then pad with 0x01 … 0x80.
        withUnsafeTemporaryAllocation(byteCount: blockSize, alignment: 8) { block in
            block.initializeMemory(as: UInt8.self, repeating: 0)
            let remaining = count - offset
            if remaining > 0, let base = bytes.baseAddress {
                block.baseAddress!.copyMemory(from: base + offset, byteCount: remaining)
            }
            block[remaining] ^= 0x01
            block[blockSize - 1] ^= 0x80
            state.absorbBlock(block.baseAddress!)
        }
        state.permute()
        return state.digest()
    }
}
