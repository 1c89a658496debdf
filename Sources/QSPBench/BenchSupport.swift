import Foundation

/// One measured number, printed as `RESULT <metric> <value> <unit>` so `scripts/bench` can tabulate it.
struct BenchResult {
    let metric: String
    let value: Double
    let unit: String

    func printLine() {
        print("RESULT \(metric) \(String(format: "%.3f", value)) \(unit)")
    }
}

/// Minimal timing helpers (best of several rounds, monotonic clock).
enum BenchClock {
    /// CPU seconds this thread spent in `body`. CPU time rather than wall time, because the benchmark
    /// machine is shared: other processes' load then affects the numbers much less.
    static func seconds(_ body: () -> Void) -> Double {
        let start = threadCPUTime()
        body()
        return threadCPUTime() - start
    }

    /// The calling thread's CPU time in seconds.
    static func threadCPUTime() -> Double {
        var ts = timespec()
        clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts)
        return Double(ts.tv_sec) + Double(ts.tv_nsec) / 1e9
    }

    /// The fastest of `rounds` runs of `iterations` calls, in seconds per call.
    static func bestPerCall(rounds: Int = 5, iterations: Int, _ body: () -> Void) -> Double {
        var best = Double.infinity
        for _ in 0..<rounds {
            let t = seconds {
                for _ in 0..<iterations { body() }
            }
            best = min(best, t / Double(iterations))
        }
        return best
    }
}

/// Keeps results alive so the optimizer cannot drop the measured work.
final class BlackHole {
    private var sink: UInt64 = 0
    func consume(_ byte: UInt8) { sink &+= UInt64(byte) }
    func consume(_ value: Int) { sink &+= UInt64(truncatingIfNeeded: value) }
    var value: UInt64 { sink }
}
