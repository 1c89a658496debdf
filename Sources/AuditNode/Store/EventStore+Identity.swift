import Foundation
import GRDB

/// The deployment an event store belongs to: request ids, nonces and block cursors only mean something for one
/// chain, one audit contract and one node account.
public struct StoreIdentity: Sendable, Equatable, CustomStringConvertible {
    /// `eth_chainId`.
    public var chainID: UInt64
    /// The audit contract (checksummed).
    public var contract: String
    /// The node account (checksummed).
    public var account: String

    /// Creates an identity.
    public init(chainID: UInt64, contract: String, account: String) {
        self.chainID = chainID
        self.contract = contract
        self.account = account
    }

    public var description: String { "chain \(chainID), contract \(contract), account \(account)" }
}

extension EventStore {
    /// What `bind(to:)` found.
    public enum IdentityBinding: Sendable, Equatable {
        /// A new store: the identity was recorded.
        case recorded
        /// The store already belongs to this deployment.
        case matched
        /// A store written before identities existed (rows but no identity): adopted for this deployment.
        case adopted
    }

    /// The recorded identity, if any.
    public func identity() throws(StoreError) -> StoreIdentity? {
        try read { db in
            guard let row = try Row.fetchOne(db, sql: "SELECT chain_id, contract, account FROM store_identity WHERE id = 1") else { return nil }
            return StoreIdentity(chainID: UInt64(row["chain_id"] as Int64), contract: row["contract"], account: row["account"])
        }
    }

    /// Ties the store to `identity` on first use and refuses a store of another deployment (a reused `evt_db_path`
    /// after a new deployment, another network or another key) with a `ConfigurationError` naming `evt_db_path`.
    @discardableResult
    public func bind(to identity: StoreIdentity, path: String) throws -> IdentityBinding {
        let existing = try self.identity()
        if let existing {
            guard existing.chainID == identity.chainID,
                  existing.contract.lowercased() == identity.contract.lowercased(),
                  existing.account.lowercased() == identity.account.lowercased() else {
                throw ConfigurationError(
                    key: "evt_db_path",
                    "the event store \(path) belongs to \(existing), but this node runs on \(identity); "
                        + "its request ids and nonces do not apply here. Point evt_db_path at a new file for this deployment "
                        + "(or move the old file away)")
            }
            return .matched
        }
        let hadRows = try read { db in
            (try Int.fetchOne(db, sql: "SELECT (SELECT COUNT(*) FROM audit_evt) + (SELECT COUNT(*) FROM transactions)") ?? 0) > 0
        }
        // An old store without an identity still shows whose transactions it holds.
        let foreign = try read { db in
            try String.fetchOne(db, sql: "SELECT account FROM transactions WHERE lower(account) != lower(?) LIMIT 1", arguments: [identity.account])
        }
        if let foreign {
            throw ConfigurationError(
                key: "evt_db_path",
                "the event store \(path) holds transactions of account \(foreign), but this node runs as \(identity.account); "
                    + "point evt_db_path at a new file for this account (or move the old file away)")
        }
        try write { db in
            try db.execute(sql: "INSERT OR IGNORE INTO store_identity (id, chain_id, contract, account, created_at) VALUES (1, ?, ?, ?, ?)",
                           arguments: [Int64(identity.chainID), identity.contract, identity.account, Date().timeIntervalSince1970])
        }
        return hadRows ? .adopted : .recorded
    }
}
