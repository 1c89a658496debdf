import ServiceLifecycle

/// The loop every node service runs: `pass` runs with the latest head whenever the service's `Wakeup` fires, a new
/// head arrives, or `fallback` passes without either (a safety net, not the pace). It ends on cancellation or on
/// graceful shutdown — at once, or with `untilDrained` once that says nothing is left to do.
struct EventLoop: Sendable {
    let wakeup: Wakeup
    let heads: HeadBroadcaster
    let fallback: Duration

    func run(untilDrained: (@Sendable () async -> Bool)? = nil, _ pass: @Sendable @escaping (Int64) async -> Void) async {
        let wakeup = self.wakeup, heads = self.heads, fallback = self.fallback
        await withTaskGroup(of: Void.self) { group in
            group.addTask {
                for await _ in await heads.subscribe() { wakeup.signal() }
            }
            group.addTask {
                while true {
                    do { try await Task.sleep(for: fallback) } catch { return }
                    wakeup.signal()
                }
            }
            await withGracefulShutdownHandler {
                for await _ in wakeup.stream {
                    if Task.isCancelled { break }
                    if Task.isShuttingDownGracefully {
                        guard let untilDrained, await !untilDrained() else { break }
                    }
                    if let head = await heads.latest { await pass(head) }
                }
            } onGracefulShutdown: {
                wakeup.signal()
            }
            group.cancelAll()
        }
    }
}

extension Duration {
    /// A duration from fractional seconds.
    static func seconds(fractional value: Double) -> Duration { .milliseconds(Int64(max(0.01, value) * 1000)) }
}
