import Ethereum
import Foundation
import GRDB

extension EventStore {
    // The transaction manager's store calls on GRDB's async API (the same bodies as the synchronous ones, which
    // tests and the CLI use): nothing blocks the cooperative pool while SQLite waits for its lock or the disk.

    func insertReplacementAsync(_ tx: TransactionRecord) async throws(StoreError) {
        try await writeAsync(.durable, Self.insertReplacementBody(tx))
    }

    func pendingTransactionsAsync(account: Address) async throws(StoreError) -> [TransactionRecord] {
        try await readAsync(Self.pendingTransactionsBody(account: account))
    }

    func markMinedAsync(hash: TransactionHash, block: Int64, status: Int) async throws(StoreError) {
        try await writeAsync(Self.markMinedBody(hash: hash, block: block, status: status))
    }

    func noteTransactionErrorAsync(id: Int64, _ error: String) async throws(StoreError) {
        try await writeAsync(Self.noteTransactionErrorBody(id: id, error))
    }

    func minedAttemptAsync(account: Address, nonce: Int64) async throws(StoreError) -> TransactionRecord? {
        try await readAsync(Self.minedAttemptBody(account: account, nonce: nonce))
    }

    func failTransactionAsync(_ tx: TransactionRecord, reason: String) async throws(StoreError) {
        try await writeAsync(Self.failTransactionBody(tx, reason: reason))
    }

    func insertOrReviveTransactionAsync(_ tx: TransactionRecord, submitting request: (RequestID, RequestType)? = nil)
        async throws(StoreError) -> TransactionRecord {
        try await writeAsync(.durable, Self.insertOrReviveBody(tx, submitting: request))
    }

    func unmineTransactionsAsync(above block: Int64) async throws(StoreError) {
        try await writeAsync(Self.unmineTransactionsBody(above: block))
    }

    func cursorAsync() async throws(StoreError) -> BlockCursor? {
        try await readAsync(Self.cursorBody())
    }

    func setCursorAsync(_ cursor: BlockCursor) async throws(StoreError) {
        try await writeAsync(Self.setCursorBody(cursor))
    }

    func seenBlockHashAsync(_ number: Int64) async throws(StoreError) -> String? {
        try await readAsync(Self.seenBlockHashBody(number))
    }

    func rewindAsync(to cursor: BlockCursor) async throws(StoreError) {
        try await writeAsync(Self.rewindBody(to: cursor))
    }

    @discardableResult
    func reopenDoneAsync(above block: Int64) async throws(StoreError) -> [String] {
        try await writeAsync(Self.reopenDoneBody(above: block))
    }
}
