import Ethereum
import Foundation
import GRDB
import Testing
@testable import AuditNode

func temporaryDatabasePath() -> String {
    let dir = FileManager.default.temporaryDirectory.appendingPathComponent("qsp-store-\(UUID().uuidString)")
    try? FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
    return dir.appendingPathComponent("events.db").path
}

func sampleTransaction(nonce: Int64, hash: TransactionHash, request: RequestID? = nil, attempt: Int = 1) -> TransactionRecord {
    TransactionRecord(id: nil, account: "0xAcc", nonce: nonce, purpose: request == nil ? .bid : .submitReport,
                      requestID: request, requestType: request == nil ? nil : .audit, raw: Data([0x00]), txHash: hash,
                      txType: .eip1559, maxFeePerGas: 100, maxPriorityFeePerGas: 10, gasLimit: 100_000,
                      attempt: attempt, state: .pending, sentBlock: 1, minedBlock: nil, receiptStatus: nil,
                      lastError: nil, createdAt: 0, updatedAt: 0)
}

@Suite struct EventStoreTests {
    let report = StoredReport(auditState: 4, fullReport: "{}", compressedReport: Data([0xAB]), auditHash: "h", auditURI: nil)

    @Test func insertIsIdempotentPerRequestAndType() throws {
        let store = try EventStore(path: temporaryDatabasePath())
        let big = UInt256.max  // 115792089237316195423570985008687907853269984665640564039457584007913129639935, 2^256-1
        let row = AuditRecord.assigned(requestID: "7", type: .audit, requestor: "0xR", uri: "http://x/a.sol", block: 10, price: big)
        #expect(try store.insertAssigned(row))
        #expect(try !store.insertAssigned(row))
        // The same id as a police check is a different row (the reference's dedup bug).
        #expect(try store.insertAssigned(AuditRecord.assigned(requestID: "7", type: .police, requestor: "0xC", uri: "u", block: 12, price: 1)))
        #expect(try store.record("7", .audit)?.price == big)
        let stored = try store.read { db in try String.fetchOne(db, sql: "SELECT price FROM audit_evt WHERE fk_type = 'AU'") }
        #expect(stored == "115792089237316195423570985008687907853269984665640564039457584007913129639935")
        #expect(try store.records().count == 2)
    }

