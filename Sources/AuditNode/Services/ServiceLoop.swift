import ServiceLifecycle

/// Runs `body` with the latest head every `interval` until cancellation or graceful shutdown (or, with
/// `untilDrained`, until `untilDrained` says the drain is complete). Errors are the body's to handle.
func pollLoop(every interval: Duration, heads: HeadBroadcaster,
              untilDrained: (@Sendable () async -> Bool)? = nil,
              _ body: @Sendable (Int64) async -> Void) async {
    while !Task.isCancelled {
        if Task.isShuttingDownGracefully {
            guard let untilDrained, await !untilDrained() else { return }
        }
        if let head = await heads.latest { await body(head) }
        try? await Task.sleep(for: interval)
    }
}

extension Duration {
    /// A duration from fractional seconds.
    static func seconds(fractional value: Double) -> Duration { .milliseconds(Int64(max(0.01, value) * 1000)) }
}
