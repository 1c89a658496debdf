import Ethereum
import Foundation
import QSPCore

/// A typed JSON-RPC call: the request and how to decode its result. Built by ``RPCCalls`` and sent by
/// ``EthereumClient/send(_:timeout:)`` or, several at once, ``EthereumClient/batch(_:timeout:)``.
public struct RPCCall<Value: Sendable>: Sendable {
    /// The request on the wire.
    public let request: JSONRPCRequest
    let decode: @Sendable (JSONValue) throws(FieldDecodingError) -> Value

    init(_ method: String, _ params: [JSONValue] = [], decode: @escaping @Sendable (JSONValue) throws(FieldDecodingError) -> Value) {
        self.init(request: JSONRPCRequest(method: method, params: params), decode: decode)
    }

    private init(request: JSONRPCRequest, decode: @escaping @Sendable (JSONValue) throws(FieldDecodingError) -> Value) {
        self.request = request
        self.decode = decode
    }

    /// The same request with its decoded result passed through `transform`: calls of different result types can
    /// then share one batch (map each to a common enum).
    public func map<T: Sendable>(_ transform: @escaping @Sendable (Value) -> T) -> RPCCall<T> {
        let decode = self.decode
        return RPCCall<T>(request: request) { json throws(FieldDecodingError) in transform(try decode(json)) }
    }
}

/// Factories of the typed calls of ``EthereumClient``, for use in batches.
public enum RPCCalls {
    static func quantity(_ value: UInt64) -> JSONValue { .string("0x" + String(value, radix: 16)) }

    /// `eth_chainId`.
    public static func chainID() -> RPCCall<UInt64> {
        RPCCall("eth_chainId") { json throws(FieldDecodingError) in try HexField.uint64(json, "result") }
    }
    /// `net_version` (a decimal string).
    public static func netVersion() -> RPCCall<String> {
        RPCCall("net_version") { json throws(FieldDecodingError) in try plainString(json) }
    }
    /// `web3_clientVersion`.
    public static func clientVersion() -> RPCCall<String> {
        RPCCall("web3_clientVersion") { json throws(FieldDecodingError) in try plainString(json) }
    }
    /// `eth_blockNumber`.
    public static func blockNumber() -> RPCCall<UInt64> {
        RPCCall("eth_blockNumber") { json throws(FieldDecodingError) in try HexField.uint64(json, "result") }
    }
    /// `eth_getBlockByNumber` without full transactions; nil when the block does not exist.
    public static func block(_ tag: BlockTag) -> RPCCall<Block?> {
        RPCCall("eth_getBlockByNumber", [tag.jsonValue, false]) { json throws(FieldDecodingError) in
            json == .null ? nil : try Block(json: json, path: "result")
        }
    }
    /// `eth_getBlockByHash` without full transactions; nil when the block is unknown.
    public static func block(hash: Data) -> RPCCall<Block?> {
        RPCCall("eth_getBlockByHash", [.string(hash.hexString()), false]) { json throws(FieldDecodingError) in
            json == .null ? nil : try Block(json: json, path: "result")
        }
    }
    /// `eth_getLogs`.
    public static func logs(_ filter: LogFilter) -> RPCCall<[Log]> {
        RPCCall("eth_getLogs", [filter.jsonValue]) { json throws(FieldDecodingError) in try Log.list(json, path: "result") }
    }
    /// `eth_call`: the return data.
    public static func call(_ call: CallRequest, block: BlockTag = .latest) -> RPCCall<Data> {
        RPCCall("eth_call", [call.jsonValue, block.jsonValue]) { json throws(FieldDecodingError) in try HexField.data(json, "result") }
    }
    /// `eth_estimateGas` (the block parameter is sent only when given; some nodes reject it).
    public static func estimateGas(_ call: CallRequest, block: BlockTag? = nil) -> RPCCall<UInt64> {
        RPCCall("eth_estimateGas", [call.jsonValue] + (block.map { [$0.jsonValue] } ?? [])) { json throws(FieldDecodingError) in
            try HexField.uint64(json, "result")
        }
    }
    /// `eth_gasPrice`.
    public static func gasPrice() -> RPCCall<UInt256> {
        RPCCall("eth_gasPrice") { json throws(FieldDecodingError) in try HexField.uint256(json, "result") }
    }
    /// `eth_maxPriorityFeePerGas`.
    public static func maxPriorityFeePerGas() -> RPCCall<UInt256> {
        RPCCall("eth_maxPriorityFeePerGas") { json throws(FieldDecodingError) in try HexField.uint256(json, "result") }
    }
    /// `eth_feeHistory` over `blockCount` blocks ending at `newestBlock`, with priority fees at the given percentiles.
    public static func feeHistory(blockCount: UInt64, newestBlock: BlockTag = .latest, rewardPercentiles: [Double] = []) -> RPCCall<FeeHistory> {
        RPCCall("eth_feeHistory", [quantity(blockCount), newestBlock.jsonValue, .array(rewardPercentiles.map { .double($0) })]) {
            json throws(FieldDecodingError) in try FeeHistory(json: json, path: "result")
        }
    }
    /// `eth_getTransactionCount` (the next nonce at `block`; use `.pending` to count queued transactions).
    public static func transactionCount(_ address: Address, block: BlockTag = .latest) -> RPCCall<UInt64> {
        RPCCall("eth_getTransactionCount", [.string(address.bytes.hexString()), block.jsonValue]) { json throws(FieldDecodingError) in
            try HexField.uint64(json, "result")
        }
    }
    /// `eth_sendRawTransaction`: the transaction hash.
    public static func sendRawTransaction(_ raw: Data) -> RPCCall<Data> {
        RPCCall("eth_sendRawTransaction", [.string(raw.hexString())]) { json throws(FieldDecodingError) in try HexField.hash(json, "result") }
    }
    /// `eth_getTransactionReceipt`; nil while the transaction is not mined (or unknown).
    public static func transactionReceipt(_ hash: Data) -> RPCCall<Receipt?> {
        RPCCall("eth_getTransactionReceipt", [.string(hash.hexString())]) { json throws(FieldDecodingError) in
            json == .null ? nil : try Receipt(json: json, path: "result")
        }
    }
    /// `eth_getTransactionByHash`; nil when the node does not know the transaction.
    public static func transaction(_ hash: Data) -> RPCCall<TransactionInfo?> {
        RPCCall("eth_getTransactionByHash", [.string(hash.hexString())]) { json throws(FieldDecodingError) in
            json == .null ? nil : try TransactionInfo(json: json, path: "result")
        }
    }
    /// `eth_getBalance` in wei.
    public static func balance(_ address: Address, block: BlockTag = .latest) -> RPCCall<UInt256> {
        RPCCall("eth_getBalance", [.string(address.bytes.hexString()), block.jsonValue]) { json throws(FieldDecodingError) in
            try HexField.uint256(json, "result")
        }
    }
    /// `eth_getCode`: the deployed bytecode (empty for accounts without code).
    public static func code(_ address: Address, block: BlockTag = .latest) -> RPCCall<Data> {
        RPCCall("eth_getCode", [.string(address.bytes.hexString()), block.jsonValue]) { json throws(FieldDecodingError) in
            try HexField.data(json, "result")
        }
    }

    private static func plainString(_ json: JSONValue) throws(FieldDecodingError) -> String {
        guard case .string(let text) = json else {
            throw FieldDecodingError(path: "result", problem: "must be a string, got \(json.typeName)")
        }
        return text
    }
}
