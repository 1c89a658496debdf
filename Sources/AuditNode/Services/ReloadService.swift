import Foundation
import Logging
import ServiceLifecycle
import UnixSignals

/// `SIGHUP` reloads the minimum price, limits, fetch and analyzer settings from the same file and environment.
/// An invalid file is logged and ignored; the running settings stay.
public struct ReloadService: Service {
    let configPath: String
    let env: String
    let loader: ConfigurationLoader
    let settings: SettingsHolder
    let engine: AuditEngine
    let logger: Logger

    /// Creates the service.
    public init(configPath: String, env: String, loader: ConfigurationLoader, settings: SettingsHolder, engine: AuditEngine, logger: Logger) {
        self.configPath = configPath
        self.env = env
        self.loader = loader
        self.settings = settings
        self.engine = engine
        self.logger = logger
    }

    public func run() async throws {
        let signals = await UnixSignalsSequence(trapping: .sighup)
        for await _ in signals.cancelOnGracefulShutdown() {
            await reload()
        }
    }

    /// Loads the file again and applies the reloadable part.
    public func reload() async {
        do {
            let loaded = try loader.load(path: configPath, env: env)
            try await engine.reload(loaded.configuration.analyzers)
            await settings.update(loaded.configuration.reloadable)
            logger.notice("configuration reloaded", metadata: [
                "min_price_in_qsp": "\(loaded.configuration.minPriceInQSP)",
                "max_assigned_requests": "\(loaded.configuration.maxAssignedRequests)",
                "analyzers": "\(loaded.configuration.analyzers.map(\.name).joined(separator: ","))",
            ])
        } catch {
            logger.error("configuration reload rejected; keeping the running settings", metadata: ["error": "\(error)"])
        }
    }
}
