import Ethereum
import Foundation
import Testing
@testable import AuditNode

/// The status page model (charts' series, findings, links) and its HTML (escaping, self-containment).
@Suite struct StatusPageTests {
    static let now = 1_800_000_000.0  // a whole hour: 1_800_000_000 / 3600 = 500_000

    static func row(_ id: RequestID, _ status: RequestStatus, created: Double, updated: Double, uri: String = "https://x/a.sol",
                    report: String? = nil) -> AuditRecord {
        var r = AuditRecord.assigned(requestID: id, type: .audit, requestor: "0xR", uri: uri, block: 7, price: "0",
                                     now: Date(timeIntervalSince1970: created))
        r.status = status
        r.updatedAt = updated
        r.fullReport = report
        if status == .done { r.txHash = "0x" + String(repeating: "ab", count: 32); r.auditState = 4 }
        return r
    }

    static let snapshot = NodeStatus.Snapshot(account: "0xA", contract: "0xC", headBlock: 42, lastHeadAt: now - 2, stakeOK: true,
                                              availability: "ready", lastRPCError: nil, draining: false, startedAt: 0)

    static let report = #"{"analyzers_reports": [{"potential_vulnerabilities": [{"type": "reentrancy", "instances": [{}, {}]}, {"type": "x", "instances": [{}]}]}]}"#

    @Test func auditsPerHourBucketsFinishedAuditsByHour() {
        let records = [
            Self.row("1", .done, created: Self.now - 7200, updated: Self.now + 10),        // current hour
            Self.row("2", .error, created: Self.now - 7200, updated: Self.now + 20),       // current hour
            Self.row("3", .done, created: Self.now - 7200, updated: Self.now - 5),         // previous hour
            Self.row("4", .done, created: Self.now - 90_000, updated: Self.now - 90_000),  // older than 24 h
            Self.row("5", .assigned, created: Self.now - 100, updated: Self.now - 100),    // not finished
        ]
        let buckets = StatusPageModel.auditsPerHour(records, now: Self.now + 30)
        #expect(buckets.count == 24)
        #expect(buckets.last?.done == 1 && buckets.last?.errors == 1)
        #expect(buckets[22].done == 1)
        #expect(buckets.dropLast(2).allSatisfy { $0.done == 0 && $0.errors == 0 })
        #expect(buckets.last?.start == Self.now)
    }

    @Test func queueDepthCountsRowsUntilTheyFinish() {
        let records = [
            Self.row("1", .done, created: Self.now - 3 * 3600, updated: Self.now - 3600),  // open for 2 h
            Self.row("2", .submitted, created: Self.now - 1800, updated: Self.now - 60),    // open until now
        ]
        let points = StatusPageModel.queueDepth(records, now: Self.now)
        #expect(points.count == 24 * 4 + 1)
        #expect(points.last?.depth == 1)
        #expect(points.first?.depth == 0)
        #expect(points.map(\.depth).max() == 1)
        let twoHoursAgo = points.first { abs($0.time - (Self.now - 7200)) < 1 }
        #expect(twoHoursAgo?.depth == 1)
    }

    @Test func findingsAndLinks() {
        #expect(StatusPageModel.findingCount(Self.report) == 3)
        #expect(StatusPageModel.findingCount(nil) == nil)
        #expect(StatusPageModel.findingCount("not json") == nil)
        let hash = "0x" + String(repeating: "1", count: 64)
        #expect(StatusPageModel.transactionLink(hash, chainID: 1) == "https://etherscan.io/tx/" + hash)
        #expect(StatusPageModel.transactionLink(hash, chainID: 1337) == "/tx/" + hash)
        #expect(StatusPageRoutes.validRequestID("123") == "123")
        #expect(StatusPageRoutes.validRequestID("1x") == nil && StatusPageRoutes.validRequestID("") == nil)
        #expect(StatusPageRoutes.validRequestID(String(repeating: "9", count: 79)) == nil)
        #expect(StatusPageRoutes.sourceName("http://h/a/DAO Bug<x>.sol?q") == "DAOBugx.sol")
        #expect(StatusPageRoutes.sourceName("::") == "contract.sol")
    }

    @Test func pageEscapesEveryValueAndIsSelfContained() {
        let hostile = #"http://h/<img src=x onerror="alert(1)">'.sol"#
        var records = [Self.row("9", .done, created: Self.now - 600, updated: Self.now - 60, uri: hostile, report: Self.report)]
        records[0].statusInfo = "<script>alert(2)</script>"
        var snapshot = Self.snapshot
        snapshot.lastRPCError = "<b>rpc</b>"
        let facts = ChainFacts.Snapshot(chainID: 1337, chainHead: 45, staked: BidderService.weiPerQSP * UInt256(1000),
                                        minStake: BidderService.weiPerQSP * UInt256(1000), price: 0, floor: 0,
                                        balance: BidderService.weiPerQSP * UInt256(3), readAt: Self.now, error: nil)
        let gas = ChainFacts.GasSpent(wei: UInt256(21_000) * UInt256(1_000_000_000), gas: 21_000, transactions: 1, pending: 0)
        let html = StatusPageRenderer.render(StatusPageModel.build(snapshot: snapshot, records: records, facts: facts, gas: gas, now: Self.now))
        #expect(html.contains("&lt;img src=x onerror=&quot;alert(1)&quot;&gt;&#39;.sol"))
        #expect(html.contains("&lt;script&gt;alert(2)&lt;/script&gt;") && html.contains("&lt;b&gt;rpc&lt;/b&gt;"))
        #expect(!html.contains("<img") && !html.contains("<script") && !html.contains("<b>"))
        #expect(html.contains("<h1>qsp-audit-node</h1>") && html.contains("DN: 1"))
        #expect(html.contains("id=\"chart-audits\"") && html.contains("class=\"bar done\""))
        #expect(html.contains("id=\"chart-queue\"") && html.contains("class=\"line\""))
        #expect(html.contains("1000 QSP") && html.contains("3 ETH") && html.contains("0.000021 ETH"))
        #expect(html.contains("3 block(s) behind"))
        #expect(html.contains("href=\"/requests/9/report.json\"") && html.contains("href=\"/requests/9/report.sarif\""))
        #expect(html.contains("href=\"/tx/0x" + String(repeating: "ab", count: 32) + "\""))
        #expect(html.contains("<meta http-equiv=\"refresh\""))
        #expect(!html.contains("src=\"") && !html.contains("<link"))
        // The compatibility entry point still renders (no chain facts).
        #expect(StatusPage.render(snapshot: Self.snapshot, records: []).contains("no requests yet"))
    }

    @Test func niceAxisMaxima() {
        #expect(SVGChart.niceMaximum(0) == 1)
        #expect(SVGChart.niceMaximum(3) == 5)
        #expect(SVGChart.niceMaximum(7) == 10)
        #expect(SVGChart.niceMaximum(11) == 20)
        #expect(SVGChart.niceMaximum(1000) == 1000)
    }
}
