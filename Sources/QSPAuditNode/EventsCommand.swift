import ArgumentParser
import AuditNode
import Foundation

/// `qsp-audit-node events`: lists the event store (read-only; works while the node runs).
struct EventsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "events",
        abstract: "List the requests in the node's event store.")

    @Option(name: .long, help: "Only rows with this status: AS, TS, SB, DN or ER.")
    var status: String?

    @Flag(name: .long, help: "One JSON object per line instead of a table.")
    var json = false

    @Option(name: .long, help: "The event store (default: evt_db_path of --config/--env).")
    var db: String?

    @Option(name: .long, help: "The YAML configuration file (to find evt_db_path).")
    var config: String = ProcessInfo.processInfo.environment["QSP_CONFIG"] ?? "config/config.yaml"

    @Option(name: .long, help: "The environment of the configuration.")
    var env: String = ProcessInfo.processInfo.environment["QSP_ENV"] ?? "local"

    @Flag(name: .long, help: "Include the full JSON report (with --json).")
    var reports = false

    func run() async throws {
        var statuses: [RequestStatus]?
        if let status {
            guard let parsed = RequestStatus(rawValue: status.uppercased()) else {
                throw ValidationError("--status must be one of AS, TS, SB, DN, ER")
            }
            statuses = [parsed]
        }
        let path = try db ?? ConfigurationLoader().load(path: config, env: env).configuration.databasePath
        let store = try EventStore(readOnlyPath: path)
        let rows = try store.records(statuses: statuses)
        if json {
            for row in rows {
                var object: [String: Any] = [
                    "request_id": row.requestID.description, "type": row.type.rawValue, "status": row.status.rawValue,
                    "requestor": row.requestor.checksummed, "contract_uri": row.contractURI, "assigned_block": row.assignedBlock,
                    "price": row.price.decimalString, "status_info": row.statusInfo, "submission_attempts": row.submissionAttempts,
                ]
                if let v = row.submissionBlock { object["submission_block"] = v }
                if let v = row.txHash { object["tx_hash"] = v.description }
                if let v = row.auditState { object["audit_state"] = v }
                if let v = row.auditHash { object["audit_hash"] = v }
                if let v = row.auditURI { object["audit_uri"] = v }
                if let v = row.compressedReport { object["compressed_report"] = v.hexString(prefixed: false, uppercase: true) }
                if let v = row.policeVerdict { object["police_verdict"] = v }
                if reports, let v = row.fullReport { object["full_report"] = v }
                let data = try JSONSerialization.data(withJSONObject: object, options: [.sortedKeys, .withoutEscapingSlashes])
                try StandardOutput.print(String(decoding: data, as: UTF8.self))
            }
            return
        }
        try StandardOutput.print("REQUEST  TYPE  STATUS  BLOCK     STATE  TX                                                                  INFO")
        for row in rows {
            let state = row.auditState.map(String.init) ?? "-"
            try StandardOutput.print("\(row.requestID.description.padding(8)) \(row.type.rawValue.padding(5)) \(row.status.rawValue.padding(7)) "
                + "\(String(row.assignedBlock).padding(9)) \(state.padding(6)) \((row.txHash?.description ?? "-").padding(67)) \(row.statusInfo)")
        }
    }
}

extension String {
    fileprivate func padding(_ width: Int) -> String {
        count >= width ? self : self + String(repeating: " ", count: width - count)
    }
}
