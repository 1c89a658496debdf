import Foundation
import Hummingbird
import Logging
import NIOCore
import Prometheus
import ServiceLifecycle

/// `/health` (JSON), `/metrics` (Prometheus text) and `/` (a small HTML status page) on a loopback port.
public struct HealthServer: Sendable {
    let settings: StatusServerSettings
    let status: NodeStatus
    let store: EventStore
    let registry: PrometheusCollectorRegistry
    let staleAfterSeconds: Double
    let logger: Logger
    let onListening: @Sendable (Int) async -> Void

    /// Creates the server description; `onListening` receives the bound port (useful with port 0).
    public init(settings: StatusServerSettings, status: NodeStatus, store: EventStore, registry: PrometheusCollectorRegistry,
                staleAfterSeconds: Double, logger: Logger, onListening: @escaping @Sendable (Int) async -> Void = { _ in }) {
        self.settings = settings
        self.status = status
        self.store = store
        self.registry = registry
        self.staleAfterSeconds = staleAfterSeconds
        self.logger = logger
        self.onListening = onListening
    }

    /// The Hummingbird application (a `Service`).
    public func makeService() -> any Service {
        let router = Router()
        let status = self.status
        let store = self.store
        let registry = self.registry
        let stale = staleAfterSeconds
        router.get("/health") { _, _ -> Response in
            let (code, body) = HealthReport.render(await status.current(), now: Date().timeIntervalSince1970, staleAfter: stale)
            let data = (try? JSONSerialization.data(withJSONObject: body, options: [.sortedKeys])) ?? Data("{}".utf8)
            return Response(status: code == 200 ? .ok : .serviceUnavailable,
                            headers: [.contentType: "application/json"], body: .init(byteBuffer: ByteBuffer(bytes: data)))
        }
        router.get("/metrics") { _, _ -> Response in
            Response(status: .ok, headers: [.contentType: "text/plain; version=0.0.4"],
                     body: .init(byteBuffer: ByteBuffer(bytes: registry.emitToBuffer())))
        }
        router.get("/") { _, _ -> Response in
            let snapshot = await status.current()
            let rows = (try? store.records()) ?? []
            let html = StatusPage.render(snapshot: snapshot, records: rows)
            return Response(status: .ok, headers: [.contentType: "text/html; charset=utf-8"],
                            body: .init(byteBuffer: ByteBuffer(string: html)))
        }
        let onListening = self.onListening
        var serverLogger = logger
        serverLogger.logLevel = .warning
        return Application(
            router: router,
            configuration: .init(address: .hostname(settings.host, port: settings.port), serverName: "qsp-audit-node"),
            onServerRunning: { channel in await onListening(channel.localAddress?.port ?? 0) },
            logger: serverLogger)
    }
}

/// The `/health` JSON. `status`: "starting" (start-up not finished; `startup.blocked_reason` says why when it is
/// blocked), "degraded" (no head for a while), "stalled" (work held or queued, nothing progressing), else "ok".
/// Only "ok" answers HTTP 200. Keys are only ever added.
enum HealthReport {
    static func render(_ s: NodeStatus.Snapshot, now: Double, staleAfter: Double) -> (Int, [String: Any]) {
        let fresh = s.lastHeadAt.map { now - $0 < staleAfter } ?? false
        let state: String
        if s.phase != "running" { state = "starting" } else if !fresh { state = "degraded" } else if s.stalled { state = "stalled" } else { state = "ok" }
        func number(_ value: Int64?) -> Any { value.map { NSNumber(value: $0) } ?? NSNull() }
        func number(_ value: Double?) -> Any { value.map { NSNumber(value: $0) } ?? NSNull() }
        func text(_ value: String?) -> Any { value.map { NSString(string: $0) } ?? NSNull() }
        let body: [String: Any] = [
            "status": state,
            "phase": s.phase,
            "head_block": number(s.headBlock),
            "stake_ok": s.stakeOK.map { NSNumber(value: $0) } ?? NSNull(),
            "draining": s.draining,
            "account": s.account,
            "startup": [
                "blocked": s.startupBlockedReason != nil,
                "blocked_reason": text(s.startupBlockedReason),
                "blocked_seconds": number(s.startupBlockedSince.map { max(0, now - $0) }),
            ] as [String: Any],
            "stalled": s.stalled,
            "stalled_reason": text(s.stalledReason),
            "open_requests": s.openRequests,
            "oldest_open_assignment_age_seconds": number(s.oldestOpenAssignmentAgeSeconds),
            "oldest_open_assignment_age_blocks": number(s.oldestOpenAssignmentAgeBlocks),
            "last_progress_age_seconds": number(s.lastProgressAt.map { max(0, now - $0) }),
            "last_rpc_error": text(s.lastRPCError),
        ]
        return (state == "ok" ? 200 : 503, body)
    }
}

/// The HTML status page (escaped; no scripts).
enum StatusPage {
    static func render(snapshot: NodeStatus.Snapshot, records: [AuditRecord]) -> String {
        var counts: [RequestStatus: Int] = [:]
        for r in records { counts[r.status, default: 0] += 1 }
        let summary = RequestStatus.allCases.map { "\($0.rawValue): \(counts[$0] ?? 0)" }.joined(separator: " · ")
        let rows = records.suffix(200).reversed().map { r in
            "<tr><td>\(escape(r.requestID))</td><td>\(r.type.rawValue)</td><td>\(r.status.rawValue)</td><td>\(r.assignedBlock)</td>"
                + "<td>\(r.auditState.map(String.init) ?? "")</td><td>\(escape(r.txHash ?? ""))</td><td>\(escape(r.statusInfo))</td></tr>"
        }.joined(separator: "\n")
        return """
        <!doctype html><html><head><meta charset="utf-8"><title>qsp-audit-node</title>
        <style>body{font-family:sans-serif}td,th{padding:2px 8px;border-bottom:1px solid #ddd;font-size:13px}</style></head><body>
        <h1>qsp-audit-node</h1>
        <p>account \(escape(snapshot.account)) · contract \(escape(snapshot.contract)) · head \(snapshot.headBlock.map(String.init) ?? "–")
         · stake \(snapshot.stakeOK.map { $0 ? "ok" : "too small" } ?? "–") · availability \(escape(snapshot.availability ?? "–"))
         \(snapshot.draining ? " · <b>draining</b>" : "")</p>
        <p>\(summary)</p>
        <p>last RPC error: \(escape(snapshot.lastRPCError ?? "none"))</p>
        <table><tr><th>request</th><th>type</th><th>status</th><th>block</th><th>state</th><th>tx</th><th>info</th></tr>
        \(rows)
        </table></body></html>
        """
    }

    static func escape(_ text: String) -> String {
        text.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;")
            .replacingOccurrences(of: ">", with: "&gt;").replacingOccurrences(of: "\"", with: "&quot;")
    }
}
