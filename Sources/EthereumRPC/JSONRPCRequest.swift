import QSPCore

/// One JSON-RPC method call: a method name and its positional parameters.
public struct JSONRPCRequest: Sendable, Hashable {
    /// The method, e.g. `eth_blockNumber`.
    public let method: String
    /// Positional parameters.
    public let params: [JSONValue]

    /// Creates a request.
    public init(method: String, params: [JSONValue] = []) {
        self.method = method
        self.params = params
    }
}

/// The wire form of a request: `{"jsonrpc":"2.0","id":N,"method":…,"params":[…]}`.
struct JSONRPCWireRequest: Encodable {
    let jsonrpc = "2.0"
    let id: UInt64
    let method: String
    let params: [JSONValue]
}
