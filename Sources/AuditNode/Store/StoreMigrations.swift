import GRDB

/// Named, forward-only migrations of the event store.
enum StoreMigrations {
    static var migrator: DatabaseMigrator {
        var migrator = DatabaseMigrator()
        migrator.registerMigration("v1-audit-evt") { db in
            try db.create(table: "evt_status") { t in
                t.primaryKey("id", .text)
                t.column("description", .text).notNull()
            }
            for (id, text) in [("AS", "Assigned"), ("TS", "To be submitted"), ("SB", "Submitted"), ("DN", "Done"), ("ER", "Error")] {
                try db.execute(sql: "INSERT INTO evt_status (id, description) VALUES (?, ?)", arguments: [id, text])
            }
            try db.create(table: "audit_type") { t in
                t.primaryKey("id", .text)
                t.column("description", .text).notNull()
            }
            try db.execute(sql: "INSERT INTO audit_type (id, description) VALUES ('AU', 'Audit'), ('PC', 'Police check')")
            try db.create(table: "audit_evt") { t in
                t.column("request_id", .text).notNull()
                t.column("fk_type", .text).notNull().references("audit_type")
                t.primaryKey(["request_id", "fk_type"])
                t.column("requestor", .text).notNull()
                t.column("contract_uri", .text).notNull()
                t.column("evt_name", .text).notNull()
                t.column("assigned_block_nbr", .integer).notNull()
                t.column("submission_block_nbr", .integer)
                t.column("fk_status", .text).notNull().references("evt_status")
                t.column("price", .text).notNull()
                t.column("status_info", .text).notNull()
                t.column("tx_hash", .text)
                t.column("submission_attempts", .integer).notNull().defaults(to: 0)
                t.column("is_persisted", .boolean).notNull().defaults(to: false)
                t.column("audit_uri", .text)
                t.column("audit_hash", .text)
                t.column("audit_state", .integer)
                t.column("full_report", .text)
                t.column("compressed_report", .text)
                t.column("police_verdict", .boolean)
                t.column("created_at", .double).notNull()
                t.column("updated_at", .double).notNull()
            }
            try db.create(index: "audit_evt_status", on: "audit_evt", columns: ["fk_status"])
        }
        migrator.registerMigration("v1-transactions") { db in
            try db.create(table: "transactions") { t in
                t.autoIncrementedPrimaryKey("id")
                t.column("account", .text).notNull()
                t.column("nonce", .integer).notNull()
                t.column("purpose", .text).notNull()
                t.column("request_id", .text)
                t.column("request_type", .text)
                t.column("raw", .text).notNull()
                t.column("tx_hash", .text).notNull().unique()
                t.column("tx_type", .text).notNull()
                t.column("max_fee_per_gas", .text).notNull()
                t.column("max_priority_fee_per_gas", .text).notNull()
                t.column("gas_limit", .integer).notNull()
                t.column("attempt", .integer).notNull()
                t.column("state", .text).notNull()
                t.column("sent_block", .integer).notNull()
                t.column("mined_block", .integer)
                t.column("receipt_status", .integer)
                t.column("last_error", .text)
                t.column("created_at", .double).notNull()
                t.column("updated_at", .double).notNull()
            }
            try db.create(index: "transactions_state", on: "transactions", columns: ["account", "state"])
            try db.create(index: "transactions_request", on: "transactions", columns: ["request_id", "request_type"])
        }
        migrator.registerMigration("v1-blocks") { db in
            try db.create(table: "block_cursor") { t in
                t.primaryKey("id", .integer).check { $0 == 1 }
                t.column("number", .integer).notNull()
                t.column("hash", .text).notNull()
            }
            try db.create(table: "seen_blocks") { t in
                t.primaryKey("number", .integer)
                t.column("hash", .text).notNull()
            }
        }
        migrator.registerMigration("v3-store-identity") { db in
            // The chain, contract and account the store belongs to (one row, written at first start).
            try db.create(table: "store_identity") { t in
                t.primaryKey("id", .integer).check { $0 == 1 }
                t.column("chain_id", .integer).notNull()
                t.column("contract", .text).notNull()
                t.column("account", .text).notNull()
                t.column("created_at", .double).notNull()
            }
        }
        registerAttempts(&migrator)
        registerStatusColumns(&migrator)
        registerBlobColumns(&migrator)
        return migrator
    }
}
