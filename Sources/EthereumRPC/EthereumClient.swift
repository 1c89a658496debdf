import AsyncHTTPClient
import Ethereum
import Foundation
import Logging
import QSPCore

/// Typed Ethereum JSON-RPC calls over a ``JSONRPCClient``. Every call throws ``RPCError``.
public struct EthereumClient: Sendable {
    /// The transport underneath.
    public let rpc: JSONRPCClient

    /// A client that sends through `httpClient` (the caller keeps it running and shuts it down).
    /// `timeout` is the default deadline of every call.
    public init(
        url: String, httpClient: HTTPClient, timeout: Duration = .seconds(30), maxResponseBytes: Int = 32 << 20,
        logger: Logger = Logger(label: "qsp.rpc", factory: { _ in SwiftLogNoOpLogHandler() })
    ) throws(RPCError) {
        rpc = try JSONRPCClient(url: url, httpClient: httpClient, timeout: timeout, maxResponseBytes: maxResponseBytes, logger: logger)
    }

    /// A client that owns its `HTTPClient`; call ``shutdown()`` when done.
    public init(
        url: String, timeout: Duration = .seconds(30), maxResponseBytes: Int = 32 << 20,
        logger: Logger = Logger(label: "qsp.rpc", factory: { _ in SwiftLogNoOpLogHandler() })
    ) throws(RPCError) {
        rpc = try JSONRPCClient(url: url, timeout: timeout, maxResponseBytes: maxResponseBytes, logger: logger)
    }

    /// A client over an existing transport.
    public init(rpc: JSONRPCClient) {
        self.rpc = rpc
    }

    /// A copy whose transport reports every failed call to `observer` (see ``JSONRPCClient/observingFailures(_:)``).
    public func observingFailures(_ observer: @escaping @Sendable (RPCError) -> Void) -> EthereumClient {
        EthereumClient(rpc: rpc.observingFailures(observer))
    }

    /// Shuts down the `HTTPClient` if this client created it.
    public func shutdown() async throws {
        try await rpc.shutdown()
    }

    /// Sends one typed call.
    public func send<Value>(_ call: RPCCall<Value>, timeout: Duration? = nil) async throws(RPCError) -> Value {
        let json = try await rpc.call(call.request.method, params: call.request.params, timeout: timeout)
        return try decode(call, json)
    }

    /// Sends calls of one result type as a single JSON-RPC batch; results are in the order of `calls`.
    public func batch<Value>(_ calls: [RPCCall<Value>], timeout: Duration? = nil) async throws(RPCError) -> [Result<Value, RPCError>] {
        let answers = try await rpc.batch(calls.map(\.request), timeout: timeout)
        return zip(calls, answers).map { call, answer in
            answer.flatMap { json in
                do throws(RPCError) { return .success(try decode(call, json)) } catch { return .failure(error) }
            }
        }
    }

    /// Any method, its result decoded with `JSONDecoder` (for dev methods such as `evm_mine`, `evm_snapshot`).
    public func request<T: Decodable>(_ method: String, params: [JSONValue] = [], as type: T.Type = T.self, timeout: Duration? = nil) async throws(RPCError) -> T {
        let json = try await rpc.call(method, params: params, timeout: timeout)
        do {
            return try JSONDecoder().decode(T.self, from: JSONEncoder().encode(json))
        } catch {
            throw RPCError(
                kind: .malformedResponse, method: method, endpoint: rpc.endpoint.redacted,
                detail: rpc.endpoint.scrub("malformed answer: result \(json.preview(limit: 60)) cannot be decoded as \(T.self)"))
        }
    }

    private func decode<Value>(_ call: RPCCall<Value>, _ json: JSONValue) throws(RPCError) -> Value {
        do {
            return try call.decode(json)
        } catch {
            throw RPCError(kind: .malformedResponse, method: call.request.method, endpoint: rpc.endpoint.redacted, detail: rpc.endpoint.scrub(error.detail))
        }
    }
}

extension EthereumClient: CustomStringConvertible {
    /// `EthereumClient(<redacted endpoint>)`: safe to log.
    public var description: String { "EthereumClient(\(rpc.endpoint.redacted))" }
}

