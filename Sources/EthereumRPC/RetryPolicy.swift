/// Exponential backoff with full jitter for retriable ``RPCError``s.
public struct RetryPolicy: Sendable, Hashable {
    /// Total attempts including the first (>= 1).
    public var maxAttempts: Int
    /// Delay cap before the second attempt; doubles each attempt.
    public var initialDelay: Duration
    /// Upper bound of any delay.
    public var maxDelay: Duration

    /// Creates a policy.
    public init(maxAttempts: Int = 4, initialDelay: Duration = .milliseconds(200), maxDelay: Duration = .seconds(5)) {
        self.maxAttempts = max(1, maxAttempts)
        self.initialDelay = initialDelay
        self.maxDelay = maxDelay
    }

    /// The random delay before attempt `attempt + 1` (attempt counts from 1): uniform in 0...min(maxDelay, initialDelay * 2^(attempt-1)).
    public func delay(afterAttempt attempt: Int, random: Double = Double.random(in: 0...1)) -> Duration {
        let exponent = min(max(attempt - 1, 0), 30)
        let ceiling = min(maxDelay, initialDelay * (1 << exponent))
        return ceiling * min(max(random, 0), 1)
    }

    /// Reads: every failure but a definitive answer is retried (see ``RPCError/isTransientForReads``).
    public static let reads = RetryPolicy(maxAttempts: 5, initialDelay: .milliseconds(250), maxDelay: .seconds(2))

    /// Runs `operation` until it succeeds, throws a non-retriable error, or `maxAttempts` is reached (then the last
    /// error is thrown). Cancellation during a backoff sleep throws a `.cancelled` error.
    public func run<T: Sendable>(
        _ operation: @Sendable () async throws(RPCError) -> T
    ) async throws(RPCError) -> T {
        try await run(retryingIf: { $0.isRetriable }, operation)
    }

    /// Like ``run(_:)`` with the caller's rule for what is worth retrying (e.g. ``RPCError/isTransientForReads``
    /// for idempotent reads).
    public func run<T: Sendable>(
        retryingIf shouldRetry: @Sendable (RPCError) -> Bool,
        _ operation: @Sendable () async throws(RPCError) -> T
    ) async throws(RPCError) -> T {
        var attempt = 1
        while true {
            do {
                return try await operation()
            } catch let failure {
                guard shouldRetry(failure), attempt < maxAttempts, !Task.isCancelled else { throw failure }
                do {
                    try await Task.sleep(for: delay(afterAttempt: attempt))
                } catch {
                    throw RPCError(
                        kind: .cancelled, method: failure.method, endpoint: failure.endpoint,
                        detail: "cancelled while waiting to retry after: \(failure.detail)")
                }
                attempt += 1
            }
        }
    }
}
