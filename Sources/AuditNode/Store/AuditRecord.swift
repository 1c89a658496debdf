import Ethereum
import Foundation
import GRDB

/// Status of a stored request (PROTOCOL.md §4): Assigned, To be submitted, Submitted, Done, Error.
public enum RequestStatus: String, Sendable, Codable, CaseIterable, DatabaseValueConvertible {
    case assigned = "AS"
    case toBeSubmitted = "TS"
    case submitted = "SB"
    case done = "DN"
    case error = "ER"

    /// DN and ER never change again.
    public var isFinal: Bool { self == .done || self == .error }

    /// The legal forward moves: AS→TS→SB→DN, {AS,TS,SB}→ER, and SB→TS only when the old attempt is proven dead.
    public func canMove(to next: RequestStatus) -> Bool {
        switch (self, next) {
        case (.assigned, .toBeSubmitted), (.toBeSubmitted, .submitted), (.submitted, .done),
             (.submitted, .toBeSubmitted), (.toBeSubmitted, .toBeSubmitted):
            return true
        case (.assigned, .error), (.toBeSubmitted, .error), (.submitted, .error):
            return true
        default:
            return false
        }
    }
}

/// Kind of stored work: an audit of our own assignment, or a police check of someone's report.
public enum RequestType: String, Sendable, Codable, CaseIterable, DatabaseValueConvertible {
    case audit = "AU"
    case police = "PC"
}

/// One row of `audit_evt`, keyed by (request_id, fk_type). The request id and other uint256 values are stored as decimal text.
public struct AuditRecord: Codable, Sendable, Equatable, FetchableRecord, PersistableRecord {
    public static let databaseTableName = "audit_evt"

    /// On-chain request id.
    public var requestID: RequestID
    /// AU or PC.
    public var type: RequestType
    /// Requestor (for PC rows: the audit contract address).
    public var requestor: Address
    /// URI of the contract to audit.
    public var contractURI: String
    /// Always `LogAuditAssigned` for AU rows, `PoliceNodeAssignedToReport` for PC rows.
    public var eventName: String
    /// AU: the real assignment block A (from the log); PC: the report block R.
    public var assignedBlock: Int64
    /// Block of the mined submission receipt (not of report generation).
    public var submissionBlock: Int64?
    /// Current status.
    public var status: RequestStatus
    /// Price in wei-QSP (decimal).
    public var price: UInt256
    /// Human-readable progress or error.
    public var statusInfo: String
    /// Hash of the last submission transaction.
    public var txHash: TransactionHash?
    /// +1 on every move to TS.
    public var submissionAttempts: Int
    /// Set at DN.
    public var isPersisted: Bool
    /// Upload URL (or a local path when uploads are disabled).
    public var auditURI: String?
    /// sha256 of the uploaded JSON.
    public var auditHash: String?
    /// 4 or 5.
    public var auditState: Int?
    /// The full JSON report.
    public var fullReport: String?
    /// The compressed report (the bytes submitted on chain).
    public var compressedReport: Data?
    /// PC rows: the verdict sent.
    public var policeVerdict: Bool?
    /// Findings in `fullReport`, counted when the report was stored (nil without a report).
    public var findingCount: Int?
    /// Unix seconds of insertion and last change.
    public var createdAt: Double
    /// Unix seconds of the last change.
    public var updatedAt: Double

    enum CodingKeys: String, CodingKey {
        case requestID = "request_id", type = "fk_type", requestor, contractURI = "contract_uri", eventName = "evt_name"
        case assignedBlock = "assigned_block_nbr", submissionBlock = "submission_block_nbr", status = "fk_status"
        case price, statusInfo = "status_info", txHash = "tx_hash", submissionAttempts = "submission_attempts"
        case isPersisted = "is_persisted", auditURI = "audit_uri", auditHash = "audit_hash", auditState = "audit_state"
        case fullReport = "full_report", compressedReport = "compressed_report", policeVerdict = "police_verdict"
        case findingCount = "finding_count"
        case createdAt = "created_at", updatedAt = "updated_at"
    }

    /// A fresh AS row.
    public static func assigned(requestID: RequestID, type: RequestType, requestor: Address, uri: String,
                                block: Int64, price: UInt256, now: Date = Date()) -> AuditRecord {
        AuditRecord(requestID: requestID, type: type, requestor: requestor, contractURI: uri,
                    eventName: type == .audit ? "LogAuditAssigned" : "PoliceNodeAssignedToReport",
                    assignedBlock: block, submissionBlock: nil, status: .assigned, price: price,
                    statusInfo: "assigned", txHash: nil, submissionAttempts: 0, isPersisted: false,
                    auditURI: nil, auditHash: nil, auditState: nil, fullReport: nil, compressedReport: nil,
                    policeVerdict: nil, findingCount: nil, createdAt: now.timeIntervalSince1970, updatedAt: now.timeIntervalSince1970)
    }
}

