import Ethereum
import Foundation
import QSPCore

/// The filter of `eth_getLogs`: a block range or a single block hash, contract addresses, and topic positions.
public struct LogFilter: Hashable, Sendable {
    /// First block of the range (node default: latest).
    public var fromBlock: BlockTag?
    /// Last block of the range (node default: latest).
    public var toBlock: BlockTag?
    /// A single block instead of a range; excludes `fromBlock`/`toBlock`.
    public var blockHash: Data?
    /// Emitting contracts (any of them); empty means any contract.
    public var addresses: [Address]
    /// Per topic position: nil matches anything, otherwise any of the listed 32-byte values.
    public var topics: [[Data]?]

    /// Creates a filter.
    public init(
        fromBlock: BlockTag? = nil, toBlock: BlockTag? = nil, blockHash: Data? = nil, addresses: [Address] = [],
        topics: [[Data]?] = []
    ) {
        self.fromBlock = fromBlock
        self.toBlock = toBlock
        self.blockHash = blockHash
        self.addresses = addresses
        self.topics = topics
    }

    /// A problem that makes the filter unusable, or nil.
    public var validationProblem: String? {
        if blockHash != nil && (fromBlock != nil || toBlock != nil) {
            return "a log filter takes either blockHash or fromBlock/toBlock, not both"
        }
        if let blockHash, blockHash.count != 32 { return "blockHash must be 32 bytes" }
        if topics.count > 4 { return "a log filter has at most 4 topic positions" }
        if topics.contains(where: { $0?.contains(where: { $0.count != 32 }) ?? false }) { return "every topic must be 32 bytes" }
        if topics.contains(where: { $0?.isEmpty ?? false }) { return "a topic position must list at least one value (use nil for any)" }
        return nil
    }

    /// The JSON object sent as the parameter (one address as a string, several as an array; trailing wildcards dropped).
    public var jsonValue: JSONValue {
        var members: JSONObject = [:]
        if let fromBlock { members["fromBlock"] = fromBlock.jsonValue }
        if let toBlock { members["toBlock"] = toBlock.jsonValue }
        if let blockHash { members["blockHash"] = .string(blockHash.hexString()) }
        if addresses.count == 1 {
            members["address"] = .string(addresses[0].bytes.hexString())
        } else if addresses.count > 1 {
            members["address"] = .array(addresses.map { .string($0.bytes.hexString()) })
        }
        var positions = topics
        while let last = positions.last, last == nil { positions.removeLast() }
        if !positions.isEmpty {
            members["topics"] = .array(positions.map { options -> JSONValue in
                guard let options else { return .null }
                return options.count == 1 ? .string(options[0].hexString()) : .array(options.map { .string($0.hexString()) })
            })
        }
        return .object(members)
    }
}
