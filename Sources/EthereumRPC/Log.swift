import Ethereum
import Foundation
import QSPCore

/// An event log, from `eth_getLogs` or inside a ``Receipt``.
public struct Log: Hashable, Sendable {
    public let address: Address
    /// Up to four 32-byte topics; topic 0 is the event signature hash for non-anonymous events.
    public let topics: [Data]
    public let data: Data
    public let blockNumber: UInt64
    public let blockHash: Data
    public let transactionHash: Data
    public let transactionIndex: UInt64
    public let logIndex: UInt64
    /// True when the log was removed by a chain reorganisation.
    public let removed: Bool

    init(json: JSONValue, path: String) throws(FieldDecodingError) {
        let reader = try ObjectReader(json, path: path)
        address = try reader.address("address")
        let items = try reader.array("topics")
        guard items.count <= 4 else {
            throw FieldDecodingError(path: reader.fieldPath("topics"), problem: "has \(items.count) entries, at most 4 are possible")
        }
        var topics: [Data] = []
        for (index, item) in items.enumerated() {
            topics.append(try HexField.hash(item, "\(path).topics[\(index)]"))
        }
        self.topics = topics
        data = try reader.data("data")
        blockNumber = try reader.uint64("blockNumber")
        blockHash = try reader.hash("blockHash")
        transactionHash = try reader.hash("transactionHash")
        transactionIndex = try reader.uint64("transactionIndex")
        logIndex = try reader.uint64("logIndex")
        removed = try reader.optionalBool("removed") ?? false
    }

    static func list(_ json: JSONValue, path: String) throws(FieldDecodingError) -> [Log] {
        let items = try HexField.array(json, path)
        var logs: [Log] = []
        logs.reserveCapacity(items.count)
        for (index, item) in items.enumerated() {
            logs.append(try Log(json: item, path: "\(path)[\(index)]"))
        }
        return logs
    }
}
