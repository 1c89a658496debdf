import GRDB

extension StoreMigrations {
    /// "v4-status-columns": `audit_evt.finding_count` (counted once when a report is stored; filled here for the
    /// reports already stored) and indexes on the `updated_at` columns the progress monitor and the status page
    /// read every second or view — so neither loads report texts nor scans whole tables.
    static func registerStatusColumns(_ migrator: inout DatabaseMigrator) {
        migrator.registerMigration("v4-status-columns") { db in
            try db.alter(table: "audit_evt") { t in t.add(column: "finding_count", .integer) }
            let reports = try Row.fetchCursor(db, sql: "SELECT rowid, full_report FROM audit_evt WHERE full_report IS NOT NULL")
            var counts: [(Int64, Int)] = []
            while let row = try reports.next() {
                if let count = ReportFindings.count(in: row["full_report"]) { counts.append((row["rowid"], count)) }
            }
            for (rowid, count) in counts {
                try db.execute(sql: "UPDATE audit_evt SET finding_count = ? WHERE rowid = ?", arguments: [count, rowid])
            }
            try db.create(index: "audit_evt_updated", on: "audit_evt", columns: ["updated_at"])
            try db.create(index: "audit_evt_created", on: "audit_evt", columns: ["created_at"])
            try db.create(index: "transactions_updated", on: "transactions", columns: ["updated_at"])
        }
    }
}
