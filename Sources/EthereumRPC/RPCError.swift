import Ethereum
import Foundation
import QSPCore

/// A failed JSON-RPC call: what went wrong (``Kind``), whether trying again may help (``isRetriable``)
/// and, for node-side errors, which well-known geth condition it is (``classification``).
///
/// Descriptions never contain the endpoint's path, query or user info, because nodes are often
/// addressed with an auth token inside the URL.
public struct RPCError: Error, Hashable, Sendable, CustomStringConvertible {
    /// The layer at which the call failed.
    public enum Kind: Hashable, Sendable {
        /// The connection could not be made or broke (refused, reset, TLS failure, DNS).
        case transport
        /// No complete answer arrived before the call's deadline.
        case timeout
        /// The HTTP server answered with a non-2xx status.
        case http(status: Int)
        /// The node answered with a JSON-RPC error object; `data` holds the error's data when it is hex bytes
        /// (for a revert: the ABI-encoded revert data).
        case server(code: Int, message: String, data: Data?)
        /// The answer is not a valid JSON-RPC 2.0 answer to this request (bad JSON, wrong id, wrong types, too large).
        case malformedResponse
        /// The request could not be built (bad URL, parameters that cannot be encoded).
        case invalidRequest
        /// The calling task was cancelled.
        case cancelled
    }

    /// The layer at which the call failed.
    public let kind: Kind
    /// The JSON-RPC method, e.g. `eth_call` (`batch` for a whole failed batch).
    public let method: String
    /// The endpoint with its path, query and user info redacted, e.g. `https://node.example:443/<redacted>`.
    public let endpoint: String
    /// What happened, already redacted, without the remedy.
    public let detail: String
    /// The error object's `data` member when it is not plain hex (kept for diagnostics), else `nil`.
    public let serverData: JSONValue?

    /// Creates an error. `detail` must already be redacted.
    public init(kind: Kind, method: String, endpoint: String, detail: String, serverData: JSONValue? = nil) {
        self.kind = kind
        self.method = method
        self.endpoint = endpoint
        self.detail = detail
        self.serverData = serverData
    }

    /// Whether the same request may succeed if sent again later: transport failures, timeouts, HTTP 408/429/5xx
    /// and node-side rate limits. A retried `eth_sendRawTransaction` may then fail with ``Classification/alreadyKnown``,
    /// which callers should treat as success.
    public var isRetriable: Bool {
        switch kind {
        case .transport, .timeout:
            return true
        case .http(let status):
            return status == 408 || status == 429 || (500...599).contains(status)
        case .server(let code, let message, _):
            // -32005 means "limit exceeded" for both rate limits and query-size limits ("query returned more than
            // 10000 results", "block range exceeds …"); only the former succeeds when the same request is repeated.
            let lowered = message.lowercased()
            let isQuerySizeLimit = lowered.contains("range") || lowered.contains("more than") || lowered.contains("results")
            return (code == -32005 && !isQuerySizeLimit) || lowered.contains("rate limit")
                || lowered.contains("too many requests") || lowered.contains("try again later")
        case .malformedResponse, .invalidRequest, .cancelled:
            return false
        }
    }

    /// Whether an idempotent read (`eth_call`, `eth_getLogs`, `eth_blockNumber`, receipts, …) should be tried again:
    /// everything except a definitive answer. Definitive are a contract revert, a malformed or unknown method
    /// (-32600/-32601/-32602), an HTTP 4xx other than 408/429, an invalid request and cancellation. A generic
    /// server error (-32000 "header not found", a truncated body, a dropped connection) is transient for a read.
    public var isTransientForReads: Bool {
        switch kind {
        case .transport, .timeout, .malformedResponse:
            return true
        case .http(let status):
            return status == 408 || status == 429 || status >= 500
        case .server(let code, _, _):
            if case .executionReverted = classification { return false }
            return ![-32600, -32601, -32602].contains(code)
        case .invalidRequest, .cancelled:
            return false
        }
    }

    /// Whether an `eth_sendRawTransaction` failure proves the node did not take the transaction: a recognised
    /// refusal (invalid sender or chain id, insufficient funds, intrinsic gas too low, underpriced) or a malformed
    /// request. Anything else (a dropped connection, a timeout, a truncated answer, a generic -32000 error) leaves it
    /// unknown whether the transaction reached the mempool, so the sender must keep the same nonce and re-broadcast.
    public var isDefinitiveRefusal: Bool {
        switch classification {
        case .insufficientFunds, .intrinsicGasTooLow, .invalidChainID, .invalidSender, .transactionUnderpriced,
             .feeCapBelowBaseFee:
            return true
        case .nonceTooLow, .alreadyKnown, .replacementUnderpriced, .executionReverted, .other:
            break
        }
        if case .server(let code, _, _) = kind { return [-32600, -32601, -32602].contains(code) }
        if case .invalidRequest = kind { return true }
        return false
    }

    /// The geth condition recognised in a server error's message (``Classification/other`` for every other kind).
    public var classification: Classification {
        guard case .server(let code, let message, let data) = kind else { return .other }
        return Classification(code: code, message: message, data: data)
    }

    /// For a revert: the ABI-encoded revert data returned by the node (may be empty for a bare `revert()`).
    public var revertData: Data? {
        if case .executionReverted(let data) = classification { return data }
        return nil
    }

    /// For a revert with data: the decoded reason (`Error(string)`, `Panic(uint256)` or a custom error's selector).
    public var revertReason: RevertReason? {
        revertData.flatMap(RevertReason.decode)
    }

    /// What happened and what to do about it.
    public var description: String {
        "\(method) at \(endpoint) failed: \(detail). \(remedy)"
    }

    /// The advice part of ``description``.
    public var remedy: String {
        switch classification {
        case .other: break
        case let known: return known.remedy(revertReason: revertReason)
        }
        switch kind {
        case .transport:
            return "Check that the node is running and reachable at this address; the call can be retried."
        case .timeout:
            return "The node is slow or unreachable; retry later or raise the call timeout."
        case .http(let status) where status == 401 || status == 403:
            return "The node refused access; check the auth token in the RPC URL."
        case .http(let status) where status == 429:
            return "The node is rate limiting; retry with backoff or lower the request rate."
        case .http:
            return isRetriable ? "The node had a server-side problem; retry later." : "Check the RPC URL and the node's HTTP API."
        case .server:
            return isRetriable ? "The node is rate limiting; retry with backoff." : "The node rejected the request; check its parameters."
        case .malformedResponse:
            return "The endpoint does not behave like an Ethereum JSON-RPC node; check the RPC URL or any proxy in between."
        case .invalidRequest:
            return "Fix the RPC URL or the request parameters."
        case .cancelled:
            return "The call was cancelled by its caller; nothing to do."
        }
    }
}
