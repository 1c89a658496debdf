import Ethereum
import Foundation
import QSPCore

/// A transaction as the node reports it (`eth_getTransactionByHash`); block fields are nil while it is pending.
public struct TransactionInfo: Hashable, Sendable {
    public let hash: Data
    public let nonce: UInt64
    public let from: Address
    /// Nil for contract creation.
    public let to: Address?
    public let value: UInt256
    public let input: Data
    public let gas: UInt64
    /// EIP-2718 type (0 legacy, 1 access list, 2 EIP-1559); 0 when the node omits it.
    public let type: UInt64
    public let gasPrice: UInt256?
    public let maxFeePerGas: UInt256?
    public let maxPriorityFeePerGas: UInt256?
    public let chainID: UInt64?
    public let blockHash: Data?
    public let blockNumber: UInt64?
    public let transactionIndex: UInt64?

    init(json: JSONValue, path: String = "transaction") throws(FieldDecodingError) {
        let reader = try ObjectReader(json, path: path)
        hash = try reader.hash("hash")
        nonce = try reader.uint64("nonce")
        from = try reader.address("from")
        to = try reader.optionalAddress("to")
        value = try reader.uint256("value")
        input = try reader.data("input")
        gas = try reader.uint64("gas")
        type = try reader.optionalUInt64("type") ?? 0
        gasPrice = try reader.optionalUInt256("gasPrice")
        maxFeePerGas = try reader.optionalUInt256("maxFeePerGas")
        maxPriorityFeePerGas = try reader.optionalUInt256("maxPriorityFeePerGas")
        chainID = try reader.optionalUInt64("chainId")
        blockHash = try reader.optionalHash("blockHash")
        blockNumber = try reader.optionalUInt64("blockNumber")
        transactionIndex = try reader.optionalUInt64("transactionIndex")
    }
}
