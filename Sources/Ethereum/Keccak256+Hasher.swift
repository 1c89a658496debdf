import Foundation

extension Keccak256 {
    /// Incremental Keccak-256 for data that arrives in pieces: `update` any number of times, then `finalize` once.
    public struct Hasher: Sendable {
        var state = KeccakState()
        /// Bytes of the current, not yet full block.
        var pending: [UInt8] = []

        public init() {
            pending.reserveCapacity(Keccak256.blockSize)
        }

        /// Absorbs more input.
        public mutating func update(_ data: some DataProtocol) {
            for region in data.regions {
                region.withUnsafeBytes { update(bytes: $0) }
            }
        }

        /// Absorbs more input from raw memory.
        public mutating func update(bytes: UnsafeRawBufferPointer) {
            var offset = 0
            let blockSize = Keccak256.blockSize
            if !pending.isEmpty {
                let take = min(blockSize - pending.count, bytes.count)
                pending.append(contentsOf: bytes[0..<take])
                offset = take
                guard pending.count == blockSize else { return }
                pending.withUnsafeBytes { state.absorbBlock($0.baseAddress!) }
                state.permute()
                pending.removeAll(keepingCapacity: true)
            }
            if let base = bytes.baseAddress {
                while bytes.count - offset >= blockSize {
                    state.absorbBlock(base + offset)
                    state.permute()
                    offset += blockSize
                }
            }
            pending.append(contentsOf: bytes[offset...])
        }

        /// The digest of everything absorbed so far.
        public func finalize() -> Data {
            var state = self.state
            var block = [UInt8](repeating: 0, count: Keccak256.blockSize)
            block.replaceSubrange(0..<pending.count, with: pending)
            block[pending.count] ^= 0x01
            block[Keccak256.blockSize - 1] ^= 0x80
            block.withUnsafeBytes { state.absorbBlock($0.baseAddress!) }
            state.permute()
            return state.digest()
        }
    }
}
