/// The order in which prepared transactions are broadcast: one turn per transaction, issued when it was signed and
/// persisted under the nonce lock, so turns follow nonces. A transaction prepared while an earlier one was being
/// broadcast waits for that broadcast to return; if the earlier one was refused for good (its nonce given back),
/// every transaction prepared after it and not yet broadcast is abandoned in its turn.
struct BroadcastTurns {
    /// Turns issued so far (the next one to issue).
    private(set) var issued = 0
    /// The turn that may broadcast now.
    private var current = 0
    private var parked: [Int: CheckedContinuation<Void, Never>] = [:]
    private var abandoned: Range<Int> = 0..<0

    /// A new turn, after every turn issued before.
    mutating func issue() -> Int {
        defer { issued += 1 }
        return issued
    }

    /// Whether `turn` may broadcast now.
    func isCurrent(_ turn: Int) -> Bool { turn == current }

    /// Parks the holder of `turn` until every earlier turn has ended (resumed by `advance`).
    mutating func park(_ turn: Int, _ continuation: CheckedContinuation<Void, Never>) {
        if turn == current { continuation.resume() } else { parked[turn] = continuation }
    }

    /// Ends the current turn; returns the holder of the next one to resume, if it is already waiting.
    mutating func advance() -> CheckedContinuation<Void, Never>? {
        current += 1
        return parked.removeValue(forKey: current)
    }

    /// Every turn issued after `turn` so far is abandoned (the nonce lock is held, so none is issued meanwhile).
    mutating func abandonPreparedAfter(_ turn: Int) { abandoned = (turn + 1)..<max(turn + 1, issued) }

    /// Whether `turn` was abandoned.
    func isAbandoned(_ turn: Int) -> Bool { abandoned.contains(turn) }
}
