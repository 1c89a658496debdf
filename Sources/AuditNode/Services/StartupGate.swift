import EthereumRPC
import Foundation
import Logging

/// Start-up steps that read the chain: a transient failure (unreachable endpoint, HTTP 5xx, a -32000 error, a
/// truncated answer) is retried with backoff (1 s doubling to 30 s) for as long as it lasts, and said at once: an
/// error log line "start-up blocked; retrying" naming the step and the reason (again every minute), `/health`
/// `startup.blocked_reason` and `qsp_startup_blocked` = 1. A definitive failure (a configuration that does not fit
/// the chain, an undecodable answer, a refused auth token) ends start-up with its own error.
struct StartupGate {
    let status: NodeStatus
    let metrics: NodeMetrics
    let logger: Logger
    var maxDelay: Duration = .seconds(30)

    /// Wraps an `RPCError` with the caller's verdict on whether it is transient.
    struct Transient: Error, CustomStringConvertible {
        let error: RPCError
        let retriable: Bool
        init(_ error: RPCError, retriable: Bool) {
            self.error = error
            self.retriable = retriable
        }
        var description: String { "\(error)" }
    }

    /// Runs `body` until it succeeds or fails definitively.
    func step<T: Sendable>(_ what: String, _ body: () async throws -> T) async throws -> T {
        var attempt = 0
        var lastLogged: ContinuousClock.Instant?
        while true {
            do {
                let value = try await body()
                if attempt > 0 {
                    logger.notice("start-up unblocked", metadata: ["step": "\(what)", "attempts": "\(attempt + 1)"])
                    await status.startupBlocked(nil)
                    metrics.startupBlocked.record(0)
                }
                return value
            } catch {
                guard Self.isTransient(error) else {
                    if let transient = error as? Transient { throw ChainError(.rpc, "\(what): \(transient.error)") }
                    throw error
                }
                attempt += 1
                let reason = "\(what): \(error)"
                let now = ContinuousClock.now
                if lastLogged.map({ now - $0 >= .seconds(60) }) ?? true {
                    lastLogged = now
                    logger.error("start-up blocked; retrying", metadata: ["step": "\(what)", "reason": "\(reason)", "attempt": "\(attempt)"])
                }
                await status.startupBlocked(reason)
                metrics.startupBlocked.record(1)
                try await Task.sleep(for: delay(afterAttempt: attempt))
            }
        }
    }

    /// `step` for one JSON-RPC call: transient as `RPCError.isTransientForReads` says.
    func rpc<T: Sendable>(_ what: String, _ body: () async throws(RPCError) -> T) async throws -> T {
        try await step(what) { () async throws -> T in
            do throws(RPCError) { return try await body() } catch { throw Transient(error, retriable: error.isTransientForReads) }
        }
    }

    func delay(afterAttempt attempt: Int) -> Duration {
        min(maxDelay, .seconds(1) * (1 << min(attempt - 1, 5)))
    }

    static func isTransient(_ error: any Error) -> Bool {
        if let transient = error as? Transient { return transient.retriable }
        if let chain = error as? ChainError { return chain.code == .rpc && chain.retriable }
        return false
    }
}
