/// Fans the latest head block out to every subscriber; a slow subscriber only sees the newest head.
public actor HeadBroadcaster {
    private var continuations: [Int: AsyncStream<Int64>.Continuation] = [:]
    private var nextID = 0
    private(set) var latest: Int64?

    /// Creates an empty broadcaster.
    public init() {}

    /// A stream of heads starting with the latest known one.
    public func subscribe() -> AsyncStream<Int64> {
        let (stream, continuation) = AsyncStream<Int64>.makeStream(bufferingPolicy: .bufferingNewest(1))
        let id = nextID
        nextID += 1
        continuations[id] = continuation
        if let latest { continuation.yield(latest) }
        continuation.onTermination = { [weak self] _ in
            Task { await self?.remove(id) }
        }
        return stream
    }

    private func remove(_ id: Int) { continuations[id] = nil }

    /// Publishes a new head.
    public func publish(_ head: Int64) {
        latest = head
        for continuation in continuations.values { continuation.yield(head) }
    }

    /// Ends every stream.
    public func finish() {
        for continuation in continuations.values { continuation.finish() }
        continuations.removeAll()
    }
}
