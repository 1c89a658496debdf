import ArgumentParser
import AuditNode
import Foundation
import Logging
import Metrics
import Prometheus

/// `qsp-audit-node run`: the audit daemon. Stops gracefully on SIGTERM/SIGINT; SIGHUP reloads prices, limits
/// and analyzer settings.
struct RunCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "run",
        abstract: "Run the audit node: bid for paid audit requests, audit them and report on chain exactly once.",
        discussion: """
        Environment: QSP_ETH_PASSPHRASE (or QSP_ETH_PASSPHRASE_FILE) unlocks keystore_file; QSP_ETH_AUTH_TOKEN \
        replaces ${token} in the endpoint; QSP_ENV picks the environment when --env is not given; \
        QSP_LOGGING_LEVEL sets the log level (CRITICAL, ERROR, WARNING, INFO, DEBUG, NOTSET, TRACE); secrets never appear in the log.
        """)

    @Option(name: .long, help: "The YAML configuration file.")
    var config: String = ProcessInfo.processInfo.environment["QSP_CONFIG"] ?? "config/config.yaml"

    @Option(name: .long, help: "The environment (top-level section) of the configuration: local, testnet, mainnet…")
    var env: String = ProcessInfo.processInfo.environment["QSP_ENV"] ?? "local"

    func run() async throws {
        let environment = ProcessInfo.processInfo.environment
        let level = try Self.logLevel(environment["QSP_LOGGING_LEVEL"])
        let redactor = SecretRedactor.fromEnvironment(environment)
        LoggingSystem.bootstrap { label in JSONLogHandler(label: label, level: level, redactor: redactor) }
        let registry = PrometheusCollectorRegistry()
        MetricsSystem.bootstrap(PrometheusMetricsFactory(registry: registry))
        let logger = Logger(label: "qsp.node")
        let runtime = NodeRuntime(configPath: config, env: env, environment: environment, version: NodeVersion.string,
                                  logger: logger, registry: registry)
        do {
            try await runtime.run()
        } catch let error as ConfigurationError {
            logger.critical("configuration rejected", metadata: ["error": "\(error)"])
            throw ExitCode(2)
        } catch {
            logger.critical("node stopped on an unrecoverable error", metadata: ["error": "\(error)"])
            throw ExitCode(1)
        }
    }

    static func logLevel(_ text: String?) throws -> Logger.Level {
        switch text?.uppercased() {
        case nil, "", "INFO": return .info
        case "CRITICAL": return .critical
        case "ERROR": return .error
        case "WARNING": return .warning
        case "DEBUG", "NOTSET": return .debug
        case "TRACE": return .trace
        case let other?: throw ValidationError("QSP_LOGGING_LEVEL '\(other)' is not one of CRITICAL, ERROR, WARNING, INFO, DEBUG, NOTSET, TRACE")
        }
    }
}
