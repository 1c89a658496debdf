/// A coalescing wake-up signal with one consumer: any number of `signal()` calls before the consumer looks again
/// collapse into one wake-up. Events only wake a service; the ledger stays the record it reads its work from, so a
/// coalesced or lost wake-up never loses work (the fallback timer of `EventLoop` covers it).
public struct Wakeup: Sendable {
    let stream: AsyncStream<Void>
    private let continuation: AsyncStream<Void>.Continuation

    /// Creates a signal.
    public init() {
        (stream, continuation) = AsyncStream<Void>.makeStream(bufferingPolicy: .bufferingNewest(1))
    }

    /// Wakes the consumer (at once if it waits, else on its next look).
    public func signal() { continuation.yield() }
}

/// The in-memory events between the node's services. Each names what happened; the service that acts on it is
/// woken (the ledger in SQLite is the durable record every service resumes from after a restart).
///
/// | event | produced by | wakes |
/// |---|---|---|
/// | new head | `BlockWatcher` (via `HeadBroadcaster`) | every event loop |
/// | `assigned` | bidder (bid receipt), watcher (log scan) | auditor |
/// | `reportReady` | auditor | submitter |
/// | `requestClosed` | submitter, auditor (a request left the node's open set) | bidder |
/// | `transactionSent` | transaction manager | its receipt sweep |
public struct NodeEvents: Sendable {
    /// New heads.
    public let heads: HeadBroadcaster
    let auditor = Wakeup()
    let submitter = Wakeup()
    let bidder = Wakeup()

    /// Creates the event hub around the head broadcaster.
    public init(heads: HeadBroadcaster = HeadBroadcaster()) { self.heads = heads }

    /// A request was registered as assigned (AS).
    public func assigned() {
        auditor.signal()
        bidder.signal()
    }
    /// A report was stored (TS).
    public func reportReady() { submitter.signal() }
    /// A request left the open set (DN/ER) or its audit finished: capacity for new bids.
    public func requestClosed() {
        bidder.signal()
        auditor.signal()
    }
}
