/// A wall-clock deadline checked cooperatively by the lexer, parser and detectors.
/// A class so that every stage shares one deadline; it is immutable and therefore Sendable.
final class Budget: Sendable {
    private let deadline: ContinuousClock.Instant

    init(limit: Duration) {
        deadline = ContinuousClock.now.advanced(by: limit)
    }

    /// True once the deadline has passed.
    var isExhausted: Bool { ContinuousClock.now >= deadline }
}