    /// Commits are crash-safe (NORMAL in WAL); the one before a broadcast is durable (FULL), and the connection goes
    /// back to NORMAL after it, also when the body throws.
    @Test func onlyTheCommitsBeforeABroadcastAreDurable() async throws {
        let store = try EventStore(path: temporaryDatabasePath())
        let synchronous: @Sendable (Database) throws -> Int = { db in try Int.fetchOne(db, sql: "PRAGMA synchronous") ?? -1 }
        #expect(try store.write(synchronous) == 1)
        #expect(try await store.writeAsync(synchronous) == 1)
        #expect(try store.read(synchronous) == 1)
        #expect(try store.write(.durable, synchronous) == 2)
        #expect(try await store.writeAsync(.durable, synchronous) == 2)
        #expect(try await store.writeAsync(.crashSafe, synchronous) == 1)
        await #expect(throws: StoreError.self) {
            try await store.writeAsync(.durable) { db -> Int in throw StoreError(.database, "refused") }
        }
        #expect(try await store.writeAsync(synchronous) == 1)
        // The signed-transaction log is written durably, and its SB move with it.
        try store.insertAssigned(AuditRecord.assigned(requestID: "3", type: .audit, requestor: "0xR", uri: "u", block: 1, price: 0))
        try store.markToBeSubmitted("3", .audit, report: report)
        let tx = try await store.insertOrReviveTransactionAsync(sampleTransaction(nonce: 1, hash: "0xaa", request: "3"),
                                                                submitting: ("3", .audit))
        #expect(tx.id != nil)
        #expect(try store.record("3", .audit)?.status == .submitted)
    }

    @Test func onlyLegalTransitions() throws {
        let store = try EventStore(path: temporaryDatabasePath())
        try store.insertAssigned(AuditRecord.assigned(requestID: "1", type: .audit, requestor: "r", uri: "u", block: 1, price: 0))
        try store.insertAssigned(AuditRecord.assigned(requestID: "1", type: .police, requestor: "r", uri: "u", block: 1, price: 0))
        #expect(throws: StoreError(.illegalTransition, "")) { try store.markDone("1", .audit, minedBlock: 2, info: "x") }
        #expect(throws: StoreError(.illegalTransition, "")) { try store.transition("1", .audit, to: .submitted, info: "x") }
        let ts = try store.markToBeSubmitted("1", .audit, report: report)
        #expect(ts.status == .toBeSubmitted && ts.submissionAttempts == 1 && ts.compressedReport == Data([0xAB]))
        try store.transition("1", .audit, to: .submitted, info: "sent")
        let done = try store.markDone("1", .audit, minedBlock: 5, info: "ok")
        #expect(done.isPersisted && done.submissionBlock == 5)
        // DN is terminal: ER cannot overwrite it.
        #expect(throws: StoreError(.illegalTransition, "")) { try store.markError("1", .audit, info: "late") }
        // The police row was not touched by the audit row's updates.
        #expect(try store.record("1", .police)?.status == .assigned)
        try store.markError("1", .police, info: "boom")
        #expect(throws: StoreError(.illegalTransition, "")) { try store.markToBeSubmitted("1", .police, report: report) }
        #expect(throws: StoreError(.notFound, "")) { try store.markError("2", .audit, info: "x") }
    }

    @Test func transactionPersistedTogetherWithSubmittedRow() throws {
        let store = try EventStore(path: temporaryDatabasePath())
        try store.insertAssigned(AuditRecord.assigned(requestID: "3", type: .audit, requestor: "r", uri: "u", block: 1, price: 0))
        try store.markToBeSubmitted("3", .audit, report: report)
        let tx = try store.insertTransaction(sampleTransaction(nonce: 4, hash: "0xaa", request: "3"), submitting: ("3", .audit))
        #expect(tx.id != nil)
        let row = try #require(try store.record("3", .audit))
        #expect(row.status == .submitted && row.txHash == "0xaa")
        // A replacement keeps one live attempt; mining one marks the other replaced.
        try store.insertReplacement(sampleTransaction(nonce: 4, hash: "0xbb", request: "3", attempt: 2))
        #expect(try store.record("3", .audit)?.txHash == "0xbb")
        try store.markMined(hash: "0xaa", block: 9, status: 1)
        let txs = try store.transactions(requestID: "3", type: .audit)
        #expect(txs.map(\.state) == [.mined, .replaced])
        #expect(try store.pendingTransactions(account: "0xAcc").isEmpty)
        #expect(try store.highestNonce(account: "0xAcc") == 4)
    }

    @Test func failedSubmissionReturnsRowToBeSubmitted() throws {
        let store = try EventStore(path: temporaryDatabasePath())
        try store.insertAssigned(AuditRecord.assigned(requestID: "4", type: .audit, requestor: "r", uri: "u", block: 1, price: 0))
        try store.markToBeSubmitted("4", .audit, report: report)
        let tx = try store.insertTransaction(sampleTransaction(nonce: 1, hash: "0xcc", request: "4"), submitting: ("4", .audit))
        try store.failTransaction(tx, reason: "insufficient funds")
        let row = try #require(try store.record("4", .audit))
        #expect(row.status == .toBeSubmitted && row.txHash == nil)
        #expect(try store.transaction(hash: "0xcc")?.state == .failed)
    }

    @Test func cursorAndReorgRewind() throws {
        let store = try EventStore(path: temporaryDatabasePath())
        #expect(try store.cursor() == nil)
        for n in Int64(1)...5 { try store.setCursor(BlockCursor(number: n, hash: "0x\(n)")) }
        #expect(try store.cursor() == BlockCursor(number: 5, hash: "0x5"))
        try store.rewind(to: BlockCursor(number: 3, hash: "0x3"))
        #expect(try store.cursor()?.number == 3)
        #expect(try store.seenBlockHash(4) == nil)
        #expect(try store.seenBlockHash(2) == "0x2")
        var tx = try store.insertTransaction(sampleTransaction(nonce: 1, hash: "0xdd"))
        try store.markMined(hash: "0xdd", block: 5, status: 1)
        try store.unmineTransactions(above: 3)
        tx = try #require(try store.transaction(id: tx.id!))
        #expect(tx.state == .pending && tx.minedBlock == nil)
    }

    @Test func secondProcessIsLockedOut() throws {
        let path = temporaryDatabasePath()
        let first = try EventStore(path: path)
        #expect {
            _ = try EventStore(path: path)
        } throws: { error in
            (error as? StoreError)?.code == .lockUnavailable && "\(error)".contains("another qsp-audit-node")
        }
        // Read-only access (the events command) works while the node runs.
        let reader = try EventStore(readOnlyPath: path)
        #expect(try reader.records().isEmpty)
        _ = first
    }

    @Test func migrationsAreVersioned() throws {
        let path = temporaryDatabasePath()
        do { _ = try EventStore(path: path) }
        let queue = try DatabaseQueue(path: path)
        let applied = try queue.read { db in try StoreMigrations.migrator.appliedMigrations(db) }
        #expect(applied == ["v1-audit-evt", "v1-transactions", "v1-blocks", "v3-store-identity", "v3-attempts", "v4-status-columns", "v5-blobs"])
    }
}
