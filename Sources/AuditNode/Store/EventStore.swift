import Foundation
import GRDB

/// The node's SQLite event store: requests (AU/PC rows), the transaction write-ahead log and the block cursor.
/// Every state change runs in one write transaction that checks the current status in its WHERE clause.
public final class EventStore: Sendable {
    let db: DatabasePool
    private let lock: InstanceLock?

    /// Opens (creating and migrating) the store at `path`. With `exclusive`, takes `<path>.lock` first.
    public init(path: String, exclusive: Bool = true) throws(StoreError) {
        let directory = URL(fileURLWithPath: path).deletingLastPathComponent().path
        try? FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        lock = exclusive ? try InstanceLock(path: path + ".lock") : nil
        do {
            var configuration = Configuration()
            configuration.busyMode = .timeout(10)
            // WAL with NORMAL sync; the commits that precede a broadcast are made durable one by one
            // (EventStore+Durability.swift).
            configuration.prepareDatabase { db in try db.execute(sql: "PRAGMA synchronous = \(EventStore.defaultSynchronous)") }
            db = try DatabasePool(path: path, configuration: configuration)
            try StoreMigrations.migrator.migrate(db)
        } catch {
            throw StoreError(.database, "cannot open \(path): \(error)")
        }
    }

    /// Opens an existing store read-only without taking the lock (for `qsp-audit-node events`).
    public init(readOnlyPath path: String) throws(StoreError) {
        guard FileManager.default.fileExists(atPath: path) else {
            throw StoreError(.notFound, "no event store at \(path); pass --db PATH")
        }
        lock = nil
        do {
            var configuration = Configuration()
            configuration.readonly = true
            db = try DatabasePool(path: path, configuration: configuration)
        } catch {
            throw StoreError(.database, "cannot open \(path): \(error)")
        }
    }

    func write<T: Sendable>(_ body: @Sendable (Database) throws -> T) throws(StoreError) -> T {
        do { return try db.write(body) } catch let error as StoreError { throw error } catch {
            throw StoreError(.database, "\(error)")
        }
    }

    func read<T: Sendable>(_ body: @Sendable (Database) throws -> T) throws(StoreError) -> T {
        do { return try db.read(body) } catch let error as StoreError { throw error } catch {
            throw StoreError(.database, "\(error)")
        }
    }

    // MARK: Requests

    /// Inserts an AS row unless a row with the same (request_id, type) exists. Returns true when inserted.
    @discardableResult
    public func insertAssigned(_ record: AuditRecord) throws(StoreError) -> Bool {
        try write { db in try Self.insertAssigned(db, record) }
    }

    static func insertAssigned(_ db: Database, _ record: AuditRecord) throws -> Bool {
        if try Bool.fetchOne(db.cachedStatement(sql: "SELECT EXISTS(SELECT 1 FROM audit_evt WHERE request_id = ? AND fk_type = ?)"),
                             arguments: [record.requestID, record.type.rawValue]) == true {
            return false
        }
        try record.insert(db)
        return true
    }

    /// The row for (id, type).
    public func record(_ requestID: RequestID, _ type: RequestType) throws(StoreError) -> AuditRecord? {
        try read(Self.recordBody(requestID, type))
    }

    static func recordBody(_ requestID: RequestID, _ type: RequestType) -> @Sendable (Database) throws -> AuditRecord? {
        { db in try fetchRow(db, requestID, type) }
    }

    /// One row by its key, through a statement prepared once per connection (the hot paths run this for every
    /// transition; GRDB's query interface generates and authorizes the SQL on every call).
    static func fetchRow(_ db: Database, _ requestID: RequestID, _ type: RequestType) throws -> AuditRecord? {
        try AuditRecord.fetchOne(db.cachedStatement(sql: "SELECT * FROM audit_evt WHERE request_id = ? AND fk_type = ?"),
                                 arguments: [requestID, type.rawValue])
    }

