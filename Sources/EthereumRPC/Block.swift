import Ethereum
import Foundation
import QSPCore

/// A block header with its transaction hashes, from `eth_getBlockByNumber`/`eth_getBlockByHash` (without full transactions).
public struct Block: Hashable, Sendable {
    public let number: UInt64
    /// Nil only for the pending block.
    public let hash: Data?
    public let parentHash: Data
    /// Seconds since the Unix epoch.
    public let timestamp: UInt64
    public let gasLimit: UInt64
    public let gasUsed: UInt64
    /// Nil before London (EIP-1559).
    public let baseFeePerGas: UInt256?
    /// Fee recipient; nil for the pending block on some nodes.
    public let miner: Address?
    public let transactionHashes: [Data]

    init(json: JSONValue, path: String = "block") throws(FieldDecodingError) {
        let reader = try ObjectReader(json, path: path)
        number = try reader.uint64("number")
        hash = try reader.optionalHash("hash")
        parentHash = try reader.hash("parentHash")
        timestamp = try reader.uint64("timestamp")
        gasLimit = try reader.uint64("gasLimit")
        gasUsed = try reader.uint64("gasUsed")
        baseFeePerGas = try reader.optionalUInt256("baseFeePerGas")
        miner = try reader.optionalAddress("miner")
        var hashes: [Data] = []
        let items = try reader.array("transactions")
        hashes.reserveCapacity(items.count)
        for (index, item) in items.enumerated() {
            hashes.append(try HexField.hash(item, "\(path).transactions[\(index)]"))
        }
        transactionHashes = hashes
    }
}
