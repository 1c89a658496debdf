import Ethereum
import Foundation
import GRDB

extension EventStore {
    /// Persists a signed transaction before it is broadcast. When `submitting` names a request, the same write moves
    /// that row TS → SB with the hash, so a crash can never leave a sent report without its row knowing it.
    @discardableResult
    public func insertTransaction(_ tx: TransactionRecord,
                                  submitting request: (RequestID, RequestType)? = nil) throws(StoreError) -> TransactionRecord {
        try write(.durable) { db in
            var copy = tx
            try copy.insert(db)
            if let (id, type) = request {
                _ = try Self.transition(db, id, type, to: .submitted, info: "submitted \(copy.txHash)") { row in
                    row.txHash = copy.txHash
                }
            }
            return copy
        }
    }

    /// Like `insertTransaction`, but when a transaction with the same hash exists and was marked failed (refused
    /// before it reached the mempool), it goes back to pending (and the request row to SB) instead of a duplicate.
    @discardableResult
    public func insertOrReviveTransaction(_ tx: TransactionRecord,
                                          submitting request: (RequestID, RequestType)? = nil) throws(StoreError) -> TransactionRecord {
        try write(.durable, Self.insertOrReviveBody(tx, submitting: request))
    }

    static func insertOrReviveBody(_ tx: TransactionRecord, submitting request: (RequestID, RequestType)?)
        -> @Sendable (Database) throws -> TransactionRecord {
        { db in
            if var existing = try TransactionRecord.fetchOne(db.cachedStatement(sql: "SELECT * FROM transactions WHERE tx_hash = ?"),
                                                             arguments: [tx.txHash]) {
                guard existing.state == .failed else {
                    throw StoreError(.illegalTransition, "transaction \(tx.txHash) is already \(existing.state.rawValue)")
                }
                existing.state = .pending
                existing.sentBlock = tx.sentBlock
                existing.updatedAt = Date().timeIntervalSince1970
                try existing.update(db)
                let revived = existing
                if let (id, type) = request {
                    _ = try Self.transition(db, id, type, to: .submitted, info: "submitted \(revived.txHash)") { $0.txHash = revived.txHash }
                }
                return revived
            }
            var copy = tx
            try copy.insert(db)
            if let (id, type) = request {
                _ = try Self.transition(db, id, type, to: .submitted, info: "submitted \(copy.txHash)") { row in
                    row.txHash = copy.txHash
                }
            }
            return copy
        }
    }

    /// Records a same-nonce replacement: the new attempt is inserted and the request row points at its hash.
    public func insertReplacement(_ tx: TransactionRecord) throws(StoreError) {
        try write(.durable, Self.insertReplacementBody(tx))
    }

    static func insertReplacementBody(_ tx: TransactionRecord) -> @Sendable (Database) throws -> Void {
        { db in
            var copy = tx
            try copy.insert(db)
            if let id = copy.requestID, let type = copy.requestType {
                try db.execute(sql: "UPDATE audit_evt SET tx_hash = ?, updated_at = ? WHERE request_id = ? AND fk_type = ? AND fk_status = 'SB'",
                               arguments: [copy.txHash, Date().timeIntervalSince1970, id, type.rawValue])
            }
        }
    }

    /// Every transaction of `account` still pending, by nonce then attempt.
    public func pendingTransactions(account: Address) throws(StoreError) -> [TransactionRecord] {
        try read(Self.pendingTransactionsBody(account: account))
    }

    static func pendingTransactionsBody(account: Address) -> @Sendable (Database) throws -> [TransactionRecord] {
        { db in
            try TransactionRecord.fetchAll(
                db.cachedStatement(sql: "SELECT * FROM transactions WHERE account = ? AND state = ? ORDER BY nonce, attempt"),
                arguments: [account, TransactionState.pending.rawValue])
        }
    }

    /// All transactions for a request, oldest first.
    public func transactions(requestID: RequestID, type: RequestType) throws(StoreError) -> [TransactionRecord] {
        try read(Self.transactionsBody(requestID: requestID, type: type))
    }

