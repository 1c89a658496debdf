import Ethereum
import Foundation

/// Everything the status page shows, computed from the node's status, the event store and the chain facts.
/// A pure value: building it does no I/O, so it is tested without a node.
struct StatusPageModel: Sendable {
    /// One row of the requests table.
    struct RequestRow: Sendable, Equatable {
        var requestID: String
        var type: RequestType
        var status: RequestStatus
        var contractURI: String
        var assignedBlock: Int64
        var auditState: Int?
        /// Findings (vulnerability instances) in the stored report; nil without a report.
        var findings: Int?
        var txHash: String?
        var hasReport: Bool
        var info: String
        var updatedAt: Double
    }

    /// Finished audits in one hour.
    struct HourBucket: Sendable, Equatable {
        var start: Double
        var done: Int
        var errors: Int
    }

    /// Requests in progress (AS, TS, SB) at one instant.
    struct DepthPoint: Sendable, Equatable {
        var time: Double
        var depth: Int
    }

    var snapshot: NodeStatus.Snapshot
    var facts: ChainFacts.Snapshot?
    var gas: ChainFacts.GasSpent?
    var counts: [RequestStatus: Int]
    var rows: [RequestRow]
    var auditsPerHour: [HourBucket]
    var queueDepth: [DepthPoint]
    var findingsTotal: Int
    var now: Double

    /// Hours shown in the charts.
    static let hours = 24
    /// Rows shown in the table (most recent first).
    static let maxRows = 50

    static func build(snapshot: NodeStatus.Snapshot, records: [AuditRecord], facts: ChainFacts.Snapshot?,
                      gas: ChainFacts.GasSpent?, now: Double = Date().timeIntervalSince1970) -> StatusPageModel {
        var counts: [RequestStatus: Int] = [:]
        for r in records { counts[r.status, default: 0] += 1 }
        var findingsTotal = 0
        let recent = records.sorted { ($0.createdAt, $0.assignedBlock) > ($1.createdAt, $1.assignedBlock) }
        var rows: [RequestRow] = []
        for r in records {
            if r.type == .audit, let n = findingCount(r.fullReport) { findingsTotal += n }
        }
        for r in recent.prefix(maxRows) {
            rows.append(RequestRow(
                requestID: r.requestID.description, type: r.type, status: r.status, contractURI: r.contractURI, assignedBlock: r.assignedBlock,
                auditState: r.auditState, findings: findingCount(r.fullReport), txHash: r.txHash, hasReport: r.fullReport != nil,
                info: r.statusInfo, updatedAt: r.updatedAt))
        }
        return StatusPageModel(snapshot: snapshot, facts: facts, gas: gas, counts: counts, rows: rows,
                               auditsPerHour: auditsPerHour(records, now: now), queueDepth: queueDepth(records, now: now),
                               findingsTotal: findingsTotal, now: now)
    }

    /// Audits (AU rows) that reached DN or ER, per hour, for the last `hours` hours (the last bucket is the current hour).
    static func auditsPerHour(_ records: [AuditRecord], now: Double) -> [HourBucket] {
        let currentHour = (now / 3600).rounded(.down) * 3600
        let first = currentHour - Double(hours - 1) * 3600
        var buckets = (0..<hours).map { HourBucket(start: first + Double($0) * 3600, done: 0, errors: 0) }
        for r in records where r.type == .audit && r.status.isFinal && r.updatedAt >= first {
            let index = min(hours - 1, Int((r.updatedAt - first) / 3600))
            if r.status == .done { buckets[index].done += 1 } else { buckets[index].errors += 1 }
        }
        return buckets
    }

    /// Requests in progress every 15 minutes over the last `hours` hours, and now. A row counts from its insertion
    /// until it became final (DN/ER rows change no more, so their last change is when they finished).
    static func queueDepth(_ records: [AuditRecord], now: Double) -> [DepthPoint] {
        let step = 900.0
        let start = now - Double(hours) * 3600
        var times = stride(from: start, to: now, by: step).map { $0 }
        times.append(now)
        return times.map { t in
            DepthPoint(time: t, depth: records.reduce(0) { count, r in
                let open = r.createdAt <= t && !(r.status.isFinal && r.updatedAt <= t)
                return count + (open ? 1 : 0)
            })
        }
    }

    /// Vulnerability instances in a stored report JSON (nil when there is none or it does not parse).
    static func findingCount(_ reportJSON: String?) -> Int? {
        guard let reportJSON,
              let object = try? JSONSerialization.jsonObject(with: Data(reportJSON.utf8)) as? [String: Any] else { return nil }
        var total = 0
        for analyzer in object["analyzers_reports"] as? [[String: Any]] ?? [] {
            for vulnerability in analyzer["potential_vulnerabilities"] as? [[String: Any]] ?? [] {
                total += (vulnerability["instances"] as? [Any])?.count ?? 1
            }
        }
        return total
    }

    /// A block explorer link for known public chains, else the node's own `/tx/<hash>` page.
    static func transactionLink(_ hash: String, chainID: UInt64?) -> String {
        let explorers: [UInt64: String] = [
            1: "https://etherscan.io/tx/", 3: "https://ropsten.etherscan.io/tx/", 5: "https://goerli.etherscan.io/tx/",
            11_155_111: "https://sepolia.etherscan.io/tx/", 17_000: "https://holesky.etherscan.io/tx/",
        ]
        if let chainID, let base = explorers[chainID] { return base + hash }
        return "/tx/" + hash
    }
}
