import Ethereum
import Foundation
import QSPCore

/// The transaction-like object of `eth_call` and `eth_estimateGas`. Unset fields are left out.
public struct CallRequest: Hashable, Sendable {
    public var from: Address?
    public var to: Address?
    public var data: Data?
    public var value: UInt256?
    public var gas: UInt64?
    public var gasPrice: UInt256?
    public var maxFeePerGas: UInt256?
    public var maxPriorityFeePerGas: UInt256?

    /// Creates a call; `to == nil` means contract creation (for gas estimation).
    public init(
        from: Address? = nil, to: Address?, data: Data? = nil, value: UInt256? = nil, gas: UInt64? = nil,
        gasPrice: UInt256? = nil, maxFeePerGas: UInt256? = nil, maxPriorityFeePerGas: UInt256? = nil
    ) {
        self.from = from
        self.to = to
        self.data = data
        self.value = value
        self.gas = gas
        self.gasPrice = gasPrice
        self.maxFeePerGas = maxFeePerGas
        self.maxPriorityFeePerGas = maxPriorityFeePerGas
    }

    /// The JSON object sent as the first parameter (calldata as `data`, which every node accepts).
    public var jsonValue: JSONValue {
        var members: JSONObject = [:]
        if let from { members["from"] = .string(from.bytes.hexString()) }
        if let to { members["to"] = .string(to.bytes.hexString()) }
        if let data { members["data"] = .string(data.hexString()) }
        if let value { members["value"] = .string(value.hexQuantity) }
        if let gas { members["gas"] = .string("0x" + String(gas, radix: 16)) }
        if let gasPrice { members["gasPrice"] = .string(gasPrice.hexQuantity) }
        if let maxFeePerGas { members["maxFeePerGas"] = .string(maxFeePerGas.hexQuantity) }
        if let maxPriorityFeePerGas { members["maxPriorityFeePerGas"] = .string(maxPriorityFeePerGas.hexQuantity) }
        return .object(members)
    }
}
