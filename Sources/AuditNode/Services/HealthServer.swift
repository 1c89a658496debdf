import Foundation
import Hummingbird
import Logging
import NIOCore
import Prometheus
import ServiceLifecycle

/// `/health` (JSON), `/metrics` (Prometheus text) and the status page (`StatusPageRoutes`) on a loopback port.
public struct HealthServer: Sendable {
    let settings: StatusServerSettings
    let status: NodeStatus
    let store: EventStore
    let registry: PrometheusCollectorRegistry
    let staleAfterSeconds: Double
    let logger: Logger
    let onListening: @Sendable (Int) async -> Void
    let facts: ChainFacts?

    /// Creates the server description; `onListening` receives the bound port (useful with port 0).
    public init(settings: StatusServerSettings, status: NodeStatus, store: EventStore, registry: PrometheusCollectorRegistry,
                staleAfterSeconds: Double, logger: Logger, onListening: @escaping @Sendable (Int) async -> Void = { _ in },
                facts: ChainFacts? = nil) {
        self.settings = settings
        self.status = status
        self.store = store
        self.registry = registry
        self.staleAfterSeconds = staleAfterSeconds
        self.logger = logger
        self.onListening = onListening
        self.facts = facts
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
        StatusPageRoutes(status: status, store: store, facts: facts).register(on: router)
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
