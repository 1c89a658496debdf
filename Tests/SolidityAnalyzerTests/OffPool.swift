import Foundation

/// Runs CPU-heavy synchronous analysis on a thread of its own (8 MiB stack, like a process's main thread), so it
/// never holds one of the two cooperative threads that the whole parallel `swift test` run shares: other targets'
/// subprocess deadlines would otherwise fire late while a hostile shape or the injection harness computes.
func offCooperativePool<T: Sendable>(_ body: @escaping @Sendable () throws -> T) async throws -> T {
    try await withCheckedThrowingContinuation { continuation in
        let thread = Thread { continuation.resume(with: Result { try body() }) }
        thread.stackSize = 8 << 20
        thread.start()
    }
}
