import AsyncHTTPClient
import Foundation
import Logging
import NIOCore
import QSPCore
import Synchronization

/// A JSON-RPC 2.0 client over HTTP(S): one POST per call or batch, a deadline per call, a cap on the answer size,
/// request ids checked against the answers, and every failure mapped to an ``RPCError``.
///
/// It uses a caller-provided `HTTPClient` (shared connection pool) and never shuts it down, unless it was
/// created with ``init(url:timeout:maxResponseBytes:logger:)``, which owns one: then call ``shutdown()``.
public struct JSONRPCClient: Sendable {
    /// The endpoint (its redacted form appears in errors and logs).
    public let endpoint: RPCEndpoint
    /// The HTTP client the requests go through.
    public let httpClient: HTTPClient
    /// Default deadline of a call, measured from sending to having read the whole answer.
    public let timeout: Duration
    /// Largest accepted answer body; larger answers are a ``RPCError/Kind-swift.enum/malformedResponse``.
    public let maxResponseBytes: Int
    /// Debug-level request logging (method, id, duration; never the URL).
    public let logger: Logger
    private let ids: RequestIDs
    private let ownsHTTPClient: Bool
    private var failureObserver: (@Sendable (RPCError) -> Void)?

    /// A client that sends through `httpClient`, which the caller keeps running and shuts down.
    /// With AsyncHTTPClient's default configuration a refused connection is retried until the call's deadline and
    /// then reported as a timeout; use ``makeHTTPClient(connectTimeout:)`` to get an immediate transport error.
    public init(
        url: String, httpClient: HTTPClient, timeout: Duration = .seconds(30), maxResponseBytes: Int = 32 << 20,
        logger: Logger = Logger(label: "qsp.rpc", factory: { _ in SwiftLogNoOpLogHandler() })
    ) throws(RPCError) {
        self.endpoint = try RPCEndpoint(url)
        self.httpClient = httpClient
        self.timeout = timeout
        self.maxResponseBytes = maxResponseBytes
        self.logger = logger
        self.ids = RequestIDs()
        self.ownsHTTPClient = false
    }

    /// A client that owns its own `HTTPClient` (see ``makeHTTPClient(connectTimeout:)``); call ``shutdown()`` when done.
    public init(
        url: String, timeout: Duration = .seconds(30), maxResponseBytes: Int = 32 << 20,
        logger: Logger = Logger(label: "qsp.rpc", factory: { _ in SwiftLogNoOpLogHandler() })
    ) throws(RPCError) {
        let endpoint = try RPCEndpoint(url)
        self.endpoint = endpoint
        self.httpClient = Self.makeHTTPClient(connectTimeout: timeout)
        self.timeout = timeout
        self.maxResponseBytes = maxResponseBytes
        self.logger = logger
        self.ids = RequestIDs()
        self.ownsHTTPClient = true
    }

    /// An `HTTPClient` configured for JSON-RPC: a connect timeout, and no silent reconnect loop, so a refused
    /// connection fails at once as a transport error instead of running into the call's deadline.
    public static func makeHTTPClient(connectTimeout: Duration = .seconds(10)) -> HTTPClient {
        var configuration = HTTPClient.Configuration()
        configuration.timeout.connect = TimeAmount(connectTimeout)
        configuration.connectionPool.retryConnectionEstablishment = false
        return HTTPClient(eventLoopGroup: HTTPClient.defaultEventLoopGroup, configuration: configuration)
    }

    /// Shuts down the `HTTPClient` if this client created it; does nothing for a caller-provided one.
    public func shutdown() async throws {
        guard ownsHTTPClient else { return }
        try await httpClient.shutdown()
    }

    /// A copy that reports every failed call (one per HTTP exchange: a call or a whole batch; never a cancellation)
    /// to `observer`, e.g. to count RPC errors exactly.
    public func observingFailures(_ observer: @escaping @Sendable (RPCError) -> Void) -> JSONRPCClient {
        var copy = self
        copy.failureObserver = observer
        return copy
    }

    private func observed<T>(_ body: () async throws(RPCError) -> T) async throws(RPCError) -> T {
        do { return try await body() } catch {
            if error.kind != .cancelled { failureObserver?(error) }
            throw error
        }
    }

    /// Calls `method` and returns its raw `result` (which may be JSON null).
    public func call(_ method: String, params: [JSONValue] = [], timeout: Duration? = nil) async throws(RPCError) -> JSONValue {
        try await observed { () async throws(RPCError) -> JSONValue in try await unobservedCall(method, params: params, timeout: timeout) }
    }

    private func unobservedCall(_ method: String, params: [JSONValue], timeout: Duration?) async throws(RPCError) -> JSONValue {
        let id = ids.next(count: 1)
        let body = try encode(JSONRPCWireRequest(id: id, method: method, params: params), method: method)
        let answer = try await post(body, method: method, firstID: id, timeout: timeout ?? self.timeout)
        return try ResponseEnvelope(endpoint: endpoint, method: method).interpret(answer, expectedID: id).get()
    }

