import Analysis
import ArgumentParser
import AuditNode
import Ethereum
import EthereumRPC
import Foundation

/// `qsp-audit-node audit`: audits Solidity files (or a deployed contract's bytecode) without the network.
///
/// Exit status: 0 ok; 1 a finding reached `--fail-on` (after `--baseline`); 2 bad input (one `error: …` line on
/// stderr); 3 an audit ended with status "error". The logic lives in `Analysis.AuditCommandRunner`.
struct AuditCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "audit",
        abstract: "Audit Solidity files or directories (or --address with --rpc) and print the reports.",
        discussion: """
            Directories are scanned recursively for .sol files (not node_modules/, nor lib/ of a Foundry project); \
            imports resolve against the project (relative paths, remappings.txt, lib/, node_modules/). \
            JSON prints one report, or an array for several files. \
            Suppress a built-in finding with '// qsp-ignore-next-line <detector-id>' above it or \
            '// qsp-ignore-file <detector-id>' anywhere in the file.

            Exit status: 0 no finding at the --fail-on level; 1 a finding reached --fail-on (after --baseline); \
            2 bad input or usage; 3 an audit ended with status "error" (e.g. analyzer timeout).
            """
    )

    @Argument(help: "Solidity files or directories.")
    var paths: [String] = []

    @Option(help: "Output format: json, sarif or text.")
    var format: String = "json"

    @Option(help: "Comma-separated analyzers: builtin, semgrep, mythril or wrapper plugin names (default: builtin; mythril for --address).")
    var analyzers: String?

    @Option(help: "Write the outputs to this directory instead of standard output.")
    var output: String?

    @Option(name: .customLong("fail-on"), help: "Exit with status 1 when a finding has at least this severity (critical, high, medium, low, info).")
    var failOn: String?

    @Option(parsing: .unconditional, help: "Per-analyzer timeout in seconds (1…86400).")
    var timeout: Int?

    @Option(help: "Audit the runtime bytecode deployed at this address (needs --rpc).")
    var address: String?

    @Option(help: "JSON-RPC URL used with --address.")
    var rpc: String?

    @Option(help: "Directory of wrapper plugins for analyzer names that are not built in.")
    var wrappers: String?

    @Option(help: "SARIF file of an earlier 'audit --format sarif': report only findings whose fingerprint is not in it.")
    var baseline: String?

    @Flag(name: .customLong("list-detectors"), help: "List the built-in analyzer's detectors (id, severity, SWC) and exit.")
    var listDetectors = false

    func run() async throws {
        if listDetectors {
            FileHandle.standardOutput.write(Data(DetectorListing.text().utf8))
            return
        }
        do {
            guard let outputFormat = AuditOutputFormat(rawValue: format.lowercased()) else {
                throw AnalysisError(.invalidInput, "--format must be json, sarif or text (got '\(format.prefix(40))')")
            }
            let options = AuditCommandOptions(
                paths: paths, format: outputFormat, analyzers: analyzers.map(AuditCommandOptions.analyzerList) ?? [],
                outputDirectory: output, failOn: try failOn.map { text throws(AnalysisError) in try AuditCommandOptions.severity(text) },
                timeoutSeconds: timeout, address: address, rpcURL: rpc, wrappersRoot: wrappers,
                useColor: outputFormat == .text && isatty(STDOUT_FILENO) == 1, version: NodeVersion.string,
                baselinePath: baseline
            )
            let runner = AuditCommandRunner(options: options, fetchCode: Self.fetchCode) { line in
                FileHandle.standardError.write(Data((line + "\n").utf8))
            }
            let result = try await runner.run()
            try StandardOutput.write(result.standardOutput)
            for file in result.writtenFiles {
                FileHandle.standardError.write(Data("wrote \(file)\n".utf8))
            }
            if result.exitCode != 0 { throw ExitCode(result.exitCode) }
        } catch let error as AnalysisError {
            FileHandle.standardError.write(Data("error: \(error.message)\n".utf8))
            throw ExitCode(2)
        }
    }

    /// Reads the runtime bytecode at `address` with `eth_getCode`.
    @Sendable static func fetchCode(address: String, rpcURL: String) async throws -> Data {
        let parsed: Address
        do {
            parsed = try Address(address)
        } catch {
            throw AnalysisError(.invalidInput, "--address \(address.prefix(60)) is not an Ethereum address (0x + 40 hex digits): \(error)")
        }
        let url: ValidatedURL
        do { url = try ValidatedURL(rpcURL) } catch {
            throw AnalysisError(.invalidInput, "--rpc: \(error.message)")
        }
        let client = try EthereumClient(url: url.url.absoluteString, timeout: .seconds(30))
        do {
            let code = try await client.code(parsed, block: .latest)
            try? await client.shutdown()
            return code
        } catch {
            try? await client.shutdown()
            throw error
        }
    }
}
