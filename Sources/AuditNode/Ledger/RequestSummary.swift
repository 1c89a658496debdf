import Ethereum
import Foundation
import GRDB

/// Identifies one ledger row: an on-chain request id (exact for any uint256) and the kind of work.
public struct RequestKey: Hashable, Sendable, CustomStringConvertible {
    /// The on-chain request id.
    public var id: RequestID
    /// AU or PC.
    public var type: RequestType

    /// Creates a key.
    public init(id: RequestID, type: RequestType) {
        self.id = id
        self.type = type
    }

    public var description: String { "\(type.rawValue)-\(id)" }
}

/// The slim projection of a ledger row the services poll and the status page lists: everything but the report
/// texts (which only the submitter reads, one row at a time).
public struct RequestSummary: Sendable, Equatable, FetchableRecord, Decodable {
    /// On-chain request id.
    public var requestID: RequestID
    /// AU or PC.
    public var type: RequestType
    /// Current status.
    public var status: RequestStatus
    /// AU: the assignment block A; PC: the report block R.
    public var assignedBlock: Int64
    /// The contract's URI.
    public var contractURI: String
    /// Requestor (PC rows: the audit contract).
    public var requestor: Address
    /// Moves to TS so far.
    public var submissionAttempts: Int
    /// Unix seconds of registration.
    public var createdAt: Double

    /// The row's key.
    public var key: RequestKey { RequestKey(id: requestID, type: type) }

    enum CodingKeys: String, CodingKey, CaseIterable {
        case requestID = "request_id", type = "fk_type", status = "fk_status", assignedBlock = "assigned_block_nbr"
        case contractURI = "contract_uri", requestor, submissionAttempts = "submission_attempts", createdAt = "created_at"
    }

    /// Decodes the summary columns of an `audit_evt` row (column by column: GRDB's Codable bridge cost dynamic
    /// casts per column).
    public init(row: Row) throws {
        typealias K = CodingKeys
        requestID = try row.decode(forColumn: K.requestID.rawValue)
        type = try row.decode(forColumn: K.type.rawValue)
        status = try row.decode(forColumn: K.status.rawValue)
        assignedBlock = try row.decode(forColumn: K.assignedBlock.rawValue)
        contractURI = try row.decode(forColumn: K.contractURI.rawValue)
        requestor = try row.decode(forColumn: K.requestor.rawValue)
        submissionAttempts = try row.decode(forColumn: K.submissionAttempts.rawValue)
        createdAt = try row.decode(forColumn: K.createdAt.rawValue)
    }

    /// The summary of a full row.
    init(_ row: AuditRecord) {
        requestID = row.requestID
        type = row.type
        status = row.status
        assignedBlock = row.assignedBlock
        contractURI = row.contractURI
        requestor = row.requestor
        submissionAttempts = row.submissionAttempts
        createdAt = row.createdAt
    }
}

extension EventStore {
    /// Slim rows in any of `statuses` (oldest assignment first), without report texts; GRDB's async API.
    public func summaries(statuses: [RequestStatus], type: RequestType? = nil) async throws(StoreError) -> [RequestSummary] {
        // Plain SQL, prepared once per connection and statuses/type shape (every service polls this).
        let columns = RequestSummary.CodingKeys.allCases.map(\.rawValue).joined(separator: ", ")
        var conditions = ["fk_status IN (\(Array(repeating: "?", count: statuses.count).joined(separator: ", ")))"]
        var arguments = StatementArguments(statuses.map(\.rawValue))
        if let type {
            conditions.append("fk_type = ?")
            arguments += [type.rawValue]
        }
        let sql = "SELECT \(columns) FROM audit_evt WHERE \(conditions.joined(separator: " AND ")) ORDER BY assigned_block_nbr, created_at"
        return try await readAsync { [arguments] db in try RequestSummary.fetchAll(db.cachedStatement(sql: sql), arguments: arguments) }
    }

    /// Open rows (AS/TS/SB) per status, for one type (a COUNT query).
    public func openCounts(type: RequestType) async throws(StoreError) -> [RequestStatus: Int] {
        try await readAsync { db in
            var result: [RequestStatus: Int] = [:]
            for row in try Row.fetchAll(db.cachedStatement(sql: """
                SELECT fk_status, COUNT(*) AS n FROM audit_evt WHERE fk_type = ? AND fk_status IN ('AS', 'TS', 'SB') GROUP BY fk_status
                """), arguments: [type.rawValue]) {
                if let status = RequestStatus(rawValue: row["fk_status"]) { result[status] = row["n"] }
            }
            return result
        }
    }

    /// Runs `body` in a read transaction without blocking the calling thread (GRDB's async API).
    func readAsync<T: Sendable>(_ body: @escaping @Sendable (Database) throws -> T) async throws(StoreError) -> T {
        do { return try await db.read(body) } catch let error as StoreError { throw error } catch {
            throw StoreError(.database, "\(error)")
        }
    }

    /// Runs `body` in a write transaction without blocking the calling thread (GRDB's async API).
    func writeAsync<T: Sendable>(_ body: @escaping @Sendable (Database) throws -> T) async throws(StoreError) -> T {
        do { return try await db.write(body) } catch let error as StoreError { throw error } catch {
            throw StoreError(.database, "\(error)")
        }
    }
}