    /// The same, on GRDB's async API.
    func transactionsAsync(requestID: RequestID, type: RequestType) async throws(StoreError) -> [TransactionRecord] {
        try await readAsync(Self.transactionsBody(requestID: requestID, type: type))
    }

    static func transactionsBody(requestID: RequestID, type: RequestType) -> @Sendable (Database) throws -> [TransactionRecord] {
        { db in
            try TransactionRecord.fetchAll(
                db.cachedStatement(sql: "SELECT * FROM transactions WHERE request_id = ? AND request_type = ? ORDER BY id"),
                arguments: [requestID, type.rawValue])
        }
    }

    /// A transaction by row id.
    public func transaction(id: Int64) throws(StoreError) -> TransactionRecord? {
        try read { db in try TransactionRecord.fetchOne(db, key: id) }
    }

    /// The hashes of the mined transactions, oldest first (the status page's gas total; no raw transactions read).
    static let minedTransactionHashesBody: @Sendable (Database) throws -> [String] = { db in
        try String.fetchAll(db, sql: "SELECT tx_hash FROM transactions WHERE state = 'mined' ORDER BY id")
    }

    /// All transactions (for reports and tests).
    public func allTransactions() throws(StoreError) -> [TransactionRecord] {
        try read { db in try TransactionRecord.order(Column("id")).fetchAll(db) }
    }

    /// Highest nonce ever persisted for `account` (pending or mined).
    public func highestNonce(account: Address) throws(StoreError) -> Int64? {
        try read { db in
            try Int64.fetchOne(db, sql: "SELECT MAX(nonce) FROM transactions WHERE account = ? AND state IN ('pending', 'mined', 'replaced')",
                               arguments: [account])
        }
    }

    /// Marks the transaction with `hash` mined, and every other pending attempt with the same nonce replaced.
    public func markMined(hash: TransactionHash, block: Int64, status: Int) throws(StoreError) {
        try write(Self.markMinedBody(hash: hash, block: block, status: status))
    }

    static func markMinedBody(hash: TransactionHash, block: Int64, status: Int) -> @Sendable (Database) throws -> Void {
        { db in
            guard let tx = try Row.fetchOne(db.cachedStatement(sql: "SELECT id, account, nonce FROM transactions WHERE tx_hash = ?"),
                                            arguments: [hash]) else { return }
            let id: Int64 = tx["id"], account: String = tx["account"], nonce: Int64 = tx["nonce"]
            let now = Date().timeIntervalSince1970
            try db.cachedStatement(sql: "UPDATE transactions SET state = 'mined', mined_block = ?, receipt_status = ?, updated_at = ? WHERE id = ?")
                .execute(arguments: [block, status, now, id])
            try db.cachedStatement(sql: "UPDATE transactions SET state = 'replaced', updated_at = ? WHERE account = ? AND nonce = ? AND id != ? AND state = 'pending'")
                .execute(arguments: [now, account, nonce, id])
        }
    }

    /// Sets the state of one transaction (and its last error).
    public func setTransactionState(id: Int64, _ state: TransactionState, error: String? = nil) throws(StoreError) {
        try write { db in
            try db.execute(sql: "UPDATE transactions SET state = ?, last_error = COALESCE(?, last_error), updated_at = ? WHERE id = ?",
                           arguments: [state.rawValue, error, Date().timeIntervalSince1970, id])
        }
    }

    /// Records a broadcast error without changing the state.
    public func noteTransactionError(id: Int64, _ error: String) throws(StoreError) {
        try write(Self.noteTransactionErrorBody(id: id, error))
    }

    static func noteTransactionErrorBody(id: Int64, _ error: String) -> @Sendable (Database) throws -> Void {
        { db in
            try db.execute(sql: "UPDATE transactions SET last_error = ?, updated_at = ? WHERE id = ?",
                           arguments: [String(error.prefix(500)), Date().timeIntervalSince1970, id])
        }
    }

