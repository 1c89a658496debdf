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

/// The wire form of a request: `{"jsonrpc":"2.0","id":N,"method":…,"params":[…]}`, written with QSPCore's
/// `JSONWriter` (Foundation's `JSONEncoder` cost more than the rest of a call's encoding and parsing together).
struct JSONRPCWireRequest {
    let id: UInt64
    let method: String
    let params: [JSONValue]

    var json: JSONValue {
        .object(["jsonrpc": "2.0", "id": .integer(Int64(clamping: id)), "method": .string(method), "params": .array(params)])
    }

    /// Whether every number in the parameters can be written as JSON (no NaN or infinity).
    var isWritable: Bool { params.allSatisfy(Self.isWritable) }

    private static func isWritable(_ value: JSONValue) -> Bool {
        switch value {
        case .double(let number): return number.isFinite
        case .array(let elements): return elements.allSatisfy(isWritable)
        case .object(let members): return members.allSatisfy { isWritable($0.value) }
        default: return true
        }
    }
}
