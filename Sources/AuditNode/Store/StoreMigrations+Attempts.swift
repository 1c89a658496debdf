import GRDB

extension StoreMigrations {
    /// "v3-attempts": `audit_evt.audit_attempts`, how many times an audit of the row was started. It is counted up
    /// (and committed) before each attempt, so an attempt that crashed or killed the node is still counted after
    /// the restart; the auditor quarantines a row that reached `max_audit_attempts`.
    static func registerAttempts(_ migrator: inout DatabaseMigrator) {
        migrator.registerMigration("v3-attempts") { db in
            try db.alter(table: "audit_evt") { t in
                t.add(column: "audit_attempts", .integer).notNull().defaults(to: 0)
            }
        }
    }
}

extension EventStore {
    /// Counts one more audit attempt of an AS row and returns the new count (committed before the audit starts);
    /// nil when the row has left AS (another pass finished its audit first).
    public func beginAuditAttempt(_ requestID: RequestID, _ type: RequestType) throws(StoreError) -> Int? {
        try write { db in try Self.beginAuditAttempt(db, requestID, type) }
    }

    /// The attempt counter is bumped only while the row is AS, in the same statement that checks it: a picker that
    /// read the row as AS just before its audit finished cannot start a second audit of it (seen under load: 3 of 100
    /// requests audited twice; the second report replaced the first in TS, and one finishing after the submission
    /// would have moved the row SB → TS and sent it again).
    static func beginAuditAttempt(_ db: Database, _ requestID: RequestID, _ type: RequestType) throws -> Int? {
        try db.cachedStatement(sql: "UPDATE audit_evt SET audit_attempts = audit_attempts + 1 WHERE request_id = ? AND fk_type = ? AND fk_status = ?")
            .execute(arguments: [requestID, type.rawValue, RequestStatus.assigned.rawValue])
        guard db.changesCount == 1 else {
            let exists = try Bool.fetchOne(db, sql: "SELECT EXISTS(SELECT 1 FROM audit_evt WHERE request_id = ? AND fk_type = ?)",
                                           arguments: [requestID, type.rawValue]) ?? false
            guard exists else { throw StoreError(.notFound, "no row for request \(requestID) (\(type.rawValue))") }
            return nil
        }
        return try Int.fetchOne(db, sql: "SELECT audit_attempts FROM audit_evt WHERE request_id = ? AND fk_type = ?",
                                arguments: [requestID, type.rawValue]) ?? 0
    }

    /// How many audit attempts of the row were started.
    public func auditAttempts(_ requestID: RequestID, _ type: RequestType) throws(StoreError) -> Int {
        try read { db in
            try Int.fetchOne(db, sql: "SELECT audit_attempts FROM audit_evt WHERE request_id = ? AND fk_type = ?",
                             arguments: [requestID, type.rawValue]) ?? 0
        }
    }
}
