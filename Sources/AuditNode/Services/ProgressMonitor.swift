import Foundation
import Logging
import ServiceLifecycle

/// Watches the ledger once a second: keeps the request metrics equal to the event store's rows (also after a
/// restart), publishes the age of the oldest open assignment, and decides "stalled": work is held (a report to
/// deliver, an audit older than an audit may take) or queued on chain (`anyRequestAvailable` = ready), and no
/// request or transaction has changed for `stall_after_seconds`.
struct ProgressMonitor: Service {
    let store: EventStore
    let status: NodeStatus
    let metrics: NodeMetrics
    let logger: Logger
    /// How long held or queued work may sit without progress.
    let stallAfterSeconds: Double
    /// How long one audit may take (fetch + analyzers) before its AS row counts as held work.
    let auditAllowanceSeconds: Double
    var interval: Duration = .seconds(1)

    func run() async throws {
        // The loop ends at graceful shutdown (its sleep is cancelled), not at its next wake-up.
        try? await cancelWhenGracefulShutdown { try await watch() }
    }

    private func watch() async throws {
        var published = LedgerCounters()
        var last: LedgerSnapshot?
        var lastProgressAt = Date().timeIntervalSince1970
        var wasStalled = false
        while !Task.isCancelled {
            let now = Date().timeIntervalSince1970
            if let snapshot = try? await store.ledgerSnapshotAsync(auditAllowanceCutoff: now - auditAllowanceSeconds) {
                published.sync(to: snapshot, metrics: metrics)
                if snapshot != last {
                    if last != nil { lastProgressAt = now }
                    last = snapshot
                }
                let current = await status.current()
                let reason = Self.stallReason(snapshot, availability: current.availability, idleSeconds: now - lastProgressAt,
                                              stallAfter: stallAfterSeconds)
                let head = current.headBlock
                let ageSeconds = snapshot.oldestOpen.map { max(0, now - $0.createdAt) }
                let ageBlocks = snapshot.oldestOpen.flatMap { open in head.map { max(0, $0 - open.assignedBlock) } }
                metrics.oldestOpenAssignmentSeconds.record(ageSeconds ?? 0)
                metrics.oldestOpenAssignmentBlocks.record(ageBlocks ?? 0)
                metrics.stalled.record(reason == nil ? 0 : 1)
                await status.progress(open: snapshot.open, lastProgressAt: lastProgressAt, oldestAgeSeconds: ageSeconds,
                                      oldestAgeBlocks: ageBlocks, stalledReason: reason)
                if let reason, !wasStalled {
                    logger.error("node stalled: work is waiting and nothing progresses", metadata: ["reason": "\(reason)"])
                } else if reason == nil, wasStalled {
                    logger.notice("node progressing again")
                }
                wasStalled = reason != nil
            }
            try await Task.sleep(for: interval)
        }
    }

    /// nil when not stalled; otherwise what is waiting.
    static func stallReason(_ s: LedgerSnapshot, availability: String?, idleSeconds: Double, stallAfter: Double) -> String? {
        guard idleSeconds >= stallAfter else { return nil }
        var waiting: [String] = []
        if s.heldReports > 0 { waiting.append("\(s.heldReports) report(s) to submit or settle") }
        if s.overdueAudits > 0 { waiting.append("\(s.overdueAudits) audit(s) running longer than an audit may take") }
        if availability == Availability.ready.name { waiting.append("requests queued on chain") }
        guard !waiting.isEmpty else { return nil }
        return waiting.joined(separator: ", ") + "; no progress for \(Int(idleSeconds)) s"
    }
}

/// What the request counters have been raised to (they only grow; the ledger's DN/ER rows only grow too, except
/// a DN re-opened by a reorg, which the counter keeps as history).
struct LedgerCounters {
    private var done: [RequestType: Int] = [:]
    private var errors: [RequestType: Int] = [:]

    mutating func sync(to snapshot: LedgerSnapshot, metrics: NodeMetrics) {
        for type in RequestType.allCases {
            metrics.ledgerDone(type: type).increment(by: 0)
            metrics.ledgerErrors(type: type).increment(by: 0)
            let dn = snapshot.count(.done, type), er = snapshot.count(.error, type)
            if dn > done[type, default: 0] { metrics.ledgerDone(type: type).increment(by: dn - done[type, default: 0]); done[type] = dn }
            if er > errors[type, default: 0] { metrics.ledgerErrors(type: type).increment(by: er - errors[type, default: 0]); errors[type] = er }
            for status in RequestStatus.allCases { metrics.requests(status: status, type: type).record(snapshot.count(status, type)) }
        }
    }
}
