import Ethereum
import Foundation
import GRDB
import Logging

/// The request ledger: the one owner of a request's life in the node. Every transition (register, attempt, report
/// ready, done, error, resend) goes through here together with its log line, its metric and the event that wakes the
/// next service; the rows live in the event store (SQLite, GRDB's async API — no blocking call on the cooperative
/// pool). Services poll `summaries` (no report text); the submitter reads one full row when it sends.
/// The move TS → SB is written by the transaction manager in the same SQLite transaction that persists the signed
/// submission (`EventStore.insertOrReviveTransaction(submitting:)`), so a crash can never separate them.
public struct RequestLedger: Sendable {
    /// The store behind the ledger.
    public let store: EventStore
    let events: NodeEvents
    let metrics: NodeMetrics
    let logger: Logger

    /// Creates the ledger.
    public init(store: EventStore, events: NodeEvents, metrics: NodeMetrics, logger: Logger) {
        self.store = store
        self.events = events
        self.metrics = metrics
        self.logger = logger
    }

    /// A logger with the request's metadata.
    func logger(for key: RequestKey) -> Logger {
        var log = logger
        log[metadataKey: "request_id"] = "\(key.id)"
        log[metadataKey: "request_type"] = "\(key.type.rawValue)"
        return log
    }

    // MARK: Reads

    /// Slim rows in `statuses`, oldest assignment first.
    public func summaries(_ statuses: [RequestStatus], type: RequestType? = nil) async throws(StoreError) -> [RequestSummary] {
        try await store.summaries(statuses: statuses, type: type)
    }

    /// The full row (report texts included).
    public func row(_ key: RequestKey) async throws(StoreError) -> AuditRecord? {
        try await store.readAsync(EventStore.recordBody(key.id, key.type))
    }

    /// Whether a row exists for `key`.
    public func contains(_ key: RequestKey) async throws(StoreError) -> Bool {
        try await store.readAsync { db in
            try Bool.fetchOne(db, sql: "SELECT EXISTS(SELECT 1 FROM audit_evt WHERE request_id = ? AND fk_type = ?)",
                              arguments: [key.id, key.type.rawValue]) ?? false
        }
    }

    /// The current status of `key`, if the row exists.
    public func status(_ key: RequestKey) async throws(StoreError) -> RequestStatus? {
        try await store.readAsync { db in
            try RequestStatus.fetchOne(db.cachedStatement(sql: "SELECT fk_status FROM audit_evt WHERE request_id = ? AND fk_type = ?"),
                                       arguments: [key.id, key.type.rawValue])
        }
    }

    /// Open AU rows per status.
    public func openAudits() async throws(StoreError) -> [RequestStatus: Int] { try await store.openCounts(type: .audit) }

    // MARK: Transitions

    /// Registers an assignment (AS) unless the row exists; returns true when inserted.
    @discardableResult
    public func register(_ record: AuditRecord) async throws(StoreError) -> Bool {
        let inserted = try await store.writeAsync { db in try EventStore.insertAssigned(db, record) }
        guard inserted else { return false }
        if record.type == .audit { metrics.assignments.increment() }
        logger(for: RequestKey(id: record.requestID, type: record.type)).info(
            record.type == .audit ? "assignment registered" : "police assignment registered",
            metadata: ["block": "\(record.assignedBlock)", "uri": "\(ContractFetcher.redact(record.contractURI))"])
        events.assigned()
        return true
    }

    /// Counts an audit attempt (committed before the attempt, so one that kills the node still counts); nil when the
    /// row is no longer AS, i.e. its audit already finished (the caller must not audit it again).
    public func beginAttempt(_ key: RequestKey) async throws(StoreError) -> Int? {
        try await store.writeAsync { db in try EventStore.beginAuditAttempt(db, key.id, key.type) }
    }

    /// AS → TS with the finished report; wakes the submitter.
    public func reportReady(_ key: RequestKey, report: StoredReport, verdict: Bool? = nil) async throws(StoreError) {
        try await move(key, to: .toBeSubmitted, info: "report ready") { $0.attach(report, verdict: verdict) }
        metrics.audits(state: report.auditState).increment()
        events.reportReady()
    }

    /// {AS,TS,SB} → ER with `reason`, logged at `level`; frees the slot.
    public func fail(_ key: RequestKey, reason: String, level: Logger.Level = .warning,
                     metadata: Logger.Metadata = [:]) async throws(StoreError) {
        try await move(key, to: .error, info: reason)
        var metadata = metadata
        metadata["reason"] = "\(reason)"
        logger(for: key).log(level: level, "request closed with an error", metadata: metadata)
        events.requestClosed()
    }

    /// SB → DN once the submission's receipt is confirmed.
    public func done(_ key: RequestKey, minedBlock: Int64, info: String, metadata: Logger.Metadata = [:]) async throws(StoreError) {
        try await move(key, to: .done, info: info) { $0.submissionBlock = minedBlock }
        logger(for: key).info("report accepted", metadata: metadata.merging(["block": "\(minedBlock)"]) { a, _ in a })
        events.requestClosed()
    }

    /// SB → TS: the last submission is proven dead (reverted) and may be sent again.
    public func resubmit(_ key: RequestKey, info: String) async throws(StoreError) {
        try await move(key, to: .toBeSubmitted, info: info) { $0.txHash = nil }
        logger(for: key).warning("submission will be sent again", metadata: ["reason": "\(info)"])
        events.reportReady()
    }

    /// SB ← TS for a request an earlier attempt finished on chain (never a second report), then DN.
    public func finishedEarlier(_ key: RequestKey, head: Int64) async throws(StoreError) {
        try await move(key, to: .submitted, info: "already finished on chain")
        try await done(key, minedBlock: head, info: "finished on chain by an earlier attempt")
    }

    /// Corrects the assignment block A of an open row after a reorg moved it.
    public func correctAssignedBlock(_ key: RequestKey, to block: Int64) async throws(StoreError) {
        try await store.writeAsync(EventStore.correctAssignedBlockBody(key.id, key.type, to: block))
        logger(for: key).notice("assignment block re-read from the chain", metadata: ["block": "\(block)"])
    }

    private func move(_ key: RequestKey, to next: RequestStatus, info: String,
                      change: @Sendable @escaping (inout AuditRecord) -> Void = { _ in }) async throws(StoreError) {
        _ = try await store.writeAsync { db in try EventStore.transition(db, key.id, key.type, to: next, info: info, change: change) }
    }
}