    /// Rows in any of `statuses` (all rows when nil), oldest assignment first.
    public func records(statuses: [RequestStatus]? = nil, type: RequestType? = nil) throws(StoreError) -> [AuditRecord] {
        try read { db in try Self.requests(statuses: statuses, type: type).fetchAll(db) }
    }

    /// The rows in any of `statuses` (all when nil) of `type` (both when nil), oldest assignment first — the order
    /// every service works in.
    static func requests(statuses: [RequestStatus]?, type: RequestType?) -> QueryInterfaceRequest<AuditRecord> {
        var request = AuditRecord.all()
        if let statuses { request = request.filter(statuses.map(\.rawValue).contains(Column("fk_status"))) }
        if let type { request = request.filter(Column("fk_type") == type.rawValue) }
        return request.order(Column("assigned_block_nbr"), Column("created_at"))
    }

    /// Counts per status.
    public func statusCounts() throws(StoreError) -> [RequestStatus: Int] {
        try read { db in
            var result: [RequestStatus: Int] = [:]
            for row in try Row.fetchAll(db, sql: "SELECT fk_status, COUNT(*) AS n FROM audit_evt GROUP BY fk_status") {
                if let status = RequestStatus(rawValue: row["fk_status"]) { result[status] = row["n"] }
            }
            return result
        }
    }

    /// Applies `change` to the row if its status allows the move to `next`; throws `illegalTransition` otherwise.
    @discardableResult
    public func transition(_ requestID: RequestID, _ type: RequestType, to next: RequestStatus, info: String,
                           change: @Sendable @escaping (inout AuditRecord) -> Void = { _ in }) throws(StoreError) -> AuditRecord {
        try write { db in try Self.transition(db, requestID, type, to: next, info: info, change: change) }
    }

    static func transition(_ db: Database, _ requestID: RequestID, _ type: RequestType, to next: RequestStatus, info: String,
                           change: (inout AuditRecord) -> Void) throws -> AuditRecord {
        guard var row = try fetchRow(db, requestID, type) else {
            throw StoreError(.notFound, "no \(type.rawValue) row for request \(requestID)")
        }
        guard row.status.canMove(to: next) else {
            throw StoreError(.illegalTransition, "request \(requestID) (\(type.rawValue)) cannot move \(row.status.rawValue) → \(next.rawValue)")
        }
        let previous = row.status
        let original = row
        change(&row)
        row.status = next
        row.statusInfo = String(info.prefix(4000))
        row.updatedAt = Date().timeIntervalSince1970
        if next == .toBeSubmitted, previous != .toBeSubmitted { row.submissionAttempts += 1 }
        if next == .done { row.isPersisted = true }
        try db.cachedStatement(sql: "UPDATE audit_evt SET fk_status = ? WHERE request_id = ? AND fk_type = ? AND fk_status = ?")
            .execute(arguments: [next.rawValue, requestID, type.rawValue, previous.rawValue])
        guard db.changesCount == 1 else {
            throw StoreError(.illegalTransition, "request \(requestID) changed concurrently")
        }
        // Only the changed columns: a report (up to megabytes of JSON) is not rewritten by every later move.
        _ = try row.updateChanges(db, from: original)
        return row
    }

    /// AS → TS with the finished report.
    @discardableResult
    public func markToBeSubmitted(_ requestID: RequestID, _ type: RequestType, report: StoredReport,
                                  verdict: Bool? = nil) throws(StoreError) -> AuditRecord {
        try transition(requestID, type, to: .toBeSubmitted, info: "report ready") { $0.attach(report, verdict: verdict) }
    }

    /// {AS,TS,SB} → ER.
    @discardableResult
    public func markError(_ requestID: RequestID, _ type: RequestType, info: String) throws(StoreError) -> AuditRecord {
        try transition(requestID, type, to: .error, info: info)
    }

    /// SB → DN once the receipt is confirmed.
    @discardableResult
    public func markDone(_ requestID: RequestID, _ type: RequestType, minedBlock: Int64, info: String) throws(StoreError) -> AuditRecord {
        try transition(requestID, type, to: .done, info: info) { $0.submissionBlock = minedBlock }
    }
}
