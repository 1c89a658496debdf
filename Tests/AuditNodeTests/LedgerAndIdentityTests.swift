import Foundation
import GRDB
import Testing
@testable import AuditNode

/// Issue 10 items 9 and 11: the store's identity, the ledger snapshot behind metrics and "stalled", /health.
@Suite struct LedgerAndIdentityTests {
    let me = StoreIdentity(chainID: 1337, contract: "0x00000000000000000000000000000000000000Aa", account: "0x00000000000000000000000000000000000000Bb")

    @Test func aNewStoreRecordsItsIdentityAndMatchesItLater() throws {
        let path = temporaryDatabasePath()
        let store = try EventStore(path: path)
        #expect(try store.bind(to: me, path: path) == .recorded)
        #expect(try store.identity() == me)
        var lowercased = me
        lowercased.contract = me.contract.lowercased()
        #expect(try store.bind(to: lowercased, path: path) == .matched)
    }

    @Test func aStoreOfAnotherDeploymentIsRefusedNamingTheKey() throws {
        let path = temporaryDatabasePath()
        let store = try EventStore(path: path)
        try store.bind(to: me, path: path)
        for other in [StoreIdentity(chainID: 1, contract: me.contract, account: me.account),
                      StoreIdentity(chainID: 1337, contract: "0x00000000000000000000000000000000000000Cc", account: me.account),
                      StoreIdentity(chainID: 1337, contract: me.contract, account: "0x00000000000000000000000000000000000000Dd")] {
            do {
                try store.bind(to: other, path: path)
                Issue.record("a mismatch must be refused: \(other)")
            } catch let error as ConfigurationError {
                #expect(error.key == "evt_db_path")
                #expect(error.message.contains("belongs to chain 1337") && error.message.contains(path))
            }
        }
        #expect(try store.identity() == me, "a refused bind changes nothing")
    }

    @Test func aStoreFromBeforeIdentitiesIsAdopted() throws {
        let path = temporaryDatabasePath()
        let store = try EventStore(path: path)
        try store.insertAssigned(AuditRecord.assigned(requestID: "1", type: .audit, requestor: "r", uri: "u", block: 1, price: 0))
        #expect(try store.bind(to: me, path: path) == .adopted)
        #expect(try store.bind(to: me, path: path) == .matched)
    }

    @Test func eachEnvironmentHasItsOwnDefaultDatabase() throws {
        let yaml = try String(contentsOf: URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("config/config.yaml"), encoding: .utf8)
        let loader = ConfigurationLoader(environment: ["QSP_ETH_AUTH_TOKEN": "t"])
        var paths: Set<String> = []
        for env in ["local", "testnet", "mainnet"] {
            guard let loaded = try? loader.load(yaml: yaml, env: env, baseDirectory: "/tmp/qsp-config") else { continue }
            paths.insert(loaded.configuration.databasePath)
        }
        #expect(paths.count >= 2, "environments share a database path: \(paths)")
        // Without evt_db_path the default names the environment.
        let stripped = yaml.split(separator: "\n", omittingEmptySubsequences: false).filter { !$0.contains("evt_db_path") }.joined(separator: "\n")
        if let testnet = try? loader.load(yaml: stripped, env: "testnet", baseDirectory: "/tmp/qsp-config") {
            #expect(testnet.configuration.databasePath.hasSuffix(".audit_node-testnet.db"))
        }
    }

    @Test func ledgerSnapshotCountsRowsAndTheOldestOpenRequest() throws {
        let store = try EventStore(path: temporaryDatabasePath())
        let report = StoredReport(auditState: 4, fullReport: "{}", compressedReport: Data([0xAB]), auditHash: "h", auditURI: nil)
        try store.insertAssigned(AuditRecord.assigned(requestID: "1", type: .audit, requestor: "r", uri: "u", block: 10, price: 0,
                                                      now: Date(timeIntervalSince1970: 1000)))
        try store.insertAssigned(AuditRecord.assigned(requestID: "2", type: .audit, requestor: "r", uri: "u", block: 12, price: 0,
                                                      now: Date(timeIntervalSince1970: 2000)))
        try store.markToBeSubmitted("2", .audit, report: report)
        try store.insertAssigned(AuditRecord.assigned(requestID: "3", type: .police, requestor: "r", uri: "u", block: 15, price: 0))
        try store.markError("3", .police, info: "x")
        let snapshot = try store.ledgerSnapshot(auditAllowanceCutoff: 1500)
        #expect(snapshot.count(.assigned, .audit) == 1 && snapshot.count(.toBeSubmitted, .audit) == 1 && snapshot.count(.error, .police) == 1)
        #expect(snapshot.open == 2)
        #expect(snapshot.heldReports == 1)
        #expect(snapshot.oldestOpen?.assignedBlock == 10 && snapshot.oldestOpen?.createdAt == 1000)
        // Row 1's updated_at is its creation (1000) < cutoff: overdue.
        #expect(snapshot.overdueAudits == 1)
    }