    /// Reorg: transactions mined above `block` go back to pending so their receipts are fetched again.
    public func unmineTransactions(above block: Int64) throws(StoreError) {
        try write(Self.unmineTransactionsBody(above: block))
    }

    static func unmineTransactionsBody(above block: Int64) -> @Sendable (Database) throws -> Void {
        { db in
            try db.execute(sql: "UPDATE transactions SET state = 'pending', mined_block = NULL, receipt_status = NULL WHERE state = 'mined' AND mined_block > ?",
                           arguments: [block])
            try db.execute(sql: "UPDATE transactions SET state = 'pending' WHERE state = 'replaced' AND nonce IN (SELECT nonce FROM transactions WHERE state = 'pending')")
        }
    }

    // MARK: Blocks

    /// The block cursor, if any.
    public func cursor() throws(StoreError) -> BlockCursor? {
        try read(Self.cursorBody())
    }

    static func cursorBody() -> @Sendable (Database) throws -> BlockCursor? {
        { db in
            guard let row = try Row.fetchOne(db.cachedStatement(sql: "SELECT number, hash FROM block_cursor WHERE id = 1")) else { return nil }
            return BlockCursor(number: row["number"], hash: row["hash"])
        }
    }

    /// Moves the cursor and remembers the block hash (keeps the last 256 blocks for reorg detection).
    public func setCursor(_ cursor: BlockCursor) throws(StoreError) {
        try write(Self.setCursorBody(cursor))
    }

    static func setCursorBody(_ cursor: BlockCursor) -> @Sendable (Database) throws -> Void {
        { db in
            try db.cachedStatement(sql: "INSERT INTO block_cursor (id, number, hash) VALUES (1, ?, ?) ON CONFLICT(id) DO UPDATE SET number = excluded.number, hash = excluded.hash")
                .execute(arguments: [cursor.number, cursor.hash])
            try db.cachedStatement(sql: "INSERT OR REPLACE INTO seen_blocks (number, hash) VALUES (?, ?)").execute(arguments: [cursor.number, cursor.hash])
            try db.cachedStatement(sql: "DELETE FROM seen_blocks WHERE number < ?").execute(arguments: [cursor.number - 256])
        }
    }

    /// The remembered hash of block `number`.
    public func seenBlockHash(_ number: Int64) throws(StoreError) -> String? {
        try read(Self.seenBlockHashBody(number))
    }

    static func seenBlockHashBody(_ number: Int64) -> @Sendable (Database) throws -> String? {
        { db in
            try String.fetchOne(db.cachedStatement(sql: "SELECT hash FROM seen_blocks WHERE number = ?"), arguments: [number])
        }
    }

    /// Reorg: forget blocks above `number` and move the cursor back to it.
    public func rewind(to cursor: BlockCursor) throws(StoreError) {
        try write(Self.rewindBody(to: cursor))
    }

    static func rewindBody(to cursor: BlockCursor) -> @Sendable (Database) throws -> Void {
        { db in
            try db.execute(sql: "DELETE FROM seen_blocks WHERE number > ?", arguments: [cursor.number])
            try db.execute(sql: "INSERT OR REPLACE INTO block_cursor (id, number, hash) VALUES (1, ?, ?)", arguments: [cursor.number, cursor.hash])
        }
    }
}

extension EventStore {
    /// The transaction with `hash`.
    public func transaction(hash: TransactionHash) throws(StoreError) -> TransactionRecord? {
        try read(Self.transactionByHashBody(hash))
    }

    static func transactionByHashBody(_ hash: TransactionHash) -> @Sendable (Database) throws -> TransactionRecord? {
        { db in try TransactionRecord.filter(Column("tx_hash") == hash).fetchOne(db) }
    }

    /// The mined attempt with (account, nonce), if any.
    public func minedAttempt(account: Address, nonce: Int64) throws(StoreError) -> TransactionRecord? {
        try read(Self.minedAttemptBody(account: account, nonce: nonce))
    }

