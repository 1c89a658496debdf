import Foundation
import QSPCore

// Typed models of the RPC answers of `JSONBench`, read two ways: by `JSONDecoder` (synthesized `Decodable`) and from
// a parsed `JSONValue` (`init?(json:)`, the way EthereumRPC reads answers). Fields stay hex strings on both paths, so
// only the JSON work is compared.

struct RPCEnvelope<Result: Decodable>: Decodable {
    let jsonrpc: String
    let id: Int
    let result: Result
}

struct RPCLog: Decodable {
    let address: String
    let topics: [String]
    let data: String
    let blockNumber: String
    let transactionHash: String
    let transactionIndex: String
    let blockHash: String
    let logIndex: String
    let removed: Bool

    init?(json: JSONValue) {
        guard case .object(let o) = json, let address = o["address"]?.stringValue,
            let topics = o["topics"]?.arrayValue?.compactMap(\.stringValue), let data = o["data"]?.stringValue,
            let blockNumber = o["blockNumber"]?.stringValue, let transactionHash = o["transactionHash"]?.stringValue,
            let transactionIndex = o["transactionIndex"]?.stringValue, let blockHash = o["blockHash"]?.stringValue,
            let logIndex = o["logIndex"]?.stringValue, case .bool(let removed)? = o["removed"]
        else { return nil }
        self.address = address
        self.topics = topics
        self.data = data
        self.blockNumber = blockNumber
        self.transactionHash = transactionHash
        self.transactionIndex = transactionIndex
        self.blockHash = blockHash
        self.logIndex = logIndex
        self.removed = removed
    }
}

struct RPCReceipt: Decodable {
    let blockHash: String
    let blockNumber: String
    let contractAddress: String?
    let cumulativeGasUsed: String
    let effectiveGasPrice: String
    let from: String
    let gasUsed: String
    let logs: [RPCLog]
    let logsBloom: String
    let status: String
    let to: String?
    let transactionHash: String
    let transactionIndex: String
    let type: String

    init?(json: JSONValue) {
        guard case .object(let o) = json, let blockHash = o["blockHash"]?.stringValue,
            let blockNumber = o["blockNumber"]?.stringValue, let cumulative = o["cumulativeGasUsed"]?.stringValue,
            let price = o["effectiveGasPrice"]?.stringValue, let from = o["from"]?.stringValue,
            let gasUsed = o["gasUsed"]?.stringValue, let logs = o["logs"]?.arrayValue,
            let bloom = o["logsBloom"]?.stringValue, let status = o["status"]?.stringValue,
            let transactionHash = o["transactionHash"]?.stringValue,
            let transactionIndex = o["transactionIndex"]?.stringValue, let type = o["type"]?.stringValue
        else { return nil }
        var parsedLogs: [RPCLog] = []
        parsedLogs.reserveCapacity(logs.count)
        for log in logs {
            guard let parsed = RPCLog(json: log) else { return nil }
            parsedLogs.append(parsed)
        }
        self.blockHash = blockHash
        self.blockNumber = blockNumber
        self.contractAddress = o["contractAddress"]?.stringValue
        self.cumulativeGasUsed = cumulative
        self.effectiveGasPrice = price
        self.from = from
        self.gasUsed = gasUsed
        self.logs = parsedLogs
        self.logsBloom = bloom
        self.status = status
        self.to = o["to"]?.stringValue
        self.transactionHash = transactionHash
        self.transactionIndex = transactionIndex
        self.type = type
    }
}

/// The header fields the node reads (the rest of the answer is skipped by both paths).
struct RPCBlock: Decodable {
    let number: String
    let hash: String
    let parentHash: String
    let timestamp: String
    let gasLimit: String
    let gasUsed: String
    let baseFeePerGas: String?
    let miner: String
    let transactions: [String]

    init?(json: JSONValue) {
        guard case .object(let o) = json, let number = o["number"]?.stringValue, let hash = o["hash"]?.stringValue,
            let parentHash = o["parentHash"]?.stringValue, let timestamp = o["timestamp"]?.stringValue,
            let gasLimit = o["gasLimit"]?.stringValue, let gasUsed = o["gasUsed"]?.stringValue,
            let miner = o["miner"]?.stringValue, let transactions = o["transactions"]?.arrayValue?.compactMap(\.stringValue)
        else { return nil }
        self.number = number
        self.hash = hash
        self.parentHash = parentHash
        self.timestamp = timestamp
        self.gasLimit = gasLimit
        self.gasUsed = gasUsed
        self.baseFeePerGas = o["baseFeePerGas"]?.stringValue
        self.miner = miner
        self.transactions = transactions
    }
}

/// Reads `{"jsonrpc","id","result"}` from a parsed answer and converts the result with `read`.
func envelopeResult<T>(_ json: JSONValue, _ read: (JSONValue) -> T?) -> T? {
    guard case .object(let o) = json, o["jsonrpc"] == "2.0", case .integer? = o["id"], let result = o["result"] else {
        return nil
    }
    return read(result)
}
