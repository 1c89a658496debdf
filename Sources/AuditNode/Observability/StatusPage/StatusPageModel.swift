import Ethereum
import Foundation

/// Everything the status page shows, computed from the node's status, the event store and the chain facts.
/// A pure value: building it does no I/O, so it is tested without a node.
struct StatusPageModel: Sendable {
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
    /// The requests table: the newest rows, as the store projects them (`StatusRow`).
    var rows: [StatusRow]
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
        build(snapshot: snapshot, ledger: StatusLedger(records: records, now: now), facts: facts, gas: gas, now: now)
    }

    static func build(snapshot: NodeStatus.Snapshot, ledger: StatusLedger, facts: ChainFacts.Snapshot?,
                      gas: ChainFacts.GasSpent?, now: Double = Date().timeIntervalSince1970) -> StatusPageModel {
        StatusPageModel(snapshot: snapshot, facts: facts, gas: gas, counts: ledger.counts, rows: Array(ledger.recent.prefix(maxRows)),
                               auditsPerHour: auditsPerHour(ledger.window, now: now), queueDepth: queueDepth(ledger.window, now: now),
                               findingsTotal: ledger.findingsTotal, now: now)
    }

    /// Audits (AU rows) that reached DN or ER, per hour, for the last `hours` hours (the last bucket is the current hour).
    static func auditsPerHour(_ records: [some StatusTimelineRow], now: Double) -> [HourBucket] {
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
    static func queueDepth(_ records: [some StatusTimelineRow], now: Double) -> [DepthPoint] {
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