extension EthereumClient {
    /// `eth_chainId`.
    public func chainID() async throws(RPCError) -> UInt64 { try await send(RPCCalls.chainID()) }
    /// `net_version`.
    public func netVersion() async throws(RPCError) -> String { try await send(RPCCalls.netVersion()) }
    /// `web3_clientVersion`.
    public func clientVersion() async throws(RPCError) -> String { try await send(RPCCalls.clientVersion()) }
    /// `eth_blockNumber`.
    public func blockNumber() async throws(RPCError) -> UInt64 { try await send(RPCCalls.blockNumber()) }
    /// `eth_getBlockByNumber`; nil when the block does not exist yet.
    public func block(_ tag: BlockTag) async throws(RPCError) -> Block? { try await send(RPCCalls.block(tag)) }
    /// `eth_getBlockByHash`; nil when the block is unknown.
    public func block(hash: Data) async throws(RPCError) -> Block? {
        try requireLength(hash, 32, "eth_getBlockByHash", "block hash")
        return try await send(RPCCalls.block(hash: hash))
    }
    /// `eth_getLogs`.
    public func logs(_ filter: LogFilter) async throws(RPCError) -> [Log] {
        if let problem = filter.validationProblem {
            throw RPCError(kind: .invalidRequest, method: "eth_getLogs", endpoint: rpc.endpoint.redacted, detail: problem)
        }
        return try await send(RPCCalls.logs(filter))
    }
    /// `eth_call`; a revert throws an ``RPCError`` whose ``RPCError/classification`` is `.executionReverted(data:)`.
    public func call(_ call: CallRequest, block: BlockTag = .latest) async throws(RPCError) -> Data {
        try await send(RPCCalls.call(call, block: block))
    }
    /// `eth_estimateGas`.
    public func estimateGas(_ call: CallRequest, block: BlockTag? = nil) async throws(RPCError) -> UInt64 {
        try await send(RPCCalls.estimateGas(call, block: block))
    }
    /// `eth_gasPrice`.
    public func gasPrice() async throws(RPCError) -> UInt256 { try await send(RPCCalls.gasPrice()) }
    /// `eth_maxPriorityFeePerGas`.
    public func maxPriorityFeePerGas() async throws(RPCError) -> UInt256 { try await send(RPCCalls.maxPriorityFeePerGas()) }
    /// `eth_feeHistory`.
    public func feeHistory(blockCount: UInt64, newestBlock: BlockTag = .latest, rewardPercentiles: [Double] = []) async throws(RPCError) -> FeeHistory {
        try await send(RPCCalls.feeHistory(blockCount: blockCount, newestBlock: newestBlock, rewardPercentiles: rewardPercentiles))
    }
    /// `eth_getTransactionCount`.
    public func transactionCount(_ address: Address, block: BlockTag = .latest) async throws(RPCError) -> UInt64 {
        try await send(RPCCalls.transactionCount(address, block: block))
    }
    /// `eth_sendRawTransaction`: the transaction hash.
    public func sendRawTransaction(_ raw: Data) async throws(RPCError) -> Data { try await send(RPCCalls.sendRawTransaction(raw)) }
    /// `eth_getTransactionReceipt`; nil while not mined.
    public func transactionReceipt(_ hash: Data) async throws(RPCError) -> Receipt? {
        try requireLength(hash, 32, "eth_getTransactionReceipt", "transaction hash")
        return try await send(RPCCalls.transactionReceipt(hash))
    }
    /// `eth_getTransactionByHash`; nil when unknown.
    public func transaction(_ hash: Data) async throws(RPCError) -> TransactionInfo? {
        try requireLength(hash, 32, "eth_getTransactionByHash", "transaction hash")
        return try await send(RPCCalls.transaction(hash))
    }
    /// `eth_getBalance`.
    public func balance(_ address: Address, block: BlockTag = .latest) async throws(RPCError) -> UInt256 {
        try await send(RPCCalls.balance(address, block: block))
    }
    /// `eth_getCode`.
    public func code(_ address: Address, block: BlockTag = .latest) async throws(RPCError) -> Data {
        try await send(RPCCalls.code(address, block: block))
    }

    private func requireLength(_ data: Data, _ length: Int, _ method: String, _ what: String) throws(RPCError) {
        guard data.count == length else {
            throw RPCError(kind: .invalidRequest, method: method, endpoint: rpc.endpoint.redacted, detail: "the \(what) must be \(length) bytes, got \(data.count)")
        }
    }
}
