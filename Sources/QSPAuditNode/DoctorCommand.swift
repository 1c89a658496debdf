import ArgumentParser
import AuditNode
import Foundation

/// `qsp-audit-node doctor`: checks a node set-up before `run` and prints one ✓/✗ line per check with what to do.
///
/// Exit status: 0 when every check passed, 1 otherwise. The checks live in `AuditNode.Doctor`.
struct DoctorCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "doctor",
        abstract: "Check the configuration, keystore, endpoint, contract, stake, price, gas money, analyzers, database and status port.",
        discussion: """
        Read-only: sends no transaction and writes nothing. Uses the same environment as `run` (QSP_ETH_PASSPHRASE or \
        QSP_ETH_PASSPHRASE_FILE, QSP_ETH_AUTH_TOKEN, QSP_CONFIG, QSP_ENV). Exit status 0 only when every check passed.
        """)

    @Option(name: .long, help: "The YAML configuration file.")
    var config: String = ProcessInfo.processInfo.environment["QSP_CONFIG"] ?? "config/config.yaml"

    @Option(name: .long, help: "The environment (top-level section) of the configuration.")
    var env: String = ProcessInfo.processInfo.environment["QSP_ENV"] ?? "local"

    @Flag(name: .long, help: "Print one JSON object ({\"ok\", \"checks\": [{\"id\", \"status\", \"detail\", \"fix\"}]}) instead of lines.")
    var json = false

    func run() async throws {
        let doctor = Doctor(configPath: config, env: env, environment: ProcessInfo.processInfo.environment)
        let report = await doctor.run()
        if json {
            FileHandle.standardOutput.write(report.renderJSON())
        } else {
            FileHandle.standardOutput.write(Data(report.renderText().utf8))
        }
        if !report.allPassed { throw ExitCode.failure }
    }
}
