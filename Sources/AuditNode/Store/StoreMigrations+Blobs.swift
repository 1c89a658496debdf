import Foundation
import GRDB
import QSPCore

extension StoreMigrations {
    /// "v5-blobs": bytes are stored as bytes. `audit_evt.compressed_report` (uppercase hex before) and
    /// `transactions.raw` (0x hex before) become BLOB columns; the values already stored are converted in place.
    /// A value that is not hex (a corrupted row) is kept as NULL / empty bytes: the submitter then fails that row with
    /// "stored report is unusable", and a transaction without raw bytes is settled from its receipt alone.
    static func registerBlobColumns(_ migrator: inout DatabaseMigrator) {
        migrator.registerMigration("v5-blobs") { db in
            try db.alter(table: "audit_evt") { t in t.add(column: "compressed_report_bytes", .blob) }
            try convertHex(db, table: "audit_evt", from: "compressed_report", to: "compressed_report_bytes", key: "rowid")
            try db.alter(table: "audit_evt") { t in
                t.drop(column: "compressed_report")
                t.rename(column: "compressed_report_bytes", to: "compressed_report")
            }
            try db.alter(table: "transactions") { t in t.add(column: "raw_bytes", .blob).notNull().defaults(to: Data()) }
            try convertHex(db, table: "transactions", from: "raw", to: "raw_bytes", key: "id")
            try db.alter(table: "transactions") { t in
                t.drop(column: "raw")
                t.rename(column: "raw_bytes", to: "raw")
            }
        }
    }

    private static func convertHex(_ db: Database, table: String, from text: String, to bytes: String, key: String) throws {
        let rows = try Row.fetchAll(db, sql: "SELECT \(key) AS k, \(text) AS v FROM \(table) WHERE \(text) IS NOT NULL")
        for row in rows {
            let hex: String = row["v"]
            guard let data = try? Data(hexString: hex) else { continue }
            try db.execute(sql: "UPDATE \(table) SET \(bytes) = ? WHERE \(key) = ?", arguments: [data, row["k"] as DatabaseValue])
        }
    }
}
