import Ethereum
import Foundation
import QSPCore

/// A mined transaction's receipt, from `eth_getTransactionReceipt`.
public struct Receipt: Hashable, Sendable {
    public let transactionHash: Data
    public let transactionIndex: UInt64
    public let blockNumber: UInt64
    public let blockHash: Data
    public let from: Address
    /// Nil for contract creation.
    public let to: Address?
    /// 1 when the transaction succeeded, 0 when it reverted.
    public let status: UInt64
    public let gasUsed: UInt64
    public let cumulativeGasUsed: UInt64
    /// Price paid per gas; nil on nodes that do not report it.
    public let effectiveGasPrice: UInt256?
    public let logs: [Log]
    /// The created contract, for contract creation.
    public let contractAddress: Address?
    /// EIP-2718 type (0 legacy, 2 EIP-1559); nil when the node omits it.
    public let type: UInt64?

    /// Whether the transaction succeeded (`status == 1`).
    public var succeeded: Bool { status == 1 }

    init(json: JSONValue, path: String = "receipt") throws(FieldDecodingError) {
        let reader = try ObjectReader(json, path: path)
        transactionHash = try reader.hash("transactionHash")
        transactionIndex = try reader.uint64("transactionIndex")
        blockNumber = try reader.uint64("blockNumber")
        blockHash = try reader.hash("blockHash")
        from = try reader.address("from")
        to = try reader.optionalAddress("to")
        status = try reader.uint64("status")
        gasUsed = try reader.uint64("gasUsed")
        cumulativeGasUsed = try reader.uint64("cumulativeGasUsed")
        effectiveGasPrice = try reader.optionalUInt256("effectiveGasPrice")
        logs = try Log.list(try reader.required("logs"), path: reader.fieldPath("logs"))
        contractAddress = try reader.optionalAddress("contractAddress")
        type = try reader.optionalUInt64("type")
    }
}
