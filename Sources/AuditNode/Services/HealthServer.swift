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
            let snapshot = await status.current()
            let fresh = snapshot.lastHeadAt.map { Date().timeIntervalSince1970 - $0 < stale } ?? false
            let body: [String: Any] = [
                "status": fresh ? "ok" : "degraded",
                "head_block": snapshot.headBlock.map { NSNumber(value: $0) } ?? NSNull(),
                "stake_ok": snapshot.stakeOK.map { NSNumber(value: $0) } ?? NSNull(),
                "draining": snapshot.draining,
                "account": snapshot.account,
            ]
            let data = (try? JSONSerialization.data(withJSONObject: body, options: [.sortedKeys])) ?? Data("{}".utf8)
            return Response(status: fresh ? .ok : .serviceUnavailable,
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
