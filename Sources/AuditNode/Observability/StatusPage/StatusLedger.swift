import Foundation
import GRDB

/// What the status page needs of one ledger row — no report texts (`hasReport` and `findingCount` stand for them);
/// also the model's row of the requests table.
struct StatusRow: Sendable, Equatable, FetchableRecord, Decodable, StatusTimelineRow {
    var requestID: RequestID
    var type: RequestType
    var status: RequestStatus
    var contractURI: String
    var assignedBlock: Int64
    var auditState: Int?
    var findingCount: Int?
    var txHash: String?
    var hasReport: Bool
    var statusInfo: String
    var createdAt: Double
    var updatedAt: Double

    enum CodingKeys: String, CodingKey {
        case requestID = "request_id", type = "fk_type", status = "fk_status", contractURI = "contract_uri"
        case assignedBlock = "assigned_block_nbr", auditState = "audit_state", findingCount = "finding_count"
        case txHash = "tx_hash", hasReport = "has_report", statusInfo = "status_info", createdAt = "created_at", updatedAt = "updated_at"
    }

    static let selection = """
        request_id, fk_type, fk_status, contract_uri, assigned_block_nbr, audit_state, finding_count, tx_hash,
        full_report IS NOT NULL AS has_report, status_info, created_at, updated_at
        """

    /// The projection of a whole row (tests; rows held in memory).
    init(_ record: AuditRecord) {
        requestID = record.requestID
        type = record.type
        status = record.status
        contractURI = record.contractURI
        assignedBlock = record.assignedBlock
        auditState = record.auditState
        findingCount = record.findingCount ?? ReportFindings.count(in: record.fullReport)
        txHash = record.txHash?.description
        hasReport = record.fullReport != nil
        statusInfo = record.statusInfo
        createdAt = record.createdAt
        updatedAt = record.updatedAt
    }
}

/// A row on the status page's time charts.
protocol StatusTimelineRow {
    var type: RequestType { get }
    var status: RequestStatus { get }
    var createdAt: Double { get }
    var updatedAt: Double { get }
}

extension AuditRecord: StatusTimelineRow {}

/// The ledger as the status page shows it, read with a few bounded queries: the counts per status and the findings
/// total (aggregates), the newest rows for the table, and the rows the 24-hour charts cover (open ones, and those
/// changed inside the window) — never every row of a long-lived ledger, and never a report text.
struct StatusLedger: Sendable {
    var counts: [RequestStatus: Int]
    var findingsTotal: Int
    var recent: [StatusRow]
    var window: [StatusRow]

    /// From rows in memory (tests).
    init(records: [AuditRecord], now: Double) {
        let rows = records.map(StatusRow.init)
        counts = Dictionary(rows.map { ($0.status, 1) }, uniquingKeysWith: +)
        findingsTotal = rows.filter { $0.type == .audit }.compactMap(\.findingCount).reduce(0, +)
        recent = Array(rows.sorted { ($0.createdAt, $0.assignedBlock) > ($1.createdAt, $1.assignedBlock) }.prefix(StatusPageModel.maxRows))
        let since = now - Double(StatusPageModel.hours) * 3600
        window = rows.filter { !$0.status.isFinal || $0.updatedAt > since }
    }

    init(counts: [RequestStatus: Int], findingsTotal: Int, recent: [StatusRow], window: [StatusRow]) {
        self.counts = counts
        self.findingsTotal = findingsTotal
        self.recent = recent
        self.window = window
    }

    /// Reads it from the store on GRDB's async API (the page is served on the cooperative pool).
    static func read(from store: EventStore, now: Double) async throws(StoreError) -> StatusLedger {
        let since = now - Double(StatusPageModel.hours) * 3600
        let maxRows = StatusPageModel.maxRows
        return try await store.readAsync { db in
            var counts: [RequestStatus: Int] = [:]
            for row in try Row.fetchAll(db, sql: "SELECT fk_status, COUNT(*) AS n FROM audit_evt GROUP BY fk_status") {
                if let status = RequestStatus(rawValue: row["fk_status"]) { counts[status] = row["n"] }
            }
            let findings = try Int.fetchOne(db, sql: "SELECT COALESCE(SUM(finding_count), 0) FROM audit_evt WHERE fk_type = 'AU'") ?? 0
            let recent = try StatusRow.fetchAll(db, sql: """
                SELECT \(StatusRow.selection) FROM audit_evt ORDER BY created_at DESC, assigned_block_nbr DESC LIMIT ?
                """, arguments: [maxRows])
            let window = try StatusRow.fetchAll(db, sql: """
                SELECT \(StatusRow.selection) FROM audit_evt WHERE fk_status IN ('AS', 'TS', 'SB') OR updated_at > ?
                """, arguments: [since])
            return StatusLedger(counts: counts, findingsTotal: findings, recent: recent, window: window)
        }
    }
}
