import AsyncHTTPClient
import Foundation
import NIOCore

/// Status and complete body of an HTTP answer.
struct HTTPOutcome: Sendable {
    let status: Int
    let body: ByteBuffer
}

/// Thrown when the call's own deadline passes before the whole answer was read.
struct DeadlineExceeded: Error {}

/// One POST whose deadline covers connecting, the head and reading the whole body (AsyncHTTPClient's own deadline
/// stops at the head), with the body size capped.
struct HTTPExchange: Sendable {
    let httpClient: HTTPClient
    let maxResponseBytes: Int

    func perform(_ request: HTTPClientRequest, timeout: Duration) async throws -> HTTPOutcome {
        let deadline = ContinuousClock.now + timeout
        let httpClient = self.httpClient
        let maxResponseBytes = self.maxResponseBytes
        return try await withThrowingTaskGroup(of: HTTPOutcome?.self) { group in
            group.addTask {
                let response = try await httpClient.execute(request, timeout: TimeAmount(timeout))
                let body = try await response.body.collect(upTo: maxResponseBytes)
                return HTTPOutcome(status: Int(response.status.code), body: body)
            }
            group.addTask {
                try await Task.sleep(until: deadline, clock: .continuous)
                return nil
            }
            defer { group.cancelAll() }
            guard let first = try await group.next(), let outcome = first else {
                try Task.checkCancellation()
                throw DeadlineExceeded()
            }
            return outcome
        }
    }
}

/// Maps errors from AsyncHTTPClient and NIO onto the ``RPCError`` taxonomy, scrubbing the URL's secrets.
struct TransportErrorMapper {
    let endpoint: RPCEndpoint
    let method: String
    let timeout: Duration
    let maxResponseBytes: Int

    func map(_ error: any Error) -> RPCError {
        func make(_ kind: RPCError.Kind, _ detail: String) -> RPCError {
            RPCError(kind: kind, method: method, endpoint: endpoint.redacted, detail: endpoint.scrub(detail))
        }
        let timedOut = "no complete answer within \(timeout)"
        switch error {
        case let error as RPCError:
            return error
        case is DeadlineExceeded:
            return make(.timeout, timedOut)
        case is CancellationError:
            return make(.cancelled, "cancelled")
        case let error as NIOTooManyBytesError:
            _ = error
            return make(.malformedResponse, "malformed answer: larger than the limit of \(maxResponseBytes) bytes")
        case let error as HTTPClientError:
            switch error {
            case .deadlineExceeded, .readTimeout, .writeTimeout:
                return make(.timeout, timedOut)
            case .connectTimeout, .getConnectionFromPoolTimeout, .tlsHandshakeTimeout:
                return make(.timeout, "could not connect within the time limit (\(error.shortDescription))")
            case .cancelled:
                return make(.cancelled, "cancelled")
            case .alreadyShutdown:
                return make(.invalidRequest, "the HTTPClient has already been shut down")
            case .invalidURL, .emptyHost, .emptyScheme:
                return make(.invalidRequest, "the RPC URL is not usable (\(error.shortDescription))")
            default:
                return make(.transport, "connection failed: \(error.shortDescription)")
            }
        case let error as IOError:
            // NIO's own text for a socket error nests the call site and the errno in parentheses that do not balance
            // ("connection reset (error set): Connection refused) (errno: 111)"): say what the system says.
            return make(.transport, "connection failed: \(String(cString: strerror(error.errnoCode))) (errno \(error.errnoCode))")
        default:
            return make(.transport, "connection failed: \(String(describing: error).prefix(300))")
        }
    }
}
