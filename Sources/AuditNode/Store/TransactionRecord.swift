import Ethereum
import Foundation
import GRDB

/// State of one signed transaction in the write-ahead log.
public enum TransactionState: String, Sendable, Codable, CaseIterable, DatabaseValueConvertible {
    /// Signed and persisted; broadcast at least attempted; no receipt yet.
    case pending
    /// A receipt exists (see `receiptStatus`).
    case mined
    /// Another transaction with the same nonce (our replacement) was mined instead.
    case replaced
    /// The node refused it permanently before it could be mined (the nonce was given back).
    case failed
}

/// What a transaction is for; the submitter and bidder find their transactions by purpose and request.
public enum TransactionPurpose: String, Sendable, Codable, CaseIterable, DatabaseValueConvertible {
    case bid, submitReport, submitPoliceReport, setPrice, claimRewards
}

/// One row of `transactions`: everything needed to re-broadcast after `kill -9`, written before the broadcast.
public struct TransactionRecord: Codable, Sendable, Equatable, FetchableRecord, MutablePersistableRecord {
    public static let databaseTableName = "transactions"

    /// Row id.
    public var id: Int64?
    /// Sender (checksummed).
    public var account: Address
    /// Nonce.
    public var nonce: Int64
    /// Purpose.
    public var purpose: TransactionPurpose
    /// The request this transaction acts on (decimal), if any.
    public var requestID: RequestID?
    /// AU/PC of that request.
    public var requestType: RequestType?
    /// The raw signed transaction (RLP bytes, as broadcast).
    public var raw: Data
    /// Transaction hash (0x hex).
    public var txHash: TransactionHash
    /// `legacy` or `eip1559`.
    public var txType: FeeKind
    /// Legacy gas price or EIP-1559 max fee (decimal wei).
    public var maxFeePerGas: UInt256
    /// EIP-1559 priority fee (decimal wei); equal to the gas price for legacy.
    public var maxPriorityFeePerGas: UInt256
    /// Gas limit.
    public var gasLimit: Int64
    /// 1 for the first signing, +1 per replacement.
    public var attempt: Int
    /// State.
    public var state: TransactionState
    /// Head block when first broadcast.
    public var sentBlock: Int64
    /// Block of the receipt.
    public var minedBlock: Int64?
    /// Receipt status (1 ok, 0 reverted).
    public var receiptStatus: Int?
    /// Last broadcast error (classification), if any.
    public var lastError: String?
    /// Unix seconds.
    public var createdAt: Double
    /// Unix seconds.
    public var updatedAt: Double

    enum CodingKeys: String, CodingKey {
        case id, account, nonce, purpose, requestID = "request_id", requestType = "request_type", raw
        case txHash = "tx_hash", txType = "tx_type", maxFeePerGas = "max_fee_per_gas"
        case maxPriorityFeePerGas = "max_priority_fee_per_gas", gasLimit = "gas_limit", attempt, state
        case sentBlock = "sent_block", minedBlock = "mined_block", receiptStatus = "receipt_status"
        case lastError = "last_error", createdAt = "created_at", updatedAt = "updated_at"
    }

    /// Creates a record (normally done by the transaction manager).
    public init(id: Int64?, account: Address, nonce: Int64, purpose: TransactionPurpose, requestID: RequestID?, requestType: RequestType?,
                raw: Data, txHash: TransactionHash, txType: FeeKind, maxFeePerGas: UInt256, maxPriorityFeePerGas: UInt256, gasLimit: Int64,
                attempt: Int, state: TransactionState, sentBlock: Int64, minedBlock: Int64?, receiptStatus: Int?,
                lastError: String?, createdAt: Double, updatedAt: Double) {
        self.id = id
        self.account = account
        self.nonce = nonce
        self.purpose = purpose
        self.requestID = requestID
        self.requestType = requestType
        self.raw = raw
        self.txHash = txHash
        self.txType = txType
        self.maxFeePerGas = maxFeePerGas
        self.maxPriorityFeePerGas = maxPriorityFeePerGas
        self.gasLimit = gasLimit
        self.attempt = attempt
        self.state = state
        self.sentBlock = sentBlock
        self.minedBlock = minedBlock
        self.receiptStatus = receiptStatus
        self.lastError = lastError
        self.createdAt = createdAt
        self.updatedAt = updatedAt
    }

    public mutating func didInsert(_ inserted: InsertionSuccess) { id = inserted.rowID }
}

/// The block cursor: the last block whose logs were processed, with its hash (reorg detection).
public struct BlockCursor: Sendable, Equatable {
    /// Block number.
    public var number: Int64
    /// Block hash (0x hex).
    public var hash: String

    /// Creates a cursor.
    public init(number: Int64, hash: String) {
        self.number = number
        self.hash = hash
    }
}

// Column by column, like AuditRecord: GRDB's Codable bridge cost dynamic casts per column.
extension TransactionRecord {
    /// Decodes a row of `transactions`.
    public init(row: Row) throws {
        typealias K = CodingKeys
        id = try row.decode(forColumn: K.id.rawValue)
        account = try row.decode(forColumn: K.account.rawValue)
        nonce = try row.decode(forColumn: K.nonce.rawValue)
        purpose = try row.decode(forColumn: K.purpose.rawValue)
        requestID = try row.decode(forColumn: K.requestID.rawValue)
        requestType = try row.decode(forColumn: K.requestType.rawValue)
        raw = try row.decode(forColumn: K.raw.rawValue)
        txHash = try row.decode(forColumn: K.txHash.rawValue)
        txType = try row.decode(forColumn: K.txType.rawValue)
        maxFeePerGas = try row.decode(forColumn: K.maxFeePerGas.rawValue)
        maxPriorityFeePerGas = try row.decode(forColumn: K.maxPriorityFeePerGas.rawValue)
        gasLimit = try row.decode(forColumn: K.gasLimit.rawValue)
        attempt = try row.decode(forColumn: K.attempt.rawValue)
        state = try row.decode(forColumn: K.state.rawValue)
        sentBlock = try row.decode(forColumn: K.sentBlock.rawValue)
        minedBlock = try row.decode(forColumn: K.minedBlock.rawValue)
        receiptStatus = try row.decode(forColumn: K.receiptStatus.rawValue)
        lastError = try row.decode(forColumn: K.lastError.rawValue)
        createdAt = try row.decode(forColumn: K.createdAt.rawValue)
        updatedAt = try row.decode(forColumn: K.updatedAt.rawValue)
    }

    /// Encodes every column.
    public func encode(to container: inout PersistenceContainer) throws {
        typealias K = CodingKeys
        container[K.id.rawValue] = id
        container[K.account.rawValue] = account
        container[K.nonce.rawValue] = nonce
        container[K.purpose.rawValue] = purpose
        container[K.requestID.rawValue] = requestID
        container[K.requestType.rawValue] = requestType
        container[K.raw.rawValue] = raw
        container[K.txHash.rawValue] = txHash
        container[K.txType.rawValue] = txType
        container[K.maxFeePerGas.rawValue] = maxFeePerGas
        container[K.maxPriorityFeePerGas.rawValue] = maxPriorityFeePerGas
        container[K.gasLimit.rawValue] = gasLimit
        container[K.attempt.rawValue] = attempt
        container[K.state.rawValue] = state
        container[K.sentBlock.rawValue] = sentBlock
        container[K.minedBlock.rawValue] = minedBlock
        container[K.receiptStatus.rawValue] = receiptStatus
        container[K.lastError.rawValue] = lastError
        container[K.createdAt.rawValue] = createdAt
        container[K.updatedAt.rawValue] = updatedAt
    }
}