    /// Sends all requests in one JSON-RPC batch. Answers are matched by id in any order; each entry gets its own
    /// result or error (an entry the node did not answer gets a malformed-answer error). Failures of the batch as a
    /// whole (transport, timeout, HTTP status, an answer that is not an array) are thrown.
    public func batch(_ requests: [JSONRPCRequest], timeout: Duration? = nil) async throws(RPCError) -> [Result<JSONValue, RPCError>] {
        try await observed { () async throws(RPCError) -> [Result<JSONValue, RPCError>] in try await unobservedBatch(requests, timeout: timeout) }
    }

    private func unobservedBatch(_ requests: [JSONRPCRequest], timeout: Duration?) async throws(RPCError) -> [Result<JSONValue, RPCError>] {
        guard !requests.isEmpty else { return [] }
        let firstID = ids.next(count: UInt64(requests.count))
        let wire = requests.enumerated().map { JSONRPCWireRequest(id: firstID + UInt64($0.offset), method: $0.element.method, params: $0.element.params) }
        let body = try encode(wire, method: "batch")
        let answer = try await post(body, method: "batch", firstID: firstID, timeout: timeout ?? self.timeout)
        return try BatchMatcher(endpoint: endpoint, requests: requests, firstID: firstID).match(answer)
    }

    private func encode(_ request: JSONRPCWireRequest, method: String) throws(RPCError) -> ByteBuffer {
        try encode(request.json, writable: request.isWritable, method: method)
    }

    private func encode(_ requests: [JSONRPCWireRequest], method: String) throws(RPCError) -> ByteBuffer {
        try encode(.array(requests.map(\.json)), writable: requests.allSatisfy(\.isWritable), method: method)
    }

    private func encode(_ value: JSONValue, writable: Bool, method: String) throws(RPCError) -> ByteBuffer {
        guard writable else {
            throw RPCError(kind: .invalidRequest, method: method, endpoint: endpoint.redacted, detail: "the parameters cannot be encoded as JSON")
        }
        return ByteBuffer(bytes: JSONWriter.bytes(value))
    }

    /// POSTs `body` and returns the parsed JSON answer of a 2xx response.
    private func post(_ body: ByteBuffer, method: String, firstID: UInt64, timeout: Duration) async throws(RPCError) -> JSONValue {
        var request = HTTPClientRequest(url: endpoint.url)
        request.method = .POST
        request.headers.add(name: "Content-Type", value: "application/json")
        request.headers.add(name: "Accept", value: "application/json")
        request.body = .bytes(body)
        var logger = self.logger
        logger[metadataKey: "rpc_method"] = "\(method)"
        logger[metadataKey: "rpc_id"] = "\(firstID)"
        logger[metadataKey: "rpc_endpoint"] = "\(endpoint.redacted)"
        let started = ContinuousClock.now
        let outcome: HTTPOutcome
        do {
            outcome = try await HTTPExchange(httpClient: httpClient, maxResponseBytes: maxResponseBytes)
                .perform(request, timeout: timeout)
        } catch {
            let mapped = TransportErrorMapper(endpoint: endpoint, method: method, timeout: timeout, maxResponseBytes: maxResponseBytes).map(error)
            logger.debug("rpc call failed", metadata: ["error": "\(mapped.detail)"])
            throw mapped
        }
        logger.debug("rpc call answered", metadata: ["http_status": "\(outcome.status)", "elapsed": "\(ContinuousClock.now - started)"])
        guard (200...299).contains(outcome.status) else {
            let snippet = String(decoding: outcome.body.readableBytesView.prefix(200), as: UTF8.self)
            throw RPCError(
                kind: .http(status: outcome.status), method: method, endpoint: endpoint.redacted,
                detail: endpoint.scrub("HTTP status \(outcome.status)" + (snippet.isEmpty ? "" : ", body: \(String(reflecting: snippet))")))
        }
        do {
            return try JSONParser.parse(Array(outcome.body.readableBytesView))
        } catch {
            let snippet = String(decoding: outcome.body.readableBytesView.prefix(80), as: UTF8.self)
            throw RPCError(
                kind: .malformedResponse, method: method, endpoint: endpoint.redacted,
                detail: endpoint.scrub(
                    "malformed answer: the body is not valid JSON (\(error.message) at byte \(error.offset); starts with \(String(reflecting: snippet)))"))
        }
    }
}

extension JSONRPCClient: CustomStringConvertible {
    /// `JSONRPCClient(<redacted endpoint>)`: safe to log.
    public var description: String { "JSONRPCClient(\(endpoint.redacted))" }
}

/// Monotonic request ids shared by all copies of a client.
private final class RequestIDs: Sendable {
    private let counter = Atomic<UInt64>(0)

    /// Reserves `count` consecutive ids and returns the first.
    func next(count: UInt64) -> UInt64 {
        counter.wrappingAdd(count, ordering: .relaxed).oldValue + 1
    }
}

extension TimeAmount {
    init(_ duration: Duration) {
        let (seconds, attoseconds) = duration.components
        let clamped = min(max(seconds, 0), Int64.max / 1_000_000_000 - 1)
        self = .nanoseconds(clamped * 1_000_000_000 + (seconds < 0 ? 0 : attoseconds / 1_000_000_000))
    }
}
