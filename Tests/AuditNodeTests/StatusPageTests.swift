import Ethereum
import Foundation
import GRDB
import Testing
@testable import AuditNode

/// The status page model (charts' series, findings, links) and its HTML (escaping, self-containment).
@Suite struct StatusPageTests {
    static let now = 1_800_000_000.0  // a whole hour: 1_800_000_000 / 3600 = 500_000

    static func row(_ id: RequestID, _ status: RequestStatus, created: Double, updated: Double, uri: String = "https://x/a.sol",
                    report: String? = nil) -> AuditRecord {
        var r = AuditRecord.assigned(requestID: id, type: .audit, requestor: "0xR", uri: uri, block: 7, price: 0,
                                     now: Date(timeIntervalSince1970: created))
        r.status = status
        r.updatedAt = updated
        r.fullReport = report
        if status == .done { r.txHash = TransactionHash(Data(repeating: 0xAB, count: 32)); r.auditState = 4 }
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
        #expect(ReportFindings.count(in: Self.report) == 3)
        #expect(ReportFindings.count(in: nil) == nil)
        #expect(ReportFindings.count(in: "not json") == nil)
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

    /// The page reads aggregates, the newest rows and the charts' window from the store — never report texts, never
    /// rows that finished before the window — and finding counts stored with the reports.
    @Test func theLedgerIsReadWithBoundedQueries() async throws {
        let store = try EventStore(path: temporaryDatabasePath())
        let now = Date().timeIntervalSince1970
        let report = StoredReport(auditState: 4, fullReport: Self.report, compressedReport: Data([0xAB]), auditHash: "h", auditURI: nil)
        for id in 1...60 {
            let created = now - (id == 1 ? 90_000 : Double(60 - id) * 60)
            try store.insertAssigned(AuditRecord.assigned(requestID: RequestID(UInt256(id)), type: .audit, requestor: "0xR",
                                                          uri: "https://x/\(id).sol", block: Int64(id), price: 0,
                                                          now: Date(timeIntervalSince1970: created)))
        }
        _ = try store.markToBeSubmitted("2", .audit, report: report)
        _ = try store.markToBeSubmitted("3", .audit, report: report)
        _ = try store.markError("4", .audit, info: "failed")
        try await store.writeAsync { db in
            // Request 1 finished 25 h ago: outside the charts' window.
            _ = try EventStore.transition(db, "1", .audit, to: .error, info: "old", change: { _ in })
            try db.execute(sql: "UPDATE audit_evt SET updated_at = ? WHERE request_id = '1'", arguments: [now - 90_000])
        }
        let ledger = try await StatusLedger.read(from: store, now: now)
        #expect(ledger.counts == [.assigned: 56, .toBeSubmitted: 2, .error: 2])
        #expect(ledger.findingsTotal == 6)
        #expect(ledger.recent.count == StatusPageModel.maxRows && ledger.recent.first?.requestID == "60")
        #expect(ledger.window.count == 59 && !ledger.window.contains { $0.requestID == "1" })
        let two = try #require(ledger.window.first { $0.requestID == "2" })
        #expect(two.hasReport && two.findingCount == 3 && two.auditState == 4)
        #expect(ledger.window.first { $0.requestID == "5" }?.hasReport == false)
    }

    /// A store written before finding counts existed gets them filled in by the migration.
    @Test func theMigrationCountsTheFindingsOfReportsAlreadyStored() throws {
        let path = temporaryDatabasePath()
        do {
            let old = try DatabaseQueue(path: path)
            try StoreMigrations.migrator.migrate(old, upTo: "v3-attempts")
            try old.write { db in
                var row = AuditRecord.assigned(requestID: "7", type: .audit, requestor: "0xR", uri: "u", block: 1, price: 0)
                row.status = .toBeSubmitted
                row.fullReport = Self.report
                try db.execute(sql: """
                    INSERT INTO audit_evt (request_id, fk_type, requestor, contract_uri, evt_name, assigned_block_nbr, fk_status,
                        price, status_info, full_report, created_at, updated_at)
                    VALUES ('7', 'AU', '0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed', 'u', 'LogAuditAssigned', 1, 'TS', '0', 'report ready', ?, 1, 1)
                    """, arguments: [row.fullReport])
            }
        }
        let store = try EventStore(path: path)
        #expect(try store.record("7", .audit)?.findingCount == 3)
    }

    /// Bytes written as hex text by earlier versions (the compressed report, raw transactions) become BLOBs; the
    /// values survive bit for bit and a corrupted one is dropped instead of failing the whole migration.
    @Test func theBlobMigrationConvertsStoredHexInPlace() throws {
        let path = temporaryDatabasePath()
        do {
            let old = try DatabaseQueue(path: path)
            try StoreMigrations.migrator.migrate(old, upTo: "v4-status-columns")
            try old.write { db in
                for (id, hex) in [("7", "0A0B0C"), ("8", "not hex")] {
                    try db.execute(sql: """
                        INSERT INTO audit_evt (request_id, fk_type, requestor, contract_uri, evt_name, assigned_block_nbr, fk_status,
                            price, status_info, compressed_report, created_at, updated_at)
                        VALUES (?, 'AU', '0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed', 'u', 'LogAuditAssigned', 1, 'TS', '0', 'report ready', ?, 1, 1)
                        """, arguments: [id, hex])
                }
                try db.execute(sql: """
                    INSERT INTO transactions (account, nonce, purpose, raw, tx_hash, tx_type, max_fee_per_gas, max_priority_fee_per_gas,
                        gas_limit, attempt, state, sent_block, created_at, updated_at)
                    VALUES ('0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed', 1, 'bid', '0xf86b01', '0xaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa', 'legacy', '1', '1', 21000, 1, 'pending', 1, 1, 1)
                    """)
            }
        }
        let store = try EventStore(path: path)
        #expect(try store.record("7", .audit)?.compressedReport == Data([0x0A, 0x0B, 0x0C]))
        #expect(try store.record("8", .audit)?.compressedReport == nil)
        #expect(try store.transaction(hash: "0xaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa")?.raw == Data([0xF8, 0x6B, 0x01]))
        let types = try store.read { db in try String.fetchAll(db, sql: "SELECT typeof(raw) FROM transactions") }
        #expect(types == ["blob"])
    }

    @Test func niceAxisMaxima() {
        #expect(SVGChart.niceMaximum(0) == 1)
        #expect(SVGChart.niceMaximum(3) == 5)
        #expect(SVGChart.niceMaximum(7) == 10)
        #expect(SVGChart.niceMaximum(11) == 20)
        #expect(SVGChart.niceMaximum(1000) == 1000)
    }
}