    @Test func stalledOnlyWithWaitingWorkAndNoProgress() {
        var s = LedgerSnapshot(counts: [:], oldestOpen: nil, heldReports: 0, overdueAudits: 0, lastChange: 0)
        #expect(ProgressMonitor.stallReason(s, availability: "empty", idleSeconds: 999, stallAfter: 60) == nil, "idle is not stalled")
        #expect(ProgressMonitor.stallReason(s, availability: "ready", idleSeconds: 999, stallAfter: 60)?.contains("queued") == true)
        s.heldReports = 1
        #expect(ProgressMonitor.stallReason(s, availability: nil, idleSeconds: 30, stallAfter: 60) == nil, "not yet")
        #expect(ProgressMonitor.stallReason(s, availability: nil, idleSeconds: 61, stallAfter: 60)?.contains("1 report") == true)
    }

    @Test func reorgReopensDoneRowsAboveTheAncestorOnly() throws {
        let store = try EventStore(path: temporaryDatabasePath())
        let report = StoredReport(auditState: 4, fullReport: "{}", compressedReport: Data([0xAB]), auditHash: "h", auditURI: nil)
        for (id, mined) in [(RequestID("1"), Int64(20)), (RequestID("2"), Int64(30))] {
            try store.insertAssigned(AuditRecord.assigned(requestID: id, type: .audit, requestor: "r", uri: "u", block: 10, price: 0))
            try store.markToBeSubmitted(id, .audit, report: report)
            try store.transition(id, .audit, to: .submitted, info: "sent")
            try store.markDone(id, .audit, minedBlock: mined, info: "ok")
        }
        #expect(try store.reopenDone(above: 25) == ["2"])
        #expect(try store.record("1", .audit)?.status == .done)
        let reopened = try #require(try store.record("2", .audit))
        #expect(reopened.status == .submitted && reopened.submissionBlock == nil && !reopened.isPersisted)
    }

    @Test func aRefusedTransactionSignedAgainIsRevivedNotDuplicated() throws {
        let store = try EventStore(path: temporaryDatabasePath())
        let first = try store.insertOrReviveTransaction(sampleTransaction(nonce: 3, hash: "0xaa"))
        try store.failTransaction(first, reason: "refused")
        let again = try store.insertOrReviveTransaction(sampleTransaction(nonce: 3, hash: "0xaa"))
        #expect(again.id == first.id && again.state == .pending)
        #expect(try store.allTransactions().count == 1)
        #expect(throws: StoreError.self) { try store.insertOrReviveTransaction(sampleTransaction(nonce: 3, hash: "0xaa")) }
    }

    @Test func healthSaysStartingStalledOrOk() {
        var s = NodeStatus.Snapshot(account: "a", contract: "c", draining: false, startedAt: 0)
        s.startupBlockedReason = "eth_chainId: connection refused"
        s.startupBlockedSince = 90
        var (code, body) = HealthReport.render(s, now: 100, staleAfter: 30)
        #expect(code == 503 && body["status"] as? String == "starting")
        #expect((body["startup"] as? [String: Any])?["blocked_reason"] as? String == "eth_chainId: connection refused")
        s.phase = "running"
        s.startupBlockedReason = nil
        s.lastHeadAt = 99
        s.stalled = true
        s.oldestOpenAssignmentAgeSeconds = 70
        (code, body) = HealthReport.render(s, now: 100, staleAfter: 30)
        #expect(code == 503 && body["status"] as? String == "stalled")
        #expect(body["oldest_open_assignment_age_seconds"] as? Double == 70)
        s.stalled = false
        (code, body) = HealthReport.render(s, now: 100, staleAfter: 30)
        #expect(code == 200 && body["status"] as? String == "ok")
    }
}