extension AuditRecord {
    /// Stores a finished audit's report in the row (the move to TS), with its finding count.
    mutating func attach(_ report: StoredReport, verdict: Bool?) {
        auditState = report.auditState
        fullReport = report.fullReport
        compressedReport = report.compressedReport
        auditHash = report.auditHash
        auditURI = report.auditURI
        findingCount = ReportFindings.count(in: report.fullReport)
        if let verdict { policeVerdict = verdict }
    }
}

/// The report a finished audit produced, stored with the move to TS.
public struct StoredReport: Sendable, Equatable {
    /// 4 or 5.
    public var auditState: Int
    /// JSON text.
    public var fullReport: String
    /// The compressed report (the bytes submitted on chain).
    public var compressedReport: Data
    /// sha256 of the uploaded bytes.
    public var auditHash: String
    /// Where it was uploaded, if anywhere.
    public var auditURI: String?

    /// Creates a stored report.
    public init(auditState: Int, fullReport: String, compressedReport: Data, auditHash: String, auditURI: String?) {
        self.auditState = auditState
        self.fullReport = fullReport
        self.compressedReport = compressedReport
        self.auditHash = auditHash
        self.auditURI = auditURI
    }
}

// Rows are read and written column by column: GRDB's Codable bridge went through Swift's dynamic casts and
// conformance lookups for every column of every row (a tenth of the node's CPU per request in the benchmark).
extension AuditRecord {
    /// Decodes a row of `audit_evt` (every column of the table).
    public init(row: Row) throws {
        typealias K = CodingKeys
        requestID = try row.decode(forColumn: K.requestID.rawValue)
        type = try row.decode(forColumn: K.type.rawValue)
        requestor = try row.decode(forColumn: K.requestor.rawValue)
        contractURI = try row.decode(forColumn: K.contractURI.rawValue)
        eventName = try row.decode(forColumn: K.eventName.rawValue)
        assignedBlock = try row.decode(forColumn: K.assignedBlock.rawValue)
        submissionBlock = try row.decode(forColumn: K.submissionBlock.rawValue)
        status = try row.decode(forColumn: K.status.rawValue)
        price = try row.decode(forColumn: K.price.rawValue)
        statusInfo = try row.decode(forColumn: K.statusInfo.rawValue)
        txHash = try row.decode(forColumn: K.txHash.rawValue)
        submissionAttempts = try row.decode(forColumn: K.submissionAttempts.rawValue)
        isPersisted = try row.decode(forColumn: K.isPersisted.rawValue)
        auditURI = try row.decode(forColumn: K.auditURI.rawValue)
        auditHash = try row.decode(forColumn: K.auditHash.rawValue)
        auditState = try row.decode(forColumn: K.auditState.rawValue)
        fullReport = try row.decode(forColumn: K.fullReport.rawValue)
        compressedReport = try row.decode(forColumn: K.compressedReport.rawValue)
        policeVerdict = try row.decode(forColumn: K.policeVerdict.rawValue)
        findingCount = try row.decode(forColumn: K.findingCount.rawValue)
        createdAt = try row.decode(forColumn: K.createdAt.rawValue)
        updatedAt = try row.decode(forColumn: K.updatedAt.rawValue)
    }

    /// Encodes every column.
    public func encode(to container: inout PersistenceContainer) throws {
        typealias K = CodingKeys
        container[K.requestID.rawValue] = requestID
        container[K.type.rawValue] = type
        container[K.requestor.rawValue] = requestor
        container[K.contractURI.rawValue] = contractURI
        container[K.eventName.rawValue] = eventName
        container[K.assignedBlock.rawValue] = assignedBlock
        container[K.submissionBlock.rawValue] = submissionBlock
        container[K.status.rawValue] = status
        container[K.price.rawValue] = price
        container[K.statusInfo.rawValue] = statusInfo
        container[K.txHash.rawValue] = txHash
        container[K.submissionAttempts.rawValue] = submissionAttempts
        container[K.isPersisted.rawValue] = isPersisted
        container[K.auditURI.rawValue] = auditURI
        container[K.auditHash.rawValue] = auditHash
        container[K.auditState.rawValue] = auditState
        container[K.fullReport.rawValue] = fullReport
        container[K.compressedReport.rawValue] = compressedReport
        container[K.policeVerdict.rawValue] = policeVerdict
        container[K.findingCount.rawValue] = findingCount
        container[K.createdAt.rawValue] = createdAt
        container[K.updatedAt.rawValue] = updatedAt
    }
}
