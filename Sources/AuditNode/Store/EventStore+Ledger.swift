import Foundation
import GRDB

/// A read of the ledger for metrics and progress: rows per status and type, the oldest open request, and the
/// latest change of any row or transaction (a change means the node made progress).
public struct LedgerSnapshot: Sendable, Equatable {
    /// Rows per (status, type).
    public var counts: [RequestStatus: [RequestType: Int]]
    /// The oldest open (AS/TS/SB) request: when it was registered (Unix seconds) and its assignment block.
    public var oldestOpen: (createdAt: Double, assignedBlock: Int64)?
    /// Open rows that left AS (TS or SB): the node holds a report it must deliver.
    public var heldReports: Int
    /// AS rows registered before `auditAllowanceCutoff` (older than an audit may take).
    public var overdueAudits: Int
    /// Latest `updated_at` of any request row or transaction.
    public var lastChange: Double

    /// Rows in `status` of `type`.
    public func count(_ status: RequestStatus, _ type: RequestType) -> Int { counts[status]?[type] ?? 0 }

    /// Open rows of both types.
    public var open: Int {
        [RequestStatus.assigned, .toBeSubmitted, .submitted].reduce(0) { sum, s in
            sum + RequestType.allCases.reduce(0) { $0 + count(s, $1) }
        }
    }

    public static func == (a: LedgerSnapshot, b: LedgerSnapshot) -> Bool {
        a.counts == b.counts && a.heldReports == b.heldReports && a.overdueAudits == b.overdueAudits
            && a.lastChange == b.lastChange && a.oldestOpen?.createdAt == b.oldestOpen?.createdAt
            && a.oldestOpen?.assignedBlock == b.oldestOpen?.assignedBlock
    }
}

extension EventStore {
    /// The ledger's counts and progress markers; AS rows registered before `auditAllowanceCutoff` count as overdue.
    public func ledgerSnapshot(auditAllowanceCutoff: Double) throws(StoreError) -> LedgerSnapshot {
        try read(Self.ledgerSnapshotBody(auditAllowanceCutoff: auditAllowanceCutoff))
    }

    /// `ledgerSnapshot` on GRDB's async API (the progress monitor, once a second).
    func ledgerSnapshotAsync(auditAllowanceCutoff: Double) async throws(StoreError) -> LedgerSnapshot {
        try await readAsync(Self.ledgerSnapshotBody(auditAllowanceCutoff: auditAllowanceCutoff))
    }

    static func ledgerSnapshotBody(auditAllowanceCutoff: Double) -> @Sendable (Database) throws -> LedgerSnapshot {
        { db in
            var counts: [RequestStatus: [RequestType: Int]] = [:]
            for row in try Row.fetchAll(db, sql: "SELECT fk_status, fk_type, COUNT(*) AS n FROM audit_evt GROUP BY fk_status, fk_type") {
                guard let status = RequestStatus(rawValue: row["fk_status"]), let type = RequestType(rawValue: row["fk_type"]) else { continue }
                counts[status, default: [:]][type] = row["n"]
            }
            var oldest: (createdAt: Double, assignedBlock: Int64)?
            if let row = try Row.fetchOne(db, sql: """
                SELECT created_at, assigned_block_nbr FROM audit_evt WHERE fk_status IN ('AS', 'TS', 'SB')
                ORDER BY created_at LIMIT 1
                """) {
                let createdAt: Double = row["created_at"]
                let block: Int64 = row["assigned_block_nbr"]
                oldest = (createdAt: createdAt, assignedBlock: block)
            }
            let held = try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM audit_evt WHERE fk_status IN ('TS', 'SB')") ?? 0
            let overdue = try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM audit_evt WHERE fk_status = 'AS' AND updated_at < ?",
                                           arguments: [auditAllowanceCutoff]) ?? 0
            let lastRow = try Double.fetchOne(db, sql: "SELECT MAX(updated_at) FROM audit_evt") ?? 0
            let lastTx = try Double.fetchOne(db, sql: "SELECT MAX(updated_at) FROM transactions WHERE state != 'pending' OR last_error IS NULL") ?? 0
            return LedgerSnapshot(counts: counts, oldestOpen: oldest, heldReports: held, overdueAudits: overdue,
                                  lastChange: max(lastRow, lastTx))
        }
    }
}