    static func minedAttemptBody(account: Address, nonce: Int64) -> @Sendable (Database) throws -> TransactionRecord? {
        { db in
            try TransactionRecord.fetchOne(
                db.cachedStatement(sql: "SELECT * FROM transactions WHERE account = ? AND nonce = ? AND state = 'mined'"),
                arguments: [account, nonce])
        }
    }

    /// Marks `tx` failed (proven never to be mined). When no other attempt with its nonce is still alive and its
    /// request row is SB, the row goes back to TS in the same write: the old attempt is dead, a resend is safe.
    public func failTransaction(_ tx: TransactionRecord, reason: String) throws(StoreError) {
        try write(Self.failTransactionBody(tx, reason: reason))
    }

    static func failTransactionBody(_ tx: TransactionRecord, reason: String) -> @Sendable (Database) throws -> Void {
        { db in
            try db.execute(sql: "UPDATE transactions SET state = 'failed', last_error = ?, updated_at = ? WHERE id = ?",
                           arguments: [String(reason.prefix(500)), Date().timeIntervalSince1970, tx.id])
            let alive = try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM transactions WHERE account = ? AND nonce = ? AND state IN ('pending', 'mined')",
                                         arguments: [tx.account, tx.nonce]) ?? 0
            guard alive == 0, let id = tx.requestID, let type = tx.requestType,
                  tx.purpose == .submitReport || tx.purpose == .submitPoliceReport,
                  let row = try AuditRecord.fetchOne(db, key: ["request_id": id, "fk_type": type.rawValue]),
                  row.status == .submitted else { return }
            // Only if no other attempt for this request may still land.
            let live = try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM transactions WHERE request_id = ? AND request_type = ? AND state IN ('pending', 'mined')",
                                        arguments: [id, type.rawValue]) ?? 0
            guard live == 0 else { return }
            _ = try Self.transition(db, id, type, to: .toBeSubmitted, info: "previous submission proven dead: \(reason)") { $0.txHash = nil }
        }
    }

    /// Corrects the assignment block of an open row (re-read from the chain after a reorg).
    public func correctAssignedBlock(_ requestID: RequestID, _ type: RequestType, to block: Int64) throws(StoreError) {
        try write(Self.correctAssignedBlockBody(requestID, type, to: block))
    }

    static func correctAssignedBlockBody(_ requestID: RequestID, _ type: RequestType, to block: Int64) -> @Sendable (Database) throws -> Void {
        { db in
            try db.execute(sql: "UPDATE audit_evt SET assigned_block_nbr = ?, updated_at = ? WHERE request_id = ? AND fk_type = ? AND fk_status IN ('AS', 'TS', 'SB')",
                           arguments: [block, Date().timeIntervalSince1970, requestID, type.rawValue])
        }
    }

    /// Reorg: DN rows whose submission was mined above `block` are not final any more. They go back to SB (their
    /// transactions were un-mined by `unmineTransactions(above:)`), so the receipt is fetched and judged again.
    /// Returns the request ids re-opened.
    @discardableResult
    public func reopenDone(above block: Int64) throws(StoreError) -> [String] {
        try write(Self.reopenDoneBody(above: block))
    }

    static func reopenDoneBody(above block: Int64) -> @Sendable (Database) throws -> [String] {
        { db in
            let ids = try String.fetchAll(db, sql: "SELECT request_id FROM audit_evt WHERE fk_status = 'DN' AND submission_block_nbr > ?",
                                          arguments: [block])
            try db.execute(sql: """
                UPDATE audit_evt SET fk_status = 'SB', submission_block_nbr = NULL, is_persisted = 0, updated_at = ?,
                status_info = 'reorg removed the mined submission; re-checking'
                WHERE fk_status = 'DN' AND submission_block_nbr > ?
                """, arguments: [Date().timeIntervalSince1970, block])
            return ids
        }
    }
}
